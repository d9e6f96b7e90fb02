"""Bulk loading of demo data into an empty database: the store's one narrow door for ``demo/``.

``demo/`` (``manage.py seed-demo``, the benchmarks) makes up providers, accounts and interviews and
hands them over as the plain records below; this module decides how they are stored (columns, consents,
review events, the version history, certificate numbers) and writes them with chunked bulk inserts in
one transaction. That is what makes 100,000 interviews feasible: the repository functions write one
interview per transaction with their checks and audit entries, which would take hours.

Because it skips those per-row checks, bulk loading runs only on a database without accounts, and it
trusts its caller for what the checks would have ensured: answers validated and scored by the engine,
statuses and times that fit together. Every row it writes is flagged ``is_demo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from schemas.courses import CourseDraft
from schemas.guide import Guide
from schemas.vocabulary import Action, ConsentPurpose, Role, Status
from security import passwords
from store import audit, guides
from store.access import actor_from_user
from store.app_settings import write_setting
from store.clock import utcnow
from store.course_models import Offer
from store.courses import apply_draft
from store.errors import InvalidInput
from store.issuing import issue_in_session
from store.models import Certificate, Consent, Interview, InterviewRevision, Learner, Provider, ReviewEvent, User
from store.names import name_key
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional
from store.verification import certificate_number
from store.workflow import next_certificate_number, store_score

CHUNK = 5000  # rows per INSERT statement: large enough to be fast, small enough for every driver
BULK_PREFIX = "DEMO"  # certificate numbers of bulk certificates (no PDF), never mistaken for real ones


@dataclass(frozen=True, slots=True)
class DemoProvider:
    key: str  # how accounts and interviews below refer to it
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    provider: str | None = None  # DemoProvider.key, for provider staff
    handles_data_requests: bool = False


@dataclass(frozen=True, slots=True)
class DemoInterview:
    """One learner with one interview, taken at ``provider`` by the account ``interviewer``.

    A draft carries the answers of the sections done so far and no score; every later status carries
    complete answers, the engine's score (``Score`` as JSON) and ``submitted_at``. A returned or
    approved interview names its ``reviewer`` and ``reviewed_at`` (a return also its comment); status
    ``certificate_issued`` names the account that issues the certificate (``issuer``)."""

    provider: str
    interviewer: str
    family_name: str
    given_names: str
    birth_date: date
    sharing_consent: bool
    learner_language: str
    status: Status
    answers: dict[str, Any]
    current_section: str
    created_at: datetime
    saved_at: datetime  # the interviewer's last save (for a submitted interview: the submission)
    score: dict[str, Any] | None = None
    submitted_at: datetime | None = None
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    review_comment: str | None = None
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class DemoData:
    guide: Guide  # the guide the answers were made for (from guide_for_demo)
    password: str  # of every account
    providers: list[DemoProvider]
    accounts: list[DemoAccount]
    interviews: list[DemoInterview]
    history: bool = True  # one revision per interview (the version history); off for benchmark sizes
    # True: certificates through the real path (number, frozen data, code, PDF hash); False: numbered
    # rows without PDF (benchmark sizes)
    real_certificates: bool = True
    audit_details: dict[str, Any] = field(default_factory=dict)  # recorded with the "seed.demo" entry
    offers: list[tuple[str, CourseDraft]] = field(default_factory=list)  # (provider key, offer) of the catalogue


def _require_empty(s: Session) -> None:
    if s.scalar(select(func.count()).select_from(User)):
        raise InvalidInput(
            "Die Datenbank enthält bereits Konten. Demodaten bitte nur in eine leere Datenbank laden "
            "(z. B. DATABASE_URL=sqlite:///data/demo.db python manage.py seed-demo ...)."
        )


@transactional(readonly=True)
def guide_for_demo(s: Session, password: str) -> Guide:
    """The guide new interviews start with, to make demo answers for. Refuses early (before the demo
    data is made up) a database that has accounts already and a password the rules refuse."""
    passwords.check_rules(password)
    _require_empty(s)
    guide: Guide = guides.active_guide(s)
    return guide


@transactional()
def load_demo(s: Session, data: DemoData) -> int:
    """Writes ``data`` into the empty database (all or nothing); returns the number of certificates."""
    passwords.check_rules(data.password)
    _require_empty(s)
    providers = {p.key: Provider(name=p.name, address=p.address, is_demo=True) for p in data.providers}
    s.add_all(providers.values())
    s.flush()
    password_hash = passwords.hash_password(data.password)
    users = {
        a.username: User(
            username=a.username,
            display_name=a.display_name,
            role=a.role.value,
            provider_id=providers[a.provider].id if a.provider else None,
            password_hash=password_hash,
            can_handle_data_requests=a.handles_data_requests,
            data_protection_since=utcnow() if a.handles_data_requests else None,
        )
        for a in data.accounts
    }
    s.add_all(users.values())
    s.flush()
    user_ids = {name: user.id for name, user in users.items()}
    provider_ids = {key: provider.id for key, provider in providers.items()}

    learner_rows = [_learner_row(iv, provider_ids, user_ids) for iv in data.interviews]
    _mark_duplicates(learner_rows)
    learner_ids = _insert(s, Learner, learner_rows, allocate_ids=True)
    _insert(s, Consent, [row for lid, lr in zip(learner_ids, learner_rows, strict=True) for row in _consents(lid, lr)])
    interview_rows = [
        _interview_row(data.guide, learner_id, iv, provider_ids, user_ids)
        for learner_id, iv in zip(learner_ids, data.interviews, strict=True)
    ]
    interview_ids = _insert(s, Interview, interview_rows, allocate_ids=True)

    events: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    for interview_id, row, iv in zip(interview_ids, interview_rows, data.interviews, strict=True):
        events += _events(interview_id, row, iv, user_ids)
        if data.history:
            revisions.append(
                {
                    "interview_id": interview_id,
                    "lock_version": 2,
                    "kind": "save",
                    "section": row["current_section"],
                    "diff": {k: [None, v] for k, v in row["answers"].items()},
                    "changed_by_id": row["interviewer_id"],
                    "changed_at": row["created_at"],
                }
            )
    _insert(s, ReviewEvent, events)
    if revisions:
        _insert(s, InterviewRevision, revisions)

    to_issue = [
        (interview_id, users[iv.issuer or ""])
        for interview_id, iv in zip(interview_ids, data.interviews, strict=True)
        if iv.status == Status.CERTIFICATE_ISSUED
    ]
    certificates = _certificates(s, to_issue, data.real_certificates)
    write_setting(s, "demo_data", True)
    _load_offers(s, data.offers, provider_ids)
    audit.record(s, None, "seed.demo", None, None, username="manage.py", **data.audit_details)
    return certificates


def _insert(s: Session, model: Any, rows: list[dict[str, Any]], allocate_ids: bool = False) -> list[int]:
    """Bulk insert in chunks; with ``allocate_ids`` the rows get consecutive ids allocated here (cheaper
    than RETURNING for 100,000 rows) and PostgreSQL's id sequence is moved past them afterwards."""
    ids: list[int] = []
    if allocate_ids:
        first = (s.scalar(cross_provider(select(func.max(model.id)), CrossProvider.BULK_DEMO_DATA)) or 0) + 1
        ids = list(range(first, first + len(rows)))
        rows = [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]
    for start in range(0, len(rows), CHUNK):
        s.execute(insert(model), rows[start : start + CHUNK])
    if allocate_ids and rows and s.get_bind().dialect.name == "postgresql":
        table = model.__tablename__
        s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {ids[-1]})"))
    return ids


