"""Accounts: first set-up, sign-in with lockout and throttle, and user management. Every sign-in is audited."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.views import UserView
from schemas.vocabulary import Role
from security import passwords
from settings import Settings, get_settings
from store import audit, sessions
from store.access import DATA_PROTECTION_ROLES, Actor, actor_from_user, current_user, require_role, verify_actor
from store.app_settings import read_settings
from store.clock import utcnow
from store.errors import (
    AccessDenied,
    InvalidInput,
    NotFound,
)
from store.models import Provider, User
from store.tx import transactional

NOT_DESIGNATABLE = (
    "Für Datenschutzanfragen können nur Konten der Administration oder Beratung benannt werden "
    "(nicht Interviewer/innen und Trägerleitungen)."
)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")


def _settings() -> Settings:
    return get_settings()


def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_RE.match(name):
        raise InvalidInput(
            "Benutzername: 2–50 Zeichen, nur Kleinbuchstaben a–z, Ziffern, Punkt, Binde- und Unterstrich.",
            "username",
        )
    return name


def user_view(s: Session, u: User) -> UserView:
    provider = s.get(Provider, u.provider_id) if u.provider_id else None
    return UserView(
        id=u.id,
        username=u.username,
        display_name=u.display_name,
        role=Role(u.role),
        provider_id=u.provider_id,
        provider_name=provider.name if provider else None,
        is_active=u.is_active,
        is_locked=bool(u.locked_until and u.locked_until > utcnow()),
        failed_logins=u.failed_logins,
        can_handle_data_requests=u.can_handle_data_requests,
        last_login_at=u.last_login_at,
        data_protection_since=u.data_protection_since,
        must_change_password=u.must_change_password,
    )


def _check_role_provider(s: Session, role: str, provider_id: int | None) -> None:
    if not Role.has(role):
        raise InvalidInput(f"Rolle „{role}“ gibt es nicht. Erlaubt: {', '.join(Role)}.", "role")
    if Role(role).is_provider_staff:
        if provider_id is None:
            raise InvalidInput(
                "Für Interviewer/innen und Trägerleitungen muss ein Träger angegeben werden.", "provider"
            )
        provider = s.get(Provider, provider_id)
        if provider is None or not provider.is_active:
            raise InvalidInput(f"Träger Nr. {provider_id} gibt es nicht (oder er ist deaktiviert).", "provider")
    elif provider_id is not None:
        raise InvalidInput("Beratungsstelle und Administration gehören zu keinem Träger.", "provider")


def _new_user(
    s: Session,
    username: str,
    password: str,
    role: str,
    provider_id: int | None,
    display_name: str,
    can_handle_data_requests: bool,
    temporary_password: bool = False,
) -> User:
    name = normalise_username(username)
    _check_role_provider(s, role, provider_id)
    if can_handle_data_requests and Role(role) not in DATA_PROTECTION_ROLES:
        raise InvalidInput(NOT_DESIGNATABLE, "role")
    password_hash = _new_hash(s, password, name, display_name)
    if s.scalar(select(User.id).where(User.username == name)) is not None:
        raise InvalidInput(f"Den Benutzernamen „{name}“ gibt es bereits. Bitte einen anderen wählen.", "username")
    user = User(
        username=name,
        display_name=(display_name or "").strip()[:200] or name,
        role=role,
        provider_id=provider_id,
        password_hash=password_hash,
        can_handle_data_requests=can_handle_data_requests,
        data_protection_since=utcnow() if can_handle_data_requests else None,
        password_changed_at=utcnow(),
        must_change_password=temporary_password,
    )
    s.add(user)
    s.flush()
    return user


def _new_hash(s: Session, password: str, username: str, display_name: str) -> str:
    """A new password's hash after the policy, which also refuses the account's and the city's names."""

    city = str(read_settings(s).get("city_name") or "")
    return passwords.hash_password(password, username=username, display_name=display_name, names=[city])


# --- set-up ----------------------------------------------------------------------------------


@transactional(readonly=True)
def setup_needed(s: Session) -> bool:
    """True while no active admin account exists: the app then shows its one-time set-up page."""
    return s.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_active)) == 0


