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
from functools import lru_cache
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

# What a translation can translate: an entry in a folder ("therapies/wet-cupping") or a single file ("red-flags").
ENTRY_FOLDERS = {"therapies": "therapy", "conditions": "condition"}
SINGLE_FILES = ("situations", "red-flags")


def entry_kind(entry_ref: str) -> str | None:
    """'therapy', 'condition', 'situations' or 'red-flags' for an entry reference; None if it names none of them."""
    folder, _, ident = entry_ref.partition("/")
    if ident:
        return ENTRY_FOLDERS.get(folder) if ident and "/" not in ident else None
    return entry_ref if entry_ref in SINGLE_FILES else None


def english_file(data: Path, entry_ref: str) -> Path:
    """The English data file an entry reference names: data/therapies/wet-cupping.yaml, data/red-flags.yaml."""
    return data / f"{entry_ref}.yaml"


def translation_file(data: Path, language: str, entry_ref: str) -> Path:
    """Where the translation of an entry into `language` lives: data/translations/ar/therapies/wet-cupping.yaml."""
    return translations_dir(data, language) / f"{entry_ref}.yaml"


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


@lru_cache(maxsize=None)
def _pattern(patterns: tuple[str, ...]) -> re.Pattern:
    """One expression for a set of path patterns ("evidence/*/summary": any finding's summary)."""
    return re.compile("|".join(re.escape(p).replace(r"\*", r"[0-9]+") for p in patterns))


def english_texts(kind: str, entry: dict, scope: str = "page", conditions: tuple[str, ...] = ()) -> dict[str, str]:
    """Every English text a translation of `entry` must carry, by path, in the entry's order. With scope
    "summary", only what comparisons and Option Grids show (findings limited to `conditions` when given)."""
    wanted = _pattern(TRANSLATABLE[kind] if scope == "page" else SUMMARY_FIELDS)
    found = {}
    for path, text in _leaves(entry):
        joined = "/".join(path)
        if not wanted.fullmatch(joined):
            continue
        if scope == "summary" and conditions and path[0] == "evidence":
            if entry["evidence"][int(path[1])]["condition"] not in conditions:
                continue
        found[joined] = text
    return found


def carry_over(english: dict[str, str], existing: dict[str, dict]) -> tuple[dict[str, dict], dict[str, dict],
                                                                          list[tuple[str, str]]]:
    """The items of a refreshed translation (path -> {"en", "text"}, in the English order), the translated items
    dropped because their English is gone, and the items moved (old path, new path).

    A translated item keeps its text. Where its English is unchanged it stays (or moves, when a list item was added
    or removed above it and its English now sits at another path); where its English changed it keeps its old `en`,
    so that kb validate reports it until a translator has checked it. Untranslated items get the current `en`."""
    done = {path: item for path, item in existing.items() if item and item.get("text")}
    wanted = {path: fingerprint(text) for path, text in english.items()}
    items: dict[str, dict] = {}
    moved = []
    for path, en in wanted.items():  # the same English at the same path
        if path in done and str(done[path].get("en")) == en:
            items[path] = done.pop(path)
    for path, en in wanted.items():  # the same English at another path
        if path not in items:
            other = next((p for p, item in done.items() if str(item.get("en")) == en), None)
            if other is not None:
                items[path] = done.pop(other)
                moved.append((other, path))
    for path in wanted:  # the English at this path changed: keep the text and its old fingerprint
        if path not in items and path in done:
            items[path] = done.pop(path)
    result = {path: items.get(path) or {"en": en, "text": ""} for path, en in wanted.items()}
    return result, done, moved


def _scalar(value: str) -> str:
    """A text as one YAML scalar on the rest of its line (quoted when YAML would read it otherwise; with its line
    breaks written as \\n when it has any)."""
    import yaml  # only the scaffolding command writes YAML

    style = '"' if "\n" in value else None
    body = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style=style).strip()
    return body.removesuffix("...").strip()  # safe_dump ends a lone plain scalar with a document end marker


def _fingerprint_scalar(en: str) -> str:
    """A fingerprint that YAML would read as a number (all digits, or digits around an e) is quoted."""
    return f"'{en}'" if re.fullmatch(r"[0-9e]+", en) else en


