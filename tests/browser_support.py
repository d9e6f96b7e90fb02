"""What the browser tests share: Debian's Chromium flags, a free port, and a driver that answers the
real guide like a person would (select boxes re-opened until their list shows, every choice waited
for as shown) — hardened once for a loaded 2-core machine, used by every browser test."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
PREFILLED = {
    "consent_processing",
    "consent_sharing",
    "information_given",  # version 2: the new-interview page records that the person was informed
    "interview_date",  # version 2: prefilled with the day of the interview
    "family_name",
    "given_names",
    "birth_date",
}


def key_class(key: str) -> str:
    """Streamlit marks a keyed element's container with ``st-key-<key>`` (other characters as ``-``)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def at_key(key: str) -> str:
    return f'[class~="{key_class(key)}"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Filled:
    section: str
    question: str
    kind: str
    shown: str  # what the page must show again


class Driver:
    def __init__(self, page: Any, artifacts: Path, *, country: str = "SY") -> None:
        self.page = page
        self.artifacts = artifacts
        self.country = country  # the nationality chosen where a country list is asked
        self.shots = 0
        self.interview_id = ""

    def settle(self) -> None:
        time.sleep(0.35)  # let the rerun start
        self.page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)

    def shot(self, name: str) -> Path:
        self.shots += 1
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{self.shots:02d}_{name}.png"
        # Streamlit scrolls inside its main area: grow the window to the page's height for the shot.
        height = self.page.evaluate(SCROLL_HEIGHT)
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(size)
        return path

    def widget(self, section: str, question: str) -> Any:
        return self.page.locator(at_key(f"{self.interview_id}.{section}.{question}"))

    def login(self, username: str, password: str) -> None:
        self.page.get_by_label("Benutzername").fill(username)
        self.page.get_by_label("Passwort", exact=True).fill(password)
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
        chip = title.rsplit(": ", 1)[-1]  # a can-do step's chip names the skill alone (ui.steps.Step.short_title)
        self.page.locator(at_key(f"{self.interview_id}.__nav")).get_by_text(chip, exact=False).first.click()
        self.wait_for_section(title)


def selected(d: Driver, box: Any, label: str) -> bool:
    """Whether the select box shows ``label`` as chosen: a multiselect as a tag (an open list's options do
    not count), a selectbox as its input's value once the list is closed (while it is open, the input
    holds the typed filter)."""
    if label in str(box.evaluate(WITHOUT_LISTBOX)):
        return True
    inputs = box.locator("input")
    values = [inputs.nth(i).input_value() for i in range(inputs.count())]
    # the shown value may add the learner's language: "kein Schulabschluss · بدون شهادة مدرسية"
    return any(label in value for value in values) and d.page.get_by_role("listbox").count() == 0


def open_dropdown(d: Driver, box: Any) -> None:
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


def pick(d: Driver, box: Any, label: str) -> None:
    """Opens a select box (again if the list did not open), types to filter and clicks the option,
    then waits until the box shows the choice; a rerun that replaced the list means another try."""
    for attempt in range(4):
        if selected(d, box, label):
            return
        open_dropdown(d, box)
        d.page.keyboard.type(label)
        try:
            d.page.get_by_role("option", name=label).first.click(timeout=15_000)
            d.settle()
            if wait_until(lambda: selected(d, box, label), seconds=15):
                return
        except PlaywrightTimeout:
            pass
        if attempt == 3:
            raise AssertionError(f"could not choose {label!r}; the box shows {box.inner_text()!r}")
        d.page.keyboard.press("Escape")
        box.get_by_role("combobox").fill("")


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Polls ``condition`` for up to ``seconds`` (a page switch or a save takes reruns)."""
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)


def type_date(page: Any, box: Any, digits: str) -> None:
    """Dates are typed into the day/month/year segments, as with a keyboard."""
    box.get_by_role("spinbutton").first.click()
    page.keyboard.type(digits)
    page.keyboard.press("Tab")


def choice_label(guide: Any, question: Any, value: str) -> str:
    return next(c.label["de"] for c in guide.choices_of(question) if c.value == value)


def answer(d: Driver, guide: Any, section: str, question: Any) -> Filled | None:
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
        value = "a2" if "a2" in choices else (d.country if d.country in choices else choices[0])
        shown = choice_label(guide, question, value)
        if box.locator("input[type=radio]").count():
            # the option reads "German · learner's language" (each half in Unicode isolates)
            box.get_by_text(shown).first.click()
        else:
            pick(d, box, shown)
    elif kind == "multi_choice":
        shown = choice_label(guide, question, guide.choices_of(question)[0].value)
        pick(d, box, shown)
        d.page.keyboard.press("Escape")
    elif kind == "date":
        type_date(d.page, box, "15012020")
        shown = "2020-01-15"
    else:
        return None
    d.settle()
    return Filled(section, question.id, kind, shown)


def shows(d: Driver, item: Filled) -> bool:
    """Whether the page shows the answer again (polled: a page switch takes two reruns)."""
    return wait_until(lambda: shows_now(d, item), seconds=20)


def shows_now(d: Driver, item: Filled) -> bool:
    box = d.widget(item.section, item.question)
    if item.kind == "date":
        return bool(box.locator("input[type=date]").input_value() == item.shown)
    if item.kind in ("text", "long_text", "integer"):
        return bool(box.locator("textarea, input").first.input_value() == item.shown)
    if item.kind == "yes_no":
        return bool(box.get_by_role("radio", name=item.shown, exact=True).is_checked())
    if box.locator("input[type=radio]").count():  # "German · learner's language"
        return bool(box.get_by_role("radio", name=item.shown).first.is_checked())
    inputs = [box.locator("input").nth(i).input_value() for i in range(box.locator("input").count())]
    # a select box shows "German · learner's language" (each half in isolates) in its input
    return item.shown in box.inner_text() or any(item.shown in value for value in inputs)


def fill_section(d: Driver, guide: Any, section: Any) -> list[Filled]:
    filled = []
    for question in section.questions:
        if question.id in PREFILLED or question.required is False:
            continue
        item = answer(d, guide, section.id, question)
        if item is not None:
            filled.append(item)
    return filled


def drive_interview(
    run: Callable[[Driver, str], None], base: str, artifacts: Path, interview_id: int, *, width: int, height: int
) -> None:
    """``in_browser`` with the driver set to ``interview_id``."""

    def with_interview(driver: Driver, at: str) -> None:
        driver.interview_id = str(interview_id)
        run(driver, at)

    in_browser(with_interview, base, artifacts, width=width, height=height)


def in_browser(run: Callable[[Driver, str], None], base: str, artifacts: Path, *, width: int, height: int) -> None:
    """Runs ``run(driver, base)`` in Debian's Chromium on a fresh artifacts folder; a failed assertion is
    reported with the screenshot of the failing moment."""
    import shutil

    from playwright.sync_api import sync_playwright

    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (apt-get install chromium)"
    failure = None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="de-DE")
        page.set_default_timeout(45_000)  # a loaded 2-core machine reruns slowly; still bounded
        driver = Driver(page, artifacts)
        try:
            run(driver, base)
        except AssertionError as exc:
            failure = f"{exc} — screenshot: {driver.shot('fehler')}"
        browser.close()
    assert failure is None, failure
