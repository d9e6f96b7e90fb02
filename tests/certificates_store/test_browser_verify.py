"""The public verification page in a real browser (Debian's Chromium) against the whole app, not logged in."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

import store
from settings import ROOT, get_settings
from store import db as store_db
from store.issuing import issue_certificate, revoke_certificate
from tests.browser_support import CHROMIUM_ARGS, free_port
from tests.certificates_store.conftest import PUBLIC_URL, SECRET, common_answers

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "richtig-langes-passwort"


@dataclass
class App:
    base: str
    number: str
    code: str
    pdf: Path
    revoked_number: str
    revoked_code: str


def _issue_two(url: str, tmp: Path) -> tuple[store.CertificateView, store.CertificateView, Path]:
    store_db.configure(url)
    try:
        admin = store.create_first_admin("admin", PASSWORD, "Ada Admin")
        provider = store.create_provider(admin, "VHS Musterstadt", "Am Markt 1")
        store.create_user(admin, "ina", PASSWORD, "interviewer", provider.id, "Ina")
        store.create_user(admin, "beratung", PASSWORD, "counselor", None, "Bera Tung")
        ina, counselor = store.authenticate("ina", PASSWORD), store.authenticate("beratung", PASSWORD)
        issued = []
        for family, given in (("Dvořák", "Jiří"), ("Kowalczyk", "Łukasz")):
            learner = store.create_learner(
                ina, family, given, "1991-03-14", processing_consent=True, sharing_consent=True
            )
            iv = store.start_interview(ina, learner.id, guide_id="sprachstand", guide_version=1)
            iv = store.submit(ina, iv.id, iv.lock_version, answers=common_answers(family, given, "1991-03-14"))
            iv = store.approve(counselor, iv.id)
            issued.append(issue_certificate(counselor, iv.id))
        revoke_certificate(counselor, issued[1][0].id, "Prüfung wiederholt")
    finally:
        store_db.configure(None)
    pdf = tmp / "bescheinigung.pdf"
    pdf.write_bytes(issued[0][1])
    return issued[0][0], issued[1][0], pdf


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    tmp = tmp_path_factory.mktemp("verify_browser")
    url = f"sqlite:///{tmp / 'app.db'}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PUBLIC_URL": PUBLIC_URL}
    env["VERIFY_ATTEMPTS_PER_MINUTE"] = "1000"
    saved = {k: os.environ.get(k) for k in ("SECRET_KEY", "PUBLIC_URL")}
    os.environ.update(SECRET_KEY=SECRET, PUBLIC_URL=PUBLIC_URL)
    get_settings.cache_clear()
    try:
        store_db.migrate(url)
        valid, revoked, pdf = _issue_two(url, tmp)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        store_db.dispose_engine(url)
    port = free_port()
    log = (tmp / "streamlit.log").open("wb")
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError("streamlit did not start")
            time.sleep(0.3)
        yield App(base, valid.number, valid.verification_code, pdf, revoked.number, revoked.verification_code)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def page(app: App) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=45_000)  # a loaded 2-core test machine renders slowly; still bounded
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        new_page = browser.new_page(viewport={"width": 1000, "height": 1400})
        new_page.set_default_timeout(45_000)
        yield new_page
        browser.close()


def _settled(page: object) -> None:
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)  # type: ignore[attr-defined]


def _open(page: object, address: str) -> None:
    """Opens the address and waits until the verification page has been rendered by the server (the
    script state reads notRunning before the first run too, so the heading is waited for)."""
    page.goto(address)  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name="Bescheinigung prüfen")).to_be_visible()  # type: ignore[attr-defined]
    _settled(page)


def _check(page: object, app: App, number: str, code: str) -> None:
    _open(page, f"{app.base}/pruefen")
    for label, value in (("Bescheinigungsnummer", number), ("Prüfcode", code)):
        field = page.get_by_label(label)  # type: ignore[attr-defined]
        field.fill(value)
        expect(field).to_have_value(value)  # not reset by a late rerun before the form is sent
    page.get_by_role("button", name="Prüfen", exact=True).click()  # type: ignore[attr-defined]
    _settled(page)


def _visible(page: object, text: str) -> None:
    """``text`` becomes visible; a failure says what the page showed instead."""
    try:
        expect(page.get_by_text(text, exact=False)).to_be_visible()  # type: ignore[attr-defined]
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nthe page shows: {page.inner_text('body')}") from exc  # type: ignore[attr-defined]


def test_typed_number_and_code_show_the_valid_certificate_without_login(app: App, page: object) -> None:
    _check(page, app, app.number.lower(), app.code.replace("-", " "))
    _visible(page, "Ergebnis: gültig")
    expect(page.get_by_role("cell", name="Dvořák")).to_be_visible()
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Dvořák" in body and "Jiří" in body and "14.03.1991" in body
    assert "Anmelden" not in body  # public: no login form
    page.screenshot(path=str(app.pdf.parent / "verify-valid.png"), full_page=True)  # type: ignore[attr-defined]


def test_revoked_certificate_is_shown_as_revoked_with_reason(app: App, page: object) -> None:
    _check(page, app, app.revoked_number, app.revoked_code)
    _visible(page, "Prüfung wiederholt")
    text = page.get_by_test_id("stAlert").first.inner_text()  # type: ignore[attr-defined]
    assert "widerrufen" in text and "Prüfung wiederholt" in text
    assert "Kowalczyk" not in page.inner_text("body")  # type: ignore[attr-defined]


def test_uploaded_pdf_is_recognised_as_unaltered(app: App, page: object) -> None:
    _open(page, f"{app.base}/pruefen")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(app.pdf))  # type: ignore[attr-defined]
    _settled(page)
    page.get_by_role("button", name="PDF prüfen").click()  # type: ignore[attr-defined]
    _visible(page, "Datei unverändert")
    _visible(page, "Ergebnis: gültig")
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Datei unverändert" in body and "Ergebnis: gültig" in body


def test_qr_link_opens_the_checked_result(app: App, page: object) -> None:
    _open(page, f"{app.base}/?verify={app.number}&code={app.code}")
    _visible(page, "Ergebnis: gültig")
    expect(page.get_by_role("cell", name="Dvořák")).to_be_visible()
    body = page.inner_text("body")  # type: ignore[attr-defined]
    page.screenshot(path=str(app.pdf.parent / "verify-qr.png"), full_page=True)  # type: ignore[attr-defined]
    assert "Ergebnis: gültig" in body and "Dvořák" in body and "Anmelden" not in body, body


def test_qr_link_to_the_check_page_address_opens_the_result_without_an_error(app: App, page: object) -> None:
    # PUBLIC_URL may be configured as ".../pruefen" (the settings page and the docs allow it)
    _open(page, f"{app.base}/pruefen?verify={app.number}&code={app.code}")
    _visible(page, "Ergebnis: gültig")
    # the table is drawn after the result box: wait for it (on a busy machine the body was read between)
    expect(page.get_by_role("cell", name="Dvořák")).to_be_visible()
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Page not found" not in body and "Dvořák" in body, body
