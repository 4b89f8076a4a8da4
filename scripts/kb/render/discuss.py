"""The "my options to discuss" sheet of a condition (discuss/<id>/): every option with what the sheet shows of it.

The page is static. It carries every option with its answer for every core situation; the reader's choices
(decision, situations, what matters) live in the page's address and are applied in the browser
(docs/javascripts/discuss.js). Without JavaScript the whole sheet is shown.
"""
from __future__ import annotations

from kb.knowledge import KnowledgeBase, main_harms
from kb.render.decisions import VALUES
from kb.render.derived import comparison_rows
from kb.render.text import first_sentence, number

DECISION_CHOICES = ("attack", "prevention", "both")  # the `d` choice in the address; "both" when absent


def core_situations(kb: KnowledgeBase) -> list[dict]:
    """The situations every option answers (core: true), in the order of data/situations.yaml."""
    return [s for s in kb.situations.values() if s.get("core")]


def numbers_missing(finding: dict) -> bool:
    """True when a finding has absolute numbers that its summary does not already say in words."""
    a = finding.get("absolute")
    if not a:
        return False
    said = finding["summary"]
    return not all(f"{number(a[key])} in {number(a['per'])}" in said for key in ("with_therapy", "without_therapy"))


def sheet_options(kb: KnowledgeBase, condition_id: str) -> list[dict]:
    """One item per option checked for the condition, most certain first (as on the comparison page): its
    comparison row, the values it fits, its main harms (the shared rule) and its answer for every core
    situation (never silence: a missing answer is a validation error)."""
    core = core_situations(kb)
    options = []
    for row in comparison_rows(kb, condition_id):
        therapy = row["therapy"]
        answers = {a["situation"]: a for a in therapy["safety"]}
        options.append({
            **row,
            "fits": [v.key for v in VALUES if v.fits(therapy)],
            "main_harms": main_harms(therapy["risks"]),
            "numbers_missing": numbers_missing(row["best"]),
            "answers": [{"situation": s, "level": answers[s["id"]]["level"],
                         "reason": first_sentence(" ".join(answers[s["id"]]["reason"].split()))} for s in core],
        })
    return options


def answers_by_level(option: dict, levels: list[str]) -> list[tuple[str, list[dict]]]:
    """An option's core answers grouped by level, in the order given, levels without answers left out
    (the compact form shown without JavaScript)."""
    grouped = [(level, [a["situation"] for a in option["answers"] if a["level"] == level]) for level in levels]
    return [(level, situations) for level, situations in grouped if situations]