def _learner_row(iv: DemoInterview, provider_ids: dict[str, int], user_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "provider_id": provider_ids[iv.provider],
        "family_name": iv.family_name,
        "given_names": iv.given_names,
        "birth_date": iv.birth_date,
        "name_key": name_key(iv.family_name, iv.given_names),
        "processing_consent": True,
        "sharing_consent": iv.sharing_consent,
        "possible_duplicate": False,  # set by _mark_duplicates
        "is_demo": True,
        "created_at": iv.created_at,
        "created_by_id": user_ids[iv.interviewer],
    }


def _mark_duplicates(rows: list[dict[str, Any]]) -> None:
    """The duplicate check's flag: the same name key and birth date at more than one provider."""
    seen: dict[tuple[str, date], set[int]] = {}
    for row in rows:
        seen.setdefault((row["name_key"], row["birth_date"]), set()).add(row["provider_id"])
    for row in rows:
        row["possible_duplicate"] = len(seen[(row["name_key"], row["birth_date"])]) > 1


def _consents(learner_id: int, row: dict[str, Any]) -> list[dict[str, Any]]:
    given = {ConsentPurpose.PROCESSING: True, ConsentPurpose.SHARING: row["sharing_consent"]}
    return [
        {
            "learner_id": learner_id,
            "purpose": purpose.value,
            "given": value,
            "recorded_by_id": row["created_by_id"],
            "recorded_at": row["created_at"],
        }
        for purpose, value in given.items()
    ]


