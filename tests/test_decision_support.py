"""Decision support derived from the data: situation pages, interactions shown on both entries, icon
arrays with their words, certainty meters, and "what matters to you" on condition pages and handouts."""
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from support import DATA, ROOT
from kb.knowledge import CERTAINTY_ORDER
from kb.render import decisions, figures
from kb.render.site import situation_cautions
from kb.validate import validate


@pytest.fixture(scope="module")
def kb():
    return validate(DATA, base=ROOT).kb


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- icon arrays and meters -------------------------------------------------------------------------------

@pytest.mark.parametrize("absolute, about, expected", [
    ({"per": 100, "with_therapy": 41, "without_therapy": 17, "event": "felt better"}, "benefit",
     [("kb-ia-base", 17), ("kb-ia-extra", 24), ("kb-ia-rest", 59)]),
    ({"per": 100, "with_therapy": 12, "without_therapy": 5, "event": "felt sick"}, "harm",
     [("kb-ia-base", 5), ("kb-ia-harm", 7), ("kb-ia-rest", 88)]),
    ({"per": 100, "with_therapy": 10, "without_therapy": 25, "event": "needed rescue medicine"}, "benefit",
     [("kb-ia-base", 10), ("kb-ia-fewer", 15), ("kb-ia-rest", 75)]),
    ({"per": 1000, "with_therapy": 300, "without_therapy": 300, "event": "had a headache"}, "benefit",
     [("kb-ia-base", 30), ("kb-ia-rest", 70)]),
    ({"per": 100, "with_therapy": 100, "without_therapy": 0, "event": "x"}, "benefit", [("kb-ia-extra", 100)]),
])
def test_icon_array_groups_add_up_to_100(absolute, about, expected):
    found = [(css, count) for css, count, _ in figures.groups(absolute, about)]
    assert found == expected and sum(count for _, count in found) == 100


def test_icon_array_is_an_svg_with_100_dots_and_words_that_say_the_same():
    a = {"per": 100, "with_therapy": 41, "without_therapy": 17, "event": "had half as many migraine days"}
    figure = ET.fromstring(str(figures.icon_array(a, ident="t-1")))
    svg = figure.find("svg")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "kb-ia-t-1"
    assert sum(p.get("d").count("M") for p in svg.findall("path")) == 100
    caption = figure.find("figcaption")
    assert caption.get("id") == "kb-ia-t-1"
    words = " ".join(caption.itertext())
    assert "17 had half as many migraine days without the treatment and 41 with it: 24 more" in words
    assert "24 extra people" in words and "59 people who did not" in words


@pytest.mark.parametrize("certainty", CERTAINTY_ORDER)
def test_certainty_meter_fills_one_bar_per_level(certainty):
    svg = ET.fromstring(str(figures.certainty_meter(certainty)))
    on = [r for r in svg.findall("rect") if r.get("class") == "kb-meter-on"]
    assert len(on) == len(CERTAINTY_ORDER) - CERTAINTY_ORDER.index(certainty)
    assert svg.get("aria-hidden") == "true"  # the certainty is always written beside it


# --- what matters to you ----------------------------------------------------------------------------------

def therapy(**fields):
    base = {"used_for": ["prevention"], "category": "medicine", "features": [], "risks": []}
    return {**base, **fields}


@pytest.mark.parametrize("key, fits, misses", [
    ("speed", therapy(used_for=["attack"]), therapy()),
    ("fewer-attacks", therapy(), therapy(used_for=["attack"])),
    ("no-daily-tablets", therapy(), therapy(features=["daily-tablet"])),
    ("no-needles", therapy(), therapy(features=["needles-or-injections"])),
    ("no-medicines", therapy(category="device"), therapy(category="supplement-or-herb")),
    ("few-side-effects", therapy(risks=[{"frequency": "rare", "seriousness": "serious"}]),
     therapy(risks=[{"frequency": "common", "seriousness": "mild"}])),
    ("few-side-effects", therapy(risks=[{"frequency": "unknown", "seriousness": "mild"}]),
     therapy(risks=[{"frequency": "unknown", "seriousness": "serious"}])),
    ("no-appointments", therapy(), therapy(features=["regular-sessions"])),
])
def test_each_value_picks_the_options_that_fit(key, fits, misses):
    value = next(v for v in decisions.VALUES if v.key == key)
    assert value.fits(fits) and not value.fits(misses)


def test_values_point_only_to_options_checked_for_the_condition(kb):
    options = {t["id"] for t in kb.therapies_for("episodic-migraine")}
    for value, fitting in decisions.values_for(kb, "episodic-migraine"):
        assert {t["id"] for t in fitting} <= options
    needles = dict((v.key, f) for v, f in decisions.values_for(kb, "episodic-migraine"))["no-needles"]
    assert "acupuncture" not in {t["id"] for t in needles} and "paracetamol" in {t["id"] for t in needles}


# --- safety by situation and interactions -----------------------------------------------------------------

def test_situation_cautions_are_derived_from_every_entry(kb):
    found = situation_cautions(kb, "pregnancy")
    assert "valproate" in {t["id"] for t, _ in found["do-not-use"]}
    for level in ("do-not-use", "ask-first", "not-studied", "no-known-concern"):
        expected = {t["id"] for t in kb.therapies.values()
                    if any(c["situation"] == "pregnancy" and c["level"] == level for c in t["safety"])}
        assert {t["id"] for t, _ in found[level]} == expected
    assert found["not-answered"] == []  # pregnancy is a core situation: every therapy answers it


