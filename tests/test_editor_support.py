"""Editor support: every data file names its schema, VS Code maps the folders to the schemas, the YAML
language server (as VS Code runs it) reports our schema's errors and shows its help, and the
GitHub Actions workflow is valid."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT
from kb.paths import kind_of
from kb.schema import SCHEMA_FILES

LANGUAGE_SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
DATA_FILES = sorted(p for p in (ROOT / "data").rglob("*.yaml"))


def test_every_data_file_names_its_schema_on_line_1():
    wrong = []
    for file in DATA_FILES:
        first = file.read_text(encoding="utf-8").splitlines()[0]
        expected = (ROOT / "data" / "schema" / SCHEMA_FILES[kind_of(file)]).resolve()
        prefix = "# yaml-language-server: $schema="
        if not first.startswith(prefix) or (file.parent / first[len(prefix):]).resolve() != expected:
            wrong.append(f"{file.relative_to(ROOT)}: {first}")
    assert not wrong, "\n".join(wrong)


def test_vscode_settings_map_every_kind_to_an_existing_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapped = {Path(schema).name for schema in settings["yaml.schemas"]}
    assert mapped == set(SCHEMA_FILES.values())
    assert all((ROOT / schema).is_file() for schema in settings["yaml.schemas"])


def test_every_schema_property_has_editor_help():
    """Titles or descriptions on every property: the hover text editors show."""
    missing = []
    schemas = {p.name: json.loads(p.read_text()) for p in (ROOT / "data" / "schema").glob("*.json")}

    def documented(prop, current):
        if prop.get("description") or prop.get("title"):
            return True
        if "$ref" in prop:  # editors show the referenced definition's help
            file, _, pointer = prop["$ref"].partition("#")
            target = schemas[file or current]
            for part in pointer.strip("/").split("/"):
                target = target[part]
            return documented(target, file or current)
        return False

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not documented(prop, where.split(".json")[0] + ".json"):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                if key not in ("if", "then", "else"):  # conditions restate fields documented above them
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for name, schema in schemas.items():
        walk(schema, name)
    assert not missing, missing


@pytest.fixture(scope="module")
def server():
    from lsp_client import LanguageServer

    if not shutil.which("node") or not LANGUAGE_SERVER.exists():
        pytest.fail("the YAML language server is missing: run `npm ci --ignore-scripts` (make test does this)")
    settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}}
    ls = LanguageServer(["node", str(LANGUAGE_SERVER), "--stdio"], ROOT.as_uri(), settings)
    yield ls
    ls.close()


def test_language_server_reports_schema_errors_at_the_right_line(server):
    text = (ROOT / "tests/fixtures/invalid/therapies/unknown-field-misspelt.yaml").read_text()
    text = "# yaml-language-server: $schema=../schema/therapy.schema.json\n" + text
    uri = (ROOT / "data" / "therapies" / "lsp-probe.yaml").as_uri()  # never written: sent in memory
    diagnostics = server.diagnostics(uri, text)
    lines = [text.splitlines()[d["range"]["start"]["line"]] for d in diagnostics]
    assert any(line.startswith("unknown:") for line in lines), diagnostics
    assert any("unknowns" in d["message"] for d in diagnostics)


def test_language_server_shows_hover_help_from_the_schema(server):
    path = ROOT / "data" / "therapies" / "acupuncture.yaml"
    text = path.read_text()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "yaml", "version": 1,
                                                            "text": text}})
    line = next(i for i, l in enumerate(text.splitlines()) if l.startswith("bottom_line:"))
    hover = server.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                  "position": {"line": line, "character": 3}})
    assert hover and "worried reader" in json.dumps(hover)


def test_github_workflow_is_valid():
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                           str(ROOT / ".github" / "workflows" / "site.yml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