_ITEM = re.compile(r"^  ([^\s#][^:]*):\s*$")


def _written(source: str) -> dict[str, list[str]]:
    """The `text:` lines of each item of a translation file as the translator wrote them (block or quoted, wrapped
    or not), by path, so that a refresh leaves them as they were."""
    found: dict[str, list[str]] = {}
    path, lines = None, None
    for line in source.splitlines():
        if lines is not None and (not line.strip() or line.startswith("      ")):
            lines.append(line)
            continue
        lines = None
        item = _ITEM.match(line)
        if item:
            path = item.group(1)
        elif path and line.startswith("    text:"):
            lines = found[path] = [line]
    for kept in found.values():
        while kept and not kept[-1].strip():
            kept.pop()
    return found


def scaffold(language: str, entry_ref: str, kind: str, entry: dict, scope: str = "page",
             conditions: tuple[str, ...] = (), existing: dict | None = None, source: str = "") -> str:
    """The text of a translation file for `entry`: each English text as a comment, its fingerprint, and the
    translation kept from `existing` (an earlier file's `texts`, see `carry_over`; written as in its `source`) or
    left empty for the translator."""
    english = english_texts(kind, entry, scope, conditions)
    existing = existing or {}
    items, _, _ = carry_over(english, existing)
    written = _written(source)
    origin = {id(item): path for path, item in existing.items()}
    up = "../" * (entry_ref.count("/") + 2)
    lines = [
        f"# yaml-language-server: $schema={up}schema/translation.schema.json",
        f"# Translation of {entry_ref}. Translate only the `text` of each item; keep `en` as it is (it records which",
        "# English text you translated). Numbers, levels, verdicts and sources come from the English entry.",
        f"language: {language}",
        f"entry: {entry_ref}",
        f"scope: {scope}",
    ]
    if scope == "summary" and conditions:
        lines.append(f"conditions: [{', '.join(conditions)}]")
    lines.append("texts:")
    for path, text in english.items():
        item = items[path]
        lines.append(f"  # EN: {' '.join(text.split())}")
        lines.append(f"  {path}:")
        lines.append(f"    en: {_fingerprint_scalar(str(item['en']))}")
        kept = written.get(origin.get(id(item), ""))
        lines += kept if kept and item.get("text") else [f"    text: {_scalar(item.get('text') or '')}"]
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
    """The translated paths whose English text has changed since (its fingerprint no longer matches). A text not
    translated yet is not stale: the English is shown in its place."""
    current = {"/".join(path): text for path, text in _leaves(entry)}
    return [path for path, item in texts.items()
            if path in current and item and item.get("text") and str(item.get("en")) != fingerprint(current[path])]


def translated_whole(files: dict[str, dict], folder: str, known: dict) -> list[str]:
    """The ids of the entries of `folder` ("therapies", "conditions") that `files` (as `load` gives them) translate
    whole (scope "page"), and that the knowledge base has (`known`), in id order. The web edition and print both
    decide their pages and PDFs by this."""
    prefix = folder + "/"
    return sorted(ref[len(prefix):] for ref, item in files.items()
                  if ref.startswith(prefix) and item["scope"] == "page" and ref[len(prefix):] in known)


def translations_dir(data: Path, language: str) -> Path:
    return data / "translations" / language


def load(data: Path, language: str) -> dict[str, dict]:
    """The translation files of `language`, by the English entry they translate ("therapies/wet-cupping",
    "conditions/episodic-migraine", "situations", "red-flags"): {"file", "scope", "conditions", "texts"}
    ("conditions": the conditions a summary is limited to; empty for all). Files are checked by
    kb validate; this only reads them."""
    import yaml

    found = {}
    folder = translations_dir(data, language)
    for file in sorted(folder.rglob("*.yaml")) if folder.is_dir() else ():
        if file.name == "glossary.yaml":
            continue
        # libyaml's loader when present (about ten times faster; the build reads every file once per language)
        content = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        if isinstance(content, dict) and "entry" in content:
            found[content["entry"]] = {"file": file, "scope": content.get("scope", "page"),
                                       "conditions": tuple(content.get("conditions") or ()),
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
