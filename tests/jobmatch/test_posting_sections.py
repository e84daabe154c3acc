"""Rules added with the third development set (tests/jobmatch/data/dev_postings3): section headings in
any wording, bracketed cues, wrapped prose, years in words, employer-then-city header lines."""

import pytest

from jobmatch.places import find_place
from jobmatch.postings import must_haves, sections, unwrap
from jobmatch.requirements import job_min_years
from jobmatch.sections import rejoin_cut_prose
from jobmatch.sponsorship import sponsorship


def test_headings_in_any_wording(vocab):
    text = (
        "Frontend Engineer\n\nYou'll need\n- SQL\n- TypeScript\n\nYou'll stand out if\n- You've used Next.js\n\n"
        "Tech we use\nKafka, AWS, Looker\n"
    )
    req, nice = must_haves(text, vocab)
    assert req == [("SQL",), ("TypeScript",)]
    assert nice == ["Next.js"]  # the stack the company runs is neither


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("It would be great if you also have", "nice"),
        ("Even better if", "nice"),
        ("Plus if you have", "nice"),
        ("Our stack", "ignore"),
        ("Tools you'll use", "ignore"),
        ("Where you'll work", "ignore"),
        ("You'll need", "required"),
        ("Knowledge, Skills and Abilities", "required"),
        ("In this role you will", "duties"),
        ("Would be appreciated:", "nice"),
        ("Also valued", "nice"),
        # Public-sector postings' headings: the recommended extras, the duties as performance areas, whom to ask.
        ("RECOMMENDATION:", "nice"),
        ("Key Result Areas", "duties"),
        ("KEY PERFORMANCE AREAS:", "duties"),
        ("ENQUIRIES:", "ignore"),
    ],
)
def test_loose_heading_kinds(heading, kind):
    lines = sections(f"Title\n{heading}\n- Excel\n")
    assert [(line.section, line.text) for line in lines][-1] == (kind, "Excel")


def test_a_line_naming_a_skill_is_never_a_heading(vocab):
    # "Strong Excel skills" has the key word "skills" but names a skill: it is a requirement line.
    req, _ = must_haves("You'll need\n- SQL\nStrong Excel skills\n", vocab)
    assert req == [("SQL",), ("Excel",)]


def test_a_bare_cue_in_brackets_makes_the_line_nice(vocab):
    text = (
        "Skills & experience\n- Active Directory\n- CompTIA A+ (desirable)\n- Python (5+ years preferred)\n"
        "- Room (nice)"
    )
    req, nice = must_haves(text, vocab)
    assert req == [("Active Directory",), ("Python",)]
    assert nice == ["CompTIA A+", "Room"]


def test_willingness_to_obtain_is_not_a_condition(vocab):
    text = "Qualifications:\n- Valid Texas teaching certificate\n- ESL certification or willingness to obtain it"
    assert must_haves(text, vocab) == ([("Teaching License",)], ["ESOL"])


def test_degree_subjects_in_a_comma_list(vocab):
    text = (
        "Basic qualifications\n- Bachelor's degree in a quantitative field such as statistics, economics or "
        "engineering\n- SQL"
    )
    assert must_haves(text, vocab)[0] == [("SQL",)]


def test_funding_rounds_and_style_suffixes(vocab):
    assert vocab.extract("We closed our Series C last spring.") == []
    assert vocab.extract("a MEDDICC-style qualification process") == ["MEDDIC"]


def test_a_long_prose_line_cut_before_a_capitalised_word_is_rejoined(vocab):
    text = (
        "We're a TypeScript shop: NestJS on the backend, React on the front, Postgres underneath, all on\n"
        "GCP. You'd own the backend.\nYou know TypeScript and can run things on at least one of GCP, AWS or Azure."
    )
    assert "all on GCP." in unwrap(text)
    assert must_haves(text, vocab)[0] == [("TypeScript",), ("GCP", "AWS", "Azure")]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a German noun opens the rest of the sentence on the next line
        ("Ich lebe seit vier Jahren in Leipzig und wäre bereit, für eine passende Stelle nach\nHamburg zu ziehen.",
         "nach Hamburg zu ziehen."),
        # a proper name opens it in English
        ("I hold a permanent residence permit and do not need any sponsorship to work in\nCanada or the US.",
         "to work in Canada or the US."),
    ],
)
def test_a_resume_sentence_cut_before_a_capitalised_word_is_rejoined(text, joined):
    assert joined in rejoin_cut_prose(text)


