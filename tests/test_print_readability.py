"""What a patient holding a leaflet or handout sees, read back from the PDFs: type size, nothing cut,
the order of the leaflet, Option-Grid handouts, and the fair choice of main harms."""
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from support import DATA
from kb.knowledge import main_harms
from kb.render.grids import best_finding, grid_decisions, grid_options
from kb.render.printed import leaflet_findings
from kb.render.site import see_a_doctor
from kb.render.text import plain

MIN_BODY_PT = 11
ZOOM = 2  # pdftohtml rounds font sizes to whole units: at 2x they are read to half a point (it caps zoom at 3)
# The parts of a page allowed below 11 pt, and how each is recognised:
#  - the running header and footer: in the page margin (above 11 mm or below page height - 11 mm);
#  - citation numbers: superscripts made of digits, brackets and commas only, e.g. "[1,2]";
#  - the reference list at the end of a leaflet: everything after its "References" heading.
MARGIN_MM = 11
CITATION = re.compile(r"^[\[\]\d,\s–-]+$")


def patient_pdfs(kb, pdfs):
    """Every leaflet and handout (not the book), in both paper sizes."""
    for paper in ("a4", "letter"):
        for tid in sorted(kb.therapies):
            yield "leaflet", tid, pdfs / paper / f"{tid}.pdf"
        for cid in sorted(kb.conditions):
            yield "handout", cid, pdfs / paper / f"{cid}-options.pdf"
            for decision in grid_decisions(kb, cid):
                yield "grid", (cid, decision), pdfs / paper / f"{cid}-{decision}-grid.pdf"


def text_runs(path: Path):
    """(page, top, bottom, page height, size in pt, text) for every run of text, from pdftohtml -xml."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-zoom", str(ZOOM), "-stdout", str(path)],
                         capture_output=True, text=True, check=True).stdout
    sizes = {m[0]: int(m[1]) / ZOOM for m in re.findall(r'<fontspec id="(\d+)" size="(-?\d+)"', xml)}
    for page in re.finditer(r'<page number="(\d+)"[^>]*height="(\d+)"[^>]*>(.*?)</page>', xml, re.S):
        number, height = int(page[1]), int(page[2]) / ZOOM
        for m in re.finditer(r'<text top="(-?\d+)" left="-?\d+" width="\d+" height="(\d+)" font="(\d+)">(.*?)</text>',
                             page[3], re.S):
            top = int(m[1]) / ZOOM
            words = re.sub(r"<[^>]+>", "", m[4])
            yield number, top, top + int(m[2]) / ZOOM, height, sizes[m[3]], words


def small_body_text(path: Path) -> list[str]:
    """Runs of body text under 11 pt (header/footer, citation numbers and the reference list excepted)."""
    margin = MARGIN_MM * 72 / 25.4
    found, in_references = [], False
    for page, top, bottom, height, size, words in text_runs(path):
        if words.strip() == "References" and size >= MIN_BODY_PT:
            in_references = True
        if in_references or not words.strip() or top < margin or bottom > height - margin:
            continue
        if size < MIN_BODY_PT - 0.01 and not CITATION.match(words.strip()):
            found.append(f"page {page}: {size:g} pt {words.strip()[:60]!r}")
    return found


def test_body_text_is_at_least_11_pt_in_every_leaflet_and_handout(kb, pdfs):
    problems = {}
    for kind, ident, path in patient_pdfs(kb, pdfs):
        small = small_body_text(path)
        if small:
            problems[f"{path.parent.name}/{path.name}"] = small[:3]
    assert not problems, problems


def test_the_size_check_sees_small_type(pdfs):
    """The book keeps smaller type (it is a reference work): the same reader must find it there."""
    assert small_body_text(pdfs / "a4" / "headache-options-book.pdf")


# --- nothing cut ---------------------------------------------------------------------------------------------

def pdf_lines(path: Path) -> list[str]:
    """The lines inside the page margins (without the running header and footer), in the order WeasyPrint
    wrote them (table cells one after another)."""
    box = PdfReader(path).pages[0].mediabox
    margin = round(MARGIN_MM * 72 / 25.4)
    crop = ["-x", "0", "-y", str(margin), "-W", str(round(box.width)), "-H", str(round(box.height) - 2 * margin)]
    raw = subprocess.run(["pdftotext", "-raw", *crop, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [line for line in unicodedata.normalize("NFKC", raw).splitlines() if line.strip()]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(pdf_lines(path)).split())


def printed_whole(field: str, lines: list[str], whole: str) -> bool:
    """Whether a field's full text is printed: as one run of text, or as whole lines in order. The second
    allows for a table row or a paragraph that a page break splits, whose lines the PDF interleaves with
    other cells; a missing or cut sentence still fails, as its words are in no line."""
    want = squash(field)
    if want in whole:
        return True
    squashed = [squash(line) for line in lines]
    seen: set[tuple[int, int]] = set()

    def rest_found(start: int, offset: int) -> bool:
        """Whether want[offset:] is printed as whole lines from line `start` on (a last line may go on)."""
        stack = [(start, offset)]
        while stack:
            index, at = stack.pop()
            if (index, at) in seen:
                continue
            seen.add((index, at))
            rest = want[at:]
            for j in range(index, len(squashed)):
                line = squashed[j]
                if line.startswith(rest):
                    return True
                if line and rest.startswith(line):
                    stack.append((j + 1, at + len(line)))
        return False

    for i, line in enumerate(squashed):
        for k in range(len(line)):
            if want.startswith(line[k:]) and rest_found(i + 1, len(line) - k):
                return True
    return False


def squash(text: str) -> str:
    """Letters and digits only, so line breaks, hyphenation, table cells and typography do not matter."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def data_text(value) -> str:
    return plain(value)


