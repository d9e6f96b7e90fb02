"""Exports of the counseling office's filtered list: CSV and XLSX, headers as German labels or as
question ids, full or pseudonymised for statistics. Every export is audited.

Rows are streamed from the database straight into the writer (no list of 100,000 rows in memory);
XLSX uses openpyxl's write-only mode. The pseudonymised export leaves out everything that names or
reaches a person — names, dates (birth date included), contact data, free text — and replaces the
learner by a stable pseudonym (HMAC of the learner id with the deployment's secret key), an age group
and months instead of days.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.guide import SKILL_LABELS_DE as SKILL_LABELS
from store import audit, guides
from store.access import Actor, verify_actor
from store.db import run_in_transaction
from store.errors import InvalidInput
from store.interviews import STATUS_LABELS
from store.models import Interview, Learner, Provider
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


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # question id or meta key
    label: str  # German header
    value: Callable[[Any, dict[str, Any]], Any]  # (row, answers) -> cell value


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


def _iso_day(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M") if value else None


def _month(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m") if value else None


def meta_columns(pseudonymize: bool, ids: bool) -> list[Column]:
    def label(key: str, german: str) -> str:
        return key if ids else german

    cols = [Column("interview_id", label("interview_id", "Interview-Nr."), lambda r, a: r.id)]
    if pseudonymize:
        cols += [
            Column("pseudonym", label("pseudonym", "Pseudonym"), lambda r, a: pseudonym(r.learner_id)),
            Column(
                "age_group",
                label("age_group", "Altersgruppe"),
                lambda r, a: age_group(r.birth_date, r.submitted_at),
            ),
        ]
    else:
        cols.append(Column("learner_id", label("learner_id", "Lernenden-Nr."), lambda r, a: r.learner_id))
    when = _month if pseudonymize else _iso_day
    cols += [
        Column("provider", label("provider", "Träger"), lambda r, a: r.provider_name),
        Column(
            "status",
            label("status", "Status"),
            (lambda r, a: r.status) if ids else (lambda r, a: STATUS_LABELS.get(r.status, r.status)),
        ),
        Column("guide", label("guide", "Leitfaden"), lambda r, a: f"{r.guide_id} v{r.guide_version}"),
        Column(
            "submitted",
            label("submitted_month" if pseudonymize else "submitted_at", "Eingereicht"),
            lambda r, a: when(r.submitted_at),
        ),
        Column(
            "approved",
            label("approved_month" if pseudonymize else "approved_at", "Freigegeben"),
            lambda r, a: when(r.approved_at),
        ),
    ]
    for skill, column in guides.SKILL_COLUMNS.items():
        cols.append(
            Column(
                f"level_{skill}",
                label(f"level_{skill}", f"Niveau {SKILL_LABELS[skill]}"),
                lambda r, a, c=column: getattr(r, c),
            )
        )
    cols += [
        Column(
            "literacy",
            label("literacy", "Alphabetisierung"),
            (lambda r, a: r.literacy) if ids else (lambda r, a: LITERACY_LABELS.get(r.literacy or "", r.literacy)),
        ),
        Column("course", label("recommended_course", "Kursempfehlung"), lambda r, a: r.recommended_course),
        Column(
            "duplicate",
            label("possible_duplicate", "Mögliche Dublette"),
            (lambda r, a: bool(r.possible_duplicate))
            if ids
            else (lambda r, a: "ja" if r.possible_duplicate else "nein"),
        ),
    ]
    return cols


def _de(text: dict[str, str] | None) -> str:
    return (text or {}).get("de") or next(iter((text or {}).values()), "")


def _formatter(g: Any, q: Any, ids: bool) -> Callable[[Any], Any]:
    """Turns one stored answer into a cell: ids keep machine values, labels give German text."""
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
        if ids:
            return lambda v: v
        return lambda v: None if not v else f"{v[8:10]}.{v[5:7]}.{v[0:4]}"
    if kind == "repeat":
        subs = [(sub.id, _de(sub.label), _formatter(g, sub, ids)) for sub in q.fields]

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
            cols.append(Column(q.id, q.id if ids else _de(q.label), lambda r, a, k=q.id, f=fmt: f(a.get(k))))
    return cols


def _rows_query(actor: Actor, f: ReviewFilters) -> Any:
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
            Learner.birth_date,
            Learner.possible_duplicate,
            Provider.name.label("provider_name"),
        )
        .select_from(Interview)
        .join(Learner, Learner.id == Interview.learner_id)
        .join(Provider, Provider.id == Interview.provider_id)
    )
    return apply_filters(row_scope(actor, query), f)


def _count(s: Session, actor: Actor, f: ReviewFilters) -> int:
    q = select(func.count()).select_from(Interview).join(Learner, Learner.id == Interview.learner_id)
    return s.scalar(apply_filters(row_scope(actor, q), f)) or 0


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _CsvSink:
    def __init__(self, out: IO[bytes]) -> None:
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        self.writer = csv.writer(self.text, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL)

    def header(self, names: list[str]) -> None:
        self.writer.writerow(names)

    def row(self, values: list[Any]) -> None:
        self.writer.writerow(["" if v is None else _safe(v) for v in values])

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class _XlsxSink:
    def __init__(self, out: IO[bytes]) -> None:
        from openpyxl import Workbook

        self.out = out
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Interviews")

    def header(self, names: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        bold = Font(bold=True)
        cells = []
        for name in names:
            cell = WriteOnlyCell(self.sheet, value=name)
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)
        self.sheet.freeze_panes = "B2"

    def row(self, values: list[Any]) -> None:
        for i, v in enumerate(values):
            if isinstance(v, str) and v.startswith(FORMULA_START):
                values[i] = self._text_cell(v)
        self.sheet.append(values)

    def _text_cell(self, value: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"  # stored as text, never evaluated as a formula
        return cell

    def close(self) -> None:
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
        columns = meta_columns(pseudonymize, ids) + question_columns(_guides_for(s, actor, filters), pseudonymize, ids)
        sink: _CsvSink | _XlsxSink = _CsvSink(out) if fmt == "csv" else _XlsxSink(out)
        names = [c.label for c in columns]
        sink.header(names)
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
