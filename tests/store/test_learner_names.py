"""The learner name rules hold wherever a learner is created (issue 15, finding 11): "Neue Person
anlegen" refuses HTML, Markdown and scripts the certificate cannot print, as the wizard does."""

from __future__ import annotations

import pytest

import store
from tests.store.conftest import Cast


@pytest.mark.parametrize(
    ("family", "given"),
    [
        ("<b>Haddad</b>", "Amina"),
        ("Haddad", "[Amina](https://evil.example)"),
        ("حداد", "Amina"),
        ("Haddad", "阿米娜"),
        ("Haddad\u200b", "Amina"),
    ],
)
def test_names_outside_the_rules_are_refused_in_german(db: Cast, family: str, given: str) -> None:
    with pytest.raises(store.InvalidInput, match="lateinischer Schrift") as caught:
        db.learner(db.interviewer_a, family=family, given=given)
    assert caught.value.field in ("family_name", "given_names")


def test_latin_greek_and_cyrillic_names_are_accepted(db: Cast) -> None:
    for family, given in [
        ("Özdemir-Çelik", "Ayşe"),
        ("O’Brien", "Seán"),
        ("Παπαδόπουλος", "Ελένη"),
        ("Шевченко", "Олена"),
    ]:
        assert db.learner(db.interviewer_a, family=family, given=given).family_name == family
