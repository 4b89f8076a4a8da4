"""Print documents as HTML (for WeasyPrint): a leaflet per therapy, a handout per condition, the book.

Interface text goes through gettext (kb.i18n, domain "print"): English is the identity; a translated edition
(`language`) renders the same templates with its catalogue, its localized knowledge base (kb.render.localized)
and `dir="rtl"` where the language is written right to left."""
from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

from kb.i18n import SOURCE_LANGUAGE, install
from kb.knowledge import CERTAINTY_ORDER, KnowledgeBase, main_harms
from kb.paths import TEMPLATES_DIR
from kb.render import site as site_render
from kb.render.decisions import QUESTIONS, values_for
from kb.render.derived import comparison_rows
from kb.render.figures import certainty_meter
from kb.render.grids import DECISIONS, best_finding, grid_decisions, grid_options
from kb.render.inline_html import to_html
from kb.render.localized import localized
from kb.render.qr import qr_svg
from kb.render.text import Citations, number, plain, short_authors

PAPERS = {"a4": "A4", "letter": "letter"}


class PrintCitations(Citations):
    """Citations rendered as superscript HTML numbers; in the book, numbered by the bibliography."""

    def cite(self, idents) -> Markup:
        numbers = [self.number(i) for i in idents or []]
        if not numbers:
            return Markup("")
        return Markup("<sup>[{}]</sup>").format(Markup(",").join(Markup(str(n)) for n in numbers))


# Enum labels, in the document's language: the web pages' filters (kb.render.site, gettext domain "site")
LABEL_FILTERS = ("category_label", "used_for_label", "certainty_label", "status_label", "frequency_label",
                 "seriousness_label", "level_label", "verdict_label")


