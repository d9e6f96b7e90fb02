"""The values printed on a uniform certificate, frozen when it is issued.

Every reprint renders from one stored ``CertificateData``; the verification code is an HMAC over
``canonical_bytes()`` (see ``certificates.codes``), so the model holds exactly what a certificate
says, nothing that is looked up again at print time.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.vocabulary import LevelName, Skill

# Version of the canonical serialisation; part of the signed bytes so a future format cannot collide.
CANONICAL_FORMAT = 1
# The newest printed wording of the certificate (see ``CertificateData.wording``).
CURRENT_WORDING = 2
# Never signed: the code and the URL are derived from the signature, logos come from settings.
UNSIGNED_FIELDS = frozenset({"verification_code", "verify_url", "city_logo", "provider_logo"})

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


class CanDoText(BaseModel):
    """The short can-do sentence of the reached level: German, optionally with an English version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Lengths are what the results table can hold for all five skills at once (see docs/certificate.md).
    de: str = Field(min_length=1, max_length=140)
    en: str = Field(default="", max_length=140)


class CertificateData(BaseModel):
    """Everything printed on one certificate. Frozen: a certificate never changes after issuing."""

    # Logos travel as base64 in JSON, so the frozen copy can be stored as one JSON document.
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    number: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]{2,39}$", description="e.g. SPR-2026-000123")
    family_name: str = Field(min_length=1, max_length=120)
    given_names: str = Field(max_length=120)
    birth_date: date
    provider_name: str = Field(min_length=1, max_length=100)
    issued_on: date
    levels: dict[Skill, LevelName]  # the CEFR name ("B1", "Pre-A1"), as printed
    verification_code: str = Field(default="", max_length=20)
    verify_url: str = Field(default="", max_length=500)

    city_name: str = Field(default="", max_length=120)
    provider_address: str = Field(default="", max_length=120)
    interview_date: date | None = None
    can_do: dict[Skill, CanDoText] = Field(default_factory=dict)
    literacy: str = Field(default="", max_length=200)
    recommendation: str | None = Field(default=None, max_length=300)
    signer_name: str = Field(default="", max_length=120)
    city_logo: bytes | None = None
    provider_logo: bytes | None = None
    guide_id: str = Field(default="", max_length=60)
    guide_version: int | None = None
    specimen: bool = Field(default=False, description="Print MUSTER/SPECIMEN across the page (samples, docs).")
    # Added later: at their defaults they are left out of the signed bytes, so certificates issued
    # before keep their codes, and their frozen data (without these keys) keeps the first wording.
    wording: int = Field(
        default=1,
        ge=1,
        le=CURRENT_WORDING,
        description="Which printed wording the certificate has (certificates.layout.WORDINGS): 1 for "
        "certificates of guide version 1, 2 from guide version 2 on (estimated levels, oriented on the CEFR).",
    )
    show_literacy_and_recommendation: bool = Field(
        default=False,
        description="Wording 2 and later: print literacy and course recommendation (setting "
        "CERTIFICATE_SHOWS_PLACEMENT at issue). Wording 1 prints them whenever they are present.",
    )

    @model_validator(mode="before")
    @classmethod
    def _normalise_text(cls, values: Any) -> Any:
        # NFC makes "é" one code point whether it was typed composed or not: the signed bytes and
        # the glyphs drawn are then the same for the same visible name.
        if not isinstance(values, dict):
            return values
        out: dict[str, Any] = {}
        for key, value in values.items():
            if isinstance(value, str):
                value = unicodedata.normalize("NFC", value).strip()
            elif key == "can_do" and isinstance(value, dict):
                value = {skill: {"de": text} if isinstance(text, str) else text for skill, text in value.items()}
            out[key] = value
        return out

    @field_validator("levels")
    @classmethod
    def _all_skills(cls, value: dict[Skill, LevelName]) -> dict[Skill, LevelName]:
        missing = [skill for skill in Skill if skill not in value]
        if missing:
            raise ValueError(f"Niveau fehlt für: {', '.join(missing)}")
        return {skill: value[skill] for skill in Skill}

    @field_validator("city_logo", "provider_logo")
    @classmethod
    def _image_bytes(cls, value: bytes | None) -> bytes | None:
        if value is not None and not value.startswith((_PNG_MAGIC, _JPEG_MAGIC)):
            raise ValueError("Logo muss eine PNG- oder JPEG-Datei sein.")
        return value

    @field_validator("can_do")
    @classmethod
    def _can_do_in_order(cls, value: dict[Skill, CanDoText]) -> dict[Skill, CanDoText]:
        return {skill: value[skill] for skill in Skill if skill in value}

    def signed_fields(self) -> dict[str, Any]:
        """The JSON values that identify the certificate (what the HMAC covers).

        Fields still at their default are left out, so adding a defaulted field to this model later
        never changes the signed bytes (and so the codes) of certificates issued before.
        """
        dumped = self.model_dump(mode="json", exclude=set(UNSIGNED_FIELDS), exclude_defaults=True)
        dumped["format"] = CANONICAL_FORMAT
        return dumped

    def canonical_bytes(self) -> bytes:
        """Sorted-key, compact UTF-8 JSON of ``signed_fields()``: the input of the verification HMAC."""
        return json.dumps(self.signed_fields(), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    @property
    def public_url(self) -> str:
        """The official verification address, i.e. ``verify_url`` without its ``verify``/``code`` parameters."""
        parts = urlsplit(self.verify_url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("verify", "code")]
        return urlunsplit(parts._replace(query=urlencode(query)))
