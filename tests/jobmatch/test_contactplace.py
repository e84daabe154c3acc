"""The city of a résumé's contact line (jobmatch.contactplace), wherever the layout puts it."""

import pytest

from jobmatch.contactplace import resume_place
from jobmatch.gazetteer import city_distance_km, has_cities
from jobmatch.places import find_place


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # a postcode after the state, after the city, or before it
        ("Mia Kowalski\nWelder\nBendigo, VIC 3550  |  0400 000 111  |  mia@example.com.au", "Bendigo"),
        ("Jo Byrne\nGalway H91 E2K7, Ireland | 086 000 1111", "Galway"),
        ("Tom Reed\nYork, North Yorkshire YO1 7HH | tom@example.co.uk", "York"),
        ("Lars Jensen\n8000 Aarhus | lars@example.dk", "Aarhus"),
        ("Ana Souza\nCampinas 13083-970, Brazil | ana@example.br", "Campinas"),
        ("Kim Lee\nVancouver, BC V6B 1A1 · kim@example.ca", "Vancouver"),
        # a city of more than three words, whole
        ("Linh Tran\nHo Chi Minh City, Vietnam | linh@example.vn", "Ho Chi Minh City"),
    ],
)
def test_contact_line_with_a_postcode(text, city):
    assert resume_place(text).city == city


def test_address_in_a_footer():
    text = (
        "Sam Hale\nStaff Nurse\nProfile\nTen years on surgical wards.\n"
        "Experience\n2016 - present  Staff Nurse, City Hospital\n"
        "Mobile | 07700 900 111\nAddress | Sheffield, South Yorkshire S10 2TN\nEmail | sam@example.co.uk"
    )
    assert resume_place(text).city == "Sheffield"  # not "Mobile" (a city in Alabama)


def test_address_in_a_sidebar_under_a_contact_heading():
    text = (
        "Jana Novak\nProcess Engineer\nKONTAKT\nJana Novak\nLindenweg 3\n80331 Munich\nGermany\n"
        "jana@example.de\nSKILLS\nSiemens S7"
    )
    assert resume_place(text).city == "Munich"


def test_contact_line_after_an_email_elsewhere():
    text = "Priya N\nData Analyst\nSummary\nAnalyst.\n\nContact: priya@example.com | Pune, Maharashtra"
    assert resume_place(text).city == "Pune"


def test_an_employers_city_is_not_where_the_person_lives():
    text = (
        "Alex Doe\nSite Reliability Engineer\nalex@example.com | +1 555 010 0199\n"
        "Looking for remote roles only.\n\nEXPERIENCE\nSRE, Example Corp (Austin, TX)   2019 - present"
    )
    assert resume_place(text) is None
    assert find_place(text).city == "Austin"  # a posting still reads any "City, Region"


def test_a_stated_base_still_counts():
    text = "Alex Doe\nEngineer\nalex@example.com\nSummary: based in Leeds, working with teams across Europe."
    assert resume_place(text).city == "Leeds"


@pytest.mark.parametrize(
    "text",
    [
        "Dev Patel\nPortfolio 2024, Python | dev@example.com",  # a year beside a word, no city
        "Dev Patel\nSuite 1200, Example Tower | +1 212 555 0100",
    ],
)
def test_numbers_beside_words_that_are_no_city_are_no_place(text):
    assert resume_place(text) is None


def test_a_referees_line_is_not_the_persons():
    text = (
        "Rua Hemi\nCarpenter\nSummary\nTwelve years in residential builds.\n"
        "REFERENCES\nJohn Smith, Site Manager, Example Builders, Hamilton | john@example.co.nz"
    )
    assert resume_place(text) is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # a phone label is no city, even where a city has that name
        ("BIODATA\nS. Raman\nMobile   : +91 90000 11111\nE-mail : raman@example.in\n"
         "Address : No. 12, 2nd Main Road, Jayanagar, Bengaluru - 560 041", "Bengaluru"),
        # a street address: the city after the street and flat, its postcode dropped
        ("Owen Hughes\nNurse\nAddress | 14 Park Terrace, Cardiff CF10 3AT | Mobile | 07700 900 222", "Cardiff"),
        # as written: the town before its province stays
        ("Marta Gil\nChef\nCalle Mayor 5, 3º B, Alcalá de Henares, Madrid 28801  |  +34 600 000 000",
         "Alcalá de Henares"),
        ("Lena Voss\nAnschrift | Lindenstraße 4, 04109 Leipzig\nTelefon | 0341 000000", "Leipzig"),
    ],
)
def test_contact_labels_and_street_addresses(text, city):
    assert resume_place(text).city == city


