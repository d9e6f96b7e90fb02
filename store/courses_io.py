"""Import and export of the catalogue as CSV/XLSX (the columns: documents/course_table.py, docs/courses.md).

An import is all or nothing: the whole file is read and checked first (every bad row reported with its
line and reason), and only a file without problems is written, in one transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.course_table import TableProblems, read_offers, write_offers
from store import audit
from store.access import Actor, user_fk, verify_actor
from store.clock import utcnow
from store.course_access import require_catalogue_editor
from store.course_models import Offer
from store.courses import apply_draft, offer_view, provider_names
from store.errors import InvalidInput
from store.tx import transactional


class ImportRefused(InvalidInput):
    """Nothing was imported; ``problems`` is [(line, German reason)] (line 0: the file as a whole)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        count = len(problems)
        super().__init__(
            f"Nichts importiert: {count} Problem{'e' if count != 1 else ''} in der Datei. "
            + "; ".join(f"Zeile {line}: {text}" if line else text for line, text in problems[:20]),
            "file",
        )
        self.problems = problems


@transactional()
def import_offers(s: Session, actor: Actor, data: bytes, filename: str, provider_id: int | None = None) -> int:
    """Adds every offer of the file to the provider's catalogue; returns how many. A file with any bad
    row imports nothing (``ImportRefused`` lists every problem)."""
    verify_actor(s, actor)
    provider = require_catalogue_editor(s, actor, provider_id)
    try:
        drafts = read_offers(data, filename, utcnow().date())
    except TableProblems as exc:
        raise ImportRefused(exc.problems) from None
    now = utcnow()
    for _, draft in drafts:
        offer = Offer(provider_id=provider, updated_by_id=user_fk(actor), created_at=now, updated_at=now)
        apply_draft(offer, draft)
        s.add(offer)
    s.flush()
    audit.record(s, actor, "course.imported", "provider", provider, provider_id=provider, count=len(drafts))
    return len(drafts)


@transactional(readonly=True)
def export_offers(s: Session, actor: Actor, fmt: str, provider_id: int | None = None) -> bytes:
    """The catalogue (one provider's or all) in the import's columns; ``fmt`` is ``csv`` or ``xlsx``."""
    verify_actor(s, actor)
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("Format: bitte csv oder xlsx.", "format")
    query = select(Offer).order_by(Offer.provider_id, Offer.start_date, Offer.id)
    if provider_id is not None:
        query = query.where(Offer.provider_id == provider_id)
    rows = s.scalars(query).all()
    names = provider_names(s, {o.provider_id for o in rows})
    return write_offers((offer_view(o, names[o.provider_id]).draft() for o in rows), fmt)
