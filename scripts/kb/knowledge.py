"""The knowledge base in memory: every entry by kind and id, plus what is derived from them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CERTAINTY_ORDER = ["high", "moderate", "low", "very-low"]


def most_certain_benefit(findings: list[dict]) -> dict:
    """The finding a comparison shows: the most certain benefit, preferring ones with absolute numbers
    (harms only when no benefit was measured)."""
    benefits = [f for f in findings if f.get("about", "benefit") == "benefit"] or findings
    return min(benefits, key=lambda f: (CERTAINTY_ORDER.index(f["certainty"]), "absolute" not in f))


FREQUENCY_ORDER = ["very-common", "common", "uncommon", "rare", "very-rare", "unknown"]
SERIOUSNESS_RANK = {"serious": 0, "moderate": 1, "mild": 2}


def _how_often(risk: dict) -> tuple:
    """Sort key, most frequent first: the band, then the counted rate when the data gives one."""
    rate = risk.get("rate")
    share = rate["events"] / rate["out_of"] if rate else 0.0
    return (FREQUENCY_ORDER.index(risk["frequency"]), -share)


def main_harms(risks: list[dict]) -> dict:
    """The harms a comparison shows for an option, by one rule for medicines, devices and therapies alike:
    `common` is the most frequent risk (by band, then by counted rate; unknown frequency last) and `serious`
    is the most frequent of the most serious risks that are more than mild (None when every risk is mild or
    when it is the same risk as `common`). Never the rarest serious harm picked for its seriousness alone."""
    if not risks:
        return {"common": None, "serious": None}
    common = min(risks, key=_how_often)
    worse = [r for r in risks if r["seriousness"] != "mild"]
    serious = min(worse, key=lambda r: (SERIOUSNESS_RANK[r["seriousness"]], *_how_often(r))) if worse else None
    return {"common": common, "serious": None if serious is common else serious}


@dataclass
class KnowledgeBase:
    """Entries by id. Only entries that passed validation are used for pages."""

    data_dir: Path
    therapies: dict[str, dict] = field(default_factory=dict)
    conditions: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    situations: dict[str, dict] = field(default_factory=dict)
    red_flags: dict[str, Any] = field(default_factory=dict)
    _interaction_index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def therapies_for(self, condition_id: str) -> list[dict]:
        """Therapies with at least one evidence finding for this condition, by name (derived, never typed)."""
        found = [t for t in self.therapies.values() if any(f["condition"] == condition_id for f in t["evidence"])]
        return sorted(found, key=lambda t: t["name"].lower())

    def interactions_for(self, therapy_id: str) -> list[tuple[dict, dict]]:
        """Interactions written on other entries that name this therapy: (other therapy, interaction).
        Written once in the data, shown on both pages."""
        return list(self._interactions_by_target().get(therapy_id, []))

    def _interactions_by_target(self) -> dict[str, list[tuple[dict, dict]]]:
        """{named therapy: [(other therapy, interaction)] by name}, built once and rebuilt when entries are
        added or removed (not when one is edited in place): every page asks, so scanning all entries on
        each call made a build grow with the square of its size."""
        key = tuple(self.therapies)
        if self._interaction_index is None or self._interaction_index[0] != key:
            index: dict[str, list[tuple[dict, dict]]] = {}
            for other in self.therapies.values():
                for item in other["interactions"]:
                    for target in dict.fromkeys(item.get("therapies", [])):
                        if target != other["id"]:
                            index.setdefault(target, []).append((other, item))
            for pairs in index.values():
                pairs.sort(key=lambda pair: pair[0]["name"].lower())
            self._interaction_index = (key, index)
        return self._interaction_index[1]

    def by_category(self) -> dict[str, list[dict]]:
        """Therapies grouped by category code, each group sorted by name."""
        groups: dict[str, list[dict]] = {}
        for therapy in sorted(self.therapies.values(), key=lambda t: t["name"].lower()):
            groups.setdefault(therapy["category"], []).append(therapy)
        return groups
