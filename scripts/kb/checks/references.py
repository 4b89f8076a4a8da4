"""Reference rules: every source, condition, situation and related therapy named in an entry exists."""
from __future__ import annotations

import difflib

from kb.checks.registry import Finding, rule
from kb.facts import TODO_SOURCE
from kb.problems import Level


def _missing(what: str, ident: str, known) -> str:
    hint = difflib.get_close_matches(ident, list(known), n=1)
    return f"unknown {what} {ident!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")


@rule("unknown-source", "knowledge-base")
def unknown_sources(index, facts, ctx):
    """Every id under a `sources:` list names a file in data/sources/."""
    for fact in facts:
        for target, ident in fact.refs:
            if target == "source" and ident not in index["source"]:
                yield Finding(fact.doc_path, (), _missing("source", ident, index["source"]), ref=(target, ident))


@rule("unknown-reference", "knowledge-base")
def unknown_references(index, facts, ctx):
    """Conditions in findings, situations in contraindications, related therapies and therapies named in
    interactions all exist."""
    for fact in facts:
        own = {ident for ident, _, _ in fact.defines}
        for target, ident in fact.refs:
            if target == "source":
                continue
            if target == "therapy" and ident in own:
                yield Finding(fact.doc_path, (), "a therapy cannot refer to itself (in related or interactions)", ref=(target, ident))
            elif ident not in index[target]:
                yield Finding(fact.doc_path, (), _missing(target, ident, index[target]), ref=(target, ident))


@rule("todo", "document")
def todo_markers(doc, kind, ctx):
    """Scaffolds from `kb new` mark unfinished parts with TODO; `--strict` (used for builds) rejects them."""
    level = Level.ERROR if ctx.strict else Level.WARNING
    for path, value in doc.texts:
        if "TODO" in value or value == TODO_SOURCE and path and isinstance(path[-1], int):
            yield Finding(doc.path, path, "unfinished: replace the TODO", level)
