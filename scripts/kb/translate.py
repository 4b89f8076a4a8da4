"""`kb translate`: write the translation file of an English entry, or refresh it after the English has changed.

A refresh keeps every translated text. Texts whose English changed keep their old fingerprint (so kb validate keeps
reporting them until a translator has checked them); texts whose English moved (a list item added or removed above
them) follow it; items whose English is gone are dropped, and returned so the command can list them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb import schema
from kb.translations import (SCOPES, ENTRY_FOLDERS, SINGLE_FILES, carry_over, english_file, english_texts, entry_kind,
                             fingerprint, scaffold, translation_file)
from kb.yamlload import LoadError, load_file

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class TranslateError(Exception):
    """The translation file cannot be written (unknown entry or language, broken English or translation file)."""


@dataclass
class Refreshed:
    """What `translate` wrote: the file, how many texts it has, and what happened to the earlier ones."""

    file: Path
    created: bool
    texts: int
    untranslated: int
    changed: list[str] = field(default_factory=list)  # translated, but the English changed since: check them
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    dropped: dict[str, str] = field(default_factory=dict)  # path -> the translation dropped with its English


def resolve(data: Path, entry: str) -> str:
    """An entry reference from what an editor typed: therapies/wet-cupping, wet-cupping, red-flags."""
    entry = entry.strip().removesuffix(".yaml").strip("/")
    if entry_kind(entry) is not None:
        return entry
    found = [f"{folder}/{entry}" for folder in ENTRY_FOLDERS if english_file(data, f"{folder}/{entry}").is_file()]
    if len(found) == 1:
        return found[0]
    raise TranslateError(f"{entry!r} is not an entry: give therapies/ID, conditions/ID, "
                         f"{' or '.join(SINGLE_FILES)}")


def _load(file: Path, kind: str, what: str):
    try:
        doc = load_file(file)
    except LoadError as exc:
        raise TranslateError(f"fix the {what} first: {exc.problem.format()}") from None
    problems = schema.check(doc, kind)
    if problems:
        raise TranslateError(f"fix the {what} first: {problems[0].format()}")
    return doc.data


def translate(data: Path, language: str, entry: str, scope: str | None = None,
              conditions: tuple[str, ...] | None = None) -> Refreshed:
    """Write or refresh data/translations/<language>/<entry>.yaml. `scope` and `conditions` default to the
    existing file's (else page scope, every condition)."""
    if not _LANGUAGE.match(language):
        raise TranslateError(f"{language!r} is not a language code: use two or three lower-case letters, e.g. ar")
    entry = resolve(data, entry)
    kind = entry_kind(entry)
    source = english_file(data, entry)
    if not source.is_file():
        raise TranslateError(f"no English entry {entry} ({source} does not exist)")
    english = _load(source, kind, "English entry")
    target = translation_file(data, language, entry)
    existing: dict = {}
    source = ""
    if target.is_file():
        existing = _load(target, "translation", "translation file")
        source = target.read_text(encoding="utf-8")
    scope = scope or existing.get("scope") or "page"
    if scope not in SCOPES:
        raise TranslateError(f"scope {scope!r} is not one of: {', '.join(SCOPES)}")
    if conditions is None:
        conditions = tuple(existing.get("conditions") or ()) if existing.get("scope", scope) == scope else ()
    if conditions and scope != "summary":
        raise TranslateError("--conditions limits a summary translation: give it with --scope summary")
    unknown = [c for c in conditions if not english_file(data, f"conditions/{c}").is_file()]
    if unknown:
        raise TranslateError(f"no condition {', '.join(map(repr, unknown))} in {data / 'conditions'}")

    old = existing.get("texts") or {}
    texts = english_texts(kind, english, scope, conditions)
    items, dropped, moved = carry_over(texts, old)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(scaffold(language, entry, kind, english, scope, conditions, old, source), encoding="utf-8")
    os.replace(temporary, target)
    return Refreshed(
        file=target, created=not existing, texts=len(items),
        untranslated=sum(not item.get("text") for item in items.values()),
        changed=[p for p, item in items.items() if item.get("text") and str(item["en"]) != fingerprint(texts[p])],
        moved=moved, dropped={p: item["text"] for p, item in dropped.items()})
