"""Theme helper for the templates in overrides/ (a mkdocs.yml `hooks:` entry of its own, so that any MkDocs
site with these overrides can use it, with or without the knowledge base).

Material renders the whole navigation on every page. With `navigation.prune` only the sections on the
current page's path are expanded, but an expanded section still lists every item in it: each of N
therapy pages re-rendered its ~N/6 siblings through Jinja macros, so the build grew with N². An item
that is not on the page's path renders the same on every page whose links to it are the same, so
`kb_nav_children` (called by overrides/partials/nav-item.html in place of Material's loop) renders
such items once and splices in only the one item that holds the current page. The output is unchanged
byte for byte.
"""
from __future__ import annotations

import posixpath
from collections import Counter

import jinja2


def on_env(env, config, files):
    env.globals["kb_nav_children"] = nav_children_renderer()  # a fresh cache for every build
    return env


def nav_children_renderer():
    """A `kb_nav_children(render_child, section, index, path, level)` template function with its own cache."""
    chunks: dict[tuple, list] = {}  # (section, where the page's links start from) -> rendered child or None
    positions: dict[int, dict[int, int]] = {}  # id(section) -> {id(child): position}
    under: Counter = Counter()  # for each folder URL, how many navigation URLs lie in it (or are it)
    nav_page_urls: set[str] = set()

    def index_navigation(nav) -> None:
        for item in _walk(nav.items):
            url = getattr(item, "url", None)
            if url is None:
                continue
            if item.is_page:
                nav_page_urls.add(url)
            under.update({url[:i + 1] for i, ch in enumerate(url) if ch == "/"} | {url + "/"})

    def origin(page) -> tuple:
        """Pages whose relative links to every other navigation item are the same share an origin.

        A link from page URL `a/b/` to a URL outside `a/b/` is '../' followed by the link from `a/`, so
        all pages in one folder share their links, except to what lies inside themselves."""
        url = page.url
        if not url.endswith("/") or under[url] != (1 if url in nav_page_urls else 0):
            return ("page", url)
        return ("folder", posixpath.dirname(url.rstrip("/")))

    @jinja2.pass_context
    def kb_nav_children(context, render_child, section, index, path, level) -> str:
        children = section.children
        page = context.get("page")
        if page is None or not hasattr(page, "url"):  # e.g. the 404 page: nothing to share
            return "".join(str(render_child(item, n, index, path, level, section)) for n, item in enumerate(children, 1))
        if not under:
            index_navigation(context["nav"])
        key = (id(section), origin(page))
        rendered = chunks.get(key)
        if rendered is None:
            rendered = chunks[key] = [None] * len(children)
        where = positions.get(id(section))
        if where is None:
            where = positions[id(section)] = {id(item): n for n, item in enumerate(children)}
        # the child on the page's path (the page itself, or the section holding it) is rendered every time
        node, current = page, None
        while node is not None:
            if node.parent is section:
                current = where.get(id(node))
                break
            node = node.parent
        if None in rendered:  # only while this origin has not yet seen every child off its path
            for n, item in enumerate(children):
                if rendered[n] is None and n != current:
                    rendered[n] = str(render_child(item, n + 1, index, path, level, section))
        if current is None:
            return "".join(rendered)
        fresh = str(render_child(children[current], current + 1, index, path, level, section))
        return "".join(rendered[:current]) + fresh + "".join(rendered[current + 1:])

    return kb_nav_children


def _walk(items):
    for item in items:
        yield item
        if item.children:
            yield from _walk(item.children)
