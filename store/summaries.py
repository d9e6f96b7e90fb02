"""List rows of interviews (``InterviewSummary``): the columns a list selects and the row it builds.

Shared by the provider's lists, the counseling office's queue, a learner's interviews and the certificate
lists; the callers scope the query with ``store.access.interview_scope``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from schemas.views import InterviewSummary
from schemas.vocabulary import Status
from store import guides
from store.models import Interview, Learner, Provider, User

ASSIGNEE = aliased(User, name="assignee")


def summary_from_row(row: Any) -> InterviewSummary:
    """Builds a list row from a query selecting the columns of ``summary_columns()``."""
    return InterviewSummary(
        id=row.id,
        learner_id=row.learner_id,
        learner_name=f"{row.family_name or ''}, {row.given_names or ''}",
        birth_date=row.birth_date,
        provider_id=row.provider_id,
        provider_name=row.provider_name,
        status=Status(row.status),
        guide_id=row.guide_id,
        guide_version=row.guide_version,
        levels={skill: getattr(row, column) for skill, column in guides.SKILL_COLUMNS.items()},
        recommended_course=row.recommended_course,
        possible_duplicate=row.possible_duplicate,
        interviewer=row.interviewer,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        approved_at=row.approved_at,
        shared=bool(row.shared),
        interviewer_id=row.interviewer_id,
        submissions=row.submissions or 0,
        first_opened_at=row.first_opened_at,
        assigned_to_id=row.assigned_to_id,
        assigned_to=row.assigned_to,
    )


def summary_columns() -> list[Any]:
    i = Interview
    return [
        i.id,
        i.learner_id,
        i.provider_id,
        i.status,
        i.guide_id,
        i.guide_version,
        *[getattr(i, c) for c in guides.SKILL_COLUMNS.values()],
        i.recommended_course,
        i.updated_at,
        i.submitted_at,
        i.approved_at,
        i.shared,
        i.interviewer_id,
        i.submissions,
        i.first_opened_at,
        i.assigned_to_id,
        ASSIGNEE.display_name.label("assigned_to"),
        Learner.family_name,
        Learner.given_names,
        Learner.birth_date,
        Learner.possible_duplicate,
        Provider.name.label("provider_name"),
        User.display_name.label("interviewer"),
    ]


def summary_select() -> Any:
    return (
        select(*summary_columns())
        .select_from(Interview)
        .join(Learner, Learner.id == Interview.learner_id)
        .join(Provider, Provider.id == Interview.provider_id)
        .outerjoin(User, User.id == Interview.interviewer_id)
        .outerjoin(ASSIGNEE, ASSIGNEE.id == Interview.assigned_to_id)
    )
