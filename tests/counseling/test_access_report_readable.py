"""The Art. 15 report reads as German for the person it is about: the guide's questions and answers
instead of ids and codes, accesses in words with repeated reads grouped, and one statement of the
consents of an erased person (real SQLite store, the PDF read back with pypdf)."""

from __future__ import annotations

import io
import json
from typing import Any

from pypdf import PdfReader

import store
from documents import access_report
from documents.access_report import render_access_report
from questionnaire import guide_by_version
from store.access import COMMAND_LINE
from tests.counseling.conftest import Cast, make_interview, real_guide_interview
from tests.store.conftest import found_for_request


def _report(learner_id: int) -> tuple[dict[str, Any], str]:
    """What the page and `manage.py export-learner --pdf` do: the export as JSON, rendered; the PDF's
    text with the line breaks of wrapped cells folded into spaces."""
    data = json.loads(json.dumps(store.export_learner(COMMAND_LINE, learner_id), default=str))
    reader = PdfReader(io.BytesIO(render_access_report(data)))
    return data, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_questions_and_answers_appear_in_the_guides_german(app_db: Cast) -> None:
    iv = real_guide_interview(app_db, app_db.interviewer_a)
    guide = guide_by_version("sprachstand", 1)  # the interview's version
    answers = iv.answers
    data, text = _report(iv.learner.id)

    nationality = guide.question("nationality")
    assert nationality is not None and nationality.type == "single_choice"
    country = next(c for c in guide.choices_of(nationality) if c.value == answers["nationality"])
    assert _flat(guide.text(nationality.label)) in text and _flat(guide.text(country.label)) in text
    residence = guide.question("residence_status")
    assert residence is not None and residence.type == "single_choice"
    status = next(c for c in guide.choices_of(residence) if c.value == answers["residence_status"])
    assert f"{guide.text(residence.label)} {_flat(guide.text(status.label))}" in text  # question, then answer
    can_do = next(q for _, q in guide.questions() if q.type == "can_do" and answers.get(q.id))
    ticked = next(s for s in can_do.statements if s.id in answers[can_do.id])
    assert _flat(guide.text(ticked.label)) in text and f"von {len(can_do.statements)} Aussagen" in text
    assert "17.05.1988" in text and "1988-05-17" not in text

    for machine in ("family_name", "nationality", can_do.id, ticked.id, "interview.read", "manage.py"):
        assert machine not in text, machine
    assert answers["residence_status"] not in text  # the code, e.g. "residence_permit", is not printed
    # the JSON keeps the ids and carries the texts it was printed with
    assert data["interviews"][0]["answers"]["nationality"] == answers["nationality"]
    labels = data["labels"][data["interviews"][0]["guide"]]
    assert labels["nationality"]["values"] == {country.value: guide.text(country.label)}


def test_a_review_session_is_one_line_with_counts(app_db: Cast) -> None:
    iv = make_interview(app_db, app_db.interviewer_a)
    for _ in range(7):  # every rerun of the review page reads the interview and its history
        store.get_interview_for(app_db.counselor, iv.id)
        store.history(app_db.counselor, iv.id)
    _, text = _report(iv.learner.id)

    log = text.split("Wer hat wann auf die Daten zugegriffen", 1)[1]
    assert "Interview angesehen (7×), Verlauf angesehen (7×)" in log
    assert log.count("Verlauf angesehen") == 1
    assert f"Interview Nr. {iv.id}" in log
    assert "interview.read" not in log and "history_read" not in log


def test_accesses_far_apart_or_by_others_stay_separate() -> None:
    def entry(at: str, user: str = "beratung", action: str = "interview.read") -> dict[str, Any]:
        return {"at": at, "user": user, "action": action, "record": "interview 5"}

    rows = access_report.group_accesses(
        [
            entry("2026-11-26T10:00:00"),
            entry("2026-11-26T10:03:00"),
            entry("2026-11-26T10:06:30"),  # 3.5 minutes after the one before: same visit
            entry("2026-11-26T10:20:00"),  # a later visit
            entry("2026-11-26T10:20:05", user="admin"),
            entry("2026-11-26T10:20:09", action="learner.search"),
        ]
    )
    assert rows == [
        ["26.11.2026 10:00–10:06", "beratung", "Interview angesehen (3×)", "Interview Nr. 5"],
        ["26.11.2026 10:20", "beratung", "Interview angesehen", "Interview Nr. 5"],
        ["26.11.2026 10:20", "admin", "Interview angesehen", "Interview Nr. 5"],
        ["26.11.2026 10:20", "beratung", "Suche", "Interview Nr. 5"],
    ]


def test_an_erased_person_reads_one_statement_of_consent(app_db: Cast) -> None:
    iv = make_interview(app_db, app_db.interviewer_a)
    store.erase_learner(app_db.dpo, found_for_request(app_db.dpo, iv.learner), "Antrag vom 01.11.2026")
    _, text = _report(iv.learner.id)

    consents = text.split("Einwilligungen", 1)[1].split("Interviews", 1)[0]
    assert "wurden am" in consents and "gelöscht" in consents
    assert "weder verarbeitet noch an die Beratungsstelle weitergegeben" in consents
    assert "vor der Löschung erfasst" in consents
    assert "Stand heute" not in text
    assert "Einwilligung Verarbeitung" not in text  # no "nein" in the master data above a "ja" below
