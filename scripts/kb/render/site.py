"""Site pages generated from the knowledge base: a function returning {path: markdown}.

Kept independent of MkDocs so that any generator reading Markdown can use it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import jinja2

from kb import schema
from kb.knowledge import CERTAINTY_ORDER, KnowledgeBase, main_harms, most_certain_benefit
from kb.paths import TEMPLATES_DIR
from kb.quality import GRADE_FIELDS, assess
from kb.readability import method as grade_method
from kb.render.decisions import QUESTIONS, VALUES, decisions, values_for
from kb.render.derived import SAFETY_LEVELS, comparison_rows, schema_org_type
from kb.render.discuss import answers_by_level, core_situations, sheet_options
from kb.render.figures import certainty_meter, icon_array
from kb.render.grids import DECISIONS, grid_decisions
from kb.render.inline_html import to_html
from kb.render.localized import editions
from kb.render.text import Citations, cell, label, md, number, plain, short_authors

CATEGORY_ORDER = ["medicine", "procedure", "device", "supplement-or-herb", "mind-body-lifestyle",
                  "hands-on-and-traditional"]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates produce Markdown, so no HTML autoescaping; data goes through the `md`/`cell` filters."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "site"), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(md=md, cell=cell, plain=plain, number=number)
    env.filters["e"] = env.filters["escape"]
    env.filters["short_name"] = short_name
    env.filters["inline_html"] = to_html  # data Markdown inside raw HTML (raw HTML in data stays escaped)
    env.filters["schema_org_type"] = schema_org_type  # front matter for the JSON-LD in overrides/main.html
    env.globals.update(icon_array=icon_array, certainty_meter=certainty_meter, main_harms=main_harms,
                       grid_decisions=grid_decisions, grid_labels=DECISIONS)
    labels = dict(
        category_label=label("therapy", "properties", "category"),
        used_for_label=label("therapy", "properties", "used_for", "items"),
        certainty_label=label("therapy", "definitions", "certainty"),
        status_label=label("therapy", "properties", "how_it_may_work", "items", "properties", "status"),
        comparison_label=label("therapy", "properties", "evidence", "items", "properties", "comparison_type"),
        frequency_label=label("therapy", "properties", "risks", "items", "properties", "frequency"),
        seriousness_label=label("therapy", "properties", "risks", "items", "properties", "seriousness"),
        level_label=label("therapy", "properties", "safety", "items", "properties", "level"),
        verdict_label=label("therapy", "properties", "claims_examined", "items", "properties", "verdict"),
        direction_label=label("therapy", "properties", "evidence", "items", "properties", "direction"),
        feature_label=label("therapy", "properties", "features", "items"),
        source_type_label=label("source", "properties", "type"),
    )
    env.filters.update(labels)  # usable as {{ code|certainty_label }} and in map("used_for_label")
    env.globals.update(most_certain_benefit=most_certain_benefit, see_a_doctor=see_a_doctor,
                       direction_symbols=DIRECTION_SYMBOLS, grade_fields=GRADE_FIELDS, grade_method=grade_method())
    env.globals.update(labels, short_authors=short_authors, certainty_order=CERTAINTY_ORDER,
                       certainty_meanings=_certainty_meanings())
    return env


def _certainty_meanings() -> dict[str, str]:
    return schema._load_json(schema.schema_dir(), "therapy.schema.json")["definitions"]["certainty"]["x-meanings"]


def short_name(name: str) -> str:
    """'Triptans (sumatriptan, zolmitriptan and others)' -> 'Triptans', for narrow table cells."""
    return name.split(" (")[0]


def _render(template: str, kb: KnowledgeBase, **context) -> str:
    citations = Citations(kb.sources)
    return environment().get_template(template).render(kb=kb, cite=citations.cite, citations=citations, **context)


DIRECTION_SYMBOLS = {"helps": "✓", "no-difference": "=", "harms": "✗", "not-known": "?"}
_DOCTOR = re.compile(r"\b(see|call|contact|tell) (a|your) (doctor|GP|clinician)|medical help|emergency|urgent|"
                     r"\b(999|911|112)\b", re.I)


def see_a_doctor(risks: list[dict]) -> list[tuple[str, str]]:
    """Whole sentences of the risks' descriptions that say when to get medical help: (risk, sentence)."""
    found = []
    for risk in risks:
        for sentence in _SENTENCE.split(" ".join(risk["description"].split())):
            if _DOCTOR.search(sentence):
                found.append((risk["name"], sentence.strip()))
    return found


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def alternatives(kb: KnowledgeBase, therapy: dict, conditions) -> dict[str, list[dict]]:
    """For each condition the option has findings for: the other options there for the same purpose,
    as comparison rows (most certain first), marked `helps` when their most certain finding shows benefit."""
    found = {}
    for condition_id in conditions:
        rows = []
        for row in comparison_rows(kb, condition_id):
            if row["therapy"]["id"] == therapy["id"] or not set(row["therapy"]["used_for"]) & set(therapy["used_for"]):
                continue
            best = row["best"]
            rows.append({**row, "helps": best.get("about", "benefit") == "benefit"
                         and best.get("direction", "helps") == "helps" and best["certainty"] != "very-low"})
        found[condition_id] = rows
    return found


