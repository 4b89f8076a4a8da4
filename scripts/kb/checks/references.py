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


GRID_MIN = 3


@rule("option-grid", "knowledge-base")
def option_grid(index, facts, ctx):
    """A condition's option grid names, per decision, options that have a finding for the condition and are
    used for that decision; at least 3 unless fewer such options have been checked (unknown ids are
    reported by unknown-reference)."""
    offered: dict[tuple[str, str], set[str]] = {}
    for fact in facts:
        if fact.kind == "therapy":
            ident = fact.defines[0][0]
            for pair in fact.offers:
                offered.setdefault(pair, set()).add(ident)
    for fact in facts:
        if fact.kind != "condition" or not fact.defines:
            continue
        condition = fact.defines[0][0]
        chosen = {decision for decision, _, _ in fact.grid}
        for decision in ("attack", "prevention"):
            if decision not in chosen and len(offered.get((condition, decision), ())) >= GRID_MIN:
                yield Finding(fact.doc_path, (), f"no option_grid.{decision}: the Option-Grid handout for this "
                              "decision shows the most certain options instead of ones an editor chose",
                              Level.WARNING, pos=fact.defines[0][2])
        for decision, ids, pos in fact.grid:
            fitting = offered.get((condition, decision), set())
            for ident in ids:
                if ident in index["therapy"] and ident not in fitting:
                    yield Finding(fact.doc_path, (), f"option_grid.{decision}: {ident!r} has no finding for "
                                  f"{condition!r} or is not used for {decision!r} (used_for)", pos=pos)
            if len(ids) < min(GRID_MIN, len(fitting)):
                yield Finding(fact.doc_path, (), f"option_grid.{decision}: {len(ids)} option(s); choose at least "
                              f"{min(GRID_MIN, len(fitting))} of the {len(fitting)} checked for this decision", pos=pos)
