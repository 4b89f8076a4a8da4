"""The theme helper (scripts/kb/mkdocs_theme.py) changes how fast the navigation renders, never what it renders."""
from __future__ import annotations

from pathlib import Path

from support import ROOT


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_navigation_helper_renders_what_materials_own_loop_renders(built_site, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from kb.mkdocs_adapter import edition_builds

    stock = tmp_path / "stock"
    # the same configuration without the theme helper: overrides/partials/nav-item.html falls back to Material's loop
    hooks = ["scripts/kb/mkdocs_hook.py", "scripts/kb/mkdocs_i18n.py"]
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(stock), strict=True, hooks=hooks))
    for overrides in edition_builds(stock, ROOT):  # and each other language's project
        build(load_config(str(ROOT / "mkdocs.yml"), strict=True, hooks=hooks, **overrides))
    ours, theirs = _html(built_site), _html(stock)
    assert ours.keys() == theirs.keys()
    different = [path for path in ours if ours[path] != theirs[path]]
    assert not different, different[:5]
    assert 'class="md-nav__link md-nav__link--active"' in ours["therapies/acupuncture/index.html"].decode()


def test_override_differs_from_materials_template_only_in_the_marked_lines():
    """overrides/partials/nav-item.html is Material's file plus lines marked `kb:`; an upgrade of Material
    that changes the original shows up here, so the copy is refreshed rather than left stale."""
    import material

    original = (Path(material.__file__).parent / "templates" / "partials" / "nav-item.html").read_text(encoding="utf-8")
    override = (ROOT / "overrides" / "partials" / "nav-item.html").read_text(encoding="utf-8")
    loop = ['            {% for item in nav_item.children %}',
            '              {% if not index or item != index %}',
            '                {{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
            '              {% endif %}',
            '            {% endfor %}']
    kept = [line for line in original.splitlines()[3:] if line not in loop]  # without the generated-file banner
    body = override.split("-#}\n", 1)[1]  # without our banner
    ours = [line for line in body.splitlines() if "kb:" not in line]
    # the helper macro's body is the original loop's body, re-indented nowhere: drop it to compare the rest
    start = ours.index('{% macro render_child(item, number, index, path, level, parent) %}')
    del ours[start:start + 5]
    assert ours == kept
