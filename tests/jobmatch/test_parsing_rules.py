"""One test per parsing rule added for field accuracy, and the hand-written development set
(tests/jobmatch/data/dev_postings: postings and résumé heads never taken from the evaluation set)."""

import json
from datetime import date
from pathlib import Path

import pytest

from jobmatch.arrangement import relocation, workplace
from jobmatch.degreerules import job_degree, rules_degree
from jobmatch.documents import document_text
from jobmatch.evaluation import compare_fields, posting_fields, resume_fields
from jobmatch.importing import read_candidates
from jobmatch.parsing import parse_candidate, parse_job
from jobmatch.places import find_place, pick_city
from jobmatch.postings import must_haves, requirement_text
from jobmatch.requirements import job_min_years, job_requirements
from jobmatch.resumes import dated_years, degree_level
from jobmatch.sponsorship import sponsorship
from jobmatch.workrights import authorization

DEV = Path(__file__).parent / "data" / "dev_postings"


def required(text, vocab):
    return must_haves(text, vocab)[0]


# --- must-have lists -------------------------------------------------------------------------------


def test_loose_aliases_are_not_skills(vocab):
    text = "Requirements\n- PostgreSQL, including schema design and query tuning\n- Deploying and monitoring models"
    assert required(text, vocab) == [("PostgreSQL",)]
    assert vocab.extract("Datadog, New Relic") == ["Observability"]


def test_previous_job_kind_is_not_a_skill(vocab):
    text = "Requirements\n- 1 year in a SOC, NOC or IT help desk role\n- Hands-on experience with a SIEM"
    assert required(text, vocab) == [("SIEM",)]
    # A skill named for itself still counts, even with years in front of it.
    assert required("Requirements\n- 5+ years of help desk experience", vocab) == [("Technical Support",)]


def test_alternatives_that_are_also_fine_widen_the_group_before_them(vocab):
    text = "Requirements\n- A major cloud platform (we're on GCP; AWS or Azure is fine)\n- Python"
    assert required(text, vocab) == [("GCP", "AWS", "Azure"), ("Python",)]
    text = "You have:\n- React\n- CSS (Tailwind or plain CSS both fine)\n- Jest"
    assert required(text, vocab) == [("React",), ("CSS", "Tailwind CSS"), ("Jest",)]


def test_headings_desired_key_responsibilities_about_you(vocab):
    text = (
        "DevOps Engineer\nKey responsibilities\n- Own our CI/CD on GitHub Actions\n"
        "About you\n- Kubernetes\n- Terraform (or Pulumi)\nDesired skills\n- Helm"
    )
    req, nice = must_haves(text, vocab)
    assert req == [("Kubernetes",), ("Terraform", "Pulumi")]
    assert nice == ["Helm"]


