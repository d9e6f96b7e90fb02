"""Server-side sign-in sessions: what a browser's cookie stands for, and what ends it.

A successful sign-in creates a row here with a one-time **ticket** (valid for a minute). The browser
takes the ticket to the app's own HTTP route (``web.routes``), which redeems it for the session's
**token** and puts that into an HttpOnly cookie; every new Streamlit session of that browser (a
refresh, a second tab, a tablet waking up) resolves the cookie with ``resolve_token``. Only SHA-256
hashes of ticket and token are stored: a copy of the database (or a backup) does not let anyone
take over a session.

``check_session`` is called on every rerun: it ends the session when it was idle too long
(``IDLE_TIMEOUT_MINUTES``), reached its absolute lifetime (``SESSION_MAX_HOURS``), was ended (logout,
"Überall abmelden", an admin's password reset or deactivation), or when the password was changed
after the session began, the account or its provider was deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from settings import get_settings
from store import audit
from store.access import Actor, actor_from_user, current_user
from store.clock import utcnow
from store.errors import StoreError
from store.models import Base, Provider, User
from store.tx import transactional

TICKET_LIFETIME = timedelta(minutes=1)
TOUCH_EVERY = timedelta(seconds=30)  # last_seen is written at most this often (a write per rerun would queue on SQLite)
KEEP_ENDED = timedelta(days=1)  # ended and expired rows are deleted after this
USER_AGENT_LENGTH = 300

# Why a session ended (stored in end_reason; the app shell words each for the user).
IDLE, EXPIRED, LOGOUT, EVERYWHERE = "idle", "expired", "logout", "everywhere"
PASSWORD, INACTIVE = "password", "inactive"


class UserSession(Base):
    """One signed-in browser (all its tabs): hashes of its cookie token and one-time ticket, and its times."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    ticket_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    ticket_expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    idle_expires_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)  # absolute lifetime, never extended
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_LENGTH), default="")

    __table_args__ = (Index("ix_user_sessions_expires_at", "expires_at"),)


class SessionEnded(StoreError):
    """The session is over; ``reason`` is one of the constants above (the shell shows why)."""

    def __init__(self, reason: str) -> None:
        super().__init__("Ihre Sitzung ist beendet. Bitte melden Sie sich neu an.")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class StartedSession:
    session_id: int
    ticket: str  # one-time, for the cookie route; never stored in clear


@dataclass(frozen=True, slots=True)
class Redeemed:
    token: str  # the cookie's value; never stored in clear
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ResolvedSession:
    session_id: int
    actor: Actor


def _hash(secret: str) -> str:
    # 256 random bits: a plain (unkeyed) hash is enough, nobody can guess a preimage
    return hashlib.sha256(secret.encode()).hexdigest()


def _limits() -> tuple[timedelta, timedelta]:

    settings = get_settings()
    return timedelta(minutes=settings.idle_timeout_minutes), timedelta(hours=settings.session_max_hours)


@transactional()
def start_session(s: Session, actor: Actor, user_agent: str = "") -> StartedSession:
    """A new session for a user who has just proven who they are (password or city sign-on)."""
    user = current_user(s, actor)
    if user is None:
        raise SessionEnded(INACTIVE)  # the command line signs in nowhere
    now = utcnow()
    idle, lifetime = _limits()
    s.execute(delete(UserSession).where(UserSession.expires_at < now - KEEP_ENDED))
    ticket = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user.id,
        ticket_hash=_hash(ticket),
        ticket_expires_at=now + TICKET_LIFETIME,
        created_at=now,
        last_seen_at=now,
        idle_expires_at=now + idle,
        expires_at=now + lifetime,
        user_agent=(user_agent or "")[:USER_AGENT_LENGTH],
    )
    s.add(row)
    s.flush()
    return StartedSession(row.id, ticket)


@transactional()
def redeem_ticket(s: Session, ticket: str) -> Redeemed | None:
    """Exchanges a one-time ticket for the session's cookie token (None: unknown, used or too old)."""
    if not ticket or len(ticket) > 100:
        return None
    row = s.scalar(select(UserSession).where(UserSession.ticket_hash == _hash(ticket)))
    if row is None:
        return None
    row.ticket_hash = None  # one time only, also when it came too late
    now = utcnow()
    if row.ticket_expires_at is None or row.ticket_expires_at < now or _why_over(s, row, now) is not None:
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = _hash(token)
    row.ticket_expires_at = None
    return Redeemed(token, row.expires_at)


def resolve_token(token: str) -> ResolvedSession | None:
    """The session and user behind a cookie's token, when it is still valid (a new browser tab or reload)."""
    if not token or len(token) > 100:
        return None
    found = _read_token(token)
    if found is None:
        return None
    session_id, actor, due = found
    if due:
        _touch(session_id)
    return ResolvedSession(session_id, actor)


