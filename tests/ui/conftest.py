"""Fixtures of the UI tests: a real SQLite database per test (DATABASE_URL + settings cache cleared),
a cast of users, and AppTest helpers that log in, open pages and fill in the real guide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import store
from settings import get_settings
from store import db as store_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "richtig-langes-passwort"


@dataclass
class Cast:
    url: str
    admin: store.Actor
    interviewer: store.Actor  # provider A
    interviewer_b: store.Actor  # provider B
    provider_admin: store.Actor  # provider A
    counselor: store.Actor
    provider_a: int
    provider_b: int

    def by_role(self, role: str) -> store.Actor:
        return {
            "interviewer": self.interviewer,
            "provider_admin": self.provider_admin,
            "counselor": self.counselor,
            "admin": self.admin,
        }[role]


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    store_db.configure(None)


def seed_cast(url: str) -> Cast:
    store_db.migrate(url)
    admin = store.create_first_admin("admin", PASSWORD, "Ada Admin")
    a = store.create_provider(admin, "VHS Musterstadt")
    b = store.create_provider(admin, "Sprachschule Brücke")

    def user(name: str, role: str, provider: int | None = None) -> store.Actor:
        store.create_user(admin, name, PASSWORD, role, provider, name.title())
        return store.authenticate(name, PASSWORD)

    return Cast(
        url=url,
        admin=admin,
        interviewer=user("ina", "interviewer", a.id),
        interviewer_b=user("bert", "interviewer", b.id),
        provider_admin=user("paula", "provider_admin", a.id),
        counselor=user("beratung", "counselor"),
        provider_a=a.id,
        provider_b=b.id,
    )


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    use_database(monkeypatch, url)
    yield url
    store_db.dispose_engine(url)
    get_settings.cache_clear()


@pytest.fixture
def cast(empty_db: str) -> Cast:
    return seed_cast(empty_db)
