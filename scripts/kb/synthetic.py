"""Synthetic knowledge bases for benchmarks: N therapy entries made by varying the real ones.

Each copy keeps its original's shape, size and references (sources, conditions, situations); the first
copy of each real entry keeps its id and name (so pages that link to real entries, such as the home page,
still resolve in a strict build), the others get a new id and name. `related` points at other synthetic
entries, so cross-file checks have real work to do. Written outside data/ (the caller gives the folder).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path


def make(data_dir: Path, target: Path, therapies: int) -> Path:
    """Copy data/ to `target` with exactly `therapies` therapy files; returns `target`."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("therapies"))
    (target / "therapies").mkdir()
    for condition in (target / "conditions").glob("*.yaml"):  # its chosen options may not all be copied
        text = condition.read_text(encoding="utf-8")
        condition.write_text(re.sub(r"(?m)^option_grid:\n(?:[ #].*(?:\n|$))*", "", text), encoding="utf-8")
    originals = sorted((data_dir / "therapies").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in originals]

    present = {ident_of_original.stem for ident_of_original in originals[:therapies]}

    def ident_of(i: int) -> str:
        stem = originals[i % len(originals)].stem
        return stem if i < len(originals) else f"{stem}-{i:05d}"

    for i in range(therapies):
        ident = ident_of(i)
        text = texts[i % len(originals)]
        if i >= len(originals):
            text = re.sub(r"(?m)^id: .*$", f"id: {ident}", text, count=1)
            text = re.sub(r"(?m)^name: (.*)$", lambda m: f"name: {m.group(1).strip(chr(34))[:72]} {i}", text, count=1)
        neighbours = {(i + k) % therapies for k in (1, 2)} - {i}
        related = ", ".join(ident_of(j) for j in sorted(neighbours))
        text = re.sub(r"(?ms)^related:.*?(?=^\S)", f"related: [{related}]\n", text, count=1)
        text = re.sub(r"(?m)^(\s+therapies: )\[(.*)\]$", lambda m: _existing(m, present), text)
        (target / "therapies" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return target


def _existing(match: re.Match, present: set[str]) -> str:
    """An interaction's `therapies:` list, keeping only entries this synthetic knowledge base has."""
    kept = [ident.strip() for ident in match.group(2).split(",") if ident.strip() in present]
    return f"{match.group(1)}[{', '.join(kept)}]"
