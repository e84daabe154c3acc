"""Ingestion: PDFs generated with fpdf2, HTML, Markdown, text, and every kind of bad input."""

from __future__ import annotations

import logging

import pytest

from cti_mapper import textclean
from cti_mapper.reports import MAX_REPORT_BYTES, ReportError, read_report

PROSE = (
    "The actors sent phishing emails with malicious attachments to hospital staff. "
    "Once opened, the macro launched cmd.exe to download the TrickBot loader from a remote "
    "server controlled by the operators of the campaign. The loader then enumerated running "
    "processes and encrypted files on every reachable share."
)


def _offsets_hold(doc):
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


# --- PDF -----------------------------------------------------------------------------------
def test_pdf_headers_footers_page_numbers_dropped(pdf_factory):
    pages = [f"Stage {i} of the intrusion lasted {i * 3} days. {PROSE}".replace(
        "hospital", ["hospital", "clinic", "pharmacy", "laboratory"][i - 1]) for i in range(1, 5)]
    path = pdf_factory("r.pdf", pages, header="TLP:WHITE  ACME Threat Intel  Report AA-1",
                       footer=True)
    doc = read_report(path)
    assert doc.pages == 4
    assert "ACME Threat Intel" not in doc.text
    assert "Page 1 of" not in doc.text and "Page 4 of" not in doc.text
    assert all(s.page in {1, 2, 3, 4} for s in doc.sentences)
    assert {s.page for s in doc.sentences} == {1, 2, 3, 4}
    assert any("cmd.exe" in s.text for s in doc.sentences)
    _offsets_hold(doc)


def test_pdf_soft_breaks_joined_and_dehyphenated(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    # Lines wrapped by hand, like a two-column layout: a hyphenated word across lines.
    for line in ["The operators deployed the mal-", "ware on every domain controller and",
                 "then moved laterally to the backup servers."]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "wrap.pdf"))
    doc = read_report(tmp_path / "wrap.pdf")
    assert [s.text for s in doc.sentences] == [
        "The operators deployed the malware on every domain controller and then moved "
        "laterally to the backup servers."
    ]


def test_pdf_pages_do_not_glue_words(pdf_factory):
    path = pdf_factory("split.pdf", ["The loader contacted its command and control",
                                     "servers over DNS to evade detection."])
    doc = read_report(path)
    assert "control servers" in doc.text
    assert "controlservers" not in doc.text
    joined = [s for s in doc.sentences if "control servers" in s.text]
    assert joined and joined[0].page == 1


def test_pdf_ligatures_repaired(pdf_factory):
    path = pdf_factory("lig.pdf", ["The \ufb01rst payload modi\ufb01ed the work\ufb02ow of "
                                   "the \ufb01rewall on the of\ufb01ce network."])
    doc = read_report(path)
    assert "first payload modified the workflow of the firewall on the office" in doc.text


def test_pdf_scanned_without_text_layer(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(image), x=10, y=10, w=180)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(ReportError, match="scanned PDF with no text layer"):
        read_report(tmp_path / "scan.pdf")


def test_pdf_encrypted(pdf_factory, tmp_path):
    import pypdf

    plain = pdf_factory("plain.pdf", [PROSE])
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(str(tmp_path / "locked.pdf"))
    with pytest.raises(ReportError, match="encrypted"):
        read_report(tmp_path / "locked.pdf")


