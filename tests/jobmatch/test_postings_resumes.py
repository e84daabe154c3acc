"""Parsing postings and résumés as people write them (the shared recruiter cases and small texts)."""

from datetime import date
from pathlib import Path

import pytest

from jobmatch.arrangement import relocation, remote_only, workplace
from jobmatch.importing import read_candidates
from jobmatch.parsing import parse_candidate, parse_job
from jobmatch.places import find_place
from jobmatch.postings import sections, skill_groups
from jobmatch.requirements import check_requirements
from jobmatch.resumes import dated_years, degree_level, degree_levels, find_phone, resume_years
from jobmatch.skills import load_vocabulary
from jobmatch.sponsorship import sponsorship
from jobmatch.workrights import authorization

CASES = Path(__file__).parent / "data" / "cases"
JOB = (CASES / "job-senior-data-engineer.txt").read_text(encoding="utf-8")


def resume(name: str) -> str:
    return next((CASES / "resumes").glob(f"{name}*.txt")).read_text(encoding="utf-8")


def test_case_posting_fields():
    job = parse_job(JOB)
    # Responsibilities (dbt, Snowflake) are not must-haves; "Nice to have" without a colon is a heading.
    assert job.must_have == (
        ("Python",),
        ("SQL",),
        ("Apache Spark",),
        ("Airflow",),
        ("Kafka",),
        ("Snowflake", "BigQuery"),
    )
    assert job.nice_skills == ("dbt", "Terraform", "AWS")
    assert "Data Visualization" not in job.required_skills + job.nice_skills  # "customer dashboards"
    req = job.requirements
    assert (req.min_years, req.degree_level, req.sponsorship, req.workplace, req.location) == (
        6.0,
        2,
        False,
        "hybrid",
        "Seattle",
    )


@pytest.mark.parametrize(
    ("name", "degree", "years", "authorized", "sponsorship"),
    [
        # a bare year is its middle: "2017-present" is July 2017 to November 2026 (see resumes._span)
        ("01", 2, 9.3, ("US",), None),  # B.S.; dated roles 2017-present
        ("02", 2, 9.0, None, True),  # B.Tech; "Senior Data Engineer — 9 years"; H-1B
        ("03", 2, 3.3, ("US",), None),  # B.A.; dated roles win over the stated "1.5 years" (2023-present)
        ("04", 3, 6.0, ("US",), None),  # M.S.; green card
        ("06", 0, 4.0, ("US",), None),  # "no college degree"; "Data Engineer (4 years)"
        ("07", 3, 10.0, ("US",), None),  # M.Sc.; US permanent resident
        ("08", 2, 12.0, ("US",), None),  # "BS in Computer Engineering"
        ("09", None, None, None, None),  # says nothing
    ],
)
def test_case_resume_facts(name, degree, years, authorized, sponsorship):
    text = resume(name)
    assert degree_level(text) == degree
    found = resume_years(text, today=date(2026, 11, 28))
    assert (found is None and years is None) or abs(found - years) < 0.2
    assert authorization(text) == (authorized, sponsorship)


def test_case_location_constraints_and_blockers():
    job = parse_job(JOB)
    jamal = parse_candidate(resume("06"))
    assert (jamal.facts.location, jamal.facts.remote_only, jamal.facts.relocate) == ("Austin", True, False)
    failed = {c.requirement for c in check_requirements(job.requirements, jamal.facts) if c.status == "fail"}
    assert failed == {"years of experience", "location", "degree"}
    li = parse_candidate(resume("08"))  # Kirkland, WA commutes to Seattle
    assert {c.status for c in check_requirements(job.requirements, li.facts)} == {"ok"}
    rahul = parse_candidate(resume("02"))
    assert [c.requirement for c in check_requirements(job.requirements, rahul.facts) if c.status == "fail"] == [
        "work authorization"
    ]


