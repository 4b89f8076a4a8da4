"""A language's glossary of medical terms (data/translations/<language>/glossary.yaml), and how a translated text is
checked against it.

An English text that uses a glossary term should have a translation that uses the term's agreed form (`ar`, or one
of its `forms`), and none of the words listed under `avoid`. The matching is deliberately forgiving, so that the
warnings are few and each one is worth reading:

- English: whole words, any case, with a plural in -s or -es ("attacks" is "attack"), a space or hyphen alike
  between words; a longer term claims its words first ("episodic migraine" is not also checked as "migraine").
- Translation (Arabic): both sides are normalised first (short vowels and other diacritics and the tatweel
  removed; أ إ آ ٱ read as ا, ى as ي, ة as ه), so spelling variants of one word match. A form is found at the
  start of a word, with or without the article ال, after the prefixes و ف (and) and ب ل ك (with, for, like),
  including ل + ال written لل. Any ending is accepted (plural, dual, accusative and possessive endings change the
  end of a word, and ة is written ت before them: تجربتين), each word of a form may drop its article (صداع توتر
  for صداع التوتر), and one word may come between two words of a form (an adjective: الوخز اليدوي بالإبر).
- Names (`other_names/*`) are not checked: what people call a treatment need not be the glossary's term.
- `avoid` words are looked for only in translations of texts whose English uses the term: elsewhere the same word
  may be right (الثقة, "trust", is a mistranslation of certainty, not of everything).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, Quranic marks, tatweel
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_PREFIXES = "(?<!\\w)[وف]?[بكل]?(?:ال|ل)?"  # conjunction, preposition, article (ل + ال is written لل)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Arabic text with diacritics removed and letter variants unified, for matching only."""
    return _MARKS.sub("", text).translate(_LETTERS)


def _word(word: str) -> str:
    """One normalised word of a form: its article optional, and a final ة (read as ه) also matched as ت, as it is
    written before an ending (تجربة, تجربتين)."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return re.escape(word[:-1]) + "[هت]" if word.endswith("ه") else re.escape(word)


def _arabic_pattern(form: str) -> str:
    """A form found at the start of a word, after its prefixes; each of its words may take an ending (آثارًا,
    آثاره), and one word may come between two of them (an adjective: الوخز اليدوي بالإبر)."""
    words = [_word(w) for w in normalise(form).split()]
    return _PREFIXES + r"\w*(?:\s+\w+)?\s+(?:ال)?".join(words)


@dataclass(frozen=True)
class Term:
    """One glossary item: the English term, the form to use, other accepted forms and words to avoid."""

    en: str
    ar: str
    forms: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()

    @property
    def english(self) -> str:
        """The expression that finds the term in English text: whole words, any case, -s or -es plurals."""
        words = [re.escape(w) for w in re.split(r"[\s-]+", self.en.strip())]
        return r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?:e?s)?(?![\w-])"

    @cached_property
    def _accepted(self) -> re.Pattern:
        return re.compile("|".join(_arabic_pattern(f) for f in (self.ar, *self.forms)))

    @cached_property
    def _avoided(self) -> tuple[tuple[str, re.Pattern], ...]:
        return tuple((word, re.compile(_arabic_pattern(word))) for word in self.avoid)

    def used_in(self, translation: str) -> bool:
        """Whether the translation uses the term's agreed form or one of its other forms."""
        return bool(self._accepted.search(normalise(translation)))

    def avoided_in(self, translation: str) -> list[str]:
        """The `avoid` words the translation uses."""
        text = normalise(translation)
        return [word for word, pattern in self._avoided if pattern.search(text)]


@dataclass(frozen=True)
class Glossary:
    """A language's terms, longest English first (so a longer term claims its words before a shorter one in it)."""

    terms: tuple[Term, ...] = ()

    @cached_property
    def _english(self) -> tuple[tuple[Term, str, re.Pattern], ...]:
        """Each term with its first word (a quick test before the expression) and its expression."""
        return tuple((term, re.split(r"[\s-]+", term.en.strip().lower())[0], re.compile(term.english, re.IGNORECASE))
                     for term in self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def terms_in(self, english: str) -> list[Term]:
        """The terms an English text uses, each once; words that are part of a longer term count only for it."""
        lowered = english.lower()
        claimed: list[tuple[int, int]] = []
        found = []
        for term, first, pattern in self._english:
            if first not in lowered:
                continue
            for match in pattern.finditer(english):
                start, end = match.span()
                if not any(start < e and s < end for s, e in claimed):
                    claimed.append((start, end))
                    if term not in found:
                        found.append(term)
        return found


def glossary_of(data: dict) -> Glossary:
    """The glossary of a schema-valid glossary file's data."""
    terms = [Term(t["en"], t["ar"], tuple(t.get("forms", ())), tuple(t.get("avoid", ()))) for t in data["terms"]]
    return Glossary(tuple(sorted(terms, key=lambda t: -len(t.en))))
