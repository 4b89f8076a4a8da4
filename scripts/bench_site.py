"""Site benchmarks for scripts/bench.py: `build` (the MkDocs build against plain MkDocs and Python-Markdown)
and `weight` (what a patient's browser downloads).

build, on synthetic knowledge bases (kb.synthetic, written to a temporary folder, read through
KB_DATA_DIR), each stage timed on its own:
  - kb: validation as the hook runs it, and page generation (the hook's on_files: pages, open data,
    feed) on their own;
  - kb: `mkdocs build` of mkdocs.yml, strict, through the kb hook (validation, generation, the site);
  - peer: plain `mkdocs build` of the same pages written as Markdown files (docs/ plus every generated
    page) with the same theme, overrides, features, extensions and navigation, without the kb hook;
    once with the theme helper of mkdocs.yml (scripts/kb/mkdocs_theme.py), once without it, that is
    with Material's own navigation loop;
  - floor: Python-Markdown alone converting the same pages with the same extensions (one instance).
Ratios: generator overhead = kb build / plain build - 1 (goal at most 10 %), kb build / floor (goal
within 2x at 1,000 entries), and growth time(3,000) / time(1,000) (goal at most 3.3).

The stages run in rounds, one run of each stage per round, and each figure is the median over the
rounds: other work on the machine then slows every stage alike and the ratios hold, which separate
blocks of runs per stage (bench.py's median_seconds) do not guarantee on a shared 2-core machine. Each
stage is warmed up once per process (imports, template compilation), not once per size. The CPU
column (this process and its children) shows how much the wall time was stretched by other work.

weight, on the real site: for a few pages, the HTML and every stylesheet, script, icon, image and font
it references (found by parsing the HTML and the stylesheets), gzip-compressed as a web server sends
them; then the search worker and search index that Material's script fetches right after the page
loads; goals: a page under 150 KB, the search index under 300 KB.
"""
from __future__ import annotations

import contextlib
import gzip
import logging
import os
import posixpath
import re
import shutil
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# runs per figure unless --runs says otherwise: at 3,000 entries one run of a build takes minutes
BUILD_RUNS_SMALL, BUILD_RUNS_LARGE, LARGE = 3, 1, 3000

# Goals of issue 6
OVERHEAD_GOAL, FLOOR_GOAL, GROWTH_GOAL = 0.10, 2.0, 3.3
PAGE_GOAL_KB, SEARCH_GOAL_KB = 150, 300


# --------------------------------------------------------------------------------------------- build

@contextlib.contextmanager
def _environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def _mkdocs_build(config_file: Path, site_dir: Path, strict: bool, **overrides) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    warnings = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        build(load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides))
    except Abort as exc:
        raise RuntimeError(f"{config_file}: {exc}\n" + "\n".join(warnings.lines[:10])) from None
    finally:
        logger.removeHandler(warnings)


