"""AnnoCTR reading: links to live IDs, sentences with and without mentions, pairs."""

from __future__ import annotations

import json

import pytest

from cti_mapper.annoctr import (
    AnnoCtrError,
    annotated_sentences,
    link_to_id,
    load_annoctr,
    unannotated_sentences,
)

REPORT = (
    "The actors sent phishing emails with a malicious attachment to the victims.\n"
    "The group has been active since at least 2014 and is believed to be based in Europe.\n"
    "Then TrickBot ran cmd.exe to execute the second stage on the host.\n"
)


def _mention(left, mention, right, link, entity_type="TECHNIQUE"):
    return {"mention": mention, "_context_left": left, "_context_right": right, "label_link": link,
            "entity_type": entity_type, "label_title": "x", "document": "doc1"}


@pytest.fixture
def corpus(tmp_path):
    """A two-report AnnoCTR folder: one annotated train report, one ext report."""
    (tmp_path / "text").mkdir()
    (tmp_path / "linking_mitre_only").mkdir()
    (tmp_path / "splits.tsv").write_text("doc1\ttrain\ndoc2\text\n", encoding="utf-8")
    (tmp_path / "text" / "doc1.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "text" / "doc2.txt").write_text("Unlabelled report text.", encoding="utf-8")
    rows = [
        _mention("The actors ", "sent phishing emails", " with a malicious attachment to the victims.",
                 "https://attack.mitre.org/techniques/T1566/001"),
        _mention("Then ", "TrickBot", " ran cmd.exe to execute the second stage on the host.",
                 "https://attack.mitre.org/software/S0266", "MALWARE"),
        _mention("Then TrickBot ran ", "cmd.exe", " to execute the second stage on the host.",
                 "https://attack.mitre.org/techniques/T1086"),  # revoked: resolves to its replacement
        _mention("Then TrickBot ", "ran", " cmd.exe to execute the second stage on the host.",
                 "https://attack.mitre.org/techniques/T9999"),  # unknown: no ID
    ]
    # two objects on one line, as in the released files
    text = json.dumps(rows[0]) + json.dumps(rows[1]) + "\n" + "\n".join(json.dumps(r) for r in rows[2:])
    (tmp_path / "linking_mitre_only" / "doc1.json").write_text(text, encoding="utf-8")
    return tmp_path


def test_link_to_id():
    assert link_to_id("https://attack.mitre.org/techniques/T1021/003") == "T1021.003"
    assert link_to_id("https://attack.mitre.org/techniques/T1566") == "T1566"
    assert link_to_id("https://attack.mitre.org/software/S0266") == "S0266"
    assert link_to_id("https://attack.mitre.org/tactics/TA0001") == "TA0001"
    assert link_to_id("http://www.bosch.com#node1fvup9pj1x1") is None


def test_load_resolves_links_and_splits(corpus, mini_catalog):
    reports = load_annoctr(corpus, mini_catalog, splits=("train", "ext"))
    assert [(r.name, r.split) for r in reports] == [("doc1", "train"), ("doc2", "ext")]
    doc1 = reports[0]
    replacement = mini_catalog.resolve("T1086")
    assert replacement != "T1086"
    assert [m.attack_id for m in doc1.mentions] == ["T1566.001", "S0266", replacement, None]
    assert doc1.gold(("technique",), mini_catalog) == {"T1566.001", mini_catalog.resolve("T1086")}
    assert doc1.gold(("software",)) == {"S0266"}
    assert reports[1].mentions == ()


def test_annotated_sentences_merge_labels_per_sentence(corpus, mini_catalog):
    doc1 = load_annoctr(corpus, mini_catalog, splits=("train",))[0]
    merged = dict(annotated_sentences(doc1, mini_catalog))
    second = "Then TrickBot ran cmd.exe to execute the second stage on the host."
    assert merged[second] == ("S0266", mini_catalog.resolve("T1086"))
    assert dict(annotated_sentences(doc1, mini_catalog, ("software",))) == {second: ("S0266",)}


def test_unannotated_sentences_are_those_without_any_mention(corpus, mini_catalog):
    doc1 = load_annoctr(corpus, mini_catalog, splits=("train",))[0]
    sentences = REPORT.splitlines() + ["Too short.",
                                                           "Then TrickBot ran cmd.exe to execute"]
    assert unannotated_sentences(doc1, sentences) == [
        "The group has been active since at least 2014 and is believed to be based in Europe."]


@pytest.mark.parametrize("make, message", [
    (lambda p: (p / "splits.tsv").unlink(), "no splits.tsv"),
    (lambda p: (p / "text" / "doc1.txt").unlink(), "missing report text"),
    (lambda p: (p / "linking_mitre_only" / "doc1.json").write_text("{bad", encoding="utf-8"), "bad JSON"),
])
def test_bad_folders_raise_one_line(corpus, mini_catalog, make, message):
    make(corpus)
    with pytest.raises(AnnoCtrError, match=message):
        load_annoctr(corpus, mini_catalog, splits=("train",))


def test_unknown_split(corpus, mini_catalog):
    with pytest.raises(AnnoCtrError, match="unknown AnnoCTR split"):
        load_annoctr(corpus, mini_catalog, splits=("validation",))


def test_train_report_reranker_smoke(corpus, mini_catalog, tiny_reranker_path, tmp_path):
    from cti_helpers import MINI_ATTACK, FakeEmbedder

    from cti_mapper.exemplars import ExemplarIndex
    from cti_mapper.training import load_retrieve_k, train_report_reranker

    out, data = tmp_path / "model", tmp_path / "data"
    train_report_reranker(corpus, out, attack_data=MINI_ATTACK, data_dir=data,
                          base_model=tiny_reranker_path, embedder=FakeEmbedder(), retrieve_k=4,
                          max_steps=1, bf16=False)
    assert (out / "model.safetensors").exists() and load_retrieve_k(out) == 4
    assert "AnnoCTR" in (out / "README.md").read_text(encoding="utf-8")
    stats = json.loads((data / "annoctr-stats.json").read_text(encoding="utf-8"))
    assert stats["annoctr_sentences"] == 2 and stats["no_behaviour_sentences"] >= 30
    index = ExemplarIndex.load(data / "exemplars.npz")
    assert ("T1566.001",) in index.labels and "doc1" in index.sources


def test_a_reranker_trained_on_a_bi_encoder_folder_names_it(corpus, tiny_reranker_path, tiny_embedder_path, tmp_path):
    import shutil

    from cti_helpers import MINI_ATTACK

    from cti_mapper.config import load_calibration
    from cti_mapper.training import train_report_reranker

    models = tmp_path / "models"
    shutil.copytree(tiny_embedder_path, models / "cti-embedder")
    for out in (models / "cti-reranker", tmp_path / "elsewhere"):
        train_report_reranker(corpus, out, attack_data=MINI_ATTACK, base_model=tiny_reranker_path,
                              embedder=models / "cti-embedder", retrieve_k=4, max_steps=1, bf16=False)
        assert load_calibration(out).embedder.resolve() == (models / "cti-embedder").resolve()
    saved = json.loads((models / "cti-reranker" / "cti_threshold.json").read_text(encoding="utf-8"))
    assert saved["embedder"] == "cti-embedder"  # beside the model: the pair moves together


def test_train_embedder_command(corpus, tiny_embedder_path, tmp_path):
    from click.testing import CliRunner
    from cti_helpers import MINI_ATTACK

    from cti_mapper.cli import cli

    out = tmp_path / "cti-embedder"
    args = ["--attack-data", str(MINI_ATTACK), "train-embedder", "--annoctr", str(corpus), "-o", str(out),
            "--base-model", str(tiny_embedder_path), "--max-steps", "1", "--batch-size", "2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (out / "model.safetensors").exists() and f"saved {out}" in result.output
    result = CliRunner().invoke(cli, ["train", "--embedder", str(out), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "--embedder needs --annoctr" in result.output
