"""The translation stage of validation: each file under data/translations/ checked against what it translates.

A translation's problems depend on more than its own bytes: on its English entry (does each path still exist, has
its text changed), on its language's glossary and on the conditions that exist; a translated page's, on its docs/
page. So its report is cached under the digest of all of these: a run where nothing changed reads and hashes a few
files and checks none. The English a file translates is found from where the file sits
(data/translations/ar/therapies/wet-cupping.yaml translates data/therapies/wet-cupping.yaml), which its `entry` must
agree with.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from kb import schema
from kb.cache import ReportCache, fingerprint
from kb.checks import RULES, Context, Finding
from kb.examine import Report
from kb.glossary import Glossary, glossary_of
from kb.paths import docs_dir, kind_of, schema_dir, translation_place
from kb.problems import Level, Problem
from kb.translations import english_file, english_texts, entry_kind
from kb.yamlload import Document, LoadError, decode, load_file, load_text

KINDS = ("translation", "glossary", "translated-page")


@dataclass
class Subject:
    """What a translation rule sees: the file, where it sits, and what it translates."""

    doc: Document
    kind: str  # translation, glossary or translated-page
    language: str  # from the folder
    ref: str  # what the file's place says it translates: therapies/wet-cupping, red-flags, pages/about.md
    english: Any = None  # the English entry's data, or the docs/ page's text (None when missing or invalid)
    english_kind: str | None = None
    english_state: str = "ok"  # ok, missing or invalid (an invalid English entry is reported on its own)
    english_path: str = ""  # as shown in messages
    glossary: Glossary = Glossary()
    conditions: frozenset[str] = frozenset()  # the condition ids that exist

    @cached_property
    def required(self) -> dict[str, str]:
        """The English texts this translation's scope shows, by path."""
        data = self.doc.data
        return english_texts(self.english_kind, self.english, data["scope"], tuple(data.get("conditions") or ()))

    @cached_property
    def translatable(self) -> dict[str, str]:
        """Every English text of the entry written for people, by path."""
        return english_texts(self.english_kind, self.english, "page")

    @property
    def translates_entry(self) -> bool:
        """A translation whose English entry is there to compare with."""
        return self.kind == "translation" and self.english_state == "ok" and self.english_kind is not None \
            and self.doc.data["entry"] == self.ref


def translation_files(data_dir: Path) -> list[Path]:
    """Every file under data/translations/, in a stable order (stray files are reported as such)."""
    folder = data_dir / "translations"
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")),
                  key=lambda p: p.relative_to(folder).as_posix())


def english_of(file: Path, data_dir: Path) -> Path | None:
    """The English file a translation file's place names (None for a glossary)."""
    language, ref = translation_place(file)
    if ref == "glossary":
        return None
    if ref.startswith("pages/"):
        return docs_dir(data_dir) / ref.removeprefix("pages/")
    return english_file(data_dir, ref)


def _read(file: Path | None) -> bytes:
    try:
        return file.read_bytes() if file is not None else b""
    except OSError:
        return b"\0missing"


def _front_matter(text: str, path: str) -> Document:
    """A page's front matter as a document whose positions are the page's lines."""
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise LoadError(Problem(path, 1, 1, Level.ERROR, "a translated page starts with its front matter between "
                                "two '---' lines (translation_of, en, title, description)", "required"))
    head, found, _ = text[4:].partition("\n---\n")
    if not found:
        raise LoadError(Problem(path, 1, 1, Level.ERROR, "the front matter is not closed by a '---' line",
                                "yaml-syntax"))
    return load_text("\n" + head + "\n", path)


class _Glossaries:
    """Each language's glossary: its bytes (for cache keys) and, only when a file is checked, its terms."""

    def __init__(self, data_dir: Path, overlay: dict[Path, Path]):
        self.data_dir, self.overlay = data_dir, overlay
        self.raw: dict[str, bytes] = {}
        self.terms: dict[str, Glossary] = {}

    def file(self, language: str) -> Path:
        default = self.data_dir / "translations" / language / "glossary.yaml"
        return self.overlay.get(default, default)

    def bytes_of(self, language: str) -> bytes:
        if language not in self.raw:
            self.raw[language] = _read(self.file(language))
        return self.raw[language]

    def glossary(self, language: str) -> Glossary:
        if language not in self.terms:
            self.terms[language] = Glossary()
            file = self.file(language)
            if file.is_file():
                try:
                    doc = load_file(file)
                    if not schema.check(doc, "glossary"):
                        self.terms[language] = glossary_of(doc.data)
                except LoadError:
                    pass  # reported as the glossary's own problem
        return self.terms[language]


