"""The counseling office's queue (issue 16, item 7): a dense table beside the cards, bulk approval of
chosen interviews after a confirmation, and active filters that stay visible with a reset."""

from __future__ import annotations

import store
from tests.counseling.conftest import Cast, button, make_interview, open_page, texts


def test_the_queue_as_a_table_approves_chosen_interviews_together(app_db: Cast) -> None:
    db = app_db
    first = make_interview(db, db.interviewer_a, family="Eins")
    second = make_interview(db, db.interviewer_b, family="Zwei")
    third = make_interview(db, db.interviewer_b, family="Drei")
    at = open_page(db.counselor, "review_queue")
    at.session_state["queue.view"] = "Tabelle"
    at.run()
    frame = at.dataframe[0].value
    assert sorted(frame["Person"]) == ["Drei, Amina", "Eins, Amina", "Zwei, Amina"]
    assert {"Wartet (Tage)", "Niveaus", "Empfehlung", "Träger"} <= set(frame.columns)
    rows = [i for i, name in enumerate(frame["Person"]) if name in ("Eins, Amina", "Zwei, Amina")]
    at.session_state["queue.table"] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    at.run()
    assert button(at, "2 Interviews freigeben").disabled  # not without the confirmation
    at.checkbox(key="queue.bulk_sure").check().run()
    button(at, "2 Interviews freigeben").click().run()
    assert not at.exception
    assert "2 Interviews freigegeben." in texts(at)
    status = {iv.id: store.get_interview_for(db.counselor, iv.id).status for iv in (first, second, third)}
    assert status == {first.id: "approved", second.id: "approved", third.id: "submitted"}


def test_active_filters_stay_visible_and_are_reset_with_one_click(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a, family="Eins")
    at = open_page(db.counselor, "review_queue")
    assert "Filter aktiv" not in texts(at)
    at.selectbox(key="queue.filter.min_reading").set_value("C1").run()
    assert "Filter aktiv:" in texts(at) and "Mindestniveau" in texts(at)
    assert "Kein Interview entspricht diesen Filtern" in texts(at)
    button(at, "Filter zurücksetzen").click().run()
    assert not at.exception
    assert "Filter aktiv" not in texts(at)
    assert at.selectbox(key="queue.filter.min_reading").value == "beliebig"
    assert "1 Interview" in texts(at)
