"""Learners and their consents; duplicate detection across providers."""

from __future__ import annotations

import unicodedata
from datetime import date

from sqlalchemy import ColumnElement, and_, select, true, update
from sqlalchemy.orm import Session

from questionnaire.errors import ANSWER_MESSAGES
from questionnaire.types import is_name_script
from schemas.views import DuplicateInfo, DuplicateMatch, InterviewSummary, LearnerView
from schemas.vocabulary import PROVIDER_ROLES, ConsentMethod, ConsentPurpose, Role, Status
from store import access, audit
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
from store.errors import AccessDenied, InvalidInput
from store.models import Consent, Interview, Learner, Provider
from store.names import name_key, name_parts
from store.scoping import CrossProvider, cross_provider
from store.summaries import summary_from_row, summary_select
from store.tx import transactional

HINT_ELSEWHERE = "Möglicherweise wurde diese Person bereits bei einem anderen Träger eingestuft."


def learner_view(s: Session, learner: Learner) -> LearnerView:
    provider = s.get(Provider, learner.provider_id)
    return LearnerView(
        id=learner.id,
        provider_id=learner.provider_id,
        provider_name=provider.name if provider else "",
        family_name=learner.family_name or "",
        given_names=learner.given_names or "",
        birth_date=learner.birth_date,
        processing_consent=learner.processing_consent,
        sharing_consent=learner.sharing_consent,
        possible_duplicate=learner.possible_duplicate,
        is_demo=learner.is_demo,
        created_at=learner.created_at,
    )


def clean_names(family_name: str, given_names: str) -> tuple[str, str]:
    """Trimmed, NFC-normalised names under the guide's name rule (``script: latin``): Latin, Greek or
    Cyrillic letters, space, hyphen, apostrophe, period — what the certificate's font prints. Checked
    here, so every way of creating a learner ("Neue Person anlegen", the wizard, uploaded guides without
    the rule) refuses HTML, Markdown and other scripts alike."""
    family = unicodedata.normalize("NFC", " ".join((family_name or "").split()))
    given = unicodedata.normalize("NFC", " ".join((given_names or "").split()))
    if not family or len(family) > 200:
        raise InvalidInput("Familienname: bitte angeben (höchstens 200 Zeichen).", "family_name")
    if not given or len(given) > 200:
        raise InvalidInput("Vorname(n): bitte angeben (höchstens 200 Zeichen).", "given_names")
    for label, field, value in (("Familienname", "family_name", family), ("Vorname(n)", "given_names", given)):
        if not is_name_script(value):
            raise InvalidInput(f"{label}: {ANSWER_MESSAGES['script_name']}", field)
    return family, given


def clean_birth_date(birth_date: date | str | None) -> date:
    if isinstance(birth_date, str):
        try:
            birth_date = date.fromisoformat(birth_date)
        except ValueError as exc:
            raise InvalidInput("Geburtsdatum: bitte als TT.MM.JJJJ angeben.", "birth_date") from exc
    if not isinstance(birth_date, date):
        raise InvalidInput("Geburtsdatum: bitte angeben.", "birth_date")
    today = utcnow().date()
    if birth_date > today or birth_date.year < today.year - 120:
        raise InvalidInput("Geburtsdatum: liegt in der Zukunft oder ist nicht plausibel.", "birth_date")
    return birth_date


def refresh_duplicate_flags(s: Session, learner: Learner) -> None:
    """Flags this learner and every same-key learner at another provider."""
    if learner.name_key is None or learner.birth_date is None:
        learner.possible_duplicate = False
        return
    others = s.scalars(
        cross_provider(
            select(Learner).where(
                Learner.name_key == learner.name_key,
                Learner.birth_date == learner.birth_date,
                Learner.provider_id != learner.provider_id,
                Learner.erased_at.is_(None),
                Learner.id != learner.id,
            ),
            CrossProvider.DUPLICATE_DETECTION,
        )
    ).all()
    learner.possible_duplicate = bool(others)
    for other in others:
        other.possible_duplicate = True


