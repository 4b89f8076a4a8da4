"""Phone screenshots of the main page kinds, to look at after a layout change.

    .venv/bin/python scripts/screenshots.py [--site site] [--out build/screenshots] [--width 390]

Serves the built site on 127.0.0.1, opens each page in Debian's Chromium (through Playwright, no
browser download) at a phone width and writes one full-page PNG per page into --out (outside site/).
Every request that leaves the machine is blocked.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "",
    "therapy-wet-cupping": "therapies/wet-cupping/",
    "therapy-acupuncture": "therapies/acupuncture/",
    "condition-episodic-migraine": "conditions/episodic-migraine/",
    "compare-episodic-migraine": "compare/episodic-migraine/",
    "situation-pregnancy": "situations/pregnancy/",
    "claims": "claims/",
    "discuss-episodic-migraine": "discuss/episodic-migraine/?d=prevention&s=pregnancy&v=no-needles",
}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", type=Path)
    parser.add_argument("--out", default="build/screenshots", type=Path)
    parser.add_argument("--width", default=390, type=int)
    parser.add_argument("--height", default=844, type=int)
    parser.add_argument("--first-screen", action="store_true", help="only the first screen, not the full page")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": args.width, "height": args.height}, is_mobile=True,
                                          has_touch=True, device_scale_factor=1)
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="load")
                out = args.out / f"{name}-{args.width}.png"
                page.screenshot(path=str(out), full_page=not args.first_screen)
                print(out)
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
