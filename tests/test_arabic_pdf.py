"""The Arabic PDFs (issue 16): a leaflet for each therapy translated whole, and the condition handout and Option-Grid
handouts for each condition translated whole, on A4, right to left, in Noto Naskh Arabic; read back like the English
ones (text size, nothing cut, page counts), in Arabic and in logical order, with every word of the interface from
the Arabic message catalogue (locale/ar/LC_MESSAGES/print.po) and every text of the data from its translation.

Reading Arabic back from a PDF needs care. pdftotext gives words and lines in logical order, but writes each
lam-alef ligature (لا، لأ، لإ، لآ) and lam-alef maksura (لى) backwards ("العالج" for "العلاج"), and pypdf reorders the
runs around numbers and Latin words. So the checks are: the title and the verdicts, which these ligatures do not
touch, in pdftotext's text; every data field whole in the HTML the PDF was laid out from; and every letter of that
HTML in the PDF's text (as a count per letter, which neither reader's ordering can upset).
"""
from __future__ import annotations

import collections
import html as html_lib
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from pypdf import PdfReader

from support import DATA, ROOT
from test_print_readability import MARGIN_MM, printed_fields, small_body_text, squash
from kb import i18n, pdf
from kb.paths import site_url
from kb.render import printed
from kb.render import site as site_render
from kb.render.localized import localized, missing, translated
from kb.render.text import plain

LANGUAGE = "ar"
SITE = site_url(ROOT)  # the address the build puts in the PDFs
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
ARABIC_INDIC_DIGIT = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
# WeasyPrint gives each glyph the text of the first cluster it was drawn in; a letter drawn with a vowel mark in one
# cluster (ئ in شيئًا) can be left out of the text layer though it is printed. A cut sentence loses dozens of letters.
LETTERS_THE_TEXT_LAYER_MAY_LOSE = 3


def arabic_jobs(kb) -> list[pdf.Job]:
    return [job for job in pdf.plan(kb, Path("pdf"), ["a4"], languages=[LANGUAGE]) if job.language == LANGUAGE]


def path_of(pdfs: Path, job: pdf.Job) -> Path:
    return pdfs / job.out.relative_to("pdf")


