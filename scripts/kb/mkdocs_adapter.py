"""What the MkDocs hook needs from the core: validation as a build error, navigation, template data."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.knowledge import KnowledgeBase
from kb.paths import data_dir, project_root
from kb.problems import Level, summary
from kb.render.text import short_authors
from kb.validate import Result, validate

log = logging.getLogger("mkdocs.plugins.kb")


def load_valid(config) -> Result:
    """Validate data/ next to mkdocs.yml; a build in strict mode also rejects unfinished TODOs."""
    root = Path(config.config_file_path).resolve().parent
    result = validate(data_dir(root), strict=bool(config.strict), base=root)
    for problem in result.problems:
        if problem.level is Level.WARNING:
            log.info(problem.format())  # data warnings (e.g. a review falling due) must not fail a strict build
    if not result.ok:
        lines = [p.format() for p in result.errors] + [summary(result.problems, result.files)]
        raise PluginError("\n".join(lines))
    return result


def expand_nav(nav, generated: dict[str, list]):
    """Replace nav entries that point at a generated index page by the whole generated section."""
    if nav is None:
        return None
    out = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, str) and value in generated:
                out.append({title: generated[value]})
            elif isinstance(value, list):
                out.append({title: expand_nav(value, generated)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out


def site_context(kb: KnowledgeBase) -> dict:
    """Plain data for the theme templates (they escape it): the red-flag box and its sources."""
    flags = kb.red_flags
    sources = [kb.sources[s] for s in flags.get("sources", []) if s in kb.sources]
    return {
        "red_flags": flags,
        "red_flag_sources": [
            {"label": f"{short_authors(s)} {s['year']}",
             "href": s.get("url") or (f"https://doi.org/{s['doi']}" if s.get("doi") else f"https://pubmed.ncbi.nlm.nih.gov/{s['pmid']}/")}
            for s in sources
        ],
    }


# ---- one MkDocs project per language --------------------------------------------------------------------------

def _raw_config(root: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as handle:
        return yaml_load(handle)


def main_language(config) -> str:
    return (config.get("theme") or {}).get("language", "en")


def other_editions(config) -> list[dict]:
    """The languages besides the main one, from mkdocs.yml `extra.alternate` (Material's language selector):
    each {"name", "link" (its folder in the site, e.g. "ar/"), "lang"}."""
    main = main_language(config)
    return [dict(alt) for alt in (config.get("extra") or {}).get("alternate") or [] if alt.get("lang") != main]


# Search in Arabic (Material's search plugin, `lang: ar`, offline). Material's Arabic settings index words as they are
# written, so "حجامة" would not find "الحجامة". The separator below, mkdocs.yml's with Arabic punctuation (، ؛ ؟)
# added, also splits off the article and the short words joined to it (ال، بال، وال، فال، كال، لل) at the start of a
# word: both spellings then find the same pages. Material's tokenizer accepts lookbehind and lookahead here.
_ARTICLE = "(?:ال|بال|وال|فال|كال|لل)(?=[\u0620-\u064A]{2})"
SEARCH_SEPARATORS = {
    "ar": '[\\s،؛؟\\-,:!=\\[\\]()"/]+(?:' + _ARTICLE + ')?|(?<=^(?:ال|بال|وال|فال|كال|لل))(?=[\u0620-\u064A]{2})|\\.(?!\\d)',
}


def edition_overrides(language: str, link: str, site_dir: Path, root: Path | None = None) -> dict:
    """What a language's MkDocs project changes in mkdocs.yml: `theme.language` (Material turns the layout right
    to left for Arabic), its folder and address, search in its language, the site's name and description from
    the catalogue, and `extra.kb_edition`, which tells the kb hook to build that language's pages."""
    from kb.i18n import translations

    raw = _raw_config(root or project_root())
    gettext = translations(language).gettext
    folder = link.strip("/")
    plugins = []
    for plugin in raw.get("plugins") or []:
        name, options = (plugin, {}) if isinstance(plugin, str) else next(iter(plugin.items()))
        if name == "search":
            options = dict(options or {}, lang=[language])
            if language in SEARCH_SEPARATORS:
                options["separator"] = SEARCH_SEPARATORS[language]
        plugins.append({name: options})
    site_url = raw.get("site_url") or ""
    return {
        "theme": {**raw["theme"], "language": language},
        "plugins": plugins,
        "site_dir": str(site_dir / folder),
        "site_url": (site_url if site_url.endswith("/") else site_url + "/") + folder + "/" if site_url else None,
        "site_name": gettext(raw["site_name"]),
        "site_description": gettext(raw.get("site_description", "")),
        "copyright": gettext(raw.get("copyright", "")),
        "extra": {**(raw.get("extra") or {}),
                  "kb_edition": {"language": language, "folder": folder, "source": main_language(raw)}},
    }


def edition_builds(site_dir: Path, root: Path | None = None) -> list[dict]:
    """The overrides for each other language's project, built into site_dir/<folder>."""
    raw = _raw_config(root or project_root())
    return [edition_overrides(alt["lang"], alt["link"], site_dir, root) for alt in other_editions(raw)]
