"""Measure the matcher: on a judged evaluation folder (ranking and field extraction), or on labelled JSONL.

The folder layout is `shared_data/jobmatch/eval/` (postings/, resumes/, judgments.csv, fields.jsonl;
see its README). Each posting ranks its judged résumés exactly as `jobmatch rank` would (parse,
card, cross-encoder, combined score, blocked candidates last); NDCG@10 uses the 0-3 grades as
gains and MAP counts grade >= 2 as relevant, per posting, averaged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import core
from core.evaluation import average_precision, correlation_metrics, ndcg_at_k
from core.files import parse_jsonl
from jobmatch.importing import InputError, document_text, read_candidates, read_text
from jobmatch.matching import score_profiles
from jobmatch.parsing import JobProfile, parse_job, profile_from_text
from jobmatch.resumes import DEGREE_KEYS
from jobmatch.scoring import groups_as_written
from jobmatch.skills import load_vocabulary


@dataclass(frozen=True)
class EvalData:
    """Graded pairs and/or reranking samples read from one file."""

    graded: list[tuple[str, str, float]]
    samples: list[core.RerankSample]


def read_eval_file(path: str | Path) -> EvalData:
    """Read lines {"job", "candidate", "label"} and/or {"job", "positives", "negatives"}.

    Seed-format lines {"sentence_0", "sentence_1", "label"} are accepted as graded pairs too.
    """
    graded, samples = [], []
    for where, row in parse_jsonl(read_text(path).splitlines(), str(path), InputError):
        job = row.get("job", row.get("sentence_0"))
        if not isinstance(job, str) or not job.strip():
            raise InputError(f"{where}: needs a non-empty 'job' text")
        if "positives" in row or "negatives" in row:
            pos, neg = row.get("positives") or [], row.get("negatives") or []
            if not isinstance(pos, list) or not isinstance(neg, list) or not pos:
                raise InputError(f"{where}: 'positives' must be a non-empty list and 'negatives' a list")
            samples.append(core.RerankSample(job, [str(p) for p in pos], [str(n) for n in neg]))
            continue
        candidate = row.get("candidate", row.get("sentence_1"))
        label = row.get("label")
        if not isinstance(candidate, str) or not isinstance(label, int | float) or isinstance(label, bool):
            raise InputError(
                f"{where}: needs 'candidate' (text) and a numeric 'label', or 'positives'/'negatives' lists"
            )
        graded.append((job, candidate, float(label)))
    if not graded and not samples:
        raise InputError(f"{path} has no evaluation lines")
    return EvalData(graded, samples)


def evaluate_file(path: str | Path, *, reranker, batch_size: int = 32) -> dict[str, float]:
    """Evaluate a reranker on a labelled file; candidate texts are parsed into cards as in `rank`.

    Returns:
        Flat metrics: eval_pearson/eval_spearman (graded lines) and eval_map/eval_mrr@10/eval_ndcg@10
        (positives/negatives lines), plus eval_pairs / eval_samples counts.
    """
    data = read_eval_file(path)
    metrics: dict[str, float] = {}
    cards: dict[str, str] = {}

    def card(text: str) -> str:
        if text not in cards:
            cards[text] = profile_from_text(text).card
        return cards[text]

    if data.graded:
        pairs = [(job, card(candidate)) for job, candidate, _ in data.graded]
        scores = reranker.predict(pairs, batch_size=batch_size, activation="sigmoid")
        labels = [label for _, _, label in data.graded]
        if len(set(labels)) < 2 or len(pairs) < 2:
            raise InputError(f"{path}: correlation needs at least 2 pairs with different labels")
        metrics.update(correlation_metrics(np.asarray(scores), labels, name="eval"))
        metrics["eval_pairs"] = float(len(pairs))
    if data.samples:
        cooked = [
            core.RerankSample(s.query, [card(p) for p in s.positives], [card(n) for n in s.negatives])
            for s in data.samples
        ]
        metrics.update(core.evaluate_reranking(reranker, cooked, name="eval"))
        metrics["eval_samples"] = float(len(cooked))
    return metrics


RELEVANT_GRADE = 2  # MAP: "good partial fit" or better
YEARS_TOLERANCE = 1.0
FIELDS = ("degree", "years", "authorization", "location", "must_have")


@dataclass(frozen=True)
class EvalSet:
    """A judged evaluation folder: documents, graded pairs and gold fields."""

    folder: Path
    judgments: dict[str, dict[str, int]]  # posting file -> résumé file -> grade
    blockers: dict[tuple[str, str], tuple[str, ...]]
    gold: dict[str, dict]  # "postings/P01-....txt" -> gold fields


def read_eval_folder(folder: str | Path) -> EvalSet:
    """Read judgments.csv and fields.jsonl of an evaluation folder, checking that every file exists."""
    folder = Path(folder)
    path = folder / "judgments.csv"
    if not path.is_file():
        raise InputError(f"{folder} is not an evaluation folder: judgments.csv is missing")
    judgments: dict[str, dict[str, int]] = {}
    blockers: dict[tuple[str, str], tuple[str, ...]] = {}
    for number, row in enumerate(csv.DictReader(io.StringIO(read_text(path))), start=2):
        try:
            posting, resume, grade = row["posting"].strip(), row["resume"].strip(), int(row["grade"])
        except (KeyError, ValueError, AttributeError):
            raise InputError(f"{path}:{number}: needs posting, resume and an integer grade 0-3") from None
        for kind, name in (("postings", posting), ("resumes", resume)):
            if not (folder / kind / name).is_file():
                raise InputError(f"{path}:{number}: {kind}/{name} does not exist")
        judgments.setdefault(posting, {})[resume] = grade
        blockers[(posting, resume)] = tuple(b for b in (row.get("blockers") or "").split(";") if b)
    gold = {}
    fields_path = folder / "fields.jsonl"
    if fields_path.is_file():
        for _, row in parse_jsonl(read_text(fields_path).splitlines(), str(fields_path), InputError):
            gold[row["file"]] = row
    return EvalSet(folder, judgments, blockers, gold)


def select_split(evalset: EvalSet, name: str) -> EvalSet:
    """The part of an evaluation folder named in its splits.json ("held_out": postings P13-P32, résumés R041-R080).

    Postings in the split keep all their judged résumés; gold fields are kept for the split's documents only.
    """
    path = evalset.folder / "splits.json"
    if not path.is_file():
        raise InputError(f"{evalset.folder} has no splits.json, so it has no split {name!r}")
    try:
        splits = json.loads(read_text(path))
    except ValueError as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from None
    try:
        ranges = {kind: tuple(splits[name][kind]) for kind in ("postings", "resumes")}
        if any(len(r) != 2 or not all(isinstance(x, str) for x in r) for r in ranges.values()):
            raise TypeError
    except (KeyError, TypeError):
        known = ", ".join(k for k in splits if k != "comment") if isinstance(splits, dict) else "none"
        raise InputError(f"{path}: no split {name!r} with postings and resumes ranges (known: {known})") from None

    def inside(kind: str, file_name: str) -> bool:
        first, last = ranges[kind]
        ident = file_name.split("-", 1)[0]
        return len(ident) == len(first) and first <= ident <= last

    return EvalSet(
        evalset.folder,
        {p: grades for p, grades in evalset.judgments.items() if inside("postings", p)},
        {pair: b for pair, b in evalset.blockers.items() if inside("postings", pair[0])},
        {f: g for f, g in evalset.gold.items() if inside(*f.split("/", 1))},
    )


def rank_judged(
    evalset: EvalSet, posting: str, *, reranker, scorer: str = "combined", texts: dict | None = None
) -> list[str]:
    """The judged résumés of one posting in the order `jobmatch rank` puts them (file names)."""
    texts = {} if texts is None else texts
    job = parse_job(_text(evalset, "postings", posting, texts))
    items = []
    for resume in evalset.judgments[posting]:
        key = ("resumes", resume)
        if key not in texts:
            texts[key] = read_candidates(evalset.folder / "resumes" / resume)[0]
        items.append((resume, resume, texts[key].profile()))
    return [m.candidate_id for m in score_profiles(job, items, reranker=reranker, scorer=scorer)]


def _text(evalset: EvalSet, kind: str, name: str, texts: dict) -> str:
    if (kind, name) not in texts:
        texts[(kind, name)] = document_text(evalset.folder / kind / name)
    return texts[(kind, name)]


def ranking_metrics(evalset: EvalSet, *, reranker, scorer: str = "combined", texts: dict | None = None) -> dict:
    """Mean NDCG@10 (graded gains) and MAP (grade >= 2 relevant) over the postings."""
    ndcgs, aps = [], []
    for posting, grades in sorted(evalset.judgments.items()):
        order = rank_judged(evalset, posting, reranker=reranker, scorer=scorer, texts=texts)
        scores = [len(order) - i for i in range(len(order))]  # the rank order as descending scores
        gains = [grades[r] for r in order]
        ndcgs.append(ndcg_at_k(gains, scores, k=10))
        if any(g >= RELEVANT_GRADE for g in gains):
            aps.append(average_precision([int(g >= RELEVANT_GRADE) for g in gains], scores))
    return {"ndcg@10": float(np.mean(ndcgs)), "map": float(np.mean(aps)), "postings": float(len(ndcgs))}


def posting_fields(job: JobProfile) -> dict:
    """A parsed posting in fields.jsonl's terms."""
    req = job.requirements
    return {
        "must_have": groups_as_written(job.must_have),
        "nice_to_have": list(job.nice_skills),
        "min_years": req.min_years,
        # fields.jsonl's posting degrees start at bachelor: "college diploma or degree" is no degree minimum.
        "degree": DEGREE_KEYS.get(req.degree_level) if req.degree_level and req.degree_level >= 2 else None,
        "sponsorship": req.sponsorship,
        "workplace": req.workplace,
        "location": req.location if req.workplace != "remote" else None,
    }