@transactional()
def create_first_admin(s: Session, username: str, password: str, display_name: str = "") -> Actor:
    if s.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN)):
        raise AccessDenied("Es gibt bereits ein Admin-Konto. Weitere Konten legt die Administration an.")
    user = _new_user(s, username, password, Role.ADMIN, None, display_name, False)
    actor = actor_from_user(user)
    audit.record(s, actor, "setup.first_admin", "user", user.id)
    return actor


# --- login -------------------------------------------------------------------------------------


@transactional(readonly=True)
def get_actor(s: Session, user_id: int) -> Actor:
    """The current state of a logged-in user (call on every page load: roles may have changed)."""
    user = s.get(User, user_id)
    if user is None or not user.is_active:
        raise AccessDenied("Ihr Konto ist nicht mehr aktiv. Bitte melden Sie sich neu an.")
    actor = actor_from_user(user)
    verify_actor(s, actor, own_account_only=True)  # also refuses staff of a deactivated provider
    return actor


@transactional()
def change_own_password(s: Session, actor: Actor, old_password: str, new_password: str) -> None:
    user = current_user(s, actor)
    if user is None:
        raise AccessDenied("Die Kommandozeile hat kein eigenes Passwort.")
    if not passwords.verify(user.password_hash, old_password or ""):
        raise InvalidInput("Das bisherige Passwort ist nicht richtig.", "old_password")
    if (new_password or "") == (old_password or ""):
        raise InvalidInput("Das neue Passwort muss sich vom bisherigen unterscheiden.", "new_password")
    user.password_hash = _new_hash(s, new_password, user.username, user.display_name)
    user.password_changed_at = utcnow()
    replaced_temporary, user.must_change_password = user.must_change_password, False
    audit.record(s, actor, "user.password_changed", "user", user.id, replaced_temporary=replaced_temporary)


# --- user management -------------------------------------------------------------------------


def _temporary(actor: Actor, asked: bool) -> bool:
    """Whether a password the actor sets for someone else is temporary: as asked by an admin (a lasting one
    for an account that only signs on through the city), always when a provider lead sets it."""
    return asked or actor.role is Role.PROVIDER_ADMIN


def _managed_user(s: Session, actor: Actor, user_id: int) -> User:
    """A user the actor may manage: admins any, provider admins their provider's interviewers."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, Role.PROVIDER_ADMIN, what="die Benutzerverwaltung")
    user = s.get(User, user_id)
    if user is None:
        raise NotFound(f"Benutzer Nr. {user_id} wurde nicht gefunden.")
    if actor.role is Role.PROVIDER_ADMIN and (user.provider_id != actor.provider_id or user.role != Role.INTERVIEWER):
        raise AccessDenied("Trägerleitungen verwalten nur die Interviewer/innen des eigenen Trägers.")
    return user


def _last_admin(s: Session, user: User) -> bool:
    if user.role != Role.ADMIN or not user.is_active:
        return False
    return s.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_active)) == 1


@transactional(readonly=True)
def list_users(s: Session, actor: Actor, provider_id: int | None = None) -> list[UserView]:
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, Role.PROVIDER_ADMIN, what="die Benutzerliste")
    query = select(User).order_by(User.username)
    if actor.role is Role.PROVIDER_ADMIN:
        query = query.where(User.provider_id == actor.provider_id)
    elif provider_id is not None:
        query = query.where(User.provider_id == provider_id)
    return [user_view(s, u) for u in s.scalars(query)]


@transactional()
def create_user(
    s: Session,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    provider_id: int | None = None,
    display_name: str = "",
    can_handle_data_requests: bool = False,
    temporary_password: bool = False,
) -> UserView:
    """A new account. ``temporary_password``: the password is only for the first sign-in; its owner must
    choose an own one before any page opens (the pages' default: whoever sets a password knows it; always
    so when a provider lead creates the account)."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, Role.PROVIDER_ADMIN, what="das Anlegen von Konten")
    if actor.role is Role.PROVIDER_ADMIN and (role != Role.INTERVIEWER or provider_id != actor.provider_id):
        raise AccessDenied("Trägerleitungen legen nur Interviewer-Konten des eigenen Trägers an.")
    if can_handle_data_requests:
        require_role(actor, Role.ADMIN, what="die Benennung für Datenschutzanfragen")
    temporary_password = _temporary(actor, temporary_password)
    user = _new_user(
        s, username, password, role, provider_id, display_name, can_handle_data_requests, temporary_password
    )
    audit.record(
        s, actor, "user.created", "user", user.id, provider_id=provider_id, role=role, temporary=temporary_password
    )
    if can_handle_data_requests:
        audit.record(s, actor, "user.data_protection_granted", "user", user.id)
    return user_view(s, user)


