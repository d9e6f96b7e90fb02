"""Staff of a deactivated provider stop working at once (issue 15, finding 8): they cannot sign in, and
an open session can neither create learners nor start interviews; reactivation gives everything back."""

from __future__ import annotations

import pytest

import store
from tests.store.conftest import PASSWORD, Cast


def test_staff_of_a_deactivated_provider_cannot_sign_in_or_work(db: Cast) -> None:
    learner = db.learner(db.interviewer_a)
    store.update_provider(db.admin, db.provider_a, is_active=False)
    with pytest.raises(store.AccountLocked, match="deaktiviert"):
        store.authenticate("ina", PASSWORD)
    with pytest.raises(store.AccessDenied, match="Träger"):
        db.learner(db.interviewer_a, family="Neu")
    with pytest.raises(store.AccessDenied, match="Träger"):
        store.start_interview(db.interviewer_a, learner.id)
    with pytest.raises(store.AccessDenied, match="Träger"):
        store.list_my_interviews(db.padmin_a)
    with pytest.raises(store.AccessDenied, match="Träger"):  # the page load of an open session
        store.get_actor(db.interviewer_a.id)
    # the other provider works on
    assert store.start_interview(db.interviewer_b, db.learner(db.interviewer_b).id).status == "draft"
    store.update_provider(db.admin, db.provider_a, is_active=True)
    assert store.authenticate("ina", PASSWORD).username == "ina"
    assert store.start_interview(db.interviewer_a, learner.id).status == "draft"
