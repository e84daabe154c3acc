"""Vocabulary skills that name a posting's field or the practice a tool is for are not must-haves
(jobmatch.fieldwords)."""

import pytest

from jobmatch.fieldwords import field_words, kind_of_tool, qualifies
from jobmatch.postings import must_haves


def required(text, vocab):
    return must_haves(text, vocab, name_filter=lambda proposals: set())[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ML Platform Engineer\nRequirements\n- 4+ years of software engineering, 2 on ML infrastructure\n- Python",
         [("Python",)]),
        ("Smart Contract Engineer (Solidity)\nRequirements\n- Two years of smart contract work\n- Solidity",
         [("Solidity",)]),
        ("Scrum Master\nWho you are\n- You have worked as a Scrum Master or agile coach for 2 years\n- Jira",
         [("Jira",)]),
    ],
)
def test_the_titles_field_qualifying_another_word_is_not_a_must_have(vocab, text, expected):
    assert required(text, vocab) == expected


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # The field named for itself, not as a qualifier.
        ("Machine Learning Engineer\nMust have\n- 2-4 years of experience in machine learning\n- Python",
         "Machine Learning"),
        ("Bookkeeper\nRequirements\n- 2+ years of bookkeeping experience\n- Xero", "Bookkeeping"),
        # A product's name qualifying a word still names the product.
        ("Senior Java Developer\nRequirements\n- 6+ years of Java development\n- Spring Boot", "Java"),
        ("Salesforce Administrator\nRequirements\n- 2+ years as a Salesforce admin\n- SQL", "Salesforce"),
        # Not in the title: not the posting's field.
        ("Data Engineer\nRequirements\n- Deploying ML models in production\n- Python", "Machine Learning"),
    ],
)
def test_a_skill_named_for_itself_stays(vocab, text, kept):
    assert (kept,) in required(text, vocab)


def test_a_practice_before_in_and_a_tool_leaves_the_tool(vocab):
    assert required("Product Designer\nRequirements\n- Prototyping in Framer\n- Figma", vocab) == [
        ("Framer",), ("Figma",)]
    # "PLC programming in Studio 5000" names two requirements.
    assert ("PLC Programming",) in required("Controls Engineer\nRequirements\n- PLC programming in Studio 5000", vocab)


@pytest.mark.parametrize(
    "line", ["Observability with Jaegerly and Grafana", "observability using Jaegerly and Grafana"]
)
def test_a_practice_before_with_or_using_and_a_tool_leaves_the_tool(vocab, line):
    text = f"Platform Engineer\nRequirements\n- {line}\n- Go"
    assert required(text, vocab) == [("Jaegerly",), ("Grafana",), ("Go",)]


def test_qualifies(vocab):
    text = "2 on ML infrastructure; payroll experience; Java development"
    ml, payroll, java = (text.index(w) for w in ("ML", "payroll", "Java"))
    assert qualifies(text, ml, ml + 2, "Machine Learning")
    assert not qualifies(text, payroll, payroll + 7, "Payroll")  # "experience": the skill itself
    assert not qualifies(text, java, java + 4, "Java")  # a product's name
    assert qualifies(text, java, java + 4, "Java", title="Java Development Lead")  # the title's role restated
    assert not qualifies("AWS infrastructure", 0, 3, "AWS")  # an acronym that is the name itself


def test_kind_of_tool_and_field_words_edges(vocab):
    assert kind_of_tool("Prototyping in Framer", 0, 11, 15)
    assert kind_of_tool("Prototyping with Framer", 0, 11, 17)  # a practice word: "with" names its tool too
    assert not kind_of_tool("Python with pandas", 0, 6, 12)  # a language and a library: two requirements
    assert not kind_of_tool("Unity with C#", 0, 5, 11)  # short stems: product names, not practices
    assert not kind_of_tool("Spring using Kotlin", 0, 6, 13)
    assert field_words(None, [("Machine Learning", "ML models")], vocab) == set()
    # The title line itself, read as a requirement, is no evidence.
    assert field_words("ML Engineer", [("Machine Learning", "ML Engineer")], vocab) == set()
    assert field_words("ML Engineer (PyTorch)", [("Machine Learning", "ML models")], vocab) == {"Machine Learning"}


@pytest.mark.parametrize(
    "line",
    ["- Very good German (our working language)", "- Fluent in Italian and English, the two languages we work in",
     "- German at B1 level or better – it is the working language with dispatch"],
)
def test_the_working_language_is_not_a_must_have(vocab, line):
    text = f"Toolmaker\nRequirements\n{line}\n- Siemens NX"
    assert required(text, vocab) == [("Siemens NX",)]


def test_a_language_needed_for_the_job_stays(vocab):
    text = "Interpreter\nRequirements\n- Fluent German for our DACH suppliers\n- SAP"
    assert ("German",) in required(text, vocab)


def test_initials_only_of_a_name_in_ordinary_words():
    assert qualifies("NGS data analysis", 0, 3, "Machine Learning") is False  # not its initials
    assert qualifies("NGS data analysis", 0, 3, "Genomics") is False
    assert qualifies("ML data analysis", 0, 2, "Machine Learning")
