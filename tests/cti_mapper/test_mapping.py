"""Mapper: candidates, one batched rerank, threshold, reasons, rank_labels."""

from __future__ import annotations

import json

import pytest
from cti_helpers import MINI_ATTACK, FakeEmbedder, FakeReranker, S

from cti_mapper.attack import load_catalog
from cti_mapper.candidates import LabelIndex
from cti_mapper.mapping import LabelMatch, Mapper, SentenceMapping


@pytest.fixture(scope="module")
def cat():
    return load_catalog(MINI_ATTACK)


@pytest.fixture
def mapper(cat, tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))
    return Mapper(cat, FakeReranker(), FakeEmbedder(), threshold=0.5, retrieve_k=4)


def test_maps_behaviour_with_reasons(mapper):
    (m,) = mapper.map_sentences([S("The actors sent spearphishing emails with a malicious attachment.")])
    assert isinstance(m, SentenceMapping) and all(isinstance(x, LabelMatch) for x in m.labels)
    assert m.labels[0].id == "T1566.001"
    assert m.labels[0].label == "T1566.001 — PHISHING: SPEARPHISHING ATTACHMENT"
    assert "retrieval" in m.labels[0].reasons
    assert [x.score for x in m.labels] == sorted((x.score for x in m.labels), reverse=True)
    assert all(0.0 <= x.score <= 1.0 and x.score >= 0.5 for x in m.labels)


def test_explicit_ids_always_reported_and_alias_reason(mapper):
    (m,) = mapper.map_sentences([S("Per the advisory, TrickBot loaded a module (T1027) on each host.")])
    by_id = {x.id: x for x in m.labels}
    assert by_id["T1027"].reasons[0] == "explicit id"  # low fake score, still reported
    assert by_id["T1027"].score < 0.5
    assert "alias match" in by_id["S0266"].reasons


def test_tactics_are_implied_by_reported_techniques(mapper):
    cands = mapper._candidates("They abused the Windows command shell (T1059.003), TA0005.", [], set(mapper.kinds))
    assert cands == {"T1059.003": ["explicit id", "alias match"], "TA0005": ["explicit id"]}
    (m,) = mapper.map_sentences([S("They abused the Windows command shell for execution of commands.")])
    by_id = {x.id: x for x in m.labels}
    assert by_id["TA0002"].reasons == ("implied tactic",)
    assert by_id["TA0002"].score == by_id["T1059.003"].score
    (m,) = mapper.map_sentences([S("Nothing about shells here, only gardening and weather today.")])
    assert all(x.kind != "tactic" for x in m.labels)


def test_unmapped_and_skipped_sentences_keep_order(mapper):
    sents = [S("Contact us."), S("1.2.3.4 evil[.]com"), S("The weather was pleasant and nothing happened here."),
             S("T1059.003"), S("Ryuk used the Windows command shell for execution.")]
    out = mapper.map_sentences(sents)
    assert [m.sentence for m in out] == sents
    assert out[0].labels == () and out[1].labels == () and out[2].labels == ()
    assert [x.id for x in out[3].labels] == ["T1059.003"]  # explicit ID: mapped despite length
    assert "T1059.003" in [x.id for x in out[4].labels]


def test_progress_increments_and_batched_scoring(mapper):
    calls = []
    sents = [S(f"Sentence {i} about the Windows command shell being abused.") for i in range(70)]
    out = mapper.map_sentences(sents, progress=calls.append)
    assert len(out) == 70 and sum(calls) == 70 and len(calls) == 2
    assert mapper.map_sentences([]) == []


def test_threshold_and_kinds(cat, tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))
    strict = Mapper(cat, FakeReranker(), FakeEmbedder(), threshold=0.99, kinds=("technique",))
    (m,) = strict.map_sentences([S("The actors sent spearphishing emails with a malicious attachment.")])
    assert all(x.kind == "technique" and x.score >= 0.99 for x in m.labels)
    with pytest.raises(ValueError, match="threshold"):
        Mapper(cat, FakeReranker(), FakeEmbedder(), threshold=1.5)


def test_first_stage_weight_mixes_the_cosine_into_each_score(cat, tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))
    text = "The actors sent spearphishing emails with a malicious attachment."
    alone = Mapper(cat, FakeReranker(), FakeEmbedder(), threshold=0.0, retrieve_k=4)
    mixed = Mapper(cat, FakeReranker(), FakeEmbedder(), threshold=0.0, retrieve_k=4, first_stage_weight=0.5)
    (a,), (b,) = alone.map_sentences([S(text)]), mixed.map_sentences([S(text)])
    sims = mixed.similarities(mixed.embedder.encode([text]))[0]
    reranked = {m.id: m.score for m in a.labels if m.kind != "tactic"}
    got = {m.id: m.score for m in b.labels if m.kind != "tactic"}
    assert got.keys() == reranked.keys() and len(got) >= 2
    for label_id, score in reranked.items():
        cosine = min(1.0, max(0.0, float(sims[mixed._pos[label_id]])))
        assert got[label_id] == pytest.approx(0.5 * score + 0.5 * cosine)
    ranked = {item.doc_id: item.score for item in mixed.rank_labels(text) if item.doc_id in got}
    assert ranked == pytest.approx(got)  # rank_labels scores as map_sentences does
    with pytest.raises(ValueError, match="first_stage_weight"):
        Mapper(cat, FakeReranker(), FakeEmbedder(), first_stage_weight=1.5)


