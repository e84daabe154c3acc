"""Batch-run helpers: a folder of 20 varied sample reports plus a corrupt one, and a tiny mapper.

Used by tests/cti_mapper/test_batch.py and benchmarks/bench_batch.py (and imported by Ray
workers, so no pytest here). Variants of the TrickBot
advisory (copies, truncations, line-shuffled, Markdown, HTML, a generated PDF) are real CTI prose
in every supported format; ``with_real_pdf`` adds the 22-page CISA PDF as it ships.
"""

from __future__ import annotations

import html
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "shared_data" / "samples"
TRICKBOT = SAMPLES / "cisa-aa21-076a-trickbot.txt"
REAL_PDF = SAMPLES / "cisa-aa20-302a-ransomware-healthcare.pdf"
MINI_ATTACK = Path(__file__).resolve().parents[1] / "data" / "mini-attack.json"
CORRUPT_NAME = "broken.pdf"


@dataclass(frozen=True)
class TinyMapperFactory:
    """Loads a real Mapper from the tiny test models and the mini catalog (what a worker does)."""

    reranker_path: str
    embedder_path: str
    threshold: float = 0.5

    def __call__(self):
        """Load the catalog and both tiny models, as ``MapperSpec`` loads the shipped ones."""
        import core
        from cti_mapper.attack import load_catalog
        from cti_mapper.mapping import Mapper

        catalog = load_catalog(MINI_ATTACK)
        mapper = Mapper(catalog, core.load_reranker(self.reranker_path, backend="torch"),
                        core.load_embedder(self.embedder_path), threshold=self.threshold)
        mapper.model_path = Path(self.reranker_path)
        return mapper


def _paragraphs(scale: float) -> list[str]:
    text = TRICKBOT.read_text(encoding="utf-8")
    paras = [p.strip() for p in text.split("\n") if len(p.split()) >= 6]
    return paras[: max(8, int(len(paras) * scale))]


def _pdf(path: Path, paragraphs: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for para in paragraphs:
        # The core font is Latin-1; the advisory's dashes and quotes are not.
        safe = para.replace("\u2014", "-").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
        pdf.multi_cell(0, 6, safe.encode("latin-1", "replace").decode("latin-1"))
        pdf.ln(2)
    pdf.output(str(path))


def build_report_folder(dest: Path, *, with_real_pdf: bool = False, scale: float = 1.0) -> Path:
    """Write 20 reports and ``broken.pdf`` (not a PDF inside) under ``dest``; return ``dest``.

    ``scale`` < 1 builds the variants from the advisory's first paragraphs only (faster tests).
    """
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "sub").mkdir(exist_ok=True)
    paras = _paragraphs(scale)
    n = len(paras)
    shutil.copyfile(TRICKBOT, dest / "trickbot.txt")
    reports = 1
    for i, fraction in enumerate((0.2, 0.35, 0.5, 0.65, 0.8)):  # truncated copies
        (dest / f"trickbot-first-{int(fraction * 100)}.txt").write_text(
            "\n".join(paras[: max(3, int(n * fraction))]) + "\n", encoding="utf-8")
        (dest / "sub" / f"trickbot-from-{i}.txt").write_text(
            "\n".join(paras[int(n * fraction * 0.5):]) + "\n", encoding="utf-8")
        reports += 2
    for seed in range(3):  # the same paragraphs in another order
        shuffled = paras[:]
        random.Random(seed).shuffle(shuffled)
        (dest / f"trickbot-shuffled-{seed}.txt").write_text("\n".join(shuffled[: n // 2]) + "\n",
                                                            encoding="utf-8")
        reports += 1
    (dest / "trickbot.md").write_text(
        "# AA21-076A: TrickBot Malware\n\n" + "\n\n".join(paras[: n // 2]) + "\n", encoding="utf-8")
    (dest / "sub" / "trickbot-tail.md").write_text(
        "## Details\n\n" + "\n\n".join(f"- {p}" if i % 3 == 0 else p for i, p in enumerate(paras[n // 2:])) + "\n",
        encoding="utf-8")
    (dest / "trickbot.html").write_text(
        "<html><head><title>TrickBot</title><script>var x = 1;</script></head><body><nav>Home</nav>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paras[: n // 2]) + "</body></html>", encoding="utf-8")
    (dest / "sub" / "trickbot-tail.htm").write_text(
        "<html><body><article>" + "".join(f"<div>{html.escape(p)}</div>" for p in paras[n // 2:])
        + "</article><footer>TLP:CLEAR</footer></body></html>", encoding="utf-8")
    reports += 4
    _pdf(dest / "trickbot-short.pdf", paras[: max(4, n // 8)])
    reports += 1
    if with_real_pdf:
        shutil.copyfile(REAL_PDF, dest / REAL_PDF.name)
    else:
        _pdf(dest / "sub" / "trickbot-middle.pdf", paras[n // 3: n // 3 + max(4, n // 8)])
    reports += 1
    assert reports == 20, reports
    (dest / CORRUPT_NAME).write_bytes(b"%PDF-1.7\n" + bytes(random.Random(7).randrange(256) for _ in range(2048)))
    (dest / "notes.json").write_text("{}", encoding="utf-8")  # not a report: ignored
    return dest


def result_documents(out: Path) -> dict[str, dict]:
    """Result documents by input path, without the creation time (the only field that differs)."""
    docs = {}
    for path in Path(out).glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc.pop("created")
        docs[doc["input"]["path"]] = doc
    return docs
