"""Extract role, seniority, years and skills from job descriptions and candidate profiles."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from pathlib import Path

from core.paths import shared_data_dir
from jobmatch.postings import must_haves, posting_title
from jobmatch.requirements import CandidateFacts, HardRequirements, candidate_facts, job_requirements
from jobmatch.resumes import resume_years
from jobmatch.scoring import group_label
from jobmatch.skills import SkillVocabulary, load_vocabulary


class Seniority(IntEnum):
    """Career level; the integer value is used for the rubric's seniority gap."""

    INTERN = 0
    JUNIOR = 1
    MID = 2
    SENIOR = 3
    LEAD = 4

    @property
    def label(self) -> str:
        """Label used in candidate cards, as in the seed card ("Intern/Fresher")."""
        return SENIORITY_LABELS[self]

    @classmethod
    def from_label(cls, text: str | None) -> Seniority | None:
        """Parse a seniority label or free text ("Senior", "intern", "Mid-level"); None if absent."""
        return detect_seniority(text or "")[0]

    @classmethod
    def from_years(cls, years: float) -> Seniority:
        """Map years of experience to a level (<1 intern, <3 junior, <6 mid, <10 senior, else lead)."""
        for limit, level in ((1, cls.INTERN), (3, cls.JUNIOR), (6, cls.MID), (10, cls.SENIOR)):
            if years < limit:
                return level
        return cls.LEAD


SENIORITY_LABELS = {
    Seniority.INTERN: "Intern/Fresher",
    Seniority.JUNIOR: "Junior",
    Seniority.MID: "Mid-level",
    Seniority.SENIOR: "Senior",
    Seniority.LEAD: "Lead",
}
# Most specific first: "senior manager" is lead, "junior" beats a stray "mid".
_SENIORITY_PATTERNS = [
    (
        Seniority.LEAD,
        r"\b(?:tech(?:nical)? lead|team lead|lead|principal|staff engineer|head of|director|"
        r"engineering manager|manager|vp of engineering|architect)\b",
    ),
    (
        Seniority.INTERN,
        r"\b(?:intern(?:ship)?s?|fresher|trainee|apprentice|entry[- ]level|new grad(?:uate)?s?|"
        r"fresh graduates?|graduate program(?:me)?|student|working student|recent graduate)\b",
    ),
    (Seniority.SENIOR, r"\b(?:senior|sr\.?|experienced)\b"),
    (Seniority.JUNIOR, r"\b(?:junior|jr\.?|associate)\b"),
    (Seniority.MID, r"\b(?:mid[- ]?level|mid[- ]senior|intermediate|mid)\b"),
]
_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*(?:\+|plus)?\s*(?:-\s*\d{1,2}\s*)?(?:years?|yrs?)\b(?:\s+of)?(?:\s+\w+){0,3}?"
    r"\s*(?:experience|exp\b|in\b|working|building|developing|as\b|of\b)",
    re.IGNORECASE,
)
_YEARS_SHORT = re.compile(r"\b(?:experience|exp)\s*[:=-]\s*(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)?", re.I)


def detect_seniority(text: str) -> tuple[Seniority | None, float | None]:
    """Return (level, years) stated in the text; either may be None.

    A keyword ("senior", "internship") wins over a level derived from years, since job
    titles say it directly; years alone still give a level.
    """
    years = detect_years(text)
    lowered = text.lower()
    for level, pattern in _SENIORITY_PATTERNS:
        if re.search(pattern, lowered):
            return level, years
    if years is not None:
        return Seniority.from_years(years), years
    return None, None


def detect_years(text: str) -> float | None:
    """Largest 'N years of experience' figure stated in the text, or None."""
    values = [float(m.group(1)) for m in _YEARS.finditer(text)]
    values += [float(m.group(1)) for m in _YEARS_SHORT.finditer(text)]
    values = [v for v in values if v <= 45]
    return max(values) if values else None


