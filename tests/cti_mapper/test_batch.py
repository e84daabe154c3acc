"""cti_mapper.batch: a folder of 20 reports and a corrupt one, in-process and on a local Ray."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cti_mapper.batch import SUMMARY_NAME, ReportMapper, discover, file_sha256, result_name, run_batch
from tests.cti_mapper.batch_helpers import CORRUPT_NAME, TinyMapperFactory, build_report_folder, result_documents

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def batch_env(tmp_path_factory):
    """Offline, with caches in a temp folder; module-scoped so that Ray workers inherit it too."""
    home = tmp_path_factory.mktemp("cti-home")
    env = {"CTI_MAPPER_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "CROSSRANK_CACHE": str(home / "cache"), "RAY_USAGE_STATS_ENABLED": "0",
           # Ray workers must import this checkout (and batch_helpers), not an installed copy.
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        yield


@pytest.fixture(scope="module")
def factory(tiny_reranker_path, tiny_embedder_path):
    """A picklable factory loading a real Mapper on the tiny models and the mini catalog."""
    return TinyMapperFactory(str(tiny_reranker_path), str(tiny_embedder_path))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """20 reports (txt, md, html, pdf; two in sub/) plus broken.pdf and an ignored notes.json."""
    return build_report_folder(tmp_path_factory.mktemp("reports"), scale=0.25)


@pytest.fixture(scope="module")
def in_process(batch_env, folder, factory, tmp_path_factory):
    """The folder mapped once in this process, on 1 thread like a Ray worker: (result, output folder).

    The tiny random models score many labels alike, so near-ties must see the same numbers in
    both modes: label embeddings are cached as float16 by the first Mapper (the shipped model
    ships them), so one is built first, and float sums use 1 thread as in a Ray worker.
    """
    import torch

    factory()  # writes the label-embedding cache that every later Mapper (and Ray worker) loads
    out = tmp_path_factory.mktemp("results-local")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return run_batch(folder, out, mapper_factory=factory), out
    finally:
        torch.set_num_threads(threads)





def test_twenty_results_and_one_listed_error(in_process, folder):
    result, out = in_process
    assert result.counts == {"done": 20, "skipped": 0, "error": 1}
    docs = result_documents(out)
    assert len(docs) == 20 and CORRUPT_NAME not in docs
    assert {"sub/trickbot-tail.md", "trickbot.html", "trickbot-short.pdf"} <= set(docs)
    for relpath, doc in docs.items():
        assert doc["schema"] == "cti-map.report/1"
        assert doc["input"]["sha256"] == file_sha256(folder / relpath)
        assert doc["stats"]["sentences"] > 0
    # Written IDs are always reported: T1566.001 is in the first paragraphs of every full copy.
    assert any(label["id"] == "T1566.001" for label in docs["trickbot.txt"]["summary"])
    rows = [json.loads(line) for line in (out / SUMMARY_NAME).read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows) and len(rows) == 21
    error = next(r for r in rows if r["status"] == "error")
    assert error["path"] == CORRUPT_NAME and "broken.pdf" in error["error"] and error["result"] is None
    assert all(r["status"] == "done" and (out / r["result"]).is_file() for r in rows if r is not error)


def test_second_run_skips_finished_reports(in_process, folder, factory):
    _, out = in_process
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    again = run_batch(folder, out, mapper_factory=factory)
    assert again.counts == {"done": 0, "skipped": 20, "error": 1}  # the corrupt file is retried
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == before


def test_changed_report_is_mapped_again(batch_env, folder, factory, tmp_path):
    small = tmp_path / "in"
    small.mkdir()
    (small / "a.txt").write_text((folder / "trickbot-first-20.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (small / "b.md").write_text((folder / "trickbot.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_batch(small, out, mapper_factory=factory).counts["done"] == 2
    (small / "a.txt").write_text("The actor sent phishing emails with a malicious attachment to staff.\n",
                                 encoding="utf-8")
    rerun = run_batch(small, out, mapper_factory=factory)
    assert [(o.path, o.status) for o in rerun.outcomes] == [("a.txt", "done"), ("b.md", "skipped")]


def test_unexpected_error_in_one_report_does_not_stop_the_batch(batch_env, folder, factory, tmp_path):
    class Flaky:
        def __init__(self):
            self.inner = factory()
            self.catalog, self.threshold, self.model_path = (self.inner.catalog, self.inner.threshold,
                                                             self.inner.model_path)

        def map_sentences(self, sentences, **kw):
            if any("Ryuk" in s.text for s in sentences):
                raise RuntimeError("worker ran out of memory\nsecond line")
            return self.inner.map_sentences(sentences, **kw)

    small = tmp_path / "in"
    small.mkdir()
    (small / "a.txt").write_text("Ryuk ransomware encrypted the file servers of the victim.\n", encoding="utf-8")
    (small / "b.txt").write_text("The actor sent phishing emails with a malicious attachment.\n", encoding="utf-8")
    result = run_batch(small, tmp_path / "out", mapper_factory=Flaky)
    assert [(o.path, o.status, o.error) for o in result.outcomes] == [
        ("a.txt", "error", "RuntimeError: worker ran out of memory"), ("b.txt", "done", None)]


def test_discover_finds_reports_only(tmp_path):
    for name in ("b.PDF", "a.txt", "sub/c.md", "sub/d.htm", ".hidden.txt", ".git/e.txt", "x.docx", "out/r.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path, exclude=[tmp_path / "out"])]
    assert found == ["a.txt", "b.PDF", "sub/c.md", "sub/d.htm"]


def test_error_message_names_the_relative_path_once():
    from cti_mapper.batch import FileOutcome

    assert FileOutcome("sub/a.pdf", "", "error", error="a.pdf: truncated PDF").message == "sub/a.pdf: truncated PDF"
    assert FileOutcome("b.txt", "", "error", error="RuntimeError: boom").message == "b.txt: RuntimeError: boom"


def test_result_names_are_readable_and_per_content():
    assert result_name("sub/a report.pdf", "ab" * 32) == "sub__a report.pdf." + "ab" * 8 + ".json"


def test_report_mapper_is_a_ray_batch_function(batch_env, folder, factory):
    """The actor's ``__call__`` takes and returns columns, one row per report."""
    worker = ReportMapper(factory)
    paths = [str(folder / "trickbot-first-20.txt"), str(folder / CORRUPT_NAME)]
    out = worker({"path": paths, "relpath": ["trickbot-first-20.txt", CORRUPT_NAME], "sha256": ["0" * 64] * 2})
    assert out["status"] == ["done", "error"] and out["document"][1] == "" and out["error"][0] == ""
    assert json.loads(out["document"][0])["input"] == {"path": "trickbot-first-20.txt", "sha256": "0" * 64}


@pytest.fixture(scope="module")
def local_ray(batch_env):
    """A local Ray on 2 CPUs, no dashboard, for this module."""
    import logging

    import ray

    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    yield ray
    ray.shutdown()


# slow (`nox -s tests -- -m slow`): a local Ray takes ~60 s to start and run on 2 cores, a quarter of
# the default run, and cannot start at all on an overloaded machine (its helpers get 15 s).
@pytest.mark.slow
def test_ray_gives_the_same_results_and_resumes(local_ray, in_process, folder, factory, tmp_path):
    _, local_out = in_process
    out = tmp_path / "results-ray"
    result = run_batch(folder, out, mapper_factory=factory, ray_address="local", workers=2)
    assert result.counts == {"done": 20, "skipped": 0, "error": 1}
    assert result_documents(out) == result_documents(local_out)
    summary = (out / SUMMARY_NAME).read_text(encoding="utf-8")
    assert summary.count('"status": "error"') == 1 and CORRUPT_NAME in summary
    again = run_batch(folder, out, mapper_factory=factory, ray_address="local", workers=2)
    assert again.counts == {"done": 0, "skipped": 20, "error": 1}
