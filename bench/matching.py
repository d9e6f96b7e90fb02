#!/usr/bin/env python3
"""Benchmark of the course catalogue (issue 17): matching one interview's placement to offers, and the
public course finder's first page, on SQLite and PostgreSQL.

For each database it seeds N demo interviews (``seed_demo``) and C offers of all providers (random course
types, levels, dates within a year, districts, formats, statuses), then measures through the store's API:
  - matching: ``store.matching_offers(counselor, interview)`` for randomly chosen submitted interviews
    (reads the interview, runs the ranked SQL match, writes the reasons of the top 20);
  - finder: ``store.public_offers`` with a course type and a district, first page of 20, with its count;
median of --repeat runs each. The named alternative, measured in the same run on the same database:
loading the offer table into pandas and filtering, scoring and sorting there (the same hard conditions
and points). Both must return the same offers. Target: matching <= 50 ms median and >= 10x pandas.

    python bench/matching.py --courses 5000 --interviews 100000 [--repeat 30] [--postgres-url URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd
from sqlalchemy import create_engine, insert, select, text

import store
from demo.seed import DEFAULT_PASSWORD, seed_demo
from schemas.courses import BOOKABLE, Measure, OfferStatus, Weekday, time_of_day
from schemas.placement import Course
from schemas.vocabulary import Level, Status
from store import db as store_db
from store.course_matching import LATE_ENTRY_DAYS, LIMIT, needs_from
from store.course_models import Offer
from store.models import Interview

TARGET_MS = 50.0
TARGET_RATIO = 10.0
DISTRICTS = ["Mitte", "Nord", "Süd", "Ost", "West", "Hafen", "Altstadt", "Neustadt", "Heide", "Bahnhof", "Au", "Berg"]
COURSES = [c for c in Course if c not in (Course.SCHOOL_REFERRAL,)]


def median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def seed_offers(url: str, n: int, provider_ids: list[int], rng: random.Random) -> None:
    today = date.today()
    rows = []
    for _ in range(n):
        entry = rng.randrange(0, 5)
        start = today + timedelta(days=rng.randrange(-20, 365))
        hour = rng.choice([8, 9, 13, 14, 17, 18])
        days = rng.sample(list(Weekday)[:6], rng.randrange(1, 5))
        total = rng.randrange(8, 25)
        part = time_of_day(clock(hour))
        rows.append(
            {
                "provider_id": rng.choice(provider_ids),
                "title": f"Kurs {rng.randrange(100000)}",
                "course_type": rng.choice(COURSES).value,
                "measure": None,
                "entry_level": Level.by_rank(entry).value,
                "target_level": Level.by_rank(entry + 1).value,
                "entry_rank": entry,
                "start_date": start,
                "end_date": start + timedelta(days=rng.randrange(60, 300)),
                "days": ",".join(d.value for d in days),
                "time_from": clock(hour),
                "time_to": clock(hour + 3),
                "time_of_day": part.value if part else None,
                "on_weekend": Weekday.SAT in days,
                "teaching_units": rng.choice([300, 400, 700, 1000]),
                "full_time": rng.random() < 0.5,
                "part_time": rng.random() < 0.4,
                "evening": hour >= 17,
                "online": rng.random() < 0.1,
                "women_only": rng.random() < 0.1,
                "childcare": rng.random() < 0.25,
                "address": "Musterstraße 1",
                "district": (d := rng.choice(DISTRICTS)),
                "district_key": d.casefold(),
                "barrier_free": rng.random() < 0.5,
                "accessibility": "",
                "places_total": total,
                "places_free": rng.randrange(0, total + 1),
                "waitlist_open": rng.random() < 0.5,
                "contact": "anmeldung@example.org",
                "status": rng.choice([*BOOKABLE, OfferStatus.ENDED]).value,
                "is_demo": True,
                "created_at": today,
                "updated_at": today,
                "lock_version": 1,
            }
        )
    with store_db.get_engine(url).begin() as conn:
        for i in range(0, len(rows), 1000):
            conn.execute(insert(Offer), rows[i : i + 1000])


def pandas_match(url: str, needs: Any, weeks: int) -> list[int]:
    with store_db.get_engine(url).connect() as conn:
        df = pd.read_sql(text("SELECT * FROM courses"), conn)
    today = date.today()
    start = pd.to_datetime(df["start_date"]).dt.date
    end = pd.to_datetime(df["end_date"]).dt.date
    kind = df["course_type"] == needs.course.value
    if needs.course is Course.COUNSELING:  # a counseling placement also fits a counseling offer
        kind |= df["measure"] == Measure.COUNSELING_SERVICE.value
    mask = (
        kind
        & df["status"].isin([s.value for s in BOOKABLE])
        & (start >= today - timedelta(days=LATE_ENTRY_DAYS))
        & (df["end_date"].isna() | (end >= today))
        & ((df["places_free"] > 0) | df["waitlist_open"].astype(bool))
    )
    score = (df["places_free"] > 0) * 20 + (start <= today + timedelta(weeks=weeks)) * 15
    if needs.start_level is not None:
        rank = needs.start_level.rank
        mask &= df["entry_rank"].isna() | df["entry_rank"].between(rank - 1, rank + 1)
        score += df["entry_rank"].map(lambda r: 15 if pd.isna(r) else (30 if r == rank else 10))
    columns = {"childcare": "childcare", "full_time": "full_time", "part_time": "part_time", "evening": "evening",
               "online": "online", "women_only": "women_only"}  # fmt: skip
    points = {"childcare": 15, "women_only": 10, "online": 5}
    for fmt in needs.formats:
        score += df[columns[fmt.value]].astype(bool) * points.get(fmt.value, 10)
    if needs.availability:
        times = [a for a in needs.availability if a != "weekends"]
        fits = df["time_of_day"].isin(times) | df["time_of_day"].isna()
        if "weekends" in needs.availability:
            fits |= df["on_weekend"].astype(bool)
        score += fits * 10
    if needs.district:
        score += (df["district_key"] == needs.district.casefold()) * 10
    hits = df[mask].assign(score=score[mask], start=start[mask])
    hits = hits.sort_values(["score", "start", "id"], ascending=[False, True, True])
    return hits["id"].head(LIMIT).astype(int).tolist()


def pandas_finder(url: str, course: Course, district: str) -> tuple[list[int], int]:
    with store_db.get_engine(url).connect() as conn:
        df = pd.read_sql(text("SELECT * FROM courses"), conn)
    today = date.today()
    end = pd.to_datetime(df["end_date"]).dt.date
    mask = (
        df["status"].isin([s.value for s in BOOKABLE])
        & (df["course_type"] == course.value)
        & (df["district_key"] == district.casefold())
        & (df["end_date"].isna() | (end >= today))
    )
    hits = df[mask].assign(start=pd.to_datetime(df["start_date"])).sort_values(["start", "id"])
    return hits["id"].head(20).astype(int).tolist(), len(hits)


def run_backend(name: str, url: str, n: int, courses: int, repeat: int) -> dict[str, float]:
    store_db.migrate(url)
    store_db.configure(url)
    rng = random.Random(17)
    try:
        seed_demo(learners=n, seed=42, templates=300, history=False, issue_certificates=False)
        counselor = store.authenticate("beratung", DEFAULT_PASSWORD)
        seed_offers(url, courses, [p.id for p in store.list_providers(counselor)], rng)
        engine = store_db.get_engine(url)
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
            else:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
            ids = (
                conn.execute(
                    select(Interview.id).where(Interview.status == Status.SUBMITTED.value, Interview.shared.is_(True))
                )
                .scalars()
                .all()
            )
        chosen = rng.sample(list(ids), min(len(ids), repeat))
        views = [store.get_interview_for(counselor, i) for i in chosen]
        match_times, pandas_times = [], []
        for view in views:
            needs = needs_from(view.score, view.answers)
            if needs.course is None:
                continue
            ms, result = median_ms(lambda v=view: store.matching_offers(counselor, v.id), 3)
            pd_ms, pd_ids = median_ms(lambda nd=needs, w=result.weeks: pandas_match(url, nd, w), 1)
            got = [m.offer.id for m in result.matches]
            assert got == pd_ids, f"matching differs from pandas for {needs}: {got} != {pd_ids}"
            match_times.append(ms)
            pandas_times.append(pd_ms)
        finder_filters = store.OfferFilters(course_type=Course.INTEGRATION_COURSE, district="Nord")
        finder_ms, (offers, total) = median_ms(lambda: store.public_offers(finder_filters, limit=20), repeat)
        pd_finder_ms, (pd_ids, pd_total) = median_ms(lambda: pandas_finder(url, Course.INTEGRATION_COURSE, "Nord"), 3)
        assert [o.id for o in offers] == pd_ids and total == pd_total, "finder differs from pandas"
        match_ms, pd_match_ms = statistics.median(match_times), statistics.median(pandas_times)
        print(
            f"{name:10} {n} interviews, {courses} offers | match {match_ms:6.1f} ms vs pandas {pd_match_ms:6.1f} ms "
            f"= {pd_match_ms / match_ms:5.1f}x ({len(match_times)} interviews) | finder {finder_ms:6.1f} ms "
            f"(total {total}) vs pandas {pd_finder_ms:6.1f} ms = {pd_finder_ms / finder_ms:5.1f}x",
            flush=True,
        )
        return {
            "match_ms": match_ms,
            "pandas_match_ms": pd_match_ms,
            "finder_ms": finder_ms,
            "pandas_finder_ms": pd_finder_ms,
        }
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=5000)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-postgres", action="store_true", help="only SQLite")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            results["sqlite"] = run_backend("SQLite", url, args.interviews, args.courses, args.repeat)
    if not args.no_postgres:
        schema = f"bench_match_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.postgres_url else "?"
        url = f"{args.postgres_url}{sep}options={quote(f'-csearch_path={schema}')}"
        try:
            results["postgres"] = run_backend("PostgreSQL", url, args.interviews, args.courses, args.repeat)
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    fields = [f"courses={args.courses}", f"interviews={args.interviews}"]
    ok = True
    for backend, r in results.items():
        ratio = r["pandas_match_ms"] / r["match_ms"]
        finder_ratio = r["pandas_finder_ms"] / r["finder_ms"]
        ok &= r["match_ms"] <= TARGET_MS and ratio >= TARGET_RATIO
        fields += [
            f"{backend}_match_ms={r['match_ms']:.1f}",
            f"{backend}_match_vs_pandas={ratio:.1f}x",
            f"{backend}_finder_ms={r['finder_ms']:.1f}",
            f"{backend}_finder_vs_pandas={finder_ratio:.1f}x",
        ]
    fields.append(f"target_met={'yes' if ok else 'no'}")
    print("RESULT " + " ".join(fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