def test_phones_not_dates():
    assert find_phone(resume("01")) == "(206) 555-0143"
    assert find_phone("Data Engineer 2018-2022, Seattle") is None
    assert find_phone("Berlin | +49 30 901820 | anna@example.de") == "+49 30 901820"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("BSc (Hons) Physics, 2019", 2),
        ("MSc Data Science", 3),
        ("MS in Statistics, Stanford", 3),
        ("Skills: MS Excel, MS Office", None),
        ("PhD, Machine Learning, 2020", 4),
        ("B.E. Electronics, Anna University", 2),
        ("Associate degree in nursing (ADN)", 1),
        ("Self-taught; bootcamp graduate", 0),
    ],
)
def test_degree_spellings(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Account Executive\nWorcester, MA (hybrid: three days at our office)", set()),  # the state, no degree
        ("Hattiesburg, MS 39401 | field role", set()),
        ("Clinical Psychology, MA (2014)", {3}),  # a subject before the comma: the degree
        ("BA, MA in History", {2, 3}),
        ("MS in Statistics, Tulsa, OK", {3}),
    ],
)
def test_us_state_after_a_city_is_no_degree(text, levels):
    assert degree_levels(text) == levels


def test_dated_roles_merge_overlaps_and_skip_education():
    text = (
        "EXPERIENCE\nEngineer, A — Jan 2018 – Dec 2020\nEngineer, B — 06/2020 - present\n"
        "Summer intern, C — Jun 2016 – Aug 2016\nEDUCATION\nBSc, University of X, 2012 - 2016\n"
    )
    assert dated_years(text, today=date(2026, 1, 1)) == pytest.approx(8.0, abs=0.1)


def test_headings_without_colons_and_alternatives():
    vocab = load_vocabulary()
    text = "Backend Engineer\nWhat you will do\n- Run Redis and Kafka\nRequired qualifications\n- Python, Go or Java\n"
    kinds = [(line.section, line.text) for line in sections(text)]
    assert kinds[1:] == [("duties", "Run Redis and Kafka"), ("required", "Python, Go or Java")]
    assert skill_groups("Python, Django or FastAPI, PostgreSQL", vocab) == [
        ("Python",),
        ("Django", "FastAPI"),
        ("PostgreSQL",),
    ]
    assert skill_groups("one of AWS, GCP, Azure", vocab) == [("AWS", "GCP", "Azure")]
    assert skill_groups("Python, Go, or Java", vocab) == [("Python", "Go", "Java")]
    assert skill_groups("Expert Python and SQL; Spark, Airflow and Kafka", vocab) == [
        ("Python",),
        ("SQL",),
        ("Apache Spark",),
        ("Airflow",),
        ("Kafka",),
    ]
    lead_in = "Teacher\nWe are looking for a teacher who:\n- holds QTS\nBenefits\n- Python club"
    assert parse_job(lead_in).must_have == (("QTS",),)
    assert parse_job(text).must_have == (("Python", "Go", "Java"),)  # a list ending in "or" is one-of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are unable to offer\nvisa sponsorship.", False),
        ("This role is not eligible for visa sponsorship.", False),
        ("You must have the right to work in the UK.", False),
        ("We sponsor H-1B visas.", True),
        ("Visa sponsorship and relocation support for candidates outside the EU.", True),
        ("Competitive salary.", None),
    ],
)
def test_posting_sponsorship(text, expected):
    assert sponsorship(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hybrid, 3 days/week in our Denver office", "hybrid"),
        ("San Francisco, CA (on-site, 5 days a week)", "onsite"),
        ("Fully remote (US time zones). No office.", "remote"),
        ("On-site 3 days a week in Seattle; no fully remote option", "hybrid"),
        ("We build software.", None),
    ],
)
def test_workplace(text, expected):
    assert workplace(text) == expected