# --- degree and years in postings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("MS or PhD in Computer Science, Machine Learning or a related field", 3),
        ("Associate or Bachelor of Science in Nursing", 1),
        ("B.Tech / B.E. in Computer Science or related", 2),
        ("Degree in electrical engineering, computer science or similar (Master's preferred)", 2),
        ("Master's degree preferred", None),
        # The abbreviation's full stop does not end the sentence before its "or equivalent" (sixth round).
        ("B.Tech / B.E. in Computer Science or equivalent.", None),
        ("B.Sc. in Biology or equivalent experience", None),
        ("Degree educated (2:1 or above)", 2),
        ("Any graduate; B.Com preferred", 2),
        ("Post-graduate degree in Data Science", 3),
        # a master craftsman's title asked for is no degree
        ("You must be a licensed Master Electrician with five years on commercial sites.", None),
        ("Certified Sommelier (Court of Master Sommeliers) or WSET Diploma required.", None),
    ],
)
def test_posting_minimum_degree(text, level):
    assert job_degree(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # A soft cue counts in the degree's own clause, not across the sentence (batches h-j).
        ("Bachelor's degree in Accounting or Finance; CPA or CMA would be a plus", 2),
        ("PG: M.Sc / M.Tech in Bioinformatics or Biotechnology Doctorate: Not required", 3),
        ("Fluent English, bachelor's degree in law or economics Nice to have: SQL, Python", 2),
        ("You hold a BE(Hons) in Civil Engineering and five years of design experience, ideally in New Zealand.", 2),
        ("Degree in Physics, Master's preferred", 2),
        ("Bachelor's degree in Computer Science, Engineering, or related field preferred", None),
        ("Bachelor's degree in Marketing, or equivalent experience in the role", None),
        ("First degree in Finance or Economics from a recognised university", 2),
        ("Escolaridad: Ingeniería Industrial o Mecánica (titulado)", 2),
        # Not degrees: a job title, a Singapore authority, a degree with a diploma as the alternative.
        ("You have worked as a Scrum Master for at least 2 years", None),
        ("BCA-recognised Lift Technician certification", None),
        ("A recognised social work qualification (BA or MA in Social Work, or the DipSW)", 1),
        # "Or an equivalent qualification" is the degree or its equal (the card); "or equivalent" alone is not.
        ("BSc (Hons) in Radiography or an equivalent qualification recognised by CORU", 2),
        ("B-degree in Town Planning or equivalent NQF level 7 qualification.", 2),
        ("Bachelor's degree in Accounting or equivalent", None),
        # Qualification frameworks whose levels agree (NQF, NFQ, AQF); the UK's RQF does not, so no rule reads it.
        ("Relevant degree at NQF 7", 2),
        ("Level 9 (NFQ) master's in data analytics", 3),
        ("National Certificate (NQF 5) in Plumbing", 1),
        ("CIPD Level 7 qualification", None),
        ("Level 8 honours degree in Chemical Engineering", 2),
    ],
)
def test_posting_degree_rules_read_the_degree_clause(text, level):
    assert rules_degree(text) == level


def test_a_degree_filed_outside_the_requirement_sections_is_still_required():
    """A requirement list the section finder put under company text or duties still states the minimum degree;
    a nice-to-have degree does not."""
    posting = (
        "Credit Analyst\nAccra\n\nResponsibilities\n- Analyse the financial statements of SME borrowers\n"
        "- Bachelor's degree in Finance or Economics from a recognised university\n- Prepare credit reports\n\n"
        "Requirements\n- Advanced Excel\n- Three years of credit analysis\n"
    )
    assert job_degree(requirement_text(posting)) is None  # the requirement text alone names none
    assert job_requirements(posting).degree_level == 2
    nice = "Analyst\nOslo\n\nRequirements\n- SQL\n- 3 years of reporting\n\nNice to have\n- Master's degree\n"
    assert job_requirements(nice).degree_level is None


def test_a_qualification_heading_in_the_singular_states_the_degree():
    text = "SRE\nBengaluru\n\nWhat you'll do\n- Run Kubernetes\n\nQualification: B.E/B.Tech in any discipline.\n"
    assert job_requirements(text).degree_level == 2


def test_years_with_an_apostrophe():
    assert job_min_years("3 years' post-qualification experience") == 3


# --- places -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Registered Nurse\nLakeshore Memorial Hospital, Chicago, IL\nOn-site", "Chicago"),
        ("SOC Analyst\nHalcyon Bank plc\nCanary Wharf, London — hybrid", "London"),
        ("Thomas W\nStockport, Greater Manchester | 0161 496 0735", "Stockport"),
        ("Leeds, West Yorkshire", None),  # the first line is a name or title
        ("ML Engineer\nSarvam Retail Analytics, Bengaluru, Karnataka, India (Work from office)", "Bengaluru"),
        ("Accountant\nPennine Foods Ltd — Manchester M17 (on-site, Trafford Park)", "Manchester"),
        ("DevOps Engineer\nWattle Pay, Sydney NSW, Australia (hybrid — Surry Hills office)", "Sydney"),
        ("Linda Park\nBookkeeper\n\nSmall businesses in Dallas area. References on request.", "Dallas"),
        ("Kim Lee\nKirkland, Washington | kim@example.com", "Kirkland"),
        # a district, an area word or a state code after the city
        ("Audit Senior\nLondon (Canary Wharf) · hybrid working", "London"),
        ("Civil Engineer\nBrisbane CBD | Hybrid | Permanent", "Brisbane"),
        ("Policy Analyst\nCanberra ACT (flexible working arrangements available)", "Canberra"),
        ("Data Engineer\nPune / Hybrid", "Pune"),
        ("Advisor\nTe Whanganui-a-Tara / Wellington", "Wellington"),
        # a district after a large city, before the country (sixth round)
        ("Front Office Manager\nDubai Marina, UAE | Full-time | On-site", "Dubai"),
        ("IT Project Manager\nJohannesburg (Sandton), South Africa | Hybrid", "Johannesburg"),
        ("Frontend Developer\nAuckland CBD, New Zealand — flexible hybrid", "Auckland"),
        ("Developer\nSalt Lake City, UT", "Salt Lake City"),  # a known city of several words stays whole
        ("Developer\nNewcastle upon Tyne, UK", "Newcastle upon Tyne"),
        ("Data Analyst\nMunich or Berlin (hybrid)", "Munich"),  # two offices: the first
        ("Data Analyst\nPython and Django (hybrid)", None),
        ("Hans Müller\nMusterstraße 5, 10115 Berlin", "Berlin"),  # postcode before the city
        ("Zoe Adams\nCurrently in: Austin, Texas", "Austin"),
        ("Ravi Kumar\nNoida, UP", "Noida"),  # a state code after a known city
        ("Denise Carter\nDenise Carter, RN", None),
    ],
)
def test_find_place(text, city):
    place = find_place(text)
    assert (place.city if place else None) == city


