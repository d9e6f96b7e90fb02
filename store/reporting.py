"""The anonymous figures (the dashboard, ``statistics`` and ``level_statistics``: one implementation,
aggregated in SQL over covering indexes), the course labels in use, and the learner look-up for
data-protection requests. The review queue's filters are ``store.review.apply_filters``.

Access rules as in the rest of the store: every function takes the acting user and refuses what
that user may not do. The dashboard is anonymous (counts only) and open to the counseling office and
the admin (every provider) and to a provider admin (own provider only); row queries are the
counseling office's (sharing consent given, submitted or later).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, cast, func, literal_column, select
from sqlalchemy.orm import Session

from questionnaire import available_guides
from schemas.views import ReviewFilters, Statistics, StatisticsFilters
from schemas.vocabulary import REVIEW_STATUSES, Role, Skill, Status
from store import access, audit, guides
from store.access import DATA_REQUEST_FOUND, NOT_DESIGNATED, Actor, require_role, verify_actor
from store.errors import AccessDenied, InvalidInput
from store.models import GuideVersion, Interview, Learner, Provider
from store.names import name_key
from store.review import apply_filters, levels_from
from store.scoping import CrossProvider, cross_provider
from store.small_groups import hide_small, nested_counts
from store.tx import transactional

Levels = dict[str, dict[str, dict[str, int]]]  # provider name -> skill -> level -> count

REPORT_STATUSES = REVIEW_STATUSES  # submitted and later: what the counseling office works with


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Anonymous figures for one set of filters (every number aggregated in SQL). A count of a group
    smaller than MIN_GROUP_SIZE is None ("< 5", ``store.small_groups``)."""

    total: int | None
    by_status: dict[str, int | None]
    by_provider: dict[str, int | None]
    by_month: dict[str, int | None]  # "YYYY-MM" (month of submission) -> count
    levels: dict[str, dict[str, int | None]]  # skill -> level -> count
    courses: dict[str, int | None]  # course id -> count
    approved: int | None  # interviews with a submission and an approval time (waiting time known)
    waiting_days: dict[int, int | None] = field(default_factory=dict)  # whole days waited -> count
    median_waiting_days: float | None = None
    mean_waiting_days: float | None = None


def check_filters(f: ReviewFilters) -> None:
    bad = [s for s in f.statuses if not Status.has(s)]
    if bad:
        raise InvalidInput(f"Status „{bad[0]}“ gibt es nicht.", "statuses")
    for skill, level in f.min_levels.items():
        if skill not in guides.SKILL_COLUMNS:
            raise InvalidInput(f"Fertigkeit „{skill}“ gibt es nicht.", "min_levels")
        levels_from(level)  # refuses a level that does not exist
    if f.submitted_from and f.submitted_to and f.submitted_from > f.submitted_to:
        raise InvalidInput("Zeitraum: das Von-Datum liegt nach dem Bis-Datum.", "submitted_from")


# --- the dashboard ---------------------------------------------------------------------------