def test_places_and_relocation():
    assert find_place("Kofi M\nToronto, ON, Canada | kofi@example.ca").city == "Toronto"
    assert find_place("Ana K\nBengaluru, Karnataka, India | +91 98450 12345").city == "Bengaluru"
    assert find_place("Staff Backend Engineer, Seattle WA | h@example.com").city == "Seattle"
    assert (
        find_place("Data Engineer\nAcme | London (hybrid, two days a week in our Shoreditch office)").city == "London"
    )
    assert find_place("Hollins Park Academy, Manchester M19\nTeacher").city == "Manchester"
    assert remote_only("Remote only; not looking to relocate") and relocation("not looking to relocate") is False
    assert relocation("Open to relocation.") is True and relocation("Lives in Leeds.") is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # bachelor's abbreviations with the subject after "B."
        ("EDUCATION\nB.Arch, University of Lagos, 2016", 2),
        ("BMus (Hons) Performance, 2012", 2),
        # MSCI is an index provider, MSci a master's
        ("Built portfolio screens on MSCI ratings.\nEDUCATION\nBSc Economics, 2015", 2),
        ("MSci Chemistry, University of Bristol, 2019", 3),
        # education that holds only training: no degree
        ("Electrician\nCertificate in Electrotechnology (Level 3), 2014", 0),
        ("EDUCATION\nAdvanced Diploma of Hospitality Management, 2011", 0),
        ("Qualified through a four-year apprenticeship with a joinery firm.", 0),
        ("Education and training\nPilot course, Sky Academy, 2018\nBSc Aviation (in progress, expected 2028)", 0),
        # a master craftsman's title is no master's degree
        ("Qualifications\nMaster Plumber licence, 2017\nCity & Guilds Level 3 Diploma, 2010", 0),
        ("Training\nCertificate in Bar Service, 2012\nCourt of Master Sommeliers Introductory, 2016", 0),
        ("Licensed Master Electrician since 2020.", None),
        ("Master of Wine candidate (stage 2). Education: none beyond school.", None),
        # while a master's degree stays one
        ("Education\nMaster of Science, Oenology, 2014", 3),
        # education not mentioned
        ("Warehouse lead, 2015 - present. Forklift and first aid tickets.", None),
    ],
)
def test_resume_degree_wordings(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a degree left unfinished does not count; the finished one below it does
        ("EDUCATION\nBA History, Leeds, 2009 - 2010 (withdrew after first year)\nCertificate in Bookkeeping, 2012", 0),
        ("Education\nMSc Physics, TU Wien, 2016 - 2018 - discontinued\nBSc Physics, TU Wien, 2016", 2),
        ("Ausbildung\nM.A. Germanistik, 2010 - 2012, abgebrochen\nB.A. Germanistik, 2010", 2),
        ("EDUCATION\nMBA, Example Business School - degree not awarded\nBBA, 2008", 2),
        # a job held while studying names the study, not a degree held
        ("Lab technician, 2019 - 2021, part-time during my PhD\nEDUCATION\nBSc Chemistry, 2018", 2),
        # a Brazilian lato sensu specialisation is not a master's degree, even when it is called an MBA
        ("Formação\nMBA em Finanças (pós-graduação lato sensu), 2019\nBacharelado em Administração, 2012", 2),
        # an engineer's degree is a first degree
        ("EDUCATION\nDegree of Engineer in Mechanical Engineering (5-year programme), 2014", 2),
        ("Kỹ sư (Engineer's degree) in Civil Engineering, 2011", 2),
        # "Master" in a trade or a professional body's title is no degree
        ("Certified by the Court of Master Sommeliers (2019)\nEDUCATION\nHospitality apprenticeship, 2010", 0),
        ("Licensed Master Electrician, State of Ohio\nCertificate in Electrical Technology, 2004", 0),
        ("Passed the Master of Wine theory papers; high school diploma", 0),
    ],
)
def test_resume_degree_not_held_or_not_a_degree(text, level):
    assert degree_level(text) == level


def test_resume_contact_city_is_kept_as_written():
    # the card: the contact line's city as written, not normalised to the metro
    assert find_place("Priya S\nStratford, London | 07700 900123", as_written=True).city == "Stratford"
    assert find_place("Priya S\nStratford, London | 07700 900123").city == "London"  # a posting's office


@pytest.mark.parametrize(
    ("text", "city", "region"),
    [
        # the country written with its article
        ("Lena V\nLeiden, the Netherlands · +31 6 1234 5678 · lena@example.nl", "Leiden", "NL"),
        ("Marco D\nMakati, the Philippines | marco@example.ph", "Makati", "PH"),
        # a postcode after the city, then the country
        ("Aroha T\nNapier 4110, New Zealand | 022 123 4567", "Napier", "NZ"),
        ("Jens K\nAarhus 8000, Denmark | jens@example.dk", "Aarhus", "DK"),
    ],
)
def test_resume_contact_city_before_a_country_or_a_postcode(text, city, region):
    place = find_place(text, as_written=True)
    assert (place.city, place.region) == (city, region)


