"""The review queue and the review detail page, run in-process with AppTest against real SQLite."""

from __future__ import annotations

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
    assert "1 Interviews" in texts(at)


def test_queue_pages_through_many_interviews(app_db: Cast) -> None:
    db = app_db
    for i in range(27):
        make_interview(db, db.interviewer_a, family=f"Person{i:02d}", given="Test", birth=f"1990-01-{i + 1:02d}")
    at = open_page(db.counselor, "review_queue")
    assert "Angezeigt: 1–25 von 27" in texts(at)
    at.pagination[0].set_value(2).run()
    assert "Angezeigt: 26–27 von 27" in texts(at)
    assert [t.value.split(",")[0] for t in at.main.text] == ["Person25", "Person26"]


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


def test_approve_issues_the_certificate_when_the_setting_says_so(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    iv = real_guide_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = store.get_interview_for(db.counselor, iv.id)
    assert after.status == "certificate_issued" and after.certificate_number
    assert f"Bescheinigung {after.certificate_number} ausgestellt." in texts(at)
    assert f"Bescheinigung {after.certificate_number} als PDF" in [b.label for b in at.get("download_button")]


def test_approve_without_auto_issue_leaves_the_certificate_for_later(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", False)
    iv = make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"


def test_approval_stands_when_the_certificate_cannot_be_issued(app_db: Cast) -> None:
    db = app_db
    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    iv = make_interview(db, db.interviewer_a)  # the test guide scores two skills only: no certificate
    at = open_page(db.counselor, "review_detail", query={"id": str(iv.id)})
    button(at, "Freigeben").click().run()
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"
    assert any(e.value.startswith("Bescheinigung nicht ausgestellt:") for e in at.error)
