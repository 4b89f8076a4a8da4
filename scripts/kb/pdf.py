"""Render print documents to PDF with WeasyPrint: leaflets, condition handouts and the whole book.

Offline (only file: and data: URLs may be fetched), tagged (PDF/UA-1), reproducible (fixed metadata
dates from the data; same input gives the same bytes), and in parallel on every core for many files.

Each PDF is keyed by a hash of everything it renders: its HTML (which holds its data, the sources it
cites, the templates' output, the paper size and the site URL), the stylesheet, the font files, the
versions of the libraries that lay it out and SOURCE_DATE_EPOCH. A PDF whose key is in the cache
(.cache/kb/pdf/, outside site/) is copied from there instead of being laid out again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kb.i18n import SOURCE_LANGUAGE
from kb.knowledge import KnowledgeBase

PDF_VARIANT = "pdf/ua-1"


class PdfUnavailable(Exception):
    """WeasyPrint or a system library it needs (Pango) is missing; the message says how to install it."""


def check_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:  # raised when libpango / libgobject cannot be loaded
        raise PdfUnavailable(
            f"WeasyPrint cannot load a system library it needs ({exc}).\n"
            "Install Pango 1.44 or newer, e.g. on Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "fonts-dejavu-core") from None
    except ImportError as exc:
        raise PdfUnavailable(f"WeasyPrint is not installed ({exc}); run `make site` to install it") from None
    fc_list = shutil.which("fc-list")
    families = subprocess.run([fc_list, ":family"], capture_output=True, text=True).stdout if fc_list else ""
    for family, package in FONT_PACKAGES.items():
        if fc_list and family not in families:
            raise PdfUnavailable(f"the print font {family} is not installed; on Debian/Ubuntu: "
                                 f"sudo apt-get install {package}")


def check_fonts(languages) -> None:
    """The fonts of the translated PDFs' scripts are installed (they are embedded, never substituted)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return
    installed = subprocess.run([fc_list, ":family"], capture_output=True, text=True).stdout
    for language in sorted(set(languages) & set(SCRIPT_FONTS)):
        family, package = SCRIPT_FONTS[language]
        if family not in installed:
            raise PdfUnavailable(f"the {language} print font {family} is not installed; on Debian/Ubuntu: "
                                 f"sudo apt-get install {package}")


@dataclass(frozen=True)
class Job:
    """One PDF to write: what (leaflet/handout/book), which entry, which paper, where, in which language."""

    kind: str
    ident: str
    paper: str
    out: Path
    language: str = SOURCE_LANGUAGE


# Translated PDFs are made on these papers only (the Arabic edition is read where A4 is the paper).
TRANSLATED_PAPERS = ("a4",)


def plan(kb: KnowledgeBase, out_dir: Path, papers: list[str], ids: list[str] | None = None,
         book: bool = True, languages: list[str] | None = None) -> list[Job]:
    """The PDFs to make. With `ids`, only leaflets/handouts of those entries (and no book). Each language with
    translations (or those in `languages`) adds the documents of the entries translated whole, in
    `<out_dir>/<language>/<paper>/`, with the English file names."""
    from kb.render.grids import grid_decisions
    from kb.render.localized import print_languages, translated

    jobs = []
    for paper in papers:
        for tid in sorted(kb.therapies):
            if ids is None or tid in ids:
                jobs.append(Job("leaflet", tid, paper, out_dir / paper / f"{tid}.pdf"))
        for cid in sorted(kb.conditions):
            if ids is None or cid in ids:
                jobs += _condition_jobs(kb, cid, paper, out_dir / paper, SOURCE_LANGUAGE, grid_decisions)
        if book and ids is None:
            jobs.append(Job("book", "book", paper, out_dir / paper / "headache-options-book.pdf"))
    for language in print_languages(kb) if languages is None else languages:
        for paper in [p for p in papers if p in TRANSLATED_PAPERS]:
            folder = out_dir / language / paper
            for tid in translated(kb, language, "therapies"):
                if ids is None or tid in ids:
                    jobs.append(Job("leaflet", tid, paper, folder / f"{tid}.pdf", language))
            for cid in translated(kb, language, "conditions"):
                if ids is None or cid in ids:
                    jobs += _condition_jobs(kb, cid, paper, folder, language, grid_decisions)
    return jobs


