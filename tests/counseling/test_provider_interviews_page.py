"""The provider lead's page "Alle Interviews" (issue 16, item 6): the provider's interviews of every
interviewer in one table, nothing of other providers, and the clean-up of stale drafts with a
preview and a confirmation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

import store
from store.clock import utcnow
from store.db import session_scope
from store.models import Interview
from tests.counseling.conftest import Cast, button, make_interview, open_page, texts


def test_the_lead_sees_all_interviews_of_the_provider_in_one_table(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a, "draft", family="Entwurf")
    make_interview(db, db.interviewer_a, family="Eingereicht")
    make_interview(db, db.interviewer_b, family="Fremd")
    at = open_page(db.padmin_a, "provider_interviews")
    assert not at.exception
    frame = at.dataframe[0].value
    assert sorted(frame["Person"]) == ["Eingereicht, Amina", "Entwurf, Amina"]
    assert set(frame["Status"]) == {"Entwurf", "Eingereicht"}
    assert list(frame.columns) == [
        "Nr.",
        "Person",
        "Status",
        "Interviewer/in",
        "Geändert",
        "Eingereicht",
        "Niveaus",
        "Empfehlung",
    ]
    assert "Fremd" not in texts(at)


def test_stale_drafts_are_shown_first_and_discarded_only_when_confirmed(app_db: Cast) -> None:
    db = app_db
    old = make_interview(db, db.interviewer_a, "draft", family="Alt")
    make_interview(db, db.interviewer_a, "draft", family="Neu")
    with session_scope() as s:
        then = utcnow() - timedelta(days=200)
        s.execute(update(Interview).where(Interview.id == old.id).values(updated_at=then))
    at = open_page(db.padmin_a, "provider_interviews")
    assert "1 Entwurf würde" in texts(at)
    preview = at.table[0].value
    assert list(preview["Person"]) == ["Alt, Amina"]
    assert button(at, "Entwürfe verwerfen").disabled  # not without the confirmation
    at.checkbox(key="provider_interviews.stale_sure").check().run()
    button(at, "Entwürfe verwerfen").click().run()
    assert not at.exception
    assert "1 Entwurf verworfen." in texts(at)
    left = [i.learner_name for i in store.list_my_interviews(db.padmin_a)]
    assert left == ["Neu, Amina"]


def test_a_chosen_open_interview_is_reassigned_to_a_colleague(app_db: Cast) -> None:
    db = app_db
    draft = make_interview(db, db.interviewer_a, "draft", family="Offen")
    at = open_page(db.padmin_a, "provider_interviews")
    at.session_state["provider_interviews.table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    target = at.selectbox(key=f"provider_interviews.target.{draft.id}")
    assert db.interviewer_a.display_name not in target.options  # not to the one who has it
    colleague = next(o for o in target.options if o != db.padmin_a.display_name)
    target.set_value(colleague).run()
    button(at, "Umverteilen").click().run()
    assert f"Interview Nr. {draft.id} ist jetzt bei {colleague}." in texts(at)
    assert [i.id for i in store.list_my_interviews(db.interviewer_a, mine_only=True)] == []
