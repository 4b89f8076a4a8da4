"""The per-file stage of validation: load, schema, document rules and facts for one file.

`examine` is a pure function of the file's bytes, its kind and the context, which is what lets
validation cache its reports by content hash and run it on several cores.
"""
from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb import schema
from kb.checks import RULES, Context, Finding
from kb.facts import Facts, facts_of
from kb.problems import Level, Problem
from kb.yamlload import Document, LoadError, decode, load_text


@dataclass
class Report:
    """What one file contributes: its problems, and for a schema-valid file its facts and data."""

    display: str
    kind: str
    digest: str
    problems: list[Problem] = field(default_factory=list)
    facts: Facts | None = None
    data: Any = None


@dataclass(frozen=True)
class Job:
    """One file to examine: where it is, how it is shown in messages, and its kind."""

    file: Path
    display: str
    kind: str
    keep_data: bool = True  # False when only checking: the data is not sent back


def digest(raw: bytes) -> str:
    """The content hash reports are cached under."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def examine(job: Job, ctx: Context) -> Report:
    """Load and check one file; never raises for bad content."""
    try:
        raw = job.file.read_bytes()
    except OSError as exc:
        return Report(job.display, job.kind, "", [Problem(job.display, 1, 1, Level.ERROR,
                                                          f"cannot read file: {exc.strerror}", "io")])
    report = Report(job.display, job.kind, digest(raw))
    try:
        doc = load_text(decode(raw, job.display), job.display)
    except LoadError as exc:
        report.problems.append(exc.problem)
        return report
    report.problems = schema.check(doc, job.kind)
    if report.problems:
        return report
    for rule in RULES:
        if rule.scope == "document":
            report.problems += [_problem(f, doc, rule.name) for f in rule.check(doc, job.kind, ctx)]
    report.facts = facts_of(doc, job.kind)
    report.data = doc.data if job.keep_data else None
    return report


def examine_many(jobs: list[Job], ctx: Context) -> list[Report]:
    """Examine a batch (the unit of work sent to another process), with the garbage collector paused:
    the data has no reference cycles."""
    gc.disable()
    return [examine(job, ctx) for job in jobs]


def _problem(f: Finding, doc: Document, rule: str) -> Problem:
    line, column = f.pos or doc.position(f.path, key=f.at_key)
    return Problem(f.doc_path, line, column, f.level, f.message, rule)
