"""How well each entry meets the standards for patient information, computed from the data alone.

`assess` describes one therapy or condition: the sources it cites (by kind), its findings by GRADE
certainty, the reading grade of its summary, the date of the last evidence search, and a checklist
of items from DISCERN (Charnock et al. 1999, questions 4-15) and the International Patient Decision
Aid Standards (IPDAS), each met or not with a one-line reason. The same `Quality` object feeds the
panel on each page and `kb audit`.

The bar an entry must meet is set in the editorial policy's front matter (`quality_bar:`);
`load_bar` reads it, `judge` compares an entry with it and `audit` does so for every entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from kb import schema
from kb.checks.wording import PLAIN_FIELDS
from kb.facts import TODO_SOURCE
from kb.i18n import N_
from kb.knowledge import CERTAINTY_ORDER, KnowledgeBase
from kb.problems import Level, Problem
from kb.readability import grade

# Checklist items: key, what the page shows, and the criteria they stand for.
CHECKLIST = [
    ("sources-named", N_("Sources named"),
     N_("DISCERN 4: is it clear what sources of information were used? IPDAS: provides citations to the evidence")),
    ("dates-given", N_("Dates given"),
     N_("DISCERN 5: is it clear when the information was produced? IPDAS: provides a publication or update date")),
    ("uncertainty-stated", N_("Uncertainty stated"),
     N_("DISCERN 8: does it refer to areas of uncertainty? IPDAS: describes the levels of uncertainty")),
    ("risks-described", N_("Risks described"),
     N_("DISCERN 11: does it describe the risks of each treatment? IPDAS: describes the negative features of options")),
    ("without-treatment", N_("What happens without treatment"),
     N_("DISCERN 12: does it describe what would happen if no treatment is used? "
        "IPDAS: describes the natural course if no action is taken")),
    ("more-than-one-option", N_("More than one option"),
     N_("DISCERN 14: is it clear there may be more than one treatment choice? IPDAS: describes the options available")),
    ("shared-decision", N_("Shared decision support"),
     N_("DISCERN 15: does it provide support for shared decision-making? "
        "IPDAS: lets people compare options and gives questions to discuss with a clinician")),
]
LABELS = {key: label for key, label, _ in CHECKLIST}
# Where on the page each checklist item is met: the panel links a ticked item to this anchor, and a test
# fails when a page ticks an item whose anchor it does not contain (tests/test_quality.py).
ANCHORS = {
    "therapy": {"sources-named": "references", "dates-given": "page-reviewed",
                "uncertainty-stated": "how-well-it-works", "risks-described": "risks",
                "without-treatment": "without-treatment", "more-than-one-option": "alternatives",
                "shared-decision": "questions"},
    "condition": {"sources-named": "references", "dates-given": "page-reviewed", "uncertainty-stated": "options",
                  "risks-described": "urgent-help", "without-treatment": "without-treatment",
                  "more-than-one-option": "options", "shared-decision": "what-matters"},
}
# The plain-language field whose reading grade is reported, and where it is on the page.
GRADE_FIELDS = {("bottom_line", "text"): (N_("the bottom line"), "how-well-it-works"),
                ("what_it_is",): (N_("“What it is”"), "what-it-is"),
                ("summary", "text"): (N_("the summary (“In short”)"), "")}
STRONG_TYPES = ("systematic-review", "guideline")  # the source types that can carry an entry on their own
_HARMS_WORDS = re.compile(r"side[ -]effects?|harms?\b|safety|\bsafe\b|\brisks?\b", re.I)
_CITED = {"therapy": ["bottom_line", "what_happens", "how_it_may_work", "evidence", "risks", "safety",
                      "interactions", "practical", "claims_examined", "without_treatment", "overuse"],
          "condition": ["summary", "how_common", "diagnosis", "natural_course", "urgent_care"]}
_OPTIONAL_SOURCES = {("what_happens",), ("practical",)}  # sections whose `sources` the schema leaves optional


@dataclass(frozen=True)
class Check:
    """One checklist item: met or not, why, and the field an editor would look at."""

    key: str
    label: str
    criterion: str
    met: bool
    reason: str
    path: tuple = ("id",)
    anchor: str = ""  # the id of the part of the page that meets it


@dataclass(frozen=True)
class Quality:
    """What the data says about one entry's quality. Computed, never typed."""

    kind: str
    id: str
    name: str
    sources: tuple[str, ...]                 # ids of the sources the entry cites, sorted
    source_types: dict[str, int]             # source type code -> how many, in the schema's order
    certainty: dict[str, int]                # GRADE level -> findings, high to very low
    grade: float | None                      # Flesch-Kincaid grade of the least readable summary field
    grade_path: tuple                        # that field
    evidence_searched_to: str
    last_reviewed: str
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def findings(self) -> int:
        return sum(self.certainty.values())

    @property
    def certainty_shares(self) -> dict[str, float]:
        """The share of findings at each level, 0 to 1 (all 0 when there are no findings)."""
        return {level: (n / self.findings if self.findings else 0.0) for level, n in self.certainty.items()}

    @property
    def strong_sources(self) -> int:
        return sum(self.source_types.get(t, 0) for t in STRONG_TYPES)

    @property
    def score(self) -> int:
        return sum(c.met for c in self.checks)

    def check(self, key: str) -> Check:
        return next(c for c in self.checks if c.key == key)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "sources": len(self.sources),
                "source_ids": list(self.sources), "source_types": self.source_types,
                "strong_sources": self.strong_sources, "certainty": self.certainty,
                "certainty_shares": {k: round(v, 3) for k, v in self.certainty_shares.items()},
                "grade": self.grade, "grade_field": ".".join(map(str, self.grade_path)),
                "evidence_searched_to": self.evidence_searched_to, "last_reviewed": self.last_reviewed,
                "score": self.score, "checklist": [
                    {"key": c.key, "label": c.label, "criterion": c.criterion, "met": c.met, "reason": c.reason}
                    for c in self.checks]}


