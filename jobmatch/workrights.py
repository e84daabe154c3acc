"""Work authorization a résumé states: the countries the person may work in, and whether they need sponsorship.

Apart from `jobmatch.resumes` (degrees, years) because it is its own field of the evaluation card with its own
wordings (citizenship, permits, visas, residence, in US and non-US terms) and its own learned fallback
(`jobmatch.resumereaders`); nothing here reads degrees or dates. Silence stays None.
"""

from __future__ import annotations

import re

_NEEDS = re.compile(
    r"\b(?:require|requires|required|need|needs|needing|requiring|will require|seeking)\b[^.\n]{0,25}"
    r"\b(?:sponsorship|work permit|work visa|visa|h-?1b)\b|\bsponsorship (?:is )?(?:required|needed)\b|"
    r"\b(?:currently |presently )?on an? (?:h-?1b|f-?1|opt|l-?1|tn|j-?1|h-?4)\b|"
    r"\b(?:h-?1b|opt|f-?1) (?:visa )?holder\b|"
    # the verb: "will need a new employer to sponsor my permit", "I require an employer to sponsor me"
    r"\b(?:require|requires|need|needs|needing|will require)\b[^.\n]{0,40}?\bto sponsor (?:me|my)\b|"
    r"\b(?:visa )?sponsorship:?\s*(?:yes|required|needed)\b|\bnot (?:yet )?authori[sz]ed to work\b|\bno work permit\b|"
    # a permit an employer must apply for, now or once the present one runs out: "from then I will need an employer
    # to apply for an employment permit on my behalf"
    r"\b(?:require|requires|need|needs|needing|will require)\b[^.\n]{0,20}?\b(?:an?|the|my)(?: new| next| future)? "
    r"employer to (?:apply|file|obtain|request|lodge)\b[^.\n]{0,60}?\b(?:permit|visa|pass)\b|"
    # the same with the employer as the subject: "a new employer would need to sponsor my visa", "any future employer
    # will have to assign me a Certificate of Sponsorship"
    r"\b(?:a|any|the|my)\s+(?:new|next|future|prospective)\s+employer\s+(?:would|will)\s+(?:need|have)\s+to\b"
    r"[^.\n]{0,80}?\b(?:sponsor\w*|visa|permit)\b",
    re.I,
)
_NOT_NEEDING = r"\b(?:(?:do|does|will|would) not|don't|doesn't|won't|wouldn't|never) (?:require|need)"
_NO_NEED = re.compile(
    _NOT_NEEDING + r"\b[^.\n]{0,40}?\b(?:sponsorship|to sponsor)\b|"
    # a permit the person does not need: "I don't need a work permit in Austria", "doesn't require a visa for the EU"
    + _NOT_NEEDING + r"\s+(?:an?\s+)?"
    r"(?:(?:work|working|employment)\s+)?(?:permit|visa)\b|"
    # "no sponsorship needed", "no employer sponsorship required"
    r"\bno (?:(?:visa|employer|work)\s+)?sponsorship\s+(?:is\s+)?(?:required|needed|necessary)\b|"
    # a permit or visa the person does not need: "no work permit needed", "work visa not required"
    r"\bno\s+(?:(?:work|working|employment|residence)\s+)?(?:permit|visa)\s+(?:is\s+)?(?:required|needed|necessary)\b|"
    r"\b(?:work|working|employment)\s+(?:permit|visa)\s+(?:is\s+)?not\s+(?:required|needed|necessary)\b|"
    r"\bwithout (?:the need for |requiring )?(?:visa )?sponsorship\b|"
    # where a residence moves from sponsor to sponsor (the Gulf), a move that needs none: "no visa transfer required",
    # "sponsorship transfer not needed" -- the person can join as they are
    r"\bno\s+(?:(?:visa|sponsorship|iqama|residence|permit)\s+)?transfer\s+(?:is\s+)?(?:required|needed|necessary)\b|"
    r"\b(?:visa|sponsorship|iqama|residence|permit)\s+transfer\s+(?:is\s+)?not\s+(?:required|needed|necessary)\b|"
    r"\bsponsorship:?\s*(?:no|not required)\b",
    re.I,
)
# A record of training that is called a passport ("Site Safe Passport", "CCNSG Safety Passport", "Skills Passport",
# "Language Passport"): a certificate, not a nationality.
_CERTIFICATE_PASSPORT = (
    r"(?:safe|safety|skills?|training|learning|language|competence|competency|vaccin\w*|immunity|health|covid|"
    r"product|career)[^\S\n]+passport\b"
)
# An article, possessive or preposition before the noun makes it an adjective or a thing, not a nationality ("the
# national database", "a national survey", "our citizen portal", "at national level"); "a national of X" stays one.
_DETERMINER = (
    r"(?:the|a|an|our|their|its|his|her|my|your|this|that|these|those|each|every|any|some|"
    r"at|for|in|on|of|to|and|with|by|from)[^\S\n]"
)
# The nationality and its noun on one line: "Languages: Tamil, Hindi" over "Passport: available" names none.
_AUTHORIZED = re.compile(
    r"\b(?:u\.?s\.?a?\.?|american|eu|european|uk|british|canadian|indian|german|french|dutch|irish|spanish|"
    r"polish|portuguese|italian|australian|swedish|"
    r"(?!" + _CERTIFICATE_PASSPORT + r"|" + _DETERMINER + r"(?!national[^\S\n]+of\b))[a-z]+)[^\S\n]+"
    r"(?:citizen|citizenship|passport|national\b(?!\s+"
    r"(?:service|servicem[ae]n|certificate|diploma|level|vocational|qualifications?|curriculum|youth|"
    r"exams?|examinations?|award|championships?|team|park|bank|health|insurance|guard|holiday|grid|lottery)\b))\b|"
    r"\bcitizen of\b|\bgreen[- ]card\b|\bpermanent resident\b|\bpermanent residency\b|\b(?:authori[sz]ed|eligible|"
    r"entitled|cleared|permitted|free) to work\b|\bright to work\b|\bwork(?:ing)? (?:permit|authori[sz]ation|visa)"
    r"\s*(?:holder|for|in|:)?\s*(?:yes|valid|held|uk|us|eu|germany|canada)\b|\bsettled status\b|"
    r"\bindefinite leave to remain\b|\bblue card\b|\bniederlassungserlaubnis\b|\bunrestricted work\b|"
    r"\bvalid work permit\b|\bopen work permit\b|\bwork permit holder\b|\bpr holder\b|\bnaturali[sz]ed\b|"
    # "Australian PR", "Stamp 4" (Ireland: may work without a permit)
    # a Swiss B or C permit (residence with work, settlement)
    r"\bswiss\s+[bc][-\s]+permit\b|\bpermis\s+[bc]\b|\bniederlassungsbewilligung\b|"
    r"\b(?:australian|canadian|singapore|new zealand|nz) pr\b|\bstamp (?:4|1g)\b|\bcitizenship\s*:\s*(?=\w)|"
    r"\bfull work(?:ing)? rights\b|\bwork(?:ing)? rights\s*:\s*(?:full|yes|unrestricted)\b|"
    # a residence that needs no employer ("New Zealand Resident Visa", "unlimited residence permit"; a Canadian
    # "temporary resident visa" is a visitor's), and a nationality line ("Nationality: Dutch", "Nationaliteit:")
    r"(?<!temporary )\bresident visa\b|\b(?:permanent|unlimited|indefinite) residen(?:ce|cy) (?:permit|visa|card)\b|"
    r"\bsettlement permit\b|\b(?:nationality|nationaliteit|nationalit[äé]t?|nacionalidad|nacionalidade|"
    r"nazionalit[àa])\s*:\s*(?=[^\W\d_])",
    re.I,
)
_AUTH_COUNTRY = re.compile(
    r"\b(u\.?s\.?a?\.?|united states|american|green[- ]card|eu|european union|european|uk|united kingdom|british|"
    r"canada|canadian|germany|german|india|indian|australia|australian)\b",
    re.I,
)
_COUNTRY_OF = {"american": "US", "green card": "US", "green-card": "US", "united states": "US", "european": "EU",
               "european union": "EU", "british": "UK", "united kingdom": "UK", "canadian": "CA",
               "canada": "CA", "german": "DE", "germany": "DE", "indian": "IN", "india": "IN",
               "australian": "AU", "australia": "AU", "eu": "EU", "uk": "UK"}  # fmt: skip

