"""Whether a posting's employer sponsors work visas, in the many ways writers say it.

No: "we don't sponsor", "you must already have the right to work in ...", "citizens or permanent
residents only". Yes: "we sponsor Skilled Worker visas", "we'll handle your residence permit",
"applicants who need sponsorship are welcome". Silent postings give None. Each new writer words it in a way
the rules have not seen ("we can support an Accredited Employer Work Visa"), so where they find nothing a
learned reader labels the sentences that mention visas, permits, citizenship or the right to work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobmatch.readers import Embed, LinearReader, installed_reader
from jobmatch.sections import sentences, unwrap

# What the employer says of sponsorship itself: it does not sponsor, or will not consider those who need it.
_REFUSES = re.compile(
    r"\b(?:no|without)\s+(?:visa\s+|immigration\s+)?sponsorship\b|\b(?:unable|not able|cannot|can't|can not|"
    r"will not|won't|do not|don't|does not|doesn't|are not able to|is not able to)\s+(?:to\s+)?"
    # "we don't offer relocation or visa sponsorship"
    r"(?:provide\s+|offer\s+)?(?:[\w-]+\s+(?:or|and)\s+)?(?:visa\s+)?(?:sponsor|sponsorship)|"
    r"\bsponsorship (?:is )?not (?:available|offered|provided|possible)\b|"
    r"\bnot (?:offer|provide)(?:ing)? (?:visa )?sponsorship\b|\bno visa support\b|"
    r"\bsponsorship\s*:\s*(?:no|none|not)\b|"
    r"\b(?:cannot|can't|can not|unable to|will not|won't|do not|don't) (?:[\w-]+ (?:or|and) )sponsor|"
    r"\b(?:candidates|applicants|those) (?:who )?(?:requir|need)\w* (?:visa |work )?sponsorship "
    r"(?:will not|won't|cannot|can't|are not|aren't) (?:be )?(?:considered|eligible)\b|"
    # "we cannot arrange a residence permit", "we unfortunately can't obtain work permits for this role"
    r"\b(?:cannot|can't|can not|unable to|do not|don't|won't|will not) (?:\w+ly )?(?:support|help|assist|arrange|"
    r"provide|organi[sz]e|obtain|secure|get|apply for|sponsor)(?: with)?(?: the| your| any| an?)? "
    r"(?:[\w-]+ )?(?:work permits?|visas?|visa applications?|residence permits?|blue cards?|immigration)\b|"
    # not a licensed sponsor: "we are not a registered visa sponsor", "we aren't an approved sponsor"
    r"(?:\bnot|n't) (?:an?|currently an?) (?:[\w-]+ ){0,3}(?:sponsor|sponsoring employer)\b|"
    # "does not qualify for visa sponsorship", "is not eligible for H-1B or other visa sponsorship": a named visa
    # before the general word; "not eligible for employment visa sponsorship": the kind of visa too
    r"(?:(?:\bnot|n't)\s+(?:qualify|eligible)|\bineligible)\s+for\s+(?:[\w-]+\s+(?:or|and)\s+(?:any\s+)?(?:other\s+)?)?"
    r"(?:(?:employment|work|working|employer|immigration|visa|h-?1b)\s+){0,2}sponsorship\b",
    re.I,
)
# A requirement to be able to work already: no sponsorship, unless the posting says it sponsors ("if you do not
# have the right to work in the UK, we can sponsor your visa").
_RIGHT_TO_WORK = re.compile(
    # "must be eligible to live and work in Ireland", "must be currently authorized to work"
    r"\bmust (?:already |currently |presently )?(?:be (?:legally |currently |presently )?"
    r"(?:authori[sz]ed|eligible|entitled)|have (?:the )?(?:right|authori[sz]ation|permission)) to (?:live and )?work\b|"
    r"\bright to work in [^.\n]{2,30} (?:is )?required\b|"
    r"\b(?:citizenship|citizens?) (?:is |are )?required\b|\bmust be an? [\w.]+ citizen\b|"
    r"\bwork (?:authori[sz]ation|permit) (?:is )?required\b|"
    r"\b(?:eligibility|authori[sz]ation|entitlement|permission|(?:legal )?right) to work in [^.\n]{2,30}? (?:is )?"
    r"(?:required|essential|mandatory|a must)\b|\b(?:need|needs|required) to [^.\n]{0,40}\bhave (?:the |full )?"
    r"(?:right|authori[sz]ation|working rights) to work\b|"
    r"\bmust (?:have|hold) (?:full )?(?:[A-Z][a-z]+ )?working rights\b|"
    # "must be South African citizens or permanent residents", "open only to Singapore citizens and PRs"
    r"\bmust be (?:an? )?(?:[\w.]+ ){0,3}(?:citizens?|nationals?|permanent residents?)\b|"
    r"\b(?:open|restricted|limited) (?:only )?to [^.\n]{0,40}\b(?:citizens|nationals|permanent residents|PRs)\b|"
    r"\bonly [^.\n]{0,30}\b(?:citizens|permanent residents|PRs|green card holders)\b[^.\n]{0,20}\b(?:need|may|can|"
    r"should|will be considered|eligible|apply)|\b(?:citizens|permanent residents|PRs) only\b|"
    # "must hold a valid UK work permit", "the legal right to live and work in Australia", "existing work
    # authorization", "a US person (ITAR)", "with Stamp 4"
    r"\bmust (?:hold|have|possess) (?:an? )?(?:valid |current )?(?:[A-Z]{2,3} |[A-Z][a-z]+ )?"
    r"(?:work permit|work visa)\b|"
    r"\bhave (?:the )?(?:legal |full )?(?:right|authori[sz]ation|permission) to (?:live and )?work\b|"
    r"\b(?:existing|current) (?:work )?(?:authori[sz]ation|right to work|work rights)\b(?![^.\n]{0,20}\bnot\b)|"
    r"\bmust be a u\.?s\.? person\b|"
    # those who would need a permit are turned away: "applicants from outside the EU can unfortunately not be
    # considered", "candidates based outside Australia will not be accepted"
    r"\b(?:applicants|candidates|applications|people|those) (?:[\w-]+ )?(?:from|based|residing|living) outside "
    r"(?:of )?[^.\n]{2,40}?\b(?:cannot|can't|can not|won't|aren't|(?:can|will|are|could) (?:\w+ly )?not)"
    r"(?: \w+ly)? (?:be )?(?:considered|accepted|eligible)\b|"
    r"\bwith (?:a )?stamp (?:4|1g)\b",
    re.I,
)
_SPONSOR_YES = re.compile(
    r"\bsponsorship\s*:\s*(?:yes|available|offered|provided)\b|"
    r"\b(?:we|will|can|happy to|able to|do|does)\s+(?:also\s+)?(?:gladly\s+)?sponsor\b|\bsponsorship (?:is )?"
    r"(?:available|offered|provided|possible|support)|\b(?:visa|relocation and visa|immigration) (?:support|"
    r"sponsorship) (?:is )?(?:available|offered|provided|included)|\boffer(?:s|ing)? (?:visa |h-?1b )?sponsorship\b|"
    r"\bvisa sponsorship (?:and|&) relocation\b|\bsponsor(?:s|ing)? (?:work )?visas\b|\bvisa support\b|"
    r"\b(?:we (?:can )?)?help with (?:the |your )?(?:visa|work permit)|"
    r"\b(?:can|will|happy to|able to|we) support (?:(?:your|the) )?(?:work permits?|visas?|visa applications?|"
    r"work permit applications?)\b|\bvisas? (?:is |are |will be )?(?:provided|arranged|sponsored)\b|"
    r"\b(?:help|assist|support) with (?:the |your )?(?:eu )?blue card\b|"
    r"\bwe arrange (?:the |your )?[^.\n]{0,30}\bvisa\b|"
    r"\b(?:can|will|happy to) (?:arrange|provide|organi[sz]e)\b[^.\n]{0,60}\bvisa\b|"
    r"\bwelcome applications? from [^.\n]{0,40}\b(?:need|needs|require|requires) (?:a )?(?:[\w-]+ ){0,2}visa|"
    r"\bassist with [^.\n]{0,30}\bvisas?\b|\bh-?1b (?:transfers? )?(?:are )?(?:welcome|accepted|considered)\b|"
    r"\b(?:open to|welcome|consider) (?:candidates|applicants) (?:who )?(?:requir|need)\w* (?:visa )?sponsorship|"
    # a benefit: "school-sponsored residence permit", "an employer sponsored work visa"; not the candidate's own
    # ("self-sponsored", "family-sponsored") nor a state's nomination
    r"(?<!self-)(?<!family-)(?<!state-)(?<!government-)\bsponsored (?:[\w-]+ ){0,2}?"
    r"(?:visas?|(?:work|residence|residency|employment) permits?)\b",
    re.I,
)


# The documents a work visa comes as, including named national schemes (Austria's Red-White-Red Card, the EU's
# single permit); "permit to work" alone is a safety procedure on industrial sites, so a bare "permit" is not one.
_IMMIGRATION = (
    r"(?:(?:eu )?blue card|red-white-red card|green card|visas?|(?:work|residence|residency|employment|single) "
    r"permits?|(?:work|employment) pass(?:es)?|immigration|sponsorship)"
)
# Who says it does the paperwork: "we", or the employer named as a noun ("the hospital will support ...").
_EMPLOYER = (
    r"(?:we|we'll|(?:the|our) (?:[\w-]+ ){0,2}?(?:team|company|employer|hospital|school|firm|practice|clinic|trust|"
    r"university|college|organi[sz]ation|business|group|board|agency))"
)
# The employer doing the paperwork, said as a sentence of its own. A sentence with a negation is left to _SPONSOR_NO.
_ASSISTS = re.compile(
    # "We'll help you relocate and handle your residence permit application", "our people team takes care of visas"
    # "the hospital will support a candidate's application for an employment permit", "we apply for the single
    # permit on your behalf"
    r"\b" + _EMPLOYER + r"\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:help|assist|support|handle|arrange|cover|pay for|take care of|takes care of|sort out|process|"
    r"guide you through|manage|appl(?:y|ies) for|file)\w*\b[^.\n;]{0,70}?\b(?:your|the|with|an?)\s+"
    r"(?:[\w-]+\s+){0,2}?" + _IMMIGRATION + r"\b|"
    # "Support with relocation and with your EU Blue Card application", "Visa and relocation assistance"
    r"\b(?:support|help|assistance|guidance)\s+(?:with|for|on|through)\b[^.\n;]{0,50}?\b" + _IMMIGRATION + r"\b|"
    r"\b(?:visa|immigration|work permit|blue card)\s+(?:and relocation\s+)?(?:assistance|help|support|guidance)\b|"
    # "applications from job seekers who require sponsorship are welcome", "eligible for employer sponsorship"
    r"\b(?:applications?|applicants?|candidates|people|job seekers|those)\b[^.\n;]{0,40}\b(?:requir|need)\w*\b"
    r"[^.\n;]{0,40}\b(?:sponsorship|visas?|work permits?)\b[^.\n;]{0,60}\b(?:welcome|considered|encouraged)\b|"
    r"\b(?:eligible|qualif(?:y|ies)) for (?:[\w-]+ ){0,2}sponsorship\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|cannot|unable|never|nor)\b|n't\b", re.I)
# A clause that says whom an offer is for ("for candidates who are not citizens, we apply for the permit", "if you
# don't hold a visa, we ..."): a negation inside it describes the candidate and does not deny the offer.
_WHOM_CLAUSE = re.compile(r"\b(?:who|whom|if|unless)\b[^,]*,", re.I)


def _assists(text: str) -> bool:
    """Whether a sentence says the employer sponsors or does the immigration paperwork, without a negation."""
    return any(
        _ASSISTS.search(sentence) and not _NEGATION.search(_WHOM_CLAUSE.sub(" ", sentence))
        for sentence in re.split(r"[.!?;\n]+", text)
    )


# A clause ends at punctuation or at a contrast ("we can't relocate you, but we sponsor visas").
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n–—]|\s-\s|\b(?:but|however|although|though|whereas|while)\b", re.I)
_NEGATIONS = frozenset({"not", "no", "cannot", "unable", "never", "nor"})
# A negation in one of these reaches no further ("if you don't hold a visa we sponsor one", "not only ...").
_OTHER_SCOPE = frozenset({"if", "unless", "whether", "who", "which", "only", "matter", "sure"})
_SUBJECTS = frozenset({"we", "we'll", "we're", "you", "you'll", "you're", "they", "i", "it", "us", "our", "your"})


def _negates(before: str) -> bool:
    """Whether the words just before an offer deny it: "we aren't able to | sponsor", "we don't offer relocation
    or | visa support". The negation must be in the same clause, at most four words back, with no new subject
    between, and not inside a condition or relative clause."""
    words = _CLAUSE_BREAK.split(before)[-1].lower().replace("\u2019", "'").split()
    for back, word in enumerate(reversed(words)):
        if word in _NEGATIONS or word.endswith("n't"):
            at = len(words) - 1 - back
            new_subject = _SUBJECTS.intersection(words[at + 1 :])
            # the words up to the negation and the one after it ("if you don't", "not only")
            other_scope = _OTHER_SCOPE.intersection(words[: at + 2])
            return back <= 4 and not new_subject and not other_scope
    return False


def _denied_offer(text: str) -> bool:
    """Whether an offer phrase is denied by a negation before it ("we're not able to support work permits")."""
    return any(_negates(text[max(0, m.start() - 80) : m.start()]) for m in _SPONSOR_YES.finditer(text))


_SPONSOR_MENTION = re.compile(
    r"\b(?:visa|h-?1b|blue card|work permit)\b[^.\n]{0,40}\bsponsor|\bsponsor\w*[^.\n]{0,40}\b(?:visa|blue card|h-?1b)",
    re.I,
)


# Broad on purpose: any sentence that may speak of visas, permits, citizenship or the right to work goes to the
# reader, which has learned to say `other` of relocation packages, clearances and "work from anywhere in the EU".
_CUE = re.compile(
    r"\b(?:visas?|permits?|sponsor\w*|citizens?(?:hip)?|nationals?|nationalit(?:y|ies)|"
    r"(?:permanent )?residen(?:t|ts|cy|ce)|"
    r"right[ -]to[ -](?:live and )?work|work(?:ing)? rights|authori[sz]\w*|"
    r"(?:eligib\w*|entitle\w*|legally able) to (?:live and )?work|"
    r"lmia|titre de s[ée]jour|express entry|overseas|international (?:applicants|candidates|hires)|"
    r"clearance|relocat\w*|immigra\w*|blue card|green card|passport|stamp (?:4|1g)|work pass|employment pass|"
    r"status of residence|h-?1b|aewv|eu|eea|efta|us person|prs?)\b",
    re.I,
)


def cue_sentences(text: str) -> list[str]:
    """The posting's sentences that mention visas, permits, citizenship, residence, the right to work or relocation."""
    return [s.strip(" \t-*•·–—>") for s in sentences(text) if _CUE.search(s)]


