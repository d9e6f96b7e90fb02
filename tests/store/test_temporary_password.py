"""A password that an admin or a provider lead set (new account, reset) is temporary when they say so: its
owner can sign in, but the store refuses every call except choosing an own password and the own sessions
until then (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

import store
from store import sessions
from tests.store.conftest import PASSWORD, Cast
from tests.store.courses_support import draft

OWN = "mein-eigenes-passwort-77"


def test_a_new_account_with_a_temporary_password_must_choose_its_own_first(db: Cast) -> None:
    store.create_user(db.padmin_a, "neu", PASSWORD, "interviewer", db.provider_a, "Neu")  # a lead's: temporary
    assert next(u for u in store.list_users(db.admin) if u.username == "neu").must_change_password
    actor = store.authenticate("neu", PASSWORD)
    assert actor.must_change_password
    # nothing but the own account: no learner, no interview list, no course catalogue
    with pytest.raises(store.PasswordChangeRequired, match="eigenes Passwort"):
        store.list_my_interviews(actor)
    with pytest.raises(store.PasswordChangeRequired):
        store.create_learner(actor, "Haddad", "Amina", "1990-04-12", processing_consent=True, sharing_consent=True)
    with pytest.raises(store.PasswordChangeRequired):
        store.list_offers(actor)
    # signing in and the own sessions work
    sessions.start_session(actor)
    assert sessions.open_sessions(actor) >= 1
    with pytest.raises(store.InvalidInput, match="unterscheiden"):
        store.change_own_password(actor, PASSWORD, PASSWORD)
    store.change_own_password(actor, PASSWORD, OWN)

    again = store.authenticate("neu", OWN)
    assert not again.must_change_password
    assert store.list_my_interviews(again) == []
    store.create_offer(db.padmin_a, draft(title="Sichtbar"))
    assert [o.title for o in store.list_offers(again)[0]] == ["Sichtbar"]
    events, _ = store.audit_log(db.admin, action="user.password_changed")
    assert events[0].details.get("replaced_temporary") is True


def test_a_temporary_reset_asks_again_and_a_plain_one_does_not(db: Cast) -> None:
    store.reset_password(db.padmin_a, db.interviewer_a.id, "vom-chef-vergeben-42", temporary=True)
    actor = store.authenticate("ina", "vom-chef-vergeben-42")
    assert actor.must_change_password
    with pytest.raises(store.PasswordChangeRequired):
        store.list_my_interviews(actor)
    events, _ = store.audit_log(db.admin, action="user.password_reset")
    assert events[0].details.get("temporary") is True

    # a lead cannot make it lasting; an admin can (an account that only signs on through the city)
    store.reset_password(db.padmin_a, db.interviewer_a.id, "vom-chef-vergeben-43", temporary=False)
    assert store.authenticate("ina", "vom-chef-vergeben-43").must_change_password
    store.reset_password(db.admin, db.interviewer_a.id, "vom-admin-vergeben-42")  # not temporary
    actor = store.authenticate("ina", "vom-admin-vergeben-42")
    assert not actor.must_change_password
    store.list_my_interviews(actor)


def test_an_account_signed_in_before_a_temporary_reset_is_refused_at_its_next_call(db: Cast) -> None:
    store.list_my_interviews(db.interviewer_a)  # signed in, working
    store.reset_password(db.admin, db.interviewer_a.id, "vom-admin-vergeben-42", temporary=True)
    with pytest.raises(store.AccessDenied):
        store.list_my_interviews(db.interviewer_a)


def test_migration_keeps_the_passwords_of_existing_accounts(db: Cast) -> None:
    """0015_password_change: accounts that exist before it keep working; only passwords set from then on
    can be temporary."""
    from store import db as store_db
    from tests.store.conftest import downgrade

    downgrade(db.url, "0014_course_need")
    store_db.migrate(db.url)
    assert store_db.current_revision(db.url) == "0015_password_change"
    actor = store.authenticate("ina", PASSWORD)
    assert not actor.must_change_password
    assert not any(u.must_change_password for u in store.list_users(db.admin))
    store.list_my_interviews(actor)


def test_linking_the_citys_sign_on_voids_a_temporary_password(db: Cast) -> None:
    """An account that signs on through the city must not be stopped at "Eigenes Passwort wählen" asking for
    a password its owner may never have received: linking voids the temporary one (nobody knows the new,
    random one), and the city sign-in works at once."""
    from store import sign_on

    store.create_user(db.admin, "stadt", PASSWORD, "counselor", None, "Stadt", temporary_password=True)
    user = next(u for u in store.list_users(db.admin) if u.username == "stadt")
    sign_on.link_sign_on(db.admin, user.id, "stadt@stadt.example")
    with pytest.raises(store.LoginFailed):
        store.authenticate("stadt", PASSWORD)  # the password the admin knew is gone
    actor = sign_on.sign_on("stadt@stadt.example")
    assert actor is not None and not actor.must_change_password
    store.review_queue(actor)
    events, _ = store.audit_log(db.admin, action="user.sign_on_linked")
    assert events[0].details.get("temporary_password_voided") is True