def test_resume_postcode_before_a_word_that_is_no_region_is_no_place():
    assert find_place("Sam P\nPortfolio 2024, Python | sam@example.com", as_written=True) is None


def test_not_moving_is_no_relocation():
    assert relocation("Happy to travel for work but not interested in moving house.") is False
    assert relocation("Not planning to relocate from Perth.") is False


def test_docx_resume(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Ana Costa")
    document.add_paragraph("Lisbon, Portugal | ana.costa@example.pt | +351 912 345 678")
    document.add_paragraph("Mobile developer, 5 years of experience with Flutter and Dart. MSc Informatics.")
    path = tmp_path / "ana.docx"
    document.save(path)
    (record,) = read_candidates(path)
    assert (record.name, record.email, record.phone) == ("Ana Costa", "ana.costa@example.pt", "+351 912 345 678")
    profile = record.profile()
    assert profile.facts.location == "Lisbon" and profile.facts.degree_level == 3 and "Flutter" in profile.skills


def test_docx_tables_keep_their_place_under_their_heading(tmp_path):
    import docx

    from jobmatch.documents import docx_text

    document = docx.Document()
    document.add_paragraph("Piet de Vries")
    contact = document.add_table(rows=1, cols=2)
    contact.rows[0].cells[0].text, contact.rows[0].cells[1].text = "Woonplaats", "Utrecht"
    document.add_paragraph("Work history")
    roles = document.add_table(rows=1, cols=2)
    roles.rows[0].cells[0].text, roles.rows[0].cells[1].text = "2019 - 2023", "Planner, Acme B.V."
    document.add_paragraph("Education")
    path = tmp_path / "piet.docx"
    document.save(path)
    assert docx_text(path).splitlines() == [
        "Piet de Vries", "Woonplaats | Utrecht", "Work history", "2019 - 2023 | Planner, Acme B.V.", "Education",
    ]


def test_broken_docx_is_one_line_error(tmp_path):
    from jobmatch.importing import InputError

    path = tmp_path / "bad.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="cannot read this .docx"):
        read_candidates(path)


def test_rank_reads_a_docx_posting(cli_env, tmp_path):
    import json

    import docx
    from click.testing import CliRunner

    from jobmatch.cli import cli

    document = docx.Document()
    for line in JOB.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "job.docx"
    document.save(path)
    result = CliRunner().invoke(
        cli, ["rank", "--job", str(path), "--candidates", str(CASES / "resumes"), "--format", "json"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["job"]["must_have"][-1] == ["Snowflake", "BigQuery"]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # professional doctorates are doctorates; the practice degrees called "doctor" are not counted
        ("EDUCATION\nDoctor of Education (EdD), Open University, 2019", 4),
        ("PsyD in Counseling, 2016\nBA Psychology, 2010", 4),
        ("DClinPsy, University College London, 2013", 4),
        ("Juris Doctor, Osgoode Hall, 2011\nBA History, 2008", 2),
        # the Master of Laws, written bare, next to its law school; a large language model is no degree
        ("LLM in Tax Law, University of Leiden, 2018", 3),
        ("Shipped LLM features to 3M users\nBSc Computer Science, 2014", 2),
        # Latin American technical qualifications sit below a bachelor's
        ("Técnico Universitario en Electrónica, 2012", 1),
    ],
)
def test_resume_doctorates_and_homonyms(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a clinical doctorate is a doctorate: its holders are styled "Dr." like a PhD's
        ("EDUCATION\nDoctor of Physical Therapy, Regis University, 2018\nBS Kinesiology, 2015", 4),
        ("Doctor of Audiology (AuD) - Northwestern University, 2016", 4),
        ("Pharm.D., University of Florida College of Pharmacy, 2012", 4),
        ("DNP, Family Nurse Practitioner track - Rush University, 2021\nBSN, 2013", 4),
        ("Education\nMD, University of Michigan Medical School (2009)", 4),
        # the bare capitals elsewhere are an address, a vaccine or a meter, and a doctor in prose is no degree
        ("12 Calvert St, Baltimore, MD 21202\nEDUCATION\nBSc Biology, 2011", 2),
        ("MD, Lakeside Institute of Technology (2015 - present)\nEDUCATION\nB.Tech, 2001", 2),
        ("Gave DPT boosters at school clinics\nADN, Pima Community College, 2014", 1),
        ("Known as a doctor of the old school by patients\nBSN, 2010", 2),
    ],
)
def test_resume_clinical_doctorates(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # Québec's college diploma, by its name or its abbreviation, is a two- or three-year college diploma
        ("FORMATION\nDiplôme d'études collégiales en techniques de comptabilité, 2013", 1),
        ("DEC in Nursing Technology, Cégep de Trois-Rivières, 2016", 1),
        ("D.E.C. en sciences de la nature - Collège Ahuntsic (2011)", 1),
        ("Diplôme en soins infirmiers, Collège Montmorency, 2012", 1),
        # a date in capitals is no diploma, and a bachelor's above it still wins
        ("Barista  DEC 2014 - JUN 2016, Vanier College cafe\nEDUCATION\nHigh school diploma, 2013", 0),
        ("DEC en sciences humaines, Cégep de Lévis, 2009\nBaccalauréat: BA Psychology, Université Laval, 2012", 2),
    ],
)
def test_resume_college_diplomas_of_quebec(text, level):
    assert degree_level(text) == level


