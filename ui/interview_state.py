"""One interview's working copy in the session, and saving it to the store as a draft.

Answers live under non-widget keys (widgets that are not drawn lose their state) and every change
is saved to the store at once, together with the current section, so a refresh, a closed browser
or another device resumes exactly where the interview was. If someone else saved in between, the
store raises ``Conflict``: the user's values stay in the session and can be applied to the fresh
version.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

import store
from schemas.score import Score
from schemas.vocabulary import Action
from store import errors as store_errors
from ui import services


@dataclass
class Conflict:
    changed_by: str
    changed_at: Any
    mine: dict[str, Any]  # the user's values when the conflict happened
    base: dict[str, Any]  # what the user's version looked like before their changes


@dataclass
class WorkingCopy:
    interview: Any  # store InterviewView as last loaded or saved
    answers: dict[str, Any]
    saved: dict[str, Any]
    section: str | None
    problems: dict[str, str] = field(default_factory=dict)
    conflict: Conflict | None = None
    notice: str | None = None
    last_attempt: dict[str, Any] | None = None  # the answers of the last save attempt
    shown_step: str | None = None  # the step whose widgets the previous rerun drew
    score_cache: tuple[dict[str, Any], Score | None] | None = None  # (answers, score) last shown on the summary
    # Streamlit's fast reruns start the next run while the stopped one may still be saving this working
    # copy in its own thread: saves take turns, so the later one sends the lock version the earlier got.
    saving: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def id(self) -> int:
        return int(self.interview.id)

    def editable(self, actor: Any) -> bool:
        """The answers may still change: the workflow lets ``actor`` submit this interview (draft, returned)."""
        return Action.SUBMIT in store.allowed_actions(actor, self.interview)

    @property
    def dirty(self) -> bool:
        current = _clean(self.answers)
        return current != _clean(self.saved) and current != self.last_attempt


def _key(interview_id: int) -> str:
    return f"iv.{interview_id}"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != [] and v != ""}


def interview_id_from_query() -> int | None:
    raw = st.query_params.get("id")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def load(actor: Any, interview_id: int, *, fresh: bool = False) -> WorkingCopy:
    """The session's working copy; read from the store once per session (reads are audited)."""
    key = _key(interview_id)
    wc = st.session_state.get(key)
    if wc is None or fresh:
        view = store.get_interview_for(actor, interview_id)
        wc = WorkingCopy(
            interview=view,
            answers=copy.deepcopy(dict(view.answers)),
            saved=copy.deepcopy(dict(view.answers)),
            section=view.current_section,
        )
        st.session_state[key] = wc
    return wc


def forget_widgets(interview_id: int, *, keep_navigation: bool = False) -> None:
    """Drops the widget states of one interview so the widgets are seeded from the answers again."""
    prefix = f"{interview_id}."
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        if keep_navigation and name.startswith(f"{prefix}__"):
            continue
        del st.session_state[name]


def enter_step(wc: WorkingCopy, step_id: str) -> bool:
    """Called before a step draws its widgets; True on the first rerun that shows this step.

    The answers, not the widgets, are the truth when a step is (re)opened: every widget of the
    interview is seeded again from the working copy, and the values the widgets report in that
    first rerun are not copied back (a browser may report a stale value for a widget it drew
    earlier; copying it would overwrite a saved answer)."""
    first = wc.shown_step != step_id
    if first:
        forget_widgets(wc.id, keep_navigation=True)
    wc.shown_step = step_id
    return first


def save(actor: Any, wc: WorkingCopy, *, section: str | None = None, force: bool = False) -> bool:
    """Saves the answers (and section) as a draft. Invalid values are left out of the save and kept in
    the session with their messages; returns True when everything was saved."""
    with wc.saving:
        return _save(actor, wc, section=section, force=force)


def _save(actor: Any, wc: WorkingCopy, *, section: str | None, force: bool) -> bool:
    if wc.conflict is not None or not wc.editable(actor):
        return False
    if section is not None:
        wc.section = section
    if not force and not wc.dirty and section is None:
        return True
    to_save = _clean(wc.answers)
    wc.last_attempt = copy.deepcopy(to_save)
    problems: dict[str, str] = {}
    for _ in range(3):
        try:
            view = store.save_draft(actor, wc.id, to_save, wc.section, wc.interview.lock_version)
        except store_errors.Conflict as exc:
            wc.conflict = Conflict(exc.changed_by, exc.changed_at, copy.deepcopy(wc.answers), copy.deepcopy(wc.saved))
            return False
        except Exception as exc:
            found = services.problems_of(exc)
            if not found:
                raise
            problems.update(found)
            # Save what is valid; the invalid values stay in the session with their messages.
            for qid in found:
                to_save.pop(top_level(qid), None)
            continue
        wc.interview = view
        wc.saved = copy.deepcopy(dict(view.answers))
        wc.problems = problems
        return not problems
    wc.problems = problems
    return False


def autosave(actor: Any, wc: WorkingCopy, section: str) -> None:
    """End of every rerun: every change is a draft in the store at once (a refresh or another device
    resumes here). A refused value stays in the session and its message is shown at the field; a
    conflict is shown at the top — both need one more rerun to appear."""
    shown, had_conflict = dict(wc.problems), wc.conflict is not None
    save(actor, wc, section=section if wc.section != section else None)
    if wc.problems != shown or (wc.conflict is not None) != had_conflict:
        st.rerun()


def refused_ids(wc: WorkingCopy) -> set[str]:
    """The top-level questions whose answer the engine refused (shown on the page with a message)."""
    return {top_level(q) for q in wc.problems}


def accepted_answers(wc: WorkingCopy) -> dict[str, Any]:
    """The answers without those the engine refused (they stay on the page with their message but do
    not count as answered in the progress)."""
    refused = refused_ids(wc)
    return {k: v for k, v in wc.answers.items() if k not in refused} if refused else wc.answers


def top_level(question_id: str) -> str:
    return question_id.split(".")[0].split("[")[0]


def resolve_conflict(actor: Any, wc: WorkingCopy, *, reapply: bool) -> WorkingCopy:
    """Loads the version someone else saved; with ``reapply`` the user's own changes go on top of it."""
    conflict = wc.conflict
    fresh = load(actor, wc.id, fresh=True)
    forget_widgets(wc.id)
    if conflict is not None and reapply:
        for qid in set(conflict.mine) | set(conflict.base):
            mine, base = conflict.mine.get(qid), conflict.base.get(qid)
            if mine != base:
                fresh.answers[qid] = copy.deepcopy(mine)
        fresh.section = wc.section
        save(actor, fresh, force=True)
        fresh.notice = "Ihre Eingaben wurden auf den aktuellen Stand übertragen und gespeichert."
    return fresh


def drop(interview_id: int) -> None:
    st.session_state.pop(_key(interview_id), None)
    forget_widgets(interview_id)
