"""No lost updates and no "database is locked": 8 threads save different interviews while 2 race on
the same one — the 8 all succeed, exactly one of the pair gets a Conflict, nothing is lost."""

from __future__ import annotations

import threading

import store
from tests.store.conftest import Cast

ROUNDS = 5


def test_parallel_saves(db: Cast) -> None:
    own = [db.interview(db.interviewer_a, "draft", family=f"Parallel {chr(97 + i)}") for i in range(8)]
    shared = db.interview(db.interviewer_a, "draft", family="Gemeinsam")
    errors: list[BaseException] = []
    conflicts: list[store.Conflict] = []
    successes: list[int] = []
    barrier = threading.Barrier(10)

    def save_many(iv: store.InterviewView) -> None:
        try:
            barrier.wait()
            version = iv.lock_version
            for n in range(1, ROUNDS + 1):
                saved = store.save_draft(db.interviewer_a, iv.id, {**iv.answers, "children": n}, "personal", version)
                version = saved.lock_version
        except BaseException as exc:
            errors.append(exc)

    def save_shared(value: int) -> None:
        try:
            barrier.wait()
            store.save_draft(
                db.interviewer_a, shared.id, {**shared.answers, "children": value}, "personal", shared.lock_version
            )
            successes.append(value)
        except store.Conflict as exc:
            conflicts.append(exc)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(iv,)) for iv in own]
    threads += [threading.Thread(target=save_shared, args=(v,)) for v in (7, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(conflicts) == 1 and len(successes) == 1
    for iv in own:
        after = store.get_interview_for(db.interviewer_a, iv.id)
        assert after.answers["children"] == ROUNDS and after.lock_version == iv.lock_version + ROUNDS
        assert len(store.history(db.interviewer_a, iv.id)) == ROUNDS
    final = store.get_interview_for(db.interviewer_a, shared.id)
    assert final.answers["children"] == successes[0] and final.lock_version == shared.lock_version + 1
