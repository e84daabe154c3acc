"""jobmatch.readers: a linear reader fitted, read, saved and loaded, over a stand-in embedding."""

import numpy as np
import pytest

from jobmatch.readers import LinearReader, fit_reader, shipped_reader


def _embed(texts):
    """Two features a reader can separate: mentions a visa, mentions citizenship (and a constant)."""
    return np.array([[("visa" in t) * 1.0, ("citizen" in t) * 1.0, 1.0] for t in texts], dtype=np.float32)


TEXTS = [
    "we sponsor your visa",
    "visa support offered",
    "Python and SQL",
    "Kubernetes",
    "citizens only",
    "citizen required",
]
LABELS = ["offer", "offer", "none", "none", "refuse", "refuse"]


def test_three_labels_are_read_back():
    reader = fit_reader(TEXTS, LABELS, embed=_embed, strength=10)
    assert reader.labels == ("none", "offer", "refuse")
    read = reader.read(["a visa for you", "Go", "citizen of Norway"], embed=_embed)
    assert [label for label, _ in read] == ["offer", "none", "refuse"]
    assert all(0.5 < p <= 1.0 for _, p in read)


def test_two_labels_give_the_sigmoid_as_a_softmax():
    reader = fit_reader(TEXTS[:4], LABELS[:4], embed=_embed, strength=10)
    probs = reader.probabilities(_embed(["visa", "Go"]))
    assert probs.shape == (2, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    assert reader.read(["visa"], embed=_embed)[0][0] == "offer"


def test_save_and_load_keep_the_reading_and_the_threshold(tmp_path):
    reader = fit_reader(TEXTS, LABELS, embed=_embed, strength=10, threshold=0.7)
    reader.save(tmp_path / "r.npz")
    loaded = LinearReader.load(tmp_path / "r.npz")
    assert loaded.labels == reader.labels
    assert loaded.threshold == 0.7
    np.testing.assert_allclose(loaded.probabilities(_embed(TEXTS)), reader.probabilities(_embed(TEXTS)), rtol=1e-5)


def test_a_file_saved_without_a_threshold_loads_with_one_half(tmp_path):
    """Readers written before the threshold shipped with the weights."""
    reader = fit_reader(TEXTS, LABELS, embed=_embed)
    np.savez_compressed(tmp_path / "old.npz", labels=np.array(reader.labels), weights=reader.weights, bias=reader.bias)
    assert LinearReader.load(tmp_path / "old.npz").threshold == 0.5


@pytest.mark.parametrize(
    ("name", "threshold"),
    [("names", 0.6), ("sponsorship", 0.4), ("degree", 0.6), ("relocation", 0.5), ("authorization", 0.4)],
)
def test_the_shipped_readers_carry_the_thresholds_their_fit_scripts_chose(name, threshold):
    """benchmarks/fit_*_reader.py's choices (see each script); a refit that writes another is a change to review."""
    assert shipped_reader(name).threshold == threshold


def test_no_texts_read_nothing():
    reader = fit_reader(TEXTS, LABELS, embed=_embed)
    assert reader.read([], embed=_embed) == []


@pytest.mark.parametrize("text", ["visa", "citizen"])
def test_probabilities_are_a_distribution(text):
    reader = fit_reader(TEXTS, LABELS, embed=_embed)
    assert reader.probabilities(_embed([text])).sum() == pytest.approx(1.0)


def test_balanced_weights_raise_a_rare_label():
    """One `refuse` among many `none`: weighed by inverse count, the rare label reads more likely."""
    texts = ["Python", "Go", "SQL", "Java", "Rust", "C", "Kotlin", "Swift", "citizen required"]
    labels = ["none"] * 8 + ["refuse"]
    plain = fit_reader(texts, labels, embed=_embed, strength=0.3)
    balanced = fit_reader(texts, labels, embed=_embed, strength=0.3, balanced=True)
    rare = plain.labels.index("refuse")
    probe = _embed(["citizen of Norway"])
    assert balanced.probabilities(probe)[0, rare] > plain.probabilities(probe)[0, rare]
