"""New interview: create or pick a learner, record consent, choose the learner's language, start.

Only the minimum is asked before consent (name and date of birth, to find and tell people apart);
processing consent is required, sharing with the counseling office is a separate, optional consent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import store
from store import errors as store_errors
from ui import navigation, services, session
from ui.interview_header import LANGUAGE_NAMES
from ui.learner_search import learner_search

ROLES = (navigation.INTERVIEWER, navigation.PROVIDER_ADMIN)
PROCESSING = "Die/der Lernende willigt in die Verarbeitung ihrer/seiner Daten für die Einstufung ein (erforderlich) *"
SHARING = "Die/der Lernende willigt ein, dass die Beratungsstelle der Stadt das Ergebnis sehen darf (freiwillig)"
NO_CONSENT = (
    "Ohne Einwilligung in die Datenverarbeitung darf kein Interview geführt werden. Bitte erklären Sie "
    "der/dem Lernenden den Zweck (mit der Übersetzung im Leitfaden) und fragen Sie erneut."
)
HINTS_KEY = "new.duplicate_hints"
CONSENT_ANSWERS = {"consent_processing": "processing_consent", "consent_sharing": "sharing_consent"}


def _language_choice(key: str) -> str:
    guide = services.active_guide()
    options = list(guide.languages)
    return str(
        st.selectbox(
            "Sprache der/des Lernenden (für die übersetzten Fragen)",
            options,
            format_func=lambda code: LANGUAGE_NAMES.get(code, code),
            key=key,
            help="Die Fragen erscheinen auf Deutsch und zusätzlich in dieser Sprache.",
        )
    )


def _start(actor: Any, learner: Any, language: str) -> None:
    """Starts the interview, fills in what is known already, and opens the wizard."""
    info = store.duplicates_for(actor, learner.id)
    interview = store.start_interview(actor, learner.id, learner_language=language)
    guide = services.guide_for(interview)
    known: dict[str, Any] = {}
    for question_id, attribute in CONSENT_ANSWERS.items():
        if guide.question(question_id) is not None:
            known[question_id] = bool(getattr(learner, attribute))
    for question_id, value in (
        ("family_name", learner.family_name),
        ("given_names", learner.given_names),
        ("birth_date", learner.birth_date.isoformat() if learner.birth_date else None),
    ):
        if value and guide.question(question_id) is not None:
            known[question_id] = value
    first = guide.sections[0].id
    try:
        store.save_draft(actor, interview.id, known, first, interview.lock_version)
    except Exception as exc:
        if not services.problems_of(exc):
            raise  # prefilling is a convenience; a refused value is simply asked again
    if info.flagged:
        st.session_state.setdefault(HINTS_KEY, {})[interview.id] = info.message
    st.switch_page(navigation.page("interview"), query_params={"id": str(interview.id)})


def _existing(actor: Any, learner_id: int) -> None:
    learner = store.get_learner(actor, learner_id)
    st.subheader("Interview für")
    birth = learner.birth_date.strftime("%d.%m.%Y") if learner.birth_date else "–"
    st.text(f"{learner.full_name} · geb. {birth}")
    with st.form("new.existing"):
        processing = st.checkbox(PROCESSING, value=learner.processing_consent, key="new.existing.processing")
        sharing = st.checkbox(SHARING, value=learner.sharing_consent, key="new.existing.sharing")
        language = _language_choice("new.existing.language")
        go = st.form_submit_button("Interview beginnen", type="primary")
    if not go:
        return
    if not processing:
        st.error(NO_CONSENT)
        return
    if processing != learner.processing_consent:
        learner = store.record_consent(actor, learner.id, "processing", True)
    if sharing != learner.sharing_consent:
        learner = store.record_consent(actor, learner.id, "sharing", sharing)
    _start(actor, learner, language)


def _create(actor: Any) -> None:
    st.subheader("Neue Person anlegen")
    with st.form("new.create"):
        family = st.text_input("Familienname *", max_chars=200, key="new.family")
        given = st.text_input("Vorname(n) *", max_chars=200, key="new.given")
        birth = st.date_input(
            "Geburtsdatum *",
            value=None,
            min_value=dt.date(1900, 1, 1),
            max_value=dt.date.today(),
            format="DD.MM.YYYY",
            key="new.birth",
        )
        st.markdown("**Einwilligungen**")
        processing = st.checkbox(PROCESSING, key="new.processing")
        sharing = st.checkbox(SHARING, key="new.sharing")
        language = _language_choice("new.language")
        go = st.form_submit_button("Person anlegen und Interview beginnen", type="primary")
    if not go:
        return
    missing = [
        name for name, value in (("Familienname", family), ("Vorname(n)", given), ("Geburtsdatum", birth)) if not value
    ]
    if missing:
        st.error("Bitte füllen Sie aus: " + ", ".join(missing) + ".")
        return
    if not processing:
        st.error(NO_CONSENT)
        return
    try:
        learner = store.create_learner(
            actor, family.strip(), given.strip(), birth, processing_consent=True, sharing_consent=sharing
        )
    except store_errors.InvalidInput as exc:
        st.error(str(exc))
        return
    _start(actor, learner, language)


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Neues Interview")
    learner_id = st.query_params.get("learner")
    if learner_id and learner_id.isdigit():
        _existing(actor, int(learner_id))
        st.page_link(navigation.page("neu"), label="Andere Person wählen", query_params={})
        return
    st.write("Suchen Sie zuerst, ob die Person bei Ihrem Träger schon erfasst ist. Sonst legen Sie sie neu an.")
    learner_search(actor, key="new.search")
    _create(actor)


if __name__ == "__main__":
    render()
