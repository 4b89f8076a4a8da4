"""Open data: the knowledge base as JSON files with their schemas, an index, and the comparison table as CSV.

`api_files` returns {path under the site: text}; the MkDocs hook adds them to the site in memory, under
api/. Everything comes from the data, never from the clock, so the same data gives the same bytes.
Kept independent of MkDocs like the page renderer.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from kb.knowledge import KnowledgeBase
from kb.paths import TEMPLATES_DIR, schema_dir
from kb.render.derived import comparison_rows

FORMAT_VERSION = 1
INDEX_SCHEMA = TEMPLATES_DIR / "api" / "index.schema.json"

# kind -> (folder of the per-entry files under api/, schema file, folder of the web pages)
ENTRY_KINDS = {
    "therapy": ("therapies", "therapy.schema.json", "therapies"),
    "condition": ("conditions", "condition.schema.json", "conditions"),
    "source": ("sources", "source.schema.json", None),
}

CSV_COLUMNS = ["condition_id", "condition", "therapy_id", "therapy", "purpose", "compared_with", "outcome",
               "certainty", "per", "with_therapy", "without_therapy", "event", "studies", "participants",
               "do_not_use", "ask_first", "not_studied"]


def to_json(value) -> str:
    """Stable, readable JSON text: the data's own key order, UTF-8, one trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def page_url(markdown_path: str) -> str:
    """'therapies/acupuncture.md' -> 'therapies/acupuncture/' (the site uses directory URLs)."""
    stem = markdown_path[:-len(".md")]
    if stem == "index":
        return ""
    return (stem[:-len("index")] if stem.endswith("/index") else stem + "/")


def api_files(kb: KnowledgeBase, site_url: str, pages: set[str] | frozenset = frozenset()) -> dict[str, str]:
    """Every open-data file by its path in the site. `pages` are the site's Markdown pages (paths in
    docs/), used to link an entry to its web page only where there is one."""
    files: dict[str, str] = {}
    entries: list[dict] = []

    def page_of(markdown_path: str) -> str | None:
        return page_url(markdown_path) if markdown_path in pages else None

    for kind, (folder, _, page_folder) in ENTRY_KINDS.items():
        collection = {"therapy": kb.therapies, "condition": kb.conditions, "source": kb.sources}[kind]
        for ident in sorted(collection):
            entry = collection[ident]
            path = f"api/{folder}/{ident}.json"
            files[path] = to_json(entry)
            entries.append({
                "id": ident,
                "kind": kind,
                "name": entry.get("name") or entry.get("title"),
                "json": path,
                "page": page_of(f"{page_folder}/{ident}.md") if page_folder else page_of("references.md"),
                "last_reviewed": entry["review"]["last_reviewed"] if "review" in entry else None,
            })
    files["api/situations.json"] = to_json({"situations": list(kb.situations.values())})
    for sid, situation in kb.situations.items():
        entries.append({"id": sid, "kind": "situation", "name": situation["name"], "json": "api/situations.json",
                        "page": page_of(f"situations/{sid}.md"), "last_reviewed": None})
    files["api/red-flags.json"] = to_json(kb.red_flags)
    entries.append({"id": "red-flags", "kind": "red-flags", "name": kb.red_flags.get("title", "Warning signs"),
                    "json": "api/red-flags.json", "page": page_of("red-flags.md"), "last_reviewed": None})
    files["api/comparison.csv"] = comparison_csv(kb)

    schemas = {}
    for schema_file in sorted(schema_dir().glob("*.schema.json")):
        files[f"api/schema/{schema_file.name}"] = schema_file.read_text(encoding="utf-8")
        schemas[schema_file.name] = f"api/schema/{schema_file.name}"
    files["api/schema/index.schema.json"] = INDEX_SCHEMA.read_text(encoding="utf-8")
    schemas["index.schema.json"] = "api/schema/index.schema.json"

    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode("utf-8") + b"\0")
    reviewed = [e["last_reviewed"] for e in entries if e["last_reviewed"]]
    files["api/index.json"] = to_json({
        "$schema": "schema/index.schema.json",
        "title": "Headache Options: open data",
        "format_version": FORMAT_VERSION,
        "generated_from": "The YAML files in data/ of the Headache Options knowledge base, after validation "
                          "against the schemas listed here; the same data always gives the same files.",
        "data_version": "sha256:" + digest.hexdigest(),
        "last_reviewed": max(reviewed) if reviewed else None,
        "site_url": site_url,
        "paths": "Paths are relative to site_url.",
        "documentation": page_of("open-data.md"),
        "schemas": schemas,
        "comparison_csv": "api/comparison.csv",
        "entries": entries,
    })
    return files


def _num(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def comparison_csv(kb: KnowledgeBase) -> str:
    """The comparison table, one row per condition and therapy (as on the compare pages), RFC 4180."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for cid in sorted(kb.conditions):
        condition = kb.conditions[cid]
        for row in comparison_rows(kb, cid):
            therapy, best = row["therapy"], row["best"]
            absolute = best.get("absolute") or {}
            writer.writerow([
                cid, condition["name"], therapy["id"], therapy["name"], row["purpose"], best["compared_with"],
                best["outcome"], best["certainty"], _num(absolute.get("per")), _num(absolute.get("with_therapy")),
                _num(absolute.get("without_therapy")), absolute.get("event", ""), _num(best.get("studies")),
                _num(best.get("participants")),
                *("; ".join(kb.situations[c["situation"]]["name"] if c["situation"] in kb.situations else c["situation"]
                            for c in row[key]) for key in ("do_not_use", "ask_first", "not_studied")),
            ])
    return out.getvalue()


def load_index_schema() -> dict:
    return json.loads(Path(INDEX_SCHEMA).read_text(encoding="utf-8"))