def rules_sponsorship(text: str) -> bool | None:
    """Whether the employer sponsors work visas, by the wording rules alone (None where they find nothing).

    What the posting says of sponsorship outranks what it asks of the candidate: a refusal (or an offer phrase
    denied, "we aren't able to sponsor") gives False, then an offer True; only then does a right-to-work
    requirement give False, and a bare mention of visa sponsorship True.
    """
    text = unwrap(text)
    if _REFUSES.search(text) or _denied_offer(text):
        return False
    if _SPONSOR_YES.search(text) or _assists(text):
        return True
    if _RIGHT_TO_WORK.search(text):
        return False
    if _SPONSOR_MENTION.search(text):
        return True
    return None


READER = "sponsorship"  # shared_data/jobmatch/readers/sponsorship.npz, fitted by benchmarks/fit_sponsorship_reader.py


def read_sponsorship(
    cues: Sequence[str], reader: LinearReader, *, embed: Embed | None = None, threshold: float | None = None
) -> bool | None:
    """The rules' order over a reader's sentence labels: any `refuses` gives False, else any `offers` True,
    else any `requires` (citizenship, an existing right to work) False; labels under the threshold do not count.

    Args:
        cues: the posting's cue sentences (`cue_sentences`).
        reader: a reader with the labels refuses, offers, requires and other.
        embed: the sentence embedder; the shipped MiniLM by default.
        threshold: the probability a sentence's label needs; the reader's own (chosen when it was fitted) by default.
    """
    least = reader.threshold if threshold is None else threshold
    found = {label for label, p in reader.read(list(cues), embed=embed) if p >= least}
    if "refuses" in found:
        return False
    if "offers" in found:
        return True
    if "requires" in found:
        return False
    return None


def sponsorship(text: str) -> bool | None:
    """Whether the employer sponsors work visas: the wording rules, then, where they find nothing, the reader.

    The reader (and the embedder behind it) loads only for a posting the rules leave silent that has cue
    sentences, and not at all where no reader ships (a slim install keeps the rules' answer).
    """
    found = rules_sponsorship(text)
    if found is not None:
        return found
    cues = cue_sentences(text)
    reader = installed_reader(READER) if cues else None
    return read_sponsorship(cues, reader) if reader else None


__all__ = ["cue_sentences", "read_sponsorship", "rules_sponsorship", "sponsorship"]
