"""Issue 16, hole 1 end to end in a real browser: an interview whose learner said "Nein" to sharing with
the counseling office (Krasniqi, Besa) is reviewed by the provider's lead — the interviewer reads
"Prüfung durch die Trägerleitung", the lead finds it under "Zu prüfen", approves it and gets the
certificate (auto-issue on). Screenshots go to test-artifacts/counseling/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import store
from store import db as store_db
from tests.browser_support import CHROMIUM_ARGS, free_port
from tests.counseling.conftest import PASSWORD, ROOT
from tests.counseling.test_browser_review import _idle, _login, _logout, _shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, object]]:
    if shutil.which("chromium") is None:
        pytest.skip("Debian-Paket chromium fehlt")
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    store_db.migrate(url)
    store_db.configure(url)
    try:
        from questionnaire import guide_by_version
        from questionnaire.samples import sample_answers

        admin = store.create_first_admin("admin", PASSWORD, "Ada Admin")
        provider = store.create_provider(admin, "VHS Musterstadt")
        store.create_user(admin, "beratung", PASSWORD, "counselor", None, "Frau Demir")
        store.create_user(admin, "ina", PASSWORD, "interviewer", provider.id, "Ina Interview")
        store.create_user(admin, "paula", PASSWORD, "provider_admin", provider.id, "Paula Leitung")
        store.set_app_setting(admin, "auto_issue_on_approve", True)
        ina = store.authenticate("ina", PASSWORD)
        answers = sample_answers(guide_by_version("sprachstand", 1), seed=3)  # version 1: consent to processing
        answers.update(
            consent_processing=True,
            consent_sharing=False,
            family_name="Krasniqi",
            given_names="Besa",
            birth_date="1993-02-11",
        )
        learner = store.create_learner(
            ina, "Krasniqi", "Besa", "1993-02-11", processing_consent=True, sharing_consent=False
        )
        iv = store.start_interview(ina, learner.id, guide_id="sprachstand", guide_version=1)
        iv = store.submit(ina, iv.id, iv.lock_version, answers=answers)
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "browser-test-secret-key-0123456789",
        "PUBLIC_URL": "https://sprachstand.example.de/pruefen",
    }
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
            "--server.headless", "true", "--server.port", str(port), "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("Der Streamlit-Server ist nicht gestartet.")
        yield {"base": base, "url": url, "interview_id": iv.id}
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_without_sharing_consent_the_lead_reviews_up_to_the_certificate(world: dict[str, object]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = str(world["base"])
    interview_id = int(world["interview_id"])  # type: ignore[call-overload]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)

        # 1. the interviewer reads who reviews, and is offered no decision
        _login(page, base, "ina", "Meine Interviews")
        expect(page.get_by_text("Prüfung durch die Trägerleitung").first).to_be_visible()
        _shot(page, "10-ohne-weitergabe-interviewerin")
        _logout(page)

        # 2. the lead finds it under "Zu prüfen", opens it, approves: the certificate is issued
        _login(page, base, "paula", "Meine Interviews")
        expect(
            page.get_by_role("heading", name="Zu prüfen – ohne Weitergabe an die Beratungsstelle (1)")
        ).to_be_visible()
        expect(page.get_by_text("Krasniqi, Besa").first).to_be_visible()
        _shot(page, "11-ohne-weitergabe-leitung-start")
        page.get_by_role("link", name="Prüfen").first.click()
        _idle(page)
        expect(page.get_by_role("heading", name="Prüfung durch die Trägerleitung")).to_be_visible()
        _shot(page, "12-ohne-weitergabe-leitung-pruefen")
        page.get_by_role("button", name="Freigeben").click()
        _idle(page)
        expect(page.get_by_text("freigegeben", exact=False).first).to_be_visible()
        expect(page.get_by_role("button", name="Bescheinigung", exact=False).first).to_be_visible()
        _shot(page, "13-ohne-weitergabe-bescheinigung")
        browser.close()

    store_db.configure(str(world["url"]))
    try:
        paula = store.authenticate("paula", PASSWORD)
        view = store.get_interview_for(paula, interview_id)
        assert view.status == "certificate_issued" and view.certificate_number
        counselor = store.authenticate("beratung", PASSWORD)
        assert interview_id not in [r.id for r in store.review_queue(counselor)[0]]
    finally:
        store_db.configure(None)
