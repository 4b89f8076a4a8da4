"""Every file under tests/fixtures/invalid/ is a case: its `# expect: LINE:COL RULE` lines are exactly
what `kb validate` must report. Files under tests/fixtures/valid/ must pass. Adding a case is adding a file.

Cases are laid over the small test knowledge base in tests/fixtures/mini-kb, so they can cite its sources.
"""
import re
from datetime import date
from pathlib import Path

import pytest

from support import FIXTURES, MINI_KB, ROOT, run_kb
from kb.validate import validate

INVALID = sorted((FIXTURES / "invalid").rglob("*.yaml"))
VALID = sorted((FIXTURES / "valid").rglob("*.yaml"))
TODAY = date(2026, 6, 1)


def expected(file: Path) -> list[tuple[int, int, str]]:
    text = file.read_bytes().decode("utf-8", errors="replace")
    found = [(int(l), int(c), r) for l, c, r in re.findall(r"# expect: (\d+):(\d+) ([\w-]+)", text)]
    return found or [(1, 1, "empty-file")]  # an empty file cannot carry its own expectation


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_case_reports_expected_problems(case):
    result = validate(MINI_KB, [case], today=TODAY, base=ROOT)
    got = [(p.line, p.column, p.rule) for p in result.problems]
    assert got == expected(case)
    assert not result.ok


@pytest.mark.parametrize("case", VALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_valid_case_passes(case):
    result = validate(MINI_KB, [case], today=TODAY, base=ROOT)
    assert result.problems == []


def test_there_is_a_case_for_each_kind_of_bad_input():
    rules = {rule for case in INVALID for _, _, rule in expected(case)}
    assert {"yaml-syntax", "duplicate-key", "unknown-field", "type", "date", "enum", "required", "encoding",
            "empty-file", "no-aliases", "no-custom-tags", "unknown-source", "unknown-reference",
            "id-matches-filename", "unsafe-html", "unsafe-link", "review-dates", "pattern", "too-short",
            "change-log", "core-situations", "safety-answered-once", "risk-band", "risk-seriousness",
            "label-check", "short-forms", "direction", "option-grid"} <= rules


def test_cli_prints_the_expected_line_for_a_broken_fixture():
    case = FIXTURES / "invalid" / "therapies" / "duplicate-key-nested.yaml"
    proc = run_kb("validate", "--data", str(MINI_KB), "--today", "2026-06-01", str(case))
    assert proc.returncode == 1
    line, column, rule = expected(case)[0]
    assert proc.stdout.startswith(f"tests/fixtures/invalid/therapies/duplicate-key-nested.yaml:{line}:{column}: error: ")
    assert proc.stdout.rstrip().endswith(f"({rule})")
    assert "Traceback" not in proc.stderr
