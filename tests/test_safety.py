"""Safety is never implied by silence (issue 13): every therapy answers every core situation, the four answers
look different wherever they are shown, and risk bands agree with their own numbers."""
from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from support import DATA
from kb.checks.safety import band_of
from kb.knowledge import KnowledgeBase
from kb.review import due_entries
from kb.validate import validate

LEVELS = ("do-not-use", "ask-first", "not-studied", "no-known-concern")
# Options whose product information or regulator advises against use in pregnancy, or asks for advice first
# (issue 13: they used to sit under "no warning" on the pregnancy page).
PREGNANCY_CAUTION = ["cgrp-monoclonal-antibodies", "gepants-for-attacks", "gepants-for-prevention", "lasmiditan",
                     "butterbur", "feverfew", "onabotulinumtoxina", "anti-sickness-medicines", "valproate",
                     "topiramate", "candesartan"]


def core(kb) -> list[str]:
    return [sid for sid, s in kb.situations.items() if s.get("core")]


def html(site, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


# --- the data --------------------------------------------------------------------------------------------------

def test_every_therapy_answers_every_core_situation_once(kb):
    assert len(core(kb)) >= 13
    for therapy in kb.therapies.values():
        answered = [c["situation"] for c in therapy["safety"]]
        assert set(core(kb)) <= set(answered), therapy["id"]
        assert len(answered) == len(set(answered)), therapy["id"]


def test_removing_one_answer_fails_validation_at_the_safety_list(tmp_path):
    source = DATA / "therapies" / "triptans.yaml"
    text = source.read_text(encoding="utf-8")
    item = re.search(r"^  - situation: kidney-disease\n(?:    .*\n|      .*\n)+", text, re.M)
    assert item, "triptans answers kidney disease"
    case = tmp_path / "therapies" / "triptans.yaml"
    case.parent.mkdir()
    case.write_text(text.replace(item.group(0), ""), encoding="utf-8")
    result = validate(DATA, [case], base=tmp_path)
    problems = [p for p in result.errors if p.rule == "core-situations"]
    assert len(problems) == 1 and "kidney-disease" in problems[0].message
    safety_line = text[:text.index("\nsafety:")].count("\n") + 2
    assert (problems[0].path, problems[0].line, problems[0].column) == ("therapies/triptans.yaml", safety_line, 1)


def test_pregnancy_is_flagged_where_the_label_or_a_regulator_advises_against_it(kb):
    for ident in PREGNANCY_CAUTION:
        answer = next(c for c in kb.therapies[ident]["safety"] if c["situation"] == "pregnancy")
        assert answer["level"] in ("do-not-use", "ask-first"), ident
        assert answer["sources"], ident
    assert next(c for c in kb.therapies["valproate"]["safety"] if c["situation"] == "pregnancy")["level"] == "do-not-use"


def test_no_known_concern_and_cautions_carry_their_reasons(kb):
    for therapy in kb.therapies.values():
        for c in therapy["safety"]:
            if c["level"] in ("do-not-use", "ask-first"):
                assert c["sources"], (therapy["id"], c["situation"])
            if c["level"] == "no-known-concern" and not c["sources"]:
                assert c.get("basis") == "how-it-works", (therapy["id"], c["situation"])


@pytest.mark.parametrize("events, out_of, band", [
    (1, 10, "very-common"), (99, 1000, "common"), (1, 100, "common"), (99, 10_000, "uncommon"),
    (1, 1000, "uncommon"), (7, 34_407, "rare"), (1, 10_000, "rare"), (9, 100_000, "very-rare"), (0, 50, "very-rare"),
])
def test_frequency_bands_follow_the_leaflet_convention(events, out_of, band):
    assert band_of(events, out_of) == band


def test_no_risk_band_disagrees_with_its_own_number(kb):
    checked = 0
    for therapy in kb.therapies.values():
        for risk in therapy["risks"]:
            if risk.get("rate"):
                checked += 1
                assert risk["frequency"] == band_of(risk["rate"]["events"], risk["rate"]["out_of"]), therapy["id"]
    assert checked >= 5


def test_label_checks_are_recorded_for_medicines_supplements_and_devices(kb):
    for therapy in kb.therapies.values():
        if therapy["category"] in ("medicine", "procedure", "device", "supplement-or-herb"):
            label = therapy["label_check"]
            assert label["documents"] and label["sections"], therapy["id"]
            assert all(d in kb.sources for d in label["documents"]), therapy["id"]


def test_review_lists_a_label_check_older_than_the_last_review():
    kb = KnowledgeBase(data_dir=DATA)
    kb.therapies["x"] = {"id": "x", "name": "X", "review": {"last_reviewed": "2026-06-01", "next_review_due": "2028-01-01",
                                                          "evidence_searched_to": "2026-06-01"},
                         "label_check": {"checked": "2026-01-01", "documents": ["a"], "sections": ["warnings"]}}
    rows = due_entries(kb, date(2026, 7, 1))
    assert rows and "product information last read 2026-01-01" in rows[0].reasons[0]
    kb.therapies["x"]["label_check"]["checked"] = "2026-06-01"
    assert due_entries(kb, date(2026, 7, 1)) == []
    assert "product information read 396 days ago" in due_entries(kb, date(2027, 7, 2))[0].reasons[-1]


# --- what a reader sees ------------------------------------------------------------------------------------

def test_therapy_pages_show_the_four_answers_distinctly(kb, built_site):
    for therapy in kb.therapies.values():
        page = html(built_site, f"therapies/{therapy['id']}")
        levels = {c["level"] for c in therapy["safety"]}
        boxes = {"do-not-use": 'class="admonition danger"', "ask-first": 'class="admonition warning"',
                 "not-studied": 'class="admonition question kb-not-studied"', "no-known-concern": '<details class="success"'}
        for level, box in boxes.items():
            assert (box in page) == (level in levels), (therapy["id"], level)
        if "not-studied" in levels:
            assert "Not studied: nobody has checked" in page and "does <strong>not</strong> mean it is safe" in page


def test_situation_page_lists_not_studied_options_apart_from_reassurance(kb, built_site):
    page = html(built_site, "situations/pregnancy")
    headings = re.findall(r'<h2 id="([^"]+)"', page)
    unknown = [t for t in kb.therapies.values()
               if any(c["situation"] == "pregnancy" and c["level"] == "not-studied" for c in t["safety"])]
    assert "no warning" not in page.lower()
    if unknown:
        assert "not-studied" in headings
        section = page[page.index('<h2 id="not-studied"'):]
        section = section[:section.index("<h2", 10)]
        assert "does <strong>not</strong> mean they are safe" in section
        for t in unknown:
            assert f'href="../../therapies/{t["id"]}/#who-should-not-use-it"' in section
    for ident in PREGNANCY_CAUTION:
        level = next(c["level"] for c in kb.therapies[ident]["safety"] if c["situation"] == "pregnancy")
        section = page[page.index(f'<h2 id="{level}"'):]
        assert f'href="../../therapies/{ident}/#who-should-not-use-it"' in section[:section.index("<h2", 10)]


def test_comparison_rows_carry_all_three_flags(kb, built_site):
    page = html(built_site, "compare/episodic-migraine")
    for therapy in kb.therapies_for("episodic-migraine"):
        row = re.search(r'<tr [^>]*data-do-not-use="([^"]*)" data-ask-first="([^"]*)" data-not-studied="([^"]*)">\s*'
                        rf'<th scope="row"><a class="kb-therapy-link" href="../../therapies/{therapy["id"]}/"', page)
        assert row, therapy["id"]
        for level, attr in zip(("do-not-use", "ask-first", "not-studied"), row.groups()):
            assert set(attr.split()) == {c["situation"] for c in therapy["safety"] if c["level"] == level}


def test_leaflets_print_the_four_answers_with_a_destination_each(kb, built_site):
    from pypdf import PdfReader
    for ident in ("triptans", "wet-cupping", "cgrp-monoclonal-antibodies", "mindfulness"):
        therapy = kb.therapies[ident]
        path = built_site / "pdf" / "a4" / f"{ident}.pdf"
        text = pdf_text(path)
        levels = {c["level"] for c in therapy["safety"]}
        assert ("Do not use it in these situations:" in text) == ("do-not-use" in levels), ident
        assert ("Ask a doctor, nurse or pharmacist first in these situations:" in text) == ("ask-first" in levels), ident
        assert ("Not studied — nobody has checked" in text) == ("not-studied" in levels), ident
        assert ("No known concern:" in text) == ("no-known-concern" in levels), ident
        names = set(PdfReader(path).named_destinations)
        assert {f"caution-{c['situation']}" for c in therapy["safety"]} <= names, ident


# --- editors' notes stay with the editors ---------------------------------------------------------------------

def test_editor_notes_are_collected_for_the_audit():
    from kb.quality import editor_notes
    entry = {"evidence": [{"editor_note": "Abstract only."}], "label_check": {"note": "SmPC 4.3 read."},
             "safety": [{"reason": "x", "note": "not an editor field"}]}
    assert editor_notes(entry) == [("evidence.0.editor_note", "Abstract only."), ("label_check.note", "SmPC 4.3 read.")]


def test_editor_notes_are_in_the_open_data_but_never_on_a_page(kb, built_site):
    from kb.quality import editor_notes
    seen = 0
    for therapy in kb.therapies.values():
        notes = editor_notes(therapy)
        if not notes:
            continue
        page = " ".join(html(built_site, f"therapies/{therapy['id']}").split())
        data = (built_site / "api" / "therapies" / f"{therapy['id']}.json").read_text(encoding="utf-8")
        for where, note in notes:
            seen += 1
            assert " ".join(note.split())[:80] not in page, (therapy["id"], where)
            assert note.replace('"', '\\"')[:60] in data, (therapy["id"], where)
    assert seen > 20


def test_option_grids_say_not_studied_apart_from_cautions(kb, built_site):
    checked = 0
    for condition in kb.conditions.values():
        for decision, ids in condition.get("option_grid", {}).items():
            path = built_site / "pdf" / "a4" / f"{condition['id']}-{decision}-grid.pdf"
            if not path.exists():
                continue
            # -raw keeps the order the text was laid out in, so a table cell's words stay together
            text = " ".join(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                           check=True).stdout.replace("-\n", "").split())
            assert '"Not studied" means nobody has checked: it does not mean safe.' in text, path.name
            for ident in ids:
                unknown = [c for c in kb.therapies[ident]["safety"] if c["level"] == "not-studied"]
                if unknown:
                    checked += 1
                    n = len(unknown)
                    assert f"Not studied in {n} situation{'s' if n != 1 else ''}." in text, (path.name, ident)
    assert checked > 0
