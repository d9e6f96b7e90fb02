"""Referrals: from a fitting offer to a reserved place at the receiving provider.

propose (interviewer or counselor, only with the learner's referral consent) → the receiving provider
accepts (a place is reserved), puts on the waiting list or declines with a reason → course started →
ended or dropped; the proposing side may withdraw while the course has not started. Every step is an
event and an audit record. Places are reserved with one conditional UPDATE (``places_free > 0``) and the
step itself with another (``status = <the status read>``), so concurrent acceptances never overbook a
course nor book one referral twice, on SQLite (writers queue up) and PostgreSQL (row locks).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from schemas.course_views import ReferralView
from schemas.courses import (
    BOOKABLE,
    HOLDS_PLACE,
    OPEN_REFERRAL,
    REFERRAL_TRANSITIONS,
    OfferStatus,
    ReferralAction,
    ReferralStatus,
    Side,
)
from schemas.placement import Course
from schemas.vocabulary import PROVIDER_ROLES, REVIEW_STATUSES, Level, Role
from store import access, audit
from store.access import Actor, require_role, user_fk, verify_actor
from store.clock import utcnow
from store.course_access import (
    get_referral,
    is_receiver,
    is_sender,
    referral_consent_given,
    referral_consents,
    referral_scope,
    sees_learner,
)
from store.course_models import Offer, Referral, ReferralEvent
from store.courses import offer_view, provider_names
from store.errors import InvalidInput, InvalidTransition, NotFound
from store.models import Interview, Learner
from store.scoping import CrossProvider, cross_provider, cross_provider_options
from store.tx import transactional

PROPOSE = "propose"
NO_CONSENT = (
    "Für eine Vermittlung fehlt die Einwilligung der/des Lernenden, die Daten an den aufnehmenden Träger "
    "weiterzugeben. Bitte zuerst die Einwilligung erfassen (Zusammenfassung des Interviews)."
)


def _event(s: Session, actor: Actor, referral: Referral, action: str, old: str | None, reason: str = "") -> None:
    s.add(
        ReferralEvent(
            referral_id=referral.id,
            action=action,
            from_status=old,
            to_status=referral.status,
            reason=reason,
            actor_id=user_fk(actor),
            at=utcnow(),
        )
    )
    audit.record(
        s,
        actor,
        f"referral.{action}",
        "referral",
        referral.id,
        learner_id=referral.learner_id,
        provider_id=referral.to_provider_id,
        course_id=referral.course_id,
        status=referral.status,
    )


@transactional()
def propose_referral(s: Session, actor: Actor, interview_id: int, course_id: int, note: str = "") -> ReferralView:
    """Proposes the learner of an interview for an offer (provider staff: own interviews; counselor)."""
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, Role.COUNSELOR, what="das Vermitteln in einen Kurs")
    interview = access.get_interview(s, actor, interview_id)
    if interview.status not in REVIEW_STATUSES:
        raise InvalidTransition("Vermitteln ist erst nach dem Einreichen des Interviews möglich.")
    offer = s.get(Offer, course_id)
    if offer is None:
        raise NotFound(f"Angebot Nr. {course_id} wurde nicht gefunden.")
    if OfferStatus(offer.status) not in BOOKABLE:
        raise InvalidInput(f"Das Angebot „{offer.title}“ ist beendet: keine Vermittlung mehr möglich.", "course")
    if not referral_consent_given(s, interview.learner_id):
        raise InvalidInput(NO_CONSENT, "consent")
    note = " ".join((note or "").split())
    if len(note) > 1000:
        raise InvalidInput("Hinweis: höchstens 1000 Zeichen.", "note")
    open_statuses = [st.value for st in (*OPEN_REFERRAL, *HOLDS_PLACE)]
    twice = s.scalar(
        select(Referral.id).where(
            Referral.learner_id == interview.learner_id,
            Referral.course_id == offer.id,
            Referral.status.in_(open_statuses),
        )
    )
    if twice is not None:
        raise InvalidInput(f"Für dieses Angebot besteht schon eine Vermittlung (Nr. {twice}).", "course")
    now = utcnow()
    referral = Referral(
        course_id=offer.id,
        learner_id=interview.learner_id,
        interview_id=interview.id,
        from_provider_id=interview.provider_id,
        to_provider_id=offer.provider_id,
        status=ReferralStatus.PROPOSED.value,
        note=note,
        proposed_by_id=user_fk(actor),
        created_at=now,
        updated_at=now,
    )
    s.add(referral)
    s.flush()
    _event(s, actor, referral, PROPOSE, None)
    return referral_view(s, actor, referral)


def _allowed(actor: Actor, referral: Referral) -> frozenset[ReferralAction]:
    status = ReferralStatus(referral.status)
    allowed = set()
    for (old, action), (_, side) in REFERRAL_TRANSITIONS.items():
        if old is status and (is_receiver(actor, referral) if side is Side.RECEIVER else is_sender(actor, referral)):
            allowed.add(action)
    return frozenset(allowed)


def _reserve(s: Session, course_id: int) -> bool:
    """One place less, only while one is free (and the offer "full" once none is left)."""
    done = s.execute(
        update(Offer)
        .where(Offer.id == course_id, Offer.places_free > 0)
        .values(
            places_free=Offer.places_free - 1,
            status=case(
                (
                    Offer.places_free == 1,
                    case((Offer.status == OfferStatus.OPEN.value, OfferStatus.FULL.value), else_=Offer.status),
                ),
                else_=Offer.status,
            ),
            lock_version=Offer.lock_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def release_place(s: Session, course_id: int) -> None:
    s.execute(
        update(Offer)
        .where(Offer.id == course_id, Offer.places_free < Offer.places_total)
        .values(
            places_free=Offer.places_free + 1,
            status=case((Offer.status == OfferStatus.FULL.value, OfferStatus.OPEN.value), else_=Offer.status),
            lock_version=Offer.lock_version + 1,
        )
        .execution_options(synchronize_session=False)
    )


@transactional()
def act_on_referral(
    s: Session, actor: Actor, referral_id: int, action: ReferralAction | str, reason: str = ""
) -> ReferralView:
    """One step of the referral workflow (see ``schemas.courses.REFERRAL_TRANSITIONS``)."""
    verify_actor(s, actor)
    if not ReferralAction.has(action):
        raise InvalidInput(f"Den Schritt „{action}“ gibt es nicht.", "action")
    action = ReferralAction(action)
    referral = get_referral(s, actor, referral_id)
    old = ReferralStatus(referral.status)
    step = REFERRAL_TRANSITIONS.get((old, action))
    if step is None:
        raise InvalidTransition(f"„{action.label}“ ist bei einer Vermittlung im Stand „{old.label}“ nicht möglich.")
    new, side = step
    if not (is_receiver(actor, referral) if side is Side.RECEIVER else is_sender(actor, referral)):
        who = "der aufnehmende Träger" if side is Side.RECEIVER else "die vermittelnde Stelle"
        raise InvalidTransition(f"„{action.label}“ kann nur {who} wählen.")
    reason = " ".join((reason or "").split())
    if action is ReferralAction.DECLINE and not reason:
        raise InvalidInput("Bitte einen Grund für die Ablehnung angeben.", "reason")
    if len(reason) > 1000:
        raise InvalidInput("Grund: höchstens 1000 Zeichen.", "reason")
    if action is ReferralAction.ACCEPT:
        if not referral_consent_given(s, referral.learner_id):
            raise InvalidInput(NO_CONSENT.replace("Bitte zuerst", "Die vermittelnde Stelle muss"), "consent")
        if not _reserve(s, referral.course_id):
            raise InvalidInput(
                "Der Kurs hat keinen freien Platz mehr. Sie können die Person auf die Warteliste setzen.", "course"
            )
    elif old in HOLDS_PLACE and new not in HOLDS_PLACE:
        release_place(s, referral.course_id)
    now = utcnow()
    values: dict[str, Any] = {"status": new.value, "updated_at": now, "lock_version": Referral.lock_version + 1}
    if reason:
        values["reason"] = reason
    if new is ReferralStatus.ACCEPTED:
        values["accepted_at"] = now
    if new is ReferralStatus.STARTED:
        values["started_at"] = now
    if new in (ReferralStatus.DECLINED, ReferralStatus.ENDED, ReferralStatus.DROPPED, ReferralStatus.WITHDRAWN):
        values["closed_at"] = now
    done = s.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.status == old.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        # someone else took a step in between: this one is refused, the reserved place goes back
        raise InvalidTransition("Die Vermittlung wurde inzwischen geändert. Bitte laden Sie die Seite neu.")
    s.expire(referral)
    _event(s, actor, referral, action.value, old.value, reason)
    return referral_view(s, actor, referral)


def _placement_text(interview: Interview | None) -> str:
    recommendation = ((interview.scores or {}).get("recommendation") or {}) if interview else {}
    course = recommendation.get("course")
    label = (
        Course(course).label
        if isinstance(course, str) and course in Course._value2member_map_
        else recommendation.get("course_label", "")
    )
    level = Level.parse(recommendation.get("start_level"))
    return f"{label}, Start {level.label}" if label and level else str(label or "")


def referral_view(
    s: Session,
    actor: Actor,
    referral: Referral,
    names: dict[int, str] | None = None,
    consents: dict[int, bool] | None = None,
) -> ReferralView:
    """The view of one referral; ``names`` (provider names) and ``consents`` (referral consent by learner)
    when a list has read them for all its rows already (the rows' offers, interviews and learners are
    then in the session's identity map too, so ``s.get`` reads nothing)."""
    offer = s.get(Offer, referral.course_id)
    assert offer is not None
    if names is None:
        names = provider_names(s, {offer.provider_id, referral.from_provider_id or offer.provider_id})
    # the actor takes part in the referral (``referral_scope``); its learner is another provider's for the
    # receiving side, shown only with the referral consent (``sees_learner``)
    options = cross_provider_options(CrossProvider.REFERRAL)
    interview = s.get(Interview, referral.interview_id, execution_options=options) if referral.interview_id else None
    learner = s.get(Learner, referral.learner_id, execution_options=options)
    consent = consents[referral.learner_id] if consents is not None else referral_consent_given(s, referral.learner_id)
    visible = learner is not None and learner.erased_at is None and sees_learner(s, actor, referral, consent)
    return ReferralView(
        id=referral.id,
        course=offer_view(offer, names.get(offer.provider_id, "")),
        learner_id=referral.learner_id,
        interview_id=referral.interview_id,
        from_provider_name=names.get(referral.from_provider_id or -1, ""),
        to_provider_id=referral.to_provider_id,
        status=ReferralStatus(referral.status),
        reason=referral.reason,
        note=referral.note,
        created_at=referral.created_at,
        updated_at=referral.updated_at,
        consent=consent,
        learner_name=f"{learner.family_name}, {learner.given_names}" if visible and learner else "",
        learner_birth_date=learner.birth_date if visible and learner else None,
        learner_language=interview.learner_language if interview else "",
        placement=_placement_text(interview),
        lock_version=referral.lock_version,
        actions=_allowed(actor, referral),
    )


@transactional(readonly=True)
def list_referrals(
    s: Session,
    actor: Actor,
    *,
    incoming: bool | None = None,
    interview_id: int | None = None,
    statuses: tuple[ReferralStatus, ...] | None = None,
    limit: int = 200,
) -> list[ReferralView]:
    """The referrals the actor takes part in, newest change first. ``incoming``: True only those to the
    actor's provider, False only those of its own learners."""
    verify_actor(s, actor)
    query = referral_scope(actor, select(Referral))
    if incoming is True:
        query = query.where(Referral.to_provider_id == actor.provider_id)
    elif incoming is False and actor.is_provider_staff:
        query = query.where(Referral.from_provider_id == actor.provider_id)
    if interview_id is not None:
        query = query.where(Referral.interview_id == interview_id)
    if statuses:
        query = query.where(Referral.status.in_([st.value for st in statuses]))
    rows = s.scalars(query.order_by(Referral.updated_at.desc(), Referral.id.desc()).limit(limit)).all()
    if not rows:
        return []
    # one query per table for the whole list (into the identity map), not five per row
    offers = s.scalars(select(Offer).where(Offer.id.in_({r.course_id for r in rows}))).all()
    learners = select(Learner).where(Learner.id.in_({r.learner_id for r in rows}))
    s.scalars(cross_provider(learners, CrossProvider.REFERRAL)).all()
    interview_ids = {r.interview_id for r in rows if r.interview_id}
    if interview_ids:
        interviews = select(Interview).where(Interview.id.in_(interview_ids))
        s.scalars(cross_provider(interviews, CrossProvider.REFERRAL)).all()
    names = provider_names(
        s, {o.provider_id for o in offers} | {r.from_provider_id for r in rows if r.from_provider_id}
    )
    consents = referral_consents(s, {r.learner_id for r in rows})
    return [referral_view(s, actor, r, names, consents) for r in rows]


@transactional(readonly=True)
def get_referral_for(s: Session, actor: Actor, referral_id: int) -> ReferralView:
    verify_actor(s, actor)
    return referral_view(s, actor, get_referral(s, actor, referral_id))


@transactional(readonly=True)
def referral_history(s: Session, actor: Actor, referral_id: int) -> list[dict[str, Any]]:
    """The steps of one referral, oldest first (action, from/to status, reason, when)."""
    verify_actor(s, actor)
    get_referral(s, actor, referral_id)
    events = s.scalars(
        select(ReferralEvent)
        .where(ReferralEvent.referral_id == referral_id)
        .order_by(ReferralEvent.at, ReferralEvent.id)
    )
    return [
        {"action": e.action, "from": e.from_status, "to": e.to_status, "reason": e.reason, "at": e.at} for e in events
    ]


@transactional(readonly=True)
def referral_consent_of(s: Session, actor: Actor, learner_id: int) -> bool:
    """The learner's current consent to passing data on in a referral (for anyone who may see the learner)."""
    verify_actor(s, actor)
    learner = access.get_learner(s, actor, learner_id)
    return referral_consent_given(s, learner.id)


@transactional(readonly=True)
def open_requests(s: Session, actor: Actor) -> int:
    """How many referrals to the actor's provider wait for an answer (proposed or on the waiting list)."""
    verify_actor(s, actor)
    if not actor.is_provider_staff:
        return 0
    return int(
        s.scalar(
            select(func.count())
            .select_from(Referral)
            .where(
                Referral.to_provider_id == actor.provider_id,
                Referral.status.in_([st.value for st in OPEN_REFERRAL]),
            )
        )
        or 0
    )
