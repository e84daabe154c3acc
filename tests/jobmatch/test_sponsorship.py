"""Sponsorship wordings a posting writer uses (jobmatch.sponsorship); sentences written for these tests."""

import pytest

from jobmatch.sponsorship import rules_sponsorship, sponsorship


@pytest.mark.parametrize(
    "text",
    [
        # the employer does the immigration paperwork
        "We'll cover the move and take care of your work permit paperwork.",
        "Our people team handles the visa process from offer to arrival.",
        "Perks: assistance with your residence permit and a relocation budget",
        "Visa and relocation assistance for the right person.",
        # applicants who need sponsorship are welcome; the role qualifies for it
        "Candidates who need a Skilled Worker visa are welcome to apply and will be considered equally.",
        "This vacancy is eligible for visa sponsorship through the Temporary Skill Shortage programme.",
    ],
)
def test_the_employer_assists_with_immigration(text):
    assert sponsorship(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Applicants must be New Zealand citizens or residents.",
        "The post is open only to British nationals and settled-status holders; this is a clearance role.",
        "Sorry, we cannot help with work permits for this vacancy.",
        "Candidates needing sponsorship won't be considered.",
        "Our team can't arrange visas, so we can only consider applicants who already live in Canada.",
        "Visa holders are welcome, but this role is ineligible for sponsorship.",
        # a named visa before the general word
        "The vacancy does not qualify for TN or other visa sponsorship.",
        "This job isn't eligible for H-1B or any other immigration sponsorship.",
        "Unfortunately the post doesn't qualify for sponsorship.",
    ],
)
def test_no_sponsorship_or_citizens_only(text):
    assert sponsorship(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "You will prepare visa petitions and support attorneys with client intake.",  # the job, not the employer
        "We are a travel agency that processes tourist applications for our customers.",
    ],
)
def test_immigration_work_as_the_job_says_nothing(text):
    assert sponsorship(text) is None


@pytest.mark.parametrize(
    ("text", "sponsors"),
    [
        # what the posting says of sponsorship outranks what it asks of the candidate
        ("Applicants who do not have the right to work in Spain are welcome: we can sponsor the work visa.", True),
        ("If you don't have the right to work in the UK yet, we will sponsor a Skilled Worker visa.", True),
        ("Sponsorship: yes (Critical Skills Employment Permit)", True),
        ("You must be authorised to work in Ireland. We do not sponsor.", False),
        # a right-to-work requirement outranks a bare mention of visa sponsorship
        ("Candidates must have the right to work in Spain; visa sponsorship questions go to HR.", False),
        ("We are happy to discuss visa sponsorship for senior hires.", True),
    ],
)
def test_an_offer_outranks_a_right_to_work_requirement(text, sponsors):
    assert sponsorship(text) is sponsors


@pytest.mark.parametrize(
    "text",
    [
        # a negation a few words before an offer phrase denies it
        "Sadly we aren't able to sponsor work visas for this position.",
        "You must be allowed to work in Norway; we're not able to support visa applications.",
        "The company does not provide housing or visa support.",
        "We won't be able to help with your work permit.",
    ],
)
def test_a_denied_offer_is_a_refusal(text):
    assert sponsorship(text) is False


@pytest.mark.parametrize(
    "text",
    [
        # the negation belongs to another clause, a condition, or "not only"
        "We can't pay for the move but we sponsor visas.",
        "If you don't hold a work visa we will sponsor one.",
        "Not only do we sponsor visas, we also pay for flights.",
    ],
)
def test_a_negation_elsewhere_leaves_the_offer(text):
    assert sponsorship(text) is True


@pytest.mark.parametrize(
    "text",
    [
        # the employer, named as a noun or "we", does the permit application
        "The clinic will assist the chosen applicant with an employment permit application.",
        "For hires from outside the EU, we file for the single permit on your behalf.",
        "We support non-EU hires through the Red-White-Red Card application.",
        # a permit the employer sponsors, listed as a benefit
        "Package: housing allowance, health cover and an employer-sponsored residence permit for your family.",
    ],
)
def test_the_employer_applies_for_the_permit(text):
    assert rules_sponsorship(text) is True  # the rules' own answer, not the reader's


def test_what_is_not_an_employer_offer():
    # the candidate's own sponsorship is no offer, so the right-to-work requirement decides
    assert sponsorship("You must have the right to work in the UK; self-sponsored visa holders qualify.") is False
    # a safety procedure, not immigration
    assert rules_sponsorship("Our team will manage the site permit to work system.") is None


def test_eligible_to_live_and_work_is_a_requirement():
    assert sponsorship("Candidates must be entitled to live and work in New Zealand.") is False


def test_a_curly_apostrophe_negates_too():
    assert sponsorship("We aren\u2019t able to sponsor visas.") is False


@pytest.mark.parametrize(
    "text",
    [
        # the employer cannot get the permit, with an article or an adverb in the way
        "Regrettably we cannot obtain a work permit for this opening.",
        "The studio is unable to secure an employment visa for new hires.",
        "We can't arrange a residence permit for you.",
        # the employer is no licensed sponsor
        "Note that we are not a licensed visa sponsor.",
        "The practice isn't an approved sponsor under the points-based system.",
    ],
)
def test_the_employer_cannot_get_the_permit(text):
    assert rules_sponsorship(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "Candidates based outside Canada will not be considered.",
        "Applications from outside the EEA can sadly not be considered.",
        "People living outside of Australia cannot be accepted for this post.",
    ],
)
def test_applicants_from_outside_are_turned_away(text):
    assert rules_sponsorship(text) is False


def test_welcoming_applicants_from_outside_is_no_refusal():
    assert rules_sponsorship("Applicants from outside the UK are welcome: we sponsor visas.") is True


def test_not_eligible_for_a_named_kind_of_sponsorship_is_a_refusal():
    assert rules_sponsorship("Sadly this vacancy is not\neligible for employment visa sponsorship.") is False
    assert rules_sponsorship("The contract is ineligible for work visa sponsorship.") is False


def test_must_currently_be_authorized_is_a_right_to_work_requirement():
    assert rules_sponsorship("Applicants must currently be authorized to work in Australia.") is False
    assert rules_sponsorship("You must be presently eligible to work in the UK.") is False


@pytest.mark.parametrize(
    "text",
    [
        "For applicants who do not yet hold one, the clinic will apply for the work permit on their behalf.",
        "If you aren't an EU national, we handle the residence permit application for you.",
        "For hires who are not local citizens, we will apply for the employment pass.",
    ],
)
def test_a_negation_describing_the_candidate_leaves_the_offer(text):
    assert rules_sponsorship(text) is True


def test_a_negation_after_the_condition_still_denies_the_offer():
    assert rules_sponsorship("If you need a visa, we cannot apply for the work permit.") is not True
