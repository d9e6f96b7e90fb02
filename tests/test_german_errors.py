"""pydantic's errors become German in one place (questionnaire.errors.validation_messages), whichever
layer meets them: settings, certificate data, answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from questionnaire.errors import validation_messages
from schemas.certificate import CertificateData
from settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_settings_errors_are_german_and_name_the_setting() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(idle_timeout_minutes=0)
    messages = validation_messages(caught.value.errors())
    assert messages == ["idle_timeout_minutes: Der Wert muss mindestens 1 sein."]


def test_certificate_data_errors_are_german() -> None:
    with pytest.raises(ValidationError) as caught:
        CertificateData.model_validate({"family_name": 7})
    messages = validation_messages(caught.value.errors())
    assert "family_name: Bitte einen Text eingeben." in messages
    assert not [m for m in messages if "Input should" in m or "Field required" in m], messages


def test_no_second_translation_of_pydantic_errors() -> None:
    """Every other module hands ``exc.errors()`` to the one function instead of reading ``msg`` itself."""
    pattern = re.compile(r"removeprefix\(\"Value error|e\[\"msg\"\]|e\.get\(\"msg\"|err\[\"loc\"\]|e\[\"loc\"\]")
    found = []
    for folder in ("store", "ui", "commands", "ops", "certificates", "schemas", "demo"):
        for path in (ROOT / folder).rglob("*.py"):
            if pattern.search(path.read_text(encoding="utf-8")):
                found.append(str(path.relative_to(ROOT)))
    assert found == []
