"""The catalogue as a spreadsheet: the documented column list (docs/courses.md), reading a provider's
CSV or XLSX file into checked ``CourseDraft``s, and writing offers back in the same columns.

Pure: bytes in, drafts or bytes out. Reading checks the *whole* file and reports every bad row with its
line and reason (German); a caller imports nothing unless the list of problems is empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError

from schemas.courses import OFFER_FORMATS, CourseDraft, Measure, OfferStatus, Weekday, course_problems
from schemas.placement import Course, Format
from schemas.vocabulary import Level


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the header in the file
    field: str  # the CourseDraft field
    required: bool
    help: str  # German, for docs/courses.md and the error messages


COLUMNS: tuple[Column, ...] = (
    Column("titel", "title", True, "Name des Angebots, höchstens 200 Zeichen"),
    Column("kursart", "course_type", False, "Kursart (Kennung oder deutsche Bezeichnung); leer bei einer Maßnahme"),
    Column("massnahme", "measure", False, "andere Maßnahme (Kennung oder Bezeichnung); leer bei einem Kurs"),
    Column("einstiegsniveau", "entry_level", False, "GER-Stufe beim Einstieg: Pre-A1, A1 … C2"),
    Column("zielniveau", "target_level", False, "GER-Stufe am Ende, nicht unter dem Einstieg"),
    Column("beginn", "start_date", True, "Datum JJJJ-MM-TT oder TT.MM.JJJJ, nicht in der Vergangenheit"),
    Column("ende", "end_date", False, "Datum, nicht vor dem Beginn"),
    Column("tage", "days", False, "Wochentage, mit Komma getrennt: Mo, Di, Mi, Do, Fr, Sa, So"),
    Column("uhrzeit_von", "time_from", False, "Uhrzeit HH:MM"),
    Column("uhrzeit_bis", "time_to", False, "Uhrzeit HH:MM, nach dem Anfang"),
    Column("unterrichtseinheiten", "teaching_units", False, "ganze Zahl 0–2000 (UE)"),
    Column("formate", "formats", False, "mit Komma: Vollzeit, Teilzeit, Abendkurs, online möglich, nur für Frauen"),
    Column("kinderbetreuung", "childcare_on_site", False, "ja/nein: Kinderbetreuung vor Ort"),
    Column("adresse", "address", False, "Straße, Hausnummer, PLZ Ort"),
    Column("stadtteil", "district", False, "Stadtteil oder Bezirk"),
    Column("barrierefrei", "barrier_free", False, "ja/nein"),
    Column("barrierefreiheit_hinweise", "accessibility", False, "z. B. Aufzug, Hörschleife"),
    Column("plaetze_gesamt", "places_total", False, "ganze Zahl 0–500"),
    Column("plaetze_frei", "places_free", False, "ganze Zahl, nicht mehr als Plätze gesamt"),
    Column("warteliste", "waitlist_open", False, "offen/geschlossen (oder ja/nein)"),
    Column("kontakt", "contact", False, "Telefon oder E-Mail der Anmeldung des Trägers (keine Privatperson)"),
    Column("status", "status", False, "geplant, Anmeldung offen, ausgebucht, läuft, beendet (Vorgabe: geplant)"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
MAX_ROWS = 5000
_YES = {"ja", "j", "yes", "y", "1", "x", "true", "wahr", "offen"}
_NO = {"nein", "n", "no", "0", "", "false", "falsch", "geschlossen"}


class TableProblems(ValueError):
    """The file cannot be imported; ``problems`` is [(line, German reason)] for every bad row."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"Zeile {line}: {text}" if line else text for line, text in problems))
        self.problems = problems


def _enum(kind: Any, labels: Callable[[Any], Iterable[str]]) -> Callable[[str], Any]:
    lookup: dict[str, Any] = {}
    for member in kind:
        for text in (member.value, *labels(member)):
            lookup[text.casefold()] = member

    def parse(text: str) -> Any:
        found = lookup.get(text.strip().casefold())
        if found is None:
            raise ValueError(f"„{text}“ ist kein bekannter Wert")
        return found

    return parse


