"""Finding the way: the home page's search and buttons, condition pages that lead with the decisions, and
findings that say which way they point apart from how sure we are."""
import re

from playwright.sync_api import expect

from support import DATA


def test_home_leads_with_search_the_two_questions_and_every_condition(phone, site_url):
    phone.goto(site_url)
    search = phone.get_by_label("Search for a treatment or a kind of headache")
    expect(search).to_be_in_viewport()
    for name in ["I have been offered a treatment", "Is it safe for me?"]:
        expect(phone.locator("article .md-button").filter(has_text=name)).to_be_in_viewport()
    linked = set(phone.locator(".kb-conditions a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.split('/').filter(Boolean).pop())"))
    assert linked == {p.stem for p in (DATA / "conditions").glob("*.yaml")}, "a condition has no button"
    search.fill("hijama")
    search.press("Enter")  # the form sends ?q=hijama, which Material's search opens with
    first = phone.locator(".md-search-result__item a").first
    expect(first).to_be_visible()
    assert "/therapies/wet-cupping/" in first.get_attribute("href")


def test_condition_page_leads_with_the_decisions_and_what_matters_open(page, site_url):
    page.goto(site_url + "conditions/episodic-migraine/")
    tops = page.evaluate("""() => ['#decisions', '#what-matters', '#short-list', '#options']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert tops == sorted(tops), tops
    answers = page.locator("#what-matters ~ details.question")
    assert answers.count() >= 7
    for i in range(answers.count()):
        expect(answers.nth(i)).to_have_js_property("open", True)
    short = page.locator("#short-list-prevention ~ ul").first
    expect(short.locator(".kb-certainty").first).to_be_visible()
    assert short.locator("li").count() <= 5


def test_no_difference_does_not_look_like_a_benefit(page, site_url):
    page.goto(site_url + "therapies/acupuncture/")
    helps = page.locator(".kb-finding--helps").first
    same = page.locator(".kb-finding--no-difference").first
    expect(helps.locator(".kb-direction")).to_have_text(re.compile("Helps"))
    expect(same.locator(".kb-direction")).to_have_text(re.compile("Little or no difference"))
    style = "e => [getComputedStyle(e).borderLeftStyle, getComputedStyle(e).borderLeftColor]"
    assert helps.evaluate(style) != same.evaluate(style)
    badge = "e => [getComputedStyle(e).borderStyle, getComputedStyle(e).color]"
    assert helps.locator(".kb-direction").evaluate(badge) != same.locator(".kb-direction").evaluate(badge)
    # the certainty is a badge of its own, beside the direction
    expect(same.locator(".kb-certainty")).to_be_visible()


def test_each_number_is_said_once_in_words_and_once_in_the_picture(page, site_url):
    page.goto(site_url + "therapies/acupuncture/")
    finding = page.locator(".kb-finding").filter(has=page.locator("figure.kb-icon-array")).first
    text = finding.inner_text()  # what is visible on screen
    assert text.count("41 in 100") == 1 and text.count("17 in 100") == 1, text
    words = finding.locator(".kb-ia-words")  # the caption keeps the numbers for screen readers
    assert "17" in words.text_content()
    assert words.evaluate("e => e.getBoundingClientRect().width") <= 1
    label = finding.locator("figure svg[role=img]").get_attribute("aria-labelledby")
    assert "41" in page.locator(f"#{label}").text_content()
