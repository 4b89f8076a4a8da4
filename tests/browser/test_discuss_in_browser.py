""""My options to discuss" in a real browser: the choices in the address applied to the sheet at phone and
desktop widths, the address kept up to date, the page without JavaScript, and the sheet in print."""
import re
from functools import lru_cache

import pytest
from playwright.sync_api import expect

from support import DATA
from kb.render import decisions
from kb.render.derived import comparison_rows
from kb.validate import validate

SHEET = "discuss/episodic-migraine/"
CHOICES = "?d=prevention&s=pregnancy&v=no-needles"


@lru_cache(maxsize=1)
def expected() -> tuple[list[str], list[str], int]:
    """For the CHOICES: the options that fit and suit (in the sheet's order), those that fit but say
    "do not use" in pregnancy, and how many options the condition has."""
    kb = validate(DATA).kb
    no_needles = next(v for v in decisions.VALUES if v.key == "no-needles")
    fit, not_for_you = [], []
    rows = comparison_rows(kb, "episodic-migraine")
    for row in rows:
        t = row["therapy"]
        if "prevention" in t["used_for"] and no_needles.fits(t):
            level = next(c["level"] for c in t["safety"] if c["situation"] == "pregnancy")
            (not_for_you if level == "do-not-use" else fit).append(f"option-{t['id']}")
    return fit, not_for_you, len(rows)


@pytest.fixture(params=[390, 1280], ids=lambda w: f"{w}px")
def tab(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900},
                                  is_mobile=request.param < 600, has_touch=request.param < 600)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:"))
               else r.abort())
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def ids(locator) -> list[str]:
    return locator.evaluate_all("items => items.map(li => li.id)")


def test_the_choices_in_the_address_make_the_sheet(tab, site_url):
    tab.goto(site_url + SHEET + CHOICES)
    form = tab.locator("form.kb-discuss-form")
    expect(form.get_by_label("Preventing attacks", exact=False)).to_be_checked()
    expect(form.get_by_label("Pregnant or trying to get pregnant")).to_be_checked()
    expect(form.get_by_label("I would rather avoid needles and injections")).to_be_checked()
    expect(form.get_by_label("Breastfeeding")).not_to_be_checked()
    fit, not_for_you, total = expected()
    assert fit and not_for_you
    shown = tab.locator("ol.kb-sheet-options > li.kb-sheet-option:visible")
    assert ids(shown) == fit
    for i in range(shown.count()):  # the pregnancy answer of each, never silence
        option = shown.nth(i)
        answer = option.locator('[data-situation="pregnancy"]')
        expect(answer).to_be_visible()
        expect(answer).to_contain_text(re.compile(r"Ask a clinician first|Not studied \(nobody has checked\)|No known concern"))
        expect(option.locator(".kb-sheet-compact")).to_be_hidden()
        expect(option.locator('[data-situation="breastfeeding"]')).to_be_hidden()
    # "do not use" in pregnancy: listed under "Not for you", with the reason, not gone
    expect(tab.get_by_role("heading", name="Not for you, because…")).to_be_visible()
    unsuitable = tab.locator(".kb-sheet-not-for-you li.kb-sheet-option:visible")
    assert ids(unsuitable) == not_for_you
    expect(unsuitable.first.locator('[data-situation="pregnancy"]')).to_contain_text("Do not use.")
    expect(unsuitable.first.locator(".kb-sheet-answers li:visible")).to_have_count(1)
    expect(tab.locator("#option-valproate")).to_be_visible()  # valproate: "do not use" in pregnancy
    assert tab.locator("#option-valproate").evaluate("li => li.parentElement.hasAttribute('data-kb-not-for-you')")
    # the choices restated at the top of the sheet, the count, today's date and the address to open it again
    choices = tab.locator(".kb-sheet-choices")
    expect(choices).to_contain_text("The decision I face: Preventing attacks")
    expect(choices).to_contain_text("My situations: Pregnant or trying to get pregnant.")
    expect(choices).to_contain_text("What matters to me: I would rather avoid needles and injections.")
    expect(tab.locator(".kb-sheet-count")).to_have_text(
        f"{len(fit)} of {total} options fit your choices, and {len(not_for_you)} more would fit but are not "
        "for you (see the end).")
    expect(tab.locator("[data-kb-address]")).to_have_text(site_url + SHEET + CHOICES)
    expect(tab.locator("[data-kb-today]")).to_have_text(re.compile(r"\d{4}"))
    expect(tab.get_by_role("button", name="Print the sheet")).to_be_visible()
    expect(tab.locator(".kb-no-js-note")).to_be_hidden()


