"""Where things live in a checkout: the project root, the data folders and the schemas."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def project_root() -> Path:
    """The folder holding mkdocs.yml: $KB_ROOT, else the nearest parent of the working directory."""
    if os.environ.get("KB_ROOT"):
        return Path(os.environ["KB_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    # an editable install inside the checkout: scripts/kb -> root
    return PACKAGE_DIR.parents[1]


def data_dir(root: Path | None = None) -> Path:
    """The data folder: $KB_DATA_DIR (used by tests and benchmarks), else data/ in the project."""
    if os.environ.get("KB_DATA_DIR"):
        return Path(os.environ["KB_DATA_DIR"]).resolve()
    return (root or project_root()) / "data"


def schema_dir() -> Path:
    """The schemas always come from the project, whatever data folder is being checked."""
    return project_root() / "data" / "schema"


# Which schema a file follows, from the folder it sits in or its own name.
KIND_BY_FOLDER = {"therapies": "therapy", "conditions": "condition", "sources": "source"}
KIND_BY_NAME = {"situations.yaml": "situations", "red-flags.yaml": "red-flags"}


def docs_dir(data: Path | None = None) -> Path:
    """The authored pages: docs/ beside the data folder when there is one, else the project's."""
    if data is not None and (data.parent / "docs").is_dir():
        return data.parent / "docs"
    return project_root() / "docs"


TRANSLATIONS = "translations"
TRANSLATION_FOLDERS = ("therapies", "conditions", "pages")


def translation_place(file: Path) -> tuple[str, str] | None:
    """(language, what the file translates by its place) for a file under translations/<language>/:
    ("ar", "therapies/wet-cupping"), ("ar", "red-flags"), ("ar", "glossary"), ("ar", "pages/about.md");
    None for any other file."""
    parts = file.parts
    if TRANSLATIONS not in parts[:-1]:
        return None
    rest = parts[len(parts) - parts[::-1].index(TRANSLATIONS):]
    if len(rest) == 2 and rest[1].endswith(".yaml"):
        return rest[0], rest[1].removesuffix(".yaml")
    if len(rest) == 3 and rest[1] in TRANSLATION_FOLDERS and rest[2].endswith(".md" if rest[1] == "pages" else ".yaml"):
        return rest[0], f"{rest[1]}/{rest[2].removesuffix('.yaml')}"
    return None


def kind_of(file: Path) -> str | None:
    """'therapy', 'condition', 'source', 'situations', 'red-flags', 'translation', 'glossary', 'translated-page',
    or None for other files."""
    place = translation_place(file)
    if place is not None:
        return "glossary" if place[1] == "glossary" else "translated-page" if place[1].startswith("pages/") \
            else "translation"
    if file.name in KIND_BY_NAME:
        return KIND_BY_NAME[file.name]
    if file.suffix == ".yaml":
        return KIND_BY_FOLDER.get(file.parent.name)
    return None


def site_url(root: Path | None = None) -> str:
    """The published address from mkdocs.yml (its `!ENV KB_SITE_URL` default applies), ending in '/'."""
    from mkdocs.utils.yaml import yaml_load

    with open((root or project_root()) / "mkdocs.yml", encoding="utf-8") as handle:
        url = yaml_load(handle).get("site_url") or "http://127.0.0.1:8000/"
    return url if url.endswith("/") else url + "/"
