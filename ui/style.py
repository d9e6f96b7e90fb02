"""The few custom styles the app adds to Streamlit's theme, all with WCAG AA contrast.

Colours: text #1a1a1a on #f3f6fa (16:1), help #333d4a on #f3f6fa (10:1), demo marker #6b3000 on
#fff1de (9:1), accent border #1d4e89 (not a text colour). Keep ``CSS`` one small block: it is sent on
every rerun; ``ACTION_CSS`` only goes out with the pages that list interviews.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import german_chrome, nav_a11y, navigation

CSS = """
<style>
.learner-label{color:#1a1a1a;background:#f3f6fa;border-left:4px solid #1d4e89;
  padding:.2rem .6rem;margin:-.5rem 0 .6rem 0;font-size:1rem;line-height:1.5}
.learner-label[dir=rtl]{border-left:none;border-right:4px solid #1d4e89;text-align:right}
.learner-label .learner-help{display:block;color:#333d4a;font-size:.9rem}
.learner-tap{cursor:pointer}
[data-testid=stElementContainer]:has(input[type=checkbox]:checked)+[data-testid=stElementContainer]
  .learner-tap{background:#e4f2e7;border-color:#1e7b34}
[data-testid=stElementContainer]:has(input[type=checkbox]:checked)+[data-testid=stElementContainer]
  .learner-tap::before{content:"✓ " / "";font-weight:700;color:#1e7b34}
[class*="st-key-skill-"]>div:first-child,[class*="st-key-skill-"]>div:has([data-testid=stAlert]){flex-basis:100%}
.field-label{margin:0 0 .15rem 0;font-size:.875rem;color:#1a1a1a}
.field-help{margin:0 0 .3rem 0;font-size:.875rem;color:#555d68}
.field-label~.learner-label{margin:.2rem 0 0 0}
[data-testid=stCheckbox] label:has(input:focus-visible){outline:3px solid #1d4e89;outline-offset:2px;
  border-radius:.25rem}
[class*="-__nav"] button[data-variant=pills],[class*="-__nav"] button[data-variant=pills] *{white-space:normal;
  height:auto;text-overflow:clip;text-align:left}
[role=listbox][data-empty=true] span{visibility:hidden;font-size:0}
[role=listbox][data-empty=true] span::after{content:"Keine Treffer";visibility:visible;font-size:.875rem}
[class*="st-key-skill-"]>div:has([data-testid=stSelectbox]){min-width:min(100%,14rem)}
[data-testid=stMainBlockContainer]{padding-top:3rem}
.group-heading{margin:0 0 .6rem 0;color:#1a1a1a}
.page-title{font-size:2.25rem;font-weight:700;margin:0 0 .4rem 0;padding:0;line-height:1.2}
.person{margin:0 0 .25rem 0}.details{margin:0 0 .75rem 0;color:#555d68;font-size:.875rem}
.progress p{margin:0 0 .3rem 0;font-size:.875rem}
.progress .bar{height:.5rem;background:#dfe5ee;border-radius:.25rem;overflow:hidden}
.progress .bar div{height:100%;background:#1d4e89}
.section-help{color:#555d68;font-size:.875rem;margin:.4rem 0 0 0}
.user-name{margin:0}.user-role{margin:0;color:#555d68;font-size:.875rem}
[data-testid=stNumberInput] [data-testid=InputInstructions]{display:none}
.demo-marker{color:#6b3000;background:#fff1de;border:2px solid #6b3000;border-radius:.4rem;
  padding:.25rem .6rem;font-weight:700;display:inline-block}
</style>
"""

GERMAN = german_chrome.script() + nav_a11y.SCRIPT

# Links that should look like buttons on a tablet: a page link inside a container keyed
# "action-…" gets a border, the primary colour (#1d4e89 on white, 8.6:1) and a 44 px touch target.
ACTION_CSS = """
<style>
[class*="st-key-action-"] a{border:1px solid #1d4e89;border-radius:.5rem;min-height:44px;
  padding:.3rem .8rem;justify-content:center;background:#fff}
[class*="st-key-action-"] a span, [class*="st-key-action-"] a p{color:#1d4e89;font-weight:600}
[class*="st-key-action-"] a:hover{background:#f3f6fa}
</style>
"""


def inject() -> None:
    """The app's CSS and the script that puts Streamlit's own words into German (``ui.german_chrome``)."""
    st.html(with_css(""), unsafe_allow_javascript=True)


def with_css(body: str) -> str:
    """``body`` with the app's CSS and the German-words script in front: a page that draws this block
    needs no ``inject()`` (one element less a rerun; a style element applies to the whole page wherever
    it stands). The block must be sent with ``unsafe_allow_javascript=True``."""
    return CSS.strip() + GERMAN + body


def demo_marker() -> None:
    st.html('<div class="demo-marker" role="note">DEMO – Beispieldaten, keine echten Personen</div>')


def action_css() -> None:
    """Page links in a container keyed "action-…" look like buttons (lists of interviews; sent only
    by the pages that have such links)."""
    st.html(ACTION_CSS)


def action_link(target: Any, key: str, page: str, label: str, icon: str, **query: str) -> None:
    """A page link that looks like a button (``ACTION_CSS``; the page must call ``action_css``):
    ``target`` is a column or ``st``, ``page`` a url path of ``ui.navigation``."""
    with target.container(key=f"action-{key}"):
        st.page_link(navigation.page(page), label=label, query_params=query or None, icon=icon, width="stretch")
