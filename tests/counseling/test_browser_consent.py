"""Issue 16, hole 2 in a real browser: the interviewer records on the interview's page that the learner
withdrew the consent to sharing (signed form, with a note); it takes effect at once — the
counseling office's queue no longer has the interview, and the page says the lead reviews it now."""

from __future__ import annotations

import shutil

import pytest

import store
from store import db as store_db
from tests.browser_support import CHROMIUM_ARGS
from tests.counseling.conftest import PASSWORD
from tests.counseling.test_browser_review import _idle, _login, _shot, world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_sharing_consent_withdrawn_on_the_record(world: dict[str, object]) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    base = str(world["base"])
    interview_id = int(world["interview_id"])  # type: ignore[call-overload]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        _login(page, base, "ina", "Meine Interviews")
        page.get_by_role("link", name="Ansehen").first.click()
        _idle(page)
        page.get_by_text("Einwilligungen", exact=True).click()
        _idle(page)
        page.get_by_text("widerrufen / nicht erteilt").click()
        page.get_by_label("Bemerkung (z. B. Name der Dolmetscherin)").fill("Dolmetscherin Frau Berisha")
        _shot(page, "30-einwilligung-widerrufen")
        page.get_by_role("button", name="Einwilligung speichern").click()
        _idle(page)
        expect(page.get_by_text("gilt ab sofort", exact=False).first).to_be_visible()
        expect(page.get_by_text("Prüfung durch die Trägerleitung").first).to_be_visible()
        _shot(page, "31-einwilligung-gespeichert")
        browser.close()
    store_db.configure(str(world["url"]))
    try:
        ina = store.authenticate("ina", PASSWORD)
        view = store.get_interview_for(ina, interview_id)
        assert view.shared is False
        last = store.consent_history(ina, view.learner.id)[-1]
        assert (last["purpose"], last["given"], last["method"], last["note"]) == (
            "sharing",
            False,
            "signed_paper",  # the form's first way (the AppTest chooses another)
            "Dolmetscherin Frau Berisha",
        )
        counselor = store.authenticate("beratung", PASSWORD)
        assert interview_id not in [r.id for r in store.review_queue(counselor)[0]]
    finally:
        store_db.configure(None)
