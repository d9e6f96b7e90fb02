"""City sign-on links (SQLite and PostgreSQL): only an identity the admin linked signs in, as that account."""

from __future__ import annotations

import pytest

import store
from store import sign_on
from tests.store.conftest import Cast


def test_a_linked_identity_signs_in_as_its_account_and_nothing_else(db: Cast) -> None:
    sign_on.link_sign_on(db.admin, db.interviewer_a.id, "ina@stadt.example")
    actor = sign_on.sign_on("ina@stadt.example")
    assert actor is not None and actor.id == db.interviewer_a.id
    assert sign_on.sign_on("fremd@stadt.example") is None
    assert sign_on.sign_on("") is None
    assert sign_on.sign_on_subject(db.admin, db.interviewer_a.id) == "ina@stadt.example"
    assert store.audit_log(db.admin, action="user.sign_on_linked")[1] == 1


def test_only_admins_link_and_an_identity_belongs_to_one_account(db: Cast) -> None:
    with pytest.raises(store.AccessDenied):
        sign_on.link_sign_on(db.padmin_a, db.interviewer_a.id, "ina@stadt.example")
    sign_on.link_sign_on(db.admin, db.interviewer_a.id, "ina@stadt.example")
    with pytest.raises(store.InvalidInput):
        sign_on.link_sign_on(db.admin, db.interviewer_a2.id, "ina@stadt.example")
    sign_on.link_sign_on(db.admin, db.interviewer_a.id, "ina.neu@stadt.example")  # replaces the link
    assert sign_on.sign_on("ina@stadt.example") is None
    sign_on.link_sign_on(db.admin, db.interviewer_a.id, "")  # removes it
    assert sign_on.sign_on("ina.neu@stadt.example") is None


def test_a_deactivated_account_or_provider_does_not_sign_in(db: Cast) -> None:
    sign_on.link_sign_on(db.admin, db.interviewer_a.id, "ina@stadt.example")
    sign_on.link_sign_on(db.admin, db.interviewer_b.id, "bert@stadt.example")
    store.set_user_active(db.admin, db.interviewer_a.id, False)
    store.update_provider(db.admin, db.provider_b, is_active=False)
    assert sign_on.sign_on("ina@stadt.example") is None
    assert sign_on.sign_on("bert@stadt.example") is None
