"""The orders of the counseling office's list and "the next interview" after a decision, in SQL
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

import store
from store import review
from store.db import session_scope
from store.models import Interview
from tests.store.conftest import Cast


def _submitted(interview_id: int, when: str) -> None:
    with session_scope() as s:
        when_at = datetime.fromisoformat(when)
        s.execute(update(Interview).where(Interview.id == interview_id).values(submitted_at=when_at))


@pytest.fixture
def four(db: Cast) -> dict[str, int]:
    """Oldest to newest: A (VHS Musterstadt), B (Sprachschule Brücke), C and D (a possible duplicate:
    the same person at both providers)."""
    made = {
        "A": db.interview(db.interviewer_a, "submitted", family="Alpha", given="Anna"),
        "B": db.interview(db.interviewer_b, "submitted", family="Beta", given="Berta"),
        "C": db.interview(db.interviewer_a, "submitted", family="Kovalenko", given="Olena", birth="1988-08-08"),
        "D": db.interview(db.interviewer_b, "submitted", family="KOVALENKO", given="Olena", birth="1988-08-08"),
    }
    for n, iv in enumerate(made.values()):
        _submitted(iv.id, f"2026-0{n + 1}-10T09:00:00")
    return {name: iv.id for name, iv in made.items()}


def _order(db: Cast, four: dict[str, int], order: str) -> str:
    rows, _ = store.review_queue(db.counselor, store.ReviewFilters(order=order))
    names = {v: k for k, v in four.items()}
    return "".join(names[r.id] for r in rows)


def test_each_order_sorts_the_list(db: Cast, four: dict[str, int]) -> None:
    assert _order(db, four, "oldest") == "ABCD"
    assert _order(db, four, "newest") == "DCBA"
    assert _order(db, four, "provider") == "BDAC"  # Sprachschule Brücke before VHS Musterstadt, oldest first
    assert _order(db, four, "duplicates") == "CDAB"  # possible duplicates first, then oldest first
    with pytest.raises(store.InvalidInput, match="Reihenfolge"):
        store.review_queue(db.counselor, store.ReviewFilters(order="random"))


@pytest.mark.parametrize("order", review.ORDERS)
def test_next_follows_the_order_also_after_the_decision(db: Cast, four: dict[str, int], order: str) -> None:
    filters = store.ReviewFilters(order=order)
    sequence = [four[name] for name in _order(db, four, order)]
    # Walk the list as a counselor does: decide on one, then open the next.
    current = sequence[0]
    walked = [current]
    while True:
        store.approve(db.counselor, current)  # it leaves the list of submitted interviews
        following = review.next_in_queue(db.counselor, filters, current)
        if following is None:
            break
        walked.append(following)
        current = following
    assert walked == sequence


def test_next_skips_nothing_when_the_counselor_starts_in_the_middle(db: Cast, four: dict[str, int]) -> None:
    filters = store.ReviewFilters(order="oldest")
    store.return_interview(db.counselor, four["B"], "Bitte prüfen.")
    assert review.next_in_queue(db.counselor, filters, four["B"]) == four["C"]
    # at the end of the list it starts again at the top (B was returned and left the list)
    assert review.next_in_queue(db.counselor, filters, four["D"]) == four["A"]
    narrowed = store.ReviewFilters(order="oldest", provider_id=db.provider_b)
    assert review.next_in_queue(db.counselor, narrowed, four["A"]) == four["D"]  # same filters as the list


def test_next_starts_at_the_top_for_an_interview_the_counselor_cannot_see(db: Cast, four: dict[str, int]) -> None:
    hidden = db.interview(db.interviewer_a, "submitted", sharing=False, family="Geheim")
    _submitted(hidden.id, "2026-02-20T09:00:00")
    assert review.next_in_queue(db.counselor, store.ReviewFilters(order="oldest"), hidden.id) == four["A"]
    with pytest.raises(store.AccessDenied):
        review.next_in_queue(db.interviewer_a, store.ReviewFilters(order="oldest"), four["A"])
