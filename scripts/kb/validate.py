"""Load every data file, check it against its schema, then run the cross-file rules.

All problems are collected and returned at once, so an editor sees every mistake in one run.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from pathlib import Path

from kb.cache import ReportCache, fingerprint
from kb.checks import RULES, Context
from kb.examine import Job, Report, digest, examine, examine_many
from kb.facts import locate
from kb.knowledge import KnowledgeBase
from kb.paths import KIND_BY_FOLDER, kind_of, schema_dir, translation_place
from kb.problems import Level, Problem
from kb.translation_check import KINDS as TRANSLATION_KINDS, check_translations, english_of, translation_files
from kb.yamlload import load_file


@dataclass
class Result:
    """What a validation run found: the knowledge base (valid entries only), problems, files read."""

    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML file the knowledge base is made of, in a stable order."""
    files = [data_dir / name for name in ("situations.yaml", "red-flags.yaml") if (data_dir / name).is_file()]
    for folder in ("sources", "conditions", "therapies"):
        files += sorted((data_dir / folder).glob("*.yaml"), key=lambda p: p.name)
    return files


def _display(file: Path, base: Path) -> str:
    """The path shown in messages: relative to `base` (already resolved) where possible."""
    text, prefix = str(file if file.is_absolute() else file.resolve()), str(base).rstrip(os.sep) + os.sep
    return text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix) else text


def _stray_files(data_dir: Path, base: Path) -> list[Problem]:
    """Files in the entry folders that are not .yaml are probably mistakes (e.g. .yml)."""
    problems = []
    for folder in ("sources", "conditions", "therapies"):
        for file in (data_dir / folder).glob("*"):
            if file.suffix != ".yaml" and not file.name.startswith(".") and file.is_file():
                problems.append(Problem(_display(file, base), 1, 1, Level.ERROR,
                                        "entry files must end in .yaml", "file-name"))
    return problems


PARALLEL_FROM = 400  # files to examine before a second process pays for itself
BATCH = 50


def validate(data_dir: Path, extra: list[Path] | None = None, *, strict: bool = False,
             today: date | None = None, base: Path | None = None, cache_dir: Path | None = None,
             jobs: int | None = None, keep_data: bool = True) -> Result:
    """Validate the knowledge base in `data_dir`, with `extra` files laid over it.

    With `extra` given, only problems in those files are reported, but references are resolved
    against the whole knowledge base (so a fixture can cite real sources). `jobs` processes examine
    the files (default: every core once there are enough files to be worth it).

    For a check only (`keep_data=False`, as `kb validate` does) the result's knowledge base is left
    empty, and with `cache_dir` the reports of files whose content is unchanged are reused.
    """
    base = (base or Path.cwd()).resolve()
    data_dir = data_dir.resolve()
    ctx = Context(today=today or date.today(), strict=strict)
    files = data_files(data_dir)
    overlay, translated = {}, {}
    for file in extra or []:
        if kind_of(file) in TRANSLATION_KINDS:
            translated[_in_data(file, data_dir)] = file
        else:
            overlay[(kind_of(file), file.name)] = file
    if overlay:
        files = [f for f in files if (kind_of(f), f.name) not in overlay] + list(overlay.values())
    given = list(overlay.values()) + list(translated.values())
    reported = {_display(f, base) for f in given} if given else None

    problems: list[Problem] = [] if given else _stray_files(data_dir, base)
    translations = list(translated.values()) if given else translation_files(data_dir)
    replaced = {_in_data(f, data_dir): f for f in overlay.values()} | translated
    translated_english = {replaced.get(e, e) for f in translations if kind_of(f) in TRANSLATION_KINDS
                          for e in [english_of(f, data_dir)] if e is not None}
    todo: list[Job] = []
    for file in files:
        kind, display = kind_of(file), _display(file, base)
        if kind is None:
            problems.append(Problem(display, 1, 1, Level.ERROR,
                                    "not a knowledge-base file (expected data/therapies/, data/conditions/, "
                                    "data/sources/, situations.yaml or red-flags.yaml)", "file-kind"))
        else:  # the data of an entry with a translation comes back too: the translation is checked against it
            todo.append(Job(file, display, kind, keep_data or file in translated_english))
    reports = _examine_all(todo, ctx, None if keep_data else cache_dir, data_dir, jobs)

    kb = KnowledgeBase(data_dir=data_dir)
    index: dict[str, set[str]] = {"therapy": set(), "condition": set(), "source": set(), "situation": set()}
    facts = []
    for job, report in zip(todo, reports):
        problems += report.problems
        if report.facts is None:  # failed to load or to match the schema: its id stays known
            if job.kind in ("therapy", "condition", "source"):
                index[job.kind].add(job.file.stem)
            continue
        facts.append(report.facts)
        for ident, _, _ in report.facts.defines:
            index["situation" if job.kind == "situations" else job.kind].add(ident)
        if keep_data:
            _register(kb, job.kind, report.data)

    kinds = {job.display: job for job in todo}
    for rule in RULES:
        if rule.scope == "knowledge-base":
            for f in rule.check(index, facts, ctx):
                if f.ref is None:
                    problems.append(Problem(f.doc_path, f.pos[0], f.pos[1], f.level, f.message, rule.name))
                    continue
                job = kinds[f.doc_path]  # a broken reference: find where it is written (rare, so load again)
                doc = load_file(job.file, job.display)
                for _, (line, column) in locate(doc, job.kind, *f.ref):
                    problems.append(Problem(f.doc_path, line, column, f.level, f.message, rule.name))
    if translations:
        stray = [f for f in translations if kind_of(f) not in TRANSLATION_KINDS]
        problems += [Problem(_display(f, base), 1, 1, Level.ERROR, "not a translation file (expected "
                             "translations/<language>/ with therapies/<id>.yaml, conditions/<id>.yaml, "
                             "situations.yaml, red-flags.yaml, glossary.yaml or pages/<page>.md)", "file-kind")
                     for f in stray]
        english = {job.file: report.data for job, report in zip(todo, reports)
                   if report.facts is not None and report.data is not None}
        for report in check_translations([f for f in translations if f not in stray], data_dir, ctx,
                                         lambda f: _display(f, base), None if keep_data else cache_dir, replaced,
                                         english):
            problems += report.problems
        files += translations
    if reported is not None:
        problems = [p for p in problems if p.path in reported]
    return Result(kb=kb, problems=sorted(set(problems)), files=len(files))


