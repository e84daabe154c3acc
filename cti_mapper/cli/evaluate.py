"""`cti-map evaluate`: score the mapper on labelled sentences, reports, AnnoCTR or review feedback."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cti_mapper.cli import common

__all__ = ["evaluate"]

@click.command(context_settings=common.CONTEXT_SETTINGS)
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@common.feedback_option("Score the model on the sentences reviewed in this database (URL or SQLite file) "
                         "instead of a JSON Lines file.")
@click.option("--kinds", multiple=True, callback=common.parse_kinds, metavar="KIND[,KIND]",
              help="Rank only these label kinds (technique, software, tactic).")
@common.format_option(("table", "json"))
@common.output_option
@common.model_option
@common.backend_option
@click.option("--documents", is_flag=True,
              help='DATA holds whole reports, {"text": report, "labels": [technique IDs]} per line: '
                   "document-level precision, recall, micro/macro and per-document F1.")
@click.option("--annoctr", "annoctr_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Evaluate on an unpacked AnnoCTR folder instead of DATA (document level, "
                   "sentence R@5, no-behaviour sentences labelled).")
@click.option("--split", type=click.Choice(("dev", "test")), default="dev", show_default=True,
              help="With --annoctr: which split (tune on dev, measure once on test).")
@click.option("--calibrate", is_flag=True,
              help="With --annoctr --split dev: choose the sentence threshold and minimum evidence "
                   "(best document-level F1 labelling at most 10 percent of no-behaviour sentences) and save them "
                   "beside --model.")
@click.option("--min-evidence", type=click.IntRange(1),
              help="Document level: sentences a technique needs (default: the model's).")
@click.pass_obj
def evaluate(state: common.CliState, data: Path | None, kinds: tuple[str, ...] | None, fmt: str | None,
             output: Path | None, model: Path | None, backend: str, documents: bool, annoctr_dir: Path | None,
             split: str, calibrate: bool, min_evidence: int | None, feedback_db: str | None) -> None:
    """Score the mapper on labelled sentences, labelled reports, or AnnoCTR.

    DATA: JSON Lines of {"text", "labels"} sentences (P@1, R@5, MRR@10, NDCG@10, MAP), or whole
    reports with --documents (document-level P/R/F1 at the model's threshold).

    Example:

        cti-map evaluate labelled.jsonl --kinds technique --format json

        cti-map evaluate reports.jsonl --documents

        cti-map evaluate --annoctr annoctr/ --split dev --calibrate --model my-cti-reranker

        cti-map evaluate --feedback review.db
    """
    from cti_mapper.evaluation import evaluate_mapper, load_labelled_texts

    fmt = common.choose_format(fmt, output, ("table", "json"))
    if sum(x is not None for x in (data, annoctr_dir, feedback_db)) != 1:
        raise click.UsageError("give exactly one of DATA, --annoctr DIR or --feedback DB")
    if feedback_db:
        from cti_mapper.review.feedback import evaluate_on_feedback

        feedback = common.load_feedback_or_fail(feedback_db)
        metrics = evaluate_on_feedback(common.load_mapper(state, model, backend, None), feedback)
        common.emit(_metrics_text(metrics, fmt), output)
        return
    if calibrate and (annoctr_dir is None or split != "dev"):
        raise click.UsageError("--calibrate needs --annoctr DIR --split dev (never tune on test)")
    if documents and annoctr_dir is not None:
        raise click.UsageError("--documents applies to DATA, not --annoctr")
    if data is not None:
        load_labelled_texts(data)  # fail on a malformed file before loading the model
    mapper = common.load_mapper(state, model, backend, None)
    if annoctr_dir is not None or documents:
        metrics = _document_metrics(mapper, data, annoctr_dir, split, calibrate, min_evidence)
    else:
        metrics = evaluate_mapper(mapper, load_labelled_texts(data, catalog=mapper.catalog), kinds=kinds)
    common.emit(_metrics_text(metrics, fmt), output)


def _metrics_text(metrics: dict, fmt: str) -> str:
    """A flat metric dict as JSON or aligned lines (counts as integers)."""
    if fmt == "json":
        return json.dumps(metrics, indent=2) + "\n"
    width = max(10, *(len(k) + 1 for k in metrics))
    counts = ("queries", "sentences", "documents", "min_evidence", "no_behaviour_sentences")
    return "".join(f"{key:<{width}} {int(value) if key in counts else f'{value:.4f}'}\n"
                   for key, value in metrics.items())


def _document_metrics(mapper, data, annoctr_dir, split, calibrate, min_evidence) -> dict:
    """Document-level metrics on --documents DATA or an AnnoCTR split; --calibrate saves them."""
    from cti_mapper import report_eval
    from cti_mapper.annoctr import AnnotatedReport, annotated_sentences, load_annoctr
    from cti_mapper.evaluation import load_labelled_texts
    from cti_mapper.training import save_calibration

    n = min_evidence or mapper.min_evidence
    if annoctr_dir is None:
        examples = load_labelled_texts(data, catalog=mapper.catalog)
        reports = [AnnotatedReport(f"document {i}", "documents", ex.text, ()) for i, ex in enumerate(examples, 1)]
        gold = [{x for x in ex.labels if x.startswith("T")} for ex in examples]
        scored = report_eval.score_reports(mapper, reports, gold=gold)
        return report_eval.document_metrics(scored, mapper.threshold, n, min_similarity=mapper.min_similarity)
    reports = load_annoctr(annoctr_dir, mapper.catalog, splits=(split,))
    scored = report_eval.score_reports(mapper, reports)
    if calibrate:
        metrics = report_eval.calibrate(scored)
        save_calibration(mapper.model_path, {**report_eval.calibration_values(metrics), "dev": metrics})
        mapper.first_stage_weight = metrics.get("first_stage_weight", mapper.first_stage_weight)
        scored = report_eval.with_weight(scored, mapper.first_stage_weight)
    else:
        metrics = report_eval.document_metrics(scored, mapper.threshold, n, min_similarity=mapper.min_similarity)
    technique = report_eval.document_metrics(scored, metrics["threshold"], int(metrics["min_evidence"]),
                                             parent_level=True, min_similarity=metrics["min_similarity"])
    mentions = [s for r in reports for s in annotated_sentences(r, mapper.catalog, ("technique",))]
    ranking = report_eval.sentence_ranking(mapper, mentions)
    return {**metrics, "sentence_r@5": ranking["r@5"], "sentence_p@1": ranking["p@1"],
            "sentence_map": ranking["map"],
            # AnnoCTR links techniques, not sub-techniques: the level its published figures use
            **{f"technique_{k}": technique[k] for k in ("doc_precision", "doc_recall", "doc_micro_f1", "per_doc_f1")},
            "technique_sentence_r@5": ranking["technique_r@5"]}