@pytest.mark.parametrize(
    "line",
    [
        # one number under two labels, in either order and with any joiner
        "Mobile / WhatsApp: +27 82 555 0101",
        "WhatsApp & Cell: +27 82 555 0101  |  nomsa@example.co.za",
        "Phone, Mobile | 082 555 0101",
        # a label right before its number, with no colon
        "Mobile +27 82 555 0101  |  nomsa@example.co.za",
    ],
)
def test_phone_labels_before_a_number_are_no_city(line):
    assert resume_place(f"Nomsa Dube\nPharmacist\n{line}") is None


def test_the_city_of_mobile_written_as_a_place_still_counts():
    place = resume_place("Jordan Price\nWelder\nMobile, AL 36602 | Cell / WhatsApp: (251) 555-0100")
    assert (place.city, place.region) == ("Mobile", "AL")


@pytest.mark.parametrize(
    ("line", "city"),
    [
        # a state spelled out after a town the gazetteer does not know (it knows a "Victoria" elsewhere)
        ("Wattle Creek, Victoria, Australia | 0400 000 111", "Wattle Creek"),
        ("Wattle Creek, Victoria  |  pat@example.com.au", "Wattle Creek"),
        ("7 Gum Tree Lane, Wattle Creek, Victoria 3999  |  0400 000 111", "Wattle Creek"),
        ("Little Ridge, Bahia, Brazil | pat@example.com.br", "Little Ridge"),
        # a known town before its state stays, and Victoria on its own or before its province is the city
        ("Toowoomba, Queensland, Australia | pat@example.com.au", "Toowoomba"),
        ("Victoria, BC V8W 1H8 | pat@example.ca", "Victoria"),
        ("Victoria, Australia | pat@example.com.au", "Victoria"),
    ],
)
def test_a_state_or_province_written_in_full_after_a_town(line, city):
    assert resume_place(f"Pat Quinn\nElectrician\n{line}").city == city


def test_a_state_in_full_after_a_town_is_a_region_not_the_office():
    from jobmatch.places import is_region

    assert is_region("Queensland", after_place=True) and is_region("KwaZulu-Natal", after_place=True)
    assert not is_region("Victoria")  # alone it may be the city in British Columbia
    place = find_place("Site Supervisor\nLocation: Wattle Creek, Victoria\nWe build homes.")
    assert place.city == "Wattle Creek"
    assert find_place("Site Supervisor\nWattle Creek, Victoria, Australia\nWe build homes.").city == "Wattle Creek"


def test_a_street_without_a_known_city_is_left_alone():
    assert resume_place("Ann Moe\nFlat 3, 9 Nowhere Lane | ann@example.com") is None


@pytest.mark.parametrize(
    ("line", "city"),
    [
        # the province in brackets between the city and its postcode, as French Canada writes it
        ("Sherbrooke (Québec) J1H 5N4  ·  819-555-0100  ·  a.b@example.ca", "Sherbrooke"),
        ("Nagpur (MH) 440010 | +91 90000 00000 | c.d@example.in", "Nagpur"),
    ],
)
def test_a_bracketed_region_before_the_postcode(line, city):
    assert resume_place(f"Alex Doe\nPlanner\n{line}").city == city


def test_a_town_before_an_irish_county():
    # the town, not its county, even where the gazetteer does not know the town
    place = resume_place("Niamh Walsh\nListowel, Co. Kerry  V31 X2Y4\nniamh@example.ie")
    assert (place.city, place.region) == ("Listowel", "IE")
    place = resume_place("Ciaran Doyle\nCookstown, County Tyrone | ciaran@example.co.uk")
    assert (place.city, place.region) == ("Cookstown", "UK")


def test_a_current_location_row_far_down_the_personal_details():
    rows = (
        "Priya Raman\nOperations Manager\nPhone | +971 50 000 0000\nEmail | priya@example.com\n"
        "Present location | Doha, Qatar\nNationality | Indian"
    )
    assert resume_place(rows).city == "Doha"


def test_a_city_written_with_its_diacritics():
    # the gazetteer lists some spellings only; the city is kept as written
    assert resume_place("Aroha Ngata\nNurse\nTaupō  |  027 000 1111  |  aroha@example.nz").city == "Taupō"
    assert resume_place("Ole Berg\nWelder\nÅlesund | ole@example.no").city == "Ålesund"
    assert resume_place("Ewa Nowak\nAnalyst\nŁódź, Poland | ewa@example.pl").city == "Łódź"


def test_a_bilingual_address_label():
    # the label in two languages, either way round, on a line below the head
    body = "Profil / Profile\nTen years in audit.\nExperience\n2015 - now, Audit Co\n"
    polish = "Jan Nowak\nAccountant\n" + body + "Adres / Address: ul. Polna 5, 80-831 Gdańsk"
    assert resume_place(polish).city == "Gdańsk"
    vietnamese = "Tran Mai\nAccountant\n" + body + "Address / Địa chỉ: 45 Lê Lợi, Phường 3, Huế"
    assert resume_place(vietnamese).city == "Huế"