def test_moving_somewhere_is_relocation():
    assert relocation("Open to moving to Lisbon or Porto.") is True
    assert relocation("Willing to move abroad for the right role.") is True
    assert relocation("Would not be willing to move to another city.") is False
    assert relocation("Not seeking relocation; my clients are local.") is False
    # a move in one's career says nothing of where one lives
    assert relocation("Keen to move into a team-lead role.") is None


def test_relocation_with_a_scope_then_possible():
    # any scope of move counts as open to relocation
    assert relocation("Relocation within Lower Saxony possible, but not abroad.") is True
    assert relocation("Mobility\nRelocation within the\nNordics is an option") is True
    assert relocation("Relocation within Spain not possible for family reasons.") is False
    assert relocation("Relocation is not possible.") is False
    assert relocation("Led the relocation of the warehouse. It was possible thanks to planning.") is None


def test_looking_only_for_remote_work_is_remote_only():
    assert remote_only("Only applying for 100% remote contracts from here on.")
    assert remote_only("I am only searching for fully remote positions.")
    assert not remote_only("Looking for remote or hybrid roles, not only on-site.")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # the Master of Laws with its points
        ("QUALIFICATIONS\nLL.M. (Maritime Law), Some University, 2015\nLL.B., 2013", 3),
        ("Education\nLL.M, King's College, 2020", 3),
        # a study dated to the present is not finished, in any language
        ("Education\nsince 09/2025  M.Sc. Epidemiology, Uni X\n2014 - 2017  B.Sc. Biology, Uni Y", 2),
        ("Education\n2024 – present  MBA, Evening Programme\nHND Business, 2009", 1),
        ("Studium\nMaster Logistik, FH Z (voraussichtlich 2027)\nBachelor BWL, 2020", 2),
        ("Formation\nMaster en finance (en cours), Université W\nLicence en économie, 2019", 2),
        # the note that says so may stand on the entry's next line
        ("Education\nMSc Marine Biology, Uni V\n   coursework done 2021; thesis not completed\nBSc Zoology, 2018", 2),
        ("Education\nM.Sc. Statistics, Uni U,\n  expected July 2027\nBSc Maths 2022", 2),
    ],
)
def test_resume_degrees_unfinished_or_with_points(text, level):
    assert degree_level(text) == level


def test_a_present_date_in_a_prose_summary_leaves_the_degree_in_the_next_sentence():
    text = "Analyst at Northwind (2022–present); before that a clerk. MBA, Some School (2019); BA History (2015)."
    assert degree_level(text) == 3


def test_lines_at_one_indent_under_a_heading_are_entries_of_their_own():
    assert degree_level("EDUCATION\n  BEng Civil, 2016\n  MEng Structures (in progress)") == 2


