"""A real browser on a tablet-sized window: what an interviewer sees when moving through long steps,
and where the keyboard goes (after "Weiter" to the new step's heading; never into the folded menu).

Review 3 (26 Nov 2026): a select box's filter without a match said "No results"; "Weiter" at the
bottom of a long can-do step opened the next step at its bottom (Streamlit keeps the scroll
position), "Entwurf speichern" confirmed at the top of the page, out of sight, and a checkbox
reached with the Tab key had no visible focus ring. The learner, across the table, ticks a can-do
statement by tapping its text in their own language."""

from __future__ import annotations

import pytest

import store
from questionnaire import guide_by_version
from tests.browser_support import Driver, at_key, drive_interview, in_browser, wait_until
from tests.ui.conftest import PASSWORD, ROOT
from tests.ui.test_browser import server  # noqa: F401  (the fixture: a real server on a fresh database)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "browser-steps"
LISTENING = "Selbsteinschätzung: Hören"
READING = "Selbsteinschätzung: Lesen"
LANGUAGES = "Sprachen und Schrift"
TICKED = "() => Array.from(document.querySelectorAll('[data-testid=stCheckbox] input:checked')).length"
CHECKED = (
    "e => { const i = e.querySelector('input:checked'); return i ? i.closest('label').textContent.trim() : null; }"
)
MARK = "e => getComputedStyle(e, '::before').content"
BACKGROUND = "e => getComputedStyle(e).backgroundColor"
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
    # the keyboard starts the new step at its heading, not on a button of the step before
    focused = "() => { const e = document.activeElement; return e ? e.tagName + ':' + e.textContent.trim() : ''; }"
    assert wait_until(lambda: page.evaluate(focused) == f"H3:{READING}", 10), page.evaluate(focused)
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
    view = store.start_interview(
        interviewer, learner.id, learner_language="de", guide_id="sprachstand", guide_version=1
    )
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


def _consented_draft(family_name: str, given_names: str, language: str, section: str) -> int:
    """A draft of ina's with both consents given, saved at ``section`` (where the page opens)."""
    interviewer = store.authenticate("ina", PASSWORD)
    learner = store.create_learner(
        interviewer, family_name, given_names, "1990-05-05", processing_consent=True, sharing_consent=True
    )
    view = store.start_interview(
        interviewer, learner.id, learner_language=language, guide_id="sprachstand", guide_version=1
    )
    consents = {"consent_processing": True, "consent_sharing": True}
    store.save_draft(interviewer, view.id, {**view.answers, **consents}, section, view.lock_version)
    return view.id


def test_steps_open_at_their_top_and_saving_is_confirmed_in_view(server: str) -> None:  # noqa: F811
    interview_id = _consented_draft("Ahmadi", "Zahra", "fa", "personal")
    drive_interview(_run, server, ARTIFACTS, interview_id, width=800, height=1100)  # a tablet


def _saved_ticks(interview_id: str, question_id: str) -> list[str]:
    interviewer = store.authenticate("ina", PASSWORD)
    return list(store.get_interview_for(interviewer, int(interview_id)).answers.get(question_id) or [])


