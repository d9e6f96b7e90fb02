#!/usr/bin/env python3
"""Sign-in under load: how many sign-ins a process completes per second, and what a login flood does
to another user's save — on SQLite and PostgreSQL, for the sign-in of this code and for the old one.

Two code paths, measured in the same run on the same database:

* ``current`` — ``store.authenticate`` as it is in this checkout, plus ``store.sessions.start_session``
  for a successful sign-in (what the login form does);
* ``old`` — the sign-in of 6 Dec 2026 (commit 6e684ea), copied below: the password's argon2 check runs
  inside the write transaction (on SQLite: ``BEGIN IMMEDIATE``, so every other writer waits for it),
  also for unknown users.

Phases per database and path: (1) ``--clients`` threads sign in with the right password for
``--seconds`` → sign-ins per second; (2) the same threads send failed sign-ins (unknown names and wrong
passwords) while one interviewer saves a draft every 100 ms → that user's save latency (p50/p95/max),
against (0) the same saves with no flood. argon2 runs with the production parameters.

    python bench/login.py [--seconds 10] [--clients 4] [--only postgresql|sqlite]

Target (issue 15): during the flood of 8 clients, another user's save p95 under 300 ms on SQLite.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import store
from bench.load import DEFAULT_PG, pct, postgres_database
from questionnaire import active_guide
from questionnaire.samples import sample_answers
from store import db as store_db

PASSWORD = "Fenster-Wolke-Treppe-Senf-41"
ACCOUNTS = 6


def old_authenticate(username: str, password: str) -> Any:
    """The sign-in of commit 6e684ea: the whole check, argon2 included, in one write transaction."""
    from datetime import timedelta

    from sqlalchemy import select

    from security import passwords
    from store import audit
    from store.access import actor_from_user
    from store.clock import utcnow
    from store.errors import AccountLocked, LoginFailed
    from store.models import User

    outcome: list[Any] = []

    def work(s: Any) -> None:
        outcome.clear()
        name = (username or "").strip().lower()[:100]
        user = s.scalar(select(User).where(User.username == name)) if name else None
        now = utcnow()
        if user is None:
            passwords.burn_time(password or "")
            audit.record(s, None, "login.failed", "user", None, username="(bench)", reason="unknown")
            outcome.append(LoginFailed())
            return
        if user.locked_until and user.locked_until > now:
            correct = passwords.verify(user.password_hash, password or "")
            audit.record(s, None, "login.refused_locked", "user", user.id, username=user.username)
            outcome.append(AccountLocked(user.locked_until) if correct else LoginFailed())
            return
        if not passwords.verify(user.password_hash, password or ""):
            user.failed_logins += 1
            if user.failed_logins >= 5:
                user.locked_until = now + timedelta(minutes=15)
                user.failed_logins = 0
            audit.record(s, None, "login.failed", "user", user.id, username=user.username, reason="password")
            outcome.append(LoginFailed())
            return
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        actor = actor_from_user(user)
        audit.record(s, actor, "login.success", "user", user.id)
        outcome.append(actor)

    store_db.run_in_transaction(work)
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


def current_sign_in(username: str, password: str) -> Any:
    from store import sessions

    actor = store.authenticate(username, password)
    sessions.start_session(actor, "bench")
    return actor


PATHS: dict[str, Callable[[str, str], Any]] = {"old": old_authenticate, "current": current_sign_in}


def set_up(url: str) -> tuple[store.Actor, int, dict[str, Any], str]:
    store_db.migrate(url)
    store_db.configure(url)
    admin = store.create_first_admin("admin", "Kiesel-Laterne-Brot-Ufer-93", "Bench Admin")
    provider = store.create_provider(admin, "Träger 1").id
    for i in range(ACCOUNTS):
        store.create_user(admin, f"konto{i}", PASSWORD, "interviewer", provider, f"Konto {i}")
    store.create_user(admin, "schreiberin", PASSWORD, "interviewer", provider, "Schreiberin")
    writer = store.authenticate("schreiberin", PASSWORD)
    learner = store.create_learner(writer, "Bench", "Person", "1990-01-01", processing_consent=True)
    view = store.start_interview(writer, learner.id)
    guide = active_guide()
    section = guide.sections[0]
    answers = {k: v for k, v in sample_answers(guide, seed=1).items() if k in {q.id for q in section.questions}}
    return writer, view.id, answers, section.id


def sign_ins(path: Callable[[str, str], Any], clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        for i in itertools.count():
            if time.monotonic() >= stop:
                return
            path(f"konto{(k + i) % ACCOUNTS}", PASSWORD)
            done[k] += 1

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def saves_during(
    path: Callable[[str, str], Any] | None,
    clients: int,
    seconds: float,
    writer: store.Actor,
    interview_id: int,
    answers: dict[str, Any],
    section: str,
) -> list[float]:
    """Save latencies (ms) of one interviewer while ``clients`` threads send failed sign-ins (None: none)."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []

    def attacker(k: int) -> None:
        for i in itertools.count():
            if time.monotonic() >= stop:
                return
            name = f"unbekannt{k}-{i}" if i % 2 else f"konto{(k + i) % ACCOUNTS}"
            with contextlib.suppress(store.StoreError):
                path(name, "falsch-geraten-" + str(i))  # type: ignore[misc]

    lock = store.get_interview_for(writer, interview_id).lock_version
    threads = [threading.Thread(target=attacker, args=(k,), daemon=True) for k in range(clients if path else 0)]
    for t in threads:
        t.start()
    while time.monotonic() < stop or len(latencies) < 3:  # a few saves however long each takes
        started = time.perf_counter()
        view = store.save_draft(writer, interview_id, answers, section, lock)
        latencies.append((time.perf_counter() - started) * 1000)
        lock = view.lock_version
        time.sleep(0.1)
    for t in threads:
        t.join()
    return latencies


