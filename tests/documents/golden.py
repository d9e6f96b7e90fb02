"""Golden files: what the documents looked like before they moved out of the store (issue 13).

``check(name, value)`` compares ``value`` (JSON-ready) with ``golden/<name>.json``; with
``UPDATE_GOLDEN=1`` in the environment it writes the file instead. The files were written on the code
before the move and must not change with it: a difference is a change a user would see.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"


def check(name: str, value: Any) -> None:
    path = GOLDEN / f"{name}.json"
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(text) == expected, f"{name} differs from {path.name}"


_TIMESTAMP_TEXT = re.compile(r"\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\b|\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b")
_NUMBER = re.compile(r"\b([A-Z]+)-\d{4}-(\d{6})\b")


def cell(value: Any, *, this_month: str) -> Any:
    """A spreadsheet value without what changes from run to run (the moment of the test)."""
    if isinstance(value, datetime):
        return "<Zeitpunkt>"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        value = _TIMESTAMP_TEXT.sub("<Zeitpunkt>", value)
        value = _NUMBER.sub(r"\1-<Jahr>-\2", value)
        return "<Monat>" if value == this_month else value
    return value


def pdf_text(pdf: bytes) -> list[str]:
    """The text of every page, as pypdf reads it back."""
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
