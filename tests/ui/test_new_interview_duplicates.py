"""New interview without doubles: "Andere Person wählen" really starts over, a person the provider
already has is offered instead of a second record, an open draft is offered instead of a second
draft, search hits open existing interviews, and the other-provider hint comes before creating."""

from __future__ import annotations

import datetime as dt
from typing import Any

from streamlit.testing.v1 import AppTest

import store
from tests.questionnaire.test_real_guide import interview as complete_answers
from tests.ui.conftest import Cast
from tests.ui.helpers import app, follow, html_texts, no_exception, open_page, texts

CREATE = "Person anlegen und Interview beginnen"


def links(at: AppTest) -> list[tuple[str, str, str]]:
    """The page links of the main area in page order: (label, url path, query string)."""
    found: list[tuple[str, str, str]] = []

    def walk(node: Any) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict) and children:
            for index in sorted(children):
                walk(children[index])
        elif getattr(node, "type", "") == "page_link":
            found.append((node.proto.label, node.proto.page, node.proto.query_string))

    walk(at.main)
    return found


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return follow(at.run())


def fill(at: AppTest, family: str, given: str, birth: dt.date) -> AppTest:
    at.text_input(key="new.family").input(family)
    at.text_input(key="new.given").input(given)
    at.date_input(key="new.birth").set_value(birth)
    at.checkbox(key="new.processing").check()
    at.selectbox(key="new.language").select("ar")
    return press(at, CREATE)


def learners(cast: Cast, name: str) -> list[store.LearnerView]:
    return store.search_learners(cast.interviewer, name)


def drafts_of(cast: Cast, learner_id: int) -> list[int]:
    return [i.id for i in store.list_my_interviews(cast.interviewer, status="draft") if i.learner_id == learner_id]


def submitted(cast: Cast) -> tuple[int, int]:
    """A learner (Haddad, Amal Yusuf) with one submitted interview: (learner id, interview id)."""
    learner = store.create_learner(cast.interviewer, "Haddad", "Amal Yusuf", "1991-03-02", processing_consent=True)
    view = store.start_interview(
        cast.interviewer, learner.id, learner_language="en", guide_id="sprachstand", guide_version=1
    )
    view = store.save_draft(cast.interviewer, view.id, complete_answers(), "assessment", view.lock_version)
    store.submit(cast.interviewer, view.id, view.lock_version)
    return learner.id, view.id


def test_other_person_drops_the_preselected_learner_and_creates_the_typed_one(cast: Cast) -> None:
    gashi = store.create_learner(cast.interviewer, "Gashi", "Arta", "1990-05-05", processing_consent=True)
    at = open_page(app(cast.interviewer), "new_interview", learner=str(gashi.id))
    assert "Gashi, Arta · geb. 05.05.1990" in texts(at)
    at = press(at, "Andere Person wählen")
    assert "learner" not in at.query_params  # the address no longer names Gashi
    assert "Neue Person anlegen" in [s.value for s in at.subheader]
    at = fill(at, "Darwish", "Rania", dt.date(1986, 3, 19))
    no_exception(at)
    assert at.subheader[0].value == "Information und Einwilligung"  # guide version 2  # the wizard, for the new person
    assert any("Darwish, Rania" in t for t in html_texts(at))  # the wizard's head
    assert not any("Gashi" in t for t in texts(at))
    assert [learner.full_name for learner in learners(cast, "Darwish")] == ["Darwish, Rania"]
    assert drafts_of(cast, gashi.id) == []


def test_the_same_person_at_the_own_provider_is_offered_instead_of_a_second_record(cast: Cast) -> None:
    rania = store.create_learner(cast.interviewer, "Darwish", "Rania", "1986-03-19", processing_consent=True)
    draft = store.start_interview(
        cast.interviewer, rania.id, learner_language="ar", guide_id="sprachstand", guide_version=1
    )
    at = fill(open_page(app(cast.interviewer), "new_interview"), " darwish ", "RANIA", dt.date(1986, 3, 19))
    no_exception(at)
    assert any("Diese Person ist bei Ihrem Träger schon erfasst" in w.value for w in at.warning)
    assert "Darwish, Rania · geb. 19.03.1986" in texts(at)
    assert ("Entwurf fortsetzen", "interview", f"id={draft.id}") in links(at)
    assert len(learners(cast, "Darwish")) == 1  # nothing created yet
    # a second record only on an explicit choice
    at = press(at, "Trotzdem als neue Person anlegen")
    no_exception(at)
    assert at.subheader[0].value == "Information und Einwilligung"  # guide version 2
    assert len(learners(cast, "Darwish")) == 2


