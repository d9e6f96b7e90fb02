"""The one catalogue of guide problems and answer messages, and the two exceptions of the engine.

Every guide problem has a stable ``code`` (tests assert codes, never wording), a ``location``
(section/question id or the YAML path, with the line when known), a German message that says what
is wrong and a hint that says how to fix it. Answer problems are German sentences for interviewers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# code -> (message template, hint template); templates use str.format with the problem's details.
GUIDE_PROBLEMS: dict[str, tuple[str, str]] = {
    "file_unreadable": (
        "Die Datei kann nicht gelesen werden: {detail}",
        "Pfad prüfen; die Datei muss UTF-8-Text sein.",
    ),
    "yaml_syntax": (
        "YAML-Syntaxfehler: {detail}",
        "Einrückung, Doppelpunkte und Anführungszeichen in dieser Zeile prüfen.",
    ),
    "not_a_mapping": (
        "Die Datei enthält keinen Leitfaden (erwartet: Schlüssel wie id, version, sections).",
        "Mit 'id:', 'version:', 'title:', 'languages:', 'sections:' beginnen.",
    ),
    "duplicate_key": ("Der Schlüssel '{key}' kommt doppelt vor.", "Einen der beiden Einträge löschen oder umbenennen."),
    "unknown_key": (
        "Unbekannter Schlüssel '{key}'.",
        "Tippfehler prüfen; erlaubte Schlüssel stehen in docs/guide-format.md.",
    ),
    "missing_key": ("Pflichtangabe '{key}' fehlt.", "'{key}:' ergänzen."),
    "wrong_type": (
        "Falscher Wert: {detail}.",
        "Den Wert so schreiben, wie docs/guide-format.md es für diesen Schlüssel zeigt.",
    ),
    "unknown_question_type": ("Unbekannter Fragetyp '{value}'.", "Einen dieser Typen verwenden: {allowed}."),
    "bad_condition": (
        "Ungültige Bedingung: {detail}.",
        "Form z. B. {{question: id, equals: wert}} oder {{all: [...]}}, {{any: [...]}}, {{not: ...}}.",
    ),
    "duplicate_id": ("Die ID '{id}' ist schon vergeben ({what}).", "Jede ID nur einmal verwenden; diese umbenennen."),
    "unknown_question": ("Die Bedingung nennt die Frage '{id}', die es nicht gibt.", "ID der Frage prüfen."),
    "later_question": (
        "Die Bedingung nennt die Frage '{id}', die erst später kommt.",
        "Nur auf Fragen verweisen, die vorher gestellt werden, oder die Reihenfolge ändern.",
    ),
    "unknown_choice_list": (
        "Die Auswahlliste '{name}' gibt es nicht.",
        "Unter choice_lists anlegen oder den Namen korrigieren.",
    ),
    "empty_choice_list": ("Die Auswahlliste '{name}' ist leer.", "Mindestens eine Auswahl {{value, label}} eintragen."),
    "unknown_choice_value": (
        "'{value}' ist keine Auswahl der Frage '{id}'.",
        "Einen dieser Werte verwenden: {allowed}.",
    ),
    "wrong_value_type": (
        "Der Vergleich '{op}' passt nicht zur Frage '{id}' (Typ {type}): {detail}.",
        "Vergleich und Wert an den Fragetyp anpassen (siehe docs/guide-format.md, Bedingungen).",
    ),
    "missing_translation": (
        "Übersetzung '{lang}' fehlt oder ist leer.",
        "Text in '{lang}' ergänzen – jede in 'languages' genannte Sprache braucht einen Text.",
    ),
    "undeclared_language": (
        "Sprache '{lang}' ist nicht in 'languages' deklariert.",
        "'{lang}' zu 'languages' hinzufügen oder den Eintrag löschen.",
    ),
    "bad_languages": (
        "Die Sprachliste ist ungültig: {detail}.",
        "'languages' muss mit de beginnen und jede Sprache nur einmal nennen.",
    ),
    "level_invalid": ("'{value}' ist keine GER-Stufe.", "Eine dieser Stufen verwenden: {allowed}."),
    "bad_pattern": (
        "Das Muster (pattern) ist kein gültiger regulärer Ausdruck: {detail}.",
        "Ausdruck korrigieren; zu jedem pattern gehört eine pattern_message.",
    ),
    "bad_range": ("Der Bereich ist leer: {detail}.", "min muss kleiner oder gleich max sein."),
    "bad_repeat_field": (
        "Das Feld '{id}' ist in einer Wiederholungsgruppe nicht erlaubt: {detail}.",
        "In 'fields' nur einfache Fragen ohne show_if/constraint/bedingtes required verwenden.",
    ),
    "note_required": (
        "Ein Hinweis (note) kann nicht Pflicht sein und hat keine Bedingung als Regel.",
        "'required' und 'constraint' bei dieser Notiz entfernen.",
    ),
    "rule_unreachable": (
        "Die Regel '{id}' kann nie greifen: {detail}.",
        "Regel löschen oder vor die Regel stellen, die sie verdeckt.",
    ),
    "rule_contradiction": (
        "Die Regel '{id}' kann nie greifen: widersprüchliche Vergleiche für {subject}.",
        "Die Vergleiche in 'all' so ändern, dass sie gleichzeitig erfüllbar sind.",
    ),
    "no_fallback_rule": (
        "Die letzte Empfehlungsregel ist nicht 'when: always'.",
        "Eine letzte Regel mit 'when: always' ergänzen, damit jedes Interview eine Empfehlung erhält.",
    ),
    "unknown_course": (
        "Die Kursart '{value}' gibt es nicht.",
        "Unter course_types anlegen oder einen dieser Werte verwenden: {allowed}.",
    ),
    "unknown_skill": ("'{value}' ist keine Fertigkeit.", "Eine dieser verwenden: {allowed}."),
    "unknown_literacy": (
        "'{value}' ist kein Ergebnis der Schriftsprachkompetenz.",
        "Eines dieser verwenden: {allowed}.",
    ),
    "computed_not_allowed": (
        "Berechnete Werte ({what}) sind hier nicht erlaubt.",
        "Stufen und Alphabetisierung nur in literacy- und recommendations-Regeln verwenden.",
    ),
    "skill_without_can_do": (
        "Die Fertigkeit '{skill}' wird bewertet, hat aber keine Kann-Beschreibungen.",
        "can_do-Fragen mit 'skill: {skill}' ab A1 anlegen oder die Fertigkeit aus scoring entfernen.",
    ),
    "can_do_level_gap": (
        "Der Fertigkeit '{skill}' fehlen Kann-Beschreibungen der Stufe {level}.",
        "Stufen lückenlos ab A1 anlegen – höhere Stufen zählen nur, wenn alle niedrigeren erreicht sind.",
    ),
    "can_do_unscored": (
        "Die Fertigkeit '{skill}' hat Kann-Beschreibungen, fehlt aber unter scoring.skills.",
        "'{skill}' unter scoring.skills eintragen.",
    ),
    "bad_skill_question": (
        "Die Frage '{id}' muss eine Einfachauswahl mit GER-Stufen sein ({detail}).",
        "type: single_choice mit choices: cefr_levels verwenden.",
    ),
    "certificate_text_too_long": (
        "Der Bescheinigungstext ({lang}) ist zu lang: {actual} Zeichen, höchstens {max} passen auf die Bescheinigung.",
        "Den Satz kürzen.",
    ),
    "certificate_text_incomplete": (
        "Der Fertigkeit '{skill}' fehlen Bescheinigungstexte für: {missing}.",
        "certificate_text für alle Stufen Pre-A1 … C2 eintragen oder ganz weglassen.",
    ),
    "unknown_fact": (
        "'{value}' ist kein Fakt, den eine Platzierungsregel verwenden oder placement.facts zuordnen kann.",
        "Einen dieser Fakten verwenden: {allowed} (docs/placement.md, Fakten).",
    ),
    "bad_fact_source": (
        "Ungültige Quelle eines Fakts: {detail}.",
        "Genau eine Quelle angeben: {{question: id}} (mit map), {{when: Bedingung}} oder {{age: geburtsdatum}}.",
    ),
    "fact_mismatch": (
        "Die Quelle passt nicht zum Fakt '{fact}': {detail}.",
        "Eine passende Frage wählen oder die Werte mit map auf die Werte des Fakts abbilden.",
    ),
    "answers_in_placement_rule": (
        "Platzierungs- und Kursformregeln sehen keine Antworten, nur Fakten und Stufen.",
        "Statt {{question: ...}} einen Fakt {{fact: ...}} verwenden und ihn unter placement.facts zuordnen.",
    ),
    "unknown_format": ("Die Kursform '{value}' gibt es nicht.", "Eine dieser Kursformen verwenden: {allowed}."),
    "observation_without_rating": (
        "Die Fertigkeit '{skill}' wird nach Beobachtung eingestuft, hat aber keine rating_question.",
        "rating_question mit der Einschätzung im Gespräch angeben oder method: checklist setzen.",
    ),
    "decision_not_required": (
        "Die Entscheidungsfrage '{id}' ({skill}) wird nicht verlangt, wenn Checkliste und Einschätzung abweichen.",
        "'required: {{checklist: {skill}, not_equals: {{question: rating_…}}}}' setzen (und show_if ebenso).",
    ),
    "override_without_reason": (
        "Abweichende Einstufungen brauchen eine Begründungsfrage, die Pflicht wird, sobald eine gesetzt ist.",
        "override_reason_question angeben und dort "
        "'required: {{any: [{{question: override_…, answered: true}}, …]}}' setzen.",
    ),
}

# Pydantic error types -> (code, how to describe it); used only by the loader's structural step.
STRUCTURE_CODES: dict[str, str] = {
    "extra_forbidden": "unknown_key",
    "missing": "missing_key",
    "union_tag_invalid": "unknown_question_type",
    "union_tag_not_found": "missing_key",
    "condition_kind": "bad_condition",
    "condition_operator": "bad_condition",
    "fact_source": "bad_fact_source",
}


@dataclass(frozen=True)
class Problem:
    """One problem of a guide file."""

    code: str
    location: str
    message: str
    hint: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"Zeile {self.line}, {self.location}" if self.line else self.location
        return f"{where}: {self.message} [{self.code}] – Hinweis: {self.hint}".replace("\n", " ")


def problem(code: str, location: str, line: int | None = None, **details: Any) -> Problem:
    """A problem from the catalogue; ``details`` fill the message and hint templates."""
    message, hint = GUIDE_PROBLEMS[code]
    safe = _Defaults(details)
    return Problem(code, location, message.format_map(safe), hint.format_map(safe), line)


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


class GuideError(ValueError):
    """A guide file that cannot be used; ``.problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        first = str(problems[0]) if problems else "unbekannter Fehler"
        more = f" (und {len(problems) - 1} weitere)" if len(problems) > 1 else ""
        super().__init__(f"Leitfaden {source} fehlerhaft: {first}{more}")


