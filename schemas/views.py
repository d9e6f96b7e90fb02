"""What the store hands out: plain frozen dataclasses, never ORM objects (no lazy loads, no sessions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from schemas.score import Score
from schemas.vocabulary import REVIEW_STATUSES, Role, Status


@dataclass(frozen=True, slots=True)
class ProviderView:
    id: int
    name: str
    address: str = ""
    is_active: bool = True
    has_logo: bool = False


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: Role
    provider_id: int | None
    provider_name: str | None
    is_active: bool
    is_locked: bool
    failed_logins: int
    can_handle_data_requests: bool  # designated for data-protection requests ("Datenschutz")
    last_login_at: datetime | None
    data_protection_since: datetime | None = None
    must_change_password: bool = False  # the password was set by an admin or lead and not yet replaced


@dataclass(frozen=True, slots=True)
class LearnerView:
    id: int
    provider_id: int
    provider_name: str
    family_name: str
    given_names: str
    birth_date: date | None
    processing_consent: bool
    sharing_consent: bool
    possible_duplicate: bool
    is_demo: bool
    created_at: datetime

    @property
    def full_name(self) -> str:
        return f"{self.family_name}, {self.given_names}"


@dataclass(frozen=True, slots=True)
class InterviewSummary:
    """One row of a list (start page, review queue)."""

    id: int
    learner_id: int
    learner_name: str
    birth_date: date | None
    provider_id: int
    provider_name: str
    status: Status
    guide_id: str
    guide_version: int
    levels: dict[str, str | None]
    recommended_course: str | None
    possible_duplicate: bool
    interviewer: str | None
    updated_at: datetime
    submitted_at: datetime | None
    approved_at: datetime | None
    last_comment: str | None = None
    shared: bool = True  # the learner's consent to sharing with the counseling office (who reviews)
    interviewer_id: int | None = None
    submissions: int = 0  # how often submitted (>1: resubmitted after a return or withdrawal)
    first_opened_at: datetime | None = None  # first opened by its reviewer (no withdrawing after that)
    assigned_to_id: int | None = None  # the counselor it is assigned to
    assigned_to: str | None = None

    @property
    def resubmitted(self) -> bool:
        return self.submissions > 1


@dataclass(frozen=True, slots=True)
class InterviewView:
    id: int
    learner: LearnerView
    provider_id: int
    provider_name: str
    guide_id: str
    guide_version: int
    status: Status
    answers: dict[str, Any]
    score: Score | None  # read through the model (schemas.score.load_score: older shapes upgraded)
    levels: dict[str, str | None]
    recommended_course: str | None
    current_section: str | None
    learner_language: str
    interviewer: str | None
    created_at: datetime
    updated_at: datetime
    updated_by: str | None
    submitted_at: datetime | None
    approved_at: datetime | None
    lock_version: int
    last_comment: str | None
    certificate_number: str | None = None
    is_demo: bool = False
    shared: bool = True  # the learner's consent to sharing with the counseling office (who reviews)
    interviewer_id: int | None = None
    submissions: int = 0  # how often submitted (>1: resubmitted after a return or withdrawal)
    first_opened_at: datetime | None = None  # first opened by its reviewer (no withdrawing after that)
    assigned_to_id: int | None = None  # the counselor it is assigned to
    assigned_to: str | None = None

    @property
    def resubmitted(self) -> bool:
        return self.submissions > 1


@dataclass(frozen=True, slots=True)
class RevisionView:
    lock_version: int
    kind: str
    section: str | None
    changed_by: str
    changed_at: datetime
    diff: dict[str, list[Any]]  # question id -> [old, new]


@dataclass(frozen=True, slots=True)
class ReviewEventView:
    kind: str  # an Action id, or COMMENT_EVENT
    from_status: Status | None
    to_status: Status | None
    comment: str | None
    actor: str
    at: datetime


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    learner_id: int
    provider_name: str
    family_name: str
    given_names: str
    birth_date: date | None
    statuses: list[Status]


@dataclass(frozen=True, slots=True)
class DuplicateInfo:
    flagged: bool
    message: str
    matches: list[DuplicateMatch] = field(default_factory=list)
    hidden_matches: int = 0


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    actor_id: int | None
    actor_username: str
    action: str
    record_type: str | None
    record_id: int | None
    learner_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ReviewFilters:
    """Filters of the counseling office's list; every one is applied in SQL."""

    statuses: tuple[str, ...] = (Status.SUBMITTED,)
    provider_id: int | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    min_levels: dict[str, str] = field(default_factory=dict)  # skill -> lowest level shown, e.g. "A2"
    course: str | None = None
    duplicates_only: bool = False
    search: str = ""
    assigned_to_id: int | None = None  # only interviews assigned to this counselor ("mir zugewiesen")
    order: str = "newest"  # oldest | newest (by submission) | provider | duplicates (store.review.ORDERS)


@dataclass(frozen=True, slots=True)
class StatisticsFilters:
    statuses: tuple[str, ...] = REVIEW_STATUSES
    provider_id: int | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None


@dataclass(frozen=True, slots=True)
class Statistics:
    """Anonymous figures; a count of a group smaller than MIN_GROUP_SIZE is None ("< 5")."""

    total: int | None
    by_status: dict[str, int | None]
    by_provider: dict[str, int | None]
    by_month: dict[str, int | None]  # "YYYY-MM" -> count (by submission month)
    levels: dict[str, dict[str, dict[str, int | None]]]  # provider name -> skill -> level -> count
    level_totals: dict[str, dict[str, int | None]]  # skill -> level -> count (all providers)
    courses: dict[str, int | None]
    median_waiting_days: float | None  # submission -> approval


@dataclass(frozen=True, slots=True)
class PurgeReport:
    cutoff: datetime
    learners: int
    interviews: int
    certificates_kept: int
    dry_run: bool
    learner_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CertificateView:
    id: int
    interview_id: int
    number: str
    issued_at: datetime
    revoked: bool
    revoke_reason: str | None
    data: dict[str, Any] | None
    verification_code: str
    pdf_sha256: str | None


@dataclass(frozen=True, slots=True)
class Approval:
    """What approving did: the interview as it is now and, when the admin switched on
    ``auto_issue_on_approve``, the certificate issued with it (or why that failed: the approval stands)."""

    interview: InterviewView
    certificate: CertificateView | None = None
    pdf: bytes | None = None
    issue_error: str | None = None  # German: why the certificate was not issued automatically
