"""Backup and restore of the real store (its Alembic migrations and data made through its API):
nothing is lost between SQLite and PostgreSQL, the restored database works, bad restores are refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

import store
from cli_common import CommandError
from ops import migrations
from ops.backup import backup
from ops.db import ops_engine
from ops.restore import restore
from store import db as store_db
from tests.ops.backup_files import read_lines, write_signed

PASSWORD = "richtig-langes-passwort"
NAMES = [
    ("Öztürk", "Çağlar"),
    ("Nguyễn", "Thị Hồng"),
    ("Коваленко", "Олександра"),
    ("Haddad", "Amina"),
    ("Wójcik", "Łucja"),
]


def _logo() -> bytes:
    """A real PNG whose pixels hold every byte value (uploads are decoded and stored re-encoded)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (16, 16), bytes(range(256)) * 3).save(out, format="PNG")
    return out.getvalue()


LOGO = _logo()


def fill(url: str) -> None:
    """A small city through the store's API: admin, providers (one with a logo), staff, learners."""
    store_db.migrate(url)
    store_db.configure(url)
    try:
        admin = store.create_first_admin("admin", PASSWORD, "Ada Admin")
        providers = [store.create_provider(admin, name) for name in ("VHS Musterstadt", "Sprachschule Brücke")]
        store.update_provider(admin, providers[0].id, logo=LOGO, logo_mime="image/png")
        for i, provider in enumerate(providers):
            store.create_user(admin, f"int{i}", PASSWORD, "interviewer", provider.id, f"Interviewer {i}")
        store.create_user(admin, "beratung", PASSWORD, "counselor", None, "Beratung")
        interviewer = store.authenticate("int0", PASSWORD)
        for i, (family, given) in enumerate(NAMES):
            learner = store.create_learner(
                interviewer,
                family,
                given,
                f"19{80 + i}-0{1 + i}-1{i}",
                processing_consent=True,
                sharing_consent=i % 2 == 0,
            )
            if i == 3:
                store.record_consent(interviewer, learner.id, "sharing", True)
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


def dump(url: str) -> dict[str, list[tuple]]:
    engine = ops_engine(url)
    with engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn)
        out = {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in meta.sorted_tables
        }
    engine.dispose()
    return out


def assert_store_works(url: str) -> None:
    """The restored database is usable: logins verify, new rows get fresh ids, learners are found."""
    store_db.configure(url)
    try:
        interviewer = store.authenticate("int0", PASSWORD)
        found = store.search_learners(interviewer, "Öztürk")
        assert [(v.family_name, v.given_names) for v in found] == [NAMES[0]]
        new = store.create_learner(interviewer, "Neu", "Nora", "2000-01-01", processing_consent=True)
        assert new.id == len(NAMES) + 1
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


def round_trip(src: str, dst: str, tmp_path: Path) -> None:
    fill(src)
    out = tmp_path / "store.jsonl.gz"
    summary = backup(ops_engine(src), out)
    assert summary.revision == migrations.head_revision()
    assert summary.counts["learners"] == len(NAMES) and summary.counts["users"] == 4
    assert summary.counts["audit_events"] > 0
    restored = restore(ops_engine(dst), out)
    assert restored.counts == summary.counts
    assert dump(dst) == dump(src)
    assert_store_works(dst)


def test_store_sqlite_to_sqlite(tmp_path):
    round_trip(f"sqlite:///{tmp_path / 'src.db'}", f"sqlite:///{tmp_path / 'dst.db'}", tmp_path)


@pytest.mark.postgres
def test_store_sqlite_to_postgres(tmp_path, pg_url):
    round_trip(f"sqlite:///{tmp_path / 'src.db'}", pg_url, tmp_path)


@pytest.mark.postgres
def test_store_postgres_to_sqlite(tmp_path, pg_url):
    round_trip(pg_url, f"sqlite:///{tmp_path / 'dst.db'}", tmp_path)


def test_restore_refuses_a_backup_from_a_newer_program(tmp_path):
    src = f"sqlite:///{tmp_path / 'src.db'}"
    fill(src)
    out = tmp_path / "store.jsonl.gz"
    backup(ops_engine(src), out)
    lines = read_lines(out)
    header = json.loads(lines[0])
    header["alembic_revision"] = "9999_from_the_future"
    newer = tmp_path / "newer.jsonl.gz"
    write_signed(newer, [json.dumps(header), *lines[1:]])  # as the newer program would have signed it
    dst = f"sqlite:///{tmp_path / 'dst.db'}"
    with pytest.raises(CommandError, match="neueren Programmversion"):
        restore(ops_engine(dst), newer)
    assert dump(dst) == {}


def test_restore_refuses_a_migrated_database_that_has_data(tmp_path):
    src, dst = f"sqlite:///{tmp_path / 'src.db'}", f"sqlite:///{tmp_path / 'dst.db'}"
    fill(src)
    fill(dst)
    out = tmp_path / "store.jsonl.gz"
    backup(ops_engine(src), out)
    before = dump(dst)
    with pytest.raises(CommandError, match="nicht leer"):
        restore(ops_engine(dst), out)
    assert dump(dst) == before


