"""Every export format, written by `cti-map map -o`: no absolute local path inside (the model is
named by its folder and card, the source by its file name), and the file mode follows the umask."""

from __future__ import annotations

import html
import json
import os
import stat

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from cti_mapper.cli import cli
from cti_mapper.export import build_report, model_label, source_name, to_json
from cti_mapper.reports import read_report

TEXT = ("The actors sent spearphishing emails with a malicious attachment.\n\n"
        "The macro ran cmd.exe to start the TrickBot loader.\n")
CARD = ('---\n{"base_model": "sentence-transformers/all-MiniLM-L6-v2", "model-index": [{"name": "my-model", '
        '"results": [{"dataset": {"name": "ATT&CK 18.1 pairs"}}]}]}\n---\n# my-model\n')
FORMATS = ["json", "csv", "navigator", "stix", "html"]


@pytest.fixture
def model_dir(tmp_path):
    folder = tmp_path / "private" / "models" / "my-model"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(CARD, encoding="utf-8")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    return folder


@pytest.fixture
def local_mapper(patched_mapper, model_dir):
    """The fake mapper, reporting itself by a local folder as the real one does."""
    patched_mapper.model_name = None
    patched_mapper.model_path = model_dir
    return patched_mapper


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_exports_carry_no_local_path_and_follow_the_umask(local_mapper, tmp_path, fmt, umask):
    report = tmp_path / "private" / "advisory.txt"
    report.write_text(TEXT, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    old = os.umask(umask)
    try:
        result = CliRunner().invoke(cli, ["map", str(report.resolve()), "-f", fmt, "-o", str(out)],
                                    catch_exceptions=False)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    text = out.read_text(encoding="utf-8")
    text = html.unescape(text) if fmt == "html" else text
    assert "private" not in text and str(tmp_path) not in text
    if fmt != "csv":  # CSV rows carry neither the source nor the model
        assert "advisory.txt" in text
        assert "my-model (all-MiniLM-L6-v2 fine-tuned on ATT&CK 18.1 pairs; card " in text


def test_model_label():
    assert model_label("fake-mapper") == "fake-mapper"
    assert model_label("cross-encoder/ms-marco-MiniLM-L6-v2") == "cross-encoder/ms-marco-MiniLM-L6-v2"  # hub id
    assert model_label("/home/someone/models/gone") == "gone"  # a path that is not there
    assert model_label(__file__) == "test_export_files.py"


def test_model_label_reads_the_card(model_dir, tmp_path):
    label = model_label(model_dir)
    assert label.startswith("my-model (all-MiniLM-L6-v2 fine-tuned on ATT&CK 18.1 pairs; card ")
    assert model_label(model_dir) == label  # stable
    (model_dir / "config.json").write_text('{"retrained": true}')
    assert model_label(model_dir) != label  # another training, another fingerprint
    bare = tmp_path / "bare"
    bare.mkdir()
    assert model_label(bare) == "bare"
    (bare / "README.md").write_text("no front matter")
    assert model_label(bare).startswith("bare (card ")


def test_source_name():
    assert source_name("/home/a/reports/x.pdf") == "x.pdf"
    assert source_name("C:\\Users\\a\\x.pdf") == "x.pdf"
    assert source_name("x.pdf") == "x.pdf"


def test_json_source_is_the_file_name(tmp_path, fake_mapper):
    (tmp_path / "r.txt").write_text(TEXT)
    doc = read_report(tmp_path / "r.txt")
    assert doc.source == str(tmp_path / "r.txt")  # the reader keeps the path; exports do not
    report = build_report(doc, fake_mapper.map_sentences(doc.sentences), catalog=fake_mapper.catalog,
                          model=str(tmp_path), threshold=0.5)
    data = json.loads(to_json(report))
    assert data["source"] == "r.txt" and data["model"] == tmp_path.name


def test_review_runs_record_the_model_label(tmp_path, fake_mapper, model_dir):
    from cti_mapper.review import service
    from cti_mapper.review.store import init_db, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'review.db'}")
    init_db(engine)
    fake_mapper.model_name, fake_mapper.model_path = None, model_dir
    with Session(engine) as session:
        report = service.add_report(session, "advisory.md", TEXT.encode())
        run = service.start_run(session, report, fake_mapper)
        assert run.model.startswith("my-model (") and str(tmp_path) not in run.model
