"""What the store and the UI's error boundary really log, captured as JSON lines at DEBUG: never a
learner's or a staff member's name, date of birth or answer — while the ids and error ids are there."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import MetaData, select

import store
from ops.db import ops_engine
from ops.logging import configure_logging, log_context, report_error
from store import db as store_db

PASSWORD = "richtig-langes-passwort"


@pytest.fixture()
def demo_city(tmp_path) -> Iterator[str]:
    from demo.seed import seed_demo

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store_db.migrate(url)
    store_db.configure(url)
    try:
        seed_demo(learners=12, password=PASSWORD, seed=3, issue_certificates=True)
        yield url
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


@pytest.fixture()
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    configure_logging(level="DEBUG", log_file="", stream=stream)
    yield stream
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def personal_strings(url: str) -> set[str]:
    """Every name, date of birth and free-text answer of the demo city (what must never be logged)."""
    engine = ops_engine(url)
    with engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn, only=["learners", "users", "interviews"])
        learners = meta.tables["learners"]
        users = meta.tables["users"]
        found: set[str] = set()
        for row in conn.execute(select(learners.c.family_name, learners.c.given_names, learners.c.birth_date)):
            found |= {str(row.family_name), str(row.given_names), str(row.birth_date)}
        for row in conn.execute(select(users.c.display_name)):
            found.add(str(row.display_name))
        for (answers,) in conn.execute(select(meta.tables["interviews"].c.answers)):
            # the day of the interview (version 2) is no personal data, and it is today: every log line has it
            found |= {
                v
                for k, v in answers.items()
                if isinstance(v, str) and len(v) > 6 and k not in ("nationality", "interview_date")
            }
    engine.dispose()
    return {s for s in found if s and s != "None"}


def test_store_and_ui_error_paths_log_ids_but_no_personal_data(demo_city, captured):
    from ui import errors as ui_errors

    interviewer = next(u for u in store.list_users(store.authenticate("admin", PASSWORD)) if u.role == "interviewer")
    actor = store.authenticate(interviewer.username, PASSWORD)
    with log_context(user_id=actor.id, request_id="session-1"):
        with pytest.raises(store.LoginFailed):
            store.authenticate(interviewer.username, "falsches-passwort-123")
        learner = store.create_learner(actor, "Yıldırım", "Gülşen", "1987-03-09", processing_consent=True)
        view = store.start_interview(actor, learner.id)
        answers = {"family_name": "Yıldırım", "given_names": "Gülşen", "birth_date": "1987-03-09"}
        store.save_draft(actor, view.id, answers, "personal", view.lock_version)
        try:  # a second save with the old version: the store names who changed it (a staff name)
            store.save_draft(actor, view.id, answers, "personal", view.lock_version)
        except store.Conflict as exc:
            ui_errors._show(exc)  # the UI's error boundary logs the refusal
            error_id = report_error(exc)
        for found in store.search_learners(actor, ""):
            store.get_learner(actor, found.id)
        try:
            raise KeyError(learner.family_name)  # a programming error that carries a name
        except KeyError as exc:
            ui_errors.show_unexpected(exc)
    text = captured.getvalue()
    entries = [json.loads(line) for line in text.splitlines()]
    assert any(e.get("error_id") == error_id and e.get("user_id") == actor.id for e in entries)
    assert any(e["logger"] == "sprachstand.ui" for e in entries)
    leaked = sorted(s for s in personal_strings(demo_city) if s in text)
    assert not leaked, f"personal data in the log: {leaked}"
