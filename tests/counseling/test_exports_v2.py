"""The counseling export carries the warnings and the course form of version-2 interviews (issue 14:
warnings "in the counseling export"); version-1 interviews leave both columns empty. SQLite and
PostgreSQL (the store suite's ``db`` fixture)."""

from __future__ import annotations

import io
import random
from datetime import date

import pandas as pd

import store
from demo.answers import make_answers
from demo.people import make_person
from questionnaire import guide_by_version, score, validate_answers
from schemas.placement import Format
from schemas.views import ReviewFilters
from store.exports import export_bytes
from tests.counseling.conftest import Cast, real_guide_interview

ALL = ReviewFilters(statuses=("submitted", "returned", "approved", "certificate_issued"), order="oldest")


def _version2_interview(db: Cast) -> tuple[int, list[str], list[str]]:
    guide = guide_by_version("sprachstand", 2)
    rng = random.Random(7)
    answers = make_answers(guide, make_person(rng, date.today()), rng, date.today())
    answers.update(entitlement="unknown", asylum_seeker=False, consent_sharing=True)
    answers = validate_answers(guide, answers).to_json_dict()
    learner = store.create_learner(
        db.interviewer_a,
        answers["family_name"],
        answers["given_names"],
        answers["birth_date"],
        processing_consent=True,
        sharing_consent=True,
    )
    view = store.start_interview(db.interviewer_a, learner.id, guide_id="sprachstand", guide_version=2)
    store.submit(db.interviewer_a, view.id, view.lock_version, answers=answers)
    result = score(guide, validate_answers(guide, answers))
    assert result.placement is not None and result.warnings
    return int(view.id), list(result.warnings), [Format(f).label for f in sorted(result.placement.formats)]


def test_the_export_names_the_warnings_and_the_course_form(db: Cast) -> None:
    v2_id, warnings, formats = _version2_interview(db)
    v1 = real_guide_interview(db, db.interviewer_a)
    data, _ = export_bytes(db.counselor, ALL, fmt="csv")
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str).set_index("Interview-Nr.")
    row = frame.loc[str(v2_id)]
    assert row["Hinweise zur Prüfung"] == " | ".join(warnings)
    assert "Berechtigung ungeklärt" in row["Hinweise zur Prüfung"]
    if formats:
        assert all(label in row["Kursform"] for label in formats)
    old = frame.loc[str(v1.id)]
    assert pd.isna(old["Hinweise zur Prüfung"]) and pd.isna(old["Kursform"])