def _month(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        return func.to_char(Interview.submitted_at, "YYYY-MM")
    return func.strftime("%Y-%m", Interview.submitted_at)


def _waited_days(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", Interview.approved_at - Interview.submitted_at) / 86400.0
    return func.julianday(Interview.approved_at) - func.julianday(Interview.submitted_at)


def _median_from_buckets(buckets: dict[int, int]) -> float | None:
    """The median of whole-day buckets (each bucket counts as its day number)."""
    n = sum(buckets.values())
    if n == 0:
        return None
    lower, upper = (n - 1) // 2, n // 2
    seen, values = 0, []
    for day in sorted(buckets):
        count = buckets[day]
        for position in (lower, upper):
            if seen <= position < seen + count:
                values.append(day)
        seen += count
    return sum(values) / len(values)


def _aggregates(s: Session, actor: Actor, f: ReviewFilters, what: str) -> Any:
    """The checked filters as a builder of anonymous aggregate statements (no join, no row read).

    A provider admin gets the own provider only, whatever the filter says (``access.statistics_provider``).
    On SQLite "+column" keeps the planner from picking a status/provider index that is not covering (it
    would then read every large interview row); it scans a covering index instead."""
    verify_actor(s, actor)
    require_role(actor, Role.COUNSELOR, Role.ADMIN, Role.PROVIDER_ADMIN, what=what)
    f = replace(f, provider_id=access.statistics_provider(actor, f.provider_id))
    check_filters(f)
    if f.search:
        raise AccessDenied("Die Auswertung ist anonym: eine Suche nach Namen ist hier nicht möglich.")
    statuses = tuple(st for st in (f.statuses or REPORT_STATUSES) if st in REPORT_STATUSES)
    if not statuses:
        raise InvalidInput("Die Auswertung umfasst nur eingereichte und spätere Interviews.", "statuses")
    sqlite = s.get_bind().dialect.name == "sqlite"

    def plain(name: str) -> Any:
        return literal_column(f"+interviews.{name}") if sqlite else getattr(Interview, name)

    def base(*cols: Any) -> Any:
        q = select(*cols).select_from(Interview).where(plain("status").in_(statuses))
        if f.provider_id is not None:
            q = q.where(plain("provider_id") == f.provider_id)
        q = apply_filters(q, replace(f, statuses=(), provider_id=None), names=False, joined=False)
        return cross_provider(q, CrossProvider.ANONYMOUS_STATISTICS)

    return base


def _provider_names(s: Session, ids: Any) -> dict[int, str]:
    return dict(s.execute(select(Provider.id, Provider.name).where(Provider.id.in_(list(ids)))).all())


def _levels(s: Session, base: Any) -> dict[int, dict[str, dict[str, int]]]:
    """Provider id -> skill -> level -> count, in one scan: grouped by provider and the five level columns
    (the order of the covering index ix_interviews_levels: the database walks it without sorting)."""
    columns = [getattr(Interview, c) for c in guides.SKILL_COLUMNS.values()]
    per_provider: dict[int, dict[str, dict[str, int]]] = {}
    for provider_id, *values, n in s.execute(
        base(Interview.provider_id, *columns, func.count()).group_by(Interview.provider_id, *columns)
    ):
        for skill, level in zip(Skill, values, strict=True):
            if level is not None:
                bucket = per_provider.setdefault(provider_id, {}).setdefault(skill, {})
                bucket[level] = bucket.get(level, 0) + n
    return per_provider


def _dashboard(s: Session, base: Any) -> tuple[Dashboard, dict[int, dict[str, dict[str, int]]]]:
    """The figures (and the levels per provider id). Three GROUP BY statements: one over (status,
    provider, month, course) whose few thousand group rows are summed up per figure, one over whole
    waiting days (approved interviews only), both served by the covering index ``ix_interviews_dashboard``,
    and the levels (``_levels``). Only columns of the covering indexes: erased interviews (times kept to
    the month) are not told apart here."""
    postgres = s.get_bind().dialect.name == "postgresql"
    month = _month(s)
    waited = _waited_days(s)
    timed = and_(
        Interview.approved_at.is_not(None),
        Interview.submitted_at.is_not(None),
        Interview.approved_at >= Interview.submitted_at,
    )
    groups = base(
        Interview.status, Interview.provider_id, month.label("month"), Interview.recommended_course, func.count()
    ).group_by(Interview.status, Interview.provider_id, month, Interview.recommended_course)
    by_status: dict[str, int] = {}
    by_provider_id: dict[int, int] = {}
    by_month: dict[str, int] = {}
    courses: dict[str, int] = {}
    for status, provider_id, m, course, n in s.execute(groups):
        by_status[status] = by_status.get(status, 0) + n
        by_provider_id[provider_id] = by_provider_id.get(provider_id, 0) + n
        if m:
            by_month[m] = by_month.get(m, 0) + n
        if course:
            courses[course] = courses.get(course, 0) + n
    day = func.floor(waited) if postgres else cast(waited, Integer)
    buckets: dict[int, int] = {}
    waited_total = 0.0
    for d, n, w in s.execute(base(day, func.count(), func.sum(waited)).where(timed).group_by(day)):
        if d is not None:
            buckets[int(d)] = buckets.get(int(d), 0) + n
            waited_total += float(w or 0)
    names = _provider_names(s, by_provider_id)
    per_provider = _levels(s, base)
    levels: dict[str, dict[str, int]] = {skill: {} for skill in Skill}
    for provider_levels in per_provider.values():
        for skill, bucket in provider_levels.items():
            for level, n in bucket.items():
                levels[skill][level] = levels[skill].get(level, 0) + n
    approved = sum(buckets.values())
    figures = Dashboard(
        total=sum(by_status.values()),
        by_status=_optional(by_status),
        by_provider=_optional(dict(sorted((names.get(pid, str(pid)), n) for pid, n in by_provider_id.items()))),
        by_month=_optional(dict(sorted(by_month.items()))),
        levels={skill: _optional(counts) for skill, counts in levels.items()},
        courses=_optional(dict(sorted(courses.items(), key=lambda kv: -kv[1]))),
        approved=approved,
        waiting_days=dict(sorted(buckets.items())),
        median_waiting_days=_median_from_buckets(buckets),
        mean_waiting_days=round(waited_total / approved, 1) if approved else None,
    )
    return figures, per_provider


def _optional(counts: dict[str, int]) -> dict[str, int | None]:
    """Counts typed as figures may hold them: a small group becomes None later (``hide_small``)."""
    return {key: n for key, n in counts.items()}


@transactional(readonly=True)
def dashboard(s: Session, actor: Actor, filters: ReviewFilters | None = None) -> Dashboard:
    """Counts by status, provider and month, levels per skill, courses, waiting time — all interviews
    submitted or later of every provider (anonymous: consent to sharing is not needed for a count;
    erased interviews keep their anonymous facts). Counseling office and admin; a provider admin gets
    the same figures for the own provider only (the provider filter is replaced by the own provider in
    every statement). No join: the duplicate filter is a sub-query."""
    base = _aggregates(s, actor, filters or ReviewFilters(statuses=REPORT_STATUSES), "die Auswertung")
    return hide_small(_dashboard(s, base)[0])  # groups under MIN_GROUP_SIZE as None ("< 5")


def _from_statistics_filters(filters: StatisticsFilters | None) -> ReviewFilters:
    f = filters or StatisticsFilters()
    return ReviewFilters(
        statuses=f.statuses, provider_id=f.provider_id, submitted_from=f.submitted_from, submitted_to=f.submitted_to
    )


def _by_name(s: Session, per_provider: dict[int, dict[str, dict[str, int]]]) -> Levels:
    names = _provider_names(s, per_provider)
    return {names.get(pid, str(pid)): levels for pid, levels in per_provider.items()}


@transactional(readonly=True)
def statistics(s: Session, actor: Actor, filters: StatisticsFilters | None = None) -> Statistics:
    """The dashboard's figures with the levels per provider as well (``store.statistics``): admin and
    counseling office for all providers, provider admins for their own."""
    base = _aggregates(s, actor, _from_statistics_filters(filters), "die Statistik")
    figures, per_provider = _dashboard(s, base)
    return hide_small(
        Statistics(
            total=figures.total,
            by_status=figures.by_status,
            by_provider=figures.by_provider,
            by_month=figures.by_month,
            levels={
                name: {skill: _optional(c) for skill, c in sk.items()} for name, sk in _by_name(s, per_provider).items()
            },
            level_totals={skill: counts for skill, counts in figures.levels.items() if counts},
            courses=figures.courses,
            median_waiting_days=figures.median_waiting_days,
        )
    )


@transactional(readonly=True)
def level_statistics(s: Session, actor: Actor, filters: StatisticsFilters | None = None) -> Levels:
    """Provider name -> skill -> level -> number of interviews (anonymous; same roles as statistics)."""
    base = _aggregates(s, actor, _from_statistics_filters(filters), "die Statistik")
    return nested_counts(_by_name(s, _levels(s, base)))


# --- labels of what is stored as ids ----------------------------------------------------------


@transactional(readonly=True)
def course_labels(s: Session, actor: Actor) -> dict[str, str]:
    """Course id -> German label, from every guide version there is (bundled and uploaded)."""

    verify_actor(s, actor)
    found: dict[str, str] = {}
    loaded = list(available_guides())
    for guide_id, version in s.execute(select(GuideVersion.guide_id, GuideVersion.version)).all():
        try:
            loaded.append(guides.guide(s, guide_id, version))
        except (InvalidInput, ValueError):
            continue
    for g in loaded:  # uploaded versions come last: their wording wins
        for course in getattr(g, "course_types", []):
            found[course.value] = g.text(course.label)
    return found


# --- data-protection requests ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestMatch:
    """A learner record found for a data-protection request (enough to tell records apart)."""

    learner_id: int
    provider_name: str
    family_name: str
    given_names: str
    birth_date: date | None
    interviews: int


@transactional()
def find_learners_for_request(
    s: Session, actor: Actor, family_name: str, given_names: str, birth_date: date | None
) -> list[RequestMatch]:
    """Every learner record with this name and birth date, at any provider (a data-protection request
    concerns all of a person's records). Name *and* birth date are required, so the page cannot be used
    to browse; every search is audited. Admin and the designated counseling accounts only."""
    verify_actor(s, actor)
    if not actor.handles_data_requests:
        raise AccessDenied(NOT_DESIGNATED)
    if not (family_name or "").strip() or not (given_names or "").strip() or birth_date is None:
        raise InvalidInput("Bitte Familienname, Vornamen und Geburtsdatum angeben (alle drei).", "family_name")
    key = name_key(family_name, given_names)
    counts = select(Interview.learner_id, func.count().label("n")).group_by(Interview.learner_id).subquery()
    found = (
        select(Learner, Provider.name, counts.c.n)
        .join(Provider, Provider.id == Learner.provider_id)
        .outerjoin(counts, counts.c.learner_id == Learner.id)
        .where(Learner.name_key == key, Learner.birth_date == birth_date, Learner.erased_at.is_(None))
        .order_by(Learner.id)
    )
    rows = s.execute(cross_provider(found, CrossProvider.DATA_PROTECTION_REQUEST)).all()
    audit.record(s, actor, "data_request.search", "learner", None, found=[r[0].id for r in rows])
    for learner, _, _ in rows:  # what opens export and erasure (store.privacy) and shows in the learner's report
        audit.record(
            s, actor, DATA_REQUEST_FOUND, "learner", learner.id, learner_id=learner.id, provider_id=learner.provider_id
        )
    return [
        RequestMatch(
            learner_id=learner.id,
            provider_name=provider,
            family_name=learner.family_name or "",
            given_names=learner.given_names or "",
            birth_date=learner.birth_date,
            interviews=n or 0,
        )
        for learner, provider, n in rows
    ]


@transactional(readonly=True)
def guide_version(s: Session, actor: Actor, guide_id: str, version: int) -> Any:
    """The guide (engine object) of one version, bundled or uploaded — no personal data, any logged-in user."""
    verify_actor(s, actor)
    return guides.guide(s, guide_id, version)


@transactional(readonly=True)
def active_guide(s: Session, actor: Actor) -> Any:
    """The guide version new interviews use (for the admin's diff against an upload)."""
    verify_actor(s, actor)
    return guides.active_guide(s)
