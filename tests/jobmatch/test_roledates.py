"""Years from a résumé's dated roles: date spellings, open-ended roles, lines that are no role, and titles
written on the line beside their dates."""

from datetime import date

import pytest

from jobmatch.roledates import dated_years

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2020.05 - Present   Backend Developer, Acme", 6.5),  # year.month, as written in East Asia
        ("2018.01 - 2019.12   Analyst, Foo Ltd", 2.0),
        ("ago/2020 – atual | Engenheira de Dados, Banco X", 6.3),  # month/year with a Portuguese month
        ("Since 2016   Store Manager, Corner Shop", 10.3),
        ("seit 09/2022\nProjektleiter, Beispiel GmbH", 4.2),
        ("Lab Manager (since March 2024), Example Labs", 2.7),
        ("2023-03 – pågående (ongoing)\nUtvecklare", 3.7),
        ("06/2021 - i dag   Rådgiver, Kommune", 5.4),
    ],
)
def test_date_spellings_and_open_ended_roles(text, years):
    assert dated_years(text, today=TODAY) == years


def test_since_inside_a_sentence_is_no_role():
    assert dated_years("Living in Lisbon since 2010; Portuguese speaker.", today=TODAY) is None


@pytest.mark.parametrize(
    "line",
    [
        "2012 - 2015   Articled Clerk, Mehta & Co Chartered Accountants",
        "2016 - 2018   Law firm articling, Smith LLP",
        "2009 - 2012   Apprentice Electrician, Sparks Pty Ltd",
        "Jan 2018 - Jun 2018   Werkstudent Datenanalyse, Beispiel AG",
        "03/2017 - 06/2017   Clinical rotation (student), City Hospital",
        "2019 - 2021   Career break: full-time carer for a parent",
        "2014 - 2015   Sabbatical, travelling in South America",
        "2020 - 2021   Parental leave",
    ],
)
def test_training_and_time_out_are_not_roles(line):
    text = f"Oct 2021 - Present   Operations Lead, Northwind\n{line}"
    assert dated_years(text, today=TODAY) == 5.1


@pytest.mark.parametrize(
    "line",
    [
        "2020 - 2024   Student Services Advisor, Lakeside University",
        "2020 - 2024   Ward Sister; mentor to student nurses",
    ],
)
def test_work_with_students_is_a_job(line):
    assert dated_years(line, today=TODAY) == 4.0


def test_dates_written_before_the_title_belong_to_the_line_after():
    text = (
        "PROFESSIONAL EXPERIENCE\n"
        "04/2022 - Present\n"
        "Process Engineer, Widget Works\n"
        "Ran the line-balancing project.\n"
        "09/2020 - 03/2022\n"
        "Graduate placement, Widget Works\n"
        "Rotations through quality and maintenance.\n"
    )
    assert dated_years(text, today=TODAY) == 4.6


def test_dates_written_after_the_title_belong_to_the_line_before():
    text = (
        "Experience\n"
        "Quality Engineer - Gearbox Ltd\n"
        "2022-02 – present\n"
        "Supplier audits and 8D reports; trained two placement students\n"
        "Engineering Intern - Gearbox Ltd\n"
        "2021-06 – 2021-09\n"
    )
    # the description line after the first dates speaks of placements; it is not that role's title
    assert dated_years(text, today=TODAY) == 4.7  # February 2022 to November 2026


def test_a_bullet_before_the_dates_is_no_title():
    text = "Nurse Manager\n- precepted student nurses\n2019 - 2023\n"
    assert dated_years(text, today=TODAY) == 4.0


@pytest.mark.parametrize(
    "line",
    [
        "2008 - 2011   Lærling tømrer, Bergen Bygg AS",  # a Norwegian apprentice
        "2009 - 2012   Auszubildender Mechatroniker, Muster GmbH",
        "10/2014 – 09/2018 | Wissenschaftlicher Mitarbeiter, Institut für Physik",  # a German doctoral post
    ],
)
def test_apprentices_and_doctoral_posts_in_other_languages_are_not_roles(line):
    text = f"Oct 2021 - Present   Operations Lead, Northwind\n{line}"
    assert dated_years(text, today=TODAY) == 5.1


def test_a_leave_noted_beside_a_role_keeps_the_role():
    text = "Pharmacist, Corner Pharmacy\nApr 2017 - Mar 2021 (maternity leave May 2019 - Jan 2020)"
    assert dated_years(text, today=TODAY) == 4.0


def test_an_aside_alone_on_its_line_is_still_read_as_written():
    assert dated_years("(Career break Feb 2020 - Jan 2021)", today=TODAY) is None


@pytest.mark.parametrize(
    "heading",
    ["EDUCATIONAL QUALIFICATIONS", "UTDANNING", "Utbildning", "Wykształcenie"],
)
def test_education_headings_in_more_wordings(heading):
    text = f"Work history\nMar 2022 - present  Buyer, Nordlys AS\n{heading}\n2015 - 2019  Some College\n"
    assert dated_years(text, today=TODAY) == 4.7


