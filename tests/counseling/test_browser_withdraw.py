"""Issue 16, hole 3 in a real browser: the interviewer withdraws a submission the counseling office has
not opened yet ("Einreichung zurückziehen"); the interview is a draft again and leaves the queue."""

from __future__ import annotations

import shutil

import pytest

import store
from store import db as store_db
from tests.browser_support import CHROMIUM_ARGS
from tests.counseling.conftest import PASSWORD
from tests.counseling.test_browser_review import _idle, _login, _shot, world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_interviewer_withdraws_a_submission_not_yet_opened(world: dict[str, object]) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    base = str(world["base"])
    interview_id = int(world["interview_id"])  # type: ignore[call-overload]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        _login(page, base, "ina", "Meine Interviews")
        expect(page.get_by_text("Prüfung durch die Beratungsstelle").first).to_be_visible()
        page.get_by_role("link", name="Ansehen").first.click()
        _idle(page)
        _shot(page, "20-vor-dem-zurueckziehen")
        page.get_by_role("button", name="Einreichung zurückziehen").click()
        _idle(page)
        expect(page.get_by_text("Einreichung zurückgezogen", exact=False).first).to_be_visible()
        expect(page.get_by_role("link", name="Weiter bearbeiten")).to_be_visible()
        _shot(page, "21-zurueckgezogen")
        browser.close()
    store_db.configure(str(world["url"]))
    try:
        ina = store.authenticate("ina", PASSWORD)
        assert store.get_interview_for(ina, interview_id).status == "draft"
        counselor = store.authenticate("beratung", PASSWORD)
        assert interview_id not in [r.id for r in store.review_queue(counselor)[0]]
    finally:
        store_db.configure(None)
