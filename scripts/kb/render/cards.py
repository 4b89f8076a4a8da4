"""Tables that become cards on phones: each body data cell gets its column's header as `data-label`.

The stylesheet (docs/stylesheets/kb.css) stacks a table's rows as cards under 600 px and prints each
cell's label before it, so no column is hidden in a sideways scroller. Works on any table with a
<thead>, generated or authored, Markdown or raw HTML; cells that already carry a data-label keep it.
A Markdown extension (mkdocs.yml `markdown_extensions: [kb.render.cards]`), so any build of the same
pages with the same extensions writes the same HTML.
"""
from __future__ import annotations

import html
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_HEAD = re.compile(r"<thead\b.*?</thead>", re.S)
_BODY = re.compile(r"<tbody\b.*?</tbody>", re.S)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)
_CELL_OPEN = re.compile(r"<(td|th)\b([^>]*)>")
_TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def _label_row(row: str, labels: list[str]) -> str:
    column = iter(labels)

    def add(match: re.Match) -> str:
        label = next(column, "")
        if match.group(1) == "th" or not label or "data-label=" in match.group(2):  # a row header names its card
            return match.group(0)
        return f'<{match.group(1)}{match.group(2)} data-label="{html.escape(label, quote=True)}">'
    return _CELL_OPEN.sub(add, row)


def _label_table(table: str) -> str:
    head = _HEAD.search(table)
    body = _BODY.search(table)
    if not head or not body:
        return table
    labels = [_text(cell) for cell in _HEADER_CELL.findall(head.group(0))]
    rows = _ROW.sub(lambda m: _label_row(m.group(0), labels), body.group(0))
    return table[:body.start()] + rows + table[body.end():]


def label_cells(page_html: str) -> str:
    """The page's HTML with a data-label on every body cell of every table that has a header row."""
    return _TABLE.sub(lambda m: _label_table(m.group(0)), page_html)


class _LabelCells(Postprocessor):
    def run(self, text: str) -> str:
        return label_cells(text)


class CardsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.postprocessors.register(_LabelCells(md), "kb-cards", 5)  # after raw HTML is put back (30)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return CardsExtension(**kwargs)
