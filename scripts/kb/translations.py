"""Translations as data: which English texts of an entry a translation carries, and the fingerprint that ties each
translated text to the English it was made from.

A translation file (data/translations/<language>/<kind>/<id>.yaml, or .../red-flags.yaml, .../situations.yaml) holds
only human-written text. Numbers, levels, verdicts, certainty, sources and dates always come from the English entry.
Each text is addressed by its path in the English entry ("evidence/0/summary") and records `en`, a fingerprint of
the English text it translates; when the English changes, the fingerprints no longer match and the translation is
reported as possibly out of date (kb validate warns, kb review lists it, the page says so).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Iterator

# The English fields that are written for people (and so are translated), per kind of entry. "*" is any list item.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "therapy": (
        "name", "other_names/*", "how_taken", "time_to_benefit", "bottom_line/text", "what_it_is",
        "what_happens/session", "what_happens/course", "what_happens/feels_like",
        "how_it_may_work/*/mechanism", "how_it_may_work/*/explanation",
        "evidence/*/compared_with", "evidence/*/outcome", "evidence/*/question", "evidence/*/result",
        "evidence/*/summary", "evidence/*/certainty_reason", "evidence/*/absolute/event",
        "unknowns/*", "risks/*/name", "risks/*/description", "risks/*/frequency_detail", "safety/*/reason",
        "practical/finding_a_practitioner", "practical/hygiene", "practical/cost",
        "claims_examined/*/claim", "claims_examined/*/short_verdict", "claims_examined/*/explanation",
        "without_treatment/text", "questions_to_ask/*", "overuse/text", "interactions/*/with", "interactions/*/effect",
    ),
    "condition": (
        "name", "other_names/*", "summary/text", "diagnosis/text", "how_common/text", "natural_course/text",
        "urgent_care/text",
    ),
    "situations": ("situations/*/name", "situations/*/description"),
    "red-flags": ("title", "emergency/*", "emergency_action", "urgent/*", "urgent_action",
                  "emergency_short/*", "urgent_short/*"),
}

# A therapy that is only listed in translated comparisons and Option Grids (not given its own translated page)
# needs just the texts those show.
SUMMARY_FIELDS = ("name", "how_taken", "time_to_benefit", "evidence/*/question", "evidence/*/summary",
                  "evidence/*/absolute/event", "risks/*/name")

SCOPES = ("page", "summary")


def fingerprint(text: str) -> str:
    """The fingerprint of an English text: the first 12 hex digits of the SHA-256 of its words (spacing and line
    breaks do not count, so re-wrapping a YAML paragraph is not a change)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (str(key),))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (str(index),))
    elif isinstance(value, str):
        yield path, value


def _matches(path: tuple[str, ...], pattern: str) -> bool:
    parts = pattern.split("/")
    return len(parts) == len(path) and all(p == "*" and q.isdigit() or p == q for p, q in zip(parts, path))


def english_texts(kind: str, entry: dict, scope: str = "page", conditions: tuple[str, ...] = ()) -> dict[str, str]:
    """Every English text a translation of `entry` must carry, by path, in the entry's order. With scope
    "summary", only what comparisons and Option Grids show (findings limited to `conditions` when given)."""
    patterns = TRANSLATABLE[kind] if scope == "page" else SUMMARY_FIELDS
    found = {}
    for path, text in _leaves(entry):
        if not any(_matches(path, pattern) for pattern in patterns):
            continue
        if scope == "summary" and conditions and path[0] == "evidence":
            if entry["evidence"][int(path[1])]["condition"] not in conditions:
                continue
        found["/".join(path)] = text
    return found


def is_translatable(kind: str, path: str) -> bool:
    return any(_matches(tuple(path.split("/")), pattern) for pattern in TRANSLATABLE[kind])


_WRAP = re.compile(r"(.{1,100})(?:\s+|$)")


