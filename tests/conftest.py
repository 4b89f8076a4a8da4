"""Fixtures shared by every test: the built site (once per run), served on 127.0.0.1, and a writable mini KB."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import DATA, MINI_KB, ROOT, tree_digest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site with its PDFs, built once per test run; the build must not touch data/ or docs/."""
    from kb.build import build_site

    before = tree_digest(DATA), tree_digest(ROOT / "docs")
    out = build_site(tmp_path_factory.mktemp("build") / "site", pdf=True)
    assert (tree_digest(DATA), tree_digest(ROOT / "docs")) == before, "a build changed data/ or docs/"
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on 127.0.0.1 (any free port), as a browser would see it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            # linkchecker throttles every host to about 3 requests a second unless the server sends
            # this header; then `maxrequestspersecond` in linkcheckerrc applies
            self.send_header("LinkChecker", "local test server")
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def kb():
    """The real knowledge base, validated (tests that change it define their own, module-scoped)."""
    from kb.validate import validate

    result = validate(DATA, base=ROOT)
    assert result.ok, [p.format() for p in result.errors[:5]]
    return result.kb


@pytest.fixture(scope="session")
def pdfs(built_site) -> Path:
    """The PDFs as `make site` writes them into the site (built once per test run)."""
    return built_site / "pdf"


@pytest.fixture
def mini_kb(tmp_path) -> Path:
    """A writable copy of the small test knowledge base."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(MINI_KB, target)
    return target
