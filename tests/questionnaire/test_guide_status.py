"""A guide version marked status: in_preparation loads and scores but is never chosen for new interviews."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import questionnaire.bundled as bundled
from questionnaire import check_guide_text, guide_by_version
from tests.questionnaire.helpers import FULL, guide_text


@pytest.fixture
def guides_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "test-v1.yaml").write_text(guide_text(FULL, 1), encoding="utf-8")
    in_preparation = guide_text(FULL, 2).replace("version: 2\n", "version: 2\nstatus: in_preparation\n")
    (tmp_path / "test-v2.yaml").write_text(in_preparation, encoding="utf-8")
    monkeypatch.setattr(bundled, "GUIDES_DIR", tmp_path)
    bundled._bundled.cache_clear()
    yield tmp_path
    bundled._bundled.cache_clear()


def test_a_version_in_preparation_is_not_active_but_available(guides_dir: Path) -> None:
    assert bundled.active_guide("test").version == 1
    assert bundled.latest_guide("test").version == 2
    assert guide_by_version("test", 2).status == "in_preparation"
    assert [g.version for g in bundled.available_guides()] == [1, 2]


def test_only_released_or_in_preparation_is_a_status() -> None:
    text = guide_text(FULL, 3).replace("version: 3\n", "version: 3\nstatus: draft\n")
    assert [p.code for p in check_guide_text(text)[1]] == ["wrong_type"]
