"""The rule registry: what a rule finds (`Finding`), what it may look at (`Context`) and `@rule`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator

from kb.problems import Level


@dataclass(frozen=True)
class Finding:
    """What a rule found: the document, the path inside it, and the message."""

    doc_path: str
    path: tuple
    message: str
    level: Level = Level.ERROR
    at_key: bool = False
    pos: tuple[int, int] | None = None  # given by knowledge-base rules, which do not see the document
    ref: tuple[str, str] | None = None  # or: the (kind, id) reference at fault, reported where it is written


@dataclass(frozen=True)
class Context:
    """What rules may look at besides the data: today's date and whether TODOs are errors."""

    today: date
    strict: bool = False


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str
    check: Callable[..., Iterator[Finding]]
    doc: str


RULES: list[Rule] = []


def rule(name: str, scope: str):
    """Register a check function under a rule name; its docstring documents the rule."""
    def register(func):
        RULES.append(Rule(name, scope, func, (func.__doc__ or "").strip()))
        return func
    return register