_COURSE = _enum(Course, lambda m: (m.label,))
_MEASURE = _enum(Measure, lambda m: (m.label,))
_STATUS = _enum(OfferStatus, lambda m: (m.label, m.label_en))
_DAY = _enum(Weekday, lambda m: (m.label, m.label_en))
_FORMAT = _enum(Format, lambda m: (m.label,))


def _date(text: str) -> date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"„{text}“ ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)")


def _time(text: str) -> time:
    try:
        return datetime.strptime(text.strip().replace(".", ":"), "%H:%M").time()
    except ValueError:
        raise ValueError(f"„{text}“ ist keine Uhrzeit (HH:MM)") from None


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"„{text}“ ist keine ganze Zahl") from None


def _bool(text: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"„{text}“: bitte ja oder nein")


def _level(text: str) -> Level:
    found = Level.parse(text)
    if found is None:
        raise ValueError(f"„{text}“ ist keine GER-Stufe (Pre-A1, A1, A2, B1, B2, C1, C2)")
    return found


def _split(parse: Callable[[str], Any]) -> Callable[[str], frozenset[Any]]:
    return lambda text: frozenset(parse(part) for part in text.replace(";", ",").split(",") if part.strip())


_PARSERS: dict[str, Callable[[str], Any]] = {
    "course_type": _COURSE,
    "measure": _MEASURE,
    "entry_level": _level,
    "target_level": _level,
    "start_date": _date,
    "end_date": _date,
    "days": _split(_DAY),
    "time_from": _time,
    "time_to": _time,
    "teaching_units": _int,
    "formats": _split(_FORMAT),
    "childcare_on_site": _bool,
    "barrier_free": _bool,
    "places_total": _int,
    "places_free": _int,
    "waitlist_open": _bool,
    "status": _STATUS,
}
_BY_FIELD = {c.field: c for c in COLUMNS}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableProblems(
            [
                (
                    0,
                    "Die Datei ist nicht in UTF-8 gespeichert (Umlaute wären falsch). Bitte in Excel „CSV UTF-8 "
                    "(durch Trennzeichen getrennt)“ wählen oder die Datei als XLSX hochladen.",
                )
            ]
        ) from None


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any damage of the zip or XML: one message, the file is not usable
        raise TableProblems(
            [(0, "Die XLSX-Datei lässt sich nicht lesen. Bitte als XLSX oder CSV neu speichern.")]
        ) from None
    sheet = book.worksheets[0]
    rows: list[list[str]] = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_cell(v) for v in values])
    book.close()
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.strftime("%H:%M")
    if isinstance(value, date | time):
        return value.isoformat() if isinstance(value, date) else value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header(row: list[str]) -> list[str]:
    names = [cell.strip().casefold() for cell in row]
    while names and not names[-1]:
        names.pop()
    unknown = [n for n in names if n not in COLUMN_NAMES]
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    doubled = sorted({n for n in names if names.count(n) > 1})
    problems = []
    if unknown:
        problems.append(f"unbekannte Spalten: {', '.join(unknown)}")
    if missing:
        problems.append(f"es fehlen die Spalten: {', '.join(missing)}")
    if doubled:
        problems.append(f"doppelte Spalten: {', '.join(doubled)}")
    if problems:
        raise TableProblems(
            [(1, "Kopfzeile: " + "; ".join(problems) + f". Erlaubt sind: {', '.join(COLUMN_NAMES)} (docs/courses.md).")]
        )
    return names


def _draft(names: list[str], row: list[str], today: date) -> tuple[CourseDraft | None, list[str]]:
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, text in zip(names, row, strict=False):
        column = next(c for c in COLUMNS if c.name == name)
        if not text.strip():
            continue
        parse = _PARSERS.get(column.field)
        try:
            values[column.field] = parse(text) if parse else text
        except ValueError as exc:
            problems.append(f"Spalte {name}: {exc}")
    if problems:
        return None, problems
    try:
        draft = CourseDraft(**values)
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            column_name = _BY_FIELD[field].name if field in _BY_FIELD else field
            problems.append(f"Spalte {column_name}: {_german(error)}")
        return None, problems
    for field, message in course_problems(draft, today):
        problems.append(f"Spalte {_BY_FIELD[field].name}: {message}")
    return (None if problems else draft), problems