def test_pick_city_prefers_the_city_over_a_district_or_institution():
    assert pick_city("Canary Wharf", "London") == "London"
    assert pick_city("St. Agnes Medical Center", "Houston") == "Houston"
    assert pick_city("Leeds", "West Yorkshire") == "Leeds"


def test_relocation_as_a_label():
    assert relocation("Munich, Germany\nRelocation: not possible") is False
    assert relocation("Relocation: No") is False


def test_relocation_as_a_question_with_its_answer():
    # a form's yes/no row: the question holds "willing to relocate", the answer decides
    assert relocation("Open to moving: no, my family is here") is False
    assert relocation("Prepared to relocate?  No.") is not True
    assert relocation("Ready to relocate | No") is False
    assert relocation("Willing to relocate: yes, anywhere in the country") is True


def test_relocation_in_spanish_portuguese_italian_and_french():
    assert relocation("Estoy disponible para reubicarme en otra provincia.") is True
    assert relocation("Disposto a mudar de cidade por uma boa oportunidade.") is True
    assert relocation("Sono disponibile a trasferirmi all'estero.") is True
    assert relocation("Prêt à déménager dans le sud.") is True
    assert relocation("Mobilité géographique : France entière") is True
    assert relocation("No estoy dispuesto a trasladarme fuera de Lima.") is False
    assert relocation("Pas de mobilité géographique pour le moment.") is False
    # a readiness to travel for work is no move
    assert relocation("Disponibilidad para viajar dentro del país.") is None


def test_wfo_is_onsite():
    assert workplace("Bangalore / Bengaluru (WFO)") == "onsite"
    assert workplace("Gurugram | Hybrid - 3 days WFO") == "hybrid"


def test_work_from_office_is_onsite():
    assert workplace("Bengaluru (Work from office, Koramangala)") == "onsite"


# --- résumés ----------------------------------------------------------------------------------------


def test_resume_relocation_and_h1b_transfer():
    assert relocation("Open to remote work or relocation.") is True
    assert relocation("Not open to remote work or relocation.") is False
    assert authorization("Requires H-1B transfer.")[1] is True


def test_resume_years_sept_teaching_experience_and_inline_certifications():
    today = date(2026, 1, 1)
    text = (
        "QUALIFICATIONS\nPGCE, University of Manchester, 2019\n\nTEACHING EXPERIENCE\n"
        "Teacher of Mathematics, Marple Vale, Stockport — Sept 2021 – present\n"
    )
    assert dated_years(text, today=today) == 4.3
    text = "Certifications: CompTIA A+, Security+ (2025)\n\nIT Support Specialist — Acme (Mar 2021 – Present)\n"
    assert dated_years(text, today=today) == 4.8


def test_college_diploma_is_an_associate_degree():
    assert degree_level("Ontario College Advanced Diploma, Computer Programming, Seneca Polytechnic") == 1


# --- the development set ----------------------------------------------------------------------------


DEV2 = Path(__file__).parent / "data" / "dev_postings2"
DEV3 = Path(__file__).parent / "data" / "dev_postings3"
DEV4 = Path(__file__).parent / "data" / "dev_postings4"


