"""The site build: every page is there, search finds other names, builds are safe and change nothing."""
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from support import DATA, ROOT, run_kb, tree_digest
from kb.build import BuildFailed, build_site


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["", "about", "editorial-policy", "red-flags", "references", "therapies",
                                  "therapies/wet-cupping", "therapies/dry-cupping", "therapies/acupuncture",
                                  "conditions", "conditions/episodic-migraine", "conditions/tension-type-headache"])
def test_page_exists_with_review_date_disclaimer_and_red_flags(site, path):
    html = page(site, path)
    assert "Last reviewed:" in html
    assert "does not replace a clinician" in html
    assert 'id="red-flags"' in html


def test_therapy_page_sections_in_order(site):
    html = page(site, "therapies/wet-cupping")
    html = html[html.index('<article'):]  # the page body, not the navigation or the table of contents
    order = ["The bottom line", "Who should not use it", "How well it works", "Risks and side effects",
             "Claims examined", "References"]
    positions = [html.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "kb-certainty--" in html and "What the certainty levels mean" in html
    assert "hijama" in html.lower()
    assert 'href="https://doi.org/' in html or 'href="https://pubmed.ncbi.nlm.nih.gov/' in html


def test_condition_page_lists_therapies_derived_from_evidence(site):
    html = page(site, "conditions/episodic-migraine")
    for therapy in ("wet-cupping", "acupuncture"):
        assert f'href="../../therapies/{therapy}/"' in html


def test_search_finds_a_therapy_by_its_other_name(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    hits = {doc["location"] for doc in index["docs"] if "hijama" in (doc["title"] + doc["text"]).lower()}
    assert any(loc.startswith("therapies/wet-cupping/") for loc in hits)


def test_navigation_groups_treatments_by_kind(site):
    html = page(site, "therapies/acupuncture")
    assert "Hands-on and traditional therapies" in html


def test_no_network_fonts(site):
    html = page(site, "")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_failed_build_leaves_the_last_good_site_untouched(tmp_path, monkeypatch):
    good = build_site(tmp_path / "site")
    before = tree_digest(good)
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    therapy = broken / "therapies" / "acupuncture.yaml"
    therapy.write_text(therapy.read_text(encoding="utf-8").replace("category:", "categroy:"), encoding="utf-8")
    monkeypatch.setenv("KB_DATA_DIR", str(broken))
    with pytest.raises(BuildFailed) as info:
        build_site(tmp_path / "site")
    assert "acupuncture.yaml" in str(info.value) and "unknown-field" in str(info.value)
    assert tree_digest(good) == before
    assert not list(tmp_path.glob(".site-build-*"))


def test_cli_build_failure_exit_code_and_message(tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    (broken / "sources" / "bad.yaml").write_text("id: bad\n")
    proc = run_kb("build", "--site-dir", str(tmp_path / "site"), env={"KB_DATA_DIR": str(broken)})
    assert proc.returncode == 1
    assert "data/sources/bad.yaml:1:1: error: missing required fields" in proc.stderr.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "site").exists()


def test_injected_markup_in_data_is_inert(tmp_path, monkeypatch):
    """Text that slips past validation (here written after it) is still escaped on the page."""
    from kb.render.site import therapy_page
    from kb.validate import validate

    kb = validate(DATA, base=ROOT).kb
    therapy = json.loads(json.dumps(kb.therapies["acupuncture"]))
    therapy["what_it_is"] = "<script>alert(1)</script> {{ config }} {% raw %}"
    therapy["name"] = "<img src=x onerror=alert(1)>"
    markdown = therapy_page(kb, therapy)
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown and "{{ config }}" in markdown  # Jinja syntax in data stays text


def test_comparison_page_per_condition_lists_every_option(site):
    from kb.validate import validate

    kb = validate(DATA, base=ROOT).kb
    for cid in kb.conditions:
        html = page(site, f"compare/{cid}")
        rows = html.count("<tr data-used-for=")
        assert rows == len(kb.therapies_for(cid)), cid
        for therapy in kb.therapies_for(cid):
            assert f'href="../../therapies/{therapy["id"]}/"' in html
        assert "Certainty of benefit" in html and "Cautions: who should not use it" in html and "How long before it helps" in html


def test_claims_page_has_every_claim_grouped_by_treatment(site):
    from kb.validate import validate

    kb = validate(DATA, base=ROOT).kb
    html = page(site, "claims")
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    total = sum(len(t["claims_examined"]) for t in kb.therapies.values())
    assert html.count('class="kb-badge kb-verdict') == total
    assert html.count('class="kb-claim"') == total
    for t in kb.therapies.values():
        if t["claims_examined"]:
            assert f'id="{t["id"]}"' in html
        for c in t["claims_examined"]:  # the verdict in a sentence that stands alone, beside the claim
            assert " ".join(c["short_verdict"].replace("*", "").split()) in text, c["claim"]
    for verdict in {c["verdict"] for t in kb.therapies.values() for c in t["claims_examined"]}:
        assert f'name="kb-verdict" value="{verdict}"' in html


def test_glossary_terms_explain_themselves_on_hover(site):
    html = page(site, "therapies/acupuncture")
    assert '<abbr title="A fake version of a treatment' in html  # "sham"
    for path in ("glossary", "methods", "reading-the-numbers"):
        assert "Last reviewed:" in page(site, path)


def test_acute_medicine_pages_state_the_overuse_limit(site):
    for tid, days in [("paracetamol", 15), ("triptans", 10)]:
        html = page(site, f"therapies/{tid}")
        assert f"on {days} or more days a month" in html
