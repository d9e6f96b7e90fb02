"""Demo data reads like a real past: no review, approval or change lies after the moment of seeding."""

from __future__ import annotations

from datetime import date

from demo.seed import seed_demo
from store import db as store_db


def test_no_demo_review_lies_in_the_future(empty_db: str) -> None:
    seed_demo(learners=300, password="demo-passwort-2024", seed=7, today=date.today())
    engine = store_db.get_engine()
    with engine.connect() as conn:
        for table, column in (
            ("interviews", "updated_at"),
            ("interviews", "approved_at"),
            ("review_events", "at"),
            ("certificates", "issued_at"),
        ):
            latest = conn.exec_driver_sql(f"SELECT MAX({column}) FROM {table}").scalar()  # noqa: S608
            assert latest is None or str(latest)[:10] <= date.today().isoformat(), (table, column, latest)
