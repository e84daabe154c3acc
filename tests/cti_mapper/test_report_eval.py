"""Document-level metrics and calibration: pure maths on hand-built scored reports."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cti_mapper.report_eval import (
    ScoredReport,
    calibrate,
    document_metrics,
    report_techniques,
    technique_level,
    technique_ranking_metrics,
)


def _report(gold, scores, explicit=None, no_behaviour=(), similarity=(), named=()):
    return ScoredReport("r", set(gold), scores, explicit or [set() for _ in scores], list(no_behaviour),
                        list(similarity), list(named) or [False] * len(similarity))


def test_report_techniques_threshold_evidence_and_written_ids():
    r = _report({"T1566"}, [{"T1566": 0.9, "S0266": 0.99}, {"T1566": 0.7, "T1486": 0.95},
                            {"T1059": 0.2}], explicit=[set(), set(), {"T1059"}])
    assert report_techniques(r, 0.8) == {"T1566", "T1486", "T1059"}  # software is not a technique
    assert report_techniques(r, 0.6, min_evidence=2) == {"T1566", "T1059"}  # written: always


def test_document_metrics_micro_macro_per_document():
    a = _report({"T1566", "T1486"}, [{"T1566": 0.9}, {"T1057": 0.9}])
    b = _report({"T1059"}, [{"T1059": 0.9}, {"T1566": 0.1}], no_behaviour=[1])
    m = document_metrics([a, b], 0.5)
    assert m["doc_precision"] == pytest.approx(2 / 3) and m["doc_recall"] == pytest.approx(2 / 3)
    assert m["doc_micro_f1"] == pytest.approx(2 / 3)
    assert m["per_doc_f1"] == pytest.approx((0.5 + 1.0) / 2)
    # labels: T1566 f1 1, T1486 0, T1057 0, T1059 1
    assert m["doc_macro_f1"] == pytest.approx(0.5)
    assert m["no_behaviour_labelled"] == 0.0 and m["no_behaviour_sentences"] == 1
    assert document_metrics([b], 0.05)["no_behaviour_labelled"] == 1.0


def test_parent_level_collapses_sub_techniques():
    r = _report({"T1566"}, [{"T1566.001": 0.9}])
    assert document_metrics([r], 0.5)["doc_micro_f1"] == 0.0
    assert document_metrics([r], 0.5, parent_level=True)["doc_micro_f1"] == 1.0


def test_technique_level_keeps_the_first_place_of_each_parent():
    assert technique_level(["T1059.001", "T1566", "T1059", "T1566.002", "T1105"]) == ["T1059", "T1566", "T1105"]


def test_technique_ranking_counts_a_sub_technique_for_its_parent():
    # gold T1059 (as AnnoCTR links it); the ranking proposes two of its sub-techniques first
    ranking = ["T1059.001", "T1059.003", "T1105", "T1071", "T1027", "T1566", "T1059"]
    m = technique_ranking_metrics([ranking], [{"T1059"}])
    assert m["r@5"] == 0.0 and m["p@1"] == 0.0  # by exact ID, T1059 is 7th
    assert m["technique_r@5"] == 1.0 and m["technique_p@1"] == 1.0


def test_calibrate_respects_the_no_behaviour_cap():
    # the gold technique scores 0.6; a no-behaviour sentence scores 0.7 for a wrong one
    r = _report({"T1566"}, [{"T1566": 0.6}, {"T1486": 0.7}], no_behaviour=[1])
    free = calibrate([r], max_no_behaviour=1.0, thresholds=[0.5, 0.65, 0.8], evidence=(1,))
    assert free["threshold"] == 0.5
    capped = calibrate([r], max_no_behaviour=0.0, thresholds=[0.5, 0.65, 0.8], evidence=(1,))
    assert capped["threshold"] == 0.8 and capped["no_behaviour_labelled"] == 0.0


def test_similarity_gate_drops_unlike_sentences_unless_something_is_named():
    # sentence 0: evidence (cosine 0.8); 1: no behaviour (0.5); 2: no behaviour but names a tool (0.4)
    r = _report({"T1566"}, [{"T1566": 0.9}, {"T1486": 0.9}, {"T1059": 0.9}], no_behaviour=[1, 2],
                similarity=[0.8, 0.5, 0.4], named=[False, False, True])
    assert report_techniques(r, 0.5) == {"T1566", "T1486", "T1059"}
    assert report_techniques(r, 0.5, min_similarity=0.6) == {"T1566", "T1059"}
    assert document_metrics([r], 0.5, min_similarity=0.6)["no_behaviour_labelled"] == 0.5
    assert document_metrics([r], 0.5, min_similarity=0.9)["doc_recall"] == 0.0


def test_calibrate_chooses_the_gate_on_dev():
    # the wrong label outscores the right one, so no threshold separates them; the gate does
    r = _report({"T1566"}, [{"T1566": 0.6}, {"T1486": 0.7}], no_behaviour=[1], similarity=[0.7, 0.35])
    best = calibrate([r], max_no_behaviour=0.0, thresholds=[0.5, 0.65, 0.8], evidence=(1,), gates=(0.3, 0.5))
    assert (best["threshold"], best["min_similarity"], best["doc_micro_f1"]) == (0.5, 0.5, 1.0)


def test_calibrate_chooses_the_score_mix_on_dev():
    # the reranker alone ranks the wrong label first; the first stage's cosine puts the right one back on top
    r = replace(_report({"T1566"}, [{"T1566": 0.6, "T1486": 0.7}]),
                reranker=[{"T1566": 0.6, "T1486": 0.7}], cosine=[{"T1566": 0.9, "T1486": 0.1}])
    assert r.mixed(0.5).scores == [{"T1566": pytest.approx(0.75), "T1486": pytest.approx(0.4)}]
    best = calibrate([r], thresholds=[0.5, 0.65, 0.8], evidence=(1,), gates=(0.3,), weights=(0.0, 0.5))
    assert (best["first_stage_weight"], best["threshold"], best["doc_micro_f1"]) == (0.5, 0.5, 1.0)
    alone = calibrate([r], thresholds=[0.5, 0.65, 0.8], evidence=(1,), gates=(0.3,), weights=(0.0,))
    assert alone["doc_micro_f1"] < 1.0
    # reports scored without a first stage keep their scores and save no weight
    plain = calibrate([_report({"T1566"}, [{"T1566": 0.6}])], thresholds=[0.5], evidence=(1,), gates=(0.3,))
    assert "first_stage_weight" not in plain


def test_score_reports_keeps_both_stages_and_mixes_like_the_mapper(mini_catalog):
    from cti_helpers import FakeEmbedder, FakeReranker, S

    from cti_mapper.annoctr import AnnotatedReport
    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import score_reports

    text = "The actors sent spearphishing attachment emails.\n\nIt used PowerShell and obfuscated files.\n"
    mapper = Mapper(mini_catalog, FakeReranker(), FakeEmbedder(), threshold=0.9, first_stage_weight=0.5)
    [scored] = score_reports(mapper, [AnnotatedReport("r", "dev", text, ())], gold=[{"T1566"}])
    assert (mapper.threshold, mapper.first_stage_weight) == (0.9, 0.5)  # restored after the call
    for weight in (0.5, 0.0, 1.0):
        mapper.threshold, mapper.first_stage_weight = 0.0, weight
        direct = [{m.id: m.score for m in mapping.labels if m.kind in ("technique", "software")}
                  for mapping in mapper.map_sentences([S(t) for t in ("The actors sent spearphishing attachment "
                                                                      "emails.", "It used PowerShell and "
                                                                      "obfuscated files.")])]
        mixed = scored.mixed(weight).scores
        assert [set(d) for d in direct] == [set(m) for m in mixed] and any(direct)
        assert all(m[i] == pytest.approx(d[i], abs=1e-6) for d, m in zip(direct, mixed, strict=True) for i in d)
    assert scored.scores == scored.mixed(0.5).scores  # scored at the mapper's own weight


def test_calibration_file_roundtrip(tmp_path):
    from cti_mapper.report_eval import calibration_values
    from cti_mapper.training import (
        load_min_evidence,
        load_min_similarity,
        load_retrieve_k,
        load_threshold,
        save_calibration,
    )

    assert (load_min_evidence(tmp_path), load_retrieve_k(tmp_path), load_min_similarity(tmp_path)) == (1, 10, 0.3)
    save_calibration(tmp_path, {"threshold": 0.7, "retrieve_k": 16})
    save_calibration(tmp_path, {"min_evidence": 2})  # merged, not replaced
    assert (load_threshold(tmp_path), load_min_evidence(tmp_path), load_retrieve_k(tmp_path)) == (0.7, 2, 16)
    save_calibration(tmp_path, calibration_values({"threshold": 0.9, "min_evidence": 1.0, "min_similarity": 0.55}))
    assert (load_threshold(tmp_path), load_min_evidence(tmp_path), load_min_similarity(tmp_path)) == (0.9, 1, 0.55)
    from cti_mapper.config import load_calibration

    assert load_calibration(tmp_path).first_stage_weight == 0.0  # no weight calibrated: the reranker alone
    save_calibration(tmp_path, calibration_values({"threshold": 0.7, "min_evidence": 1.0, "min_similarity": 0.3,
                                                   "first_stage_weight": 0.5}))
    assert load_calibration(tmp_path).first_stage_weight == 0.5


def test_first_stage_recall_counts_gold_labels_in_the_top_k(mini_catalog):
    from cti_helpers import FakeEmbedder

    from cti_mapper.mapping import Mapper
    from cti_mapper.report_eval import first_stage_recall

    mapper = Mapper(mini_catalog, None, FakeEmbedder())
    sentences = [("The actors sent spearphishing attachment emails.", ["T1566.001"]),
                 ("It used PowerShell and obfuscated files.", ["T1059.001", "T1027"]),
                 ("No gold here.", [])]  # skipped: nothing to recall
    rows = mapper.retrieve_labels(mapper.embedder.encode([t for t, _ in sentences[:2]]),
                                  {"technique", "software"}, 2)[0]
    found = [len(set(g) & {mapper.labels[j].id for j in row}) for (_, g), row in zip(sentences[:2], rows, strict=True)]
    m = first_stage_recall(mapper, sentences, ks=(2, 50))
    assert m["sentences"] == 2 and m["gold"] == 3
    assert m["recall@2"] == pytest.approx(sum(found) / 3)
    assert m["recall@50"] == m["hit@50"] == 1.0  # every label of the mini catalog is within 50
    with pytest.raises(ValueError, match="no sentence with a gold label"):
        first_stage_recall(mapper, [("No gold here.", [])])
