#!/usr/bin/env python3
"""Lighthouse (mobile) on four key pages; scores written to LIGHTHOUSE.md. A script, not a test:
it takes about 20 s a page and its performance score moves with the machine's load.

    .venv/bin/python scripts/lighthouse.py [--write]

Needs: a built site (make site), Debian's chromium, and `npm ci --ignore-scripts` in tools/lighthouse.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "therapy (wet cupping)": "therapies/wet-cupping/", "condition (episodic migraine)": "conditions/episodic-migraine/",
         "comparison (episodic migraine)": "compare/episodic-migraine/"}
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve the site as a production static host would: gzip for text files, long cache for assets.
    (Python's plain http.server does neither, and Lighthouse would then measure the test server.)"""
    import gzip

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (path.suffix in COMPRESSIBLE and path.is_file()
                    and "gzip" in self.headers.get("Accept-Encoding", "")):
                body = gzip.compress(path.read_bytes(), mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                if "/assets/" in self.path:
                    self.send_header("Cache-Control", "public, max-age=31536000, immutable")
                self.end_headers()
                import io
                return io.BytesIO(body)
            return super().send_head()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(url: str, out: Path) -> dict[str, int]:
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={FLAGS}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--output=json", f"--output-path={out}"],
                   check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=300)
    report = json.loads(out.read_text())
    return {key: round(cat["score"] * 100) for key, cat in report["categories"].items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--write", action="store_true", help="write the results to LIGHTHOUSE.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse missing: (cd tools/lighthouse && npm ci --ignore-scripts)")
    server, base = serve(args.site)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in PAGES.items():
            scores = audit(base + path, Path(tmp) / "report.json")
            rows.append((name, scores))
            print(name, scores, flush=True)
    server.shutdown()
    lines = [f"# Lighthouse scores", "",
             f"Mobile profile, Lighthouse 12.8.2, Debian Chromium, site served on 127.0.0.1 with gzip like a "
             f"production static host; measured "
             f"{time.strftime('%Y-%m-%d')} with `scripts/lighthouse.py`. Goals: performance >= 95, "
             "accessibility, best practices and SEO 100. Performance moves with the machine's load.", "",
             "| page | performance | accessibility | best practices | SEO |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |" for name, s in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        (ROOT / "LIGHTHOUSE.md").write_text(text, encoding="utf-8")
    below = [(n, k, v) for n, s in rows for k, v in s.items() if v < GOALS[k]]
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
