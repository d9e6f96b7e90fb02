"""Consents on the learner's record: give, change or withdraw each purpose, with how and when the
learner declared it; effective at once (sharing withdrawn: the counseling office no longer sees the
interviews) and audited; the history with who recorded each entry."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.views import LearnerView
from schemas.vocabulary import PROVIDER_ROLES, ConsentMethod, ConsentPurpose
from store import access, audit
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
from store.errors import InvalidInput
from store.learners import add_consent, learner_view
from store.models import Consent, User
from store.tx import transactional

MAX_CONSENT_NOTE = 500  # characters of the note to a consent (how it was given, by whom interpreted)


def _clean_declaration(
    method: str | None, declared_on: date | str | None, note: str | None
) -> tuple[str | None, date | None, str | None]:
    if method is not None and not ConsentMethod.has(method):
        allowed = ", ".join(ConsentMethod.labels().values())
        raise InvalidInput(f"Art der Erklärung „{method}“ gibt es nicht (erlaubt: {allowed}).", "method")
    if isinstance(declared_on, str):
        try:
            declared_on = date.fromisoformat(declared_on)
        except ValueError as exc:
            raise InvalidInput("Datum der Erklärung: bitte als TT.MM.JJJJ angeben.", "declared_on") from exc
    if declared_on is not None and declared_on > utcnow().date():
        raise InvalidInput("Datum der Erklärung: liegt in der Zukunft.", "declared_on")
    text = " ".join((note or "").split()) or None
    if text is not None and len(text) > MAX_CONSENT_NOTE:
        raise InvalidInput(f"Bemerkung: höchstens {MAX_CONSENT_NOTE} Zeichen.", "note")
    return method, declared_on, text


@transactional()
def record_consent(
    s: Session,
    actor: Actor,
    learner_id: int,
    purpose: str,
    given: bool,
    *,
    method: str | None = None,
    declared_on: date | str | None = None,
    note: str | None = None,
) -> LearnerView:
    """Records a consent being given, changed or withdrawn on the learner's record, with how
    (``method``: a ``ConsentMethod`` id, e.g. signed paper or verbal with an interpreter), when the learner
    declared it (``declared_on``, default today) and a ``note`` (e.g. the interpreter's name). Takes effect
    at once: withdrawing the sharing consent removes the learner's interviews from the counseling office's
    view (``Interview.shared``) and hands their review to the provider's lead. Audited."""
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="das Erfassen von Einwilligungen")
    if not ConsentPurpose.has(purpose):
        raise InvalidInput(f"Zweck „{purpose}“ gibt es nicht (erlaubt: {', '.join(ConsentPurpose)}).", "purpose")
    method, declared, text = _clean_declaration(method, declared_on, note)
    learner = access.get_learner(s, actor, learner_id)
    add_consent(
        s, actor, learner, purpose, bool(given), method=method, declared_on=declared or utcnow().date(), note=text
    )
    action = "consent.given" if given else "consent.withdrawn"
    audit.record(
        s,
        actor,
        action,
        "learner",
        learner.id,
        learner_id=learner.id,
        provider_id=learner.provider_id,
        purpose=purpose,
        method=method,
    )
    return learner_view(s, learner)


@transactional()
def consent_history(s: Session, actor: Actor, learner_id: int) -> list[dict[str, object]]:
    """Every consent declaration of the learner, oldest first: purpose, given, when recorded, by whom,
    how (``method``), declared on, note."""
    verify_actor(s, actor)
    learner = access.get_learner(s, actor, learner_id)
    rows = s.scalars(
        access.of_record(
            s,
            learner,
            select(Consent).where(Consent.learner_id == learner.id).order_by(Consent.recorded_at, Consent.id),
        )
    ).all()
    users = {
        u.id: (u.display_name or u.username)
        for u in s.scalars(
            select(User).where(User.id.in_({c.recorded_by_id for c in rows if c.recorded_by_id is not None}))
        )
    }
    return [
        {
            "purpose": c.purpose,
            "given": c.given,
            "at": c.recorded_at,
            "by": users.get(c.recorded_by_id, "") if c.recorded_by_id is not None else "",
            "method": c.method,
            "declared_on": c.declared_on,
            "note": c.note,
        }
        for c in rows
    ]
