"""Generate varied job descriptions and candidate profiles with rubric labels (seed-card format).

Every pair is ``Pair(sentence_0=job text, sentence_1=candidate card, label)`` where the card is
``Role: <title> (<level>). Skills: a, b, c.`` and the label comes from `jobmatch.rubric`.
Jobs (rendered by `jobmatch.jobtext`) vary in phrasing, length, order, skill aliases ("k8s",
"Postgres"), "X or Y" alternatives and noise (company blurbs, duties, benefits, hard
requirements); about half are long-form postings. Each job gets about a dozen candidates: the
full stack, graded partial coverage (3/4, 1/2, 1/4, none) of the must-haves in the same family,
the same stack at other levels, a related family, and unrelated families that share one or two
generic skills with the job (the "Bioinformatics Engineer who knows AWS" case).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core import Pair, save_pairs
from jobmatch.jobtext import render_job
from jobmatch.parsing import SENIORITY_LABELS, RoleCatalog, Seniority, candidate_card, load_roles
from jobmatch.rubric import rubric_label
from jobmatch.skills import SkillVocabulary, load_vocabulary

LONG_FORM_SHARE = 0.5  # share of jobs written as long, sectioned postings (like samples/job.txt)
_LEVEL_TITLES = {
    Seniority.INTERN: [
        "{role} Intern",
        "{role} Internship",
        "Graduate {role}",
        "Trainee {role}",
        "Junior {role} (Fresher)",
    ],
    Seniority.JUNIOR: ["Junior {role}", "Jr. {role}", "{role} I", "Associate {role}"],
    Seniority.MID: ["{role}", "Mid-level {role}", "{role} II"],
    Seniority.SENIOR: ["Senior {role}", "Sr. {role}", "Senior {role}"],
    Seniority.LEAD: ["Lead {role}", "Principal {role}", "{lead}", "{lead}", "Senior {role} Lead", "{role} Team Lead"],
}
_LEVEL_EXPERIENCE = {
    Seniority.INTERN: [
        "No professional experience needed; students and fresh graduates welcome.",
        "This is an internship for current students.",
        "Ideal for recent graduates.",
    ],
    Seniority.JUNIOR: ["1-2 years of experience.", "Around a year of hands-on experience.", "0-2 years of experience."],
    Seniority.MID: [
        "3+ years of experience.",
        "At least 3 years of professional experience.",
        "4 years of experience.",
    ],
    Seniority.SENIOR: [
        "5+ years of experience.",
        "At least 6 years of experience building production systems.",
        "7+ years of professional experience.",
    ],
    Seniority.LEAD: [
        "8+ years of experience, including leading a team.",
        "10+ years of experience and proven people leadership.",
        "Experience managing a team of 5-10 engineers.",
    ],
}


@dataclass(frozen=True)
class JobSpec:
    """Ground truth behind a generated job."""

    family: str
    level: Seniority
    title: str
    required: tuple[str, ...]
    nice: tuple[str, ...]
    alternatives: tuple[tuple[str, str], ...] = ()  # (must-have, accepted instead): "Django or FastAPI"


@dataclass(frozen=True)
class CandidateSpec:
    """Ground truth behind a generated candidate."""

    family: str | None
    level: Seniority | None
    title: str | None
    skills: tuple[str, ...]


class Generator:
    """Seeded generator of jobs, candidates and labelled pairs."""

    def __init__(self, seed: int = 42, *, vocab: SkillVocabulary | None = None, roles: RoleCatalog | None = None):
        self.rng = random.Random(seed)
        self.vocab = vocab or load_vocabulary()
        self.roles = roles or load_roles()
        self._surface: dict[str, list[str]] = {}
        for alias, name in self.vocab.aliases.items():
            self._surface.setdefault(name, []).append(alias)

    # -- jobs ---------------------------------------------------------------------------
    def job(self, family: str, level: Seniority | None = None) -> tuple[JobSpec, str]:
        """A job spec in `family` and its free-text description (about half long-form)."""
        rng, info = self.rng, self.roles.families[family]
        level = level if level is not None else rng.choice(list(Seniority))
        role = rng.choice(info["roles"])
        title = rng.choice(_LEVEL_TITLES[level]).format(role=role, lead=rng.choice(info["lead_roles"]))
        long_form = rng.random() < LONG_FORM_SHARE
        required = rng.sample(info["core"], k=min(len(info["core"]), rng.randint(3, 8 if long_form else 7)))
        pool = [s for s in info["extra"] + info["core"] if s not in required]
        nice = rng.sample(pool, k=min(len(pool), rng.randint(0, 4 if long_form else 3)))
        alternatives: dict[str, str] = {}
        spare = [s for s in pool if s not in nice]
        if spare and rng.random() < 0.3:
            alternatives[rng.choice(required)] = rng.choice(spare)
        if level == Seniority.LEAD:
            required += rng.sample(self.roles.management_skills, k=2)
        spec = JobSpec(family, level, title, tuple(required), tuple(nice), tuple(alternatives.items()))
        text = render_job(
            rng,
            title=title,
            required=spec.required,
            nice=spec.nice,
            experience=rng.choice(_LEVEL_EXPERIENCE[level]),
            alternatives=alternatives,
            say=self._say,
            long_form=long_form,
        )
        return spec, text

    def _say(self, skill: str) -> str:
        if self.rng.random() < 0.7:
            return skill
        alias = self.rng.choice(self._surface.get(skill, [skill]))
        return alias.upper() if len(alias) <= 3 else alias

    # -- candidates ---------------------------------------------------------------------
    def candidate(self, family: str, level: Seniority, skills: Sequence[str]) -> CandidateSpec:
        """A candidate of `family` at `level` listing `skills` (order shuffled)."""
        info = self.roles.families[family]
        if level == Seniority.LEAD and self.rng.random() < 0.5:
            title = self.rng.choice(info["lead_roles"])
        else:
            title = self.rng.choice(info["roles"])
        skills = list(dict.fromkeys(skills))
        self.rng.shuffle(skills)
        return CandidateSpec(family, level, title, tuple(skills))

    def candidates_for(self, job: JobSpec, families: Sequence[str]) -> list[CandidateSpec]:
        """A spread of candidates for a job: full, graded partial and no coverage, other levels, other families."""
        rng, info = self.rng, self.roles.families[job.family]
        own = info["core"] + info["extra"]
        filler = [s for s in own if s not in job.required and s not in dict(job.alternatives).values()]
        levels = list(Seniority)
        alts = dict(job.alternatives)

        def pick(pool, k):
            return rng.sample(list(pool), k=max(0, min(len(pool), k)))

        def with_mgmt(level, skills):
            return skills + pick(self.roles.management_skills, 2) if level == Seniority.LEAD else skills

        def stack(skills):  # a candidate may know the accepted alternative instead of the named skill
            return [alts[s] if s in alts and rng.random() < 0.5 else s for s in skills]

        def near():
            return Seniority(min(4, max(0, job.level + rng.choice([-1, 0, 0, 0, 1]))))

        required = [s for s in job.required if s not in self.roles.management_skills]
        out = []
        # 1. The full stack at the job's level, sometimes with the nice-to-haves too.
        extra = list(job.nice) if rng.random() < 0.5 else pick(filler, rng.randint(1, 3))
        out.append(self.candidate(job.family, job.level, with_mgmt(job.level, stack(job.required) + extra)))
        # 2. Same family, graded coverage of the must-haves (3/4, 1/2, 1/4, none) padded with own skills.
        for share in (0.75, 0.5, 0.25, 0.0):
            level = job.level if rng.random() < 0.6 else near()
            cov = pick(required, round(len(required) * share))
            out.append(
                self.candidate(job.family, level, with_mgmt(level, stack(cov) + pick(filler, rng.randint(2, 4))))
            )
        # 3. Same stack at other levels, so the model sees that seniority matters on its own.
        other = [lvl for lvl in levels if lvl != job.level]
        for level in pick(other, 2):
            out.append(self.candidate(job.family, level, with_mgmt(level, stack(job.required) + pick(filler, 2))))
        # 4. A related family, then unrelated ones; most share one or two of the job's skills.
        related = [f for f in info["related"] if f in families]
        others = [f for f in families if f != job.family and f not in related]
        for i, family in enumerate(([rng.choice(related)] if related else []) + pick(others, 3)):
            fam = self.roles.families[family]
            level = job.level if rng.random() < 0.5 else rng.choice(levels)
            skills = pick(fam["core"], rng.randint(3, 7)) + pick(fam["extra"], 2)
            if i > 0 and rng.random() < 0.7:
                skills += pick(required, rng.randint(1, 2))
            out.append(self.candidate(family, level, with_mgmt(level, skills)))
        if rng.random() < 0.15:
            sparse = pick(own, rng.randint(0, 1))
            out.append(CandidateSpec(None if rng.random() < 0.5 else job.family, None, None, tuple(sparse)))
        return out

    def label(self, job: JobSpec, cand: CandidateSpec) -> float:
        """Rubric label of a (job, candidate) pair."""
        fit = self.roles.related(job.family, cand.family)
        return rubric_label(
            job.required,
            job.nice,
            cand.skills,
            fit,
            int(job.level),
            None if cand.level is None else int(cand.level),
            alternatives=dict(job.alternatives),
        ).label

    def pairs(self, n_jobs: int, job_families: Sequence[str], candidate_families: Sequence[str]) -> list[Pair]:
        """Labelled pairs for `n_jobs` jobs drawn from `job_families`."""
        out = []
        for i in range(n_jobs):
            family = job_families[i % len(job_families)]
            spec, text = self.job(family)
            for cand in self.candidates_for(spec, candidate_families):
                card = candidate_card(cand.title, cand.level, cand.skills)
                out.append(Pair(text, card, self.label(spec, cand)))
        return out


def write_datasets(
    out_dir: str | Path, *, n_train_jobs: int = 850, n_val_jobs: int = 80, n_unseen_jobs: int = 80, seed: int = 42
) -> dict[str, int]:
    """Write train.jsonl, val.jsonl and val_unseen_families.jsonl; return their pair counts.

    Args:
        out_dir: folder to write into.
        n_train_jobs: jobs for training (about 11 pairs each).
        n_val_jobs: jobs from the training families, held out.
        n_unseen_jobs: jobs from families the training set never sees.
        seed: random seed.

    Returns:
        {"train": n, "val": n, "val_unseen_families": n}.
    """
    roles = load_roles()
    unseen = list(roles.unseen_families)
    seen = [f for f in roles.families if f not in unseen]
    out_dir = Path(out_dir)
    counts = {}
    for name, n_jobs, job_fams, cand_fams, offset in (
        ("train", n_train_jobs, seen, seen, 0),
        ("val", n_val_jobs, seen, seen, 1),
        ("val_unseen_families", n_unseen_jobs, unseen, list(roles.families), 2),
    ):
        pairs = Generator(seed + offset, roles=roles).pairs(n_jobs, job_fams, cand_fams)
        save_pairs(pairs, out_dir / f"{name}.jsonl")
        counts[name] = len(pairs)
    return counts


__all__ = ["CandidateSpec", "Generator", "JobSpec", "SENIORITY_LABELS", "write_datasets"]
