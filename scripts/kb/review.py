"""`kb review`: which entries need an editor's attention (review due, evidence search or product information
check over a year old, or a product information check older than the last review)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kb.knowledge import KnowledgeBase

STALE_SEARCH = timedelta(days=365)


@dataclass(frozen=True)
class Due:
    kind: str
    ident: str
    name: str
    next_review_due: date
    evidence_searched_to: date
    reasons: tuple[str, ...]


def due_entries(kb: KnowledgeBase, today: date, within_days: int = 0) -> list[Due]:
    """Entries whose next review falls due by `today + within_days`, or whose evidence search is stale."""
    horizon = today + timedelta(days=within_days)
    entries = [("therapy", t) for t in kb.therapies.values()] + [("condition", c) for c in kb.conditions.values()]
    if kb.red_flags:
        entries.append(("red-flags", {"id": "red-flags", "name": "Headache warning signs", **kb.red_flags}))
    found = []
    for kind, entry in entries:
        review = entry["review"]
        due = date.fromisoformat(review["next_review_due"])
        searched = date.fromisoformat(review["evidence_searched_to"])
        reasons = []
        if due <= horizon:
            reasons.append("review overdue" if due < today else f"review due {due}")
        if today - searched > STALE_SEARCH:
            reasons.append(f"evidence searched {(today - searched).days} days ago")
        label = entry.get("label_check")
        if label:
            checked = date.fromisoformat(label["checked"])
            if checked < date.fromisoformat(review["last_reviewed"]):
                reasons.append(f"product information last read {checked}, before the last review")
            elif today - checked > STALE_SEARCH:
                reasons.append(f"product information read {(today - checked).days} days ago")
        if reasons:
            found.append(Due(kind, entry["id"], entry["name"], due, searched, tuple(reasons)))
    return sorted(found, key=lambda d: (d.next_review_due, d.ident))


def format_table(rows: list[Due]) -> str:
    if not rows:
        return "No entries need review."
    lines = [f"{'entry':<48} {'next review':<12} {'searched to':<12} why", "-" * 100]
    lines += [f"{r.kind + '/' + r.ident:<48} {r.next_review_due!s:<12} {r.evidence_searched_to!s:<12} {'; '.join(r.reasons)}"
              for r in rows]
    return "\n".join(lines)
