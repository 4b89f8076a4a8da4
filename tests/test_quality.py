"""The quality panel and `kb audit`: the assessment, the bar in the editorial policy, the command, the page."""
from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from support import DATA, MINI_KB, ROOT, run_kb
from kb import quality
from kb.knowledge import KnowledgeBase
from kb.validate import validate

POLICY = ROOT / "docs" / "editorial-policy.md"
ALL_ITEMS = tuple(key for key, _, _ in quality.CHECKLIST)


@pytest.fixture(scope="module")
def mini():
    result = validate(MINI_KB, base=ROOT)
    assert result.ok, [p.format() for p in result.problems]
    return result.kb


@pytest.fixture(scope="module")
def real():
    return validate(DATA, base=ROOT).kb


# --- the assessment ---------------------------------------------------------------------------------

def test_mini_therapy_assessment(mini):
    q = quality.assess(mini, mini.therapies["example-therapy"], "therapy")
    assert q.sources == ("example-guideline", "example-review")
    assert q.source_types == {"systematic-review": 1, "guideline": 1}  # in the schema's order
    assert q.strong_sources == 2
    assert q.certainty == {"high": 0, "moderate": 0, "low": 1, "very-low": 0}
    assert q.certainty_shares["low"] == 1.0 and q.findings == 1
    assert q.grade is None  # the fixture's summaries are too short to measure
    assert q.evidence_searched_to == "2026-01-01"
    assert [c.key for c in q.checks] == list(ALL_ITEMS)
    met = {c.key: c.met for c in q.checks}
    assert met == dict.fromkeys(ALL_ITEMS, True) | {"more-than-one-option": False}
    assert q.check("more-than-one-option").path == ("related",)
    assert q.score == 6
    assert all(c.reason and "\n" not in c.reason for c in q.checks)
    assert all(c.criterion.startswith("DISCERN ") and "IPDAS" in c.criterion for c in q.checks)


def test_mini_condition_assessment(mini):
    q = quality.assess(mini, mini.conditions["example-headache"], "condition")
    assert q.certainty["low"] == 1  # the findings of its options
    assert len(q.sources) == 2
    met = {c.key: c.met for c in q.checks}
    assert met == dict.fromkeys(ALL_ITEMS, True) | {"more-than-one-option": False, "shared-decision": False}
    assert "1 option" in q.check("more-than-one-option").reason


def test_assessment_is_pure(mini):
    before = copy.deepcopy(mini.therapies)
    first = quality.assess(mini, mini.therapies["example-therapy"], "therapy")
    assert quality.assess(mini, mini.therapies["example-therapy"], "therapy") == first
    assert mini.therapies == before
    with pytest.raises(ValueError):
        quality.assess(mini, mini.therapies["example-therapy"], "source")


def _kb_with(mini, therapy: dict, *extra: dict, condition: dict | None = None) -> KnowledgeBase:
    kb = KnowledgeBase(data_dir=mini.data_dir, sources=dict(mini.sources), situations=dict(mini.situations))
    for t in (therapy, *extra):
        kb.therapies[t["id"]] = t
    cond = condition or mini.conditions["example-headache"]
    kb.conditions[cond["id"]] = cond
    return kb


def _good_therapy(mini) -> dict:
    t = copy.deepcopy(mini.therapies["example-therapy"])
    t["related"] = ["other-therapy"]
    return t


def _set(path):
    def mutate(t):
        *parents, last = path[0]
        target = t
        for part in parents:
            target = target[part]
        if path[1] is _DELETE:
            del target[last]
        else:
            target[last] = path[1]
    return mutate


_DELETE = object()
THERAPY_FAILURES = [
    ("sources-named", (("evidence", 0, "sources"), []), "cites no source"),
    ("sources-named", (("risks", 0, "sources"), ["todo"]), "TODO"),
    ("sources-named", (("claims_examined", 0, "sources"), ["no-such-source"]), "unknown source 'no-such-source'"),
    ("sources-named", (("without_treatment", "sources"), _DELETE), "cites no source"),
    ("dates-given", (("review", "evidence_searched_to"), _DELETE), "evidence_searched_to"),
    ("dates-given", (("review",), {}), "review date missing"),
    ("uncertainty-stated", (("unknowns",), []), "is empty"),
    ("uncertainty-stated", (("evidence", 0, "certainty"), "medium"), "no GRADE certainty"),
    ("risks-described", (("risks",), []), "nothing says whether side effects"),
    ("without-treatment", (("without_treatment", "text"), ""), "missing"),
    ("more-than-one-option", (("related",), []), "no other options are shown"),
    ("shared-decision", (("questions_to_ask",), []), "no questions"),
    ("shared-decision", (("evidence", 0, "condition"), "not-in-the-kb"), "not on any comparison table"),
]