def pdftotext(path: Path) -> str:
    """pdftotext's reading (logical order), without the direction marks it wraps right-to-left runs in."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out).translate(BIDI_CONTROLS)


def bare(text: str) -> str:
    """Text without its combining marks (Arabic vowel marks, shadda)."""
    return "".join(c for c in text if not unicodedata.combining(c))


def visible_text(html: str) -> str:
    """The text a document prints: its body without markup (the head, style and pictures left out)."""
    body = re.sub(r"<(head|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).translate(BIDI_CONTROLS)


def letters(text: str) -> collections.Counter:
    return collections.Counter(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def forms_of(kb, job: pdf.Job) -> list[str]:
    """The HTML of every form the job may be laid out in (kb.pdf picks the longest that fits)."""
    if job.kind == "leaflet":
        return [printed.leaflet_html(kb, job.ident, job.paper, SITE, form=form, language=LANGUAGE)
                for form in range(len(printed.LEAFLET_FORMS))]
    if job.kind == "grid":
        condition_id, decision = job.ident.split(":")
        return [printed.grid_html(kb, condition_id, decision, job.paper, SITE, tight=tight, language=LANGUAGE)
                for tight in (False, True)]
    return [printed.handout_html(kb, job.ident, job.paper, SITE, language=LANGUAGE)]


@pytest.fixture(scope="module")
def arabic(kb):
    return localized(kb, LANGUAGE)


def test_the_translated_entries_have_arabic_pdfs(kb, pdfs):
    assert {"wet-cupping", "dry-cupping", "acupuncture"} <= set(translated(kb, LANGUAGE, "therapies"))
    assert {"episodic-migraine", "tension-type-headache"} <= set(translated(kb, LANGUAGE, "conditions"))
    jobs = arabic_jobs(kb)
    kinds = collections.Counter(job.kind for job in jobs)
    assert kinds["leaflet"] >= 3 and kinds["handout"] >= 2 and kinds["grid"] >= 4, kinds
    assert not [job.out for job in jobs if not path_of(pdfs, job).is_file()]
    # the same file names as the English, under pdf/ar/a4/ (the web pages link them there)
    assert all((pdfs / "a4" / job.out.name).is_file() for job in jobs)
    assert not (pdfs / LANGUAGE / "letter").exists()


def test_right_to_left_in_arabic(kb):
    for job in arabic_jobs(kb):
        assert forms_of(kb, job)[0].startswith('<!doctype html>\n<html lang="ar" dir="rtl">'), job.out


def test_tagged_in_arabic_with_an_arabic_title(kb, pdfs, arabic):
    for job in arabic_jobs(kb):
        reader = PdfReader(path_of(pdfs, job))
        assert reader.trailer["/Root"]["/Lang"] == LANGUAGE, job.out
        assert ARABIC_LETTER.search(reader.metadata.title), (job.out, reader.metadata.title)


def test_fonts_are_embedded_and_arabic_is_set_in_noto_naskh(kb, pdfs):
    for job in arabic_jobs(kb):
        lines = subprocess.run(["pdffonts", str(path_of(pdfs, job))], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert all(line.split()[-5] == "yes" for line in lines), "\n".join(lines)
        names = " ".join(line.split()[0] for line in lines)
        assert "Noto-Naskh-Arabic" in names, names


def test_body_text_is_at_least_11_pt(kb, pdfs):
    problems = {job.out.name: small_body_text(path_of(pdfs, job))[:3] for job in arabic_jobs(kb)}
    assert not {name: small for name, small in problems.items() if small}


def test_page_counts(kb, pdfs):
    """Option Grids on at most two landscape pages, leaflets on at most four (two, like the English, is the aim)."""
    for job in arabic_jobs(kb):
        reader = PdfReader(path_of(pdfs, job))
        most = {"grid": 2, "leaflet": 4, "handout": 4}[job.kind]
        assert len(reader.pages) <= most, (job.out.name, len(reader.pages))
        if job.kind == "grid":
            box = reader.pages[0].mediabox
            assert box.width > box.height, "landscape"


def test_the_title_and_the_verdicts_read_back_in_arabic_in_logical_order(kb, pdfs, arabic):
    """pdftotext reads the therapy's name from its translation file, letter for letter (not reversed), and the
    Arabic verdict of every claim the leaflet prints."""
    for job in arabic_jobs(kb):
        text = pdftotext(path_of(pdfs, job))
        if job.kind == "leaflet":
            file = DATA / "translations" / LANGUAGE / "therapies" / f"{job.ident}.yaml"
            name = yaml.safe_load(file.read_text(encoding="utf-8"))["texts"]["name"]["text"].strip()
            verdict = printed.environment(LANGUAGE).filters["verdict_label"]
            expected = [name] + [verdict(c["verdict"]) for c in kb.therapies[job.ident]["claims_examined"][:1]]
        else:
            expected = [arabic.conditions[job.ident.split(":")[0]]["name"]]
        for phrase in expected:
            assert ARABIC_LETTER.search(phrase), f"{phrase!r} is not in Arabic"
            # the letters in reading order (vowel marks, which pdftotext may set apart, left out)
            assert bare(phrase) in bare(text), (job.out.name, phrase)
            assert bare(phrase)[::-1] not in bare(text)


def test_numbers_are_in_western_digits(kb, pdfs):
    """The editorial policy's choice: 0-9 everywhere, in the data and in the interface."""
    for job in arabic_jobs(kb):
        text = pdftotext(path_of(pdfs, job))
        assert not ARABIC_INDIC_DIGIT.search(text), job.out.name
        assert re.search(r"\d", text)


def leaflet_fields(t: dict, form: int) -> list[tuple[str, str]]:
    """(field, text) of every data field a leaflet prints in `form` (printed.LEAFLET_FORMS)."""
    n_findings, _, _, claims_shown, questions_shown = printed.LEAFLET_FORMS[form]
    fields = [("bottom_line", t["bottom_line"]["text"]), ("how_taken", t["how_taken"]),
              ("time_to_benefit", t["time_to_benefit"]),
              ("practical", t["practical"]["finding_a_practitioner"]), ("hygiene", t["practical"].get("hygiene", ""))]
    for f in printed.leaflet_findings(t, n_findings):
        fields += [("evidence question", f.get("question", "")), ("evidence summary", f.get("summary") or f["result"])]
    fields += [("risk", r["name"]) for r in t["risks"] if r["seriousness"] != "mild"]
    fields += [("when to see a doctor", sentence) for _, sentence in site_render.see_a_doctor(t["risks"], LANGUAGE)]
    fields += [("claim", c["claim"]) for c in t["claims_examined"][:claims_shown]]
    fields += [("claim verdict", c["short_verdict"]) for c in t["claims_examined"][:claims_shown]]
    fields += [("question to ask", q) for q in t["questions_to_ask"][:questions_shown]]
    return [(name, text) for name, text in fields if text]


