"""Bad input: a clear German message, nothing changed, every operation one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import store
from store import audit
from store import db as store_db
from store.db import session_scope
from store.models import AuditEvent, InterviewRevision, User
from store.scoping import CrossProvider
from tests.store.conftest import PASSWORD, Cast


def _count(model: type) -> int:
    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_other_providers_record_is_refused_in_german(db: Cast) -> None:
    iv = db.interview(db.interviewer_b, "draft")
    with pytest.raises(store.AccessDenied, match="keinen Zugriff"):
        store.get_interview_for(db.interviewer_a, iv.id)
    with pytest.raises(store.AccessDenied):
        store.save_draft(db.interviewer_a, iv.id, iv.answers, None, iv.lock_version)
    with pytest.raises(store.NotFound, match="nicht gefunden"):
        store.get_interview_for(db.interviewer_a, 999_999)


def test_wrong_role_is_refused_and_names_who_may(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    with pytest.raises(store.AccessDenied, match="Beratungsstelle"):
        store.approve(db.interviewer_a, iv.id)
    with pytest.raises(store.AccessDenied, match="keine Daten von Lernenden"):
        store.get_interview_for(db.admin, iv.id)
    with pytest.raises(store.AccessDenied):
        store.create_provider(db.counselor, "Neuer Träger")
    with pytest.raises(store.AccessDenied):
        store.set_app_setting(db.counselor, "city_name", "Anderswo")
    assert store.get_interview_for(db.interviewer_a, iv.id).status == "submitted"


def test_forged_actor_is_refused(db: Cast) -> None:
    forged = store.Actor(id=db.interviewer_a.id, username="ina", role="counselor")
    with pytest.raises(store.AccessDenied, match="neu an"):
        store.review_queue(forged)


def test_settings_are_validated(db: Cast) -> None:
    with pytest.raises(store.InvalidInput, match="Großbuchstaben"):
        store.set_app_setting(db.admin, "certificate_prefix", "spr1")
    with pytest.raises(store.InvalidInput, match="gibt es nicht"):
        store.set_app_setting(db.admin, "unbekannt", 1)
    assert store.set_app_setting(db.admin, "city_name", "Neustadt")["city_name"] == "Neustadt"
    assert store.get_app_settings()["certificate_prefix"] == "SPR"


def test_a_failure_halfway_leaves_nothing_behind(db: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    iv = db.interview(db.interviewer_a, "draft")
    revisions, events = _count(InterviewRevision), _count(AuditEvent)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        store.save_draft(db.interviewer_a, iv.id, {**iv.answers, "children": 4}, "personal", iv.lock_version)
    monkeypatch.undo()
    after = store.get_interview_for(db.interviewer_a, iv.id)
    assert "children" not in after.answers and after.lock_version == iv.lock_version
    assert _count(InterviewRevision) == revisions and _count(AuditEvent) == events + 1  # only the read above


def test_duplicate_username_changes_nothing(db: Cast) -> None:
    users = _count(User)
    with pytest.raises(store.InvalidInput, match="gibt es bereits"):
        store.create_user(db.admin, "beratung", PASSWORD, "counselor")
    assert _count(User) == users


def test_malformed_database_url_gives_a_german_message() -> None:
    store_db.configure("kein-gueltiger-wert")
    try:
        with pytest.raises(store.DatabaseUnavailable, match="ungültig"):
            store.setup_needed()
    finally:
        store_db.configure(None)


def test_malformed_database_url_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import get_settings

    monkeypatch.setenv("DATABASE_URL", "sprachstand.db")
    get_settings.cache_clear()
    try:
        with pytest.raises(store.DatabaseUnavailable, match="DATABASE_URL"):
            store.setup_needed()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://postgres@127.0.0.1:1/nirgends", "sqlite:////proc/sprachstand/nicht-anlegbar.db"],
    ids=["postgresql-down", "sqlite-unwritable"],
)
def test_database_down_gives_a_german_message(url: str) -> None:
    store_db.configure(url)
    try:
        with pytest.raises(store.DatabaseUnavailable) as caught:
            store.authenticate("admin", PASSWORD)
        assert "Datenbank" in str(caught.value) and "Traceback" not in str(caught.value)
    finally:
        store_db.dispose_engine(url)
        store_db.configure(None)