@pytest.mark.parametrize("key, change, words", THERAPY_FAILURES,
                         ids=[f"{k}-{'.'.join(map(str, c[0]))}" for k, c, _ in THERAPY_FAILURES])
def test_each_therapy_checklist_item_can_fail(mini, key, change, words):
    therapy = _good_therapy(mini)
    assert all(c.met for c in quality.assess(_kb_with(mini, therapy), therapy, "therapy").checks)
    _set(change)(therapy)
    q = quality.assess(_kb_with(mini, therapy), therapy, "therapy")
    failed = {c.key: c for c in q.checks if not c.met}
    assert set(failed) == {key}, {k: c.reason for k, c in failed.items()}
    assert words in failed[key].reason


def test_risks_are_described_by_a_harm_finding_or_by_saying_what_is_not_known(mini):
    therapy = _good_therapy(mini)
    therapy["risks"] = []
    therapy["unknowns"] = ["**Side effects.** The trials did not report side effects."]
    assert quality.assess(_kb_with(mini, therapy), therapy, "therapy").check("risks-described").met
    therapy["unknowns"] = ["Whether the effect lasts."]
    therapy["evidence"].append(dict(therapy["evidence"][0], about="harm", result="It may cause bruising."))
    assert quality.assess(_kb_with(mini, therapy), therapy, "therapy").check("risks-described").met


def _condition_case(mini, change):
    condition = copy.deepcopy(mini.conditions["example-headache"])
    first = _good_therapy(mini)
    second = copy.deepcopy(first) | {"id": "other-therapy", "name": "Other therapy"}
    change(condition, first, second)
    kb = _kb_with(mini, first, second, condition=condition)
    return quality.assess(kb, condition, "condition")


def _one_option(c, first, second):
    second["evidence"] = []


def _no_options(c, first, second):
    first["evidence"] = second["evidence"] = []


CONDITION_FAILURES = [
    ("sources-named", lambda c, a, b: c["how_common"].update(sources=[]), {"sources-named"}),
    ("dates-given", lambda c, a, b: c["review"].pop("last_reviewed"), {"dates-given"}),
    ("uncertainty-stated", lambda c, a, b: b.update(unknowns=[]), {"uncertainty-stated"}),
    ("risks-described", lambda c, a, b: c["urgent_care"].update(text=""), {"risks-described"}),
    ("risks-of-an-option", lambda c, a, b: b.update(risks=[], safety=[], unknowns=["How long it lasts."]),
     {"risks-described"}),
    ("without-treatment", lambda c, a, b: c.pop("natural_course"), {"without-treatment"}),
    ("one-option", _one_option, {"more-than-one-option", "shared-decision"}),
    ("no-options", _no_options, {"uncertainty-stated", "more-than-one-option", "shared-decision"}),
    ("no-questions", lambda c, a, b: (a.update(questions_to_ask=[]), b.update(questions_to_ask=[])),
     {"shared-decision"}),
]


@pytest.mark.parametrize("name, change, expected", CONDITION_FAILURES, ids=[c[0] for c in CONDITION_FAILURES])
def test_each_condition_checklist_item_can_fail(mini, name, change, expected):
    assert all(c.met for c in _condition_case(mini, lambda *_: None).checks)
    q = _condition_case(mini, change)
    assert {c.key for c in q.checks if not c.met} == expected


# --- the bar ------------------------------------------------------------------------------------------

def test_the_policy_sets_a_bar_and_says_the_same_in_words(real):
    bar = quality.load_bar(POLICY)
    assert bar.min_sources >= 1 and bar.max_grade <= 8 and set(bar.required) == set(ALL_ITEMS)
    body = quality._FRONT_MATTER.sub("", POLICY.read_text(encoding="utf-8"))
    names = {f"therapy/{i}": t["name"] for i, t in real.therapies.items()}
    names |= {f"condition/{i}": c["name"] for i, c in real.conditions.items()}
    for line in quality.describe_bar(bar, names):
        assert line in body, f"docs/editorial-policy.md should say, as its front matter does:\n{line}"
    listed = [line for line in body.splitlines() if re.match(r"- \[[^]]+\]\((therapies|conditions)/", line)]
    assert len(listed) == len(bar.known_gaps), "the known gaps in the text and in the front matter differ"


@pytest.mark.parametrize("front_matter, words", [
    ("title: x\n", "no 'quality_bar:'"),
    ("quality_bar: [1]\n", "no 'quality_bar:'"),
    ("quality_bar: {max_grade: 8, required: []}\n", "needs min_sources"),
    ("quality_bar: {min_sources: 1, max_grade: 8, required: [sources-nmed]}\n", "unknown checklist item 'sources-nmed'"),
    ("quality_bar: {min_sources: x, max_grade: 8, required: []}\n", "needs min_sources"),
    ("quality_bar: [\n", "not valid YAML"),
])
def test_a_malformed_bar_is_reported(tmp_path, front_matter, words):
    policy = tmp_path / "policy.md"
    policy.write_text(f"---\n{front_matter}---\n# Policy\n", encoding="utf-8")
    with pytest.raises(quality.BarError, match=re.escape(words)):
        quality.load_bar(policy)


