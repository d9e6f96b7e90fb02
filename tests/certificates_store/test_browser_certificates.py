"""The certificates page in a real browser (Debian's Chromium against ``streamlit run``), issue 16 item 8:
the "noch nicht gedruckt" filter, the search that opens one certificate, marking it printed and handed
out, the legend of the short skill names, and the link to the interview. Screenshots at 1280 and 820 px
go to test-artifacts/certificates/."""

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
from settings import ROOT, get_settings
from store import db as store_db
from store.certificate_lists import list_certificates
from store.issuing import issue_certificate, record_printed
from tests.browser_support import CHROMIUM_ARGS, free_port
from tests.certificates_store.conftest import PUBLIC_URL, SECRET, common_answers

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "richtig-langes-passwort"
ARTIFACTS = ROOT / "test-artifacts" / "certificates"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, object]]:
    """Three issued certificates (the first already printed), one approved interview waiting, a server."""
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    url = f"sqlite:///{tmp_path / 'app.db'}"
    saved = {k: os.environ.get(k) for k in ("SECRET_KEY", "PUBLIC_URL")}
    os.environ.update(SECRET_KEY=SECRET, PUBLIC_URL=PUBLIC_URL)
    get_settings.cache_clear()
    store_db.migrate(url)
    store_db.configure(url)
    try:
        admin = store.create_first_admin("admin", PASSWORD, "Ada Admin")
        provider = store.create_provider(admin, "VHS Musterstadt", "Am Markt 1")
        store.create_user(admin, "ina", PASSWORD, "interviewer", provider.id, "Ina")
        store.create_user(admin, "beratung", PASSWORD, "counselor", None, "Frau Demir")
        ina, counselor = store.authenticate("ina", PASSWORD), store.authenticate("beratung", PASSWORD)
        issued = []
        for family, given in (("Dvořák", "Jiří"), ("Kowalczyk", "Łukasz"), ("Petrenko", "Olena"), ("Haddad", "Omar")):
            learner = store.create_learner(
                ina, family, given, "1991-03-14", processing_consent=True, sharing_consent=True
            )
            iv = store.start_interview(ina, learner.id, guide_id="sprachstand", guide_version=1)
            iv = store.submit(ina, iv.id, iv.lock_version, answers=common_answers(family, given, "1991-03-14"))
            iv = store.approve(counselor, iv.id)
            if family != "Haddad":  # Haddad waits for the certificate
                issued.append(issue_certificate(counselor, iv.id)[0])
        record_printed(counselor, issued[0].id)
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PUBLIC_URL": PUBLIC_URL}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        yield {"base": base, "url": url, "issued": issued}
    finally:
        server.terminate()
        server.wait(timeout=20)


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(300)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=60_000)
    page.wait_for_timeout(200)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_not_printed_filter_search_mark_printed_and_open_the_interview(world: dict[str, object]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = str(world["base"])
    issued: list[store.CertificateView] = world["issued"]  # type: ignore[assignment]
    expect.set_options(timeout=45_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width in (1280, 820):
            page = browser.new_page(viewport={"width": width, "height": 1000}, locale="de-DE")
            page.set_default_timeout(45_000)
            page.goto(f"{base}/bescheinigungen")
            _idle(page)
            page.get_by_label("Benutzername").fill("beratung")
            page.get_by_label("Passwort", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            _idle(page)
            expect(page.get_by_role("heading", name="Bescheinigungen", exact=True)).to_be_visible()
            expect(page.get_by_text("Niveaus: Hö = Hören", exact=False)).to_be_visible()  # the legend
            expect(page.get_by_role("link", name="Interview Nr.")).to_have_count(1)  # Haddad's, waiting
            _shot(page, f"ausstellen-{width}")

            page.get_by_role("tab", name="Ausgestellt").click()
            _idle(page)
            page.get_by_text("Noch nicht gedruckt", exact=True).first.click()
            _idle(page)
            not_printed = 2 if width == 1280 else 1  # the 1280 run marks one printed
            expect(page.get_by_text(f"{not_printed} Bescheinigung", exact=False).first).to_be_visible()
            _shot(page, f"ausgestellt-nicht-gedruckt-{width}")

            target = issued[2] if width == 1280 else issued[1]
            search = page.get_by_label("Suche: Name, Bescheinigungs- oder Interview-Nr.")
            search.fill(target.number.lower())
            search.press("Enter")
            _idle(page)
            expect(page.get_by_text(f"{target.number} – ", exact=False)).to_be_visible()
            expect(page.get_by_text("Noch nicht gedruckt", exact=True).last).to_be_visible()
            _shot(page, f"ausgestellt-gefunden-{width}")
            page.get_by_role("button", name="Als gedruckt vermerken").click()
            _idle(page)
            expect(page.get_by_text(f"{target.number} als gedruckt vermerkt.")).to_be_visible()
            # printed now: no longer among "noch nicht gedruckt"; under "Alle" it opens again
            expect(page.get_by_text("Keine Bescheinigung passt zu dieser Suche.")).to_be_visible()
            page.get_by_text("Alle", exact=True).first.click()
            _idle(page)
            expect(page.get_by_text("Gedruckt am", exact=False).first).to_be_visible()
            if width == 1280:
                page.get_by_role("button", name="Aushändigung eintragen").click()
                _idle(page)
                expect(page.get_by_text("Aushändigung am", exact=False).first).to_be_visible()
                expect(page.get_by_text("eingetragen von Frau Demir", exact=False)).to_be_visible()
            _shot(page, f"ausgestellt-vermerkt-{width}")

            page.get_by_role("tab", name="Sammeldruck").click()
            _idle(page)
            left = 1 if width == 1280 else 0  # what the 1280 run left unprinted
            if left:
                expect(page.get_by_text("1 gültige Bescheinigung ist noch nicht gedruckt.")).to_be_visible()
            else:
                expect(page.get_by_text("Alle gültigen Bescheinigungen sind gedruckt.")).to_be_visible()
            _shot(page, f"sammeldruck-{width}")
            page.get_by_role("tab", name="Ausgestellt").click()
            _idle(page)
            page.get_by_role("link", name=f"Interview Nr. {target.interview_id} öffnen").click()
            _idle(page)
            expect(page.get_by_text("Zur Prüfliste")).to_be_visible()  # the counseling office's review page
            assert f"id={target.interview_id}" in page.url
            _shot(page, f"interview-{width}")
            page.close()
        browser.close()

    store_db.configure(str(world["url"]))
    try:
        counselor = store.authenticate("beratung", PASSWORD)
        rows = {r.number: r for r in list_certificates(counselor)}
    finally:
        store_db.configure(None)
    assert all(r.printed_at is not None for r in rows.values())
    assert rows[issued[2].number].handed_out_by == "Frau Demir"