@transactional()
def reset_password(s: Session, actor: Actor, user_id: int, new_password: str, *, temporary: bool = False) -> UserView:
    """Sets another account's password and ends its sessions. ``temporary``: its owner must choose an own
    password at the next sign-in (see ``create_user``)."""
    user = _managed_user(s, actor, user_id)
    temporary = _temporary(actor, temporary)
    user.password_hash = _new_hash(s, new_password, user.username, user.display_name)
    user.password_changed_at = utcnow()
    user.must_change_password = temporary
    user.failed_logins = 0
    user.locked_until = None
    sessions.end_sessions_of_user(s, user.id, sessions.PASSWORD)  # every device signs in with the new password
    audit.record(s, actor, "user.password_reset", "user", user.id, temporary=temporary)
    return user_view(s, user)


@transactional()
def unlock_user(s: Session, actor: Actor, user_id: int) -> UserView:
    user = _managed_user(s, actor, user_id)
    user.failed_logins = 0
    user.locked_until = None
    audit.record(s, actor, "user.unlocked", "user", user.id)
    return user_view(s, user)


@transactional()
def set_user_active(s: Session, actor: Actor, user_id: int, active: bool) -> UserView:
    user = _managed_user(s, actor, user_id)
    if not active and _last_admin(s, user):
        raise InvalidInput("Das letzte aktive Admin-Konto kann nicht deaktiviert werden.", "is_active")
    user.is_active = bool(active)
    if not active:
        sessions.end_sessions_of_user(s, user.id, sessions.INACTIVE)
    audit.record(s, actor, "user.activated" if active else "user.deactivated", "user", user.id)
    return user_view(s, user)


@transactional()
def change_role(
    s: Session,
    actor: Actor,
    user_id: int,
    role: str,
    provider_id: int | None = None,
    can_handle_data_requests: bool | None = None,
) -> UserView:
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="das Ändern von Rollen")
    user = s.get(User, user_id)
    if user is None:
        raise NotFound(f"Benutzer Nr. {user_id} wurde nicht gefunden.")
    _check_role_provider(s, role, provider_id)
    if role != Role.ADMIN and _last_admin(s, user):
        raise InvalidInput("Das letzte aktive Admin-Konto muss Admin bleiben.", "role")
    old = (user.role, user.provider_id)
    user.role = role
    user.provider_id = provider_id
    audit.record(
        s, actor, "user.role_changed", "user", user.id, old_role=old[0], new_role=role, provider_id=provider_id
    )
    designated = user.can_handle_data_requests if can_handle_data_requests is None else can_handle_data_requests
    if designated and Role(role) not in DATA_PROTECTION_ROLES:
        if can_handle_data_requests:
            raise InvalidInput(NOT_DESIGNATABLE, "role")
        designated = False  # a new role that cannot carry it ends the designation
    _designate(s, actor, user, designated)
    return user_view(s, user)


def _designate(s: Session, actor: Actor, user: User, designated: bool) -> None:
    """Sets or ends the data-protection designation ("Datenschutz"), audited when it changes."""
    if bool(designated) == user.can_handle_data_requests:
        return
    user.can_handle_data_requests = bool(designated)
    user.data_protection_since = utcnow() if designated else None
    action = "user.data_protection_granted" if designated else "user.data_protection_revoked"
    audit.record(s, actor, action, "user", user.id, role=user.role)


@transactional()
def set_data_protection(s: Session, actor: Actor, user_id: int, designated: bool) -> UserView:
    """Designates an admin or counselor account for data-protection requests (or ends it); admins only,
    audited. An open session of that account notices the change at its next call (verify_actor)."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="die Benennung für Datenschutzanfragen")
    user = s.get(User, user_id)
    if user is None:
        raise NotFound(f"Benutzer Nr. {user_id} wurde nicht gefunden.")
    if designated and Role(user.role) not in DATA_PROTECTION_ROLES:
        raise InvalidInput(NOT_DESIGNATABLE, "role")
    _designate(s, actor, user, designated)
    return user_view(s, user)
