"""A real browser reads every page of every role: axe-core finds no serious or critical problem, and
neither the text on screen nor what a screen reader reads out (aria-label, placeholder, title) has an
English word of Streamlit's own interface ("Choose an option", "Show password", "Download as CSV",
"X-axis titled …", "Help for …") or an internal id ("draft", "provider_admin", "sprachstand v1").
The guide's questions in the learner's language (elements with their own ``lang``) are the learner's,
not the app's, and are left out.

Before ``ui.german_chrome`` and ``ui.nav_a11y``, 55 English strings and axe's ``list``/``listitem``
findings (the sidebar menu) stood on the pages of a demo database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from sqlalchemy import create_engine, text

from tests.browser_support import Driver, free_port, in_browser
from tests.ui.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts" / "browser-german"
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"  # axe-core 4.12, as the package ships it
DEMO_PASSWORD = "demo-passwort-2024"

# English words of Streamlit's interface and internal ids. German words that are spelled alike
# ("Interview", "Export", "Online", "Name", "Status") are not in the list.
ENGLISH = re.compile(
    r"\b(the|and|for|to|of|with|press|choose|select|upload|browse|drag|drop|files?|search|clear|close|"
    r"open|show|hide|options?|available|skip|main|content|expand|collapse|sidebar|help|download|"
    r"fullscreen|menu|running|stop|copy|view|sort|ascending|descending|columns?|rows?|loading|apply|"
    r"date|submit|results|none|true|false|null|draft|submitted|approved|returned|certificate_issued|"
    r"provider_admin|counselor|listening|reading|writing|spoken_\w+|axis|scale|values?|"
    r"spec|password|today|month|year|day|previous|next|delete|remove|increment|decrement|selected|yyyy|dd|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"javascript|pages|sprachstand v\d+)\b",
    re.IGNORECASE,
)
COLLECT = """() => { const out = []; const walk = (n) => {
  if (n.nodeType === 3) { const t = n.textContent.trim(); if (t) out.push(t); return; }
  if (n.nodeType !== 1 || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(n.tagName)) return;
  if (n.hasAttribute('lang') && n !== document.documentElement) return;
  if (n.getAttribute('aria-hidden') === 'true') return;  // icons: Material names, not read out
  for (const a of ['aria-label', 'placeholder', 'title', 'aria-description']) {
    const v = n.getAttribute(a); if (v) out.push(a + '=' + v); }
  for (const c of n.childNodes) walk(c); };
  walk(document.body); return out; }"""


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {**os.environ, "DATABASE_URL": url, "PUBLIC_URL": "https://sprachstand.example.de/pruefen"}
    seed = [sys.executable, "manage.py", "seed-demo", "--learners", "12"]
    subprocess.run(seed, cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [
            *[sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true"],
            *["--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
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
            raise AssertionError("streamlit did not become healthy: " + (tmp_path / "server.log").read_text())
        yield base, url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _english(d: Driver, where: str, found: dict[str, set[str]]) -> None:
    """Collects English words, and axe-core's serious and critical findings (as "axe: rule — target")."""
    d.settle()
    time.sleep(0.3)  # the observer translates right after Streamlit draws
    for t in d.page.evaluate(COLLECT):
        # a choice label "German · learner's language" (each part a Unicode isolate, guide version 2):
        # the second part is the learner's, like a block with its own lang
        t = t.split("\u2069 · \u2068")[0]
        if ENGLISH.search(t):
            found.setdefault(t[:120], set()).add(where)
    if not d.page.evaluate("() => typeof window.axe !== 'undefined'"):
        d.page.add_script_tag(path=str(AXE))
    violations = d.page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    for v in violations:
        if v["impact"] in ("serious", "critical"):
            targets = "; ".join(f"{n['target']} {n.get('failureSummary', '')}" for n in v["nodes"][:3])
            found.setdefault(f"axe: {v['id']} ({v['impact']}) — {targets}"[:400], set()).add(where)


def _interview_ids(url: str, provider_word: str, *, shared_only: bool = False) -> dict[str, int]:
    """The first interview per status at the provider named like ``provider_word`` (``shared_only``:
    those the counseling office sees)."""
    engine = create_engine(url)
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT i.status, min(i.id) FROM interviews i JOIN learners l ON l.id = i.learner_id "
                "JOIN providers p ON p.id = l.provider_id WHERE p.name LIKE :p AND (i.shared OR NOT :shared) "
                "GROUP BY i.status"
            ),
            {"p": f"%{provider_word}%", "shared": shared_only},
        ).all()
    engine.dispose()
    return {str(status): int(i) for status, i in rows}


def _one_of(ids: dict[str, int], *statuses: str) -> int:
    """The demo data's mix of statuses changes with the day it is seeded: the first status present."""
    return next(ids[s] for s in statuses if s in ids)


def extra_pages(url: str, user: str) -> list[str]:
    """The pages a role reaches from a list rather than the menu, with a demo interview: the interviewer's
    step, summary and read-only view, the counselor's review page (``"<path>?id=<n>"``)."""
    if user == "caritas.interview":
        ids = _interview_ids(url, "Caritas")
        done = _one_of(ids, "approved", "certificate_issued", "submitted", "returned")
        return [f"interview?id={ids['draft']}", f"zusammenfassung?id={ids['draft']}", f"ansicht?id={done}"]
    if user == "beratung":
        shared = _interview_ids(url, "", shared_only=True)
        return [f"pruefung?id={_one_of(shared, 'submitted', 'approved', 'certificate_issued', 'returned')}"]
    return []


def _open(d: Driver, address: str, user: str) -> None:
    """Opens an address as ``user``: a reload may sign out (then the login form stands on that address,
    and signing in opens the page)."""
    d.page.goto(address)
    d.settle()
    if d.page.get_by_role("button", name="Anmelden").count():
        d.login(user, DEMO_PASSWORD)


def _tour(d: Driver, base: str, url: str, found: dict[str, set[str]]) -> None:
    page = d.page
    page.goto(base)
    d.settle()
    page.get_by_label("Benutzername").focus()
    page.keyboard.type("x")  # Streamlit's "Press Enter to apply" shows under a field being typed in
    _english(d, "anmelden", found)
    page.goto(f"{base}/pruefen")
    _english(d, "pruefen", found)
    for user in ["admin", "beratung", "caritas.leitung", "caritas.interview"]:
        page.goto(base)
        d.settle()
        d.login(user, DEMO_PASSWORD)
        links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
        assert hrefs, user
        for href in hrefs:
            page.get_by_test_id("stSidebarNav").locator(f'a[href="{href}"]').click()
            _english(d, f"{user} {href.removeprefix(base)}", found)
        for address in extra_pages(url, user):
            _open(d, f"{base}/{address}", user)
            _english(d, f"{user} /{address.split('?')[0]}", found)
        d.shot(user.replace(".", "_"))
        page.get_by_role("button", name="Abmelden", exact=True).click()
        page.get_by_role("button", name="Anmelden").wait_for()


def test_no_english_word_on_any_page_of_any_role(demo_server: tuple[str, str]) -> None:
    base, url = demo_server
    found: dict[str, set[str]] = {}
    in_browser(lambda d, b: _tour(d, b, url, found), base, ARTIFACTS, width=1280, height=900)
    report = "\n".join(f"{t!r} on {', '.join(sorted(w))}" for t, w in sorted(found.items()))
    assert not found, "English on the pages:\n" + report