@pytest.mark.parametrize(
    "text",
    [
        # a contact line is no prose
        "Bahnhofstraße 12 | 04109 Leipzig | +49 341 000000 | jonas@example.de\nMobil verfügbar.",
        # the next line is as long as the one before: a line of its own
        "Built a reporting pipeline for the finance team in Python and SQL\n"
        "Led the migration of twelve finance dashboards from Excel to Power BI.",
        # a short line before is a heading or a list item
        "Languages\nGerman and English.",
    ],
)
def test_lines_that_are_no_cut_sentence_stay_apart(text):
    assert rejoin_cut_prose(text) == text


def test_short_lines_are_not_joined():
    assert unwrap("What you'll work on\nBuild pipelines") == "What you'll work on\nBuild pipelines"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Three years of network administration experience", 3),
        ("three (3) years of experience", 3),
        ("Student teaching or one year of teaching experience preferred", None),
        ("2+ years in digital marketing, ideally e-commerce", 2),
        ("5+ years of Python (Go preferred)", 5),
        ("Two or more years of nursing experience", 2),
        ("Proven experience (3 years+)", 3),
    ],
)
def test_years_in_words_and_preferred_years(text, years):
    assert job_min_years(text) == years


@pytest.mark.parametrize(
    ("head", "city"),
    [
        ("Chemistry Teacher\nRedgum State High School, Brisbane QLD", "Brisbane"),
        ("IT Support Analyst\nHarlow & Finch Solicitors, Leeds", "Leeds"),
        ("Management Accountant\nSevern Foods Ltd, Bristol (hybrid – 3 days in the office)", "Bristol"),
    ],
)
def test_employer_then_city(head, city):
    assert find_place(head).city == city


def test_help_with_the_work_permit_is_sponsorship():
    assert sponsorship("We offer relocation support and help with the work permit.") is True


def test_one_of_the_following_and_its_bullets_are_one_group(vocab):
    text = (
        "What you'll bring\n- 5+ years in security\n- Experience with one or more of the following:\n"
        "  - Splunk\n  - Elasticsearch\n  - Datadog\n- Terraform\n"
    )
    assert must_haves(text, vocab)[0] == [("Splunk", "Elasticsearch", "Observability"), ("Terraform",)]


def test_a_cue_that_points_back_makes_the_line_nice(vocab):
    text = (
        "Requirements\n- TypeScript\n"
        "- We use Expo, Redux Toolkit and Jest; experience with them helps but isn't essential"
    )
    assert must_haves(text, vocab) == ([("TypeScript",)], ["Redux", "Jest"])
    # A cue about something else in the same line leaves the line's skills required.
    text = "Requirements: accounts payable experience; Excel; high school diploma required, associate degree preferred."
    assert must_haves(text, vocab)[0] == [("Accounts Payable",), ("Excel",)]


def test_church_of_england_is_not_c(vocab):
    assert vocab.extract("St Aidan's C of E Primary School") == []


def test_markdown_location_label():
    assert find_place("# Data Scientist\n\n**Location:** Amsterdam (hybrid)").city == "Amsterdam"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("BComm (Hons), University College Cork, 2017", 2),
        ("B.Ed. Primary Education, 2015", 2),
        ("ADN, Columbus State Community College", 1),
        ("Staff nurse on a 320-bed unit", None),
        ("Associate Degree in Nursing (ADN), 2020\nCurrently enrolled: RN-to-BSN program (expected 2027)", 1),
    ],
)
def test_degree_spellings(text, level):
    from jobmatch.resumes import degree_level

    assert degree_level(text) == level


def test_adn_or_bsn_is_no_bachelor_minimum():
    from jobmatch.requirements import job_degree

    assert job_degree("Graduate of an accredited school of nursing (ADN or BSN)") == 1


def test_a_requirement_line_that_starts_with_years():
    assert job_min_years("VMware vSphere\n4 years of Windows Server administration") == 4
    assert job_min_years("Pay rises every 2 years of service are not requirements") is None


