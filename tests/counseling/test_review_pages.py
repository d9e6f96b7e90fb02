"""The review queue and the review detail page, run in-process with AppTest against real SQLite."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import store
from tests.counseling.conftest import Cast, button, make_interview, open_page, real_guide_interview, texts
from ui.review_queue import NO_MATCH


def test_queue_lists_consented_submitted_interviews_oldest_first(app_db: Cast) -> None:
    db = app_db
    first = make_interview(db, db.interviewer_a, family="Erste", given="Anna")
    second = make_interview(db, db.interviewer_b, family="Zweite", given="Berta")
    make_interview(db, db.interviewer_b, sharing=False, family="Ohne", given="Zustimmung")
    make_interview(db, db.interviewer_a, "draft", family="Noch", given="Entwurf")
    at = open_page(db.counselor, "review_queue")
    assert not at.exception
    shown = [t.value for t in at.main.text]
    assert shown[0].startswith("Erste, Anna") and shown[1].startswith("Zweite, Berta")
    page = texts(at)
    assert "2 Interviews" in page and "Ohne" not in page and "Entwurf" not in page
    assert first.id != second.id


def test_queue_filter_that_matches_nothing_says_so(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_queue")
    at.selectbox(key="queue.filter.min_listening").set_value("C2").run()
    assert NO_MATCH in [i.value for i in at.info]
    at.selectbox(key="queue.filter.min_listening").set_value("A2").run()
    assert "1 Interview" in [s.value for s in at.subheader]  # the singular, not "1 Interviews"


def test_queue_pages_through_many_interviews(app_db: Cast) -> None:
    db = app_db
    names = [f"Person {chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(27)]  # names take letters only
    for i, name in enumerate(names):
        make_interview(db, db.interviewer_a, family=name, given="Test", birth=f"1990-01-{i + 1:02d}")
    at = open_page(db.counselor, "review_queue")
    assert "Angezeigt: 1–25 von 27" in texts(at)
    at.pagination[0].set_value(2).run()
    assert "Angezeigt: 26–27 von 27" in texts(at)
    assert [t.value.split(",")[0] for t in at.main.text] == names[25:]


def test_return_with_comment_reaches_the_interviewer(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    assert not at.exception
    page = texts(at)
    assert "Haddad, Amina" in page and "Einschätzung Hören" in page  # German label of an answer
    button(at, "Zurückgeben").click().run()
    assert "Kommentar: bitte schreiben Sie" in texts(at)
    assert store.get_interview_for(db.counselor, iv.id).status == "submitted"  # nothing changed
    at.text_area(key="review.return_comment").set_value("Bitte **Lesen** prüfen [hier](http://x)").run()
    button(at, "Zurückgeben").click().run()
    assert store.get_interview_for(db.interviewer_a, iv.id).status == "returned"
    home = open_page(db.interviewer_a, "interviewer_home")
    assert "Bitte **Lesen** prüfen [hier](http://x)" in [t.value for t in home.text]  # plain text, as typed


def test_approve_changes_the_status(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    assert not at.exception
    assert "freigegeben" in texts(at)
    assert store.get_interview_for(db.counselor, iv.id).status in ("approved", "certificate_issued")


def test_comment_thread(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    at.text_area(key="review.comment_text").set_value("Rückfrage beim Träger gestellt.")
    at.button(key="FormSubmitter:review.comment_form-Kommentar speichern").click().run()
    assert "Rückfrage beim Träger gestellt." in [t.value for t in at.main.text]
    assert [e.comment for e in store.review_events(db.interviewer_a, iv.id) if e.kind == "comment"] == [
        "Rückfrage beim Träger gestellt."
    ]


def test_detail_refuses_interview_without_sharing_consent(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a, sharing=False, family="Geheim")
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    assert "Geheim" not in texts(at)
    assert any("keinen Zugriff" in e.value for e in at.error)


def test_consent_withdrawal_takes_effect_at_once(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a, family="Widerruf")
    at = open_page(db.counselor, "review_queue")
    assert "Widerruf" in texts(at)
    store.record_consent(db.interviewer_a, iv.learner.id, "sharing", False)
    at.run()
    assert "Widerruf" not in texts(at)
    detail = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    assert "Widerruf" not in texts(detail) and detail.error


def _shows_the_issued_certificate(at: AppTest, db: Cast, interview_id: int) -> None:
    """The interview has a certificate now, and the page says so and offers its PDF."""
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = store.get_interview_for(db.counselor, interview_id)
    assert after.status == "certificate_issued" and after.certificate_number
    assert f"Bescheinigung {after.certificate_number} ausgestellt." in texts(at)
    assert f"Bescheinigung {after.certificate_number} als PDF" in [b.label for b in at.get("download_button")]


def test_approve_issues_the_certificate_when_the_setting_says_so(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    iv = real_guide_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    _shows_the_issued_certificate(at, db, iv.id)


def test_approve_without_auto_issue_leaves_the_certificate_for_later(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", False)
    iv = make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"


def test_approve_box_says_whether_the_certificate_follows_automatically(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a)
    store.set_app_setting(db.admin, "auto_issue_on_approve", False)
    manual = texts(open_page(db.counselor, "review_detail", query={"id": str(iv.id)}))
    assert "nicht automatisch ausgestellt" in manual and "„Bescheinigungen“" in manual
    assert "wird danach ausgestellt" not in manual
    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    auto = texts(open_page(db.counselor, "review_detail", query={"id": str(iv.id)}))
    assert "Freigeben stellt zugleich die Bescheinigung aus." in auto and "nicht automatisch" not in auto


def test_without_auto_issue_the_certificate_is_issued_from_the_detail_page(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", False)
    iv = real_guide_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    assert not [b for b in at.button if b.label == "Bescheinigung jetzt ausstellen"]  # not before approving
    button(at, "Freigeben").click().run()
    assert f"Interview Nr. {iv.id} freigegeben." in texts(at)
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"

    button(at, "Bescheinigung jetzt ausstellen").click().run()
    _shows_the_issued_certificate(at, db, iv.id)
    assert not [b for b in at.button if b.label == "Bescheinigung jetzt ausstellen"]


def test_issuing_from_the_detail_page_says_why_it_failed(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a, "approved")  # the test guide scores two skills only
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Bescheinigung jetzt ausstellen").click().run()
    assert not at.exception
    assert any(e.value.startswith("Bescheinigung nicht ausgestellt:") for e in at.error)
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"


def test_approval_stands_when_the_certificate_cannot_be_issued(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    iv = make_interview(db, db.interviewer_a)  # the test guide scores two skills only: no certificate
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"
    assert any(e.value.startswith("Bescheinigung nicht ausgestellt:") for e in at.error)


def test_the_review_page_flags_a_self_assessment_with_nothing_ticked(app_db: Cast) -> None:
    # Nothing ticked in a can-do step yields the lowest level, as if the step had never been done: the
    # counselor is told, so a skipped self-assessment does not pass as a result.
    from questionnaire import active_guide

    db = app_db
    store.activate_guide(db.admin, "sprachstand", 1)
    writing = [q.id for s in active_guide().sections for q in s.questions if q.id.startswith("cando_writing")]
    iv = real_guide_interview(db, db.interviewer_a, family="Leer", given="Schreiben", **dict.fromkeys(writing))
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("Keine Kann-Aussage angekreuzt bei: Schreiben." in w for w in warnings), warnings

    complete = real_guide_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(complete.id)})
    assert not [w.value for w in at.warning if "Kann-Aussage" in w.value]