def printed_fields(kb, kind, ident, text: str) -> list[tuple[str, str]]:
    """(field, full text) of every data field the document prints: each must appear whole."""
    fields = []
    if kind == "leaflet":
        t = kb.therapies[ident]
        match = re.search(r"These are the (\d+) results we are most sure of", text)
        shown = 1 if "This is the result we are most sure of" in text else int(match[1]) if match else None
        fields.append(("bottom_line", t["bottom_line"]["text"]))
        # the two-sided leaflet names every situation under its answer; the reasons are on the web page
        fields += [(f"safety {s['situation']}", kb.situations[s["situation"]]["name"]) for s in t["safety"]]
        for f in leaflet_findings(t, shown or len(t["evidence"])):
            fields.append(("evidence question", f.get("question", "")))
            fields.append(("evidence summary", f.get("summary") or f["result"]))
        fields += [("risk " + r["name"], r["name"]) for r in t["risks"] if r["seriousness"] != "mild"]
        fields += [("when to see a doctor: " + name, sentence) for name, sentence in see_a_doctor(t["risks"])]
        fields += [("claim " + c["claim"], c["short_verdict"]) for c in shown_claims(t, text)]
        fields += [("practical", t["practical"]["finding_a_practitioner"])]
        fields += [("hygiene", t["practical"].get("hygiene", ""))]
        fields += [("question to ask", q) for q in shown_questions(t, text)]
    elif kind == "grid":
        cid, decision = ident
        for t in grid_options(kb, cid, decision):
            best = best_finding(t, cid)
            fields.append((f"{t['id']} result", best.get("summary") or best["result"]))
            fields.append((f"{t['id']} time_to_benefit", t["time_to_benefit"]))
            fields.append((f"{t['id']} how_taken", t["how_taken"]))
            harms = main_harms(t["risks"])
            fields += [(f"{t['id']} harm", r["name"]) for r in harms.values() if r]
    return [(name, text) for name, text in fields if text]


def shown_claims(t: dict, text: str) -> list[dict]:
    """The claims a leaflet prints whole: all but the ones it says are on the web page."""
    more = re.search(r"We checked (\d+) more claims? on the web page", text)
    return t["claims_examined"][:len(t["claims_examined"]) - (int(more[1]) if more else 0)]


def shown_questions(t: dict, text: str) -> list[str]:
    more = re.search(r"(\d+) more questions? (?:are|is) on the web page", text)
    return t["questions_to_ask"][:len(t["questions_to_ask"]) - (int(more[1]) if more else 0)]


def test_no_text_is_cut_and_no_ellipsis_is_added(kb, pdfs):
    data_ellipses = "…" in (DATA / "red-flags.yaml").read_text(encoding="utf-8")
    problems = []
    for kind, ident, path in patient_pdfs(kb, pdfs):
        lines = pdf_lines(path)
        text = " ".join(" ".join(lines).split())
        where = f"{path.parent.name}/{path.name}"
        if not data_ellipses and ("…" in text or "..." in text):
            at = text.find("…") if "…" in text else text.find("...")
            problems.append(f"{where}: ellipsis in {text[max(0, at - 60):at + 5]!r}")
        whole = squash(text)
        for name, value in printed_fields(kb, kind, ident, text):
            if not printed_whole(data_text(value), lines, whole):
                problems.append(f"{where}: {name} is not printed whole: {data_text(value)[:80]!r}")
    assert not problems, "\n".join(problems[:20])