def test_rank_labels_covers_every_live_label(mapper, cat):
    ranked = mapper.rank_labels("spearphishing attachment emails")
    assert [r.rank for r in ranked] == list(range(1, len(cat.labels()) + 1))
    assert {r.doc_id for r in ranked} == {o.id for o in cat.labels()}
    assert ranked[0].doc_id == "T1566.001" and ranked[0].text.startswith("T1566.001 — ")
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    techniques = mapper.rank_labels("spearphishing attachment", kinds=["technique"], top_k=3)
    assert len(techniques) == 3 and all(cat.get(r.doc_id).kind == "technique" for r in techniques)
    with pytest.raises(ValueError, match="kind"):
        mapper.rank_labels("x", kinds=["group"])


def test_label_embeddings_computed_once(cat, tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))
    emb = FakeEmbedder()
    Mapper(cat, FakeReranker(), emb)
    Mapper(cat, FakeReranker(), emb)
    assert emb.calls == 1  # the second mapper reads the cached matrix
    assert list((tmp_path / "embeddings").glob("label-embeddings-*.npz"))
    index = LabelIndex.build(cat.labels(), FakeEmbedder())
    m = Mapper(cat, FakeReranker(), emb, label_index=index)
    assert m.index is index


def test_with_tiny_models(cat, tiny_reranker_path, tiny_embedder_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))
    (tiny_reranker_path / "cti_threshold.json").write_text(json.dumps({"threshold": 0.0, "min_evidence": 3}))
    mapper = Mapper.load(attack_data=MINI_ATTACK, model_path=tiny_reranker_path)
    assert mapper.min_evidence == 3 and mapper.model_name == tiny_reranker_path.name  # carried, no local path
    assert Mapper.load(attack_data=MINI_ATTACK, model_path=tiny_reranker_path, min_evidence=1).min_evidence == 1
    import core

    mapper.embedder = core.load_embedder(tiny_embedder_path)
    mapper.index = LabelIndex.build(mapper.labels, mapper.embedder)
    mapper.exemplars = None  # the shipped examples are embedded with the real bi-encoder
    assert mapper.threshold == 0.0
    out = mapper.map_sentences([S("The actors sent spearphishing emails with a malicious attachment.")])
    assert len(out[0].labels) >= 1  # threshold 0: every candidate is reported
    (tiny_reranker_path / "cti_threshold.json").unlink()


@pytest.mark.integration
def test_shipped_model_maps_a_clear_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("CTI_MAPPER_HOME", str(tmp_path))
    mapper = Mapper.load(backend="torch")  # auto would time every backend first (minutes on 2 cores)
    out = mapper.map_sentences([
        S("The actors sent spearphishing emails with malicious Microsoft Word attachments to employees."),
        S("The ransomware encrypted files on the victim's servers and demanded payment in bitcoin."),
        S("Thank you for reading."),
    ])
    assert "T1566.001" in [x.id for x in out[0].labels]
    assert "T1486" in [x.id for x in out[1].labels]
    assert out[2].labels == ()


def test_retrieval_keeps_slots_for_techniques(mapper):
    emb = mapper.embedder.encode(["ransomware TrickBot Ryuk Cobalt Strike Net"])
    idx, sims = mapper.retrieve_labels(emb, {"technique", "software"}, 4)
    kinds = [mapper.labels[i].kind for i in idx[0]]
    assert sorted(kinds) == ["software", "technique", "technique", "technique"]
    assert list(sims[0]) == sorted(sims[0], reverse=True)
    only, _ = mapper.retrieve_labels(emb, {"software"}, 4)
    assert {mapper.labels[i].kind for i in only[0]} == {"software"}


def test_mapper_and_the_fake_share_one_protocol(mapper, fake_mapper):
    """The CLI and review tests use a fake: it must take the same calls as the real Mapper."""
    import inspect

    from cti_mapper.mapping import SentenceMapper

    for impl in (mapper, fake_mapper):
        assert isinstance(impl, SentenceMapper), type(impl)
        for name in ("map_sentences", "rank_labels"):
            want = inspect.signature(getattr(SentenceMapper, name)).parameters
            got = inspect.signature(getattr(type(impl), name)).parameters
            assert [(p.name, p.kind) for p in got.values()] == [(p.name, p.kind) for p in want.values()]
    sents = [S(f"Sentence {i}: the actors sent a phishing email with an attachment.") for i in range(5)]
    for impl in (mapper, fake_mapper):
        calls: list[int] = []
        impl.map_sentences(sents, progress=calls.append)
        assert sum(calls) == 5 and all(n > 0 for n in calls)  # increments, never a running total
