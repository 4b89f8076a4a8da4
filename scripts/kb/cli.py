"""The `kb` command: a thin adapter over the core (validate, build, serve, new, translate, pdf, review, audit)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from kb.paths import data_dir as default_data_dir, project_root
from kb.problems import summary

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a command ended by SIGPIPE


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description="Headache Options knowledge base tools.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check data files against the schemas and each other")
    v.add_argument("paths", nargs="*", type=Path, help="files or folders to check (default: the whole data/ folder)")
    v.add_argument("--data", type=Path, help="the data folder to check against (default: data/)")
    v.add_argument("--strict", action="store_true", help="treat unfinished TODOs as errors")
    v.add_argument("--format", choices=["text", "github", "json"], default="text", help="output format")
    v.add_argument("--today", type=_date, help="check review dates as of this day (default: today)")
    v.add_argument("--no-cache", action="store_true",
                   help="check every file afresh (by default unchanged files reuse their last result from .cache/kb/)")

    b = sub.add_parser("build", help="validate, then build the site (the last good site is kept on failure)")
    b.add_argument("--site-dir", type=Path, help="where to build (default: site/)")

    b.add_argument("--no-pdf", action="store_true", help="skip the PDF leaflets and book (faster previews)")

    d = sub.add_parser("pdf", help="render leaflets, condition handouts and the whole book as PDF")
    d.add_argument("ids", nargs="*", metavar="ID", help="therapy or condition ids (default: all, plus the book)")
    d.add_argument("--paper", choices=["a4", "letter"], help="paper size (default: both)")
    d.add_argument("--out", type=Path, help="output folder (default: site/pdf)")
    d.add_argument("--no-cache", action="store_true", help="lay every PDF out afresh (do not reuse .cache/kb/pdf/)")

    r = sub.add_parser("review", help="list entries whose review is due or whose evidence search is over a year old, "
                                      "and translations whose English changed since")
    r.add_argument("--within", type=int, default=0, metavar="DAYS", help="also list reviews due in the next DAYS days")
    r.add_argument("--today", type=_date, help="as of this day (default: today)")

    a = sub.add_parser("audit", help="the quality table of every entry; fails when one is below the editorial policy's bar")
    a.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format")
    a.add_argument("--data", type=Path, help="the data folder to audit (default: data/)")
    a.add_argument("--policy", type=Path, help="the page whose front matter sets the bar (default: docs/editorial-policy.md)")

    s = sub.add_parser("serve", help="preview the site, reloading on every edit of data/ or docs/")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address and port (default: 127.0.0.1:8000)")

    t = sub.add_parser("translate", help="write or refresh the translation file of an entry (keeps translated texts)")
    t.add_argument("language", help="language code, e.g. ar")
    t.add_argument("entry", help="what to translate: therapies/ID, conditions/ID, situations or red-flags (or an ID)")
    t.add_argument("--scope", choices=["page", "summary"], help="page: every text; summary: what comparisons and "
                   "Option Grids show (default: as before, else page)")
    t.add_argument("--conditions", nargs="+", metavar="ID",
                   help="with --scope summary: only the findings for these conditions (default: as before, else all)")

    n = sub.add_parser("new", help="write a scaffold for a new entry, with guidance comments")
    n.add_argument("kind", choices=["therapy", "condition"], help="what kind of entry")
    n.add_argument("id", help="the new entry's id: lower-case words joined by hyphens, e.g. dry-needling")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader left early (`kb audit | head`): stop quietly, as `yes | head` does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the exit-time flush must not fail too
        return EXIT_BROKEN_PIPE


def cmd_validate(args) -> int:
    from kb.validate import validate

    root = project_root()
    data_dir = (args.data or default_data_dir(root)).resolve()
    extra: list[Path] = []
    for path in args.paths:
        if not path.exists():
            print(f"kb validate: error: no such file or folder: {path}", file=sys.stderr)
            return EXIT_USAGE
        if path.resolve() == data_dir:
            continue
        extra += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    if args.paths and not extra and not any(p.resolve() == data_dir for p in args.paths):
        print("kb validate: error: no .yaml files in the given paths", file=sys.stderr)
        return EXIT_USAGE
    cache = None if args.no_cache else Path(os.environ.get("KB_CACHE_DIR") or root / ".cache" / "kb")
    result = validate(data_dir, [p.resolve() for p in extra], strict=args.strict, today=args.today, cache_dir=cache,
                      keep_data=False)
    if args.format == "json":
        print(json.dumps([p.__dict__ | {"level": p.level.value} for p in result.problems], indent=2))
    else:
        for problem in result.problems:
            print(problem.format_github() if args.format == "github" else problem.format())
        print(summary(result.problems, result.files), file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_ERRORS


def cmd_build(args) -> int:
    from kb.build import BuildFailed, build_site

    try:
        site = build_site(args.site_dir, pdf=not args.no_pdf)
    except BuildFailed as exc:
        print(str(exc), file=sys.stderr)
        print("kb build: failed; the previous site was left as it was", file=sys.stderr)
        return EXIT_ERRORS
    print(f"kb build: site written to {site}", file=sys.stderr)
    return EXIT_OK


def cmd_pdf(args) -> int:
    from kb import pdf
    from kb.paths import site_url
    from kb.validate import validate

    root = project_root()
    result = validate(default_data_dir(root), strict=True)
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    if not result.ok:
        print("kb pdf: fix the errors above first", file=sys.stderr)
        return EXIT_ERRORS
    unknown = [i for i in args.ids if i not in result.kb.therapies and i not in result.kb.conditions]
    if unknown:
        print(f"kb pdf: error: no therapy or condition with id {', '.join(map(repr, unknown))}", file=sys.stderr)
        return EXIT_USAGE
    papers = [args.paper] if args.paper else ["a4", "letter"]
    jobs = pdf.plan(result.kb, (args.out or root / "site" / "pdf").resolve(), papers, args.ids or None)
    from kb.build import pdf_cache_dir

    try:
        rendered = pdf.render_all(result.kb, jobs, site_url(root), root / "docs", progress=pdf.print_progress,
                                  cache_dir=None if args.no_cache else pdf_cache_dir(root))
    except pdf.PdfUnavailable as exc:
        print(f"kb pdf: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    slowest = max(rendered.timings.items(), key=lambda kv: kv[1])
    print(pdf.summary(rendered), file=sys.stderr)
    print(f"kb pdf: wrote {len(rendered.timings)} PDF(s); slowest {slowest[0].name} {slowest[1]:.2f} s",
          file=sys.stderr)
    return EXIT_OK


def cmd_review(args) -> int:
    from kb.review import due_entries, format_table, format_translations, stale_translations
    from kb.validate import validate

    today = args.today or date.today()
    data_dir = default_data_dir(project_root())
    result = validate(data_dir, today=today)
    for problem in result.errors:
        print(problem.format(), file=sys.stderr)
    rows = due_entries(result.kb, today, args.within)
    print(format_table(rows))
    translations = stale_translations(result.kb, data_dir)
    if translations:
        print()
        print(format_translations(translations, data_dir.parent))
    print(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'} need review; {len(translations)} translation(s) may be "
          "out of date", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_ERRORS


def cmd_audit(args) -> int:
    from kb import quality
    from kb.validate import validate

    root = project_root()
    data_dir = (args.data or default_data_dir(root)).resolve()
    policy = args.policy or root / quality.POLICY
    if not data_dir.is_dir() or not policy.is_file():
        missing = f"data folder: {args.data}" if not data_dir.is_dir() else f"policy page: {policy}"
        print(f"kb audit: error: no such {missing}", file=sys.stderr)
        return EXIT_USAGE
    try:
        bar = quality.load_bar(policy, quality.display_path(policy, Path.cwd()))
    except quality.BarError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERRORS
    result = validate(data_dir)
    for problem in result.errors:
        print(problem.format(), file=sys.stderr)
    if not result.ok:
        print("kb audit: fix the errors above first (`kb validate`)", file=sys.stderr)
        return EXIT_ERRORS
    report = quality.audit(result.kb, bar)
    if args.format == "json":
        print(json.dumps({"bar": quality.bar_dict(bar), "entries": [row.as_dict() for row in report.rows],
                          "problems": [p.__dict__ | {"level": p.level.value} for p in report.problems]}, indent=2))
    elif args.format == "markdown":
        print(quality.format_markdown(report))
    else:
        print(quality.format_text(report))
        if report.problems:
            print()
        for problem in report.problems:
            print(problem.format())
    print(quality.summary(report), file=sys.stderr)
    from kb.review import translation_progress

    for line in translation_progress(result.kb, data_dir):
        print(f"kb audit: translations: {line}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_ERRORS


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    root = project_root()
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return EXIT_OK


def cmd_new(args) -> int:
    from kb.scaffold import ScaffoldError, write_scaffold

    try:
        path = write_scaffold(args.kind, args.id, default_data_dir())
    except ScaffoldError as exc:
        print(f"kb new: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"kb new: wrote {path}; fill in every TODO, then run `kb validate --strict {path}`", file=sys.stderr)
    return EXIT_OK


def cmd_translate(args) -> int:
    from kb.problems import shorten
    from kb.translate import TranslateError, translate

    data = default_data_dir()
    try:
        done = translate(data, args.language, args.entry, args.scope,
                         tuple(args.conditions) if args.conditions else None)
    except TranslateError as exc:
        print(f"kb translate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for old, new in done.moved:
        print(f"moved: {old} -> {new} (its English moved)")
    for path in done.changed:
        print(f"changed: {path}: the English changed since it was translated; check it (kb validate says how)")
    for path, text in done.dropped.items():
        print(f"dropped: {path}: {shorten(text)} (its English is gone)")
    shown = done.file.relative_to(data.parent) if done.file.is_relative_to(data.parent) else done.file
    print(f"kb translate: {'wrote' if done.created else 'refreshed'} {shown}: {done.texts} text(s), "
          f"{done.untranslated} to translate, {len(done.changed)} to check, {len(done.dropped)} dropped",
          file=sys.stderr)
    return EXIT_OK


COMMANDS = {"validate": cmd_validate, "build": cmd_build, "pdf": cmd_pdf, "review": cmd_review, "serve": cmd_serve,
            "new": cmd_new, "audit": cmd_audit, "translate": cmd_translate}