def test_staying_where_one_lives_is_no_relocation():
    assert relocation("Hybrid is fine, though I'm staying in the Tulsa area for family reasons.") is False
    assert relocation("Planning to stay in Adelaide long term.") is False
    assert relocation("Staying in touch with former clients matters to me.") is None


def test_working_anywhere_in_a_country_is_relocation():
    assert relocation("Willing to work in any province for the right project.") is True
    assert relocation("Available to work anywhere in Scotland.") is True
    assert relocation("Able to work in any weather.") is None


def test_german_relocation_wordings():
    # a sentence may wrap mid-phrase; a refusal is read before an offer
    assert relocation("Ein Umzug nach Hamburg oder\nBremen wäre für mich möglich.") is True
    assert relocation("Bin umzugsbereit.") is True
    assert relocation("Ein Umzug ist für uns kein Problem.") is True
    assert relocation("Ein Umzug kommt für mich nicht in Frage.") is False
    assert relocation("Ich möchte nicht umziehen.") is False


def test_remote_only_across_a_line_break():
    # a PDF's text may break the phrase at any word
    assert remote_only("I take on only\nfully remote work these days.")
    assert remote_only("I am only searching\nfor 100% remote positions.")
    assert not remote_only("Only\non-site roles so far; remote welcome.")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("EDUCATION\nA.S. Radiologic Technology, Lakeshore Community College, 2012", 1),
        ("EDUCATION\n- AAS in Culinary Arts - Red Rock Technical College (2009)", 1),
        ("References\nA.S. Menon, plant head, available on request", None),  # a name's initials
        # the college on the entry's next line
        ("Education\nDiploma of Applied Science, Marine Engineering (two years)\nNorthern Ridge College, 2015", 1),
        ("Education\nHigh School Diploma\nCedar Park College Preparatory, 2008", 0),  # a school's diploma
        # Spanish and Portuguese first degrees as their holders write them
        ("Formación\nLicenciado en Administración de Empresas - Universidad de Sevilla", 2),
        ("Formação\nLicenciada em Enfermagem, Universidade do Porto, 2011", 2),
    ],
)
def test_associate_abbreviations_wrapped_colleges_and_licenciado(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("M.Pharm (Pharmaceutics), Andhra University, 2019", 3),
        ("M.Com (Finance), University of Mumbai", 3),
        ("M.Ed. in Special Needs Education, 2015", 3),
        ("B.Pharm, Manipal College of Pharmaceutical Sciences", 2),
    ],
)
def test_master_abbreviations_written_with_a_point(text, level):
    assert degree_level(text) == level


def test_a_ship_prefix_on_a_sea_service_line_is_no_degree():
    sea_service = "2/2019 - 6/2023 | Second Officer | MS Fjord Star, car ferry | Nordvest Shipping"
    assert degree_levels(sea_service) == set()
    assert degree_levels("MS Coastal Queen (bulk carrier), Third Engineer 2015-2018") == set()
    # a degree whose subject is ships stays a degree where a place of study is named
    assert degree_levels("MS Naval Architecture and ship design, Maritime University") == {3}
    assert degree_levels("MS Mechanical Engineering, 2012") == {3}


def test_an_openness_that_goes_on_to_name_a_move_is_relocation():
    assert relocation("Open to roles across the Midlands, including moving to Derby.") is True
    assert relocation("Happy to take contracts in Wales, even relocating for the right one.") is True
    assert relocation("Open to roles across the Midlands, based in Derby.") is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("EDUCATION\nAssociate in Science (Biology) - Lakeshore Community College, 2014", 1),
        ("Associate in Applied Science, Respiratory Therapy, 2019", 1),
        # a job title that opens with "Associate in" names no degree
        ("Research Associate in Science Communication, 2018-2022\nEDUCATION\nHigh school diploma", 0),
    ],
)
def test_an_associate_degree_written_with_in(text, level):
    assert degree_level(text) == level


