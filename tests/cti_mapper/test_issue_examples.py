"""Issue 7's examples with the shipped model (integration): abstain on no-behaviour prose.

The no-behaviour sentences below are also in the reranker's training data
(``cti_mapper.report_training.NO_BEHAVIOUR``), so this is a regression test, not a measurement;
the measurement is ``benchmarks/eval_cti_annoctr.py`` (AnnoCTR test and a held-out list).
"""

from __future__ import annotations

import pytest

from core.paths import shared_data_dir

MODEL = shared_data_dir() / "models" / "cti-reranker"

pytestmark = pytest.mark.integration

NO_BEHAVIOUR = [
    "A year later, the then-new and very complex malware family called FlowCloud was also attributed to TA410.",
    "LokiBot malware has been used by attackers for many years.",
    "however, we have not seen direct connection or shared tools, so we are only able to assess this link "
    "with low confidence.",
    "The structure represents the physical location on the disk.",  # T1561.002 at 0.96 before AnnoCTR
]


class _S:
    def __init__(self, text):
        self.text = text


@pytest.fixture(scope="module")
def mapper():
    from cti_mapper.mapping import Mapper

    if not (MODEL / "config.json").exists():
        pytest.skip("shipped model not present")
    return Mapper.load(backend="torch")


@pytest.mark.parametrize("text", NO_BEHAVIOUR)
def test_no_behaviour_sentences_get_no_technique(mapper, text):
    (mapping,) = mapper.map_sentences([_S(text)])
    techniques = [(m.id, round(m.score, 3)) for m in mapping.labels if m.kind == "technique"]
    assert techniques == [], techniques


def test_plain_behaviour_is_labelled(mapper):
    shadow, macro = mapper.map_sentences([
        _S("The ransomware deletes volume shadow copies with vssadmin.exe Delete Shadows /All /Quiet."),
        _S("The phishing email carried a Word document with a malicious macro that downloads the loader."),
    ])
    assert "T1490" in {m.id for m in shadow.labels}, shadow.labels
    assert {m.id for m in macro.labels} & {"T1566", "T1566.001", "T1204.002"}, macro.labels


def test_shipped_pair_brings_its_vectors(tmp_path, monkeypatch):
    """The shipped bi-encoder's label and example vectors ship too: loading embeds nothing, caches nothing."""
    from cti_mapper.config import HOME_ENV
    from cti_mapper.mapping import Mapper

    if not (MODEL / "config.json").exists():
        pytest.skip("shipped model not present")
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    mapper = Mapper.load(backend="torch")
    assert mapper.model_path == MODEL and mapper.exemplars is not None
    assert not list(tmp_path.rglob("*.npz")), "the shipped caches missed: the catalog or examples were embedded"
