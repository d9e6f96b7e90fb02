"""Approving an interview, with the rule that may follow it: when the admin switched on
``auto_issue_on_approve``, the certificate is issued right after — whoever approves, through whichever
page or command. Above ``store.workflow`` (the transition) and ``store.issuing`` (the certificate),
which build on each other in that order.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from schemas.views import Approval, InterviewView
from store import issuing
from store.access import Actor, get_interview, verify_actor
from store.errors import StoreError
from store.interviews import interview_view
from store.tx import transactional
from store.workflow import approve_only

log = logging.getLogger(__name__)


@transactional(readonly=True)
def _current(s: Session, actor: Actor, interview_id: int) -> InterviewView:
    verify_actor(s, actor)
    return interview_view(s, get_interview(s, actor, interview_id))


def approve_and_issue(
    actor: Actor, interview_id: int, lock_version: int | None = None, comment: str | None = None
) -> Approval:
    """Approves a submitted interview (counseling office) and, when the setting ``auto_issue_on_approve``
    is on, issues its certificate with ``store.issuing.issue_certificate``. Issuing is a transaction of its
    own: when it fails (e.g. a level is missing), the approval stands and ``issue_error`` says why."""
    view, auto_issue = approve_only(actor, interview_id, lock_version, comment)
    if not auto_issue:
        return Approval(view)
    try:
        certificate, pdf = issuing.issue_certificate(actor, interview_id)
    except StoreError as exc:
        log.info("interview %s approved, certificate not issued automatically: %s", interview_id, type(exc).__name__)
        return Approval(view, issue_error=str(exc))
    return Approval(_current(actor, interview_id), certificate, pdf)


def approve(
    actor: Actor, interview_id: int, lock_version: int | None = None, comment: str | None = None
) -> InterviewView:
    """Approves a submitted interview and, when the setting says so, issues its certificate
    (``approve_and_issue``). Returns the interview as it is now."""
    return approve_and_issue(actor, interview_id, lock_version, comment).interview


__all__ = ["approve", "approve_and_issue"]