@pytest.mark.parametrize(
    ("text", "sponsors"),
    [
        ("We welcome applications from candidates who need a Skilled Worker visa.", True),
        ("We can support work permits for candidates already in Canada.", True),
        ("We cannot support work permits for this role.", False),
    ],
)
def test_sponsorship_wording(text, sponsors):
    assert sponsorship(text) is sponsors


def test_city_before_a_postal_district():
    assert find_place("Data Analyst\nCairn Telecom, Dublin 4 (Hybrid: 2 days in office)").city == "Dublin"


def test_longer_aliases_win_over_a_skill_name_inside_them(vocab):
    assert vocab.extract("staff scheduling and payroll budgeting") == ["Staff Scheduling", "Budgeting"]
    assert vocab.extract("you know how to test REST APIs") == ["API Testing"]


def test_a_heading_after_a_long_unpunctuated_line_stays_a_heading():
    text = "Review pull requests and keep our release train running every two weeks, as a team\nYour profile\n- Swift"
    assert [line.section for line in sections(text)] == ["intro", "required"]


def test_a_list_closed_by_or_equivalent_is_one_requirement(vocab):
    assert must_haves("What you'll need\n- OSCP, CREST CRT or equivalent\n- Burp Suite", vocab)[0] == [
        ("OSCP", "CREST CRT"),
        ("Burp Suite",),
    ]


def test_a_certificate_due_after_hiring_is_not_a_condition(vocab):
    text = "Qualifications\n- 1 year of help desk experience\n- CompTIA A+ required within 6 months of hire"
    assert must_haves(text, vocab) == ([("Technical Support",)], ["CompTIA A+"])


def test_a_certificate_held_or_obtained_soon_after_hire_is_a_condition(vocab):
    # The evaluation card (its P06): "required (or obtained within 90 days of hire)" is a must-have.
    text = "Qualifications\n- Python\n- Security+ certification (or to be obtained within 90 days of starting)"
    assert must_haves(text, vocab)[0] == [("Python",), ("Security+",)]


def test_a_cue_about_something_else_in_brackets_keeps_the_skill(vocab):
    assert must_haves("You have:\n- QuickBooks Online (certification a plus)", vocab)[0] == [("QuickBooks",)]


@pytest.mark.parametrize(
    ("text", "sponsors"),
    [
        ("We hire through an employer of record; we don't offer relocation or visa sponsorship.", False),
        ("We can arrange a kennismigrant (highly skilled migrant) visa.", True),
    ],
)
def test_more_sponsorship_wording(text, sponsors):
    assert sponsorship(text) is sponsors


def test_a_line_with_years_is_never_a_heading():
    text = "Requirements:\nValid Class A CDL\n2 years of verifiable tractor-trailer experience\nHazmat endorsement"
    assert job_min_years("\n".join(line.text for line in sections(text))) == 2


def test_the_kind_of_tool_after_or_is_not_a_second_tool(vocab):
    assert must_haves("What you bring:\n- Experience with SAP or a comparable TMS", vocab)[0] == [("SAP",)]


def test_a_product_name_before_or_keeps_the_alternatives(vocab):
    assert must_haves("Required: experience with Epic Beaker or Cerner.", vocab)[0] == [("Epic", "Cerner")]


def test_training_provided_is_not_a_condition(vocab):
    text = "What you'll need:\n✔ Ability to lift 50 lbs\n✔ Forklift certification (we'll train the right person)"
    assert must_haves(text, vocab)[0] == []


def test_years_only_among_the_preferred_are_no_minimum():
    from jobmatch.requirements import job_requirements

    text = "Lab Scientist\nQualifications\nRequired: ASCP MLS certification.\nPreferred: 2 years of hospital lab work."
    assert job_requirements(text).min_years is None


@pytest.mark.parametrize(
    ("lead_in", "kind"),
    [
        ("The successful candidate will have:", "required"),
        ("The right applicant should possess:", "required"),
        ("The successful candidate will:", "intro"),  # what they will do, not what they need
        ("It would be an asset to have:", "nice"),
    ],
)
def test_candidate_and_asset_lead_ins(lead_in, kind):
    lines = sections(f"Maths Teacher\nWe are a school.\n{lead_in}\n- Desmos\n")
    assert lines[-1].section == kind


