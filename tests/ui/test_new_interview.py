"""New interview: consent first, minimum data, the learner's language, the "possibly assessed
elsewhere" hint; the public verification address needs no login."""

from __future__ import annotations

import datetime as dt

import store
from tests.ui.conftest import Cast
from tests.ui.helpers import app, errors, follow, no_exception, open_page, texts


def _form(at, family: str, given: str, birth: dt.date, *, consent: bool, language: str = "fa"):  # type: ignore[no-untyped-def]
    at.text_input(key="new.family").input(family)
    at.text_input(key="new.given").input(given)
    at.date_input(key="new.birth").set_value(birth)
    if consent:
        at.checkbox(key="new.processing").check()
    at.selectbox(key="new.language").select(language)
    next(b for b in at.button if b.label == "Person anlegen und Interview beginnen").click()
    return follow(at.run())


def test_without_the_data_protection_information_nothing_is_created(cast: Cast) -> None:
    at = _form(open_page(app(cast.interviewer), "new_interview"), "Karimi", "Sara", dt.date(1988, 6, 1), consent=False)
    no_exception(at)
    # guide version 2 asks no consent to processing (Art. 7 (4) GDPR), it requires the information first
    assert any("Information zum Datenschutz" in e for e in errors(at))
    assert not any("willigt in die Verarbeitung" in c.label for c in at.checkbox)
    assert store.search_learners(cast.interviewer, "Karimi") == []


def test_a_birth_date_in_the_future_gets_a_german_message_and_nothing_is_created(cast: Cast) -> None:
    future = dt.date.today() + dt.timedelta(days=400)
    at = _form(open_page(app(cast.interviewer), "new_interview"), "Zukunft", "Zara", future, consent=True)
    no_exception(at)
    assert "Das Geburtsdatum darf nicht in der Zukunft liegen." in errors(at)
    assert at.date_input(key="new.birth").value == future  # what was typed stays
    assert store.search_learners(cast.interviewer, "Zukunft") == []


def test_new_learner_starts_the_wizard_in_the_chosen_language_with_consent_filled_in(cast: Cast) -> None:
    at = _form(open_page(app(cast.interviewer), "new_interview"), "Karimi", "Sara", dt.date(1988, 6, 1), consent=True)
    no_exception(at)
    assert at.subheader[0].value == "Information und Einwilligung"  # guide version 2
    interview = store.list_my_interviews(cast.interviewer, status="draft")[0]
    view = store.get_interview_for(cast.interviewer, interview.id)
    assert view.learner_language == "fa" and view.guide_version == 2
    # version 2: processing rests on its legal basis; the page records that the person was informed
    assert "consent_processing" not in view.answers
    assert view.answers["information_given"] is True and view.answers["consent_sharing"] is False
    assert view.answers["interview_date"] == dt.date.today().isoformat()
    assert view.answers["family_name"] == "Karimi"
    blocks = [str(h.value) for h in at.get("html") if str(h.value).startswith('<div class="learner-label"')]
    assert blocks and all('dir="rtl"' in b and 'lang="fa"' in b for b in blocks)


def test_possible_duplicate_at_another_provider_is_hinted(cast: Cast) -> None:
    store.create_learner(cast.interviewer_b, "Karimi", "Sara", "1988-06-01", processing_consent=True)
    at = _form(open_page(app(cast.interviewer), "new_interview"), "Karimi", "Sara", dt.date(1988, 6, 1), consent=True)
    no_exception(at)
    warnings = [w.value for w in at.warning]
    assert any("anderen Träger" in w or "bereits" in w for w in warnings), warnings
    shown = " ".join(texts(at)) + " ".join(warnings)
    assert "Sprachschule Brücke" not in shown  # no sharing consent: the other provider stays unnamed


def test_search_finds_own_learners_only(cast: Cast) -> None:
    store.create_learner(cast.interviewer, "Haddad", "Amina", "1990-04-12", processing_consent=True)
    store.create_learner(cast.interviewer_b, "Haddad", "Omar", "1979-01-01", processing_consent=True)
    at = app(cast.interviewer)
    at.text_input(key="home.search.name").input("haddad")
    next(b for b in at.button if b.label == "Suchen").click()
    at.run()
    shown = texts(at)
    assert any("Haddad, Amina" in t for t in shown)
    assert not any("Omar" in t for t in shown)


def test_verification_address_opens_the_public_page_without_login(cast: Cast) -> None:
    at = app(verify="SPR-2026-000001", code="ABCDEFGHIJ")
    no_exception(at)
    assert "Benutzername" not in {t.label for t in at.text_input}
    assert any("Bescheinigung" in t.value for t in at.title)


def test_the_consent_is_shown_in_the_learners_language_before_the_person_is_created(cast: Cast) -> None:
    at = open_page(app(cast.interviewer), "new_interview")
    at.selectbox(key="new.language").select("fa").run()
    no_exception(at)
    blocks = [str(h.value) for h in at.get("html") if 'class="learner-label"' in str(h.value)]
    assert blocks and 'lang="fa"' in blocks[0] and 'dir="rtl"' in blocks[0]


def test_a_qr_link_to_the_check_page_address_opens_it_too(cast: Cast) -> None:
    at = open_page(app(verify="SPR-2026-000001", code="ABCDEFGHIJ"), "verify")
    no_exception(at)
    assert "Benutzername" not in {t.label for t in at.text_input}
    assert any("Bescheinigung" in t.value for t in at.title)
