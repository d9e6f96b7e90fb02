"""The interview's history as people read it: one entry per stretch of work, not one per save.

Every change is saved at once (``store.save_draft``), so an interview has a revision per tick of a
can-do statement and per step change. For the read-only view, consecutive drafts saved by the same
person in the same step become one entry whose changes run from the first old value to the last
new value; saves that changed no answer (moving between steps) are left out; a submission is always
an entry of its own. Pure: revisions in, entries out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from schemas.vocabulary import Action

SUBMIT = Action.SUBMIT  # the revision kinds the store writes: "save" (draft) and the submission
KIND_LABELS = {"save": "Entwurf gespeichert", SUBMIT: SUBMIT.event_label}


@dataclass
class Entry:
    kind: str
    section: str | None
    changed_by: str
    first_at: datetime
    last_at: datetime
    saves: int = 1
    diff: dict[str, list[Any]] = field(default_factory=dict)  # question id -> [first old, last new]

    @property
    def title(self) -> str:
        return KIND_LABELS.get(self.kind, "Gespeichert")


def _merge(entry: Entry, diff: dict[str, list[Any]]) -> None:
    for qid, (old, new) in diff.items():
        if qid in entry.diff:
            entry.diff[qid][1] = new
        else:
            entry.diff[qid] = [old, new]


def group_revisions(revisions: list[Any]) -> list[Entry]:
    """Entries oldest first; changes that end where they started are dropped."""
    entries: list[Entry] = []
    for revision in revisions:
        submitted = revision.kind == SUBMIT
        last = entries[-1] if entries else None
        if (
            not submitted
            and last is not None
            and last.kind != SUBMIT
            and last.changed_by == revision.changed_by
            and (last.section == revision.section or not revision.diff)
        ):
            _merge(last, revision.diff)
            last.last_at = revision.changed_at
            last.saves += 1
            continue
        if not submitted and not revision.diff:
            continue  # a step change without a changed answer
        entry = Entry(revision.kind, revision.section, revision.changed_by, revision.changed_at, revision.changed_at)
        _merge(entry, revision.diff)
        entries.append(entry)
    for entry in entries:
        entry.diff = {qid: pair for qid, pair in entry.diff.items() if pair[0] != pair[1]}
    return [e for e in entries if e.diff or e.kind == SUBMIT]


def list_change(old: Any, new: Any) -> tuple[list[Any], list[Any]]:
    """(added, removed) items of two list answers (can-do ticks, multiple choice)."""
    before = list(old) if isinstance(old, list) else []
    after = list(new) if isinstance(new, list) else []
    return [v for v in after if v not in before], [v for v in before if v not in after]
