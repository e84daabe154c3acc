"""Property-based fuzzing of report reading: any input is parsed or refused with ReportError.

Bounded (examples and per-example deadline) and derandomized so the default run stays fast and
repeatable; set ``CROSSRANK_FUZZ_EXAMPLES`` to fuzz harder.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cti_mapper import reports, textclean
from cti_mapper.attack import AttackCatalog, CatalogError, bundle_domain, bundle_version, load_bundle
from cti_mapper.candidates import AliasMatcher, explicit_ids
from cti_mapper.htmltext import _MARK, html_blocks

# CROSSRANK_FUZZ_EXAMPLES=2000 fuzzes harder (and at random) on demand.
_EXAMPLES = int(os.environ.get("CROSSRANK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_EXAMPLES or 60, deadline=timedelta(seconds=3), derandomize=not _EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load word lists and parsers once, so their start-up does not count against a deadline."""
    textclean.repair_lost_glyphs("a!achment")
    reports._segmenter().segment("Warm up. Done.")
    html_blocks("<p>warm</p>")


# Text that looks like reports: words, punctuation, IDs, IOCs, markup, odd Unicode.
_PIECES = st.sampled_from([
    "The actor", " used ", "T1059.001", "S0266", "TA0005", "T1566", "cmd.exe", "e.g.", " i.e. ",
    "hxxp://evil[.]com/a", "10.0.0.1", "a!achment", "po$al", "mal-\nware", "\n", "\n\n", ". ",
    "? ", "! ", "•", "- ", "1. ", "#", "## ", "*", "**", "_", "`", "[", "]", "(", ")", "<b>", "</b>",
    "<div>", "</div>", "|", "---", "TLP:CLEAR", "Page 3 of 9", "\x00", "\ue000", "ﬁ", "é", "Ж",
    "😀", "\u200b", "\r\n", "\t", " ", "\f", "…", "”", "’", "x" * 40, "@", "&amp;",
])
REPORT_TEXT = st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=80).map("".join))


@FUZZ
@given(REPORT_TEXT)
def test_text_cleaning_never_fails(text):
    fixed = textclean.fix_unicode(text)
    assert isinstance(fixed, str) and not any("\ue000" <= ch <= "\uf8ff" for ch in fixed)
    repaired, notes = textclean.repair_lost_glyphs(fixed)
    assert isinstance(repaired, str) and len(notes) <= len(fixed)
    if not any(ch in "!$%#&" for ch in fixed):
        assert repaired == fixed and notes == []
    for line in fixed.splitlines():
        assert isinstance(textclean.is_noise_line(line), bool)


@FUZZ
@given(st.lists(st.one_of(REPORT_TEXT, st.just(textclean.CLOSED)), max_size=30))
def test_line_joining_keeps_paragraphs_clean(lines):
    paragraphs = textclean.join_lines(lines)
    for para in paragraphs:
        body = para.rstrip(textclean.CLOSED)
        assert "\n" not in body and "  " not in body and body == body.strip()
    merged = textclean.merge_soft_paragraphs([(1, p) for p in paragraphs])
    assert len(merged) <= len(paragraphs)
    assert all(p and textclean.CLOSED not in p[-1:] for _, p in merged)


@FUZZ
@given(REPORT_TEXT, st.integers(min_value=20, max_value=300))
def test_chunks_cover_the_paragraph(para, size):
    pieces = reports._chunks(para, size)
    assert "".join(pieces) == para
    assert all(len(p) <= size for p in pieces)


@FUZZ
@given(st.lists(REPORT_TEXT, min_size=1, max_size=6))
def test_sentence_offsets_index_the_document(paragraphs):
    doc = reports._build("x", [(None, p) for p in paragraphs if p.strip()], None, [])
    previous_end = 0
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= previous_end and any(ch.isalpha() for ch in sentence.text)
        previous_end = sentence.end


@FUZZ
@given(REPORT_TEXT)
def test_markdown_lines_never_fail(text):
    lines = reports._markdown_lines(text)
    assert all(isinstance(line, str) and "\n" not in line for line in lines)


_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<br>", "<b>",
                         "</b>", "<li>", "<table><tr><td>", "</td>", "<!--", "-->", "<nav>",
                         "<a href='x'>", "</a>", "<", ">", "&lt;", "&#x0;", "<svg><g>", "</svg>"])


@FUZZ
@given(st.lists(st.one_of(_TAGS, REPORT_TEXT), max_size=60).map("".join))
def test_html_blocks_never_fail(page):
    blocks = html_blocks(page)
    assert all(_MARK not in b and b == b.strip() for b in blocks)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".txt", ".md", ".html", ".log", ".pdf"]))
def test_read_report_parses_or_refuses_any_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"r{suffix}"
    path.write_bytes(data)
    try:
        doc = reports.read_report(path)
    except reports.ReportError as exc:
        assert "\n" not in str(exc)
        return
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)


@FUZZ
@given(REPORT_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=300))
def test_read_report_text_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "r.txt"
    path.write_bytes(data)
    try:
        reports.read_report(path)
    except reports.ReportError as exc:
        assert "\n" not in str(exc)


# --- ID and alias extraction ----------------------------------------------------------------
@pytest.fixture(scope="module")
def catalog(mini_catalog):
    return mini_catalog


@FUZZ
@given(REPORT_TEXT)
def test_explicit_ids_are_live_catalog_objects(catalog, text):
    for obj in explicit_ids(text, catalog):
        assert obj.id in catalog and catalog.is_active(obj.id)


@FUZZ
@given(REPORT_TEXT)
def test_alias_matcher_finds_only_known_ids(catalog, text):
    matcher = AliasMatcher(catalog.objects())
    assert set(matcher.find(text)) <= {o.id for o in catalog.objects()}


# --- STIX bundles ---------------------------------------------------------------------------
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_REF = st.fixed_dictionaries({"source_name": st.sampled_from(["mitre-attack", "x"]),
                              "external_id": st.sampled_from(["T1059", "S0001", "TA0002", "x", "T1059.001"]) | _JSON})
_OBJECT = st.fixed_dictionaries(
    {"type": st.sampled_from(["attack-pattern", "malware", "x-mitre-tactic", "relationship",
                              "x-mitre-collection", "intrusion-set"]) | _JSON,
     "id": st.text(min_size=1, max_size=20) | _JSON},
    optional={"name": st.text(max_size=20) | _JSON, "description": st.text(max_size=40) | _JSON,
              "external_references": st.lists(_REF, max_size=2) | _JSON,
              "kill_chain_phases": st.lists(st.fixed_dictionaries({"phase_name": _JSON}), max_size=2) | _JSON,
              "x_mitre_aliases": st.lists(st.text(max_size=10), max_size=2) | _JSON,
              "x_mitre_version": _JSON, "x_mitre_domains": _JSON, "source_ref": _JSON,
              "target_ref": _JSON, "relationship_type": _JSON, "revoked": _JSON},
)


@FUZZ
@given(st.lists(_OBJECT | _JSON, max_size=8))
def test_any_bundle_loads_or_is_refused(tmp_path_factory, objects):
    path = tmp_path_factory.mktemp("fuzz") / "b.json"
    path.write_text(json.dumps({"type": "bundle", "objects": objects}))
    try:
        bundle = load_bundle(path)
    except CatalogError as exc:
        assert "\n" not in str(exc)
        return
    catalog = AttackCatalog([(bundle, bundle_domain(bundle), bundle_version(bundle, path))])
    for obj in catalog.labels():
        assert catalog.get(obj.id) is obj