def _interview_row(
    guide: Guide, learner_id: int, iv: DemoInterview, provider_ids: dict[str, int], user_ids: dict[str, int]
) -> dict[str, Any]:
    languages = set(guide.languages)
    language = iv.learner_language if iv.learner_language in languages else ("en" if "en" in languages else "de")
    interviewer_id = user_ids[iv.interviewer]
    reviewer_id = user_ids[iv.reviewer] if iv.reviewer else None
    out: dict[str, Any] = {
        "learner_id": learner_id,
        "provider_id": provider_ids[iv.provider],
        "guide_id": guide.id,
        "guide_version": guide.version,
        # an interview with a certificate is stored as approved; issuing it moves it on (_certificates)
        "status": (Status.APPROVED if iv.status == Status.CERTIFICATE_ISSUED else iv.status).value,
        "learner_language": language,
        "interviewer_id": interviewer_id,
        "answers": iv.answers,
        "current_section": iv.current_section,
        "created_at": iv.created_at,
        "updated_at": iv.reviewed_at or iv.saved_at,
        "updated_by_id": reviewer_id if iv.reviewed_at else interviewer_id,
        "is_demo": True,
        "personal_data_erased": False,
        "shared": iv.sharing_consent,
        "lock_version": 2,
        "scores": None,
        "recommended_course": None,
        "literacy": None,
        "need_formats": None,
        "district": None,
        "submitted_at": iv.submitted_at,
        "approved_at": None,
        "approved_by_id": None,
        **{column: None for column in guides.SKILL_COLUMNS.values()},
    }
    if iv.score is not None:
        holder = Interview(answers=iv.answers)
        store_score(holder, iv.score)
        out.update(
            scores=holder.scores,
            recommended_course=holder.recommended_course,
            literacy=holder.literacy,
            need_formats=holder.need_formats,
            district=holder.district,
            **{column: getattr(holder, column) for column in guides.SKILL_COLUMNS.values()},
        )
    if iv.status in (Status.APPROVED, Status.CERTIFICATE_ISSUED):
        out.update(approved_at=iv.reviewed_at, approved_by_id=reviewer_id)
    return out


def _events(
    interview_id: int, row: dict[str, Any], iv: DemoInterview, user_ids: dict[str, int]
) -> list[dict[str, Any]]:
    if iv.submitted_at is None:
        return []

    def event(
        action: Action, to_status: Status, actor_id: int, at: datetime, comment: str | None = None
    ) -> dict[str, Any]:
        return {
            "interview_id": interview_id,
            "kind": action.value,
            "from_status": (Status.DRAFT if action == Action.SUBMIT else Status.SUBMITTED).value,
            "to_status": to_status.value,
            "comment": comment,
            "actor_id": actor_id,
            "at": at,
        }

    out = [event(Action.SUBMIT, Status.SUBMITTED, row["interviewer_id"], iv.submitted_at)]
    if iv.reviewer and iv.reviewed_at:
        if iv.status == Status.RETURNED:
            out.append(event(Action.RETURN, Status.RETURNED, user_ids[iv.reviewer], iv.reviewed_at, iv.review_comment))
        else:
            out.append(event(Action.APPROVE, Status.APPROVED, user_ids[iv.reviewer], iv.reviewed_at))
    return out


def _certificates(s: Session, to_issue: list[tuple[int, User]], real: bool) -> int:
    if not to_issue:
        return 0
    if real:
        for interview_id, issuer in to_issue:
            issue_in_session(s, actor_from_user(issuer), interview_id)
        return len(to_issue)
    # bulk (benchmark sizes): numbered rows without PDF; the interview moves to certificate_issued
    year = date.today().year
    _, sequence = next_certificate_number(s, BULK_PREFIX, year)
    rows = [
        {
            "interview_id": interview_id,
            "number": certificate_number(BULK_PREFIX, year, sequence + n),
            "year": year,
            "sequence": sequence + n,
            "data": None,
            "verification_code": "",
            "pdf_sha256": None,
            "issued_by_id": issuer.id,
            "revoked": False,
        }
        for n, (interview_id, issuer) in enumerate(to_issue)
    ]
    _insert(s, Certificate, rows)
    ids = [i for i, _ in to_issue]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        s.execute(update(Interview).where(Interview.id.in_(chunk)).values(status=Status.CERTIFICATE_ISSUED.value))
    return len(to_issue)


__all__ = ["DemoAccount", "DemoData", "DemoInterview", "DemoProvider", "guide_for_demo", "load_demo"]


def _load_offers(s: Session, offers: list[tuple[str, CourseDraft]], provider_ids: dict[str, int]) -> None:

    for key, draft in offers:
        offer = Offer(provider_id=provider_ids[key], is_demo=True)
        apply_draft(offer, draft)
        s.add(offer)
