"""Translation rules: a translation says which English it translates, carries every text its scope needs, and is
reported when the English has changed under it or when it strays from the glossary.

A "translation" rule sees one schema-valid file under data/translations/ (a translation, the glossary or a
translated page's front matter) with what it translates: `(subject, ctx)`, see kb.translation_check.Subject.
"""
from __future__ import annotations

import difflib

from kb.checks.registry import Finding, rule
from kb.problems import Level, shorten
from kb.translations import fingerprint

# An empty text is a warning while an editor works (kb validate) and an error under --strict (as a TODO is), which
# `make site` runs: a published page never shows an English sentence in place of a missing translation. Set this
# to False for a language whose translators are still writing on the main branch.
STRICT_REJECTS_UNTRANSLATED = True
_LISTED = 3  # paths named in a message about several


def _paths(paths: list[str]) -> str:
    return ", ".join(paths[:_LISTED]) + (", …" if len(paths) > _LISTED else "")


def _texts(sub) -> dict[str, dict]:
    return sub.doc.data["texts"] or {}


@rule("translation-entry", "translation")
def entry_exists(sub, ctx):
    """A translation names the English it translates, which exists: data/translations/ar/therapies/wet-cupping.yaml
    has `entry: therapies/wet-cupping`, and a translated page pages/about.md has `translation_of: about.md`."""
    if sub.kind == "glossary":
        return
    key = "translation_of" if sub.kind == "translated-page" else "entry"
    named, expected = sub.doc.data[key], sub.ref.removeprefix("pages/")
    if named != expected:
        yield Finding(sub.doc.path, (key,), f"{key} {named!r} does not match where this file is ({expected!r}): "
                                            "rename the file or correct the value")
    elif sub.english_state == "missing":
        yield Finding(sub.doc.path, (key,), f"{sub.english_path} does not exist: there is no English {named} to "
                                            "translate")


@rule("translation-language", "translation")
def language_matches_folder(sub, ctx):
    """The `language` of a translation or glossary is the folder it sits in (data/translations/ar/ holds ar)."""
    if sub.kind != "translated-page" and sub.doc.data["language"] != sub.language:
        yield Finding(sub.doc.path, ("language",), f"language {sub.doc.data['language']!r} does not match the "
                                                   f"folder {sub.language!r}")


@rule("unknown-reference", "translation")
def known_conditions(sub, ctx):
    """The `conditions` a summary translation is limited to exist, and only a summary has them."""
    if sub.kind != "translation" or "conditions" not in sub.doc.data:
        return
    if sub.doc.data["scope"] != "summary":
        yield Finding(sub.doc.path, ("conditions",), "conditions limit a summary translation: remove them or set "
                                                     "scope: summary", at_key=True)
    for i, ident in enumerate(sub.doc.data["conditions"]):
        if ident not in sub.conditions:
            hint = difflib.get_close_matches(ident, sorted(sub.conditions), n=1)
            yield Finding(sub.doc.path, ("conditions", i), f"unknown condition {ident!r}"
                                                           + (f"; did you mean {hint[0]!r}?" if hint else ""))


def _exists(entry, path: str) -> bool:
    node = entry
    for part in path.split("/"):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


@rule("translation-path", "translation")
def known_paths(sub, ctx):
    """Every item translates an English text that exists and is written for people (numbers, levels, verdicts,
    sources and dates are never translated); an item its scope does not show is a warning."""
    if not sub.translates_entry:
        return
    required, translatable = sub.required, sub.translatable
    for path in _texts(sub):
        where = ("texts", path)
        if path in required:
            continue
        if path in translatable:
            yield Finding(sub.doc.path, where, f"{path} is not shown in a {sub.doc.data['scope']} translation "
                          "(see scope and conditions): remove it", Level.WARNING, at_key=True)
        elif _exists(sub.english, path):
            yield Finding(sub.doc.path, where, f"{path} is not a translatable field: numbers, levels, verdicts, "
                          "sources and dates come from the English", at_key=True)
        else:
            yield Finding(sub.doc.path, where, f"the English text this translates no longer exists: no {path} in "
                          f"{sub.english_path}; remove the item (`kb translate` does)", at_key=True)


