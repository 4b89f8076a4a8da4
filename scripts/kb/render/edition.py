"""A translated edition of the site: which pages it has, and their Markdown, built from the English data with the
translated texts in place. Kept independent of MkDocs (the hook adapts it), like kb.render.site.

An edition holds the pages that are translated (data/translations/<language>/): a therapy or condition with a
translation of scope "page", the comparison page of each such condition, the situation pages its therapies' safety
answers link to, and the hand-written pages under pages/. Every number, level, verdict, source and date comes from
the English entry (kb.translations.localize); only human-written text is taken from the translation. Text that is
not translated yet is shown in English and marked (kb.render.untranslated). A page whose English has changed since
it was translated carries `kb_outdated` in its front matter, with the date of the English change; the theme shows
the notice (overrides/partials/kb-translation-notes.html).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from kb.i18n import N_, translations
from kb.knowledge import KnowledgeBase
from kb.quality import assess
from kb.render import site
from kb.render.untranslated import mark, unmark
from kb.translations import english_texts, fingerprint, load, load_pages, localize, stale, translated_whole

KINDS = {"therapies": "therapy", "conditions": "condition"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IDS = re.compile(r'\{\s*#([\w-]+)|\bid="([\w-]+)"')
# docs/ pages an edition always has (in English, marked, until they are translated): the home page
ALWAYS = ("index.md",)


@dataclass
class Edition:
    """One language's edition: its scope, its localized knowledge base and its pages."""

    language: str
    english: KnowledgeBase
    docs_dir: Path
    files: dict[str, dict] = field(default_factory=dict)   # translation files by entry ("therapies/x")
    docs: dict[str, dict] = field(default_factory=dict)    # translated docs pages by docs path ("about.md")

    @classmethod
    def load(cls, kb: KnowledgeBase, language: str, docs_dir: Path) -> "Edition":
        return cls(language, kb, docs_dir, load(kb.data_dir, language), load_pages(kb.data_dir, language))

    # ---- scope ------------------------------------------------------------------------------------------------
    @cached_property
    def therapies(self) -> list[str]:
        return translated_whole(self.files, "therapies", self.english.therapies)

    @cached_property
    def conditions(self) -> list[str]:
        return translated_whole(self.files, "conditions", self.english.conditions)

    @cached_property
    def situations(self) -> list[str]:
        """The situations the translated therapies' safety answers link to, in data/situations.yaml order."""
        if "situations" not in self.files:
            return []
        named = {answer["situation"] for tid in self.therapies for answer in self.english.therapies[tid]["safety"]}
        return [sid for sid in self.english.situations if sid in named]

    @cached_property
    def doc_pages(self) -> list[str]:
        """The docs/ pages of the edition: the translated ones, and the home page in any case."""
        present = {p for p in self.docs if (self.docs_dir / p).is_file()}
        return sorted(present | {p for p in ALWAYS if (self.docs_dir / p).is_file()})

    @cached_property
    def generated_paths(self) -> list[str]:
        return ([f"therapies/{t}.md" for t in self.therapies] + [f"conditions/{c}.md" for c in self.conditions]
                + [f"compare/{c}.md" for c in self.conditions] + [f"situations/{s}.md" for s in self.situations])

    def paths(self) -> set[str]:
        """Every page of the edition, as a docs-relative path; each has an English twin at the same path."""
        return set(self.generated_paths) | set(self.doc_pages)

    # ---- the localized knowledge base -------------------------------------------------------------------------
    @cached_property
    def glossary(self) -> dict[str, str]:
        """English term (lower case) -> the edition's word for it, from data/translations/<language>/glossary.yaml."""
        path = self.english.data_dir / "translations" / self.language / "glossary.yaml"
        if not path.is_file():
            return {}
        terms = (yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}).get("terms") or []
        return {str(t["en"]).lower(): str(t["ar"] if "ar" in t else t.get(self.language, "")) for t in terms
                if t.get("en")}

    def _name(self, name: str) -> str:
        """The name of an entry that has no translation: the glossary's word for it, else the English, marked."""
        return self.glossary.get(name.lower()) or mark(name)

    def _localized(self, kind: str, entry: dict, ref: str) -> dict:
        item = self.files.get(ref)
        if item is None:
            out = dict(entry)
            if "name" in out:
                out["name"] = self._name(out["name"])
            return out
        texts = item["texts"]
        out = localize(entry, texts)
        # any text the file should carry but does not (yet): shown in English, marked as such
        conditions = tuple(item.get("conditions") or ()) if item["scope"] == "summary" else ()
        for path in english_texts(kind, entry, item["scope"], conditions):
            if not (texts.get(path) or {}).get("text"):
                _put(out, path, mark(_get(entry, path)))
        return out

    @cached_property
    def kb(self) -> KnowledgeBase:
        english = self.english
        out = KnowledgeBase(data_dir=english.data_dir, sources=english.sources)
        for folder, kind in KINDS.items():
            target = out.therapies if kind == "therapy" else out.conditions
            source = english.therapies if kind == "therapy" else english.conditions
            for ident, entry in source.items():
                target[ident] = self._localized(kind, entry, f"{folder}/{ident}")
        situations = self._localized("situations", {"situations": list(english.situations.values())}, "situations")
        out.situations = {s["id"]: s for s in situations["situations"]}
        out.red_flags = self._localized("red-flags", english.red_flags, "red-flags")
        return out

    # ---- pages ------------------------------------------------------------------------------------------------
    def outdated(self, refs: list[str]) -> str | None:
        """When any of these translation files was made from English that has changed since: the date of the latest
        English change among them ('' when the entry gives no date); None when all are current."""
        dates = []
        for ref in refs:
            item = self.files.get(ref)
            entry = self._english_entry(ref)
            if item is None or entry is None or not stale(entry, item["texts"]):
                continue
            dates.append(changed_on(entry))
        return max(dates) if dates else None

    def _english_entry(self, ref: str) -> dict | None:
        folder, _, ident = ref.partition("/")
        if folder == "therapies":
            return self.english.therapies.get(ident)
        if folder == "conditions":
            return self.english.conditions.get(ident)
        if ref == "situations":
            return {"situations": list(self.english.situations.values())}
        if ref == "red-flags":
            return self.english.red_flags
        return None

    def generated_pages(self) -> dict[str, str]:
        """The edition's pages made from the data, by docs-relative path."""
        kb, lang, english = self.kb, self.language, self.english
        common = {"edition_conditions": list(self.conditions), "edition_therapies": set(self.therapies)}
        pages: dict[str, str] = {}
        for tid in self.therapies:
            markdown = site.therapy_page(kb, kb.therapies[tid], lang, english_page=f"therapies/{tid}.md",
                                         quality=assess(english, english.therapies[tid], "therapy"), **common)
            pages[f"therapies/{tid}.md"] = with_meta(markdown, self._meta([f"therapies/{tid}"]))
        for cid in self.conditions:
            markdown = site.condition_page(kb, kb.conditions[cid], lang, english_page=f"conditions/{cid}.md",
                                           quality=assess(english, english.conditions[cid], "condition"), **common)
            pages[f"conditions/{cid}.md"] = with_meta(markdown, self._meta([f"conditions/{cid}"]))
            shown = [f"therapies/{row['therapy']['id']}" for row in site.comparison_rows(kb, cid)]
            pages[f"compare/{cid}.md"] = with_meta(site.compare_page(kb, kb.conditions[cid], lang,
                                                                     english_page=f"compare/{cid}.md", **common),
                                                   self._meta([f"conditions/{cid}", "situations", *shown]))
        for sid in self.situations:
            markdown = site.situation_page(kb, sid, lang, therapies=set(self.therapies),
                                           edition_total=len(english.therapies), edition_shown=len(self.therapies),
                                           english_page=f"situations/{sid}.md", **common)
            pages[f"situations/{sid}.md"] = with_meta(markdown, self._meta(
                ["situations", *[f"therapies/{t}" for t in self.therapies]]))
        return pages

    def _meta(self, refs: list[str]) -> dict:
        date = self.outdated(refs)
        return {} if date is None else {"kb_outdated": date}

    def doc_page(self, path: str) -> str:
        """A docs/ page in the edition: the translation with its front matter (the English page's review dates
        unless the translation gives its own), or, while it is not translated, the English page marked as such."""
        english_meta, english_body = split_front_matter((self.docs_dir / path).read_text(encoding="utf-8"))
        item = self.docs.get(path)
        if item is None:
            meta = {**english_meta, "kb_untranslated": True}
            return front_matter(meta) + '<div lang="en" dir="ltr" markdown>\n\n' + english_body + "\n\n</div>\n"
        meta = {key: value for key, value in english_meta.items() if key not in ("title", "description")}
        meta.update({k: v for k, v in item["meta"].items() if k not in ("translation_of", "en")})
        english_text = (self.docs_dir / path).read_text(encoding="utf-8")
        if item["meta"].get("en") and str(item["meta"]["en"]) != fingerprint(english_text):
            meta["kb_outdated"] = str(english_meta.get("last_reviewed", ""))
        return front_matter(meta) + item["markdown"]

    def doc_anchors(self) -> dict[str, set[str]]:
        """The ids each translated docs page gives itself ({ #id } or id="..."): a link to any other anchor of
        the page goes to the English page, which has it."""
        return {path: {a or b for a, b in _IDS.findall(self.docs[path]["markdown"])}
                for path in self.doc_pages if path in self.docs}

    # ---- navigation -------------------------------------------------------------------------------------------
    def navigation(self) -> list:
        """The edition's menu (mkdocs.yml `nav` items), in the order of the English one, with only its pages."""
        _ = translations(self.language).gettext
        kb = self.kb
        docs = set(self.doc_pages)

        def doc(*paths: str) -> list:
            return [{self._doc_title(p): p} for p in paths if p in docs]

        def named(folder: str, entries: dict, ids: list[str]) -> list:
            return [{unmark(entries[i]["name"]): f"{folder}/{i}.md"} for i in ids]

        nav: list = doc("index.md")
        sections = [
            (NAV["conditions"], named("conditions", kb.conditions, self.conditions)),
            (NAV["therapies"], named("therapies", kb.therapies, self.therapies)),
            (NAV["compare"], named("compare", kb.conditions, self.conditions)),
            (NAV["situations"], named("situations", kb.situations, self.situations)),
        ]
        nav += [{_(title): items} for title, items in sections if items]
        nav += doc("red-flags.md")
        for title, paths in ((NAV["evidence"], ("reading-the-numbers.md", "methods.md", "glossary.md")),
                             (NAV["about"], ("about.md", "editorial-policy.md", "open-data.md"))):
            if doc(*paths):
                nav.append({_(title): doc(*paths)})
        return nav

    def _doc_title(self, path: str) -> str:
        item = self.docs.get(path)
        if item and item["meta"].get("title"):
            return str(item["meta"]["title"])
        meta, _ = split_front_matter((self.docs_dir / path).read_text(encoding="utf-8"))
        return str(meta.get("title", path))



# The edition's menu headings: the English menu's words (mkdocs.yml), translated through the catalogue.
NAV = {"home": N_("Home"), "conditions": N_("Conditions"), "therapies": N_("Treatments"),
       "compare": N_("Compare options"), "situations": N_("Is it safe for me?"), "evidence": N_("Understanding the evidence"),
       "about": N_("About")}


def changed_on(entry: dict) -> str:
    """The date the English entry last changed: its newest change-log item or its last review, whichever is later."""
    dates = [str(c["date"]) for c in entry.get("changes") or [] if c.get("date")]
    review = entry.get("review") or {}
    if review.get("last_reviewed"):
        dates.append(str(review["last_reviewed"]))
    return max(dates) if dates else ""


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        return yaml.load(head, Loader=_LOADER) or {}, body
    return {}, text


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def with_meta(markdown: str, meta: dict) -> str:
    """`markdown` (which starts with front matter) with `meta` added to its front matter."""
    if not meta:
        return markdown
    head, body = split_front_matter(markdown)
    return front_matter({**head, **meta}) + body


def _get(entry, path: str):
    node = entry
    for part in path.split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _put(entry, path: str, value) -> None:
    *parents, last = path.split("/")
    node = entry
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
