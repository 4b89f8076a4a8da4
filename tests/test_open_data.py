"""Open, versioned data: the JSON files and CSV under api/, schema.org JSON-LD on every page, and the
change logs (on each page, the What's new page and the Atom feed)."""
import copy
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from support import ROOT
from kb.render.api import CSV_COLUMNS
from kb.render.derived import schema_org_type
from kb.render.changelog import all_changes, atom_feed, whats_new_page
from kb.render.site import comparison_rows

ATOM = "{http://www.w3.org/2005/Atom}"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def api(built_site) -> Path:
    return built_site / "api"


def validator(api: Path, schema_name: str) -> jsonschema.Draft7Validator:
    """A validator for one published schema, with its sibling schemas resolvable by file name."""
    folder = api / "schema"
    registry = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")), default_specification=DRAFT7))
        for p in folder.glob("*.json"))
    schema = json.loads((folder / schema_name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_published_schemas_are_the_data_schemas(api):
    for schema in sorted((ROOT / "data" / "schema").glob("*.json")):  # schemas always come from the project
        assert (api / "schema" / schema.name).read_bytes() == schema.read_bytes(), schema.name
    assert (api / "schema" / "index.schema.json").is_file()


@pytest.mark.parametrize("pattern, schema", [("therapies/*.json", "therapy.schema.json"),
                                             ("conditions/*.json", "condition.schema.json"),
                                             ("sources/*.json", "source.schema.json"),
                                             ("situations.json", "situations.schema.json"),
                                             ("red-flags.json", "red-flags.schema.json"),
                                             ("index.json", "index.schema.json")])
def test_every_json_file_validates_against_its_schema(api, pattern, schema):
    check = validator(api, schema)
    files = sorted(api.glob(pattern))
    assert files
    for file in files:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(load(file))]
        assert not errors, (file.name, errors[:5])


def test_entry_files_hold_the_data_unchanged(api, kb):
    assert load(api / "therapies" / "acupuncture.json") == kb.therapies["acupuncture"]
    assert load(api / "red-flags.json") == kb.red_flags
    assert [s["id"] for s in load(api / "situations.json")["situations"]] == list(kb.situations)


def test_index_lists_every_entry_and_every_listed_file_exists(api, kb, built_site):
    index = load(api / "index.json")
    listed = {(e["kind"], e["id"]) for e in index["entries"]}
    expected = ({("therapy", i) for i in kb.therapies} | {("condition", i) for i in kb.conditions}
                | {("source", i) for i in kb.sources} | {("situation", i) for i in kb.situations}
                | {("red-flags", "red-flags")})
    assert listed == expected and len(index["entries"]) == len(expected)
    for entry in index["entries"]:
        assert (built_site / entry["json"]).is_file(), entry
        if entry["page"] is not None:
            assert (built_site / entry["page"] / "index.html").is_file(), entry
        if entry["kind"] in ("therapy", "condition"):
            assert entry["page"] and DATE.match(entry["last_reviewed"]), entry
    for path in [*index["schemas"].values(), index["comparison_csv"]]:
        assert (built_site / path).is_file(), path
    per_entry = {p.relative_to(built_site).as_posix() for folder in ("therapies", "conditions", "sources")
                 for p in (api / folder).glob("*.json")}
    assert per_entry == {e["json"] for e in index["entries"] if e["kind"] in ("therapy", "condition", "source")}
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", index["data_version"])


def test_comparison_csv_has_the_header_and_one_row_per_comparison_row(api, kb):
    raw = (api / "comparison.csv").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # RFC 4180 line endings
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == CSV_COLUMNS
    expected = [(cid, row["therapy"]["id"], row["best"]["certainty"])
                for cid in sorted(kb.conditions) for row in comparison_rows(kb, cid)]
    body = [dict(zip(CSV_COLUMNS, r)) for r in rows[1:]]
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
    assert [(r["condition_id"], r["therapy_id"], r["certainty"]) for r in body] == expected
    for r in body:
        if r["per"]:
            assert float(r["with_therapy"]) >= 0 and float(r["without_therapy"]) >= 0 and r["event"]


def test_every_page_has_one_schema_org_block(built_site, kb):
    pages = sorted(p for p in built_site.rglob("*.html") if p.name != "404.html")  # 404 is no content page
    assert len(pages) > len(kb.therapies) + len(kb.conditions)
    for file in pages:
        html = file.read_text(encoding="utf-8")
        blocks = LD_JSON.findall(html)
        where = file.relative_to(built_site).as_posix()
        assert len(blocks) == 1, where
        ld = json.loads(blocks[0])
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "MedicalWebPage", where
        assert DATE.match(ld["lastReviewed"]) and ld["url"].startswith("http") and ld["name"], where
        language = re.search(r'<html lang="([a-z]+)"', html)[1]  # English, or an edition's language (ar/)
        assert ld["inLanguage"] == language == ("ar" if where.startswith("ar/") else "en"), where
        assert ld["isPartOf"]["@type"] == "WebSite", where
        assert ld["audience"]["@type"] == "Patient", where
        assert 'rel="alternate" type="application/atom+xml"' in html, where
        parts = file.relative_to(built_site).parts
        if parts[0] == language != "en":  # an edition's page: the same, with the entry's name in its language
            parts = parts[1:]
        translated = language != "en"
        if len(parts) == 3 and parts[0] == "therapies" and parts[1] in kb.therapies:
            therapy = kb.therapies[parts[1]]
            assert ld["about"]["@type"] == schema_org_type(therapy["category"]), where
            assert (ld["about"]["name"] != therapy["name"]) if translated else (ld["about"]["name"] == therapy["name"])
            assert ld["lastReviewed"] == therapy["review"]["last_reviewed"]
        elif len(parts) == 3 and parts[0] == "conditions" and parts[1] in kb.conditions:
            condition = kb.conditions[parts[1]]
            assert ld["about"]["@type"] == "MedicalCondition", where
            assert (ld["about"]["name"] != condition["name"]) if translated else (ld["about"]["name"] == condition["name"])
        else:
            assert "about" not in ld, where
    types = {schema_org_type(t["category"]) for t in kb.therapies.values()}
    assert {"Drug", "MedicalTherapy"} <= types


def test_atom_feed_is_valid_and_links_to_existing_pages(built_site, kb):
    root = ET.fromstring((built_site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link.endswith("/feed.xml")
    base = self_link[:-len("feed.xml")]
    changes = all_changes(kb)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(changes) > 0
    assert root.find(f"{ATOM}updated").text == f"{changes[0]['date']}T00:00:00Z"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.find(f"{ATOM}updated").text)
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(base)
        assert (built_site / href[len(base):] / "index.html").is_file(), href
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert (built_site / alternate[len(base):] / "index.html").is_file()


def test_whats_new_page_lists_every_entry_and_links_the_feed(built_site, kb):
    html = (built_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert 'href="../feed.xml"' in html and "Last reviewed:" in html
    for therapy in kb.therapies:
        assert f'href="../therapies/{therapy}/"' in html, therapy
    for condition in kb.conditions:
        assert f'href="../conditions/{condition}/"' in html, condition


def test_entry_pages_show_their_change_log(built_site, kb):
    for path, entry in [("therapies/acupuncture", kb.therapies["acupuncture"]),
                        ("conditions/episodic-migraine", kb.conditions["episodic-migraine"])]:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert 'id="changes"' in html and entry["changes"][0]["summary"] in html, path
        assert html.index('id="changes"') < html.index("Last reviewed:")


def test_changes_are_listed_newest_first_across_entries(kb):
    kb = copy.deepcopy(kb)
    first, second = sorted(kb.therapies)[:2]
    kb.therapies[first]["changes"] = [
        {"date": "2027-03-01", "summary": "A new review: the benefit is now rated *moderate* certainty.",
         "sources": kb.therapies[first]["evidence"][0]["sources"]},
        {"date": "2027-03-01", "summary": "Risks section rewritten."},
        {"date": "2026-11-21", "summary": "First published."}]
    kb.therapies[second]["changes"] = [{"date": "2027-01-15", "summary": "New safety advice <b>from</b> a regulator."}]
    changes = all_changes(kb)
    assert [c["date"] for c in changes[:3]] == ["2027-03-01", "2027-03-01", "2027-01-15"]
    markdown = whats_new_page(kb)["whats-new.md"]
    assert markdown.index("1 March 2027") < markdown.index("15 January 2027") < markdown.index("21 November 2026")
    assert "<b>" not in markdown
    feed = ET.fromstring(atom_feed(kb, "https://example.org/").encode())
    assert feed.find(f"{ATOM}updated").text == "2027-03-01T00:00:00Z"
    ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert len(set(ids)) == len(ids)
    assert "New safety advice <b>from</b> a regulator." in [e.find(f"{ATOM}summary").text
                                                           for e in feed.findall(f"{ATOM}entry")]
