"""The read-only view's history: one entry per stretch of work, not one per automatic save."""

from __future__ import annotations

from datetime import datetime, timedelta

from schemas.views import RevisionView
from ui.history import group_revisions, list_change

START = datetime(2026, 11, 26, 9, 0)


def _rev(n: int, kind: str, section: str | None, diff: dict[str, list[object]], by: str = "ina") -> RevisionView:
    return RevisionView(n, kind, section, by, START + timedelta(minutes=n), diff)


def test_ticks_in_one_step_become_one_entry_with_the_net_change() -> None:
    revisions = [
        _rev(1, "save", "personal", {"phone": [None, "+49 30 1"]}),
        _rev(2, "save", "cando_listening", {}),  # moving to the next step: no answer changed
        _rev(3, "save", "cando_listening", {"cando_listening_a1": [None, ["l_a1_1"]]}),
        _rev(4, "save", "cando_listening", {"cando_listening_a1": [["l_a1_1"], ["l_a1_1", "l_a1_2"]]}),
        _rev(5, "save", "cando_listening", {"cando_listening_a1": [["l_a1_1", "l_a1_2"], ["l_a1_2"]]}),
        _rev(6, "save", "cando_listening", {"cando_listening_a2": [None, ["l_a2_1"]]}),
        _rev(7, "save", "cando_listening", {"cando_listening_a2": [["l_a2_1"], None]}),  # ticked and unticked
    ]
    entries = group_revisions(revisions)
    assert [e.section for e in entries] == ["personal", "cando_listening"]
    listening = entries[1]
    assert listening.diff == {"cando_listening_a1": [None, ["l_a1_2"]]}
    assert listening.saves == 5 and listening.first_at == START + timedelta(minutes=3)
    assert all(e.title == "Entwurf gespeichert" for e in entries)


def test_a_submission_is_an_entry_of_its_own_and_other_people_start_a_new_entry() -> None:
    revisions = [
        _rev(1, "save", "assessment", {"summary": [None, "gut"]}),
        _rev(2, "submit", "zusammenfassung", {}),
        _rev(3, "save", "education", {"schooling_years": [12, 9]}, by="paula"),
        _rev(4, "save", "education", {"schooling_years": [9, 10]}, by="ina"),
        _rev(5, "save", "education", {}, by="ina"),
    ]
    entries = group_revisions(revisions)
    assert [(e.title, e.changed_by) for e in entries] == [
        ("Entwurf gespeichert", "ina"),
        ("Eingereicht", "ina"),
        ("Entwurf gespeichert", "paula"),
        ("Entwurf gespeichert", "ina"),
    ]
    assert entries[3].diff == {"schooling_years": [9, 10]}


def test_list_change_names_added_and_removed_items() -> None:
    assert list_change(["a", "b"], ["b", "c"]) == (["c"], ["a"])
    assert list_change(None, ["x"]) == (["x"], [])