def set_master_data(s: Session, learner: Learner, family: str, given: str, birth: date) -> None:
    family, given = clean_names(family, given)
    learner.family_name, learner.given_names, learner.birth_date = family, given, birth
    learner.name_key = name_key(family, given)
    s.flush()
    refresh_duplicate_flags(s, learner)


def add_consent(
    s: Session,
    actor: Actor | None,
    learner: Learner,
    purpose: str,
    given: bool,
    *,
    method: str | None = None,
    declared_on: date | None = None,
    note: str | None = None,
) -> None:
    s.add(
        Consent(
            learner_id=learner.id,
            purpose=purpose,
            given=given,
            recorded_by_id=actor.id if actor and actor.id else None,
            method=method,
            declared_on=declared_on,
            note=note,
        )
    )
    if purpose == ConsentPurpose.PROCESSING:
        learner.processing_consent = given
    elif purpose == ConsentPurpose.SHARING:
        learner.sharing_consent = given
        # takes effect at once: the counseling office's queries read this copy
        s.execute(update(Interview).where(Interview.learner_id == learner.id).values(shared=given))


@transactional()
def create_learner(
    s: Session,
    actor: Actor,
    family_name: str,
    given_names: str,
    birth_date: date | str | None,
    *,
    processing_consent: bool,
    sharing_consent: bool = False,
) -> LearnerView:
    """A new learner of the actor's provider. Without consent to processing nothing is stored."""
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="das Anlegen von Lernenden")
    if processing_consent is not True:
        raise InvalidInput(
            "Ohne Einwilligung in die Datenverarbeitung dürfen keine Daten gespeichert werden.", "processing_consent"
        )
    family, given = clean_names(family_name, given_names)
    birth = clean_birth_date(birth_date)
    learner = Learner(provider_id=actor.provider_id, created_by_id=actor.id, created_at=utcnow())
    s.add(learner)
    set_master_data(s, learner, family, given, birth)
    access.grant(s, learner)
    consents: tuple[tuple[ConsentPurpose, bool], ...] = (
        (ConsentPurpose.PROCESSING, True),
        (ConsentPurpose.SHARING, bool(sharing_consent)),
    )
    for purpose, is_given in consents:
        add_consent(s, actor, learner, purpose, is_given, method=ConsentMethod.INTERVIEW, declared_on=utcnow().date())
    audit.record(
        s, actor, "learner.created", "learner", learner.id, learner_id=learner.id, provider_id=actor.provider_id
    )
    return learner_view(s, learner)


@transactional()
def search_learners(
    s: Session, actor: Actor, query: str = "", birth_date: date | None = None, limit: int = 50
) -> list[LearnerView]:
    """Learners visible to the actor whose names contain every word of ``query`` (accents and case ignored)."""
    verify_actor(s, actor)
    stmt = access.learners_query(actor)
    for part in name_parts(query or "")[:5]:
        stmt = stmt.where(Learner.name_key.contains(part, autoescape=True))
    if birth_date is not None:
        stmt = stmt.where(Learner.birth_date == birth_date)
    rows = s.scalars(stmt.order_by(Learner.family_name, Learner.given_names, Learner.id).limit(min(limit, 500))).all()
    audit.record(
        s,
        actor,
        "learner.search",
        "learner",
        None,
        results=len(rows),
        query_length=len(query or ""),
        included_learners=[learner.id for learner in rows],
    )
    return [learner_view(s, learner) for learner in rows]


@transactional()
def get_learner(s: Session, actor: Actor, learner_id: int) -> LearnerView:
    verify_actor(s, actor)
    learner = access.get_learner(s, actor, learner_id)
    audit.record(
        s, actor, "learner.read", "learner", learner.id, learner_id=learner.id, provider_id=learner.provider_id
    )
    return learner_view(s, learner)


