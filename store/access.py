"""Who may see what — decided here, once, for every page and command.

Every repository function passes the acting user (:class:`Actor`) to the helpers of this module,
which are the *only* place that restricts queries on personal data (learners, interviews and what
hangs off them). A query built here is already restricted to what the actor may see and marked so;
``store.scoping``'s guard refuses any other query on those tables that does not name a
``CrossProvider`` reason, so a caller cannot forget the restriction.

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
from typing import Any, TypeVar

from sqlalchemy import Executable, Result, Row, Select, bindparam, select
from sqlalchemy.orm import Session

from schemas.vocabulary import REVIEW_STATUSES, Role
from store.errors import AccessDenied, NotFound, PasswordChangeRequired
from store.models import Certificate, Interview, Learner, Provider, User
from store.scoping import (
    SCOPE_OPTION,
    CrossProvider,
    UnscopedQuery,
    cross_provider_options,
    personal_tables,
    scoped,
)

Q = TypeVar("Q")
S = TypeVar("S")


DATA_PROTECTION_ROLES = (Role.ADMIN, Role.COUNSELOR)
NOT_DESIGNATED = (
    "Datenschutzanfragen bearbeiten nur dafür benannte Konten (Benennung „Datenschutz“ in der "
    "Benutzerverwaltung, durch die Administration)."
)
CHOOSE_OWN_FIRST = (
    "Ihr Passwort wurde von der Administration oder der Trägerleitung vergeben. Bitte wählen Sie zuerst ein "
    "eigenes Passwort; danach öffnen sich alle Seiten."
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
    # signed in with a password someone else set: only "choose your own password" and signing out work
    must_change_password: bool = False

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
        must_change_password=user.must_change_password,
    )


# The account and its provider in one statement (built once; the id is a bound parameter)
_ACCOUNT = (
    select(
        User.is_active,
        User.role,
        User.provider_id,
        User.can_handle_data_requests,
        User.must_change_password,
        Provider.is_active.label("provider_active"),
    )
    .outerjoin(Provider, Provider.id == User.provider_id)
    .where(User.id == bindparam("user_id"))
)


def _plain_read(s: Session, statement: Executable, parameters: dict[str, Any] | None = None) -> Result[Any]:
    """A statement built (and, on personal tables, scoped) here, run on the session's connection without the
    ORM layer (a third of the time of a small query): pending changes are flushed first, as the ORM would,
    and the scoping guard's rule applies as it does to ORM statements (``store.scoping.guard``)."""
    if not statement.get_execution_options().get(SCOPE_OPTION) and personal_tables(statement):
        raise UnscopedQuery(f"Unscoped plain read on {', '.join(sorted(personal_tables(statement)))}.")
    s.flush()
    return s.connection().execute(statement, parameters)


def verify_actor(s: Session, actor: Actor, *, own_account_only: bool = False) -> None:
    """Refuses when the actor's account or its provider was deactivated or its role, provider or
    data-protection designation changed since sign-in, and while the account's password is one someone
    else set (``PasswordChangeRequired``; ``own_account_only``: the calls that work then — changing the
    own password, the own sessions). One query (account and provider together): every repository
    function calls it."""
    if not isinstance(actor, Actor):
        raise AccessDenied("Bitte melden Sie sich an.")
    if actor is COMMAND_LINE:
        return
    account = _plain_read(s, _ACCOUNT, {"user_id": actor.id}).one_or_none()
    if (
        account is None
        or not account.is_active
        or account.role != actor.role
        or account.provider_id != actor.provider_id
    ):
        raise AccessDenied("Ihr Konto wurde geändert oder deaktiviert. Bitte melden Sie sich neu an.")
    if account.can_handle_data_requests != actor.can_handle_data_requests:
        raise AccessDenied(
            "Ihre Benennung für Datenschutzanfragen wurde geändert. Bitte laden Sie die Seite neu oder melden Sie "
            "sich neu an."
        )
    if account.provider_id is not None and not account.provider_active:
        raise AccessDenied("Ihr Träger wurde deaktiviert. Bitte wenden Sie sich an die Administration.")
    if account.must_change_password and not own_account_only:
        raise PasswordChangeRequired(CHOOSE_OWN_FIRST)


def current_user(s: Session, actor: Actor) -> User | None:
    """The actor's own account row after :func:`verify_actor` (None for the command line); also while the
    password must be changed (what reads or changes the own account only)."""
    verify_actor(s, actor, own_account_only=True)
    return None if actor is COMMAND_LINE else s.get(User, actor.id)


def require_role(actor: Actor, *roles: Role, what: str = "diese Aktion") -> None:
    if actor.role not in roles:
        allowed = ", ".join(Role(r).label for r in roles)
        raise AccessDenied(f"Für {what} fehlt Ihnen die Berechtigung (erlaubt für: {allowed}).")


