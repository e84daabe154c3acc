"""Credentials named as a reader writes them down: a registration with a body, a long name's acronym
(jobmatch.credentials, through jobmatch.openvocab and jobmatch.postings)."""

import pytest

from jobmatch.credentials import registrations, with_acronym
from jobmatch.namereader import ReaderFilter
from jobmatch.openvocab import named_mentions
from jobmatch.postings import must_haves, skill_groups


def names(clause, vocab):
    return [name for name, _, _ in named_mentions(clause, vocab)]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # The body's acronym in brackets names the registration.
        ("Full registration with the Guild of Marine Surveyors (GMSX) as a surveyor", ["GMSX Registration"]),
        # A body named by its acronym alone, with "the" and after "registered ... with".
        ("You must be registered with the QXBC before starting", ["QXBC Registration"]),
        ("Registered and in good standing with the Orden de Arquitectos del Sur (ODAS)", ["ODAS Registration"]),
        # No acronym: the body's name as written; a bracket that is no acronym is not the name.
        (
            "Registration with the Board of Hydrographers of Ruritania",
            ["Board of Hydrographers of Ruritania Registration"],
        ),
        ("Current registration with ZPRB (Zeta Physio Registration Board)", ["ZPRB Registration"]),
    ],
)
def test_a_registration_with_a_body_is_named_by_the_body(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_the_body_named_again_in_an_aside_is_the_same_registration(vocab):
    clause = "Registered with QXBC (or holding a QXBC transfer letter)"
    assert names(clause, vocab) == ["QXBC Registration"]


@pytest.mark.parametrize(
    "clause",
    [
        "Active registration with the NMC as a Registered Nurse",  # the vocabulary's title is the credential
        "Registered Nurse (Adult) with active NMC registration",
        "Registered with the HCPC",  # the vocabulary knows the registration itself
        "Registered with ZEBA as Pr Ing",  # a designation without an article is the credential
        "Pr Ing registration with ZEBA",  # the credential named right before the word
    ],
)
def test_a_credential_the_clause_names_otherwise_is_not_replaced(clause, vocab):
    found = registrations(clause, vocab.mentions(clause), named_mentions(clause, vocab))
    assert found == []


def test_a_lone_registration_is_a_must_have_and_the_reader_never_drops_it(vocab):
    text = "Podiatrist\n\nRequirements:\n- Full registration with the Guild of Foot Carers (GFCX)\n- Python\n"

    class ReadsEverythingAsNot:
        def read(self, texts, embed=None):
            return [("not", 0.99) for _ in texts]

    required, _ = must_haves(text, vocab, name_filter=ReaderFilter(ReadsEverythingAsNot()))
    assert ("GFCX Registration",) in required


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Passed the Qualifying Exam for Brokers (QEB3)", ["QEB3"]),  # digits in the acronym
        ("Holds the Hazardous Cargo Handling Rules (HCHR)", ["HCHR"]),
        # An acronym opening the long name and not part of the short one stays.
        ("Knows the ICAO Hazardous Cargo Handling Rules (HCHR)", ["ICAO HCHR"]),
        # Letters taken from inside a word ("SENCO") still abbreviate it.
        ("Holds the Advanced Award for SEN Coordination (AASENCO)", ["AASENCO"]),
        # A bracket that does not abbreviate the name is an aside.
        ("Uses the Polaris Booking Suite (PNR)", ["Polaris Booking Suite"]),
        ("Licensed under the Harbour Pilotage Code (Required)", ["Harbour Pilotage Code"]),
    ],
)
def test_a_long_name_with_its_acronym_beside_it_is_the_acronym(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_with_acronym_takes_back_a_common_word_that_opens_the_long_name(vocab):
    # "Standard" opening the line is too common to be read as a name, but the acronym starts with it.
    clause = "Standard Lifting Operations Card (SLOC) held"
    assert with_acronym(clause, ("Lifting Operations Card", 9, 32)) == ("SLOC", 0, 39)
    assert names(clause, vocab) == ["SLOC"]


def test_with_acronym_leaves_a_one_word_name():
    assert with_acronym("Uses Zorbex (ZBX)", ("Zorbex", 5, 11)) == ("Zorbex", 5, 11)


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Scripting in Tableau Desktop and/or Looker", [("Tableau", "Looker")]),  # the product's own word
        ("Hands-on with Splunk or Elastic Kibana", [("Splunk", "Kibana")]),  # the maker's name
        ("Member of QXBC (QXB Ruritania) or ACCA", [("QXBC", "ACCA")]),  # the rest of an aside
        ("Measuring with Zorbex Calypso or QC-MEAS", [("Zorbex Calypso", "QC-MEAS")]),  # a hyphenated acronym
    ],
)
def test_alternatives_around_a_product_word_a_maker_or_an_aside(clause, expected, vocab):
    assert [tuple(g) for g in skill_groups(clause, vocab, open_vocab=True)] == expected


