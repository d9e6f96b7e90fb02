"""Exports of the counseling office's filtered list: CSV and XLSX, headers as German labels or as
question ids, full or pseudonymised for statistics. Every export is audited.

Rows are streamed from the database straight into the writer (no list of 100,000 rows in memory);
XLSX uses openpyxl's write-only mode and is laid out for reading: bold wrapped header row, column widths
from the headers and the values each column holds, header row and first column frozen, a filter on the
header row, and dates as real date cells with German display formats (so they sort and filter as dates).
CSV has the same columns and values, dates as text (German with German labels, ISO with question ids).
The pseudonymised export leaves out everything that names or
reaches a person — names, dates (birth date included), contact data, free text — and replaces the
learner by a stable pseudonym (HMAC of the learner id with the deployment's secret key), an age group
and months instead of days.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.guide import SKILL_LABELS_DE as SKILL_LABELS
from schemas.placement import Format
from store import audit, guides
from store.access import Actor, verify_actor
from store.db import run_in_transaction
from store.errors import InvalidInput
from store.interviews import STATUS_LABELS
from store.models import Certificate, Interview, Learner, Provider, ReviewEvent, User
from store.reporting import apply_filters, check_filters, row_scope
from store.views import ReviewFilters

FORMATS = ("csv", "xlsx")
HEADERS = ("labels", "ids")
CSV_DELIMITER = ";"  # what German spreadsheet programs expect
LITERACY_LABELS = {
    "literate_latin": "alphabetisiert (lateinische Schrift)",
    "second_script": "Zweitschriftlernende/r",
    "not_literate": "nicht alphabetisiert",
}
# Question types a pseudonymised export leaves out: free text and dates (birth date, arrival, ...).
PERSONAL_TYPES = frozenset({"text", "long_text", "date"})
AGE_GROUPS = ((0, 17, "unter 18"), (18, 24, "18–24"), (25, 34, "25–34"), (35, 44, "35–44"), (45, 54, "45–54"))
NO_ROWS = "Keine Interviews entsprechen den Filtern – es wurde keine Datei erstellt. Bitte Filter lockern."
# Spreadsheet programs run a cell that starts like a formula; exported text must never do that.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CERTIFICATE_STATUS_LABELS = {"valid": "gültig", "revoked": "widerrufen"}
# How dates look: (date, date and time) as Excel number formats and as CSV text, per header kind.
XLSX_DATE_FORMATS = {"labels": ("DD.MM.YYYY", "DD.MM.YYYY hh:mm"), "ids": ("YYYY-MM-DD", "YYYY-MM-DD hh:mm")}
CSV_DATE_FORMATS = {"labels": ("%d.%m.%Y", "%d.%m.%Y %H:%M"), "ids": ("%Y-%m-%d", "%Y-%m-%d %H:%M")}
# Column widths in characters: at least MIN_WIDTH, at most MAX_WIDTH; a longer header wraps into
# lines of about HEADER_WRAP characters instead of widening its column.
MIN_WIDTH, MAX_WIDTH, HEADER_WRAP = 8, 60, 30
HEADER_LINE_POINTS = 15  # one line of the 11-point default font
# What the values of a question type usually need (choice questions: their longest label).
TYPE_WIDTHS = {"yes_no": 6, "date": 10, "integer": 8, "decimal": 10, "can_do": 10, "text": 24, "long_text": 50}


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # question id or meta key
    label: str  # German header
    value: Callable[[Any, dict[str, Any]], Any]  # (row, answers) -> cell value
    width: int = 12  # characters the values usually need
    kind: str = "text"  # "date" and "datetime" columns hold date / datetime values (or None)

    @property
    def sheet_width(self) -> int:
        """The spreadsheet column's width: room for the values and for the header, which wraps."""
        return min(MAX_WIDTH, max(MIN_WIDTH, self.width, min(len(self.label), HEADER_WRAP)) + 2)