def test_restore_into_an_already_migrated_empty_database(tmp_path):
    src, dst = f"sqlite:///{tmp_path / 'src.db'}", f"sqlite:///{tmp_path / 'dst.db'}"
    fill(src)
    store_db.migrate(dst)
    store_db.dispose_engine(dst)
    out = tmp_path / "store.jsonl.gz"
    backup(ops_engine(src), out)
    restore(ops_engine(dst), out)
    assert dump(dst) == dump(src)


# --- the demo city: interviews in every status, revisions, reviews, issued certificates ------------


@pytest.fixture()
def secret_key(monkeypatch) -> Iterator[bytes]:
    from settings import get_settings

    monkeypatch.setenv("SECRET_KEY", "backup-test-key-0123456789abcdef")
    get_settings.cache_clear()
    yield get_settings().effective_secret_key
    monkeypatch.delenv("SECRET_KEY")
    get_settings.cache_clear()


def fill_demo(url: str) -> None:
    from demo.seed import seed_demo

    store_db.migrate(url)
    store_db.configure(url)
    try:
        seed_demo(learners=16, password=PASSWORD, seed=7, issue_certificates=True)
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


def certificates_verify(url: str, key: bytes) -> int:
    """Every stored certificate: its code checks against its frozen data, and a reprint from the frozen
    data has exactly the stored PDF hash. Returns how many were checked."""
    from certificates import check_code, pdf_sha256, render_certificate
    from schemas.certificate import CertificateData

    engine = ops_engine(url)
    with engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn, only=["certificates"])
        rows = conn.execute(select(meta.tables["certificates"])).mappings().all()
    engine.dispose()
    for row in rows:
        data = CertificateData.model_validate_json(json.dumps(row["data"]))
        assert check_code(data, row["verification_code"], [key]), row["number"]
        assert pdf_sha256(render_certificate(data)) == row["pdf_sha256"], row["number"]
    return len(rows)


def answers_by_interview(url: str) -> dict[int, dict]:  # type: ignore[type-arg]
    engine = ops_engine(url)
    with engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn, only=["interviews"])
        t = meta.tables["interviews"]
        out = {row.id: row.answers for row in conn.execute(select(t.c.id, t.c.answers))}
    engine.dispose()
    return out


def demo_round_trip(src: str, dst: str, tmp_path: Path, key: bytes) -> None:
    fill_demo(src)
    issued = certificates_verify(src, key)
    assert issued >= 1
    out = tmp_path / "demo.jsonl.gz"
    summary = backup(ops_engine(src), out)
    restore(ops_engine(dst), out)
    assert answers_by_interview(dst) == answers_by_interview(src) and len(answers_by_interview(dst)) >= 16
    assert dump(dst) == dump(src)
    assert certificates_verify(dst, key) == issued == summary.counts["certificates"]


@pytest.mark.slow
@pytest.mark.postgres
def test_demo_city_sqlite_to_postgres_keeps_answers_and_certificates_verify(tmp_path, pg_url, secret_key):
    demo_round_trip(f"sqlite:///{tmp_path / 'src.db'}", pg_url, tmp_path, secret_key)


@pytest.mark.slow
@pytest.mark.postgres
def test_demo_city_postgres_to_sqlite_keeps_answers_and_certificates_verify(tmp_path, pg_url, secret_key):
    demo_round_trip(pg_url, f"sqlite:///{tmp_path / 'dst.db'}", tmp_path, secret_key)


def test_backup_of_an_older_schema_restores_into_the_newest(tmp_path):
    """A backup taken before an upgrade restores into the upgraded program: the empty database is
    migrated to the backup's revision, loaded, then migrated to the newest revision."""
    import datetime as dt

    from sqlalchemy import insert

    known = migrations.known_revisions()
    old = known[0]
    src, dst = f"sqlite:///{tmp_path / 'old.db'}", f"sqlite:///{tmp_path / 'new.db'}"
    engine = ops_engine(src)
    with engine.begin() as conn:
        migrations.upgrade(conn, src, old)
        meta = MetaData()
        meta.reflect(conn)
        conn.execute(
            insert(meta.tables["providers"]).values(
                id=1,
                name="VHS Musterstadt",
                address="Am Markt 1",
                is_active=True,
                is_demo=False,
                created_at=dt.datetime(2026, 1, 2, 3, 4, 5),
            )
        )
    engine.dispose()
    out = tmp_path / "old.jsonl.gz"
    assert backup(ops_engine(src), out).revision == old
    restore(ops_engine(dst), out)
    engine = ops_engine(dst)
    with engine.connect() as conn:
        assert migrations.current_revision(conn) == migrations.head_revision() != old
        meta = MetaData()
        meta.reflect(conn, only=["providers"])
        rows = conn.execute(select(meta.tables["providers"].c.name)).scalars().all()
    engine.dispose()
    assert rows == ["VHS Musterstadt"]
