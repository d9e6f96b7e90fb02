"""Issue 16, hole 1 on the pages: the interviewer reads who reviews ("Prüfung durch die Trägerleitung"
vs "… die Beratungsstelle"); the provider's lead finds interviews without sharing consent under "Zu prüfen",
approves one and issues its certificate on the interview's page."""

from __future__ import annotations

from typing import Any

import store
from schemas.vocabulary import Status
from tests.questionnaire.test_real_guide import interview as complete_answers
from tests.ui.conftest import Cast
from tests.ui.helpers import app, click, no_exception, open_page


def _submitted(user: Any, family: str, sharing: bool) -> int:
    learner = store.create_learner(user, family, "Besa", "1991-03-02", processing_consent=True, sharing_consent=sharing)
    view = store.start_interview(user, learner.id, guide_id="sprachstand", guide_version=1)  # version 1 answers
    answers = complete_answers(consent_sharing=sharing)
    view = store.save_draft(user, view.id, answers, "assessment", view.lock_version)
    store.submit(user, view.id, view.lock_version)
    return int(view.id)


def test_the_interviewer_reads_who_reviews(cast: Cast) -> None:
    private = _submitted(cast.interviewer, "Krasniqi", sharing=False)
    shared = _submitted(cast.interviewer, "Haddad", sharing=True)
    home = app(cast.interviewer)
    no_exception(home)
    shown = [c.value for c in home.caption]
    assert "Prüfung durch die Trägerleitung" in shown
    assert "Prüfung durch die Beratungsstelle" in shown
    at = open_page(app(cast.interviewer), "interview_view", id=str(private))
    assert "Prüfung durch die Trägerleitung" in [i.value for i in at.info]
    assert not [b for b in at.button if b.label == "Freigeben"]  # the interviewer decides nothing
    at = open_page(app(cast.interviewer), "interview_view", id=str(shared))
    assert "Prüfung durch die Beratungsstelle" in [i.value for i in at.info]


def test_the_lead_approves_and_issues_an_interview_without_sharing_consent(cast: Cast) -> None:
    private = _submitted(cast.interviewer, "Krasniqi", sharing=False)
    _submitted(cast.interviewer, "Haddad", sharing=True)
    home = app(cast.provider_admin)
    no_exception(home)
    assert "Zu prüfen – ohne Weitergabe an die Beratungsstelle (1)" in [s.value for s in home.subheader]
    at = open_page(app(cast.provider_admin), "interview_view", id=str(private))
    no_exception(at)
    assert "Prüfung durch die Trägerleitung" in [s.value for s in at.subheader]
    at = click(at, "view.approve")
    no_exception(at)
    assert any("freigegeben" in s.value for s in at.success)
    assert store.get_interview_for(cast.provider_admin, private).status is Status.APPROVED
    at = click(at, "view.issue")
    no_exception(at)
    assert any("Bescheinigung" in s.value and "ausgestellt" in s.value for s in at.success)
    assert store.get_interview_for(cast.interviewer, private).status is Status.CERTIFICATE_ISSUED
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Bescheinigung ") for label in labels)
