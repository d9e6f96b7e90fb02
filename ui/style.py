"""The few custom styles the app adds to Streamlit's theme, all with WCAG AA contrast.

Colours: text #1a1a1a on #f3f6fa (16:1), help #333d4a on #f3f6fa (10:1), demo marker #6b3000 on
#fff1de (9:1), accent border #1d4e89 (not a text colour). Keep it one small block: it is sent on
every rerun.
"""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.learner-label{color:#1a1a1a;background:#f3f6fa;border-left:4px solid #1d4e89;
  padding:.2rem .6rem;margin:-.5rem 0 .6rem 0;font-size:1rem;line-height:1.5}
.learner-label[dir=rtl]{border-left:none;border-right:4px solid #1d4e89;text-align:right}
.learner-label .learner-help{display:block;color:#333d4a;font-size:.9rem}
.group-heading{margin:0 0 .6rem 0;color:#1a1a1a}
[data-testid=stNumberInput] [data-testid=InputInstructions]{display:none}
.demo-marker{color:#6b3000;background:#fff1de;border:2px solid #6b3000;border-radius:.4rem;
  padding:.25rem .6rem;font-weight:700;display:inline-block}
</style>
"""


def inject() -> None:
    st.html(CSS)


def demo_marker() -> None:
    st.html('<div class="demo-marker" role="note">DEMO – Beispieldaten, keine echten Personen</div>')
