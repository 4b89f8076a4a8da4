"""Site pages generated from the knowledge base: a function returning {path: markdown}.

Kept independent of MkDocs so that any generator reading Markdown can use it.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial

import jinja2

from kb import schema
from kb.i18n import SOURCE_LANGUAGE, install, translations
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


# Enum labels shown on pages, by filter name: the schema pointer of their x-labels and the gettext context
# their translations are filed under (the labels are the msgids; scripts/kb/i18n_extract.py extracts them).
LABELS = {
    "category_label": ("category", ("therapy", "properties", "category")),
    "used_for_label": ("used for", ("therapy", "properties", "used_for", "items")),
    "certainty_label": ("certainty", ("therapy", "definitions", "certainty")),
    "status_label": ("mechanism status", ("therapy", "properties", "how_it_may_work", "items", "properties", "status")),
    "comparison_label": ("comparison", ("therapy", "properties", "evidence", "items", "properties", "comparison_type")),
    "frequency_label": ("frequency", ("therapy", "properties", "risks", "items", "properties", "frequency")),
    "seriousness_label": ("seriousness", ("therapy", "properties", "risks", "items", "properties", "seriousness")),
    "level_label": ("safety level", ("therapy", "properties", "safety", "items", "properties", "level")),
    "verdict_label": ("verdict", ("therapy", "properties", "claims_examined", "items", "properties", "verdict")),
    "direction_label": ("direction", ("therapy", "properties", "evidence", "items", "properties", "direction")),
    "feature_label": ("feature", ("therapy", "properties", "features", "items")),
    "source_type_label": ("source type", ("source", "properties", "type")),
}
CERTAINTY_MEANING_CONTEXT = "certainty meaning"


def translated_label(context: str, pointer: tuple, language: str = SOURCE_LANGUAGE):
    """A function mapping an enum code to its label (the schema's x-labels), in `language`."""
    english = label(*pointer)
    if language == SOURCE_LANGUAGE:
        return english
    catalogue = translations(language)
    return lambda code: catalogue.pgettext(context, english(code))


@lru_cache(maxsize=None)
def environment(language: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """Templates produce Markdown, so no HTML autoescaping; data goes through the `md`/`cell` filters.
    Interface text goes through gettext (kb.i18n): English is the identity, other languages use their catalogue."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "site"), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    install(env, language)
    gettext = translations(language).gettext
    env.filters.update(md=md, cell=cell, plain=plain, number=number)
    env.filters["e"] = env.filters["escape"]
    env.filters["short_name"] = short_name
    env.filters["inline_html"] = to_html  # data Markdown inside raw HTML (raw HTML in data stays escaped)
    env.filters["schema_org_type"] = schema_org_type  # front matter for the JSON-LD in overrides/main.html
    env.globals.update(icon_array=partial(icon_array, gettext=gettext), certainty_meter=certainty_meter,
                       main_harms=main_harms, grid_decisions=grid_decisions,
                       grid_labels={code: gettext(text) for code, text in DECISIONS.items()})
    labels = {name: translated_label(context, pointer, language) for name, (context, pointer) in LABELS.items()}
    env.filters.update(labels)  # usable as {{ code|certainty_label }} and in map("used_for_label")
    env.globals.update(most_certain_benefit=most_certain_benefit, see_a_doctor=partial(see_a_doctor, language=language),
                       direction_symbols=DIRECTION_SYMBOLS, grade_fields=GRADE_FIELDS, grade_method=grade_method(gettext))
    env.globals.update(labels, short_authors=short_authors, certainty_order=CERTAINTY_ORDER,
                       certainty_meanings=_certainty_meanings(language))
    # the references stay in English in another language's page (they are marked lang="en" there)
    env.globals["source_type_label_en"] = label(*LABELS["source_type_label"][1])
    # what a translated edition changes (kb.render.edition sets them per page; English: everything, as is)
    env.globals.update(edition_conditions=None, edition_therapies=None, edition_total=None, edition_shown=None,
                       english_page=None, compare_script_text=partial(compare_script_text, translations(language)))
    return env


def compare_script_text(catalogue) -> dict[str, str]:
    """The words docs/javascripts/compare.js writes (its filters, flags and status line), in the page's language;
    the page gives them to the script in the table's data-kb-text (English is the script's own)."""
    _ = catalogue.gettext
    return {
        "usedFor": _("Used for"), "anyUse": _("Attacks and prevention"), "attack": _("Treating an attack"),
        "prevention": _("Preventing attacks"), "certainty": _("Certainty of benefit"), "any": _("Any"),
        "lowOrBetter": _("Low or better"), "moderateOrBetter": _("Moderate or better"),
        "high": catalogue.pgettext("certainty", "High"),
        "doNotUse": _("Do not use if: "), "askFirst": _("Ask a clinician first if: "),
        "notStudied": _("Not studied (nobody has checked) for: "), "separator": _("; "), "sortBy": _("Sort by:"),
        "chosen": _("(%(chosen)s chosen)") % {"chosen": "{chosen}"},
        "showing": _("Showing %(shown)s of %(total)s options.") % {"shown": "{shown}", "total": "{total}"},
        "flagged": _(" %(flagged)s marked “do not use” for the situations you picked.") % {"flagged": "{flagged}"},
    }


def _certainty_meanings(language: str = SOURCE_LANGUAGE) -> dict[str, str]:
    meanings = schema._load_json(schema.schema_dir(), "therapy.schema.json")["definitions"]["certainty"]["x-meanings"]
    catalogue = translations(language)
    return {code: catalogue.pgettext(CERTAINTY_MEANING_CONTEXT, text) for code, text in meanings.items()}


def short_name(name: str) -> str:
    """'Triptans (sumatriptan, zolmitriptan and others)' -> 'Triptans', for narrow table cells."""
    return name.split(" (")[0]


def _render(template: str, kb: KnowledgeBase, language: str = SOURCE_LANGUAGE, **context) -> str:
    citations = Citations(kb.sources)
    return environment(language).get_template(template).render(kb=kb, cite=citations.cite, citations=citations,
                                                               **context)


DIRECTION_SYMBOLS = {"helps": "✓", "no-difference": "=", "harms": "✗", "not-known": "?"}
# Sentences that say when to get medical help, and how sentences end, per language (English for any other).
_DOCTOR = {
    "en": re.compile(r"\b(see|call|contact|tell) (a|your) (doctor|GP|clinician)|medical help|emergency|urgent|"
                     r"\b(999|911|112)\b", re.I),
    "ar": re.compile(r"(راجع|راجعي|اتصل|اتصلي|أخبر|أخبري|استشر|استشيري)\S*\s+(ال)?طبيب|مساعدة طبية|الطوارئ|طارئ|عاجل|"
                     r"\b(999|911|112)\b"),
}
_SENTENCE = {"en": re.compile(r"(?<=[.!?])\s+(?=[A-Z])"), "ar": re.compile(r"(?<=[.!؟?])\s+")}


def see_a_doctor(risks: list[dict], language: str = SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    """Whole sentences of the risks' descriptions that say when to get medical help: (risk, sentence)."""
    doctor = _DOCTOR.get(language, _DOCTOR[SOURCE_LANGUAGE])
    split = _SENTENCE.get(language, _SENTENCE[SOURCE_LANGUAGE])
    found = []
    for risk in risks:
        for sentence in split.split(" ".join(risk["description"].split())):
            if doctor.search(sentence):
                found.append((risk["name"], sentence.strip()))
    return found


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


def therapy_page(kb: KnowledgeBase, therapy: dict, language: str = SOURCE_LANGUAGE, quality=None, **extra) -> str:
    """A therapy's page; a translated edition passes its localized knowledge base, its language, the quality
    check of the English entry (which is what was measured) and what it changes (`edition_*`)."""
    findings_by_condition: dict[str, list[dict]] = {}
    for finding in therapy["evidence"]:
        findings_by_condition.setdefault(finding["condition"], []).append(finding)
    return _render("therapy.md.j2", kb, language, t=therapy, findings_by_condition=findings_by_condition,
                   alternatives=alternatives(kb, therapy, findings_by_condition),
                   quality=quality or assess(kb, therapy, "therapy"), **extra)


def condition_page(kb: KnowledgeBase, condition: dict, language: str = SOURCE_LANGUAGE, quality=None,
                   **extra) -> str:
    return _render("condition.md.j2", kb, language, c=condition, rows=comparison_rows(kb, condition["id"]),
                   values=values_for(kb, condition["id"]), choices=decisions(kb, condition["id"]), questions=QUESTIONS,
                   quality=quality or assess(kb, condition, "condition"), **extra)


def compare_page(kb: KnowledgeBase, condition: dict, language: str = SOURCE_LANGUAGE, **extra) -> str:
    rows = comparison_rows(kb, condition["id"])
    return _render("compare.md.j2", kb, language, c=condition, rows=rows, situations=situations_in(kb, rows), **extra)


def situation_page(kb: KnowledgeBase, situation_id: str, language: str = SOURCE_LANGUAGE, therapies=None,
                   **extra) -> str:
    """The page for one situation; `therapies` limits it to those options (a translated edition's)."""
    return _render("situation.md.j2", kb, language, s=kb.situations[situation_id],
                   cautions=situation_cautions(kb, situation_id, therapies), **extra)


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


def situation_cautions(kb: KnowledgeBase, situation_id: str, therapies=None) -> dict[str, list[tuple[dict, dict]]]:
    """For one situation: (therapy, answer) pairs by level, and the therapies that have not answered it
    ("not-answered": possible only for situations that are not core). `therapies`: only these ids."""
    found: dict[str, list] = {level: [] for level in SAFETY_LEVELS}
    answered = set()
    chosen = [t for t in kb.therapies.values() if therapies is None or t["id"] in therapies]
    for therapy in sorted(chosen, key=lambda t: t["name"].lower()):
        for answer in therapy["safety"]:
            if answer["situation"] == situation_id:
                found[answer["level"]].append((therapy, answer))
                answered.add(therapy["id"])
    found["not-answered"] = [(t, {}) for t in sorted(chosen, key=lambda t: t["name"].lower())
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
        pages[f"compare/{condition['id']}.md"] = compare_page(kb, condition)
        pages[f"discuss/{condition['id']}.md"] = discuss_page(kb, condition)
    pages["situations/index.md"] = _render("situations-index.md.j2", kb, counts={
        sid: {level: len(pairs) for level, pairs in situation_cautions(kb, sid).items()} for sid in kb.situations})
    for sid in kb.situations:
        pages[f"situations/{sid}.md"] = situation_page(kb, sid)
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
