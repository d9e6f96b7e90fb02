"""Working through the queue (AppTest, real SQLite): the choice of order, the waiting time on each
row, "Nächstes Interview prüfen" after a decision, the way back to the queue, one table of skill
abbreviations."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

import store
from schemas.vocabulary import Skill
from store.clock import utcnow
from store.db import session_scope
from store.models import Interview
from tests.counseling.conftest import Cast, button, make_interview, open_page, texts
from ui.review_queue import NEXT_LABEL


def _waited(interview_id: int, days: int) -> None:
    with session_scope() as s:
        when = utcnow() - timedelta(days=days, hours=1)
        s.execute(update(Interview).where(Interview.id == interview_id).values(submitted_at=when))


def _three(db: Cast) -> list[store.InterviewView]:
    """Waiting 30, 12 and 1 day(s): Erste (VHS Musterstadt), Zweite (Sprachschule Brücke), Dritte (VHS)."""
    made = [
        make_interview(db, db.interviewer_a, family="Erste", given="Anna"),
        make_interview(db, db.interviewer_b, family="Zweite", given="Berta"),
        make_interview(db, db.interviewer_a, family="Dritte", given="Clara"),
    ]
    for iv, days in zip(made, (30, 12, 1), strict=True):
        _waited(iv.id, days)
    return made


def _first_names(at: AppTest) -> list[str]:
    return [t.value.split(",")[0] for t in at.main.text]


def _link(at: AppTest, label: str) -> tuple[str, dict[str, list[str]]]:
    found = [p for p in at.main.get("page_link") if p.value == label]
    assert found, f"no link {label!r}; links: {[p.value for p in at.main.get('page_link')]}"
    return found[0].proto.page, parse_qs(found[0].proto.query_string)


def test_the_chosen_order_changes_the_first_row(app_db: Cast) -> None:
    db = app_db
    _three(db)
    at = open_page(db.counselor, "review_queue")
    assert _first_names(at) == ["Erste", "Zweite", "Dritte"]  # oldest first by default
    at.selectbox(key="queue.filter.order").set_value("newest").run()
    assert _first_names(at) == ["Dritte", "Zweite", "Erste"]
    at.selectbox(key="queue.filter.order").set_value("provider").run()
    assert _first_names(at) == ["Zweite", "Erste", "Dritte"]  # Sprachschule Brücke before VHS Musterstadt
    # the choice is kept when the counselor leaves the page and comes back
    at.switch_page("ui/review_detail.py").run()
    at.switch_page("ui/review_queue.py").run()
    assert _first_names(at) == ["Zweite", "Erste", "Dritte"]


def test_duplicates_first(app_db: Cast) -> None:
    db = app_db
    _three(db)
    twin = make_interview(db, db.interviewer_b, family="ERSTE", given="Anna")  # the same person at provider B
    _waited(twin.id, 0)
    at = open_page(db.counselor, "review_queue")
    at.selectbox(key="queue.filter.order").set_value("duplicates").run()
    assert _first_names(at) == ["Erste", "ERSTE", "Zweite", "Dritte"]


def test_each_row_shows_how_long_it_has_waited(app_db: Cast) -> None:
    db = app_db
    made = _three(db)
    today = make_interview(db, db.interviewer_a, family="Heute", given="Dora")
    at = open_page(db.counselor, "review_queue")
    shown = [m.value for m in at.main.markdown]
    assert [m for m in shown if "wartet seit" in m] == [
        ":material/schedule: **wartet seit 30 Tagen**",
        ":material/schedule: **wartet seit 12 Tagen**",
        ":material/schedule: **wartet seit 1 Tag**",
        ":material/schedule: **wartet seit heute**",
    ]
    # "Prüfen" is a button-like link to the review page of that row
    page, query = _link(at, "Prüfen")
    assert page.endswith("pruefung") and query == {"id": [str(made[0].id)]}
    assert today.id


def test_after_approving_the_next_interview_of_the_queue_opens(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", False)
    made = _three(db)
    queue = open_page(db.counselor, "review_queue")
    queue.selectbox(key="queue.filter.order").set_value("newest").run()  # Dritte, Zweite, Erste
    at = queue
    at.query_params["id"] = str(made[1].id)  # the counselor opens the middle row
    at.switch_page("ui/review_detail.py").run()
    assert not [b for b in at.button if b.label == NEXT_LABEL]  # not before a decision
    button(at, "Freigeben").click().run()
    assert f"Interview Nr. {made[1].id} freigegeben." in texts(at)  # the message stays
    assert len([p for p in at.main.get("page_link") if p.value == "Zur Prüfliste"]) == 2  # top and after the decision
    button(at, NEXT_LABEL).click().run()
    assert at.query_params["id"] == str(made[0].id)  # the next in the newest-first order, in the address
    assert "Erste, Anna · geb. 12.04.1990" in [t.value for t in at.main.text]
    assert [b for b in at.button if b.label == "Freigeben"]  # its decision is open
    assert not [b for b in at.button if b.label == NEXT_LABEL]  # a new interview, no decision yet


def test_after_returning_the_queue_opens_and_offers_the_next(app_db: Cast) -> None:
    db = app_db
    made = _three(db)
    at = open_page(db.counselor, "review_detail", query={"id": str(made[0].id)})
    at.text_area(key="review.return_comment").set_value("Bitte Lesen prüfen.").run()
    button(at, "Zurückgeben").click().run()
    assert not at.exception
    assert at.session_state["nav.current"] == "pruefliste" and [t.value for t in at.title] == ["Prüfliste"]
    assert f"Interview Nr. {made[0].id} an den Träger zurückgegeben." in [s.value for s in at.success]
    page, query = _link(at, NEXT_LABEL)
    assert page.endswith("pruefung") and query == {"id": [str(made[1].id)]}
    assert _first_names(at) == ["Zweite", "Dritte"]


def test_the_last_interview_says_there_is_no_next(app_db: Cast) -> None:
    db = app_db
    only = make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(only.id)})
    button(at, "Freigeben").click().run()
    assert "Kein weiteres Interview in der Prüfliste mit diesen Filtern." in texts(at)
    assert not [b for b in at.button if b.label == NEXT_LABEL]


def test_one_abbreviation_per_skill(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    page = texts(open_page(db.counselor, "review_queue"))
    assert "Sch = Schreiben" in page and " · Sch " in page
    assert Skill.WRITING.short == "Sch" and len({skill.short for skill in Skill}) == 5


def test_waiting_days_are_counted_on_the_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    from ui import review_queue

    monkeypatch.setattr(review_queue, "utcnow", lambda: datetime(2026, 11, 26, 8, 0))
    assert review_queue.waiting(datetime(2026, 11, 15, 17, 30)) == "wartet seit 11 Tagen"  # not 10 whole days
    assert review_queue.waiting(datetime(2026, 11, 25, 23, 0)) == "wartet seit 1 Tag"
    assert review_queue.waiting(datetime(2026, 11, 26, 7, 0)) == "wartet seit heute"