def therapy_page(kb: KnowledgeBase, therapy: dict) -> str:
    findings_by_condition: dict[str, list[dict]] = {}
    for finding in therapy["evidence"]:
        findings_by_condition.setdefault(finding["condition"], []).append(finding)
    return _render("therapy.md.j2", kb, t=therapy, findings_by_condition=findings_by_condition,
                   alternatives=alternatives(kb, therapy, findings_by_condition),
                   quality=assess(kb, therapy, "therapy"))


def condition_page(kb: KnowledgeBase, condition: dict) -> str:
    return _render("condition.md.j2", kb, c=condition, rows=comparison_rows(kb, condition["id"]),
                   values=values_for(kb, condition["id"]), choices=decisions(kb, condition["id"]), questions=QUESTIONS,
                   quality=assess(kb, condition, "condition"))


def discuss_page(kb: KnowledgeBase, condition: dict) -> str:
    """"My options to discuss": the printable sheet of a condition's options (kept out of the navigation)."""
    return _render("discuss.md.j2", kb, c=condition, options=sheet_options(kb, condition["id"]),
                   situations=core_situations(kb), values=VALUES, questions=QUESTIONS, levels=SAFETY_LEVELS,
                   answers_by_level=answers_by_level)


VERDICT_ORDER = ["misleading", "not-supported", "unproven", "partly-supported", "supported"]


def situations_in(kb: KnowledgeBase, rows: list[dict]) -> list[str]:
    """The situations any compared option answers with a caution or 'not studied', in the order of
    data/situations.yaml."""
    named = {c["situation"] for row in rows for c in row["do_not_use"] + row["ask_first"] + row["not_studied"]}
    return [sid for sid in kb.situations if sid in named]


def situation_cautions(kb: KnowledgeBase, situation_id: str) -> dict[str, list[tuple[dict, dict]]]:
    """For one situation: (therapy, answer) pairs by level, and the therapies that have not answered it
    ("not-answered": possible only for situations that are not core)."""
    found: dict[str, list] = {level: [] for level in SAFETY_LEVELS}
    answered = set()
    for therapy in sorted(kb.therapies.values(), key=lambda t: t["name"].lower()):
        for answer in therapy["safety"]:
            if answer["situation"] == situation_id:
                found[answer["level"]].append((therapy, answer))
                answered.add(therapy["id"])
    found["not-answered"] = [(t, {}) for t in sorted(kb.therapies.values(), key=lambda t: t["name"].lower())
                             if t["id"] not in answered]
    return found


def claims_by_therapy(kb: KnowledgeBase) -> list[tuple[dict, list[dict]]]:
    """Each therapy that has claims examined, with its claims, worst verdict first."""
    return [(t, sorted(t["claims_examined"], key=lambda c: VERDICT_ORDER.index(c["verdict"])))
            for t in sorted(kb.therapies.values(), key=lambda t: t["name"].lower()) if t["claims_examined"]]


