"""Lookups by what an admin types on the command line: an account by user name, a provider by number or
name, a certificate by number.

Pages never need them (they pass on the ids the store handed out), so only the command line's actor
(``store.access.COMMAND_LINE``) may use them; ``commands/`` thereby stays free of SQL, like ``ui/``.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.access import COMMAND_LINE, Actor, actor_from_user
from store.errors import AccessDenied
from store.models import Certificate, Provider, User
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional


def _command_line_only(actor: Actor) -> None:
    if actor is not COMMAND_LINE:
        raise AccessDenied("Diese Suche gibt es nur auf der Kommandozeile (manage.py).")


@transactional(readonly=True)
def active_account(s: Session, actor: Actor, username: str) -> Actor | None:
    """The active account ``username`` (any case), to act as it (``--as USER``); None if there is none."""
    _command_line_only(actor)
    user = s.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    return actor_from_user(user) if user is not None and user.is_active else None


@transactional(readonly=True)
def user_by_name(s: Session, actor: Actor, username: str) -> int | None:
    """The id of the account ``username`` (any case, active or not); None if there is none."""
    _command_line_only(actor)
    found: int | None = s.scalar(select(User.id).where(func.lower(User.username) == username.strip().lower()))
    return found


@transactional(readonly=True)
def provider_id(s: Session, actor: Actor, reference: str) -> int | None:
    """The provider with this number, else the one with exactly this name; None if there is none."""
    _command_line_only(actor)
    if reference.isdigit() and s.get(Provider, int(reference)) is not None:
        return int(reference)
    found: int | None = s.scalar(select(Provider.id).where(Provider.name == reference))
    return found


@transactional(readonly=True)
def certificate_id(s: Session, actor: Actor, number: str) -> int | None:
    """The certificate with this (normalised) number; None if there is none."""
    _command_line_only(actor)
    by_number = select(Certificate.id).where(Certificate.number == number)
    found: int | None = s.scalar(cross_provider(by_number, CrossProvider.LOOKUPS))
    return found


__all__ = ["active_account", "certificate_id", "provider_id"]
