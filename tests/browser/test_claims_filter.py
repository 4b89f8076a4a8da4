"""The claims page in a real browser: claims grouped by treatment, a verdict filter that works without
JavaScript (CSS alone), and every claim's one-sentence verdict visible without opening anything."""
import re

import pytest
from playwright.sync_api import expect

CLAIMS = "claims/"


@pytest.mark.parametrize("javascript", [True, False])
def test_verdict_filter_shows_only_that_verdict(browser, site_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + CLAIMS)
    claims = page.locator(".kb-claim")
    total = claims.count()
    assert total > 50
    cupping = page.locator("section.kb-claims-group").filter(has=page.locator("h2#wet-cupping"))
    expect(cupping.locator(".kb-claim").first).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"^Supported \(\d+\)$")).check()
    shown = [c for c in claims.all() if c.is_visible()]
    assert 0 < len(shown) < total
    assert all(c.get_attribute("data-verdict") == "supported" for c in shown)
    for group in page.locator("section.kb-claims-group").all():  # no empty treatment headings left
        if group.is_visible():
            assert "supported" in group.get_attribute("data-verdicts").split()
    page.get_by_role("radio", name=re.compile(r"^All \(\d+\)$")).check()
    assert sum(1 for c in claims.all() if c.is_visible()) == total
    context.close()


def test_each_claim_states_its_verdict_in_a_sentence_and_folds_the_evidence(page, site_url):
    page.goto(site_url + CLAIMS)
    first = page.locator(".kb-claim").first
    expect(first.locator(".kb-verdict")).to_be_visible()
    why = first.locator("details")
    expect(why).not_to_have_attribute("open", "")
    expect(why.locator("summary")).to_contain_text("Why")
