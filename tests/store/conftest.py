"""Database fixtures of the store's suite: every test that uses ``db`` runs on SQLite (a temporary file)
and on PostgreSQL (a fresh schema per session in TEST_DATABASE_URL; skipped only when that is unset)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import pytest
from alembic import command
from sqlalchemy import create_engine, text

import store
from store import db as store_db
from store.models import Base
from tests.store.guide import GUIDE, complete_answers

PASSWORD = "richtig-langes-passwort"


def downgrade(url: str, revision: str) -> None:
    """Migrates the database at ``url`` down to ``revision`` on one connection, with SQLite's foreign keys
    off as store.db migrates (batch mode rebuilds tables); ``store_db.migrate`` brings it back up."""
    engine = store_db.get_engine(url)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        if engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys = OFF")
        with conn.begin():
            cfg = store_db._alembic_config(url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
        if engine.dialect.name == "sqlite":
            raw.execute("PRAGMA foreign_keys = ON")


def issue(actor: store.Actor, interview_id: int) -> store.CertificateView:
    """``store.issuing.issue_certificate`` (the one way to write a certificate) for an interview of this
    suite's test guide. That guide scores two of the five skills, too few for a certificate, so the
    assembly sees the other three at A1; everything else (number, transition, audit) is the real path."""
    from unittest import mock

    from certificates import assembly
    from schemas.vocabulary import Skill
    from store.issuing import issue_certificate

    real = assembly.build_certificate_data

    def complete(facts: assembly.CertificateFacts) -> Any:
        levels = {**{skill: "A1" for skill in Skill}, **{k: v for k, v in facts.score.levels.items() if v}}
        return real(replace(facts, score=facts.score.model_copy(update={"levels": levels})))

    with mock.patch("store.issuing.build_certificate_data", complete):
        return issue_certificate(actor, interview_id)[0]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'test.db'}"
        store_db.migrate(url)
        yield url
        store_db.dispose_engine(url)
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL ist nicht gesetzt: PostgreSQL-Variante übersprungen")
    schema = f"store_test_{int(time.time())}_{uuid.uuid4().hex[:8]}"
    admin_engine = create_engine(base)
    with admin_engine.begin() as conn:
        _drop_stale_schemas(conn)
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    try:
        store_db.migrate(url)
        yield url
    finally:
        store_db.dispose_engine(url)
        with admin_engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


STALE_AFTER_S = 6 * 3600


def _drop_stale_schemas(conn: Any) -> None:
    """Schemas left behind by a test session that was killed (its finaliser never ran)."""
    names = conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'store\\_test\\_%'")).scalars()
    for name in list(names):
        parts = name.split("_")
        if len(parts) == 4 and parts[2].isdigit() and time.time() - int(parts[2]) > STALE_AFTER_S:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


def _wipe(url: str) -> None:
    engine = store_db.get_engine(url)
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


wipe = _wipe


@dataclass
class Cast:
    """The users every test can act as: two providers with staff, the counseling office, the admin."""

    url: str
    backend: str
    admin: store.Actor
    counselor: store.Actor
    dpo: store.Actor  # counselor designated for data-protection requests
    provider_a: int
    provider_b: int
    interviewer_a: store.Actor
    interviewer_a2: store.Actor
    padmin_a: store.Actor
    interviewer_b: store.Actor
    padmin_b: store.Actor
    extra: dict[str, object] = field(default_factory=dict)

    def learner(
        self,
        actor: store.Actor,
        family: str = "Haddad",
        given: str = "Amina",
        birth: str = "1990-04-12",
        sharing: bool = True,
    ) -> store.LearnerView:
        return store.create_learner(actor, family, given, birth, processing_consent=True, sharing_consent=sharing)

    def interview(
        self, actor: store.Actor, status: str = "draft", sharing: bool = True, **kw: str
    ) -> store.InterviewView:
        """A learner of the actor's provider with one interview brought to ``status``."""
        learner = self.learner(actor, sharing=sharing, **kw)
        iv = store.start_interview(actor, learner.id)
        if status == "draft":
            return iv
        assert learner.birth_date is not None
        answers = complete_answers(
            learner.family_name, learner.given_names, learner.birth_date.isoformat(), consent_sharing=sharing
        )
        iv = store.submit(actor, iv.id, iv.lock_version, answers=answers)
        if status == "submitted":
            return iv
        if not sharing:  # the counseling office cannot see it: consent briefly, act, withdraw
            store.record_consent(actor, learner.id, "sharing", True)
        if status == "returned":
            iv = store.return_interview(self.counselor, iv.id, "Bitte Lesen prüfen.")
        else:
            iv = store.approve(self.counselor, iv.id)
            if status == "certificate_issued":
                issue(self.counselor, iv.id)
        if not sharing:
            store.record_consent(actor, learner.id, "sharing", False)
        return store.get_interview_for(actor, iv.id)