def _dev_gold(folder=DEV):
    return [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(("folder", "least"), [(DEV, 20), (DEV2, 28), (DEV3, 25), (DEV4, 185)])
def test_dev_set_is_complete(folder, least):
    gold = _dev_gold(folder)
    files = {g["file"] for g in gold}
    on_disk = {f"{p.parent.name}/{p.name}" for p in folder.glob("*/*") if p.is_file()}
    assert files == on_disk and len(gold) >= least


class _Nov2026(date):
    @classmethod
    def today(cls):
        return date(2026, 11, 28)  # the day the gold years were worked out ("– present")


# "penetration tests" as an alias of Penetration Testing would change the rubric generator's surface forms
# and so the shipped sample candidates (test_samples); left as a known miss.
# Since names outside the vocabulary count as must-haves, three lines of this set's gold (written when only
# the vocabulary counted) leave out a named requirement: "Solid understanding of MVVM architecture" (G21; the
# fresh-text set's K28 counts MVVM), "AWS security services and IAM" (G26), "Clean MVR" (G27). "Must possess a
# valid driver's license" (G20): a licence the posting requires (the evaluation set's card counts licences; the
# fresh-text set's K27 and K30 gold do), which skills.json now knows and this set's gold leaves out. "Fluent Dutch
# (spoken and written)" in Rotterdam (G11): the office's language with no reason of the job's, which this set's gold
# counts and the fresh-text set's batches f-m leave out (jobmatch.worklanguage).
_DEV3_KNOWN = [
    ("postings/G11-logistics-coordinator-rotterdam.txt", "must_have"),
    ("postings/G20-network-admin-raleigh.txt", "must_have"),
    ("postings/G21-android-oslo.txt", "must_have"),
    ("postings/G26-cloud-security-sydney.txt", "must_have"),
    ("postings/G27-cdl-driver-omaha.txt", "must_have"),
    ("postings/G49-pen-tester-remote-uk.txt", "must_have"),
]
# "strong knowledge of IFRS and ASPE": IFRS is a named standard the posting requires (as GAAP in the evaluation
# set's card) and skills.json now knows it; this set's gold, written before, leaves it out.
# "3 years minimum of experience deploying ML models" in a Machine Learning Engineer posting (E05): the title's field
# qualifying another word, which the fresh-text set's gold leaves out in the same wording (K47: "training and
# deploying ML models", K01: "ML infrastructure"; see jobmatch.fieldwords) and this set's gold counts.
_DEV2_KNOWN = [
    ("postings/E05-ml-engineer-paris.txt", "must_have"),
    ("postings/E07-senior-accountant-mississauga.txt", "must_have"),
]


@pytest.mark.parametrize(("folder", "known"), [(DEV, []), (DEV2, _DEV2_KNOWN), (DEV3, _DEV3_KNOWN)])
def test_dev_set_field_accuracy(monkeypatch, folder, known):
    monkeypatch.setattr("jobmatch.resumes.date", _Nov2026)
    misses = [(gold["file"], field) for gold in _dev_gold(folder) for field, ok in _compared(folder, gold) if not ok]
    assert misses == known


def _compared(folder, gold):
    """(field, agrees) for one development document against its gold."""
    path = folder / gold["file"]
    if gold["kind"] == "posting":
        found = posting_fields(parse_job(document_text(path)))
    else:
        found = resume_fields(read_candidates(path)[0])
    return compare_fields(gold, found).items()


def test_degree_subjects_are_not_skills(vocab):
    text = "What you'll need\n- A degree in statistics, mathematics, computer science or a related field\n- SQL"
    assert required(text, vocab) == [("SQL",)]
    # One subject that is the job itself stays ("a bachelor's degree in mathematics" for a maths teacher).
    assert required("Requirements\n- A bachelor's degree in mathematics", vocab) == [("Mathematics",)]
    # "or higher" between the degree and its subjects leaves them subjects.
    text = "Requirements\n- A master's degree or above in economics, statistics or a related discipline\n- SQL"
    assert required(text, vocab) == [("SQL",)]


def test_examples_in_parentheses_are_not_requirements_of_their_own(vocab):
    text = "Requirements\n- Git and CI/CD (GitHub Actions, Bitrise or similar)\n- Observability tools (Prometheus)"
    assert required(text, vocab) == [("Git",), ("CI/CD",), ("Observability",)]


def test_a_preferred_parenthesis_leaves_the_rest_of_the_line_required(vocab):
    text = "Minimum qualifications\n- Cisco routing and switching (CCNA required, CCNP preferred)\n- BGP"
    req, nice = must_haves(text, vocab)
    assert req == [("Cisco",), ("Routing and Switching",), ("BGP",)]


def test_free_form_posting_skips_the_company_stack_and_duties(vocab):
    text = (
        "Full-Stack Developer at Brightmoor (Detroit, MI)\n\nBrightmoor makes reading apps. We're a Django and "
        "React shop on AWS.\n\nYou'll build features across the stack: Django APIs and React screens.\n"
        "We'd like you to have solid Python and experience with Django or Flask. TypeScript is a plus."
    )
    req, nice = must_haves(text, vocab)
    assert req == [("Python",), ("Django", "Flask")]
    assert nice == ["TypeScript"]


def test_what_would_be_nice_heading(vocab):
    req, nice = must_haves("What you'll need\n- SQL\nWhat would be nice\n- Apache Spark or Databricks", vocab)
    assert (req, nice) == ([("SQL",)], ["Apache Spark"])


def test_city_after_the_employer_before_the_arrangement():
    text = "Data Scientist\nNorthumbria Health Analytics, Newcastle upon Tyne (hybrid, 2 days in our Quayside office)"
    assert find_place(text).city == "Newcastle upon Tyne"


# --- rules added with the second development set (tests/jobmatch/data/dev_postings2) ------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Mandatory Skills", "required"),
        ("Job Requirements", "required"),
        ("Roles & Responsibilities", "duties"),
        ("Job Responsibilities", "duties"),
        ("What you'll be doing", "duties"),
        ("Essential Functions", "duties"),
        ("Good to Have", "nice"),
    ],
)
def test_more_heading_shapes(heading, kind, vocab):
    text = f"Role title\n{heading}\n- Kafka\nOther\n"
    req, nice = must_haves(text + "Requirements\n- SQL\n", vocab)
    assert ("Kafka" in nice) == (kind == "nice")
    assert (("Kafka",) in req) == (kind == "required")


