"""Presentation rules: the short forms that pages, leaflets and handouts print are written to stand alone.

Anything printed in short form comes from a field written for it, never from a cut sentence: each finding
has a patient's question, a direction and a one-line answer; each claim has a short verdict.
"""
from __future__ import annotations

from kb.checks.registry import Finding, rule

REQUIRED = {"evidence": ("question", "direction", "summary"), "claims_examined": ("short_verdict",)}


@rule("short-forms", "document")
def short_forms(doc, kind, ctx):
    """Every finding has `question`, `direction` and `summary`; every claim has `short_verdict`; the red flags'
    short forms are one per sign, in the same order (as many `emergency_short` as `emergency` items)."""
    if kind == "red-flags":
        yield from _red_flag_short_forms(doc)
    if kind != "therapy":
        return
    for section, fields in REQUIRED.items():
        for i, item in enumerate(doc.data[section]):
            missing = [f for f in fields if f not in item]
            if missing:
                yield Finding(doc.path, (section, i), f"missing {', '.join(missing)}: the short forms printed on "
                              "pages and leaflets are written to stand alone, never cut from longer text", at_key=True)
            question = item.get("question")
            if question is not None and not question.rstrip().endswith("?"):
                yield Finding(doc.path, (section, i, "question"), "a question ends with '?'")


def _red_flag_short_forms(doc):
    for full in ("emergency", "urgent"):
        signs, short = doc.data[full], doc.data[full + "_short"]
        if len(short) != len(signs):
            yield Finding(doc.path, (full + "_short",), f"{full}_short has {len(short)} item(s) and {full} has "
                          f"{len(signs)}: give one short form per sign, in the same order", at_key=True)


@rule("direction", "document")
def direction(doc, kind, ctx):
    """A finding's direction agrees with its data: very low certainty means 'not-known', and a direction
    of helps or harms needs a difference between the numbers with and without the option."""
    if kind != "therapy":
        return
    for i, finding in enumerate(doc.data["evidence"]):
        value = finding.get("direction")
        if value is None:
            continue
        if finding["certainty"] == "very-low" and value != "not-known":
            yield Finding(doc.path, ("evidence", i, "direction"),
                          f"direction {value!r} with very low certainty: say 'not-known' (we do not know the direction)")
        elif finding["certainty"] != "very-low" and value == "not-known":
            yield Finding(doc.path, ("evidence", i, "direction"),
                          f"direction 'not-known' with {finding['certainty']} certainty: say what the evidence shows "
                          "(helps, no-difference or harms); 'not-known' is for very low certainty")
        absolute = finding.get("absolute")
        if absolute and value in ("helps", "harms") and absolute["with_therapy"] == absolute["without_therapy"]:
            yield Finding(doc.path, ("evidence", i, "direction"),
                          f"direction {value!r} but the numbers with and without the option are the same")
