"""Flesch-Kincaid grade level of patient-facing text, computed with textstat, offline.

textstat 0.7.4 counts syllables with Pyphen's English hyphenation dictionary (installed with
WeasyPrint); later textstat releases load NLTK's CMU dictionary, which they download at run time and
which fails on a machine without internet, so the version is pinned (pyproject.toml, requirements.lock).
The grade is computed on the text as the page shows it: Markdown links count as their words and
emphasis marks are dropped. Like every readability formula this is a rough guide: it rewards short
sentences and short words, not clarity.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version

import textstat

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|__|`)")
MIN_WORDS = 20


def shown_text(text: str) -> str:
    """The words a reader sees: Markdown links as their text, no emphasis marks, one space between words."""
    return " ".join(_EMPHASIS.sub("", _MARKDOWN_LINK.sub(r"\1", str(text))).split())


@lru_cache(maxsize=4096)
def grade(text: str) -> float | None:
    """US school grade (Flesch-Kincaid, textstat); None for text too short to judge (under 20 words)."""
    plain = shown_text(text)
    if len(_WORD.findall(plain)) < MIN_WORDS:
        return None
    return round(textstat.flesch_kincaid_grade(plain), 1)


def method(gettext=lambda message: message) -> str:
    """How the grade is computed, in words for the page (`gettext`: into the page's language)."""
    return gettext("Method: the Flesch-Kincaid grade level, computed with the textstat library (version "
                   "%(version)s) on that text exactly as this page shows it.") % {"version": version("textstat")}
