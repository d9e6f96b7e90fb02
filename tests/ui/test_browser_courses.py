"""Issue 17 in a real browser: the public course finder at /kurse (no login, filters, English, keyboard,
phone width) and a referral from the interview to the receiving provider's acceptance, the interviewer
seeing "zugesagt" and the handout PDF read back. Screenshots go to test-artifacts/courses/."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import store
from questionnaire import active_guide
from questionnaire.samples import sample_answers
from schemas.courses import OfferStatus
from schemas.placement import Format
from schemas.vocabulary import Level
from tests.browser_support import CHROMIUM_ARGS, Driver, at_key
from tests.store.courses_support import draft
from tests.ui.conftest import PASSWORD, ROOT
from tests.ui.test_browser import server  # noqa: F401  (the fixture: a real streamlit server on a seeded SQLite file)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "courses"


def _seed() -> dict[str, Any]:
    ina = store.authenticate("ina", PASSWORD)
    paula = store.authenticate("paula", PASSWORD)
    bert = store.authenticate("bert", PASSWORD)
    learner = store.create_learner(ina, "Haddad", "Amina", "1990-04-12", processing_consent=True, sharing_consent=True)
    iv = store.start_interview(ina, learner.id, learner_language="uk")
    answers = sample_answers(active_guide(), seed=3)
    answers.update(family_name="Haddad", given_names="Amina", birth_date="1990-04-12", consent_sharing=True)
    iv = store.submit(ina, iv.id, iv.lock_version, answers=answers)
    needs = store.needs_from(iv.score, iv.answers)
    assert needs.course is not None
    offer = store.create_offer(
        bert,
        draft(
            course_type=needs.course,
            entry_level=needs.start_level,
            title="Integrationskurs Hafen A1",
            district="Hafen",
            childcare_on_site=True,
            address="Hafenweg 3, 12345 Musterstadt",
        ),
    )
    store.create_offer(
        paula,
        draft(
            title="Abendkurs Mitte A2",
            entry_level=Level.A2,
            time_from=time(18),
            time_to=time(21),
            formats=frozenset({Format.EVENING, Format.PART_TIME}),
        ),
    )
    store.create_offer(paula, draft(title="Sprachcafé", course_type=None, measure="language_cafe", entry_level=None))
    store.create_offer(paula, draft(title="Alter Kurs", status=OfferStatus.ENDED))
    return {"interview": iv.id, "offer": offer.id}


def _browser() -> Any:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    return sync_playwright(), chromium


def _context(browser: Any, width: int = 1100) -> Any:
    return browser.new_context(viewport={"width": width, "height": 1000}, locale="de-DE", accept_downloads=True)


def test_public_finder_and_referral_in_a_real_browser(server: str) -> None:  # noqa: F811
    data = _seed()
    manager, chromium = _browser()
    with manager as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            _finder(browser, server)
            _referral(browser, server, data)
        finally:
            browser.close()


def _finder(browser: Any, base: str) -> None:
    phone = _context(browser, width=390)
    page = phone.new_page()
    d = Driver(page, ARTIFACTS)
    page.goto(f"{base}/kurse")
    d.settle()
    page.get_by_role("heading", name="Deutschkurse in der Stadt finden").wait_for()
    assert page.get_by_label("Benutzername").count() == 0  # no login
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "3 Angebote gefunden" in body and "Alter Kurs" not in body
    assert "Haddad" not in body  # never personal data
    # keyboard: Tab reaches the filters (language, course type, ...) without a mouse
    reached = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => { const e = document.activeElement; return (e && (e.getAttribute('aria-label') || "
            "e.labels?.[0]?.innerText || e.innerText || '')).trim(); }"
        )
        reached.add(label)
    assert any("Kursart" in r for r in reached) or any("Deutsch" in r for r in reached), reached
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the finder scrolls sideways on a phone ({width}px)"
    d.shot("finder-phone")
    box = page.locator(at_key("finder.district.de"))
    box.get_by_role("combobox").click()
    page.get_by_role("option", name="Hafen").click()
    d.settle()
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "1 Angebot gefunden" in body and "Integrationskurs Hafen A1" in body and "mit Kinderbetreuung" in body
    page.get_by_text("English", exact=True).click()
    d.settle()
    page.get_by_role("heading", name="Find a German course in the city").wait_for()
    assert "with childcare" in page.locator("[data-testid=stMain]").inner_text()
    d.shot("finder-phone-english")
    phone.close()
    desktop = _context(browser).new_page()
    desktop.goto(f"{base}/kurse")
    Driver(desktop, ARTIFACTS).settle()
    desktop.get_by_role("heading", name="Deutschkurse in der Stadt finden").wait_for()
    Driver(desktop, ARTIFACTS).shot("finder-desktop")
    desktop.context.close()


def _login(browser: Any, base: str, user: str, path: str = "") -> tuple[Any, Driver]:
    context = _context(browser)
    page = context.new_page()
    d = Driver(page, ARTIFACTS)
    page.goto(f"{base}/{path}")
    d.settle()
    d.login(user, PASSWORD)  # the page asked for stays (a new address would start a new session)
    return context, d


def _menu(d: Driver, title: str) -> None:
    d.page.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()
    d.settle()


def _referral(browser: Any, base: str, data: dict[str, Any]) -> None:
    interview, offer = data["interview"], data["offer"]
    context, d = _login(browser, base, "ina", f"ansicht?id={interview}")
    page = d.page
    try:
        page.get_by_text("Passende Kursangebote und Vermittlung").first.wait_for()
    except Exception:
        d.shot("FAILED-interview-view")
        raise AssertionError(page.locator("[data-testid=stApp]").inner_text()[:3000]) from None
    main = page.locator("[data-testid=stMain]")
    assert "Integrationskurs Hafen A1" in main.inner_text() and "Passt:" in main.inner_text()
    d.shot("matching-list")
    page.get_by_text("willigt ein, dass Name, Geburtsdatum und Einstufung").click()
    d.settle()
    page.locator(at_key(f"view.courses.refer.{offer}")).get_by_role("button").click()
    d.settle()
    page.get_by_text("Vermittlung an Sprachschule Brücke vorgeschlagen.").wait_for()
    assert "vorgeschlagen" in main.inner_text()
    context.close()

    context, d = _login(browser, base, "bert", "vermittlungen")
    page = d.page
    page.get_by_role("heading", name="Vermittlungen").first.wait_for()
    assert "Haddad, Amina" in page.locator("[data-testid=stMain]").inner_text()
    d.shot("incoming-referral")
    page.get_by_role("button", name="Zusagen (Platz reservieren)").click()
    d.settle()
    page.get_by_text("zugesagt").first.wait_for()
    _menu(d, "Kursangebote")
    page.get_by_role("heading", name="Kursangebote").wait_for()
    d.shot("catalogue")
    context.close()

    context, d = _login(browser, base, "ina")
    page = d.page
    page.get_by_role("heading", name="Meine Interviews").wait_for()
    page.get_by_text("zugesagt").first.wait_for()
    d.shot("start-page-zugesagt")
    _menu(d, "Vermittlungen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Informationsblatt für die/den Lernende/n (PDF)").first.click()
    pdf = Path(download.value.path()).read_bytes()
    context.close()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Ihr Kursplatz" in text and "Ваше місце на курсі" in text  # German and the learner's Ukrainian
    assert "Integrationskurs Hafen A1" in text and "Hafenweg 3" in text and "zugesagt" in text
    context, d = _login(browser, base, "beratung", "auswertung")
    d.page.get_by_role("heading", name="Kurse und Vermittlungen").wait_for()
    main = d.page.locator("[data-testid=stMain]").inner_text()
    assert "Ungedeckter Bedarf" in main and "Vermittlungen nach Ergebnis" in main and "Haddad" not in main
    d.page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").last.wait_for()
    d.page.wait_for_timeout(1500)  # the charts draw after the script run
    d.shot("dashboard-course-figures")
    context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "handout.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-singlefile", str(ARTIFACTS / "handout.pdf"), str(ARTIFACTS / "handout")],
            check=True,
        )
