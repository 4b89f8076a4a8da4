"""Print documents as HTML (for WeasyPrint): a leaflet per therapy, a handout per condition, the book."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

from kb.knowledge import KnowledgeBase
from kb.paths import TEMPLATES_DIR
from kb.render import site as site_render
from kb.render.decisions import QUESTIONS, values_for
from kb.render.figures import certainty_meter, icon_array
from kb.render.inline_html import to_html
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


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "print"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    site_env = site_render.environment()
    for name in ("category_label", "used_for_label", "certainty_label", "status_label", "frequency_label",
                 "seriousness_label", "level_label", "verdict_label"):
        env.filters[name] = site_env.filters[name]
    env.globals.update(icon_array=icon_array, certainty_meter=certainty_meter)
    env.filters.update(html=to_html, number=number, plain=plain, short_authors=short_authors, short_name=site_render.short_name)
    return env


def stylesheet() -> str:
    return (TEMPLATES_DIR / "print" / "print.css").read_text(encoding="utf-8")


def page_url(site_url: str, kind: str, ident: str) -> str:
    return f"{site_url.rstrip('/')}/{kind}/{ident}/"


def leaflet_html(kb: KnowledgeBase, therapy_id: str, paper: str, site_url: str) -> str:
    therapy = kb.therapies[therapy_id]
    citations = PrintCitations(kb.sources)
    url = page_url(site_url, "therapies", therapy_id)
    return environment().get_template("leaflet.html.j2").render(
        t=therapy, kb=kb, cite=citations.cite, citations=citations, paper=PAPERS[paper], url=url,
        qr_svg=qr_svg(url))


def handout_html(kb: KnowledgeBase, condition_id: str, paper: str, site_url: str) -> str:
    url = page_url(site_url, "conditions", condition_id)
    return environment().get_template("handout.html.j2").render(
        c=kb.conditions[condition_id], kb=kb, rows=site_render.comparison_rows(kb, condition_id),
        values=values_for(kb, condition_id), questions=QUESTIONS,
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