@dataclass(frozen=True)
class RoleCatalog:
    """Role families, their titles and skills (shared_data/jobmatch/roles.json)."""

    families: dict[str, dict] = field(repr=False)
    management_skills: tuple[str, ...]
    unseen_families: tuple[str, ...]

    __hash__ = object.__hash__

    @classmethod
    def from_json(cls, path: str | Path) -> RoleCatalog:
        """Load a roles file."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["families"], tuple(data["management_skills"]), tuple(data["unseen_families"]))

    def related(self, family_a: str | None, family_b: str | None) -> float:
        """Role-family fit in [0, 1]: 1 same family, the 'related' weight, else 0."""
        if not family_a or not family_b:
            return 0.0
        if family_a == family_b:
            return 1.0
        return float(self.families.get(family_a, {}).get("related", {}).get(family_b, 0.0))

    def detect(self, text: str) -> tuple[str | None, str | None]:
        """Return (role title, family) of the earliest, longest role title in the text."""
        best: tuple[int, int, str, str] | None = None
        lowered = text.lower()
        for family, info in self.families.items():
            for title in info["roles"] + info.get("lead_roles", []):
                for variant in _title_variants(title):
                    match = re.search(r"(?<![\w-])" + re.escape(variant) + r"(?![\w-])", lowered)
                    if match and (best is None or (match.start(), -len(variant)) < (best[0], best[1])):
                        best = (match.start(), -len(variant), title, family)
        return (best[2], best[3]) if best else (None, None)


def _title_variants(title: str) -> set[str]:
    base = title.lower()
    return {
        base,
        base.replace("-", " "),
        base.replace(" ", "-"),
        base.replace("full-stack", "fullstack"),
        base.replace("developer", "engineer"),
        base.replace("engineer", "developer"),
    }


def default_roles_path() -> Path:
    """Path of the shipped roles.json."""
    return shared_data_dir() / "jobmatch" / "roles.json"


@lru_cache(maxsize=4)
def load_roles(path: str | Path | None = None) -> RoleCatalog:
    """Load (once per path) the role catalog; None is the shipped one."""
    return RoleCatalog.from_json(path or default_roles_path())


@dataclass(frozen=True)
class JobProfile:
    """What the matcher needs to know about a job description."""

    text: str
    title: str | None
    family: str | None
    seniority: Seniority | None
    min_years: float | None
    required_skills: tuple[str, ...]
    nice_skills: tuple[str, ...]
    requirements: HardRequirements
    # Must-haves as groups of alternatives: ("Snowflake", "BigQuery") is met by either.
    required_groups: tuple[tuple[str, ...], ...] = ()
    # Must-haves the skill vocabulary does not know ("Mockito", "TIA 942"): a résumé meets them by naming them.
    open_names: tuple[str, ...] = ()

    @property
    def must_have(self) -> tuple[tuple[str, ...], ...]:
        """Must-have groups (each a tuple of alternatives); one group per skill when none were given."""
        return self.required_groups or tuple((s,) for s in self.required_skills)

    @property
    def card(self) -> str:
        """The reranker's view of the job, in the candidate card's format.

        'Role: Data Engineer (Senior). Must have: Python, Snowflake or BigQuery. Nice to have: Kafka.'
        About 50 tokens instead of a posting's ~220: a third of the rerank cost, and on the evaluation
        set's development postings the same or better NDCG@10 and MAP than the whole posting.
        """
        must = ", ".join(group_label(group) for group in self.must_have) or "none listed"
        nice = f" Nice to have: {', '.join(self.nice_skills)}." if self.nice_skills else ""
        return f"{card_head(self.title, self.seniority)} Must have: {must}.{nice}"


@dataclass(frozen=True)
class CandidateProfile:
    """A candidate as parsed from structured fields and/or free text."""

    role: str | None
    family: str | None
    seniority: Seniority | None
    years: float | None
    skills: tuple[str, ...]
    facts: CandidateFacts
    text: str = ""

    @property
    def card(self) -> str:
        """The model's view of the candidate, in the seed card's format."""
        return candidate_card(self.role, self.seniority, self.skills)

    @property
    def is_sparse(self) -> bool:
        """True when there is too little to judge: no role and fewer than 2 skills."""
        return len(self.skills) < 2 and (self.role is None or not self.skills)


def candidate_card(role: str | None, seniority: Seniority | None, skills: tuple[str, ...] | list[str]) -> str:
    """Seed-format candidate text: 'Role: Full-stack Developer (Intern/Fresher). Skills: C#, SQL.'"""
    return f"{card_head(role, seniority)} Skills: {', '.join(skills) if skills else 'none listed'}."


def card_head(role: str | None, seniority: Seniority | None) -> str:
    """The first sentence of a candidate or job card: 'Role: Data Engineer (Senior).'"""
    level = f" ({seniority.label})" if seniority is not None else ""
    return f"Role: {role or 'Unknown'}{level}."


def split_required_nice(text: str, vocab: SkillVocabulary) -> tuple[list[str], list[str]]:
    """Split a job's skills into must-have and nice-to-have (see `jobmatch.postings.must_haves`)."""
    groups, nice = must_haves(text, vocab)
    return list(dict.fromkeys(s for group in groups for s in group)), nice


