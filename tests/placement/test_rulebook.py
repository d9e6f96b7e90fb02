"""manage.py explain-guide (the readable rule book, Markdown and PDF) and guide-diff between the bundled
versions, run as an admin would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf

from tests.placement.helpers import v2

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_explain_guide_writes_the_rule_book_as_markdown(tmp_path: Path) -> None:
    out = tmp_path / "regeln.md"
    result = manage("explain-guide", "questionnaire/guides/sprachstand-v2.yaml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    placement = v2().placement
    assert placement is not None
    for number, rule in enumerate(placement.rules, start=1):
        assert f"### Regel {number} ({rule.id}):" in text
        assert f"Quelle: {rule.source}" in text
    assert "Wenn: Alter (volle Jahre am Tag des Gesprächs) unter 18" in text
    assert "Start-Niveau = das kleinere von Sprechen" in text  # the composite, in words
    assert "| Allgemeiner Integrationskurs | 600 UE Sprachkurs" in text
    assert manage("explain-guide", "v2").stdout == text  # without --out: the same Markdown on stdout


def test_explain_guide_writes_a_pdf_with_the_rules(tmp_path: Path) -> None:
    out = tmp_path / "regeln.pdf"
    assert manage("explain-guide", "v2", "--out", str(out)).returncode == 0
    reader = pypdf.PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Regelwerk" in text and "Regel 1 (school_age)" in text and "Zweitschriftlernende" in text
    assert reader.metadata is not None and reader.metadata.title == "Regelwerk sprachstand Version 2"
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in name for name in fonts)  # „“ → ≥ need the embedded font


def test_explain_guide_of_version_1_lists_its_recommendation_rules() -> None:
    result = manage("explain-guide", "v1")
    assert result.returncode == 0 and "Empfehlungsregeln" in result.stdout and "Regel 1 (literacy)" in result.stdout


def test_explain_guide_refuses_a_wrong_file_name_or_guide_without_traceback(tmp_path: Path) -> None:
    wrong = manage("explain-guide", "v2", "--out", str(tmp_path / "regeln.docx"))
    assert wrong.returncode == 2 and ".md oder .pdf" in wrong.stderr
    (tmp_path / "bad.yaml").write_text("id: x\n", encoding="utf-8")
    broken = manage("explain-guide", str(tmp_path / "bad.yaml"))
    assert broken.returncode == 2 and "check-guide" in broken.stderr
    missing = manage("explain-guide", "v9")
    assert missing.returncode == 2 and "Version 9" in missing.stderr
    assert "Traceback" not in wrong.stderr + broken.stderr + missing.stderr


def test_guide_diff_v1_v2_is_readable() -> None:
    result = manage("guide-diff", "v1", "v2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "sprachstand Version 1 → sprachstand Version 2"
    assert "+ entitlement: neue Frage" in lines and "- residence_status: Frage entfernt" in lines
    assert "Im Einzelnen:" in lines
    assert any(line.startswith("Abschnitte: neu „Berechtigung, Förderung und Arbeit“ (entitlement)") for line in lines)
    assert "  entitlement – „Haben Sie eine Berechtigung oder Verpflichtung zum Integrationskurs?“" in lines
    assert not any(line.startswith("Status:") for line in lines)  # both released
    assert any(line.startswith("Kursempfehlung: 9 Empfehlungsregeln → Platzierung mit 17 Regeln") for line in lines)