def _cited(value, path: tuple = ()):
    """(path, source list) of every `sources` inside a value, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources":
                yield path, item
            else:
                yield from _cited(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _cited(item, path + (i,))


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _source_types(kb: KnowledgeBase, ids) -> dict[str, int]:
    order = list(schema.labels("source", "properties", "type"))
    counts: dict[str, int] = {}
    for ident in ids:
        if ident in kb.sources:
            kind = kb.sources[ident]["type"]
            counts[kind] = counts.get(kind, 0) + 1
    return {k: counts[k] for k in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))}


def _readability(entry: dict, kind: str) -> tuple[float | None, tuple]:
    """The highest grade among the plain-language fields the validator checks (None: too short to judge)."""
    worst: tuple[float | None, tuple] = (None, PLAIN_FIELDS[kind][0])
    for path in PLAIN_FIELDS[kind]:
        value = entry
        for part in path:
            value = value[part]
        level = grade(value)
        if level is not None and (worst[0] is None or level > worst[0]):
            worst = (level, path)
    return worst


def _check(key: str, met: bool, reason: str, path: tuple = ("id",)) -> Check:
    label, criterion = next((lbl, crit) for k, lbl, crit in CHECKLIST if k == key)
    return Check(key, label, criterion, bool(met), reason, path)


def _sources_named(kb: KnowledgeBase, entry: dict, kind: str) -> Check:
    """Every finding, risk, claim and summary section cites at least one known source (no TODO left)."""
    statements = 0
    for section in _CITED[kind]:
        value = entry.get(section)
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            path = (section, i) if isinstance(value, list) else (section,)
            refs = item.get("sources") if isinstance(item, dict) else None
            if refs is None and path in _OPTIONAL_SOURCES:
                continue
            if section == "safety" and not refs and (item["level"] == "not-studied" or item.get("basis") == "how-it-works"):
                continue  # "nobody has checked" and "cannot matter, because…" stand without a source
            statements += 1
            if not refs:
                return _check("sources-named", False, f"{'.'.join(map(str, path))} cites no source", path)
            for n, ref in enumerate(refs):
                if ref == TODO_SOURCE or ref not in kb.sources:
                    what = "a source still to be found (TODO)" if ref == TODO_SOURCE else f"unknown source {ref!r}"
                    return _check("sources-named", False, f"{'.'.join(map(str, path))} cites {what}",
                                  path + ("sources", n))
    what = "finding, risk, claim and summary" if kind == "therapy" else "section"
    return _check("sources-named", True, f"every {what} ({statements} in all) names its sources")


def _dates_given(entry: dict) -> Check:
    review = entry.get("review") or {}
    missing = [k for k in ("last_reviewed", "evidence_searched_to", "next_review_due") if not review.get(k)]
    if missing:
        return _check("dates-given", False, f"review date missing: {', '.join(missing)}", ("review",))
    return _check("dates-given", True, f"last reviewed {review['last_reviewed']}, evidence searched to "
                  f"{review['evidence_searched_to']}, next review due {review['next_review_due']}")


def _findings_for(kb: KnowledgeBase, entry: dict, kind: str) -> list[dict]:
    if kind == "therapy":
        return list(entry["evidence"])
    return [f for t in kb.therapies_for(entry["id"]) for f in t["evidence"] if f["condition"] == entry["id"]]


def _assess_therapy(kb: KnowledgeBase, t: dict) -> list[Check]:
    findings = t["evidence"]
    ungraded = [i for i, f in enumerate(findings) if f.get("certainty") not in CERTAINTY_ORDER]
    if ungraded:
        uncertainty = _check("uncertainty-stated", False, f"finding {ungraded[0] + 1} has no GRADE certainty",
                             ("evidence", ungraded[0]))
    elif not t.get("unknowns"):
        uncertainty = _check("uncertainty-stated", False, "'What is not known' is empty", ("unknowns",))
    else:
        uncertainty = _check("uncertainty-stated", True, "every finding says how sure we are (GRADE); "
                             f"{_plural(len(t['unknowns']), 'thing')} that we do not know are listed")

    harms = [f for f in findings if f.get("about") == "harm"]
    said = [u for u in t.get("unknowns", []) if _HARMS_WORDS.search(u)]
    if t["risks"] or harms:
        risks = _check("risks-described", True, ", ".join(
            part for part in (_plural(len(t["risks"]), "risk") if t["risks"] else "",
                              _plural(len(harms), "finding") + " about harm" if harms else "") if part) + " described")
    elif said:
        risks = _check("risks-described", True, "no risks are listed, and the page says what is not known "
                       "about side effects")
    else:
        risks = _check("risks-described", False, "no risks listed, and nothing says whether side effects "
                       "were looked for", ("risks",))

    without = t.get("without_treatment") or {}
    without_check = _check("without-treatment", bool(without.get("text")),
                           "the page says what happens without treatment" if without.get("text")
                           else "'What happens without treatment' is missing", ("without_treatment",))

    related = t.get("related") or []
    compared_for = sorted({f["condition"] for f in findings if f["condition"] in kb.conditions})
    others = {o["id"] for c in compared_for for o in kb.therapies_for(c)} - {t["id"]}
    options = _check("more-than-one-option", bool(related or others),
                     ", ".join(part for part in (
                         f"“What else you could try”, linking to the comparison of {_plural(len(others), 'other option')}"
                         if others else "",
                         f"{_plural(len(related), 'related option')} linked" if related else "") if part)
                     if (related or others) else "no other options are shown", ("related",))

    questions = t.get("questions_to_ask") or []
    compared = sorted({f["condition"] for f in findings if f["condition"] in kb.conditions})
    if not questions:
        shared = _check("shared-decision", False, "no questions to ask a clinician", ("questions_to_ask",))
    elif not compared:
        shared = _check("shared-decision", False, "not on any comparison table: it has no finding for a condition",
                        ("evidence",))
    else:
        shared = _check("shared-decision", True, f"{_plural(len(questions), 'question')} to ask your clinician; "
                        f"links to {_plural(len(compared), 'comparison table')} of the other options")
    return [uncertainty, risks, without_check, options, shared]


def _assess_condition(kb: KnowledgeBase, c: dict) -> list[Check]:
    therapies = kb.therapies_for(c["id"])
    findings = _findings_for(kb, c, "condition")
    if not findings:
        uncertainty = _check("uncertainty-stated", False, "no treatment findings for this condition yet, "
                             "so no certainty is given")
    else:
        unknowns = sum(bool(t.get("unknowns")) for t in therapies)
        met = unknowns == len(therapies) and all(f.get("certainty") in CERTAINTY_ORDER for f in findings)
        uncertainty = _check("uncertainty-stated", met,
                             f"every finding about its options ({len(findings)}) says how sure we are "
                             f"(GRADE); {unknowns} of {len(therapies)} options say what is not known")

    urgent = (c.get("urgent_care") or {}).get("text")
    unrisked = [t["name"] for t in therapies if not (t["risks"] or any(c["level"] in ("do-not-use", "ask-first") for c in t["safety"])
                                                     or any(f.get("about") == "harm" for f in t["evidence"])
                                                     or any(_HARMS_WORDS.search(u) for u in t.get("unknowns", [])))]
    if not urgent:
        risks = _check("risks-described", False, "'When to get urgent help' is missing", ("urgent_care",))
    elif unrisked:
        risks = _check("risks-described", False, f"the risks of {unrisked[0]} are not described")
    else:
        risks = _check("risks-described", True, "when to get urgent help is described"
                       + (f", and the risks of all {_plural(len(therapies), 'option')}" if therapies else ""))

    course = (c.get("natural_course") or {}).get("text")
    without = _check("without-treatment", bool(course), "the page says what usually happens over time" if course
                     else "'What usually happens over time' is missing", ("natural_course",))

    n = len(therapies)
    options = _check("more-than-one-option", n >= 2,
                     f"{_plural(n, 'option')} with evidence for this condition" if n
                     else "no options with evidence for this condition yet")

    questions = len(c.get("questions_to_ask") or []) or sum(bool(t.get("questions_to_ask")) for t in therapies)
    if n < 2:
        shared = _check("shared-decision", False, "no comparison table of options yet" if not n
                        else "the comparison table has only one option")
    elif not questions:
        shared = _check("shared-decision", False, "no questions to ask a clinician")
    else:
        shared = _check("shared-decision", True, f"comparison table of {n} options, each with questions to ask"
                        if not c.get("questions_to_ask") else f"comparison table of {n} options; questions to ask")
    return [uncertainty, risks, without, options, shared]


def assess(kb: KnowledgeBase, entry: dict, kind: str) -> Quality:
    """The quality of one therapy or condition, from the data only (no dates other than its own)."""
    if kind not in ("therapy", "condition"):
        raise ValueError(f"kind must be 'therapy' or 'condition', not {kind!r}")
    ids = sorted({ref for _, refs in _cited(entry) for ref in refs or [] if ref in kb.sources})
    findings = _findings_for(kb, entry, kind)
    certainty = {level: sum(f.get("certainty") == level for f in findings) for level in CERTAINTY_ORDER}
    level, level_path = _readability(entry, kind)
    checks = [_sources_named(kb, entry, kind), _dates_given(entry)]
    checks += _assess_therapy(kb, entry) if kind == "therapy" else _assess_condition(kb, entry)
    order = [key for key, _, _ in CHECKLIST]
    review = entry.get("review") or {}
    return Quality(kind=kind, id=entry["id"], name=entry["name"], sources=tuple(ids),
                   source_types=_source_types(kb, ids), certainty=certainty, grade=level, grade_path=level_path,
                   evidence_searched_to=review.get("evidence_searched_to", ""),
                   last_reviewed=review.get("last_reviewed", ""),
                   checks=tuple(sorted((replace(c, anchor=ANCHORS[kind][c.key]) for c in checks),
                                       key=lambda c: order.index(c.key))))


def assess_all(kb: KnowledgeBase) -> list[Quality]:
    """Every therapy then every condition, each sorted by id."""
    return ([assess(kb, kb.therapies[i], "therapy") for i in sorted(kb.therapies)]
            + [assess(kb, kb.conditions[i], "condition") for i in sorted(kb.conditions)])


# ---------------------------------------------------------------------------------------------------
# The bar, from the editorial policy


class BarError(Exception):
    """The policy's `quality_bar` is missing or malformed."""


