"""Signing in: the password check that stops guessing (no check while an account is locked, one
answer for locked, wrong and unknown, a throttle per client address and per user name) with argon2
between two short transactions, so a login flood never holds the database's write lock (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from security import passwords
from settings import get_settings
from store import audit, login_throttle
from store.access import Actor, actor_from_user
from store.clock import utcnow
from store.db import run_in_transaction
from store.errors import (
    AccountLocked,
    LoginFailed,
    LoginThrottled,
    StoreError,
)
from store.models import Provider, User


@dataclass(frozen=True, slots=True)
class _Attempt:
    """What the first, short transaction of a sign-in found (the password is checked after it)."""

    user_id: int | None
    password_hash: str | None
    refused: StoreError | None  # throttled or locked: no password check


def authenticate(username: str, password: str, client: str | None = None) -> Actor:
    """Checks the password of a sign-in; ``client`` is the client's address (``ops.client``), None for a
    trusted caller without one. Raises ``LoginFailed`` alike for an unknown user, a wrong password and a
    locked account (while locked the password is not even checked), ``LoginThrottled`` when this address
    or user name tried too often in the last minute, and ``AccountLocked`` (deactivated account or
    provider) only to someone who typed the right password. Every attempt is counted and audited.

    Three steps, so the argon2 check (a third of a second of CPU) never holds SQLite's write lock: a short
    transaction counts the attempt and reads the account, the password is checked outside any transaction,
    and a second short transaction records the outcome."""
    name = (username or "").strip().lower()[:100]
    attempt = run_in_transaction(lambda s: _start(s, name, client))
    if attempt.refused is not None:
        passwords.pause()  # a refusal takes as long as a check, so timing does not tell a lock apart
        raise attempt.refused
    if attempt.password_hash is None:
        passwords.burn_time(password or "")
        correct = False
    else:
        correct = passwords.verify(attempt.password_hash, password or "")
    result = run_in_transaction(lambda s: _finish(s, name, attempt, correct, password or ""))
    if isinstance(result, StoreError):
        raise result
    return result


def _audit_name(name: str) -> dict[str, str]:
    """How an unknown user name is audited: "unbekannt" and a keyed hash (someone may have typed a password
    into the user-name field; the hash still shows repeated attempts with the same name)."""
    return {"username": "unbekannt", "name_hash": login_throttle.keyed_hash("login-name", name)[:16]}


def _locked(user: User, now: datetime) -> bool:
    return bool(user.locked_until and user.locked_until > now)


def _count_failure(s: Session, user: User, now: datetime) -> None:
    """One more wrong guess (also during a lock): at the limit the account is locked (again) from now."""
    settings = get_settings()
    user.failed_logins += 1
    if user.failed_logins >= settings.login_max_failures:
        user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
        user.failed_logins = 0
        audit.record(s, None, "login.locked", "user", user.id, username=user.username)


def _start(s: Session, name: str, client: str | None) -> _Attempt:
    wait = login_throttle.count_attempt(s, client, name)
    user = s.scalar(select(User).where(User.username == name)) if name else None
    now = utcnow()
    if wait:
        if user is None:
            hidden = _audit_name(name)  # never the typed name: it may be a password
            audit.record(
                s, None, "login.throttled", "user", None, username=hidden["username"], name_hash=hidden["name_hash"]
            )
        else:
            audit.record(s, None, "login.throttled", "user", user.id, username=user.username)
        return _Attempt(None, None, LoginThrottled(wait))
    if user is not None and _locked(user, now):
        _count_failure(s, user, now)
        audit.record(s, None, "login.refused_locked", "user", user.id, username=user.username)
        return _Attempt(user.id, None, LoginFailed())
    if user is None:
        return _Attempt(None, None, None)
    return _Attempt(user.id, user.password_hash, None)


def _finish(s: Session, name: str, attempt: _Attempt, correct: bool, password: str) -> StoreError | Actor:
    now = utcnow()
    user = s.get(User, attempt.user_id) if attempt.user_id is not None else None
    if user is None:
        hidden = _audit_name(name)  # never the typed name: it may be a password
        audit.record(
            s,
            None,
            "login.failed",
            "user",
            None,
            reason="unknown",
            username=hidden["username"],
            name_hash=hidden["name_hash"],
        )
        return LoginFailed()
    if _locked(user, now):  # locked by a parallel attempt meanwhile: this one counts as a guess too
        _count_failure(s, user, now)
        audit.record(s, None, "login.refused_locked", "user", user.id, username=user.username)
        return LoginFailed()
    if not correct or user.password_hash != attempt.password_hash:  # (a reset meanwhile: the old one is void)
        _count_failure(s, user, now)
        audit.record(s, None, "login.failed", "user", user.id, username=user.username, reason="password")
        return LoginFailed()
    provider = s.get(Provider, user.provider_id) if user.provider_id is not None else None
    if not user.is_active or (provider is not None and not provider.is_active):
        reason = "provider_inactive" if user.is_active else "inactive"
        audit.record(s, None, "login.refused_inactive", "user", user.id, username=user.username, reason=reason)
        return AccountLocked(None)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.HASHER.hash(password)
    actor = actor_from_user(user)
    audit.record(s, actor, "login.success", "user", user.id)
    return actor
