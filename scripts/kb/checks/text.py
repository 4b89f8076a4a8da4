"""Text rules: free text is plain words and a small Markdown subset, never live markup or unsafe links."""
from __future__ import annotations

import re

from kb.checks.registry import Finding, rule

_HTML = re.compile(r"<\s*[A-Za-z!/?]")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+)", re.MULTILINE)
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)
_ATTR_LIST = re.compile(r"\{\s*:|\{\s*[#.][A-Za-z]|\{[^{}\n]*=[^{}\n]*\}")


@rule("unsafe-html", "document")
def unsafe_html(doc, kind, ctx):
    """Raw HTML tags, comments and attribute lists are refused in data text (they could run code or
    change the page); write plain text or Markdown."""
    for path, value in doc.texts:
        if _HTML.search(value):
            yield Finding(doc.path, path, "raw HTML is not allowed in data text; write plain text or Markdown")
        elif _ATTR_LIST.search(value):
            yield Finding(doc.path, path, "attribute lists like '{: ...}' are not allowed in data text")


@rule("unsafe-link", "document")
def unsafe_links(doc, kind, ctx):
    """Markdown links in data text point to http(s) or mailto addresses only (no javascript: or data:)."""
    for path, value in doc.texts:
        if "](" not in value and "]:" not in value:
            continue
        for match in _LINK.finditer(value):
            target = match.group(1) or match.group(2) or ""
            if not _SAFE_LINK.match(target):
                yield Finding(doc.path, path, f"link target {target[:40]!r} is not allowed; use an https:// address")
