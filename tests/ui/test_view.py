"""After submission: read-only view, "Interview als PDF", return with a comment, edit and resubmit,
history with what changed; learner and counselor text shown verbatim, never as Markdown."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

import store
from tests.questionnaire.test_real_guide import interview as complete_answers
from tests.ui.conftest import Cast
from tests.ui.helpers import app, by_question, click, follow, no_exception, open_page, texts
from ui.text import escape_markdown

TRICKY = "**fett** _kursiv_ [Link](http://evil.example) `code` <b>roh</b> :red[rot] $x^2$"


def _submitted(user: Any, language: str = "en", **changes: Any) -> int:
    learner = store.create_learner(
        user, "Haddad", "Amal Yusuf", "1991-03-02", processing_consent=True, sharing_consent=True
    )
    view = store.start_interview(user, learner.id, learner_language=language, guide_id="sprachstand", guide_version=1)
    view = store.save_draft(user, view.id, complete_answers(**changes), "assessment", view.lock_version)
    store.submit(user, view.id, view.lock_version)
    return int(view.id)


def _pdf_text(at: Any) -> str:
    button = at.get("download_button")[0]
    assert button.proto.label == "Interview als PDF"
    from ui import interview_view, services  # the same bytes the button offers

    actor = at.session_state["auth.actor"]
    view = store.get_interview_for(actor, int(at.query_params["id"][0]))
    data = interview_view._pdf(services.guide_for(view, actor), view)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and "Interview" in (reader.metadata.title or "")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_submitted_interview_is_read_only_with_answers_and_pdf(cast: Cast) -> None:
    interview_id = _submitted(cast.interviewer, education_notes=TRICKY)
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    no_exception(at)
    shown = texts(at)
    assert any("Familienname" in t and "Haddad" in t for t in shown)
    assert any(TRICKY in t for t in shown)  # verbatim, as plain text
    assert not any(TRICKY in str(m.value) for m in at.markdown)
    # nothing editable but the consents on the learner's record
    assert not [w for w in [*at.text_input, *at.text_area] if w.form_id != "view.consent_form"]
    text = _pdf_text(at)
    assert "Haddad" in text and "Familienname" in text and "Family name" in text
    assert "Interview-Protokoll" in text


def test_pdf_for_an_arabic_speaker_prints_arabic_the_result_and_the_interview_date(cast: Cast) -> None:
    import unicodedata

    interview_id = _submitted(cast.interviewer, language="ar")
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    text = _pdf_text(at)
    flat = " ".join(text.split())
    assert "englische Übersetzung" not in flat and "Family name" not in flat  # Arabic itself, not English
    letters = unicodedata.normalize("NFKC", text)  # the shaped letter forms back to the letters
    assert "ةلئاعلا مسا" in letters or "اسم العائلة" in letters  # "Familienname" in Arabic, right to left
    assert "Ergebnis" in flat and "Alphabetisierung" in flat and "Kursempfehlung" in flat
    view = store.get_interview_for(cast.interviewer, interview_id)
    assert f"Interview vom {view.created_at:%d.%m.%Y}" in flat


def test_returned_interview_shows_the_comment_is_edited_resubmitted_and_history_shows_the_change(
    cast: Cast,
) -> None:
    interview_id = _submitted(cast.interviewer)
    comment = "Bitte **Schulbildung** prüfen [hier](http://evil.example)"
    store.return_interview(cast.counselor, interview_id, comment)

    home = app(cast.interviewer)
    no_exception(home)
    assert comment in texts(home)  # verbatim on the start page

    at = follow(open_page(app(cast.interviewer), "wizard", id=str(interview_id)))
    no_exception(at)
    assert comment in texts(at)
    assert "Niveau je Fertigkeit" in [s.value for s in at.subheader]  # it reopens on the summary
    follow(at.pills(key=f"{interview_id}.__nav").set_value("education").run())
    by_question(at, "schooling_years").set_value(9).run()
    follow(at.pills(key=f"{interview_id}.__nav").set_value("zusammenfassung").run())
    at.text_area(key=f"{interview_id}.__reply").input("Schuljahre korrigiert: 9 statt 12.")
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status == "submitted"
    # the answer to the return reaches the counseling office with the submission
    last = store.review_events(cast.counselor, interview_id)[-1]
    assert (last.to_status, last.comment) == ("submitted", "Schuljahre korrigiert: 9 statt 12.")

    view = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    history = "\n".join(texts(view))
    assert "12 → 9" in history
    assert "(keine Änderung an den Antworten)" not in history
    titles = [str(m.value) for m in view.markdown]
    assert any("Entwurf gespeichert" in t for t in titles) and not any("· save" in t for t in titles), titles


def test_the_view_names_the_recommended_courses_starting_level_as_the_summary_did(cast: Cast) -> None:
    interview_id = _submitted(cast.interviewer)
    score = store.get_interview_for(cast.interviewer, interview_id).score
    assert score is not None and score.recommendation is not None
    recommendation = score.recommendation.model_dump()
    assert recommendation.get("start_level"), recommendation  # the sample answers give a starting level
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    no_exception(at)
    shown = [str(m.value) for m in at.markdown if "Kursempfehlung" in str(m.value)]
    course = escape_markdown(recommendation["course_label"])  # shown as text, like the summary shows it
    assert shown == [f"**Kursempfehlung:** {course}, Einstieg {recommendation['start_level']}"]
