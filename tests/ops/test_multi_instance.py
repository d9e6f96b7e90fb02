"""Two app instances behind Debian's nginx against one PostgreSQL database, driven by a real browser.

An interviewer logs in through nginx, starts an interview and fills its first half (consent to
education, saved with "Weiter"). The instance that served this browser (nginx's access log names it)
is then stopped. The interviewer opens the address again, lands on the other instance, still signed
in (the session cookie is resolved by any instance: both run asgi_app.py as ./run.sh does), finds the
draft exactly as saved (in the database and on the page), fills the second half and
submits. Screenshots go to test-artifacts/multi_instance/.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from settings import ROOT
from tests.browser_support import CHROMIUM_ARGS, Driver, Filled, at_key, fill_section, free_port
from tests.ops.nginx_conf import loopback_conf

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

PASSWORD = "Kastanie-Leuchtturm-Wolke-7"
ARTIFACTS = ROOT / "test-artifacts" / "multi_instance"


def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            if response.status == 200:
                return
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def ensure_postgres() -> None:
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0:
        return
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        pytest.skip("PostgreSQL is not installed")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"], check=False)
    for _ in range(30):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0:
            return
        time.sleep(1)
    pytest.skip("PostgreSQL did not start")


@dataclass
class Instance:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


@dataclass
class Cluster:
    url: str  # what the browser opens: nginx
    database_url: str
    instances: list[Instance]
    access_log: Path
    interviewer_id: int


@pytest.fixture()
def cluster(pg_url: str, tmp_path: Path) -> Iterator[Cluster]:
    ensure_postgres()
    import store
    from store import db as store_db

    store_db.migrate(pg_url)
    store_db.configure(pg_url)
    try:
        admin = store.create_first_admin("admin", "Leuchtturm-Kastanie-Wolke-42", "Ada Admin")
        provider = store.create_provider(admin, "VHS Musterstadt")
        ina = store.create_user(admin, "ina", PASSWORD, "interviewer", provider.id, "Ina Interviewer")
    finally:
        store_db.configure(None)
        store_db.dispose_engine(pg_url)

    env = {
        **os.environ,
        "DATABASE_URL": pg_url,
        "SECRET_KEY": "multi-instance-test-key-0123456789",
        "STREAMLIT_SERVER_COOKIE_SECRET": "multi-instance-cookie-secret-0123456789",
        "PYTHONUNBUFFERED": "1",
    }
    instances: list[Instance] = []
    nginx: subprocess.Popen[bytes] | None = None
    try:
        for _ in range(2):
            port = free_port()
            log = tmp_path / f"streamlit-{port}.log"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "asgi_app.py",
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                    "--server.fileWatcherType",
                    "none",
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=ROOT,
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
            instances.append(Instance(port, process, log))
        for instance in instances:
            wait_http(f"http://{instance.address}/_stcore/health")
        listen = free_port()
        prefix = tmp_path / "nginx"
        conf = loopback_conf(prefix, listen, [i.port for i in instances])
        nginx = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=(prefix / "logs" / "stderr.log").open("wb"),
        )
        wait_http(f"http://127.0.0.1:{listen}/_stcore/health")
        yield Cluster(f"http://127.0.0.1:{listen}/", pg_url, instances, prefix / "logs" / "access.log", ina.id)
    finally:
        if nginx is not None:
            nginx.terminate()
            try:
                nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                nginx.kill()
        for instance in instances:
            instance.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for path in [*tmp_path.glob("streamlit-*.log"), *tmp_path.glob("nginx/logs/*.log")]:
            shutil.copy(path, ARTIFACTS / path.name)


# --- browser helpers ----------------------------------------------------------------------------


def idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(350)  # let the rerun start
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30_000)


def log_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base)
    idle(page)
    page.get_by_label("Benutzername").fill("ina")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Meine Interviews").wait_for(timeout=30_000)
    idle(page)


def served_by(cluster: Cluster, route: str) -> set[str]:
    """The upstream addresses nginx used for this browser's routing key (its access log)."""
    text = cluster.access_log.read_text() if cluster.access_log.exists() else ""
    return {m.group(1) for m in re.finditer(rf"upstream=(\S+) route={re.escape(route)}$", text, re.MULTILINE)}


def stored_interview(cluster: Cluster, interview_id: int):  # type: ignore[no-untyped-def]
    import store
    from store import db as store_db

    store_db.configure(cluster.database_url)
    try:
        return store.get_interview_for(store.get_actor(cluster.interviewer_id), interview_id)
    finally:
        store_db.configure(None)
        store_db.dispose_engine(cluster.database_url)


# --- filling the guide's widgets (the same technique as tests/ui/test_browser.py) --------------------

FIRST_HALF = ("consent", "personal", "entitlement", "languages", "literacy", "education")  # guide version 2


def current_section(page, guide):  # type: ignore[no-untyped-def]
    title = str(page.locator("h3").first.inner_text()).strip()
    return next(s for s in guide.sections if s.title["de"] == title)


def press_weiter(page, guide, before: str) -> None:  # type: ignore[no-untyped-def]
    """ "Weiter" saves and moves on; a page switch takes two reruns, so wait for the new heading."""
    page.get_by_role("button", name="Weiter", exact=True).click()  # not a help button "…weitergeben?"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        idle(page)
        if at_summary(page) or current_section(page, guide).id != before:
            return
    raise AssertionError(f"'Weiter' did not leave section {before}")


def at_summary(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.get_by_role("heading", name="Niveau je Fertigkeit").count())


