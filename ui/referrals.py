"""Vermittlungen: requests to the own provider (accept, waiting list, decline, start, end, drop), the
state of the own learners' referrals, and for the counseling office every referral it may see."""

from __future__ import annotations

import streamlit as st

import store
from schemas.courses import OPEN_REFERRAL
from schemas.vocabulary import PROVIDER_ROLES, Role
from ui import course_matches, navigation, session

ROLES = (*PROVIDER_ROLES, Role.COUNSELOR)


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Vermittlungen")
    st.page_link(navigation.page("angebote"), label="Zu den Kursangeboten", icon=":material/school:")
    if actor.is_provider_staff:
        incoming = store.list_referrals(actor, incoming=True)
        waiting = [r for r in incoming if r.status in OPEN_REFERRAL]
        st.subheader(f"Anfragen an Ihren Träger ({len(waiting)} offen)")
        st.caption(
            "Zusagen reserviert einen Platz. Name und Geburtsdatum sehen Sie nur, solange die/der Lernende in "
            "die Weitergabe eingewilligt hat."
        )
        course_matches.referral_rows(actor, incoming, "ref.in")
        st.subheader("Vermittlungen Ihrer Lernenden")
        course_matches.referral_rows(actor, store.list_referrals(actor, incoming=False), "ref.out")
    else:
        st.caption(
            "Vermittlungen aus Interviews, die Sie sehen dürfen (eingereicht, mit Einwilligung in die Weitergabe)."
        )
        course_matches.referral_rows(actor, store.list_referrals(actor), "ref.all")


if __name__ == "__main__":
    render()