def test_changes_are_applied_at_once_and_kept_in_the_address(page, site_url):
    page.goto(site_url + SHEET + CHOICES)
    page.get_by_label("Epilepsy", exact=True).check()
    expect(page).to_have_url(site_url + SHEET + "?d=prevention&s=pregnancy,epilepsy&v=no-needles")
    expect(page.locator('#option-amitriptyline [data-situation="epilepsy"]')).to_be_visible()
    page.get_by_label("Both", exact=True).check()
    page.get_by_label("Pregnant or trying to get pregnant").uncheck()
    page.get_by_label("Epilepsy", exact=True).uncheck()
    page.get_by_label("I would rather avoid needles and injections").uncheck()
    expect(page).to_have_url(site_url + SHEET)  # nothing chosen: the plain address, the whole sheet
    total = expected()[2]
    expect(page.locator("li.kb-sheet-option:visible")).to_have_count(total)
    expect(page.locator(".kb-sheet-compact:visible")).to_have_count(total)
    expect(page.locator(".kb-sheet-not-for-you")).to_be_hidden()
    expect(page.locator(".kb-sheet-choices")).to_have_text(re.compile(f"^All {total} options we checked"))
    # the two purposes: either is enough; every other value must fit
    page.get_by_label("I want something to use when an attack starts").check()
    page.get_by_label("I want fewer attacks over the coming months").check()
    expect(page.locator("li.kb-sheet-option:visible")).to_have_count(total)
    page.get_by_label("I would rather not use medicines or supplements").check()
    for used_for in page.locator("li.kb-sheet-option:visible").evaluate_all("l => l.map(li => li.dataset.fits)"):
        assert "no-medicines" in used_for.split()
    # "Show my sheet" with JavaScript on: no reload, the sheet is brought into view
    page.evaluate("window.kbNotReloaded = true")
    page.get_by_role("button", name="Show my sheet").click()
    expect(page.locator("#sheet-title")).to_be_focused()
    assert page.evaluate("window.kbNotReloaded === true")


def test_a_plain_form_submission_is_read_as_well(page, site_url):
    page.goto(site_url + SHEET + "?d=attack&s=pregnancy&s=kidney-disease&v=no-needles&v=few-side-effects")
    expect(page.get_by_label("Treating attacks", exact=False)).to_be_checked()
    expect(page.get_by_label("Kidney disease", exact=True)).to_be_checked()
    expect(page.get_by_label("Side effects worry me most")).to_be_checked()
    expect(page).to_have_url(site_url + SHEET + "?d=attack&s=pregnancy,kidney-disease&v=no-needles,few-side-effects")
    shown = page.locator("ol.kb-sheet-options > li:visible")
    expect(shown.first).to_be_visible()
    for used_for, fits in shown.evaluate_all("l => l.map(li => [li.dataset.usedFor, li.dataset.fits])"):
        assert "attack" in used_for.split() and {"no-needles", "few-side-effects"} <= set(fits.split())


def test_an_unknown_choice_in_the_address_is_ignored(page, site_url):
    page.goto(site_url + SHEET + "?d=nonsense&s=nowhere&v=whatever")
    expect(page.get_by_label("Both", exact=True)).to_be_checked()
    expect(page.locator("li.kb-sheet-option:visible")).to_have_count(expected()[2])


def test_without_javascript_the_form_and_the_full_sheet_are_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + SHEET + CHOICES)
    total = expected()[2]
    expect(tab.locator(".kb-no-js-note")).to_be_visible()
    expect(tab.locator("li.kb-sheet-option:visible")).to_have_count(total)
    expect(tab.locator(".kb-sheet-compact:visible")).to_have_count(total)
    expect(tab.locator("#option-valproate .kb-sheet-compact")).to_contain_text("Do not use:")
    expect(tab.get_by_role("button", name="Print the sheet")).to_be_hidden()  # it needs JavaScript
    # the form still works: submitting puts the choices in the address (for a browser with JavaScript)
    tab.get_by_label("Preventing attacks", exact=False).check()
    tab.get_by_label("Epilepsy", exact=True).check()
    tab.get_by_role("button", name="Show my sheet").click()
    expect(tab).to_have_url(re.compile(r"/discuss/episodic-migraine/\?d=prevention&s=epilepsy$"))
    context.close()


def test_print_shows_the_sheet_alone_with_the_choices_on_top(page, site_url):
    page.goto(site_url + SHEET + CHOICES)
    page.emulate_media(media="print")
    for hidden in ["form.kb-discuss-form", ".kb-discuss-intro", ".md-header", ".md-sidebar--primary", ".md-search",
                   ".kb-urgent-link"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".kb-sheet-choices")).to_be_visible()
    expect(page.locator(".kb-sheet-choices")).to_contain_text("My situations: Pregnant or trying to get pregnant.")
    expect(page.locator("#option-amitriptyline")).to_be_visible()
    expect(page.locator(".kb-sheet-notes")).to_be_visible()
    top = page.evaluate("() => [document.querySelector('.kb-sheet-choices').getBoundingClientRect().top, "
                        "document.querySelector('li.kb-sheet-option:not([hidden])').getBoundingClientRect().top]")
    assert top[0] < top[1] < 600, f"the choices and the first option open the printed sheet: {top}"
    assert page.evaluate("getComputedStyle(document.querySelector('.kb-sheet')).fontSize") == "14.6667px"  # 11 pt


def test_the_comparison_page_passes_its_situations_on(page, site_url):
    page.goto(site_url + "compare/episodic-migraine/")
    page.locator(".kb-situation-details > summary").click()
    page.get_by_role("group", name=re.compile("My situation")).get_by_label("Pregnant or trying to get pregnant").check()
    link = page.locator("a.kb-discuss-link")
    expect(link).to_have_attribute("href", "../../discuss/episodic-migraine/?s=pregnancy")
    link.click()
    expect(page.get_by_label("Pregnant or trying to get pregnant")).to_be_checked()
    expect(page.locator(".kb-sheet-not-for-you")).to_be_visible()
