"""Admins without learner data (issue 15, finding 7): handling data-protection requests is a deliberate,
audited per-account designation ("Datenschutz"), checked again on every call; a learner is reached only
through a name and birth-date search; revocation and certificate status return no personal data."""

from __future__ import annotations

import dataclasses
import json

import pytest

import store
from store.certificate_lists import list_certificates
from store.reporting import find_learners_for_request
from tests.store.conftest import Cast


def _search(actor: store.Actor, iv: store.InterviewView) -> int:
    learner = iv.learner
    found = find_learners_for_request(actor, learner.family_name, learner.given_names, learner.birth_date)
    return found[0].learner_id


def test_an_admin_without_the_designation_gets_no_learner_data(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    with pytest.raises(store.AccessDenied, match="Datenschutz"):
        find_learners_for_request(db.admin, "Haddad", "Amina", iv.learner.birth_date)
    with pytest.raises(store.AccessDenied, match="Datenschutz"):
        store.export_learner(db.admin, iv.learner.id)
    with pytest.raises(store.AccessDenied, match="Datenschutz"):
        store.erase_learner(db.admin, iv.learner.id, "Antrag vom 01.11.2026")


def test_the_designation_is_audited_and_rechecked_on_every_call(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    granted = store.set_data_protection(db.admin, db.admin.id, True)
    assert granted.can_handle_data_requests and granted.data_protection_since is not None
    admin = store.get_actor(db.admin.id)  # the page load after the change
    learner_id = _search(admin, iv)
    assert store.export_learner(admin, learner_id)["learner"]["family_name"] == "Haddad"
    # revoked (by another admin, or by the same one): the open session loses the access at the next call
    store.set_data_protection(admin, db.admin.id, False)
    with pytest.raises(store.AccessDenied):
        store.export_learner(admin, learner_id)
    actions = [r.action for r in store.audit_log(db.admin, user_id=db.admin.id)[0]]
    assert "user.data_protection_granted" in actions and "user.data_protection_revoked" in actions


def test_only_admins_designate_and_only_admins_or_counselors_can_be_designated(db: Cast) -> None:
    with pytest.raises(store.AccessDenied):
        store.set_data_protection(db.padmin_a, db.interviewer_a.id, True)
    with pytest.raises(store.InvalidInput, match="Administration oder Beratung"):
        store.set_data_protection(db.admin, db.interviewer_a.id, True)
    assert store.set_data_protection(db.admin, db.counselor.id, True).can_handle_data_requests


def test_export_and_erasure_only_after_a_name_and_birth_date_search(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    other = db.interview(db.interviewer_b, "submitted", family="Petrenko", given="Olena")
    with pytest.raises(store.AccessDenied, match="Suche"):
        store.export_learner(db.dpo, iv.learner.id)  # a number alone is not enough
    learner_id = _search(db.dpo, iv)
    assert store.export_learner(db.dpo, learner_id)["learner"]["id"] == learner_id
    with pytest.raises(store.AccessDenied, match="Suche"):
        store.erase_learner(db.dpo, other.learner.id, "Antrag")  # found was someone else
    store.erase_learner(db.dpo, learner_id, "Antrag vom 01.11.2026")


def test_revocation_and_certificate_status_return_no_personal_data(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "certificate_issued", family="Geheimname")
    number = store.get_interview_for(db.interviewer_a, iv.id).certificate_number
    assert number is not None
    status = store.certificate_status(db.admin, number)
    assert status is not None and status["number"] == number and status["revoked"] is False
    assert "Geheimname" not in json.dumps(status, default=str)
    certificate_id = list_certificates(db.counselor)[0].id
    revoked = store.revoke_certificate(db.admin, certificate_id, "Fehler im Datum")
    assert revoked.revoked and revoked.data is None
    assert "Geheimname" not in json.dumps(dataclasses.asdict(revoked), default=str)
