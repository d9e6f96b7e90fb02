"""The counseling office's list and the statistics — filtered, paged, counted and aggregated in SQL."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.errors import InvalidInput
from store.interviews import summary_from_row, summary_select
from store.learners import name_filter
from store.models import STATUSES, Interview, Learner
from store.tx import transactional
from store.views import InterviewSummary, ReviewFilters

LEVELS = ("Pre-A1", "A1", "A2", "B1", "B2", "C1", "C2")
MAX_PAGE_SIZE = 500


def levels_from(level: str) -> list[str]:
    if level not in LEVELS:
        raise InvalidInput(f"Niveau „{level}“ gibt es nicht (erlaubt: {', '.join(LEVELS)}).", "min_levels")
    return list(LEVELS[LEVELS.index(level) :])


def _period(query: Any, start: Any, end: Any) -> Any:
    if start is not None:
        query = query.where(Interview.submitted_at >= datetime.combine(start, time.min))
    if end is not None:
        query = query.where(Interview.submitted_at < datetime.combine(end, time.min) + timedelta(days=1))
    return query


@transactional()
def review_queue(
    s: Session, actor: Actor, filters: ReviewFilters | None = None, page: int = 1, page_size: int = 50
) -> tuple[list[InterviewSummary], int]:
    """One page of the counseling office's list and the total number of matching interviews."""
    verify_actor(s, actor)
    require_role(actor, "counselor", what="die Prüfliste der Beratungsstelle")
    f = filters or ReviewFilters()
    bad = [st for st in f.statuses if st not in STATUSES]
    if bad:
        raise InvalidInput(f"Status „{bad[0]}“ gibt es nicht.", "statuses")
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    query = access.interview_scope(actor, summary_select())
    count_from = select(func.count()).select_from(Interview)
    if f.duplicates_only or f.search:  # only these filters need the learner's columns
        count_from = count_from.join(Learner, Learner.id == Interview.learner_id)
    count = access.interview_scope(actor, count_from)

    def narrow(q: Any) -> Any:
        if f.statuses:
            q = q.where(Interview.status.in_(f.statuses))
        if f.provider_id is not None:
            q = q.where(Interview.provider_id == f.provider_id)
        q = _period(q, f.submitted_from, f.submitted_to)
        for skill, level in f.min_levels.items():
            if skill not in guides.SKILL_COLUMNS:
                raise InvalidInput(f"Fertigkeit „{skill}“ gibt es nicht.", "min_levels")
            q = q.where(getattr(Interview, guides.SKILL_COLUMNS[skill]).in_(levels_from(level)))
        if f.course:
            q = q.where(Interview.recommended_course == f.course)
        if f.duplicates_only:
            q = q.where(Learner.possible_duplicate.is_(True))
        if f.search:
            q = q.where(name_filter(f.search))
        return q

    query, count = narrow(query), narrow(count)
    order = Interview.submitted_at.asc() if f.order == "oldest" else Interview.submitted_at.desc()
    tiebreak = Interview.id.asc() if f.order == "oldest" else Interview.id.desc()
    rows = s.execute(query.order_by(order, tiebreak).limit(page_size).offset((page - 1) * page_size)).all()
    total = s.scalar(count) or 0
    audit.record(s, actor, "review_queue.viewed", "interview", None, page=page, shown=[r.id for r in rows], total=total)
    return [summary_from_row(r) for r in rows], total