def resume_fields(text_or_record) -> dict:
    """A parsed résumé in fields.jsonl's terms."""
    profile = text_or_record.profile() if hasattr(text_or_record, "profile") else profile_from_text(text_or_record)
    facts = profile.facts
    if facts.needs_sponsorship:
        authorization = "needs_sponsorship"
    elif facts.authorized:
        authorization = "authorized"
    else:
        authorization = None
    return {
        "degree": None if facts.degree_level is None else DEGREE_KEYS[facts.degree_level],
        "years": profile.years,
        "authorization": authorization,
        "location": facts.location,
        "remote_only": bool(facts.remote_only),
        "relocation": facts.relocate,
    }


def _groups(items: list) -> set[frozenset[str]]:
    """Must-have groups as sets, a tool named as an alias of a broader skill counted as that skill
    ("API testing with Postman" is one requirement, whichever name a reader writes down), and names compared
    without case ("NZ Psychologists Board registration" and "... Registration" are one name; no two vocabulary
    skills differ only by case)."""
    vocab = load_vocabulary()
    return {
        frozenset(vocab.same_skill(s).casefold() for s in ([i] if isinstance(i, str) else i)) for i in items or []
    }


def _same_city(a, b) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def compare_fields(gold: Mapping, found: Mapping) -> dict[str, bool]:
    """Per-field agreement of one document: degree, years (±1), authorization, location, must_have."""
    if gold["kind"] == "posting":
        years = gold.get("min_years") == found["min_years"] or (
            gold.get("min_years") is not None
            and found["min_years"] is not None
            and abs(gold["min_years"] - found["min_years"]) <= YEARS_TOLERANCE
        )
        return {
            "degree": gold.get("degree") == found["degree"],
            "years": years,
            "authorization": gold.get("sponsorship") == found["sponsorship"],
            "location": gold.get("workplace") == found["workplace"]
            and _same_city(gold.get("location"), found["location"]),
            "must_have": _groups(gold.get("must_have")) == _groups(found["must_have"]),
        }
    g_years, f_years = gold.get("years"), found["years"]
    years = (g_years is None and f_years is None) or (
        g_years is not None and f_years is not None and abs(g_years - f_years) <= YEARS_TOLERANCE
    )
    return {
        "degree": gold.get("degree") == found["degree"],
        "years": years,
        "authorization": gold.get("authorization") == found["authorization"],
        "location": _same_city(gold.get("location"), found["location"])
        and bool(gold.get("remote_only")) == found["remote_only"]
        and gold.get("relocation") == found["relocation"],
    }


