"""Pictures of the numbers, drawn as inline SVG from the data: icon arrays and certainty meters.

An icon array shows 100 people as dots: those who had the outcome anyway, the extra people who had it
with the treatment (or the people spared it), and the rest. Each picture comes with words that say
the same thing, for screen readers and for anyone who prefers text. No charting library, no network.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from kb.i18n import N_
from kb.knowledge import CERTAINTY_ORDER
from kb.render.text import number

COLUMNS, STEP, RADIUS = 10, 11, 4.2  # 10 x 10 dots, 11 px apart
# Presentation attributes (print and light mode); the site's stylesheet overrides them in dark mode.
PAINT = {"kb-ia-base": 'fill="#37474f"', "kb-ia-extra": 'fill="#00897b"', "kb-ia-harm": 'fill="#c25e00"',
         "kb-ia-fewer": 'fill="none" stroke="#00897b" stroke-width="1.6"',
         "kb-ia-rest": 'fill="none" stroke="#8a8a8a" stroke-width="1"'}


def _dots(indexes: range) -> str:
    """One SVG path drawing a dot for each index (two arcs per dot), row by row."""
    parts = []
    for i in indexes:
        x, y = (i % COLUMNS) * STEP + STEP / 2, (i // COLUMNS) * STEP + STEP / 2
        parts.append(f"M{x - RADIUS:g} {y:g}a{RADIUS:g} {RADIUS:g} 0 1 0 {2 * RADIUS:g} 0"
                     f"a{RADIUS:g} {RADIUS:g} 0 1 0 {-2 * RADIUS:g} 0")
    return "".join(parts)


# The words are gettext messages (English is the msgid; `gettext` puts them into the page's language).
SHORT = {"kb-ia-base": N_("had it anyway"), "kb-ia-extra": N_("more with it"), "kb-ia-harm": N_("more with it"),
         "kb-ia-fewer": N_("fewer with it"), "kb-ia-rest": N_("did not")}


def _same(message: str) -> str:
    return message


def groups(absolute: dict, about: str = "benefit", gettext=_same) -> list[tuple[str, int, str]]:
    """The dots of a Cates plot out of 100: (css class, count, legend words), in drawing order."""
    _ = gettext
    scale = 100 / absolute["per"]
    with_, without = round(absolute["with_therapy"] * scale), round(absolute["without_therapy"] * scale)
    event = {"event": absolute["event"]}
    if with_ >= without:
        extra = (_("extra people who %(event)s because of the treatment") if about == "harm"
                 else _("extra people who %(event)s with the treatment")) % event
        out = [("kb-ia-base", without, _("people who %(event)s without the treatment too") % event),
               ("kb-ia-harm" if about == "harm" else "kb-ia-extra", with_ - without, extra)]
    else:
        out = [("kb-ia-base", with_, _("people who %(event)s even with the treatment") % event),
               ("kb-ia-fewer", without - with_, _("people who %(event)s without the treatment but not with it") % event)]
    out.append(("kb-ia-rest", 100 - max(with_, without), _("people who did not, with or without the treatment")))
    return [g for g in out if g[1] > 0]


def sentence(absolute: dict, gettext=_same) -> str:
    """The same numbers in words."""
    _ = gettext
    per, with_, without = absolute["per"], absolute["with_therapy"], absolute["without_therapy"]
    diff = with_ - without
    change = (_("%(n)s more") % {"n": number(abs(diff))} if diff > 0
              else _("%(n)s fewer") % {"n": number(abs(diff))} if diff < 0 else _("no difference"))
    return _("Out of %(per)s people, %(without)s %(event)s without the treatment and %(with)s with it: %(change)s.") % {
        "per": number(per), "without": number(without), "event": absolute["event"], "with": number(with_),
        "change": change}


def icon_array(absolute: dict, about: str = "benefit", ident: str = "", compact: bool = False,
               gettext=_same) -> Markup:
    """A <figure> with the icon array, its legend and its words; `ident` makes the ids unique.
    `compact` (for print, beside the finding that states the numbers) keeps only a short legend."""
    start, paths, legend = 0, [], []
    for css, count, words in groups(absolute, about, gettext):
        words = gettext(SHORT[css]) if compact else words
        paths.append(f'<path class="{css}" {PAINT[css]} d="{_dots(range(start, start + count))}"/>')
        legend.append(f'<li><svg class="kb-ia-key" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
                      f'<circle class="{css}" {PAINT[css]} cx="5" cy="5" r="4"/></svg> {count} {escape(words)}</li>')
        start += count
    caption_id = f"kb-ia-{escape(ident)}"
    # the numbers in words: on screen they are already in the finding's text, so only screen readers get them here
    spoken = "" if compact else f'<span class="kb-ia-words">{escape(sentence(absolute, gettext))}</span>'
    side = COLUMNS * STEP
    return Markup(
        f'<figure class="kb-icon-array">'
        f'<svg role="img" aria-labelledby="{caption_id}" width="{side}" height="{side}" viewBox="0 0 {side} {side}">'
        f'{"".join(paths)}</svg>'
        f'<figcaption id="{caption_id}">{spoken}'
        f'<ul class="kb-ia-legend">{"".join(legend)}</ul></figcaption></figure>')


def certainty_meter(certainty: str) -> Markup:
    """Four bars, as many filled as the certainty is high; hidden from screen readers because the
    certainty is always written next to it."""
    filled = len(CERTAINTY_ORDER) - CERTAINTY_ORDER.index(certainty)
    bars = "".join(f'<rect x="{i * 5}" y="{8 - 2 * i}" width="4" height="{4 + 2 * i}" '
                   + ('class="kb-meter-on" fill="currentColor"/>' if i < filled else
                      'class="kb-meter-off" fill="none" stroke="currentColor" stroke-width="0.8"/>')
                   for i in range(4))
    return Markup(f'<svg class="kb-meter" width="19" height="12" viewBox="0 0 19 12" aria-hidden="true" '
                  f'focusable="false">{bars}</svg>')
