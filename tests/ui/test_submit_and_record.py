"""Issue 16 holes 2 and 3 on the pages: "Einreichen" asks for confirmation (and says who reviews); with
missing answers the list is at the top, each item a link to its step; a submission is withdrawn from the
interview's page until its reviewer opens it; the interviewer answers a return comment in the thread; the
consents are changed on the interview's page (learner's record), effective at once."""

from __future__ import annotations

from typing import Any

import store
from schemas.vocabulary import Status
from tests.questionnaire.test_real_guide import interview as complete_answers
from tests.ui.conftest import Cast
from tests.ui.helpers import app, click, follow, no_exception, open_page


def _draft(user: Any, drop: tuple[str, ...] = (), sharing: bool = True) -> int:
    learner = store.create_learner(
        user, "Haddad", "Amal Yusuf", "1991-03-02", processing_consent=True, sharing_consent=sharing
    )
    view = store.start_interview(user, learner.id, guide_id="sprachstand", guide_version=1)  # version 1 answers
    answers = {k: v for k, v in complete_answers(consent_sharing=sharing).items() if k not in drop}
    store.save_draft(user, view.id, answers, "assessment", view.lock_version)
    return int(view.id)


def _submitted(user: Any, sharing: bool = True) -> int:
    interview_id = _draft(user, sharing=sharing)
    view = store.get_interview_for(user, interview_id)
    store.submit(user, interview_id, view.lock_version)
    return interview_id


def test_submit_asks_for_confirmation_and_says_who_reviews(cast: Cast) -> None:
    interview_id = _draft(cast.interviewer, sharing=False)
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    no_exception(at)
    at = click(at, f"{interview_id}.__submit")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status is Status.DRAFT  # not yet
    assert "**Interview jetzt einreichen?**" in [m.value for m in at.markdown]
    assert any(t.value.startswith("Prüfung durch die Trägerleitung.") for t in at.text)
    at = click(at, f"{interview_id}.__submit_cancel")
    assert not [b for b in at.button if b.key == f"{interview_id}.__submit_confirmed"]
    at = click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status is Status.SUBMITTED
    assert any("die Trägerleitung prüft es" in s.value for s in at.success)


def test_what_is_missing_is_listed_at_the_top_with_a_link_to_its_step(cast: Cast) -> None:
    interview_id = _draft(cast.interviewer, drop=("schooling_years",))
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    at = click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status is Status.DRAFT
    links = [b for b in at.button if str(b.key).startswith(f"{interview_id}.__missing.")]
    assert links, [b.key for b in at.button]
    # the list comes first on the page: its error is the first one shown
    assert at.error[0].value.startswith("Das Interview ist noch nicht vollständig")
    label = links[0].label
    at = follow(links[0].click().run())
    no_exception(at)
    section = label.removeprefix("Zu „").removesuffix("“")
    assert store.get_interview_for(cast.interviewer, interview_id).current_section != "summary"
    assert any(section in str(getattr(h, "value", "")) for h in [*at.subheader, *at.header, *at.title, *at.markdown])


def test_withdraw_until_the_counselor_opens_it(cast: Cast) -> None:
    interview_id = _submitted(cast.interviewer)
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    no_exception(at)
    at = click(at, "view.withdraw")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status is Status.DRAFT
    assert any("zurückgezogen" in s.value for s in at.success)
    view = store.get_interview_for(cast.interviewer, interview_id)
    store.submit(cast.interviewer, interview_id, view.lock_version)
    store.get_interview_for(cast.counselor, interview_id)  # the counseling office opens it
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    assert not [b for b in at.button if b.key == "view.withdraw"]


def test_the_interviewer_answers_the_return_comment(cast: Cast) -> None:
    interview_id = _submitted(cast.interviewer)
    store.return_interview(cast.counselor, interview_id, "Bitte Schulbildung prüfen.")
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    at.text_area(key="view.reply_text").input("Schulbildung ist richtig: 9 Jahre in Syrien.")
    at = follow(at.button(key="FormSubmitter:view.reply_form-Antwort senden").click().run())
    no_exception(at)
    comments = [e.comment for e in store.review_events(cast.counselor, interview_id)]
    assert comments[-1] == "Schulbildung ist richtig: 9 Jahre in Syrien."


def test_sharing_consent_is_withdrawn_on_the_record(cast: Cast) -> None:
    interview_id = _submitted(cast.interviewer)
    assert interview_id in [r.id for r in store.review_queue(cast.counselor)[0]]
    at = open_page(app(cast.interviewer), "interview_view", id=str(interview_id))
    at.selectbox(key="view.consent_purpose").set_value("sharing")
    at.radio(key="view.consent_given").set_value("nein")
    at.selectbox(key="view.consent_method").set_value("verbal_interpreter")
    at.text_input(key="view.consent_note").input("Dolmetscherin Frau Berisha")
    at = follow(at.button(key="FormSubmitter:view.consent_form-Einwilligung speichern").click().run())
    no_exception(at)
    assert any("gilt ab sofort" in s.value for s in at.success)
    assert interview_id not in [r.id for r in store.review_queue(cast.counselor)[0]]
    assert "Prüfung durch die Trägerleitung" in [i.value for i in at.info]
    history = store.consent_history(
        cast.interviewer, store.get_interview_for(cast.interviewer, interview_id).learner.id
    )
    assert history[-1]["method"] == "verbal_interpreter" and history[-1]["note"] == "Dolmetscherin Frau Berisha"
