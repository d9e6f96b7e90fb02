"""Possible duplicates across providers: flagged for everyone allowed to see the learner, with
details only where the other record's learner consented to sharing."""

from __future__ import annotations

import store
from store.names import name_key
from tests.store.conftest import Cast


def test_name_key_ignores_case_accents_order_and_hyphens() -> None:
    assert name_key("Al-Hassan", "Omar") == name_key("omar", "AL HASSAN")
    assert name_key("Özdemir", "Ayşe") == name_key("Ozdemir", "Ayse")
    assert name_key("Groß", "Jörg") == name_key("GROSS", "Jorg")
    assert name_key("Haddad", "Amina") != name_key("Haddad", "Amira")


def test_interviewer_sees_only_a_hint_without_consent(db: Cast) -> None:
    at_b = db.interview(
        db.interviewer_b, "submitted", sharing=False, family="Al-Hassan", given="Omar", birth="1991-02-03"
    )
    mine = db.learner(db.interviewer_a, "al hassan", "OMAR", "1991-02-03")
    assert mine.possible_duplicate
    info = store.duplicates_for(db.interviewer_a, mine.id)
    assert info.flagged and "anderen Träger" in info.message
    assert info.matches == [] and info.hidden_matches == 1
    # a different birth date is not a match
    other = db.learner(db.interviewer_a, "Al-Hassan", "Omar", "1991-02-04")
    assert not other.possible_duplicate and not store.duplicates_for(db.interviewer_a, other.id).flagged
    # once the learner at B consents to sharing, details appear
    store.record_consent(db.interviewer_b, at_b.learner.id, "sharing", True)
    info = store.duplicates_for(db.interviewer_a, mine.id)
    assert [(m.provider_name, m.family_name, m.statuses) for m in info.matches] == [
        ("Sprachschule Brücke", "Al-Hassan", ["submitted"])
    ]


def test_counselor_sees_both_and_can_filter_for_duplicates(db: Cast) -> None:
    a = db.interview(db.interviewer_a, "submitted", family="Kovalenko", given="Olena", birth="1988-08-08")
    b = db.interview(db.interviewer_b, "submitted", family="KOVALENKO", given="Olena", birth="1988-08-08")
    db.interview(db.interviewer_b, "submitted", family="Einzeln", given="Eva", birth="1970-01-01")
    rows, total = store.review_queue(db.counselor, store.ReviewFilters(duplicates_only=True))
    assert total == 2 and {r.id for r in rows} == {a.id, b.id}
    info = store.duplicates_for(db.counselor, a.learner.id)
    assert [m.learner_id for m in info.matches] == [b.learner.id]
    assert store.get_interview_for(db.counselor, b.id).learner.family_name == "KOVALENKO"
