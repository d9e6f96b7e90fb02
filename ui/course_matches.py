"""Widgets shared by the pages that show fitting offers and referrals (summary, interview view, review
page, the counseling office's matching page, the referral page, the interviewer's start page).

Thin: the store matches, checks consent, reserves places; these functions draw its answers and pass the
user's clicks back to it.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

import store
from schemas.courses import HOLDS_PLACE, OPEN_REFERRAL, ReferralAction, ReferralStatus
from schemas.score import Score
from schemas.vocabulary import ConsentPurpose
from ui import navigation
from ui.text import day, escape_markdown

CONSENT_LABEL = (
    "Die/der Lernende willigt ein, dass Name, Geburtsdatum und Einstufung an den aufnehmenden Kursträger "
    "weitergegeben werden, um einen Kursplatz zu vermitteln (freiwillig, jederzeit widerrufbar)"
)
# Material icons (the app's icon font): emoji such as ⏳ are missing from many browsers' fonts
STATUS_ICON = {
    ReferralStatus.PROPOSED: ":material/schedule:",
    ReferralStatus.WAITING_LIST: ":material/hourglass_top:",
    ReferralStatus.ACCEPTED: ":material/check_circle:",
    ReferralStatus.STARTED: ":material/school:",
    ReferralStatus.ENDED: ":material/task_alt:",
    ReferralStatus.DECLINED: ":material/cancel:",
    ReferralStatus.DROPPED: ":material/cancel:",
    ReferralStatus.WITHDRAWN: ":material/undo:",
}


def offer_facts(offer: Any) -> str:
    """One Markdown line: provider, type, levels, start, times, district, places."""
    parts = [
        escape_markdown(offer.provider_name),
        escape_markdown(offer.kind_label),
        offer.levels,
        f"ab {day(offer.start_date)}",
        escape_markdown(offer.schedule),
        escape_markdown(offer.district),
        f"{offer.places_free} von {offer.places_total} Plätzen frei"
        + (" · Warteliste offen" if offer.waitlist_open else ""),
    ]
    return " · ".join(p for p in parts if p)


def consent_box(actor: Any, learner_id: int, key: str) -> bool:
    """The referral consent as a checkbox for the learner's own provider (recorded at once, withdrawable);
    for others a line saying whether it is given."""
    given = store.referral_consent_of(actor, learner_id)
    if not actor.is_provider_staff:
        st.caption("Einwilligung in die Weitergabe an den Kursträger: " + ("erteilt" if given else "nicht erteilt"))
        return bool(given)
    wanted = st.checkbox(CONSENT_LABEL, value=given, key=f"{key}.consent")
    if wanted != given:
        try:
            store.record_consent(actor, learner_id, ConsentPurpose.REFERRAL, wanted)
        except store.AccessDenied:  # another provider's learner: the office or the sender records it
            st.caption("Die Einwilligung erfasst der Träger, bei dem das Interview stattfand.")
            return bool(given)
        st.toast("Einwilligung erfasst." if wanted else "Einwilligung widerrufen.")
    return bool(wanted)


def matches(actor: Any, result: Any, key: str, *, interview_id: int | None = None, can_refer: bool = False) -> None:
    """The ranked offers with what fits and what does not; "Vermitteln" where a referral is possible."""
    notice = st.session_state.pop(f"{key}.notice", None)
    if notice:
        st.success(notice)
    needs = result.needs
    if needs.course is not None:
        wanted = [needs.course.label]
        if needs.start_level is not None:
            wanted.append(f"Einstieg {needs.start_level.label}")
        wanted += [f.label for f in sorted(needs.formats)]
        st.caption(f"Gesucht: {', '.join(wanted)} · Beginn innerhalb von {result.weeks} Wochen bevorzugt")
    if result.message:
        st.info(result.message)
    for rank, match in enumerate(result.matches, start=1):
        offer = match.offer
        with st.container(border=True):
            st.markdown(f"**{rank}. {escape_markdown(offer.title)}**  \n{offer_facts(offer)}")
            fits = "".join(f"\n- {escape_markdown(f)}" for f in match.fits)
            misfits = "".join(f"\n- {escape_markdown(m)}" for m in match.misfits)
            text = f"Passt:{fits}"
            if misfits:
                text += f"\n\nPasst nicht:{misfits}"
            st.markdown(text)
            refer = can_refer and interview_id is not None
            if refer and st.button("Vermitteln", key=f"{key}.refer.{offer.id}", icon=":material/send:"):
                assert interview_id is not None
                try:
                    store.propose_referral(actor, interview_id, offer.id)
                except (store.InvalidInput, store.AccessDenied) as exc:
                    st.error(str(exc))
                else:
                    st.session_state[f"{key}.notice"] = f"Vermittlung an {offer.provider_name} vorgeschlagen."
                    st.rerun()


def referral_rows(actor: Any, referrals: list[Any], key: str, *, show_learner: bool = True) -> None:
    """Referrals with their state, the steps the actor may take, and the handout."""
    if not referrals:
        st.caption("Keine Vermittlungen.")
        return
    for referral in referrals:
        offer = referral.course
        with st.container(border=True):
            who = referral.learner_name if referral.learner_name else "(Name nur mit Einwilligung sichtbar)"
            head = (
                f"{STATUS_ICON.get(referral.status, '')} **{referral.status.label}** · {escape_markdown(offer.title)}"
            )
            st.markdown(head)
            if show_learner:
                st.text(f"{who} · Interview Nr. {referral.interview_id} · von {referral.from_provider_name}")
            st.caption(offer_facts(offer))
            if referral.placement:
                st.caption(f"Einstufung: {referral.placement}")
            if referral.reason:
                st.text(f"Grund: {referral.reason}")
            if not referral.consent:
                st.warning("Die Einwilligung in die Weitergabe ist nicht (mehr) erteilt.")
            _actions(actor, referral, key)
            # printable at the end of the interview already (state "vorgeschlagen") and after every step
            if referral.learner_name and referral.status in (*OPEN_REFERRAL, *HOLDS_PLACE):
                st.download_button(
                    "Informationsblatt für die/den Lernende/n (PDF)",
                    data=functools.partial(store.referral_handout, actor, referral.id),
                    file_name=f"kursplatz-{referral.id}.pdf",
                    mime="application/pdf",
                    key=f"{key}.handout.{referral.id}",
                    on_click="ignore",
                    icon=":material/picture_as_pdf:",
                )


def _actions(actor: Any, referral: Any, key: str) -> None:
    if not referral.actions:
        return
    needs_reason = ReferralAction.DECLINE in referral.actions or ReferralAction.DROP in referral.actions
    reason = ""
    if needs_reason:
        reason = st.text_input("Grund (für Ablehnen oder Abbruch)", key=f"{key}.reason.{referral.id}", max_chars=1000)
    row = st.container(horizontal=True)
    for action in ReferralAction:
        if action not in referral.actions:
            continue
        if row.button(action.label, key=f"{key}.{action.value}.{referral.id}"):
            try:
                store.act_on_referral(actor, referral.id, action, reason)
            except (store.InvalidInput, store.InvalidTransition, store.AccessDenied) as exc:
                st.error(str(exc))
            else:
                st.rerun()


def draft_matches(actor: Any, score: Score | None, answers: dict[str, Any]) -> None:
    """On the summary: the offers that fit the draft's result so far (referral after submitting)."""
    if score is None or score.recommendation is None:
        return
    # asked for on demand: the summary reruns on every answer, the match is a query of its own
    if not st.checkbox("Passende Kursangebote zeigen", key="summary.match.show"):
        return
    with st.container(border=True):
        st.caption("Vermitteln können Sie nach dem Einreichen (Ansicht des Interviews).")
        needs = store.needs_from(score.model_dump(mode="json"), answers)
        matches(actor, store.matching_for_needs(actor, needs), "summary.match")


