"""Guide versions: answers are pinned to (id, version); old interviews still validate and score."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import questionnaire.bundled as bundled
from questionnaire import AnswerError, guide_by_version, score, validate_answers
from questionnaire.diff import guide_diff
from tests.questionnaire.helpers import FULL, complete_answers, guide_text

# Version 2 drops the e-mail question, adds a phone number and allows three goals.
FULL_V2 = FULL.replace(
    """      - id: email
        type: text
        pattern: "[^@ ]+@[^@ ]+"
        pattern_message: {de: Bitte eine E-Mail-Adresse., en: Please an email address.}
        label: {de: E-Mail, en: Email}
""",
    """      - id: phone
        type: text
        label: {de: Telefon, en: Phone}
""",
).replace("max_selected: 2", "max_selected: 3")


@pytest.fixture
def guides_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "test-v1.yaml").write_text(guide_text(FULL, 1), encoding="utf-8")
    (tmp_path / "test-v2.yaml").write_text(guide_text(FULL_V2, 2), encoding="utf-8")
    monkeypatch.setattr(bundled, "GUIDES_DIR", tmp_path)
    bundled._bundled.cache_clear()
    yield tmp_path
    bundled._bundled.cache_clear()


def test_an_older_interview_still_validates_and_scores_after_a_newer_version_exists(guides_dir: Path) -> None:
    assert bundled.active_guide("test").version == 2
    v1 = guide_by_version("test", 1)
    answers = validate_answers(v1, complete_answers())
    stored = answers.to_json_dict()  # what the store keeps, with (guide_id, guide_version)
    reloaded = validate_answers(guide_by_version(answers.guide_id, answers.guide_version), stored)
    assert reloaded.values["email"] == "a@b.de"
    assert score(guide_by_version("test", 1), reloaded).levels["listening"] == "B1"


def test_the_newer_version_has_its_own_answer_model(guides_dir: Path) -> None:
    v2 = guide_by_version("test", 2)
    with pytest.raises(AnswerError) as caught:
        validate_answers(v2, complete_answers())
    assert dict(caught.value.problems).keys() == {"email"}
    answers = validate_answers(
        v2, complete_answers(email=None, phone="0171 1234567", goals=["work", "study", "everyday"])
    )
    assert (answers.guide_id, answers.guide_version) == ("test", 2)
    with pytest.raises(AnswerError):
        validate_answers(guide_by_version("test", 1), answers.to_json_dict())


def test_available_guides_and_unknown_versions(guides_dir: Path) -> None:
    assert [(g.id, g.version) for g in bundled.available_guides()] == [("test", 1), ("test", 2)]
    with pytest.raises(LookupError):
        guide_by_version("test", 3)


def test_answer_model_is_built_once_per_version(guides_dir: Path) -> None:
    from questionnaire.answer_model import compiled

    v1 = guide_by_version("test", 1)
    assert compiled(v1) is compiled(guide_by_version("test", 1))
    assert compiled(v1) is not compiled(guide_by_version("test", 2))


def test_guide_diff_lists_added_removed_and_changed_questions(guides_dir: Path) -> None:
    diff = guide_diff(guide_by_version("test", 1), guide_by_version("test", 2))
    assert (diff.added, diff.removed, diff.changed) == (["phone"], ["email"], {"goals": ["max_selected"]})
    assert diff.lines() == ["+ phone: neue Frage", "- email: Frage entfernt", "~ goals: geändert (max_selected)"]
