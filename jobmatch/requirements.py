"""Hard requirements of a job (clearance, work authorization, degree, graduation window, years,
on-site location) and the matching facts a résumé states; silence is 'unknown', never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEGREE_LEVELS = {"associate": 1, "bachelor": 2, "master": 3, "phd": 4}
DEGREE_NAMES = {1: "associate degree", 2: "bachelor's degree", 3: "master's degree", 4: "PhD"}
_DEGREE = [
    (4, r"\b(?:ph\.?\s?d|doctorate|doctoral)\b"),
    (3, r"\b(?:master'?s?|m\.?sc|m\.?s\.|msc|m\.?eng|mba|m\.?tech)\b"),
    (2, r"\b(?:bachelor'?s?|b\.?sc|b\.?s\.|bsc|b\.?eng|b\.?tech|b\.?e\.|b\.?a\.|undergraduate degree)\b"),
    (1, r"\b(?:associate'?s? degree)\b"),
]
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
    "canada": "Canada",
    "germany": "Germany",
    "india": "India",
    "australia": "Australia",
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
    onsite_location: str | None = None


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


@dataclass(frozen=True)
class Check:
    """The outcome of one hard requirement for one candidate."""

    requirement: str
    status: str  # "ok" | "fail" | "unknown"
    detail: str


def job_requirements(text: str) -> HardRequirements:
    """Extract the hard requirements a job description states."""
    low = text.lower()
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
    auth = citizen = None
    m = re.search(r"\b(?:authori[sz]ed|authori[sz]ation|eligible|right)\s+to\s+work\s+in\s+" + _COUNTRY, low)
    if m:
        auth = _COUNTRY_CANON[m.group(1)]
    elif re.search(
        r"\bno (?:visa )?sponsorship\b|\bwithout (?:visa )?sponsorship\b|"
        r"\bunable to sponsor\b|\bcannot sponsor\b|\bnot sponsor\b",
        low,
    ):
        auth = "US" if re.search(r"\b(?:u\.?s\.?a?|united states)\b", low) else "local"
    m = re.search(
        _COUNTRY + r"\s+citizen(?:ship)?\s+(?:is\s+)?(?:required|only|needed|mandatory)|"
        r"\bmust\s+be\s+an?\s+" + _COUNTRY + r"\s+citizen|citizenship[^.\n]{0,20}?\b" + _COUNTRY,
        low,
    )
    if m:
        citizen = _COUNTRY_CANON[next(g for g in m.groups() if g)]
    degree = None
    for sentence in re.split(r"(?<=[.;!?\n])\s*", low):
        if re.search(r"\b(?:or equivalent|equivalent experience|preferred|nice to have|a plus|bonus)\b", sentence):
            continue
        if not re.search(r"\b(?:degree|required|must|need)\b", sentence):
            continue
        for level, pattern in _DEGREE:
            if re.search(pattern, sentence):
                degree = level if degree is None else min(degree, level)
                break
    grad = None
    m = re.search(
        r"(?:graduat\w*|class of|degree completion)[^.\n]{0,40}?\b(20\d\d)\b(?:\s*(?:-|–|or|to|and)\s*(20\d\d))?", low
    )
    if m:
        first, second = int(m.group(1)), int(m.group(2) or m.group(1))
        grad = (min(first, second), max(first, second))
    years = None
    m = re.findall(
        r"(?:at least|minimum(?: of)?|min\.?|over|more than)\s+(\d{1,2})\+?\s*(?:years?|yrs?)|"
        r"(\d{1,2})\s*\+\s*(?:years?|yrs?)|(\d{1,2})\s*(?:years?|yrs?)\s+(?:of\s+)?(?:\w+\s+){0,3}?"
        r"experience\s+(?:is\s+)?(?:required|needed|minimum)",
        low,
    )
    values = [float(next(g for g in groups if g)) for groups in m]
    if values:
        years = max(values)
    onsite = None
    m = re.search(r"\b(?:on[- ]?site|in[- ]office|in[- ]person)\b[^.\n]{0,25}?\b(?:in|at)\s+" + _CITY, text, re.I)
    if m is None:
        m = re.search(r"\b(?:must (?:be )?(?:located|based|live) in|relocat\w+ to)\s+" + _CITY, text, re.I)
    if m and not re.search(r"\bremote\b(?! not)", low.replace("no remote", "")):
        onsite = m.group(1).strip()
    return HardRequirements(clearance, auth, citizen, degree, grad, years, onsite)


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
    authorized: list[str] = []
    citizenship: list[str] = []
    for m in re.finditer(r"\b(?:authori[sz]ed|eligible|right|permit(?:ted)?)\s+to\s+work\s+in\s+" + _COUNTRY, low):
        authorized.append(_COUNTRY_CANON[m.group(1)])
    for m in re.finditer(_COUNTRY + r"\s+(?:citizen|national|citizenship)|citizen of\s+" + _COUNTRY, low):
        citizenship.append(_COUNTRY_CANON[next(g for g in m.groups() if g)])
    if re.search(r"\b(?:green card|permanent resident)\b", low):
        authorized.append("US")
    authorized += citizenship
    sponsorship = None
    if re.search(
        r"\b(?:require|requires|need|needs|requiring)\b[^.\n]{0,15}\bsponsorship\b|\bon an? (?:h-?1b|f-?1|opt)\b", low
    ):
        sponsorship = True
    elif re.search(
        r"\bno sponsorship (?:required|needed)\b|\bdo(?:es)? not (?:require|need) (?:visa )?sponsorship\b", low
    ):
        sponsorship = False
    degree = None
    for level, pattern in _DEGREE:
        if re.search(pattern, low):
            degree = level
            break
    if degree is None and re.search(r"\b(?:no degree|self[- ]taught|high school diploma|bootcamp)\b", low):
        degree = 0
    grad = None
    m = re.search(r"(?:graduat\w*|class of|expected)[^.\n]{0,30}?\b(19\d\d|20\d\d)\b", low)
    if m:
        grad = int(m.group(1))
    location = None
    m = re.search(r"\b(?:based in|located in|lives in|living in|location:)\s*" + _CITY, text, re.I)
    if m:
        location = m.group(1).strip()
    relocate = True if re.search(r"\b(?:willing|open|happy) to relocate\b", low) else None
    facts = CandidateFacts(
        clearance,
        tuple(dict.fromkeys(authorized)) or None,
        sponsorship,
        tuple(dict.fromkeys(citizenship)) or None,
        degree,
        grad,
        years,
        location,
        relocate,
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
            countries = [_COUNTRY_CANON.get(v.strip().lower(), v.strip()) for v in re.split(r"[,;/]", value)]
            updates["authorized"] = tuple(c for c in countries if c)
    value = _clean(stated.get("degree"))
    if value is not None:
        low = value.lower()
        updates["degree_level"] = next((lvl for lvl, pat in _DEGREE if re.search(pat, low)), 0)
    value = _clean(stated.get("graduation_year"))
    if value is not None and re.fullmatch(r"\d{4}(?:\.0)?", value):
        updates["graduation_year"] = int(float(value))
    value = _clean(stated.get("location"))
    if value is not None:
        updates["location"] = value
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
    if req.work_authorization:
        where = req.work_authorization
        if facts.authorized and (where == "local" or where in facts.authorized):
            status = "ok"
        elif facts.needs_sponsorship:
            status = "fail"
        else:
            status = "unknown"
        label = "local work authorization" if where == "local" else f"authorization to work in {where}"
        checks.append(Check("work authorization", status, f"needs {label} without sponsorship"))
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
            status = "ok" if facts.years >= req.min_years else "fail"
        checks.append(Check("years of experience", status, f"needs {req.min_years:g}+ years"))
    if req.onsite_location:
        if facts.location is None:
            status = "unknown"
        elif req.onsite_location.lower() in facts.location.lower() or facts.relocate:
            status = "ok"
        else:
            status = "fail"
        checks.append(Check("on-site location", status, f"on site in {req.onsite_location}"))
    return checks


__all__ = ["CandidateFacts", "Check", "HardRequirements", "candidate_facts", "check_requirements", "job_requirements"]
