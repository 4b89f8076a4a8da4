"""What one document tells the rest of the knowledge base: the ids it defines and the ids it refers to.

Knowledge-base rules (unknown references, duplicate ids) work on these small records rather than on
whole documents, so a cached run needs only the facts of unchanged files, not their data. References
are kept as unique (kind, id) pairs; when one turns out to be broken, `locate` finds where it is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from kb.yamlload import Document

TODO_SOURCE = "todo"  # what `kb new` writes where a source is still to be found


@dataclass
class Facts:
    """The ids one valid document defines (with positions), its identifiers, and what it refers to."""

    doc_path: str
    kind: str
    defines: list[tuple[str, tuple, tuple[int, int]]] = field(default_factory=list)  # (id, path, pos)
    identifiers: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)  # doi/pmid -> (value, pos)
    refs: tuple[tuple[str, str], ...] = ()  # unique (target kind, id): "source", "condition", "situation", "therapy"
    core: tuple[str, ...] = ()  # situations: the ids every therapy must answer (core: true)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)  # named positions, e.g. "safety" -> pos
    offers: tuple[tuple[str, str], ...] = ()  # therapies: (condition, decision) pairs it has evidence and a use for
    grid: tuple[tuple[str, tuple[str, ...], tuple[int, int]], ...] = ()  # conditions: (decision, ids, pos) chosen


def references(doc: Document, kind: str) -> Iterator[tuple[str, str, tuple]]:
    """Every reference in a schema-valid document: (target kind, id, path)."""
    if kind == "source":
        return
    for path, value in doc.texts:
        if len(path) > 1 and path[-2] == "sources" and value != TODO_SOURCE:
            yield "source", value, path
    if kind == "condition":
        for decision, ids in doc.data.get("option_grid", {}).items():
            for k, other in enumerate(ids):
                yield "therapy", other, ("option_grid", decision, k)
    if kind == "therapy":
        data = doc.data
        for i, finding in enumerate(data["evidence"]):
            yield "condition", finding["condition"], ("evidence", i, "condition")
        for i, item in enumerate(data["safety"]):
            yield "situation", item["situation"], ("safety", i, "situation")
        for i, ident in enumerate(data.get("label_check", {}).get("documents", [])):
            yield "source", ident, ("label_check", "documents", i)
        for i, other in enumerate(data["related"]):
            yield "therapy", other, ("related", i)
        for i, item in enumerate(data["interactions"]):
            for k, other in enumerate(item.get("therapies", [])):
                yield "therapy", other, ("interactions", i, "therapies", k)


def locate(doc: Document, kind: str, target: str, ident: str) -> list[tuple[tuple, tuple[int, int]]]:
    """Where a reference is written: (path, position) of each occurrence."""
    return [(path, doc.position(path)) for t, i, path in references(doc, kind) if t == target and i == ident]


def facts_of(doc: Document, kind: str) -> Facts:
    """Collect the facts of a schema-valid document."""
    data = doc.data
    facts = Facts(doc.path, kind)
    if kind in ("therapy", "condition", "source"):
        facts.defines.append((data["id"], ("id",), doc.position(("id",))))
    elif kind == "situations":
        facts.defines += [(s["id"], ("situations", i, "id"), doc.position(("situations", i, "id")))
                          for i, s in enumerate(data["situations"])]
        facts.core = tuple(s["id"] for s in data["situations"] if s.get("core"))
    if kind == "therapy":
        facts.anchors["safety"] = doc.position(("safety",), key=True)
        conditions = dict.fromkeys(f["condition"] for f in data["evidence"])
        facts.offers = tuple((c, use) for c in conditions for use in data["used_for"])
    if kind == "condition":
        facts.grid = tuple((decision, tuple(ids), doc.position(("option_grid", decision), key=True))
                           for decision, ids in data.get("option_grid", {}).items())
    if kind == "source":
        for key in ("doi", "pmid"):
            if data.get(key):
                facts.identifiers[key] = (str(data[key]).lower(), doc.position((key,)))
    facts.refs = tuple(dict.fromkeys((t, i) for t, i, _ in references(doc, kind)))
    return facts
