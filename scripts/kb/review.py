"""`kb review`: which entries need an editor's attention (review due, evidence search or product information
check over a year old, or a product information check older than the last review), and which translations may be
out of date (their English changed after they were made)."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kb.knowledge import KnowledgeBase
from kb.paths import docs_dir
from kb.translations import english_file, english_texts, entry_kind, fingerprint, load, load_pages, stale

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


@dataclass(frozen=True)
class StaleTranslation:
    file: Path  # the translation
    fields: int  # how many of its texts were made from an older English text (1 for a page)
    english: Path  # the English entry or page
    changed: date  # when the English last changed


def _english(kb: KnowledgeBase, ref: str) -> dict | None:
    folder, _, ident = ref.partition("/")
    if folder == "therapies":
        return kb.therapies.get(ident)
    if folder == "conditions":
        return kb.conditions.get(ident)
    if ref == "situations":
        return {"situations": list(kb.situations.values())}
    return kb.red_flags if ref == "red-flags" else None


def last_changed(file: Path) -> date:
    """When a file last changed: its last commit, or its modification time when it has changes not committed (or
    is not in a git checkout)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args, "--", file.name], cwd=file.parent, capture_output=True, text=True,
                                  timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if git("status", "--porcelain") == "":
        when = git("log", "-1", "--format=%cs")
        if when:
            return date.fromisoformat(when)
    return date.fromtimestamp(file.stat().st_mtime)


def stale_translations(kb: KnowledgeBase, data: Path) -> list[StaleTranslation]:
    """Translations (of every language) with texts made from an English text that has changed since."""
    found = []
    folder = data / "translations"
    for language in sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ():
        for ref, translation in load(data, language).items():
            entry = _english(kb, ref)
            paths = stale(entry, translation["texts"]) if entry is not None else []
            if paths:
                english = english_file(data, ref)
                found.append(StaleTranslation(translation["file"], len(paths), english, last_changed(english)))
        for page, translation in load_pages(data, language).items():
            english = docs_dir(data) / page
            if english.is_file() and str(translation["meta"].get("en")) != fingerprint(english.read_text("utf-8")):
                found.append(StaleTranslation(translation["file"], 1, english, last_changed(english)))
    return found


def format_translations(rows: list[StaleTranslation], base: Path) -> str:
    def shown(file: Path) -> str:
        return str(file.relative_to(base)) if file.is_relative_to(base) else str(file)

    lines = [f"{'translation that may be out of date':<56} {'texts':>5}  {'English':<44} changed", "-" * 120]
    lines += [f"{shown(r.file):<56} {r.fields:>5}  {shown(r.english):<44} {r.changed}" for r in rows]
    return "\n".join(lines)


def translation_progress(kb: KnowledgeBase, data: Path) -> list[str]:
    """One line per language: entries and pages translated, texts translated of those their scopes need, and
    how many files may be out of date."""
    lines = []
    stale_files = stale_translations(kb, data)
    folder = data / "translations"
    for language in sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ():
        done = needed = 0
        entries = load(data, language)
        for ref, translation in entries.items():
            entry = _english(kb, ref)
            if entry is None:
                continue
            wanted = english_texts(entry_kind(ref), entry, translation["scope"], translation["conditions"])
            needed += len(wanted)
            done += sum(1 for path in wanted if (translation["texts"].get(path) or {}).get("text"))
        pages = load_pages(data, language)
        out_of_date = sum(1 for s in stale_files if s.file.is_relative_to(folder / language))
        lines.append(f"{language}: {len(entries)} entries and {len(pages)} pages; {done:,} of {needed:,} texts "
                     f"translated; {out_of_date} file(s) may be out of date")
    return lines
