"""The retention period: finished intake records older than ``RETENTION_YEARS`` are erased in one run
(``./manage purge``), for every provider; certificates stay verifiable without personal data.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.views import PurgeReport
from schemas.vocabulary import Role
from store import access, audit
from store.access import Actor, verify_actor
from store.app_settings import read_settings
from store.clock import utcnow
from store.errors import AccessDenied, InvalidInput
from store.models import Certificate, Interview, Learner
from store.privacy import erase
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional


@transactional()
def purge(s: Session, actor: Actor | None, older_than_years: int | None = None, dry_run: bool = False) -> PurgeReport:
    """Removes the personal data of learners with no activity for ``older_than_years`` (default: the
    retention setting). ``actor`` None = the command line. A dry run changes nothing."""
    if actor is not None:
        verify_actor(s, actor)
        if actor.role is not Role.ADMIN:
            raise AccessDenied("Die Löschung nach Aufbewahrungsfrist startet nur die Administration.")
    years = older_than_years if older_than_years is not None else int(read_settings(s)["retention_years"])
    if not isinstance(years, int) or years < 1:
        raise InvalidInput("Aufbewahrungsfrist: mindestens 1 Jahr.", "older_than_years")
    cutoff = utcnow() - timedelta(days=round(365.25 * years))
    last_activity = (
        select(Interview.learner_id, func.max(Interview.updated_at).label("last"))
        .group_by(Interview.learner_id)
        .subquery()
    )
    candidates = s.scalars(
        cross_provider(
            select(Learner)
            .outerjoin(last_activity, last_activity.c.learner_id == Learner.id)
            .where(
                Learner.erased_at.is_(None),
                Learner.created_at < cutoff,
                (last_activity.c.last.is_(None)) | (last_activity.c.last < cutoff),
            )
            .order_by(Learner.id),
            CrossProvider.RETENTION_PURGE,
        )
    ).all()
    ids = [learner.id for learner in candidates]
    access.grant_ids(s, Learner, ids)
    interviews = certificates = 0
    if dry_run:
        if ids:
            counted = select(func.count()).select_from(Interview).where(Interview.learner_id.in_(ids))
            interviews = s.scalar(cross_provider(counted, CrossProvider.RETENTION_PURGE)) or 0
            counted = (
                select(func.count())
                .select_from(Certificate)
                .join(Interview, Interview.id == Certificate.interview_id)
                .where(Interview.learner_id.in_(ids))
            )
            certificates = s.scalar(cross_provider(counted, CrossProvider.RETENTION_PURGE)) or 0
    else:
        for learner in candidates:
            n_i, n_c = erase(s, learner, "retention", revoke_certificates=False)
            interviews += n_i
            certificates += n_c
    audit.record(
        s,
        actor,
        "purge.dry_run" if dry_run else "purge.run",
        None,
        None,
        years=years,
        learners=len(ids),
        interviews=interviews,
    )
    return PurgeReport(
        cutoff=cutoff,
        learners=len(ids),
        interviews=interviews,
        certificates_kept=certificates,
        dry_run=dry_run,
        learner_ids=ids,
    )