# What the person says is not needed, listed ("no work permit or sponsorship required"; a narrow sidebar may
# wrap it over lines), beside `_NO_NEED`'s single phrases.
_NOTHING_NEEDED = re.compile(
    r"\bno\s+(?:(?:visa|work|employment|residence)\s+)?(?:permit|visa)\s+(?:or|and|nor|/)\s+(?:visa\s+)?"
    r"sponsorship\s+(?:is\s+)?(?:required|needed|necessary)\b",
    re.I,
)
# A visa or permit tied to the current employer ("my residence visa is sponsored by my current employer", "an
# employer-tied work permit"): a new employer would have to sponsor it, which the card counts as needing it.
_TIED_TO_EMPLOYER = re.compile(
    r"\b(?:visa|permit|iqama)\b[^.\n]{0,40}?\b(?:sponsored by|tied to|linked to|bound to)\s+(?:my|the)\s+"
    # "my current employer", also as the writer names the workplace ("sponsored by my current practice")
    r"(?:(?:current|present)\s+[\w-]+|employer)\b|"
    r"\bemployer[- ](?:sponsored|tied|specific)\s+(?:work\s+)?(?:visa|permit)\b|"
    # a sponsorship that moves from employer to employer, as residence permits do in the Gulf: "transferable work
    # visa, release letter available", "NOC can be provided; new employer to transfer sponsorship"
    r"\b(?:visa|permit|iqama|residency|residence|sponsorship)\b[^.\n]{0,30}?\btransferr?able\b(?! skills)|"
    r"\btransferr?able\b[^.\n]{0,15}?\b(?:visa|permit|iqama|residency|sponsorship)\b|"
    r"\btransfer (?:of )?(?:the |my )?(?:sponsorship|visa|iqama)\b|\bsponsorship transfer\b|"
    r"\b(?:noc|no[- ]objection certificate|release letter)\b[^.\n]{0,25}?\b(?:can be |will be )?"
    r"(?:provided|available|possible|obtainable|ready)\b",
    re.I,
)


def authorization(text: str) -> tuple[tuple[str, ...] | None, bool | None]:
    """(countries the résumé says the person may work in, needs sponsorship) -- each None when silent."""
    if _NO_NEED.search(text) or _NOTHING_NEEDED.search(text):
        needs: bool | None = False
    else:
        needs = True if _NEEDS.search(text) or _TIED_TO_EMPLOYER.search(text) else None
    countries: list[str] = []
    for match in _AUTHORIZED.finditer(text):
        if needs and re.search(r"\bnot\b", text[max(0, match.start() - 12) : match.start()], re.I):
            continue
        window = text[max(0, match.start() - 30) : match.end() + 40]
        found = _AUTH_COUNTRY.search(match.group(0)) or _AUTH_COUNTRY.search(window)
        if found:
            key = found.group(1).lower().replace(".", "")
            country = "US" if key in {"us", "usa"} else _COUNTRY_OF.get(key, key.upper())
        else:
            country = "local"
        if country not in countries:
            countries.append(country)
    if needs is False and not countries:
        countries.append("local")
    if needs and countries == ["local"]:
        countries = []
    return (tuple(countries) or None), needs


__all__ = ["authorization"]
