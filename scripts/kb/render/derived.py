"""What several outputs derive from the data alike: comparison rows (the compare page, the handout, the CSV)
and the schema.org type of a therapy (the page's JSON-LD and the open data). Both the page renderer and the
open data import this module, so neither imports the other.
"""
from __future__ import annotations

from kb.knowledge import CERTAINTY_ORDER, KnowledgeBase, most_certain_benefit

SERIOUSNESS_ORDER = ["serious", "moderate", "mild"]


def comparison_rows(kb: KnowledgeBase, condition_id: str) -> list[dict]:
    """One row per option with evidence for the condition: its most certain benefit, worst harms and
    safety answers by level; most certain first. Shared by the compare page, the handout and the CSV."""
    rows = []
    for therapy in kb.therapies_for(condition_id):
        findings = [f for f in therapy["evidence"] if f["condition"] == condition_id]
        rows.append({
            "therapy": therapy,
            "best": most_certain_benefit(findings),
            "harms": sorted(therapy["risks"], key=lambda r: SERIOUSNESS_ORDER.index(r["seriousness"])),
            **safety_by_level(therapy),
            "purpose": therapy["used_for"][0],
        })
    return sorted(rows, key=lambda r: (CERTAINTY_ORDER.index(r["best"]["certainty"]), r["therapy"]["name"].lower()))


SAFETY_LEVELS = ["do-not-use", "ask-first", "not-studied", "no-known-concern"]


def safety_by_level(therapy: dict) -> dict[str, list[dict]]:
    """A therapy's safety answers by level, as row keys: do_not_use, ask_first, not_studied, no_known_concern."""
    return {level.replace("-", "_"): [c for c in therapy["safety"] if c["level"] == level] for level in SAFETY_LEVELS}


def schema_org_type(category: str) -> str:
    """The schema.org type for a therapy page's `about`, by the therapy's category."""
    return {"medicine": "Drug", "supplement-or-herb": "DietarySupplement", "device": "MedicalDevice",
            "procedure": "TherapeuticProcedure"}.get(category, "MedicalTherapy")