@lru_cache(maxsize=None)
def environment(language: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """The print templates' environment for `language`: its gettext catalogue (kb.i18n), and the enum labels,
    icon arrays and certainty meanings of the web pages in the same language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "print"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    install(env, language)
    site_env = site_render.environment(language)
    for name in LABEL_FILTERS:
        env.filters[name] = site_env.filters[name]
    env.globals.update(icon_array=site_env.globals["icon_array"], certainty_meter=certainty_meter,
                       main_harms=main_harms, certainty_meanings=site_env.globals["certainty_meanings"])
    env.filters["css_content"] = css_content
    env.filters["ltr"] = isolate_ltr if env.globals["text_direction"] == "rtl" else _same
    env.tests["stating"] = states_numbers
    env.filters.update(html=to_html, number=number, plain=plain, short_authors=short_authors,
                       short_name=site_render.short_name)
    return env


def states_numbers(text: str, absolute: dict) -> bool:
    """Whether a written result already gives the numbers with and without the option (then they are not
    printed twice)."""
    found = set(re.findall(r"\d[\d,.]*", str(text)))
    return {number(absolute["with_therapy"]), number(absolute["without_therapy"])} <= {n.rstrip(".,") for n in found}


def css_content(message: str) -> Markup:
    """A translated message as a CSS `content` value: quoted strings, with `%(page)s` and `%(pages)s` turned into
    page counters (for the running header and footer, _page_margins.html.j2)."""
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", str(message)):
        if piece in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({piece[2:-2]})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
    return Markup(" ".join(parts))


def isolate_ltr(text) -> Markup:
    """Left-to-right text (a web address) inside right-to-left text, isolated so that its slashes and dots stay
    where they belong (Unicode LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE; not printed, not in the text)."""
    return Markup("\u2066") + text + Markup("\u2069")


def _same(text):
    return text


def stylesheet() -> str:
    return (TEMPLATES_DIR / "print" / "print.css").read_text(encoding="utf-8")


def page_url(site_url: str, kind: str, ident: str, language: str = SOURCE_LANGUAGE) -> str:
    """The web page a document points to: the English page, or its twin in the language's edition (/ar/...)."""
    edition = "" if language == SOURCE_LANGUAGE else f"/{language}"
    return f"{site_url.rstrip('/')}{edition}/{kind}/{ident}/"


def _in_language(kb: KnowledgeBase, language: str) -> KnowledgeBase:
    return kb if language == SOURCE_LANGUAGE else localized(kb, language)


def alternatives(kb: KnowledgeBase, therapy: dict, limit: int = 3) -> list[dict]:
    """Other options for the same condition, with their most certain result in numbers, for the leaflet's
    'What else you could try': per decision the option is used for, the most certain of the editor's
    Option-Grid choices (then of the others), taking the decisions in turn."""
    if not therapy["evidence"]:
        return []
    condition_id = therapy["evidence"][0]["condition"]
    per_decision = []
    for decision in therapy["used_for"]:
        chosen = grid_options(kb, condition_id, decision)
        others = [r["therapy"] for r in comparison_rows(kb, condition_id) if decision in r["therapy"]["used_for"]]
        ranked = []
        for group in (chosen, others):
            rows = [{"therapy": t, "best": best_finding(t, condition_id), "condition": kb.conditions[condition_id],
                     "decision": decision}
                    for t in group if t["id"] != therapy["id"]]
            rows = [r for r in rows if "absolute" in r["best"]]
            ranked += sorted(rows, key=lambda r: CERTAINTY_ORDER.index(r["best"]["certainty"]))
        per_decision.append(ranked)
    found: dict[str, dict] = {}
    for turn in range(max(map(len, per_decision), default=0)):
        for ranked in per_decision:
            if turn < len(ranked) and ranked[turn]["therapy"]["id"] not in found and len(found) < limit:
                found[ranked[turn]["therapy"]["id"]] = ranked[turn]
    return list(found.values())


# The leaflet's forms, longest first: (findings shown, alternatives shown, alternatives by their numbers only,
# claims shown with their short verdicts, questions to ask shown). A leaflet is meant for both sides of one sheet: one that runs past two
# pages is laid out again in the next form (kb.pdf); whole items are left out, and the leaflet says how many are
# online. When even the shortest form needs more than two pages, the longest form that fits four is used.
LEAFLET_FORMS = [(3, 3, False, 5, 6), (3, 3, False, 3, 6), (2, 2, False, 3, 4), (1, 2, False, 2, 4), (1, 2, True, 2, 3)]
TIGHT_FROM = 4  # the last form also sets lines closer (1.15, not 1.24), questions in two columns, the QR code on page 1


def leaflet_findings(therapy: dict, limit: int = LEAFLET_FORMS[0][0]) -> list[dict]:
    """The findings a leaflet shows: the most certain, preferring those with numbers, in the data's order.
    Whole findings are left out (the leaflet says how many are online), never cut."""
    ranked = sorted(therapy["evidence"], key=lambda f: (CERTAINTY_ORDER.index(f["certainty"]), "absolute" not in f,
                                                        "question" not in f))
    keep = {id(f) for f in ranked[:limit]}
    return [f for f in therapy["evidence"] if id(f) in keep]


def _no_citation(idents) -> Markup:
    """Leaflets carry no citation numbers: their sources are listed on the web page the QR code opens."""
    return Markup("")


def cited_sources(therapy: dict, kb: KnowledgeBase) -> list[str]:
    """Every source the entry cites, in the order first cited."""
    found = re.findall(r"'([a-z0-9][a-z0-9-]*)'", str(therapy))
    return [ident for ident in dict.fromkeys(found) if ident in kb.sources]


def leaflet_html(kb: KnowledgeBase, therapy_id: str, paper: str, site_url: str, form: int = 0,
                 language: str = SOURCE_LANGUAGE) -> str:
    kb = _in_language(kb, language)
    therapy = kb.therapies[therapy_id]
    url = page_url(site_url, "therapies", therapy_id, language)
    n_findings, n_alternatives, numbers_only, claims_shown, questions_shown = LEAFLET_FORMS[form]
    others = alternatives(kb, therapy, n_alternatives)
    compare_url = page_url(site_url, "compare", others[0]["condition"]["id"], language) if others else ""
    return environment(language).get_template("leaflet.html.j2").render(
        t=therapy, kb=kb, cite=_no_citation, sources=cited_sources(therapy, kb), paper=PAPERS[paper], url=url,
        qr_svg=qr_svg(url), harms=main_harms(therapy["risks"]), alternatives=others, compare_url=compare_url,
        findings=leaflet_findings(therapy, n_findings), numbers_only=numbers_only, claims_shown=claims_shown,
        questions_shown=questions_shown, see_a_doctor=partial(site_render.see_a_doctor, language=language),
        tight=form >= TIGHT_FROM)


def grid_html(kb: KnowledgeBase, condition_id: str, decision: str, paper: str, site_url: str,
              tight: bool = False, language: str = SOURCE_LANGUAGE) -> str:
    """The Option-Grid handout for one condition and decision: options side by side against patients' questions."""
    kb = _in_language(kb, language)
    condition = kb.conditions[condition_id]
    options = grid_options(kb, condition_id, decision)
    checked = [t for t in kb.therapies_for(condition_id) if decision in t["used_for"]]
    url = page_url(site_url, "compare", condition_id, language)
    return environment(language).get_template("grid.html.j2").render(
        c=condition, kb=kb, decision=decision, decision_label=DECISIONS[decision], options=options,
        best={t["id"]: best_finding(t, condition_id) for t in options}, checked=len(checked),
        chosen="option_grid" in condition and decision in condition["option_grid"], tight=tight,
        paper=PAPERS[paper], url=url, qr_svg=qr_svg(url))


def handout_html(kb: KnowledgeBase, condition_id: str, paper: str, site_url: str,
                 language: str = SOURCE_LANGUAGE) -> str:
    kb = _in_language(kb, language)
    url = page_url(site_url, "conditions", condition_id, language)
    return environment(language).get_template("handout.html.j2").render(
        c=kb.conditions[condition_id], kb=kb, rows=comparison_rows(kb, condition_id),
        values=values_for(kb, condition_id), questions=QUESTIONS, grids=grid_decisions(kb, condition_id),
        decision_labels=DECISIONS, compare_url=page_url(site_url, "compare", condition_id, language),
        paper=PAPERS[paper], url=url, qr_svg=qr_svg(url))


def _policy_html(docs_dir: Path) -> Markup:
    """The authored editorial policy page, without its front matter, with its links made plain text."""
    text = (docs_dir / "editorial-policy.md").read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", text)  # site-relative links mean nothing on paper
    return Markup(markdown.markdown(text, extensions=["tables"]))


def book_html(kb: KnowledgeBase, paper: str, site_url: str, docs_dir: Path) -> str:
    sources = sorted(kb.sources.values(), key=lambda s: (s["authors"][0].lower(), s["year"], s["id"]))
    citations = PrintCitations(kb.sources, order=[s["id"] for s in sources])
    reviewed = [e["review"]["last_reviewed"] for e in [*kb.therapies.values(), *kb.conditions.values()]]
    return environment().get_template("book.html.j2").render(
        kb=kb, cite=citations.cite, citations=citations, paper=PAPERS[paper], url=site_url,
        conditions=sorted(kb.conditions.values(), key=lambda c: c["name"].lower()),
        groups=site_render.ordered_groups(kb), edition=max(reviewed, default=""), policy_html=_policy_html(docs_dir))

