"""A real browser against the real server: log in as an interviewer, create a learner, go through
the whole guide, reload mid-interview and find every answer again, submit. Screenshots of every
step go to test-artifacts/browser/; a failure names the screenshot of the moment it failed."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from questionnaire import active_guide
from tests.ui.conftest import PASSWORD, ROOT, seed_cast, use_database

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCROLL_HEIGHT = (
    "Math.max(...Array.from(document.querySelectorAll("
    "'[data-testid=stMain], [data-testid=stAppScrollToBottomContainer]')).map(e => e.scrollHeight), 800)"
)
WITHOUT_LISTBOX = (
    "e => { const c = e.cloneNode(true); c.querySelectorAll('[role=listbox], [role=option]')"
    ".forEach(x => x.remove()); return c.textContent; }"
)
PREFILLED = {"consent_processing", "consent_sharing", "family_name", "given_names", "birth_date"}


def key_class(key: str) -> str:
    """Streamlit marks a keyed element's container with ``st-key-<key>`` (other characters as ``-``)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def at_key(key: str) -> str:
    return f'[class~="{key_class(key)}"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    use_database(monkeypatch, url)
    seed_cast(url)
    port = _free_port()
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


@dataclass
class Filled:
    section: str
    question: str
    kind: str
    shown: str  # what the page must show again


class Driver:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.shots = 0
        self.interview_id = ""

    def settle(self) -> None:
        time.sleep(0.35)  # let the rerun start
        self.page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)

    def shot(self, name: str) -> Path:
        self.shots += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.shots:02d}_{name}.png"
        # Streamlit scrolls inside its main area: grow the window to the page's height for the shot.
        height = self.page.evaluate(SCROLL_HEIGHT)
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(size)
        return path

    def widget(self, section: str, question: str) -> Any:
        return self.page.locator(at_key(f"{self.interview_id}.{section}.{question}"))

    def login(self, username: str) -> None:
        self.page.get_by_label("Benutzername").fill(username)
        self.page.get_by_label("Passwort", exact=True).fill(PASSWORD)
        self.page.get_by_role("button", name="Anmelden").click()
        self.page.get_by_role("button", name="Anmelden").wait_for(state="detached")
        self.settle()

    def current_section(self) -> str:
        return str(self.page.locator("h3").first.inner_text()).strip()

    def wait_for_section(self, title: str, *, changed: bool = False) -> None:
        """Waits until the step heading is ``title`` (or, with ``changed``, anything else): moving to
        another step takes two reruns (save, then the page switch)."""
        for _ in range(60):
            self.settle()
            current = self.current_section()
            if (current != title) if changed else (current == title):
                return
            time.sleep(0.25)
        raise AssertionError(
            f"step heading stays {self.current_section()!r}, expected {'not ' if changed else ''}{title!r}"
        )

    def open_step(self, title: str) -> None:
        self.page.locator(at_key(f"{self.interview_id}.__nav")).get_by_text(title, exact=False).first.click()
        self.wait_for_section(title)


def _selected(d: Driver, box: Any, label: str) -> bool:
    """Whether the select box shows ``label`` as chosen: a multiselect as a tag (an open list's options do
    not count), a selectbox as its input's value once the list is closed (while it is open, the input
    holds the typed filter)."""
    if label in str(box.evaluate(WITHOUT_LISTBOX)):
        return True
    inputs = box.locator("input")
    values = [inputs.nth(i).input_value() for i in range(inputs.count())]
    # the shown value may add the learner's language: "kein Schulabschluss · بدون شهادة مدرسية"
    return any(label in value for value in values) and d.page.get_by_role("listbox").count() == 0


def _open_dropdown(d: Driver, box: Any) -> None:
    """Clicks the select box until its list is open: on a busy machine a click during a rerun can land
    on a box that is being replaced, and the list never opens."""
    for _ in range(4):
        d.settle()
        box.get_by_role("combobox").click()
        try:
            d.page.get_by_role("listbox").first.wait_for(state="visible", timeout=5_000)
            return
        except PlaywrightTimeout:
            d.page.keyboard.press("Escape")
    raise AssertionError(f"the select box's list did not open: {box.inner_text()!r}")


def _pick(d: Driver, box: Any, label: str) -> None:
    """Opens a select box (again if the list did not open), types to filter and clicks the option,
    then waits until the box shows the choice; a rerun that replaced the list means another try."""
    for attempt in range(4):
        if _selected(d, box, label):
            return
        _open_dropdown(d, box)
        d.page.keyboard.type(label)
        try:
            d.page.get_by_role("option", name=label).first.click(timeout=15_000)
            d.settle()
            if _wait_until(lambda: _selected(d, box, label), seconds=15):
                return
        except PlaywrightTimeout:
            pass
        if attempt == 3:
            raise AssertionError(f"could not choose {label!r}; the box shows {box.inner_text()!r}")
        d.page.keyboard.press("Escape")
        box.get_by_role("combobox").fill("")


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Polls ``condition`` for up to ``seconds`` (a page switch or a save takes reruns)."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)


