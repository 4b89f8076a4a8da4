"""Interface text in other languages: gettext message catalogues (locale/<language>/LC_MESSAGES/<domain>.po),
read with Babel and installed into Jinja2's i18n extension. English is the source language: its catalogue is
the identity, so templates render exactly as written when no translation is installed.

Adding a language is adding a catalogue (and the data translations under data/translations/<language>/), not
editing templates. Domains: "site" (web pages) and "print" (leaflets, handouts, Option Grids)."""
from __future__ import annotations

import gettext
from functools import lru_cache

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from kb.paths import project_root

SOURCE_LANGUAGE = "en"
DOMAINS = ("site", "print")
RIGHT_TO_LEFT = ("ar", "he", "fa", "ur")


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel) where it is defined; it is translated where it is shown."""
    return message


def locale_dir():
    return project_root() / "locale"


@lru_cache(maxsize=None)
def translations(language: str) -> gettext.NullTranslations:
    """All domains' messages for `language`, compiled in memory from the .po files (no .mo files are kept)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    import io

    merged: Translations | None = None
    for domain in DOMAINS:
        po = locale_dir() / language / "LC_MESSAGES" / f"{domain}.po"
        if not po.is_file():
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=domain)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        loaded = Translations(buffer, domain=domain)
        merged = loaded if merged is None else merged.merge(loaded)
    return merged or gettext.NullTranslations()


def install(env: jinja2.Environment, language: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """Give `env` the {% trans %} tag and _()/gettext()/ngettext() for `language`."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(language), newstyle=True)
    env.globals["language"] = language
    env.globals["text_direction"] = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    return env