def check_session(session_id: int, *, touch: bool = True) -> Actor:
    """The session's user as of now, or ``SessionEnded``. ``touch``: this is activity (a rerun the user
    caused), which postpones the idle timeout; a timer's check passes ``touch=False``.

    A read-only transaction (on SQLite it does not queue behind writers); the idle clock is written
    in a second, short one at most every ``TOUCH_EVERY``."""
    actor, due = _read_session(session_id)
    if touch and due:
        _touch(session_id)
    return actor


@transactional(readonly=True)
def _read_token(s: Session, token: str) -> tuple[int, Actor, bool] | None:
    row = s.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None:
        return None
    try:
        actor, due = _check(s, row)
    except SessionEnded:
        return None
    return row.id, actor, due


@transactional(readonly=True)
def _read_session(s: Session, session_id: int) -> tuple[Actor, bool]:
    row = s.get(UserSession, session_id)
    if row is None:
        raise SessionEnded(LOGOUT)
    return _check(s, row)


def _check(s: Session, row: UserSession) -> tuple[Actor, bool]:
    """The session's user, and whether its idle clock is due to be written; ``SessionEnded`` when over."""
    now = utcnow()
    reason = _why_over(s, row, now)
    if reason is not None:
        raise SessionEnded(reason)  # nothing to write: the reason is found again from the same facts
    user = s.get(User, row.user_id)
    assert user is not None  # _why_over checked it
    return actor_from_user(user), now - row.last_seen_at >= TOUCH_EVERY


@transactional()
def _touch(s: Session, session_id: int) -> None:
    idle, _ = _limits()
    now = utcnow()
    row = s.get(UserSession, session_id)
    if row is not None and row.ended_at is None:
        row.last_seen_at = now
        row.idle_expires_at = min(now + idle, row.expires_at)


def _why_over(s: Session, row: UserSession, now: datetime) -> str | None:
    if row.ended_at is not None:
        return row.end_reason or LOGOUT
    if now >= row.expires_at:
        return EXPIRED
    if now >= row.idle_expires_at:
        return IDLE
    user = s.get(User, row.user_id)
    if user is None or not user.is_active:
        return INACTIVE
    if user.provider_id is not None:
        provider = s.get(Provider, user.provider_id)
        if provider is None or not provider.is_active:
            return INACTIVE
    if user.password_changed_at is not None and user.password_changed_at > row.created_at:
        return PASSWORD
    return None


@transactional()
def end_session(s: Session, session_id: int, reason: str = LOGOUT) -> None:
    """Logout: ends this session (every tab of the browser that shares it)."""
    s.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason, ticket_hash=None)
    )


@transactional()
def end_all_sessions(s: Session, actor: Actor) -> int:
    """ "Überall abmelden": ends every session of the acting user, on every device. Audited."""
    user = current_user(s, actor)
    if user is None:
        return 0
    count = end_sessions_of_user(s, user.id, EVERYWHERE)
    audit.record(s, actor, "session.ended_everywhere", "user", user.id, sessions=count)
    return count


def end_sessions_of_user(s: Session, user_id: int, reason: str) -> int:
    """Ends every open session of one account (password reset, deactivation), inside the caller's transaction."""
    result = s.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason, ticket_hash=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def end_sessions_of_provider(s: Session, provider_id: int, reason: str = INACTIVE) -> int:
    """Ends every open session of a provider's staff (the provider was deactivated)."""
    staff = select(User.id).where(User.provider_id == provider_id).scalar_subquery()
    result = s.execute(
        update(UserSession)
        .where(UserSession.user_id.in_(staff), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason, ticket_hash=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@transactional(readonly=True)
def open_sessions(s: Session, actor: Actor) -> int:
    """How many sessions of the acting user are open (shown on "Mein Konto")."""
    user = current_user(s, actor)
    if user is None:
        return 0
    now = utcnow()
    rows = s.scalars(
        select(UserSession.id).where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.expires_at > now,
            UserSession.idle_expires_at > now,
        )
    )
    return len(list(rows))


__all__ = [
    "EVERYWHERE",
    "EXPIRED",
    "IDLE",
    "INACTIVE",
    "LOGOUT",
    "PASSWORD",
    "Redeemed",
    "ResolvedSession",
    "SessionEnded",
    "StartedSession",
    "check_session",
    "end_all_sessions",
    "end_session",
    "end_sessions_of_provider",
    "end_sessions_of_user",
    "open_sessions",
    "redeem_ticket",
    "resolve_token",
    "start_session",
]
