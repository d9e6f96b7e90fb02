"""The access matrix: every role × every repository operation × own/other provider × sharing consent
given/withheld → allowed or refused (AccessDenied). One test per operation walks all 20 combinations
and compares the whole table, so a failure shows every wrong cell at once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

import store
from tests.store.conftest import Cast, issue

ROLES = ("interviewer", "provider_admin", "counselor", "counselor_dpo", "admin")
PROVIDER = ("own", "other")
CONSENT = ("given", "withheld")


def actor_for(db: Cast, role: str) -> store.Actor:
    return {
        "interviewer": db.interviewer_a,
        "provider_admin": db.padmin_a,
        "counselor": db.counselor,
        "counselor_dpo": db.dpo,
        "admin": db.admin,
    }[role]


@dataclass(frozen=True)
class Op:
    name: str
    status: str  # the state the target interview is brought to first
    call: Callable[[store.Actor, store.InterviewView], Any]
    rule: Callable[[str, bool, bool], bool]  # (role, own provider, consent given) -> allowed


def staff_own(role: str, own: bool, consent: bool) -> bool:
    return role in ("interviewer", "provider_admin") and own


def staff_own_or_counselor(role: str, own: bool, consent: bool) -> bool:
    return staff_own(role, own, consent) or (role.startswith("counselor") and consent)


def counselor_with_consent(role: str, own: bool, consent: bool) -> bool:
    return role.startswith("counselor") and consent


def reviewer(role: str, own: bool, consent: bool) -> bool:
    """With sharing consent the counseling office reviews; without it the own provider's lead (who did
    not conduct it: the matrix's interviews are conducted by the interviewer)."""
    return counselor_with_consent(role, own, consent) or (role == "provider_admin" and own and not consent)


def data_protection(role: str, own: bool, consent: bool) -> bool:
    return role == "counselor_dpo"  # the designation "Datenschutz" (the cast's admin has none)


def audit_readers(role: str, own: bool, consent: bool) -> bool:
    return role in ("admin", "counselor_dpo")


def _after_search(actor: store.Actor, iv: store.InterviewView) -> int:
    """A data-protection request reaches a learner only through a name and birth-date search."""
    from store.reporting import find_learners_for_request

    with contextlib.suppress(store.AccessDenied):  # refused here, the export or erasure refuses as well
        find_learners_for_request(actor, iv.learner.family_name, iv.learner.given_names, iv.learner.birth_date)
    return iv.learner.id


def contains(rows: Any, interview: store.InterviewView) -> None:
    ids = {getattr(r, "id", None) for r in rows} | {getattr(r, "learner_id", None) for r in rows}
    if interview.id not in ids and interview.learner.id not in ids:
        raise store.AccessDenied("not listed")


def any_staff(role: str, own: bool, consent: bool) -> bool:
    return role in ("interviewer", "provider_admin")


def admin_only(role: str, own: bool, consent: bool) -> bool:
    return role == "admin"


