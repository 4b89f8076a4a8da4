#!/usr/bin/env python3
"""Benchmarks, written to BENCHMARKS.md. Goals live here, not in timed tests.

    .venv/bin/python scripts/bench.py pdf [--runs N] [--data DIR]
                                                          the longest leaflets, the whole book, all PDFs on
                                                          both cores, and every leaflet and handout
    .venv/bin/python scripts/bench.py validate [--sizes 100,1000,10000] [--runs N] [--peers-upto 1000]
                                                          validation stages on synthetic knowledge bases,
                                                          against check-jsonschema and a plain loop, the
                                                          cached re-check after one edit, peak memory
    .venv/bin/python scripts/bench.py build [--sizes 100,1000,3000] [--runs N]
                                                          page generation, the MkDocs build, plain MkDocs over
                                                          the same pages, Python-Markdown alone (scripts/bench_site.py)
    .venv/bin/python scripts/bench.py weight              first-load size of real pages and the search index
    .venv/bin/python scripts/bench.py editions [--runs N] the English project alone, the Arabic project alone, and
                                                          `kb build`'s whole atomic build of both (real data)
    .venv/bin/python scripts/bench.py pdf-cache           all PDFs with an empty cache (full rebuild), again with
                                                          nothing changed, and after editing one therapy (one run)
    .venv/bin/python scripts/bench.py pdf-languages       all PDFs without and with the translated ones (pdf/ar/a4/),
                                                          each with an empty cache and with nothing changed (one run)

Each figure is the median of N runs (default 5), on this machine, in one process after a warm-up run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kb import pdf
from kb.paths import data_dir, project_root, site_url
from kb.validate import validate


def median_seconds(action, runs: int) -> float:
    action()  # warm-up: imports, font loading, template compilation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_pdf(runs: int, data: Path | None = None) -> list[tuple[str, str]]:
    root = project_root()
    kb = validate(data or data_dir(root), base=root).kb
    url, docs = site_url(root), root / "docs"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # the three entries with the most sources (the longest leaflets), so a run stays short
        largest = sorted(kb.therapies, key=lambda t: -len(str(kb.therapies[t])))[:3]
        for tid in sorted(largest):
            job = pdf.Job("leaflet", tid, "a4", out / f"{tid}.pdf")
            rows.append((f"leaflet `{tid}` (A4)", f"{median_seconds(lambda: pdf.render_job(kb, job, url, docs)[0], runs):.2f} s"))
        book = pdf.Job("book", "book", "a4", out / "book.pdf")
        rows.append(("whole book (A4)", f"{median_seconds(lambda: pdf.render_job(kb, book, url, docs)[0], runs):.2f} s"))
        jobs = pdf.plan(kb, out / "all", ["a4", "letter"])
        start = time.perf_counter()
        pdf.render_all(kb, jobs, url, docs)
        rows.append((f"all {len(jobs)} PDFs, both papers, {os.cpu_count()} cores (one run)",
                     f"{time.perf_counter() - start:.2f} s"))
        # every leaflet and handout, not only the three above: each once in this process, then the five
        # slowest again as a median (single timings on this machine vary by up to a third)
        singles = {j: pdf.render_job(kb, j, url, docs)[0] for j in jobs if j.kind in ("leaflet", "handout")}
        for kind in ("leaflet", "handout"):
            of_kind = sorted((j for j in singles if j.kind == kind), key=lambda j: -singles[j])
            if not of_kind:
                continue
            medians = {j: median_seconds(lambda j=j: pdf.render_job(kb, j, url, docs)[0], runs) for j in of_kind[:5]}
            slowest = max(medians, key=medians.get)
            rows.append((f"every {kind} ({len(of_kind)}, both papers) once: slowest `{of_kind[0].ident}` "
                         f"({of_kind[0].paper}), {sum(1 for j in of_kind if singles[j] > 1.0)} over 1 s",
                         f"{singles[of_kind[0]]:.2f} s"))
            rows.append((f"the five slowest {kind}s again, median of {runs}: slowest `{slowest.ident}` ({slowest.paper}), "
                         f"{sum(1 for t in medians.values() if t > 1.0)} over 1 s", f"{medians[slowest]:.2f} s"))
    return rows


def bench_pdf_cache(edit: str = "acupuncture") -> list[tuple[str, str, str]]:
    """Every PDF (both papers, book included) as `make site` renders them, in one run: with an empty cache
    (a full rebuild), with nothing changed, and after one therapy's text changed (in memory, not on disk)."""
    root = project_root()
    kb = validate(data_dir(root), base=root).kb
    url, docs = site_url(root), root / "docs"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "pdf", Path(tmp) / "cache"
        jobs = pdf.plan(kb, out, ["a4", "letter"])
        for label in ("full rebuild (empty cache)", "nothing changed"):
            start = time.perf_counter()
            result = pdf.render_all(kb, jobs, url, docs, cache_dir=cache)
            rows.append((label, f"{time.perf_counter() - start:.1f} s", f"{len(result.laid_out)} of {len(jobs)} laid out"))
        kb.therapies[edit]["bottom_line"]["text"] += " (edited for the benchmark)"
        start = time.perf_counter()
        result = pdf.render_all(kb, jobs, url, docs, cache_dir=cache)
        names = sorted({p.name for p in result.laid_out})
        rows.append((f"one therapy edited (`{edit}`)", f"{time.perf_counter() - start:.1f} s",
                     f"{len(result.laid_out)} of {len(jobs)} laid out: {', '.join(names)}"))
    return rows


