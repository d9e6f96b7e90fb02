"""Exports of the counseling office's filtered list: CSV and XLSX, headers as German labels or as
question ids, full or pseudonymised for statistics. Every export is audited.

The store's part is the query (scoped to what the actor may see, filtered like the review queue) and
the audit; the columns and the file come from ``documents.interview_columns`` and
``documents.spreadsheet``. Rows are streamed from the database straight into the writer.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from documents import interview_columns
from documents.interview_columns import frozen_columns
from documents.interview_columns import interview_columns as columns_for
from documents.spreadsheet import FORMATS, HEADERS, write_sheet
from schemas.views import ReviewFilters
from schemas.vocabulary import Action
from settings import get_settings
from store import access, audit, guides
from store.access import Actor, verify_actor
from store.db import run_in_transaction
from store.errors import InvalidInput
from store.models import Certificate, Interview, Learner, Provider, ReviewEvent, User
from store.reporting import check_filters
from store.review import apply_filters

NO_ROWS = "Keine Interviews entsprechen den Filtern – es wurde keine Datei erstellt. Bitte Filter lockern."


@dataclass(frozen=True, slots=True)
class ExportResult:
    rows: int
    columns: list[str]
    file_name: str


def pseudonym(learner_id: int, key: bytes | None = None) -> str:
    """The learner's pseudonym in exports (``documents.interview_columns.pseudonym``), by default
    with the deployment's secret key."""
    return interview_columns.pseudonym(learner_id, key if key is not None else _secret_key())


def _secret_key() -> bytes:

    return get_settings().effective_secret_key


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
        .where(ReviewEvent.interview_id == Interview.id, ReviewEvent.kind == Action.RETURN)
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
    return apply_filters(access.export_scope(actor, query), f)


def _count(s: Session, actor: Actor, f: ReviewFilters) -> int:
    q = select(func.count()).select_from(Interview).join(Learner, Learner.id == Interview.learner_id)
    return s.scalar(apply_filters(access.export_scope(actor, q), f)) or 0


def _guides_for(s: Session, actor: Actor, f: ReviewFilters) -> list[Any]:
    q = (
        select(Interview.guide_id, Interview.guide_version)
        .select_from(Interview)
        .join(Learner, Learner.id == Interview.learner_id)
    )
    versions = s.execute(apply_filters(access.export_scope(actor, q), f).distinct()).all()
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

    included: set[int] = set()  # the learners in the file, for their access reports (store.audit)

    def write(s: Session) -> tuple[int, list[str]]:
        verify_actor(s, actor)
        check_filters(filters)
        if _count(s, actor, filters) == 0:
            raise InvalidInput(NO_ROWS, "filters")
        guide_list = _guides_for(s, actor, filters)
        columns = columns_for(guide_list, ids=ids, pseudonymise=pseudonymize, pseudonym_key=_secret_key())
        query = _rows_query(actor, filters).order_by(Interview.submitted_at.asc(), Interview.id.asc())

        def rows() -> Iterator[tuple[Any, dict[str, Any]]]:
            for row in _stream(s, query):
                included.add(row.learner_id)
                yield row, row.answers or {}

        n = write_sheet(out, columns, rows(), fmt=fmt, headers=headers, frozen=frozen_columns(columns))
        return n, [c.label for c in columns]

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
            included_learners=included,
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
