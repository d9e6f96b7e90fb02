"""The password policy: common and guessable passwords are refused wherever a password is set, with a
German message saying why and what to do; strong ones pass."""

from __future__ import annotations

import pytest

import store
from security import passwords
from tests.store.conftest import PASSWORD, Cast

STRONG = "Leuchtturm-Kastanie-Wolke-42"


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("aaaaaaaaaaaa", "wiederholt"),
        ("123456789012", "leicht zu erraten"),
        ("987654321098", "Folge"),
        ("passwort1234", "häufigen Wort"),
        ("qwertzuiopü1", "leicht zu erraten"),
        ("1990-05-12-1990", "Datum"),
        ("Sommer2024!!", "leicht zu erraten"),
        ("geheim-geheim-1", "leicht zu erraten"),
        ("anna.schmidt99", "Benutzernamen"),  # the user name itself, with something added
        ("ANNA.SCHMIDT-1990", "Benutzernamen"),
        ("Musterstadt-2026!", "Musterstadt"),  # the city's name (settings.py default)
        ("sprachstand-2026-x", "Sprachstand"),  # the program's name
    ],
)
def test_guessable_passwords_are_refused_with_a_reason_and_advice(password: str, why: str) -> None:
    with pytest.raises(store.InvalidInput) as refused:
        passwords.check_rules(password, username="anna.schmidt", display_name="Anna Schmidt")
    message = str(refused.value)
    assert message.startswith("Passwort:") and why in message, message
    assert "mehreren Wörtern" in message  # what to do instead
    assert refused.value.field == "password"


def test_the_user_name_alone_as_password_is_refused() -> None:
    with pytest.raises(store.InvalidInput, match="Benutzernamen"):
        passwords.check_rules("verwaltung.nord", username="verwaltung.nord")


@pytest.mark.parametrize("password", [STRONG, "ein-sehr-gutes-passwort", "Ich-lerne-Deutsch-seit-2019", PASSWORD])
def test_strong_passwords_pass(password: str) -> None:
    passwords.check_rules(password, username="anna.schmidt", display_name="Anna Schmidt")


def test_a_very_long_password_is_rated_quickly() -> None:
    import time

    started = time.perf_counter()
    with pytest.raises(store.InvalidInput):
        passwords.check_rules("ab" * 512)
    passwords.check_rules(STRONG + "x" * 900)
    assert time.perf_counter() - started < 2


def test_policy_applies_to_every_way_a_password_is_set(db: Cast) -> None:
    weak = "passwort1234"
    with pytest.raises(store.InvalidInput, match="leicht zu erraten"):
        store.create_user(db.admin, "neu.konto", weak, "counselor")
    with pytest.raises(store.InvalidInput, match="Benutzernamen"):
        store.create_user(db.admin, "neu.konto", "neu.konto-Fahrrad-7", "counselor")
    ina = next(u for u in store.list_users(db.admin) if u.username == "ina")
    with pytest.raises(store.InvalidInput, match="leicht zu erraten"):
        store.reset_password(db.admin, ina.id, "aaaaaaaaaaaa")
    with pytest.raises(store.InvalidInput, match="leicht zu erraten"):
        store.change_own_password(db.interviewer_a, PASSWORD, "123456789012")
    assert store.authenticate("ina", PASSWORD)  # nothing was changed
    store.change_own_password(db.interviewer_a, PASSWORD, STRONG)
    assert store.authenticate("ina", STRONG)


def test_the_city_name_an_admin_set_is_refused_too(db: Cast) -> None:
    store.set_app_setting(db.admin, "city_name", "Kleinhausen an der Ruhr")
    with pytest.raises(store.InvalidInput, match="Kleinhausen an der Ruhr"):
        store.create_user(db.admin, "neu.konto", "KleinhausenanderRuhr-2026", "counselor")


def test_first_admin_needs_a_strong_password(empty_db: str) -> None:
    with pytest.raises(store.InvalidInput, match="leicht zu erraten"):
        store.create_first_admin("chefin", "123456789012")
    assert store.setup_needed()
    store.create_first_admin("chefin", STRONG)
    assert not store.setup_needed()