def _no_personal_data(actor: Actor) -> AccessDenied:
    return AccessDenied(f"Als {actor.role.label} sehen Sie keine Daten von Lernenden oder Interviewinhalte.")


_GRANTED = "sprachstand_granted"  # Session.info: (table, id) of the records the actor was allowed to see


def grant(s: Session, record: Learner | Interview | Certificate) -> None:
    """Notes that the actor may see ``record`` in this session (read through a scope, or just created by
    the actor), so what hangs off it may be read with :func:`of_record` and :func:`learner_of`."""
    grant_ids(s, type(record), [record.id])


def grant_ids(s: Session, model: type[Learner | Interview | Certificate], ids: list[int]) -> None:
    """:func:`grant` for ids that a scoped query returned as plain rows."""
    s.info.setdefault(_GRANTED, set()).update((model.__tablename__, i) for i in ids)


def _require_granted(s: Session, model: type[Learner | Interview | Certificate], record_id: int) -> None:
    if (model.__tablename__, record_id) not in s.info.get(_GRANTED, ()):
        raise UnscopedQuery(
            f"{model.__name__} {record_id} was not read through store.access in this session: "
            "get it with access.get_learner/get_interview (or access.grant a record the actor just created)."
        )


def of_record(s: Session, record: Learner | Interview | Certificate, query: Q) -> Q:
    """``query`` on what hangs off ``record`` (its interviews, consents, revisions, review events,
    certificates), marked as scoped: the actor was allowed to see ``record`` in this session
    (:func:`grant`). The caller restricts ``query`` to the record (``WHERE interview_id = record.id``)."""
    return of_id(s, type(record), record.id, query)


def of_id(s: Session, model: type[Learner | Interview | Certificate], record_id: int, query: Q) -> Q:
    """:func:`of_record` for a record known by id (a row of a scoped list)."""
    _require_granted(s, model, record_id)
    return scoped(query, f"of:{model.__tablename__}")


def learner_of(s: Session, interview: Interview) -> Learner:
    """The learner of an interview the actor was allowed to see (erased learners included)."""
    _require_granted(s, Interview, interview.id)
    learner = s.get(Learner, interview.learner_id, execution_options={SCOPE_OPTION: "of:interviews"})
    assert learner is not None  # a foreign key
    grant(s, learner)
    return learner


def learner_for_request(s: Session, actor: Actor, learner_id: int) -> Learner | None:
    """Any provider's learner (erased ones too), for a data-protection request (Art. 15/17 GDPR): only for
    the admin and the counseling accounts designated for such requests."""
    if not actor.handles_data_requests:
        raise AccessDenied("Datenschutzanfragen bearbeiten nur die Administration und dafür benannte Beratungs-Konten.")
    options = cross_provider_options(CrossProvider.DATA_PROTECTION_REQUEST)
    learner = s.get(Learner, learner_id, execution_options=options)
    if learner is not None:
        grant(s, learner)
    return learner


def revocable_interview(s: Session, actor: Actor, interview_id: int) -> Interview | None:
    """Any provider's interview, for the admin, who sees no contents but revokes every provider's
    certificates: only its status and provider are to be read (``allowed_actions``)."""
    require_role(actor, Role.ADMIN, what="das Widerrufen von Bescheinigungen")
    return s.get(
        Interview, interview_id, execution_options=cross_provider_options(CrossProvider.CERTIFICATE_REVOCATION)
    )


def learners_query(actor: Actor) -> Select[Any]:
    """Learners the actor may see (erased learners are never listed)."""
    query = select(Learner).where(Learner.erased_at.is_(None))
    if actor.is_provider_staff:
        return scoped(query.where(Learner.provider_id == actor.provider_id), "own_provider")
    if actor.role is Role.COUNSELOR:
        return scoped(
            query.where(
                Learner.sharing_consent.is_(True),
                Learner.id.in_(select(Interview.learner_id).where(Interview.status.in_(REVIEW_STATUSES))),
            ),
            "counseling",
        )
    raise _no_personal_data(actor)


def _counseling_view(query: S) -> S:
    # `shared` mirrors the learner's current sharing consent (False once erased), so this needs no join
    return query.where(Interview.status.in_(REVIEW_STATUSES), Interview.shared.is_(True))  # type: ignore[attr-defined, no-any-return]


def interview_scope(actor: Actor, query: S) -> S:
    """Restricts a query on Interview (joined with Learner or not) to what the actor may see."""
    if actor.is_provider_staff:
        return scoped(query.where(Interview.provider_id == actor.provider_id), "own_provider")  # type: ignore[attr-defined, no-any-return]
    if actor.role is Role.COUNSELOR:
        return scoped(_counseling_view(query), "counseling")
    raise _no_personal_data(actor)


def export_scope(actor: Actor, query: S) -> S:
    """Interview rows with personal data for an export: the counseling office's view. The command line
    (``manage.py export``) gets the same view — it exports what the counseling office could, nothing more."""
    if actor is COMMAND_LINE:
        return scoped(_counseling_view(query), "command_line_export")
    require_role(actor, Role.COUNSELOR, what="Exporte der Beratungsstelle")
    return interview_scope(actor, query)


