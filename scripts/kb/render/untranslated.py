"""What a translated edition shows in English, and how it says so. One place for both:

- **Links to pages that are not translated** go to the English page and say so: `mark_missing_links` turns a
  Markdown link to a page the edition does not have into `kb-en:<page>` (so MkDocs' link check leaves it alone),
  and `english_links`, run on each finished HTML page, points every such link, and every raw HTML link to a
  missing page or file, at the English site, with `hreflang="en"` and a visible "(in English)" after its text.
- **Text not translated yet** (an empty translation while translators work, an option with no translation
  file) is wrapped in two private-use characters by `mark`; `english_spans` turns them into
  `<span lang="en" dir="ltr" class="kb-en">` in the page's text and removes them from attributes, the title and
  scripts, so a screen reader switches voice and the page can say that parts are in English.

Pure functions over text: no MkDocs here (the hook calls them, with the words in the page's language).
"""
from __future__ import annotations

import posixpath
import re

from kb.i18n import N_

SCHEME = "kb-en:"
IN_ENGLISH = N_("(in English)")  # said after a link that leads to an English page
ENGLISH = N_("English")  # a link whose text already has this word says where it leads: nothing is added
OPEN, CLOSE = "\ue000", "\ue001"  # private-use code points: never in data (validation rejects control text)


def mark(text: str) -> str:
    """English text standing in for a translation that does not exist yet."""
    return f"{OPEN}{text}{CLOSE}" if text and not str(text).startswith(OPEN) else text


def unmark(text: str) -> str:
    return str(text).replace(OPEN, "").replace(CLOSE, "")


def is_marked(text) -> bool:
    return isinstance(text, str) and OPEN in text


# ---- links -------------------------------------------------------------------------------------------------

_MD_LINK = re.compile(r"\]\((?P<target>[^()\s]+?\.md)(?P<fragment>#[^()\s]*)?\)")


def mark_missing_links(markdown: str, src_path: str, present: set[str],
                       anchors: dict[str, set[str]] | None = None) -> str:
    """Markdown links from `src_path` to .md pages that are not in `present` (the edition's pages, docs-relative
    paths), or to an anchor that a page of `anchors` (page -> its ids; e.g. a translated summary of a longer
    English page) does not have, become `kb-en:` links to the English page, which `english_links` finishes."""
    folder = posixpath.dirname(src_path)
    anchors = anchors or {}

    def swap(match: re.Match) -> str:
        target, fragment = match["target"], match["fragment"] or ""
        if "://" in target or target.startswith(("/", SCHEME)):
            return match[0]
        resolved = posixpath.normpath(posixpath.join(folder, target))
        if resolved.startswith(".."):
            return match[0]
        if resolved in present and not (fragment and resolved in anchors and fragment[1:] not in anchors[resolved]):
            return match[0]
        return f"]({SCHEME}{resolved}{fragment})"

    return _MD_LINK.sub(swap, markdown)


def page_url(src_path: str) -> str:
    """The address of a page inside its site, as MkDocs writes it with directory URLs."""
    stem = src_path[:-3] if src_path.endswith(".md") else src_path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def depth(url: str) -> int:
    """How many folders deep a page address is ('' and '404.html': 0, 'therapies/x/': 2)."""
    return url.count("/")


_ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<body>.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="(?P<href>[^"]*)"')


def english_links(html: str, url: str, present: set[str], prefix: str, note: str, english_word: str = "") -> str:
    """Point the links of an edition's page (at `url` inside the edition) that lead to a page or file the
    edition does not have at the English site instead. `present`: the addresses the edition writes ('' for
    its home, 'therapies/x/', 'stylesheets/kb.css'); `prefix`: from the edition's root to the English root
    ('../'); `note`: the visible words after the link text, e.g. '(in English)', unless the text already has
    `english_word` ("the English page"). Links that already leave the edition (the language selector) and links
    within the page are left as they are."""
    up = "../" * depth(url)
    folder = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)

    def swap(match: re.Match) -> str:
        attrs = match["attrs"]
        found = _HREF.search(attrs)
        if not found or "hreflang=" in attrs:
            return match[0]
        href = found["href"]
        path, hash_, fragment = href.partition("#")
        fragment = hash_ + fragment
        if href.startswith(SCHEME):
            target = page_url(path[len(SCHEME):])
        elif not path or re.match(r"^[a-z][a-z0-9+.-]*:", path) or path.startswith("/"):
            return match[0]
        else:
            resolved = posixpath.normpath(posixpath.join(folder, path))
            if resolved.startswith(".."):
                return match[0]  # already outside the edition (e.g. the language selector)
            resolved = "" if resolved == "." else resolved
            target = resolved + "/" if resolved and (path.endswith("/") or path in (".", "..")) else resolved
            if target in present:
                return match[0]
        new_attrs = attrs.replace(found[0], f'href="{up}{prefix}{target}{fragment}" hreflang="en"', 1)
        if english_word and english_word in match["body"]:
            return f'<a{new_attrs}>{match["body"]}</a>'
        return f'<a{new_attrs}>{match["body"]} <span class="kb-in-english">{note}</span></a>'

    return _ANCHOR.sub(swap, html)


# ---- text not translated yet --------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_RAW = re.compile(r"<(script|style|title|textarea)\b[^>]*>.*?</\1>", re.S)


def english_spans(html: str) -> str:
    """Turn the marks of untranslated text into <span lang="en" dir="ltr" class="kb-en"> in the page's text;
    drop them wherever a span cannot go (inside tags and attributes, the title, scripts)."""
    if OPEN not in html and CLOSE not in html:
        return html
    html = _RAW.sub(lambda m: unmark(m[0]), html)
    html = _TAG.sub(lambda m: unmark(m[0]), html)
    return html.replace(OPEN, '<span lang="en" dir="ltr" class="kb-en">').replace(CLOSE, "</span>")


def has_english(html: str) -> bool:
    return 'class="kb-en"' in html
