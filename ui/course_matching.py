"""Kursvermittlung (counseling office): the fitting offers of all providers for one interview, with the
referral to the receiving provider, and the interview's referrals so far."""

from __future__ import annotations

import streamlit as st

import store
from schemas.vocabulary import Role
from ui import course_matches, navigation, session

ROLES = (Role.COUNSELOR,)


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Kursvermittlung")
    st.page_link(navigation.page("pruefliste"), label="Zur Prüfliste", icon=":material/arrow_back:")
    raw = st.query_params.get("id", "")
    number = st.text_input("Interview-Nr.", value=str(raw), key="match.id", help="Die Nummer aus der Prüfliste")
    if not number.strip():
        st.info(
            "Bitte die Nummer eines eingereichten Interviews angeben (oder in der Prüfliste „Passende Kurse“ wählen)."
        )
        return
    if not number.strip().isdigit():
        st.error("Interview-Nr.: bitte nur Ziffern eingeben.")
        return
    interview_id = int(number)
    try:
        view = store.get_interview_for(actor, interview_id)
    except (store.AccessDenied, store.NotFound) as exc:
        st.error(str(exc))
        return
    st.text(f"{view.learner.full_name} · {view.provider_name}")
    course_matches.consent_box(actor, view.learner.id, "match")
    result = store.matching_offers(actor, interview_id)
    course_matches.matches(actor, result, "match", interview_id=interview_id, can_refer=True)
    st.subheader("Vermittlungen zu diesem Interview")
    course_matches.referral_rows(actor, store.list_referrals(actor, interview_id=interview_id), "match.ref")


if __name__ == "__main__":
    render()
