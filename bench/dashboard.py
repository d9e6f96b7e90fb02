"""The counseling office at scale: dashboard and review queue page reruns (AppTest) and the XLSX export
of the filtered list, with N interviews (default 100,000) on SQLite and PostgreSQL.

    python bench/dashboard.py --interviews 100000            # both backends
    python bench/dashboard.py --interviews 20000 --backends sqlite --runs 5

Pages: the real app (streamlit_app.py) logged in as the demo counselor; each measurement is one full
rerun of the page (shell + page + every store call), median of ``--runs`` after one warm-up run.
Export: ``store.exports.export_interviews`` (database stream → openpyxl write-only) against
``pandas.DataFrame.to_excel`` of the same rows already in memory (pandas gets the rows for free, so
the ratio favours pandas). Data: ``demo.seed.seed_demo`` (bulk inserts, answers from templates).

Ends with one line ``RESULT ...`` (seconds; ratio = pandas time / our time, > 1 means we are faster).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import logging  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

PG_BASE = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGET_S = 1.0


def _session_of(actor: Any) -> int:
    """A server-side session for ``actor``, as a sign-in starts one (the app shell checks it every rerun)."""
    from store import sessions

    return sessions.start_session(actor).session_id


def _fresh_url(backend: str, workdir: Path) -> tuple[str, Any]:
    """A fresh database URL and a clean-up callable."""
    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:6]}.db"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_BASE else "?"

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{PG_BASE}{sep}options={quote(f'-csearch_path={schema}')}", drop


def _page_times(actor: Any, page: str, runs: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["auth.user_id"] = actor.id
    at.session_state["auth.session_id"] = _session_of(actor)  # as a sign-in does
    at.session_state["auth.actor"] = actor
    at.run()
    at.switch_page(f"ui/{page}.py")
    at.run()  # warm-up: imports, caches, first query plans
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    assert not at.exception and not at.error, [e.value for e in at.error]
    return times


def _export(actor: Any) -> tuple[float, float, int, int]:
    """(our seconds, pandas seconds, rows, columns) for the XLSX export of every reviewable interview."""
    import pandas as pd

    from schemas.views import ReviewFilters
    from store import reporting
    from store.exports import export_interviews

    filters = ReviewFilters(statuses=reporting.REPORT_STATUSES, order="oldest")
    out = io.BytesIO()
    start = time.perf_counter()
    result = export_interviews(actor, filters, out, fmt="xlsx")
    ours = time.perf_counter() - start
    # the same rows and columns, as pandas would get them: from our CSV export (not timed)
    csv_out = io.BytesIO()
    export_interviews(actor, filters, csv_out, fmt="csv")
    frame = pd.read_csv(io.BytesIO(csv_out.getvalue()), sep=";", encoding="utf-8-sig", low_memory=False)
    assert len(frame) == result.rows
    start = time.perf_counter()
    frame.to_excel(io.BytesIO(), index=False, engine="openpyxl")
    theirs = time.perf_counter() - start
    return ours, theirs, result.rows, len(result.columns)


def run_backend(backend: str, n: int, runs: int, workdir: Path, export: bool = True) -> dict[str, float]:
    import store
    from demo.seed import seed_demo
    from store import db

    url, cleanup = _fresh_url(backend, workdir)
    try:
        db.migrate(url)
        db.configure(url)
        start = time.perf_counter()
        seed_demo(learners=n, history=False, issue_certificates=False, seed=7)
        print(f"[{backend}] {n} interviews seeded in {time.perf_counter() - start:.1f} s", flush=True)
        counselor = store.authenticate("beratung", "demo-passwort-2024")
        out: dict[str, float] = {}
        for page in ("dashboard", "review_queue"):
            times = _page_times(counselor, page, runs)
            out[page] = statistics.median(times)
            print(
                f"[{backend}] {page}: median {out[page]:.3f} s over {runs} reruns "
                f"(min {min(times):.3f}, max {max(times):.3f}); target ≤ {TARGET_S:.1f} s",
                flush=True,
            )
        if not export:
            return out
        ours, theirs, rows, cols = _export(counselor)
        out["export"], out["pandas"] = ours, theirs
        print(
            f"[{backend}] XLSX export {rows} rows × {cols} columns: ours {ours:.1f} s, "
            f"pandas.to_excel {theirs:.1f} s, ratio {theirs / ours:.2f}",
            flush=True,
        )
        return out
    finally:
        db.configure(None)
        db.dispose_engine(url)
        cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--skip-export", action="store_true", help="pages only (the export takes minutes)")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            results[backend] = run_backend(
                backend.strip(), args.interviews, args.runs, Path(tmp), export=not args.skip_export
            )
    parts = [f"interviews={args.interviews}"]
    for backend, r in results.items():
        short = "pg" if backend == "postgresql" else backend
        parts += [f"{short}_dashboard_s={r['dashboard']:.3f}", f"{short}_queue_s={r['review_queue']:.3f}"]
        if "export" in r:
            parts += [
                f"{short}_xlsx_s={r['export']:.1f}",
                f"{short}_pandas_xlsx_s={r['pandas']:.1f}",
                f"{short}_xlsx_speedup_vs_pandas={r['pandas'] / r['export']:.2f}",
            ]
    print("RESULT " + " ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
