"""Render print documents to PDF with WeasyPrint: leaflets, condition handouts and the whole book.

Offline (only file: and data: URLs may be fetched), tagged (PDF/UA-1), reproducible (fixed metadata
dates from the data; same input gives the same bytes), and in parallel on every core for many files.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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
    if fc_list and "DejaVu Sans" not in subprocess.run([fc_list, ":family"], capture_output=True, text=True).stdout:
        raise PdfUnavailable("the print font DejaVu Sans is not installed; on Debian/Ubuntu: "
                             "sudo apt-get install fonts-dejavu-core")


@dataclass(frozen=True)
class Job:
    """One PDF to write: what (leaflet/handout/book), which entry, which paper, where."""

    kind: str
    ident: str
    paper: str
    out: Path


def plan(kb: KnowledgeBase, out_dir: Path, papers: list[str], ids: list[str] | None = None,
         book: bool = True) -> list[Job]:
    """The PDFs to make. With `ids`, only leaflets/handouts of those entries (and no book)."""
    from kb.render import printed

    jobs = []
    for paper in papers:
        for tid in sorted(kb.therapies):
            if ids is None or tid in ids:
                jobs.append(Job("leaflet", tid, paper, out_dir / paper / f"{tid}.pdf"))
        for cid in sorted(kb.conditions):
            if ids is None or cid in ids:
                jobs.append(Job("handout", cid, paper, out_dir / paper / f"{cid}-options.pdf"))
                for decision in printed.grid_decisions(kb, cid):
                    jobs.append(Job("grid", f"{cid}:{decision}", paper, out_dir / paper / f"{cid}-{decision}-grid.pdf"))
        if book and ids is None:
            jobs.append(Job("book", "book", paper, out_dir / paper / "headache-options-book.pdf"))
    return jobs


def render_job(kb: KnowledgeBase, job: Job, site_url: str, docs_dir: Path) -> float:
    """Write one PDF; returns the seconds it took."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    from kb.render import printed

    start = time.perf_counter()
    if job.kind == "leaflet":
        html = printed.leaflet_html(kb, job.ident, job.paper, site_url)
    elif job.kind == "handout":
        html = printed.handout_html(kb, job.ident, job.paper, site_url)
    elif job.kind == "grid":
        condition_id, decision = job.ident.split(":")
        html = printed.grid_html(kb, condition_id, decision, job.paper, site_url)
    else:
        html = printed.book_html(kb, job.paper, site_url, docs_dir)
    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # never reach for the network
    document = HTML(string=html, url_fetcher=fetcher, base_url=str(docs_dir))
    job.out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(job.out, stylesheets=[CSS(string=printed.stylesheet())], pdf_variant=PDF_VARIANT,
                       uncompressed_pdf=False)
    return time.perf_counter() - start


_worker_state: dict = {}


def _init_worker(kb, site_url, docs_dir):
    _worker_state.update(kb=kb, site_url=site_url, docs_dir=docs_dir)


def _run_in_worker(job: Job) -> tuple[Job, float]:
    return job, render_job(_worker_state["kb"], job, _worker_state["site_url"], _worker_state["docs_dir"])


def render_all(kb: KnowledgeBase, jobs: list[Job], site_url: str, docs_dir: Path, *, workers: int | None = None,
               progress=None) -> dict[Path, float]:
    """Render every job, on all cores when there are several; `progress(done, total, job)` is called after each."""
    check_weasyprint()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    timings: dict[Path, float] = {}
    if workers <= 1 or len(jobs) < 3:
        for i, job in enumerate(jobs, 1):
            timings[job.out] = render_job(kb, job, site_url, docs_dir)
            if progress:
                progress(i, len(jobs), job)
        return timings
    # the book is the longest job: start it first so both cores stay busy
    ordered = sorted(jobs, key=lambda j: j.kind != "book")
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(kb, site_url, docs_dir)) as pool:
        for i, (job, seconds) in enumerate(pool.map(_run_in_worker, ordered), 1):
            timings[job.out] = seconds
            if progress:
                progress(i, len(jobs), job)
    return timings


def print_progress(done: int, total: int, job: Job) -> None:
    """One updating line on a terminal; one line per file in logs."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\rkb pdf: {done}/{total} {job.paper}/{job.out.name:<50}" + ("\n" if done == total else ""))
    else:
        sys.stderr.write(f"kb pdf: {done}/{total} {job.paper}/{job.out.name}\n")
    sys.stderr.flush()