def test_the_cut_check_would_see_a_cut(kb, pdfs):
    """A first sentence alone (what leaflets used to print) does not count as the whole text."""
    path = pdfs / "a4" / "wet-cupping.pdf"
    lines, whole = pdf_lines(path), squash(pdf_text(path))
    long_field = plain(kb.therapies["wet-cupping"]["bottom_line"]["text"])
    assert printed_whole(long_field, lines, whole)
    assert not printed_whole(long_field + " And a sentence the data does not have.", lines, whole)
    assert not printed_whole("A sentence the data does not have. " + long_field, lines, whole)


def test_claims_are_never_shortened_to_their_first_sentence(kb, pdfs):
    """The old short form ('Misleading — Blood does come out.') read as agreeing with the claim. A leaflet prints
    a claim with its short verdict, written to stand alone, or leaves it to the web page and counts it by verdict."""
    for tid in ("wet-cupping", "acupuncture"):
        text = pdf_text(pdfs / "a4" / f"{tid}.pdf")
        shown = shown_claims(kb.therapies[tid], text)
        assert shown, tid
        for claim in shown:
            assert squash(plain(claim["short_verdict"])) in squash(text), (tid, claim["claim"])
        left = kb.therapies[tid]["claims_examined"][len(shown):]
        if left:
            counted = re.search(r"We checked \d+ more claims? on the web page: ([^.]*)\.", " ".join(text.split()))
            assert counted, tid
            assert sum(int(n) for n in re.findall(r"(\d+) ", counted[1])) == len(left), counted[0]


# --- the leaflet ---------------------------------------------------------------------------------------------

LEAFLET_ORDER = ["The answer", "Is it safe for me?", "Staying safe, and when to see a doctor", "What else you could try",
                 "How well it works", "Risks and side effects", "Questions to ask your clinician"]


def test_leaflet_sections_come_in_the_patients_order(kb, pdfs):
    for tid in ("wet-cupping", "acupuncture", "triptans"):
        text = pdf_text(pdfs / "a4" / f"{tid}.pdf")
        positions = [text.find(heading) for heading in LEAFLET_ORDER]
        assert all(p >= 0 for p in positions), dict(zip(LEAFLET_ORDER, positions))
        assert positions == sorted(positions), dict(zip(LEAFLET_ORDER, positions))
        assert text.find(kb.red_flags["title"]) > positions[-1]


def test_leaflets_have_at_most_four_pages_and_no_page_less_than_half_full(kb, pdfs):
    problems = []
    for paper in ("a4", "letter"):
        for tid in sorted(kb.therapies):
            path = pdfs / paper / f"{tid}.pdf"
            pages = len(PdfReader(path).pages)
            if pages > 4:
                problems.append(f"{paper}/{tid}: {pages} pages")
            bottoms: dict[int, float] = {}
            for page, top, bottom, height, size, words in text_runs(path):
                if bottom < height - MARGIN_MM * 72 / 25.4:
                    bottoms[page] = max(bottoms.get(page, 0), bottom / height)
            for page in range(1, pages):
                if bottoms.get(page, 0) < 0.5:
                    problems.append(f"{paper}/{tid}: page {page} of {pages} is less than half full")
    assert not problems, problems


@pytest.mark.parametrize("tid", ["wet-cupping", "acupuncture"])
def test_wet_cupping_and_acupuncture_leaflets_fit_both_sides_of_one_a4_sheet(pdfs, tid):
    assert len(PdfReader(pdfs / "a4" / f"{tid}.pdf").pages) <= 2


def test_most_leaflets_fit_both_sides_of_one_sheet(kb, pdfs):
    pages = {tid: len(PdfReader(pdfs / "a4" / f"{tid}.pdf").pages) for tid in kb.therapies}
    longer = sorted(tid for tid, n in pages.items() if n > 2)
    assert len(longer) <= len(pages) // 5, f"{len(longer)} of {len(pages)} A4 leaflets run past two pages: {longer}"