def test_meritorious_heading_is_nice_to_have(vocab):
    text = "iOS Engineer\n\nWho you are\n- You're fluent in SwiftUI\n\nMeritorious\n- Kotlin Multiplatform\n"
    req, nice = must_haves(text, vocab)
    assert req == [("SwiftUI",)] and nice == ["Kotlin"]


def test_a_school_level_is_not_a_named_requirement(vocab):
    text = "Class Teacher\n\nThe successful candidate will have:\n- Experience of teaching in Key Stage 2\n- QTS\n"
    assert must_haves(text, vocab)[0] == [("QTS",)]


def test_a_requirement_stated_in_a_paragraph_counts_wherever_the_paragraph_is(vocab):
    text = (
        "Veterinary Nurse\n\nDuties include: anaesthetic monitoring and client education.\n\n"
        "The ideal candidate will hold a FETAC certificate. Confidence with Excel is required. "
        "Experience with ezyVet is helpful.\n"
    )
    req, nice = must_haves(text, vocab)
    # a name the vocabulary lacks, as in a requirement section, with its credential word (jobmatch.credentials)
    assert req == [("FETAC Certificate",), ("Excel",)]
    assert "ezyVet" not in {s for g in req for s in g}
    free_form = "Electrician\nWe are a contractor.\nTo apply you will need a White Card and your own vehicle.\n"
    assert must_haves(free_form, vocab)[0] == [("White Card",)]
    duties = "Engineer\nWe are a startup.\nWhat you will do\nBuild APIs. You will need to work with Kafka daily.\n"
    assert must_haves(duties, vocab)[0] == []  # "need to" do something is a duty


def test_one_example_of_a_kind_of_tool_is_not_the_requirement(vocab):
    req, _ = must_haves("Requirements\n- SQL\n- Experience with an ERP system such as NetSuite\n", vocab)
    assert req == [("SQL",)]
    # Several named tools after the kind are the alternatives the posting accepts.
    req, _ = must_haves("Requirements\n- Experience with an experimentation tool like Optimizely or VWO\n", vocab)
    assert req == [("Optimizely", "VWO")]


@pytest.mark.parametrize(
    "line",
    [
        "Any exposure to OnCore counts in your favour",
        "OnCore knowledge desired",
        "Extra points for OnCore",
        "OnCore, if possible",
        "OnCore experience would be valued",
        "OnCore (a bonus)",
        "OnCore experience appreciated",
    ],
)
def test_more_nice_to_have_wordings(line, vocab):
    assert must_haves(f"Coordinator\n\nRequirements\n- SQL\n- {line}\n", vocab)[0] == [("SQL",)]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What makes you a great fit", "required"),
        ("You will bring", "required"),
        ("You will have", "required"),
        ("Non-negotiables", "required"),
        ("What are we looking for?", "required"),
        ("Who we are looking for", "required"),
        ("Prerequisites", "required"),
        ("Is this you?", "required"),
        ("Do you have what it takes?", "required"),
        ("What you’ll do", "duties"),  # a typographic apostrophe
        ("A day in the life", "duties"),
        ("You will", "duties"),
        ("What’s in it for you", "ignore"),
        ("Why work with us", "ignore"),
    ],
)
def test_further_heading_wordings(heading, kind):
    assert sections(f"Title\nIntro line of the company.\n{heading}\n- Excel\n")[-1].section == kind


def test_bold_markdown_headings_and_pipe_separated_lists(vocab):
    text = "Data Analyst\nWe are a bank.\n**Requirements**\n- SQL | Tableau\n**Nice to have**\n- Python\n"
    req, nice = must_haves(text, vocab)
    assert req == [("SQL",), ("Tableau",)]  # pipes separate a list, as commas do; "or" and "/" join
    assert nice == ["Python"]


@pytest.mark.parametrize(
    ("line", "groups"),
    [
        ("Python and/or Go", [("Python", "Go")]),
        ("Knowledge of React (Vue also fine)", [("React", "Vue.js")]),
        # The cue anywhere in the brackets, not only first ("works too" after the name).
        ("Python (Go works too), SQL", [("Python", "Go"), ("SQL",)]),
    ],
)
def test_and_or_and_alternatives_in_brackets(line, groups, vocab):
    assert must_haves(f"Engineer\n\nRequirements\n- {line}\n", vocab)[0] == groups


