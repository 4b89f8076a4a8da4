"""The site as a person meets it in Chromium: pages, search, colour scheme, keyboard, phone, print, leaflets."""
import re

import pytest
from playwright.sync_api import expect

PAGES = ["", "therapies/", "therapies/wet-cupping/", "conditions/", "conditions/episodic-migraine/",
         "compare/episodic-migraine/", "claims/", "references/", "downloads/", "red-flags/", "editorial-policy/"]


def test_home(page, site_url):
    page.goto(site_url)
    expect(page).to_have_title(re.compile("Headache Options"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Headache Options"))
    expect(page.locator("#red-flags")).to_be_visible()


def test_therapy_page_shows_the_essentials(page, site_url):
    page.goto(site_url + "therapies/wet-cupping/")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Wet cupping \(hijama\)"))
    expect(page.locator(".admonition.abstract").first).to_contain_text("The bottom line")
    expect(page.locator("#who-should-not-use-it")).to_be_visible()
    expect(page.locator(".kb-certainty").first).to_be_visible()
    expect(page.locator(".kb-reviewed")).to_contain_text("Last reviewed:")
    expect(page.locator(".kb-disclaimer")).to_contain_text("does not replace a clinician")
    expect(page.locator("#red-flags")).to_contain_text("emergency")


def test_condition_page_links_to_its_options(page, site_url):
    page.goto(site_url + "conditions/episodic-migraine/")
    page.get_by_role("link", name="Acupuncture (manual and electro-acupuncture)").first.click()
    expect(page).to_have_url(re.compile(r"/therapies/acupuncture/$"))


@pytest.mark.parametrize("query, expected", [("hijama", "/therapies/wet-cupping/"),
                                             ("al-hijamah", "/therapies/wet-cupping/"),
                                             ("electroacupuncture", "/therapies/acupuncture/"),
                                             ("hijama migraine", "/therapies/wet-cupping/")])
def test_search_finds_a_therapy_by_another_name(page, site_url, query, expected):
    page.goto(site_url)
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_visible()
    assert expected in first.get_attribute("href")


def test_light_dark_toggle(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    # Material's tooltips feature moves the labels' titles, so find the toggles by their radio buttons
    page.locator("label[for='__palette_1']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label[for='__palette_0']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_keyboard_only_reaches_a_therapys_risks(page, site_url):
    page.goto(site_url + "therapies/acupuncture/")
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('href')")
        if href and href.endswith("#risks"):
            break
    else:
        pytest.fail("Tab never reached a link to the risks section")
    focused = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none", "the focused link has no visible focus outline"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#risks$"))
    expect(page.locator("#risks")).to_be_in_viewport()


@pytest.mark.parametrize("path", PAGES)
def test_phone_has_no_sideways_scrolling(phone, site_url, path):
    phone.goto(site_url + path)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path or 'home'} is {overflow}px wider than a 390px phone"
    expect(phone.locator("label.md-header__button[for='__drawer']")).to_be_visible()


def test_print_hides_navigation_and_keeps_red_flags_and_references(page, site_url):
    page.goto(site_url + "therapies/dry-cupping/")
    page.emulate_media(media="print")
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.locator("#red-flags")).to_be_visible()
    expect(page.locator("#ref-1")).to_be_visible()
    expect(page.locator("details").first).to_have_js_property("open", False)
    hidden_legend = page.evaluate("() => getComputedStyle(document.querySelector('details > ul, details > p')).display")
    assert hidden_legend != "none", "the certainty legend is hidden on paper"


def test_leaflet_download_link(page, site_url):
    page.goto(site_url + "therapies/acupuncture/")
    link = page.get_by_role("link", name="A4")
    expect(link).to_be_visible()
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")


def test_downloads_page_lists_every_pdf(page, site_url):
    page.goto(site_url + "downloads/")
    hrefs = page.locator("a[href$='.pdf']").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 10
    for href in hrefs:
        assert page.request.get(href).status == 200, href


def test_comparison_table_sorts_and_filters(page, site_url):
    page.goto(site_url + "compare/episodic-migraine/")
    rows = page.locator("table[data-kb-compare] tbody tr")
    total = rows.count()
    assert total > 10
    page.select_option("[data-filter='use']", "attack")
    visible = page.locator("table[data-kb-compare] tbody tr:not([hidden])")
    attack_only = visible.count()
    assert 0 < attack_only < total
    assert all("attack" in v for v in visible.evaluate_all("rows => rows.map(r => r.dataset.usedFor)"))
    expect(page.locator(".kb-compare-status")).to_have_text(f"Showing {attack_only} of {total} options.")
    page.select_option("[data-filter='use']", "")
    page.select_option("[data-filter='certainty']", "1")
    assert all(int(c) <= 1 for c in visible.evaluate_all("rows => rows.map(r => r.dataset.certainty)"))
    page.select_option("[data-filter='certainty']", "3")
    header = page.get_by_role("button", name="Option")
    header.click()
    names = rows.evaluate_all("rows => rows.map(r => r.cells[0].textContent.trim().toLowerCase())")
    assert names == sorted(names)
    expect(page.locator("th[aria-sort='ascending']")).to_have_count(1)
    header.click()
    names = rows.evaluate_all("rows => rows.map(r => r.cells[0].textContent.trim().toLowerCase())")
    assert names == sorted(names, reverse=True)


def test_comparison_table_is_complete_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "compare/episodic-migraine/")
    assert tab.locator("table[data-kb-compare] tbody tr").count() > 10
    assert tab.locator(".kb-compare-filters").count() == 0
    context.close()
