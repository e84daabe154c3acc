"""The one score `jobmatch rank` shows: must-have coverage first, then seniority, then the cross-encoder's fit.

    score = coverage × (0.60 + 0.30 × model + 0.10 × nice) × seniority

* ``coverage`` — share of the posting's must-have groups the candidate meets ("Snowflake or
  BigQuery" is one group, met by either); 1.0 when the posting names none;
* ``model`` — the cross-encoder's sigmoid score for (job card, candidate card): role family and
  semantic fit;
* ``nice`` — share of nice-to-haves held (1.0 when the posting names none);
* ``seniority`` — the rubric's factor for the level gap (1.0 same level or unknown; 0.85/0.55/
  0.3/0.2 for 1/2/3/4 levels under, 0.9/0.7/0.5 over), as in the training labels.

Coverage multiplies everything, so a candidate missing most must-haves (coverage < 0.5) scores
below 0.5, while one meeting all of them at the right level, or one level off, scores above 0.5:
the model reorders candidates with similar coverage but never lifts one without the stack over
one with it. A candidate two or more levels off (a fresher for a lead role) drops with the
seniority factor, as the recruiter's grade does. Hard blockers (sponsorship the posting excludes,
a missing required degree, remote-only or not relocating for an on-site job, more than a year
short of the years asked) do not change the score: the candidate is listed apart, below everyone
who is not blocked, with the reasons. A profile too sparse to judge is capped at
``SPARSE_SCORE_CAP``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

BASE, WEIGHT_MODEL, WEIGHT_NICE = 0.60, 0.30, 0.10
SPARSE_SCORE_CAP = 0.2  # an empty or near-empty profile never looks like a confident match


@dataclass(frozen=True)
class ScoreParts:
    """A candidate's score and what it is made of."""

    score: float
    coverage: float
    nice: float
    fit: float
    model: float
    seniority: float


def group_label(group: Sequence[str]) -> str:
    """A must-have group as people write it: 'Snowflake or BigQuery'."""
    return " or ".join(group)


def groups_as_written(groups: Sequence[Sequence[str]]) -> list:
    """Must-have groups as the JSON formats write them (fields.jsonl, cards, `--format json`): a name, or a list of
    alternatives: ["Python", ["Snowflake", "BigQuery"]]."""
    return [list(group) if len(group) > 1 else group[0] for group in groups]


def coverage(groups: Sequence[Sequence[str]], skills: Collection[str]) -> tuple[float, list[str]]:
    """(share of must-have groups met, labels of the groups missed); (1.0, []) when there are none."""
    if not groups:
        return 1.0, []
    have = set(skills)
    missing = [group_label(g) for g in groups if not have & set(g)]
    return 1 - len(missing) / len(groups), missing


def combine(*, coverage: float, nice: float, model: float, seniority: float, sparse: bool = False) -> ScoreParts:
    """Combine the parts into the documented score (see the module docstring).

    Args:
        coverage: share of must-have groups met, 0..1.
        nice: share of nice-to-haves held, 0..1.
        model: the cross-encoder's sigmoid score, 0..1.
        seniority: the rubric's seniority factor, 0..1.
        sparse: the profile is too thin to judge (caps the score).

    Returns:
        ScoreParts with the score rounded to 4 places.
    """
    fit = model * seniority
    score = coverage * (BASE + WEIGHT_MODEL * model + WEIGHT_NICE * nice) * seniority
    if sparse:
        score = min(score, SPARSE_SCORE_CAP)
    return ScoreParts(round(score, 4), coverage, nice, round(fit, 4), model, seniority)


__all__ = [
    "BASE",
    "SPARSE_SCORE_CAP",
    "WEIGHT_MODEL",
    "WEIGHT_NICE",
    "ScoreParts",
    "combine",
    "coverage",
    "group_label",
    "groups_as_written",
]