def test_an_aside_does_not_break_or_and_a_wrapped_or_goes_on(vocab):
    assert required("Requirements\n- Vue.js (Vue 3) or React", vocab) == [("Vue.js", "React")]
    text = "Requirements: CPA designation and experience with an ERP system (SAP or\nNetSuite)."
    assert required(text, vocab) == [("CPA",), ("SAP", "NetSuite")]


def test_examples_only_after_a_skill_and_a_category_word(vocab):
    assert required("Requirements\n- Solid MLOps practices (model registry, CI/CD)", vocab) == [("MLOps",)]
    assert required("Requirements\n- An ERP system (SAP or NetSuite)", vocab) == [("SAP", "NetSuite")]


def test_degree_subjects_with_alternatives(vocab):
    text = "Requirements\n- Master's degree (Bac+5) in computer science or applied maths, from any school\n- Python"
    assert required(text, vocab) == [("Python",)]
    text = "Requirements\n- Has a bachelor's degree in mathematics or math education"
    assert required(text, vocab) == [("Mathematics",)]


def test_free_form_lead_in_duties_and_handy_extras(vocab):
    text = (
        "Coastline is an insurer.\n\nDay to day you'll pull data from our Snowflake warehouse.\n\n"
        "You'll have strong SQL and Tableau or Power BI. Some Python would be handy but isn't essential."
    )
    req, nice = must_haves(text, vocab)
    assert req == [("SQL",), ("Tableau", "Power BI")]
    assert nice == ["Python"]


@pytest.mark.parametrize(
    "text",
    [
        "You need to live in an EU country and have the right to work there; we cannot relocate or sponsor.",
        "Only Singapore Citizens and PRs need apply.",
        "Eligibility to work in Ireland is required (Stamp 4 or EU/EEA citizenship).",
        "Applicants must have full working rights in Australia.",
    ],
)
def test_more_no_sponsorship_wording(text):
    from jobmatch.sponsorship import sponsorship

    assert sponsorship(text) is False


