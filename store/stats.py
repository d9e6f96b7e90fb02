"""Anonymous statistics, aggregated in SQL over covering indexes (no interview row is read).

SQLite's planner, once ANALYZE has run, prefers a non-covering index for "status IN (most statuses)"
and then reads every (large) interview row; so the aggregates name their covering index explicitly
(``INDEXED BY`` on SQLite, nothing on PostgreSQL, whose planner picks index-only scans itself).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import DateTime, Integer, String, column, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from schemas.vocabulary import Role
from store import guides
from store.access import Actor, require_role, verify_actor
from store.models import Provider
from store.small_groups import hide_small, nested_counts
from store.tx import transactional
from store.views import Statistics, StatisticsFilters

LEVELS_INDEX = "ix_interviews_levels"
DASHBOARD_INDEX = "ix_interviews_dashboard"

Levels = dict[str, dict[str, dict[str, int]]]


class IndexedTable(TableClause):
    """The interviews table as a FROM that names the index to use (rendered only for SQLite)."""

    inherit_cache = False

    def __init__(self, index: str) -> None:
        super().__init__(
            "interviews",
            column("status", String),
            column("provider_id", Integer),
            column("submitted_at", DateTime),
            column("approved_at", DateTime),
            column("recommended_course", String),
            *[column(c, String) for c in guides.SKILL_COLUMNS.values()],
        )
        self.index = index


@compiles(IndexedTable)
def _plain(element: IndexedTable, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_table(element, **kw))


@compiles(IndexedTable, "sqlite")
def _indexed(element: IndexedTable, compiler: Any, **kw: Any) -> str:
    text = str(compiler.visit_table(element, **kw))
    return f"{text} INDEXED BY {element.index}" if kw.get("asfrom") else text


class _Scope:
    def __init__(self, actor: Actor, filters: StatisticsFilters | None) -> None:
        self.f = filters or StatisticsFilters()
        self.provider_id = actor.provider_id if actor.role is Role.PROVIDER_ADMIN else self.f.provider_id

    def select(self, t: IndexedTable, *cols: Any) -> Any:
        q = select(*cols).select_from(t).where(t.c.status.in_(self.f.statuses))
        if self.provider_id is not None:
            q = q.where(t.c.provider_id == self.provider_id)
        if self.f.submitted_from is not None:
            q = q.where(t.c.submitted_at >= datetime.combine(self.f.submitted_from, time.min))
        if self.f.submitted_to is not None:
            q = q.where(t.c.submitted_at < datetime.combine(self.f.submitted_to, time.min) + timedelta(days=1))
        return q


def _check(s: Session, actor: Actor) -> dict[int, str]:
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, Role.COUNSELOR, Role.PROVIDER_ADMIN, what="die Statistik")
    return dict(s.execute(select(Provider.id, Provider.name)).all())


@transactional(readonly=True)
def statistics(s: Session, actor: Actor, filters: StatisticsFilters | None = None) -> Statistics:
    """Counts by status, provider and month, levels per provider and skill, recommended courses and the
    median waiting time from submission to approval. Admin and counseling office for all providers,
    provider admins for their own."""
    names = _check(s, actor)
    scope = _Scope(actor, filters)
    t = IndexedTable(DASHBOARD_INDEX)
    postgres = s.get_bind().dialect.name == "postgresql"

    def grouped(expr: Any) -> list[Any]:
        return list(s.execute(scope.select(t, expr, func.count()).group_by(expr)).all())

    by_status = {st: n for st, n in grouped(t.c.status)}
    by_provider = {names.get(pid, str(pid)): n for pid, n in grouped(t.c.provider_id)}
    month = func.to_char(t.c.submitted_at, "YYYY-MM") if postgres else func.strftime("%Y-%m", t.c.submitted_at)
    by_month = dict(sorted((m, n) for m, n in grouped(month) if m))
    courses = {c: n for c, n in grouped(t.c.recommended_course) if c}
    if postgres:
        tenths = func.floor(func.extract("epoch", t.c.approved_at - t.c.submitted_at) / 8640).cast(Integer)
    else:
        tenths = func.cast((func.julianday(t.c.approved_at) - func.julianday(t.c.submitted_at)) * 10, Integer)
    histogram = s.execute(
        scope.select(t, tenths, func.count())
        .where(t.c.approved_at.is_not(None), t.c.submitted_at.is_not(None))
        .group_by(tenths)
    ).all()
    levels, totals = _levels(s, scope, names)
    return hide_small(
        Statistics(
            total=sum(by_status.values()),
            by_status=by_status,
            by_provider=by_provider,
            by_month=by_month,
            levels=levels,
            level_totals=totals,
            courses=courses,
            median_waiting_days=median_from_histogram(histogram),
        )
    )


@transactional(readonly=True)
def level_statistics(s: Session, actor: Actor, filters: StatisticsFilters | None = None) -> Levels:
    """Provider name -> skill -> level -> number of interviews (anonymous; same roles as statistics)."""
    names = _check(s, actor)
    return nested_counts(_levels(s, _Scope(actor, filters), names)[0])


def _levels(s: Session, scope: _Scope, names: dict[int, str]) -> tuple[Levels, dict[str, dict[str, int]]]:
    """One scan: GROUP BY provider and the five level columns (a few hundred combinations), folded here."""
    t = IndexedTable(LEVELS_INDEX)
    columns = [t.c[c] for c in guides.SKILL_COLUMNS.values()]
    rows = s.execute(scope.select(t, t.c.provider_id, *columns, func.count()).group_by(t.c.provider_id, *columns))
    levels: Levels = {}
    totals: dict[str, dict[str, int]] = {}
    skills = list(guides.SKILL_COLUMNS)
    for pid, *values, n in rows:
        per_provider = levels.setdefault(names.get(pid, str(pid)), {})
        for skill, level in zip(skills, values, strict=True):
            if level is not None:
                bucket = per_provider.setdefault(skill, {})
                bucket[level] = bucket.get(level, 0) + n
                total = totals.setdefault(skill, {})
                total[level] = total.get(level, 0) + n
    return levels, totals


def median_from_histogram(histogram: list[Any]) -> float | None:
    """Median of values given as (tenths of a day, count) pairs, in days."""
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
