import pytest

from jobmatch.postings import skill_groups
from jobmatch.skills import load_vocabulary


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


@pytest.mark.parametrize("term", ["Jav", "", "  ", "C#-ish language nobody knows", "Zorblax"])
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


def test_tools_listed_under_a_broader_skill_count_as_it_when_comparing(vocab):
    assert vocab.same_skill("Postman") == "API Testing"  # a skill of its own, also an alias of the broader one
    assert vocab.same_skill("MLflow") == "MLOps"  # only an alias
    assert vocab.same_skill("looker studio") == "Looker"
    assert vocab.same_skill("Python") == "Python"
    assert vocab.same_skill("Some Tool Nobody Lists") == "Some Tool Nobody Lists"
    assert vocab.same_skill("Mlflw") == "Mlflw"  # exact aliases only, never fuzzy


def test_exact_name_is_the_canonical_name_of_a_name_or_exact_alias_and_nothing_fuzzy(vocab):
    assert vocab.exact_name("Python") == "Python"
    assert vocab.exact_name("looker  studio") == "Looker"  # an alias, any case and spacing
    assert vocab.exact_name("MLflow") == "MLOps"
    assert vocab.exact_name("Postman") == "Postman"  # a skill of its own stays itself (same_skill broadens it)
    assert vocab.exact_name("Mlflw") == "Mlflw" and vocab.exact_name("Some Tool") == "Some Tool"


def test_a_specific_tool_is_read_as_itself_and_implies_the_broader_skill(vocab):
    assert vocab.extract("SAP Ariba and Azure Data Factory") == ["SAP Ariba", "Azure Data Factory"]
    implied = vocab.with_implied(["SAP Ariba", "Azure Data Factory", "SAP"])
    assert implied == ["SAP Ariba", "Azure Data Factory", "SAP", "Azure"]
    assert vocab.with_implied(["Python"]) == ["Python"]


def test_implies_must_name_known_skills(tmp_path):
    path = tmp_path / "skills.json"
    path.write_text('{"skills": [{"name": "SAP Ariba", "aliases": [], "implies": ["SAP"]}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown skills"):
        load_vocabulary(path)


def test_companions_go_both_ways_and_must_name_known_skills(tmp_path, vocab):
    assert vocab.used_together("CSS", "HTML") and vocab.used_together("HTML", "CSS")
    assert not vocab.used_together("Tableau", "Power BI")
    path = tmp_path / "skills.json"
    path.write_text('{"skills": [{"name": "Ruby", "aliases": [], "companions": ["Rails"]}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="'companions' names unknown skills"):
        load_vocabulary(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tool names that are also English words or first names match only as written, or in a longer form.
        ("a positive outlook, a ray of hope, a chef and a packer on the assembly line", []),
        ("We use Puppet and Ray Serve; Chef cookbooks too", ["Puppet", "Ray", "Chef Infra"]),
        ("Julia Roberts, Head Chef", []),
        ("Julia language and HashiCorp Packer", ["Julia", "HashiCorp Packer"]),
        ("cost per click (CPC) and a greenhouse", []),
        ("Certified Professional Coder (CPC)", ["CPC"]),
        ("RSA keys", []),
        ("RSA certificate (Victoria)", ["RSA"]),
        ("polish the UI", []),
        ("Fluent Polish and Italian", ["Polish", "Italian"]),
    ],
)
def test_new_tool_names_that_are_common_words(vocab, text, expected):
    assert vocab.extract(text) == expected


def test_a_short_acronym_is_read_as_its_long_name_only_when_the_document_uses_its_words(vocab):
    # The same rule for résumés and postings: "NEC" is the National Electrical Code only next to "electrical".
    surveyor = "Quantity surveyor. Priced JCT and NEC contracts for housing schemes."
    assert "National Electrical Code" not in vocab.extract(surveyor)
    electrician = "Electrician: electrical installation to the NEC, 8 years."
    assert "National Electrical Code" in vocab.extract(electrician)
    # A line of a longer document is judged by the whole document's words.
    line = "Installation to the NEC"
    assert vocab.mentions(line) == []
    in_context = vocab.in_context("Electrical foreman\n" + line)
    assert [m[0] for m in in_context.mentions(line)] == ["National Electrical Code"]
    assert vocab.extract("Pipelines in ADF") == []
    assert vocab.extract("Azure pipelines in ADF")[-1] == "Azure Data Factory"
    assert vocab.extract("Built ML pipelines") == ["Machine Learning"]  # two letters: never doubted


def test_licences_a_posting_requires_are_skills(vocab):
    assert vocab.extract("Valid Arizona driver's license with a clean record") == ["Driver's License"]
    assert vocab.extract("Full UK driving licence") == ["Driver's License"]
    # "driver licence" without the possessive is the usual wording in New Zealand and New South Wales.
    assert vocab.extract("An unrestricted Queensland driver licence") == ["Driver's License"]
    assert vocab.extract("Current driver license") == ["Driver's License"]
    assert vocab.extract("Class A CDL") == ["CDL"]  # the commercial licence stays its own skill
    assert vocab.extract("Active Ohio pharmacist license in good standing") == ["Pharmacist License"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EPA Section 608 Universal certification", ["EPA 608"]),  # one licence, however the posting words it
        ("Process modelling with BPMN 2.0", ["BPMN"]),
        ("Westlaw or Lexis for legal research", ["Westlaw", "LexisNexis"]),
        ("Gas Safe registered", ["Gas Safe"]),  # not SAFe, the agile framework
        ("Sage 200 or Microsoft Dynamics NAV", ["Sage", "Microsoft Dynamics NAV"]),  # NAV is not Dynamics 365
        ("Okta or Microsoft Entra ID", ["Okta", "Microsoft Entra ID"]),
        ("Excel and Outlook daily", ["Excel", "Microsoft Outlook"]),
        ("a positive outlook", []),  # the common word in lower case is no product
        ("Manual Handling certificate", ["Manual Handling Certificate"]),
    ],
)
def test_products_and_licences_read_under_their_usual_names(vocab, text, expected):
    assert vocab.extract(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a heavy vehicle licence (C class)",
        "Class C commercial licence",
        "a pass at grade C or above in Physics",
        "a residence permit (B or C)",
    ],
)
def test_a_letter_that_grades_a_licence_or_an_exam_is_not_the_c_language(vocab, text):
    assert "C" not in vocab.extract(text)


