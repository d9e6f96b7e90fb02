"""A real browser: the pages with wide tables (Auswertung, Konten) are wide whichever way they are
opened, and a normal page after them is centred again; on a tablet the menu is folded away.

Before, the app shell set "centered" and those pages set "wide" in the same rerun; opened from the
menu, "Auswertung" came up centred (the accounts table's last columns cut) — on every second click.
On an 820 px tablet the menu took 300 px and cut the start page's buttons ("Überarbe…")."""

from __future__ import annotations

import pytest

import store
from tests.browser_support import Driver, in_browser
from tests.ui.conftest import PASSWORD, ROOT
from tests.ui.test_browser import server  # noqa: F401  (the fixture: a real server on a fresh database)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts" / "browser-layout"
WIDTH = "() => document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect().width"
MENU = "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().width"


def _menu_clicks(d: Driver, base: str) -> list[tuple[str, int]]:
    page = d.page
    page.goto(base)
    d.login("admin", PASSWORD)
    page.get_by_role("heading", name="Auswertung").wait_for()
    seen = []
    for link in ["Konten", "Auswertung", "Mein Konto", "Konten", "Auswertung"]:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
        page.get_by_role("heading", name=link).first.wait_for()
        d.settle()
        seen.append((link, round(page.evaluate(WIDTH))))
    d.shot("auswertung")
    return seen


def test_wide_pages_stay_wide_when_opened_from_the_menu(server: str) -> None:  # noqa: F811
    seen: list[tuple[str, int]] = []
    in_browser(lambda d, base: seen.extend(_menu_clicks(d, base)), server, ARTIFACTS / "wide", width=1400, height=900)
    widths = dict.fromkeys(w for _, w in seen)
    wide = max(widths)
    centred = min(widths)
    assert wide > centred + 200, seen
    assert [link for link, w in seen if w == wide] == ["Konten", "Auswertung", "Konten", "Auswertung"], seen
    assert [link for link, w in seen if w == centred] == ["Mein Konto"], seen


def _tablet(d: Driver, base: str) -> None:
    page = d.page
    page.goto(base)
    d.login("ina", PASSWORD)
    page.get_by_role("heading", name="Meine Interviews").wait_for()
    d.settle()
    assert page.evaluate(MENU) < 50, page.evaluate(MENU)  # folded: the page has the whole width
    assert page.evaluate(WIDTH) > 700, page.evaluate(WIDTH)
    d.shot("tablet_start")
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Mein Konto").click()
    page.get_by_role("heading", name="Mein Konto").first.wait_for()
    d.settle()
    assert page.evaluate(MENU) > 200, page.evaluate(MENU)  # opened by the user: not folded again


def test_on_a_tablet_the_menu_is_folded_away_and_stays_open_once_opened(server: str) -> None:  # noqa: F811
    in_browser(_tablet, server, ARTIFACTS / "tablet", width=820, height=1100)


CELLS_OUTSIDE = (  # cells reaching beyond the page's content column (cut off or scrolled sideways)
    "() => { const w = document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect().right; "
    "return Array.from(document.querySelectorAll('[data-testid=stTable] th, [data-testid=stTable] td'))"
    ".filter(c => c.getBoundingClientRect().right > w + 1 || c.scrollWidth > c.clientWidth + 1)"
    ".map(c => c.textContent.trim()); }"
)


def _tables(d: Driver, base: str) -> None:
    page = d.page
    page.goto(base)
    d.login("admin", PASSWORD)
    page.get_by_role("heading", name="Auswertung").wait_for()
    for link, must in [("Konten", "Ada Admin"), ("Leitfaden", "ja – für neue Interviews")]:
        if page.get_by_test_id("stExpandSidebarButton").is_visible():  # folded on a tablet
            page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
        page.get_by_role("heading", name=link).first.wait_for()
        d.settle()
        page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()  # the tablet's whole width
        d.settle()
        cell = page.get_by_test_id("stTable").get_by_text(must, exact=True)
        assert cell.count() == 1, link
        assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 820, (link, cell.bounding_box())
        assert page.evaluate(CELLS_OUTSIDE) == [], (link, page.evaluate(CELLS_OUTSIDE))
        d.shot(link.lower())


def test_tables_of_the_admin_pages_are_readable_on_a_tablet(server: str) -> None:  # noqa: F811
    """Accounts' names and the guide's "aktiv" stood outside an 820 px window (the data grid cut them)."""
    in_browser(_tables, server, ARTIFACTS / "tables", width=820, height=1100)


FOCUSED = (  # what a screen reader names the focused element by: its label, else its text
    "() => { const e = document.activeElement; if (!e) return ''; "
    "const l = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) "
    "|| e.innerText.trim().split('\\n').pop() || e.outerHTML.slice(0, 200); return l.trim(); }"
)


def _privacy_tab_order(d: Driver, base: str) -> list[str]:
    page = d.page
    page.goto(base)
    d.login("admin", PASSWORD)
    page.get_by_role("heading", name="Auswertung").wait_for()
    if page.get_by_test_id("stExpandSidebarButton").is_visible():  # folded on a tablet
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Datenschutz").click()
    page.get_by_role("heading", name="Datenschutz").first.wait_for()
    d.settle()
    page.get_by_label("Familienname").click()
    seen = [page.evaluate(FOCUSED)]
    while seen[-1] != "Suchen" and len(seen) < 10:
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    d.shot("datenschutz")
    return seen


@pytest.mark.parametrize("width", [1280, 820])
def test_the_data_protection_search_is_tabbed_through_in_reading_order(server: str, width: int) -> None:  # noqa: F811
    """Family name, given names, date of birth, then "Suchen": Tab follows the order the form is read in,
    on a desktop and on a tablet (issue 16, keyboard and focus). Streamlit's date field is segmented:
    day, month, year and its calendar button are a tab stop each (typing the digits moves on by itself)."""
    admin = store.authenticate("admin", PASSWORD)
    store.set_data_protection(admin, admin.id, True)
    seen: list[str] = []
    in_browser(
        lambda d, base: seen.extend(_privacy_tab_order(d, base)),
        server,
        ARTIFACTS / f"privacy-{width}",
        width=width,
        height=1000,
    )
    date = ["Tag, Geburtsdatum", "Monat, Geburtsdatum", "Jahr, Geburtsdatum", "Datum auswählen"]
    assert seen == ["Familienname", "Vornamen", *date, "Suchen"], seen
