"""``store.allowed_actions``: which workflow steps a page offers, read from the same table the steps obey."""

from __future__ import annotations

import dataclasses

import pytest

import store
from schemas.vocabulary import Action, Status
from tests.store.conftest import Cast

NOTHING: frozenset[Action] = frozenset()


def _expected(db: Cast) -> dict[Status, dict[str, frozenset[Action]]]:
    """Per status of an interview of provider A: who may take which step (everyone else: nothing)."""
    return {
        Status.DRAFT: {"interviewer_a": frozenset({Action.SUBMIT}), "padmin_a": frozenset({Action.SUBMIT})},
        Status.SUBMITTED: {
            # until the counseling office opens it (reading it by id for allowed_actions does not)
            "interviewer_a": frozenset({Action.WITHDRAW}),
            "padmin_a": frozenset({Action.WITHDRAW}),
            "counselor": frozenset({Action.APPROVE, Action.RETURN}),
            "dpo": frozenset({Action.APPROVE, Action.RETURN}),
        },
        Status.RETURNED: {"interviewer_a": frozenset({Action.SUBMIT}), "padmin_a": frozenset({Action.SUBMIT})},
        Status.APPROVED: {
            "counselor": frozenset({Action.ISSUE}),
            "dpo": frozenset({Action.ISSUE}),
            "padmin_a": frozenset({Action.ISSUE}),
        },
        Status.CERTIFICATE_ISSUED: {
            "counselor": frozenset({Action.REVOKE}),
            "dpo": frozenset({Action.REVOKE}),
            "admin": frozenset({Action.REVOKE}),
        },
    }


ACTORS = ("interviewer_a", "interviewer_a2", "padmin_a", "interviewer_b", "padmin_b", "counselor", "dpo", "admin")


@pytest.mark.parametrize("status", list(Status))
def test_each_role_is_offered_what_the_transition_table_allows(db: Cast, status: Status) -> None:
    iv = db.interview(db.interviewer_a, status)
    assert iv.status is status
    expected = _expected(db)[status]
    for name in ACTORS:
        actor = getattr(db, name)
        want = expected.get(name, NOTHING) if name != "interviewer_a2" else expected.get("interviewer_a", NOTHING)
        assert store.allowed_actions(actor, iv.id) == want, (status, name)
    # the view the provider's staff holds gives the same answer without the database
    assert store.allowed_actions(db.interviewer_a, iv) == expected.get("interviewer_a", NOTHING)
    assert store.allowed_actions(db.padmin_a, iv) == expected.get("padmin_a", NOTHING)
    # another provider's staff is offered nothing, even holding a copy of the view
    assert store.allowed_actions(db.padmin_b, iv) == NOTHING
    rows = store.list_my_interviews(db.interviewer_a)
    assert [store.allowed_actions(db.interviewer_a, row) for row in rows] == [expected.get("interviewer_a", NOTHING)]


def test_nothing_is_offered_on_what_the_counseling_office_may_not_see(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted", sharing=False)
    assert store.allowed_actions(db.counselor, iv.id) == NOTHING
    assert store.allowed_actions(db.counselor, 999_999) == NOTHING
    shared = db.interview(db.interviewer_a, "submitted", family="Nasser")
    assert store.allowed_actions(db.counselor, shared.id) == {Action.APPROVE, Action.RETURN}


def test_what_is_offered_is_what_the_store_accepts(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    for name in ("interviewer_a", "padmin_a", "admin"):
        actor = getattr(db, name)
        assert Action.APPROVE not in store.allowed_actions(actor, iv.id)
        with pytest.raises((store.AccessDenied, store.InvalidTransition)):
            store.approve(actor, iv.id)
    assert Action.APPROVE in store.allowed_actions(db.counselor, iv.id)
    approved = store.approve(db.counselor, iv.id)
    assert store.allowed_actions(db.counselor, approved) == {Action.ISSUE}
    # an interview in a state the table does not know for this step is refused with the table's words
    with pytest.raises(store.InvalidTransition, match="„Freigeben“ ist im Status „Freigegeben“ nicht möglich"):
        store.approve(db.counselor, iv.id)


def test_a_stale_view_is_answered_as_loaded_and_the_step_checks_again(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    store.approve(db.counselor, iv.id)
    stale = dataclasses.replace(iv, status=Status.SUBMITTED)
    assert store.allowed_actions(db.counselor, stale) == {Action.APPROVE, Action.RETURN}
    assert store.allowed_actions(db.counselor, iv.id) == {Action.ISSUE}
    with pytest.raises(store.InvalidTransition):
        store.return_interview(db.counselor, iv.id, "zu spät")