OPS = [
    Op(
        "create_learner",
        "draft",
        lambda a, iv: store.create_learner(a, "Neu", "Nina", "1992-02-02", processing_consent=True),
        any_staff,
    ),
    Op(
        "revoke_certificate",
        "certificate_issued",
        lambda a, iv: store.revoke_certificate(a, _certificate_id(iv), "Tippfehler"),
        lambda role, own, consent: counselor_with_consent(role, own, consent) or role == "admin",
    ),
    Op("create_provider", "draft", lambda a, iv: store.create_provider(a, f"Träger {iv.id}"), admin_only),
    Op("set_app_setting", "draft", lambda a, iv: store.set_app_setting(a, "city_name", "Neustadt"), admin_only),
    Op("purge", "draft", lambda a, iv: store.purge(a, 3, dry_run=True), admin_only),
    Op(
        "list_users",
        "draft",
        lambda a, iv: store.list_users(a),
        lambda role, own, consent: role in ("admin", "provider_admin"),
    ),
    Op("get_learner", "submitted", lambda a, iv: store.get_learner(a, iv.learner.id), staff_own_or_counselor),
    Op(
        "search_learners",
        "submitted",
        lambda a, iv: contains([r for r in store.search_learners(a, iv.learner.family_name)], iv),
        staff_own_or_counselor,
    ),
    Op("record_consent", "submitted", lambda a, iv: store.record_consent(a, iv.learner.id, "sharing", True), staff_own),
    Op("start_interview", "submitted", lambda a, iv: store.start_interview(a, iv.learner.id), staff_own),
    Op("get_interview_for", "submitted", lambda a, iv: store.get_interview_for(a, iv.id), staff_own_or_counselor),
    Op("history", "submitted", lambda a, iv: store.history(a, iv.id), staff_own_or_counselor),
    Op("review_events", "submitted", lambda a, iv: store.review_events(a, iv.id), staff_own_or_counselor),
    Op(
        "save_draft",
        "draft",
        lambda a, iv: store.save_draft(a, iv.id, iv.answers, "personal", iv.lock_version),
        staff_own,
    ),
    Op(
        "submit",
        "draft",
        lambda a, iv: store.submit(a, iv.id, iv.lock_version, answers={**iv.answers, **_complete(iv)}),
        staff_own,
    ),
    Op(
        "return_interview",
        "submitted",
        lambda a, iv: store.return_interview(a, iv.id, "Bitte prüfen."),
        reviewer,
    ),
    Op("approve", "submitted", lambda a, iv: store.approve(a, iv.id), reviewer),
    Op("add_comment", "submitted", lambda a, iv: store.add_comment(a, iv.id, "Notiz"), staff_own_or_counselor),
    Op("duplicates_for", "submitted", lambda a, iv: store.duplicates_for(a, iv.learner.id), staff_own_or_counselor),
    Op("list_my_interviews", "submitted", lambda a, iv: contains(store.list_my_interviews(a), iv), staff_own),
    Op(
        "review_queue",
        "submitted",
        lambda a, iv: contains(store.review_queue(a, store.ReviewFilters(), 1, 500)[0], iv),
        counselor_with_consent,
    ),
    Op(
        "issue_certificate",
        "approved",
        lambda a, iv: issue(a, iv.id),
        lambda role, own, consent: counselor_with_consent(role, own, consent) or (role == "provider_admin" and own),
    ),
    Op("export_learner", "submitted", lambda a, iv: store.export_learner(a, _after_search(a, iv)), data_protection),
    Op(
        "erase_learner",
        "submitted",
        lambda a, iv: store.erase_learner(a, _after_search(a, iv), "Antrag"),
        data_protection,
    ),
    Op(
        "statistics",
        "submitted",
        lambda a, iv: store.statistics(a),
        lambda role, own, consent: role != "interviewer",
    ),
    Op(
        "audit_log",
        "submitted",
        lambda a, iv: store.audit_log(a, learner_id=iv.learner.id),
        audit_readers,
    ),
]


def _certificate_id(iv: store.InterviewView) -> int:
    from sqlalchemy import select

    from store.db import session_scope
    from store.models import Certificate
    from store.scoping import CrossProvider

    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        found = s.scalar(select(Certificate.id).where(Certificate.interview_id == iv.id))
    assert found is not None
    return found


def _complete(iv: store.InterviewView) -> dict[str, Any]:
    from tests.store.guide import complete_answers

    birth = iv.learner.birth_date.isoformat() if iv.learner.birth_date else "1990-01-01"
    return complete_answers(iv.learner.family_name, iv.learner.given_names, birth)


def _letters(n: int) -> str:
    """A distinct family name part per cell (names take letters only)."""
    return "".join(chr(ord("a") + int(d)) for d in str(n))


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
def test_access_matrix(db: Cast, op: Op) -> None:
    expected: dict[tuple[str, str, str], str] = {}
    actual: dict[tuple[str, str, str], str] = {}
    n = 0
    for role in ROLES:
        for provider in PROVIDER:
            for consent in CONSENT:
                n += 1
                owner = db.interviewer_a if provider == "own" else db.interviewer_b
                target = db.interview(owner, op.status, sharing=consent == "given", family=f"Matrix {_letters(n)}")
                key = (role, provider, consent)
                expected[key] = "allow" if op.rule(role, provider == "own", consent == "given") else "deny"
                try:
                    op.call(actor_for(db, role), target)
                    actual[key] = "allow"
                except store.AccessDenied:
                    actual[key] = "deny"
    wrong = {k: f"expected {expected[k]}, got {actual[k]}" for k in expected if expected[k] != actual[k]}
    assert not wrong, f"{op.name}: {wrong}"