def bench_pdf_languages() -> list[tuple[str, str, str]]:
    """Every PDF `make site` writes, without the translated ones and with them, in one run: each set with an empty
    cache (a full rebuild) and again with nothing changed; and the translated ones alone, laid out on top of a
    cache that holds the English."""
    from kb.render.localized import print_languages

    root = project_root()
    kb = validate(data_dir(root), base=root).kb
    url, docs = site_url(root), root / "docs"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        def run(label, jobs, cache):
            start = time.perf_counter()
            result = pdf.render_all(kb, jobs, url, docs, cache_dir=Path(tmp) / cache)
            rows.append((label, f"{time.perf_counter() - start:.1f} s", f"{len(result.laid_out)} of {len(jobs)} laid out"))

        english = pdf.plan(kb, Path(tmp) / "pdf", ["a4", "letter"], languages=[])
        every = pdf.plan(kb, Path(tmp) / "pdf", ["a4", "letter"])
        names = ", ".join(print_languages(kb)) or "none"
        run("without translations: full rebuild (empty cache)", english, "english")
        run("without translations: nothing changed", english, "english")
        run(f"translated ones ({names}) added to that cache", every, "english")
        run(f"with translations ({names}): full rebuild (empty cache)", every, "every")
        run(f"with translations ({names}): nothing changed", every, "every")
    return rows


