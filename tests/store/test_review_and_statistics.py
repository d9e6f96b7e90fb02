"""The counseling office's list and the statistics: filters, paging, counts and figures in SQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

import store
from store.db import session_scope
from store.models import Interview
from tests.store.conftest import Cast


def _set_times(interview_id: int, submitted: str, approved: str | None = None) -> None:
    from datetime import datetime

    values: dict[str, object] = {"submitted_at": datetime.fromisoformat(submitted)}
    if approved:
        values["approved_at"] = datetime.fromisoformat(approved)
    with session_scope() as s:
        s.execute(update(Interview).where(Interview.id == interview_id).values(**values))


def test_review_queue_filters_pages_and_counts(db: Cast) -> None:
    made = [
        db.interview(db.interviewer_a if n % 2 else db.interviewer_b, "submitted", family=f"Liste {chr(97 + n)}")
        for n in range(7)
    ]
    for n, iv in enumerate(made):
        _set_times(iv.id, f"2026-0{1 + n}-10T09:00:00")
    db.interview(db.interviewer_a, "draft", family="Entwurf")  # never in the queue
    rows, total = store.review_queue(db.counselor, store.ReviewFilters(), page=1, page_size=3)
    assert total == 7 and [r.id for r in rows] == [made[6].id, made[5].id, made[4].id]
    rows, _ = store.review_queue(db.counselor, store.ReviewFilters(order="oldest"), page=3, page_size=3)
    assert [r.id for r in rows] == [made[6].id]
    rows, total = store.review_queue(db.counselor, store.ReviewFilters(provider_id=db.provider_a))
    assert total == 3 and all(r.provider_name == "VHS Musterstadt" for r in rows)
    from datetime import date

    rows, total = store.review_queue(
        db.counselor, store.ReviewFilters(submitted_from=date(2026, 2, 1), submitted_to=date(2026, 3, 10))
    )
    assert total == 2
    assert store.review_queue(db.counselor, store.ReviewFilters(min_levels={"listening": "A2"}))[1] == 7
    assert store.review_queue(db.counselor, store.ReviewFilters(min_levels={"listening": "B1"}))[1] == 0
    assert store.review_queue(db.counselor, store.ReviewFilters(course="integration_course"))[1] == 7
    assert store.review_queue(db.counselor, store.ReviewFilters(search="liste d"))[1] == 1
    with pytest.raises(store.InvalidInput, match="Niveau"):
        store.review_queue(db.counselor, store.ReviewFilters(min_levels={"listening": "Z9"}))
    assert store.review_queue(db.counselor, store.ReviewFilters(provider_id=999)) == ([], 0)


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_statistics_figures(db: Cast) -> None:
    first = db.interview(db.interviewer_a, "approved", family="Stat Eins")
    second = db.interview(db.interviewer_b, "approved", family="Stat Zwei")
    db.interview(db.interviewer_b, "submitted", family="Stat Drei", sharing=False)
    db.interview(db.interviewer_a, "draft", family="Stat Vier")
    _set_times(first.id, "2026-03-01T10:00:00", "2026-03-03T10:00:00")  # 2 days
    _set_times(second.id, "2026-04-01T10:00:00", "2026-04-07T10:00:00")  # 6 days
    stats = store.statistics(db.admin)
    assert stats.total == 3 and stats.by_status == {"approved": 2, "submitted": 1}
    assert stats.by_provider == {"VHS Musterstadt": 1, "Sprachschule Brücke": 2}
    assert stats.by_month["2026-03"] == 1 and stats.by_month["2026-04"] == 1
    assert stats.median_waiting_days == 4.0
    assert stats.levels["Sprachschule Brücke"]["reading"] == {"A1": 2}
    assert stats.courses == {"integration_course": 3}
    own = store.statistics(db.padmin_a)  # a provider admin sees its own provider only
    assert own.total == 1 and set(own.by_provider) == {"VHS Musterstadt"}
    assert store.level_statistics(db.counselor)["VHS Musterstadt"]["listening"] == {"A2": 1}
    assert first.id != second.id and timedelta(days=1)