@dataclass(frozen=True, slots=True)
class ExportResult:
    rows: int
    columns: list[str]
    file_name: str


def pseudonym(learner_id: int, key: bytes | None = None) -> str:
    """A stable pseudonym of a learner: the same id always gives the same 16 hex characters, and
    nobody without the deployment's secret key can compute or reverse it."""
    if key is None:
        from settings import get_settings

        key = get_settings().effective_secret_key
    return hmac.new(key, f"learner-pseudonym:{learner_id}".encode(), hashlib.sha256).hexdigest()[:16]


def age_group(birth: date | None, at: datetime | None) -> str | None:
    if birth is None or at is None:
        return None
    years = at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))
    for low, high, label in AGE_GROUPS:
        if low <= years <= high:
            return label
    return "55 und älter"


def _month(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m") if value else None


def _de(text: dict[str, str] | None) -> str:
    return (text or {}).get("de") or next(iter((text or {}).values()), "")


def course_labels(guide_list: list[Any]) -> dict[tuple[str, int], dict[str, str]]:
    """German course labels per guide version: (guide id, version) -> course id -> label."""
    return {(g.id, g.version): {c.value: _de(c.label) for c in g.course_types} for g in guide_list}


def meta_columns(
    pseudonymize: bool, ids: bool, courses: dict[tuple[str, int], dict[str, str]] | None = None
) -> list[Column]:
    """The columns before the questions. ``courses``: German course labels (see ``course_labels``)."""

    def label(key: str, german: str) -> str:
        return key if ids else german

    courses = courses or {}

    def course(r: Any, a: Any) -> Any:
        return courses.get((r.guide_id, r.guide_version), {}).get(r.recommended_course, r.recommended_course)

    course_width = max((len(x) for labels in courses.values() for x in labels.values()), default=20)
    cols = [Column("interview_id", label("interview_id", "Interview-Nr."), lambda r, a: r.id, 8)]
    if pseudonymize:
        cols += [
            Column("pseudonym", label("pseudonym", "Pseudonym"), lambda r, a: pseudonym(r.learner_id), 16),
            Column(
                "age_group",
                label("age_group", "Altersgruppe"),
                lambda r, a: age_group(r.birth_date, r.submitted_at),
                11,
            ),
        ]
    else:
        cols.append(Column("learner_id", label("learner_id", "Lernenden-Nr."), lambda r, a: r.learner_id, 8))
    cols.append(Column("provider", label("provider", "Träger"), lambda r, a: r.provider_name, 24))
    if not pseudonymize:  # staff are people, too
        cols.append(Column("interviewer", label("interviewer", "Interviewer/in"), lambda r, a: r.interviewer, 20))
    cols += [
        Column(
            "status",
            label("status", "Status"),
            (lambda r, a: r.status) if ids else (lambda r, a: STATUS_LABELS.get(r.status, r.status)),
            max(map(len, STATUS_LABELS.values())),
        ),
        Column("guide", label("guide", "Leitfaden"), lambda r, a: f"{r.guide_id} v{r.guide_version}", 16),
    ]
    if pseudonymize:
        cols += [
            Column("submitted", label("submitted_month", "Eingereicht"), lambda r, a: _month(r.submitted_at), 8),
            Column("approved", label("approved_month", "Freigegeben"), lambda r, a: _month(r.approved_at), 8),
        ]
    else:
        cols += [
            Column("submitted", label("submitted_at", "Eingereicht"), lambda r, a: r.submitted_at, 16, "datetime"),
            Column("approved", label("approved_at", "Freigegeben"), lambda r, a: r.approved_at, 16, "datetime"),
        ]
    for skill, column in guides.SKILL_COLUMNS.items():
        cols.append(
            Column(
                f"level_{skill}",
                label(f"level_{skill}", f"Niveau {SKILL_LABELS[skill]}"),
                lambda r, a, c=column: getattr(r, c),
                6,
            )
        )
    cols += [
        Column(
            "literacy",
            label("literacy", "Alphabetisierung"),
            (lambda r, a: r.literacy) if ids else (lambda r, a: LITERACY_LABELS.get(r.literacy or "", r.literacy)),
            max(map(len, LITERACY_LABELS.values())),
        ),
        Column(
            "course",
            label("recommended_course", "Kursempfehlung"),
            (lambda r, a: r.recommended_course) if ids else course,
            course_width,
        ),
        Column("start_level", label("start_level", "Einstiegsniveau"), lambda r, a: r.start_level, 6),
        # version 2 on (empty for version 1): the course form of the placement and the warnings to look at
        Column(
            "course_formats",
            label("course_formats", "Kursform"),
            (lambda r, a: ", ".join(r.course_formats or []) or None)
            if ids
            else (lambda r, a: ", ".join(Format.labels().get(f, f) for f in r.course_formats or []) or None),
            24,
        ),
        Column(
            "warnings",
            label("warnings", "Hinweise zur Prüfung"),
            lambda r, a: " | ".join(r.warnings or []) or None,
            60,
        ),
        Column(
            "duplicate",
            label("possible_duplicate", "Mögliche Dublette"),
            (lambda r, a: bool(r.possible_duplicate))
            if ids
            else (lambda r, a: "ja" if r.possible_duplicate else "nein"),
            6,
        ),
    ]
    if not pseudonymize:  # a certificate number reaches the person through the public verification page
        cols.append(
            Column(
                "certificate_number",
                label("certificate_number", "Bescheinigungs-Nr."),
                lambda r, a: r.certificate_number,
                16,
            )
        )
    cols.append(
        Column(
            "certificate_status",
            label("certificate_status", "Bescheinigungsstatus"),
            (lambda r, a: _certificate_status(r)) if ids else (lambda r, a: _certificate_status(r, german=True)),
            10,
        )
    )
    if not pseudonymize:  # free text
        cols.append(
            Column(
                "last_return_comment",
                label("last_return_comment", "Letzter Rückgabe-Kommentar (Beratungsstelle)"),
                lambda r, a: r.return_comment,
                50,
            )
        )
    return cols


def _certificate_status(row: Any, german: bool = False) -> str | None:
    """The newest certificate of the interview: valid or revoked (None: no certificate yet)."""
    if row.certificate_number is None:
        return None
    status = "revoked" if row.certificate_revoked else "valid"
    return CERTIFICATE_STATUS_LABELS[status] if german else status


def _date(v: Any) -> Any:
    """A stored ISO date as a date (a cell the spreadsheet sorts as a date); anything else unchanged."""
    try:
        return date.fromisoformat(v) if v else None
    except (TypeError, ValueError):
        return v


def _formatter(g: Any, q: Any, ids: bool, text: bool = False) -> Callable[[Any], Any]:
    """Turns one stored answer into a cell: ids keep machine values, labels give German text. Dates
    become date values (the sink formats them); ``text``: inside a repeat group, as text."""
    kind = q.type
    if kind == "yes_no":
        return (lambda v: v) if ids else (lambda v: None if v is None else ("ja" if v else "nein"))
    if kind in ("single_choice", "multi_choice"):
        if ids:
            return lambda v: " ".join(map(str, v)) if isinstance(v, list) else v
        labels = {c.value: _de(c.label) for c in g.choices_of(q)}
        if kind == "single_choice":
            return lambda v: None if v is None else labels.get(v, v)
        return lambda v: None if not v else ", ".join(labels.get(x, str(x)) for x in v)
    if kind == "can_do":
        total = len(q.statements)
        if ids:
            return lambda v: None if v is None else " ".join(v)
        return lambda v: None if v is None else f"{len(v)} von {total}"
    if kind == "date":
        if not text:
            return _date
        if ids:
            return lambda v: v
        return lambda v: None if not v else f"{v[8:10]}.{v[5:7]}.{v[0:4]}"
    if kind == "repeat":
        subs = [(sub.id, _de(sub.label), _formatter(g, sub, ids, text=True)) for sub in q.fields]

        def repeat(v: Any) -> Any:
            if not v:
                return None
            items = []
            for item in v:
                parts = [f"{sid if ids else label}: {fmt(item.get(sid))}" for sid, label, fmt in subs if sid in item]
                items.append("; ".join(parts))
            return " | ".join(items)

        return repeat
    return lambda v: v


def _value_width(g: Any, q: Any) -> int:
    """What the values of a question usually need, in characters (the column width before its header)."""
    if q.type in ("single_choice", "multi_choice"):
        longest = max((len(_de(c.label)) for c in g.choices_of(q)), default=12)
        return longest if q.type == "single_choice" else max(longest, 30)
    return TYPE_WIDTHS.get(q.type, 40)


def _personal(q: Any) -> bool:
    if q.type in PERSONAL_TYPES:
        return True
    return q.type == "repeat" and any(sub.type in PERSONAL_TYPES for sub in q.fields)


def question_columns(guide_list: list[Any], pseudonymize: bool, ids: bool) -> list[Column]:
    """One column per question of the guide versions in the export (newest version's order first)."""
    seen: set[str] = set()
    cols: list[Column] = []
    for g in guide_list:
        for _section, q in g.questions():
            if q.type == "note" or q.id in seen or (pseudonymize and _personal(q)):
                continue
            seen.add(q.id)
            fmt = _formatter(g, q, ids)
            cols.append(
                Column(
                    q.id,
                    q.id if ids else _de(q.label),
                    lambda r, a, k=q.id, f=fmt: f(a.get(k)),
                    _value_width(g, q),
                    "date" if q.type == "date" else "text",
                )
            )
    return cols


NAME_QUESTIONS = ("family_name", "given_names")


def names_first(columns: list[Column]) -> list[Column]:
    """The person's name right after the interview number (both stay in view: the sheet freezes them),
    not somewhere among the guide's questions."""
    names = [c for c in columns if c.key in NAME_QUESTIONS]
    rest = [c for c in columns if c.key not in NAME_QUESTIONS]
    return rest[:1] + names + rest[1:]


def _frozen(columns: list[Column]) -> int:
    """How many leading columns stay in view when scrolling sideways: the number and the name."""
    return 1 + sum(1 for c in columns[1:3] if c.key in NAME_QUESTIONS)


def _rows_query(actor: Actor, f: ReviewFilters) -> Any:
    # The interview's newest certificate (a revoked one stays listed until a new one is issued) and the
    # counseling office's last return comment: both are shown to counselors on the review page, too.
    newest_certificate = (
        select(func.max(Certificate.id))
        .where(Certificate.interview_id == Interview.id)
        .correlate(Interview)
        .scalar_subquery()
    )
    return_comment = (
        select(ReviewEvent.comment)
        .where(ReviewEvent.interview_id == Interview.id, ReviewEvent.kind == "return")
        .order_by(ReviewEvent.at.desc(), ReviewEvent.id.desc())
        .limit(1)
        .correlate(Interview)
        .scalar_subquery()
    )
    query = (
        select(
            Interview.id,
            Interview.learner_id,
            Interview.status,
            Interview.guide_id,
            Interview.guide_version,
            Interview.submitted_at,
            Interview.approved_at,
            Interview.literacy,
            Interview.recommended_course,
            Interview.answers,
            *[getattr(Interview, c) for c in guides.SKILL_COLUMNS.values()],
            Interview.scores[("recommendation", "start_level")].as_string().label("start_level"),
            Interview.scores[("placement", "formats")].label("course_formats"),
            Interview.scores["warnings"].label("warnings"),
            Learner.birth_date,
            Learner.possible_duplicate,
            Provider.name.label("provider_name"),
            func.coalesce(func.nullif(User.display_name, ""), User.username).label("interviewer"),
            Certificate.number.label("certificate_number"),
            Certificate.revoked.label("certificate_revoked"),
            return_comment.label("return_comment"),
        )
        .select_from(Interview)
        .join(Learner, Learner.id == Interview.learner_id)
        .join(Provider, Provider.id == Interview.provider_id)
        .outerjoin(User, User.id == Interview.interviewer_id)
        .outerjoin(Certificate, Certificate.id == newest_certificate)
    )
    return apply_filters(row_scope(actor, query), f)


def _count(s: Session, actor: Actor, f: ReviewFilters) -> int:
    q = select(func.count()).select_from(Interview).join(Learner, Learner.id == Interview.learner_id)
    return s.scalar(apply_filters(row_scope(actor, q), f)) or 0


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _date_indexes(columns: list[Column]) -> list[tuple[int, bool]]:
    """(position, is date and time) of the date columns."""
    return [(i, c.kind == "datetime") for i, c in enumerate(columns) if c.kind in ("date", "datetime")]


class _CsvSink:
    def __init__(self, out: IO[bytes], headers: str) -> None:
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        self.writer = csv.writer(self.text, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL)
        self.formats = CSV_DATE_FORMATS[headers]
        self.dates: list[tuple[int, bool]] = []

    def header(self, columns: list[Column]) -> None:
        self.dates = _date_indexes(columns)
        self.writer.writerow([c.label for c in columns])

    def row(self, values: list[Any]) -> None:
        for i, timed in self.dates:
            v = values[i]
            if isinstance(v, date):
                values[i] = v.strftime(self.formats[timed])
        self.writer.writerow(["" if v is None else _safe(v) for v in values])

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class _XlsxSink:
    def __init__(self, out: IO[bytes], headers: str) -> None:
        from openpyxl import Workbook

        self.out = out
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Interviews")
        self.formats = XLSX_DATE_FORMATS[headers]
        self.dates: list[tuple[int, Any]] = []
        self.columns = 0
        self.rows = 0

    def header(self, columns: list[Column]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        # Write-only mode writes the sheet view and the column widths before the first row: set them now.
        self.sheet.freeze_panes = f"{get_column_letter(_frozen(columns) + 1)}2"
        lines = 1
        for i, column in enumerate(columns, 1):
            width = column.sheet_width
            self.sheet.column_dimensions[get_column_letter(i)].width = width
            lines = max(lines, len(textwrap.wrap(column.label, width - 2, break_long_words=True)))
        self.sheet.row_dimensions[1].height = HEADER_LINE_POINTS * lines + 3
        bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        cells = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=column.label)
            cell.font, cell.alignment = bold, wrap
            cells.append(cell)
        self.sheet.append(cells)
        # One styled cell per date column, reused for every row: each row is written out when appended.
        for i, timed in _date_indexes(columns):
            cell = WriteOnlyCell(self.sheet)
            cell.number_format = self.formats[timed]
            self.dates.append((i, cell))
        self.columns = len(columns)

    def row(self, values: list[Any]) -> None:
        for i, cell in self.dates:
            v = values[i]
            if isinstance(v, date):
                cell.value = v
                values[i] = cell
        for i, v in enumerate(values):
            if isinstance(v, str) and v.startswith(FORMULA_START):
                values[i] = self._text_cell(v)
        self.sheet.append(values)
        self.rows += 1

    def _text_cell(self, value: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"  # stored as text, never evaluated as a formula
        return cell

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        # the filter is written after the rows, so its range can name the last row
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(self.columns)}{self.rows + 1}"
        self.book.save(self.out)


def _guides_for(s: Session, actor: Actor, f: ReviewFilters) -> list[Any]:
    q = (
        select(Interview.guide_id, Interview.guide_version)
        .select_from(Interview)
        .join(Learner, Learner.id == Interview.learner_id)
    )
    versions = s.execute(apply_filters(row_scope(actor, q), f).distinct()).all()
    ordered = sorted(versions, key=lambda v: (v[0], -v[1]))
    return [guides.guide(s, gid, ver) for gid, ver in ordered]


def file_name(fmt: str, pseudonymize: bool, today: date | None = None) -> str:
    kind = "statistik-pseudonymisiert" if pseudonymize else "interviews"
    return f"sprachstand-{kind}-{(today or date.today()).isoformat()}.{fmt}"


def count_rows(actor: Actor, filters: ReviewFilters) -> int:
    """How many interviews an export with these filters would contain."""

    def work(s: Session) -> int:
        verify_actor(s, actor)
        check_filters(filters)
        return _count(s, actor, filters)

    return run_in_transaction(work, readonly=True)


def export_interviews(
    actor: Actor,
    filters: ReviewFilters,
    out: IO[bytes],
    *,
    fmt: str = "xlsx",
    pseudonymize: bool = False,
    headers: str = "labels",
) -> ExportResult:
    """Writes the filtered list to ``out`` (CSV or XLSX) and records the export in the audit log.

    Counseling office (or the command line with the counseling office's view). Zero matching
    interviews raise InvalidInput and write nothing."""
    if fmt not in FORMATS:
        raise InvalidInput(f"Format „{fmt}“ gibt es nicht (csv oder xlsx).", "format")
    if headers not in HEADERS:
        raise InvalidInput("Spaltenköpfe: „labels“ (deutsche Beschriftung) oder „ids“ (Fragen-Kennungen).", "headers")
    ids = headers == "ids"

    def write(s: Session) -> tuple[int, list[str]]:
        verify_actor(s, actor)
        check_filters(filters)
        if _count(s, actor, filters) == 0:
            raise InvalidInput(NO_ROWS, "filters")
        guide_list = _guides_for(s, actor, filters)
        columns = names_first(
            meta_columns(pseudonymize, ids, course_labels(guide_list)) + question_columns(guide_list, pseudonymize, ids)
        )
        sink: _CsvSink | _XlsxSink = _CsvSink(out, headers) if fmt == "csv" else _XlsxSink(out, headers)
        names = [c.label for c in columns]
        sink.header(columns)
        n = 0
        query = _rows_query(actor, filters).order_by(Interview.submitted_at.asc(), Interview.id.asc())
        for row in _stream(s, query):
            answers = row.answers or {}
            sink.row([c.value(row, answers) for c in columns])
            n += 1
        sink.close()
        return n, names

    rows, names = run_in_transaction(write, readonly=True)
    name = file_name(fmt, pseudonymize)

    def record(s: Session) -> None:
        verify_actor(s, actor)
        audit.record(
            s,
            actor,
            "export.pseudonymized" if pseudonymize else "export.interviews",
            "interview",
            None,
            format=fmt,
            headers=headers,
            rows=rows,
            filters=describe_filters(filters),
        )

    run_in_transaction(record)
    return ExportResult(rows=rows, columns=names, file_name=name)


def _stream(s: Session, query: Any) -> Iterator[Any]:
    yield from s.execute(query.execution_options(yield_per=2000))


def describe_filters(f: ReviewFilters) -> dict[str, Any]:
    """The filters as audit details (JSON; the name search is recorded only as 'used', not its text)."""
    return {
        "statuses": list(f.statuses),
        "provider_id": f.provider_id,
        "submitted_from": f.submitted_from.isoformat() if f.submitted_from else None,
        "submitted_to": f.submitted_to.isoformat() if f.submitted_to else None,
        "min_levels": dict(f.min_levels),
        "course": f.course,
        "duplicates_only": f.duplicates_only,
        "name_search": bool(f.search),
    }


def export_bytes(actor: Actor, filters: ReviewFilters, **kw: Any) -> tuple[bytes, ExportResult]:
    """The export as bytes (for a download button)."""
    buffer = io.BytesIO()
    result = export_interviews(actor, filters, buffer, **kw)
    return buffer.getvalue(), result
