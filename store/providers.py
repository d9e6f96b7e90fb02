"""Providers (Sprachkursträger): listed for everyone, managed by the admin."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.views import ProviderView
from schemas.vocabulary import Role
from security.uploads import prepared_logo
from store import audit
from store.access import Actor, require_role, verify_actor
from store.errors import InvalidInput, NotFound
from store.models import Provider
from store.sessions import INACTIVE, end_sessions_of_provider
from store.tx import transactional


def provider_view(p: Provider) -> ProviderView:
    return ProviderView(id=p.id, name=p.name, address=p.address, is_active=p.is_active, has_logo=p.logo is not None)


@transactional(readonly=True)
def list_providers(s: Session, actor: Actor, include_inactive: bool = False) -> list[ProviderView]:
    verify_actor(s, actor)
    query = select(Provider).order_by(Provider.name)
    if not include_inactive:
        query = query.where(Provider.is_active)
    return [provider_view(p) for p in s.scalars(query)]


def _clean_name(s: Session, name: str, own_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 200:
        raise InvalidInput("Name des Trägers: 2–200 Zeichen.", "name")
    other = s.scalar(select(Provider.id).where(Provider.name == name))
    if other is not None and other != own_id:
        raise InvalidInput(f"Einen Träger „{name}“ gibt es bereits.", "name")
    return name


@transactional()
def create_provider(s: Session, actor: Actor, name: str, address: str = "") -> ProviderView:
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="das Anlegen von Trägern")
    provider = Provider(name=_clean_name(s, name), address=(address or "").strip()[:2000])
    s.add(provider)
    s.flush()
    audit.record(s, actor, "provider.created", "provider", provider.id, provider_id=provider.id)
    return provider_view(provider)


@transactional()
def update_provider(
    s: Session,
    actor: Actor,
    provider_id: int,
    *,
    name: str | None = None,
    address: str | None = None,
    logo: bytes | None = None,
    logo_mime: str | None = None,
    is_active: bool | None = None,
) -> ProviderView:
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="das Bearbeiten von Trägern")
    provider = s.get(Provider, provider_id)
    if provider is None:
        raise NotFound(f"Träger Nr. {provider_id} wurde nicht gefunden.")
    if name is not None:
        provider.name = _clean_name(s, name, provider.id)
    if address is not None:
        provider.address = address.strip()[:2000]
    if logo is not None:
        # measured before decoding, then scaled down to what the certificate prints (security.uploads);
        # the type is the picture's own, whatever the upload claimed in ``logo_mime``
        provider.logo, provider.logo_mime = prepared_logo(logo)
    if is_active is not None:
        provider.is_active = bool(is_active)
        if not is_active:
            end_sessions_of_provider(s, provider.id, INACTIVE)  # its staff are signed out everywhere
    audit.record(s, actor, "provider.updated", "provider", provider.id, provider_id=provider.id)
    return provider_view(provider)


@transactional(readonly=True)
def provider_logo(s: Session, provider_id: int) -> tuple[bytes, str] | None:
    """A provider's logo (public: it is printed on certificates)."""
    provider = s.get(Provider, provider_id)
    if provider is None or provider.logo is None or provider.logo_mime is None:
        return None
    return provider.logo, provider.logo_mime
