"""Fixtures of the counseling office's tests.

Store-level tests use the store suite's ``db`` fixture (SQLite and PostgreSQL). Page tests
(``app_db``) run the real app in-process with Streamlit's AppTest against a fresh SQLite file in
``tmp_path``, with the same cast of users (two providers with staff, counselors, admin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import store
from store import db as store_db
from store import sessions as store_sessions
from tests.store.conftest import (  # noqa: F401 - fixtures re-exported for this directory
    PASSWORD,
    Cast,
    build_cast,
    database_url,
    db,
    every_count,
)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture
def app_db(tmp_path: Path) -> Iterator[Cast]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    store_db.migrate(url)
    store_db.configure(url)
    try:
        yield build_cast(url, "sqlite")
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


def open_page(actor: store.Actor, page: str, *, query: dict[str, str] | None = None, timeout: float = 20) -> AppTest:
    """The real app, logged in as ``actor``, showing ``ui/<page>.py``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["auth.user_id"] = actor.id
    at.session_state["auth.actor"] = actor
    at.session_state["auth.session_id"] = store_sessions.start_session(actor).session_id  # as a sign-in does
    at.run()  # st.navigation registers the pages (with their url paths) on the first run
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(f"ui/{page}.py")
    at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, as one string (for 'is it shown?' checks)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "error", "warning", "info", "success"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    for frame in [*at.dataframe, *at.table]:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def button(at: AppTest, label: str) -> Any:
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def make_interview(
    cast: Cast,
    actor: store.Actor,
    status: str = "submitted",
    *,
    sharing: bool = True,
    family: str = "Haddad",
    given: str = "Amina",
    birth: str = "1990-04-12",
    **answers: Any,
) -> store.InterviewView:
    """A learner of the actor's provider with one interview brought to ``status``; ``answers`` are
    extra or changed answers of the test guide (e.g. ``notes=...``)."""
    from tests.store.guide import complete_answers

    learner = store.create_learner(actor, family, given, birth, processing_consent=True, sharing_consent=sharing)
    iv = store.start_interview(actor, learner.id)
    if status == "draft":
        return iv
    full = complete_answers(family, given, birth, consent_sharing=sharing, **answers)
    iv = store.submit(actor, iv.id, iv.lock_version, answers=full)
    if status == "submitted":
        return store.get_interview_for(actor, iv.id)
    if not sharing:
        store.record_consent(actor, learner.id, "sharing", True)
    if status == "returned":
        store.return_interview(cast.counselor, iv.id, "Bitte Lesen prüfen.")
    else:
        store.approve(cast.counselor, iv.id)
    if not sharing:
        store.record_consent(actor, learner.id, "sharing", False)
    return store.get_interview_for(actor, iv.id)


def real_guide_interview(
    cast: Cast, actor: store.Actor, *, family: str = "Petrenko", given: str = "Olena", seed: int = 3, **changes: Any
) -> store.InterviewView:
    """A submitted interview on the bundled common guide (all five skills scored, so a certificate can
    be issued), answers from the engine's sample generator; ``changes`` replace answers (None: left out)."""
    from questionnaire import guide_by_version
    from questionnaire.samples import sample_answers

    store.activate_guide(cast.admin, "sprachstand", 1)  # version 1: its interviews still work as before
    guide = guide_by_version("sprachstand", 1)
    answers = sample_answers(guide, seed=seed)
    birth = "1988-05-17"
    answers.update(
        consent_processing=True, consent_sharing=True, family_name=family, given_names=given, birth_date=birth
    )
    answers.update(changes)
    answers = {qid: value for qid, value in answers.items() if value is not None}
    learner = store.create_learner(actor, family, given, birth, processing_consent=True, sharing_consent=True)
    iv = store.start_interview(actor, learner.id, guide_id="sprachstand", guide_version=1)
    iv = store.submit(actor, iv.id, iv.lock_version, answers=answers)
    return store.get_interview_for(actor, iv.id)
