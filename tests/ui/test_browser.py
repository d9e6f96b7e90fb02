"""A real browser against the real server: log in as an interviewer, create a learner, go through
the whole guide, reload mid-interview and find every answer again, submit. Screenshots of every
step go to test-artifacts/browser/; a failure names the screenshot of the moment it failed."""

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

from questionnaire import active_guide
from tests.browser_support import (
    CHROMIUM_ARGS,
    Driver,
    Filled,
    at_key,
    fill_section,
    free_port,
    shows,
    type_date,
)
from tests.ui.conftest import PASSWORD, ROOT, seed_cast, use_database

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "browser"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    use_database(monkeypatch, url)
    seed_cast(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            raise AssertionError("streamlit did not become healthy: " + (tmp_path / "server.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _run(d: Driver, base: str) -> None:
    guide = active_guide()
    page = d.page
    # the address of the start page, opened in a new tab: the login form, not "Page not found"
    page.goto(f"{base}/start")
    d.settle()
    d.shot("anmelden")
    assert page.get_by_text("Page not found").count() == 0, d.shot("page_not_found")
    d.login("ina", PASSWORD)
    page.get_by_role("heading", name="Meine Interviews").wait_for()
    d.shot("start")
    page.get_by_role("link", name="Neues Interview beginnen").click()
    d.settle()
    page.get_by_label("Familienname").fill("Haddad")
    page.get_by_label("Vorname(n)").fill("Amal")
    type_date(page, page.locator(at_key("new.birth")), "02031991")
    page.locator(at_key("new.processing")).locator("label").first.click()
    page.locator(at_key("new.language")).click()
    page.keyboard.type("Arabisch")
    page.keyboard.press("Enter")
    d.shot("neue_person")
    page.get_by_role("button", name="Person anlegen und Interview beginnen").click()
    d.settle()
    page.wait_for_url("**/interview?id=*")
    d.interview_id = page.url.rsplit("id=", 1)[1].split("&")[0]

    by_title = {s.title["de"]: s for s in guide.sections}
    filled: list[Filled] = []
    reloaded = False
    for _ in range(20):
        if page.get_by_role("heading", name="Niveau je Fertigkeit").count():
            break
        section = by_title[d.current_section()]
        filled += fill_section(d, guide, section)
        d.shot(section.id)
        if section.id == "languages" and not reloaded:
            reloaded = True
            page.reload()
            d.settle()
            d.login("ina", PASSWORD)  # a new session: the address brings the interview back after login
            assert d.current_section() == section.title["de"], d.current_section()
            for item in filled:
                if item.section != section.id:
                    d.open_step(by_title_id(guide, item.section))
                shown = d.widget(item.section, item.question)
                assert shows(d, item), f"after reload: {item}, shown: {shown.inner_html()[:3000]}"
                if item.section != section.id:
                    d.open_step(section.title["de"])
            d.shot("nach_neu_laden")
        page.get_by_role("button", name="Weiter").click()
        d.wait_for_section(section.title["de"], changed=True)
    else:
        raise AssertionError("the summary was never reached")

    assessment = next(s for s in guide.sections if s.id == "assessment")
    fill_section(d, guide, assessment)
    d.shot("zusammenfassung")
    page.get_by_role("button", name="Einreichen").click()
    page.get_by_role("button", name="Ja, einreichen").click()  # the confirmation
    d.settle()
    page.get_by_text("Das Interview wurde eingereicht").wait_for()
    d.shot("eingereicht")


def by_title_id(guide: Any, section_id: str) -> str:
    return str(next(s.title["de"] for s in guide.sections if s.id == section_id))


def test_interviewer_runs_the_whole_guide_in_a_real_browser(server: str) -> None:
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (apt-get install chromium)"
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1200}, locale="de-DE")
        page.set_default_timeout(45_000)  # a loaded 2-core machine reruns slowly; still bounded
        driver = Driver(page, ARTIFACTS)
        try:
            _run(driver, server)
        except BaseException as exc:
            shot = driver.shot("fehler")
            raise AssertionError(f"{exc} — screenshot of the failure: {shot}") from exc
        finally:
            browser.close()
    assert time.monotonic() - started < 180
    import store

    interviews = store.list_my_interviews(store.authenticate("ina", PASSWORD), status="submitted")
    assert [i.learner_name for i in interviews] == ["Haddad, Amal"]