def check_translations(files: list[Path], data_dir: Path, ctx: Context, display: Callable[[Path], str],
                       cache_dir: Path | None = None, overlay: dict[Path, Path] | None = None,
                       english: dict[Path, Any] | None = None) -> list[Report]:
    """A report per translation file, from the cache where neither it nor what it is checked against changed.
    `overlay` maps a data file to the file checked in its place (kb validate PATH); `english` gives the data of
    English entries already loaded and found valid (the others are read here)."""
    overlay, loaded = overlay or {}, english or {}
    cache = ReportCache(cache_dir, data_dir, fingerprint(schema_dir(), ctx), name="translations") \
        if cache_dir else None
    glossaries = _Glossaries(data_dir, overlay)
    conditions = frozenset(p.stem for p in (data_dir / "conditions").glob("*.yaml"))
    listing = "\n".join(sorted(conditions)).encode()
    reports = []
    for file in files:
        kind, (language, _) = kind_of(file), translation_place(file)
        source = english_of(file, data_dir)
        source = overlay.get(source, source) if source else None
        raw = _read(file)
        h = hashlib.blake2b(digest_size=20)
        for part in (raw, _read(source), glossaries.bytes_of(language) if kind == "translation" else b"", listing):
            h.update(len(part).to_bytes(8, "little") + part)
        key = (display(file), kind, h.hexdigest())
        report = cache.get(*key) if cache is not None else None
        if report is None:
            report = Report(*key, _examine(file, raw, kind, source, loaded.get(source), ctx, display, glossaries,
                                           conditions))
        reports.append(report)
    if cache is not None:
        cache.save(reports)
    return reports


def _examine(file: Path, raw: bytes, kind: str, english: Path | None, english_data: Any, ctx: Context,
             display: Callable[[Path], str], glossaries: _Glossaries, conditions: frozenset[str]) -> list[Problem]:
    path = display(file)
    language, ref = translation_place(file)
    try:
        text = decode(raw, path)
        doc = _front_matter(text, path) if kind == "translated-page" else load_text(text, path)
    except LoadError as exc:
        return [exc.problem]
    problems = schema.check(doc, kind)
    if problems:
        return problems
    glossary = glossaries.glossary(language) if kind == "translation" else Glossary()
    sub = Subject(doc, kind, language, ref, glossary=glossary, conditions=conditions)
    if english is not None:
        sub.english_path = display(english)
        sub.english_kind = entry_kind(ref) if kind == "translation" else None
        if english_data is not None and sub.english_kind is not None:
            sub.english = english_data
        else:
            _read_english(sub, english)
    for rule in RULES:
        if rule.scope == "document":  # text rules (no raw HTML, safe links) hold for translations too
            problems += [_problem(f, doc, rule.name) for f in rule.check(doc, kind, ctx)]
        elif rule.scope == "translation":
            problems += [_problem(f, doc, rule.name) for f in rule.check(sub, ctx)]
    return problems


def _read_english(sub: Subject, english: Path) -> None:
    if not english.is_file():
        sub.english_state = "missing"
        return
    if sub.kind == "translated-page":
        sub.english = english.read_text(encoding="utf-8")
        return
    if sub.english_kind is None:
        return
    try:
        doc = load_file(english, sub.english_path)
    except LoadError:
        sub.english_state = "invalid"
        return
    if schema.check(doc, sub.english_kind):
        sub.english_state = "invalid"
    else:
        sub.english = doc.data


def _problem(f: Finding, doc: Document, rule: str) -> Problem:
    line, column = f.pos or doc.position(f.path, key=f.at_key)
    return Problem(f.doc_path, line, column, f.level, f.message, rule)
