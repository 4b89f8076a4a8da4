"""Decision support in a real browser: the "my situation" filter on a comparison page, with and
without JavaScript, and the leaflet links it rewrites."""
import re
from functools import lru_cache

from playwright.sync_api import expect

from support import DATA
from kb.validate import validate

COMPARE = "compare/episodic-migraine/"


@lru_cache(maxsize=1)
def pregnancy_answers() -> dict[str, list[str]]:
    """Short names of the episodic-migraine options, by their answer for pregnancy."""
    kb = validate(DATA).kb
    found: dict[str, list[str]] = {}
    for t in kb.therapies_for("episodic-migraine"):
        level = next(c["level"] for c in t["safety"] if c["situation"] == "pregnancy")
        found.setdefault(level, []).append(t["name"].split(" (")[0])
    return found


def row(page, name):
    return page.locator("table[data-kb-compare] tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))


def test_my_situation_flags_and_hides_unsuitable_options(page, site_url):
    page.goto(site_url + COMPARE)
    total = page.locator("table[data-kb-compare] tbody tr").count()
    filter_box = page.get_by_role("group", name=re.compile("My situation"))
    expect(filter_box).to_be_hidden()  # folded: its 13 situations would fill a phone's screen
    fold = page.locator(".kb-situation-details > summary")
    expect(fold).to_be_visible()
    fold.click()
    expect(filter_box).to_be_visible()
    filter_box.get_by_label("Pregnant or trying to get pregnant").check()
    expect(fold).to_contain_text("(1 chosen)")
    valproate = row(page, "Valproate")
    expect(valproate).to_have_class(re.compile("kb-row--unsuitable"))
    expect(valproate.locator(".kb-flag")).to_contain_text("Do not use if: Pregnant")
    answers = pregnancy_answers()
    expect(row(page, answers["ask-first"][0]).locator(".kb-flag")).to_contain_text("Ask a clinician first")
    # "not studied" is flagged too, never left looking like "no concern"
    not_studied = row(page, answers["not-studied"][0])
    expect(not_studied).to_have_class(re.compile("kb-row--not-studied"))
    expect(not_studied.locator(".kb-flag")).to_contain_text("Not studied (nobody has checked) for: Pregnant")
    expect(row(page, answers["no-known-concern"][0]).locator(".kb-flag")).to_have_count(0)
    # the selection is carried to the leaflet links (a named destination in the PDF) and the address
    leaflet = valproate.locator("a.kb-leaflet-link").first
    expect(leaflet).to_have_attribute("href", re.compile(r"valproate\.pdf#nameddest=caution-pregnancy$"))
    expect(page).to_have_url(re.compile(r"\?situations=pregnancy"))
    filter_box.get_by_label(re.compile("Hide options marked")).check()
    expect(valproate).to_be_hidden()
    expect(page.locator(".kb-compare-status")).to_contain_text("marked “do not use”")
    shown = page.locator("table[data-kb-compare] tbody tr:visible").count()
    assert 0 < shown < total


def test_the_selection_in_the_address_is_restored(page, site_url):
    page.goto(site_url + COMPARE + "?situations=breastfeeding,child-or-teenager")
    expect(page.get_by_label("Breastfeeding", exact=True)).to_be_checked()
    expect(page.get_by_label("Child or teenager", exact=True)).to_be_checked()
    expect(page.locator("tr.kb-row--unsuitable").first).to_be_visible()


def test_without_javascript_the_full_table_and_its_cautions_are_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + COMPARE)
    expect(tab.locator(".kb-situation-filter")).to_be_hidden()
    valproate = row(tab, "Valproate")
    expect(valproate).to_be_visible()
    expect(valproate).to_contain_text("Do not use:")
    expect(valproate).to_contain_text("Pregnant or trying to get pregnant")
    context.close()