def certificate_scope(actor: Actor, query: S) -> S:
    """Certificates (joined with their interview) the actor may list. The command line
    (``manage.py print-certificates``, run by whoever administers the server) lists every provider's."""
    if actor is COMMAND_LINE:
        return scoped(query, "command_line")
    return interview_scope(actor, query)


def statistics_provider(actor: Actor, requested: int | None) -> int | None:
    """The provider an anonymous statistic covers: a provider admin's own whatever was asked (refused
    without one); for everyone else what was asked (None: every provider)."""
    if actor.role is Role.PROVIDER_ADMIN:
        if actor.provider_id is None:
            raise AccessDenied("Ihr Konto ist keinem Träger zugeordnet.")
        return actor.provider_id
    return requested


def interviews_query(actor: Actor) -> Select[Any]:
    return interview_scope(actor, select(Interview).join(Learner, Learner.id == Interview.learner_id))


_CHECKING = {SCOPE_OPTION: "checking"}  # the record is loaded, then the actor's scope is checked on it


def get_learner(s: Session, actor: Actor, learner_id: int) -> Learner:
    if actor.role is Role.ADMIN:
        raise _no_personal_data(actor)
    learner = s.get(Learner, learner_id, execution_options=_CHECKING)
    if learner is None or learner.erased_at is not None:
        raise NotFound(f"Lernende/r Nr. {learner_id} wurde nicht gefunden.")
    if s.scalar(learners_query(actor).where(Learner.id == learner_id)) is None:
        raise AccessDenied(f"Sie haben keinen Zugriff auf die Daten von Lernender/Lernendem Nr. {learner_id}.")
    grant(s, learner)
    return learner


def get_interview(s: Session, actor: Actor, interview_id: int, *, for_update: bool = False) -> Interview:
    """The interview, if the actor may see it: one query through the actor's scope; only when it finds
    nothing a second one tells "not found" from "not yours"."""
    if actor.role is Role.ADMIN:
        raise _no_personal_data(actor)
    query = interview_scope(actor, select(Interview).where(Interview.id == interview_id))
    if for_update:
        query = query.with_for_update()
    interview = s.scalar(query)
    if interview is None:
        raise _unreachable_interview(s, interview_id)
    grant(s, interview)
    return interview


def interview_values(s: Session, actor: Actor, interview_id: int, *columns: Any) -> Row[Any]:
    """Some columns of one interview, if the actor may see it (:func:`get_interview` without loading the
    whole row, for a function that reads only a few of its fields). Only the interview's own columns: the
    scope restricts the interviews table, nothing joined to it."""
    if any(getattr(column, "table", None) is not Interview.__table__ for column in columns):
        raise UnscopedQuery("interview_values reads only columns of the interviews table.")
    if actor.role is Role.ADMIN:
        raise _no_personal_data(actor)
    row = _plain_read(s, interview_scope(actor, select(*columns).where(Interview.id == interview_id))).one_or_none()
    if row is None:
        raise _unreachable_interview(s, interview_id)
    grant_ids(s, Interview, [interview_id])
    return row


def _unreachable_interview(s: Session, interview_id: int) -> NotFound | AccessDenied:
    if s.scalar(scoped(select(Interview.id).where(Interview.id == interview_id), "checking")) is None:
        return NotFound(f"Interview Nr. {interview_id} wurde nicht gefunden.")
    return AccessDenied(f"Sie haben keinen Zugriff auf Interview Nr. {interview_id}.")


def get_certificate(s: Session, actor: Actor, certificate_id: int) -> tuple[Certificate, Interview]:
    """A certificate and its interview, if the actor may see the interview. The admin, who sees no
    contents, reaches every provider's certificate here — only to revoke it (``CERTIFICATE_REVOCATION``)."""
    options = cross_provider_options(CrossProvider.CERTIFICATE_REVOCATION) if actor.role is Role.ADMIN else _CHECKING
    certificate = s.get(Certificate, certificate_id, execution_options=options)
    if certificate is None:
        raise NotFound(f"Bescheinigung Nr. {certificate_id} wurde nicht gefunden.")
    if actor.role is Role.ADMIN:
        interview = s.get(Interview, certificate.interview_id, execution_options=options)
        assert interview is not None  # a foreign key
        grant(s, interview)
    else:
        interview = get_interview(s, actor, certificate.interview_id)
    grant(s, certificate)
    return certificate, interview


def require_own_provider(actor: Actor, provider_id: int, what: str = "diesen Datensatz") -> None:
    if not actor.is_provider_staff or actor.provider_id != provider_id:
        raise AccessDenied(f"Sie dürfen {what} nicht bearbeiten: er gehört zu einem anderen Träger.")
