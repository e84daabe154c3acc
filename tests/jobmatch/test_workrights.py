"""Work authorization as résumés word it (`jobmatch.workrights`): countries, citizenship, permits, sponsorship."""

from jobmatch.workrights import authorization


def test_authorization_wording():
    assert authorization("UK Global Talent visa (no sponsorship needed in the UK).")[1] is False
    assert authorization("EU citizen (Portuguese passport)") == (("EU",), None)
    assert authorization("Currently on F-1 OPT; will need H-1B sponsorship.") == (None, True)
    assert authorization("Right to work in the UK (British citizen)")[0] == ("UK",)
    assert authorization("Holds a Swiss B permit; open to roles in Basel.")[0] == ("local",)
    # the verb "sponsor": the person needs an employer to do it, or says they do not
    assert authorization("My permit is tied to my employer, so I'll need my next one to sponsor me.") == (None, True)
    assert authorization("Requires a new employer to sponsor my residence permit.")[1] is True
    assert authorization("I don't need an employer to sponsor my visa.")[1] is False


def test_authorization_in_residence_and_nationality_wording():
    assert authorization("Holder of an Australian resident visa.")[0] == ("AU",)
    assert authorization("Unlimited residence permit (Austria).")[0] is not None
    assert authorization("Holds a temporary resident visa (visitor).") == (None, None)
    assert authorization("Nationality: Portuguese (EU)")[0] == ("EU",)
    assert authorization("Nationalität: deutsch")[0] is not None


def test_authorization_listing_what_is_not_needed():
    # a sidebar wraps the words; "no work permit" here is not a missing permit
    assert authorization("Swiss C permit -\nno work permit or\nsponsorship required.")[1] is False
    assert authorization("No visa and sponsorship needed.")[1] is False


def test_permit_tied_to_the_current_employer_needs_sponsorship():
    assert authorization("My work permit is tied to my current employer.")[1] is True
    assert authorization("Singaporean PR pending; on an employer-sponsored visa today.")[1] is True
    assert authorization("Residence visa sponsored by my employer; a new one would take it over.")[1] is True


def test_a_permit_the_person_does_not_need_is_no_sponsorship():
    assert authorization("Croatian citizen, so I do not need a visa to work in Austria.") == (("local",), False)
    assert authorization("Doesn't require a work permit anywhere in the EU.")[1] is False
    assert authorization("I need a work permit for Canada.")[1] is True  # the need itself still reads


def test_a_permit_a_future_employer_must_apply_for_needs_sponsorship():
    # a graduate stamp now, then a permit that an employer files for
    text = "Graduate visa until mid-2026; after that I'll need my next employer to file for a skilled worker visa."
    assert authorization(text)[1] is True
    assert authorization("Will require the employer to lodge an employment pass application.")[1] is True


def test_a_transferable_gulf_residence_needs_a_new_sponsor():
    assert authorization("Residence: Kuwait, visa 18 (private sector), transferable.")[1] is True
    assert authorization("Iqama is transferable; no-objection certificate available on request.")[1] is True
    assert authorization("Employer will issue a release letter, ready for sponsorship transfer.")[1] is True
    assert authorization("Brings transferable skills to any team.") == (None, None)


def test_national_as_a_compound_noun_is_no_nationality():
    assert authorization("Completed one year of national service in the coastguard.") == (None, None)
    assert authorization("Level 3 National Certificate in Carpentry") == (None, None)
    assert authorization("Kenyan national, resident in Mombasa.")[0] is not None


def test_a_passport_label_under_a_list_of_languages_names_no_citizenship():
    personal = "Languages: English, Tamil, Hindi\nPassport: available, valid to 2030"
    assert authorization(personal) == (None, None)
    assert authorization("Languages: English, Swahili\nKenyan passport holder")[0] == ("local",)


def test_no_employer_sponsorship_needed_is_no_need():
    assert authorization("Residence: 5-year investor visa - no employer sponsorship needed")[1] is False
    assert authorization("Work visa: no sponsorship is required")[1] is False


def test_a_permit_that_is_not_needed_is_no_need():
    citizen = authorization("Swedish citizen, so no working permit is required in the EU.")
    assert citizen[0] is not None and citizen[1] is False
    assert authorization("Employment visa not needed for roles in Ireland.")[1] is False
    # the person has none: that is a need
    assert authorization("No work permit yet; an employer would have to apply.")[1] is True


def test_a_training_record_called_a_passport_names_no_nationality():
    assert authorization("Construction Skills Passport (valid to 2027)") == (None, None)
    assert authorization("Holds a rail Safety Passport and a forklift ticket") == (None, None)
    assert authorization("Europass Language Passport: French B2") == (None, None)
    assert authorization("Ghanaian passport; right to work in Ghana")[0] is not None


def test_a_gulf_residence_that_needs_no_transfer_is_no_need():
    # a residence held through a family member, which a new employer need not take over
    assert authorization("Visa: dependent residence on my wife's sponsorship, no visa transfer needed")[1] is False
    assert authorization("Family residence visa (sponsorship transfer not required)")[1] is False
    # a transfer the person does need stays a need
    assert authorization("Employment visa; sponsorship transfer required to join")[1] is True


def test_national_as_an_adjective_after_an_article_is_no_nationality():
    assert authorization("Maintained the national register of air monitoring stations.") == (None, None)
    assert authorization("Played hockey at national level.") == (None, None)
    assert authorization("I am a national of Peru.")[0] is not None


def test_a_visa_a_new_employer_must_take_over_needs_sponsorship():
    # the visa is sponsored by the present workplace, whatever the writer calls it
    assert authorization("Skilled Worker visa sponsored by my current clinic until 2028.")[1] is True
    # the employer as the subject of the need
    assert authorization("Any future employer will have to issue me a new Certificate of Sponsorship.")[1] is True
    assert authorization("A new employer would need to sponsor my work permit.")[1] is True
    assert authorization("A new employer would need to give me a week's notice.") == (None, None)
    # and the need denied in the conditional
    assert authorization("Irish citizen: an employer would not need to sponsor me.")[1] is False


def test_a_national_thing_after_an_article_is_no_nationality():
    assert authorization("Reported results to the national registry each quarter.") == (None, None)
    assert authorization("Led a national audit of bridge inspections") == (None, None)
    assert authorization("Built our citizen feedback portal") == (None, None)
    # a nationality stays one with its article before it
    assert authorization("I am a Ghanaian national living in Accra.")[0] is not None
    assert authorization("Italian citizen (EU)")[0] is not None