@rule("translation-missing", "translation")
def required_texts(sub, ctx):
    """Every English text the translation's scope shows has an item (written by `kb translate`)."""
    if not sub.translates_entry:
        return
    missing = [p for p in sub.required if p not in _texts(sub)]
    if missing:
        entry = sub.doc.data["entry"]
        yield Finding(sub.doc.path, ("texts",), f"{len(missing)} English text(s) have no item here "
                      f"({_paths(missing)}): run `kb translate {sub.language} {entry}` to add them", at_key=True)


@rule("untranslated", "translation")
def untranslated(sub, ctx):
    """Texts not translated yet (an empty `text`): one warning per file, at the first of them; an error under
    --strict once STRICT_REJECTS_UNTRANSLATED is set."""
    if not sub.translates_entry:
        return
    required, texts = sub.required, _texts(sub)
    empty = [p for p in required if p in texts and not texts[p]["text"]]
    if empty:
        level = Level.ERROR if ctx.strict and STRICT_REJECTS_UNTRANSLATED else Level.WARNING
        yield Finding(sub.doc.path, ("texts", empty[0], "text"),
                      f"{len(empty)} of {len(required)} text(s) not translated yet ({_paths(empty)})", level)


@rule("translation-drift", "translation")
def drift(sub, ctx):
    """A translated text was made from an English text that has since changed (its `en` fingerprint no longer
    matches): check the translation against the English, then set `en` to the fingerprint the message gives."""
    if sub.kind == "translated-page" and sub.english_state == "ok":
        now = fingerprint(sub.english)
        if sub.doc.data["en"] != now:
            yield Finding(sub.doc.path, ("en",), f"translation of {sub.doc.data['translation_of']} was made from an "
                          f"older English page; check it against {sub.english_path}, then set en: {now}",
                          Level.WARNING, at_key=True)
    if not sub.translates_entry:
        return
    translatable = sub.translatable
    for path, item in _texts(sub).items():
        if path in translatable and item["text"]:
            now = fingerprint(translatable[path])
            if str(item["en"]) != now:
                yield Finding(sub.doc.path, ("texts", path), f"translation of {path} was made from an older English "
                              f"text; check it against {sub.english_path}, then set en: {now}", Level.WARNING,
                              at_key=True)


@rule("glossary", "translation")
def glossary_terms(sub, ctx):
    """A translated text whose English uses a glossary term uses the term's agreed form (or one of its forms) and
    none of its `avoid` words; a glossary lists each English term once."""
    if sub.kind == "glossary":
        seen: dict[str, int] = {}
        for i, term in enumerate(sub.doc.data["terms"]):
            key = term["en"].lower()
            if key in seen:
                yield Finding(sub.doc.path, ("terms", i, "en"), f"{term['en']!r} is already in the glossary "
                              f"(item {seen[key] + 1})", Level.WARNING)
            seen.setdefault(key, i)
        return
    if not sub.translates_entry or not sub.glossary:
        return
    translatable = sub.translatable
    for path, item in _texts(sub).items():
        text = item["text"]
        if not text or path not in translatable or path.startswith("other_names/"):
            continue
        for term in sub.glossary.terms_in(translatable[path]):
            where = ("texts", path, "text")
            if not term.used_in(text):
                yield Finding(sub.doc.path, where, f"the English says {term.en!r}: the glossary's word is "
                              f"{term.ar} (or one of its forms)", Level.WARNING)
            for word in term.avoided_in(text):
                yield Finding(sub.doc.path, where, f"{shorten(word, 30)} is on the glossary's avoid list for "
                              f"{term.en!r}: use {term.ar}", Level.WARNING)
