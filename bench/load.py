#!/usr/bin/env python3
"""Load test: N simulated interviewers saving drafts and submitting at the same time, through the store.

Each interviewer (one thread, its own account; four per provider) loops until time is up: create a
learner, start an interview, save it section by section with the answers so far (like "Weiter" in the
wizard, with a random think time between saves), then submit it. Measured: the latency of every
``store.save_draft`` call (p50/p95/max), saves per second, errors, and **lost writes** — after the run
every interview is read back and its stored answers must equal the last answers saved (or submitted).

The same run happens on PostgreSQL (a fresh database on the server of TEST_DATABASE_URL, dropped
afterwards) and on SQLite (a temporary file), so the RESULT line compares the two on this machine.

    python bench/load.py [--seconds 60] [--interviewers 40] [--think-ms 1000] [--processes 1]
                         [--only postgresql|sqlite]

``--processes 2`` splits the interviewers over two processes, like two app instances behind nginx.

Target (issue 7): zero errors and zero lost writes, p95 save latency ≤ 300 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher

import store
from questionnaire import active_guide
from questionnaire.samples import sample_answers
from security import passwords
from store import db as store_db

PASSWORD = "bench-passwort-lang-genug"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Interviewer:
    actor: store.Actor
    rng: random.Random
    save_ms: list[float] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected: dict[int, dict[str, Any]] = field(default_factory=dict)  # interview id -> last saved answers
    submitted: set[int] = field(default_factory=set)


def section_prefixes(answers: dict[str, Any], guide: Any) -> list[tuple[str, dict[str, Any]]]:
    """(section id, answers of this and all earlier sections) for each section that has answers."""
    out: list[tuple[str, dict[str, Any]]] = []
    so_far: dict[str, Any] = {}
    for section in guide.sections:
        ids = [q.id for q in section.questions if q.id in answers]
        if not ids:
            continue
        so_far = {**so_far, **{qid: answers[qid] for qid in ids}}
        out.append((section.id, dict(so_far)))
    return out


def set_up(url: str, n: int) -> list[int]:
    """Providers and one interviewer account per simulated person; returns the user ids."""
    store_db.migrate(url)
    store_db.configure(url)
    admin = store.create_first_admin("admin", PASSWORD, "Bench Admin")
    providers = [store.create_provider(admin, f"Träger {i + 1}").id for i in range((n + 3) // 4)]
    return [
        store.create_user(admin, f"int{i:02d}", PASSWORD, "interviewer", providers[i // 4], f"Interviewer {i}").id
        for i in range(n)
    ]


def cheap_hashing() -> None:
    # Logins are not what is measured: argon2 at minimal cost keeps the set-up short.
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._DUMMY_HASH = None


def run_people(url: str, user_ids: list[int], seconds: float, think_s: float, barrier: Any = None) -> list[Interviewer]:
    """One app process: a thread per interviewer; with ``barrier``, starts when every process is ready."""
    store_db.configure(url)
    guide = active_guide()
    plans = [section_prefixes(sample_answers(guide, seed=s), guide) for s in range(24)]
    people = [Interviewer(store.get_actor(uid), random.Random(uid)) for uid in user_ids]
    if barrier is not None:
        barrier.wait()
    stop_at = time.time() + seconds
    threads = [threading.Thread(target=work, args=(p, plans, stop_at, think_s), daemon=True) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return people


def _process_main(url: str, user_ids: list[int], seconds: float, think_s: float, barrier: Any) -> list[Interviewer]:
    cheap_hashing()
    try:
        return run_people(url, user_ids, seconds, think_s, barrier)
    finally:
        store_db.dispose_engine(url)


def work(person: Interviewer, plans: list[list[tuple[str, dict[str, Any]]]], stop: float, think_s: float) -> None:
    rng = person.rng
    k = 0
    while time.time() < stop:
        plan = plans[rng.randrange(len(plans))]
        try:
            learner = store.create_learner(
                person.actor, "Bench", f"Person {person.actor.id}-{k}", "1990-01-01", processing_consent=True
            )
            k += 1
            view = store.start_interview(person.actor, learner.id)
            person.expected[view.id] = {}
            lock = view.lock_version
            for section, answers in plan:
                if time.time() >= stop:
                    return
                time.sleep(rng.uniform(0, 2 * think_s))
                started = time.perf_counter()
                view = store.save_draft(person.actor, view.id, answers, section, lock)
                person.save_ms.append((time.perf_counter() - started) * 1000)
                lock = view.lock_version
                person.expected[view.id] = answers
            started = time.perf_counter()
            store.submit(person.actor, view.id, lock)
            person.submit_ms.append((time.perf_counter() - started) * 1000)
            person.submitted.add(view.id)
        except Exception as exc:  # every failure is a finding: count it, go on with a new interview
            person.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")


def verify(people: list[Interviewer]) -> int:
    """Interviews whose stored answers differ from the last answers saved: lost writes."""
    lost = 0
    for person in people:
        for interview_id, answers in person.expected.items():
            view = store.get_interview_for(person.actor, interview_id)
            ok = view.answers == answers
            if interview_id in person.submitted:
                ok = ok and view.status == "submitted"
            lost += not ok
    return lost


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(url: str, label: str, args: argparse.Namespace) -> dict[str, float]:
    user_ids = set_up(url, args.interviewers)
    try:
        think_s = args.think_ms / 1000
        if args.processes == 1:
            people = run_people(url, user_ids, args.seconds, think_s)
        else:
            import multiprocessing

            store_db.dispose_engine(url)  # no pooled connections across processes
            shares = [user_ids[i :: args.processes] for i in range(args.processes)]
            context = multiprocessing.get_context("spawn")
            with context.Manager() as manager, context.Pool(args.processes) as pool:
                barrier = manager.Barrier(args.processes)
                jobs = [(url, share, args.seconds, think_s, barrier) for share in shares]
                parts = pool.starmap(_process_main, jobs)
            people = [p for part in parts for p in part]
            store_db.configure(url)
        elapsed = args.seconds
        lost = verify(people)
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)
    saves = [ms for p in people for ms in p.save_ms]
    submits = [ms for p in people for ms in p.submit_ms]
    errors = [e for p in people for e in p.errors]
    result = {
        "saves": len(saves),
        "submits": len(submits),
        "saves_per_s": len(saves) / elapsed,
        "p50_ms": statistics.median(saves) if saves else float("nan"),
        "p95_ms": pct(saves, 0.95),
        "max_ms": max(saves, default=float("nan")),
        "submit_p95_ms": pct(submits, 0.95),
        "errors": len(errors),
        "lost": lost,
    }
    print(
        f"{label:10s} {result['saves']:6d} saves ({result['saves_per_s']:.1f}/s)  p50 {result['p50_ms']:.1f} ms  "
        f"p95 {result['p95_ms']:.1f} ms  max {result['max_ms']:.1f} ms  submits {result['submits']} "
        f"(p95 {result['submit_p95_ms']:.1f} ms)  errors {result['errors']}  lost writes {lost}",
        flush=True,
    )
    for message in sorted(set(errors))[:5]:
        print(f"           error: {message}", flush=True)
    return result


def postgres_database(base: str) -> tuple[str, Any]:
    """A fresh database next to TEST_DATABASE_URL's; returns its URL and a function that drops it."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"sprachstand_bench_{secrets.token_hex(4)}"
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.set(database=name, drivername="postgresql+psycopg").render_as_string(hide_password=False), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interviewers", type=int, default=40)
    parser.add_argument("--think-ms", type=float, default=1000, help="mean pause between two saves of one person")
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument(
        "--processes", type=int, default=1, help="app processes sharing the interviewers (like app instances)"
    )
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    args = parser.parse_args()
    cheap_hashing()
    print(
        f"{args.interviewers} interviewers in {args.processes} process(es), {args.seconds:g} s per database, "
        f"think time ~{args.think_ms:g} ms "
        f"between saves, guide {active_guide().id} v{active_guide().version}",
        flush=True,
    )
    results: dict[str, dict[str, float]] = {}
    if args.only in (None, "postgresql"):
        url, drop = postgres_database(args.pg_url)
        try:
            results["pg"] = run(url, "PostgreSQL", args)
        finally:
            drop()
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = run(f"sqlite:///{Path(tmp) / 'load.db'}", "SQLite", args)
    fields = []
    for key, r in results.items():
        fields += [
            f"{key}_p50_ms={r['p50_ms']:.1f}",
            f"{key}_p95_ms={r['p95_ms']:.1f}",
            f"{key}_saves_per_s={r['saves_per_s']:.1f}",
            f"{key}_errors={r['errors']}",
            f"{key}_lost_writes={r['lost']}",
        ]
    if "pg" in results and "sqlite" in results:
        fields.append(f"p95_sqlite_over_pg={results['sqlite']['p95_ms'] / results['pg']['p95_ms']:.2f}")
    if "pg" in results:
        pg = results["pg"]
        ok = pg["errors"] == 0 and pg["lost"] == 0 and pg["p95_ms"] <= 300
        fields.append(f"target_met={'yes' if ok else 'no'}")
    print("RESULT " + " ".join(fields), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
