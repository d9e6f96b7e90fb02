"""New interview: create or pick a learner, record consent, choose the learner's language, start.

Only the minimum is asked before consent (name and date of birth, to find and tell people apart);
processing consent is required, sharing with the counseling office is a separate, optional consent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import store
from schemas.vocabulary import PROVIDER_ROLES, ConsentPurpose, Status
from store import errors as store_errors
from ui import navigation, services, session
from ui.interview_header import LANGUAGE_NAMES
from ui.learner_search import interview_action, interview_links, is_open, learner_line, learner_search
from ui.style import action_css, action_link
from ui.text import when
from ui.widgets.inputs import EARLIEST_DATE, LATEST_DATE

ROLES = PROVIDER_ROLES
PROCESSING = "Die/der Lernende willigt in die Verarbeitung ihrer/seiner Daten für die Einstufung ein (erforderlich) *"
SHARING = "Die/der Lernende willigt ein, dass die Beratungsstelle der Stadt das Ergebnis sehen darf (freiwillig)"
NO_CONSENT = (
    "Ohne Einwilligung in die Datenverarbeitung darf kein Interview geführt werden. Bitte erklären Sie "
    "der/dem Lernenden den Zweck (mit der Übersetzung im Leitfaden) und fragen Sie erneut."
)
HINTS_KEY = "new.duplicate_hints"
PENDING_KEY = "new.pending"  # the typed person while possible duplicates are shown
ANOTHER_KEY = "new.another_for"  # + ".<learner id>": a further interview despite an open one was chosen
SAME_PROVIDER = "Diese Person ist bei Ihrem Träger schon erfasst."
OPEN_DRAFT = (
    "Für diese Person gibt es bei Ihrem Träger schon ein offenes Interview. Bitte setzen Sie es fort, "
    "statt ein zweites zu beginnen."
)
# Version 2 on, processing rests on its legal basis (Art. 6 (1) b/c GDPR), not on consent: the page then
# asks whether the person has been informed (Art. 13), and the wizard's first step records it.
INFORMED = (
    "Die/der Lernende hat die Information zum Datenschutz erhalten (vorgelesen oder als Blatt in ihrer/seiner "
    "Sprache) *"
)
NOT_INFORMED = (
    "Bitte geben Sie der/dem Lernenden zuerst die Information zum Datenschutz (der Text steht im Leitfaden, "
    "auch in ihrer/seiner Sprache), dann beginnen Sie das Interview."
)
CONSENT_ANSWERS = {
    "consent_processing": "processing_consent",
    "information_given": "processing_consent",
    "consent_sharing": "sharing_consent",
}


def _asks_processing_consent() -> bool:
    """Whether the active guide asks for consent to processing (version 1) or only informs (version 2 on)."""
    from ui.steps import CONSENT_QUESTION

    return services.active_guide().question(CONSENT_QUESTION) is not None


def _processing_texts() -> tuple[str, str]:
    """(checkbox label, message when it is not ticked) for the active guide."""
    return (PROCESSING, NO_CONSENT) if _asks_processing_consent() else (INFORMED, NOT_INFORMED)


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


def _consent_in_learner_language(language: str) -> None:
    """The guide's consent questions in the learner's language, to show or read out before ticking."""
    from ui.steps import consent_section_id
    from ui.widgets.labels import learner_block_html

    guide = services.active_guide()
    section_id = consent_section_id(guide)
    if language == "de" or section_id is None:
        return
    section = next(s for s in guide.sections if s.id == section_id)
    blocks = learner_block_html(section.title, section.help, language) + "".join(
        learner_block_html(q.label, q.help, language) for q in section.questions
    )
    if blocks:
        st.caption(f"Einwilligung in der Sprache der/des Lernenden ({LANGUAGE_NAMES.get(language, language)}):")
        st.html(blocks)


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
        ("interview_date", dt.date.today().isoformat()),
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


def _split_open(actor: Any, interviews: list[Any]) -> tuple[list[Any], list[Any]]:
    """(still open: draft or returned, the others)."""
    open_ = [item for item in interviews if is_open(actor, item)]
    return open_, [item for item in interviews if item not in open_]


def _open_interviews(actor: Any, learner_id: int) -> tuple[list[Any], list[Any]]:
    """The learner's interviews at this provider, split as ``_split_open``."""
    return _split_open(actor, store.interviews_of_learners(actor, [learner_id]).get(learner_id, []))