@dataclass(frozen=True)
class Bar:
    min_sources: int
    min_strong_sources: int
    max_grade: float
    required: tuple[str, ...]
    known_gaps: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "kind/id" -> waived item keys
    policy: str = "docs/editorial-policy.md"
    text: str = ""  # the policy page, to find where a known gap is written


POLICY = Path("docs") / "editorial-policy.md"
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
SHORTFALL_KEYS = ("sources", "strong-sources", "grade")


def load_bar(policy: Path, display: str | None = None) -> Bar:
    """Read `quality_bar:` from the policy page's front matter."""
    display = display or str(policy)
    try:
        text = policy.read_text(encoding="utf-8")
    except OSError as exc:
        raise BarError(f"{display}:1:1: error: cannot read the editorial policy: {exc.strerror} (audit)") from None
    match = _FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError as exc:
        raise BarError(f"{display}:1:1: error: the front matter is not valid YAML: {exc} (audit)") from None
    raw = (meta or {}).get("quality_bar") if isinstance(meta, dict) else None
    if not isinstance(raw, dict):
        raise BarError(f"{display}:1:1: error: no 'quality_bar:' in the front matter (audit)")
    known = {key for key, _, _ in CHECKLIST}
    try:
        required = tuple(raw.get("required") or ())
        unknown = [k for k in required if k not in known]
        gaps = {str(entry): tuple(items) for entry, items in (raw.get("known_gaps") or {}).items()}
        unknown += [k for items in gaps.values() for k in items if k not in known and k not in SHORTFALL_KEYS]
        if unknown:
            raise BarError(f"{display}:1:1: error: quality_bar: unknown checklist item {unknown[0]!r}; "
                           f"the items are: {', '.join(sorted(known))} (audit)")
        return Bar(min_sources=int(raw["min_sources"]), min_strong_sources=int(raw.get("min_strong_sources", 0)),
                   max_grade=float(raw["max_grade"]), required=required, known_gaps=gaps, policy=display, text=text)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BarError(f"{display}:1:1: error: quality_bar: needs min_sources, max_grade and required "
                       f"({exc.__class__.__name__}: {exc}) (audit)") from None


