"""Fixtures of the issuing/verification suite: the store's cast on SQLite and PostgreSQL (reused from
tests/store/conftest.py) plus interviews taken with the common guide (all five skills scored)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

import store
import store.verification  # registers verify_attempts with the metadata the fixtures wipe
from settings import get_settings
from tests.store.conftest import Cast, database_url, db  # noqa: F401

SECRET = "test-secret-key-for-certificates"
PUBLIC_URL = "https://sprachstand.musterstadt.de/pruefen"


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed secret key and public address, and a high attempt limit unless a test lowers it."""
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("OLD_SECRET_KEYS", "")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("VERIFY_ATTEMPTS_PER_MINUTE", "1000")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def common_answers(family: str, given: str, birth: str, seed: int = 3) -> dict[str, Any]:
    from questionnaire import guide_by_version
    from questionnaire.samples import sample_answers

    guide = guide_by_version("sprachstand", 1)
    answers = sample_answers(guide, seed=seed, today=dt.date(2026, 11, 1))
    answers.update(
        family_name=family, given_names=given, birth_date=birth, consent_processing=True, consent_sharing=True
    )
    if "arrival_date" in answers:  # the sample's arrival may precede the birth date chosen here
        answers["arrival_date"] = "2024-02-01"
    return answers


def approved_interview(
    cast: Cast,
    actor: store.Actor | None = None,
    family: str = "Yılmaz",
    given: str = "Şükrü",
    birth: str = "1991-03-14",
    seed: int = 3,
) -> store.InterviewView:
    """A learner of ``actor``'s provider (default: provider A) with an approved common-guide interview."""
    actor = actor or cast.interviewer_a
    learner = store.create_learner(actor, family, given, birth, processing_consent=True, sharing_consent=True)
    iv = store.start_interview(actor, learner.id, guide_id="sprachstand", guide_version=1)
    iv = store.submit(actor, iv.id, iv.lock_version, answers=common_answers(family, given, birth, seed))
    return store.approve(cast.counselor, iv.id)
