"""Two sessions of a fresh app process migrate at the same time (the first visitors after a start)."""

from __future__ import annotations

import threading
from pathlib import Path

from store import db


def test_concurrent_first_migrations_in_one_process_do_not_fail(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    urls = [f"sqlite:///{tmp_path / f'fresh{i}.db'}" for i in range(3)]

    def first_visit(url: str) -> None:
        try:
            db.ensure_migrated(url)
        except BaseException as exc:  # the test reports whatever a thread raised
            errors.append(exc)

    threads = [threading.Thread(target=first_visit, args=(url,)) for url in urls for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(db.current_revision(url) for url in urls)
