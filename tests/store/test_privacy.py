"""Data protection: audit of reads, access requests (export), erasure and the retention purge."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

import store
from store.clock import utcnow
from store.db import session_scope
from store.models import Interview, InterviewRevision, Learner
from store.scoping import CrossProvider
from tests.store.conftest import Cast, certificate_data, found_for_request


def test_reads_of_personal_data_are_audited_and_exported(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    store.get_interview_for(db.counselor, iv.id)
    store.get_learner(db.counselor, iv.learner.id)
    export = store.export_learner(db.dpo, found_for_request(db.dpo, iv.learner))
    json.dumps(export, default=str)  # JSON-ready
    who = {(row["user"], row["action"]) for row in export["access_log"]}
    assert ("beratung", "interview.read") in who and ("beratung", "learner.read") in who
    assert ("ina", "interview.submit") in who
    assert export["learner"]["family_name"] == "Haddad"
    assert export["interviews"][0]["answers"]["family_name"] == "Haddad"
    assert export["interviews"][0]["revisions"] and export["consents"]
    # the export itself is audited too
    rows, _ = store.audit_log(db.admin, learner_id=iv.learner.id, action="learner.exported")
    assert [r.actor_username for r in rows] == ["datenschutz"]


def test_withdrawn_sharing_consent_hides_the_interview_at_once(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    assert store.review_queue(db.counselor)[1] == 1
    store.record_consent(db.interviewer_a, iv.learner.id, "sharing", False)
    assert store.review_queue(db.counselor) == ([], 0)
    with pytest.raises(store.AccessDenied):
        store.get_interview_for(db.counselor, iv.id)


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_erasure_removes_personal_data_and_revokes_certificates(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "certificate_issued", family="Löschmich")
    number = store.get_interview_for(db.interviewer_a, iv.id).certificate_number
    assert number is not None
    learner_id = found_for_request(db.dpo, iv.learner)
    with pytest.raises(store.InvalidInput, match="Begründung"):
        store.erase_learner(db.dpo, learner_id, " ")
    store.erase_learner(db.dpo, learner_id, "Antrag vom 01.11.2026")
    assert store.search_learners(db.interviewer_a, "Löschmich") == []
    with pytest.raises(store.NotFound):
        store.get_learner(db.interviewer_a, iv.learner.id)
    status = store.certificate_status(db.admin, number)
    assert status is not None and status["revoked"] and status["data_erased"] and certificate_data(number) is None
    export = store.export_learner(db.dpo, learner_id)  # the search before the erasure still holds
    assert export["learner"]["family_name"] is None and export["interviews"][0]["answers"] == {}
    assert "Löschmich" not in json.dumps(export, default=str, ensure_ascii=False)
    # anonymous statistics survive
    stats = store.statistics(db.admin)
    assert stats.level_totals["listening"]["A2"] == 1


def _age(learner_id: int, years: int) -> None:
    past = utcnow() - timedelta(days=365 * years + 30)
    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        s.execute(update(Learner).where(Learner.id == learner_id).values(created_at=past))
        s.execute(
            update(Interview).where(Interview.learner_id == learner_id).values(updated_at=past, submitted_at=past)
        )


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_purge_dry_run_changes_nothing_then_purge_keeps_statistics_and_verification(db: Cast) -> None:
    old = db.interview(db.interviewer_a, "certificate_issued", family="Altfall")
    recent = db.interview(db.interviewer_a, "submitted", family="Neufall")
    number = store.get_interview_for(db.interviewer_a, old.id).certificate_number
    _age(old.learner.id, 4)
    report = store.purge(db.admin, 3, dry_run=True)
    assert (report.learners, report.interviews, report.certificates_kept) == (1, 1, 1)
    assert store.search_learners(db.interviewer_a, "Altfall")  # nothing changed
    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        assert s.scalar(select(func.count()).select_from(InterviewRevision)) > 0
    with pytest.raises(store.AccessDenied):
        store.purge(db.counselor, 3)
    report = store.purge(db.admin, 3)
    assert report.learner_ids == [old.learner.id]
    assert store.search_learners(db.interviewer_a, "Altfall") == []
    assert store.search_learners(db.interviewer_a, "Neufall")
    status = store.certificate_status(db.admin, number or "")
    assert status is not None and status["revoked"] is False and certificate_data(number or "") is None
    stats = store.statistics(db.admin)
    assert stats.total == 2 and stats.by_status["certificate_issued"] == 1
    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        row = s.get(Interview, old.id)
        assert row is not None and row.answers == {} and row.level_listening == "A2"
        assert row.submitted_at is not None and row.submitted_at.day == 1  # month kept, day dropped
    assert recent.id != old.id


def test_the_counseling_offices_copy_of_consent_follows_every_change(db: Cast) -> None:
    first = db.interview(db.interviewer_a, "submitted", family="Kopie Eins")
    store.start_interview(db.interviewer_a, first.learner.id)  # a second interview of the same learner
    second = db.interview(db.interviewer_b, "submitted", family="Kopie Zwei", sharing=False)

    def mirrored() -> bool:
        with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
            rows = s.execute(select(Interview.shared, Learner.sharing_consent).join(Learner)).all()
        return all(bool(a) == bool(b) for a, b in rows)

    assert mirrored()
    store.record_consent(db.interviewer_a, first.learner.id, "sharing", False)
    store.record_consent(db.interviewer_b, second.learner.id, "sharing", True)
    assert mirrored() and store.review_queue(db.counselor)[1] == 1
    store.erase_learner(db.dpo, found_for_request(db.dpo, second.learner), "Antrag")
    assert mirrored() and store.review_queue(db.counselor)[1] == 0
