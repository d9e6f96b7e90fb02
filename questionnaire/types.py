"""The question types in ONE table: type name -> guide model, answer field builder, UI widget.

Adding a type is one row here (plus its guide model in schemas/guide.py and one widget function
in the UI). The field builders return pydantic annotations; ``questionnaire.answer_model`` puts
them together into the cached answer model of a guide version.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, NotRequired

from pydantic import AfterValidator, ConfigDict, Field, PlainValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from schemas.guide import (
    AnyQuestion,
    CanDoQuestion,
    DateQuestion,
    DecimalQuestion,
    Guide,
    IntegerQuestion,
    LongTextQuestion,
    MultiChoiceQuestion,
    NoteQuestion,
    RepeatQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

FieldBuilder = Callable[[Any, Guide], Any]


@dataclass(frozen=True)
class QuestionType:
    name: str
    model: type
    build: FieldBuilder | None  # None: the question takes no answer (note)
    widget: str


# --- text -------------------------------------------------------------------------------------

_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NAME_PUNCTUATION = frozenset(" -'.’")
_NAME_SCRIPTS = ("LATIN ", "GREEK ", "CYRILLIC ")


@lru_cache(maxsize=4096)
def _name_char_ok(ch: str) -> bool:
    if ch in _NAME_PUNCTUATION:
        return True
    category = unicodedata.category(ch)
    if category.startswith("L"):
        return unicodedata.name(ch, "").startswith(_NAME_SCRIPTS)
    return category == "Mn" and unicodedata.name(ch, "").startswith("COMBINING ")


_ASCII_NAME = re.compile(r"[A-Za-z .'\-]*")


def is_name_script(value: str) -> bool:
    """Letters only from the Latin, Greek and Cyrillic scripts, plus space, hyphen, apostrophe, period."""
    if value.isascii():
        return _ASCII_NAME.fullmatch(value) is not None
    return all(map(_name_char_ok, value))


def text_cleaner(
    max_length: int,
    multiline: bool = False,
    pattern: re.Pattern[str] | None = None,
    pattern_message: str = "",
    script: str | None = None,
) -> Callable[[str], str | None]:
    """The check of one text question: NFC-normalise, trim, refuse control characters, over-long
    values, values not matching the pattern and (``script``) names not in Latin/Greek/Cyrillic
    letters. An empty value becomes None (unanswered). One closure, since it runs per answer."""
    control = _CONTROL_MULTILINE if multiline else _CONTROL_LINE
    names = script in ("name", "latin")

    def clean(value: str) -> str | None:
        if multiline and "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if control.search(value) is not None:
            raise PydanticCustomError("control_character", "control character")
        if not value.isascii() and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        value = value.strip()
        if not value:
            return None
        if len(value) > max_length:
            raise PydanticCustomError("text_too_long", "too long", {"max": max_length, "actual": len(value)})
        if pattern is not None and pattern.fullmatch(value) is None:
            raise PydanticCustomError("pattern", "pattern", {"message": pattern_message})
        if names and not is_name_script(value):
            raise PydanticCustomError("script_name", "script")
        return value

    return clean


def _text_field(question: TextQuestion | LongTextQuestion, guide: Guide) -> Any:
    pattern = None
    message = "Die Eingabe hat nicht die erwartete Form."
    script = None
    schema: dict[str, Any] = {"type": "string", "maxLength": question.max_length}
    if isinstance(question, TextQuestion):
        if question.pattern:
            pattern = re.compile(question.pattern)
            message = guide.text(question.pattern_message) or message
            schema["pattern"] = question.pattern
        script = question.script
    check = text_cleaner(question.max_length, isinstance(question, LongTextQuestion), pattern, message, script)
    return Annotated[str, Strict(), AfterValidator(check), WithJsonSchema(schema)]


# --- numbers, dates, yes/no -------------------------------------------------------------------


def _integer_field(question: IntegerQuestion, guide: Guide) -> Any:
    return Annotated[int, Strict(), Field(ge=question.min, le=question.max)]


def _decimal_field(question: DecimalQuestion, guide: Guide) -> Any:
    return Annotated[float, Strict(), Field(ge=question.min, le=question.max, allow_inf_nan=False)]


def resolve_date_bound(bound: dt.date | str | None, today: dt.date) -> dt.date | None:
    if bound == "today":
        return today
    return bound if isinstance(bound, dt.date) else None


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_type", "date")


def _date_field(question: DateQuestion, guide: Guide) -> Any:
    # Only bounds that mean "today" need the clock; fixed bounds are compared as they are.
    needs_today = question.not_future or "today" in (question.min, question.max)

    def check(value: Any) -> dt.date:
        day = parse_date(value)
        today = dt.date.today() if needs_today else dt.date.min
        if question.not_future and day > today:
            raise PydanticCustomError("date_future", "future")
        low = resolve_date_bound(question.min, today)
        if low is not None and day < low:
            raise PydanticCustomError("date_min", "min", {"min": low.strftime("%d.%m.%Y")})
        high = resolve_date_bound(question.max, today)
        if high is not None and day > high:
            raise PydanticCustomError("date_max", "max", {"max": high.strftime("%d.%m.%Y")})
        return day

    return Annotated[dt.date, PlainValidator(check), WithJsonSchema({"type": "string", "format": "date"})]


def _yes_no_field(question: YesNoQuestion, guide: Guide) -> Any:
    return Annotated[bool, Strict()]


# --- choices ----------------------------------------------------------------------------------


def _literal(values: list[str]) -> Any:
    return Literal[tuple(values)]


def _single_choice_field(question: SingleChoiceQuestion, guide: Guide) -> Any:
    return _literal([c.value for c in guide.choices_of(question)])


def _multi_choice_field(question: MultiChoiceQuestion, guide: Guide) -> Any:
    values = [c.value for c in guide.choices_of(question)]
    return Annotated[
        list[_literal(values)],  # type: ignore[misc]
        Field(max_length=question.max_selected if question.max_selected is not None else len(values)),
        WithJsonSchema({"type": "array", "items": {"enum": values}, "uniqueItems": True}),
    ]


def _can_do_field(question: CanDoQuestion, guide: Guide) -> Any:
    ids = [s.id for s in question.statements]
    return Annotated[
        list[_literal(ids)],  # type: ignore[misc]
        Field(max_length=len(ids)),
        WithJsonSchema({"type": "array", "items": {"enum": ids}, "uniqueItems": True}),
    ]


def _repeat_field(question: RepeatQuestion, guide: Guide) -> Any:
    fields: dict[str, Any] = {}
    for sub in question.fields:
        row = QUESTION_TYPES[sub.type]
        assert row.build is not None  # the loader allows only answerable types in repeat groups
        fields[sub.id] = NotRequired[row.build(sub, guide) | None]
    item = TypedDict(f"Item_{question.id}", fields, total=False)  # type: ignore[misc]
    item.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return Annotated[list[item], Field(max_length=question.max_items)]


QUESTION_TYPES: dict[str, QuestionType] = {
    row.name: row
    for row in (
        QuestionType("text", TextQuestion, _text_field, "text_input"),
        QuestionType("long_text", LongTextQuestion, _text_field, "text_area"),
        QuestionType("integer", IntegerQuestion, _integer_field, "number_input_int"),
        QuestionType("decimal", DecimalQuestion, _decimal_field, "number_input"),
        QuestionType("date", DateQuestion, _date_field, "date_input"),
        QuestionType("yes_no", YesNoQuestion, _yes_no_field, "yes_no_radio"),
        QuestionType("single_choice", SingleChoiceQuestion, _single_choice_field, "selectbox"),
        QuestionType("multi_choice", MultiChoiceQuestion, _multi_choice_field, "multiselect"),
        QuestionType("repeat", RepeatQuestion, _repeat_field, "repeat_group"),
        QuestionType("note", NoteQuestion, None, "note"),
        QuestionType("can_do", CanDoQuestion, _can_do_field, "can_do_checklist"),
    )
}

#: types whose answer is a list of distinct values (checked by validate_answers, not in pydantic,
#: because a Python validator per list costs more than the rest of the list's validation)
UNIQUE_LIST_TYPES = ("multi_choice", "can_do")

#: types allowed as fields of a repeat group
REPEAT_FIELD_TYPES = ("text", "long_text", "integer", "decimal", "date", "yes_no", "single_choice", "multi_choice")


def widget_for(question: AnyQuestion) -> str:
    """The UI widget name of a question."""
    return QUESTION_TYPES[question.type].widget


def takes_answer(question: AnyQuestion) -> bool:
    return QUESTION_TYPES[question.type].build is not None