def describe_bar(bar: Bar, names: dict[str, str] | None = None) -> list[str]:
    """The bar in plain words, one Markdown line each, then a line per known gap (linked, named from
    `names`: "kind/id" -> entry name); the policy page's body must contain these lines."""
    strong = (f", at least {bar.min_strong_sources} of them a systematic review or a clinical guideline"
              if bar.min_strong_sources else "")
    lines = [f"- It cites at least **{_plural(bar.min_sources, 'source')}**{strong}.",
             f"- Its summary reads at **US school grade {bar.max_grade:g} or below** (Flesch-Kincaid).",
             "- It covers these checklist items: " + ", ".join(f"**{LABELS[k].lower()}**" for k in bar.required) + "."]
    folders = {"therapy": "therapies", "condition": "conditions"}
    for entry, items in bar.known_gaps.items():
        kind, _, ident = entry.partition("/")
        name = (names or {}).get(entry, ident)
        what = ", ".join(LABELS.get(k, k).lower() for k in items)
        lines.append(f"- [{name}]({folders.get(kind, kind)}/{ident}.md): {what}.")
    return lines


# ---------------------------------------------------------------------------------------------------
# Judging entries against the bar


@dataclass(frozen=True)
class Shortfall:
    key: str          # a checklist key, or "sources", "strong-sources", "grade"
    message: str
    path: tuple
    known: bool       # listed as a known gap in the policy


