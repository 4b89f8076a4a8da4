"""Review-date rules: dates are in order, none is in the future, and overdue reviews are flagged."""
from __future__ import annotations

from datetime import date

from kb.checks.registry import Finding, rule
from kb.problems import Level


@rule("review-dates", "document")
def review_dates(doc, kind, ctx):
    """Last review and evidence search are not in the future; the next review comes after the last one;
    a next review date in the past gives a warning."""
    review = doc.data.get("review") if isinstance(doc.data, dict) else None
    if not review:
        return
    last = date.fromisoformat(review["last_reviewed"])
    due = date.fromisoformat(review["next_review_due"])
    searched = date.fromisoformat(review["evidence_searched_to"])
    where = ("review",)
    if last > ctx.today:
        yield Finding(doc.path, where + ("last_reviewed",), f"last review {last} is in the future")
    if searched > ctx.today:
        yield Finding(doc.path, where + ("evidence_searched_to",), f"evidence search date {searched} is in the future")
    if due <= last:
        yield Finding(doc.path, where + ("next_review_due",), f"next review {due} must come after the last review {last}")
    elif due < ctx.today:
        yield Finding(doc.path, where + ("next_review_due",), f"review overdue since {due}", Level.WARNING)
    if searched > last:
        yield Finding(doc.path, where + ("evidence_searched_to",),
                      f"evidence searched to {searched}, after the last review {last}: review the entry again", Level.WARNING)


@rule("change-log", "document")
def change_log(doc, kind, ctx):
    """Change-log items are not dated in the future and are listed newest first."""
    changes = doc.data.get("changes") if isinstance(doc.data, dict) else None
    if not changes:
        return
    previous = None
    for i, item in enumerate(changes):
        when = date.fromisoformat(item["date"])
        where = ("changes", i, "date")
        if when > ctx.today:
            yield Finding(doc.path, where, f"change dated {when} is in the future")
        elif previous is not None and when > previous:
            yield Finding(doc.path, where, f"change dated {when} is listed below an older one ({previous}): "
                                           "put the newest change first")
        previous = when