class AnswerError(ValueError):
    """Answers that do not fit the guide; ``.problems`` is [(question id, German message)], all of them."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{qid}: {msg}" for qid, msg in problems) or "ungültige Antworten")


# Pydantic / own error types of answer validation -> German message. The one place for wording.
ANSWER_MESSAGES: dict[str, str] = {
    "not_a_mapping": "Die Antworten müssen ein Objekt aus Frage-ID und Antwort sein.",
    "unknown_question": "Diese Frage gibt es im Leitfaden nicht.",
    "required": "Bitte beantworten – diese Angabe ist Pflicht.",
    "string_type": "Bitte einen Text eingeben.",
    "int_type": "Bitte eine ganze Zahl eingeben.",
    "int_from_float": "Bitte eine ganze Zahl ohne Nachkommastellen eingeben.",
    "float_type": "Bitte eine Zahl eingeben.",
    "finite_number": "Bitte eine endliche Zahl eingeben.",
    "bool_type": "Bitte Ja oder Nein wählen.",
    "list_type": "Bitte eine Liste von Einträgen angeben.",
    "dict_type": "Jeder Eintrag muss aus Feldern bestehen.",
    "extra_forbidden": "Dieses Feld gibt es in diesem Eintrag nicht.",
    "missing": "Bitte ausfüllen – dieses Feld ist Pflicht.",
    "literal_error": "Bitte eine der angebotenen Auswahlen wählen.",
    "enum": "Bitte eine der angebotenen Auswahlen wählen.",
    "too_long": "Bitte höchstens {max} Einträge angeben.",
    "too_short": "Bitte mindestens {min} Einträge angeben.",
    "greater_than_equal": "Der Wert muss mindestens {min} sein.",
    "less_than_equal": "Der Wert darf höchstens {max} sein.",
    "text_too_long": "Der Text ist zu lang: höchstens {max} Zeichen erlaubt (jetzt {actual}).",
    "control_character": "Der Text enthält unerlaubte Steuerzeichen. Bitte den Text neu eingeben.",
    "pattern": "{message}",
    "script_name": "Bitte den Namen in lateinischer Schrift eingeben, so wie er im Pass steht "
    "(erlaubt sind Buchstaben, Leerzeichen, Bindestrich, Apostroph und Punkt).",
    "date_type": "Bitte ein Datum im Format JJJJ-MM-TT eingeben.",
    "date_future": "Das Datum darf nicht in der Zukunft liegen.",
    "date_min": "Das Datum darf nicht vor dem {min} liegen.",
    "date_max": "Das Datum darf nicht nach dem {max} liegen.",
    "duplicate_items": "Jede Auswahl nur einmal angeben.",
    "constraint": "{message}",
    "item_required": "Eintrag {item}: Feld „{field}“ ist Pflicht.",
    "item_problem": "Eintrag {item}, Feld „{field}“: {message}",
    "invalid": "Ungültiger Wert.",
}


def _german_number(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def answer_message(error_type: str, **details: Any) -> str:
    """The German message of an answer error type (unknown types fall back to a generic sentence)."""
    template = ANSWER_MESSAGES.get(error_type, ANSWER_MESSAGES["invalid"])
    return template.format_map(_Defaults({k: _german_number(v) for k, v in details.items()}))


def pydantic_error_message(error: Mapping[str, Any], field_labels: Mapping[str, str] | None = None) -> str:
    """The one place where pydantic's validation errors become German sentences for interviewers.

    ``error["loc"]`` starts with the question id; ``field_labels`` (repeat groups) name the field
    of an entry: "Eintrag 2, Feld „Sprache“: ...".
    """
    ctx = dict(error.get("ctx") or {})
    details = {
        "max": ctx.get("max", ctx.get("max_length", ctx.get("le", ctx.get("lt")))),
        "min": ctx.get("min", ctx.get("min_length", ctx.get("ge", ctx.get("gt")))),
        "actual": ctx.get("actual", ""),
        "message": ctx.get("message", ""),
    }
    kind = str(error.get("type", "invalid"))
    if kind == "value_error":  # a validator of ours raised it: its message is German already
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind in ("int_parsing", "int_type") and isinstance(error.get("input"), float):
        kind = "int_from_float"
    message = answer_message(kind, **details)
    loc = tuple(error.get("loc", ()))
    if field_labels is not None and len(loc) >= 3 and isinstance(loc[1], int):
        name = field_labels.get(str(loc[2]), str(loc[2]))
        return answer_message("item_problem", item=loc[1] + 1, field=name, message=message)
    return message


def validation_messages(errors: Iterable[Mapping[str, Any]], *, fields: bool = True) -> list[str]:
    """pydantic's validation errors (``ValidationError.errors()``) as German sentences, one per error:
    the one translation every layer uses (answers, settings, certificate data). ``fields``: name the
    field before a message ("family_name: Bitte einen Text eingeben."), except where a validator of ours
    wrote the whole sentence; the whole document is "(Datei)"."""
    out = []
    for error in errors:
        message = pydantic_error_message(error)
        if fields and error.get("type") != "value_error":
            where = ".".join(str(p) for p in error.get("loc", ())) or "(Datei)"
            message = f"{where}: {message}"
        if message not in out:
            out.append(message)
    return out
