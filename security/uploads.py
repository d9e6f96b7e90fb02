"""Bounded uploads: an uploaded file is measured before anything parses it.

Three files come in from outside: a certificate PDF on the public verification page (anyone), a
provider's logo and a guide version (admins). Each parser's cost grows with what the file declares
rather than with its size — a 10 MB PDF of 100,000 empty pages, a 17 KB PNG of 12000 × 12000 pixels,
a YAML file with a million tiny items — so each is first checked by what is cheap to read:

* PDF: the size, then counts taken from the raw bytes (objects, the cross-reference size, visible
  page dictionaries) — pypdf alone spends seconds on the cross-reference table of a file with 45,000
  objects before it is asked anything —, then pypdf under tight limits: the page tree's root must
  name exactly one page, and only that page is read.
* Logo: the size, then the pixel count from the image header (Pillow decodes nothing on ``open``);
  the accepted picture is scaled down to what the certificate prints and stored re-encoded.
* Guide: the size, then a pass over libyaml's event stream (C, about 1/20 of the full check) that
  counts items and nesting against limits and a time budget, before the pure-Python check.

Every refusal is an ``InvalidInput`` with a German message naming the field and what to do.
"""

from __future__ import annotations

import io
import re
import time
from typing import Any

from certificates.logos import LogoError
from certificates.logos import prepared_logo as _prepared_logo
from schemas.errors import InvalidInput

MB = 1_000_000

# An issued certificate is one page of about 80 KB (with two logos scaled down on upload, well under
# 1 MB; certificates issued before logos were scaled stay under 5 MB).
MAX_PDF_BYTES = 5 * MB
MAX_PDF_OBJECTS = 1000  # a certificate has about 25; a viewer's re-save a few more
_XREF_SIZE = re.compile(rb"/Size\s*(\d{1,12})")
_PAGE_DICT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")

# The bundled guide (all six translations) has 354 KB and 12,000 YAML events at nesting depth 9.
MAX_GUIDE_BYTES = 1 * MB
MAX_GUIDE_EVENTS = 30_000  # the full check of 30,000 events takes about 3 s here
MAX_GUIDE_DEPTH = 30
GUIDE_SCAN_SECONDS = 2.0


# --- certificate PDF (public page) -------------------------------------------------------------


def certificate_pdf_text(pdf: bytes) -> str | None:
    """The text of a one-page PDF, or None when it is larger than ``MAX_PDF_BYTES``, has another
    page count, or cannot be read — decided before pypdf walks the file's pages."""
    if not pdf or len(pdf) > MAX_PDF_BYTES or b"%PDF-" not in pdf[:1024] or not _few_objects(pdf):
        return None
    try:
        from pypdf import PdfReader, apply_configuration  # loaded by the first PDF check only (import cost)

        with apply_configuration(
            array_maximum_element_count=2000,
            dictionary_maximum_element_count=2000,
            page_tree_maximum_entries=4,
            page_tree_maximum_depth=4,
            zlib_maximum_output_length=4 * MB,
            stream_parsing_work_maximum_count=200_000,
            xform_maximum_invocations_per_extraction=50,
        ):
            reader = PdfReader(io.BytesIO(pdf))
            if not _one_page(reader):
                return None
            return reader.pages[0].extract_text() or ""
    except Exception:  # not a PDF, a damaged one, or over a limit: simply not recognised
        return None


def _few_objects(pdf: bytes) -> bool:
    """What the raw bytes tell in C speed: at most ``MAX_PDF_OBJECTS`` objects, a cross-reference
    table no larger, and at most one page dictionary in sight (compressed object streams hide theirs:
    pypdf's limits and ``_one_page`` catch those)."""
    if pdf.count(b"endobj") > MAX_PDF_OBJECTS:
        return False
    if any(int(size) > MAX_PDF_OBJECTS + 1 for size in _XREF_SIZE.findall(pdf)):
        return False
    return len(_PAGE_DICT.findall(pdf)) <= 1


def _one_page(reader: Any) -> bool:
    """The root of the page tree names exactly one kid, and that kid is a page (not a subtree): what
    every certificate has, read without flattening the tree."""
    pages = reader.trailer["/Root"]["/Pages"].get_object()
    kids = pages.get("/Kids")
    if kids is None:
        return False
    kids = kids.get_object()
    return len(kids) == 1 and kids[0].get_object().get("/Type") == "/Page"


# --- provider logo -------------------------------------------------------------------------------


def prepared_logo(data: bytes) -> tuple[bytes, str]:
    """(bytes to store, MIME type) of an uploaded logo (``certificates.logos.prepared_logo``); a refused
    picture is an ``InvalidInput`` of the field ``logo``."""
    try:
        return _prepared_logo(data)
    except LogoError as exc:
        raise InvalidInput(str(exc), "logo") from exc


# --- guide file ---------------------------------------------------------------------------------


def guide_text(data: bytes, name: str = "Datei") -> str:
    """The text of an uploaded guide file: within ``MAX_GUIDE_BYTES``, UTF-8, and within the YAML
    limits (``check_guide_budget``). The full check (``questionnaire.check_guide_text``) comes after."""
    if len(data) > MAX_GUIDE_BYTES:
        raise InvalidInput(
            f"Leitfaden: Die Datei „{name}“ hat {len(data) / MB:.1f} MB, erlaubt sind höchstens "
            f"{MAX_GUIDE_BYTES / MB:.0f} MB (der mitgelieferte Leitfaden hat 0,4 MB). Bitte die Datei prüfen.",
            "guide",
        )
    if b"\x00" in data:
        raise InvalidInput(
            f"Leitfaden: Die Datei „{name}“ ist keine Textdatei. Bitte die YAML-Datei hochladen.", "guide"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"Leitfaden: Die Datei „{name}“ ist keine UTF-8-Textdatei. Bitte als YAML in UTF-8 speichern.", "guide"
        ) from exc
    check_guide_budget(text)
    return text


def check_guide_budget(text: str) -> None:
    """Refuses a guide text that is too big, has too many items, is nested too deeply or takes too
    long to scan — before the (pure-Python, much slower) full check parses it."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_GUIDE_BYTES:
        raise InvalidInput(f"Leitfaden: höchstens {MAX_GUIDE_BYTES / MB:.0f} MB.", "guide")
    import yaml  # loaded by the first guide upload only (import cost)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    deadline = time.monotonic() + GUIDE_SCAN_SECONDS
    events = depth = 0
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=loader):
            events += 1
            if isinstance(event, opening):
                depth += 1
            elif isinstance(event, closing):
                depth -= 1
            if events > MAX_GUIDE_EVENTS or depth > MAX_GUIDE_DEPTH:
                raise InvalidInput(
                    f"Leitfaden: zu viele Einträge oder zu tief verschachtelt (höchstens {MAX_GUIDE_EVENTS} "
                    f"YAML-Elemente, Tiefe {MAX_GUIDE_DEPTH}; der mitgelieferte Leitfaden hat 12.000, Tiefe 9). "
                    "Bitte die Datei prüfen.",
                    "guide",
                )
            if events % 512 == 0 and time.monotonic() > deadline:
                raise InvalidInput(
                    "Leitfaden: Die Datei ist zu aufwendig zu lesen (Zeitlimit überschritten). Bitte die Datei prüfen.",
                    "guide",
                )
    except yaml.YAMLError:
        return  # a syntax error: the full check reports it with its line, at the cost of a short parse
