"""The Art. 15 report lists the bulk accesses that included the learner (issue 15, finding 13): a staff
search, a page of the counseling office's list and an export name each learner they showed, and the
learner's access report lists them; a learner they did not include sees none of them."""

from __future__ import annotations

import io

from pypdf import PdfReader

import store
from documents.access_report import render_access_report
from schemas.views import ReviewFilters
from store.exports import export_interviews
from tests.store.conftest import Cast, found_for_request

BULK = {"learner.search", "review_queue.viewed", "export.interviews"}


def test_searches_lists_and_exports_that_included_the_learner_are_in_the_report(db: Cast) -> None:
    shown = db.interview(db.interviewer_a, "submitted", family="Haddad")
    other = db.interview(db.interviewer_b, "draft", family="Nowak", given="Jan")  # never in these lists
    store.search_learners(db.interviewer_a, "Haddad")
    store.review_queue(db.counselor)
    export_interviews(db.counselor, ReviewFilters(), io.BytesIO(), fmt="csv")
    report = store.export_learner(db.dpo, found_for_request(db.dpo, shown.learner))
    actions = {(row["user"], row["action"]) for row in report["access_log"]}
    assert {
        ("ina", "learner.search"),
        ("beratung", "review_queue.viewed"),
        ("beratung", "export.interviews"),
    } <= actions
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_access_report(report))).pages)
    text = " ".join(text.split())
    assert "In der Prüfliste der Beratungsstelle angezeigt" in text and "In einer Export-Datei enthalten" in text
    untouched = store.export_learner(db.dpo, found_for_request(db.dpo, other.learner))
    assert not {row["action"] for row in untouched["access_log"]} & BULK