def field_accuracy(evalset: EvalSet, *, texts: dict | None = None) -> tuple[dict[str, float], list[dict]]:
    """(accuracy per field and overall, one row per disagreement) against fields.jsonl."""
    texts = {} if texts is None else texts
    hits: dict[str, list[bool]] = {name: [] for name in FIELDS}
    misses = []
    for file, gold in sorted(evalset.gold.items()):
        kind, name = file.split("/", 1)
        if gold["kind"] == "posting":
            found = posting_fields(parse_job(_text(evalset, kind, name, texts)))
        else:
            key = (kind, name)
            if key not in texts:
                texts[key] = read_candidates(evalset.folder / kind / name)[0]
            found = resume_fields(texts[key])
        for field_name, ok in compare_fields(gold, found).items():
            hits[field_name].append(ok)
            if not ok:
                misses.append({"file": file, "field": field_name, "gold": _gold_view(gold, field_name), "found": found})
    metrics = {f"fields_{k}": float(np.mean(v)) for k, v in hits.items() if v}
    every = [ok for v in hits.values() for ok in v]
    if every:
        metrics["fields_all"] = float(np.mean(every))
    return metrics, misses


def _gold_view(gold: Mapping, field_name: str):
    keys = {
        "years": ("years", "min_years"),
        "authorization": ("authorization", "sponsorship"),
        "location": ("location", "workplace", "remote_only", "relocation"),
    }.get(field_name, (field_name,))
    return {k: gold[k] for k in keys if k in gold}


