"""Wording rules: results are worded to match their certainty, and summaries are plain enough to read."""
from __future__ import annotations

import re

from kb.checks.registry import Finding, rule
from kb.problems import Level
from kb.readability import grade

# GRADE's plain-language convention (Cochrane): the verb carries the certainty.
_HEDGES = {
    "moderate": (re.compile(r"\bprobabl[ey]\b", re.I), "moderate certainty: say 'probably' (e.g. 'probably reduces')"),
    "low": (re.compile(r"\b(may|might)\b", re.I), "low certainty: say 'may' (e.g. 'may reduce')"),
    "very-low": (re.compile(r"\b(do not know|don't know|not known|uncertain|unclear|not sure)\b", re.I),
                 "very low certainty: say 'we do not know'"),
}
_ANY_HEDGE = re.compile(r"\b(probably|may|might|we do not know|uncertain)\b", re.I)
GRADE_LIMIT = 8.0
PLAIN_FIELDS = {"therapy": [("bottom_line", "text"), ("what_it_is",)], "condition": [("summary", "text")]}


@rule("certainty-wording", "document")
def certainty_wording(doc, kind, ctx):
    """A finding's result uses the words that match its certainty: 'probably' for moderate, 'may' for
    low, 'we do not know' for very low, and no hedge for high."""
    if kind != "therapy":
        return
    for i, finding in enumerate(doc.data["evidence"]):
        certainty, result = finding["certainty"], finding["result"]
        if certainty in _HEDGES:
            pattern, advice = _HEDGES[certainty]
            if not pattern.search(result):
                yield Finding(doc.path, ("evidence", i, "result"), f"wording does not match {advice}")
        elif _ANY_HEDGE.search(result.split(".")[0]):
            yield Finding(doc.path, ("evidence", i, "result"),
                          "high certainty: state the effect plainly (e.g. 'reduces'), without 'may' or 'probably'")


@rule("readability", "document")
def readability(doc, kind, ctx):
    """Plain-language summaries should read at US grade 8 or below (Flesch-Kincaid); a warning."""
    for path in PLAIN_FIELDS.get(kind, []):
        value = doc.data
        for part in path:
            value = value[part]
        level = grade(value)
        if level is not None and level > GRADE_LIMIT:
            yield Finding(doc.path, path, f"reads at US grade {level:g} (aim for {GRADE_LIMIT:g} or below): "
                          "use shorter sentences and everyday words", Level.WARNING)
