"""Babel extractors for interface text that is not in templates or Python calls (locale/site.babel.cfg names them):

- `extract_labels`: the enum labels the pages show (each schema's `x-labels`, and the certainty levels'
  `x-meanings`), as pgettext messages whose context names the enum (kb.render.site.LABELS), so "Moderate" as a
  certainty and "Moderate" as a seriousness can be translated apart;
- `extract_mkdocs`: the site's name, description and copyright line from mkdocs.yml.

Each yields (line number, function name, message, comments), as Babel's extraction method interface asks.
"""
from __future__ import annotations

import json
from pathlib import Path


def _pointers() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Schema file name -> [(gettext context, pointer inside that schema)]."""
    from kb.render.site import CERTAINTY_MEANING_CONTEXT, LABELS

    found: dict[str, list] = {}
    for context, (kind, *pointer) in LABELS.values():
        found.setdefault(f"{kind}.schema.json", []).append((context, tuple(pointer), "x-labels"))
    found["therapy.schema.json"].append((CERTAINTY_MEANING_CONTEXT, ("definitions", "certainty"), "x-meanings"))
    return found


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def extract_labels(fileobj, keywords, comment_tags, options):
    name = Path(getattr(fileobj, "name", "")).name
    wanted = _pointers().get(name)
    if not wanted:
        return
    text = fileobj.read().decode("utf-8")
    schema = json.loads(text)
    for context, pointer, key in wanted:
        node = schema
        for part in pointer:
            node = node[part]
        for code, words in node.get(key, {}).items():
            yield _line_of(text, json.dumps(words, ensure_ascii=False)), "pgettext", (context, words), [
                f"{key} of {'/'.join(pointer)}: {code}"]


def extract_mkdocs(fileobj, keywords, comment_tags, options):
    text = fileobj.read().decode("utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        for key in ("site_name", "site_description", "copyright"):
            if line.startswith(key + ":"):
                value = line.split(":", 1)[1].strip()
                if value and not value.startswith("!"):
                    yield number, "gettext", value.strip("'\""), [f"mkdocs.yml {key}"]
