"""City sign-on in a real browser against a real OpenID Connect provider (PyPI ``oidc-provider-mock``,
a local server: nothing inside the app is mocked). The app runs as ./run.sh starts it, configured by a
secrets file like ``.streamlit/secrets.toml``.

An identity the admin linked signs in as that account, stays signed in on reload, and a logout ends it
(Streamlit's own identity cookie does not sign anyone in again); an identity nobody linked gets a
German message and no account. Screenshots: test-artifacts/browser-sign-on/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from store import sign_on
from tests.browser_support import CHROMIUM_ARGS, Driver, free_port, wait_until
from tests.ui.conftest import ROOT, seed_cast, use_database

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "browser-sign-on"
SUBJECT = "ina.interview@musterstadt.example"


@pytest.fixture
def app_with_sign_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from oidc_provider_mock import run_server_in_thread

    url = f"sqlite:///{tmp_path / 'sign_on.db'}"
    use_database(monkeypatch, url)
    cast = seed_cast(url)
    sign_on.link_sign_on(cast.admin, cast.interviewer.id, SUBJECT)
    port = free_port()
    with run_server_in_thread() as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "ein-langer-zufaelliger-wert-nur-fuer-diesen-test"\n'
            'client_id = "sprachstand"\n'
            'client_secret = "geheim-fuer-den-test"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        console = (tmp_path / "console.log").open("w")
        command = [sys.executable, "-m", "streamlit", "run", "asgi_app.py", "--server.headless", "true"]
        command += ["--server.port", str(port), "--server.fileWatcherType", "none", "--secrets.files", str(secrets)]
        env = {**os.environ, "DATABASE_URL": url}
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=console, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(160):
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:  # noqa: S310
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.25)
            else:
                raise AssertionError("the app did not become healthy: " + (tmp_path / "console.log").read_text())
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            console.close()


def _sign_on_as(d: Driver, subject: str) -> None:
    page = d.page
    page.get_by_role("button", name="Mit dem Konto der Stadt anmelden").click()
    page.locator("input[name=sub]").wait_for()  # the identity provider's own page
    d.shot("anmeldedienst")
    page.locator("input[name=sub]").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("http://127.0.0.1:*/**")
    d.settle()


def _flow(d: Driver, base: str) -> None:
    page = d.page
    page.goto(base)
    d.settle()
    _sign_on_as(d, SUBJECT)
    page.get_by_text("Angemeldet: Ina").wait_for()
    page.get_by_role("heading", name="Meine Interviews").wait_for()
    d.shot("angemeldet_ueber_die_stadt")
    assert not [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
    page.reload()
    d.settle()
    page.get_by_text("Angemeldet: Ina").wait_for()
    page.get_by_role("button", name="Abmelden", exact=True).click()
    page.get_by_label("Benutzername").wait_for()
    page.reload()
    d.settle()
    assert wait_until(lambda: page.get_by_label("Benutzername").count() == 1, seconds=10)
    assert page.get_by_text("Angemeldet: Ina").count() == 0, d.shot("nach_abmelden_wieder_angemeldet")
    # an identity nobody linked: no account, a German message
    _sign_on_as(d, "fremd@musterstadt.example")
    page.get_by_text("keinem Sprachstand-Konto zugeordnet").wait_for()
    assert page.get_by_text("Angemeldet:").count() == 0
    d.shot("nicht_zugeordnet")


def test_city_sign_on_signs_in_the_linked_account_only(app_with_sign_on: str) -> None:
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page: Any = browser.new_context(viewport={"width": 1100, "height": 900}, locale="de-DE").new_page()
        page.set_default_timeout(45_000)
        driver = Driver(page, ARTIFACTS)
        try:
            _flow(driver, app_with_sign_on)
        except BaseException as exc:
            shot = driver.shot("fehler")
            raise AssertionError(f"{exc} — screenshot of the failure: {shot}") from exc
        finally:
            browser.close()