def evaluate_folder(
    folder: str | Path, rerankers: Mapping[str, tuple[object, str]], *, split: str | None = None
) -> tuple[dict, list[dict]]:
    """Evaluate each (reranker, scorer) on an evaluation folder.

    Args:
        folder: the evaluation folder.
        rerankers: row label -> (core.Reranker, scorer "combined" or "legacy").
        split: only this part of the folder, as its splits.json names it (e.g. "held_out").

    Returns:
        ({label: {"ndcg@10", "map", "postings", "fields_*"}}, field disagreements of the current parser).
    """
    evalset = read_eval_folder(folder)
    if split is not None:
        evalset = select_split(evalset, split)
    texts: dict = {}
    fields, misses = field_accuracy(evalset, texts=texts)
    table = {}
    for label, (reranker, scorer) in rerankers.items():
        table[label] = {**ranking_metrics(evalset, reranker=reranker, scorer=scorer, texts=texts), **fields}
    return table, misses


def misses_jsonl(misses: list[dict]) -> str:
    """Field disagreements as JSON lines (for `jobmatch evaluate --misses FILE`)."""
    return "".join(json.dumps(m, ensure_ascii=False, default=str) + "\n" for m in misses)


__all__ = [
    "EvalData",
    "EvalSet",
    "compare_fields",
    "evaluate_file",
    "evaluate_folder",
    "field_accuracy",
    "posting_fields",
    "ranking_metrics",
    "read_eval_file",
    "read_eval_folder",
    "resume_fields",
    "select_split",
]