def one_language(root: Path) -> dict:
    """mkdocs.yml's `extra` without the other languages (`alternate`): the language links are the kb hook's, and a
    plain build cannot make them, so all three builds leave them out (`bench.py editions` measures the editions)."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as handle:
        extra = dict(yaml_load(handle).get("extra") or {})
    extra.pop("alternate", None)
    return extra


def hook_generation(root: Path):
    """The kb hook's on_files, ready to time: (generate, config), where generate() adds every page and
    file the hook makes from the knowledge base to a fresh list of docs/ files and returns it. The hook's
    on_config (validation, navigation, template data) has run on `config` already."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files, get_files

    config = load_config(str(root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    authored = list(get_files(config))

    def generate():
        return config.plugins.on_files(Files(list(authored)), config=config)

    return generate, config


def plain_project(root: Path, target: Path, *, theme_helper: bool = True) -> Path:
    """A plain MkDocs project with the same pages as files: docs/ plus every file the kb hook generates
    (taken from the hook itself, so nothing it adds is missed), and a copy of mkdocs.yml without the kb
    hook: its navigation expanded and its template data written in. Returns the config file."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs"
    shutil.copytree(root / "docs", docs)
    generate, config = hook_generation(root)
    for file in generate():
        if file.generated_by:
            (docs / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / file.src_uri).write_bytes(file.content_bytes)
    with open(root / "mkdocs.yml", encoding="utf-8") as handle:
        plain = yaml_load(handle)
    kept_hooks = [h for h in plain.get("hooks", [])  # overrides/ need their text hook; the helper is optional
                  if Path(h).name == "mkdocs_i18n.py" or (theme_helper and Path(h).name == "mkdocs_theme.py")]
    plain["hooks"] = [str(root / h) for h in kept_hooks]
    plain.pop("watch", None)
    plain["docs_dir"] = str(docs)
    plain["theme"]["custom_dir"] = str(root / plain["theme"]["custom_dir"])
    plain["nav"] = config.nav
    plain["extra"] = {k: v for k, v in config.extra.items() if k != "alternate"}  # see one_language()
    for extension in plain["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = extension["pymdownx.snippets"]
            options["base_path"] = [str(root / p) for p in options.get("base_path", ["."])]
    config_file = target / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def markdown_floor(config_file: Path):
    """A function converting every page of the plain project with Python-Markdown alone: one Markdown
    instance with the extensions and settings MkDocs would use (its built-in toc, tables, fenced_code
    included), front matter already removed. Returns (convert_all, number_of_pages)."""
    import markdown
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    config = load_config(str(config_file))
    docs = Path(config.docs_dir)
    bodies = [get_data(p.read_text(encoding="utf-8"))[0] for p in sorted(docs.rglob("*.md"))]
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def convert_all():
        for body in bodies:
            converter.reset().convert(body)

    return convert_all, len(bodies)


def _cpu_seconds() -> float:
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def interleaved_medians(stages: list[tuple[str, object]], runs: int, warmed: set[str]) -> dict[str, tuple[float, float]]:
    """{stage: (median wall seconds, median CPU seconds)} over `runs` rounds of one run per stage."""
    import statistics

    for name, action in stages:
        if name not in warmed:
            action()
            warmed.add(name)
    wall: dict[str, list[float]] = {name: [] for name, _ in stages}
    cpu: dict[str, list[float]] = {name: [] for name, _ in stages}
    for _ in range(runs):
        for name, action in stages:
            cpu_start, start = _cpu_seconds(), time.perf_counter()
            action()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(_cpu_seconds() - cpu_start)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name, _ in stages}


def build_rows(sizes: list[int], runs: int | None, workdir: Path) -> list[tuple[str, ...]]:
    """Rows (entries, pages, stage, time, CPU, per page, note) for every size, then the growth between sizes."""
    from kb import synthetic
    from kb.paths import data_dir, project_root
    from kb.validate import validate

    root = project_root()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # strict builds still fail on any warning
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    rows, times, warmed = [], {}, set()
    for size in sizes:
        n_runs = runs or (BUILD_RUNS_LARGE if size >= LARGE else BUILD_RUNS_SMALL)
        kb_dir = synthetic.make(data_dir(root), workdir / f"kb-{size}", size)
        # docs/ links to real entries, which a synthetic knowledge base has only from the real size up
        strict = size >= len(list((data_dir(root) / "therapies").glob("*.yaml")))
        with _environment(KB_DATA_DIR=str(kb_dir)), contextlib.chdir(root):  # mkdocs.yml paths are relative to it
            result = validate(kb_dir, strict=True, base=root)
            assert result.ok, [p.format() for p in result.errors[:3]]
            generate, _ = hook_generation(root)
            plain = plain_project(root, workdir / f"plain-{size}")
            stock = plain_project(root, workdir / f"stock-{size}", theme_helper=False)
            floor, pages = markdown_floor(plain)
            stages = [
                ("kb: validation, as in the build", lambda: validate(kb_dir, strict=True, base=root)),
                ("kb: page generation (the hook's on_files)", generate),
                ("kb: mkdocs build (hook, strict)",
                 lambda: _mkdocs_build(root / "mkdocs.yml", workdir / "site-kb", strict, extra=one_language(root))),
                ("peer: plain mkdocs build of the same pages", lambda: _mkdocs_build(plain, workdir / "site-plain", strict)),
                ("peer: plain mkdocs build, Material's own navigation loop",
                 lambda: _mkdocs_build(stock, workdir / "site-stock", strict)),
                ("floor: Python-Markdown alone, same pages and extensions", floor),
            ]
            measured = interleaved_medians(stages, n_runs, warmed)
        t = {name: wall for name, (wall, _) in measured.items()}
        times[size] = t
        ours, plain_t = t["kb: mkdocs build (hook, strict)"], t["peer: plain mkdocs build of the same pages"]
        floor_t = t["floor: Python-Markdown alone, same pages and extensions"]
        without_validation = ours - t["kb: validation, as in the build"]
        notes = {
            "kb: mkdocs build (hook, strict)":
                f"generator overhead {_pct(ours / plain_t - 1)} over plain ({_pct(without_validation / plain_t - 1)} "
                f"without validation; goal ≤ {OVERHEAD_GOAL:.0%}); {ours / floor_t:.2f}× the floor "
                f"(goal ≤ {FLOOR_GOAL:g}× at 1,000)",
            "peer: plain mkdocs build, Material's own navigation loop":
                f"{t[stages[4][0]] / plain_t:.2f}× the plain build with the theme helper",
            "peer: plain mkdocs build of the same pages": f"{plain_t / floor_t:.2f}× the floor",
        }
        for name, (seconds, cpu) in measured.items():
            rows.append((f"{size:,}", f"{pages:,}", name, f"{seconds:.2f} s", f"{cpu:.2f} s",
                         f"{seconds / pages * 1000:.1f} ms", notes.get(name, "")))
        same = _html_digest(workdir / "site-kb") == _html_digest(workdir / "site-plain") == _html_digest(workdir / "site-stock")
        rows.append((f"{size:,}", f"{pages:,}", "check: the three builds wrote the same HTML", "yes" if same else "NO", "", "",
                     "" if strict else "not strict: fewer entries than data/, so links from docs/ to real ones are missing"))
    ordered = sorted(times)
    for small, large in zip(ordered, ordered[1:]):
        for name in times[small]:
            growth = times[large][name] / times[small][name] if times[small][name] else float("nan")
            note = f"for {large / small:.3g}× the entries"
            if name.startswith("kb: mkdocs build") and large == 3 * small:
                note += f" (goal ≤ {GROWTH_GOAL:g}×)"
            rows.append((f"{large:,} / {small:,}", "", name, f"{growth:.2f}×", "", "", note))
    return rows


def _html_digest(site: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for file in sorted(site.rglob("*.html")):
        digest.update(file.relative_to(site).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _pct(x: float) -> str:
    return f"{x:+.0%}".replace("-", "−")


def build_table(sizes: list[int], runs: int | None, machine: str) -> list[str]:
    load_before = os.getloadavg()[0]  # other work on the machine shows in wall times: say how busy it was
    with tempfile.TemporaryDirectory() as tmp:
        rows = build_rows(sizes, runs, Path(tmp))
    how = (f"median of {runs} rounds" if runs else
           f"median of {BUILD_RUNS_SMALL} rounds, one round from {LARGE:,} entries")
    how += f", load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after"
    return [f"### Site build ({time.strftime('%Y-%m-%d')}, {machine}, {how})", "",
            "| entries | pages | stage | time | CPU | per page | note |", "| --- | --- | --- | --- | --- | --- | --- |",
            *[f"| {' | '.join(r)} |" for r in rows], ""]


# -------------------------------------------------------------------------------------------- weight

TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".ico"}


class _References(HTMLParser):
    """What a browser fetches to show the page: stylesheets, icons, preloads, scripts, images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and set((a.get("rel") or "").lower().split()) & {
                "stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}:
            self.urls.append(a["href"])
        elif tag in ("script", "img", "source", "video", "audio", "iframe", "embed", "input") and a.get("src"):
            if tag != "input" or (a.get("type") or "").lower() == "image":
                self.urls.append(a["src"])
        if tag in ("img", "source") and a.get("srcset"):
            self.urls.append(a["srcset"].split(",")[0].split()[0])  # one candidate is fetched


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.S)
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def _css_references(css: str) -> list[str]:
    """Fonts (the first source of each @font-face, as a browser picks one), images and imports."""
    urls = []
    for face in _FONT_FACE.findall(css):
        found = _CSS_URL.findall(face)
        if found:
            urls.append(found[0][1])
    rest = _FONT_FACE.sub("", css)
    urls += [m[1] for m in _CSS_URL.findall(rest)] + _IMPORT.findall(rest)
    return [u for u in urls if not u.startswith(("data:", "#"))]


def _local(site: Path, from_file: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, or data: (counted in the file that holds it)
    if parts.path.startswith("/"):
        target = site / parts.path.lstrip("/")
    else:
        target = from_file.parent / parts.path
    target = Path(posixpath.normpath(target.as_posix()))
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def transfer_size(file: Path) -> int:
    """Bytes on the wire: gzip (level 6, a web server's usual setting) for text, as stored for the rest."""
    data = file.read_bytes()
    if file.suffix.lower() in TEXT_TYPES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def page_files(site: Path, page: str) -> list[Path]:
    """The page's HTML file and every file it makes the browser fetch on first load, each once."""
    html_file = site / page / "index.html" if not page.endswith(".html") else site / page
    found, queue = [html_file], [html_file]
    while queue:
        current = queue.pop()
        text = current.read_text(encoding="utf-8", errors="replace")
        if current.suffix == ".html":
            parser = _References()
            parser.feed(text)
            urls = parser.urls
        elif current.suffix == ".css":
            urls = _css_references(text)
        else:
            urls = []
        for url in urls:
            target = _local(site, current, url)
            if target is not None and target not in found:
                found.append(target)
                queue.append(target)
    return found


def search_files(site: Path) -> list[Path]:
    """What Material's script fetches right after every first page load: the search worker and index."""
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return [*workers[:1], site / "search" / "search_index.json"]


def weight_rows(site: Path, pages: list[str]) -> list[tuple[str, ...]]:
    rows = []
    index = site / "search" / "search_index.json"
    search_extra = sum(transfer_size(f) for f in search_files(site))
    for page in pages:
        files = page_files(site, page)
        sizes = {f: transfer_size(f) for f in files}
        total = sum(sizes.values())
        by_kind: dict[str, int] = {}
        for f, n in sizes.items():
            kind = {".html": "HTML", ".css": "CSS", ".js": "JS"}.get(f.suffix, "fonts/images")
            by_kind[kind] = by_kind.get(kind, 0) + n
        detail = ", ".join(f"{k} {v / 1024:.1f}" for k, v in by_kind.items())
        status = "meets" if total / 1024 < PAGE_GOAL_KB else "over"
        raw = sum(f.stat().st_size for f in files)
        rows.append((f"`{page or '/'}` first load: HTML + {len(files) - 1} files it references",
                     f"{raw / 1024:.1f} KB", f"{total / 1024:.1f} KB",
                     f"{detail} KB; {status} the goal of < {PAGE_GOAL_KB} KB; "
                     f"{(total + search_extra) / 1024:.1f} KB with the search worker and index"))
    raw, packed = index.stat().st_size, transfer_size(index)
    status = "meets" if packed / 1024 < SEARCH_GOAL_KB else "over"
    rows.append(("search index `search/search_index.json`", f"{raw / 1024:.1f} KB",
                 f"{packed / 1024:.1f} KB", f"{status} the goal of < {SEARCH_GOAL_KB} KB; fetched by Material's "
                 f"script right after every first page load, with the search worker"))
    worker = search_files(site)[0]
    rows.append(("search worker script", f"{worker.stat().st_size / 1024:.1f} KB",
                 f"{transfer_size(worker) / 1024:.1f} KB", ""))
    return rows


def weight_table(site_dir: Path | None = None,
                 pages: tuple[str, ...] = ("", "therapies/acupuncture/", "conditions/episodic-migraine/",
                                           "compare/episodic-migraine/")) -> list[str]:
    """Build the real site (no PDFs) into a temporary folder, unless given one, and weigh its pages."""
    with tempfile.TemporaryDirectory() as tmp:
        if site_dir is None:
            from kb.build import build_site

            logging.getLogger("mkdocs").setLevel(logging.WARNING)
            site_dir = build_site(Path(tmp) / "site", pdf=False)
        pages = tuple(p for p in pages if (site_dir / p / "index.html").is_file())
        rows = weight_rows(site_dir, list(pages))
    return [f"### Page weight ({time.strftime('%Y-%m-%d')}, real site, gzip level 6)", "",
            "| what | uncompressed | transferred (gzip) | note |", "| --- | --- | --- | --- |",
            *[f"| {' | '.join(r)} |" for r in rows], ""]