def judge(q: Quality, bar: Bar) -> list[Shortfall]:
    """Where an entry falls below the bar (known gaps included, marked as such)."""
    waived = set(bar.known_gaps.get(f"{q.kind}/{q.id}", ()))
    found = []
    if len(q.sources) < bar.min_sources:
        found.append(("sources", f"cites {_plural(len(q.sources), 'source')}; the bar is {bar.min_sources}",
                      ("id",)))
    if q.strong_sources < bar.min_strong_sources:
        found.append(("strong-sources", f"cites {q.strong_sources} systematic reviews or guidelines; "
                      f"the bar is {bar.min_strong_sources}", ("id",)))
    if q.grade is not None and q.grade > bar.max_grade:
        found.append(("grade", f"reads at US grade {q.grade:g}; the bar is {bar.max_grade:g} or below", q.grade_path))
    for check in q.checks:
        if check.key in bar.required and not check.met:
            found.append((check.key, f"{check.label.lower()}: {check.reason} [{check.criterion.split('?')[0]}?]",
                          check.path))
    return [Shortfall(key, message, path, key in waived) for key, message, path in found]


@dataclass
class AuditRow:
    quality: Quality
    file: str
    shortfalls: list[Shortfall]
    notes: list[tuple[str, str]] = field(default_factory=list)  # editor notes: (where, note), never on pages

    @property
    def meets_bar(self) -> bool:
        return not any(not s.known for s in self.shortfalls)

    def as_dict(self) -> dict:
        return self.quality.as_dict() | {
            "file": self.file, "meets_bar": self.meets_bar,
            "below_bar": [{"item": s.key, "message": s.message} for s in self.shortfalls if not s.known],
            "known_gaps": [{"item": s.key, "message": s.message} for s in self.shortfalls if s.known],
            "editor_notes": [{"where": where, "note": note} for where, note in self.notes]}


