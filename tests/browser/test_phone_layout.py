"""Phones first: at 360 and 390 px every piece of text on every kind of page can be seen, therapy pages
put the decision before the evidence, and folded parts are complete in print and without JavaScript."""
import re

import pytest
from playwright.sync_api import expect

from axe import describe, run_axe

PAGE_KINDS = {
    "home": "",
    "therapy": "therapies/wet-cupping/",
    "therapy-acupuncture": "therapies/acupuncture/",
    "condition": "conditions/episodic-migraine/",
    "comparison": "compare/episodic-migraine/",
    "situation": "situations/pregnancy/",
    "claims": "claims/",
    "discuss": "discuss/episodic-migraine/?d=prevention&s=pregnancy&v=no-needles",
    "discuss-everything": "discuss/episodic-migraine/",
}
WIDTHS = [360, 390]

# Every visible piece of text in the page's content whose content box is not inside the viewport, or
# that sits in a scroller without a visible cue (.kb-compare-wrap draws edge shadows), or is clipped.
CLIPPED = """() => {
  const vw = document.documentElement.clientWidth;
  const cued = (el) => el.matches('.kb-compare-wrap');
  const found = [];
  const selector = ['td', 'th', 'p', 'li', 'h1', 'h2', 'h3', 'h4', 'figcaption', 'summary', 'dt', 'dd',
                    'caption', 'label', 'blockquote'].map(t => 'article ' + t).join(', ');
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({visibilityProperty: true}) || !el.textContent.trim()) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    // visually hidden on purpose, for screen readers (1 px, clipped): the card layout's header row
    let spoken = false;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const r = a.getBoundingClientRect(), s = getComputedStyle(a);
      if (r.width <= 1 && r.height <= 1 && s.overflow === 'hidden' && s.position === 'absolute') { spoken = true; break; }
    }
    if (spoken) continue;
    const cs = getComputedStyle(el);
    const left = box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
    const right = box.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight);
    let scroller = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible' && a.scrollWidth > a.clientWidth + 1) { scroller = a; break; }
    }
    const self = cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
    const outside = left < -0.5 || right > vw + 0.5;
    if (self || (scroller && !cued(scroller)) || (outside && !(scroller && cued(scroller)))) {
      found.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 50)}" [${Math.round(left)}, ${Math.round(right)}] of ${vw}` +
                 (scroller ? ` in a scroller (${scroller.className || scroller.tagName})` : ''));
    }
  }
  return found;
}"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def narrow(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 800}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:"))
              else r.abort())
    yield tab
    context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_text_is_clipped_or_hidden_on_a_phone(narrow, site_url, kind):
    narrow.goto(site_url + PAGE_KINDS[kind])
    for details in narrow.locator("article details").all():  # folded parts count too, once opened
        details.evaluate("d => d.open = true")
    clipped = narrow.evaluate(CLIPPED)
    assert not clipped, f"{len(clipped)} pieces of text clipped or out of view:\n" + "\n".join(clipped[:15])


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_tables_are_cards_and_words_are_never_split(narrow, site_url, kind):
    narrow.goto(site_url + PAGE_KINDS[kind])
    cells = narrow.locator("article td")
    styles = cells.evaluate_all("""cells => cells.map(c => {
        const s = getComputedStyle(c);
        return [s.display, s.wordBreak, s.overflowWrap, s.hyphens, c.dataset.label || ''];
    })""")
    for display, word_break, wrap, hyphens, label in styles:
        assert display == "block", "a table cell is still laid out as a table column on a phone"
        assert word_break != "break-all" and wrap != "anywhere" and hyphens != "auto", "words may be split"
        assert label, "a table cell on a phone has no column label"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_axe_violations_at_360px(browser, site_url, kind):
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(site_url + PAGE_KINDS[kind])
    violations = run_axe(tab)
    context.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize("path", ["therapies/wet-cupping/", "therapies/acupuncture/"])
def test_therapy_page_puts_the_decision_before_the_evidence(phone, site_url, path):
    phone.goto(site_url + path)
    top = phone.evaluate("""() => ['#answer', '#who-should-not-use-it', '#staying-safe', '#alternatives']
        .map(s => document.querySelector(s).getBoundingClientRect().top)
        .concat([document.querySelector('.kb-finding').getBoundingClientRect().top])""")
    assert top == sorted(top), f"answer, who should not, staying safe, alternatives, first finding: {top}"
    expect(phone.locator(".kb-urgent-link a")).to_be_in_viewport()
    alternatives = phone.locator("#alternatives ~ ul").first
    link = alternatives.locator("a").first
    expect(link).to_be_visible()
    assert "/therapies/" in link.evaluate("a => a.href")
    expect(alternatives.locator(".kb-certainty").first).to_be_visible()
    expect(alternatives).to_contain_text(re.compile(r"\d+ in 100"))
    expect(phone.locator("#alternatives ~ p a.md-button").first).to_be_visible()
    assert "/compare/" in phone.locator("#alternatives ~ p a.md-button").first.evaluate("a => a.href")


WORDS_BEFORE_ALTERNATIVES = """() => {
  const stop = document.querySelector('#alternatives');
  const article = document.querySelector('article');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (stop.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) break;
    const parent = node.parentElement;
    if (!parent.checkVisibility({visibilityProperty: true}) || parent.closest('.kb-ia-words, .headerlink')) continue;
    words += node.textContent.split(/\\s+/).filter(w => /[A-Za-z0-9]/.test(w)).length;
  }
  return words;
}"""


@pytest.mark.parametrize("path", ["therapies/wet-cupping/", "therapies/acupuncture/"])
def test_fewer_than_400_words_before_what_else_you_could_try(phone, site_url, path):
    phone.goto(site_url + path)
    words = phone.evaluate(WORDS_BEFORE_ALTERNATIVES)
    assert words < 400, f"{words} words on {path} before 'What else you could try'"


def test_folded_parts_are_complete_in_print_and_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "therapies/wet-cupping/")
    claims = tab.locator("#claims ~ details.kb-more").first
    expect(claims).not_to_have_attribute("open", "")
    expect(claims.locator(".kb-claim").first).to_be_hidden()
    claims.locator("summary").click()  # native <details>: opens without JavaScript
    expect(claims.locator(".kb-claim").first).to_be_visible()
    tab.reload()
    citation = tab.locator('sup a[href^="#ref-"]:visible').first  # the first citation outside a folded part
    target = citation.get_attribute("href")
    citation.click()  # a citation opens the folded references
    expect(tab.locator(target)).to_be_visible()
    tab.goto(site_url + "therapies/wet-cupping/")  # afresh, without the #ref-1 that opened the references
    expect(tab.locator("#ref-1")).to_be_hidden()
    tab.emulate_media(media="print")
    for selector in ["#ref-1", "#claims ~ details .kb-claim", "#how-it-may-work ~ details td"]:
        expect(tab.locator(selector).first).to_be_visible()
    context.close()
