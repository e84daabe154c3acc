"""Hard requirements of a job (clearance, work authorization, degree, graduation window, years,
on-site location) and the matching facts a résumé states; silence is 'unknown', never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobmatch import arrangement, contactplace, offices, places, postings, resumereaders, resumes, workrights
from jobmatch.degreerules import job_degree
from jobmatch.sponsorship import sponsorship
from jobmatch.years import job_min_years, posting_min_years

# The degrees a job can ask for: resumes.DEGREE_LEVELS without "none" (a résumé may say it has none).
DEGREE_LEVELS = {key: level for key, level in resumes.DEGREE_LEVELS.items() if key != "none"}
DEGREE_NAMES = {1: "associate degree", 2: "bachelor's degree", 3: "master's degree", 4: "PhD"}
_DEGREE = resumes.DEGREE_PATTERNS
YEARS_TOLERANCE = 1.0  # 5 years against "6+" is close enough to talk; 4 is not
_COUNTRY = (
    r"(?:the\s+)?(us|u\.s\.|usa|united states|uk|united kingdom|eu|european union|canada|germany|india|australia)"
)
_COUNTRY_CANON = {
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "united states": "US",
    "uk": "UK",
    "united kingdom": "UK",
    "eu": "EU",
    "european union": "EU",
    "canada": "CA",
    "germany": "DE",
    "india": "IN",
    "australia": "AU",
}
_CITY = r"([A-Z][a-zA-Z]+(?:[ -][A-Z][a-zA-Z]+)?)"


@dataclass(frozen=True)
class HardRequirements:
    """Requirements a job states as conditions, each None when not stated."""

    clearance: str | None = None  # e.g. "TS/SCI", "Secret", "security clearance"
    work_authorization: str | None = None  # country code, e.g. "US"
    citizenship: str | None = None  # country code when citizenship itself is required
    degree_level: int | None = None  # see DEGREE_LEVELS
    graduation_years: tuple[int, int] | None = None  # inclusive window
    min_years: float | None = None
    onsite_location: str | None = None  # city the job needs people in (on-site or hybrid)
    sponsorship: bool | None = None  # does the employer sponsor work visas
    workplace: str | None = None  # "onsite" | "hybrid" | "remote"
    location: str | None = None  # the job's city
    region: str | None = None  # its US state or country code


@dataclass(frozen=True)
class CandidateFacts:
    """Facts a résumé states; None = the résumé is silent."""

    clearance: bool | None = None
    authorized: tuple[str, ...] | None = None  # countries the candidate may work in
    needs_sponsorship: bool | None = None
    citizenship: tuple[str, ...] | None = None
    degree_level: int | None = None
    graduation_year: int | None = None
    years: float | None = None
    location: str | None = None
    relocate: bool | None = None
    remote_only: bool | None = None
    region: str | None = None  # US state or country code of `location`


@dataclass(frozen=True)
class Check:
    """The outcome of one hard requirement for one candidate."""

    requirement: str
    status: str  # "ok" | "fail" | "unknown"
    detail: str


def job_requirements(text: str) -> HardRequirements:
    """Extract the hard requirements a job description states."""
    low = text.lower()
    wanted = postings.requirement_text(text)
    clearance = None
    m = re.search(r"\b(ts/sci|top secret|secret|public trust|sc|dv)\b(?:\s+level)?\s+(?:security\s+)?clearance", low)
    if m:
        clearance = m.group(1).upper() if m.group(1) in {"ts/sci", "sc", "dv"} else m.group(1).title()
    elif re.search(
        r"\b(?:active|current|valid|obtain|hold|eligible for)\b[^.\n]{0,30}\bclearance\b|"
        r"\bsecurity clearance\b",
        low,
    ):
        clearance = "security clearance"
    place = offices.office_place(text)
    setting = arrangement.workplace(postings.unwrap(text))
    sponsors = sponsorship(text)
    auth = citizen = None
    m = re.search(r"\b(?:authori[sz]ed|authori[sz]ation|eligible|right)\s+to\s+work\s+in\s+" + _COUNTRY, low)
    if m:
        auth = _COUNTRY_CANON[m.group(1)]
    elif sponsors is False:
        country = places.country_of(place.region) if place else None
        auth = country or ("US" if re.search(r"\b(?:u\.?s\.?a?|united states)\b", low) else "local")
    m = re.search(
        _COUNTRY + r"\s+citizen(?:ship)?\s+(?:is\s+)?(?:required|only|needed|mandatory)|"
        r"\bmust\s+be\s+an?\s+" + _COUNTRY + r"\s+citizen|citizenship[^.\n]{0,20}?\b" + _COUNTRY,
        low,
    )
    if m:
        citizen = _COUNTRY_CANON[next(g for g in m.groups() if g)]
    grad = None
    m = re.search(
        r"(?:graduat\w*|class of|degree completion)[^.\n]{0,40}?\b(20\d\d)\b(?:\s*(?:-|–|or|to|and)\s*(20\d\d))?", low
    )
    if m:
        first, second = int(m.group(1)), int(m.group(2) or m.group(1))
        grad = (min(first, second), max(first, second))
    years = posting_min_years(text, wanted)
    city = place.city if place else None
    onsite = city if setting in {"onsite", "hybrid"} or (setting is None and _MUST_BE_IN.search(text)) else None
    return HardRequirements(
        clearance,
        auth,
        citizen,
        job_degree(wanted, text),
        grad,
        years,
        onsite,
        sponsorship=sponsors,
        workplace=setting,
        location=city,
        region=place.region if place else None,
    )


def country_code(name: str) -> str:
    """A country as requirements and résumé facts hold it ("United States" -> "US"); other text as written."""
    return _COUNTRY_CANON.get(name.strip().lower(), name.strip())


_MUST_BE_IN = re.compile(r"\b(?:must (?:be )?(?:located|based|live) in|relocat\w+ to)\s+[A-Z]")


def candidate_facts(text: str, stated: dict, *, years: float | None = None) -> CandidateFacts:
    """Facts from a résumé's text, overridden by explicitly stated fields (CSV/JSON columns)."""
    low = text.lower()
    clearance = None
    if re.search(r"\b(?:no|without|not hold|never held)\b[^.\n]{0,25}\bclearance\b|\bnot? (?:eligible|cleared)\b", low):
        clearance = False
    elif re.search(
        r"\b(?:ts/sci|top secret|secret|public trust|sc|dv|active|current|hold|holds|held)\b"
        r"[^.\n]{0,25}\bclearance\b",
        low,
    ):
        clearance = True
    citizenship: list[str] = []
    for m in re.finditer(_COUNTRY + r"\s+(?:citizen|national|citizenship)|citizen of\s+" + _COUNTRY, low):
        citizenship.append(_COUNTRY_CANON[next(g for g in m.groups() if g)])
    authorized, sponsorship = workrights.authorization(text)
    authorized = tuple(dict.fromkeys((authorized or ()) + tuple(citizenship))) or None
    if authorized is None and sponsorship is None:  # the rules say nothing: the learned reader decides
        read = resumereaders.reader_authorization(text)
        if read == "authorized":  # in the country the résumé is read for, as the rules' unnamed authorization
            authorized = ("local",)
        elif read == "needs_sponsorship":
            sponsorship = True
    grad = None
    m = re.search(r"(?:graduat\w*|class of|expected)[^.\n]{0,30}?\b(19\d\d|20\d\d)\b", low)
    if m:
        grad = int(m.group(1))
    if grad is None:
        m = re.search(r"(?:b\.?s|b\.?sc|b\.?a|b\.?tech|b\.?eng|bachelor|m\.?s|m\.?sc|master|ph\.?d)[^\n]{0,80}?\b"
                      r"((?:19|20)\d\d)\b(?!\s*[-–])", low)  # fmt: skip
        grad = int(m.group(1)) if m else None
    place = contactplace.resume_place(text)
    relocate = arrangement.relocation(text)
    if relocate is None:
        relocate = resumereaders.reader_relocation(text)
    if years is None:
        years = resumes.resume_years(text)
    facts = CandidateFacts(
        clearance,
        authorized,
        sponsorship,
        tuple(dict.fromkeys(citizenship)) or None,
        resumes.degree_level(text),
        grad,
        years,
        place.city if place else None,
        relocate,
        arrangement.remote_only(text) or None,
        place.region if place else None,
    )
    return _apply_stated(facts, stated)


