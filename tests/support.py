"""Shared test helpers (constants and functions); fixtures live in conftest.py."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI_KB = FIXTURES / "mini-kb"
DATA = Path(os.environ.get("KB_DATA_DIR") or ROOT / "data").resolve()  # tests may point at a snapshot

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_kb(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python -m kb ...` in a subprocess, exactly as an editor would from the shell."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kb", *args], capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=600)


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def walk(value, path: tuple = ()):
    """Yield (path, value) for the value itself and everything inside it, depth first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, path + (i,))


def mutated(doc, path: tuple, replacement, delete: bool):
    """A deep copy of `doc` with the value at `path` replaced, or deleted."""
    import copy
    doc = copy.deepcopy(doc)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return doc
