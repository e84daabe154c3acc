"""The requirements card: what the parser read from a posting, as JSON a recruiter can check and correct.

``requirements_of(job)`` writes the card; ``with_requirements(job, card)`` reads a (possibly edited
or partial) card back over the parsed job. The card uses the evaluation format's names and value
forms (``jobmatch.evaluation.posting_fields``: ``must_have`` as ``["Python", ["Snowflake", "BigQuery"]]``,
``degree`` "bachelor", ``workplace`` "hybrid", ``location`` the office city) plus the other hard
requirements the ranking checks, so one vocabulary serves annotation and correction.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

from jobmatch import places
from jobmatch.documents import InputError, read_text
from jobmatch.parsing import SENIORITY_LABELS, JobProfile, Seniority
from jobmatch.requirements import DEGREE_LEVELS, country_code
from jobmatch.resumes import DEGREE_KEYS
from jobmatch.scoring import groups_as_written
from jobmatch.skills import SkillVocabulary, load_vocabulary
from jobmatch.years import MAX_YEARS

# Card keys in the order `requirements` prints them.
CARD_FIELDS = (
    "title",
    "seniority",
    "must_have",
    "nice_to_have",
    "min_years",
    "degree",
    "sponsorship",
    "work_authorization",
    "citizenship",
    "clearance",
    "graduation_years",
    "workplace",
    "location",
    "region",
)
WORKPLACES = ("onsite", "hybrid", "remote")
_SENIORITY_WORDS = {
    **{label.lower(): level for level, label in SENIORITY_LABELS.items()},
    **{level.name.lower(): level for level in Seniority},
}


def requirements_of(job: JobProfile) -> dict:
    """The card for a parsed job: every field in `CARD_FIELDS`, null where the posting states nothing."""
    req = job.requirements
    return {
        "title": job.title,
        "seniority": None if job.seniority is None else job.seniority.label,
        "must_have": groups_as_written(job.must_have),
        "nice_to_have": list(job.nice_skills),
        "min_years": req.min_years,
        "degree": DEGREE_KEYS.get(req.degree_level) if req.degree_level else None,
        "sponsorship": req.sponsorship,
        "work_authorization": req.work_authorization,
        "citizenship": req.citizenship,
        "clearance": req.clearance,
        "graduation_years": None if req.graduation_years is None else list(req.graduation_years),
        "workplace": req.workplace,
        "location": req.location,  # the office city, also for a remote job (it then gates nobody)
        "region": req.region,
    }


def run_requirements(job: JobProfile, card: dict | None = None) -> dict:
    """What a saved run ranked by, so that it can be audited later: the card of the job as ranked, and its source.

    ``card`` describes the requirements card that corrected the parser ({"path", "edited", and optionally
    "parsed": the parser's values of the edited fields}); None means the parser's reading was used as it was.
    """
    if card is None:
        return {"from": "parser", "card": requirements_of(job)}
    return {"from": "card", **card, "card": requirements_of(job)}


def read_card(path: str | Path) -> dict:
    """Read a card file: a JSON object, not yet checked field by field (see `with_requirements`).

    The file is read as every user document is (`jobmatch.documents.read_text`: the same one-line errors for a
    missing, empty, binary or undecodable file; UTF-8, a BOM or Windows-1252 text).
    """
    path = Path(path)
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"requirements card {path} is not JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise InputError(f"requirements card {path} must be a JSON object of fields, not {_kind(data)}")
    return data


def card_changes(job: JobProfile, card: dict, *, vocab: SkillVocabulary | None = None) -> dict:
    """The card's fields, checked and normalised, that differ from what the parser read."""
    checked = check_card(card, vocab=vocab)
    parsed = requirements_of(job)
    return {key: value for key, value in checked.items() if value != parsed[key]}


def with_requirements(job: JobProfile, card: dict, *, vocab: SkillVocabulary | None = None) -> JobProfile:
    """The job with the card's fields in place of the parser's; a field the card leaves out stays as parsed.

    Skill names the vocabulary knows are normalised ("postgres" -> "PostgreSQL"); others stay as written and
    are met by a résumé that names them (``JobProfile.open_names``). The reranker's card and the hard
    requirements follow: an office city or workplace edit moves the on-site condition, and sponsorship
    offered drops the work-authorization condition unless the card states one.

    Raises:
        InputError: a key or value the card does not allow.
    """
    vocab = vocab or load_vocabulary()
    return _corrected(job, card_changes(job, card, vocab=vocab), vocab)


def apply_card(job: JobProfile, card: dict, *, path: str | Path,
               vocab: SkillVocabulary | None = None) -> tuple[JobProfile, dict]:
    """Correct a parsed job with the card read from ``path`` (`with_requirements`), checking the card once.

    Returns:
        (the corrected job, the record a saved run keeps of the card (`run_requirements`): {"path": its full
        path, "edited": the fields it changed, "parsed": what the parser had read in those fields}).

    Raises:
        InputError: a key or value the card does not allow.
    """
    vocab = vocab or load_vocabulary()
    edits = card_changes(job, card, vocab=vocab)
    was = requirements_of(job)
    record = {"path": str(Path(path).resolve()), "edited": list(edits), "parsed": {key: was[key] for key in edits}}
    return _corrected(job, edits, vocab), record


def _corrected(job: JobProfile, edits: dict, vocab: SkillVocabulary) -> JobProfile:
    """The job with checked card fields (`card_changes`) in place of the parser's."""
    if not edits:
        return job
    req = job.requirements
    profile: dict = {}
    updates: dict = {}
    if "title" in edits:
        profile["title"] = edits["title"]
    if "seniority" in edits:
        profile["seniority"] = None if edits["seniority"] is None else _SENIORITY_WORDS[edits["seniority"].lower()]
    if "must_have" in edits or "nice_to_have" in edits:
        groups = job.must_have
        if "must_have" in edits:
            groups = tuple((g,) if isinstance(g, str) else tuple(g) for g in edits["must_have"])
        nice = tuple(edits.get("nice_to_have", job.nice_skills))
        required = tuple(dict.fromkeys(s for group in groups for s in group))
        profile |= {"required_groups": groups, "required_skills": required, "nice_skills": nice,
                    "open_names": tuple(s for s in dict.fromkeys(required + nice) if s not in vocab.names)}
    if "min_years" in edits:
        profile["min_years"] = updates["min_years"] = edits["min_years"]
    if "degree" in edits:
        updates["degree_level"] = None if edits["degree"] is None else DEGREE_LEVELS[edits["degree"]]
    for key in ("clearance", "citizenship", "sponsorship"):
        if key in edits:
            updates[key] = edits[key]
    if "graduation_years" in edits:
        updates["graduation_years"] = None if edits["graduation_years"] is None else tuple(edits["graduation_years"])
    if "work_authorization" in edits:
        updates["work_authorization"] = edits["work_authorization"]
    elif "sponsorship" in edits:
        updates["work_authorization"] = _authorization(req.work_authorization, req.sponsorship, edits["sponsorship"])
    if {"location", "region", "workplace"} & edits.keys():
        updates |= _place(req, edits)
    if updates:
        profile["requirements"] = replace(req, **updates)
    return replace(job, **profile)


def _authorization(parsed: str | None, parsed_sponsorship: bool | None, sponsorship: bool | None) -> str | None:
    """The work-authorization condition once the recruiter corrects sponsorship (and not the condition itself)."""
    if sponsorship is True:  # the employer sponsors: being authorized already is no condition
        return None
    if sponsorship is None and parsed_sponsorship is False:  # the parser inferred it from "no sponsorship"
        return None
    return parsed


def _place(req, edits: dict) -> dict:
    """Office city, its region and the on-site condition after a location, region or workplace edit."""
    city, region = req.location, req.region
    if "location" in edits:
        city, region = edits["location"], None
        if city is not None:
            found = places.find_place(city) or places.find_place(f"Location: {city}")
            city, region = (found.city or city, found.region) if found else (city, None)
    if "region" in edits:
        region = edits["region"]
    workplace = edits.get("workplace", req.workplace)
    if workplace in {"onsite", "hybrid"}:
        onsite = city
    elif workplace == "remote":
        onsite = None
    else:  # no arrangement stated: the parser's "must be located in" reading, at the (new) city
        onsite = city if req.onsite_location else None
    return {"location": city, "region": region, "workplace": workplace, "onsite_location": onsite}


# -- checking a card ---------------------------------------------------------------------------
def check_card(card: dict, *, vocab: SkillVocabulary | None = None) -> dict:
    """The card's fields with their values checked and normalised; raises InputError naming the first bad one."""
    if not isinstance(card, dict):
        raise InputError(f"a requirements card must be a JSON object of fields, not {_kind(card)}")
    unknown = [key for key in card if key not in CARD_FIELDS]
    if unknown:
        raise InputError(f"unknown requirements card field {unknown[0]!r}; allowed: {', '.join(CARD_FIELDS)}")
    vocab = vocab or load_vocabulary()
    checks = {
        "title": _text, "clearance": _text, "location": _text, "region": _text,
        "work_authorization": _country, "citizenship": _country,
        "seniority": _seniority, "min_years": _years, "degree": _degree, "sponsorship": _flag,
        "workplace": _workplace, "graduation_years": _graduation,
    }  # fmt: skip
    out = {}
    try:
        for key, value in card.items():
            if key == "must_have":
                out[key] = _must_have(value, vocab)
            elif key == "nice_to_have":
                out[key] = _names(value, key, vocab)
            else:
                out[key] = None if value is None else checks[key](value, key)
    except InputError as exc:
        raise InputError(f"requirements card: {exc}") from None
    return out


def _must_have(value, vocab: SkillVocabulary) -> list:
    """Groups of alternatives as lists of canonical names (one name or a list of names per entry)."""
    if not isinstance(value, list):
        raise InputError(f'must_have must be a list of skills (e.g. ["Python", ["Snowflake", "BigQuery"]]), '
                        f"not {_kind(value)}")
    groups: list[list[str]] = []
    for i, entry in enumerate(value):
        where = f"must_have[{i}]"
        if isinstance(entry, list):
            if not entry:
                raise InputError(f"{where} is an empty list of alternatives; remove it or name a skill")
            group = list(dict.fromkeys(_skill(item, f"{where}[{j}]", vocab) for j, item in enumerate(entry)))
        else:
            group = [_skill(entry, where, vocab)]
        if group not in groups:
            groups.append(group)
    return [group[0] if len(group) == 1 else group for group in groups]


def _names(value, key: str, vocab: SkillVocabulary) -> list[str]:
    if not isinstance(value, list):
        raise InputError(f"{key} must be a list of skill names, not {_kind(value)}")
    return list(dict.fromkeys(_skill(item, f"{key}[{i}]", vocab) for i, item in enumerate(value)))


def _skill(value, where: str, vocab: SkillVocabulary) -> str:
    """A skill's canonical name when the vocabulary has it as a name or exact alias, else the name as written."""
    if not isinstance(value, str):
        raise InputError(f"{where} must be a skill name (text), not {_kind(value)}")
    name = " ".join(value.split())
    if not name:
        raise InputError(f"{where} is empty; remove it or name a skill")
    return vocab.exact_name(name)


def _text(value, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{key} must be non-empty text or null, not {_kind(value)}")
    return " ".join(value.split())


def _country(value, key: str) -> str:
    """A country code ("US", "UK"), 'local', or a country name the requirements reader knows."""
    text = _text(value, key)
    return "local" if text.lower() == "local" else country_code(text)


def _seniority(value, key: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in _SENIORITY_WORDS:
        allowed = ", ".join(f'"{label}"' for label in SENIORITY_LABELS.values())
        raise InputError(f"{key} must be one of {allowed} or null, not {_shown(value)}")
    return _SENIORITY_WORDS[value.strip().lower()].label


def _years(value, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or not 0 <= value <= MAX_YEARS:
        raise InputError(f"{key} must be a number of years from 0 to {MAX_YEARS} or null, not {_shown(value)}")
    return float(value)


def _degree(value, key: str) -> str:
    if value not in DEGREE_LEVELS:
        allowed = ", ".join(f'"{name}"' for name in DEGREE_LEVELS)
        raise InputError(f"{key} must be one of {allowed} or null, not {_shown(value)}")
    return value


def _flag(value, key: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{key} must be true, false or null, not {_shown(value)}")
    return value


def _workplace(value, key: str) -> str:
    if value not in WORKPLACES:
        raise InputError(f"{key} must be one of {', '.join(map(repr, WORKPLACES))} or null, not {_shown(value)}")
    return value


def _graduation(value, key: str) -> list[int]:
    """A graduation window: [first, last] years, or one year."""
    years = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(years, list) or not 1 <= len(years) <= 2 \
            or not all(isinstance(y, int) and not isinstance(y, bool) and 1950 <= y <= 2100 for y in years):
        raise InputError(f"{key} must be [first, last] years (e.g. [2024, 2025]), one year or null, "
                        f"not {_shown(value)}")
    return [min(years), max(years)]


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__)


def _shown(value) -> str:
    return json.dumps(value) if isinstance(value, str | int | float | bool | type(None)) else _kind(value)


__all__ = [
    "CARD_FIELDS",
    "apply_card",
    "card_changes",
    "check_card",
    "read_card",
    "requirements_of",
    "run_requirements",
    "with_requirements",
]