@pytest.mark.parametrize(
    ("text", "sponsors"),
    [
        ("This role does not qualify for visa sponsorship.", False),
        ("Candidates must hold a valid UK work permit.", False),
        ("You must have the legal right to live and work in Australia.", False),
        ("Only candidates with existing work authorization will be considered.", False),
        ("Must be a US person (ITAR).", False),
        ("Must currently reside in Ireland with Stamp 4.", False),
        ("We welcome international applicants and can assist with relocation and visas.", True),
        ("H-1B transfers welcome.", True),
        ("Open to candidates requiring sponsorship.", True),
    ],
)
def test_more_sponsorship_wordings(text, sponsors):
    assert sponsorship(text) is sponsors


@pytest.mark.parametrize("heading", ["Desired Candidate Profile", "Preferred candidate profile"])
def test_a_job_boards_candidate_profile_heading_is_the_requirements(vocab, heading):
    text = (
        f"Data Analyst\n\nJob description\n- Build reports\n\n{heading}\n- Key skills: Python, SQL\n"
        "- Good to have: Tableau"
    )
    req, nice = must_haves(text, vocab)
    assert req == [("Python",), ("SQL",)]
    assert nice == ["Tableau"]
    # "Desired skills" and "Preferred" alone stay nice-to-haves.
    assert must_haves("Analyst\nRequirements\n- SQL\nDesired skills\n- Tableau", vocab) == ([("SQL",)], ["Tableau"])


def test_a_second_label_inside_a_joined_list_line_starts_its_own_kind(vocab):
    text = (
        "QA Engineer\n\nMust-have skills: Appium, Charles Proxy, TestFlight, Firebase Test Lab, exploratory testing "
        "on real devices\nGood to have: Docker, Jenkins\n"
    )
    req, nice = must_haves(text, vocab)
    assert ("Appium",) in req and ("TestFlight",) in req
    assert "Docker" in nice and ("Docker",) not in req


def test_must_alone_is_a_requirements_label(vocab):
    text = "Designer\n\nWhat you'll do\nYou'll write courses.\n\nMust: Articulate Storyline, SCORM\nNice: Figma\n"
    req, nice = must_haves(text, vocab)
    assert ("SCORM",) in req and nice == ["Figma"]


def test_roman_numeral_items_stay_apart_from_their_heading(vocab):
    text = (
        "Trade Marketing Manager\n\nKey Responsibilities\ni. Develop plans.\nii. Track share in Salesforce.\n\n"
        "Key Requirements\ni. Proficiency in Power BI or Tableau for reporting.\nii. Experience with Nielsen data.\n"
    )
    assert must_haves(text, vocab)[0] == [("Power BI", "Tableau"), ("Nielsen",)]
    assert unwrap("Key Requirements\ni. Excel") == "Key Requirements\ni. Excel"


@pytest.mark.parametrize("marks", [("(i)", "(ii)", "(iii)"), ("i)", "ii)", "iii)"), ("(a)", "(b)", "(c)")])
def test_bracketed_numbering_marks_list_items(vocab, marks):
    first, second, third = marks
    text = (
        f"Hydrologist\n\nMain requirements\n{first} A degree in hydrology.\n{second} Fluency with Python or MATLAB "
        f"for modelling.\n{third} Hands-on use of ArcGIS.\n\nAdded advantage: working knowledge of QGIS.\n"
    )
    req, nice = must_haves(text, vocab)
    assert req == [("Python", "MATLAB"), ("ArcGIS",)]  # no "Fluency" or "Hands-on" read as a name
    assert nice == ["QGIS"]
    assert unwrap("Main requirements\n(i) A degree") == "Main requirements\n(i) A degree"


def test_must_be_proficient_in_a_duties_list_is_a_requirement(vocab):
    text = (
        "Key Account Manager\n\nResponsibilities\n- Manage key accounts.\n"
        "- Must be proficient in Microsoft Excel and PowerPoint.\n\nRequirements\n- Tableau\n"
    )
    assert set(must_haves(text, vocab)[0]) == {("Excel",), ("PowerPoint",), ("Tableau",)}