def editor_notes(entry: dict) -> list[tuple[str, str]]:
    """The notes editors keep about how sources were read (`editor_note`, `label_check.note`), with where."""
    found = []

    def visit(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("editor_note", "note") and isinstance(item, str) and (key == "editor_note" or path[-1:] == ("label_check",)):
                    found.append((".".join(map(str, path + (key,))), item))
                else:
                    visit(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, path + (i,))

    visit(entry, ())
    return found


@dataclass
class Audit:
    rows: list[AuditRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.level is Level.ERROR for p in self.problems)


def display_path(file: Path, base: Path) -> str:
    """A path as messages show it: relative to `base` where possible."""
    try:
        return file.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(file)


def bar_dict(bar: Bar) -> dict:
    return {"min_sources": bar.min_sources, "min_strong_sources": bar.min_strong_sources,
            "max_grade": bar.max_grade, "required": list(bar.required),
            "known_gaps": {k: list(v) for k, v in bar.known_gaps.items()}, "policy": bar.policy}


def _policy_line(bar: Bar, entry: str) -> int:
    for n, line in enumerate(bar.text.splitlines(), 1):
        if entry in line:
            return n
    return 1


def audit(kb: KnowledgeBase, bar: Bar, base: Path | None = None) -> Audit:
    """Every entry against the bar: a row each, and a positioned problem per shortfall. A known gap is a
    warning; a known gap the entry no longer has is an error in the policy (take it off the list)."""
    from kb.yamlload import load_file

    base = base or Path.cwd()
    rows, problems = [], []
    folders = {"therapy": "therapies", "condition": "conditions"}
    for q in assess_all(kb):
        file = kb.data_dir / folders[q.kind] / f"{q.id}.yaml"
        display = display_path(file, base)
        shortfalls = judge(q, bar)
        entry = (kb.therapies if q.kind == "therapy" else kb.conditions)[q.id]
        rows.append(AuditRow(q, display, shortfalls, editor_notes(entry)))
        doc = None
        for s in shortfalls:
            if doc is None:
                try:
                    doc = load_file(file, display)
                except Exception:  # noqa: BLE001 - the entry validated; positions are a courtesy
                    doc = False
            line, column = doc.position(s.path, key=s.path == ("id",)) if doc else (1, 1)
            if s.known:
                problems.append(Problem(display, line, column, Level.WARNING,
                                        f"known gap (listed in {bar.policy}): {s.message}", "audit"))
            else:
                problems.append(Problem(display, line, column, Level.ERROR,
                                        f"below the quality bar: {s.message}", "audit"))
        missing = set(bar.known_gaps.get(f"{q.kind}/{q.id}", ())) - {s.key for s in shortfalls}
        for key in sorted(missing):
            problems.append(Problem(bar.policy, _policy_line(bar, f"{q.kind}/{q.id}"), 1, Level.ERROR,
                                    f"known gap {q.kind}/{q.id} {key!r} is no longer a gap: take it off "
                                    "quality_bar.known_gaps and the list in the text", "audit"))
    entries = {f"{q.kind}/{q.id}" for q in (r.quality for r in rows)}
    for entry in sorted(set(bar.known_gaps) - entries):
        problems.append(Problem(bar.policy, _policy_line(bar, entry), 1, Level.ERROR,
                                f"known gap for {entry}, which is not in the knowledge base", "audit"))
    return Audit(rows, sorted(problems))


# ---------------------------------------------------------------------------------------------------
# Output


def certainty_mix(q: Quality) -> str:
    """'H1 M2 L3 VL0' (counts of findings at each GRADE level)."""
    short = {"high": "H", "moderate": "M", "low": "L", "very-low": "VL"}
    return " ".join(f"{short[level]}{q.certainty[level]}" for level in CERTAINTY_ORDER)


def _cells(row: AuditRow) -> list[str]:
    q = row.quality
    status = "meets bar" if row.meets_bar and not row.shortfalls else \
        "known gap" if row.meets_bar else "BELOW BAR"
    return [f"{q.kind}/{q.id}", str(len(q.sources)), str(q.strong_sources), certainty_mix(q),
            "-" if q.grade is None else f"{q.grade:g}", q.evidence_searched_to,
            f"{q.score}/{len(q.checks)}", str(len(row.notes)), status]


HEADERS = ["entry", "sources", "SR/guideline", "certainty (findings)", "grade", "searched to", "checklist",
           "editor notes", "bar"]


def format_text(result: Audit) -> str:
    rows = [HEADERS] + [_cells(r) for r in result.rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown(result: Audit) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "| " + " | ".join("---" for _ in HEADERS) + " |"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)) + " |" for r in result.rows]
    if result.problems:
        lines += ["", *[f"- `{p.format()}`" for p in result.problems]]
    return "\n".join(lines)


def summary(result: Audit) -> str:
    below = sum(not r.meets_bar for r in result.rows)
    known = sum(r.meets_bar and bool(r.shortfalls) for r in result.rows)
    ok = len(result.rows) - below - known
    return (f"{_plural(len(result.rows), 'entry', 'entries')} audited: {ok} meet the bar, "
            f"{known} with known gaps, {below} below the bar")
