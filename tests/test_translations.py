"""Translations can never silently drift: the whole loop on a copy of the data, with synthetic translations.

A translation is written with `kb translate`, filled with made-up text, and checked: when an English sentence
changes, `kb validate` warns at the translated item (file:line:col and field path) and `kb review` lists the
file; an English path that is gone or an unknown key is a positioned error; an empty text is a warning; the
glossary check fires on a bad translation. The translators' real texts are never what these tests depend on.
"""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from support import DATA, ROOT, run_kb
from kb import schema
from kb.checks import translation as translation_rules
from kb.glossary import Glossary, Term
from kb.paths import kind_of
from kb.translate import TranslateError, translate
from kb.translations import english_texts, fingerprint, load, stale
from kb.validate import validate
from kb.yamlload import load_file

TODAY = date(2026, 6, 1)
WET = "therapies/wet-cupping"
SUMMARY = "We do not know if cupping helps more people than other care"  # starts evidence/0/summary


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the real data with its translations replaced by a synthetic Arabic translation of wet cupping
    (every text filled in), and no glossary."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("translations"))
    translate(copy, "ar", WET)
    file = copy / "translations" / "ar" / f"{WET}.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("text: ''", "text: نص مترجم"), encoding="utf-8")
    return copy


def check(data: Path, *, strict: bool = False, cache: Path | None = None):
    result = validate(data, strict=strict, today=TODAY, base=data.parent, cache_dir=cache, keep_data=cache is None)
    return [p for p in result.problems if p.path.startswith("data/translations/")]


def translation_file(data: Path, entry: str = WET) -> Path:
    return data / "translations" / "ar" / f"{entry}.yaml"


def line_of(file: Path, text: str) -> int:
    return next(i for i, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if line == text)


def edit(file: Path, old: str, new: str, count: int = 1) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_fingerprint_ignores_rewrapping_but_not_words():
    assert fingerprint("We do not know if\n  cupping helps.") == fingerprint("We do not know if cupping helps.")
    assert fingerprint("  We do  not know if cupping helps.\n") == fingerprint("We do not know if cupping helps.")
    assert fingerprint("We do not know if cupping helps.") != fingerprint("We know that cupping helps.")
    assert re.fullmatch(r"[0-9a-f]{12}", fingerprint("anything"))


def test_a_complete_translation_is_clean(data):
    assert check(data) == []
    assert check(data, strict=True) == []


def test_changing_one_english_sentence_warns_at_the_item_and_kb_review_lists_it(data):
    english = data / f"{WET}.yaml"
    edit(english, SUMMARY, "We still do not know if cupping helps more people than other care")
    proc = run_kb("validate", env={"KB_DATA_DIR": str(data)}, cwd=data.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # a warning, not an error
    line = line_of(translation_file(data), "  evidence/0/summary:")
    new = fingerprint(english_texts("therapy", yaml.safe_load(english.read_text()))["evidence/0/summary"])
    assert proc.stdout.splitlines() == [
        f"data/translations/ar/therapies/wet-cupping.yaml:{line}:3: warning: translation of evidence/0/summary was "
        "made from an older English text; check it against data/therapies/wet-cupping.yaml, then set en: "
        f"{new} (translation-drift)"]
    assert "0 error(s), 1 warning(s)" in proc.stderr

    proc = run_kb("review", env={"KB_DATA_DIR": str(data)}, cwd=data.parent)
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if "wet-cupping" in line)
    assert row.split()[:3] == ["data/translations/ar/therapies/wet-cupping.yaml", "1",
                               "data/therapies/wet-cupping.yaml"]
    assert re.search(r"\d{4}-\d{2}-\d{2}$", row)  # when the English changed
    assert "1 translation(s) may be out of date" in proc.stderr

    # the page builders see it too
    translation = load(data, "ar")[WET]
    assert stale(yaml.safe_load(english.read_text()), translation["texts"]) == ["evidence/0/summary"]

    # once the translation is checked, the fingerprint the message gives clears the warning
    file = translation_file(data)
    file.write_text(re.sub(r"(  evidence/0/summary:\n    en: ).*", rf"\g<1>'{new}'", file.read_text(encoding="utf-8")),
                    encoding="utf-8")
    assert check(data) == []


