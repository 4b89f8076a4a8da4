"""Decision support for a condition: the options that fit what matters to a person, derived from the data.

Each question of the values-clarification section maps to a rule over fields every therapy has
(used_for, category, features, risks), so the answers stay true when entries change.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kb.knowledge import KnowledgeBase

QUESTIONS = [
    "Which of these options fit my situation, my other health conditions and the medicines I take?",
    "Should I treat attacks only, or is it time to try something to prevent them?",
    "How will we know if a treatment is working, and when should we review it?",
    "What side effects should I look out for, and what should I do if I get them?",
    "How many days a month can I safely take medicines for attacks?",
    "What does each option cost me, and is it available where I live?",
]

NO_MEDICINE = {"mind-body-lifestyle", "hands-on-and-traditional", "device"}
COMMON = {"very-common", "common"}


@dataclass(frozen=True)
class Value:
    """One thing that may matter to a person, and which options fit it."""

    key: str
    question: str  # how the person might put it
    fits: Callable[[dict], bool]
    basis: str  # how 'fits' is decided, in plain words
    purpose: bool = False  # says what the option is for; ticking both purposes asks for options for either


VALUES = [
    Value("speed", "I want something to use when an attack starts (speed matters most)",
          lambda t: "attack" in t["used_for"], "options used to treat an attack", purpose=True),
    Value("fewer-attacks", "I want fewer attacks over the coming months",
          lambda t: "prevention" in t["used_for"], "options used to prevent attacks", purpose=True),
    Value("no-daily-tablets", "I would rather not take a tablet every day",
          lambda t: "daily-tablet" not in t.get("features", []), "options that are not a daily tablet or capsule"),
    Value("no-needles", "I would rather avoid needles and injections",
          lambda t: "needles-or-injections" not in t.get("features", []),
          "options without needles, injections or cuts to the skin"),
    Value("no-medicines", "I would rather not use medicines or supplements",
          lambda t: t["category"] in NO_MEDICINE, "devices, mind-body, lifestyle and hands-on options"),
    Value("few-side-effects", "Side effects worry me most",
          lambda t: not any(r["frequency"] in COMMON or (r["seriousness"] == "serious" and r["frequency"] == "unknown")
                            for r in t["risks"]),
          "options with no side effect listed as common (1 in 100 people or more) and no serious harm "
          "of unknown frequency"),
    Value("no-appointments", "I would rather not go to regular appointments",
          lambda t: "regular-sessions" not in t.get("features", []),
          "options that do not need regular sessions with a practitioner"),
]


def values_for(kb: KnowledgeBase, condition_id: str) -> list[tuple[Value, list[dict]]]:
    """For each value, the options checked for this condition that fit it (by name)."""
    options = kb.therapies_for(condition_id)
    return [(value, [t for t in options if value.fits(t)]) for value in VALUES]


def decisions(kb: KnowledgeBase, condition_id: str) -> dict[str, list[dict]]:
    """The two decisions a person faces: what to do in an attack, and whether to try prevention."""
    options = kb.therapies_for(condition_id)
    return {"attack": [t for t in options if "attack" in t["used_for"]],
            "prevention": [t for t in options if "prevention" in t["used_for"]]}
