"""MkDocs hooks (mkdocs.yml `hooks:`): a thin adapter that feeds the knowledge base into MkDocs.

on_config validates the data and expands the navigation; on_files adds the generated pages, the open
data under api/ and the Atom feed in memory (nothing is written to docs/); on_page_markdown checks
authored pages carry a review date.

The same mkdocs.yml builds one project per language (Material's way): `kb build` builds each language of
`extra.alternate` with `extra.kb_edition` set (kb.mkdocs_adapter.edition_overrides), and then these hooks build
that edition's pages only (kb.render.edition), send its links to untranslated pages to the English site
(kb.render.untranslated), and link every page to its twin in the other language.
Hook modules are not reloaded by `mkdocs serve`, so all logic lives in the `kb` package.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb.i18n import translations
from kb.mkdocs_adapter import expand_nav, load_valid, main_language, other_editions, site_context
from kb.render import untranslated
from kb.render.api import api_files
from kb.render.changelog import FEED, atom_feed, whats_new_page
from kb.render.edition import Edition
from kb.render.site import navigation, site_pages

log = logging.getLogger("mkdocs.plugins.kb")
_state: dict = {}


def _edition(config) -> dict | None:
    return config.extra.get("kb_edition")


def on_config(config):
    result = load_valid(config)  # raises PluginError listing every problem
    _state.clear()
    _state["kb"] = result.kb
    docs = Path(config.docs_dir)
    edition = _edition(config)
    if edition:
        ed = _state["edition"] = Edition.load(result.kb, edition["language"], docs)
        config.nav = ed.navigation()
        config.extra["kb"] = site_context(ed.kb)
        snippets = config.mdx_configs.get("pymdownx.snippets")
        if snippets is not None:  # the edition's own includes first (includes/<language>/support.md, ...)
            local = Path(config.config_file_path).parent / "includes" / ed.language
            snippets["base_path"] = [str(local)] + list(snippets.get("base_path") or [])
            snippets["auto_append"] = []  # the glossary's hover texts are English
        _state["language"] = ed.language
        _state["source"] = edition["source"]
        _state["twins"] = {edition["source"]: ed.paths()}
        _state["folders"] = {edition["source"]: "", ed.language: edition["folder"]}
    else:
        config.nav = expand_nav(config.nav, navigation(result.kb))
        config.extra["kb"] = site_context(result.kb)
        _state["language"] = _state["source"] = main_language(config)
        _state["twins"] = {alt["lang"]: Edition.load(result.kb, alt["lang"], docs).paths()
                           for alt in other_editions(config)}
        _state["folders"] = {alt["lang"]: alt["link"].strip("/") for alt in other_editions(config)}
    _state["names"] = {alt["lang"]: alt["name"] for alt in config.extra.get("alternate") or []}
    return config


def on_files(files, config):
    if _edition(config):
        return _edition_files(files, config)
    kb = _state["kb"]
    for path, markdown in {**site_pages(kb), **whats_new_page(kb)}.items():
        authored = files.get_file_from_path(path)
        if authored is not None:
            raise PluginError(f"docs/{path}:1:1: error: this authored page has the same address as a page "
                              f"generated from data/; rename or remove it (page-collision)")
        files.append(File.generated(config, path, content=markdown))
    pages = {f.src_uri for f in files if f.src_uri.endswith(".md")}
    published = {**api_files(kb, config.site_url or "", pages), FEED: atom_feed(kb, config.site_url or "")}
    for path, content in published.items():  # open data (api/) and the feed of changes
        files.append(File.generated(config, path, content=content))
    return files


def _edition_files(files, config):
    """An edition has only its translated pages: docs/ pages are replaced by their translations or left out."""
    ed: Edition = _state["edition"]
    for file in list(files):
        if file.src_uri.endswith(".md"):
            files.remove(file)
    for path in ed.doc_pages:
        files.append(File.generated(config, path, content=ed.doc_page(path)))
    for path, markdown in ed.generated_pages().items():
        files.append(File.generated(config, path, content=markdown))
    _state["present_pages"] = {f.src_uri for f in files if f.src_uri.endswith(".md")}
    _state["present_urls"] = {"" if f.url == "./" else f.url for f in files}
    _state["anchors"] = ed.doc_anchors()
    return files


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def on_page_markdown(markdown, page, config, files):
    if page.file.generated_by is None:
        reviewed = str(page.meta.get("last_reviewed", ""))
        if not _DATE.match(reviewed):
            raise PluginError(f"docs/{page.file.src_uri}:1:1: error: authored pages need "
                              f"'last_reviewed: YYYY-MM-DD' in their front matter (authored-page)")
    if _edition(config):
        for key in ("title", "description"):
            if key in page.meta:
                page.meta[key] = untranslated.unmark(page.meta[key])
        markdown = untranslated.mark_missing_links(markdown, page.file.src_uri, _state["present_pages"],
                                                   _state["anchors"])
    return markdown


def on_page_content(html, page, config, files):
    if _edition(config):
        html = untranslated.english_spans(html)
        for item in _walk_toc(page.toc):
            item.title = untranslated.unmark(item.title)
        page.meta["kb_has_english"] = untranslated.has_english(html)
    return html


def _walk_toc(items):
    for item in items:
        yield item
        yield from _walk_toc(item.children)


def on_page_context(context, page, config, nav):
    """Each page's language links: to its twin where the other language has one (else to that language's home),
    in the language selector, and as <link rel="alternate" hreflang> in the head (Material's loop over
    `extra.alternate`, set here for the page being rendered: the twins, or only the page itself)."""
    here = _state["language"]
    links, head = [], []
    for lang, name in _state["names"].items():
        has_twin = lang == here or page.file.src_uri in _state["twins"].get(lang, ())
        target = page.url if has_twin else ""
        links.append({"name": name, "lang": lang, "link": _relative(page.url, here, lang, target), "twin": has_twin})
        if has_twin:
            head.append({"name": name, "lang": lang, "link": _absolute(config, here, lang, target)})
        if lang != here and has_twin and lang == _state["source"]:
            context["kb_source_page"] = links[-1]["link"]
    context["kb_alternates"] = links
    config.extra["alternate"] = head
    if _edition(config):  # an edition has no feed of its own: the English one
        context["kb_feed"] = _relative(page.url, here, _state["source"], FEED)
    return context


def on_template_context(context, template_name, config):
    """Pages that are not documents (404.html): each language's home, by its full address."""
    here = _state["language"]
    context["kb_alternates"] = [{"name": name, "lang": lang, "link": _absolute(config, here, lang, ""), "twin": False}
                                for lang, name in _state["names"].items()]
    config.extra["alternate"] = [a for a in context["kb_alternates"] if a["lang"] == here]
    if _edition(config):
        context["kb_feed"] = _absolute(config, here, _state["source"], FEED)
    return context


