"""Identity rules: ids match file names and are unique; sources are not listed twice."""
from __future__ import annotations

from pathlib import PurePath

from kb.checks.registry import Finding, rule
from kb.problems import Level


@rule("id-matches-filename", "document")
def id_matches_filename(doc, kind, ctx):
    """An entry's `id` equals its file name without .yaml, so addresses and references stay predictable."""
    if kind in ("therapy", "condition", "source"):
        stem = PurePath(doc.path).stem
        if doc.data["id"] != stem:
            yield Finding(doc.path, ("id",), f"id {doc.data['id']!r} does not match the file name {stem!r}")


@rule("duplicate-id", "document")
def duplicate_situations(doc, kind, ctx):
    """Situations are unique within their list."""
    if kind != "situations":
        return
    seen: set[str] = set()
    for i, item in enumerate(doc.data["situations"]):
        if item["id"] in seen:
            yield Finding(doc.path, ("situations", i, "id"), f"situation id {item['id']!r} is listed twice")
        seen.add(item["id"])


@rule("duplicate-id", "knowledge-base")
def duplicate_ids(index, facts, ctx):
    """No two entries of one kind share an id."""
    for kind in ("therapy", "condition", "source"):
        seen: dict[str, str] = {}
        for fact in (f for f in facts if f.kind == kind):
            for ident, path, pos in fact.defines:
                if ident in seen:
                    yield Finding(fact.doc_path, path, f"{kind} id {ident!r} is already used by {seen[ident]}", pos=pos)
                else:
                    seen[ident] = fact.doc_path


@rule("duplicate-source", "knowledge-base")
def duplicate_sources(index, facts, ctx):
    """The same DOI or PMID is not entered as two sources (a warning: merge them)."""
    for key in ("doi", "pmid"):
        seen: dict[str, str] = {}
        for fact in (f for f in facts if f.kind == "source"):
            if key not in fact.identifiers:
                continue
            value, pos = fact.identifiers[key]
            if value in seen:
                yield Finding(fact.doc_path, (key,), f"{key.upper()} {value} is also in {seen[value]}", Level.WARNING,
                              pos=pos)
            else:
                seen[value] = fact.doc_path