def _german(error: Any) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "fehlt"
    if kind == "string_too_long":
        return f"zu lang (höchstens {ctx.get('max_length')} Zeichen)"
    if kind == "string_too_short":
        return "darf nicht leer sein"
    if kind in ("less_than_equal", "greater_than_equal"):
        bound = ctx.get("le", ctx.get("ge"))
        return f"Wert außerhalb des erlaubten Bereichs (Grenze {bound}; keine negativen Zahlen)"
    return "ungültiger Wert"


def read_offers(data: bytes, filename: str, today: date) -> list[tuple[int, CourseDraft]]:
    """(line, draft) for every row of a CSV or XLSX file; raises ``TableProblems`` listing every bad row
    (a wrong header, an unreadable file or encoding stops at once)."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise TableProblems([(0, "Bitte eine CSV- oder XLSX-Datei angeben (Dateiendung .csv oder .xlsx).")])
    if not rows:
        raise TableProblems([(0, "Die Datei ist leer: es fehlt schon die Kopfzeile.")])
    names = _header(rows[0])
    body = [(line, row) for line, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if len(body) > MAX_ROWS:
        raise TableProblems([(0, f"Zu viele Zeilen ({len(body)}); höchstens {MAX_ROWS} Angebote pro Datei.")])
    if not body:
        raise TableProblems([(0, "Die Datei enthält keine Angebote (nur die Kopfzeile).")])
    drafts: list[tuple[int, CourseDraft]] = []
    problems: list[tuple[int, str]] = []
    for line, row in body:
        if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
            problems.append((line, f"mehr Werte als Spalten ({len(row)} statt {len(names)})"))
            continue
        draft, row_problems = _draft(names, row, today)
        problems.extend((line, text) for text in row_problems)
        if draft is not None:
            drafts.append((line, draft))
    if problems:
        raise TableProblems(problems)
    return drafts


def _cells(draft: CourseDraft) -> list[str]:
    order = {day: i for i, day in enumerate(Weekday)}
    values: dict[str, str] = {
        "title": draft.title,
        "course_type": draft.course_type.value if draft.course_type else "",
        "measure": draft.measure.value if draft.measure else "",
        "entry_level": draft.entry_level.label if draft.entry_level else "",
        "target_level": draft.target_level.label if draft.target_level else "",
        "start_date": draft.start_date.isoformat(),
        "end_date": draft.end_date.isoformat() if draft.end_date else "",
        "days": ", ".join(d.label for d in sorted(draft.days, key=order.__getitem__)),
        "time_from": f"{draft.time_from:%H:%M}" if draft.time_from else "",
        "time_to": f"{draft.time_to:%H:%M}" if draft.time_to else "",
        "teaching_units": "" if draft.teaching_units is None else str(draft.teaching_units),
        "formats": ", ".join(f.label for f in OFFER_FORMATS if f in draft.formats),
        "childcare_on_site": "ja" if draft.childcare_on_site else "nein",
        "address": draft.address,
        "district": draft.district,
        "barrier_free": "ja" if draft.barrier_free else "nein",
        "accessibility": draft.accessibility,
        "places_total": str(draft.places_total),
        "places_free": str(draft.places_free),
        "waitlist_open": "offen" if draft.waitlist_open else "geschlossen",
        "contact": draft.contact,
        "status": draft.status.label,
    }
    return [values[c.field] for c in COLUMNS]


def write_offers(drafts: Iterable[CourseDraft], fmt: str) -> bytes:
    """The offers in the import's columns, as ``csv`` (UTF-8 with BOM, ";" for German Excel) or ``xlsx``."""
    rows = [list(COLUMN_NAMES), *(_cells(d) for d in drafts)]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Angebote")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
