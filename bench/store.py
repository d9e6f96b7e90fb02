#!/usr/bin/env python3
"""Benchmark of the store at city scale: the counseling office's review list and the level statistics.

For each database (SQLite file, PostgreSQL schema) it seeds N demo interviews (bulk inserts), then
measures, through the store's own API as the counselor:
  - review list: status "submitted" of one provider, newest first, first page of 50, total count;
  - level statistics: interviews per provider, skill and level;
median of --repeat runs each. The named alternative, measured in the same run on the same database:
loading the interview table (joined with learners and providers) into pandas and filtering/grouping
there. Target: each query <= 200 ms at 100,000 interviews and >= 10x faster than pandas.

    python bench/store.py --interviews 100000 [--repeat 15] [--postgres-url URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd
from sqlalchemy import create_engine, text

import store
from demo.seed import DEFAULT_PASSWORD, seed_demo
from schemas.vocabulary import REVIEW_STATUSES, Skill, Status
from store import db as store_db

TARGET_MS = 200.0
TARGET_RATIO = 10.0
PANDAS_SQL = """
SELECT i.id, i.status, i.provider_id, i.submitted_at, i.learner_id, i.guide_id, i.guide_version,
       i.level_listening, i.level_reading, i.level_spoken_interaction, i.level_spoken_production,
       i.level_writing, i.recommended_course, i.updated_at, i.approved_at,
       l.family_name, l.given_names, l.birth_date, l.sharing_consent, l.possible_duplicate, l.erased_at,
       p.name AS provider_name
FROM interviews i JOIN learners l ON l.id = i.learner_id JOIN providers p ON p.id = i.provider_id
"""


def median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up (connection pool, statement cache)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def pandas_queue(url: str, provider_id: int) -> tuple[list[int], int]:
    engine = store_db.get_engine(url)
    with engine.connect() as conn:
        df = pd.read_sql(text(PANDAS_SQL), conn)
    mask = (
        (df["status"] == Status.SUBMITTED.value)
        & (df["provider_id"] == provider_id)
        & (df["sharing_consent"].astype(bool))
        & (df["erased_at"].isna())
    )
    hits = df[mask].sort_values(["submitted_at", "id"], ascending=False)
    return hits["id"].head(50).tolist(), len(hits)


def pandas_levels(url: str) -> dict[str, dict[str, dict[str, int]]]:
    engine = store_db.get_engine(url)
    with engine.connect() as conn:
        df = pd.read_sql(text(PANDAS_SQL), conn)
    df = df[df["status"].isin([status.value for status in REVIEW_STATUSES])]
    out: dict[str, dict[str, dict[str, int]]] = {}
    for skill in Skill:
        counts = df.groupby(["provider_name", f"level_{skill}"]).size()
        for (provider, level), n in counts.items():
            out.setdefault(str(provider), {}).setdefault(skill, {})[str(level)] = int(n)
    return out


def refresh_planner_statistics(url: str) -> None:
    """What a running system has after a bulk load: planner statistics, and on PostgreSQL the visibility
    map that autovacuum maintains (needed for index-only scans)."""
    engine = store_db.get_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()


def run_backend(name: str, url: str, n: int, repeat: int) -> dict[str, float]:
    store_db.migrate(url)
    store_db.configure(url)
    try:
        start = time.perf_counter()
        seed_demo(learners=n, seed=42, templates=300, history=False, issue_certificates=False)
        seed_s = time.perf_counter() - start
        refresh_planner_statistics(url)
        counselor = store.authenticate("beratung", DEFAULT_PASSWORD)
        provider_id = store.list_providers(counselor)[0].id
        filters = store.ReviewFilters(statuses=("submitted",), provider_id=provider_id, order="newest")

        queue_ms, (rows, total) = median_ms(lambda: store.review_queue(counselor, filters, 1, 50), repeat)
        stats_ms, levels = median_ms(lambda: store.level_statistics(counselor), repeat)
        full_stats_ms, _ = median_ms(lambda: store.statistics(counselor), max(3, repeat // 3))
        pd_repeat = max(3, repeat // 5)
        pd_queue_ms, (pd_ids, pd_total) = median_ms(lambda: pandas_queue(url, provider_id), pd_repeat)
        pd_stats_ms, pd_levels = median_ms(lambda: pandas_levels(url), pd_repeat)

        # both ways must give the same answer, or the comparison means nothing
        assert [r.id for r in rows] == pd_ids and total == pd_total, "review list differs from pandas"
        assert levels == pd_levels, "level statistics differ from pandas"
        print(
            f"{name:10} seed {n} interviews {seed_s:6.1f} s | review list {queue_ms:7.1f} ms (total {total}) "
            f"vs pandas {pd_queue_ms:7.1f} ms = {pd_queue_ms / queue_ms:5.1f}x | level statistics {stats_ms:7.1f} ms "
            f"vs pandas {pd_stats_ms:7.1f} ms = {pd_stats_ms / stats_ms:5.1f}x | full dashboard statistics "
            f"{full_stats_ms:7.1f} ms",
            flush=True,
        )
        return {
            "queue_ms": queue_ms,
            "stats_ms": stats_ms,
            "full_stats_ms": full_stats_ms,
            "pandas_queue_ms": pd_queue_ms,
            "pandas_stats_ms": pd_stats_ms,
            "seed_s": seed_s,
        }
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-postgres", action="store_true", help="only SQLite")
    args = parser.parse_args()

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run_backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", args.interviews, args.repeat)
    if not args.no_postgres:
        schema = f"bench_store_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.postgres_url else "?"
        url = f"{args.postgres_url}{sep}options={quote(f'-csearch_path={schema}')}"
        try:
            results["postgres"] = run_backend("PostgreSQL", url, args.interviews, args.repeat)
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    fields = [f"interviews={args.interviews}"]
    ok = True
    for backend, r in results.items():
        q_ratio = r["pandas_queue_ms"] / r["queue_ms"]
        s_ratio = r["pandas_stats_ms"] / r["stats_ms"]
        ok &= r["queue_ms"] <= TARGET_MS and r["stats_ms"] <= TARGET_MS
        ok &= q_ratio >= TARGET_RATIO and s_ratio >= TARGET_RATIO
        fields += [
            f"{backend}_review_list_ms={r['queue_ms']:.1f}",
            f"{backend}_level_stats_ms={r['stats_ms']:.1f}",
            f"{backend}_review_list_vs_pandas={q_ratio:.1f}x",
            f"{backend}_level_stats_vs_pandas={s_ratio:.1f}x",
        ]
    fields.append(f"target_met={'yes' if ok else 'no'}")
    print("RESULT " + " ".join(fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
