"""The Arabic edition: one MkDocs project per language, built with the English site into site/ar/ from the same
mkdocs.yml. Only translated pages; each page linked to its English twin and back (selector and hreflang); links
to pages not translated go to the English page and say so; no English interface text; and a translation whose
English has changed says so on the page (the whole loop, on a copy of the data)."""
from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from support import DATA, ROOT, tree_digest

AR = "ar"
SITE_URL = "https://headache-options.org/"


@pytest.fixture(scope="module")
def edition(kb):
    from kb.render.edition import Edition

    return Edition.load(kb, AR, ROOT / "docs")


def pages_of(site: Path) -> dict[str, str]:
    """Every page of a built site (or edition folder) by its address: '' for the home page, 'therapies/x/'."""
    found = {}
    for file in site.rglob("index.html"):
        address = file.parent.relative_to(site).as_posix()
        found["" if address == "." else address + "/"] = file.read_text(encoding="utf-8")
    return found


class Links(HTMLParser):
    """The <a> and <link> elements of a page: (tag, attributes, text inside)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict, str]] = []
        self._open: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            self.found.append((tag, dict(attrs), ""))
            if tag == "a":
                self._open.append(len(self.found) - 1)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for index in self._open:
            tag, attrs, text = self.found[index]
            self.found[index] = (tag, attrs, text + data)


def links(html: str) -> list[tuple[str, dict, str]]:
    parser = Links()
    parser.feed(html)
    return parser.found


def resolve(url: str, href: str) -> str:
    """The site address (from the root of the whole site) a link on the page at `url` leads to."""
    target = urlparse(urljoin("http://site/" + url, href))
    return target.path.lstrip("/")


def expected_pages(edition) -> set[str]:
    from kb.render.untranslated import page_url

    return {page_url(p) for p in edition.paths()}


def test_the_edition_has_exactly_the_translated_pages(built_site, edition):
    assert set(edition.therapies) >= {"wet-cupping", "dry-cupping", "acupuncture"}
    assert set(edition.conditions) >= {"episodic-migraine", "tension-type-headache"}
    built = set(pages_of(built_site / AR))
    assert built == expected_pages(edition)
    for page in ["", "red-flags/", "reading-the-numbers/", "about/", "editorial-policy/", "therapies/wet-cupping/",
                 "compare/episodic-migraine/", "compare/tension-type-headache/", "situations/pregnancy/"]:
        assert page in built, page
    assert "therapies/triptans/" not in built and "claims/" not in built  # not translated: not in the edition
    for answer in edition.english.therapies["wet-cupping"]["safety"]:  # every situation its answers link to
        assert f"situations/{answer['situation']}/" in built


def test_every_arabic_page_is_right_to_left_and_says_it_is_arabic(built_site):
    for url, html in pages_of(built_site / AR).items():
        assert re.search(r'<html lang="ar" dir="rtl"', html), url
        assert '<body dir="rtl"' in html, url


def test_english_pages_stay_left_to_right_english(built_site):
    html = (built_site / "therapies" / "wet-cupping" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" class="no-js">' in html


def _alternates(html: str) -> dict[str, str]:
    return {attrs["hreflang"]: attrs["href"] for tag, attrs, _ in links(html)
            if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang") and not attrs.get("type")}


def test_hreflang_both_ways_on_every_page_with_a_twin(built_site):
    english, arabic = pages_of(built_site), pages_of(built_site / AR)
    for url, html in arabic.items():
        assert _alternates(html) == {"ar": SITE_URL + "ar/" + url, "en": SITE_URL + url}, url
        assert _alternates(english[url]) == {"en": SITE_URL + url, "ar": SITE_URL + "ar/" + url}, url
    for url, html in english.items():
        if url.startswith("ar/") or url in arabic:
            continue
        assert "ar" not in _alternates(html), f"{url} has no Arabic twin but claims one"


def _selector(html: str) -> dict[str, str]:
    return {attrs["hreflang"]: attrs["href"] for tag, attrs, _ in links(html)
            if tag == "a" and "md-select__link" in attrs.get("class", "")}


def test_the_language_selector_links_each_page_to_its_twin(built_site):
    english, arabic = pages_of(built_site), pages_of(built_site / AR)
    for url, html in arabic.items():
        choices = _selector(html)
        assert resolve("ar/" + url, choices["en"]) == url, url
        assert resolve("ar/" + url, choices["ar"]) == "ar/" + url, url
        back = _selector(english[url])
        assert resolve(url, back["ar"]) == "ar/" + url and resolve(url, back["en"]) == url, url
    claims = _selector(english["claims/"])  # no Arabic twin: the Arabic home page
    assert resolve("claims/", claims["ar"]) == "ar/"


def test_a_link_to_an_untranslated_page_goes_to_the_english_page_and_says_so(built_site):
    arabic = pages_of(built_site / AR)
    english = set(pages_of(built_site))
    checked = 0
    for url, html in arabic.items():
        article = html[html.index("<article"):html.index("</article>")]
        for tag, attrs, text in links(article):
            href = attrs.get("href", "")
            if tag != "a" or not href or href.startswith(("#", "http", "mailto:")):
                continue
            target = resolve("ar/" + url, href)
            if target.startswith("ar/"):
                assert target[3:].split("#")[0] in arabic or "." in target.rsplit("/", 1)[-1], (url, href)
                continue
            if target.startswith("pdf/ar/"):  # the edition's own leaflets and handouts, beside the English PDFs
                assert (built_site / target).is_file(), (url, href)
                continue
            # it leaves the Arabic edition: an English page (or an English PDF), marked as such
            assert attrs.get("hreflang") == "en", (url, href)
            assert "الإنجليزية" in text, (url, href, text)  # "(بالإنجليزية)", or "the English page" itself
            if target.endswith("/"):
                assert target in english, (url, href)
            checked += 1
    assert checked > 50
    wet = arabic["therapies/wet-cupping/"]
    topiramate = [(attrs, text) for tag, attrs, text in links(wet) if "therapies/topiramate/" in attrs.get("href", "")]
    assert topiramate and all(resolve("ar/therapies/wet-cupping/", a["href"]) == "therapies/topiramate/"
                              for a, _ in topiramate)


def test_untranslated_pages_are_not_in_the_arabic_navigation(built_site, edition):
    html = pages_of(built_site / AR)["therapies/wet-cupping/"]
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('md-nav--primary'))]
    for tag, attrs, text in links(nav):
        if tag == "a" and attrs.get("href", "").startswith((".", "..")) and "md-nav__link" in attrs.get("class", ""):
            assert not resolve("ar/therapies/wet-cupping/", attrs["href"]).startswith(("therapies/", "claims/")), attrs


def _visible_text(html: str) -> str:
    """The article's text, without what is English on purpose (lang="en": references, change log, proper names
    of English sites), code, and the page's own English links."""
    article = html[html.index("<article"):html.index("</article>")]
    article = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", article, flags=re.S)
    article = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", article, flags=re.S)
    article = re.sub(r'<a [^>]*hreflang="en"[^>]*>.*?</a>', " ", article, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", article))


def test_no_english_interface_text_in_arabic_pages(built_site):
    """Every interface sentence of the catalogue (three words or more between placeholders) is absent from the
    Arabic pages: none was left untranslated, in the templates or the theme."""
    from babel.messages.pofile import read_po

    with open(ROOT / "locale" / "site.pot", "rb") as handle:
        template = read_po(handle)
    fragments = set()
    for message in template:
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for part in re.split(r"%\(\w+\)s|\*\*|\[|\]\([^)]*\)|\n", msgid or ""):
                part = " ".join(part.split()).strip(" .,:;()“”")
                if len(part.split()) >= 3 and re.search("[a-z]", part):
                    fragments.add(part)
    assert len(fragments) > 150
    found = []
    for url, html in pages_of(built_site / AR).items():
        text = " ".join(_visible_text(html).split())
        found += [f"{url}: {part}" for part in fragments if part in text]
    assert not found, "\n".join(found[:20])


def test_the_arabic_pages_use_western_digits(built_site):
    for url, html in pages_of(built_site / AR).items():
        assert not re.search("[\u0660-\u0669\u06F0-\u06F9]", _visible_text(html)), url


def test_each_edition_has_its_own_sitemap(built_site):
    arabic = set(pages_of(built_site / AR))
    listed = re.findall(r"<loc>([^<]+)</loc>", (built_site / AR / "sitemap.xml").read_text(encoding="utf-8"))
    assert {u.removeprefix(SITE_URL + "ar/") for u in listed} == arabic
    english = re.findall(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert not [u for u in english if u.startswith(SITE_URL + "ar/")]


def test_the_arabic_search_index_is_arabic(built_site):
    import json

    index = json.loads((built_site / AR / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ar"]
    assert re.search("،", index["config"]["separator"]) and "ال" in index["config"]["separator"]
    assert {doc["location"].split("#")[0] for doc in index["docs"]} <= set(pages_of(built_site / AR))


# ---- a translation whose English has changed says so on the page ------------------------------------------------

WET = "therapies/wet-cupping"


def _build_arabic(site: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from kb.mkdocs_adapter import edition_overrides

    build(load_config(str(ROOT / "mkdocs.yml"), strict=True, **edition_overrides(AR, "ar/", site, ROOT)))
    return site / AR


@pytest.fixture(scope="module")
def data_copies(tmp_path_factory):
    """Two copies of the data: as it is, and with one English sentence of wet cupping changed."""
    base = tmp_path_factory.mktemp("edition-data")
    same, changed = base / "same" / "data", base / "changed" / "data"
    shutil.copytree(DATA, same)
    shutil.copytree(DATA, changed)
    entry = changed / f"{WET}.yaml"
    text = entry.read_text(encoding="utf-8")
    old = "is an old treatment"
    assert old in text, "the sentence this test changes is gone from wet cupping's what_it_is: pick another"
    entry.write_text(text.replace(old, "is a very old treatment", 1), encoding="utf-8")
    return same, changed


def test_the_real_translation_of_wet_cupping_is_current(kb):
    from kb.translations import load, stale

    item = load(DATA, AR)[WET]
    assert not stale(kb.therapies["wet-cupping"], item["texts"]), (
        "the Arabic wet cupping page was made from older English: check data/translations/ar/therapies/wet-cupping.yaml")


def test_changing_one_english_sentence_shows_the_out_of_date_notice(data_copies, tmp_path, monkeypatch):
    same, changed = data_copies
    monkeypatch.setenv("KB_DATA_DIR", str(changed))
    page = (_build_arabic(tmp_path / "changed") / "therapies" / "wet-cupping" / "index.html").read_text(encoding="utf-8")
    entry = yaml.safe_load((changed / f"{WET}.yaml").read_text(encoding="utf-8"))
    latest = max([str(c["date"]) for c in entry.get("changes", [])] + [str(entry["review"]["last_reviewed"])])
    notice = page[page.index('class="admonition warning kb-outdated"'):]
    notice = notice[:notice.index("</div>")]
    assert "قد تكون هذه الترجمة قديمة" in notice
    assert f'<time datetime="{latest}">{latest}</time>' in notice
    english = [attrs["href"] for tag, attrs, _ in links(notice) if tag == "a"]
    assert [resolve("ar/therapies/wet-cupping/", href) for href in english] == ["therapies/wet-cupping/"]
    assert page.index("kb-outdated") < page.index("<h1"), "the notice is at the top of the page"
    # the other pages made from unchanged translations say nothing
    other = (tmp_path / "changed" / AR / "therapies" / "acupuncture" / "index.html").read_text(encoding="utf-8")
    assert "kb-outdated" not in other


def test_the_unchanged_data_shows_no_notice(data_copies, tmp_path, monkeypatch):
    same, _ = data_copies
    monkeypatch.setenv("KB_DATA_DIR", str(same))
    page = (_build_arabic(tmp_path / "same") / "therapies" / "wet-cupping" / "index.html").read_text(encoding="utf-8")
    assert "kb-outdated" not in page and "قد تكون هذه الترجمة قديمة" not in page


def test_a_failed_arabic_build_leaves_the_last_good_site_untouched(tmp_path, monkeypatch):
    from kb.build import BuildFailed, build_site

    good = build_site(tmp_path / "site")
    assert (good / AR / "index.html").is_file()
    before = tree_digest(good)
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    about = broken / "translations" / AR / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[رابط مكسور](#no-such-anchor)\n", encoding="utf-8")
    monkeypatch.setenv("KB_DATA_DIR", str(broken))
    with pytest.raises(BuildFailed) as info:
        build_site(tmp_path / "site")
    assert "no-such-anchor" in str(info.value)
    assert tree_digest(good) == before
    assert not list(tmp_path.glob(".site-build-*"))


# ---- pieces -------------------------------------------------------------------------------------------------------

def test_links_to_missing_pages_and_anchors_are_sent_to_english():
    from kb.render.untranslated import english_links, mark_missing_links

    markdown = ("[a](../therapies/x.md) [b](y.md#here) [c](../about.md#kept) [d](../about.md#gone) "
                "[e](https://e.org/z.md)")
    out = mark_missing_links(markdown, "therapies/y.md", {"therapies/y.md", "about.md"}, {"about.md": {"kept"}})
    assert out == ("[a](kb-en:therapies/x.md) [b](y.md#here) [c](../about.md#kept) [d](kb-en:about.md#gone) "
                   "[e](https://e.org/z.md)")
    html = ('<a href="kb-en:therapies/x.md">a</a> <a href="../../compare/c/">b</a> <a href="../y/">c</a> '
            '<a href="../../pdf/a4/x.pdf">d</a> <a href="../../../therapies/y/" hreflang="en">e</a> <a href="#r">f</a>')
    out = english_links(html, "therapies/y/", {"therapies/y/", ""}, "../", "(EN)")
    assert out == ('<a href="../../../therapies/x/" hreflang="en">a <span class="kb-in-english">(EN)</span></a> '
                   '<a href="../../../compare/c/" hreflang="en">b <span class="kb-in-english">(EN)</span></a> '
                   '<a href="../y/">c</a> '
                   '<a href="../../../pdf/a4/x.pdf" hreflang="en">d <span class="kb-in-english">(EN)</span></a> '
                   '<a href="../../../therapies/y/" hreflang="en">e</a> <a href="#r">f</a>')


def test_untranslated_text_is_marked_english_and_never_inside_attributes():
    from kb.render.untranslated import english_spans, mark

    html = f'<head><title>{mark("T")}</title></head><p title="{mark("x")}">{mark("Some English")} and Arabic</p>'
    assert english_spans(html) == ('<head><title>T</title></head><p title="x"><span lang="en" dir="ltr" '
                                   'class="kb-en">Some English</span> and Arabic</p>')


def test_an_empty_translation_shows_the_english_marked(kb):
    """While translators work, an empty text shows the English, marked (never silently)."""
    from kb.render.edition import Edition
    from kb.render.untranslated import is_marked

    edition = Edition.load(kb, AR, ROOT / "docs")
    files = {ref: {**item, "texts": {**item["texts"]}} for ref, item in edition.files.items()}
    files[WET]["texts"]["what_it_is"] = {"en": "0", "text": ""}
    edition = Edition(AR, kb, ROOT / "docs", files, edition.docs)
    assert is_marked(edition.kb.therapies["wet-cupping"]["what_it_is"])
    assert edition.kb.therapies["wet-cupping"]["what_it_is"].strip("\ue000\ue001") == kb.therapies["wet-cupping"]["what_it_is"]


def test_numbers_levels_and_sources_come_from_the_english_entry(kb, edition):
    english, arabic = kb.therapies["wet-cupping"], edition.kb.therapies["wet-cupping"]
    for a, b in zip(english["evidence"], arabic["evidence"]):
        assert (a["certainty"], a.get("direction"), a["sources"], a.get("absolute", {}).get("with_therapy")) == (
            b["certainty"], b.get("direction"), b["sources"], b.get("absolute", {}).get("with_therapy"))
    assert [s["level"] for s in english["safety"]] == [s["level"] for s in arabic["safety"]]
    assert english["review"] == arabic["review"]
    assert arabic["name"] != english["name"]


def test_translated_pages_link_their_own_language_pdfs(built_site, edition):
    """An Arabic therapy or condition page offers the Arabic leaflet or handouts (A4), and the files are there."""
    pages = pages_of(built_site / AR)
    for kind, ids in (("therapies", edition.therapies), ("conditions", edition.conditions)):
        for ident in ids:
            url = f"ar/{kind}/{ident}/"
            pdfs = [resolve(url, attrs["href"]) for tag, attrs, _ in links(pages[f"{kind}/{ident}/"])
                    if tag == "a" and attrs.get("href", "").endswith(".pdf")]
            assert pdfs and all(p.startswith("pdf/ar/a4/") for p in pdfs), (url, pdfs)
            assert all((built_site / p).is_file() for p in pdfs), (url, pdfs)