def test_interactions_are_written_once_and_found_from_both_sides(kb):
    written = {(t["id"], other) for t in kb.therapies.values() for i in t["interactions"]
               for other in i.get("therapies", [])}
    assert ("ibuprofen-and-other-nsaids", "aspirin") in written
    for source, target in written:
        assert source in {t["id"] for t, _ in kb.interactions_for(target)}


def test_interactions_index_matches_a_full_scan_and_follows_added_entries(kb):
    """The index behind interactions_for is built once; it must agree with scanning every entry, in
    name order, and be rebuilt when an entry is added."""
    import copy

    def scan(target):
        found = [(o["id"], i["with"]) for o in kb.therapies.values() if o["id"] != target
                 for i in o["interactions"] if target in i.get("therapies", [])]
        return sorted(found, key=lambda pair: kb.therapies[pair[0]]["name"].lower())

    for target in kb.therapies:
        assert [(o["id"], i["with"]) for o, i in kb.interactions_for(target)] == scan(target), target
    extra = copy.deepcopy(kb.therapies["ibuprofen-and-other-nsaids"])
    extra["id"], extra["name"] = "nsaids-copy", "NSAIDs (copy)"
    kb.therapies[extra["id"]] = extra
    try:
        assert "nsaids-copy" in {o["id"] for o, _ in kb.interactions_for("aspirin")}
        assert [(o["id"], i["with"]) for o, i in kb.interactions_for("aspirin")] == scan("aspirin")
    finally:
        del kb.therapies[extra["id"]]
    assert "nsaids-copy" not in {o["id"] for o, _ in kb.interactions_for("aspirin")}


def test_unknown_therapy_in_an_interaction_is_reported(mini_kb):
    path = mini_kb / "therapies" / "example-therapy.yaml"
    text = path.read_text()
    assert "interactions: []" in text
    path.write_text(text.replace("interactions: []", "interactions:\n  - with: Something\n    therapies: [no-such-entry]\n"
                                 "    effect: Do not mix.\n    sources: [example-review]"))
    problems = validate(mini_kb).problems
    assert [(p.rule, "no-such-entry" in p.message) for p in problems] == [("unknown-reference", True)]
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "no-such-entry" in l)
    assert problems[0].line == line


# --- on the built site and in the PDFs --------------------------------------------------------------------

def test_a_page_per_situation_with_its_sources(kb, built_site):
    index = html(built_site, "situations")
    for sid in kb.situations:
        assert f'href="{sid}/"' in index
        page = html(built_site, f"situations/{sid}")
        assert "does not replace" in page and "Last reviewed" in page
    page = html(built_site, "situations/pregnancy")
    assert 'href="../../therapies/valproate/#who-should-not-use-it"' in page
    assert 'href="../../situations/pregnancy/"' in html(built_site, "therapies/valproate")  # and back
    assert 'id="ref-1"' in page


def test_interaction_pages_link_both_ways(built_site):
    nsaids = html(built_site, "therapies/ibuprofen-and-other-nsaids")
    aspirin = html(built_site, "therapies/aspirin")
    assert 'href="../aspirin/#interactions"' in nsaids and 'href="../ibuprofen-and-other-nsaids/#interactions"' in aspirin
    assert "Aspirin above 75 mg a day" in nsaids and "With Ibuprofen" in aspirin  # written once, shown on both


def test_therapy_page_draws_each_finding_with_numbers(kb, built_site):
    page = html(built_site, "therapies/acupuncture")
    with_numbers = sum(1 for f in kb.therapies["acupuncture"]["evidence"] if f.get("absolute"))
    assert page.count('<figure class="kb-icon-array">') == with_numbers > 0
    assert len(re.findall(r'id="kb-ia-[^"]+"', page)) == len(set(re.findall(r'id="kb-ia-[^"]+"', page)))
    assert page.count('class="kb-meter"') >= len(kb.therapies["acupuncture"]["evidence"])


def test_condition_page_helps_weigh_the_options(built_site):
    page = html(built_site, "conditions/episodic-migraine")
    assert 'id="what-matters"' in page and 'href="#without-treatment"' in page
    for value in decisions.VALUES:
        assert value.question in page
    assert "Questions to take to your clinician" in page


def test_compare_page_filter_degrades_to_the_full_table(kb, built_site):
    page = html(built_site, "compare/episodic-migraine")
    assert '<details class="kb-situation-details" hidden>' in page  # shown (folded) by compare.js
    assert '<fieldset class="kb-situation-filter">' in page
    assert page.count("data-do-not-use=") == len(kb.therapies_for("episodic-migraine"))
    row = re.search(r'data-do-not-use="([^"]*)"[^>]*>\s*<th scope="row"><a class="kb-therapy-link" '
                    r'href="../../therapies/valproate/"', page)
    assert row and "pregnancy" in row.group(1).split()


def test_leaflets_draw_the_numbers_and_name_each_caution(kb, built_site):
    reader = PdfReader(built_site / "pdf" / "a4" / "valproate.pdf")
    assert {f"caution-{c['situation']}" for c in kb.therapies["valproate"]["safety"]} <= set(reader.named_destinations)


def test_handout_has_the_values_checklist_and_questions(built_site):
    import subprocess
    text = subprocess.run(["pdftotext", str(built_site / "pdf" / "a4" / "episodic-migraine-options.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "What matters to you?" in text and "Questions to ask your clinician" in text
    assert "I would rather avoid needles and injections" in " ".join(text.split())
