"""manage.py check-guide / guide-diff / export-schema, run as an admin would run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from questionnaire import validate_answers
from tests.questionnaire.helpers import FULL, complete_answers, full_guide, guide_text, section

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_check_guide_exits_0_for_a_clean_guide(tmp_path: Path) -> None:
    result = manage("check-guide", write(tmp_path / "ok.yaml", guide_text(FULL)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in Ordnung" in result.stdout


def test_check_guide_prints_one_problem_per_line_naming_the_question(tmp_path: Path) -> None:
    bad = guide_text(
        section("- {id: birth, type: date, label: {de: Geburt}}\n- {id: kids, type: slider, label: {de: K, en: K}}\n")
    )
    result = manage("check-guide", write(tmp_path / "bad.yaml", bad), write(tmp_path / "ok.yaml", guide_text(FULL)))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "bad.yaml" in line]
    assert len(lines) == 2
    assert any("Frage 'birth'" in line and "[missing_translation]" in line for line in lines)
    assert any("Frage 'kids'" in line and "[unknown_question_type]" in line for line in lines)
    assert "Traceback" not in result.stdout + result.stderr


def test_check_guide_on_a_missing_file_or_binary_garbage_exits_1_without_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)))
    for name in (str(tmp_path / "missing.yaml"), str(garbage)):
        result = manage("check-guide", name)
        assert result.returncode == 1
        assert "[file_unreadable]" in result.stdout and "Traceback" not in result.stderr


def test_check_guide_on_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    result = manage("check-guide", write(tmp_path / "broken.yaml", "id: x\nversion: [1\n"))
    assert result.returncode == 1 and "broken.yaml:" in result.stdout and "[yaml_syntax]" in result.stdout


def test_guide_diff(tmp_path: Path) -> None:
    old = write(tmp_path / "v1.yaml", guide_text(FULL, 1))
    new = write(tmp_path / "v2.yaml", guide_text(FULL.replace("max_selected: 2", "max_selected: 3"), 2))
    result = manage("guide-diff", old, new)
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:] == ["~ goals: geändert (max_selected)"]


def test_guide_diff_of_a_broken_guide_is_a_user_error(tmp_path: Path) -> None:
    result = manage("guide-diff", write(tmp_path / "bad.yaml", "nope"), write(tmp_path / "ok.yaml", guide_text(FULL)))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "check-guide" in result.stderr


def test_export_schema_describes_complete_answers(tmp_path: Path) -> None:
    guide_file = write(tmp_path / "g.yaml", guide_text(FULL))
    result = manage("export-schema", "-", "--guide", guide_file)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    stored = validate_answers(full_guide(), complete_answers()).to_json_dict()
    jsonschema.validate(stored, schema)
    assert {"consent_processing", "family_name", "birth_date"} <= set(schema["required"])
    assert "childcare" not in schema["required"]  # only asked when there are children
    out = tmp_path / "schema.json"
    assert manage("export-schema", str(out), "--guide", guide_file).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema
    bad = dict(stored, goals=["flying"])
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)
