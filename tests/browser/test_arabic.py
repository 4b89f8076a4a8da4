"""The Arabic edition in a real browser: every page right to left, nothing clipped, no axe-core violations at 360,
390 and 1280 px; the language selector takes each page to its English twin and back; a link to a page that is
not translated opens the English page and says so; search finds wet cupping from "حجامة" and "الحجامة"; the
comparison filter works mirrored and in Arabic."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from axe import describe, run_axe
from test_phone_layout import CLIPPED

AR = "ar/"


def arabic_pages(site: Path) -> list[str]:
    return sorted("" if p.parent == site / "ar" else p.parent.relative_to(site / "ar").as_posix() + "/"
                  for p in (site / "ar").rglob("index.html"))


def _context(browser, width: int, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
              else r.abort())
    return context, tab


def _check_every_page(browser, built_site, site_url, width, *, clipping: bool, phone: bool):
    context, tab = _context(browser, width, is_mobile=phone, has_touch=phone)
    failures = []
    pages = arabic_pages(built_site)
    assert len(pages) >= 15, pages
    for url in pages:
        tab.goto(site_url + AR + url)
        direction = tab.evaluate("() => [document.documentElement.dir, document.documentElement.lang, "
                                 "getComputedStyle(document.querySelector('article')).direction]")
        if direction != ["rtl", "ar", "rtl"]:
            failures.append(f"{url}: html dir/lang and article direction are {direction}")
        if clipping:
            for details in tab.locator("article details").all():  # folded parts count too, once opened
                details.evaluate("d => d.open = true")
            clipped = tab.evaluate(CLIPPED)
            failures += [f"{url}: clipped: {c}" for c in clipped[:5]]
        violations = run_axe(tab)
        if violations:
            failures.append(f"{url}: {describe(violations)}")
    context.close()
    assert not failures, "\n".join(failures[:30])


@pytest.mark.parametrize("width", [390, 1280])
def test_every_arabic_page_is_right_to_left_unclipped_and_accessible(browser, built_site, site_url, width):
    _check_every_page(browser, built_site, site_url, width, clipping=True, phone=width < 600)


def test_every_arabic_page_is_accessible_at_360px(browser, built_site, site_url):
    _check_every_page(browser, built_site, site_url, 360, clipping=False, phone=True)


@pytest.mark.parametrize("path", ["therapies/wet-cupping/", "compare/episodic-migraine/"])
def test_no_axe_violations_in_the_dark_scheme(page, site_url, path):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + AR + path)
    violations = run_axe(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("path", ["", "therapies/wet-cupping/", "conditions/tension-type-headache/",
                                  "compare/episodic-migraine/", "situations/pregnancy/", "red-flags/"])
def test_the_language_selector_goes_to_the_twin_and_back(page, site_url, path):
    page.goto(site_url + AR + path)
    page.locator(".md-header .md-select").hover()  # Material opens the list on hover or focus
    page.locator('.md-select__link[hreflang="en"]').click()
    expect(page).to_have_url(site_url + path)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".md-header .md-select").hover()
    page.locator('.md-select__link[hreflang="ar"]').click()
    expect(page).to_have_url(site_url + AR + path)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]


def test_a_link_to_an_untranslated_page_opens_the_english_page_and_says_so(page, site_url):
    page.goto(site_url + AR + "therapies/wet-cupping/")
    link = page.locator("#alternatives ~ ul a[hreflang='en']").first
    expect(link).to_contain_text("(بالإنجليزية)")
    expect(link.locator(".kb-in-english")).to_be_visible()
    link.click()
    assert re.fullmatch(re.escape(site_url) + r"therapies/[a-z0-9-]+/", page.url), page.url
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("query", ["حجامة", "الحجامة"])
def test_search_in_arabic_finds_wet_cupping_first(page, site_url, query):
    page.goto(site_url + AR)
    page.locator(".md-search__input").press_sequentially(query)  # Material reads the query on key-up
    first = page.locator(".md-search-result__item").first
    expect(first).to_be_visible()
    assert "/ar/therapies/wet-cupping/" in first.locator("a").first.get_attribute("href")


def test_the_comparison_filter_works_in_arabic_and_mirrored(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + AR + "compare/episodic-migraine/?situations=pregnancy")
    status = page.locator(".kb-compare-status")
    expect(status).to_contain_text("عدد الخيارات المعروضة")
    expect(page.locator(".kb-compare-filters")).to_contain_text("يُستخدم لـ")
    flag = page.locator("tr.kb-row--unsuitable .kb-flag").first
    expect(flag).to_contain_text("لا تستخدمه في حالة")
    page.locator('.kb-situation-filter input[name="hide-unsuitable"]').check()
    expect(page.locator("tr.kb-row--unsuitable").first).to_be_hidden()
    # the table reads from the right: the option's name is the rightmost column and stays in view
    first, last = page.evaluate("""() => { const cells = document.querySelector('table.kb-compare thead tr').cells;
        return [cells[0].getBoundingClientRect().right, cells[cells.length - 1].getBoundingClientRect().right]; }""")
    assert first > last


def test_pictures_and_findings_read_from_the_right(page, site_url):
    page.goto(site_url + AR + "therapies/acupuncture/")
    finding = page.locator(".kb-finding").first
    border = finding.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    assert border[0] != "0px" and border[1] == "0px", border  # the finding's bar is at the start: the right
    assert page.locator(".kb-meter").first.evaluate("e => getComputedStyle(e).transform") != "none"
    assert page.locator(".kb-icon-array > svg").first.evaluate("e => getComputedStyle(e).transform") != "none"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Arabic" in font, font
