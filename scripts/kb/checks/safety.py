"""Safety rules: every therapy answers every core situation, once; risk bands agree with their own numbers.

Silence about a situation must never read as "safe", so a therapy that leaves a core situation
(`core: true` in data/situations.yaml) without an answer is an error, and so is a risk whose frequency
band disagrees with the count written beside it.
"""
from __future__ import annotations

import re

from kb.checks.registry import Finding, rule
from kb.problems import Level

# The frequency bands of medicine leaflets (EU SmPC convention), lowest rate first: (band, at least).
BANDS = (("very-rare", 0.0), ("rare", 1 / 10_000), ("uncommon", 1 / 1_000), ("common", 1 / 100),
         ("very-common", 1 / 10))
LABEL_CHECKED = ("medicine", "procedure", "device", "supplement-or-herb")


def band_of(events: float, out_of: float) -> str:
    """The frequency band of a rate of `events` in `out_of`."""
    rate = events / out_of
    return next(band for band, floor in reversed(BANDS) if rate >= floor)


@rule("core-situations", "knowledge-base")
def core_situations(index, facts, ctx):
    """Every therapy answers every core situation of data/situations.yaml (do-not-use, ask-first,
    no-known-concern or not-studied); a missing answer is an error that names the situations."""
    core = [ident for fact in facts if fact.kind == "situations" for ident in fact.core]
    for fact in facts:
        if fact.kind != "therapy":
            continue
        answered = {ident for target, ident in fact.refs if target == "situation"}
        missing = [ident for ident in core if ident not in answered]
        if missing:
            yield Finding(fact.doc_path, ("safety",), f"no answer for {len(missing)} core situation(s): "
                          f"{', '.join(missing)} (add an item for each, with level do-not-use, ask-first, "
                          "no-known-concern or not-studied)", pos=fact.anchors.get("safety", (1, 1)))


@rule("safety-answered-once", "document")
def answered_once(doc, kind, ctx):
    """A therapy answers each situation once: two answers could disagree."""
    if kind != "therapy":
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data["safety"]):
        if item["situation"] in seen:
            yield Finding(doc.path, ("safety", i, "situation"),
                          f"situation {item['situation']!r} is already answered (item {seen[item['situation']] + 1})")
        seen.setdefault(item["situation"], i)


@rule("risk-band", "document")
def risk_band(doc, kind, ctx):
    """A risk's frequency band agrees with its own count (`rate`: events out of a number, per person,
    treatment, course or attack); 'unknown' cannot stand beside a count."""
    if kind != "therapy":
        return
    for i, risk in enumerate(doc.data["risks"]):
        rate = risk.get("rate")
        if not rate:
            continue
        expected = band_of(rate["events"], rate["out_of"])
        if risk["frequency"] != expected:
            yield Finding(doc.path, ("risks", i, "frequency"),
                          f"frequency {risk['frequency']!r} disagrees with its rate of {rate['events']:g} in "
                          f"{rate['out_of']:g} {rate['per']} counts: that is {expected!r}")


_SEVERE = re.compile(r"\b(severe|serious|life-threatening|fatal|died|death)\b", re.I)
_NOT_SEVERE = re.compile(r"\b(no|not|never|without|nor)\s+(\w+\s+){0,3}?(severe|serious)\b", re.I)


@rule("risk-seriousness", "document")
def risk_seriousness(doc, kind, ctx):
    """A risk marked 'mild' does not describe itself as severe or serious: the two cannot both be true.
    An error rather than a warning, because the reader sees the band and the words side by side."""
    if kind != "therapy":
        return
    for i, risk in enumerate(doc.data["risks"]):
        if risk["seriousness"] != "mild":
            continue
        for field in ("name", "frequency_detail"):
            text = _NOT_SEVERE.sub("", risk.get(field, ""))
            if _SEVERE.search(text):
                yield Finding(doc.path, ("risks", i, "seriousness"),
                              f"'mild' beside {field} {_SEVERE.search(text).group(0)!r}: set the seriousness "
                              "that matches, or split the mild and the severe cases into two risks")
                break


@rule("label-check", "document")
def label_check(doc, kind, ctx):
    """Medicines, procedures with a medicine, supplements and devices record which sections of their
    product information were read, and when (`label_check`)."""
    if kind == "therapy" and doc.data["category"] in LABEL_CHECKED and "label_check" not in doc.data:
        yield Finding(doc.path, ("category",), f"a {doc.data['category']} needs label_check: which sections of "
                      "its product information (SmPC/EPAR, label, herbal monograph or instructions for use) "
                      "were read, and when")


_PROCESS = re.compile(r"\b(we (could|did) not (read|see|check|find|access)|we read only|we saw no|"
                      r"we only (read|saw)|not displayed|in the record (we )?read|"
                      r"(only|just) the abstract|could not read)\b", re.I)
PATIENT_TEXT = ("result", "certainty_reason", "summary", "description", "reason", "explanation", "text",
                "frequency_detail", "short_verdict")


@rule("process-note", "document")
def process_notes(doc, kind, ctx):
    """Notes about our reading process ("we could not read ...") belong in `editor_note`, not in text
    that patients read: say what it means for the reader instead."""
    if kind != "therapy":
        return
    for path, value in doc.texts:
        if any(isinstance(p, str) and p in PATIENT_TEXT for p in path[-2:]) and "editor_note" not in path:
            match = _PROCESS.search(value)
            if match:
                yield Finding(doc.path, path, f"editor's process note in patient text ({match.group(0)!r}): move "
                              "it to editor_note and tell the reader what it means for them", Level.WARNING)