def test_diploma_alternative_is_below_a_bachelor():
    assert job_degree("BSc (Hons) Nursing or Diploma in Nursing") == 1


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Data Engineer | Singapore | Hybrid\nMerlion Commerce Pte Ltd", "Singapore"),
        ("ML Engineer (F/H) – Paris\nLumen AI\nCDI · Paris 9e · Hybrid", "Paris"),
        ("SDR – EMEA\nDublin 2, Ireland | Hybrid (3 days in office)", "Dublin"),
        ("Accountant\nNorthgate Logistics — Mississauga, Ontario (on-site)", "Mississauga"),
        (
            "QA Engineer — Kraków (hybrid) / B2B\nStack: Java\nWe offer: 2 days a week from our office in Zabłocie",
            "Kraków",
        ),
        ("PRIYA NAIR\nData Analyst\nFootscray VIC 3011 | 0412 555 019", "Footscray"),
        ("Craig McLean\nPaisley | craig@example.co.uk", "Paisley"),
        ("RAVI REDDY\nSenior Engineer | Python, Django\nHyderabad, Telangana | +91 98480 12345", "Hyderabad"),
    ],
)
def test_find_place_more_shapes(text, city):
    assert find_place(text).city == city


def test_non_english_dates_and_present_words():
    today = date(2026, 11, 28)
    text = "EXPÉRIENCE\nML Engineer — Lyon — sept. 2021 – aujourd'hui\nData Scientist — oct. 2019 – août 2021\n"
    assert dated_years(text, today=today) == 7.1
    assert dated_years("Flutter Developer — Porto — 03/2022 – atual", today=today) == 4.7
    assert dated_years("AppSec Engineer, Berlin — 2022–heute", today=today) == 4.3  # July 2022 to November 2026
    text = "FORMATION / EDUCATION\nClasses préparatoires — 2014–2016\nEXPÉRIENCE\nDev — 2020 – 2021\n"
    assert dated_years(text, today=today) == 1.0


def test_more_degree_spellings_and_stated_years():
    from jobmatch.resumes import stated_years

    assert degree_level("MChem (Hons) Chemistry, University of Warwick, 2019") == 3
    assert degree_level("Advanced Diploma, Computer Programming — Algonquin College, Ottawa (2023)") == 1
    assert degree_level("High school diploma") == 0
    assert stated_years("IT support — Windows 11. 3 yrs service desk experience.") == 3


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Dr.-Ing. Maschinenbau, RWTH Aachen, 2016", 4),  # German doctorates by faculty
        ("Promotion (Dr. phil.), Geschichte, Universität Wien", 4),
        ("Doctorado en Biología, Universidad de Sevilla", 4),
        ("Dr. med. Hausärztin", None),  # the medical title is a practice degree
        ("Second-cycle degree in Economics, University of Gdańsk", 3),
        ("First-cycle studies in Finance, Kraków University of Economics", 2),
        ("Licencjat, Stosunki międzynarodowe, Uniwersytet Łódzki", 2),
        ("Inżynier (inż.) Budownictwo, Politechnika Gdańska", 2),
        ("Inżynier utrzymania ruchu, Fabryka X", None),  # an engineer's job title, no degree
        ("Svennebrev som tømrer, 2012", 0),  # trade certificates: training, no degree
        ("Gesellenbrief Elektroniker, Handwerkskammer Köln", 0),
        ("UTBILDNING\n2010 - 2013  Gymnasieskola, el- och energiprogrammet", 0),
    ],
)
def test_degrees_in_more_languages(text, level):
    assert degree_level(text) == level


def test_a_tool_listed_under_a_broader_skill_compares_as_it(vocab):
    assert vocab.same_skill("Postman") == "API Testing" and vocab.same_skill("Python") == "Python"
    gold = {"kind": "posting", "must_have": ["Postman", "Java"], "min_years": None, "degree": None,
            "sponsorship": None, "workplace": None, "location": None}  # fmt: skip
    found = {"must_have": ["API Testing", "Postman", "Java"], "min_years": None, "degree": None,
             "sponsorship": None, "workplace": None, "location": None}  # fmt: skip
    assert compare_fields(gold, found)["must_have"]
    found["must_have"] = ["API Testing", "Java", "Jira"]
    assert not compare_fields(gold, found)["must_have"]