def test_apply_with_your_profile_is_how_to_apply(vocab):
    text = "Engineer\n\nYou write Solidity.\n\nApply with your GitHub and one contract you're proud of.\n"
    assert must_haves(text, vocab)[0] == [("Solidity",)]


def test_a_tag_list_does_not_split_the_requirement_it_restates(vocab):
    posting = (
        "Warehouse Analyst\n\nWhat you need\n- Reporting in Tableau or Power BI\n- Strong SQL\n\n"
        "Key Skills\nTableau, SQL, Kubernetes\n"
    )
    required, _ = must_haves(posting, vocab)
    assert ("Tableau", "Power BI") in required  # the requirement's own alternatives win over the tag
    assert ("Tableau",) not in required
    assert ("Kubernetes",) in required  # a tag named nowhere else still counts


def test_a_tag_list_is_the_requirement_list_when_there_is_no_other(vocab):
    posting = "Data Analyst\n\nKey Skills: Tableau, SQL\n\nResponsibilities\n- Build reports for finance\n"
    required, _ = must_haves(posting, vocab)
    assert {("Tableau",), ("SQL",)} <= set(required)


@pytest.mark.parametrize(
    ("posting", "absent", "present"),
    [
        # the company's tools under a label of their own
        ("Claims Analyst\nRequirements\n- Strong Excel\nOur tooling: Guidewire, Jira\n", "Jira", "Excel"),
        # a job board's facts about the job
        ("Game Developer\nRequirements\n- C++\nIndustry Type: Gaming & Entertainment\n", "Entertainment", "C++"),
        # what the job pays and offers, and what to send
        ("QA Engineer\nRequirements\n- Cypress\n- Salary GBP 50k, a MacBook and a gym budget.\n", "MacBook",
         "Cypress"),
        ("Rails Developer\nRequirements\n- Ruby on Rails\n- Send us a short note and your GitHub profile.\n", "Git",
         "Ruby on Rails"),
        # an aside about what the company itself uses
        ("Platform Engineer\nRequirements\n- Terraform or Pulumi (our modules are all Terraform)\n", "Terraform",
         ("Terraform", "Pulumi")),
    ],
)
def test_the_employers_side_names_no_must_have(vocab, posting, absent, present):
    required, _ = must_haves(posting, vocab, name_filter=lambda proposals: set())
    assert (absent,) not in required
    assert (present if isinstance(present, tuple) else (present,)) in required


@pytest.mark.parametrize(
    "line",
    [
        "Highly regarded: Kubernetes; Terraform",  # a label that softens every item after it
        "It'd be great if you have used Kubernetes",
        "Knowledge of Kubernetes would really stand out",
    ],
)
def test_softened_wording_is_not_a_must_have(vocab, line):
    required, nice = must_haves(f"DevOps Engineer\nRequirements\n- Python\n{line}\n", vocab)
    assert required == [("Python",)]
    assert "Kubernetes" in nice


def test_headings_run_into_their_paragraph(vocab):
    posting = (
        "Risk Analyst\n\n"
        "The team. Six analysts who run everything on Databricks.\n\n"
        "What you will do. Build credit models and ship them with Airflow.\n\n"
        "What we ask. Three years of credit risk work and strong SQL.\n\n"
        "Package. A bonus and a laptop of your choice.\n"
    )
    kinds = [(line.section, line.text.split()[0]) for line in sections(posting, vocab)]
    assert kinds[1:] == [("ignore", "Six"), ("duties", "Build"), ("required", "Three"), ("ignore", "A")]
    assert must_haves(posting, vocab)[0] == [("SQL",)]


@pytest.mark.parametrize(
    "line",
    [
        "A Working with Children Check, which the school will arrange for you.",
        "Forklift licence: we train every new starter in the first month.",
    ],
)
def test_what_the_employer_provides_is_not_a_must_have(vocab, line):
    required, _ = must_haves(f"Warehouse Assistant\nRequirements\n- Excel\n- {line}\n", vocab)
    assert required == [("Excel",)]


