"""Fixtures for cti_mapper tests: a mini ATT&CK bundle, a deterministic fake mapper, PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cti_helpers import MINI_ATTACK  # the one mini catalog: tests/data/mini-attack.json

from core import RankedItem
from cti_mapper.mapping import LabelMatch, SentenceMapping

DATA = Path(__file__).parent / "data"
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # for ligature glyphs


_KEYWORDS = {  # deterministic "model": a keyword in the sentence evidences a label
    "phishing": ("T1566", 0.81),
    "attachment": ("T1566.001", 0.92),
    "cmd.exe": ("T1059.003", 0.88),
    "encrypt": ("T1486", 0.95),
    "trickbot": ("S0266", 0.9),
    "process": ("T1057", 0.6),
}
_EXPLICIT = re.compile(r"\b(T\d{4}(?:\.\d{3})?|S\d{4}|TA\d{4})\b")


class FakeMapper:
    """A deterministic stand-in for ``cti_mapper.mapping.Mapper`` over the mini catalog.

    It satisfies the same ``SentenceMapper`` protocol (tests/cti_mapper/test_mapping.py checks
    the signatures): ``progress`` gets increments, in chunks like the real mapper's.
    """

    chunk = 2  # sentences per progress call (the real Mapper uses 64)

    def __init__(self, catalog, threshold: float = 0.5, min_evidence: int = 1):
        self.catalog = catalog
        self.threshold = threshold
        self.min_evidence = min_evidence
        self.min_similarity = 0.0  # no first stage of its own: nothing is gated
        self.model_name = "fake-mapper"
        self.progress_calls = 0

    def _scores(self, text: str) -> dict[str, tuple[float, str]]:
        found: dict[str, tuple[float, str]] = {}
        for match in _EXPLICIT.findall(text):
            if match in self.catalog:
                found[self.catalog.resolve(match)] = (0.99, "explicit id")
        lowered = text.lower()
        for word, (label_id, score) in _KEYWORDS.items():
            if word in lowered and label_id not in found:
                found[label_id] = (score, "retrieval")
        return found

    def map_sentences(self, sentences, *, progress=None):
        out, reported = [], 0
        for i, sentence in enumerate(sentences, start=1):
            matches = []
            for label_id, (score, reason) in self._scores(sentence.text).items():
                if score < self.threshold:
                    continue
                obj = self.catalog.get(label_id)
                matches.append(LabelMatch(obj.id, obj.name, obj.kind, obj.label, score,
                                              (reason,)))
                for tactic in obj.tactics:
                    t = self.catalog.get(tactic)
                    if all(m.id != t.id for m in matches):
                        matches.append(LabelMatch(t.id, t.name, t.kind, t.label,
                                                      score * 0.9, ("implied tactic",)))
            matches.sort(key=lambda m: -m.score)
            out.append(SentenceMapping(sentence, tuple(matches)))
            if progress is not None and (i % self.chunk == 0 or i == len(sentences)):
                self.progress_calls += 1
                progress(i - reported)  # sentences finished since the last call
                reported = i
        return out

    def rank_labels(self, text, *, kinds=None, top_k=None):
        scores = self._scores(text)
        labels = self.catalog.labels(kinds)
        ranked = sorted(labels, key=lambda o: (-scores.get(o.id, (0.0, ""))[0], o.id))
        items = [RankedItem(o.id, scores.get(o.id, (0.0, ""))[0], r, o.label)
                 for r, o in enumerate(ranked, start=1)]
        return items[:top_k] if top_k else items


@pytest.fixture(scope="session")
def mini_catalog():
    """The hand-written mini ATT&CK catalog (6 techniques, 4 tactics, TrickBot, 1 revoked)."""
    from cti_mapper.attack import load_catalog

    return load_catalog(MINI_ATTACK)


@pytest.fixture
def fake_mapper(mini_catalog):
    """A fresh deterministic fake mapper."""
    return FakeMapper(mini_catalog)


@pytest.fixture
def patched_mapper(monkeypatch, fake_mapper):
    """Make the CLI load the fake mapper instead of the real model; returns the fake."""
    from cti_mapper.cli import common

    monkeypatch.setattr(common, "load_mapper", lambda state, model, backend, threshold: fake_mapper)
    return fake_mapper


def make_pdf(path: Path, pages: list[str], *, header: str | None = None,
             footer: bool = False, font_text: bool = True) -> Path:
    """Render pages of text to a PDF with fpdf2 (core font; running header, page numbers)."""
    from fpdf import FPDF

    class _PDF(FPDF):
        def header(self):
            if header:
                self.set_font("helvetica", size=8)
                self.cell(0, 8, header, align="C")
                self.ln(12)

        def footer(self):
            if footer:
                self.set_y(-15)
                self.set_font("helvetica", size=8)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = _PDF()
    pdf.set_auto_page_break(True, margin=20)
    family = "helvetica"
    if any(ord(ch) > 255 for text in pages for ch in text):
        if not UNICODE_FONT.exists():
            pytest.skip(f"needs a Unicode TTF font at {UNICODE_FONT}")
        pdf.add_font("dejavu", fname=str(UNICODE_FONT))
        family = "dejavu"
    for text in pages:
        pdf.add_page()
        pdf.set_font(family, size=11)
        if font_text:
            pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


@pytest.fixture
def pdf_factory(tmp_path):
    """Return ``make(name, pages, **kw) -> Path`` writing PDFs under tmp_path."""
    return lambda name, pages, **kw: make_pdf(tmp_path / name, pages, **kw)
