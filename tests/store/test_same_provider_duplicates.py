"""The checks before a learner is created: the own provider's records of the same person (name up to
case, spaces, accents and order; same birth date), the other-provider hint with exactly what
``duplicates_for`` shows, and the interviews a provider holds for its learners."""

from __future__ import annotations

import pytest

import store
from tests.store.conftest import Cast


def _count(db: Cast, actor: store.Actor, name: str) -> int:
    return len(store.search_learners(actor, name))


def test_the_own_providers_record_is_found_before_creating(db: Cast) -> None:
    rania = db.learner(db.interviewer_a, "Darwish", "Rania", "1986-03-19")
    same, elsewhere = store.duplicates_before_create(db.interviewer_a2, "  darwish ", "RANIA", "1986-03-19")
    assert [learner.id for learner in same] == [rania.id]  # a colleague at the same provider finds it too
    assert not elsewhere.flagged
    assert _count(db, db.interviewer_a, "Darwish") == 1  # the check stores no learner
    # another birth date or another given name is another person
    assert store.duplicates_before_create(db.interviewer_a, "Darwish", "Rania", "1986-03-20")[0] == []
    assert store.duplicates_before_create(db.interviewer_a, "Darwish", "Rana", "1986-03-19")[0] == []


def test_another_providers_record_is_never_listed_as_the_own(db: Cast) -> None:
    db.learner(db.interviewer_b, "Darwish", "Rania", "1986-03-19", sharing=False)
    same, elsewhere = store.duplicates_before_create(db.interviewer_a, "Darwish", "Rania", "1986-03-19")
    assert same == []
    assert elsewhere.flagged and "anderen Träger" in elsewhere.message
    assert elsewhere.matches == [] and elsewhere.hidden_matches == 1  # no sharing consent: nothing named


def test_the_other_provider_hint_matches_what_duplicates_for_shows_afterwards(db: Cast) -> None:
    db.interview(db.interviewer_b, "submitted", sharing=True, family="Barzani", given="Aram", birth="1986-09-10")
    _, before = store.duplicates_before_create(db.interviewer_a, "barzani", "Aram", "1986-09-10")
    mine = db.learner(db.interviewer_a, "barzani", "Aram", "1986-09-10")
    after = store.duplicates_for(db.interviewer_a, mine.id)
    assert before == after
    assert [(m.provider_name, m.statuses) for m in before.matches] == [("Sprachschule Brücke", ["submitted"])]


@pytest.mark.parametrize("role", ["counselor", "admin"])
def test_only_provider_staff_may_check_before_creating(db: Cast, role: str) -> None:
    actor = db.counselor if role == "counselor" else db.admin
    with pytest.raises(store.AccessDenied):
        store.duplicates_before_create(actor, "Darwish", "Rania", "1986-03-19")
    with pytest.raises(store.AccessDenied):
        store.interviews_of_learners(actor, [1])


def test_bad_typed_data_gets_the_same_messages_as_creating(db: Cast) -> None:
    with pytest.raises(store.InvalidInput, match="Familienname"):
        store.duplicates_before_create(db.interviewer_a, " ", "Rania", "1986-03-19")
    with pytest.raises(store.InvalidInput, match="Geburtsdatum"):
        store.duplicates_before_create(db.interviewer_a, "Darwish", "Rania", "2999-01-01")


def test_interviews_of_learners_by_learner_within_the_own_provider(db: Cast) -> None:
    submitted = db.interview(db.interviewer_a, "submitted", family="Gashi", given="Arta")
    draft = store.start_interview(db.interviewer_a, submitted.learner.id)
    returned = db.interview(db.interviewer_a, "returned", family="Constantin", given="Andreea")
    other = db.interview(db.interviewer_b, "draft", family="Fremd", given="Fritz")
    found = store.interviews_of_learners(
        db.interviewer_a2, [submitted.learner.id, returned.learner.id, other.learner.id]
    )
    assert [(i.id, i.status) for i in found[submitted.learner.id]] == [(draft.id, "draft"), (submitted.id, "submitted")]
    assert [i.status for i in found[returned.learner.id]] == ["returned"]
    assert other.learner.id not in found  # another provider's learner: no entry, no error
    assert store.interviews_of_learners(db.interviewer_b, [submitted.learner.id]) == {}
    assert store.interviews_of_learners(db.interviewer_a, []) == {}
