"""Every page of every role on an 820 px tablet (the menu folded away), on a demo database: no text, button
or label that can be seen reaches beyond the window, no ``st.table`` cell is cut, the page does not scroll
sideways; a screenshot of each page to look at (test-artifacts/browser-tablet/). Issue 16: "every table
readable at 1280 px and 820 px"; the German-words tour (test_browser_german.py) covers the same pages at
1280 px. Interactive data grids (``st.dataframe``, drawn on a canvas) scroll sideways inside their frame
and are not checked here.

It found the new-account form's data-protection checkbox cut to "(Administr…" in its half column."""

from __future__ import annotations

import pytest

from tests.browser_support import Driver, in_browser
from tests.ui.conftest import ROOT
from tests.ui.test_browser_german import (  # noqa: F401  (demo_server: the fixture)
    DEMO_PASSWORD,
    _open,
    demo_server,
    extra_pages,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts" / "browser-tablet"
WIDTH = 820

# Elements of the page's content that end right of the window, or table cells whose text is cut: what
# an 820 px tablet would not show. The folded menu and Streamlit's own toolbar are not content.
OUTSIDE = """(w) => {
  const main = document.querySelector('[data-testid=stMain]');
  if (!main) return ['no main area'];
  const out = [];
  if (main.scrollWidth > main.clientWidth + 1) out.push('the page scrolls sideways: ' + main.scrollWidth);
  for (const e of main.querySelectorAll('p, h1, h2, h3, label, button, a, th, td, [data-testid=stMetric]')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // what is not seen: hidden, transparent (a chart's toolbar until hovered), clipped away
    if (!e.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (e.closest('[data-testid=stElementToolbar]')) continue;
    if (r.right > w + 1) out.push(e.tagName + ' ends at ' + Math.round(r.right) + ': '
      + (e.textContent.trim() || e.outerHTML).slice(0, 120));
  }
  for (const c of main.querySelectorAll('[data-testid=stTable] th, [data-testid=stTable] td')) {
    if (c.scrollWidth > c.clientWidth + 1) out.push('cut cell: ' + c.textContent.trim().slice(0, 60));
  }
  return out; }"""


def _check(d: Driver, where: str, found: dict[str, list[str]]) -> None:
    d.settle()
    problems = d.page.evaluate(OUTSIDE, WIDTH)
    if problems:
        found[where] = problems[:5]
    d.shot(where.replace(" ", "_").replace("/", "_").replace("?", "_").replace("=", "_"))


def _folded_menu_link(d: Driver, href: str) -> None:
    """Opens a page from the menu as a tablet user does: unfold it, tap the link, fold it again."""
    page = d.page
    if page.get_by_test_id("stExpandSidebarButton").is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNav").locator(f'a[href="{href}"]').click()
    d.settle()
    collapse = page.get_by_test_id("stSidebarCollapseButton").get_by_role("button")
    if collapse.is_visible():
        collapse.click()


def _tour(d: Driver, base: str, url: str, found: dict[str, list[str]]) -> None:
    page = d.page
    for user in ["admin", "beratung", "caritas.leitung", "caritas.interview"]:
        page.goto(base)
        d.settle()
        d.login(user, DEMO_PASSWORD)
        if page.get_by_test_id("stExpandSidebarButton").is_visible():
            page.get_by_test_id("stExpandSidebarButton").click()
        links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
        assert hrefs, user
        for href in hrefs:
            _folded_menu_link(d, href)
            _check(d, f"{user} {href.removeprefix(base) or 'start'}", found)
        for address in extra_pages(url, user):
            _open(d, f"{base}/{address}", user)
            _check(d, f"{user} /{address.split('?')[0]}", found)
        if page.get_by_test_id("stExpandSidebarButton").is_visible():
            page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_role("button", name="Abmelden", exact=True).click()
        page.get_by_role("button", name="Anmelden").wait_for()


def test_every_page_of_every_role_fits_an_820px_tablet(demo_server: tuple[str, str]) -> None:  # noqa: F811
    base, url = demo_server
    found: dict[str, list[str]] = {}
    in_browser(lambda d, b: _tour(d, b, url, found), base, ARTIFACTS, width=WIDTH, height=1100)
    report = "\n".join(f"{where}: {problems}" for where, problems in sorted(found.items()))
    assert not found, "Beyond the 820 px window:\n" + report