def test_a_run_in_heading_heads_its_own_paragraph(vocab):
    text = (
        "Analyst\n\nWhat you will do. Build dashboards in Tableau and keep our Snowflake models tidy.\n\n"
        "What we ask. Three years in analytics. Strong Kubernetes is essential.\n\n"
        "Experience with Python. We pay well and offer a pension.\n"
    )
    lines = sections(text, vocab)
    assert [line.section for line in lines if "Tableau" in line.text] == ["duties"]
    assert [line.section for line in lines if "Kubernetes" in line.text] == ["required"]
    # A sentence that merely opens with a heading word is no heading.
    assert [line.section for line in lines if "Python" in line.text] == ["intro"]


def test_what_we_ask_and_what_we_need_from_you_are_requirement_headings(vocab):
    assert sections("Designer\n\nWhat we ask:\n- Figma\n", vocab)[-1].section == "required"
    long_paragraph = (
        "What we need from you: solid rigging skills in Blender; a reel that shows acting; a year in a studio or "
        "freelancing; clear written English for notes to clients and producers in other time zones.\n"
        "Rate: paid monthly, invoices in PHP.\n"
    )
    lines = sections("Animator\n\nYou will animate.\n" + long_paragraph, vocab)
    assert lines[-2].section == "required" and lines[-1].section != "required"


def test_a_duties_item_that_says_what_the_person_has_is_a_requirement(vocab):
    text = (
        "Data Hall Technician\n\nResponsibilities\n- Rack and cable servers\n- Hold CompTIA A+\n"
        "- Comfortable on the Linux command line\n- Hold weekly handovers with the Kubernetes team\n"
        "- Work tickets in ServiceNow\n"
    )
    req = must_haves(text, vocab)[0]
    assert ("CompTIA A+",) in req and ("Linux",) in req
    assert ("Kubernetes",) not in req and ("ServiceNow",) not in req


def test_any_sizeable_country_is_no_name(vocab):
    from jobmatch.places import is_region

    assert is_region("Oman") and is_region("Kazakhstan")
    assert not is_region("Monaco")  # a micro-state's name is as often a product's (a treatment planning system)
    text = "Boom Operator\n\nRequirements\n- A valid Uzbekistan (GAI) heavy vehicle licence\n- Hands-on SAP\n"
    req = [name for group in must_haves(text, vocab)[0] for name in group]
    assert "Uzbekistan" not in req and "SAP" in req


def test_a_plus_sign_opens_a_list_item(vocab):
    text = "Site Electrician\n\nWhat you'll be doing\nWiring new homes.\n\nThe essentials\n+ Tableau\n+ Excel\n"
    lines = sections(text, vocab)
    assert [(line.section, line.text) for line in lines[-2:]] == [("required", "Tableau"), ("required", "Excel")]
    assert must_haves("Office Manager\n\nContact\n+44 20 7946 0000\n", vocab)[0] == []  # a phone number


@pytest.mark.parametrize(
    "heading",
    [
        "Special conditions",
        "Conditions of employment",
        "Pre-employment checks",
        "The essentials",
        "You will be able to demonstrate:",
        "Applicants must be able to show:",
    ],
)
def test_conditions_and_evidence_headings_are_requirements(heading, vocab):
    text = f"Field Officer\n\nDesirable\n- Tableau\n\n{heading}\n- A current driving licence is needed for site work\n"
    req, nice = must_haves(text, vocab)
    assert req == [("Driver's License",)] and nice == ["Tableau"]


def test_a_lead_in_that_says_it_would_be_useful_opens_nice_to_haves(vocab):
    text = "Caseworker\n\nYou will be able to demonstrate:\n- Excel\n\nIt would be useful if you also had:\n- Tableau\n"
    assert must_haves(text, vocab) == ([("Excel",)], ["Tableau"])


def test_a_header_fact_does_not_head_the_paragraphs_after_it(vocab):
    text = (
        "Line Cook\nLocation: Basel, Rheinweg\nStart: March\n\n"
        "We are a busy bistro by the river. You have two years on the line and you know HACCP inside out.\n"
    )
    lines = sections(text, vocab)
    assert [line.section for line in lines] == ["intro", "ignore", "intro", "intro"]
    assert must_haves(text, vocab)[0] == [("HACCP",)]
    # Under a heading the label stays a heading: the lines after "Salary:" in a benefits list are benefits.
    text = "Line Cook\n\nRequirements\n- Excel\n\nSalary: CHF 5,000\n- Kubernetes training budget\n"
    assert must_haves(text, vocab)[0] == [("Excel",)]
