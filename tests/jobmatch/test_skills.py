import pytest

from jobmatch.skills import load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("JS", "JavaScript"),
        ("js", "JavaScript"),
        ("Postgres", "PostgreSQL"),
        ("torch", "PyTorch"),
        ("C#", "C#"),
        ("C", "C"),
        ("c++", "C++"),
        ("Java", "Java"),
        ("javascript", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("golang", "Go"),
        ("React.js", "React"),
        ("Pytorch", "PyTorch"),
        ("Kubernets", "Kubernetes"),
        ("Javascrpt", "JavaScript"),
        ("sklearn", "scikit-learn"),
    ],
)
def test_normalize(vocab, term, expected):
    assert vocab.normalize(term) == expected


@pytest.mark.parametrize("term", ["Jav", "", "  ", "C#-ish language nobody knows", "Cobolx"])
def test_unknown_terms_are_none(vocab, term):
    assert vocab.normalize(term) is None


def test_csharp_is_not_c_and_java_is_not_javascript(vocab):
    assert vocab.normalize("C#") != vocab.normalize("C")
    assert vocab.normalize("Java") != vocab.normalize("JavaScript")
    assert vocab.extract("C# and Java developer") == ["C#", "Java"]


def test_extract_respects_symbols_and_words(vocab):
    found = vocab.extract("C/C++ firmware, Objective-C, ASP.NET and .NET, Node.js, R&D team, C-level, go to market")
    assert found == ["C", "C++", "Objective-C", "ASP.NET", ".NET", "Node.js"]


def test_normalize_list_shapes(vocab):
    assert vocab.normalize_list("JS, TS; Postgres | torch and scikit-learn") == [
        "JavaScript",
        "TypeScript",
        "PostgreSQL",
        "PyTorch",
        "scikit-learn",
    ]
    assert vocab.normalize_list(["Python (pandas, NumPy)", "python"]) == ["Python", "pandas", "NumPy"]
    assert vocab.normalize_list("") == []