def test_kb_audit_counts_the_translated_texts(data):
    edit(translation_file(data), "text: نص مترجم", "text: ''", 3)
    proc = run_kb("audit", "--data", str(data), cwd=data.parent)
    assert "kb audit: translations: ar: 1 entries and 0 pages; 150 of 153 texts translated; 0 file(s) may be out " \
           "of date" in proc.stderr


def test_rewrapping_the_english_is_not_a_change(data):
    english = data / f"{WET}.yaml"
    edit(english, "We do not know if cupping helps more people than the comparison care. A 2024\n",
         "We do not know if cupping helps more people\n      than the comparison care. A 2024\n")
    assert check(data) == []


def test_an_english_path_that_is_gone_is_an_error(data):
    edit(data / f"{WET}.yaml", '  - "hacamat"\n', "")
    problems = check(data)
    line = line_of(translation_file(data), "  other_names/6:")
    assert [(p.line, p.column, p.level.value, p.rule) for p in problems] == [(line, 3, "error", "translation-path")]
    assert problems[0].message.startswith("the English text this translates no longer exists: no other_names/6 in "
                                          "data/therapies/wet-cupping.yaml")


def test_a_missing_item_is_an_error_that_names_the_command_to_fix_it(data):
    file = translation_file(data)
    text = file.read_text(encoding="utf-8")
    start = text.index("  # EN: hacamat")
    file.write_text(text[:start] + text[text.index("  # EN:", start + 1):], encoding="utf-8")
    [problem] = check(data)
    assert (problem.line, problem.rule, problem.level.value) == (line_of(file, "texts:"), "translation-missing",
                                                                 "error")
    assert "1 English text(s) have no item here (other_names/6): run `kb translate ar therapies/wet-cupping`" \
        in problem.message


def test_a_field_that_is_not_translated_is_an_error(data):
    edit(translation_file(data), "texts:\n", "texts:\n  evidence/0/certainty:\n    en: 0123456789ab\n    text: منخفض\n")
    [problem] = check(data)
    assert (problem.line, problem.column, problem.rule) == (8, 3, "translation-path")
    assert "evidence/0/certainty is not a translatable field" in problem.message


@pytest.mark.parametrize("old, new, where, message", [
    ("scope: page\n", "scope: page\nnotes: draft\n", "notes: draft", "unknown field 'notes'"),
    ("    text: نص مترجم\n", "    text: نص مترجم\n    tekst: نص\n", "    tekst: نص",
     "unknown field 'tekst'; did you mean 'text'?"),
])
def test_an_unknown_key_is_a_positioned_error(data, old, new, where, message):
    edit(translation_file(data), old, new)
    [problem] = check(data)
    assert (problem.line, problem.rule) == (line_of(translation_file(data), where), "unknown-field")
    assert problem.column == len(where) - len(where.lstrip()) + 1
    assert problem.message.startswith(message)


def test_language_and_entry_must_match_the_files_place(data):
    edit(translation_file(data), "language: ar\nentry: therapies/wet-cupping\n",
         "language: fr\nentry: therapies/dry-cupping\n")
    problems = check(data)
    assert {(p.line, p.rule) for p in problems} == {(4, "translation-language"), (5, "translation-entry")}


def test_an_empty_text_is_a_warning_and_under_strict_an_error(data, monkeypatch):
    edit(translation_file(data), "text: نص مترجم", "text: ''", 2)
    [problem] = check(data)
    assert (problem.level.value, problem.rule) == ("warning", "untranslated")
    assert problem.line == line_of(translation_file(data), "  name:") + 2  # at the first empty text
    assert problem.message == "2 of 153 text(s) not translated yet (name, other_names/0)"
    assert [p.level.value for p in check(data, strict=True)] == ["error"]  # make site: never published half done
    assert [p.level.value for p in check(data)] == ["warning"]
    monkeypatch.setattr(translation_rules, "STRICT_REJECTS_UNTRANSLATED", False)  # while translators write
    assert [p.level.value for p in check(data, strict=True)] == ["warning"]


def test_summary_translations_cover_only_their_conditions(data):
    translate(data, "ar", "therapies/acupuncture", scope="summary", conditions=("tension-type-headache",))
    file = translation_file(data, "therapies/acupuncture")
    assert "conditions: [tension-type-headache]\n" in file.read_text(encoding="utf-8")
    texts = load(data, "ar")["therapies/acupuncture"]["texts"]
    english = yaml.safe_load((data / "therapies" / "acupuncture.yaml").read_text())
    questions = [p for p in texts if p.endswith("/question")]
    assert questions and all(english["evidence"][int(p.split("/")[1])]["condition"] == "tension-type-headache"
                             for p in questions)
    assert [p.rule for p in check(data)] == ["untranslated"]
    edit(file, "conditions: [tension-type-headache]", "conditions: [tension-headache]")
    assert {(p.rule, p.level.value) for p in check(data)} >= {("unknown-reference", "error")}


