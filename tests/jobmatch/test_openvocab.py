"""Must-haves the skill vocabulary does not know: named tools, certificates and licences in a
requirement line, and a résumé that names them (jobmatch.openvocab, jobmatch.postings)."""

import pytest

from jobmatch.openvocab import named_mentions, names_in
from jobmatch.parsing import parse_job
from jobmatch.postings import must_haves, posting_title
from jobmatch.skills import load_vocabulary


def names(clause, vocab):
    return [name for name, _, _ in named_mentions(clause, vocab)]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Unit testing with JUnit and Mockitoo", ["Mockitoo"]),  # a capitalised name after the vocabulary's tool
        ("MVVM architecture with Coroutines", ["MVVM", "Coroutines"]),  # acronym; capital mid-sentence
        ("Rostering with Deputy", ["Deputy"]),  # an English word written as a name
        ("Alerting with FireHydrant", ["FireHydrant"]),  # CamelCase
        ("Experience with ezyVet", ["ezyVet"]),  # mixed case from a lower-case start
        ("TIA 942 certification", ["TIA 942"]),  # a name with its number
        ("Proficiency in 12d Model or Civil 3D", ["12d Model"]),  # a number before the name; Civil 3D is known
        ("Experience with Chris21 or Ascender", ["Chris21", "Ascender"]),
        ("Reporting in Crystal Reports for Enterprise", ["Crystal Reports for Enterprise"]),  # "for" inside a name
        ("Sound knowledge of the Fair Work Act and Modern Awards", ["Fair Work Act", "Modern Awards"]),
        ("Experience with Diligent Entities or CT Corporation's hCue", ["hCue"]),  # the product, not its maker
        ("Perforce", ["Perforce"]),  # a rare word opening the line
    ],
)
def test_names_outside_the_vocabulary(clause, expected, vocab):
    assert names(clause, vocab) == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # The field worked in ends at its "experience", at a comma that goes on, or before the tool it was done on.
        ("Three years of claims handling experience and a finished QZRT diploma", ["QZRT"]),
        ("4 years of payroll work, two of them on Paylocity", ["Paylocity"]),
        ("6 years of pump servicing on Grundfos units", ["Grundfos"]),
        # A degree's subjects end at "or a related field" and where the clause goes on.
        ("A BSc in chemistry or a related field, and you have passed the ZPQ exam", ["ZPQ"]),
        ("A BSc in physiology or an equivalent qualification recognised by the QPRB, and Lexatron experience",
         ["Lexatron"]),  # the body that recognises the degree is part of it
        # The kind of thing written after "the <Name>" says the name is the thing asked for.
        ("Familiar with the SAFEX framework and the Tolmark portal", ["SAFEX", "Tolmark"]),
    ],
)
def test_names_after_a_field_or_a_degree_and_before_their_kind(clause, expected, vocab):
    assert names(clause, vocab) == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Holds QRSB Level 2 accreditation", ["QRSB Level 2"]),
        ("Hold TQA Level 4 in Horticulture", ["TQA Level 4 in Horticulture"]),
        ("Able to teach at Level 3", []),  # a level alone names nothing
    ],
)
def test_the_level_of_a_named_qualification_is_part_of_it(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_a_degree_sentence_still_names_what_follows_its_subjects(vocab):
    text = "Audiologist\n\nRequirements\n- A master's degree in audiology, and you have passed the QRX board exam.\n"
    required, _ = must_haves(text, vocab, name_filter=lambda proposals: set())
    assert required == [("QRX",)]


@pytest.mark.parametrize(
    "clause",
    [
        "Strong communication skills and attention to detail",  # ordinary English
        "Proficiency With Modern Accounting Software",  # Title Case: capitals say nothing
        "Bachelor's degree in Electrical Engineering",  # a degree's subject
        "Must be an Australian citizen or hold a NZ work visa",  # authorization has its own field
        "A valid South African ID document is required",  # an identity document is authorization too
        "4+ years in SRE, Platform or infrastructure roles",  # the field worked in
        "Experience in a CRO or at a Big 4 firm",  # where someone worked
        "Experience with a compliance platform such as Vanta or Drata",  # examples of the thing before them
        "AWS (ECS, RDS, IAM)",  # an aside in brackets
        "English at B2 level, writing PRDs and KPIs",  # language levels; plural acronyms name documents
        "Able to teach across Key Stages 3 and 4",  # a range of levels
        "Xcode, Instruments and the App Store release process",  # a plural noun; a name qualifying a process
        "Washington State RN license",  # a place next to a known licence
        "Working towards MRICS?",  # not held yet
        "Testing: nothing else",  # a label before a colon
    ],
)
def test_ordinary_words_are_no_names(clause, vocab):
    assert [n for n in names(clause, vocab) if n not in {"Xcode"}] == []


def test_unknown_names_become_must_haves_with_their_alternatives(vocab):
    text = (
        "Android Developer\n\nMust-have skills\n- Kotlin and Android SDK\n- Dependency injection using Dagger or Hilt\n"
        "- Version control with Perforce\n\nGood-to-have\n- Firebase Crashlytics\n- Experience with Fastlane\n"
    )
    required, nice = must_haves(text, vocab)
    assert required == [("Kotlin",), ("Android SDK",), ("Dagger", "Hilt"), ("Perforce",)]
    assert "Fastlane" not in {s for g in required for s in g}  # nice-to-haves stay apart


def test_unknown_names_only_from_requirement_sections(vocab):
    # A free-form posting has no requirement section: its prose names the company, places and products of all kinds.
    text = "Platform Engineer\nLumen Loop runs Nomad clusters for Qbix Health in Dublin. You know Terraform.\n"
    required, _ = must_haves(text, vocab)
    assert required == [("Terraform",)]


def test_a_name_in_the_title_is_the_role(vocab):
    text = "DevOps Engineer\n\nRequirements\n- 4+ years of hands-on DevOps work with Terraform\n- FireHydrant\n"
    required, _ = must_haves(text, vocab)
    assert required == [("Terraform",), ("FireHydrant",)]


def test_the_title_is_one_rule_for_the_job_title_and_the_names_it_carries(vocab):
    assert posting_title("\n## FireHydrant Administrator\nRequirements") == "FireHydrant Administrator"
    # A first line that is a sentence (or too long) is no title: its names are requirements like any other.
    sentence = "We run incidents in FireHydrant.\n\nRequirements\n- FireHydrant\n- Terraform\n"
    assert posting_title(sentence) is None
    assert must_haves(sentence, vocab)[0] == [("FireHydrant",), ("Terraform",)]
    titled = "FireHydrant Administrator\n\nRequirements\n- FireHydrant\n- Terraform\n"
    assert must_haves(titled, vocab)[0] == [("Terraform",)]
    assert parse_job(titled, vocab=vocab).title == "FireHydrant Administrator"
    assert posting_title("x" * 81) is None and posting_title("Requirements:") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Built apps with Dagger-Hilt and Kotlin.", {"Dagger", "Hilt"}),  # punctuation between words
        ("EPA  608 certified (universal)", {"EPA 608"}),  # spacing
        ("mockito, junit", {"Mockito"}),  # case
        ("Daggerfall modding", set()),  # whole words only
        ("EPA certified", set()),  # all of a name's words
    ],
)
def test_names_in_a_resume(text, found):
    assert names_in(text, ("Dagger", "Hilt", "EPA 608", "Mockito")) == found


