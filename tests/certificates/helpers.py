"""Shared helpers of the certificate tests: build data, read PDFs back as a person would."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import zxingcpp
from PIL import Image

from certificates.codes import with_verification
from schemas.certificate import CertificateData

KEY = b"test-key-current"
OLD_KEY = b"test-key-before-rotation"
PUBLIC_URL = "https://sprachstand.musterstadt.de/pruefen"

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip


def base_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "number": "SPR-2026-000123",
        "family_name": "Nowak",
        "given_names": "Anna",
        "birth_date": date(1990, 4, 3),
        "provider_name": "Volkshochschule Musterstadt",
        "issued_on": date(2026, 11, 20),
        "interview_date": date(2026, 11, 12),
        "city_name": "Musterstadt",
        "levels": {
            "listening": "B2",
            "reading": "C1",
            "spoken_interaction": "A2",
            "spoken_production": "Pre-A1",
            "writing": "C2",
        },
        "can_do": {
            "listening": {"de": "Kann längeren Redebeiträgen folgen.", "en": "Can follow extended speech."},
            "reading": {"de": "Kann lange, komplexe Sachtexte verstehen.", "en": "Can understand long texts."},
        },
        "literacy": "In lateinischer Schrift alphabetisiert.",
        "signer_name": "Erika Mustermann",
    }
    fields.update(overrides)
    return fields


def make_data(key: bytes = KEY, **overrides: Any) -> CertificateData:
    """Valid, issued certificate data (with code and URL) with ``overrides`` applied."""
    return with_verification(CertificateData(**base_fields(**overrides)), key, PUBLIC_URL)


def pdf_text(pdf: bytes, page: int = 0) -> str:
    """The page's text with all runs of whitespace collapsed to one space."""
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text()
    return re.sub(r"\s+", " ", text)


def page_fonts(pdf: bytes, page: int = 0) -> dict[str, Any]:
    """BaseFont name → font dictionary of every font the page uses."""
    fonts = pypdf.PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]["/Font"]
    return {str(ref.get_object()["/BaseFont"]).lstrip("/"): ref.get_object() for ref in fonts.values()}


def render_png(pdf: bytes, tmp_path: Path, dpi: int = 150) -> Path:
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(source), str(tmp_path / "page")], check=True)
    return tmp_path / "page.png"


def decode_qr(png: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png)) if r.format == zxingcpp.BarcodeFormat.QRCode]