GLOSSARY = """\
# yaml-language-server: $schema=../../schema/glossary.schema.json
language: ar
terms:
  - en: sham
    ar: صوري
    forms: [صورية]
    avoid: [مزيف]
"""


def test_the_glossary_check_fires_on_a_bad_translation(data):
    (data / "translations" / "ar" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    file = translation_file(data)
    text = file.read_text(encoding="utf-8")
    english = english_texts("therapy", yaml.safe_load((data / f"{WET}.yaml").read_text()))
    sham = next(p for p, t in english.items() if re.search(r"\bsham\b", t))
    start = text.index(f"  {sham}:\n")
    bad = text[:start] + text[start:].replace("text: نص مترجم", "text: مقارنة بحجامة مزيفة", 1)
    file.write_text(bad, encoding="utf-8")
    line = text[:start].count("\n") + 3
    found = [(p.line, p.rule, p.message) for p in check(data) if p.line == line]
    assert found == [(line, "glossary", "the English says 'sham': the glossary's word is صوري (or one of its forms)"),
                     (line, "glossary", "مزيف is on the glossary's avoid list for 'sham': use صوري")]
    file.write_text(text[:start] + text[start:].replace("text: نص مترجم", "text: مقارنة بالحجامة الصورية", 1),
                    encoding="utf-8")
    assert [p for p in check(data) if p.rule == "glossary" and p.line == line] == []


def test_glossary_matching_is_forgiving_about_arabic_word_forms():
    migraine = Term("migraine", "الصداع النصفي", ("صداع نصفي",))
    assert migraine.used_in("للصّداع النّصفي")  # ل + ال, diacritics
    assert migraine.used_in("وبالصداع النصفي")  # و + ب + ال
    assert not migraine.used_in("صداع التوتر")
    trial = Term("trial", "تجربة")
    assert trial.used_in("في تجربتين كبيرتين") and trial.used_in("كانت التجربتان كبيرتين")  # ة written ت
    tension = Term("tension-type headache", "صداع التوتر")
    assert tension.used_in("نوبات صداع توتر أقل") and tension.used_in("الصداع التوتري")
    assert not tension.used_in("صداع نصفي")
    effects = Term("side effect", "آثار جانبية")
    assert effects.used_in("بسبب آثاره الجانبية") and effects.used_in("سبّب آثارًا جانبية أقل")
    acupuncture = Term("acupuncture", "الوخز بالإبر")
    assert acupuncture.used_in("الوخز اليدوي بالإبر")  # an adjective between the words
    glossary = Glossary((Term("episodic migraine", "x"), migraine, Term("attack", "نوبة")))
    assert {t.en for t in glossary.terms_in("Episodic migraine attacks; not migraine-like")} == {"episodic migraine",
                                                                                                "attack"}
    assert {t.en for t in glossary.terms_in("Episodic migraine, and migraine")} == {"episodic migraine", "migraine"}


def test_kb_translate_keeps_texts_moves_them_with_their_english_and_lists_what_it_drops(data):
    english = data / f"{WET}.yaml"
    file = translation_file(data)
    edit(file, "  other_names/0:\n    en: ccaa87a2f480\n    text: نص مترجم", "  other_names/0:\n    en: ccaa87a2f480\n"
         "    text: حجامة")
    edit(english, '  - "hijama"\n  - "hijamah"\n', '  - "hijamah"\n')  # the second name moves up, the first is gone
    edit(english, SUMMARY, "We still do not know if cupping helps more people than other care")
    assert {p.rule for p in check(data)} == {"translation-path", "translation-drift"}

    proc = run_kb("translate", "ar", "wet-cupping", env={"KB_DATA_DIR": str(data)}, cwd=data.parent)
    assert proc.returncode == 0, proc.stderr
    assert "dropped: other_names/0: حجامة (its English is gone)" in proc.stdout
    assert "moved: other_names/1 -> other_names/0 (its English moved)" in proc.stdout
    assert "changed: evidence/0/summary:" in proc.stdout
    assert "refreshed data/translations/ar/therapies/wet-cupping.yaml: 152 text(s), 0 to translate, 1 to check, " \
           "1 dropped" in proc.stderr
    problems = check(data)
    assert [(p.rule, p.line) for p in problems] == [("translation-drift", line_of(file, "  evidence/0/summary:"))]


def test_kb_translate_refuses_what_it_cannot_translate(data):
    with pytest.raises(TranslateError, match="no English entry therapies/no-such-thing"):
        translate(data, "ar", "therapies/no-such-thing")
    with pytest.raises(TranslateError, match="is not an entry"):
        translate(data, "ar", "no-such-thing")
    with pytest.raises(TranslateError, match="not a language code"):
        translate(data, "Arabic", WET)
    with pytest.raises(TranslateError, match="--scope summary"):
        translate(data, "ar", "therapies/dry-cupping", conditions=("episodic-migraine",))
    proc = run_kb("translate", "ar", "nothing-here", env={"KB_DATA_DIR": str(data)})
    assert proc.returncode == 2 and "kb translate: error:" in proc.stderr and "Traceback" not in proc.stderr


def test_a_refresh_leaves_an_up_to_date_file_as_the_translator_wrote_it(data):
    file = translation_file(data)
    edit(file, "text: نص مترجم", 'text: >-\n      نص مترجم\n      على سطرين', 1)
    before = file.read_text(encoding="utf-8")
    translate(data, "ar", WET)
    assert file.read_text(encoding="utf-8") == before


def test_translated_pages_warn_when_their_english_page_changes(tmp_path, data):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n\nWho writes this site.\n", encoding="utf-8")
    pages = data / "translations" / "ar" / "pages"
    pages.mkdir()
    en = fingerprint((docs / "about.md").read_text())
    (pages / "about.md").write_text(f"---\ntranslation_of: about.md\nen: '{en}'\ntitle: عن الموقع\n"
                                    "description: من يكتب هذا الموقع.\n---\n\n# عن الموقع\n", encoding="utf-8")
    assert check(data) == []
    (docs / "about.md").write_text("# About\n\nWho writes this site, and who pays.\n", encoding="utf-8")
    [problem] = check(data)
    assert (problem.path, problem.line, problem.level.value, problem.rule) == \
        ("data/translations/ar/pages/about.md", 3, "warning", "translation-drift")
    assert "check it against docs/about.md" in problem.message
    edit(pages / "about.md", "title:", "titel: x\ntitle:")
    [problem] = check(data)
    assert (problem.line, problem.rule) == (4, "unknown-field")


def test_the_cache_notices_a_change_in_the_english(data, tmp_path):
    cache = tmp_path / "cache"
    assert check(data, cache=cache) == [] and check(data, cache=cache) == []
    edit(data / f"{WET}.yaml", SUMMARY, "We still do not know if cupping helps more people than other care")
    assert [p.rule for p in check(data, cache=cache)] == ["translation-drift"]


def test_kb_validate_a_single_translation_file(data):
    file = translation_file(data)
    edit(file, "scope: page\n", "scope: pages\n")
    proc = run_kb("validate", "--data", str(data), str(file), cwd=data.parent)
    assert proc.returncode == 1
    assert proc.stdout.startswith("data/translations/ar/therapies/wet-cupping.yaml:6:8: error: scope: 'pages' is not "
                                  "one of: page, summary")


def test_files_under_translations_name_their_kind():
    assert kind_of(Path("data/translations/ar/therapies/wet-cupping.yaml")) == "translation"
    assert kind_of(Path("data/translations/ar/red-flags.yaml")) == "translation"
    assert kind_of(Path("data/translations/ar/glossary.yaml")) == "glossary"
    assert kind_of(Path("data/translations/ar/pages/about.md")) == "translated-page"
    assert kind_of(Path("data/translations/ar/therapies/x.yml")) is None


def test_the_compiled_validator_agrees_on_translation_files(data):
    (data / "translations" / "ar" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    files = [translation_file(data), data / "translations" / "ar" / "glossary.yaml",
             *sorted((ROOT / "data" / "translations").rglob("*.yaml"))]
    for file in files:
        doc = load_file(file).data
        kind = kind_of(file)
        assert schema.fast_validator(kind).is_valid(doc) == schema.validator(kind).is_valid(doc), file
        broken = {**doc, "unknown": 1}
        assert not schema.fast_validator(kind).is_valid(broken) and not schema.validator(kind).is_valid(broken)
