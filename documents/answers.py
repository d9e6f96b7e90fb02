"""One formatter of stored answers as German text, for every document that shows answers: the
interview record (and the app's read-only view, which shows the same rows), the spreadsheet exports
and the Art. 15 access report.

What an answer *means* is decided here once per question type (choice ids become the guide's German
labels, yes/no becomes ja/nein, ISO dates become TT.MM.JJJJ, ticked can-do statements are counted
against the checklist, repeat groups list their entries). How much of it a document prints is its
``Style``:

- ``RECORD``: full sentences for a person reading one interview ("3 von 5 Aussagen erfüllt: …").
- ``CELL`` / ``CELL_IDS``: one spreadsheet cell per answer, short, dates as date values so the
  sheet sorts them; ``CELL_IDS`` keeps the machine values (for question-id headers).
- ``REPORT``: the access report, which reads answers of guide versions that may be gone, so it only
  has the texts the request carried (``texts_from_request``) and no question types.

The texts of a question come as ``AnswerTexts`` (plain data): from a guide (``texts_of``) or from an
access request's ``labels`` (``texts_from_request``). Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from schemas.guide import AnyQuestion, CanDoQuestion, Guide, MultiChoiceQuestion, RepeatQuestion, SingleChoiceQuestion

UNANSWERED = "–"
# ISO dates and timestamps as the store writes them (answers hold ISO dates too).
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")


class Style(Enum):
    RECORD = "record"
    CELL = "cell"
    CELL_IDS = "cell_ids"
    REPORT = "report"


RECORD, CELL, CELL_IDS, REPORT = Style.RECORD, Style.CELL, Style.CELL_IDS, Style.REPORT


@dataclass(frozen=True, slots=True)
class AnswerTexts:
    """The German texts needed to read one question's answers."""

    id: str
    label: str
    type: str = ""  # the guide's question type; "" when unknown (texts of an access request)
    choices: Mapping[str, str] = field(default_factory=dict)  # value -> label; can-do: statement id -> label
    statements: int = 0  # can_do: how many statements the checklist has
    fields: tuple[AnswerTexts, ...] = ()  # repeat: the fields of one entry


def german(text: Mapping[str, str] | None) -> str:
    """The German entry of a guide's translated text (the first one when there is no German)."""
    return (text or {}).get("de") or next(iter((text or {}).values()), "")


def texts_of(guide: Guide, question: AnyQuestion) -> AnswerTexts:
    """The texts of a question of ``guide``."""
    kind = question.type
    choices: dict[str, str] = {}
    statements = 0
    fields: tuple[AnswerTexts, ...] = ()
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        choices = {c.value: german(c.label) for c in guide.choices_of(question)}
    elif isinstance(question, CanDoQuestion):
        statements = len(question.statements)
        choices = {s.id: german(s.label) for s in question.statements}
    elif isinstance(question, RepeatQuestion):
        fields = tuple(texts_of(guide, sub) for sub in question.fields)
    return AnswerTexts(question.id, german(question.label), kind, choices, statements, fields)


def texts_from_request(qid: str, entry: Mapping[str, Any] | None) -> AnswerTexts | None:
    """The texts of a question as an access request carries them (``{label, values, statements,
    fields}``, only for the values in the request); None without an entry."""
    if not entry:
        return None
    fields = tuple(texts_from_request(k, v) or AnswerTexts(k, k) for k, v in (entry.get("fields") or {}).items())
    return AnswerTexts(
        qid,
        str(entry.get("label") or qid),
        "repeat" if "fields" in entry else "can_do" if "statements" in entry else "",
        dict(entry.get("values") or {}),
        int(entry.get("statements") or 0),
        fields,
    )


def german_date(value: str) -> str:
    """``2026-05-01`` → ``01.05.2026``; anything else as it is."""
    try:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return value