def body_letters(path: Path) -> collections.Counter:
    """The letters and digits printed inside the page margins (not the running header and footer)."""
    box = PdfReader(path).pages[0].mediabox
    margin = round(MARGIN_MM * 72 / 25.4)
    crop = ["-x", "0", "-y", str(margin), "-W", str(round(box.width)), "-H", str(round(box.height) - 2 * margin)]
    out = subprocess.run(["pdftotext", *crop, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return letters(out)


def laid_out(forms: list[str], in_pdf: collections.Counter) -> str:
    """The form whose letters are those of the PDF (kb.pdf lays out the longest that fits)."""
    return min(forms, key=lambda html: sum(((letters(visible_text(html)) - in_pdf)
                                            + (in_pdf - letters(visible_text(html)))).values()))


def test_nothing_is_cut_and_no_ellipsis_is_added(kb, pdfs, arabic):
    data_ellipses = "…" in (DATA / "translations" / LANGUAGE / "red-flags.yaml").read_text(encoding="utf-8")
    problems = []
    for job in arabic_jobs(kb):
        path, where = path_of(pdfs, job), job.out.name
        text = pdftotext(path)
        if not data_ellipses and ("…" in text or "..." in text):
            problems.append(f"{where}: an ellipsis")
        forms = forms_of(kb, job)
        # every data field whole, in every form the document may take
        for form, html in enumerate(forms):
            shown = squash(visible_text(html))
            if job.kind == "leaflet":
                fields = leaflet_fields(arabic.therapies[job.ident], form)
            elif job.kind == "grid":
                fields = printed_fields(arabic, "grid", tuple(job.ident.split(":")), "")
            else:
                fields = [("option", row["therapy"]["name"].split(" (")[0])
                          for row in printed.comparison_rows(arabic, job.ident)]
            problems += [f"{where} (form {form}): {name} is not printed whole: {plain(value)[:60]!r}"
                         for name, value in fields if squash(plain(value)) not in shown]
        # every letter of the form it was laid out in is in the PDF's text
        in_pdf = body_letters(path)
        lost = letters(visible_text(laid_out(forms, in_pdf))) - in_pdf
        if sum(lost.values()) > LETTERS_THE_TEXT_LAYER_MAY_LOSE:
            problems.append(f"{where}: letters missing from the PDF's text: {dict(lost)}")
    assert not problems, "\n".join(problems[:20])


def test_the_cut_check_would_see_a_cut(kb, pdfs):
    """The letter count sees a sentence the PDF does not have."""
    job = next(job for job in arabic_jobs(kb) if job.ident == "wet-cupping")
    in_pdf = body_letters(path_of(pdfs, job))
    html = laid_out(forms_of(kb, job), in_pdf)
    assert sum((letters(visible_text(html)) - in_pdf).values()) <= LETTERS_THE_TEXT_LAYER_MAY_LOSE
    longer = html.replace("</main>", "<p>جملة لا يحملها الملف المطبوع.</p></main>")
    assert sum((letters(visible_text(longer)) - in_pdf).values()) > LETTERS_THE_TEXT_LAYER_MAY_LOSE


def test_every_text_printed_from_the_data_is_translated(kb, arabic):
    """No English data in an Arabic PDF: each entry shown (the leaflets' therapies and their alternatives, the
    options of the handouts and grids, the conditions, situations and warning signs) has its translation."""
    refs = {"situations", "red-flags"}
    for cid in translated(kb, LANGUAGE, "conditions"):
        refs.add(f"conditions/{cid}")
        refs |= {f"therapies/{row['therapy']['id']}" for row in printed.comparison_rows(kb, cid)}
    for tid in translated(kb, LANGUAGE, "therapies"):
        refs.add(f"therapies/{tid}")
        for a in printed.alternatives(kb, kb.therapies[tid]):  # named with the condition they are checked for
            refs |= {f"therapies/{a['therapy']['id']}", f"conditions/{a['condition']['id']}"}
        # a finding is headed by its question (the condition's name only stands in when there is none)
        assert all(f.get("question") for f in kb.therapies[tid]["evidence"])
    assert not missing(kb, LANGUAGE, sorted(refs))


# --- the interface text: gettext catalogue ------------------------------------------------------------------

class Recording:
    """A gettext catalogue that notes every message asked for, and whether the real one has a translation."""

    def __init__(self, real):
        self.real, self.untranslated, self.used = real, set(), set()

    def _note(self, key, shown):
        self.used.add(shown)
        value = getattr(self.real, "_catalog", {}).get(key)
        if not value:
            self.untranslated.add(shown)

    def gettext(self, message):
        self._note(message, message)
        return self.real.gettext(message)

    def ngettext(self, singular, plural, n):
        self._note((singular, 0), singular)
        return self.real.ngettext(singular, plural, n)

    def pgettext(self, context, message):
        self._note(f"{context}\x04{message}", f"{context}: {message}")
        return self.real.pgettext(context, message)

    def npgettext(self, context, singular, plural, n):
        self._note((f"{context}\x04{singular}", 0), f"{context}: {singular}")
        return self.real.npgettext(context, singular, plural, n)


def test_every_message_printed_has_an_arabic_translation(kb, monkeypatch):
    real = i18n.translations(LANGUAGE)
    recording = Recording(real)
    patched = lambda language: recording if language == LANGUAGE else i18n.translations.__wrapped__(language)  # noqa: E731
    for module in (i18n, site_render):  # the print templates' catalogue, and the web pages' enum labels
        monkeypatch.setattr(module, "translations", patched)
    printed.environment.cache_clear()
    site_render.environment.cache_clear()
    try:
        for job in arabic_jobs(kb):
            forms_of(kb, job)
    finally:
        printed.environment.cache_clear()
        site_render.environment.cache_clear()
    assert len(recording.used) > 50
    assert not recording.untranslated, sorted(recording.untranslated)


def extracted_messages() -> set:
    """The messages `make messages` would extract now (pybabel extract with locale/print.babel.cfg)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "locale" / "print.babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(ROOT), method_map, options_map):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def catalogue_messages(path: Path) -> dict:
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=None if path.suffix == ".pot" else LANGUAGE)
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue if m.id}


def test_the_print_template_catalogue_is_current_and_translated():
    """locale/print.pot holds what the print templates ask for (run `make messages` after changing them), and the
    Arabic catalogue translates every message of it, in every plural form, none marked fuzzy."""
    pot = catalogue_messages(ROOT / "locale" / "print.pot")
    assert set(pot) == extracted_messages(), "locale/print.pot is out of date: run `make messages`"
    po = catalogue_messages(ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "print.po")
    assert set(po) == set(pot)
    problems = [key for key, m in po.items()
                if "fuzzy" in m.flags or not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert not problems, problems
    # Arabic text, with the same placeholders as the English, and Western digits only
    for key, m in po.items():
        for text in (m.string if isinstance(m.string, tuple) else [m.string]):
            assert not ARABIC_INDIC_DIGIT.search(text), key
            english = key[1] if isinstance(m.id, str) else m.id[1]
            wanted = set(re.findall(r"%\((\w+)\)s", english)) - {"count"}
            assert wanted <= set(re.findall(r"%\((\w+)\)s", text)) or not ARABIC_LETTER.search(text), (key, text)


# --- the cache: keyed by language and the translation files ----------------------------------------------------

def test_a_translation_edit_changes_the_arabic_keys_only(kb, tmp_path):
    import shutil

    from kb.knowledge import KnowledgeBase

    copy = KnowledgeBase(data_dir=tmp_path, sources=kb.sources)
    shutil.copytree(DATA / "translations" / LANGUAGE, tmp_path / "translations" / LANGUAGE)
    before = pdf.translation_key(copy, LANGUAGE)
    assert pdf.translation_key(copy, "en") == ""
    file = tmp_path / "translations" / LANGUAGE / "therapies" / "wet-cupping.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("الحجامة الرطبة", "الحجامة", 1), encoding="utf-8")
    assert pdf.translation_key(copy, LANGUAGE) != before
    html, css = "<p>same</p>", "p {}"
    assert pdf.job_key(html, css) != pdf.job_key(html, css, LANGUAGE, before)
    assert pdf.environment_key() != pdf.environment_key(LANGUAGE)


def test_a_message_the_web_pages_also_use_has_the_same_words():
    """One wording per message in the Arabic edition: the catalogues are merged (kb.i18n), so the web pages and
    the PDFs would otherwise disagree, and whichever is merged last would win."""
    site = ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "site.po"
    if not site.is_file():
        return
    print_po, site_po = catalogue_messages(ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "print.po"), catalogue_messages(site)
    differ = {key: (site_po[key].string, print_po[key].string) for key in set(print_po) & set(site_po)
              if site_po[key].string != print_po[key].string}
    assert not differ, differ


def test_the_downloads_page_lists_the_arabic_pdfs(kb):
    from kb.render.site import site_pages

    page = site_pages(kb)["downloads.md"]
    for job in arabic_jobs(kb):
        assert f'href="../pdf/{LANGUAGE}/a4/{job.out.name}" hreflang="{LANGUAGE}"' in page, job.out.name
    assert f'<span lang="{LANGUAGE}" dir="rtl">' in page
