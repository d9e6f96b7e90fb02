"""A real browser on a tablet-sized window: what an interviewer sees when moving through long steps.

Review 3 (26 Nov 2026): a select box's filter without a match said "No results"; "Weiter" at the
bottom of a long can-do step opened the next step at its bottom (Streamlit keeps the scroll
position), "Entwurf speichern" confirmed at the top of the page, out of sight, and a checkbox
reached with the Tab key had no visible focus ring."""

from __future__ import annotations

import pytest

import store
from tests.browser_support import Driver, at_key, drive_interview
from tests.ui.conftest import PASSWORD, ROOT
from tests.ui.test_browser import server  # noqa: F401  (the fixture: a real server on a fresh database)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "browser-steps"
LISTENING = "Selbsteinschätzung: Hören"
READING = "Selbsteinschätzung: Lesen"
LANGUAGES = "Sprachen und Schrift"
CHECKED = (
    "e => { const i = e.querySelector('input:checked'); return i ? i.closest('label').textContent.trim() : null; }"
)
SCROLL_TOP = (
    "Math.max(document.scrollingElement.scrollTop, ...['[data-testid=stMain]', "
    "'[data-testid=stAppScrollToBottomContainer]'].map(s => document.querySelector(s)).filter(Boolean)"
    ".map(e => e.scrollTop))"
)


def _run(d: Driver, base: str) -> None:
    page = d.page
    page.goto(f"{base}/interview?id={d.interview_id}")
    page.get_by_label("Benutzername").wait_for()
    d.login("ina", PASSWORD)

    # a select box's filter that matches nothing says so in German (Streamlit's text is English)
    d.widget("personal", "nationality").click()
    page.keyboard.type("xyzxyz")
    empty = page.locator("[role=listbox][data-empty=true] span")
    empty.wait_for(state="attached")
    shown = empty.evaluate("e => [getComputedStyle(e, '::after').content, getComputedStyle(e).visibility]")
    assert shown == ['"Keine Treffer"', "hidden"], shown  # Streamlit's "No results" is hidden, also from screen readers
    page.keyboard.press("Escape")
    d.settle()

    d.open_step(LISTENING)

    # "Weiter" at the bottom of the long step: the next step opens at its top
    weiter = page.locator(at_key(f"{d.interview_id}.__next")).get_by_role("button")
    weiter.scroll_into_view_if_needed()
    assert page.evaluate(SCROLL_TOP) > 1000, "the step should be long enough to scroll"
    weiter.click()
    d.wait_for_section(READING)
    assert page.evaluate(SCROLL_TOP) == 0, page.evaluate(SCROLL_TOP)
    assert page.get_by_role("heading", name=READING).is_visible()
    page.screenshot(path=str(d.artifacts / "lesen_von_oben.png"))

    # a tick further down does not move the page
    box = page.locator("[data-testid=stCheckbox]").nth(12)
    box.scroll_into_view_if_needed()
    before = page.evaluate(SCROLL_TOP)
    box.locator("label").click()
    d.settle()
    assert abs(page.evaluate(SCROLL_TOP) - before) < 50, (before, page.evaluate(SCROLL_TOP))

    # the keyboard focus on a checkbox is drawn as a ring (3 px, the primary colour)
    page.locator("[data-testid=stCheckbox] input").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = page.evaluate(
        "() => { const i = document.activeElement; const l = i && i.closest('label');"
        " return l ? getComputedStyle(l).outlineWidth + ' ' + getComputedStyle(l).outlineStyle : 'none'; }"
    )
    assert outline == "3px solid", outline

    # "Entwurf speichern" at the bottom: the confirmation is a toast, seen where the button is
    save = page.locator(at_key(f"{d.interview_id}.__save")).get_by_role("button")
    save.scroll_into_view_if_needed()
    save.click()
    toast = page.get_by_test_id("stToast").filter(has_text="Entwurf gespeichert.")
    toast.wait_for()
    assert toast.is_visible()
    page.screenshot(path=str(d.artifacts / "entwurf_gespeichert.png"))


def _run_removal(d: Driver, base: str) -> None:
    """Removing the first of two languages: the remaining one keeps its own level in the browser and in
    the store (widgets are keyed by position; the browser must be told the moved values)."""
    page = d.page
    page.goto(f"{base}/interview?id={d.interview_id}")
    page.get_by_label("Benutzername").wait_for()
    d.login("ina", PASSWORD)
    d.wait_for_section(LANGUAGES)
    level = d.widget("languages", "other_languages.0.other_language_level")
    assert level.evaluate(CHECKED) == "Grundkenntnisse", level.evaluate(CHECKED)
    page.get_by_role("button", name="Eintrag 1 entfernen").click()
    d.settle()
    assert level.evaluate(CHECKED) == "Muttersprache / wie Muttersprache", level.evaluate(CHECKED)
    page.locator(at_key(f"{d.interview_id}.__save")).get_by_role("button").click()
    d.settle()
    interviewer = store.authenticate("ina", PASSWORD)
    saved = store.get_interview_for(interviewer, int(d.interview_id)).answers["other_languages"]
    assert saved == [{"other_language": "am", "other_language_level": "native"}], saved


def test_removing_a_repeat_entry_keeps_the_next_entrys_answers(server: str) -> None:  # noqa: F811
    interviewer = store.authenticate("ina", PASSWORD)
    learner = store.create_learner(
        interviewer, "Gashi", "Arta", "1990-05-05", processing_consent=True, sharing_consent=True
    )
    view = store.start_interview(interviewer, learner.id, learner_language="de")
    answers = {
        **view.answers,
        "consent_processing": True,
        "consent_sharing": True,
        "other_languages": [
            {"other_language": "sq", "other_language_level": "basic"},
            {"other_language": "am", "other_language_level": "native"},
        ],
    }
    store.save_draft(interviewer, view.id, answers, "languages", view.lock_version)
    drive_interview(_run_removal, server, ROOT / "test-artifacts" / "browser-repeat", view.id, width=1000, height=1000)


def test_steps_open_at_their_top_and_saving_is_confirmed_in_view(server: str) -> None:  # noqa: F811
    interviewer = store.authenticate("ina", PASSWORD)
    learner = store.create_learner(
        interviewer, "Ahmadi", "Zahra", "1992-05-05", processing_consent=True, sharing_consent=True
    )
    view = store.start_interview(interviewer, learner.id, learner_language="fa")
    consents = {"consent_processing": True, "consent_sharing": True}
    store.save_draft(interviewer, view.id, {**view.answers, **consents}, "personal", view.lock_version)

    drive_interview(_run, server, ARTIFACTS, view.id, width=800, height=1100)  # a tablet