def test_a_code_with_a_number_part_is_no_hyphenated_name(vocab):
    assert names("Quote the reference QX-B12-778 on your form", vocab) == []


def test_a_degree_sentence_stops_names_only_in_its_own_sentence(vocab):
    text = (
        "Surveyor\n\nRequirements:\n"
        "- Degree in Marine Studies or Ocean Science. Registration with the Guild of Hull Surveyors (GHSX).\n"
    )
    required, _ = must_haves(text, vocab)
    assert ("GHSX Registration",) in required
    assert not {"Marine Studies", "Ocean Science"} & {s for group in required for s in group}


def test_a_dotted_degree_abbreviation_does_not_end_the_degree_sentence(vocab):
    text = "Analyst\n\nRequirements:\n- Master's degree (Dipl. or Mag.) in economics\n- Excel\n"
    required, _ = must_haves(text, vocab)
    assert required == [("Excel",)]


def test_a_name_paired_with_a_vocabulary_makers_product_is_that_makers_too(vocab):
    # "Juniper QFX-OS and EVO-XR": both the maker's; a name after an unrelated word still counts.
    assert names("Running Juniper QFX-OS and EVO-XR in production", vocab) == []
    assert names("Running Juniper routers and EVO-XR in production", vocab) == ["EVO-XR"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # Either body will do: the bodies are the choices, named without "Registration".
        (
            "Current registration with Dental Council Ruritania, or with the QXBC",
            [("Dental Council Ruritania", "QXBC")],
        ),
        ("Registered with the Hydrography Guild (HGX) or the Board of Surveyors", [("HGX", "Board of Surveyors")]),
        # One body: the registration, as before.
        ("Current registration with Dental Council Ruritania", [("Dental Council Ruritania Registration",)]),
    ],
)
def test_a_registration_with_one_of_two_bodies_is_a_choice_of_bodies(clause, expected, vocab):
    assert skill_groups(clause, vocab, open_vocab=True) == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # The credential word stays with the name, capitalised as a name's word.
        ("Holder of a Rigger's licence", ["Rigger's Licence"]),
        ("Second Mate Certificate of Competency, unlimited", ["Second Mate Certificate of Competency"]),
        ("Crane Operator certification from a recognised body", ["Crane Operator Certification"]),
        # The place a lower-case licence is held in is not its name; a capitalised one's place opens the name.
        ("Active Ohio Master Plumber license", ["Master Plumber License"]),
        # An acronym in brackets before the word names the certificate.
        ("Confined space entry (CSE) certificate", ["CSE Certificate"]),
        # A brand in CamelCase is the credential's whole name.
        ("SkyLift certification", ["SkyLift"]),
        # A code with a hyphen names the credential (or its exam) alone; an aircraft type keeps its rating.
        ("Holds the QX-42 certification", ["QX-42"]),
        ("Current B737 type rating", ["B737 Type Rating"]),
        # Qualifiers of the holding are no part of it.
        ("A valid Class H licence", ["Class H Licence"]),
        # A capitalised certificate takes its subject.
        (
            "The Ruritanian Advanced Certificate in Harbour Pilotage",
            ["Ruritanian Advanced Certificate in Harbour Pilotage"],
        ),
    ],
)
def test_a_licence_or_certificate_keeps_its_credential_word(clause, expected, vocab):
    assert names(clause, vocab) == expected


def test_levels_of_one_certificate_are_alternatives(vocab):
    groups = skill_groups("Certificate II or III in Warehousing Operations", vocab, open_vocab=True)
    assert groups == [
        ("Certificate II in Warehousing Operations", "Certificate III in Warehousing Operations")
    ]


def test_a_vocabulary_licence_stays_the_vocabularys(vocab):
    assert names("Valid RN license and BLS", vocab) == []


def test_a_credential_in_a_bracketed_aside_names_the_one_before_it(vocab):
    assert names("Holds a valid Ruritania teaching license (Professional Tutor License)", vocab) == []


def test_the_names_reader_keeps_a_name_with_its_credential_word():
    class ReadsEverythingAsNot:
        def read(self, texts, embed=None):
            return [("not", 0.99) for _ in texts]

    proposal = ("Crane Operator Certification", "Current Crane Operator certification from a recognised body")
    assert ReaderFilter(ReadsEverythingAsNot())([proposal]) == set()
