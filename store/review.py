"""The counseling office's list — filtered, paged and counted in SQL — and its filters (``apply_filters``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from schemas.views import InterviewSummary, ReviewFilters
from schemas.vocabulary import Level, Role, Skill, Status
from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.errors import InvalidInput
from store.learners import name_filter
from store.models import Interview, Learner, Provider
from store.summaries import summary_from_row, summary_select
from store.tx import transactional

MAX_PAGE_SIZE = 500
# The orders of the list (``ReviewFilters.order``), each ending in a unique key so paging and "next" are stable.
ORDERS = ("oldest", "newest", "provider", "duplicates")


def _sort_keys(order: str) -> list[tuple[Any, bool]]:
    """The list's sort keys for ``order`` as (column, ascending) pairs."""
    oldest = [(Interview.submitted_at, True), (Interview.id, True)]
    keys: dict[str, list[tuple[Any, bool]]] = {
        "oldest": oldest,
        "newest": [(Interview.submitted_at, False), (Interview.id, False)],
        "provider": [(Provider.name, True), *oldest],  # provider names are unique
        "duplicates": [(Learner.possible_duplicate, False), *oldest],
    }
    if order not in keys:
        raise InvalidInput(f"Reihenfolge „{order}“ gibt es nicht (erlaubt: {', '.join(ORDERS)}).", "order")
    return keys[order]


def _after(keys: list[tuple[Any, bool]], values: tuple[Any, ...]) -> Any:
    """Rows that come after the row with sort key ``values`` (keyset condition, NULL-free keys)."""
    bound = [literal(v, type_=column.type) for (column, _), v in zip(keys, values, strict=True)]  # also booleans
    branches = []
    for n, (column, ascending) in enumerate(keys):
        equal = [k == v for (k, _), v in zip(keys[:n], bound[:n], strict=True)]
        branches.append(and_(*equal, column > bound[n] if ascending else column < bound[n]))
    return or_(*branches)


def levels_from(name: str) -> list[str]:
    """The CEFR names of level ``name`` ("A2") and above: what a level column holds for "at least A2"."""
    level = Level.parse(name)
    if level is None or level.label != name:
        raise InvalidInput(f"Niveau „{name}“ gibt es nicht (erlaubt: {', '.join(Level.names())}).", "min_levels")
    return [higher.label for higher in level.and_above()]


def _period(query: Any, start: Any, end: Any) -> Any:
    if start is not None:
        query = query.where(Interview.submitted_at >= datetime.combine(start, time.min))
    if end is not None:
        query = query.where(Interview.submitted_at < datetime.combine(end, time.min) + timedelta(days=1))
    return query


def _checked(f: ReviewFilters) -> list[tuple[Any, bool]]:
    """Checks the filters that are not checked while narrowing; returns the sort keys."""
    bad = [st for st in f.statuses if not Status.has(st)]
    if bad:
        raise InvalidInput(f"Status „{bad[0]}“ gibt es nicht.", "statuses")
    return _sort_keys(f.order)


def apply_filters(query: Any, f: ReviewFilters, *, names: bool = True, joined: bool = True) -> Any:
    """``query`` restricted to the filters of the review queue (used by the list, the dashboard and the
    exports). ``joined``: the query joins Learner already (else the duplicate flag is checked by a
    sub-query and the name search is not available); ``names``: apply the name search."""
    if f.statuses:
        query = query.where(Interview.status.in_(f.statuses))
    if f.provider_id is not None:
        query = query.where(Interview.provider_id == f.provider_id)
    query = _period(query, f.submitted_from, f.submitted_to)
    for skill, level in f.min_levels.items():
        if skill not in guides.SKILL_COLUMNS:
            raise InvalidInput(f"Fertigkeit „{skill}“ gibt es nicht.", "min_levels")
        query = query.where(getattr(Interview, guides.SKILL_COLUMNS[Skill(skill)]).in_(levels_from(level)))
    if f.course:
        query = query.where(Interview.recommended_course == f.course)
    if f.assigned_to_id is not None:
        query = query.where(Interview.assigned_to_id == f.assigned_to_id)
    if f.duplicates_only:
        if joined:
            query = query.where(Learner.possible_duplicate.is_(True))
        else:
            duplicates = select(Learner.id).where(Learner.possible_duplicate.is_(True))
            query = query.where(Interview.learner_id.in_(duplicates))
    if names and joined and f.search:
        query = query.where(name_filter(f.search))
    return query


def _ordered(query: Any, keys: list[tuple[Any, bool]]) -> Any:
    return query.order_by(*(column.asc() if ascending else column.desc() for column, ascending in keys))


@transactional()
def review_queue(
    s: Session, actor: Actor, filters: ReviewFilters | None = None, page: int = 1, page_size: int = 50
) -> tuple[list[InterviewSummary], int]:
    """One page of the counseling office's list and the total number of matching interviews."""
    verify_actor(s, actor)
    require_role(actor, Role.COUNSELOR, what="die Prüfliste der Beratungsstelle")
    f = filters or ReviewFilters()
    keys = _checked(f)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    query = apply_filters(access.interview_scope(actor, summary_select()), f)
    count_from = select(func.count()).select_from(Interview)
    if f.duplicates_only or f.search:  # only these filters need the learner's columns
        count_from = count_from.join(Learner, Learner.id == Interview.learner_id)
    count = apply_filters(access.interview_scope(actor, count_from), f)
    rows = s.execute(_ordered(query, keys).limit(page_size).offset((page - 1) * page_size)).all()
    total = s.scalar(count) or 0
    shown = [r.id for r in rows]
    learners = [r.learner_id for r in rows]
    audit.record(
        s,
        actor,
        "review_queue.viewed",
        "interview",
        None,
        page=page,
        shown=shown,
        total=total,
        included_learners=learners,
    )
    return [summary_from_row(r) for r in rows], total


@transactional(readonly=True)
def next_in_queue(s: Session, actor: Actor, filters: ReviewFilters, after_id: int) -> int | None:
    """The id of the interview that follows interview ``after_id`` in the list with these filters and
    order — also when ``after_id`` itself has left the list (approved or returned meanwhile); the
    first of the list when ``after_id`` is not visible at all or was the last one (the list starts
    again at the top, as a counselor working from "newest first" expects); None when nothing else
    is left."""
    verify_actor(s, actor)
    require_role(actor, Role.COUNSELOR, what="die Prüfliste der Beratungsstelle")
    keys = _checked(filters)
    query = apply_filters(access.interview_scope(actor, summary_select()), filters).where(Interview.id != after_id)
    # The current row's sort key, within what the counselor may see (returned and approved interviews
    # stay visible, so this also finds an interview that just left a list of submitted ones).
    current = s.execute(
        access.interview_scope(actor, summary_select().with_only_columns(*(c for c, _ in keys))).where(
            Interview.id == after_id
        )
    ).first()
    first = _ordered(query, keys).with_only_columns(Interview.id).limit(1)
    if current is not None and all(v is not None for v in current):
        following = s.scalar(
            _ordered(query.where(_after(keys, tuple(current))), keys).with_only_columns(Interview.id).limit(1)
        )
        if following is not None:
            return int(following)
    found = s.scalar(first)
    return None if found is None else int(found)