def _apply_stated(facts: CandidateFacts, stated: dict) -> CandidateFacts:
    from dataclasses import replace

    updates: dict = {}
    value = _clean(stated.get("clearance"))
    if value is not None:
        updates["clearance"] = value.lower() not in {"no", "none", "false", "0", "n"}
    value = _clean(stated.get("work_authorization"))
    if value is not None:
        if value.lower() in {"no", "none", "needs sponsorship", "sponsorship"}:
            updates["needs_sponsorship"] = True
        else:
            countries = [country_code(v) for v in re.split(r"[,;/]", value)]
            updates["authorized"] = tuple(c for c in countries if c)
    value = _clean(stated.get("degree"))
    if value is not None:
        updates["degree_level"] = resumes.degree_level(value) or 0
    value = _clean(stated.get("graduation_year"))
    if value is not None and re.fullmatch(r"\d{4}(?:\.0)?", value):
        updates["graduation_year"] = int(float(value))
    value = _clean(stated.get("location"))
    if value is not None:
        place = places.find_place(value) or places.find_place(f"Location: {value}")
        updates["location"] = place.city if place else value
        updates["region"] = place.region if place else None
    return replace(facts, **updates) if updates else facts


def _clean(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def check_requirements(req: HardRequirements, facts: CandidateFacts) -> list[Check]:
    """Check each stated job requirement against the candidate's stated facts."""
    checks: list[Check] = []
    if req.clearance:
        status = {True: "ok", False: "fail", None: "unknown"}[facts.clearance]
        checks.append(Check("clearance", status, f"needs {req.clearance}"))
    if req.citizenship:
        if facts.citizenship is None:
            status = "unknown"
        else:
            status = "ok" if req.citizenship in facts.citizenship else "fail"
        checks.append(Check("citizenship", status, f"needs {req.citizenship} citizenship"))
    if req.work_authorization or req.sponsorship is False:
        where = req.work_authorization or "local"
        authorized = set(facts.authorized or ())
        if where in authorized or "local" in authorized or (where in places.EU_MEMBERS and "EU" in authorized):
            status = "ok"
        elif facts.needs_sponsorship:
            status = "fail"
        elif where == "local" and authorized and facts.needs_sponsorship is False:
            status = "ok"
        else:
            status = "unknown"
        label = "local work authorization" if where == "local" else f"authorization to work in {where}"
        checks.append(Check("work authorization", status, f"needs {label}; no visa sponsorship"))
    if req.degree_level:
        if facts.degree_level is None:
            status = "unknown"
        else:
            status = "ok" if facts.degree_level >= req.degree_level else "fail"
        checks.append(Check("degree", status, f"needs a {DEGREE_NAMES[req.degree_level]}"))
    if req.graduation_years:
        low, high = req.graduation_years
        if facts.graduation_year is None:
            status = "unknown"
        else:
            status = "ok" if low <= facts.graduation_year <= high else "fail"
        window = str(low) if low == high else f"{low}-{high}"
        checks.append(Check("graduation window", status, f"graduation in {window}"))
    if req.min_years:
        if facts.years is None:
            status = "unknown"
        else:
            status = "ok" if facts.years >= req.min_years - YEARS_TOLERANCE else "fail"
        stated = "" if facts.years is None else f" (has {facts.years:g})"
        checks.append(Check("years of experience", status, f"needs {req.min_years:g}+ years{stated}"))
    if req.onsite_location:
        job_place = places.Place(req.onsite_location, req.region)
        own = places.Place(facts.location, facts.region) if facts.location else None
        if facts.remote_only:
            status, detail = "fail", f"remote only; the job is {req.workplace or 'on-site'} in {req.onsite_location}"
        elif own is not None and own.near(job_place):
            status, detail = "ok", f"{req.workplace or 'on-site'} in {req.onsite_location}"
        elif facts.relocate:
            status, detail = "ok", f"{req.workplace or 'on-site'} in {req.onsite_location} (will relocate)"
        elif own is not None and facts.relocate is False:
            status, detail = "fail", f"lives in {own.city}, not relocating; the job is in {req.onsite_location}"
        else:
            status, detail = "unknown", f"{req.workplace or 'on-site'} in {req.onsite_location}"
        checks.append(Check("location", status, detail))
    return checks


__all__ = [
    "CandidateFacts",
    "Check",
    "HardRequirements",
    "candidate_facts",
    "check_requirements",
    "country_code",
    "job_min_years",
    "job_requirements",
]
