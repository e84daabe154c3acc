"""The office city of a posting (jobmatch.offices) and the arrangement wordings added with it."""

import pytest

from jobmatch.arrangement import workplace
from jobmatch.offices import mentions, office_place, population
from jobmatch.places import find_place, head_place
from jobmatch.requirements import job_requirements


def city(text):
    place = office_place(text)
    return place.city if place else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the title line, a district after the city in brackets, a city-state
        ("Preschool Teacher – Singapore (Jurong East)\nFull time", "Singapore"),
        ("Quant Developer — Osaka\n\nWe trade options.\nLocation: Umeda, Osaka — on-site.", "Osaka"),
        # a district before its city on a label line: the city
        ("Quant Developer\n\nWe trade options.\nLocation: Otemachi, Tokyo — on-site.", "Tokyo"),
        ("SITE MANAGER\nBermondsey, London SE1 | £70,000 | Permanent", "London"),
        # of two offices, the first
        ("FPGA Engineer\nLeeds or Manchester, UK — hybrid", "Leeds"),
        ("BIM Technician\nDoha or Dubai, Qatar\n", "Doha"),
        # a company name in the header is not the office
        ("Financial Analyst\nMeridian Outdoor Co. — Boise, ID (hybrid)", "Boise"),
        ("Analyst\nSummit Health Partners\nYou will be based in our Denver office.", "Denver"),
        # a sentence that places the job beats a blurb about other offices
        ("Engineer\nWe also have offices in Berlin and Madrid.\nYou will work from our Porto office.", "Porto"),
        (
            "Gas Engineer – West Yorkshire\n£40k\nOur engineers start at home; the stores are at our Leeds depot.",
            "Leeds",
        ),
        # an upper-case heading; a city joined to its district by a hyphen; "X City" as written
        ("CITY OF CAPE TOWN\nPOST: TOWN PLANNER", "Cape Town"),
        ("Driver CE (m/f/d)\nMunich-Riem · Full-time · Permanent", "Munich"),
        ("Social Media Manager\nAcme Foods Inc.\nPasig City | Hybrid | Full time", "Pasig City"),
        # a town the gazetteer does not list, before its province
        (
            "Heavy Equipment Technician\nMine site, north of Fort Chipewyan, AB\nRotation: 14 on / 14 off",
            "Fort Chipewyan",
        ),
        # an address ends with its city
        (
            "Flutter Developer\nCompany: Sai Tech JSC\nAddress: Floor 9, 12 Le Loi, District 1, Ho Chi Minh City",
            "Ho Chi Minh City",
        ),
        # a county around its city; a saint's town written with its full stop; a frequent name of a large city
        ("Care Assistant\nLocation: Greater Manchester\nDays.", "Manchester"),
        ("Staff Nurse\nSt. John's, NL\nNights.", "St. John's"),
        ("Analyst\nWe are a small team.\nYou will join our Boston office.", "Boston"),
        # "Island-wide" is no place; the country-wide city-state is
        ("Lift Technician\nLocation: Island-wide\nOn-site at customers' buildings across Singapore.", "Singapore"),
    ],
)
def test_office_city(text, expected):
    assert city(text) == expected


def test_streets_continents_and_other_names_of_large_cities():
    # one paragraph: the first line is no title; "on Fairview Ave" is a street, "company in Boise" the employer's city
    text = (
        "Bookkeeper wanted for a family-owned landscaping company in Boise. " * 3
        + "Mostly in our office on Fairview Ave."
    )
    assert city(text) == "Boise"
    assert city("Analyst\nHarbourline Capital (Asia) Limited · Hong Kong (Central) · On-site") == "Hong Kong"
    assert city("Product Designer\nPlainview Insurance — New York, NY (Hybrid)") == "New York"
    assert city("SRE\nBangalore (hybrid)") == "Bangalore"


def test_a_common_word_is_a_city_only_when_written_as_a_place():
    assert city("Senior Mobile Engineer\nRemote (US)\nWe build apps.") is None
    assert city("Data Engineer | Reading | Hybrid\nWe build pipelines.") == "Reading"


