"""Server-side sessions (SQLite and PostgreSQL): ticket → cookie token, what ends a session, only hashes stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session

import store
from store import db as store_db
from store import sessions
from store.clock import utcnow
from store.sessions import SessionEnded, UserSession
from tests.store.conftest import PASSWORD, Cast


def _signed_in(actor: store.Actor) -> tuple[int, str]:
    started = sessions.start_session(actor, "Mozilla/5.0 Testbrowser")
    redeemed = sessions.redeem_ticket(started.ticket)
    assert redeemed is not None
    return started.session_id, redeemed.token


def _row(db: Cast, session_id: int) -> UserSession:
    with Session(store_db.get_engine(db.url)) as s:
        row = s.get(UserSession, session_id)
        assert row is not None
        s.expunge(row)
        return row


def _age(db: Cast, session_id: int, **values: object) -> None:
    with store_db.get_engine(db.url).begin() as conn:
        conn.execute(update(UserSession).where(UserSession.id == session_id).values(**values))


def test_a_ticket_gives_a_token_once_and_the_token_resolves_in_a_new_tab(db: Cast) -> None:
    started = sessions.start_session(db.interviewer_a, "UA")
    redeemed = sessions.redeem_ticket(started.ticket)
    assert redeemed is not None
    assert sessions.redeem_ticket(started.ticket) is None  # one time only
    resolved = sessions.resolve_token(redeemed.token)
    assert resolved is not None and resolved.session_id == started.session_id
    assert resolved.actor.id == db.interviewer_a.id
    assert sessions.resolve_token("erfunden") is None
    assert sessions.check_session(started.session_id).id == db.interviewer_a.id


def test_only_hashes_are_stored(db: Cast) -> None:
    started = sessions.start_session(db.interviewer_a, "Mozilla/5.0 Testbrowser")
    redeemed = sessions.redeem_ticket(started.ticket)
    assert redeemed is not None
    with store_db.get_engine(db.url).connect() as conn:
        row = (
            conn.execute(text("SELECT * FROM user_sessions WHERE id = :id"), {"id": started.session_id})
            .mappings()
            .one()
        )
    stored = " ".join(str(v) for v in row.values())
    assert redeemed.token not in stored and started.ticket not in stored
    assert row["token_hash"] and len(row["token_hash"]) == 64
    assert row["user_agent"] == "Mozilla/5.0 Testbrowser"
    stored_row = _row(db, started.session_id)
    assert stored_row.expires_at - stored_row.created_at == timedelta(hours=12)


def test_a_late_ticket_is_refused(db: Cast) -> None:
    started = sessions.start_session(db.interviewer_a)
    _age(db, started.session_id, ticket_expires_at=utcnow() - timedelta(seconds=1))
    assert sessions.redeem_ticket(started.ticket) is None


def test_logout_ends_the_session_for_every_tab(db: Cast) -> None:
    session_id, token = _signed_in(db.interviewer_a)
    sessions.end_session(session_id)
    assert sessions.resolve_token(token) is None
    with pytest.raises(SessionEnded) as ended:
        sessions.check_session(session_id)
    assert ended.value.reason == sessions.LOGOUT


def test_sign_out_everywhere_ends_all_sessions_of_the_user_only(db: Cast) -> None:
    _first, token1 = _signed_in(db.interviewer_a)
    _second, token2 = _signed_in(db.interviewer_a)
    _other, token3 = _signed_in(db.interviewer_a2)
    assert sessions.open_sessions(db.interviewer_a) == 2
    assert sessions.end_all_sessions(db.interviewer_a) == 2
    assert sessions.resolve_token(token1) is None and sessions.resolve_token(token2) is None
    assert sessions.resolve_token(token3) is not None
    assert store.audit_log(db.admin, action="session.ended_everywhere")[1] == 1


def test_password_reset_and_own_password_change_end_sessions(db: Cast) -> None:
    session_id, token = _signed_in(db.interviewer_a)
    store.reset_password(db.padmin_a, db.interviewer_a.id, "ein-ganz-neues-Kennwort-77")
    with pytest.raises(SessionEnded) as ended:
        sessions.check_session(session_id)
    assert ended.value.reason == sessions.PASSWORD
    assert sessions.resolve_token(token) is None
    session_id, token = _signed_in(db.interviewer_a)
    assert sessions.check_session(session_id).id == db.interviewer_a.id
    store.change_own_password(db.interviewer_a, "ein-ganz-neues-Kennwort-77", PASSWORD)
    with pytest.raises(SessionEnded) as ended:
        sessions.check_session(session_id)
    assert ended.value.reason == sessions.PASSWORD


def test_deactivating_the_user_or_the_provider_ends_sessions(db: Cast) -> None:
    session_id, _ = _signed_in(db.interviewer_a)
    store.set_user_active(db.admin, db.interviewer_a.id, False)
    store.set_user_active(db.admin, db.interviewer_a.id, True)  # reactivated: the old session stays ended
    with pytest.raises(SessionEnded) as ended:
        sessions.check_session(session_id)
    assert ended.value.reason == sessions.INACTIVE
    session_b, token_b = _signed_in(db.interviewer_b)
    counselor, _ = _signed_in(db.counselor)
    store.update_provider(db.admin, db.provider_b, is_active=False)
    with pytest.raises(SessionEnded):
        sessions.check_session(session_b)
    assert sessions.resolve_token(token_b) is None
    assert sessions.check_session(counselor).id == db.counselor.id


def test_idle_and_absolute_expiry(db: Cast) -> None:
    session_id, _ = _signed_in(db.interviewer_a)
    now = utcnow()
    _age(db, session_id, last_seen_at=now - timedelta(minutes=31), idle_expires_at=now - timedelta(minutes=1))
    with pytest.raises(SessionEnded) as ended:
        sessions.check_session(session_id, touch=False)
    assert ended.value.reason == sessions.IDLE
    session_id, _token = _signed_in(db.interviewer_a)
    _age(db, session_id, expires_at=now - timedelta(seconds=1))
    with pytest.raises(SessionEnded) as ended:
        sessions.check_session(session_id)
    assert ended.value.reason == sessions.EXPIRED


def test_activity_postpones_the_idle_timeout_but_a_timer_check_does_not(db: Cast) -> None:
    session_id, _ = _signed_in(db.interviewer_a)
    old = utcnow() - timedelta(minutes=10)
    _age(db, session_id, last_seen_at=old, idle_expires_at=old + timedelta(minutes=30))
    sessions.check_session(session_id, touch=False)
    assert _row(db, session_id).last_seen_at == old
    sessions.check_session(session_id)
    row = _row(db, session_id)
    assert row.last_seen_at > old and row.idle_expires_at > utcnow() + timedelta(minutes=29)