def date_value(value: Any) -> Any:
    """A stored ISO date as a date (a cell the spreadsheet sorts as a date); anything else unchanged."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return value


def format_answer(texts: AnswerTexts | None, value: Any, style: Style = RECORD, *, nested: bool = False) -> Any:
    """One stored answer in ``style`` (``nested``: a field inside a repeat entry)."""
    if style is REPORT:
        return _report(texts, value)
    assert texts is not None
    if style is RECORD:
        return _record(texts, value)
    return cell_formatter(texts, style, nested=nested)(value)


def _record(t: AnswerTexts, value: Any) -> str:
    if value is None or value == [] or value == "":
        return UNANSWERED
    kind = t.type
    if kind == "yes_no":
        return "Ja" if value is True else "Nein" if value is False else str(value)
    if kind == "date" and isinstance(value, str):
        return german_date(value)
    if kind in ("single_choice", "multi_choice"):
        values = value if isinstance(value, list) else [value]
        return ", ".join(t.choices.get(str(v), str(v)) for v in values)
    if kind == "can_do" and isinstance(value, list):
        ticked = [label for sid, label in t.choices.items() if sid in value]
        head = f"{len(ticked)} von {t.statements} Aussagen erfüllt"
        return head + (": " + "; ".join(ticked) if ticked else "")
    if kind == "repeat" and isinstance(value, list):
        lines = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                continue
            parts = [
                f"{sub.label}: {_record(sub, item.get(sub.id))}" for sub in t.fields if item.get(sub.id) is not None
            ]
            lines.append(f"{number}. " + "; ".join(parts))
        return "\n".join(lines) or UNANSWERED
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def cell_formatter(t: AnswerTexts, style: Style = CELL, *, nested: bool = False) -> Callable[[Any], Any]:
    """``format_answer`` for spreadsheet cells, made once per column: the function that turns one
    stored answer into a cell (an export calls it for every row)."""
    ids = style is CELL_IDS
    kind = t.type
    labels = t.choices
    if kind == "yes_no":
        return (lambda v: v) if ids else (lambda v: None if v is None else ("ja" if v else "nein"))
    if kind in ("single_choice", "multi_choice"):
        if ids:
            return lambda v: " ".join(map(str, v)) if isinstance(v, list) else v
        if kind == "single_choice":
            return lambda v: None if v is None else labels.get(v, v)
        return lambda v: None if not v else ", ".join(labels.get(x, str(x)) for x in v)
    if kind == "can_do":
        total = t.statements
        if ids:
            return lambda v: None if v is None else " ".join(v)
        return lambda v: None if v is None else f"{len(v)} von {total}"
    if kind == "date":
        if not nested:
            return date_value
        if ids:
            return lambda v: v
        return lambda v: None if not v else f"{v[8:10]}.{v[5:7]}.{v[0:4]}"
    if kind == "repeat":
        subs = [(sub.id, sub.id if ids else sub.label, cell_formatter(sub, style, nested=True)) for sub in t.fields]

        def repeat(v: Any) -> Any:
            if not v:
                return None
            items = []
            for item in v:
                parts = [f"{name}: {fmt(item.get(sid))}" for sid, name, fmt in subs if sid in item]
                items.append("; ".join(parts))
            return " | ".join(items)

        return repeat
    return lambda v: v


def _report(t: AnswerTexts | None, value: Any) -> Any:
    """The answer in the request's words; what the texts do not cover stays as it is (the report
    prints it through its own plain-value rules: ja/nein, TT.MM.JJJJ)."""
    if t is None or value is None or value == "":
        return value
    if t.type == "repeat" and isinstance(value, list):
        from_id = {f.id: f for f in t.fields}
        lines = []
        for number, item in enumerate(value, start=1):
            if isinstance(item, dict):
                parts = [
                    f"{(from_id[k].label if k in from_id else k)}: {plain(_report(from_id.get(k), v))}"
                    for k, v in item.items()
                    if v is not None
                ]
                lines.append(f"{number}. " + "; ".join(parts))
        return "\n".join(lines) or None
    if t.type == "can_do" and isinstance(value, list):
        head = f"{len(value)} von {t.statements} Aussagen treffen zu"
        return head + "".join(f"\n• {t.choices.get(v, v)}" for v in value)
    if isinstance(value, list):
        return ", ".join(plain(t.choices.get(v, v)) for v in value) if value else None
    return t.choices.get(value, value) if isinstance(value, str) else value


def plain(value: Any) -> str:
    """Any stored value as readable lines: ja/nein, lists one item per line (or comma-separated),
    objects as ``key: value``, ISO dates and timestamps in German."""
    if value is None:
        return UNANSWERED
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items()) or UNANSWERED
    if isinstance(value, list):
        if not value:
            return UNANSWERED
        if any(isinstance(v, dict | list) for v in value):
            return "\n".join(plain(v) for v in value)
        return ", ".join(plain(v) for v in value)
    return _german_moment(str(value))


def _german_moment(text: str) -> str:
    """``2026-05-01`` → ``01.05.2026``, ``2026-05-01T12:12:22`` → ``01.05.2026 12:12``; other text as is."""
    if not _ISO.fullmatch(text):
        return text
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return value.strftime("%d.%m.%Y") if len(text) == 10 else value.strftime("%d.%m.%Y %H:%M")