def test_an_everyday_word_opening_another_fields_value_is_no_town():
    # "Officer" is a small town in Victoria; after "Job Title:" or "Grade:" it is the job's rank
    text = "Job Title: Officer - Claims Recovery\nGrade: Officer (Band C)\nOur team sits in our Glasgow office."
    assert city(text) == "Glasgow"
    # a town closing the title, or after a place label, is still the place
    assert city("Job Title: Analyst - Reading\nWe build pipelines.") == "Reading"
    assert city("Job Title: Analyst\nLocation: Reading\nWe build pipelines.") == "Reading"


def test_a_locality_the_gazetteer_lacks_gives_the_town_after_it_on_the_label():
    text = "Pool Attendant\nLocation: Nusa Dua, Bali, Indonesia\nShifts on rotation."
    assert city(text) == "Bali"
    assert find_place(text).city == "Bali"
    assert head_place(text, as_written=True).city == "Nusa Dua"  # a résumé keeps its place as written


def test_countries_and_states_are_not_cities_but_city_states_are():
    assert population("France") == 0 and population("Washington") == 0
    assert population("Singapore") > 0 and population("Luxembourg") > 0 and population("Lyon") > 0
    assert city("Fund Accountant (Luxembourg)\nTelework agreements with France and Belgium apply.") == "Luxembourg"
    assert city("Nurse – Washington, DC\nDay shifts.") == "Washington"


def test_mentions_rank_title_header_and_cue_sentences():
    tiers = {m.city: m.tier for m in mentions("Chef – Lyon\nParis | Full time\nYou are based at our Lille kitchen.")}
    assert tiers == {"Lyon": 0, "Paris": 1, "Lille": 2}
    # "Nice" is an English word first: a city only when written as a place on its own
    assert "Nice" not in {m.city for m in mentions("Chef\nWe are based at our Nice kitchen.")}


def test_remote_postings_name_no_office():
    req = job_requirements("Backend Engineer\nFully remote within Spain; we meet in Madrid twice a year.")
    assert req.workplace == "remote"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("After probation you may work from home two days a week.", "hybrid"),
        ("Flexible working: up to two days of home office per week.", "hybrid"),
        ("A 39-hour week with flexitime and mobile working for up to 60 % of your hours.", "hybrid"),
        ("This is a site-based role, five days a week.", "onsite"),
        ("Working model: At office\nLevel: Senior", "onsite"),
        ("The work is in our clinics, so it can't be done remotely.", "onsite"),
        ("This role isn't suited to working from home.", "onsite"),
        ("Location: Kaduna (field based). Ride a motorcycle to remote communities.", None),
        # the workplace named as where the work happens
        ("You will be a ward-based nurse on a 28-bed surgical unit.", "onsite"),
        ("It is a laboratory-based position with early starts.", "onsite"),
        ("The job is on-premises at the distribution centre.", "onsite"),
        ("Night shifts are worked at our office near the harbour.", "onsite"),
        ("Modalidad: presencial, lunes a viernes.", "onsite"),
        # its English calque and the French word
        ("Work mode: presential, Monday to Saturday.", "onsite"),
        ("Contrat CDI, poste en présentiel à Nantes.", "onsite"),
        # "no working from home" says the job is not remote
        ("You must attend the plant daily (no working from home).", "onsite"),
        # hybrid in French and Spanish
        ("Lyon - hybride, deux jours de télétravail", "hybrid"),
        ("Madrid | Híbrido (3 días en oficina)", "hybrid"),
        ("Apply by post to the recruitment team at the head office.", None),
        # a posting that never says where the work is done stays unstated
        ("Drive the route van between our depots; own transport a plus.", None),
    ],
)
def test_workplace_wordings(text, expected):
    assert workplace(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a compass part of the city after its name
        ("Tax Associate\nPortside Advisory\nDurban North | Permanent | Hybrid", "Durban"),
        ("Barista\nCafe Nine\nNairobi West (Lavington) | Part time", "Nairobi"),
        # a hospital or campus named after someone, then the city with its province
        ("Staff Pharmacist\nPermanent | Prince Albert campus, Winnipeg, MB\nShift work", "Winnipeg"),
    ],
)
def test_part_of_a_city_and_a_named_building_give_the_city(text, expected):
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place called a district (or a ward, a "-gu") before its city on one line gives the city
        ("Backend Engineer\nLocation: Xinyi District, Taipei\nHybrid", "Taipei"),
        ("Store Manager\nWhere: Gangnam-gu, Seoul\nFull time", "Seoul"),
        # a district alone keeps its own name: nothing better is written
        ("Barista\nLocation: Neihu District\nMornings.", "Neihu"),
        # "X City" after a city of a million or more is that city's own name; a smaller one stays as written
        ("Backend Engineer\nLocation: Xinyi District, Taipei City\nHybrid", "Taipei"),
        ("Payroll Clerk\nOrchid Foods Corp.\nTaguig City | On-site", "Taguig"),
        # "City Centre" after the title's city: the city itself, before a shopping centre named after a queen
        ("Pharmacy Assistant - Leicester City Centre\n\nOur Victoria Centre store fills prescriptions.", "Leicester"),
        # a firm named after its founders, the first of whom shares a town's name: the city the text puts it in
        (
            "Associate\n\nHarlow Pemberton LLP is a property law firm. The team sits in Exeter, with clients\n"
            "across Devon and Cornwall.",
            "Exeter",
        ),
    ],
)
def test_districts_city_suffixes_and_names_that_open_with_a_town(text, expected):
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a suburb whose name the gazetteer holds for a town abroad, before a large city: the city
        ("Line Mechanic\nHarbour Transit | Glendale, Johannesburg | Permanent", "Johannesburg"),
        ("PASTRY CHEF - BAKERY, SALT RIVER, CAPE TOWN\nEarly starts.", "Cape Town"),
        # a site word between the suburb and its city
        ("Forklift Driver\nRiverside Freight | Avondale depot, Auckland | Shifts", "Auckland"),
        # two large cities by their own names list two offices: the first stays
        ("Product Analyst\nMadrid, London | Hybrid", "Madrid"),
        # a town in the same country before a city that is not ten times larger keeps its name
        ("Care Assistant\nShenton Care | Lower Hutt, Wellington | Nights", "Lower Hutt"),
    ],
)
def test_a_suburb_named_like_a_town_abroad_gives_the_city_after_it(text, expected):
    assert city(text) == expected


