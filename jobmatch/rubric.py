"""The labelling rubric behind the generated training data.

A pair's label is ``fit * seniority_factor``, rounded to 0.05, where

* ``fit = 0.45 * required_coverage + 0.10 * nice_coverage + 0.45 * family_fit`` —
  required_coverage is the share of the job's must-have skills the candidate lists (a must-have
  written "X or Y" counts when the candidate lists either; nice coverage falls back to
  required coverage when the job names no nice-to-haves),
  nice_coverage the share of nice-to-have skills, family_fit 1.0 for the same role family,
  the catalog's 'related' weight (0.1-0.5) for neighbours, 0 otherwise;
* ``seniority_factor`` penalises the gap in levels (intern 0 ... lead 4): under-qualified
  by 1/2/3/4 levels -> 0.85/0.55/0.3/0.2, over-qualified by 1/2/3+ -> 0.9/0.7/0.5;
* a profile with fewer than two skills gets at most 0.1 (nothing to judge).

So the seed card's examples come out as: same stack and family but a fresher for a lead
role -> 0.2; an unrelated family with little overlap -> ~0.1. Worked examples for a senior job
with 8 must-haves: same family and level with all of them -> 1.0, with 6 -> ~0.9, with 2 ->
~0.65, with none -> ~0.45-0.5; another family sharing one generic skill (e.g. AWS) -> ~0.05-0.1;
a related family (weight 0.5) with half the stack -> ~0.5. Family fit and coverage carry equal
weight, so an in-family profile without the stack still outranks an off-family one with a
single shared skill, but never a profile that has the stack.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

UNDER_QUALIFIED = {0: 1.0, 1: 0.85, 2: 0.55, 3: 0.3, 4: 0.2}
OVER_QUALIFIED = {0: 1.0, 1: 0.9, 2: 0.7, 3: 0.5, 4: 0.5}
WEIGHT_REQUIRED, WEIGHT_NICE, WEIGHT_FAMILY = 0.45, 0.10, 0.45


@dataclass(frozen=True)
class RubricScore:
    """A rubric label with its components."""

    label: float
    required_coverage: float
    nice_coverage: float
    family_fit: float
    seniority_factor: float


def seniority_factor(job_level: int | None, candidate_level: int | None) -> float:
    """Penalty factor for the level gap; 1.0 when either level is unknown."""
    if job_level is None or candidate_level is None:
        return 1.0
    gap = job_level - candidate_level
    return UNDER_QUALIFIED[min(gap, 4)] if gap >= 0 else OVER_QUALIFIED[min(-gap, 4)]


def coverage(wanted: Collection[str], have: Collection[str], alternatives: Mapping[str, str] | None = None) -> float:
    """Share of `wanted` present in `have` (1.0 when nothing is wanted).

    `alternatives` maps a wanted skill to one accepted instead ("Django or FastAPI").
    """
    if not wanted:
        return 1.0
    have_set = set(have)
    alternatives = alternatives or {}
    return sum(1 for skill in wanted if skill in have_set or alternatives.get(skill) in have_set) / len(wanted)


def rubric_label(
    required: Collection[str],
    nice: Collection[str],
    candidate_skills: Collection[str],
    family_fit: float,
    job_level: int | None,
    candidate_level: int | None,
    *,
    alternatives: Mapping[str, str] | None = None,
) -> RubricScore:
    """Score one (job, candidate) pair with the rubric.

    Args:
        required: the job's must-have skills (canonical names).
        nice: the job's nice-to-have skills.
        candidate_skills: the candidate's skills.
        family_fit: role-family fit in [0, 1] (see RoleCatalog.related).
        job_level: the job's Seniority value, or None.
        candidate_level: the candidate's Seniority value, or None.
        alternatives: must-have skill -> a skill accepted instead (written "X or Y").

    Returns:
        RubricScore; `label` lies in [0, 1] on a 0.05 grid.
    """
    req = coverage(required, candidate_skills, alternatives)
    nice_cov = coverage(nice, candidate_skills) if nice else req
    fit = WEIGHT_REQUIRED * req + WEIGHT_NICE * nice_cov + WEIGHT_FAMILY * family_fit
    factor = seniority_factor(job_level, candidate_level)
    label = fit * factor
    if len(candidate_skills) < 2:
        label = min(label, 0.1)
    label = round(round(min(1.0, max(0.0, label)) / 0.05) * 0.05, 2)
    return RubricScore(label, req, nice_cov, family_fit, factor)


__all__ = ["OVER_QUALIFIED", "UNDER_QUALIFIED", "RubricScore", "coverage", "rubric_label", "seniority_factor"]