def interview_courses(actor: Any, view: store.InterviewView, key: str, *, expanded: bool = True) -> None:
    """On the interview view and the review page: consent, fitting offers with "Vermitteln", the
    interview's referrals with their state."""
    if view.score is None:
        return
    with st.expander("Passende Kursangebote und Vermittlung", expanded=expanded):
        if not actor.is_provider_staff:
            st.page_link(
                navigation.page("kursvermittlung"),
                label="Auf der Seite „Kursvermittlung“ öffnen",
                query_params={"id": str(view.id)},
                icon=":material/join_inner:",
            )
        consent_box(actor, view.learner.id, key)
        matches(actor, store.matching_offers(actor, view.id), key, interview_id=view.id, can_refer=True)
        st.markdown("**Vermittlungen zu diesem Interview**")
        referral_rows(actor, store.list_referrals(actor, interview_id=view.id), f"{key}.ref", show_learner=False)


def referral_summary(actor: Any, limit: int = 10) -> None:
    """The interviewer's start page: the state of the own learners' referrals, newest change first."""
    referrals = store.list_referrals(actor, incoming=False, limit=limit)
    waiting = store.open_requests(actor)
    st.subheader(f"Vermittlungen ({len(referrals)})")
    if waiting:
        st.info(f"{waiting} Vermittlung(en) an Ihren Träger warten auf eine Antwort.")
    if not referrals:
        st.caption("Noch keine Vermittlungen in einen Kurs.")
    for referral in referrals:
        st.markdown(
            f"{STATUS_ICON.get(referral.status, '')} **{referral.status.label}** · "
            f"{escape_markdown(referral.learner_name)} · {escape_markdown(referral.course.title)} "
            f"({escape_markdown(referral.course.provider_name)})"
        )