def unlock_all(admin_url: str) -> None:
    """Failed sign-ins lock the accounts; the next phase starts from unlocked ones."""
    from sqlalchemy import update

    from store.models import User

    with store_db.get_engine(admin_url).begin() as conn:
        conn.execute(update(User).values(failed_logins=0, locked_until=None))


def run(url: str, label: str, args: argparse.Namespace) -> dict[str, float]:
    writer, interview_id, answers, section = set_up(url)
    out: dict[str, float] = {}
    try:
        quiet = saves_during(None, 0, args.seconds / 2, writer, interview_id, answers, section)
        out["quiet_p95_ms"] = pct(quiet, 0.95)
        p50, p95 = statistics.median(quiet), pct(quiet, 0.95)
        print(f"{label:10s} no flood        saves p50 {p50:7.1f} ms  p95 {p95:7.1f} ms", flush=True)
        for name, path in PATHS.items():
            unlock_all(url)
            rate = sign_ins(path, args.clients, args.seconds)
            unlock_all(url)
            flood = saves_during(path, args.clients, args.seconds, writer, interview_id, answers, section)
            out[f"{name}_signins_per_s"] = rate
            out[f"{name}_save_p50_ms"] = statistics.median(flood)
            out[f"{name}_save_p95_ms"] = pct(flood, 0.95)
            out[f"{name}_save_max_ms"] = max(flood)
            print(
                f"{label:10s} {name:8s} sign-ins {rate:6.2f}/s   during a flood of {args.clients}: saves "
                f"p50 {statistics.median(flood):7.1f} ms  p95 {pct(flood, 0.95):7.1f} ms  max {max(flood):7.1f} ms "
                f"({len(flood)} saves)",
                flush=True,
            )
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per phase")
    parser.add_argument("--clients", type=int, default=8, help="threads signing in (or flooding) at once")
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    args = parser.parse_args()
    print(f"{args.clients} clients, {args.seconds:g} s per phase, argon2 with the production parameters", flush=True)
    results: dict[str, dict[str, float]] = {}
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = run(f"sqlite:///{Path(tmp) / 'login.db'}", "SQLite", args)
    if args.only in (None, "postgresql"):
        url, drop = postgres_database(args.pg_url)
        try:
            results["pg"] = run(url, "PostgreSQL", args)
        finally:
            drop()
    fields = []
    for key, r in results.items():
        fields += [f"{key}_{name}={value:.1f}" for name, value in r.items()]
        fields.append(f"{key}_flood_p95_old_over_current={r['old_save_p95_ms'] / r['current_save_p95_ms']:.1f}")
    if "sqlite" in results:
        fields.append(f"target_met={'yes' if results['sqlite']['current_save_p95_ms'] < 300 else 'no'}")
    print("RESULT " + " ".join(fields), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
