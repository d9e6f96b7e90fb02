"""The sidebar menu's markup, made valid for screen readers.

Streamlit 1.67 draws the menu as ``<ul>`` whose children are one ``<div>`` per group (a ``<header>``
and the group's ``<li>`` links): a list with no list items directly inside, and list items outside
a list — axe-core's rules ``list`` and ``listitem`` (serious), read out as a list of N items that
holds none. This script, sent with the app's CSS (``ui.style``), gives the structure the roles it
has: the ``<ul>`` and the ``<li>`` become neutral (``role="none"``), each group becomes a named
``role="group"`` ("Konto", "Beratungsstelle"), inside the navigation landmark that Streamlit labels.
It runs again when Streamlit redraws the menu (a MutationObserver), and only on the menu.

A folded menu (on a tablet, or folded by the user) still held its links, off screen but in the Tab
order: Tab went to invisible links, and Enter on the invisible "Abmelden" logged out. While the menu
is folded (``data-collapsed="true"``) it is ``inert``: no focus, not read out; unfolding it gives its
links back. The link icons beside headings are taken out of the Tab order (one stop less per
heading; nobody sends a link to a heading of this app).
"""

from __future__ import annotations

SCRIPT = (
    "<script>if (!window.sprachstandNavRoles) { window.sprachstandNavRoles = true; "
    "const fixNav = () => { const ul = document.querySelector('[data-testid=stSidebarNavItems]'); if (ul) { "
    "if (ul.getAttribute('role') !== 'none') ul.setAttribute('role', 'none'); "
    "for (const li of ul.querySelectorAll('li')) "
    "if (li.getAttribute('role') !== 'none') li.setAttribute('role', 'none'); "
    "for (const g of ul.children) { if (g.tagName === 'LI') continue; const h = g.querySelector('header'); "
    "if (g.getAttribute('role') !== 'group') g.setAttribute('role', 'group'); "
    "const name = h ? h.textContent.replace(/expand_(more|less)/g, '').trim() : ''; "
    "if (name && g.getAttribute('aria-label') !== name) g.setAttribute('aria-label', name); } } "
    "const side = document.querySelector('[data-testid=stSidebar]'); "
    "if (side) { const folded = side.getAttribute('data-collapsed') === 'true'; "
    "if (folded !== side.inert) side.inert = folded; } "
    "for (const a of document.querySelectorAll('[data-testid=stHeaderActionElements] a')) "
    "if (a.getAttribute('tabindex') !== '-1') a.setAttribute('tabindex', '-1'); }; "
    "fixNav(); new MutationObserver(fixNav).observe(document.body, "
    "{subtree: true, childList: true, attributes: true, attributeFilter: ['data-collapsed']}); }</script>"
)