def test_a_heading_in_capitals_is_no_city_and_state():
    # "ME" is Maine's code, but "ABOUT ME" is a heading
    assert resume_place("PAT KING\nCarpenter\nABOUT ME\nTwenty years on site.") is None


def test_a_townland_before_the_town_and_its_county():
    # an Irish address: townland or estate, then the post town, then the county and the Eircode
    place = resume_place("Aoife Byrne\nCarrowbeg, Castlebar, Co. Mayo F23 X1Y2  ·  aoife@example.ie\nNurse")
    assert (place.city, place.region) == ("Castlebar", "IE")
    assert resume_place("Liam Roche\nBallyvolane, Fermoy, Co. Cork | 086 000 0000").city == "Fermoy"
    # a known town before the county stays as written
    assert resume_place("Sean Daly\nSwords, Co. Dublin  |  sean@example.ie").city == "Swords"


def test_a_location_table_row_beats_a_list_of_tools_in_the_headline():
    # a .docx table row comes out as "Location | ...", the label of a place; the tools are no "City, Region"
    text = (
        "Ravi Menon\nBookkeeper | Payroll | QuickBooks Online, Xero Cloud, Sage Fifty\nPhone: +974 5000 0000\n"
        "Personal Information\nLocation | Doha, Qatar\nMarital status | Married"
    )
    assert resume_place(text).city == "Doha"
    assert resume_place("Ravi Menon\nQuickBooks Online, Xero Cloud, Sage Fifty\nravi@example.com") is None


def test_a_product_and_its_version_are_no_town_and_postcode():
    # "AWS S3" has the shape of "Leeds LS6" but names no town
    assert resume_place("Kim Lee\nCloud engineer: Terraform, AWS S3\nkim@example.com") is None


@pytest.mark.parametrize(
    "text",
    [
        # the district after the street, the town line below it
        "LE VAN AN\nData Engineer\nCONTACT\n27 Kim Ma Street, Ba Dinh\nHanoi, Vietnam\nan.le@example.vn",
        "Amara Okafor\n3 Allen Avenue, Ikeja\nLagos, Nigeria\namara@example.ng",
    ],
)
def test_an_address_over_lines_takes_its_town_line(text):
    assert resume_place(text).city in {"Hanoi", "Lagos"}
    assert "Ba Dinh" not in resume_place(text).city and "Ikeja" not in resume_place(text).city


def test_a_street_address_with_the_province_in_brackets_after_the_city():
    line = "88, boulevard des Forges, bureau 2, Trois-Rivières (Québec)  G9A 2G8  |  819 000-0000"
    assert resume_place(f"Marie Roy\nNotaire\n{line}").city == "Trois-Rivières"


def test_a_location_label_stating_a_wish_yields_to_the_contact_line():
    text = ("Dana Ortiz\nData analyst\nTempe, AZ 85281 | dana@example.com\n"
            "Location: Phoenix area, hybrid preferred; open to relocating for the right team")
    assert resume_place(text).city == "Tempe"
    # with no place on the contact line, the wish still names one
    assert resume_place("Dana Ortiz\nData analyst\ndana@example.com\nLocation: Phoenix, hybrid preferred").city == (
        "Phoenix"
    )
    # a plain location label is the person's place
    assert resume_place("Dana Ortiz\nData analyst\nLocation: Mesa, AZ\ndana@example.com").city == "Mesa"


@pytest.mark.parametrize(
    ("line", "city"),
    [
        # a district inside the large city whose postcode the address gives: the city
        ("Av. Larco 410, Dpto. 8, Miraflores, Lima 15074, Peru  |  +51 900 000 000", "Lima"),
        ("55/3 Moo 2, Soi Phahonyothin 7, Chatuchak, Bangkok 10900  |  somchai@example.th", "Bangkok"),
        # a district of a hundred thousand or more is still a small share of a very large city
        ("12/7 Soi Ramkhamhaeng 40, Hua Mak, Bang Kapi, Bangkok 10240  |  +66 80 000 0000", "Bangkok"),
        # a town of its own, far from the city after it, is written as it stands
        ("Rua das Flores 12, 2.º Esq., Sintra, Lisbon 2710-000  |  +351 900 000 000", "Sintra"),
        # and so is a sizeable town of its own close to the city, with its province's postcode
        ("Avenida de Portugal 30, 4º C, Móstoles, Madrid 28931  |  +34 600 000 000", "Móstoles"),
        ("Calle Toledo 8, 1º D, Getafe, Madrid 28901  |  +34 600 000 000", "Getafe"),
        ("Rua Quinze 40, apto 12, Niterói, Rio de Janeiro 24020-000  |  +55 21 90000 0000", "Niterói"),
        # the postcode with the state, not the city: the town as written
        ("410 Oak Street, Apt 2, Brooklyn, NY 11201  |  (718) 000-0000", "Brooklyn"),
    ],
)
def test_a_district_before_its_city_and_postcode(line, city):
    assert resume_place(f"Sam Lee\nTeacher\n{line}").city == city


