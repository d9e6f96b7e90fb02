"""The dashboard's figures and the data-request search, on SQLite and PostgreSQL; ``manage.py export``."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import update

import store
from schemas.views import ReviewFilters
from store import reporting
from store.db import session_scope
from store.models import Interview
from tests.counseling.conftest import ROOT, Cast, make_interview

ALL = ReviewFilters(statuses=reporting.REPORT_STATUSES)


def _set_times(interview_id: int, submitted: datetime, approved: datetime | None) -> None:
    with session_scope() as s:
        s.execute(
            update(Interview).where(Interview.id == interview_id).values(submitted_at=submitted, approved_at=approved)
        )


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_dashboard_counts_and_waiting_time(db: Cast) -> None:
    a1 = make_interview(db, db.interviewer_a, "approved", family="Eins")
    a2 = make_interview(db, db.interviewer_a, "approved", family="Zwei")
    b1 = make_interview(db, db.interviewer_b, "approved", family="Drei")
    make_interview(db, db.interviewer_b, "submitted", family="Vier", sharing=False)
    make_interview(db, db.interviewer_a, "draft", family="Fünf")
    start = datetime(2026, 3, 2, 9, 0)
    _set_times(a1.id, start, start + timedelta(days=1, hours=2))
    _set_times(a2.id, start, start + timedelta(days=3))
    _set_times(b1.id, start + timedelta(days=40), start + timedelta(days=50))
    d = reporting.dashboard(db.counselor, ALL)
    assert d.total == 4  # drafts never counted; consent not needed for an anonymous count
    assert d.by_status == {"approved": 3, "submitted": 1}
    assert d.by_provider == {"Sprachschule Brücke": 2, "VHS Musterstadt": 2}
    assert d.by_month["2026-03"] == 2 and d.by_month["2026-04"] == 1
    assert d.levels["listening"] == {"A2": 4} and d.levels["reading"] == {"A1": 4}
    assert d.courses == {"integration_course": 4}
    assert d.waiting_days == {1: 1, 3: 1, 10: 1} and d.median_waiting_days == 3
    assert d.mean_waiting_days == pytest.approx((1 + 2 / 24 + 3 + 10) / 3, abs=0.05)
    only_b = reporting.dashboard(db.admin, ReviewFilters(statuses=reporting.REPORT_STATUSES, provider_id=db.provider_b))
    assert only_b.total == 2 and only_b.median_waiting_days == 10
    march = reporting.dashboard(
        db.counselor,
        ReviewFilters(statuses=ALL.statuses, submitted_from=date(2026, 3, 1), submitted_to=date(2026, 3, 31)),
    )
    assert march.total == 2
    none = reporting.dashboard(db.counselor, ReviewFilters(statuses=ALL.statuses, min_levels={"listening": "C1"}))
    assert none.total == 0 and none.median_waiting_days is None


@pytest.mark.parametrize("who", ["interviewer_a", "interviewer_b"])
def test_dashboard_refuses_interviewers(db: Cast, who: str) -> None:
    with pytest.raises(store.AccessDenied):
        reporting.dashboard(getattr(db, who), ALL)


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_provider_admin_gets_the_dashboard_of_the_own_provider_only(db: Cast) -> None:
    a1 = make_interview(db, db.interviewer_a, "approved", family="Eins")
    make_interview(db, db.interviewer_a, "submitted", family="Zwei", sharing=False)
    make_interview(db, db.interviewer_a, "draft", family="Drei")
    b1 = make_interview(db, db.interviewer_b, "approved", family="Vier")
    make_interview(db, db.interviewer_b, "submitted", family="Fünf")
    make_interview(db, db.interviewer_b, "returned", family="Sechs")
    start = datetime(2026, 3, 2, 9, 0)
    _set_times(a1.id, start, start + timedelta(days=2))
    _set_times(b1.id, start + timedelta(days=40), start + timedelta(days=70))
    own_a = reporting.dashboard(db.padmin_a, ALL)
    assert own_a.total == 2 and own_a.by_status == {"approved": 1, "submitted": 1}
    assert own_a.by_provider == {"VHS Musterstadt": 2}
    assert own_a.by_month["2026-03"] == 1 and sum(own_a.by_month.values()) == 2
    assert sum(own_a.levels["listening"].values()) == 2 and sum(own_a.courses.values()) == 2
    assert own_a.waiting_days == {2: 1} and own_a.median_waiting_days == 2
    own_b = reporting.dashboard(db.padmin_b, ALL)
    assert own_b.total == 3 and own_b.by_provider == {"Sprachschule Brücke": 3}
    assert own_b.waiting_days == {30: 1}
    # asking for the other provider (or every provider) still gives the own provider's counts only
    asked_for_b = reporting.dashboard(db.padmin_a, ReviewFilters(statuses=ALL.statuses, provider_id=db.provider_b))
    assert asked_for_b.total == 2 and asked_for_b.by_provider == {"VHS Musterstadt": 2}
    assert asked_for_b.waiting_days == {2: 1}
    # the counseling office still sees every provider
    assert reporting.dashboard(db.counselor, ALL).total == 5
    with pytest.raises(store.AccessDenied):
        reporting.dashboard(db.padmin_a, ReviewFilters(statuses=ALL.statuses, search="Eins"))


def test_dashboard_refuses_a_name_search(db: Cast) -> None:
    with pytest.raises(store.AccessDenied):
        reporting.dashboard(db.admin, ReviewFilters(statuses=ALL.statuses, search="Haddad"))


def test_bad_filters_are_german_messages(db: Cast) -> None:
    with pytest.raises(store.InvalidInput, match="Niveau"):
        reporting.dashboard(db.counselor, ReviewFilters(statuses=ALL.statuses, min_levels={"listening": "D9"}))
    with pytest.raises(store.InvalidInput, match="Zeitraum"):
        reporting.dashboard(db.counselor, ReviewFilters(submitted_from=date(2026, 5, 1), submitted_to=date(2026, 4, 1)))


def test_data_request_search_needs_name_and_birth_date_and_finds_every_provider(db: Cast) -> None:
    make_interview(db, db.interviewer_a, family="Haddad", given="Amina")
    make_interview(db, db.interviewer_b, family="Haddad", given="Amina", sharing=False)
    found = reporting.find_learners_for_request(db.dpo, "haddad", "AMINA", date(1990, 4, 12))
    assert sorted(m.provider_name for m in found) == ["Sprachschule Brücke", "VHS Musterstadt"]
    assert reporting.find_learners_for_request(db.dpo, "Haddad", "Amina", date(1990, 4, 13)) == []
    with pytest.raises(store.InvalidInput):
        reporting.find_learners_for_request(db.dpo, "Haddad", "", date(1990, 4, 12))
    for who in (db.admin, db.counselor, db.interviewer_a, db.padmin_a):  # the admin is not designated
        with pytest.raises(store.AccessDenied):
            reporting.find_learners_for_request(who, "Haddad", "Amina", date(1990, 4, 12))
    rows, _ = store.audit_log(db.admin, action="data_request.search")
    assert len(rows) == 2


def _manage(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "export", "--database-url", url, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_export(db: Cast, tmp_path: Path) -> None:
    make_interview(db, db.interviewer_a, family="Haddad")
    make_interview(db, db.interviewer_b, family="Yilmaz")
    make_interview(db, db.interviewer_b, family="Ohne", sharing=False)
    out = tmp_path / "alle.xlsx"
    done = _manage("--format", "xlsx", "--out", str(out), url=db.url)
    assert done.returncode == 0, done.stderr
    assert "2 Interviews exportiert" in done.stdout
    assert sorted(pd.read_excel(out)["Familienname"]) == ["Haddad", "Yilmaz"]
    out = tmp_path / "b.csv"
    done = _manage(
        "--format", "csv", "--out", str(out), "--provider", "Sprachschule Brücke", "--pseudonymize", url=db.url
    )
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert len(frame) == 1 and "Familienname" not in frame.columns and "Yilmaz" not in out.read_text("utf-8-sig")
    done = _manage("--format", "csv", "--out", str(tmp_path / "x.csv"), "--since", "2099-01-01", url=db.url)
    assert done.returncode == 2 and "Keine Interviews" in done.stderr and not (tmp_path / "x.csv").exists()
    assert list(tmp_path.glob(".export-*")) == []
    done = _manage("--format", "csv", "--out", str(tmp_path / "y.csv"), "--since", "gestern", url=db.url)
    assert done.returncode == 2 and "JJJJ-MM-TT" in done.stderr
    done = _manage("--format", "csv", "--out", str(tmp_path / "z.csv"), "--as", "ina", url=db.url)
    assert done.returncode == 2 and "Berechtigung" in done.stderr
    done = _manage("--format", "csv", "--out", str(tmp_path / "c.csv"), "--as", "beratung", url=db.url)
    assert done.returncode == 0, done.stderr
    users = [e.actor_username for e in store.audit_log(db.admin, action="export.interviews")[0]]
    assert sorted(users) == ["beratung", "manage.py"]
