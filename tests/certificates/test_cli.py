"""manage.py commands of the renderer, run as an admin would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf

from certificates.sample import sample_certificate

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True)


def test_sample_certificate_writes_a_specimen_pdf(tmp_path: Path) -> None:
    out = tmp_path / "muster.pdf"
    result = manage("sample-certificate", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "SHA-256" in result.stdout
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "MUSTER" in text and "Bescheinigung über die Sprachstandsfeststellung" in text


def test_render_certificate_from_frozen_json_gives_the_same_bytes(tmp_path: Path) -> None:
    from certificates import pdf_sha256, render_certificate

    data = sample_certificate(specimen=False)
    source = tmp_path / "data.json"
    source.write_text(data.model_dump_json())
    out = tmp_path / "reprint.pdf"
    result = manage("render-certificate", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert pdf_sha256(out.read_bytes()) == pdf_sha256(render_certificate(data))


def test_render_certificate_rejects_bad_json_with_a_german_message(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"number": "SPR-2026-000001"}')
    result = manage("render-certificate", str(source), "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "keine gültigen Bescheinigungsdaten" in result.stderr and "family_name" in result.stderr
    assert "Traceback" not in result.stderr