def _in_data(file: Path, data_dir: Path) -> Path:
    """The file of the data folder that `file` (given to kb validate) is checked in place of."""
    place = translation_place(file)
    if place is not None:
        language, ref = place
        return data_dir / "translations" / language / (ref if ref.startswith("pages/") else f"{ref}.yaml")
    folder = {kind: name for name, kind in KIND_BY_FOLDER.items()}.get(kind_of(file))
    return data_dir / folder / file.name if folder else data_dir / file.name


def _examine_all(todo: list[Job], ctx: Context, cache_dir: Path | None, data_dir: Path,
                 jobs: int | None) -> list[Report]:
    """A report per job, from the cache where the content is unchanged, the rest computed."""
    cache = ReportCache(cache_dir, data_dir, fingerprint(schema_dir(), ctx)) if cache_dir else None
    reports: list[Report | None] = [None] * len(todo)
    missing = []
    for i, job in enumerate(todo):
        hit = None
        if cache is not None:
            try:
                hit = cache.get(job.display, job.kind, digest(job.file.read_bytes()))
            except OSError:
                pass  # examine() reports it
        if hit is None:
            missing.append(i)
        reports[i] = hit
    gc_was_on = gc.isenabled()
    gc.disable()  # the data has no reference cycles; collecting while building it only costs time
    try:
        _fill(reports, missing, todo, ctx, jobs)
    finally:
        if gc_was_on:
            gc.enable()
    if cache is not None:
        cache.save(reports)
    return reports


def _fill(reports: list, missing: list[int], todo: list[Job], ctx: Context, jobs: int | None) -> None:
    """Examine the jobs at `missing`, in this process or spread over several."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1) if len(missing) >= PARALLEL_FROM else 1
    if workers > 1 and len(missing) > 1:
        batches = [missing[k:k + BATCH] for k in range(0, len(missing), BATCH)]
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            done = pool.map(examine_many, [[todo[i] for i in b] for b in batches], repeat(ctx))
            for batch, found in zip(batches, done):
                for i, report in zip(batch, found):
                    reports[i] = report
    else:
        for i in missing:
            reports[i] = examine(todo[i], ctx)


def _register(kb: KnowledgeBase, kind: str, data: dict) -> None:
    if kind == "therapy":
        kb.therapies.setdefault(data["id"], data)
    elif kind == "condition":
        kb.conditions.setdefault(data["id"], data)
    elif kind == "source":
        kb.sources.setdefault(data["id"], data)
    elif kind == "situations":
        kb.situations = {s["id"]: s for s in data["situations"]}
    elif kind == "red-flags":
        kb.red_flags = data
