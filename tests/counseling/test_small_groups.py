"""The minimum group size (issue 15, finding 13): the dashboard and the statistics show a group of fewer
than MIN_GROUP_SIZE (5) interviews as "< 5", so no figure points at one person — here the only learner of
one provider, who did not even consent to sharing."""

from __future__ import annotations

import store
from store import reporting
from tests.counseling.conftest import Cast, make_interview, open_page
from tests.counseling.test_dashboard_provider_admin import _frames


def _seed(db: Cast) -> None:
    for family in ("Eins", "Zwei", "Drei", "Vier", "Fünf", "Sechs"):
        make_interview(db, db.interviewer_a, family=family)
    make_interview(db, db.interviewer_b, family="Allein", sharing=False)  # one person at provider B


def test_the_store_hides_a_group_of_one(db: Cast) -> None:
    _seed(db)
    d = reporting.dashboard(db.counselor)
    assert d.total == 7
    assert d.by_provider == {"Sprachschule Brücke": None, "VHS Musterstadt": 6}
    assert all(n is None or n == 0 or n >= 5 for counts in d.levels.values() for n in counts.values())
    stats = store.statistics(db.counselor)
    assert stats.by_provider["Sprachschule Brücke"] is None and stats.by_provider["VHS Musterstadt"] == 6
    assert all(
        n is None or n == 0 or n >= 5
        for skills in store.level_statistics(db.counselor).values()
        for counts in skills.values()
        for n in counts.values()
    )


def test_the_dashboard_shows_a_group_of_one_as_fewer_than_five(app_db: Cast) -> None:
    db = app_db
    _seed(db)
    at = open_page(db.counselor, "dashboard")
    assert not at.exception
    providers = _frames(at)[("Träger", "Anzahl")]
    shown = dict(zip(providers["Träger"], providers["Anzahl"], strict=True))
    assert shown == {"Sprachschule Brücke": "< 5", "VHS Musterstadt": "6"}
    assert any("weniger als 5" in c.value for c in at.caption)
