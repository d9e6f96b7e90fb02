"""Accounts: first set-up, login, lockout, management — as users and admins would notice them."""

from __future__ import annotations

import pytest

import store
from tests.store.conftest import PASSWORD, Cast


def test_login_works_and_is_audited(db: Cast) -> None:
    actor = store.authenticate("INA ", PASSWORD)
    assert actor.username == "ina" and actor.role == "interviewer" and actor.provider_id == db.provider_a
    rows, _ = store.audit_log(db.admin, user_id=actor.id, action="login.success")
    assert rows


def test_unknown_user_and_wrong_password_give_the_same_message(db: Cast) -> None:
    with pytest.raises(store.LoginFailed) as unknown:
        store.authenticate("niemand", PASSWORD)
    with pytest.raises(store.LoginFailed) as wrong:
        store.authenticate("ina", "falsches-passwort-123")
    assert str(unknown.value) == str(wrong.value)
    assert "Benutzername oder Passwort" in str(wrong.value)
    actions = [r.action for r in store.audit_log(db.admin, action="login.failed")[0]]
    assert len(actions) == 2


def test_lockout_after_five_failures_then_admin_unlocks(db: Cast) -> None:
    for _ in range(5):
        with pytest.raises(store.LoginFailed):
            store.authenticate("ina", "falsches-passwort-123")
    # while locked, even the right password gets the one message that also says an account may be locked
    with pytest.raises(store.LoginFailed, match="gesperrt") as locked:
        store.authenticate("ina", PASSWORD)
    assert type(locked.value) is store.LoginFailed
    user = next(u for u in store.list_users(db.admin) if u.username == "ina")
    assert user.is_locked
    store.unlock_user(db.admin, user.id)
    assert store.authenticate("ina", PASSWORD).username == "ina"


def test_password_rules_and_duplicate_username(db: Cast) -> None:
    with pytest.raises(store.InvalidInput, match="mindestens 12"):
        store.create_user(db.admin, "kurz", "zu-kurz", "counselor")
    with pytest.raises(store.InvalidInput, match="gibt es bereits"):
        store.create_user(db.admin, "Ina", PASSWORD, "interviewer", db.provider_a)
    with pytest.raises(store.InvalidInput, match="Träger"):
        store.create_user(db.admin, "ohnetraeger", PASSWORD, "interviewer")
    assert sum(u.username == "ina" for u in store.list_users(db.admin)) == 1


def test_passwords_are_stored_as_argon2id(db: Cast) -> None:
    from sqlalchemy import select

    from store.db import session_scope
    from store.models import User

    with session_scope() as s:
        hashes = list(s.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_deactivate_reset_and_role_change_take_effect_at_once(db: Cast) -> None:
    ina = next(u for u in store.list_users(db.admin) if u.username == "ina")
    store.set_user_active(db.admin, ina.id, False)
    with pytest.raises(store.AccountLocked, match="deaktiviert"):
        store.authenticate("ina", PASSWORD)
    with pytest.raises(store.AccessDenied):  # the open session of the deactivated user stops working
        store.list_my_interviews(db.interviewer_a)
    store.set_user_active(db.admin, ina.id, True)
    store.reset_password(db.admin, ina.id, "ein-neues-langes-passwort")
    with pytest.raises(store.LoginFailed):
        store.authenticate("ina", PASSWORD)
    assert store.authenticate("ina", "ein-neues-langes-passwort")
    store.change_role(db.admin, ina.id, "provider_admin", db.provider_a)
    with pytest.raises(store.AccessDenied, match="neu an"):
        store.list_my_interviews(db.interviewer_a)


def test_provider_admin_manages_only_own_interviewers(db: Cast) -> None:
    created = store.create_user(db.padmin_a, "neu.a", PASSWORD, "interviewer", db.provider_a)
    assert created.provider_id == db.provider_a
    with pytest.raises(store.AccessDenied):
        store.create_user(db.padmin_a, "neu.b", PASSWORD, "interviewer", db.provider_b)
    with pytest.raises(store.AccessDenied):
        store.create_user(db.padmin_a, "chef", PASSWORD, "admin")
    bert = next(u for u in store.list_users(db.admin) if u.username == "bert")
    with pytest.raises(store.AccessDenied):
        store.set_user_active(db.padmin_a, bert.id, False)
    assert {u.provider_id for u in store.list_users(db.padmin_a)} == {db.provider_a}
    with pytest.raises(store.AccessDenied):
        store.list_users(db.interviewer_a)


def test_first_admin_only_once_and_last_admin_protected(db: Cast) -> None:
    assert not store.setup_needed()
    with pytest.raises(store.AccessDenied):
        store.create_first_admin("zweiter", PASSWORD)
    with pytest.raises(store.InvalidInput, match="letzte"):
        store.set_user_active(db.admin, db.admin.id, False)


def test_change_own_password(db: Cast) -> None:
    with pytest.raises(store.InvalidInput, match="bisherige"):
        store.change_own_password(db.interviewer_b, "falsch-falsch-falsch", "neues-passwort-123")
    store.change_own_password(db.interviewer_b, PASSWORD, "neues-passwort-123")
    assert store.authenticate("bert", "neues-passwort-123").username == "bert"


def test_a_password_typed_as_username_is_not_logged(db: Cast) -> None:
    with pytest.raises(store.LoginFailed):
        store.authenticate("Mein Geheimes Passwort!", "egal-egal-egal")
    rows, _ = store.audit_log(db.admin, action="login.failed")
    assert rows and all("Geheim" not in r.actor_username for r in rows)
