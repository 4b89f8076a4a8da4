"""Leaflets, handouts and the book, read back from the PDFs WeasyPrint wrote."""
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from support import ROOT, run_kb
from kb.paths import site_url

MM = 72 / 25.4
PRINTER_SAFE_MM = 6      # most printers cannot print closer to the edge than about 1/4 inch
CONTENT_MARGIN_MM = 12   # the narrowest left/right page margin in print.css (leaflets); nothing may run past it


def text_of(path: Path) -> str:
    # -raw: content-stream order (WeasyPrint writes it in reading order) and no de-hyphenation of URLs
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def squash(text: str) -> str:
    """Text without any whitespace, so words wrapped across lines or table cells still match."""
    return "".join(text.split())


def leaflets(kb, pdfs):
    return [(paper, tid, pdfs / paper / f"{tid}.pdf") for paper in ("a4", "letter") for tid in sorted(kb.therapies)]


def test_every_leaflet_handout_and_book_exists(kb, pdfs):
    for paper in ("a4", "letter"):
        assert (pdfs / paper / "headache-options-book.pdf").is_file()
        for tid in kb.therapies:
            assert (pdfs / paper / f"{tid}.pdf").is_file()
        for cid in kb.conditions:
            assert (pdfs / paper / f"{cid}-options.pdf").is_file()


def test_leaflet_content(kb, pdfs):
    for paper, tid, path in leaflets(kb, pdfs):
        therapy = kb.therapies[tid]
        reader = PdfReader(path)
        assert 1 <= len(reader.pages) <= 4, f"{path.name} ({paper}) has {len(reader.pages)} pages"
        text = text_of(path)
        assert squash(therapy["name"]) in squash(text)
        assert reader.metadata.title.startswith(therapy["name"])
        assert "Page 1 of" in text
        assert kb.red_flags["title"] in text
        assert "does not replace a clinician" in text
        assert f"Last reviewed {therapy['review']['last_reviewed']}" in text
        assert squash(f"{site_url(ROOT)}therapies/{tid}/") in squash(text)  # a long address wraps


def test_leaflet_points_to_its_sources_online(kb, pdfs):
    """Leaflets carry no reference list (it took up to a page at 11 pt): they say how many sources there are
    and where each is listed. The therapy page lists every source (tests/test_print_readability.py)."""
    for paper, tid, path in leaflets(kb, pdfs):
        cited = set(re.findall(r"'([a-z0-9-]+)'", str(kb.therapies[tid]))) & set(kb.sources)
        text = text_of(path)
        assert f"Where this comes from: {len(cited)} sources, listed with links on the web page." in text, tid


def test_page_size(kb, pdfs):
    a4 = PdfReader(pdfs / "a4" / "acupuncture.pdf").pages[0].mediabox
    letter = PdfReader(pdfs / "letter" / "acupuncture.pdf").pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_no_text_runs_off_the_printable_area(kb, pdfs):
    files = sorted(pdfs.rglob("*.pdf"))
    for path in files:
        bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
        for number, (width, height, body) in enumerate(re.findall(
                r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S), 1):
            width, height = float(width), float(height)
            for x0, y0, x1, y1, word in re.findall(
                    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', body):
                x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
                where = f"{path.parent.name}/{path.name} page {number}: {word!r}"
                assert x0 >= CONTENT_MARGIN_MM * MM - 1 and x1 <= width - CONTENT_MARGIN_MM * MM + 1, where
                assert y0 >= PRINTER_SAFE_MM * MM and y1 <= height - PRINTER_SAFE_MM * MM, where


def test_fonts_are_embedded(pdfs):
    for path in [pdfs / "a4" / "wet-cupping.pdf", pdfs / "a4" / "headache-options-book.pdf"]:
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert lines, "no fonts listed"
        assert all(line.split()[-5] == "yes" for line in lines), "\n".join(lines)


def test_tagged_pdf_with_language_and_title(pdfs):
    path = pdfs / "a4" / "acupuncture.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.metadata.title


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg missing: apt-get install zbar-tools")
def test_qr_code_leads_to_the_page(pdfs, tmp_path):
    path = pdfs / "a4" / "dry-cupping.pdf"
    pages = len(PdfReader(path).pages)
    decoded = set()
    for page in range(1, pages + 1):
        png = tmp_path / f"p{page}"
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), str(path), str(png)], check=True)
        result = subprocess.run(["zbarimg", "-q", "--raw", *map(str, tmp_path.glob(f"p{page}*.png"))],
                                capture_output=True, text=True)
        decoded |= set(result.stdout.split())
    assert f"{site_url(ROOT)}therapies/dry-cupping/" in decoded