def _condition_jobs(kb, cid, paper, folder: Path, language: str, grid_decisions) -> list[Job]:
    jobs = [Job("handout", cid, paper, folder / f"{cid}-options.pdf", language)]
    for decision in grid_decisions(kb, cid):
        jobs.append(Job("grid", f"{cid}:{decision}", paper, folder / f"{cid}-{decision}-grid.pdf", language))
    return jobs


LAYOUT_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "html5lib", "pillow",
                    "pyphen")
# The fonts the PDFs use, and the Debian package of each: DejaVu Sans for handouts, grids and the book, Noto Sans
# for the two-sided leaflets (narrower at the same 11 pt, so more fits on a sheet).
FONT_PACKAGES = {"DejaVu Sans": "fonts-dejavu-core", "Noto Sans": "fonts-noto-core"}
# The font of each language's script, before those (which set the Latin words inside it); print.css names it.
SCRIPT_FONTS = {"ar": ("Noto Naskh Arabic", "fonts-noto-core")}


def fonts_for(language: str) -> list[str]:
    """The font families a PDF in `language` may use."""
    return list(FONT_PACKAGES) + ([SCRIPT_FONTS[language][0]] if language in SCRIPT_FONTS else [])


@lru_cache(maxsize=None)
def environment_key(language: str = SOURCE_LANGUAGE) -> str:
    """What every PDF depends on besides its HTML: library versions, the font files, the PDF variant, and the
    print templates and rendering code (a leaflet laid out again in a shorter form is rendered from them). A
    translated PDF also depends on its language's fonts, its message catalogues and translation files."""
    h = hashlib.blake2b(digest_size=20)
    versions = []
    for name in LAYOUT_LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    h.update(repr((sys.version_info[:2], versions, PDF_VARIANT)).encode())
    # the code and templates that choose a leaflet's shorter forms are not all in its first HTML
    package = Path(__file__).resolve().parent
    for source in [package / "pdf.py", package / "knowledge.py", *sorted((package / "render").glob("*.py")),
                   *sorted((package / "templates" / "print").glob("*"))]:
        h.update(source.name.encode() + b"\0" + source.read_bytes())
    fc_list = shutil.which("fc-list")
    for family in fonts_for(language):
        fonts = subprocess.run([fc_list, family, "file"], capture_output=True, text=True).stdout.split() if fc_list else []
        for font in sorted(f.rstrip(":") for f in fonts):
            try:
                h.update(font.encode() + hashlib.blake2b(Path(font).read_bytes(), digest_size=16).digest())
            except OSError:
                h.update(font.encode())
    if language != SOURCE_LANGUAGE:
        from kb.i18n import locale_dir

        h.update(language.encode())
        for catalogue in sorted((locale_dir() / language / "LC_MESSAGES").glob("*.po")):
            h.update(catalogue.name.encode() + b"\0" + catalogue.read_bytes())
    return h.hexdigest()


def translation_key(kb: KnowledgeBase, language: str) -> str:
    """The translation files a translated PDF may read (its HTML holds every text it prints; this also covers
    the shorter forms a leaflet may be laid out in)."""
    if language == SOURCE_LANGUAGE:
        return ""
    from kb.render.localized import data_files

    h = hashlib.blake2b(digest_size=20)
    for file in data_files(kb, language):
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


def job_key(html: str, stylesheet: str, language: str = SOURCE_LANGUAGE, translations: str = "") -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in (environment_key(language), os.environ.get("SOURCE_DATE_EPOCH", ""), stylesheet, html, translations):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def job_html(kb: KnowledgeBase, job: Job, site_url: str, docs_dir: Path) -> str:
    from kb.render import printed

    if job.kind == "leaflet":
        html = printed.leaflet_html(kb, job.ident, job.paper, site_url, language=job.language)
    elif job.kind == "handout":
        html = printed.handout_html(kb, job.ident, job.paper, site_url, language=job.language)
    elif job.kind == "grid":
        condition_id, decision = job.ident.split(":")
        html = printed.grid_html(kb, condition_id, decision, job.paper, site_url, language=job.language)
    else:
        html = printed.book_html(kb, job.paper, site_url, docs_dir)
    return html