def test_pdf_truncated(pdf_factory, tmp_path):
    data = pdf_factory("full.pdf", [PROSE, PROSE]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(ReportError, match="truncated"):
        read_report(tmp_path / "cut.pdf")


def test_pdf_corrupt(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    with pytest.raises(ReportError, match="corrupt|no text|no pages"):
        read_report(tmp_path / "bad.pdf")


def test_extension_does_not_match_content(tmp_path):
    (tmp_path / "notes.pdf").write_text("just some text, not a PDF", encoding="utf-8")
    with pytest.raises(ReportError, match="not a PDF"):
        read_report(tmp_path / "notes.pdf")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(ReportError, match="PNG image"):
        read_report(tmp_path / "image.txt")
    (tmp_path / "report.html").write_bytes(b"%PDF-1.4\n...")
    with pytest.raises(ReportError, match="a PDF"):
        read_report(tmp_path / "report.html")


def test_binary_text_file_refused(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReportError, match="binary"):
        read_report(tmp_path / "blob.txt")


def test_missing_empty_and_huge_files(tmp_path):
    with pytest.raises(ReportError, match="no such file"):
        read_report(tmp_path / "nope.pdf")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(ReportError, match="empty"):
        read_report(tmp_path / "empty.txt")
    (tmp_path / "blank.md").write_text("\n\n   \n")
    with pytest.raises(ReportError, match="no sentences"):
        read_report(tmp_path / "blank.md")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as fh:  # sparse: no 100 MB written to disk
        fh.truncate(MAX_REPORT_BYTES + 1)
    with pytest.raises(ReportError, match="refused"):
        read_report(huge)


# --- HTML, Markdown, text ----------------------------------------------------------------
def test_html_strips_scripts_styles_nav(tmp_path):
    html = """<html><head><title>t</title><style>p{color:red}</style>
    <script>var phishing = "T1566"; alert(1)</script></head><body>
    <nav><a href="/">Home</a> | <a href="/x">Advisories</a></nav>
    <h1>TrickBot advisory</h1>
    <p>The actors used <b>spearphishing</b> attachments to deliver
       <a href="https://x">TrickBot</a>.</p><script>document.write("evil")</script>
    <ul><li>It runs cmd.exe to launch scripts.</li><li>It encrypts files.</li></ul>
    <footer>Copyright</footer></body></html>"""
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    doc = read_report(tmp_path / "a.html")
    texts = [s.text for s in doc.sentences]
    assert "The actors used spearphishing attachments to deliver TrickBot." in texts
    assert "It runs cmd.exe to launch scripts." in texts
    assert "It encrypts files." in texts
    assert not any(bad in doc.text for bad in ("alert", "Advisories", "color:red", "evil",
                                                "Copyright"))
    assert doc.pages is None
    _offsets_hold(doc)


def test_markdown_syntax_removed(tmp_path):
    md = ("# Threat report\n\nThe group used **PowerShell** and [Cobalt Strike](https://x.y) "
          "to move\nlaterally.\n\n- Dumped `lsass.exe` memory.\n- Cleared event logs.\n\n"
          "| Technique | ID |\n|---|---|\n| Phishing | T1566 |\n")
    (tmp_path / "r.md").write_text(md, encoding="utf-8")
    texts = [s.text for s in read_report(tmp_path / "r.md").sentences]
    assert "The group used PowerShell and Cobalt Strike to move laterally." in texts
    assert "Dumped lsass.exe memory." in texts
    assert "Threat report" in texts
    assert "Phishing | T1566" in texts


def test_text_non_utf8_and_mojibake(tmp_path):
    (tmp_path / "cp.txt").write_bytes("The actor’s loader – named “Bazar” – ran.".encode("cp1252"))
    assert "Bazar" in read_report(tmp_path / "cp.txt").text
    mojibake = "The actorâ€™s loader ran on the victimâ€™s host."
    (tmp_path / "moji.txt").write_text(mojibake, encoding="utf-8")
    assert read_report(tmp_path / "moji.txt").text == "The actor's loader ran on the victim's host."


def test_sentences_keep_abbreviations_and_defanged_urls(tmp_path):
    text = ("TrickBot a.k.a. Trickster contacts hxxp://evil[.]com/gate.php every 5 min. "
            "It uses e.g. PowerShell v5.1 to run scripts.\n")
    (tmp_path / "s.txt").write_text(text)
    texts = [s.text for s in read_report(tmp_path / "s.txt").sentences]
    assert texts == ["TrickBot a.k.a. Trickster contacts hxxp://evil[.]com/gate.php every 5 min.",
                     "It uses e.g. PowerShell v5.1 to run scripts."]


def test_ioc_only_lines_dropped(tmp_path):
    text = ("The malware contacted the following domains:\n\nevil[.]com\nhxxps://bad[.]net/a\n"
            "192.168.10[.]4\nd41d8cd98f00b204e9800998ecf8427e\n"
            "TLP:AMBER\n12\nThe operators then deployed Ryuk ransomware.\n")
    (tmp_path / "ioc.txt").write_text(text)
    doc = read_report(tmp_path / "ioc.txt")
    assert [s.text for s in doc.sentences] == [
        "The malware contacted the following domains:",
        "The operators then deployed Ryuk ransomware.",
    ]


def test_one_per_line(tmp_path):
    (tmp_path / "l.txt").write_text("first line without period\n\nsecond. still one\n")
    doc = read_report(tmp_path / "l.txt", one_per_line=True)
    assert [s.text for s in doc.sentences] == ["first line without period", "second. still one"]
    _offsets_hold(doc)
    (tmp_path / "x.html").write_text("<p>Hello there.</p>")
    with pytest.raises(ReportError, match="plain-text"):
        read_report(tmp_path / "x.html", one_per_line=True)


# --- text repair helpers -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("broken", "fixed"),
    [("a!achments", "attachments"), ("po$al", "portal"), ("miscon%guration", "misconfiguration"),
     ("Microso#", "Microsoft"), ("di&erent", "different")],
)
def test_lost_glyphs_repaired_with_warning(broken, fixed, caplog):
    with caplog.at_level(logging.DEBUG, logger="cti_mapper.textclean"):
        text, notes = textclean.repair_lost_glyphs(f"See the {broken} here.")
    assert text == f"See the {fixed} here."
    assert notes == [f"{broken} -> {fixed}"]


def test_lost_glyph_repair_leaves_real_symbols(tmp_path):
    text = "Use %APPDATA% and AT&T, R&D, $HOME and wow! It costs $5."
    assert textclean.repair_lost_glyphs(text) == (text, [])


def test_read_report_warns_on_guessed_glyphs(tmp_path, caplog):
    (tmp_path / "g.txt").write_text("The a!achments exploited a miscon%guration in the po$al.")
    with caplog.at_level(logging.WARNING):
        doc = read_report(tmp_path / "g.txt")
    assert doc.sentences[0].text == "The attachments exploited a misconfiguration in the portal."
    assert any("lost glyph" in w for w in doc.warnings)
    assert "lost glyph" in caplog.text


def test_noise_lines():
    noisy = ["Page 3 of 22", "12", "TLP:WHITE", "TLP: AMBER+STRICT", "evil[.]com",
             "hxxp://1.2.3[.]4/x", "https://example.org/a?b=1", "10.0.0.1, 10.0.0.2",
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "•", "- iv -"]
    for line in noisy:
        assert textclean.is_noise_line(line), line
    for line in ["Ryuk encrypts files.", "The C2 is evil[.]com and it beacons.", "T1059.003"]:
        assert not textclean.is_noise_line(line), line


def test_running_lines_need_half_the_pages():
    pages = [["ACME Report", f"body {i}", "Page 1"] for i in range(4)]
    pages[0].append("only once")
    keys = textclean.running_lines(pages)
    assert textclean.line_key("ACME Report") in keys
    assert textclean.line_key("Page 7") in keys
    assert textclean.line_key("only once") not in keys
    assert textclean.running_lines([["single page"]]) == set()


def test_join_lines_headings_bullets_and_hyphens():
    lines = ["Key Findings", "The actors use mal-", "ware loaders and end-to-", "end encryption.",
             "• First bullet item", "• Second item"]
    assert textclean.join_lines(lines) == [
        "Key Findings",
        "The actors use malware loaders and end-to-end encryption.",
        "First bullet item",
        "Second item",
    ]
