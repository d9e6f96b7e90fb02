"""Sprachstand's store: one database for all providers, with the access rules enforced here.

The UI calls only the functions re-exported below; each takes the acting user (:class:`Actor`)
first, runs as one transaction and returns plain frozen views. The tables (``store.models``) are
deliberately not part of this API. See docs/store.md.
"""

from schemas.course_views import Match, MatchResult, Needs, OfferView, ReferralView
from schemas.views import (
    Approval,
    AuditView,
    CertificateView,
    DuplicateInfo,
    DuplicateMatch,
    InterviewSummary,
    InterviewView,
    LearnerView,
    ProviderView,
    PurgeReport,
    ReviewEventView,
    ReviewFilters,
    RevisionView,
    Statistics,
    StatisticsFilters,
    UserView,
)
from store import course_models as _course_tables  # noqa: F401  (registers the catalogue's tables)
from store.access import Actor
from store.accounts import (
    change_own_password,
    change_role,
    create_first_admin,
    create_user,
    get_actor,
    list_users,
    reset_password,
    set_data_protection,
    set_user_active,
    setup_needed,
    unlock_user,
)
from store.app_settings import get_app_settings, set_app_setting
from store.approval import approve, approve_and_issue
from store.audit import audit_log
from store.consents import consent_history, record_consent
from store.course_figures import CourseFigures, course_figures, course_figures_export
from store.course_handouts import referral_handout
from store.course_matching import matching_for_needs, matching_offers, needs_from
from store.courses import (
    OfferFilters,
    create_offer,
    get_offer,
    list_offers,
    offer_districts,
    public_offers,
    update_offer,
)
from store.courses_io import ImportRefused, export_offers, import_offers
from store.db import check_connection, ensure_migrated, migrate
from store.errors import (
    AccessDenied,
    AccountLocked,
    Conflict,
    DatabaseUnavailable,
    InvalidInput,
    InvalidTransition,
    LoginFailed,
    LoginThrottled,
    NotFound,
    PasswordChangeRequired,
    StoreError,
)
from store.guides import GuideInfo, activate_guide, list_guides, upload_guide
from store.interview_history import history, review_events
from store.interviews import (
    discard_draft,
    get_interview_for,
    list_my_interviews,
    save_draft,
    start_interview,
)
from store.learners import (
    create_learner,
    duplicates_before_create,
    duplicates_for,
    get_learner,
    interviews_of_learners,
    search_learners,
)
from store.privacy import certificate_status, erase_learner, export_learner
from store.providers import create_provider, list_providers, provider_logo, update_provider
from store.referrals import (
    act_on_referral,
    get_referral_for,
    list_referrals,
    open_requests,
    propose_referral,
    referral_consent_of,
    referral_history,
)
from store.reporting import level_statistics, statistics
from store.retention import purge
from store.review import review_queue
from store.review_work import Backlog, Notification, assign, backlog, notifications
from store.reviewers import reviewer_role
from store.sign_in import authenticate
from store.workflow import (
    add_comment,
    allowed_actions,
    return_interview,
    revoke_certificate,
    submit,
    withdraw_submission,
)

__all__ = [
    "AccessDenied",
    "AccountLocked",
    "Actor",
    "Approval",
    "AuditView",
    "Backlog",
    "CertificateView",
    "Conflict",
    "CourseFigures",
    "DatabaseUnavailable",
    "DuplicateInfo",
    "DuplicateMatch",
    "GuideInfo",
    "ImportRefused",
    "InterviewSummary",
    "InterviewView",
    "InvalidInput",
    "InvalidTransition",
    "LearnerView",
    "LoginFailed",
    "LoginThrottled",
    "Match",
    "MatchResult",
    "Needs",
    "NotFound",
    "Notification",
    "OfferFilters",
    "OfferView",
    "PasswordChangeRequired",
    "ProviderView",
    "PurgeReport",
    "ReferralView",
    "ReviewEventView",
    "ReviewFilters",
    "RevisionView",
    "Statistics",
    "StatisticsFilters",
    "StoreError",
    "UserView",
    "act_on_referral",
    "activate_guide",
    "add_comment",
    "allowed_actions",
    "approve",
    "approve_and_issue",
    "assign",
    "audit_log",
    "authenticate",
    "backlog",
    "certificate_status",
    "change_own_password",
    "change_role",
    "check_connection",
    "consent_history",
    "course_figures",
    "course_figures_export",
    "create_first_admin",
    "create_learner",
    "create_offer",
    "create_provider",
    "create_user",
    "discard_draft",
    "duplicates_before_create",
    "duplicates_for",
    "ensure_migrated",
    "erase_learner",
    "export_learner",
    "export_offers",
    "get_actor",
    "get_app_settings",
    "get_interview_for",
    "get_learner",
    "get_offer",
    "get_referral_for",
    "history",
    "import_offers",
    "interviews_of_learners",
    "level_statistics",
    "list_guides",
    "list_my_interviews",
    "list_offers",
    "list_providers",
    "list_referrals",
    "list_users",
    "matching_for_needs",
    "matching_offers",
    "migrate",
    "needs_from",
    "notifications",
    "offer_districts",
    "open_requests",
    "propose_referral",
    "provider_logo",
    "public_offers",
    "purge",
    "record_consent",
    "referral_consent_of",
    "referral_handout",
    "referral_history",
    "reset_password",
    "return_interview",
    "review_events",
    "review_queue",
    "reviewer_role",
    "revoke_certificate",
    "save_draft",
    "search_learners",
    "set_app_setting",
    "set_data_protection",
    "set_user_active",
    "setup_needed",
    "start_interview",
    "statistics",
    "submit",
    "unlock_user",
    "update_offer",
    "update_provider",
    "upload_guide",
    "withdraw_submission",
]
