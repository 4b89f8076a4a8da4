"""Interface text goes through gettext (Babel catalogues, Jinja2's i18n extension): the template locale/site.pot is
what the code uses today, every message has an Arabic translation that keeps its placeholders, the Arabic plural
forms are all written, and the Arabic follows the editorial policy (Western digits, Arabic punctuation, the
glossary's words for the certainty levels)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from support import ROOT

POT = ROOT / "locale" / "site.pot"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
LANGUAGES = sorted(p.name for p in (ROOT / "locale").iterdir() if (p / "LC_MESSAGES" / "site.po").is_file())


def catalogue(path: Path, locale: str | None = None):
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def keys(messages) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in messages if m.id}


def test_the_template_is_current(tmp_path):
    """locale/site.pot holds exactly the messages the templates, the Python code, the schema labels and
    mkdocs.yml use now (regenerate it with `make messages`)."""
    fresh = tmp_path / "site.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "locale/site.babel.cfg", "-o", str(fresh),
                    "--no-location", "--sort-output", "--omit-header", "--no-wrap", "."],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    now, kept = keys(catalogue(fresh)), keys(catalogue(POT))
    assert now == kept, (f"run make messages: new {sorted(map(str, now - kept))[:10]}, "
                         f"gone {sorted(map(str, kept - now))[:10]}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalogue(ROOT / "locale" / language / "LC_MESSAGES" / "site.po", language)
    assert keys(po) == keys(catalogue(POT)), f"run make messages, then translate the new messages of {language}"
    untranslated, problems = [], []
    for message in po:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms) or (message.pluralizable and len(forms) != po.num_plurals):
            untranslated.append(message.id)
    for message, errors in po.check():
        problems += [f"{message.id!r}: {error}" for error in errors]
    for message in po:  # no number or name lost: a singular message keeps every placeholder; so do the plural
        if not message.id:  # forms for 3 and more (the forms for 0, 1 and 2 may say the number in words)
            continue
        wanted = set(PLACEHOLDER.findall(message.id if isinstance(message.id, str) else message.id[1]))
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms if len(forms) == 1 else forms[3:]:
            if set(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"{message.id!r}: {form!r} does not keep the placeholders {sorted(wanted)}")
    assert not untranslated, f"{len(untranslated)} messages without a {language} translation: {untranslated[:5]}"
    assert not problems, "\n".join(problems[:10])  # placeholders kept, plural forms complete


def test_the_arabic_plural_forms_are_arabic():
    po = catalogue(ROOT / "locale" / "ar" / "LC_MESSAGES" / "site.po", "ar")
    assert po.num_plurals == 6 and not po.fuzzy
    from kb.i18n import translations

    ar = translations("ar")
    words = [ar.ngettext("Based on %(num)s study.", "Based on %(num)s studies.", n) % {"num": n} for n in (1, 2, 3, 11)]
    assert words == ["بناءً على دراسة واحدة.", "بناءً على دراستين.", "بناءً على 3 دراسات.", "بناءً على 11 دراسة."]


def test_the_arabic_uses_western_digits_and_arabic_punctuation():
    po = catalogue(ROOT / "locale" / "ar" / "LC_MESSAGES" / "site.po", "ar")
    for message in po:
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            if not text:
                continue
            assert not re.search("[\u0660-\u0669\u06F0-\u06F9]", text), text  # editorial policy: digits 0-9
            bare = re.sub(r"%\(\w+\)s|\[[^\]]*\]\([^)]*\)|\([^)]*[A-Za-z][^)]*\)|[A-Za-z][A-Za-z .:-]*[A-Za-z]", "", text)
            assert not re.search(r"[\u0621-\u064A][\s\u064B-\u0652]*[,;?]", bare), f"Latin , ; or ? after Arabic: {text}"


def test_the_certainty_levels_use_the_glossary_words():
    from kb.i18n import translations
    from kb.render.site import translated_label, LABELS

    glossary = yaml.safe_load((ROOT / "data" / "translations" / "ar" / "glossary.yaml").read_text(encoding="utf-8"))
    terms = {t["en"]: t["ar"] for t in glossary["terms"]}
    context, pointer = LABELS["certainty_label"]
    label = translated_label(context, pointer, "ar")
    ar = translations("ar")
    for code, english in [("high", "high certainty"), ("moderate", "moderate certainty"), ("low", "low certainty"),
                          ("very-low", "very low certainty")]:
        assert ar.gettext("%(level)s certainty") % {"level": label(code)} == terms[english]


def test_english_renders_as_written():
    """English is the source language: its catalogue is the identity, so the templates' English is unchanged."""
    from kb.i18n import translations

    en = translations("en")
    assert en.gettext("Also called:") == "Also called:" and en.pgettext("certainty", "High") == "High"
    assert en.ngettext("Show the %(num)s reference", "Show the %(num)s references", 2) == "Show the %(num)s references"
