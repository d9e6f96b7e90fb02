"""Migration 0013_workflow on a database with data (SQLite and PostgreSQL): the submissions are counted
from the review events, and a waiting interview that a counselor already read can no longer be
withdrawn; one nobody opened can."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

import store
from schemas.vocabulary import Action
from store import db as store_db
from tests.store.conftest import Cast


def test_upgrade_counts_submissions_and_finds_first_openings(db: Cast) -> None:
    resubmitted = db.interview(db.interviewer_a, "returned")
    view = store.get_interview_for(db.interviewer_a, resubmitted.id)
    store.submit(db.interviewer_a, resubmitted.id, view.lock_version)
    read = db.interview(db.interviewer_a, "submitted", family="Nasser")
    store.get_interview_for(db.counselor, read.id)
    untouched = db.interview(db.interviewer_a, "submitted", family="Osman")

    engine = store_db.get_engine(db.url)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        if engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys = OFF")
        with conn.begin():
            cfg = store_db._alembic_config(db.url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0009_sessions")
        if engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys = ON")
    store_db.migrate(db.url)
    assert store_db.current_revision(db.url) == "0013_workflow"

    with engine.connect() as conn:
        counts: dict[int, int] = {
            row[0]: row[1] for row in conn.execute(text("SELECT id, submissions FROM interviews"))
        }
    assert counts[resubmitted.id] == 2 and counts[read.id] == 1 and counts[untouched.id] == 1
    assert Action.WITHDRAW not in store.allowed_actions(db.interviewer_a, read.id)
    assert Action.WITHDRAW in store.allowed_actions(db.interviewer_a, untouched.id)
    assert store.get_interview_for(db.interviewer_a, resubmitted.id).resubmitted
