"""Option Grids: per condition and decision, the few options a handout puts side by side.

An editor chooses them in the condition's `option_grid` (checked by the option-grid rule); without a
choice, the most certain options checked for the decision are shown. Used by the print handouts and by
the pages that link to them.
"""
from __future__ import annotations

from kb.i18n import N_
from kb.knowledge import KnowledgeBase, most_certain_benefit
from kb.render.derived import comparison_rows

DECISIONS = {"attack": N_("Treating an attack"), "prevention": N_("Preventing attacks")}
GRID_SIZE = 6


def grid_options(kb: KnowledgeBase, condition_id: str, decision: str) -> list[dict]:
    """The options an Option-Grid handout shows for one decision: those the condition's editor chose
    (`option_grid`), or else the most certain ones checked for that decision, at most six."""
    chosen = kb.conditions[condition_id].get("option_grid", {}).get(decision)
    if chosen is not None:
        return [kb.therapies[i] for i in chosen]
    rows = [r for r in comparison_rows(kb, condition_id) if decision in r["therapy"]["used_for"]]
    return [r["therapy"] for r in rows[:GRID_SIZE]]


def grid_decisions(kb: KnowledgeBase, condition_id: str) -> list[str]:
    """The decisions a condition has an Option-Grid handout for: those with options to show."""
    grid = kb.conditions[condition_id].get("option_grid")
    if grid is not None:
        return [d for d in DECISIONS if grid.get(d)]
    return [d for d in DECISIONS if grid_options(kb, condition_id, d)]


def best_finding(therapy: dict, condition_id: str) -> dict:
    return most_certain_benefit([f for f in therapy["evidence"] if f["condition"] == condition_id])
