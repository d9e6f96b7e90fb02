"""Backups are private files (0600) signed with a key (HMAC); restore refuses any file whose signature
does not match — also one whose unkeyed parts an attacker fixed up."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import store
from cli_common import CommandError
from ops.backup import backup
from ops.db import ops_engine
from ops.restore import restore
from settings import ROOT, get_settings
from store import db as store_db
from tests.ops.backup_files import read_lines, write_lines, write_signed
from tests.ops.test_backup_store import dump, fill

# A password the attacker knows, as its argon2 hash: what they would put into the admin's row.
ATTACKER_HASH = "$argon2id$v=19$m=1024,t=1,p=1$YXR0YWNrZXJzYWx0$Zm9yZ2VkLWhhc2gtb2YtdGhlLWF0dGFja2Vy"


@pytest.fixture
def secret_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("SECRET_KEY", "signed-backup-test-key-0123456789")
    monkeypatch.delenv("OLD_SECRET_KEYS", raising=False)
    get_settings.cache_clear()
    yield "signed-backup-test-key-0123456789"
    get_settings.cache_clear()


def made_backup(tmp_path: Path) -> Path:
    src = f"sqlite:///{tmp_path / 'src.db'}"
    fill(src)
    out = tmp_path / "store.jsonl.gz"
    backup(ops_engine(src), out)
    return out


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_readable_by_its_owner_only_even_with_a_permissive_umask(tmp_path: Path, secret_key: str) -> None:
    out = tmp_path / "store.jsonl.gz"
    out.write_bytes(b"an older file, world-readable")
    out.chmod(0o644)
    old_umask = os.umask(0)
    try:
        fill(f"sqlite:///{tmp_path / 'src.db'}")
        backup(ops_engine(f"sqlite:///{tmp_path / 'src.db'}"), out)
    finally:
        os.umask(old_umask)
    assert mode(out) == 0o600
    assert not (tmp_path / "store.jsonl.gz.partial").exists()


def test_manage_backup_writes_a_0600_file(tmp_path: Path, secret_key: str) -> None:
    src = f"sqlite:///{tmp_path / 'src.db'}"
    fill(src)
    out = tmp_path / "cli.jsonl.gz"
    done = subprocess.run(
        [sys.executable, "manage.py", "backup", "--database-url", src, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0),  # the child only sets its umask before exec
    )
    assert done.returncode == 0, done.stderr
    assert mode(out) == 0o600


def _with_admin_hash(lines: list[str], new_hash: str) -> list[str]:
    header = json.loads(lines[0])
    columns = next(t["columns"] for t in header["tables"] if t["name"] == "users")
    names = [c["name"] for c in columns]
    changed = []
    for line in lines:
        entry = json.loads(line)
        if entry.get("t") == "users" and entry["r"][names.index("username")] == "admin":
            entry["r"][names.index("password_hash")] = new_hash
            line = json.dumps(entry, ensure_ascii=False)
        changed.append(line)
    assert changed != lines
    return changed


def test_an_altered_admin_password_hash_is_refused_with_a_german_message(tmp_path: Path, secret_key: str) -> None:
    original = made_backup(tmp_path)
    lines = _with_admin_hash(read_lines(original), ATTACKER_HASH)
    # the attacker keeps the footer, or replaces the signature by a plain SHA-256 of the rows (all
    # they could compute without the key)
    kept = tmp_path / "kept-footer.jsonl.gz"
    write_lines(kept, lines)
    footer = json.loads(lines[-1])
    footer["hmac_sha256"] = hashlib.sha256("".join(line + "\n" for line in lines[:-1]).encode()).hexdigest()
    recomputed = tmp_path / "recomputed.jsonl.gz"
    write_lines(recomputed, [*lines[:-1], json.dumps(footer)])
    for altered in (kept, recomputed):
        dst = f"sqlite:///{tmp_path / f'dst-{altered.stem}.db'}"
        with pytest.raises(CommandError, match="Signatur passt nicht") as refused:
            restore(ops_engine(dst), altered)
        assert "nicht eingespielt" in str(refused.value)
        assert dump(dst) == {}  # nothing written, not even the schema


def test_manage_restore_refuses_the_altered_file_without_traceback(tmp_path: Path, secret_key: str) -> None:
    altered = tmp_path / "altered.jsonl.gz"
    write_lines(altered, _with_admin_hash(read_lines(made_backup(tmp_path)), ATTACKER_HASH))
    dst = f"sqlite:///{tmp_path / 'dst.db'}"
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", "--database-url", dst, str(altered)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Signatur passt nicht" in done.stderr and "Traceback" not in done.stderr


def test_a_backup_signed_under_another_key_restores_only_with_that_key(
    tmp_path: Path, secret_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = made_backup(tmp_path)
    monkeypatch.setenv("SECRET_KEY", "the-new-servers-own-key-987654321")
    get_settings.cache_clear()
    with pytest.raises(CommandError, match="SECRET_KEY"):
        restore(ops_engine(f"sqlite:///{tmp_path / 'a.db'}"), original)
    monkeypatch.setenv("OLD_SECRET_KEYS", secret_key)  # after a key rotation the old key is kept here
    get_settings.cache_clear()
    dst = f"sqlite:///{tmp_path / 'b.db'}"
    restore(ops_engine(dst), original)
    store_db.configure(dst)
    try:
        assert store.authenticate("admin", "richtig-langes-passwort").role == "admin"
    finally:
        store_db.configure(None)
        store_db.dispose_engine(dst)


def test_a_resigned_file_is_what_the_key_holder_can_make(tmp_path: Path, secret_key: str) -> None:
    """The check is the signature, nothing else: re-signed with the key, the altered file restores
    (which is why SECRET_KEY is kept apart from the backups)."""
    lines = _with_admin_hash(read_lines(made_backup(tmp_path)), ATTACKER_HASH)
    resigned = tmp_path / "resigned.jsonl.gz"
    write_signed(resigned, lines)
    restore(ops_engine(f"sqlite:///{tmp_path / 'dst.db'}"), resigned)


def test_a_format_1_backup_without_signature_is_refused(tmp_path: Path, secret_key: str) -> None:
    lines = read_lines(made_backup(tmp_path))
    header = json.loads(lines[0])
    header["format_version"] = 1
    old = tmp_path / "v1.jsonl.gz"
    write_signed(old, [json.dumps(header), *lines[1:]])
    with pytest.raises(CommandError, match="alte Format ohne Signatur"):
        restore(ops_engine(f"sqlite:///{tmp_path / 'dst.db'}"), old)
