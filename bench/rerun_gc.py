"""What Streamlit's post-rerun garbage collection costs the interview screens, and what turning it off costs in memory.

After every script run a Streamlit server calls ``gc.collect(2)`` (config ``runner.postScriptGC``,
default on): a full collection of every object of the process, holding the interpreter lock — the
next rerun of that session and every other session's rerun wait. The app's process holds the
store, the engine, reportlab, pandas and altair, so a full collection costs far more than the rerun
itself. ``.streamlit/config.toml`` therefore sets ``postScriptGC = false``; Python's own
generational collector still collects cyclic garbage.

This bench measures, in one process and one run, the largest wizard step's rerun (``AppTest``, as
``bench/ui.py``) followed by the full collection a server makes (Streamlit's default) against the
rerun alone (this app's setting), and the memory the process holds after ``--reruns`` reruns
without the forced collection compared with the same number with it.

    python bench/rerun_gc.py [--runs 20] [--reruns 300]

Last line: ``RESULT gc_rerun_ms=... rerun_ms=... speedup=... rss_growth_mb_without=... rss_growth_mb_with=...``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import gc
import resource
import statistics
import time
from typing import Any

from bench.ui import _page, _setup, _share_script_cache


def _rss_mb() -> float:
    """The process's current resident memory (Linux /proc), in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def _timed(at: Any, runs: int, collect: bool) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        if collect:
            gc.collect(2)  # what ScriptRunner._on_script_finished does with runner.postScriptGC = true
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _growth(at: Any, reruns: int, collect: bool) -> float:
    gc.collect(2)
    before = _rss_mb()
    for _ in range(reruns):
        at.run()
        if collect:
            gc.collect(2)
    return _rss_mb() - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=300)
    args = parser.parse_args()
    _share_script_cache()
    user, interview_id = _setup()
    at = _page(user, "wizard", interview_id, "cando_listening")
    at.run()
    # interleaved halves, so that both see the same machine load
    with_gc, without = [], []
    for _ in range(3):
        with_gc.append(_timed(at, args.runs, True))
        without.append(_timed(at, args.runs, False))
    gc_ms, plain_ms = statistics.median(with_gc), statistics.median(without)
    grow_without = _growth(at, args.reruns, False)
    grow_with = _growth(at, args.reruns, True)
    print(f"largest wizard step, median of {args.runs} reruns (3 rounds):")
    print(f"  rerun + gc.collect(2) (Streamlit's default)   {gc_ms:8.1f} ms")
    print(f"  rerun alone (postScriptGC = false)            {plain_ms:8.1f} ms   speedup {gc_ms / plain_ms:.1f}x")
    print(
        f"memory growth over {args.reruns} reruns: without forced collection {grow_without:+.1f} MB, "
        f"with {grow_with:+.1f} MB"
    )
    print(
        f"RESULT gc_rerun_ms={gc_ms:.1f} rerun_ms={plain_ms:.1f} speedup={gc_ms / plain_ms:.1f} "
        f"rss_growth_mb_without={grow_without:.1f} rss_growth_mb_with={grow_with:.1f} reruns={args.reruns}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