def test_an_acronym_without_its_words_in_the_posting_stays_as_written(vocab):
    surveyor = "Quantity Surveyor\n\nRequirements\n- Strong knowledge of JCT and NEC contracts\n"
    assert must_haves(surveyor, vocab)[0] == [("JCT",), ("NEC",)]
    electrician = "Electrician\n\nRequirements\n- Electrical installation to the NEC\n"
    assert must_haves(electrician, vocab)[0] == [("National Electrical Code",)]


def test_known_skills_after_including_are_examples_of_the_one_before(vocab):
    text = "Frontend Developer\n\nRequirements\n- Modern CSS, including CSS-in-JS or Tailwind\n- TypeScript\n"
    assert must_haves(text, vocab)[0] == [("CSS",), ("TypeScript",)]
    # "experience, including ..." names no skill before the cue: what follows is not an example of it.
    text = "PM\n\nRequirements\n- 5+ years of product experience, including two in payments; SQL\n"
    assert must_haves(text, vocab)[0] == [("SQL",)]


def test_a_short_acronym_is_a_name_even_when_a_city_has_it_as_an_alternate_spelling(vocab):
    assert names("Valid SIA door supervisor licence", vocab) == ["SIA"]  # the gazetteer lists "SIA" for Xi'an
    assert names("Must live in NSW", vocab) == []  # a region stays a place


