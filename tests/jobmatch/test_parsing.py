import pytest

from jobmatch.parsing import Seniority, detect_seniority, parse_candidate, parse_job, profile_from_text
from jobmatch.requirements import CandidateFacts, HardRequirements, check_requirements, job_requirements

JOB = """Senior Backend Engineer (Python)
We need 5+ years of experience.
Requirements:
- Python, Django, Postgres
- Active Secret clearance required.
- Must be a US citizen.
- Bachelor's degree in Computer Science required.
Nice to have:
- k8s, Terraform
This role is on-site in Austin.
"""


def test_parse_job_skills_levels_and_requirements():
    job = parse_job(JOB)
    assert job.title == "Senior Backend Engineer (Python)"
    assert job.family == "backend"
    assert job.seniority == Seniority.SENIOR
    assert job.required_skills == ("Python", "Django", "PostgreSQL")
    assert job.nice_skills == ("Kubernetes", "Terraform")
    req = job.requirements
    assert (req.clearance, req.citizenship, req.degree_level, req.min_years, req.onsite_location) == (
        "Secret",
        "US",
        2,
        5.0,
        "Austin",
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("FPGA Engineering Internship", Seniority.INTERN),
        ("fresher welcome", Seniority.INTERN),
        ("Junior QA Analyst", Seniority.JUNIOR),
        ("Mid-level developer", Seniority.MID),
        ("Sr. DevOps Engineer", Seniority.SENIOR),
        ("AI Engineering Manager", Seniority.LEAD),
        ("Backend developer with 7 years of experience", Seniority.SENIOR),
        ("Data analyst", None),
    ],
)
def test_detect_seniority(text, level):
    assert detect_seniority(text)[0] == level


def test_candidate_free_text_facts_and_card():
    cand = parse_candidate(
        "Jane Doe\nSenior Python Developer based in Denver. 7 years of experience with Django "
        "and Postgres. US citizen with an active Secret clearance. BSc, graduated 2016."
    )
    assert cand.role == "Python Developer" and cand.seniority == Seniority.SENIOR and cand.years == 7
    assert cand.skills == ("Python", "Django", "PostgreSQL")
    assert cand.facts.clearance is True and cand.facts.citizenship == ("US",)
    assert cand.facts.degree_level == 2 and cand.facts.graduation_year == 2016 and cand.facts.location == "Denver"
    assert cand.card == "Role: Python Developer (Senior). Skills: Python, Django, PostgreSQL."


def test_silent_resume_is_unknown_and_stated_fields_win():
    cand = parse_candidate(
        "Data person.",
        role="Data Analyst",
        seniority="Junior",
        skills="SQL, Excel",
        facts={"work_authorization": "needs sponsorship"},
    )
    assert cand.facts.clearance is None and cand.facts.degree_level is None
    assert cand.facts.needs_sponsorship is True
    checks = {
        c.requirement: c.status
        for c in check_requirements(
            HardRequirements(clearance="Secret", work_authorization="US", degree_level=2), cand.facts
        )
    }
    assert checks == {"clearance": "unknown", "work authorization": "fail", "degree": "unknown"}


def test_card_round_trip_and_sparse():
    card = "Role: Full-stack Developer (Intern/Fresher). Skills: C#, Python, SQL."
    assert profile_from_text(card).card == card
    assert profile_from_text("Role: Unknown. Skills: none listed.").is_sparse
    assert parse_candidate("").is_sparse


def test_requirement_checks():
    req = job_requirements("Graduating in 2025 or 2026. At least 3 years of experience. No visa sponsorship in the US.")
    assert req.graduation_years == (2025, 2026) and req.min_years == 3 and req.work_authorization == "US"
    ok = CandidateFacts(graduation_year=2025, years=4.0, authorized=("US",))
    bad = CandidateFacts(graduation_year=2019, years=1.0, needs_sponsorship=True)
    assert {c.status for c in check_requirements(req, ok)} == {"ok"}
    assert {c.status for c in check_requirements(req, bad)} == {"fail"}
    assert {c.status for c in check_requirements(req, CandidateFacts())} == {"unknown"}
    assert job_requirements("Degree in CS or equivalent experience.").degree_level is None