def bench_validate(sizes: list[int], runs: int, workdir: Path, peers_upto: int = 1000) -> list[tuple[str, ...]]:
    """Validation stage by stage on synthetic knowledge bases, with the peers a user could pick instead."""
    import subprocess

    import jsonschema
    import yaml

    from kb import schema, synthetic
    from kb.validate import validate
    from kb.yamlload import load_file

    root = project_root()
    schema_file = root / "data" / "schema" / "therapy.schema.json"
    kb_cli = str(Path(sys.executable).with_name("kb"))
    rows = []
    for size in sizes:
        kb_dir = synthetic.make(data_dir(root), workdir / f"kb-{size}", size)
        files = sorted((kb_dir / "therapies").glob("*.yaml"))
        cache = workdir / f"cache-{size}"

        def read_bytes():
            for f in files:
                f.read_bytes()

        docs = []

        def load():
            docs[:] = [load_file(f) for f in files]

        def compiled_schema():
            for d in docs:
                schema.fast_validator("therapy").is_valid(d.data)

        def jsonschema_schema():
            for d in docs:
                schema.validator("therapy").is_valid(d.data)

        def check(**options):
            def run():
                result = validate(kb_dir, base=workdir, keep_data=False, **options)
                assert result.ok, [p.format() for p in result.errors[:3]]
            return run

        edited = files[0]
        original = edited.read_text(encoding="utf-8")

        def one_edit():  # what an editor waits for after saving one file, cache warm for the others
            edited.write_text(original + f"# edit {time.perf_counter()}\n", encoding="utf-8")
            check(cache_dir=cache)()

        def cli_one_edit():
            edited.write_text(original + f"# edit {time.perf_counter()}\n", encoding="utf-8")
            subprocess.run([kb_cli, "validate", "--data", str(kb_dir)], check=True, capture_output=True,
                           env={**os.environ, "KB_CACHE_DIR": str(cache)})

        plain_schema = json.loads(schema_file.read_text())
        registry_validator = jsonschema.Draft7Validator(plain_schema, registry=schema.validator("therapy")._registry)

        def plain_loop():  # what many projects write: safe_load + jsonschema.validate, per file
            for f in files:
                registry_validator.validate(yaml.safe_load(f.read_text(encoding="utf-8")))

        def check_jsonschema():
            subprocess.run([str(Path(sys.executable).with_name("check-jsonschema")), "--schemafile", str(schema_file),
                            "--base-uri", schema_file.resolve().as_uri(), *map(str, files)],
                           check=True, capture_output=True)

        # whole-run stages first, while this process is small: the process pool forks it
        stages = [("floor: read the bytes", read_bytes),
                  ("kb validate: everything, 1 process, no cache", check(jobs=1)),
                  (f"kb validate: everything, {os.cpu_count()} processes, no cache", check()),
                  ("kb validate: after editing one file (cache warm)", one_edit),
                  ("`kb validate` command after editing one file (wall, with start-up)", cli_one_edit),
                  ("kb: YAML load with positions (1 process)", load),
                  ("kb: schema, compiled validator (jsonschema-rs)", compiled_schema)]
        if size <= peers_upto:
            stages += [("kb: schema, jsonschema (only used to explain errors)", jsonschema_schema),
                       ("peer: yaml.safe_load + jsonschema loop", plain_loop),
                       ("peer: check-jsonschema (schema only)", check_jsonschema)]
        t = {name: median_seconds(fn, runs) for name, fn in stages}
        docs.clear()
        edited.write_text(original, encoding="utf-8")
        # Peak memory of one run, its worker processes included, measured from a small go-between:
        # a child forked from this (large) process would count this process's pages before exec.
        probe = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
                 "stderr=subprocess.DEVNULL); print(os.wait4(p.pid, 0)[2].ru_maxrss)")
        peak = int(subprocess.run([sys.executable, "-c", probe, kb_cli, "validate", "--no-cache", "--data", str(kb_dir)],
                                  check=True, capture_output=True, text=True).stdout)
        whole = t[f"kb validate: everything, {os.cpu_count()} processes, no cache"]
        for name, seconds in t.items():
            extra = ""
            if name.startswith("kb validate: everything") and "peer: check-jsonschema (schema only)" in t:
                extra = f"{t['peer: check-jsonschema (schema only)'] / seconds:.1f}× faster than check-jsonschema"
            rows.append((f"{size:,}", name, f"{seconds:.2f} s", f"{seconds / size * 1000:.2f} ms", extra))
        rows.append((f"{size:,}", "kb: cross-file checks and the rest (everything - load - schema, 1 process)",
                     f"{max(0.0, t['kb validate: everything, 1 process, no cache'] - t['kb: YAML load with positions (1 process)'] - t['kb: schema, compiled validator (jsonschema-rs)']):.2f} s", "", ""))
        rows.append((f"{size:,}", "peak memory of `kb validate --no-cache` (largest process)",
                     f"{peak / 1024:.0f} MB", "", f"whole run {whole:.2f} s"))
    return rows


