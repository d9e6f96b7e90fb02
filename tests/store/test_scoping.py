"""Scoping is enforced: a query on personal data that store.access did not restrict, and that names no
cross-provider reason, fails — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

import store
from store import access
from store.db import session_scope
from store.models import Certificate, Consent, Interview, InterviewRevision, Learner, ReviewEvent, User
from store.scoping import CrossProvider, UnscopedQuery, cross_provider
from tests.store.conftest import Cast

ROOT = Path(__file__).resolve().parents[2]
PERSONAL_MODELS = {"Learner", "Consent", "Interview", "InterviewRevision", "ReviewEvent", "Certificate"}


def test_an_unscoped_query_on_personal_data_raises(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    with session_scope() as s:
        for query in (
            select(Learner),
            select(func.count()).select_from(Interview),
            select(Consent.id),
            select(InterviewRevision.id),
            select(ReviewEvent.comment),
            select(Certificate.number),
            # hidden in a sub-query of another table's query
            select(User.id).where(User.id.in_(select(Interview.interviewer_id))),
        ):
            with pytest.raises(UnscopedQuery, match="Unscoped query"):
                s.execute(query)
    with session_scope() as s, pytest.raises(UnscopedQuery):
        s.get(Learner, iv.learner.id)  # a fresh session: the get emits SQL


def test_scoped_and_named_queries_pass(db: Cast) -> None:
    own = db.interview(db.interviewer_a, "submitted")
    db.interview(db.interviewer_b, "submitted")
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(User)) > 0  # not personal: no mark needed
        mine = s.scalars(access.interviews_query(db.interviewer_a)).all()
        assert [i.id for i in mine] == [own.id]
        everyone = cross_provider(select(func.count()).select_from(Interview), CrossProvider.ANONYMOUS_STATISTICS)
        assert s.scalar(everyone) == 2
        interview = access.get_interview(s, db.interviewer_a, own.id)
        assert access.learner_of(s, interview).id == own.learner.id
        events = s.scalars(access.of_record(s, interview, select(ReviewEvent))).all()
        assert events  # (the caller restricts to the record; here: the submission event is there)


def test_of_record_refuses_a_record_not_read_through_access(db: Cast) -> None:
    iv = db.interview(db.interviewer_b, "draft")
    with session_scope(cross_provider=CrossProvider.MAINTENANCE) as s:
        interview = s.get(Interview, iv.id)
        assert interview is not None
    with session_scope() as s:
        s.add(interview)  # known to the session, but never read through a scope in it
        with pytest.raises(UnscopedQuery, match=r"not read through store\.access"):
            access.of_record(s, interview, select(ReviewEvent))
        with pytest.raises(UnscopedQuery):
            access.learner_of(s, interview)


def test_store_functions_still_work_through_the_guard(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    assert store.get_interview_for(db.counselor, iv.id).learner.id == iv.learner.id
    assert store.review_events(db.interviewer_a, iv.id)
    with pytest.raises(store.AccessDenied):
        store.get_interview_for(db.interviewer_b, iv.id)


def _store_sources() -> list[Path]:
    return sorted((ROOT / "store").rglob("*.py"))


def test_personal_records_are_got_by_id_only_through_access_or_with_a_named_reason() -> None:
    """``Session.get`` emits no SQL for an object already in the session, so the guard cannot see it:
    outside store/access.py every get of a personal record must say how it is scoped."""
    offenders = []
    for path in _store_sources():
        if path.name in ("access.py", "scoping.py") or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in PERSONAL_MODELS
                and not any(k.arg == "execution_options" for k in node.keywords)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "get learners, interviews, certificates through store.access: " + ", ".join(offenders)


def test_every_named_opt_out_is_used_and_documented() -> None:
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("store", "tests")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "scoping.py"
    )
    docs = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    for reason in CrossProvider:
        assert re.search(rf"CrossProvider\.{reason.name}\b", code), f"CrossProvider.{reason.name} is used nowhere"
        assert f"`{reason.value}`" in docs, f"docs/store.md does not explain {reason.value}"


def test_plain_reads_past_the_orm_follow_the_same_rule(db: Cast) -> None:
    """The store's few Core reads on the session's connection (the account check, an interview's values,
    the course catalogue) bypass the ORM hook; ``access._plain_read`` applies the guard's rule itself, and
    nothing else in the store runs a statement on ``Session.connection()`` except on the course tables."""
    iv = db.interview(db.interviewer_a, "submitted")
    with session_scope() as s:
        with pytest.raises(UnscopedQuery):
            access._plain_read(s, select(Learner.family_name))
        with pytest.raises(UnscopedQuery):
            access._plain_read(s, select(User.id).where(User.id.in_(select(Interview.interviewer_id))))
        scoped_read = access.interview_scope(db.interviewer_a, select(Interview.id).where(Interview.id == iv.id))
        assert access._plain_read(s, scoped_read).scalar() == iv.id
        # the scope restricts the interviews table only: a learner's column is refused, not cross-joined
        with pytest.raises(UnscopedQuery):
            access.interview_values(s, db.interviewer_a, iv.id, Interview.answers, Learner.family_name)
        assert access.interview_values(s, db.interviewer_a, iv.id, Interview.status).status == "submitted"
        with pytest.raises(store.AccessDenied):
            access.interview_values(s, db.interviewer_b, iv.id, Interview.status)
    allowed = {"store/db.py", "store/access.py", "store/course_matching.py", "store/courses.py"}
    users = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "store").rglob("*.py")
        if ".connection()" in path.read_text(encoding="utf-8") and "migrations" not in path.parts
    }
    assert users <= allowed, users - allowed