def test_the_nordic_word_for_to_this_day_is_present():
    assert dated_years("2020 - d.d.  Driftsleder, Fjord Energi AS", today=TODAY) == 6.3  # from the middle of 2020


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Backend Engineer, Foo · 2021-03 → 2023-02", 2.0),  # an arrow between the ends
        ("Data Engineer, Bar -- 2024-11 -> present", 2.0),
        ("Ward Sister, St Olave's\n9/2021 –\n- runs the night rota", 5.2),  # left open at the end of its line
        ("Buyer, Nordlys AS  03/2019 -", 7.7),
    ],
)
def test_arrows_and_ranges_left_open(text, years):
    assert dated_years(text, today=TODAY) == years


def test_a_range_wrapped_onto_the_next_line_is_closed_there():
    text = "Site Engineer, Coastline Ltd\nFeb 2016 –\nJan 2018\n- drainage design"
    assert dated_years(text, today=TODAY) == 2.0


@pytest.mark.parametrize(
    "title",
    ["Special Education Teacher, Hillside Primary", "Education Officer, Natural History Museum",
     "Health Education Specialist | County Council"],
)  # fmt: skip
def test_a_job_in_education_is_a_role(title):
    assert dated_years(f"{title}\n2019 - 2023\n", today=TODAY) == 4.0


def test_education_as_a_heading_or_a_course_is_still_no_role():
    text = "Work\nMar 2022 - present  Clerk, Town Hall\nContinuing education 2015 - 2019\nEducation\n2010 - 2014 Uni"
    assert dated_years(text, today=TODAY) == 4.7


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Welder, Fjordline Yard\nFrom 01.09.2016 to 31.08.2020", 4.0),  # day first, with points
        ("Rigger, Gulf Marine  2018-04-10 - 2021-03-31", 3.0),  # ISO dates
        ("Crane Operator\n20/05/2021 - Present", 5.5),  # the second number a month, the first a day
        ("Estimator\n05/28/2019 - 06/30/2020", 1.2),  # the second number no month: month first
    ],
)
def test_whole_dates_count_by_their_month(text, years):
    assert dated_years(text, today=TODAY) == years


def test_training_a_professional_body_requires_is_no_role():
    text = (
        "Audit Senior | Rowan & Birch LLP\nMar 2020 - Present\n"
        "Trainee (compulsory practical training for the institute) | Ashdown Partners\nJan 2018 - Dec 2019"
    )
    assert dated_years(text, today=TODAY) == 6.7


def test_a_trainee_post_alone_is_a_role():
    assert dated_years("Graduate Trainee, Harbour Insurance\nSep 2019 - Aug 2021", today=TODAY) == 2.0


def test_a_title_wrapped_onto_a_second_line_is_read_whole():
    text = (
        "Analyst - Norrvik Energy\n06/2022 - present\n"
        "Doctoral candidate and teaching assistant - Uppsala University, Department\n"
        "of Earth Sciences\n09/2017 - 05/2022"
    )
    assert dated_years(text, today=TODAY) == 4.4


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Warehouse Lead\n2nd March 2021 - 28th February 2023", 2.0),  # an ordinal day before the month
        ("Buyer, Kestrel Foods\n14 May 2019 - 13 April 2020", 1.0),  # a plain day before the month
        ("Sous Chef | October 1, 2022 - September 30, 2024", 2.0),  # a day after the month, US style
        ("Verpleegkundige, Ziekenhuis Oost\n03-2020 - 02-2024", 4.0),  # month-year joined by a hyphen
    ],
)
def test_a_written_day_or_a_hyphened_month_still_dates_the_role(text, years):
    assert dated_years(text, today=TODAY) == years


def test_a_range_open_at_the_end_of_its_table_cell_runs_to_the_present():
    rows = (
        "Period | Post | Employer\n"
        "2/2022 - | Dispatcher | Lakeside Haulage\n"
        "1/2019 - 1/2022 | Driver | Lakeside Haulage"
    )
    assert dated_years(rows, today=TODAY) == 7.8


def test_a_dual_study_programme_is_no_role():
    text = (
        "Account Manager, Brightwater AG\n10/2021 - today\n"
        "Dual student (business informatics), Brightwater AG\n10/2018 - 09/2021"
    )
    assert dated_years(text, today=TODAY) == 5.1


def test_a_research_assistant_post_counts_but_a_graduate_one_does_not():
    staff = "Research Assistant, Marine Biology Institute   01/2016 - 12/2018"
    graduate = "Graduate Research Assistant, State University   01/2016 - 12/2018"
    assert dated_years(staff, today=TODAY) == 3.0
    assert dated_years(graduate, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("oct. 2023 – a la fecha | Contadora, Estudio Rivas", 3.1),  # Spanish "to date"
        ("03/2020 – até hoje   Analista, Empresa Y", 6.7),  # Portuguese
        ("Juriste, Cabinet Z   sept. 2021 – à ce jour", 5.2),  # French
    ],
)
def test_to_date_in_other_languages_runs_to_the_present(text, years):
    assert dated_years(text, today=TODAY) == years