@pytest.mark.parametrize("clause", ["Strong Communication Skills", "Proven Track Record in sales", "A Can-Do Attitude"])
def test_a_quality_in_capitals_is_no_name(clause, vocab):
    assert names(clause, vocab) == []
    assert names("Knowledge of the Mental Health Act", vocab) == ["Mental Health Act"]  # a named act stays


def test_english_words_in_a_line_in_capitals_are_no_acronyms(vocab):
    assert named_mentions("FURTHER INFORMATION", vocab) == []
    assert named_mentions("HOW WE WORK", vocab) == []
    # A rare word in capitals is still a name, and capitals in ordinary lines still mark acronyms.
    assert [n for n, _, _ in named_mentions("PVG SCHEME MEMBERSHIP", vocab)] == ["PVG"]
    assert [n for n, _, _ in named_mentions("Experience with KQL and WORK orders", vocab)][0] == "KQL"


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Base pay of GBP 64,000 and a bonus, plus Kestrel on your laptop", ["Kestrel"]),  # a sum with its code
        ("A territory target near CAD 1.8M a year", []),
        ("Around 95k CHF for an engineer fluent in Terrapin", ["Terrapin"]),  # the code after the amount
    ],
)
def test_sums_of_money_are_no_names(clause, expected, vocab):
    assert names(clause, vocab) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "Matriculation certificate and a forklift ticket",  # a school-leaving level
        "At least a Higher Nitec in Marine Electrical or Automation Engineering",  # a level and its subjects
        "HAVO or MBO level 3 in hospitality",
        "UG: Any Graduate",
        "Licenciado en Administración, Contaduría o afín",
        "A Vakdiploma in Geomatics, Surveying or a related discipline",  # an unknown name taking subjects
        "Five GCSEs (or the equivalent) in Maths and Science",  # school-leaving exams and their subjects
        "A-levels in Chemistry and Biology",
    ],
)
def test_levels_of_schooling_are_the_degree_fields(clause, vocab):
    assert names(clause, vocab) == []


@pytest.mark.parametrize(
    "clause",
    [
        "Your portfolio counts for more than your CV",  # a document, not a tool
        "Nationality: open to all",
        "Licensed by the Nursing Council of New Zealand",  # a country's name, word by word capitalised
    ],
)
def test_documents_nationality_and_countries_are_no_names(clause, vocab):
    assert all(name not in {"CV", "Nationality", "New Zealand"} for name in names(clause, vocab))


def test_be_followed_by_in_is_no_bachelor_of_engineering():
    vocab = load_vocabulary()
    assert [n for n, _, _ in named_mentions("You will be confident in Zorbix and Quellar", vocab)] == [
        "Zorbix",
        "Quellar",
    ]
    assert named_mentions("BE in Civil Engineering", vocab) == []


def test_a_local_acronym_that_a_vocabulary_skill_in_brackets_explains_is_that_skill():
    vocab = load_vocabulary()
    assert named_mentions("Full member of QICA (CPA Ruritania) or ACCA", vocab) == []