def test_judge_against_the_bar(mini):
    q = quality.assess(mini, mini.therapies["example-therapy"], "therapy")
    bar = quality.Bar(min_sources=3, min_strong_sources=3, max_grade=8, required=ALL_ITEMS)
    found = {s.key: s for s in quality.judge(q, bar)}
    assert set(found) == {"sources", "strong-sources", "more-than-one-option"}
    assert not any(s.known for s in found.values())
    waived = quality.Bar(min_sources=2, min_strong_sources=0, max_grade=8, required=ALL_ITEMS,
                         known_gaps={"therapy/example-therapy": ("more-than-one-option",)})
    assert [(s.key, s.known) for s in quality.judge(q, waived)] == [("more-than-one-option", True)]


# --- kb audit -----------------------------------------------------------------------------------------

def test_audit_passes_on_the_real_data():
    """CI runs this through `make test`: an entry that drops below the bar fails the build."""
    proc = run_kb("audit")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and ": error: " not in proc.stdout
    assert re.search(r"\d+ entries audited: \d+ meet the bar, \d+ with known gaps, 0 below the bar", proc.stderr)
    kb = validate(DATA, base=ROOT).kb
    for ident in kb.therapies:
        assert re.search(rf"^therapy/{re.escape(ident)}\s", proc.stdout, re.M)
    for ident in kb.conditions:
        assert re.search(rf"^condition/{re.escape(ident)}\s", proc.stdout, re.M)