def test_the_same_person_without_an_open_draft_can_be_used_for_the_interview(cast: Cast) -> None:
    rania = store.create_learner(cast.interviewer, "Darwish", "Rania", "1986-03-19", processing_consent=True)
    at = fill(open_page(app(cast.interviewer), "new_interview"), "Darwish", "Rania", dt.date(1986, 3, 19))
    assert ("Vorhandene Person verwenden", "neu", f"learner={rania.id}") in links(at)
    at = press(at, "Abbrechen")
    assert not at.warning and len(learners(cast, "Darwish")) == 1


def test_an_open_draft_is_offered_instead_of_a_second_draft(cast: Cast) -> None:
    gashi = store.create_learner(cast.interviewer, "Gashi", "Arta", "1990-05-05", processing_consent=True)
    draft = store.start_interview(
        cast.interviewer, gashi.id, learner_language="de", guide_id="sprachstand", guide_version=1
    )
    at = open_page(app(cast.interviewer), "new_interview", learner=str(gashi.id))
    no_exception(at)
    assert "Interview beginnen" not in labels(at)
    assert ("Entwurf fortsetzen", "interview", f"id={draft.id}") in links(at)
    assert drafts_of(cast, gashi.id) == [draft.id]
    # a second draft only on an explicit choice
    at = press(at, "Trotzdem ein weiteres Interview beginnen")
    at = press(at, "Interview beginnen")
    no_exception(at)
    assert len(drafts_of(cast, gashi.id)) == 2


def test_search_hits_open_the_learners_existing_interviews(cast: Cast) -> None:
    learner_id, interview_id = submitted(cast)
    draft = store.start_interview(
        cast.interviewer, learner_id, learner_language="en", guide_id="sprachstand", guide_version=1
    )
    at = open_page(app(cast.interviewer), "new_interview")  # a page that lists no interviews itself
    at.text_input(key="new.search.name").input("haddad")
    at = press(at, "Suchen")
    shown = [(label.split(" (")[0], page, query) for label, page, query in links(at)]
    assert ("Fortsetzen", "interview", f"id={draft.id}") in shown
    assert ("Ansehen", "ansicht", f"id={interview_id}") in shown
    assert ("Neues Interview", "neu", f"learner={learner_id}") in shown


def test_the_other_provider_hint_comes_before_the_person_is_created(cast: Cast) -> None:
    store.create_learner(cast.interviewer_b, "Karimi", "Sara", "1988-06-01", processing_consent=True)
    at = fill(open_page(app(cast.interviewer), "new_interview"), "Karimi", "Sara", dt.date(1988, 6, 1))
    assert any("anderen Träger" in w.value for w in at.warning)
    assert learners(cast, "Karimi") == []  # shown before anything is stored
    assert "Sprachschule Brücke" not in " ".join(texts(at))  # no sharing consent there: unnamed
    at = press(at, "Ja, Person anlegen und Interview beginnen")
    no_exception(at)
    assert at.subheader[0].value == "Information und Einwilligung"  # guide version 2
    assert any("anderen Träger" in w.value for w in at.warning)  # and still in the wizard
    assert len(learners(cast, "Karimi")) == 1


def test_start_page_actions_are_button_like_links_with_an_icon(cast: Cast) -> None:
    learner = store.create_learner(cast.interviewer, "Gashi", "Arta", "1990-05-05", processing_consent=True)
    draft = store.start_interview(
        cast.interviewer, learner.id, learner_language="de", guide_id="sprachstand", guide_version=1
    )
    at = app(cast.interviewer)
    assert ("Fortsetzen", "interview", f"id={draft.id}") in links(at)
    link = next(node for node in at.get("page_link") if node.proto.label == "Fortsetzen")
    assert link.proto.icon  # an icon, and (by its container's key) the button style of ui.learner_search
