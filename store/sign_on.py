"""City sign-on (OpenID Connect): which account an identity of the city's provider signs in as.

Streamlit's ``st.login`` proves who someone is at the city's identity provider (its ``sub`` claim);
roles and provider membership stay in this database. An admin links an account to that identity
(``link_sign_on``); an identity nobody linked signs in as no one. Local passwords keep working
beside it. The app uses one identity provider (``[auth]`` in ``.streamlit/secrets.toml``), so the
subject alone identifies a person.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from schemas.vocabulary import Role
from security import passwords
from store import audit
from store.access import Actor, actor_from_user, require_role, verify_actor
from store.clock import utcnow
from store.errors import InvalidInput, NotFound
from store.models import Base, Provider, User
from store.tx import transactional

SUBJECT_LENGTH = 255


class SignOnLink(Base):
    """One account's identity at the city's provider (the token's ``sub``)."""

    __tablename__ = "sign_on_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


@transactional()
def link_sign_on(s: Session, actor: Actor, user_id: int, subject: str) -> None:
    """Admin: the account signs in with this identity from now on (empty ``subject``: link removed). Audited."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="die Zuordnung der städtischen Anmeldung")
    user = s.get(User, user_id)
    if user is None:
        raise NotFound(f"Benutzer Nr. {user_id} wurde nicht gefunden.")
    subject = (subject or "").strip()
    if len(subject) > SUBJECT_LENGTH:
        raise InvalidInput(f"Kennung: höchstens {SUBJECT_LENGTH} Zeichen.", "subject")
    taken = s.scalar(select(SignOnLink.user_id).where(SignOnLink.subject == subject)) if subject else None
    if taken is not None and taken != user.id:
        raise InvalidInput("Diese Kennung ist bereits einem anderen Konto zugeordnet.", "subject")
    s.execute(delete(SignOnLink).where(SignOnLink.user_id == user.id))
    voided = bool(subject) and user.must_change_password
    if subject:
        s.add(SignOnLink(user_id=user.id, subject=subject))
    if voided:
        # A temporary password its owner never replaced: the city's sign-on proves who signs in, so the
        # password someone else knows is voided (a random one nobody knows) instead of being asked for on
        # the page "Eigenes Passwort wählen". A local password again: a (temporary) reset by the admin.
        user.password_hash = passwords.hash_password(secrets.token_urlsafe(32))
        user.password_changed_at = utcnow()
        user.must_change_password = False
    action = "user.sign_on_linked" if subject else "user.sign_on_unlinked"
    audit.record(s, actor, action, "user", user.id, temporary_password_voided=voided)


@transactional(readonly=True)
def sign_on_subject(s: Session, actor: Actor, user_id: int) -> str:
    """Admin: the identity an account is linked to ("" when none)."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="die Zuordnung der städtischen Anmeldung")
    return s.scalar(select(SignOnLink.subject).where(SignOnLink.user_id == user_id)) or ""


@transactional()
def sign_on(s: Session, subject: str) -> Actor | None:
    """The active account linked to a proven identity, or None (audited either way, never the subject)."""
    subject = (subject or "").strip()[:SUBJECT_LENGTH]
    user = (
        s.scalar(select(User).join(SignOnLink, SignOnLink.user_id == User.id).where(SignOnLink.subject == subject))
        if subject
        else None
    )
    if user is None:
        audit.record(s, None, "login.failed", "user", None, username="(städtische Anmeldung)", reason="not_linked")
        return None
    provider = s.get(Provider, user.provider_id) if user.provider_id is not None else None
    if not user.is_active or (provider is not None and not provider.is_active):
        audit.record(s, None, "login.refused_inactive", "user", user.id, username=user.username, method="sign_on")
        return None
    user.last_login_at = utcnow()
    actor = actor_from_user(user)
    audit.record(s, actor, "login.success", "user", user.id, method="sign_on")
    return actor