def verdict_counts(kb: KnowledgeBase) -> list[tuple[str, int]]:
    """How many claims have each verdict, in the order of VERDICT_ORDER (verdicts nobody has are left out)."""
    counts = {code: 0 for code in VERDICT_ORDER}
    for therapy in kb.therapies.values():
        for claim in therapy["claims_examined"]:
            counts[claim["verdict"]] += 1
    return [(code, n) for code, n in counts.items() if n]


def site_pages(kb: KnowledgeBase) -> dict[str, str]:
    """Every generated page, by its path inside the site's docs tree."""
    pages = {
        "therapies/index.md": _render("therapies-index.md.j2", kb, groups=ordered_groups(kb)),
        "conditions/index.md": _render("conditions-index.md.j2", kb,
                                       conditions=sorted(kb.conditions.values(), key=lambda c: c["name"].lower())),
        "downloads.md": _render("downloads.md.j2", kb, groups=ordered_groups(kb),
                                conditions=sorted(kb.conditions.values(), key=lambda c: c["name"].lower()),
                                editions=editions(kb)),
        "references.md": _render("references.md.j2", kb,
                                 sources=sorted(kb.sources.values(), key=lambda s: (s["authors"][0].lower(), s["year"]))),
    }
    for therapy in kb.therapies.values():
        pages[f"therapies/{therapy['id']}.md"] = therapy_page(kb, therapy)
    for condition in kb.conditions.values():
        pages[f"conditions/{condition['id']}.md"] = condition_page(kb, condition)
        rows = comparison_rows(kb, condition["id"])
        pages[f"compare/{condition['id']}.md"] = _render("compare.md.j2", kb, c=condition, rows=rows,
                                                         situations=situations_in(kb, rows))
        pages[f"discuss/{condition['id']}.md"] = discuss_page(kb, condition)
    pages["situations/index.md"] = _render("situations-index.md.j2", kb, counts={
        sid: {level: len(pairs) for level, pairs in situation_cautions(kb, sid).items()} for sid in kb.situations})
    for sid, situation in kb.situations.items():
        pages[f"situations/{sid}.md"] = _render("situation.md.j2", kb, s=situation,
                                                cautions=situation_cautions(kb, sid))
    pages["claims.md"] = _render("claims.md.j2", kb, groups=claims_by_therapy(kb), verdicts=verdict_counts(kb))
    pages["compare/index.md"] = _render("compare-index.md.j2", kb, conditions=sorted(
        kb.conditions.values(), key=lambda c: c["name"].lower()))
    return pages


def ordered_groups(kb: KnowledgeBase) -> list[tuple[str, list[dict]]]:
    """Therapies by category, in the order patients meet them."""
    groups = kb.by_category()
    return [(code, groups[code]) for code in CATEGORY_ORDER if code in groups]


def navigation(kb: KnowledgeBase) -> dict[str, list]:
    """Navigation entries for the generated sections, as mkdocs.yml `nav` items."""
    category = label("therapy", "properties", "category")
    therapies: list = ["therapies/index.md"]
    for code, members in ordered_groups(kb):
        therapies.append({category(code): [{t["name"]: f"therapies/{t['id']}.md"} for t in members]})
    conditions: list = ["conditions/index.md"] + [
        {c["name"]: f"conditions/{c['id']}.md"} for c in sorted(kb.conditions.values(), key=lambda c: c["name"].lower())]
    compare: list = ["compare/index.md"] + [{c["name"]: f"compare/{c['id']}.md"}
                                            for c in sorted(kb.conditions.values(), key=lambda c: c["name"].lower())]
    situations: list = ["situations/index.md"] + [{s["name"]: f"situations/{s['id']}.md"} for s in kb.situations.values()]
    return {"therapies/index.md": therapies, "conditions/index.md": conditions, "compare/index.md": compare,
            "situations/index.md": situations}
