"""A cache of per-file validation reports, keyed by file content, so re-validating after one edit is quick.

The cache is one file per data folder, under `.cache/kb/`, written with `marshal` (plain tuples load
several times faster than pickled objects). Its fingerprint covers everything else a
report depends on: the kb package's code, the schemas, library versions, today's date and --strict.
Any change there starts a fresh cache; a missing or damaged cache file is simply rebuilt.
"""
from __future__ import annotations

import hashlib
import os
import marshal
import sys
from importlib import metadata
from pathlib import Path

from kb.checks import Context
from kb.examine import Report
from kb.facts import Facts
from kb.problems import Level, Problem

_PACKAGE = Path(__file__).resolve().parent


def fingerprint(schema_folder: Path, ctx: Context) -> str:
    """A hash of what reports depend on besides the file itself."""
    h = hashlib.blake2b(digest_size=20)
    for file in sorted(_PACKAGE.rglob("*.py")) + sorted(schema_folder.glob("*.json")):
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    versions = [metadata.version(name) for name in ("PyYAML", "jsonschema", "jsonschema-rs", "pyphen")]
    h.update(repr((sys.version, versions, ctx.today.isoformat(), ctx.strict)).encode())
    return h.hexdigest()


def _pack(report: Report) -> tuple:
    problems = tuple((p.path, p.line, p.column, p.level.value, p.message, p.rule) for p in report.problems)
    f = report.facts
    facts = None if f is None else (f.doc_path, f.kind, tuple(f.defines), tuple(f.identifiers.items()), f.refs, f.core,
                                    tuple(f.anchors.items()), f.offers, f.grid)
    return problems, facts


def _unpack(key: tuple[str, str, str], packed: tuple) -> Report:
    problems, facts = packed
    report = Report(*key, [Problem(path, line, column, Level(level), message, rule)
                           for path, line, column, level, message, rule in problems])
    if facts is not None:
        doc_path, kind, defines, identifiers, refs, core, anchors, offers, grid = facts
        report.facts = Facts(doc_path, kind, list(defines), dict(identifiers), refs, core, dict(anchors), offers, grid)
    return report


class ReportCache:
    """Reports (problems and facts, not data) by (display path, kind, content digest) for one data folder; `name`
    keeps the reports of one stage of validation apart from another's."""

    def __init__(self, folder: Path, data_dir: Path, key: str, name: str = "validate"):
        folder_hash = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=8).hexdigest()
        self.file = folder / f"{name}-{folder_hash}.marshal"
        self.key = key
        self.entries: dict[tuple[str, str, str], tuple] = {}
        try:
            stored_key, entries = marshal.loads(self.file.read_bytes())
            if stored_key == key and isinstance(entries, dict):
                self.entries = entries
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or one we cannot read: start afresh

    def get(self, display: str, kind: str, digest: str) -> Report | None:
        key = (display, kind, digest)
        packed = self.entries.get(key)
        try:
            return None if packed is None else _unpack(key, packed)
        except (ValueError, TypeError):
            return None

    def save(self, reports: list[Report]) -> None:
        """Keep exactly this run's reports (so the file does not grow with old versions)."""
        entries = {(r.display, r.kind, r.digest): r for r in reports if r.digest}
        if entries.keys() == self.entries.keys():
            return
        packed = {key: self.entries.get(key) or _pack(report) for key, report in entries.items()}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((self.key, packed)))
        os.replace(tmp, self.file)