def test_a_degree_still_awaiting_its_examination_or_conferral_is_not_held():
    thesis = "MA History, 2020-2022 (dissertation handed in,\n    awaiting examination)\nBA History, 2019"
    assert degree_level(thesis) == 2
    assert degree_level("MEng Civil Engineering - conferral pending\nBEng Civil Engineering, 2021") == 2
    assert degree_level("MEng Civil Engineering, awarded 2023") == 3


def test_not_in_a_position_to_move_house_is_no_relocation():
    assert relocation("Family ties mean I'm not\nin a position to move house.") is False
    assert relocation("I am not in a position to relocate this year.") is False
    assert relocation("Happy to move house for a permanent post.") is True


def test_being_ready_for_a_posting_anywhere_is_relocation():
    assert relocation("Willing to be posted to any district of the state.") is True
    assert relocation("Available to be transferred anywhere in the country.") is True
    assert relocation("Ready to be deployed to client sites on short notice.") is None


def test_posts_in_any_place_are_relocation_but_remote_roles_are_not():
    assert relocation("Open to nursing posts anywhere on the east coast or overseas.") is True
    assert relocation("I would gladly accept positions in other provinces.") is None  # no openness word
    assert relocation("Prepared to take positions in other cities for the right team.") is True
    assert relocation("Ready for lecturing jobs abroad from next autumn.") is None
    assert relocation("Happy to consider engineering vacancies abroad.") is True
    # a way of working, wherever it is, says nothing of moving
    assert relocation("Open to remote roles anywhere in Europe.") is None
    assert relocation("Available for hybrid positions anywhere in the county.") is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # the Bachelor of Laws written with its points, as Commonwealth law schools abbreviate it
        ("QUALIFICATIONS\nLL.B. (Hons), University of Lagos, 2012\nSenior School Certificate, 2007", 2),
        ("Education\nLL.B, Makerere University - 2014", 2),
        # a degree marked as under way in the résumé's own words does not count yet
        ("Education\nLL.M. (in view), University of Nairobi, 2024 - date\nLL.B., Moi University, 2016", 2),
        ("Profile\nNurse manager, now studying towards an MBA part-time.\nEducation\nBSN, 2012", 2),
        ("Currently studying for an MSc in Data Science.\nBSc Economics, 2017", 2),
        ("Working toward a master's degree in public health.\nBA Sociology 2015", 2),
        # South Africa's school-leaving "Bachelor pass" admits to a degree; it is not one
        ("EDUCATION\nNational Senior Certificate (Bachelor pass), Durban High School, 2014", 0),
        ("EDUCATION\nBCom Accounting, 2018\nNational Senior Certificate (Bachelor pass), 2014", 2),
    ],
)
def test_law_degrees_with_points_degrees_under_way_and_a_bachelor_pass(text, level):
    assert degree_level(text) == level


def test_a_study_dated_to_the_present_in_vietnamese_is_not_finished():
    text = (
        "HỌC VẤN / EDUCATION\n2022 – nay: Thạc sĩ (master's programme), Đại học Bách khoa\n"
        "2010 – 2014: Bachelor's degree"
    )
    assert degree_level(text) == 2


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # "Associate in <field>" opening an entry that names its college, on the entry's next line too
        ("EDUCATION\n- Associate in Computer Technology (two-year course),\n  Northern Luzon Polytechnic, 2012", 1),
        ("Associate of Business Administration, Riverbend Community College, 2016", 1),
        # a job title so worded names no school
        ("Associate in Corporate Finance, Halden Partners, 2018 - 2021\nEducation\nHigh school diploma", 0),
    ],
)
def test_an_associate_degree_in_any_field_names_its_school(text, level):
    assert degree_level(text) == level


def test_the_dutch_citizen_service_number_is_no_nursing_degree():
    assert degree_level("Resident in Utrecht, BSN and work permit in order.\nEducation\nMBO 3 Retail") == 0
    assert degree_level("BSN-nummer: 123456782\nEducation\nVMBO diploma") == 0
    # the nursing degree keeps its letters
    assert degree_level("Education\nBSN, Lakeview College of Nursing, 2015") == 2
    assert degree_level("Dana Reyes, BSN, RN | Tucson, AZ | US citizen") == 2


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Utbildning\n2015-2018 Ekonomprogrammet, Lunds universitet. Kandidatexamen i företagsekonomi.", 2),
        ("Utbildning\nMagisterexamen i socialt arbete, Örebro universitet, 2020", 3),
        ("Utdanning\nMastergrad i informatikk, Universitetet i Bergen, 2019", 3),
        ("Uddannelse\nBachelorgrad i sygepleje, 2012", 2),
        ("Utbildning\nDoktorsexamen i fysik, Uppsala universitet, 2016", 4),
    ],
)
def test_scandinavian_degrees_written_as_one_word(text, level):
    assert degree_level(text) == level


