"""axe-core with the WCAG 2.2 A/AA rules on every kind of page, in both colour schemes and on a phone.

No rule is switched off. Material's known defaults are fixed in docs/stylesheets/kb.css (footer
contrast, underlined links in text) and docs/javascripts/a11y.js (a name for the search dialog).
"""
import pytest

from axe import describe, run_axe

PAGE_KINDS = {
    "home": "",
    "therapy": "therapies/wet-cupping/",
    "therapy-index": "therapies/",
    "condition": "conditions/episodic-migraine/",
    "condition-index": "conditions/",
    "comparison": "compare/episodic-migraine/",
    "comparison-my-situation": "compare/episodic-migraine/?situations=pregnancy,breastfeeding",
    "discuss": "discuss/episodic-migraine/?d=prevention&s=pregnancy&v=no-needles",
    "situation": "situations/pregnancy/",
    "situation-index": "situations/",
    "therapy-icon-arrays": "therapies/acupuncture/",
    "claims": "claims/",
    "glossary": "glossary/",
    "references": "references/",
    "downloads": "downloads/",
    "authored": "editorial-policy/",
    "not-found": "404.html",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_axe_violations(page, site_url, kind, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGE_KINDS[kind])
    violations = run_axe(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("kind", ["home", "therapy", "condition"])
def test_no_axe_violations_on_a_phone(phone, site_url, kind):
    phone.goto(site_url + PAGE_KINDS[kind])
    violations = run_axe(phone)
    assert not violations, describe(violations)
