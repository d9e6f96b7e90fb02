"""Deployment settings of Sprachstand, in one place.

Every setting is read from the environment (upper-case name, e.g. ``DATABASE_URL``) or from
``.streamlit/secrets.toml`` (same name, any case), validated by pydantic and fails loudly on a bad
value. Each field's ``description`` is its documentation: ``docs/settings.md`` is generated from it
(``./manage settings-doc``) and a test fails when the two disagree.

Settings an admin may change at run time (city name, certificate prefix, ...) start from these
values and are then kept in the database (see ``store``); this module holds only the defaults and
the deployment-wide values.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

ROOT = Path(__file__).resolve().parent
DATA_DIR = ROOT / "data"


class _SecretsTomlSource(PydanticBaseSettingsSource):
    """Reads ``.streamlit/secrets.toml`` (top-level keys) so Streamlit deployments need one file."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self._values: dict[str, Any] = {}
        if path.is_file():
            with path.open("rb") as fh:
                raw = tomllib.load(fh)
            self._values = {k.lower(): v for k, v in raw.items() if not isinstance(v, dict)}

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self._values.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL of the database. Empty: a SQLite file `data/sprachstand.db`. "
        "PostgreSQL: `postgresql+psycopg://user@host:5432/dbname`.",
    )
    secret_key: str = Field(
        default="",
        description="Secret for the certificates' verification codes (HMAC-SHA256); the signature of "
        "backups and the one-time set-up code are derived from it. Empty: a random key is created once in "
        "`data/secret_key`. Keep it secret and back it up apart from the database backups: a backup "
        "restores only where its key is set (here or in `OLD_SECRET_KEYS`).",
    )
    old_secret_keys: str = Field(
        default="",
        description="Comma-separated earlier secret keys; certificates issued under them still verify "
        "and backups signed under them still restore (key rotation, see docs/operations.md).",
    )
    public_url: str = Field(
        default="http://localhost:8501/pruefen",
        description="Official public address of the verification page (`https://…/pruefen`); printed on every "
        "certificate and in its QR code. Real certificates are refused while it is localhost, plain http or "
        "not the verification page (demo specimens excepted).",
    )
    city_name: str = Field(default="Musterstadt", description="Name of the city printed on certificates.")
    certificate_prefix: str = Field(
        default="SPR",
        pattern=r"^[A-Z]{2,8}$",
        description="Prefix of certificate numbers (`<PREFIX>-<YEAR>-<6 digits>`), 2–8 capital letters.",
    )
    retention_years: int = Field(
        default=3, ge=1, le=30, description="Years after which finished intake records are purged."
    )
    idle_timeout_minutes: int = Field(
        default=30, ge=1, le=24 * 60, description="Minutes without activity after which a user is logged out."
    )
    session_max_hours: int = Field(
        default=12,
        ge=1,
        le=24 * 30,
        description="Hours after sign-in after which a session ends however active it was (then sign in again).",
    )
    session_check_seconds: int = Field(
        default=20,
        ge=1,
        le=600,
        description="How often an open page checks its session without a click: after the idle timeout, a "
        "logout elsewhere or a password reset the page clears itself within this time.",
    )
    auto_issue_on_approve: bool = Field(
        default=False, description="When true, approving an interview issues its certificate in the same step."
    )
    certificate_shows_placement: bool = Field(
        default=False,
        description="When true, certificates of guide version 2 and later also print the literacy result and "
        "the course recommendation (they are always on the counseling office's copy; certificates of "
        "version 1 print them as before). Applies to certificates issued from then on.",
    )
    login_max_failures: int = Field(
        default=5, ge=1, le=100, description="Failed logins after which an account is locked."
    )
    lockout_minutes: int = Field(default=15, ge=1, le=24 * 60, description="How long a locked account stays locked.")
    login_attempts_per_client_per_minute: int = Field(
        default=30,
        ge=1,
        le=1000,
        description="Sign-in attempts allowed per client address and minute (any user name); more are "
        "refused without checking the password.",
    )
    login_attempts_per_account_per_minute: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Sign-in attempts allowed per user name and minute (from any address, also for user names "
        "that do not exist); more are refused without checking the password.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks (e.g. `127.0.0.1, 10.0.0.0/8`) of the reverse "
        "proxies in front of the app. Only a request that comes from one of them has its client address taken "
        "from `X-Real-IP`/`X-Forwarded-For` (for the sign-in and verification limits); empty: these headers "
        "are ignored and the direct peer counts.",
    )
    verify_attempts_per_minute: int = Field(
        default=10, ge=1, le=1000, description="Verification attempts allowed per client and minute."
    )
    min_group_size: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Smallest group the dashboard and the statistics show as a number: a count of fewer "
        "interviews (a status, provider, month, level, course or waiting time of 1–4 people by default) is "
        "shown as `< 5`, so a figure never points at a single person. 1 shows every count.",
    )
    log_level: str = Field(default="INFO", description="Log level of the JSON-lines server log.")
    log_file: str = Field(default="", description="File for the JSON-lines log; empty: standard error.")

    @field_validator("database_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if value and "://" not in value:
            raise ValueError(
                "DATABASE_URL ist keine gültige Datenbank-Adresse. Beispiel: "
                "postgresql+psycopg://benutzer@host:5432/sprachstand oder sqlite:///data/sprachstand.db"
            )
        return value

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("PUBLIC_URL muss mit http:// oder https:// beginnen.")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: str) -> str:
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(
                    f"TRUSTED_PROXIES: „{part}“ ist keine IP-Adresse und kein Netz (Beispiel: 127.0.0.1, 10.0.0.0/8)."
                ) from None
        return value

    @property
    def trusted_proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(p.strip(), strict=False) for p in self.trusted_proxies.split(",") if p.strip()]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        secrets_toml = _SecretsTomlSource(settings_cls, ROOT / ".streamlit" / "secrets.toml")
        return (init_settings, env_settings, secrets_toml)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        DATA_DIR.mkdir(exist_ok=True)
        return f"sqlite:///{DATA_DIR / 'sprachstand.db'}"

    @property
    def effective_secret_key(self) -> bytes:
        """The HMAC key; created once in data/secret_key when none is configured."""
        if self.secret_key:
            return self.secret_key.encode()
        key_file = DATA_DIR / "secret_key"
        if not key_file.exists():
            DATA_DIR.mkdir(exist_ok=True)
            # created 0600 from the start; O_EXCL: of two processes starting at once, one key wins
            try:
                fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as fh:
                    fh.write(secrets.token_urlsafe(48))
        return key_file.read_text().strip().encode()

    @property
    def old_secret_key_list(self) -> list[bytes]:
        return [k.strip().encode() for k in self.old_secret_keys.split(",") if k.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests call ``get_settings.cache_clear()`` after changing the environment."""
    return Settings()


def settings_table() -> list[tuple[str, str, str]]:
    """(NAME, default, help) for every setting — the single source of the settings documentation."""
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default
        shown = "" if default in ("", None) else str(default).lower() if isinstance(default, bool) else str(default)
        rows.append((name.upper(), shown, field.description or ""))
    return rows