def _elsewhere(s: Session, actor: Actor, key: str | None, birth: date | None, provider_id: int) -> DuplicateInfo:
    """Learners with this name key and birth date at a provider other than ``provider_id``.

    Provider staff learn only that there is a match, unless the other record's learner consented to
    sharing; the counseling office sees every match whose learner consented (others are counted only).
    """
    if key is None or birth is None:
        return DuplicateInfo(flagged=False, message="")
    others = s.scalars(
        cross_provider(
            select(Learner).where(
                Learner.name_key == key,
                Learner.birth_date == birth,
                Learner.provider_id != provider_id,
                Learner.erased_at.is_(None),
            ),
            CrossProvider.DUPLICATE_DETECTION,
        )
    ).all()
    if not others:
        return DuplicateInfo(flagged=False, message="")
    shown = [o for o in others if o.sharing_consent]
    matches = []
    for other in shown:
        provider = s.get(Provider, other.provider_id)
        of_other = select(Interview.status).where(Interview.learner_id == other.id)
        statuses = [Status(st) for st in s.scalars(cross_provider(of_other, CrossProvider.DUPLICATE_DETECTION))]
        matches.append(
            DuplicateMatch(
                learner_id=other.id,
                provider_name=provider.name if provider else "",
                family_name=other.family_name or "",
                given_names=other.given_names or "",
                birth_date=other.birth_date,
                statuses=statuses,
            )
        )
        audit.record(s, actor, "learner.read_duplicate", "learner", other.id, learner_id=other.id)
    return DuplicateInfo(flagged=True, message=HINT_ELSEWHERE, matches=matches, hidden_matches=len(others) - len(shown))


@transactional()
def duplicates_for(s: Session, actor: Actor, learner_id: int) -> DuplicateInfo:
    """Same normalised name and birth date at another provider (see ``_elsewhere`` for what is shown)."""
    verify_actor(s, actor)
    if actor.role is Role.ADMIN:
        raise AccessDenied("Die Administration sieht keine Daten von Lernenden.")
    learner = access.get_learner(s, actor, learner_id)
    return _elsewhere(s, actor, learner.name_key, learner.birth_date, learner.provider_id)


@transactional()
def duplicates_before_create(
    s: Session, actor: Actor, family_name: str, given_names: str, birth_date: date | str | None
) -> tuple[list[LearnerView], DuplicateInfo]:
    """The checks ``create_learner`` would leave to afterwards, from the typed data, before anything is stored.

    First: learners of the actor's own provider with the same normalised name (case, spaces, accents and
    order ignored, as ``store.names.name_key``) and birth date. Second: the hint about other providers,
    with exactly what ``duplicates_for`` would show once the learner exists.
    """
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="das Anlegen von Lernenden")
    family, given = clean_names(family_name, given_names)
    birth = clean_birth_date(birth_date)
    key = name_key(family, given)
    own = s.scalars(
        access.learners_query(actor)
        .where(Learner.name_key == key, Learner.birth_date == birth)
        .order_by(Learner.created_at, Learner.id)
    ).all()
    assert actor.provider_id is not None  # provider staff always belong to a provider
    elsewhere = _elsewhere(s, actor, key, birth, actor.provider_id)
    audit.record(
        s, actor, "learner.duplicate_check", "learner", None, same_provider=len(own), elsewhere=elsewhere.flagged
    )
    return [learner_view(s, learner) for learner in own], elsewhere


@transactional(readonly=True)
def interviews_of_learners(s: Session, actor: Actor, learner_ids: list[int]) -> dict[int, list[InterviewSummary]]:
    """The interviews of these learners that the actor's provider holds, newest change first, by learner.

    Ids the actor may not see simply have no entry (the provider's scope is applied in SQL).
    """

    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="die Interviews von Lernenden")
    ids = sorted({int(i) for i in learner_ids})[:500]
    if not ids:
        return {}
    query = access.interview_scope(actor, summary_select()).where(Interview.learner_id.in_(ids))
    found: dict[int, list[InterviewSummary]] = {}
    for row in s.execute(query.order_by(Interview.updated_at.desc(), Interview.id.desc())).all():
        found.setdefault(row.learner_id, []).append(summary_from_row(row))
    return found


def name_filter(query: str) -> ColumnElement[bool]:
    """SQL condition: every word of ``query`` occurs in the learner's name key."""
    parts = name_parts(query or "")[:5]
    return and_(*[Learner.name_key.contains(p, autoescape=True) for p in parts]) if parts else true()
