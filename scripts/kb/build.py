"""Build the site into a fresh folder, then swap it in: a failed build leaves the last good site as it was."""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from kb.paths import project_root


class BuildFailed(Exception):
    """The build stopped; the message lists the problems."""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"mkdocs: {record.levelname.lower()}: {record.getMessage()}")


def build_site(site_dir: Path | None = None, *, strict: bool = True, pdf: bool = False) -> Path:
    """Run MkDocs (strict) into a temporary sibling folder, add the PDFs if asked, and move it into
    place only when everything succeeded."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from kb.mkdocs_adapter import edition_builds
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = project_root()
    target = (site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=target.parent))
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=strict)
        build(config)
        for overrides in edition_builds(staging, root):  # one project per language, into staging/<language>/
            build(load_config(str(root / "mkdocs.yml"), strict=strict, **overrides))
        if pdf:
            _build_pdfs(root, staging / "pdf")
    except (BuildError, Abort, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc)
        if isinstance(exc, Abort) and collect.lines:
            message = "\n".join(collect.lines + [message])
        raise BuildFailed(message) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(collect)
    _swap(staging, target)
    return target


def pdf_cache_dir(root: Path) -> Path | None:
    """Where unchanged PDFs are kept between builds (outside site/); KB_PDF_CACHE=off turns it off."""
    setting = os.environ.get("KB_PDF_CACHE", "")
    if setting == "off":
        return None
    return Path(setting) if setting else root / ".cache" / "kb" / "pdf"


def _build_pdfs(root: Path, out: Path) -> None:
    from kb import pdf
    from kb.paths import data_dir, site_url
    from kb.validate import validate

    result = validate(data_dir(root), strict=True, base=root)  # already passed inside the MkDocs build
    jobs = pdf.plan(result.kb, out, ["a4", "letter"])
    try:
        rendered = pdf.render_all(result.kb, jobs, site_url(root), root / "docs", progress=pdf.print_progress,
                                  cache_dir=pdf_cache_dir(root), prune=True)
        print(pdf.summary(rendered), file=sys.stderr)
    except pdf.PdfUnavailable as exc:
        raise BuildError(str(exc)) from None


def _swap(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames, so the site is never half-written."""
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    if target.exists():
        old = target.with_name(f".site-old-{os.getpid()}")
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)
