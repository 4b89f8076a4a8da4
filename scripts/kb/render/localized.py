"""The knowledge base in another language, for print: the English entries with their translated texts in place
(kb.translations.localize). Numbers, levels, verdicts, sources and dates stay the English data's; only
human-written text is taken from data/translations/<language>/. Which documents a language has follows from its
translation files: a leaflet for each therapy, a handout and Option Grids for each condition, translated whole
(scope "page")."""
from __future__ import annotations

from pathlib import Path

from kb.knowledge import KnowledgeBase
from kb.translations import english_texts, load, translated_whole

KINDS = {"therapies": "therapy", "conditions": "condition"}

_cache: dict[tuple[int, str], tuple[KnowledgeBase, KnowledgeBase]] = {}
_files: dict[tuple[int, str], tuple[KnowledgeBase, dict[str, dict]]] = {}


def translation_files(kb: KnowledgeBase, language: str) -> dict[str, dict]:
    """The translation files of `language` by the entry they translate ("therapies/wet-cupping", "situations"),
    read once per knowledge base and language (planning, keys, localizing and the downloads page all ask)."""
    key = (id(kb), language)
    if key not in _files:
        _files[key] = (kb, load(kb.data_dir, language))  # the kb is kept so its id is not reused
    return _files[key][1]


def print_languages(kb: KnowledgeBase) -> list[str]:
    """The languages that have PDFs: translations in the data (data/translations/<language>/) and a message
    catalogue for print (locale/<language>/LC_MESSAGES/print.po)."""
    from kb.i18n import locale_dir

    folder = kb.data_dir / "translations"
    return sorted(d.name for d in folder.iterdir() if d.is_dir() and
                  (locale_dir() / d.name / "LC_MESSAGES" / "print.po").is_file()) if folder.is_dir() else []


def editions(kb: KnowledgeBase) -> list[dict]:
    """For the downloads page: per language with PDFs, its translated therapies and conditions (English entry and
    localized entry), whose leaflets, handouts and Option Grids are in pdf/<language>/a4/."""
    from babel import Locale

    from kb.i18n import RIGHT_TO_LEFT

    found = []
    for language in print_languages(kb):
        local, names = localized(kb, language), Locale.parse(language)
        found.append({
            "language": language, "name": names.get_display_name(language), "english_name": names.get_display_name("en"),
            "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
            "therapies": [(kb.therapies[i], local.therapies[i]) for i in translated(kb, language, "therapies")],
            "conditions": [(kb.conditions[i], local.conditions[i]) for i in translated(kb, language, "conditions")]})
    return found


def translated(kb: KnowledgeBase, language: str, folder: str) -> list[str]:
    """The ids of the therapies or conditions (`folder`) translated whole into `language`, in id order."""
    return translated_whole(translation_files(kb, language), folder,
                            kb.therapies if folder == "therapies" else kb.conditions)


def localized(kb: KnowledgeBase, language: str) -> KnowledgeBase:
    """`kb` with every translated text of `language` in place (built once per knowledge base and language)."""
    key = (id(kb), language)
    if key not in _cache:
        _cache[key] = (kb, _localize(kb, language))
    return _cache[key][1]


def _localize(kb: KnowledgeBase, language: str) -> KnowledgeBase:
    from kb.translations import localize

    files = translation_files(kb, language)

    def texts(ref: str) -> dict:
        return (files.get(ref) or {}).get("texts") or {}

    out = KnowledgeBase(data_dir=kb.data_dir, sources=kb.sources)
    out.therapies = {i: localize(t, texts(f"therapies/{i}")) for i, t in kb.therapies.items()}
    out.conditions = {i: localize(c, texts(f"conditions/{i}")) for i, c in kb.conditions.items()}
    situations = localize({"situations": list(kb.situations.values())}, texts("situations"))["situations"]
    out.situations = {s["id"]: s for s in situations}
    out.red_flags = localize(kb.red_flags, texts("red-flags"))
    return out


def missing(kb: KnowledgeBase, language: str, refs: list[str]) -> list[str]:
    """The texts that `refs` ("therapies/x", "conditions/y", "situations", "red-flags") should carry in `language`
    and do not (no file, or an empty text), as "ref: path". A summary translation is held to what comparisons and
    Option Grids show, for the translated conditions."""
    files = translation_files(kb, language)
    conditions = tuple(translated(kb, language, "conditions"))
    found = []
    for ref in refs:
        folder, _, ident = ref.partition("/")
        if folder in KINDS:
            kind, entry = KINDS[folder], (kb.therapies if folder == "therapies" else kb.conditions)[ident]
        elif ref == "situations":
            kind, entry = "situations", {"situations": list(kb.situations.values())}
        else:
            kind, entry = ref, kb.red_flags
        item = files.get(ref)
        if item is None:
            found.append(f"{ref}: no translation file")
            continue
        scope_conditions = conditions if item["scope"] == "summary" else ()
        for path in english_texts(kind, entry, item["scope"], scope_conditions):
            if not (item["texts"].get(path) or {}).get("text"):
                found.append(f"{ref}: {path}")
    return found


def data_files(kb: KnowledgeBase, language: str) -> list[Path]:
    """The translation files print reads (not the glossary, not the translated web pages)."""
    return sorted(item["file"] for item in translation_files(kb, language).values())
