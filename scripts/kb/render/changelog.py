"""The change logs of the entries, across the knowledge base: the "What's new" page and an Atom feed.

Every date comes from the data (`changes` in each therapy and condition), never from the clock, so the
same data gives the same page and feed. Kept independent of MkDocs like the page renderer.
"""
from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape, quoteattr

from kb.knowledge import KnowledgeBase
from kb.render.site import environment
from kb.render.text import first_sentence, plain

WHATS_NEW = "whats-new.md"
FEED = "feed.xml"
KIND_LABELS = {"therapy": "treatment", "condition": "condition"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def long_date(iso: str) -> str:
    """'2026-11-21' -> '21 November 2026' (the same in every locale)."""
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def all_changes(kb: KnowledgeBase) -> list[dict]:
    """Every change-log item of every therapy and condition, newest first, then by entry name."""
    found = []
    for kind, folder, entries in (("therapy", "therapies", kb.therapies), ("condition", "conditions", kb.conditions)):
        for entry in entries.values():
            items = entry.get("changes", [])
            for i, item in enumerate(items):
                same_day_older = sum(1 for other in items[i + 1:] if other["date"] == item["date"])
                found.append({"date": item["date"], "summary": item["summary"], "sources": item.get("sources", []),
                              "kind": kind, "kind_label": KIND_LABELS[kind], "entry": entry,
                              "page": f"{folder}/{entry['id']}.md", "url": f"{folder}/{entry['id']}/",
                              "anchor": f"change-{item['date']}" + (f"-{same_day_older}" if same_day_older else "")})
    return sorted(found, key=lambda c: (_descending(c["date"]), c["entry"]["name"].lower(), c["kind"]))


def _descending(iso: str) -> tuple:
    return tuple(-int(part) for part in iso.split("-"))


def whats_new_page(kb: KnowledgeBase) -> dict[str, str]:
    """{'whats-new.md': markdown}: the changes grouped by day, newest first."""
    changes = all_changes(kb)
    days: dict[str, list[dict]] = {}
    for change in changes:
        days.setdefault(change["date"], []).append(change)
    reviewed = [e["review"]["last_reviewed"] for e in [*kb.therapies.values(), *kb.conditions.values()]]
    newest = changes[0]["date"] if changes else (max(reviewed) if reviewed else "")
    markdown = environment().get_template("whats-new.md.j2").render(
        kb=kb, days=[(long_date(d), items) for d, items in days.items()], newest=newest, feed=FEED)
    return {WHATS_NEW: markdown}


def atom_feed(kb: KnowledgeBase, site_url: str) -> str:
    """An Atom 1.0 feed with one entry per change-log item; `updated` is the newest change's date."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    changes = all_changes(kb)
    updated = f"{changes[0]['date']}T00:00:00Z" if changes else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>{escape(base + FEED)}</id>",
        "  <title>Headache Options: what's new</title>",
        "  <subtitle>Changes to the treatment and condition pages: new entries, and what changed in the evidence.</subtitle>",
        f"  <updated>{updated}</updated>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + 'whats-new/')}/>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + FEED)}/>",
        "  <author><name>Headache Options editorial team</name></author>",
    ]
    for change in changes:
        name = plain(change["entry"]["name"])
        summary = plain(change["summary"])
        url = base + change["url"]
        lines += [
            "  <entry>",
            f"    <id>{escape(url + '#' + change['anchor'])}</id>",
            f"    <title>{escape(name + ': ' + first_sentence(summary))}</title>",
            f"    <updated>{change['date']}T00:00:00Z</updated>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
            f"    <category term={quoteattr(change['kind'])} label={quoteattr(change['kind_label'])}/>",
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
