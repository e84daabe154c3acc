import dataclasses
import json

import numpy as np
import pytest
from sentence_transformers import CrossEncoder

from core import DataError, Pair, RerankSample, get_recipe, load_reranker, train

PAIRS = [
    Pair("python backend developer", "Role: Backend Developer. Skills: Python, Django, SQL", 0.9),
    Pair("python backend developer", "Role: Nurse. Skills: patient care", 0.1),
    Pair("fpga engineer intern", "Role: FPGA Engineer (Intern/Fresher). Skills: Verilog, VHDL", 1.0),
    Pair("fpga engineer intern", "Role: Software Developer. Skills: Java, Spring", 0.1),
    Pair("security analyst", "Role: SOC Analyst. Skills: SIEM, Splunk", 0.9),
    Pair("security analyst", "Role: AI Developer. Skills: PyTorch", 0.1),
    Pair("data scientist", "Role: Data Scientist. Skills: Python, pandas", 1.0),
    Pair("data scientist", "Role: Chef", 0.0),
]


def test_recipes_match_the_seed_cards():
    jobmatch, cti = get_recipe("jobmatch"), get_recipe("cti")
    assert (jobmatch.batch_size, jobmatch.epochs, jobmatch.evaluator) == (8, 1, "correlation")
    assert (cti.batch_size, cti.epochs, cti.evaluator, cti.eval_every_epochs) == (16, 3, "reranking", 0.5)
    for recipe in (jobmatch, cti):
        assert (recipe.learning_rate, recipe.seed, recipe.warmup_ratio) == (5e-5, 42, 0.0)
    with pytest.raises(ValueError, match="unknown recipe"):
        get_recipe("nope")


def test_train_changes_scores_saves_card_and_is_reproducible(tiny_reranker_path, tmp_path):
    recipe = dataclasses.replace(get_recipe("jobmatch"), batch_size=4, learning_rate=1e-3)
    pairs = [(p.sentence_0, p.sentence_1) for p in PAIRS]
    before = load_reranker(tiny_reranker_path, backend="torch").predict(pairs)
    result = train(recipe, PAIRS, PAIRS, tmp_path / "a", base_model=tiny_reranker_path, max_steps=2)
    after = load_reranker(result.path, backend="torch").predict(pairs)
    assert not np.allclose(before, after)
    assert set(result.metrics) == {"val_pearson", "val_spearman"}
    card = (result.path / "README.md").read_text()
    assert "model-index" in card and "BinaryCrossEntropyLoss" in card and "val_pearson" in card
    assert json.loads((result.path / "training_metrics.json").read_text())["metrics"] == result.metrics
    # The saved folder loads with plain sentence-transformers and gives the same logits.
    np.testing.assert_allclose(CrossEncoder(str(result.path)).predict(pairs), after, atol=1e-5)
    again = train(recipe, PAIRS, PAIRS, tmp_path / "b", base_model=tiny_reranker_path, max_steps=2)
    np.testing.assert_allclose(load_reranker(again.path, backend="torch").predict(pairs), after, atol=1e-6)


def test_reranking_recipe_and_half_precision(tiny_reranker_path, tmp_path):
    import torch

    samples = [RerankSample("fpga engineer intern", [PAIRS[2].sentence_1], [PAIRS[3].sentence_1, PAIRS[1].sentence_1])]
    binary = [dataclasses.replace(p, label=float(p.label > 0.5)) for p in PAIRS]
    result = train(get_recipe("cti"), binary, samples, tmp_path / "cti", base_model=tiny_reranker_path,
                   max_steps=1, half_precision=True, model_name="cti-reranker")
    assert set(result.metrics) == {"val_map", "val_mrr@10", "val_ndcg@10"}
    card = (result.path / "README.md").read_text()
    assert '"name": "cti-reranker"' in card and "# cti-reranker" in card  # not the scratch folder's name
    assert load_reranker(result.path, backend="torch").hf_model.dtype == torch.float32


def test_train_rejects_bad_data(tiny_reranker_path, tmp_path):
    with pytest.raises(DataError, match="no training pairs"):
        train(get_recipe("jobmatch"), [], PAIRS, tmp_path / "x", base_model=tiny_reranker_path)
    with pytest.raises(DataError, match=r"\[0, 1\]"):
        train(get_recipe("jobmatch"), [Pair("a", "b", 3.0)], PAIRS, tmp_path / "x", base_model=tiny_reranker_path)
    with pytest.raises(DataError, match="RerankSamples"):
        train(get_recipe("cti"), PAIRS, PAIRS, tmp_path / "x", base_model=tiny_reranker_path)


@pytest.mark.integration
def test_fine_tuning_the_real_default_base_lowers_the_loss(tmp_path):
    """A few steps on the embedded MiniLM base: the loss falls and the metrics compute."""
    import torch

    from core import load_cross_encoder

    recipe = dataclasses.replace(get_recipe("jobmatch"), learning_rate=5e-5)
    model = load_cross_encoder(None)
    features = model.tokenizer([p.sentence_0 for p in PAIRS], [p.sentence_1 for p in PAIRS],
                               padding=True, return_tensors="pt")
    labels = torch.tensor([p.label for p in PAIRS])

    def loss_of(m):
        with torch.inference_mode():
            logits = m.model(**features).logits[:, 0]
        return torch.nn.functional.binary_cross_entropy_with_logits(logits, labels).item()

    before = loss_of(model)
    result = train(recipe, PAIRS * 2, PAIRS, tmp_path / "real", max_steps=4)
    after = loss_of(load_reranker(result.path, backend="torch").cross_encoder)
    assert after < before
    assert -1.0 <= result.metrics["val_spearman"] <= 1.0
