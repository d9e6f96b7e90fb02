"""Issue 16, item 7 (rest), on the pages: "Mir zuweisen" on the queue's rows with the filter "Nur mir
zugewiesene", resubmitted interviews marked, the backlog and its age on the dashboard, and the
notifications on the start pages (returned to me, assigned to me, waiting too long)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

import store
from schemas.vocabulary import Action
from store import db as store_db
from store.clock import utcnow
from store.models import Interview
from store.scoping import CrossProvider, cross_provider
from tests.counseling.conftest import Cast, button, make_interview, open_page, texts


def _age(interview_id: int, days: int) -> None:
    with store_db.get_engine().begin() as conn:
        conn.execute(
            cross_provider(
                update(Interview)
                .where(Interview.id == interview_id)
                .values(submitted_at=utcnow() - timedelta(days=days, hours=1)),
                CrossProvider.MAINTENANCE,
            )
        )


def test_assign_to_me_and_filter_and_the_resubmitted_mark(app_db: Cast) -> None:
    db = app_db
    first = make_interview(db, db.interviewer_a, family="Eins")
    second = make_interview(db, db.interviewer_b, family="Zwei")
    store.withdraw_submission(db.interviewer_b, second.id)
    again = store.get_interview_for(db.interviewer_b, second.id)
    store.submit(db.interviewer_b, second.id, again.lock_version)
    at = open_page(db.counselor, "review_queue")
    assert not at.exception
    assert "erneut eingereicht" in texts(at) and "2. Einreichung" in texts(at)
    at.button(key=f"queue.assign-{first.id}").click().run()
    assert not at.exception
    assert f"Interview Nr. {first.id} Ihnen zugewiesen." in texts(at)
    assert "zugewiesen: Beratung" in texts(at)
    at.toggle(key="queue.assigned_to_me").set_value(True).run()
    shown = texts(at)
    assert "Eins, Amina" in shown and "Zwei, Amina" not in shown
    assert "Filter aktiv" in shown or "1 Interview" in shown
    at.session_state["queue.view"] = "Tabelle"
    at.run()
    frame = at.dataframe[0].value
    assert list(frame["Zugewiesen"]) == ["Beratung"]
    at.session_state["queue.view"] = "Karten"
    at.run()
    button(at, "Zuweisung aufheben").click().run()
    assert store.get_interview_for(db.counselor, first.id).assigned_to is None


def test_the_dashboard_shows_the_backlog_and_its_age(app_db: Cast) -> None:
    db = app_db
    for family, days in (("Eins", 30), ("Zwei", 10), ("Drei", 2)):
        _age(make_interview(db, db.interviewer_a, family=family).id, days)
    at = open_page(db.counselor, "dashboard")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Wartend"] == "3"
    assert metrics["Median Wartedauer"] == "10 Tage"
    assert metrics["Ältestes wartet seit"] == "30 Tage"
    assert metrics["Länger als 14 Tage"] == "1"


def test_notifications_on_the_start_pages(app_db: Cast) -> None:
    db = app_db
    old = make_interview(db, db.interviewer_a, family="Alt")
    _age(old.id, 20)
    returned = make_interview(db, db.interviewer_a, family="Zurück")
    store.return_interview(db.counselor, returned.id, "Bitte Lesen prüfen.")
    store.assign(db.counselor, old.id)
    queue = open_page(db.counselor, "review_queue")
    shown = texts(queue)
    assert "Ihnen zugewiesen: Alt, Amina (wartet seit 20 Tagen)" in shown
    assert "1 Interview wartet länger als 14 Tage auf die Prüfung (ältestes: 20 Tage)." in shown
    home = open_page(db.interviewer_a, "interviewer_home")
    assert not home.exception
    assert "Zurückgegeben an Sie: Zurück, Amina" in texts(home)
    assert "Zurückgegeben an Sie" not in texts(open_page(db.interviewer_a2, "interviewer_home"))


def test_the_review_page_assigns_and_marks_a_resubmission_and_opening_ends_withdrawing(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a, family="Eins")
    store.withdraw_submission(db.interviewer_a, iv.id)
    again = store.get_interview_for(db.interviewer_a, iv.id)
    store.submit(db.interviewer_a, iv.id, again.lock_version)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    assert not at.exception
    assert "erneut eingereicht" in texts(at) and "niemandem" in texts(at)
    button(at, "Mir zuweisen").click().run()
    assert "Ihnen zugewiesen." in texts(at) and "niemandem" not in texts(at)
    # the counselor opened it: the interviewer can no longer withdraw it
    assert Action.WITHDRAW not in store.allowed_actions(db.interviewer_a, iv.id)
    with pytest.raises(store.InvalidTransition):
        store.withdraw_submission(db.interviewer_a, iv.id)