def test_a_status_line_under_a_wrapped_degree_entry_marks_it_unfinished():
    text = (
        "EDUCATION\nMaster of Public Policy - Eastmoor University,\nGlasgow\nIn progress, finishing 2027\n"
        "Bachelor of Arts in Politics - Eastmoor University\n2012 - 2015"
    )
    assert degree_level(text) == 2
    # a blank line ends the entry: the status then belongs to nothing above it
    assert degree_level("MSc Geology, 2014\n\nExpected to move to Perth in 2027") == 3


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a master's whose finish lies ahead, counted in years done, or still at its thesis
        ("Education\nMSc Urban Planning (evenings) - Northgate University - due to finish June 2028\nBA Geography", 2),
        ("Education\nMA History, Riverside College, year 1 of 2\nBA History, Riverside College, 2019", 2),
        ("EDUCATION\nMaster of Public Health - Lakeshore University.\nStatus: coursework done, not yet completed.\n"
         "Bachelor of Science in Nursing, 2015", 2),
        # a graduate programme paused part-way, or counted in the credits earned so far
        ("EDUCATION\nMBA - Harbourview Graduate School (18 units earned; on leave of absence)\nBS Marketing, 2014", 2),
        ("Education\nM.Eng Structures (36 credits completed so far)\nB.Eng Civil, 2018", 2),
        # a finished degree keeps its level
        ("Education\nMSc Urban Planning - Northgate University, 2022 (graduated with merit)", 3),
    ],
)
def test_a_degree_due_to_finish_paused_or_part_way_is_not_held(text, level):
    assert degree_level(text) == level


def test_a_driving_licence_class_is_no_degree():
    assert degree_level("Driver's licence: B, BE\nEDUCATION\nTrade certificate in welding, 2010") == 0
    assert degree_level("Führerschein Klasse B, BE und C1E\nAusbildung\nAssociate degree Elektrotechnik, 2012") == 1
    assert degree_levels("Körkort: B/BE") == set()
    # the engineering degree after a licence line keeps its letters
    assert degree_level("Driving licence (B)\nBE (Mechanical), Pune Institute, 2011") == 2


def test_letters_before_registered_name_a_registering_body_not_a_degree():
    assert degree_levels("Radiographer - MSC registered, full practising certificate") == set()
    assert degree_levels("HCPC-registered dietitian with an MSc in Nutrition") == {3}
    # a nurse's degree before "registered nurse" stays
    assert degree_levels("BSN registered nurse, ICU") == {2}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a degree counted in the credits done so far is not finished; the finished one below it counts
        ("BA Communication - Lakeview State University; 45 semester hours completed\nAssociate of Arts, 2011", 1),
        ("BSc Psychology (Open University), 90 credits completed, part time\nHND Social Care, 2016", 1),
        # credits named with a finished degree's award are its size, not its progress
        ("Graduate Certificate in Data Analytics (12 credits), 2020\nBS Mathematics, 2018", 2),
    ],
)
def test_resume_degree_counted_in_credits_so_far(text, level):
    assert degree_level(text) == level


@pytest.mark.parametrize(
    ("entry", "level"),
    [
        ("B.AppSc. (Medical Radiations), RMIT University, 2015", 2),
        ("BHlthSc (Nutrition) - Massey University", 2),
        ("BASc Civil Engineering, University of Waterloo", 2),
        ("MAppSc in Information Technology, 2020", 3),
        ("Basic Life Support, St John Ambulance", None),
    ],
)
def test_compound_science_degree_abbreviations(entry, level):
    assert (min(degree_levels(entry)) if degree_levels(entry) else None) == level
