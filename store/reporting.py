"""What the counseling office's dashboard and exports need beyond ``review_queue``/``statistics``:
the full filter set applied in SQL, anonymous aggregates with those filters, the course ids in use,
the scoped row query of an export, and the learner look-up for data-protection requests.

Access rules as in the rest of the store: every function takes the acting user and refuses what
that user may not do. The dashboard is anonymous (counts only) and open to the counseling office and
the admin (every provider) and to a provider admin (own provider only); row queries are the
counseling office's (sharing consent given, submitted or later).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, Select, and_, cast, func, literal_column, select
from sqlalchemy.orm import Session

from schemas.vocabulary import REVIEW_STATUSES, Role, Skill, Status
from store import access, audit, guides
from store.access import COMMAND_LINE, DATA_REQUEST_FOUND, NOT_DESIGNATED, Actor, require_role, verify_actor
from store.errors import AccessDenied, InvalidInput
from store.learners import name_filter
from store.models import Interview, Learner, Provider
from store.names import name_key
from store.review import levels_from
from store.small_groups import hide_small
from store.tx import transactional
from store.views import ReviewFilters

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


def apply_filters(query: Any, f: ReviewFilters, *, names: bool = True, joined: bool = True) -> Any:
    """The review queue's filters. ``joined``: the query joins Learner already (else the duplicate
    flag is checked by a sub-query and the name search is not available)."""
    if f.statuses:
        query = query.where(Interview.status.in_(f.statuses))
    if f.provider_id is not None:
        query = query.where(Interview.provider_id == f.provider_id)
    if f.submitted_from is not None:
        query = query.where(Interview.submitted_at >= datetime.combine(f.submitted_from, time.min))
    if f.submitted_to is not None:
        query = query.where(Interview.submitted_at < datetime.combine(f.submitted_to, time.min) + timedelta(days=1))
    for skill, level in f.min_levels.items():
        column = getattr(Interview, guides.SKILL_COLUMNS[skill])
        query = query.where(column.in_(levels_from(level)))
    if f.course:
        query = query.where(Interview.recommended_course == f.course)
    if f.duplicates_only:
        if joined:
            query = query.where(Learner.possible_duplicate.is_(True))
        else:
            query = query.where(
                Interview.learner_id.in_(select(Learner.id).where(Learner.possible_duplicate.is_(True)))
            )
    if names and joined and f.search:
        query = query.where(name_filter(f.search))
    return query


def row_scope(actor: Actor, query: Select) -> Select:  # type: ignore[type-arg]
    """Rows with personal data: the counseling office's view. The command line (``manage.py export``)
    gets the same view — it exports what the counseling office could export, nothing more."""
    if actor is COMMAND_LINE:
        return query.where(
            Interview.status.in_(REVIEW_STATUSES),
            Learner.sharing_consent.is_(True),
            Learner.erased_at.is_(None),
        )
    require_role(actor, Role.COUNSELOR, what="Exporte der Beratungsstelle")
    return access.interview_scope(actor, query)


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


@transactional(readonly=True)
def dashboard(s: Session, actor: Actor, filters: ReviewFilters | None = None) -> Dashboard:
    """Counts by status, provider and month, levels per skill, courses, waiting time — all interviews
    submitted or later of every provider (anonymous: consent to sharing is not needed for a count;
    erased interviews keep their anonymous facts). Counseling office and admin; a provider admin gets
    the same figures for the own provider only (the provider filter is replaced by the own provider in
    every statement, as in ``store.statistics``).

    Three GROUP BY statements: one over (status, provider, month, course) whose few thousand group rows
    are summed up per figure, one over whole waiting days (approved interviews only), both served by
    the covering index ``ix_interviews_dashboard``, and one over provider and the five level columns
    (covering index ``ix_interviews_levels``, in its column order), folded per skill here.
    No join: the duplicate filter is a sub-query."""
    verify_actor(s, actor)
    require_role(actor, Role.COUNSELOR, Role.ADMIN, Role.PROVIDER_ADMIN, what="die Auswertung")
    f = filters or ReviewFilters(statuses=REPORT_STATUSES)
    if actor.role is Role.PROVIDER_ADMIN:
        # never another provider's counts: whatever the filter says, the own provider only
        if actor.provider_id is None:
            raise AccessDenied("Ihr Konto ist keinem Träger zugeordnet.")
        f = replace(f, provider_id=actor.provider_id)
    check_filters(f)
    if f.search:
        raise AccessDenied("Die Auswertung ist anonym: eine Suche nach Namen ist hier nicht möglich.")
    statuses = tuple(st for st in (f.statuses or REPORT_STATUSES) if st in REPORT_STATUSES)
    if not statuses:
        raise InvalidInput("Die Auswertung umfasst nur eingereichte und spätere Interviews.", "statuses")

    sqlite = s.get_bind().dialect.name == "sqlite"

    def plain(name: str) -> Any:
        # On SQLite "+column" keeps the planner from picking a status/provider index that is not
        # covering (it would then read every large interview row); it scans a covering index instead.
        return literal_column(f"+interviews.{name}") if sqlite else getattr(Interview, name)

    def base(*cols: Any) -> Any:
        q = select(*cols).select_from(Interview).where(plain("status").in_(statuses))
        if f.provider_id is not None:
            q = q.where(plain("provider_id") == f.provider_id)
        return apply_filters(q, replace(f, statuses=(), provider_id=None), names=False, joined=False)

    postgres = s.get_bind().dialect.name == "postgresql"
    month = _month(s)
    waited = _waited_days(s)
    # Only columns of the covering index: erased interviews (times kept to the month) are not told
    # apart here, as in store.statistics.
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
    waits = base(day, func.count(), func.sum(waited)).where(timed).group_by(day)
    buckets: dict[int, int] = {}
    waited_total = 0.0
    for d, n, w in s.execute(waits):
        if d is not None:
            buckets[int(d)] = buckets.get(int(d), 0) + n
            waited_total += float(w or 0)
    names = dict(s.execute(select(Provider.id, Provider.name).where(Provider.id.in_(list(by_provider_id)))).all())
    columns = [getattr(Interview, c) for c in guides.SKILL_COLUMNS.values()]
    levels: dict[str, dict[str, int]] = {skill: {} for skill in Skill}
    # grouped by provider too: that is the order of ix_interviews_levels (provider, levels, status), so
    # the database walks the covering index without sorting; the providers are folded together here
    grouped = base(Interview.provider_id, *columns, func.count()).group_by(Interview.provider_id, *columns)
    for _provider, *values, n in s.execute(grouped):
        for skill, level in zip(Skill, values, strict=True):
            if level is not None:
                levels[skill][level] = levels[skill].get(level, 0) + n
    approved = sum(buckets.values())
    return hide_small(
        Dashboard(
            total=sum(by_status.values()),
            by_status=by_status,
            by_provider=dict(sorted((names.get(pid, str(pid)), n) for pid, n in by_provider_id.items())),
            by_month=dict(sorted(by_month.items())),
            levels=levels,
            courses=dict(sorted(courses.items(), key=lambda kv: -kv[1])),
            approved=approved,
            waiting_days=dict(sorted(buckets.items())),
            median_waiting_days=_median_from_buckets(buckets),
            mean_waiting_days=round(waited_total / approved, 1) if approved else None,
        )
    )


# --- labels of what is stored as ids ----------------------------------------------------------


@transactional(readonly=True)
def course_labels(s: Session, actor: Actor) -> dict[str, str]:
    """Course id -> German label, from every guide version there is (bundled and uploaded)."""
    from questionnaire import available_guides
    from store.models import GuideVersion

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
    rows = s.execute(
        select(Learner, Provider.name, counts.c.n)
        .join(Provider, Provider.id == Learner.provider_id)
        .outerjoin(counts, counts.c.learner_id == Learner.id)
        .where(Learner.name_key == key, Learner.birth_date == birth_date, Learner.erased_at.is_(None))
        .order_by(Learner.id)
    ).all()
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
