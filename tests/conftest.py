"""Suite-wide rules. With SPRACHSTAND_NO_SKIP=1 (set by test.sh and so by CI) a skipped test fails:
tests that need PostgreSQL or Chromium must really run there."""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("SPRACHSTAND_NO_SKIP") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but SPRACHSTAND_NO_SKIP=1 forbids skips: {report.longrepr}"
