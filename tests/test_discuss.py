""""My options to discuss": the sheet's data (kb.render.discuss) and the generated page, complete without
JavaScript: every option of the condition, its numbers, and an answer for every core situation."""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import DATA, ROOT
from kb.render import decisions, discuss
from kb.render.derived import SAFETY_LEVELS, comparison_rows
from kb.render.text import number
from kb.validate import validate


@pytest.fixture(scope="module")
def kb():
    return validate(DATA, base=ROOT).kb


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- the data behind the sheet ----------------------------------------------------------------------------

def test_core_situations_are_the_ones_every_option_answers(kb):
    core = [s["id"] for s in discuss.core_situations(kb)]
    assert core == [sid for sid, s in kb.situations.items() if s.get("core")]
    assert "pregnancy" in core and len(core) >= 10


def test_every_option_answers_every_core_situation_in_order(kb):
    core = discuss.core_situations(kb)
    for cid in kb.conditions:
        options = discuss.sheet_options(kb, cid)
        assert [o["therapy"]["id"] for o in options] == [r["therapy"]["id"] for r in comparison_rows(kb, cid)]
        for o in options:
            assert [a["situation"]["id"] for a in o["answers"]] == [s["id"] for s in core]
            assert all(a["level"] in SAFETY_LEVELS and a["reason"] for a in o["answers"])
            assert o["fits"] == [v.key for v in decisions.VALUES if v.fits(o["therapy"])]


def test_answers_by_level_names_each_core_situation_once(kb):
    option = discuss.sheet_options(kb, "episodic-migraine")[0]
    grouped = discuss.answers_by_level(option, SAFETY_LEVELS)
    assert [level for level, _ in grouped] == [level for level in SAFETY_LEVELS if any(
        a["level"] == level for a in option["answers"])]
    named = [s["id"] for _, situations in grouped for s in situations]
    assert sorted(named) == sorted(s["id"] for s in discuss.core_situations(kb))


@pytest.mark.parametrize("summary, missing", [
    ("About 44 in 100, against 28 in 100 with a dummy pill.", False),
    ("About 44 in 100 people.", True),
    ("It helps.", True),
])
def test_numbers_are_added_only_when_the_summary_does_not_say_them(summary, missing):
    finding = {"summary": summary, "absolute": {"per": 100, "with_therapy": 44.0, "without_therapy": 28,
                                                "event": "halved their migraine days"}}
    assert discuss.numbers_missing(finding) is missing
    assert discuss.numbers_missing({"summary": "No numbers."}) is False


def test_the_two_purposes_are_marked(kb):
    assert {v.key for v in decisions.VALUES if v.purpose} == {"speed", "fewer-attacks"}


# --- the built page ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("cid", ["episodic-migraine", "tension-type-headache", "cluster-headache",
                                 "migraine-in-pregnancy-and-breastfeeding"])
def test_without_javascript_the_sheet_has_every_option_its_numbers_and_every_answer(kb, built_site, cid):
    page = soup(built_site, f"discuss/{cid}")
    core = discuss.core_situations(kb)
    rows = comparison_rows(kb, cid)
    options = page.select("ol.kb-sheet-options > li.kb-sheet-option")
    assert [li["id"] for li in options] == [f"option-{r['therapy']['id']}" for r in rows]
    for row, li in zip(rows, options):
        t, best = row["therapy"], row["best"]
        assert not li.has_attr("hidden"), "without JavaScript every option is shown"
        assert li.select_one("h3 a")["href"] == f"../../therapies/{t['id']}/"
        text = " ".join(li.get_text(" ").split())
        if best.get("absolute"):
            a = best["absolute"]
            for key in ("with_therapy", "without_therapy"):
                assert f"{number(a[key])} in {number(a['per'])}" in text, f"{t['id']}: no number in words"
        assert li.select_one(f".kb-certainty--{best['certainty']}"), t["id"]
        assert "Main harms:" in text and "In daily life:" in text and "How long before it helps:" in text
        # the compact form, shown without JavaScript, names every core situation under its answer
        compact = " ".join(li.select_one(".kb-sheet-compact").get_text(" ").split())
        for s in core:
            assert s["name"] in compact, f"{t['id']}: no answer for {s['id']}"
        answers = {item["data-situation"]: item["data-level"] for item in li.select(".kb-sheet-answers li")}
        expected = {c["situation"]: c["level"] for c in t["safety"] if c["situation"] in answers}
        assert list(answers) == [s["id"] for s in core] and answers == expected
        assert set(li["data-used-for"].split()) == set(t["used_for"])


def test_the_form_is_plain_html_with_every_choice(kb, built_site):
    page = soup(built_site, "discuss/episodic-migraine")
    form = page.select_one("form.kb-discuss-form")
    assert form["method"] == "get" and form["action"] == "./"
    assert [i["value"] for i in form.select('input[name="d"]')] == list(discuss.DECISION_CHOICES)
    assert [i["value"] for i in form.select('input[name="s"]')] == [s["id"] for s in discuss.core_situations(kb)]
    assert [i["value"] for i in form.select('input[name="v"]')] == [v.key for v in decisions.VALUES]
    assert form.select_one('button[type="submit"]')
    assert all(i.find_parent("label") for i in form.select("input")), "every box has its label"
    text = page.get_text(" ")
    assert "no program behind it that reads, keeps or sends your choices" in text
    assert page.select_one("#not-for-you") and page.select_one("#questions") and page.select_one("#notes")
    for q in decisions.QUESTIONS:
        assert q in text


def test_the_sheet_is_linked_from_its_condition_and_comparison_pages(kb, built_site):
    for cid in kb.conditions:
        assert (built_site / "discuss" / cid / "index.html").exists()
        condition = soup(built_site, f"conditions/{cid}")
        if comparison_rows(kb, cid):
            link = condition.select_one("a.kb-discuss-button")
            assert link and link["href"] == f"../../discuss/{cid}/"
            # next to "What matters to you": after its heading, before its first question
            following = condition.select_one("#what-matters").find_all_next("a", class_="kb-discuss-button")
            assert link in following
        compare = soup(built_site, f"compare/{cid}")
        assert compare.select_one("a.kb-discuss-link")["href"] == f"../../discuss/{cid}/"
