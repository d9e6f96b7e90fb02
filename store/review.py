"""The counseling office's list and the statistics — filtered, paged, counted and aggregated in SQL."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.errors import InvalidInput
from store.interviews import summary_from_row, summary_select
from store.learners import name_filter
from store.models import STATUSES, Interview, Learner, Provider
from store.tx import transactional
from store.views import InterviewSummary, ReviewFilters, Statistics, StatisticsFilters

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
    count = access.interview_scope(
        actor, select(func.count()).select_from(Interview).join(Learner, Learner.id == Interview.learner_id)
    )

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


def _month_expr(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        return func.to_char(Interview.submitted_at, "YYYY-MM")
    return func.strftime("%Y-%m", Interview.submitted_at)


@transactional(readonly=True)
def statistics(s: Session, actor: Actor, filters: StatisticsFilters | None = None) -> Statistics:
    """Anonymous figures: counts by status, provider and month, levels per provider and skill, courses,
    waiting time. Admin and counseling office for all providers, provider admins for their own."""
    verify_actor(s, actor)
    require_role(actor, "admin", "counselor", "provider_admin", what="die Statistik")
    f = filters or StatisticsFilters()
    provider_id = actor.provider_id if actor.role == "provider_admin" else f.provider_id

    def base(*cols: Any) -> Any:
        q = select(*cols).select_from(Interview).where(Interview.status.in_(f.statuses))
        if provider_id is not None:
            q = q.where(Interview.provider_id == provider_id)
        return _period(q, f.submitted_from, f.submitted_to)

    names = dict(s.execute(select(Provider.id, Provider.name)).all())
    by_status = {st: n for st, n in s.execute(base(Interview.status, func.count()).group_by(Interview.status))}
    by_provider_id = dict(s.execute(base(Interview.provider_id, func.count()).group_by(Interview.provider_id)).all())
    month = _month_expr(s)
    by_month = {m: n for m, n in s.execute(base(month, func.count()).group_by(month).order_by(month)) if m}
    levels, totals = _levels(s, base, names)
    courses = {
        c: n
        for c, n in s.execute(base(Interview.recommended_course, func.count()).group_by(Interview.recommended_course))
        if c
    }
    tenths = _waiting_tenths(s)
    histogram = s.execute(
        base(tenths, func.count())
        .where(Interview.approved_at.is_not(None), Interview.submitted_at.is_not(None))
        .group_by(tenths)
    ).all()
    return Statistics(
        total=sum(by_status.values()),
        by_status=by_status,
        by_provider={names.get(pid, str(pid)): n for pid, n in by_provider_id.items()},
        by_month=by_month,
        levels=levels,
        level_totals=totals,
        courses=courses,
        median_waiting_days=_median_from_histogram(histogram),
    )


def _waiting_tenths(s: Session) -> Any:
    """Submission to approval in tenths of a day, as an integer (a histogram key)."""
    if s.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", Interview.approved_at - Interview.submitted_at)
        return func.floor(seconds / 8640).cast(Integer)
    days = func.julianday(Interview.approved_at) - func.julianday(Interview.submitted_at)
    return func.cast(days * 10, Integer)


def _median_from_histogram(histogram: list[Any]) -> float | None:
    pairs = sorted((int(k), int(n)) for k, n in histogram if k is not None and k >= 0)
    total = sum(n for _, n in pairs)
    if not total:
        return None
    values = []
    for middle in sorted({(total - 1) // 2, total // 2}):
        seen = 0
        for key, n in pairs:
            seen += n
            if seen > middle:
                values.append(key)
                break
    return round(sum(values) / len(values) / 10, 1)


def _levels(
    s: Session, base: Any, names: dict[int, str]
) -> tuple[dict[str, dict[str, dict[str, int]]], dict[str, dict[str, int]]]:
    """Level counts per provider and skill in one scan: GROUP BY provider and the five level columns
    (a few hundred combinations), folded per skill here."""
    columns = [getattr(Interview, c) for c in guides.SKILL_COLUMNS.values()]
    rows = s.execute(base(Interview.provider_id, *columns, func.count()).group_by(Interview.provider_id, *columns))
    levels: dict[str, dict[str, dict[str, int]]] = {}
    totals: dict[str, dict[str, int]] = {}
    skills = list(guides.SKILL_COLUMNS)
    for row in rows:
        pid, *values, n = row
        pname = names.get(pid, str(pid))
        per_provider = levels.setdefault(pname, {})
        for skill, level in zip(skills, values, strict=True):
            if level is None:
                continue
            bucket = per_provider.setdefault(skill, {})
            bucket[level] = bucket.get(level, 0) + n
            total = totals.setdefault(skill, {})
            total[level] = total.get(level, 0) + n
    return levels, totals


@transactional(readonly=True)
def level_statistics(
    s: Session, actor: Actor, filters: StatisticsFilters | None = None
) -> dict[str, dict[str, dict[str, int]]]:
    """Provider name -> skill -> level -> number of interviews (anonymous; same roles as statistics)."""
    verify_actor(s, actor)
    require_role(actor, "admin", "counselor", "provider_admin", what="die Statistik")
    f = filters or StatisticsFilters()
    provider_id = actor.provider_id if actor.role == "provider_admin" else f.provider_id

    def base(*cols: Any) -> Any:
        q = select(*cols).select_from(Interview).where(Interview.status.in_(f.statuses))
        if provider_id is not None:
            q = q.where(Interview.provider_id == provider_id)
        return _period(q, f.submitted_from, f.submitted_to)

    names = dict(s.execute(select(Provider.id, Provider.name)).all())
    return _levels(s, base, names)[0]
