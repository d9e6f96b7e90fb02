"""Who may do what with offers and referrals — in the style of ``store.access``, decided here once.

Rules:
- offers: everyone signed in reads every provider's offers; provider staff (interviewer, provider admin)
  create and change only their own provider's offers; the command line creates for a named provider;
- referrals: the proposing side (staff of the interview's provider, or the counseling office for an
  interview it may see) and the receiving provider (staff of the offer's provider) see a referral;
  the receiving provider sees the learner's name and birth date only while the learner's consent to
  passing the data on (``ConsentPurpose.REFERRAL``) is given.
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from schemas.vocabulary import PROVIDER_ROLES, REVIEW_STATUSES, ConsentPurpose, Role
from store.access import COMMAND_LINE, Actor, require_role
from store.course_models import Offer, Referral
from store.errors import AccessDenied, InvalidInput, NotFound
from store.models import Consent, Interview, Provider
from store.scoping import CrossProvider, cross_provider, scoped


def require_catalogue_editor(s: Session, actor: Actor, provider_id: int | None) -> int:
    """The provider an offer is created for: the actor's own (provider staff) or, for the command line,
    the one it names."""
    if actor is COMMAND_LINE:
        if provider_id is None or s.get(Provider, provider_id) is None:
            raise InvalidInput("Bitte einen vorhandenen Träger angeben (--provider).", "provider")
        return provider_id
    require_role(actor, *PROVIDER_ROLES, what="das Pflegen von Kursangeboten")
    assert actor.provider_id is not None
    if provider_id is not None and provider_id != actor.provider_id:
        raise AccessDenied("Sie dürfen nur Angebote Ihres eigenen Trägers anlegen.")
    return actor.provider_id


def editable_offer(s: Session, actor: Actor, offer_id: int, *, for_update: bool = False) -> Offer:
    """An offer the actor may change: its own provider's (the command line: any)."""
    query = select(Offer).where(Offer.id == offer_id)
    if for_update:
        query = query.with_for_update()
    offer = s.scalar(query)
    if offer is None:
        raise NotFound(f"Angebot Nr. {offer_id} wurde nicht gefunden.")
    if actor is COMMAND_LINE:
        return offer
    require_role(actor, *PROVIDER_ROLES, what="das Ändern von Kursangeboten")
    if offer.provider_id != actor.provider_id:
        raise AccessDenied("Sie dürfen dieses Angebot nicht bearbeiten: es gehört zu einem anderen Träger.")
    return offer


def referral_consent_given(s: Session, learner_id: int) -> bool:
    """The learner's current consent to passing data on in a referral (the newest record counts)."""
    given = s.scalar(
        cross_provider(
            select(Consent.given)
            .where(Consent.learner_id == learner_id, Consent.purpose == ConsentPurpose.REFERRAL)
            .order_by(Consent.recorded_at.desc(), Consent.id.desc())
            .limit(1),
            CrossProvider.REFERRAL,
        )
    )
    return bool(given)


def referral_scope(actor: Actor, query: Select) -> Select:  # type: ignore[type-arg]
    """Restricts a query on Referral to the referrals the actor takes part in: provider staff those of
    their own learners (``from_provider_id``: the interview's provider, whoever proposed) and those to
    their own offers; the counseling office those of interviews it may see."""
    if actor.is_provider_staff:
        return query.where(
            or_(Referral.to_provider_id == actor.provider_id, Referral.from_provider_id == actor.provider_id)
        )
    if actor.role is Role.COUNSELOR:
        visible = select(Interview.id).where(Interview.shared.is_(True), Interview.status.in_(REVIEW_STATUSES))
        # the counseling office's own rule of store.access (shared, submitted or later), on the referral
        return scoped(query.where(Referral.interview_id.in_(visible)), "course_access.referral_scope")
    raise AccessDenied(f"Als {actor.role.label} sehen Sie keine Vermittlungen.")


def get_referral(s: Session, actor: Actor, referral_id: int, *, for_update: bool = False) -> Referral:
    query = select(Referral).where(Referral.id == referral_id)
    if for_update:
        query = query.with_for_update()
    referral = s.scalar(query)
    if referral is None:
        raise NotFound(f"Vermittlung Nr. {referral_id} wurde nicht gefunden.")
    if s.scalar(referral_scope(actor, select(Referral.id)).where(Referral.id == referral_id)) is None:
        raise AccessDenied(f"Sie haben keinen Zugriff auf Vermittlung Nr. {referral_id}.")
    return referral


def is_receiver(actor: Actor, referral: Referral) -> bool:
    return actor.is_provider_staff and actor.provider_id == referral.to_provider_id


def is_sender(actor: Actor, referral: Referral) -> bool:
    if actor.is_provider_staff:
        return referral.from_provider_id == actor.provider_id
    return actor.role is Role.COUNSELOR


def sees_learner(s: Session, actor: Actor, referral: Referral, consent: bool | None = None) -> bool:
    """The proposing provider always knows its learner; the receiving provider and the office only with
    the referral consent (the office also via its sharing consent, checked by the scope). ``consent``:
    the learner's referral consent when the caller has read it already."""
    if actor.is_provider_staff and referral.from_provider_id == actor.provider_id:
        return True
    return referral_consent_given(s, referral.learner_id) if consent is None else consent


def referral_consents(s: Session, learner_ids: set[int]) -> dict[int, bool]:
    """The current referral consent of many learners in one query (the newest record of each counts)."""
    if not learner_ids:
        return {}
    rows = s.execute(
        cross_provider(
            select(Consent.learner_id, Consent.given)
            .where(Consent.learner_id.in_(learner_ids), Consent.purpose == ConsentPurpose.REFERRAL)
            .order_by(Consent.learner_id, Consent.recorded_at, Consent.id),
            CrossProvider.REFERRAL,
        )
    )
    current = dict.fromkeys(learner_ids, False)
    for learner_id, given in rows:
        current[learner_id] = bool(given)  # later rows overwrite earlier ones
    return current


__all__ = [
    "editable_offer",
    "get_referral",
    "is_receiver",
    "is_sender",
    "referral_consent_given",
    "referral_consents",
    "referral_scope",
    "require_catalogue_editor",
    "sees_learner",
]