def _run_tap(d: Driver, base: str) -> None:
    """Tapping a statement's Arabic text ticks the checkbox above it, as a tap on the German label does."""
    page = d.page
    question = guide_by_version("sprachstand", 1).question("cando_listening_a1")
    statement = question.statements[2]
    page.goto(f"{base}/interview?id={d.interview_id}")
    page.get_by_label("Benutzername").wait_for()
    d.login("ina", PASSWORD)
    d.wait_for_section(LISTENING)

    def saved() -> list[str]:
        return _saved_ticks(d.interview_id, question.id)

    checkbox = d.widget("cando_listening", f"cando_listening_a1.{statement.id}").get_by_role("checkbox")
    # the checkbox's accessible name stays the German text alone; the Arabic text is its own block
    assert page.get_by_role("checkbox", name=statement.label["de"], exact=True).count() == 1
    learner = page.locator(".learner-label", has_text=statement.label["ar"])
    assert learner.count() == 1 and learner.get_attribute("lang") == "ar", learner.count()
    assert learner.evaluate("e => getComputedStyle(e).cursor") == "pointer"
    assert not checkbox.is_checked()
    assert learner.evaluate(MARK) == "none", learner.evaluate(MARK)

    # the level's question in Arabic is no statement: tapping it ticks nothing
    heading = page.locator(".learner-label", has_text=question.label["ar"])
    assert heading.evaluate("e => getComputedStyle(e).cursor") != "pointer"
    heading.click()
    d.settle()
    assert page.evaluate(TICKED) == 0, page.evaluate(TICKED)

    # selecting the text (e.g. to copy it) is no tap
    learner.scroll_into_view_if_needed()
    area = learner.bounding_box()
    assert area is not None
    page.mouse.move(area["x"] + 10, area["y"] + area["height"] / 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] - 10, area["y"] + area["height"] / 2, steps=5)
    page.mouse.up()
    assert page.evaluate("String(window.getSelection())"), "the drag should have selected text"
    d.settle()
    assert page.evaluate(TICKED) == 0, page.evaluate(TICKED)
    # a double click selects a word and leaves the box as it was (its first click ticked, the second takes it back)
    learner.dblclick()
    d.settle()
    assert page.evaluate("String(window.getSelection())"), "the double click should have selected a word"
    assert page.evaluate(TICKED) == 0, page.evaluate(TICKED)

    learner.click()
    d.settle()
    assert wait_until(checkbox.is_checked, seconds=10), "tapping the learner's text did not tick the checkbox"
    assert page.evaluate(TICKED) == 1, page.evaluate(TICKED)
    # the learner sees the tick where she looks: her text turns green with a check mark at its start
    assert "\u2713" in learner.evaluate(MARK), learner.evaluate(MARK)
    assert learner.evaluate(BACKGROUND) != heading.evaluate(BACKGROUND)
    d.shot("kann_aussage_angetippt")
    assert wait_until(lambda: saved() == [statement.id], seconds=15), saved()

    # after a reload (a new page: the tap works again) the tick is still there; a second tap takes it back
    page.reload()
    page.get_by_label("Benutzername").wait_for()
    d.login("ina", PASSWORD)
    d.wait_for_section(LISTENING)
    assert checkbox.is_checked()
    learner.click()
    d.settle()
    assert wait_until(lambda: not checkbox.is_checked(), seconds=10), "a second tap did not untick"
    assert wait_until(lambda: saved() == [], seconds=15), saved()

    # the next step sends the page's script again: a tap still ticks once (not once per script run)
    d.open_step(READING)
    reading = guide_by_version("sprachstand", 1).question("cando_reading_a1").statements[0]
    page.locator(".learner-label", has_text=reading.label["ar"]).click()
    d.settle()
    box = d.widget("cando_reading", f"cando_reading_a1.{reading.id}").get_by_role("checkbox")
    assert wait_until(box.is_checked, seconds=10), "a tap on the next step did not tick"
    assert wait_until(lambda: _saved_ticks(d.interview_id, "cando_reading_a1") == [reading.id], seconds=15)


def test_tapping_a_statements_learner_text_ticks_its_checkbox(server: str) -> None:  # noqa: F811
    interview_id = _consented_draft("Haddad", "Rami", "ar", "cando_listening")
    drive_interview(_run_tap, server, ROOT / "test-artifacts" / "browser-tap", interview_id, width=800, height=1100)


FOCUSED = (
    "() => { const e = document.activeElement; const r = e.getBoundingClientRect(); "
    "return [e.innerText || e.getAttribute('aria-label') || e.tagName, "
    "!!e.closest('[data-testid=stSidebar]'), Math.round(r.right)]; }"
)


def _run_keyboard(d: Driver, base: str) -> None:
    """On a tablet the menu is folded: Tab never reaches its invisible links (Enter on the invisible
    "Abmelden" logged out); unfolded, its links are reachable again."""
    page = d.page
    page.goto(base)
    d.login("ina", PASSWORD)
    page.get_by_role("heading", name="Meine Interviews").wait_for()
    d.settle()
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    hidden = [s for s in stops if s[1] or s[2] <= 0]
    assert not hidden, hidden  # nothing in the folded menu, nothing off screen
    assert not any("Link zu dieser Überschrift" in str(s[0]) for s in stops), stops  # no stop per heading
    page.evaluate("() => document.activeElement.blur()")  # the focused skip link lies over the button
    page.get_by_test_id("stExpandSidebarButton").click()
    d.settle()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Mein Konto").focus()
    assert page.evaluate(FOCUSED)[1], "an unfolded menu's links take the focus again"


def test_the_keyboard_never_lands_in_the_folded_menu(server: str) -> None:  # noqa: F811
    in_browser(_run_keyboard, server, ARTIFACTS / "keyboard", width=820, height=1100)