def test_draft_survives_the_loss_of_the_instance_that_served_it(cluster: Cluster) -> None:
    from playwright.sync_api import sync_playwright

    from questionnaire import active_guide

    guide = active_guide()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="de-DE")
        page = context.new_page()
        driver = Driver(page, ARTIFACTS, country="UA")
        step = "login"
        try:
            # 1. Through nginx: log in, create the learner, fill the first half of the guide.
            log_in(page, cluster.url)
            step = "new interview"
            page.get_by_role("link", name="Neues Interview beginnen").first.click()
            idle(page)
            page.get_by_label("Familienname").fill("Kovalenko")
            page.get_by_label("Vorname(n)").fill("Olena")
            page.locator("[data-testid=stDateInput]").last.locator("[data-type=day]").click()
            page.keyboard.type("12041990", delay=40)
            page.keyboard.press("Tab")
            page.get_by_text("Information zum Datenschutz erhalten").click()  # guide version 2
            page.get_by_role("button", name="Person anlegen und Interview beginnen").click()
            page.wait_for_url(re.compile(r"/interview\?id=\d+"), timeout=30_000)
            page.get_by_role("heading", name="Information und Einwilligung").wait_for(timeout=30_000)
            idle(page)
            interview_id = int(re.search(r"[?&]id=(\d+)", page.url).group(1))  # type: ignore[union-attr]
            driver.interview_id = str(interview_id)
            first_half: dict[str, list[Filled]] = {}
            for expected in FIRST_HALF:
                step = f"first half: {expected}"
                section = current_section(page, guide)
                assert section.id == expected, section.id
                first_half[section.id] = fill_section(driver, guide, section)
                press_weiter(page, guide, section.id)
            page.screenshot(path=str(ARTIFACTS / "1-half-saved.png"), full_page=True)
            saved = stored_interview(cluster, interview_id)
            assert saved.status == "draft"
            assert saved.answers["family_name"] == "Kovalenko" and saved.answers["nationality"] == "UA"
            half = {q.id for sid in FIRST_HALF for q in next(s for s in guide.sections if s.id == sid).questions}
            assert {item.question for items in first_half.values() for item in items} <= set(saved.answers) <= half

            # 2. Which instance served this browser? Every request of it went to the same one (sticky).
            step = "find the serving instance"
            route = next(c["value"] for c in context.cookies() if c["name"] == "sprachstand_route")
            upstreams = served_by(cluster, route)
            assert len(upstreams) == 1, f"not sticky: {upstreams}"
            serving = next(i for i in cluster.instances if i.address in upstreams)
            other = next(i for i in cluster.instances if i is not serving)
            serving.stop()

            # 3. The same browser opens the address again: the other instance answers, the browser is
            #    still signed in (no login form), the draft is intact in the database and on the page.
            step = "still signed in on the other instance"
            page.goto(cluster.url)
            page.get_by_role("heading", name="Meine Interviews").wait_for(timeout=30_000)
            idle(page)
            assert page.get_by_label("Benutzername").count() == 0
            assert served_by(cluster, route) == {serving.address, other.address}
            page.get_by_text("Entwürfe (1)").wait_for(timeout=10_000)
            page.screenshot(path=str(ARTIFACTS / "2-after-failover.png"), full_page=True)
            step = "draft intact"
            after = stored_interview(cluster, interview_id)
            assert after.answers == saved.answers and after.lock_version == saved.lock_version
            # (a URL navigation would start a new session: go through the app's own links)
            page.get_by_role("link", name="Fortsetzen").first.click()
            page.get_by_role("heading", name="Interview").first.wait_for(timeout=30_000)
            idle(page)
            assert current_section(page, guide).id == "german_courses"
            page.locator(at_key(f"{interview_id}.__nav")).get_by_text("Angaben zur Person").first.click()
            page.get_by_role("heading", name="Angaben zur Person").wait_for(timeout=30_000)
            idle(page)
            assert page.get_by_role("textbox", name=re.compile("^Familienname")).input_value() == "Kovalenko"
            nationality = page.locator(at_key(f"{interview_id}.personal.nationality"))
            assert "Ukraine" in nationality.inner_text() + nationality.locator("input").first.input_value()
            page.screenshot(path=str(ARTIFACTS / "3-draft-intact.png"), full_page=True)
            page.locator(at_key(f"{interview_id}.__nav")).get_by_text("Bisherige Deutschkurse").first.click()
            idle(page)

            # 4. The second half on the other instance, then submit from the summary.
            for _ in range(15):
                if at_summary(page):
                    break
                section = current_section(page, guide)
                step = f"second half: {section.id}"
                fill_section(driver, guide, section)
                press_weiter(page, guide, section.id)
            else:
                raise AssertionError("the summary was never reached")
            step = "submit"
            fill_section(driver, guide, next(s for s in guide.sections if s.id == "assessment"))
            page.get_by_role("button", name="Einreichen").click()
            page.get_by_role("button", name="Ja, einreichen").click()  # the confirmation
            page.get_by_text("Das Interview wurde eingereicht").wait_for(timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "4-submitted.png"), full_page=True)
            final = stored_interview(cluster, interview_id)
            assert final.status == "submitted"
            assert all(final.answers.get(k) == v for k, v in saved.answers.items() if k != "consent_sharing")
            assert served_by(cluster, route) == {serving.address, other.address}
        except Exception as exc:
            page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
            raise AssertionError(f"failed at step '{step}'; screenshot: {ARTIFACTS / 'failure.png'}") from exc
        finally:
            browser.close()
