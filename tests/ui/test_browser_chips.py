"""A real browser: after "Weiter" is refused on a step, ONE click on a step chip opens that step.

Review 2, A1: on step 5 with a certificate dated in the future, "Weiter" was refused (correct), and the
next chip click was lost. Streamlit's fast reruns let the run started by leaving the date field still
save in its thread while the "Weiter" run saved too; the session then conflicted with itself and every
chip click switched the page back to step 5. The race is timing-dependent, so the sequence is repeated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import store
from tests.browser_support import Driver, at_key, drive_interview
from tests.ui.conftest import PASSWORD, ROOT
from tests.ui.test_browser import server  # noqa: F401  (the fixture: a real server on a fresh database)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "browser-chips"
COURSES = "Bisherige Deutschkurse und Zertifikate"
TARGET = "Selbsteinschätzung: An Gesprächen teilnehmen"
ROUNDS = 3


def _certificate_date(d: Driver) -> Any:
    return d.page.locator(f'[class*="st-key-{d.interview_id}-german_courses-certificates"][class*="certificate_date"]')


def _chip(d: Driver, title: str) -> None:
    d.page.locator(at_key(f"{d.interview_id}.__nav")).get_by_text(title, exact=False).first.click()


def _run(d: Driver, base: str) -> None:
    page = d.page
    page.goto(f"{base}/interview?id={d.interview_id}")
    page.get_by_label("Benutzername").wait_for()
    d.login("ina", PASSWORD)
    _chip(d, f"5. {COURSES}")
    d.wait_for_section(COURSES)
    if _certificate_date(d).count() == 0:
        page.locator(at_key(f"{d.interview_id}.german_courses.certificates.__add")).locator("button").click()
        d.settle()
    # an exam date in the future, typed and left by clicking "Weiter" (as a person does)
    _certificate_date(d).first.get_by_role("spinbutton").first.click()
    page.keyboard.type("15032030")
    for round_ in range(ROUNDS):
        page.locator(at_key(f"{d.interview_id}.__next")).get_by_role("button").click()
        d.settle()
        page.get_by_text("Bitte ergänzen oder korrigieren Sie die markierten Angaben").wait_for()
        assert d.current_section() == COURSES, d.shot(f"weiter_nicht_verweigert_{round_}")
        page.get_by_text("Das Datum darf nicht in der Zukunft liegen").first.wait_for()
        d.shot(f"verweigert_{round_}")
        # ONE click on a chip; wait_for_section only waits, it never clicks again
        _chip(d, "8. An Gesprächen teilnehmen")
        try:
            d.wait_for_section(TARGET)
        except AssertionError as exc:
            raise AssertionError(f"round {round_ + 1}: one chip click did not open step 8: {exc}") from exc
        assert page.get_by_text("wurde inzwischen von").count() == 0, d.shot(f"konflikt_{round_}")
        _chip(d, f"5. {COURSES}")
        d.wait_for_section(COURSES)


def test_one_chip_click_after_a_refused_weiter_opens_the_step(server: str) -> None:  # noqa: F811
    interviewer = store.authenticate("ina", PASSWORD)
    learner = store.create_learner(
        interviewer, "Ahmadi", "Zahra", "1992-05-05", processing_consent=True, sharing_consent=True
    )
    interview_id = store.start_interview(
        interviewer, learner.id, learner_language="fa", guide_id="sprachstand", guide_version=1
    ).id

    drive_interview(_run, server, Path(ARTIFACTS), interview_id, width=1024, height=900)  # the reviewer's tablet
