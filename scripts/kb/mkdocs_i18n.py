"""Theme text through gettext (a mkdocs.yml `hooks:` entry of its own, like mkdocs_theme.py): gives the Jinja
environment of the theme overrides (overrides/) the {% trans %} tag and _()/ngettext() in the language of
`theme.language`, from the catalogues in locale/ (kb.i18n). English is the source language: its text renders as
written. Any build that uses overrides/ needs this hook, with or without the knowledge base."""
from __future__ import annotations

from kb.i18n import install


def on_env(env, config, files):
    install(env, config.theme["language"] if "language" in config.theme else "en")
    return env