def test_condition_handout_compares_every_option(kb, pdfs):
    for cid in kb.conditions:
        path = pdfs / "a4" / f"{cid}-options.pdf"
        assert 1 <= len(PdfReader(path).pages) <= 2
        text = text_of(path)
        for therapy in kb.therapies_for(cid):
            assert squash(therapy["name"].split(" (")[0]) in squash(text)  # the grid uses short names


def test_book_has_contents_with_page_numbers_bookmarks_and_bibliography(kb, pdfs):
    path = pdfs / "a4" / "headache-options-book.pdf"
    reader = PdfReader(path)
    text = text_of(path)

    def flatten(items):
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item]

    bookmarks = {item.title: reader.get_destination_page_number(item) + 1 for item in flatten(reader.outline)}
    outline = list(bookmarks)
    contents = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "6", str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
    for therapy in kb.therapies.values():
        assert therapy["name"] in outline
        line = re.search(re.escape(therapy["name"]) + r"\s*\.+\s*(\d+)", contents)
        assert line, f"no contents line for {therapy['name']}"
        assert int(line.group(1)) == bookmarks[therapy["name"]], "contents page number differs from the bookmark's"
    for condition in kb.conditions.values():
        assert condition["name"] in outline
    assert "Bibliography" in outline and "Editorial policy" in outline
    for source in kb.sources.values():
        ident = source.get("doi") or source.get("pmid") or source["url"]
        assert ident.replace(" ", "") in text.replace(" ", "")


def test_same_data_gives_byte_identical_pdfs(kb, tmp_path):
    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        proc = run_kb("pdf", "dry-cupping", "--paper", "a4", "--no-cache", "--out", str(out),
                      env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert proc.returncode == 0, proc.stderr
        outputs.append((out / "a4" / "dry-cupping.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def test_pdf_cli_rejects_an_unknown_id(tmp_path):
    proc = run_kb("pdf", "no-such-entry", "--out", str(tmp_path))
    assert proc.returncode == 2 and "no-such-entry" in proc.stderr


def test_injected_markup_is_inert_in_print(kb):
    import json

    from kb.render.printed import leaflet_html

    copy = json.loads(json.dumps(kb.therapies["dry-cupping"]))
    copy["what_it_is"] = "<script>alert(1)</script>"
    copy["bottom_line"]["text"] = "Text with <img src=x onerror=alert(1)> and {{ 7*7 }}"
    kb.therapies["dry-cupping-copy"] = copy
    try:
        html = leaflet_html(kb, "dry-cupping-copy", "a4", "https://example.org/")
    finally:
        del kb.therapies["dry-cupping-copy"]
    assert "<img src=x" not in html and "&lt;img src=x" in html and "{{ 7*7 }}" in html


def test_unchanged_pdfs_are_reused_and_changed_ones_laid_out_again(kb, tmp_path):
    """The cache gives the same bytes as a fresh layout, and lays out again exactly the PDFs whose input changed."""
    import copy

    from kb import pdf

    url, docs, cache = site_url(ROOT), ROOT / "docs", tmp_path / "cache"
    jobs = pdf.plan(kb, tmp_path / "out", ["a4"], ["dry-cupping", "acupuncture"], languages=[])
    first = pdf.render_all(kb, jobs, url, docs, cache_dir=cache, workers=1)
    assert sorted(p.name for p in first.laid_out) == ["acupuncture.pdf", "dry-cupping.pdf"]
    fresh = {job.out.name: job.out.read_bytes() for job in jobs}
    second = pdf.render_all(kb, jobs, url, docs, cache_dir=cache, workers=1)
    assert second.laid_out == []
    assert {job.out.name: job.out.read_bytes() for job in jobs} == fresh
    assert "0 rendered; 2 unchanged" in pdf.summary(second)
    original = kb.therapies["acupuncture"]
    kb.therapies["acupuncture"] = edited = copy.deepcopy(original)
    edited["bottom_line"]["text"] += " An edited sentence."
    try:
        third = pdf.render_all(kb, jobs, url, docs, cache_dir=cache, workers=1)
    finally:
        kb.therapies["acupuncture"] = original
    assert [p.name for p in third.laid_out] == ["acupuncture.pdf"]
    assert "1 rendered: a4/acupuncture.pdf; 1 unchanged" in pdf.summary(third)
