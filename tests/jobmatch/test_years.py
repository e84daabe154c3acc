"""Years of experience in postings (required vs preferred, words, months, ranges) and résumés (dates, words)."""

from datetime import date

import pytest

from jobmatch.requirements import job_requirements
from jobmatch.resumes import dated_years
from jobmatch.years import job_min_years, number_value, stated_years, words_to_digits


@pytest.mark.parametrize(
    ("word", "value"), [("five", 5), ("Eleven", 11), ("twenty", 20), ("twenty-five", 25), ("Thirty one", 31)]
)
def test_number_value(word, value):
    assert number_value(word) == value


def test_number_value_of_a_non_number_is_none():
    assert number_value("someone") is None


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("Five to eight years", "5 to 8 years"),
        ("Two-plus years'", "2+ years'"),
        ("three (3) years", "3 years"),
        ("at least a year of post-qualification experience", "at least 1 year of post-qualification experience"),
        ("a year and a half of experience", "1.5 years of experience"),
        ("We meet twice a year", "We meet twice a year"),
        ("10 years plus", "10 years+"),
    ],
)
def test_words_to_digits(text, digits):
    assert words_to_digits(text) == digits


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # numbers in words, ranges in words, "-plus"
        ("• Five to eight years as a statistician in clinical trials", 5),
        ("- Two to four years of industry experience with robot software", 2),
        ("- Two-plus years' hands-on Workday HCM configuration", 2),
        ("bring five-plus years of structural design experience", 5),
        ("have at least a year of post-qualification experience fitting hearing aids.", 1),
        # months, and a range across units (its low end)
        ("- 18+ months administering a Salesforce org", 1.5),
        ("- A minimum of six months' post-registration experience", 0.5),
        ("2. Between 18 months and 3 years of casework experience in immigration advice", 1.5),
        # a range in prose, "work" as the experience, a label, a unit in Spanish
        ("You also have 3 to 5 years designing e-learning", 3),
        ("Two years of smart contract work is our minimum; total engineering experience matters less.", 2),
        ("Experience: 4+ years", 4),
        ("Solicitor, 3 years' PQE in commercial property", 3),
        ("Physiotherapist with 2 years post-registration", 2),
        ("Experiencia: 2 años como inspector de calidad", 2),
        # Indeed's (Required) / (Preferred)
        ("Experience:\n- Property claims: 2 years (Required)\n- Xactimate: 1 year (Preferred)", 2),
        ("Experience:\n- Xactimate: 3 years (Preferred)", None),
    ],
)
def test_years_in_words_months_and_ranges(text, years):
    assert job_min_years(text) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # a cue in another clause qualifies something else
        ("- 2-4 years of actuarial experience in property and casualty insurance, pricing preferred", 2),
        ("five-plus years of structural design experience, ideally some of it in New Zealand", 5),
        ("- A minimum of six months' post-registration experience, ideally in community or rehabilitation", 0.5),
        # a cue in the years' own clause makes it no minimum
        ("3+ years of experience preferred", None),
        ("Ideally 2 years in a similar role", None),
        ("Preferred: 2 years of hospital lab work.", None),
        # a degree's substitute is no minimum of its own
        ("- Associate degree in Mechatronics or 4 years equivalent experience\n- 3+ years of PLC programming", 3),
        ("BSc or 3 years of equivalent experience", None),
    ],
)
def test_preferred_cue_only_in_the_years_own_clause(text, years):
    assert job_min_years(text) == years


def test_a_condition_stated_inside_a_nice_to_have_section_still_counts():
    text = (
        "Instructional Designer\n\nMust: Articulate Storyline, SCORM\nNice: Camtasia, Vyond\n\n"
        "You also have 3 to 5 years designing e-learning and a university degree in Education.\n"
    )
    assert job_requirements(text).min_years == 3
    assert job_requirements("Designer\n\nMust: Storyline\nNice: Camtasia, 2 years of Vyond\n").min_years is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Freelance legal interpreter with eleven years' experience in the District and Circuit Courts", 11),
        ("Nurse with twenty-one years of clinical practice", 21),
        ("Ten years ago I moved to Dublin", None),
    ],
)
def test_stated_years_in_words_and_with_an_apostrophe(text, years):
    assert stated_years(text) == years


TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Dev — Feb-2019 to Mar-2021", 2.2),  # Indian résumés: month-year with a hyphen
        ("Dev — Feb '19 – Mar '21", 2.2),
        ("Dev — March, 2019 – June, 2020", 1.3),
        # a month range counts its last month: these three are 110 months, not 108
        ("A — Sep 2017 – Aug 2019\nB — Sep 2019 – Dec 2021\nC — Jan 2022 – Present", 9.2),
        ("Dev — Oct 2026 – Nov 2026", 0.2),  # the last month is clipped at today
        ("Dev — 2020 - 2023", 3.0),  # year-only: the difference of years
        ("Dev — 2019 – present", 7.3),  # a bare year is its middle
        ("Engineer — Jun'2021 – Till date", 5.4),  # Indian résumés: an apostrophe before the year, "till date"
    ],
)
def test_date_ranges(text, years):
    assert dated_years(text, today=TODAY) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("3. Not less than 36 months at sea as a second engineer", 3),
        ("We would like around four years in customer support or community work.", 4),
        ("You hold the licence, plus at least two years of practice in a busy dental clinic.", 2),
    ],
)
def test_approximate_and_added_year_figures(text, years):
    assert job_min_years(text) == years


def test_a_plus_inside_the_years_clause_still_softens_them():
    assert job_min_years("Two years of Kubernetes would be a plus.") is None


def test_summer_analyst_and_trainee_teacher_are_not_professional_years():
    text = (
        "Analyst, Investment Banking — Sep 2022 - present\nSummer Analyst — Jun 2021 - Aug 2021\n"
        "Trainee teacher (School Direct), Hall Green — 2019 - 2020\n"
    )
    assert dated_years(text, today=TODAY) == 4.2


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # two roads to one requirement joined by "or": the lower figure is the minimum
        ("You have 3 years of hospital pharmacy experience, or 6+ years in community pharmacy.", 3.0),
        ("Minimum 5 years as a welder or at least 2 years as a certified welding inspector.", 2.0),
        # two requirements joined by "and" or in separate lines each count: the higher one stands
        ("5+ years of experience and 2 years of team lead experience", 5.0),
        ("- 4 years of Java experience\n- or similar; 2 years of Kotlin experience", 4.0),
    ],
)
def test_alternative_years_figures_give_the_lower_one(text, years):
    assert job_min_years(text) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Night-shift pharmacy technician, 6 yrs. Dispensing, stock control.", 6),
        ("Sous chef, 4 years; pastry section before that.", 4),
        ("Sous chef, 4 years of age", None),
    ],
)
def test_a_figure_set_after_a_title_by_a_comma(text, years):
    assert stated_years(text) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Siete años atendiendo clientes en una farmacia.", 7),  # a Spanish number word and a gerund
        ("Técnica con 4 años de experiencia en laboratorio", 4),
        ("Engenheiro com doze anos de experiência em obras", 12),
        ("Sechs Jahre als Zimmerer in Bremen", 6),
        ("Cuisinier, neuf ans dans la restauration", 9),
        ("Cameriere: tre anni come capo sala", 3),
    ],
)
def test_stated_years_in_other_languages(text, years):
    assert stated_years(text) == years


@pytest.mark.parametrize(
    "text",
    [
        "Tengo 29 años de edad y vivo en Sevilla.",  # an age
        "Diplomado, 4 años de carrera",  # the length of a study
        "en los últimos 3 años como jefe de turno",  # a part of the career, not all of it
        "I did it once years before",  # an English word that is a Spanish number stays a word
    ],
)
def test_other_figures_in_other_languages_are_not_stated_years(text):
    assert stated_years(text) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Experience: 1 year to less than 2 years", 1),  # the form of Canada's job bank
        ("3 years to under 5 years of site supervision", 3),
        ("Experience: 7 months to less than 1 year", 7 / 12),
    ],
)
def test_a_range_up_to_less_than_a_figure_counts_its_low_end(text, years):
    assert job_min_years(text) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Tanker driver. 9 years long-haul and local, clean record.", 9),
        ("Line cook. 4 yrs fine dining and banquets.", 4),
        ("7 years residential framing and roofing", 7),
    ],
)
def test_a_sentence_that_opens_with_the_figure_states_the_years(text, years):
    assert stated_years(text) == years


@pytest.mark.parametrize(
    "text",
    [
        "Moved to Leeds in 2015. 3 years later I changed trade.",
        "Daughter, 6 years old.",
        "Roof done. 10 years warranty.",
    ],
)
def test_a_figure_opening_a_sentence_about_time_or_age_is_no_experience(text):
    assert stated_years(text) is None


def test_the_length_of_a_programme_opening_a_line_is_no_experience():
    assert stated_years("Education\n4 years programme in Mechanical Engineering, Tallinn") is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Must have worked as a county planner for a minimum period of four (4) years.", 4),
        ("Candidates should have served at Grade 7 for a minimum period of two years.", 2),
        ("Experience in a similar office for a min. term of 5 years.", 5),
        # a contract's length is no experience
        ("The assignment runs for a minimum period of 6 months.", None),
    ],
)
def test_a_minimum_period_of_service(text, years):
    assert job_min_years(text) == years
