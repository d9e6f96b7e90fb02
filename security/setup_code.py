"""The set-up code: the one-time set-up page creates the first admin only for someone who can read
the server's console.

While no admin account exists, the app offers a page that creates the first one. Without a code,
whoever opened the address first would own the system. The code is printed on the server's console
by ``./run.sh`` (``manage.py setup-code``) and by every app process the first time it shows the page.

It is derived from the secret key (HMAC), so nothing is stored, every instance sharing ``SECRET_KEY``
expects the same code, and it stays the same across restarts (an earlier console line still works).
Once an admin exists the page is gone and the code opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import sys
import threading

from settings import get_settings

log = logging.getLogger("sprachstand.setup")

_PURPOSE = b"sprachstand-setup-code-v1"
_announced = threading.Event()
_announce_lock = threading.Lock()


def setup_code() -> str:
    """``XXXX-XXXX-XXXX``: 60 bits of base32 (no 0/1/8/9, so nothing to confuse with O/I/B)."""

    digest = hmac.new(get_settings().effective_secret_key, _PURPOSE, hashlib.sha256).digest()
    letters = base64.b32encode(digest).decode("ascii")[:12]
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def code_matches(typed: str) -> bool:
    """Whether ``typed`` is the set-up code (any case; spaces and dashes ignored)."""
    cleaned = re.sub(r"[\s\-\u2010-\u2015]", "", typed or "").upper()
    return hmac.compare_digest(cleaned.encode("utf-8"), setup_code().replace("-", "").encode("ascii"))


def console_line() -> str:
    return (
        f"Sprachstand: Einrichtung nötig. Einrichtungscode für die Seite „Sprachstand einrichten“: {setup_code()}"
        " (set-up code for the first admin account)"
    )


def announce_once() -> None:
    """Prints the code on this process's console (standard error) the first time the set-up page is
    shown. Only the console gets the code: the log record says where to look, so a log shipped
    elsewhere never carries it."""
    if _announced.is_set():
        return
    with _announce_lock:
        if _announced.is_set():
            return
        print(console_line(), file=sys.stderr, flush=True)
        log.warning("set-up needed: the set-up code was printed on the server console (or: manage.py setup-code)")
        _announced.set()
