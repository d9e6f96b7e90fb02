"""End to end in a real browser (Playwright + Debian's chromium) against a real ``streamlit run``:
the counselor returns an interview with a comment, the interviewer sees the comment, edits and
resubmits, the counselor approves (which issues the certificate, as the setting says), and the
certificate verifies as valid on the public page. Screenshots go to test-artifacts/counseling/.
"""

from __future__ import annotations

import os
import re
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

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts" / "counseling"
COMMENT = "Bitte die Einschätzung Lesen prüfen und die nächsten Schritte ergänzen."


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, object]]:
    """A database with one submitted interview on the common guide, and a running app server."""
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
        store.set_app_setting(admin, "auto_issue_on_approve", True)
        ina = store.authenticate("ina", PASSWORD)
        answers = sample_answers(guide_by_version("sprachstand", 1), seed=3)  # a version-1 interview
        answers.update(
            consent_processing=True,
            consent_sharing=True,
            family_name="Petrenko",
            given_names="Olena",
            birth_date="1988-05-17",
        )
        learner = store.create_learner(
            ina, "Petrenko", "Olena", "1988-05-17", processing_consent=True, sharing_consent=True
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
        "PUBLIC_URL": "https://sprachstand.example.de/pruefen",  # the check below uses the form at /pruefen
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


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(300)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=30_000)
    page.wait_for_timeout(200)


def _login(page, base: str, username: str, start: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base)
    _idle(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    _idle(page)
    # open the role's start page from the menu (after logging in on another role's address the shell
    # may still show that address's page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=start).click()
    _idle(page)


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Abmelden", exact=True).click()
    _idle(page)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_return_edit_resubmit_approve_verify(world: dict[str, object]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = str(world["base"])
    interview_id = int(world["interview_id"])  # type: ignore[call-overload]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)

        # 1. the counselor finds the interview in the queue and returns it with a comment
        _login(page, base, "beratung", "Prüfliste")
        expect(page.get_by_role("heading", name="Prüfliste")).to_be_visible()
        expect(page.get_by_text("Petrenko, Olena")).to_be_visible()
        _shot(page, "01-pruefliste")
        page.get_by_role("link", name="Prüfen").first.click()
        _idle(page)
        expect(page.get_by_role("heading", name="Interview prüfen")).to_be_visible()
        _shot(page, "02-pruefung")
        page.get_by_label("Kommentar für die Interviewerin/den Interviewer (Pflicht beim Zurückgeben)").fill(COMMENT)
        page.keyboard.press("Tab")
        _idle(page)
        page.get_by_role("button", name="Zurückgeben").click()
        _idle(page)
        expect(page.get_by_text(f"Interview Nr. {interview_id} an den Träger zurückgegeben.")).to_be_visible()
        _logout(page)

        # 2. the interviewer sees the comment on the start page, edits and resubmits
        _login(page, base, "ina", "Meine Interviews")
        expect(page.get_by_text(COMMENT)).to_be_visible()
        _shot(page, "03-interviewer-start")
        page.get_by_role("link", name="Überarbeiten").first.click()
        _idle(page)
        _shot(page, "03b-wizard")
        page.get_by_text(re.compile(r"\d+\. Zusammenfassung")).last.click()  # the last step (a pill)
        _idle(page)
        steps = page.get_by_label("Nächste Schritte (z. B. Anmeldung, Beratungstermin, Unterlagen)")
        steps.first.fill("Lesen mit der Lernenden erneut eingeschätzt; Anmeldung zum Integrationskurs.")
        page.keyboard.press("Tab")
        _idle(page)
        page.get_by_role("button", name="Einreichen").click()
        page.get_by_role("button", name="Ja, einreichen").click()  # the confirmation
        _idle(page)
        _shot(page, "04-wieder-eingereicht")
        _logout(page)
        store_db.configure(str(world["url"]))
        try:
            counselor = store.authenticate("beratung", PASSWORD)
            resubmitted = store.get_interview_for(counselor, interview_id)
            assert resubmitted.status == "submitted"
            assert "Anmeldung zum Integrationskurs" in resubmitted.answers["next_steps"]
        finally:
            store_db.configure(None)

        # 3. the counselor approves; the certificate is issued in the same step
        _login(page, base, "beratung", "Prüfliste")
        page.get_by_role("link", name="Prüfen").first.click()
        _idle(page)
        expect(page.get_by_role("heading", name="Interview prüfen")).to_be_visible()
        page.get_by_role("button", name="Freigeben").click()
        _idle(page)
        expect(page.get_by_text("freigegeben", exact=False).first).to_be_visible()
        _shot(page, "05-freigegeben")
        store_db.configure(str(world["url"]))
        try:
            view = store.get_interview_for(counselor, interview_id)
            assert view.status == "certificate_issued" and view.certificate_number
            status = store.certificate_status(counselor, view.certificate_number)
            assert status is not None
            code = status["verification_code"]
        finally:
            store_db.configure(None)
            store_db.dispose_engine(str(world["url"]))
        expect(page.get_by_text(f"Bescheinigung {view.certificate_number} ausgestellt.", exact=False)).to_be_visible()
        _logout(page)

        # 4. anyone checks the certificate on the public page, without logging in
        page.goto(f"{base}/pruefen")
        _idle(page)
        page.get_by_label("Bescheinigungsnummer").fill(view.certificate_number)
        page.get_by_label("Prüfcode").fill(code)
        page.get_by_role("button", name="Prüfen", exact=True).click()
        _idle(page)
        expect(page.get_by_text("Ergebnis: gültig.", exact=False)).to_be_visible()
        _shot(page, "06-pruefen-gueltig")
        browser.close()
