"""Suite-wide rules. With SPRACHSTAND_NO_SKIP=1 (set by test.sh and so by CI) a skipped test fails:
tests that need PostgreSQL or Chromium must really run there."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

# Real certificates are issued only with the public https address of the verification page
# (store.public_address); tests that need another address set their own.
os.environ["PUBLIC_URL"] = "https://sprachstand.example.de/pruefen"


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Still argon2id, with minimal cost so the suite stays fast (production parameters: store/passwords.py)."""
    from security import passwords

    original = passwords.HASHER
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._DUMMY_HASH = None
    yield
    passwords.HASHER = original
    passwords._DUMMY_HASH = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("SPRACHSTAND_NO_SKIP") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but SPRACHSTAND_NO_SKIP=1 forbids skips: {report.longrepr}"
