"""`kb new`: write a new entry with guidance comments. It validates except for its TODOs."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import jinja2

from kb.paths import TEMPLATES_DIR
from kb.yamlload import LoadError, load_file

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FOLDERS = {"therapy": "therapies", "condition": "conditions"}


class ScaffoldError(Exception):
    """The scaffold cannot be written (bad id, or the file exists)."""


def core_situations(data_dir: Path) -> list[str]:
    """The situations every therapy must answer (`core: true` in situations.yaml), in their order."""
    path = data_dir / "situations.yaml"
    if not path.exists():
        return []
    try:
        doc = load_file(path, str(path))
    except LoadError:  # kb validate reports it; the scaffold still gets written
        return []
    return [s["id"] for s in doc.data["situations"] if s.get("core")]


def write_scaffold(kind: str, ident: str, data_dir: Path, today: date | None = None) -> Path:
    if not _ID.match(ident) or len(ident) > 80:
        raise ScaffoldError(f"{ident!r} is not a valid id: use lower-case letters, digits and single hyphens, "
                            "e.g. dry-needling")
    target = data_dir / FOLDERS[kind] / f"{ident}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; edit it instead")
    today = today or date.today()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "scaffold"),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    text = env.get_template(f"{kind}.yaml.j2").render(
        id=ident, name=ident.replace("-", " ").capitalize(), today=today.isoformat(),
        next_review=(today + timedelta(days=730)).isoformat(), core=core_situations(data_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