def test_the_c_language_in_a_list_is_still_read(vocab):
    assert vocab.extract("Embedded work in C, Rust or C++") == ["C", "Rust", "C++"]


def test_the_office_suite_by_its_short_and_long_names(vocab):
    assert vocab.extract("Fluent with Microsoft Office and the MS-Office macros") == ["MS Office"]


def test_editing_and_xr_tools_by_their_full_names(vocab):
    assert vocab.extract("Cutting in Avid Media Composer; AR Foundation for the phone build") == [
        "Avid Media Composer",
        "AR Foundation",
    ]
    assert vocab.normalize("Media Composer") == "Avid Media Composer"


@pytest.mark.parametrize(
    "text",
    [
        "Mondays in the studio and the rest of the week wherever you like",
        "We cover half the fee and you cover the rest.",
        "Two office days, the rest from home",  # after "the", then a preposition
        "Keys are encrypted at rest and in transit",
    ],
)
def test_the_english_word_rest_is_no_rest_api(vocab, text):
    assert "REST APIs" not in [name for name, _, _ in vocab.mentions(text)]


@pytest.mark.parametrize("text", ["Designing the REST API", "Versioning the rest endpoints", "rest or gRPC"])
def test_rest_apis_are_still_read(vocab, text):
    assert "REST APIs" in [name for name, _, _ in vocab.mentions(text)]


def test_azure_ad_is_entra_id_under_its_old_name():
    # Azure AD was renamed Microsoft Entra ID: a posting naming either asks for the same directory service.
    vocab = load_vocabulary()
    assert vocab.extract("Single sign-on through Azure Active Directory") == ["Microsoft Entra ID"]
    assert skill_groups("Okta or Azure AD (Entra ID)", vocab) == [("Okta", "Microsoft Entra ID")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Runs resting 12-lead ECGs and fits Holter monitors", ["12-lead ECG", "Holter Monitoring"]),
        (
            "Books ambulatory blood pressure monitoring and exercise stress tests",
            ["Ambulatory Blood Pressure Monitoring", "Exercise Stress Testing"],
        ),
        ("Verifies fittings with real ear measurements", ["Real Ear Measurement"]),
        ("Safe moving and handling of patients", ["Moving and Handling"]),
        ("Computes Value at Risk and knows the EU Taxonomy", ["Value at Risk", "EU Taxonomy"]),
        ("Does CNC milling and wire EDM work", ["CNC Milling", "Wire EDM"]),
        ("Good distribution practices; work at height", ["Good Distribution Practice", "Working at Heights"]),
        ("Holds a CPCS or NCCCO card", ["CPCS", "NCCCO"]),
        ("Debugs boards with oscilloscopes", ["Oscilloscope"]),
    ],
)
def test_clinical_trade_and_finance_skills_by_their_usual_names(vocab, text, expected):
    assert vocab.extract(text) == expected


def test_named_products_of_a_known_platform_imply_it(vocab):
    assert vocab.with_implied(vocab.extract("SAP HANA and Firebase Test Lab")) == [
        "SAP HANA", "Firebase Test Lab", "SAP", "Firebase"
    ]