def render_job(kb: KnowledgeBase, job: Job, site_url: str, docs_dir: Path, cache_dir: Path | None = None
               ) -> tuple[float, bool]:
    """Write one PDF, from the cache when its key is there; returns (seconds, whether it was laid out)."""
    from kb.render import printed

    start = time.perf_counter()
    html = job_html(kb, job, site_url, docs_dir)
    stylesheet = printed.stylesheet()
    job.out.parent.mkdir(parents=True, exist_ok=True)
    key = job_key(html, stylesheet, job.language, _translation_key(kb, job.language))
    cached = cache_dir / f"{key}.pdf" if cache_dir else None
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, job.out)
        os.utime(cached)  # marks it as used, for pruning
        return time.perf_counter() - start, False
    _lay_out(kb, job, html, stylesheet, site_url, docs_dir)
    if cached is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        shutil.copyfile(job.out, partial)
        partial.replace(cached)  # atomic: a reader never sees half a file
    return time.perf_counter() - start, True


LEAFLET_GOAL_PAGES = 2  # both sides of one sheet
MAX_LEAFLET_PAGES = 4
MAX_GRID_PAGES = 2


def _fit_leaflet(kb: KnowledgeBase, job: Job, html: str, site_url: str, lay_out):
    """The longest form of the leaflet that fits LEAFLET_GOAL_PAGES; failing that, the longest that fits
    MAX_LEAFLET_PAGES (the first form, unless even that is longer). The shortest form is tried second, so a
    leaflet that cannot fit two pages costs two layouts, not one per form."""
    from kb.render import printed

    def form_html(form):
        return html if form == 0 else printed.leaflet_html(kb, job.ident, job.paper, site_url, form=form,
                                                           language=job.language)

    last = len(printed.LEAFLET_FORMS) - 1
    first = lay_out(html)
    if len(first.pages) <= LEAFLET_GOAL_PAGES:
        return first
    shortest = lay_out(form_html(last))
    if len(shortest.pages) > LEAFLET_GOAL_PAGES:
        return first if len(first.pages) <= MAX_LEAFLET_PAGES else shortest
    for form in range(1, last):
        document = lay_out(form_html(form))
        if len(document.pages) <= LEAFLET_GOAL_PAGES:
            return document
    return shortest


def _lay_out(kb: KnowledgeBase, job: Job, html: str, stylesheet: str, site_url: str, docs_dir: Path) -> None:
    """Lay the HTML out and write the PDF. A leaflet longer than MAX_LEAFLET_PAGES is laid out again in a
    shorter form (fewer findings and alternatives, each left out whole and said so; see printed.LEAFLET_FORMS);
    an Option Grid longer than MAX_GRID_PAGES again with its lines a little closer."""
    from weasyprint import CSS, DEFAULT_OPTIONS, HTML
    from weasyprint.urls import URLFetcher

    from kb.render import printed

    options = {**DEFAULT_OPTIONS, "stylesheets": [CSS(string=stylesheet)], "pdf_variant": PDF_VARIANT,
               "uncompressed_pdf": False}
    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # never reach for the network
    if job.kind == "leaflet":
        document = _fit_leaflet(kb, job, html, site_url, lambda text: HTML(
            string=text, url_fetcher=fetcher, base_url=str(docs_dir)).render(**options))
    else:
        forms, most = (range(2), MAX_GRID_PAGES) if job.kind == "grid" else (range(1), None)
        for form in forms:
            if form:
                condition_id, decision = job.ident.split(":")
                html = printed.grid_html(kb, condition_id, decision, job.paper, site_url, tight=True,
                                         language=job.language)
            document = HTML(string=html, url_fetcher=fetcher, base_url=str(docs_dir)).render(**options)
            if most is None or len(document.pages) <= most:
                break
    document.write_pdf(job.out, **{key: options[key] for key in DEFAULT_OPTIONS})


