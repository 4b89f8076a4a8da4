"""MkDocs hooks (mkdocs.yml `hooks:`): a thin adapter that feeds the knowledge base into MkDocs.

on_config validates the data and expands the navigation; on_files adds the generated pages, the open
data under api/ and the Atom feed in memory (nothing is written to docs/); on_page_markdown checks
authored pages carry a review date.
Hook modules are not reloaded by `mkdocs serve`, so all logic lives in the `kb` package.
"""
from __future__ import annotations

import logging
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb.mkdocs_adapter import expand_nav, load_valid, site_context
from kb.render.api import api_files
from kb.render.changelog import FEED, atom_feed, whats_new_page
from kb.render.site import navigation, site_pages

log = logging.getLogger("mkdocs.plugins.kb")
_state: dict = {}


def on_config(config):
    result = load_valid(config)  # raises PluginError listing every problem
    _state["kb"] = result.kb
    config.nav = expand_nav(config.nav, navigation(result.kb))
    config.extra["kb"] = site_context(result.kb)
    return config


def on_files(files, config):
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


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def on_page_markdown(markdown, page, config, files):
    if page.file.generated_by is None:
        reviewed = str(page.meta.get("last_reviewed", ""))
        if not _DATE.match(reviewed):
            raise PluginError(f"docs/{page.file.src_uri}:1:1: error: authored pages need "
                              f"'last_reviewed: YYYY-MM-DD' in their front matter (authored-page)")
    return markdown
