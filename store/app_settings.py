"""Settings an admin may change at run time. Defaults come from settings.py; changes live in the database."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.vocabulary import Role
from settings import get_settings
from store import audit
from store.access import Actor, require_role, user_fk, verify_actor
from store.clock import utcnow
from store.errors import InvalidInput
from store.models import AppSetting
from store.tx import transactional


def _text(max_len: int) -> Callable[[Any], Any]:
    def check(v: Any) -> Any:
        if not isinstance(v, str) or not v.strip() or len(v) > max_len:
            raise ValueError(f"Text mit 1–{max_len} Zeichen")
        return v.strip()

    return check


def _prefix(v: Any) -> Any:
    if not isinstance(v, str) or not re.fullmatch(r"[A-Z]{2,8}", v):
        raise ValueError("2–8 Großbuchstaben")
    return v


def _url(v: Any) -> Any:
    if not isinstance(v, str) or not v.startswith(("http://", "https://")):
        raise ValueError("eine Adresse, die mit http:// oder https:// beginnt")
    return v


def _years(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 30:
        raise ValueError("eine ganze Zahl von 1 bis 30")
    return v


def _bool(v: Any) -> Any:
    if not isinstance(v, bool):
        raise ValueError("ja oder nein")
    return v


# key -> (German label, validator, default from settings.py)
EDITABLE: dict[str, tuple[str, Callable[[Any], Any], Callable[[], Any]]] = {}


def _register() -> None:

    EDITABLE.update(
        {
            "city_name": ("Name der Stadt", _text(100), lambda: get_settings().city_name),
            "certificate_prefix": (
                "Präfix der Bescheinigungsnummern",
                _prefix,
                lambda: get_settings().certificate_prefix,
            ),
            "public_url": ("Öffentliche Prüfadresse", _url, lambda: get_settings().public_url),
            "retention_years": ("Aufbewahrungsfrist (Jahre)", _years, lambda: get_settings().retention_years),
            "auto_issue_on_approve": (
                "Bescheinigung bei Freigabe ausstellen",
                _bool,
                lambda: get_settings().auto_issue_on_approve,
            ),
            "demo_data": ("Demodaten", _bool, lambda: False),
        }
    )


_register()


def read_settings(s: Session) -> dict[str, Any]:
    values = {key: default() for key, (_, _, default) in EDITABLE.items()}
    for row in s.scalars(select(AppSetting)):
        if row.key in EDITABLE:
            values[row.key] = (row.value or {}).get("v", values[row.key])
    return values


def write_setting(s: Session, key: str, value: Any, actor_id: int | None = None) -> None:
    row = s.get(AppSetting, key)
    if row is None:
        s.add(AppSetting(key=key, value={"v": value}, updated_by_id=actor_id, updated_at=utcnow()))
    else:
        row.value = {"v": value}
        row.updated_by_id = actor_id
        row.updated_at = utcnow()


@transactional(readonly=True)
def get_app_settings(s: Session) -> dict[str, Any]:
    """The effective run-time settings (database values over settings.py defaults)."""
    return read_settings(s)


@transactional()
def set_app_setting(s: Session, actor: Actor, key: str, value: Any) -> dict[str, Any]:
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, what="das Ändern von Einstellungen")
    if key not in EDITABLE:
        raise InvalidInput(f"Die Einstellung „{key}“ gibt es nicht.", key)
    label, check, _ = EDITABLE[key]
    try:
        value = check(value)
    except ValueError as exc:
        raise InvalidInput(f"{label}: erwartet wird {exc}.", key) from exc
    write_setting(s, key, value, user_fk(actor))
    audit.record(s, actor, "setting.changed", "setting", None, key=key)
    return read_settings(s)