# The fresh-text set (dev_postings4): its misses are the measurement, not a to-do list, so the test only stops new
# ones; they are listed, with how each batch came in, in its known_misses.txt.
def _known_misses(folder):
    lines = (folder / "known_misses.txt").read_text(encoding="utf-8").splitlines()
    return {tuple(line.split(" ")) for line in lines if line.strip() and not line.startswith("#")}


def test_fresh_text_set_has_no_new_misses(monkeypatch):
    monkeypatch.setattr("jobmatch.resumes.date", _Nov2026)
    known = _known_misses(DEV4)
    misses = {(gold["file"], field) for gold in _dev_gold(DEV4) for field, ok in _compared(DEV4, gold) if not ok}
    assert misses <= known, sorted(misses - known)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Data Engineer - Azure\nKey Skills - Azure Data Factory, SQL\nJob Responsibilities:\n- Move SAP data", [
            ("Azure Data Factory",), ("SQL",)]),
        ("Manager\nAbout the venue\nYou'll have:\n- RSA certificate\n- Experience with Lightspeed POS", [
            ("RSA",), ("Lightspeed",)]),
    ],
)
def test_dash_headings_and_youll_have(vocab, text, expected):
    assert required(text, vocab) == expected


@pytest.mark.parametrize(
    ("text", "arrangement"),
    [("Chicago, IL (Loop office, 4 days in office)", "hybrid"), ("Work from office, 5 days", "onsite")],
)
def test_days_in_the_office(text, arrangement):
    assert workplace(text) == arrangement


@pytest.mark.parametrize(
    ("text", "sponsors"),
    [
        ("Must have full Australian working rights.", False),
        ("Applicants must be Australian citizens and able to obtain a Baseline clearance.", False),
        ("We support work permit applications for experienced candidates.", True),
        ("Benefits: accommodation, annual flight ticket. Visa provided by the company.", True),
        ("We offer relocation support and help with the Blue Card application.", True),
        ("Applicants from outside the EU are welcome; we arrange the highly skilled migrant visa.", True),
    ],
)
def test_sponsorship_wordings(text, sponsors):
    assert sponsorship(text) is sponsors


def test_a_candidate_naming_a_specific_tool_has_the_broader_skill():
    profile = parse_candidate("Procurement lead. Ran sourcing events in SAP Ariba; pipelines in Azure Data Factory.")
    assert {"SAP Ariba", "SAP", "Azure Data Factory", "Azure"} <= set(profile.skills)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Licence en informatique, Université de Lyon, 2016", 2),
        ("Bacharelado em Sistemas de Informação (USP, 2014)", 2),
        ("Magister Informatyki, Politechnika Warszawska", 3),
        ("Diplom-Kaufmann, Universität Mannheim", 3),
        ("Full UK driving licence", None),  # a licence in English is no degree
        ("Ingeniero Industrial titulado, Tecnológico de Monterrey", 2),
        ("Scrum Master, Northwind Payments, 2019 - present", None),  # a job title, not a master's degree
    ],
)
def test_resume_degrees_in_more_local_spellings(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Australian PR since 2021", ("AU",)),
        ("Stamp 4 (no permit needed)", ("local",)),
        ("Citizenship: USA", ("US",)),
        ("Work rights: full", ("local",)),
        ("Full working rights in Australia", ("AU",)),
    ],
)
def test_resume_authorization_pr_and_stamp_4(text, countries):
    assert authorization(text)[0] == countries


def test_resume_sponsorship_as_a_label():
    assert authorization("Sponsorship: required") == (None, True)
    assert authorization("Sponsorship: not required")[1] is False


@pytest.mark.parametrize(
    "text",
    [
        # the degree is what the team holds, or weighed less than something else: not a minimum
        "Many of our analysts have a BSc in Economics, though yours could be in anything.",
        "A master's in design is common here, but we care more about your portfolio than your degree.",
        # a technical qualification below a bachelor's is no degree minimum
        "Higher technical degree in Logistics or Business Administration",
        "Título de Técnico de Nivel Superior en Enfermería",
    ],
)
def test_degrees_not_asked_for(text):
    assert job_degree(text) in (None, 1)
