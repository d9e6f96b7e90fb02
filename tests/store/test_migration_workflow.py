"""Migration 0013_workflow on a database with data (SQLite and PostgreSQL): the submissions are counted
from the review events, and a waiting interview that a counselor already read can no longer be
withdrawn; one nobody opened can."""

from __future__ import annotations

from sqlalchemy import select, text

import store
from schemas.vocabulary import Action
from store import db as store_db
from store.models import Interview
from tests.store.conftest import Cast, downgrade


def test_upgrade_counts_submissions_and_finds_first_openings(db: Cast) -> None:
    resubmitted = db.interview(db.interviewer_a, "returned")
    view = store.get_interview_for(db.interviewer_a, resubmitted.id)
    store.submit(db.interviewer_a, resubmitted.id, view.lock_version)
    read = db.interview(db.interviewer_a, "submitted", family="Nasser")
    store.get_interview_for(db.counselor, read.id)
    untouched = db.interview(db.interviewer_a, "submitted", family="Osman")

    downgrade(db.url, "0009_sessions")
    store_db.migrate(db.url)
    assert store_db.current_revision(db.url) == "0015_password_change"

    with store_db.get_engine(db.url).connect() as conn:
        counts: dict[int, int] = {
            row[0]: row[1] for row in conn.execute(text("SELECT id, submissions FROM interviews"))
        }
    assert counts[resubmitted.id] == 2 and counts[read.id] == 1 and counts[untouched.id] == 1
    assert Action.WITHDRAW not in store.allowed_actions(db.interviewer_a, read.id)
    assert Action.WITHDRAW in store.allowed_actions(db.interviewer_a, untouched.id)
    assert store.get_interview_for(db.interviewer_a, resubmitted.id).resubmitted


def test_upgrade_fills_the_course_need_columns_from_answers_and_score(db: Cast) -> None:
    """0014_course_need: the course forms needed and the district, which the course figures count, are
    taken from every scored interview's score and answers (before, read as JSON on every dashboard)."""
    v2 = db.interview(db.interviewer_a, "submitted", family="Zwei")
    v1 = db.interview(db.interviewer_a, "submitted", family="Eins")
    draft = db.interview(db.interviewer_a, "draft", family="Entwurf")
    downgrade(db.url, "0013_workflow")
    engine = store_db.get_engine(db.url)
    with engine.connect() as conn, conn.begin():
        rows = {
            r.id: r
            for r in conn.execute(
                select(Interview.__table__.c.id, Interview.__table__.c.answers, Interview.__table__.c.scores)
            )
        }
        table = Interview.__table__
        scores = dict(rows[v2.id].scores, placement={"formats": ["evening", "childcare"]})
        conn.execute(table.update().where(table.c.id == v2.id).values(scores=scores))
        answers = dict(rows[v1.id].answers, childcare_needed=True, district=" Nord  Ost ")
        conn.execute(table.update().where(table.c.id == v1.id).values(answers=answers))
    store_db.migrate(db.url)
    with engine.connect() as conn:
        found = {
            r.id: (r.need_formats, r.district)
            for r in conn.execute(text("SELECT id, need_formats, district FROM interviews"))
        }
    assert found[v2.id] == ("childcare,evening", None)  # the placement's formats, in the vocabulary's order
    assert found[v1.id] == ("childcare", "Nord Ost")  # version 1: childcare from the answer
    assert found[draft.id] == (None, None)  # no score yet