def _root_of(language: str) -> str:
    folder = _state["folders"].get(language, "")
    return folder + "/" if folder else ""


def _relative(url: str, here: str, there: str, target: str) -> str:
    """From the page at `url` in edition `here` to `target` in edition `there`."""
    up = "../" * untranslated.depth(url) + "../" * _root_of(here).count("/")
    return (up + _root_of(there) + target) or "./"


def _absolute(config, here: str, there: str, target: str) -> str:
    base = config.site_url or ""
    folder = _root_of(here)
    if folder and base.endswith(folder):
        base = base[: -len(folder)]
    return base + _root_of(there) + target


def on_post_page(output, page, config):
    if _edition(config):
        ed: Edition = _state["edition"]
        from kb.i18n import RIGHT_TO_LEFT

        direction = "rtl" if ed.language in RIGHT_TO_LEFT else "ltr"
        output = re.sub(r"<html lang=\"([^\"]+)\"", rf'<html lang="\1" dir="{direction}"', output, count=1)
        catalogue = translations(ed.language)
        up = "../" * _root_of(ed.language).count("/")
        output = untranslated.english_links(output, page.url, _state["present_urls"], up,
                                            catalogue.gettext(untranslated.IN_ENGLISH),
                                            catalogue.gettext(untranslated.ENGLISH))
        output = untranslated.english_spans(output)
    return output
