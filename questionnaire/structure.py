"""Step 2 of the loader: plain data -> frozen ``Guide`` model; pydantic's errors become problems."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from questionnaire.errors import STRUCTURE_CODES, Problem, problem
from questionnaire.reader import Path, describe_path, line_of
from questionnaire.types import QUESTION_TYPES
from schemas.guide import Guide

_EXPECTED = {
    "string_type": "Text erwartet",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet",
    "int_from_float": "ganze Zahl erwartet",
    "float_type": "Zahl erwartet",
    "float_parsing": "Zahl erwartet",
    "bool_type": "true oder false erwartet",
    "bool_parsing": "true oder false erwartet",
    "list_type": "Liste erwartet",
    "dict_type": "Zuordnung (Schlüssel: Wert) erwartet",
    "model_type": "Zuordnung (Schlüssel: Wert) erwartet",
    "model_attributes_type": "Zuordnung (Schlüssel: Wert) erwartet",
    "date_type": "Datum JJJJ-MM-TT erwartet",
    "date_from_datetime_parsing": "Datum JJJJ-MM-TT erwartet",
    "date_parsing": "Datum JJJJ-MM-TT erwartet",
    "string_pattern_mismatch": "nur Kleinbuchstaben, Ziffern und _ erlaubt, beginnend mit einem Buchstaben",
    "too_short": "darf nicht leer sein",
    "string_too_short": "darf nicht leer sein",
    "string_too_long": "zu lang",
    "literal_error": "nicht erlaubt",
    "enum": "nicht erlaubt",
}


def build_model(data: Any, lines: dict[Path, int]) -> tuple[Guide | None, list[Problem]]:
    """Validate the structure; every problem carries a readable location and its YAML line."""
    if not isinstance(data, dict):
        return None, [problem("not_a_mapping", "Leitfaden", 1)]
    try:
        return Guide.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(exc, data, lines)
    except (RecursionError, ValueError, TypeError) as exc:  # pathological nesting or values
        return None, [problem("wrong_type", "Leitfaden", None, detail=str(exc)[:200])]


_MISSING = object()


def _real_path(data: Any, loc: tuple[str | int, ...], missing: bool = False) -> Path:
    """Pydantic's loc contains union tags and model names; keep only the steps present in the data."""
    path: list[str | int] = []
    current = data
    for step in loc:
        key: str | int = "in" if step == "in_" else "not" if step == "not_" else step
        child: Any = _MISSING
        if isinstance(current, dict) and isinstance(key, str):
            child = current.get(key, _MISSING)
        elif isinstance(current, list) and isinstance(key, int) and 0 <= key < len(current):
            child = current[key]
        if child is not _MISSING:
            path.append(key)
            current = child
        elif isinstance(current, dict) and isinstance(key, str) and missing and key not in current and step == loc[-1]:
            path.append(key)  # a missing key: name it
    return tuple(path)


def _problems(exc: ValidationError, data: Any, lines: dict[Path, int]) -> list[Problem]:
    found: dict[Path, Problem] = {}
    for error in exc.errors():
        path = _real_path(data, tuple(error["loc"]), missing=error["type"] == "missing")
        kind = error["type"]
        code = STRUCTURE_CODES.get(kind, "wrong_type")
        key = str(path[-1]) if path else ""
        parent_path = path[:-1] if code in ("unknown_key", "missing_key") else path
        location = describe_path(data, parent_path)
        line = line_of(lines, path)
        value = error.get("input")
        if code == "unknown_question_type":
            tag = (error.get("ctx") or {}).get("tag", value)
            item = problem(
                code,
                location,
                line,
                value=tag,
                allowed=", ".join(QUESTION_TYPES),
            )
        elif code == "missing_key" and kind == "union_tag_not_found":
            item = problem(code, location, line, key="type")
        elif code == "bad_condition":
            item = problem(code, location, line, detail=error["msg"])
        else:
            detail = f"{key}: {_EXPECTED.get(kind, error['msg'])}"
            if isinstance(value, bool) and kind == "string_type":
                detail += " (YAML liest yes/no/on/off als Wahrheitswert – den Wert in Anführungszeichen setzen)"
            item = problem(code, location, line, key=key, detail=detail)
        # Unions report one error per branch: keep one problem per place, preferring specific codes.
        previous = found.get(path)
        if previous is None or (previous.code == "wrong_type" and item.code != "wrong_type"):
            found[path] = item
    return _drop_union_noise(found)


def _drop_union_noise(found: dict[Path, Problem]) -> list[Problem]:
    """A value that fails ``bool | condition`` yields errors at the value and inside it; keep the inner ones."""
    paths = list(found)
    result = []
    for path, item in found.items():
        has_inner = any(len(other) > len(path) and other[: len(path)] == path for other in paths)
        if has_inner and item.code == "wrong_type":
            continue
        result.append(item)
    return result