_translation_keys: dict[tuple[int, str], tuple[KnowledgeBase, str]] = {}


def _translation_key(kb: KnowledgeBase, language: str) -> str:
    """translation_key, once per knowledge base and language in a process."""
    if (id(kb), language) not in _translation_keys:
        _translation_keys[(id(kb), language)] = (kb, translation_key(kb, language))
    return _translation_keys[(id(kb), language)][1]


_worker_state: dict = {}


def _init_worker(kb, site_url, docs_dir, cache_dir):
    _worker_state.update(kb=kb, site_url=site_url, docs_dir=docs_dir, cache_dir=cache_dir)


def _run_in_worker(job: Job) -> tuple[Job, tuple[float, bool]]:
    state = _worker_state
    return job, render_job(state["kb"], job, state["site_url"], state["docs_dir"], state["cache_dir"])


@dataclass
class Rendered:
    """What render_all did: seconds per output file, and which files were laid out (the rest came from the cache)."""

    timings: dict[Path, float]
    laid_out: list[Path]


def render_all(kb: KnowledgeBase, jobs: list[Job], site_url: str, docs_dir: Path, *, workers: int | None = None,
               progress=None, cache_dir: Path | None = None, prune: bool = False) -> Rendered:
    """Render every job, on all cores when there are several; `progress(done, total, job, laid_out)` is called
    after each. With `cache_dir`, unchanged PDFs are copied from it; with `prune`, cache entries this run did
    not use are removed (for a run that plans every PDF)."""
    check_weasyprint()
    check_fonts({job.language for job in jobs})
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    started = time.time()
    # the book is the longest job: start it first so both cores stay busy
    ordered = sorted(jobs, key=lambda j: j.kind != "book")
    result = Rendered({}, [])
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or len(jobs) < 3:
        done = ((job, render_job(kb, job, site_url, docs_dir, cache_dir)) for job in ordered)
        _collect(done, len(jobs), result, progress)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(kb, site_url, docs_dir, cache_dir)) as pool:
            _collect(pool.map(_run_in_worker, ordered), len(jobs), result, progress)
    if prune and cache_dir is not None and cache_dir.is_dir():
        for entry in cache_dir.glob("*.pdf"):
            if entry.stat().st_mtime < started - 1:
                entry.unlink(missing_ok=True)
    return result


def _collect(done, total, result: Rendered, progress) -> None:
    for i, (job, (seconds, laid_out)) in enumerate(done, 1):
        result.timings[job.out] = seconds
        if laid_out:
            result.laid_out.append(job.out)
        if progress:
            progress(i, total, job, laid_out)


def print_progress(done: int, total: int, job: Job, laid_out: bool = True) -> None:
    """One updating line on a terminal; one line per file in logs. Says whether the file was laid out
    again (changed) or copied from the cache (unchanged)."""
    what = "rendered" if laid_out else "unchanged"
    if sys.stderr.isatty():
        sys.stderr.write(f"\rkb pdf: {done}/{total} {what:<9} {_where(job):<53}"
                         + ("\n" if done == total else ""))
    else:
        sys.stderr.write(f"kb pdf: {done}/{total} {what} {_where(job)}\n")
    sys.stderr.flush()


def _where(job: Job) -> str:
    return ("" if job.language == SOURCE_LANGUAGE else f"{job.language}/") + f"{job.paper}/{job.out.name}"


def summary(result: Rendered) -> str:
    """The line saying which PDFs were laid out again and how many came unchanged from the cache."""
    root = Path(os.path.commonpath([path.parent.parent for path in result.timings])) if result.timings else Path()
    names = [path.relative_to(root).as_posix() for path in result.laid_out]
    reused = len(result.timings) - len(names)
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    return (f"kb pdf: {len(names)} rendered{': ' + shown if names else ''}; "
            f"{reused} unchanged, reused from the cache")