@pytest.fixture
def empty_db(database_url: str) -> Iterator[str]:
    """An empty, migrated database (SQLite and PostgreSQL) that the store is pointed at."""
    _wipe(database_url)
    store_db.configure(database_url)
    try:
        yield database_url
    finally:
        store_db.configure(None)
        _wipe(database_url)


def build_cast(url: str, backend: str) -> Cast:
    """The cast of every access test, in the database the store is configured for: an admin, the
    test guide, two providers with interviewers and provider admins, a counselor and a designated
    data-protection counselor."""
    admin = store.create_first_admin("admin", PASSWORD, "Ada Admin")
    store.upload_guide(admin, GUIDE)
    store.activate_guide(admin, "storetest", 1)
    a = store.create_provider(admin, "VHS Musterstadt")
    b = store.create_provider(admin, "Sprachschule Brücke")

    def user(name: str, role: str, provider: int | None = None, dpo: bool = False) -> store.Actor:
        store.create_user(admin, name, PASSWORD, role, provider, name.title(), can_handle_data_requests=dpo)
        return store.authenticate(name, PASSWORD)

    return Cast(
        url=url,
        backend=backend,
        admin=admin,
        counselor=user("beratung", "counselor"),
        dpo=user("datenschutz", "counselor", dpo=True),
        provider_a=a.id,
        provider_b=b.id,
        interviewer_a=user("ina", "interviewer", a.id),
        interviewer_a2=user("igor", "interviewer", a.id),
        padmin_a=user("paula", "provider_admin", a.id),
        interviewer_b=user("bert", "interviewer", b.id),
        padmin_b=user("berta", "provider_admin", b.id),
    )


@pytest.fixture
def db(database_url: str) -> Iterator[Cast]:
    _wipe(database_url)
    store_db.configure(database_url)
    try:
        yield build_cast(database_url, store_db.get_engine(database_url).dialect.name)
    finally:
        store_db.configure(None)


def found_for_request(actor: store.Actor, learner: store.LearnerView) -> int:
    """The learner's number as a data-protection request reaches it: through a name and birth-date search
    by the same (designated) account, which opens export and erasure for that learner."""
    from store.reporting import find_learners_for_request

    matches = find_learners_for_request(actor, learner.family_name, learner.given_names, learner.birth_date)
    return next(m.learner_id for m in matches if m.learner_id == learner.id)


def certificate_data(number: str) -> object:
    """The frozen data stored with a certificate (None once erased or purged)."""
    from sqlalchemy import select

    from store.db import session_scope
    from store.models import Certificate
    from store.scoping import CrossProvider

    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        return s.scalar(select(Certificate.data).where(Certificate.number == number))


@pytest.fixture
def every_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """MIN_GROUP_SIZE=1: figures show every count, for tests of the counting itself with a handful of
    interviews (tests/store/test_small_groups.py checks the default of 5)."""
    from settings import get_settings

    monkeypatch.setattr(get_settings(), "min_group_size", 1)
