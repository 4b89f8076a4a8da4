"""The shortcuts that make validation quick give the same answers as the plain way: the compiled
schema validator, the content-hash cache and checking on several processes."""
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import DATA, FIXTURES, MINI_KB, mutated, walk
from kb import schema, validate as validate_module
from kb.paths import kind_of
from kb.validate import data_files, validate
from kb.yamlload import LoadError, load_file

TODAY = date(2026, 6, 1)


def both_verdicts(data, kind):
    return schema.fast_validator(kind).is_valid(data), schema.validator(kind).is_valid(data)


def test_compiled_validator_agrees_on_every_real_file():
    verdicts = {f.name: both_verdicts(load_file(f).data, kind_of(f)) for f in data_files(DATA)}
    assert len(verdicts) > 50
    assert {name: v for name, v in verdicts.items() if v[0] != v[1]} == {}


INVALID = sorted((FIXTURES / "invalid").rglob("*.yaml"))


@pytest.mark.parametrize("file", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_compiled_validator_rejects_what_jsonschema_rejects(file):
    try:
        data = load_file(file).data
    except LoadError:
        pytest.skip("does not load: the schema never sees it")
    fast, slow = both_verdicts(data, kind_of(file))
    assert fast == slow


BASE = load_file(MINI_KB / "therapies" / "example-therapy.yaml").data
PATHS = [path for path, _ in walk(BASE) if path]
values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                st.text(max_size=30), st.sampled_from(["2026-02-30", "2026-01-01", "10.1000/x", "",
                                                                       "high", "do-not-use", "https://x.org"])),
                      lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner,
                                                                                           max_size=3)), max_leaves=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), replacement=values, delete=st.booleans())
def test_compiled_validator_agrees_on_mutated_entries(path, replacement, delete):
    doc = mutated(BASE, path, replacement, delete)
    fast, slow = both_verdicts(doc, "therapy")
    assert fast == slow, (path, replacement, delete)


def break_some(kb: Path) -> None:
    therapy = kb / "therapies" / "example-therapy.yaml"
    therapy.write_text(therapy.read_text().replace("certainty: low", "certainty: lowish"))
    (kb / "sources" / "broken.yaml").write_text("id: [unclosed\n")


@pytest.fixture
def counted(monkeypatch):
    """Counts the files validation examines (as opposed to taking from the cache)."""
    calls = []
    real = validate_module.examine

    def examine(job, ctx):
        calls.append(job.file.name)
        return real(job, ctx)

    monkeypatch.setattr(validate_module, "examine", examine)
    return calls


def test_cache_reuses_unchanged_files_and_rechecks_edited_ones(mini_kb, tmp_path, counted):
    break_some(mini_kb)
    cache = tmp_path / "cache"
    plain = validate(mini_kb, today=TODAY)
    total = len(counted)
    first = validate(mini_kb, today=TODAY, cache_dir=cache, keep_data=False)
    second = validate(mini_kb, today=TODAY, cache_dir=cache, keep_data=False)
    assert first.problems == second.problems == plain.problems and plain.problems
    assert len(counted) == 2 * total  # the second cached run examined nothing
    therapy = mini_kb / "therapies" / "example-therapy.yaml"
    therapy.write_text(therapy.read_text().replace("certainty: lowish", "certainty: low"))
    third = validate(mini_kb, today=TODAY, cache_dir=cache, keep_data=False)
    assert counted[2 * total:] == ["example-therapy.yaml"]
    assert third.problems == validate(mini_kb, today=TODAY).problems
    assert not any(p.rule == "enum" for p in third.problems)


def test_a_different_day_or_strictness_starts_a_fresh_cache(mini_kb, tmp_path, counted):
    cache = tmp_path / "cache"
    validate(mini_kb, today=TODAY, cache_dir=cache, keep_data=False)
    total = len(counted)
    validate(mini_kb, today=date(2030, 1, 1), cache_dir=cache, keep_data=False)
    validate(mini_kb, today=date(2030, 1, 1), strict=True, cache_dir=cache, keep_data=False)
    assert len(counted) == 3 * total


def test_a_damaged_cache_file_is_ignored(mini_kb, tmp_path):
    cache = tmp_path / "cache"
    expected = validate(mini_kb, today=TODAY, cache_dir=cache, keep_data=False).problems
    for file in cache.iterdir():
        file.write_bytes(b"not a pickle")
    assert validate(mini_kb, today=TODAY, cache_dir=cache, keep_data=False).problems == expected


def test_a_run_that_keeps_the_data_does_not_use_the_cache(mini_kb, tmp_path):
    result = validate(mini_kb, today=TODAY, cache_dir=tmp_path / "cache")
    assert result.kb.therapies and not (tmp_path / "cache").exists()


def test_several_processes_find_the_same_problems(mini_kb):
    break_some(mini_kb)
    one = validate(mini_kb, today=TODAY, jobs=1)
    two = validate(mini_kb, today=TODAY, jobs=2)
    assert one.problems == two.problems and one.problems
    assert one.kb.therapies == two.kb.therapies


def test_cli_cache_gives_the_same_output(mini_kb, tmp_path):
    from support import run_kb
    break_some(mini_kb)
    env = {"KB_CACHE_DIR": str(tmp_path / "cache")}
    runs = [run_kb("validate", "--data", str(mini_kb), "--today", "2026-06-01", env=env) for _ in range(2)]
    fresh = run_kb("validate", "--no-cache", "--data", str(mini_kb), "--today", "2026-06-01")
    assert runs[0].returncode == runs[1].returncode == fresh.returncode == 1
    assert runs[0].stdout == runs[1].stdout == fresh.stdout and "lowish" in fresh.stdout
    assert list((tmp_path / "cache").glob("*.marshal"))