@pytest.mark.parametrize("tid", ["wet-cupping", "acupuncture"])
def test_leaflet_names_two_alternatives_with_numbers(kb, pdfs, tid):
    text = pdf_text(pdfs / "a4" / f"{tid}.pdf")
    section = text[text.index("What else you could try"):text.index("How well it works")]
    named = [t for t in kb.therapies.values() if t["id"] != tid and t["name"].split(" (")[0] in section]
    assert len(named) >= 2, section
    assert len(re.findall(r"\b\d+ in 100\b", section)) >= 2, section


# --- Option-Grid handouts ------------------------------------------------------------------------------------

GRID_QUESTIONS = ["Will it help me, and how many people out of 100?", "How sure are we?", "How soon does it work?",
                  "What does it involve?", "Most common side effect, and the most serious?", "Who should not use it?"]


def test_each_condition_has_option_grids_of_at_most_two_pages(kb, pdfs):
    for cid, condition in kb.conditions.items():
        decisions = grid_decisions(kb, cid)
        assert decisions == [d for d in ("attack", "prevention") if condition.get("option_grid", {}).get(d)]
        for decision in decisions:
            for paper in ("a4", "letter"):
                path = pdfs / paper / f"{cid}-{decision}-grid.pdf"
                reader = PdfReader(path)
                assert len(reader.pages) <= 2, f"{path.name} ({paper}): {len(reader.pages)} pages"
                box = reader.pages[0].mediabox
                assert box.width > box.height, "landscape"
                text = pdf_text(path)
                for question in GRID_QUESTIONS:
                    assert question in text, (cid, decision, question)
                for therapy in grid_options(kb, cid, decision):
                    assert squash(therapy["name"].split(" (")[0]) in squash(text)
                assert f"compare/{cid}/" in text


def test_option_grids_hold_three_to_six_options_unless_fewer_are_checked(kb):
    for cid, condition in kb.conditions.items():
        for decision, ids in condition.get("option_grid", {}).items():
            checked = [t for t in kb.therapies_for(cid) if decision in t["used_for"]]
            assert min(3, len(checked)) <= len(ids) <= 6, (cid, decision)


# --- main harms ----------------------------------------------------------------------------------------------

def _risk(name, frequency, seriousness, **extra):
    return {"name": name, "frequency": frequency, "seriousness": seriousness, "description": "", "sources": [],
            **extra}


def test_main_harms_follow_one_rule():
    rare_serious = _risk("punctured lung", "very-rare", "serious")
    common_mild = _risk("bruising", "common", "mild")
    uncommon_serious = _risk("fainting with injury", "rare", "serious")
    harms = main_harms([rare_serious, common_mild, uncommon_serious])
    assert harms["common"] is common_mild
    assert harms["serious"] is uncommon_serious  # the most frequent serious harm, not the rarest
    assert main_harms([common_mild]) == {"common": common_mild, "serious": None}
    assert main_harms([]) == {"common": None, "serious": None}
    counted = _risk("nausea", "common", "mild", rate={"events": 8, "out_of": 100, "per": "person"})
    assert main_harms([common_mild, counted])["common"] is counted  # within a band, the counted rate decides
    unknown = _risk("stroke", "unknown", "serious")
    assert main_harms([unknown, common_mild])["serious"] is unknown


def test_compare_page_handout_and_leaflet_show_the_same_main_harms(kb, pdfs, built_site):
    therapy = kb.therapies["acupuncture"]
    harms = main_harms(therapy["risks"])
    leaflet = pdf_text(pdfs / "a4" / "acupuncture.pdf")
    grid = pdf_text(pdfs / "a4" / "tension-type-headache-prevention-grid.pdf")
    compare = (built_site / "compare" / "tension-type-headache" / "index.html").read_text(encoding="utf-8")
    for r in harms.values():
        if r:
            for shown in (leaflet, grid, re.sub(r"<[^>]+>", " ", compare)):
                assert squash(r["name"]) in squash(shown)


def test_every_source_a_leaflet_counts_is_listed_on_its_web_page(kb, built_site):
    """Leaflets send readers to the web page for their sources: each one must be listed there."""
    for tid, therapy in kb.therapies.items():
        page = (built_site / "therapies" / tid / "index.html").read_text(encoding="utf-8").replace(" ", "")
        for sid in set(re.findall(r"'([a-z0-9-]+)'", str(therapy))) & set(kb.sources):
            source = kb.sources[sid]
            ident = str(source.get("doi") or source.get("pmid") or source["url"])
            assert ident.replace(" ", "").replace("&", "&amp;") in page or ident.replace(" ", "") in page, (tid, sid)