def _continue_link(actor: Any, target: Any, item: Any) -> None:
    """The button-like link that opens an open (draft or returned) interview in the wizard."""
    label = "Entwurf fortsetzen" if item.status == Status.DRAFT else "Überarbeiten"
    _, _, icon = interview_action(actor, item)
    action_link(target, f"new-open-{item.id}", "interview", label, icon, id=str(item.id))


def _open_offer(actor: Any, learner: Any, open_: list[Any]) -> None:
    """An open interview exists: offer to continue it; a second one needs an explicit click."""
    st.warning(OPEN_DRAFT)
    action_css()
    for item in open_:
        with st.container(border=True):
            text_col, action_col = st.columns([3, 2], vertical_alignment="center")
            text_col.text(f"{Status.label_of(item.status)} · geändert {when(item.updated_at)}")
            _continue_link(actor, action_col, item)
    st.button(
        "Trotzdem ein weiteres Interview beginnen",
        key="new.another",
        on_click=lambda: st.session_state.__setitem__(f"{ANOTHER_KEY}.{learner.id}", True),
    )


def _existing(actor: Any, learner_id: int) -> None:
    learner = store.get_learner(actor, learner_id)
    st.subheader("Interview für")
    st.text(learner_line(learner))
    open_, done = _open_interviews(actor, learner.id)
    if open_ and not st.session_state.get(f"{ANOTHER_KEY}.{learner.id}"):
        _open_offer(actor, learner, open_)
        return
    if done:
        action_css()
        st.caption("Bisherige Interviews bei Ihrem Träger:")
        interview_links(actor, st, f"new-done-{learner.id}", done)
    # the language first (outside the form, so that choosing it shows the consent texts in it at once)
    language = _language_choice("new.existing.language")
    _consent_in_learner_language(language)
    with st.form("new.existing"):
        processing_label, refused = _processing_texts()
        processing = st.checkbox(processing_label, value=learner.processing_consent, key="new.existing.processing")
        sharing = st.checkbox(SHARING, value=learner.sharing_consent, key="new.existing.sharing")
        go = st.form_submit_button("Interview beginnen", type="primary")
    if not go:
        return
    if not processing:
        st.error(refused)
        return
    if processing != learner.processing_consent:
        learner = store.record_consent(actor, learner.id, ConsentPurpose.PROCESSING, True)
    if sharing != learner.sharing_consent:
        learner = store.record_consent(actor, learner.id, ConsentPurpose.SHARING, sharing)
    _start(actor, learner, language)


def _create(actor: Any) -> None:
    st.subheader("Neue Person anlegen")
    language = _language_choice("new.language")
    _consent_in_learner_language(language)
    with st.form("new.create"):
        family = st.text_input("Familienname *", max_chars=200, key="new.family")
        given = st.text_input("Vorname(n) *", max_chars=200, key="new.given")
        birth = st.date_input(
            "Geburtsdatum *",
            value=None,
            # a technical range only: a date outside it would be refused by Streamlit with an English
            # tooltip; a future date gets the German message below
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            format="DD.MM.YYYY",
            key="new.birth",
        )
        st.markdown("**Einwilligungen**" if _asks_processing_consent() else "**Information und Einwilligung**")
        processing = st.checkbox(_processing_texts()[0], key="new.processing")
        sharing = st.checkbox(SHARING, key="new.sharing")
        go = st.form_submit_button("Person anlegen und Interview beginnen", type="primary")
    panel = st.container()  # possible duplicates right under the button, where the eye is after pressing it
    if go:
        st.session_state.pop(PENDING_KEY, None)
        _check_new(actor, family, given, birth, processing, sharing, language)
    if PENDING_KEY in st.session_state:
        with panel:
            _pending(actor, st.session_state[PENDING_KEY])