def test_audit_json(real):
    proc = run_kb("audit", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["bar"]["min_sources"] == quality.load_bar(POLICY).min_sources
    entries = {(e["kind"], e["id"]): e for e in report["entries"]}
    assert len(entries) == len(real.therapies) + len(real.conditions)
    entry = entries[("therapy", "acupuncture")]
    assert entry["file"] == "data/therapies/acupuncture.yaml" and entry["meets_bar"] is True
    assert set(entry["certainty"]) == {"high", "moderate", "low", "very-low"}
    assert entry["sources"] == sum(entry["source_types"].values())
    assert [c["key"] for c in entry["checklist"]] == list(ALL_ITEMS)
    assert all(isinstance(c["met"], bool) and c["reason"] and c["criterion"] for c in entry["checklist"])
    assert all(p["rule"] == "audit" and p["level"] == "warning" for p in report["problems"])


def test_audit_markdown():
    proc = run_kb("audit", "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("| entry | sources |") and "| therapy/acupuncture |" in proc.stdout


def _line_of(file: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(prefix))


def test_audit_fails_with_a_positioned_message_when_an_entry_drops_below_the_bar(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("translations"))  # its translation would lose a text
    therapy = data / "therapies" / "acupuncture.yaml"
    text = therapy.read_text(encoding="utf-8")
    therapy.write_text(re.sub(r"^unknowns:\n(  - .*\n(    .*\n)*)+", "unknowns: []\n", text, flags=re.M), encoding="utf-8")
    assert "unknowns: []" in therapy.read_text(encoding="utf-8")
    proc = run_kb("audit", "--data", str(data), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    line = _line_of(therapy, "unknowns:")
    expected = (f"data/therapies/acupuncture.yaml:{line}:11: error: below the quality bar: uncertainty stated: "
                "'What is not known' is empty")
    assert expected in proc.stdout, proc.stdout
    assert re.search(r"^therapy/acupuncture\s.*BELOW BAR$", proc.stdout, re.M)
    conditions = {f["condition"] for f in yaml.safe_load(text)["evidence"]}  # their options' unknowns count too
    assert f"{1 + len(conditions)} below the bar" in proc.stderr


def test_audit_fails_on_a_reading_grade_above_the_bar(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_KB, data)
    therapy = data / "therapies" / "example-therapy.yaml"
    hard = ("Notwithstanding considerable methodological heterogeneity, contemporaneous investigations "
            "demonstrated statistically indistinguishable pharmacological effectiveness, necessitating "
            "comprehensive reconsideration of therapeutic recommendations, particularly regarding "
            "individualised administration, interdisciplinary coordination and longitudinal evaluation.")
    therapy.write_text(therapy.read_text(encoding="utf-8").replace(
        "what_it_is: A therapy used in tests.", f"what_it_is: {hard}"), encoding="utf-8")
    proc = run_kb("audit", "--data", str(data), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    entry = next(e for e in report["entries"] if e["id"] == "example-therapy")
    assert entry["grade"] > 8 and entry["grade_field"] == "what_it_is" and not entry["meets_bar"]
    grade = next(p for p in report["problems"] if "reads at US grade" in p["message"])
    assert (grade["path"], grade["line"], grade["level"]) == ("data/therapies/example-therapy.yaml",
                                                             _line_of(therapy, "what_it_is:"), "error")


def test_a_known_gap_that_is_closed_must_come_off_the_list(tmp_path):
    policy = tmp_path / "policy.md"
    text = POLICY.read_text(encoding="utf-8")
    policy.write_text(text.replace("  known_gaps:\n", "  known_gaps:\n    therapy/acupuncture: [risks-described]\n"),
                      encoding="utf-8")
    proc = run_kb("audit", "--policy", str(policy), cwd=tmp_path)
    assert proc.returncode == 1
    line = _line_of(policy, "    therapy/acupuncture:")
    assert f"policy.md:{line}:1: error: known gap therapy/acupuncture 'risks-described' is no longer a gap" in proc.stdout


def test_audit_of_the_mini_kb_reports_every_shortfall(tmp_path):
    proc = run_kb("audit", "--data", str(MINI_KB))
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert lines and all(line.endswith("(audit)") for line in lines)
    assert any("tests/fixtures/mini-kb/therapies/example-therapy.yaml:2:1: error: below the quality bar: cites 2 "
               "sources" in line for line in lines)


@pytest.mark.parametrize("args", [
    ["audit", "--format", "xml"],
    ["audit", "--data", "no/such/folder"],
    ["audit", "--policy", "no/such/policy.md"],
    ["audit", "extra"],
])
def test_audit_usage_errors_exit_2(args):
    proc = run_kb(*args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_audit_refuses_invalid_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_KB, data)
    (data / "sources" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    proc = run_kb("audit", "--data", str(data))
    assert proc.returncode == 1 and "fix the errors above first" in proc.stderr and "Traceback" not in proc.stderr


# --- the panel on the page -------------------------------------------------------------------------------

@pytest.mark.parametrize("path, kind", [("therapies/acupuncture", "therapy"),
                                        ("conditions/menstrual-migraine", "condition")])
def test_the_quality_panel_is_on_the_built_page(built_site, real, path, kind):
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<article"):]
    assert "How this page was made: quality check" in body
    panel = body[body.index("How this page was made"):body.index('id="references"')]
    entry = (real.therapies if kind == "therapy" else real.conditions)[path.split("/")[1]]
    q = quality.assess(real, entry, kind)
    assert f"{q.score} of 7 covered" in panel
    for check in q.checks:
        assert f"{check.label}: {'yes' if check.met else 'not yet'}." in panel
    assert f"Evidence searched up to:</strong> {q.evidence_searched_to}" in panel
    assert 'href="../../editorial-policy/#quality-checks-on-every-page"' in panel


def _pages(built_site, folder):
    return sorted(p.parent.name for p in (built_site / folder).glob("*/index.html"))


@pytest.mark.parametrize("folder", ["therapies", "conditions"])
def test_every_ticked_item_points_at_the_part_of_the_page_that_meets_it(built_site, real, folder):
    """A panel that overstates is worse than none: a ticked item links to an anchor that exists on its page."""
    kind = "therapy" if folder == "therapies" else "condition"
    entries = real.therapies if kind == "therapy" else real.conditions
    checked = 0
    for ident in _pages(built_site, folder):
        if ident not in entries:
            continue
        html = (built_site / folder / ident / "index.html").read_text(encoding="utf-8")
        panel = html[html.index("How this page was made"):]
        ticks = re.findall(r'<a class="kb-check-met" href="#([^"]+)"><strong>([^<]+): yes\.</strong></a>', panel)
        q = quality.assess(real, entries[ident], kind)
        assert len(ticks) == q.score == panel.count(": yes.</strong>"), f"{folder}/{ident}: a tick without its link"
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        missing = [f"{label} -> #{anchor}" for anchor, label in ticks if anchor not in ids]
        assert not missing, f"{folder}/{ident}: ticked, but the page has no such part: {missing}"
        checked += 1
    assert checked == len(entries)


def test_the_reading_grade_is_textstats_on_the_text_it_names(built_site, real):
    import textstat

    from kb.readability import shown_text
    html = (built_site / "therapies" / "acupuncture" / "index.html").read_text(encoding="utf-8")
    q = quality.assess(real, real.therapies["acupuncture"], "therapy")
    field = real.therapies["acupuncture"]
    for part in q.grade_path:
        field = field[part]
    assert q.grade == round(textstat.flesch_kincaid_grade(shown_text(field)), 1)
    panel = html[html.index("How this page was made"):]
    assert f"US school grade {q.grade:g} for" in panel and "textstat library (version 0.7.4)" in panel