def test_an_ampersand_joins_the_words_of_one_name():
    vocab = load_vocabulary()
    assert [n for n, _, _ in named_mentions("Confident in Zeta Sales & Catering", vocab)] == ["Zeta Sales & Catering"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("A teaching permit, or eligibility for one through the QTRB", []),
        ("You have argued before the Quellar Appeals Tribunal or the Zorbix Review Board", []),
        # the body goes, what it awards and what follows stay
        ("Zorbix certification through the QZA, a Quellar licence", ["Zorbix Certification", "Quellar Licence"]),
    ],
)
def test_the_body_that_awards_or_hears_is_no_requirement(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_years_or_more_in_a_field_name_the_field(vocab):
    assert names("Six years or more in SecOps, FinOps or platform work", vocab) == []
    assert names("Three years and above in DevSecOps", vocab) == []


@pytest.mark.parametrize(
    "clause",
    [
        "A CoMET-accredited lab technician",
        "Translating Portuguese-language contracts",
        "Running Kubernetes-based services in production",
    ],
)
def test_a_compound_adjective_is_no_name(clause, vocab):
    assert not any("-" in name for name, _, _ in named_mentions(clause, vocab))


def test_a_hyphenated_name_stays(vocab):
    assert "PC-DMIS" in [name for name, _, _ in named_mentions("Inspection programs in PC-DMIS", vocab)]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Compositing in Q-Blend or Nuke", ["Q-Blend", "Nuke"]),  # a letter joined to a word: a brand's spelling
        ("Familiar with Z-Stack Analyzer", ["Z-Stack Analyzer"]),  # and the words of its name after it
        ("Imaging with K-Lens, Fovea or Pixlore", ["K-Lens", "Fovea", "Pixlore"]),
        ("Three A-Levels, including Physics", []),  # a school qualification, the degree field's like GCSEs
    ],
)
def test_a_letter_hyphen_word_is_a_name(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_e_verify_is_the_employers_right_to_work_check(vocab):
    """Work authorization has its own field: the US employer's E-Verify check is no skill to have."""
    assert names("Our clinic uses E-Verify for every new hire", vocab) == []


def test_school_exam_subjects_are_not_must_haves(vocab):
    text = "Requirements:\n- GCSEs at grade 4 or above in English and Maths\n- Excel"
    assert must_haves(text, vocab)[0] == [("Excel",)]


def test_a_name_after_a_skill_and_for_completes_the_skills_name(vocab):
    # "First Aid for Marine Crews" is one course; the words after "for" are not a second, unknown requirement.
    assert names("Quellorix and First Aid for Marine Crews", vocab) == ["Quellorix"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # A common word opening the line joins the capitalised word after it: the writer spells one name.
        ("Copper Ledger and Vantor suites", ["Copper Ledger", "Vantor"]),
        ("- Harbour Passport (renewed yearly)", ["Harbour Passport"]),
        ("Notes: Field Glossary, Vantor", ["Field Glossary", "Vantor"]),
        # A word saying how the thing is held, a verb's form or a heading's plural is no part of it.
        ("Current Harbour Passport", ["Harbour Passport"]),
        ("Valid Harbour Passport", ["Harbour Passport"]),
        ("Processing Office", ["Office"]),
        ("Special Notes", []),
        ("Current QXT card", ["QXT"]),  # an acronym after it is the name alone
    ],
)
def test_a_capitalised_common_word_opening_a_name(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_a_standards_part_number_belongs_to_it(vocab):
    # "Part 2" of a numbered standard is written after a hyphen: one name, not the body's acronym alone.
    assert names("Working to QXS 20431-2 for wiring", vocab) == ["QXS 20431-2"]


def test_a_list_of_capitalised_names_is_no_title_case_line(vocab):
    # Names in capitals side by side look like a Title Case line until a longer word after them stays in lower case.
    clause = "Valid Harbour Entry Passport, Deck Safety Ticket and rigging logbook"
    assert "Harbour Entry Passport" in names(clause, vocab)
    assert names("Strong Knowledge Of Payroll Software", vocab) == []


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # The acronym in brackets spells the lower-case words before it: it names what is asked for.
        ("Daily use of a ward stock reconciliation and tracking (WSRT) tool", ["WSRT"]),
        ("Comfortable in a clinical trial ledger (CTL)", ["CTL"]),
        # An acronym that spells nothing before it stays an aside.
        ("Daily use of a ward stock tool (QZV)", []),
    ],
)
def test_the_acronym_of_a_lower_case_phrase_names_it(clause, expected, vocab):
    assert [name for name, _, _ in named_mentions(clause, vocab)] == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Modelling in Sculpt4D or Zephyrix Studio", ["Sculpt4D", "Zephyrix Studio"]),  # a digit and a capital end it
        ("Fitting Vöxtrix or Brindle Systems profiles", ["Vöxtrix", "Brindle Systems"]),  # a brand with an accent
        # Accented words common in another language, or a language's name, are no brand names.
        ("Inglés fluido and Excel skills", []),
        ("Fluent Māori with whānau", []),
    ],
)
def test_names_with_a_trailing_capital_or_an_accent(clause, expected, vocab):
    assert [name for name, _, _ in named_mentions(clause, vocab)] == expected
