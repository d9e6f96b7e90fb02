"""bench/ui.py still runs against the pages as they are now.

The bench writes each page out again as literal ``st.*`` calls (its plain page); a page that gains an
element kind the bench cannot write yet would break it silently until someone runs it. This runs it
briefly (2 reruns, 1 round) and checks its report — not its figures: timing targets are the bench's
business, not a test's."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.ui.conftest import ROOT


def test_bench_ui_runs_and_reports_every_figure(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)  # the bench makes its own SQLite database
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ui.py"), "--runs", "2", "--rounds", "1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert lines[-1].startswith("RESULT "), done.stdout
    figures = dict(item.split("=", 1) for item in lines[-1].split()[1:])
    for name in (
        "wizard_ms",
        "summary_ms",
        "plain_wizard_ms",
        "plain_summary_ms",
        "wizard_ratio",
        "summary_ratio",
        "bare_wizard_ratio",
        "bare_summary_ratio",
        "floor_ratio",
    ):
        assert float(figures[name]) > 0, name
    float(figures["frame_ms"])  # a difference of two medians: with two reruns it can come out below 0
    assert figures["target_met"] in ("0", "1") and figures["target_met_bare"] in ("0", "1")
    # the largest can-do step of the real guide: 25 statements, the step chips and four buttons
    assert figures["widgets"] == "30"
    assert "largest wizard step: cando_" in done.stdout
    assert "25 learner's-language blocks" in done.stdout