def parse_job(text: str, *, vocab: SkillVocabulary | None = None, roles: RoleCatalog | None = None) -> JobProfile:
    """Parse a job description."""
    vocab = vocab or load_vocabulary()
    roles = roles or load_roles()
    title, family = roles.detect(_first_lines(text, 2))
    if title is None:
        title, family = roles.detect(text)
    seniority, years = detect_seniority(_first_lines(text))
    if seniority is None:
        seniority, years = detect_seniority(text)
    groups, nice = must_haves(text, vocab)
    required = list(dict.fromkeys(s for group in groups for s in group))
    reqs = job_requirements(text)
    title = posting_title(text) or title  # a posting's first short line is its title
    unlisted = tuple(s for s in required if s not in vocab.names)
    return JobProfile(
        text, title, family, seniority, reqs.min_years, tuple(required), tuple(nice), reqs, tuple(groups), unlisted
    )


def parse_candidate(
    text: str = "",
    *,
    role: str | None = None,
    seniority: str | None = None,
    years: float | None = None,
    skills: str | list[str] | None = None,
    facts: dict | None = None,
    vocab: SkillVocabulary | None = None,
    roles: RoleCatalog | None = None,
) -> CandidateProfile:
    """Parse a candidate from structured fields and/or free text; fields win over the text.

    Args:
        text: free-form résumé or summary (may be empty).
        role: stated role title.
        seniority: stated level ("Senior", "Intern/Fresher", ...).
        years: stated years of experience.
        skills: a skills list (string or list); mentions in `text` are added.
        facts: stated hard facts (clearance, work_authorization, degree, graduation_year, location).
        vocab: skill vocabulary (default: shipped).
        roles: role catalog (default: shipped).

    Returns:
        CandidateProfile; unknown fields stay None, never guessed.
    """
    vocab = vocab or load_vocabulary()
    roles = roles or load_roles()
    found_role, family = roles.detect(role or "") if role else (None, None)
    if role is None:
        found_role, family = roles.detect(_first_lines(text))
        if found_role is None:
            found_role, family = roles.detect(text)
    role_text = role.strip() if role else found_role
    listed = vocab.normalize_list(skills) if skills else []
    for name in vocab.extract(text):
        if name not in listed:
            listed.append(name)
    listed = vocab.with_implied(listed)
    level, text_years = detect_seniority(f"{role or ''}\n{seniority or ''}") if (role or seniority) else (None, None)
    if seniority and level is None:
        level = Seniority.from_label(seniority)
    full_level, _ = detect_seniority(_first_lines(text, 4))
    if full_level is None:
        full_level, _ = detect_seniority(text)
    years = years if years is not None else (text_years if text_years is not None else resume_years(text))
    if level is None:
        level = full_level if full_level is not None else (Seniority.from_years(years) if years is not None else None)
    return CandidateProfile(
        role_text, family, level, years, tuple(listed), candidate_facts(text, facts or {}, years=years), text
    )


_CARD = re.compile(
    r"^\s*Role:\s*(?P<role>.+?)\s*(?:\((?P<level>[^()]*)\))?\s*\.\s*Skills:\s*(?P<skills>.*?)\.?\s*$", re.I | re.S
)


def profile_from_text(text: str, **kwargs) -> CandidateProfile:
    """Parse candidate text: a seed-format card ('Role: ... (Senior). Skills: ...') or a free résumé."""
    match = _CARD.match(text)
    if match:
        role = match.group("role").strip()
        role = None if role.lower() == "unknown" else role
        skills = match.group("skills")
        skills = None if skills.strip().lower() == "none listed" else skills
        return parse_candidate("", role=role, seniority=match.group("level"), skills=skills, **kwargs)
    return parse_candidate(text, **kwargs)


def _first_lines(text: str, n: int = 3) -> str:
    return "\n".join([line for line in text.splitlines() if line.strip()][:n])


__all__ = [
    "CandidateProfile",
    "JobProfile",
    "RoleCatalog",
    "SENIORITY_LABELS",
    "Seniority",
    "candidate_card",
    "default_roles_path",
    "detect_seniority",
    "detect_years",
    "load_roles",
    "parse_candidate",
    "parse_job",
    "profile_from_text",
    "split_required_nice",
]
