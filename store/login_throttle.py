"""Sign-in attempts per client address and per user name, for the throttle in front of the password check.

Attempts share the table ``verify_attempts`` with the public verification (same shape: a keyed hash and
a time, so the limit holds across app instances and no address or name is stored in clear); the hash's
prefix keeps the three counters apart. Every attempt is counted, also a refused one: whoever keeps
guessing stays throttled.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from settings import get_settings
from store.clock import utcnow
from store.verification import KEEP_ATTEMPTS, VerifyAttempt, _forget_old_attempts

WINDOW = timedelta(minutes=1)


def keyed_hash(kind: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key) of a client address or a user name."""

    key = get_settings().effective_secret_key
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _recent(s: Session, key: str, since: object) -> int:
    return s.scalar(select(func.count()).where(VerifyAttempt.client_hash == key, VerifyAttempt.at >= since)) or 0


def count_attempt(s: Session, client: str | None, username: str) -> int:
    """Records one attempt; returns 0 when it may go on, else the seconds to wait (the limit is reached)."""

    settings = get_settings()
    now = utcnow()
    _forget_old_attempts(s, now - KEEP_ATTEMPTS)
    since = now - WINDOW
    limits = [(keyed_hash("login-account", username), settings.login_attempts_per_account_per_minute)]
    if client is not None:  # None: a trusted caller without an address (command line, tests)
        limits.append((keyed_hash("login-client", client), settings.login_attempts_per_client_per_minute))
    over = any(_recent(s, key, since) >= limit for key, limit in limits)
    for key, _ in limits:
        s.add(VerifyAttempt(client_hash=key, at=now))
    return int(WINDOW.total_seconds()) if over else 0