def scaffold(language: str, entry_ref: str, kind: str, entry: dict, scope: str = "page",
             conditions: tuple[str, ...] = (), existing: dict | None = None) -> str:
    """The text of a translation file for `entry`: each English text as a comment, its fingerprint, and the
    translation kept from `existing` (an earlier file's `texts`) or left empty for the translator."""
    import yaml  # only the scaffolding command writes YAML

    existing = existing or {}
    lines = [
        "# yaml-language-server: $schema=../../../schema/translation.schema.json",
        f"# Translation of {entry_ref}. Translate only the `text` of each item; keep `en` as it is (it records which",
        "# English text you translated). Numbers, levels, verdicts and sources come from the English entry.",
        f"language: {language}",
        f"entry: {entry_ref}",
        f"scope: {scope}",
        "texts:",
    ]
    for path, text in english_texts(kind, entry, scope, conditions).items():
        old = existing.get(path) or {}
        lines.append(f"  # EN: {' '.join(text.split())}")
        lines.append(f"  {path}:")
        lines.append(f"    en: {old.get('en', fingerprint(text)) if old.get('text') else fingerprint(text)}")
        body = yaml.safe_dump(old.get("text", ""), allow_unicode=True, width=1000).strip()
        if body.endswith("\n..."):
            body = body[:-4].strip()
        body = body.removesuffix("...").strip()
        lines.append(f"    text: {body}")
    return "\n".join(lines) + "\n"


def localize(entry: dict, texts: dict[str, dict]) -> dict:
    """A copy of the English `entry` with each translated text (path -> {"en": fingerprint, "text": ...}) put in
    place of its English. Everything else (numbers, levels, verdicts, sources, dates) stays the English data's.
    Paths that no longer exist in the entry are left out (kb validate reports them)."""
    import copy

    result = copy.deepcopy(entry)
    for path, item in texts.items():
        if not item or not item.get("text"):
            continue
        *parents, last = path.split("/")
        node: Any = result
        try:
            for part in parents:
                node = node[int(part)] if isinstance(node, list) else node[part]
            if isinstance(node, list):
                node[int(last)] = item["text"]
            elif last in node:
                node[last] = item["text"]
        except (KeyError, IndexError, ValueError, TypeError):
            continue
    return result


def stale(entry: dict, texts: dict[str, dict]) -> list[str]:
    """The paths whose English text has changed since it was translated (its fingerprint no longer matches)."""
    current = {"/".join(path): text for path, text in _leaves(entry)}
    return [path for path, item in texts.items()
            if path in current and item and item.get("en") != fingerprint(current[path])]


def translations_dir(data: Path, language: str) -> Path:
    return data / "translations" / language


def load(data: Path, language: str) -> dict[str, dict]:
    """The translation files of `language`, by the English entry they translate ("therapies/wet-cupping",
    "conditions/episodic-migraine", "situations", "red-flags"): {"file", "scope", "texts"}. Files are checked by
    kb validate; this only reads them."""
    import yaml

    found = {}
    folder = translations_dir(data, language)
    for file in sorted(folder.rglob("*.yaml")) if folder.is_dir() else ():
        if file.name == "glossary.yaml":
            continue
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if isinstance(content, dict) and "entry" in content:
            found[content["entry"]] = {"file": file, "scope": content.get("scope", "page"),
                                       "texts": content.get("texts") or {}}
    return found


def load_pages(data: Path, language: str) -> dict[str, dict]:
    """Translated hand-written pages (data/translations/<language>/pages/*.md), by the docs/ page they translate:
    {"file", "meta" (front matter), "markdown"}."""
    import yaml

    found = {}
    folder = translations_dir(data, language) / "pages"
    for file in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        text = file.read_text(encoding="utf-8")
        meta, body = {}, text
        if text.startswith("---\n"):
            head, _, body = text[4:].partition("\n---\n")
            meta = yaml.safe_load(head) or {}
        found[meta.get("translation_of", file.name)] = {"file": file, "meta": meta, "markdown": body}
    return found