@pytest.mark.parametrize(
    "intern",
    [
        "Practicante profesional, Estudio Rivas   ene. 2018 – dic. 2018",
        "Estagiária de engenharia, Construtora Y   03/2018 - 12/2018",
        "Pasante, Banco Sur   2018 - 2019",
        "Stagiaire juriste, Cabinet Z   01/2018 - 06/2018",
    ],
)
def test_an_intern_named_in_another_language_is_no_role(intern):
    assert dated_years(intern, today=TODAY) is None


def test_study_toward_a_licence_is_no_role():
    text = (
        "Staff Pharmacist, Northside Hospital   Apr 2019 - Mar 2021\n"
        "Jun 2018 - Mar 2019   Overseas pharmacist bridging programme, Metro University\n"
        "2017 - 2018   Review for the national board exam\n"
        "2016   Bar exam review course"
    )
    assert dated_years(text, today=TODAY) == 2.0


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # a whole date with the month in letters between hyphens, as Indian résumés write it
        (
            "Site Engineer, Some Infra Ltd\nFrom 03-Feb-2019 to 28-Sep-2022\n"
            "Planner, Other Co\nFrom 01-Oct-2022 to Present",
            7.7,
        ),
        ("Accounts Officer   12/Mar/2015 - 30/Apr/2018", 3.2),
    ],
)
def test_a_day_hyphened_to_the_month_counts_by_its_month(text, years):
    assert dated_years(text, today=TODAY) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("05/2021 – nay\nKế toán viên (accountant), Công ty ABC", 5.5),  # Vietnamese "now"
        ("Jan 2020 - sekarang | Staf Keuangan, PT Contoh", 6.8),  # Indonesian and Malay "now"
        ("2019 - halen   Muhasebe Uzmanı, Örnek A.Ş.", 7.3),  # Turkish "still"
    ],
)
def test_the_present_in_vietnamese_indonesian_and_turkish(text, years):
    assert dated_years(text, today=TODAY) == years


def test_dates_first_with_the_employer_above_the_title_reads_both_lines():
    text = (
        "WORK EXPERIENCE\n"
        "04/2019 – present\n"
        "Harbourview Hotel\n"
        "Front Office Supervisor\n"
        "- Ran the night audit.\n"
        "\n"
        "09/2018 – 03/2019\n"
        "Harbourview Hotel\n"
        "Front office intern\n"
    )
    assert dated_years(text, today=TODAY) == 7.6
    # a sentence under the employer is the role's description, not its title
    described = text.replace("Front office intern", "Covered the desk while a manager was on maternity leave.")
    assert dated_years(described, today=TODAY) == 8.2


@pytest.mark.parametrize(
    "service",
    [
        "NYSC - Teacher (place of primary assignment), Government Secondary School, Jos",
        "National Youth Service - Graduate Assistant, Ministry of Works",
        "Zivildienst, Altenheim St. Anna, Bremen",
        "Compulsory military service, Signals Battalion",
    ],
)
def test_a_service_the_state_requires_is_no_role(service):
    text = f"Site Engineer, Bolt & Girder Ltd\nJan 2019 - Dec 2022\n{service}\nJan 2017 - Dec 2017"
    assert dated_years(text, today=TODAY) == 4.0


def test_a_soldiers_own_career_still_counts():
    assert dated_years("Infantry Officer, British Army\nSep 2010 - Aug 2018", today=TODAY) == 8.0


def test_a_training_section_that_names_its_kind_holds_no_roles():
    text = (
        "WORK HISTORY\nTax Adviser, Hollins & Vane\n2020 - 2024\n"
        "FURTHER TRAINING\nEvening course in company law, City Academy (2021 - 2022)\n"
        "Vocational training\nCourse in payroll software (2019 - 2020)"
    )
    assert dated_years(text, today=TODAY) == 4.0


def test_spanish_and_portuguese_month_de_year():
    text = (
        "Analista Financiera | Banco Sur\nAbril de 2019 - diciembre de 2022\n"
        "Engenheiro | Obras SA\nmarço de 2023 - atual"
    )
    assert dated_years(text, today=TODAY) == 7.4


def test_a_move_between_countries_between_jobs_is_no_role():
    text = (
        "Nurse, City Hospital, Manila    Jan 2014 - Dec 2018\n"
        "Jan 2019 - Jun 2019: moved to New Zealand, sat the competence assessment\n"
        "Staff Nurse, Waikato Hospital    Jul 2019 - present"
    )
    assert dated_years(text, today=TODAY) == 12.3


def test_internship_title_above_an_employer_line_with_dates_is_no_role():
    text = (
        "Logistics Planner\nNordfrakt AS, Oslo    May 2018 - Apr 2024\n"
        "Summer internship - warehouse analytics\nKargo Partners, Bergen    Jun 2016 - Aug 2016"
    )
    assert dated_years(text, today=TODAY) == 6.0


def test_a_range_wrapped_before_its_dash_is_one_range():
    text = "Pharmacist, Town Pharmacy | Feb. 2016\n- Jan. 2020\n- Dispensed and counselled\n"
    assert dated_years(text, today=TODAY) == 4.0
