"""The command line (manage.py) acts as COMMAND_LINE, which has no account row: what it does must be stored
with an empty user foreign key (not id 0) and still be audited as the command line."""

from __future__ import annotations

import pytest

import store
from store.access import COMMAND_LINE
from store.errors import AccessDenied
from store.issuing import issue_certificate, revoke_certificate
from store.verification import verify_certificate
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast


def test_command_line_revocation_is_stored_in_the_review_thread_and_audited(db: Cast) -> None:
    interview = approved_interview(db, family="Hoxha", given="Arbër")
    cert, _ = issue_certificate(db.counselor, interview.id)

    revoked = revoke_certificate(COMMAND_LINE, cert.id, "Doppelt ausgestellt")

    assert revoked.revoked and revoked.revoke_reason == "Doppelt ausgestellt"
    assert store.get_interview_for(db.counselor, interview.id).status == "approved"  # ready for a new certificate
    last = store.review_events(db.counselor, interview.id)[-1]
    assert (last.kind, last.from_status, last.to_status) == ("revoke", "certificate_issued", "approved")
    assert last.comment == "Doppelt ausgestellt" and last.actor == ""  # no account behind it
    events, _ = store.audit_log(db.admin, action="interview.revoke")
    assert [(e.actor_username, e.record_id) for e in events] == [("manage.py", interview.id)]
    assert verify_certificate(cert.number, cert.verification_code, None).status == "revoked"


def test_command_line_revocation_through_manage_py_as_admin(db: Cast) -> None:
    """``manage.py revoke-certificate --as <admin>`` (a real account) still works next to COMMAND_LINE."""
    from tests.certificates_store.test_cli import _run

    cert, _ = issue_certificate(db.counselor, approved_interview(db, family="Kovač", given="Đorđe").id)
    assert _run(db, "revoke-certificate", cert.number, "--reason", "Fehler", "--as", db.admin.username) == 0
    assert verify_certificate(cert.number, cert.verification_code, None).status == "revoked"


def test_command_line_cannot_comment_on_interview_contents(db: Cast) -> None:
    """A comment needs a view of the interview, which the admin-like command line does not have: it is
    refused cleanly, never half-written."""
    interview = approved_interview(db, family="Nowak", given="Łukasz")
    before = store.review_events(db.counselor, interview.id)
    with pytest.raises(AccessDenied):
        store.add_comment(COMMAND_LINE, interview.id, "Bitte prüfen")
    assert store.review_events(db.counselor, interview.id) == before
