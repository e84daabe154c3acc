"""Model cards in the style of the published cross-encoder cards, with `model-index` metadata."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.training import Recipe


def _model_index(model_name: str, dataset_name: str, metrics: dict[str, float]) -> list[dict]:
    results = [
        {"type": key.split("_", 1)[-1], "name": key, "value": round(float(value), 4)}
        for key, value in sorted(metrics.items())
    ]
    task = {"type": "text-ranking", "name": "Text Ranking"}
    dataset = {"name": dataset_name, "type": dataset_name}
    return [{"name": model_name, "results": [{"task": task, "dataset": dataset, "metrics": results}]}]


def write_model_card(
    output_path: str | Path,
    *,
    recipe: Recipe,
    base_model: str,
    n_train: int,
    n_eval: int,
    metrics: dict[str, float],
    dataset_name: str,
    training_seconds: float | None = None,
    notes: str = "",
    model_name: str | None = None,
) -> Path:
    """Write README.md (YAML front matter with model-index, then a readable card) next to the weights.

    Args:
        output_path: the saved model folder.
        recipe: the training recipe used.
        base_model: what was fine-tuned.
        n_train: training pairs.
        n_eval: evaluation pairs or queries.
        metrics: flat metric dict from the evaluator (held-out data).
        dataset_name: a short name for the training data.
        training_seconds: wall-clock training time, if measured.
        notes: extra markdown (data provenance, caveats, how to reproduce).
        model_name: the model's name in the card (default: the folder's name, which for a model
            trained into a scratch folder and shipped under another is wrong).

    Returns:
        The README.md path.
    """
    output_path = Path(output_path)
    name = model_name or output_path.name
    front = {
        "library_name": "sentence-transformers",
        "pipeline_tag": "text-ranking",
        "tags": ["sentence-transformers", "cross-encoder", "reranker", "crossrank", recipe.name],
        "base_model": base_model,
        "model-index": _model_index(name, dataset_name, metrics),
    }
    hyper = asdict(recipe)
    lines = [
        "---",
        # JSON is valid YAML, so the metadata block stays machine-readable without a YAML writer.
        *json.dumps(front, indent=2, ensure_ascii=False).splitlines(),
        "---",
        "",
        f"# {name}",
        "",
        f"A [sentence-transformers](https://www.sbert.net) CrossEncoder fine-tuned from `{base_model}` "
        f"with crossrank's `{recipe.name}` recipe. It scores (text, label) pairs with one logit; "
        "apply a sigmoid for a 0..1 score.",
        "",
        "## Usage",
        "",
        "```python",
        "from sentence_transformers import CrossEncoder",
        f'model = CrossEncoder("{name}")',
        'scores = model.predict([("query text", "candidate text")])',
        "```",
        "",
        "## Training",
        "",
        f"- Dataset: `{dataset_name}`, {n_train} training pairs, {n_eval} evaluation items",
        "- Loss: `BinaryCrossEntropyLoss` (activation: identity)",
        *[f"- {key}: `{value}`" for key, value in hyper.items() if key != "name"],
    ]
    if training_seconds is not None:
        lines.append(f"- Training time: {training_seconds / 60:.1f} min on CPU")
    lines += ["", "## Evaluation (held-out data)", "", "| metric | value |", "| --- | --- |"]
    lines += [f"| {key} | {float(value):.4f} |" for key, value in sorted(metrics.items())]
    if notes:
        lines += ["", notes.strip()]
    card = output_path / "README.md"
    card.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return card


def append_to_model_card(model_path: str | Path, markdown: str) -> Path | None:
    """Add a section (an app's own evaluation, a calibrated threshold) to the end of a model's README.md.

    Returns the card's path, or None when the model has no card to extend.
    """
    card = Path(model_path) / "README.md"
    if not card.is_file():
        return None
    card.write_text(card.read_text(encoding="utf-8") + markdown, encoding="utf-8")
    return card