def test_an_industrial_district_gives_its_town():
    assert city("Welder | Yanbu Industrial City, Saudi Arabia\nShutdown crew.") == "Yanbu"
    assert city("Fitter - Ringaskiddy Industrial Estate, Ireland\nDay shifts.") == "Ringaskiddy"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a district of a city-state the posting names: the city-state
        ("Barista\nLocation: Jurong East\nWe run six cafés around Singapore.", "Singapore"),
        ("Trader\nLocation: Tsuen Wan\nOur Hong Kong desk covers Asian equities.", "Hong Kong"),
        # a district whose namesake town is abroad, before a city ten times its size, then the country
        ("IT Support\nJob Location: West Bay, Doha, Qatar\nWe support banks.", "Doha"),
        # a licence class before a state-like code is no town
        ("Coach Driver\nDrive our routes around Bergen.\nYou hold a Class DE licence.", "Bergen"),
    ],
)
def test_districts_and_licence_classes(text, expected):
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a technology named "remote ..." is no arrangement
        ("Maintain the remote-access gateways. Work from office, Sunday to Thursday.", "onsite"),
        ("Support users on Remote Desktop and VPN.", None),
        # a task done at a customer's or a building site says nothing of an office
        ("Measure up on site, then fit the kitchens we design.", None),
        ("You will survey roofs and inspect the finished work on site.", None),
        # being based or working on site still does
        ("You will work on site in our plant.", "onsite"),
    ],
)
def test_remote_technology_and_tasks_on_site(text, expected):
    assert workplace(text) == expected


_CLIENT = "Warehouse Supervisor\n\nOur client, a group of distribution businesses, {company}.\n{arrangement}"


@pytest.mark.parametrize(
    ("company", "arrangement", "expected"),
    [
        # a suburb too small for the gazetteer after "on site in/at": the city the company names as its site
        ("is hiring for its Cork depot", "The role is on site at Mahon four days a week.", "Cork"),
        ("has grown its Galway campus", "You will be on-site in Ballybrit most days.", "Galway"),
        # with two cities, or a city not named as a site, the suburb stays as written
        ("runs sites in Cork and Galway", "The role is on site at Mahon four days a week.", "Mahon"),
        ("names Cork in its history", "You will be on site in Mahon most days.", "Mahon"),
    ],
)
def test_a_suburb_on_site_gives_its_city(company, arrangement, expected):
    assert city(_CLIENT.format(company=company, arrangement=arrangement)) == expected