def _type_date(page: Any, box: Any, digits: str) -> None:
    """Dates are typed into the day/month/year segments, as with a keyboard."""
    box.get_by_role("spinbutton").first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Tab")


def _choice_label(guide: Any, question: Any, value: str) -> str:
    return next(c.label["de"] for c in guide.choices_of(question) if c.value == value)


def _answer(d: Driver, guide: Any, section: str, question: Any) -> Filled | None:
    box = d.widget(section, question.id)
    if box.count() == 0:
        return None  # hidden by a condition
    kind = question.type
    if kind in ("text", "long_text"):
        field = box.locator("textarea" if kind == "long_text" else "input")
        if field.input_value():
            return None
        value = "Testeintrag" if kind == "text" else "Motiviert, lernt schnell."
        field.fill(value)
        field.press("Tab")
        shown = value
    elif kind == "integer":
        box.locator("input").fill("10")
        box.locator("input").press("Enter")
        shown = "10"
    elif kind == "yes_no":
        box.get_by_text("Ja" if question.id.startswith("literate") else "Nein", exact=True).click()
        shown = "Ja" if question.id.startswith("literate") else "Nein"
    elif kind == "single_choice":
        choices = [c.value for c in guide.choices_of(question)]
        value = "a2" if "a2" in choices else ("SY" if "SY" in choices else choices[0])
        shown = _choice_label(guide, question, value)
        if box.locator("input[type=radio]").count():
            box.get_by_text(shown, exact=True).click()
        else:
            _pick(d, box, shown)
    elif kind == "multi_choice":
        shown = _choice_label(guide, question, guide.choices_of(question)[0].value)
        _pick(d, box, shown)
        d.page.keyboard.press("Escape")
    elif kind == "date":
        _type_date(d.page, box, "15012020")
        shown = "2020-01-15"
    else:
        return None
    d.settle()
    return Filled(section, question.id, kind, shown)


def _shows(d: Driver, item: Filled) -> bool:
    """Whether the page shows the answer again (polled: a page switch takes two reruns)."""
    return _wait_until(lambda: _shows_now(d, item), seconds=20)


def _shows_now(d: Driver, item: Filled) -> bool:
    box = d.widget(item.section, item.question)
    if item.kind == "date":
        return bool(box.locator("input[type=date]").input_value() == item.shown)
    if item.kind in ("text", "long_text", "integer"):
        return bool(box.locator("textarea, input").first.input_value() == item.shown)
    if item.kind == "yes_no" or box.locator("input[type=radio]").count():
        return bool(box.get_by_role("radio", name=item.shown, exact=True).is_checked())
    inputs = [box.locator("input").nth(i).input_value() for i in range(box.locator("input").count())]
    return item.shown in box.inner_text() or item.shown in inputs


def _fill_section(d: Driver, guide: Any, section: Any) -> list[Filled]:
    filled = []
    for question in section.questions:
        if question.id in PREFILLED or question.required is False:
            continue
        item = _answer(d, guide, section.id, question)
        if item is not None:
            filled.append(item)
    return filled


def _run(d: Driver, base: str) -> None:
    guide = active_guide()
    page = d.page
    page.goto(base)
    d.settle()
    d.shot("anmelden")
    d.login("ina")
    page.get_by_role("heading", name="Meine Interviews").wait_for()
    d.shot("start")
    page.get_by_role("link", name="Neues Interview beginnen").click()
    d.settle()
    page.get_by_label("Familienname").fill("Haddad")
    page.get_by_label("Vorname(n)").fill("Amal")
    _type_date(page, page.locator(at_key("new.birth")), "02031991")
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
        filled += _fill_section(d, guide, section)
        d.shot(section.id)
        if section.id == "languages" and not reloaded:
            reloaded = True
            page.reload()
            d.settle()
            d.login("ina")  # a new session: the address brings the interview back after login
            assert d.current_section() == "Sprachen und Schrift", d.current_section()
            for item in filled:
                if item.section != section.id:
                    d.open_step(by_title_id(guide, item.section))
                shown = d.widget(item.section, item.question)
                assert _shows(d, item), f"after reload: {item}, shown: {shown.inner_html()[:3000]}"
                if item.section != section.id:
                    d.open_step(section.title["de"])
            d.shot("nach_neu_laden")
        page.get_by_role("button", name="Weiter").click()
        d.wait_for_section(section.title["de"], changed=True)
    else:
        raise AssertionError("the summary was never reached")

    assessment = next(s for s in guide.sections if s.id == "assessment")
    _fill_section(d, guide, assessment)
    d.shot("zusammenfassung")
    page.get_by_role("button", name="Einreichen").click()
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
        driver = Driver(page)
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