def test_distance_between_two_known_cities():
    if not has_cities():
        pytest.skip("the gazetteer is optional")
    assert 300 < city_distance_km("London", "Paris") < 400
    assert city_distance_km("London", "Nowhereville") is None


@pytest.mark.parametrize(
    ("line", "city", "region"),
    [
        # a town too small for the gazetteer, then its state or province code and its postcode
        ("Kiama, NSW 2533", "Kiama", "NSW"),
        ("Yamba, NSW 2464", "Yamba", "NSW"),
        ("Penola SA 5277", "Penola", "SA"),
        ("Bakersville, NC 28705", "Bakersville", "NC"),
        ("Hope, BC V0X 1L0", "Hope", "BC"),
        ("8 Gully Road, Yackandandah, VIC 3749", "Yackandandah", "VIC"),
        # a town known or not, then its state spelled out before the postcode, no comma between
        ("Kangaroo Flat Victoria 3555", "Kangaroo Flat", "Victoria"),
        ("Franschhoek Western Cape 7690", "Franschhoek", "Western Cape"),
        ("Moe Victoria 3825", "Moe", "Victoria"),
        # a town whose own name ends in a region's word keeps it
        ("Mount Victoria NSW 2786", "Mount Victoria", "NSW"),
    ],
)
def test_a_town_before_its_region_and_postcode(line, city, region):
    place = resume_place(f"Ruth Okafor\nPlant Operator\n{line} | ruth@example.com")
    assert (place.city, place.region) == (city, region)


@pytest.mark.skipif(not has_cities(), reason="the official names are read with the gazetteer")
@pytest.mark.parametrize(
    ("line", "city"),
    [
        ("Frankfurt am Main | +49 69 0000 000", "Frankfurt am Main"),
        ("Freiburg im Breisgau, Germany", "Freiburg im Breisgau"),
        ("Mülheim an der Ruhr | anna@example.de", "Mülheim an der Ruhr"),
        ("Halle (Saale) | anna@example.de", "Halle (Saale)"),
        ("Frankfurt (Oder), Germany", "Frankfurt (Oder)"),
        ("Kirchweg 4, 06108 Halle (Saale)", "Halle (Saale)"),
        ("Wohnort: Ludwigshafen am Rhein", "Ludwigshafen am Rhein"),
        ("Location: Kempten (Allgäu)", "Kempten (Allgäu)"),
        ("Newcastle upon Tyne, UK", "Newcastle upon Tyne"),
        # brackets that are an aside, not part of the name, still go
        ("London (Canary Wharf) | anna@example.co.uk", "London"),
    ],
)
def test_a_multi_word_official_name_is_kept_as_written(line, city):
    assert resume_place(f"Anna Berger\nControlling\n{line}").city == city


@pytest.mark.skipif(not has_cities(), reason="a city-state is known by the gazetteer")
@pytest.mark.parametrize(
    ("line", "city"),
    [
        # a street address in a city-state ends in the country that is its city, after a floor-and-unit number
        ("Blk 88 Bedok North Ave 4, #03-112, Singapore 460088 | +65 8000 0000", "Singapore"),
        ("21 Robinson Road, Singapore 068902 · wei@example.sg", "Singapore"),
        ("Flat 7C, 40 Kings Road, Hong Kong | +852 5000 0000", "Hong Kong"),
        # a town before its country still names the place
        ("Block 3, Street 12, Hawalli, Kuwait | +965 5000 0000", "Hawalli"),
    ],
)
def test_a_city_state_address(line, city):
    assert resume_place(f"Tan Wei Ming\nFacade Technician\n{line}").city == city


@pytest.mark.parametrize(
    "text",
    [
        "RÉSUMÉ\nName | Amina Wanjiru\nAddress | P.O. Box 400, Mombasa\nPhone | +254 700 000 000",
        "Lebenslauf\nName: Jonas Weber\nGeburtsort: Hamburg\nAnschrift: Hauptstraße 4, 80331 München",
    ],
)
def test_personal_details_rows_are_no_place(text):
    # "Name" is also a town the gazetteer knows; a birthplace is not where the person lives
    assert resume_place(text).city in {"Mombasa", "München"}