def bench_editions(runs: int) -> list[tuple[str, ...]]:
    """The site build on the real data, in one run of this process, rounds interleaved (so load from other work on
    the machine falls on all three alike): the English project alone (the build before the Arabic edition), each
    other language's project alone, and `kb build`'s whole atomic build (both). Wall and CPU time."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bench_site import interleaved_medians
    from kb.build import build_site
    from kb.mkdocs_adapter import edition_builds

    root = project_root()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def english():
            build(load_config(str(root / "mkdocs.yml"), site_dir=str(out / "en"), strict=True))

        def editions():
            for overrides in edition_builds(out / "editions", root):
                build(load_config(str(root / "mkdocs.yml"), strict=True, **overrides))

        def whole():
            build_site(out / "site", pdf=False)

        names = ["English project alone (the build before the Arabic edition)", "Arabic project alone",
                 "`kb build --no-pdf`: both, atomic (validation, both projects, swap)"]
        measured = interleaved_medians(list(zip(names, (english, editions, whole))), runs, set())
        pages = [len(list((out / folder).rglob("index.html"))) for folder in ("en", "editions")]
    (before, before_cpu), (added, added_cpu), (after, after_cpu) = (measured[n] for n in names)
    return [
        (names[0], f"{before:.2f} s", f"{before_cpu:.2f} s", f"{pages[0]} pages"),
        (names[1], f"{added:.2f} s", f"{added_cpu:.2f} s", f"{pages[1]} pages"),
        (names[2], f"{after:.2f} s", f"{after_cpu:.2f} s",
         f"+{(after_cpu - before_cpu) / before_cpu * 100:.0f}% CPU over the English build alone"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pdf", "pdf-cache", "pdf-languages", "validate", "build", "weight", "editions"])
    parser.add_argument("--runs", type=int, default=None, help="default 5; build: 3, and 1 from 3,000 entries")
    parser.add_argument("--sizes", default=None,
                        help="therapy entries per synthetic knowledge base (default 100,1000; build: 100,1000,3000)")
    parser.add_argument("--peers-upto", type=int, default=1000,
                        help="run the (slow) peers only up to this many entries (check-jsonschema: ~65 ms per file)")
    parser.add_argument("--data", type=Path, default=None, help="pdf: the data folder (default: data/)")
    parser.add_argument("--write", action="store_true", help="append the results to BENCHMARKS.md")
    args = parser.parse_args()
    if args.what in ("pdf", "validate"):
        args.runs, args.sizes = args.runs or 5, args.sizes or "100,1000"
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    if args.what == "pdf":
        rows = bench_pdf(args.runs, args.data)
        table = [f"### PDF rendering ({time.strftime('%Y-%m-%d')}, {machine}, median of {args.runs})", "",
                 "| what | time |", "| --- | --- |", *[f"| {a} | {b} |" for a, b in rows], ""]
    elif args.what == "pdf-cache":
        rows = bench_pdf_cache()
        table = [f"### PDF rebuilds with the cache ({time.strftime('%Y-%m-%d')}, {machine}, one run)", "",
                 "| run | time | PDFs laid out |", "| --- | --- | --- |", *[f"| {' | '.join(r)} |" for r in rows], ""]
    elif args.what == "pdf-languages":
        rows = bench_pdf_languages()
        table = [f"### PDFs with and without the translated ones ({time.strftime('%Y-%m-%d')}, {machine}, one run)", "",
                 "| run | time | PDFs laid out |", "| --- | --- | --- |", *[f"| {' | '.join(r)} |" for r in rows], ""]
    elif args.what == "build":
        import bench_site
        table = bench_site.build_table([int(n) for n in (args.sizes or "100,1000,3000").split(",")], args.runs, machine)
    elif args.what == "editions":
        args.runs = args.runs or 3
        rows = bench_editions(args.runs)
        table = [f"### Site build with the Arabic edition ({time.strftime('%Y-%m-%d')}, {machine}, median of "
                 f"{args.runs}, one run of the script, rounds interleaved)", "", "| build | time | CPU | note |",
                 "| --- | --- | --- | --- |",
                 *[f"| {' | '.join(r)} |" for r in rows], ""]
    elif args.what == "weight":
        import bench_site
        table = bench_site.weight_table()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = bench_validate([int(n) for n in args.sizes.split(",")], args.runs, Path(tmp), args.peers_upto)
        table = [f"### Validation ({time.strftime('%Y-%m-%d')}, {machine}, median of {args.runs})", "",
                 "| entries | stage | time | per entry | note |", "| --- | --- | --- | --- | --- |",
                 *[f"| {' | '.join(r)} |" for r in rows], ""]
    print("\n".join(table))
    if args.write:
        with open(project_root() / "BENCHMARKS.md", "a", encoding="utf-8") as handle:
            handle.write("\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