def _check_new(actor: Any, family: str, given: str, birth: Any, processing: bool, sharing: bool, language: str) -> None:
    """Validates the form; without a possible duplicate creates the learner, otherwise asks first."""
    missing = [
        name for name, value in (("Familienname", family), ("Vorname(n)", given), ("Geburtsdatum", birth)) if not value
    ]
    if missing:
        st.error("Bitte füllen Sie aus: " + ", ".join(missing) + ".")
        return
    if birth > dt.date.today():
        st.error("Das Geburtsdatum darf nicht in der Zukunft liegen.")
        return
    if not processing:
        st.error(_processing_texts()[1])
        return
    typed = {"family": family.strip(), "given": given.strip(), "birth": birth, "sharing": sharing, "language": language}
    try:
        same, elsewhere = store.duplicates_before_create(actor, typed["family"], typed["given"], birth)
    except store_errors.InvalidInput as exc:
        st.error(str(exc))
        return
    if same or elsewhere.flagged:
        st.session_state[PENDING_KEY] = {**typed, "same": same, "elsewhere": elsewhere}
        return
    _create_and_start(actor, typed)


def _create_and_start(actor: Any, typed: dict[str, Any]) -> None:
    try:
        learner = store.create_learner(
            actor,
            typed["family"],
            typed["given"],
            typed["birth"],
            processing_consent=True,
            sharing_consent=typed["sharing"],
        )
    except store_errors.InvalidInput as exc:
        st.error(str(exc))
        return
    st.session_state.pop(PENDING_KEY, None)
    _start(actor, learner, typed["language"])


def _pending(actor: Any, typed: dict[str, Any]) -> None:
    """Possible duplicates of the typed person: the own provider's records first, then the hint about others."""
    same, elsewhere = typed["same"], typed["elsewhere"]
    action_css()
    with st.container(border=True):
        if same:
            st.warning(SAME_PROVIDER)
            interviews = store.interviews_of_learners(actor, [learner.id for learner in same])
            for learner in same:
                _same_row(actor, learner, interviews.get(learner.id, []))
        if elsewhere.flagged:
            st.warning(elsewhere.message)
            for match in elsewhere.matches:
                statuses = ", ".join(map(Status.label_of, match.statuses)) or "noch kein Interview"
                st.text(f"{match.provider_name}: {match.family_name}, {match.given_names} ({statuses})")
        label = "Trotzdem als neue Person anlegen" if same else "Ja, Person anlegen und Interview beginnen"
        create_col, cancel_col = st.columns(2)
        if create_col.button(label, key="new.confirm_create", type="secondary" if same else "primary"):
            _create_and_start(actor, typed)
        if cancel_col.button("Abbrechen", key="new.cancel_create"):
            st.session_state.pop(PENDING_KEY, None)
            st.rerun()


def _same_row(actor: Any, learner: Any, interviews: list[Any]) -> None:
    """One record of the own provider: continue its open interview, or use the record for a new one."""
    with st.container(border=True):
        text_col, action_col = st.columns([3, 2], vertical_alignment="center")
        text_col.text(learner_line(learner))
        open_, done = _split_open(actor, interviews)
        for item in open_:
            _continue_link(actor, action_col, item)
        if not open_:
            action_link(
                action_col,
                f"new-same-use-{learner.id}",
                "neu",
                "Vorhandene Person verwenden",
                ":material/person_check:",
                learner=str(learner.id),
            )
        interview_links(actor, action_col, f"new-same-{learner.id}", done)


def _choose_other() -> None:
    """Drops the preselected learner: the address's ?learner= and what the page kept for it."""
    st.query_params.clear()
    for key in list(st.session_state):
        if isinstance(key, str) and (key.startswith(("new.existing.", ANOTHER_KEY)) or key == PENDING_KEY):
            del st.session_state[key]


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Neues Interview")
    learner_id = st.query_params.get("learner")
    if learner_id and learner_id.isdigit():
        st.session_state.pop(PENDING_KEY, None)
        _existing(actor, int(learner_id))
        st.button("Andere Person wählen", key="new.other", icon=":material/person_search:", on_click=_choose_other)
        return
    st.write("Suchen Sie zuerst, ob die Person bei Ihrem Träger schon erfasst ist. Sonst legen Sie sie neu an.")
    learner_search(actor, key="new.search")
    _create(actor)


if __name__ == "__main__":
    render()
