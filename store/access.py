"""Who may see what — decided here, once, for every page and command.

Every repository function passes the acting user (:class:`Actor`) to the helpers of this module,
which are the *only* place that builds queries on personal data (learners, interviews and what
hangs off them). A query built here is already restricted to what the actor may see, so a caller
cannot forget the restriction.

Rules:
- interviewer, provider_admin: their own provider's learners and interviews;
- counselor: interviews in status submitted or later, of every provider, but only while the learner's
  consent to sharing with the counseling office is given (a withdrawal takes effect at once);
- admin: providers, accounts, settings, statistics, audit log — no learner or interview contents;
- data-protection requests (search by name and birth date, export, erasure): only accounts designated
  for them (an admin or a counselor, ``can_handle_data_requests``), re-checked on every call.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from schemas.vocabulary import REVIEW_STATUSES, Role
from store.errors import AccessDenied, NotFound
from store.models import Interview, Learner, Provider, User

DATA_PROTECTION_ROLES = (Role.ADMIN, Role.COUNSELOR)
NOT_DESIGNATED = (
    "Datenschutzanfragen bearbeiten nur dafür benannte Konten (Benennung „Datenschutz“ in der "
    "Benutzerverwaltung, durch die Administration)."
)
# The audit action of a learner found by a data-protection search: it opens that learner's export and
# erasure to the searching account for a while (store.privacy) and shows in the learner's own report.
DATA_REQUEST_FOUND = "data_request.found"


@dataclass(frozen=True, slots=True)
class Actor:
    """The logged-in user on whose behalf the store acts."""

    id: int
    username: str
    role: Role
    provider_id: int | None = None
    display_name: str = ""
    can_handle_data_requests: bool = False

    def __post_init__(self) -> None:
        # the role arrives as the stored id as well; as a member, a mistyped role fails here and not later
        object.__setattr__(self, "role", Role(self.role))

    @property
    def is_provider_staff(self) -> bool:
        return self.role.is_provider_staff

    @property
    def handles_data_requests(self) -> bool:
        """Designated for data-protection requests: a deliberate, audited designation of an admin or a
        counselor account (admins have no implicit right); verify_actor re-checks it on every call."""
        return self.can_handle_data_requests and self.role in DATA_PROTECTION_ROLES


# The command line (manage.py) acts as this admin-like actor; it has no account row. Only commands/
# uses it (tests/test_architecture.py checks that nothing else above the store does).
COMMAND_LINE = Actor(
    id=0, username="manage.py", role=Role.ADMIN, display_name="Kommandozeile", can_handle_data_requests=True
)


def user_fk(actor: Actor) -> int | None:
    """The actor's id for a foreign key column (the command line has no account row)."""
    return None if actor is COMMAND_LINE else actor.id


def actor_from_user(user: User) -> Actor:
    return Actor(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        provider_id=user.provider_id,
        display_name=user.display_name or user.username,
        can_handle_data_requests=user.can_handle_data_requests,
    )


def verify_actor(s: Session, actor: Actor) -> User | None:
    """The actor's current account; refuses when it or its provider was deactivated or its role/provider
    changed."""
    if not isinstance(actor, Actor):
        raise AccessDenied("Bitte melden Sie sich an.")
    if actor is COMMAND_LINE:
        return None
    user = s.get(User, actor.id)
    if user is None or not user.is_active or user.role != actor.role or user.provider_id != actor.provider_id:
        raise AccessDenied("Ihr Konto wurde geändert oder deaktiviert. Bitte melden Sie sich neu an.")
    if user.can_handle_data_requests != actor.can_handle_data_requests:
        raise AccessDenied(
            "Ihre Benennung für Datenschutzanfragen wurde geändert. Bitte laden Sie die Seite neu oder melden Sie "
            "sich neu an."
        )
    if user.provider_id is not None:
        provider = s.get(Provider, user.provider_id)
        if provider is None or not provider.is_active:
            raise AccessDenied("Ihr Träger wurde deaktiviert. Bitte wenden Sie sich an die Administration.")
    return user


def require_role(actor: Actor, *roles: Role, what: str = "diese Aktion") -> None:
    if actor.role not in roles:
        allowed = ", ".join(Role(r).label for r in roles)
        raise AccessDenied(f"Für {what} fehlt Ihnen die Berechtigung (erlaubt für: {allowed}).")


def _no_personal_data(actor: Actor) -> AccessDenied:
    return AccessDenied(f"Als {actor.role.label} sehen Sie keine Daten von Lernenden oder Interviewinhalte.")


def learners_query(actor: Actor) -> Select[tuple[Learner]]:
    """Learners the actor may see (erased learners are never listed)."""
    query = select(Learner).where(Learner.erased_at.is_(None))
    if actor.is_provider_staff:
        return query.where(Learner.provider_id == actor.provider_id)
    if actor.role is Role.COUNSELOR:
        return query.where(
            Learner.sharing_consent.is_(True),
            Learner.id.in_(select(Interview.learner_id).where(Interview.status.in_(REVIEW_STATUSES))),
        )
    raise _no_personal_data(actor)


def interview_scope(actor: Actor, query: Select) -> Select:  # type: ignore[type-arg]
    """Restricts a query on Interview (joined with Learner or not) to what the actor may see."""
    if actor.is_provider_staff:
        return query.where(Interview.provider_id == actor.provider_id)
    if actor.role is Role.COUNSELOR:
        # `shared` mirrors the learner's current sharing consent (False once erased), so this needs no join
        return query.where(Interview.status.in_(REVIEW_STATUSES), Interview.shared.is_(True))
    raise _no_personal_data(actor)


def interviews_query(actor: Actor) -> Select[tuple[Interview]]:
    return interview_scope(actor, select(Interview).join(Learner, Learner.id == Interview.learner_id))


def get_learner(s: Session, actor: Actor, learner_id: int) -> Learner:
    if actor.role is Role.ADMIN:
        raise _no_personal_data(actor)
    learner = s.get(Learner, learner_id)
    if learner is None or learner.erased_at is not None:
        raise NotFound(f"Lernende/r Nr. {learner_id} wurde nicht gefunden.")
    if s.scalar(learners_query(actor).where(Learner.id == learner_id)) is None:
        raise AccessDenied(f"Sie haben keinen Zugriff auf die Daten von Lernender/Lernendem Nr. {learner_id}.")
    return learner


def get_interview(s: Session, actor: Actor, interview_id: int, *, for_update: bool = False) -> Interview:
    if actor.role is Role.ADMIN:
        raise _no_personal_data(actor)
    query = select(Interview).where(Interview.id == interview_id)
    if for_update:
        query = query.with_for_update()
    interview = s.scalar(query)
    if interview is None:
        raise NotFound(f"Interview Nr. {interview_id} wurde nicht gefunden.")
    visible = interview_scope(actor, select(Interview.id).join(Learner, Learner.id == Interview.learner_id))
    if s.scalar(visible.where(Interview.id == interview_id)) is None:
        raise AccessDenied(f"Sie haben keinen Zugriff auf Interview Nr. {interview_id}.")
    return interview


def require_own_provider(actor: Actor, provider_id: int, what: str = "diesen Datensatz") -> None:
    if not actor.is_provider_staff or actor.provider_id != provider_id:
        raise AccessDenied(f"Sie dürfen {what} nicht bearbeiten: er gehört zu einem anderen Träger.")
