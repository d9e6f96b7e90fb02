"""Issue 16 item 8 in the store: a printed / handed-out record per certificate, the "noch nicht gedruckt"
batch that marks what it printed (audited), and the search among issued certificates (SQLite and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine

import store
from store.certificate_lists import certificates_for_print, count_certificates, list_certificates
from store.issuing import issue_certificate, record_handed_out, record_printed, revoke_certificate
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast


def _issue(db: Cast, family: str, actor: store.Actor | None = None) -> store.CertificateView:
    cert, _ = issue_certificate(db.counselor, approved_interview(db, actor=actor, family=family).id)
    return cert


def test_batch_of_not_yet_printed_marks_them_printed_and_is_audited(db: Cast) -> None:
    first, second = _issue(db, "Erste"), _issue(db, "Zweite")
    assert [r.number for r in list_certificates(db.padmin_a, printed=False)] == [first.number, second.number]
    assert count_certificates(db.padmin_a, printed=False) == 2
    assert count_certificates(db.padmin_b, printed=False) == 0  # another provider's

    batch = certificates_for_print(db.padmin_a, status="valid", printed=False)
    assert [d.number for d in batch] == [first.number, second.number]
    rows = list_certificates(db.padmin_a)
    assert all(r.printed_at is not None and r.printed_by == "Paula" for r in rows)
    assert list_certificates(db.padmin_a, printed=False) == []
    assert count_certificates(db.padmin_a, printed=False) == 0 and count_certificates(db.padmin_a) == 2
    assert certificates_for_print(db.padmin_a, status="valid", printed=False) == []  # nothing left to print

    third = _issue(db, "Dritte")
    assert [d.number for d in certificates_for_print(db.counselor, printed=False)] == [third.number]
    events, _ = store.audit_log(db.admin, action="certificate.batch_printed")
    assert events[0].details["marked_printed"] == [third.number] and events[0].actor_username == "beratung"
    assert events[1].details["count"] == 0  # the empty second batch
    assert events[2].details["marked_printed"] == [first.number, second.number]
    assert events[2].details["only_not_printed"] is True


def test_a_reprinted_batch_keeps_who_printed_first(db: Cast) -> None:
    cert = _issue(db, "Erste")
    certificates_for_print(db.padmin_a)
    (before,) = list_certificates(db.counselor)
    certificates_for_print(db.counselor)  # printed again: the first print stays on record
    (after,) = list_certificates(db.counselor)
    assert after.printed_at == before.printed_at and after.printed_by == "Paula"
    assert cert.number == after.number


def test_revoked_certificates_are_not_marked_printed(db: Cast) -> None:
    cert = _issue(db, "Widerrufen")
    revoke_certificate(db.counselor, cert.id, "Name falsch")
    certificates_for_print(db.counselor, status="all")
    (row,) = list_certificates(db.counselor)
    assert row.printed_at is None
    with pytest.raises(store.InvalidTransition):
        record_printed(db.counselor, cert.id)


def test_marking_printed_by_hand_and_taking_it_back(db: Cast) -> None:
    cert = _issue(db, "Hand")
    record_printed(db.padmin_a, cert.id)
    (row,) = list_certificates(db.padmin_a, printed=True)
    assert row.printed_by == "Paula" and row.printed_at is not None
    record_printed(db.padmin_a, cert.id, printed=False)
    assert [r.number for r in list_certificates(db.padmin_a, printed=False)] == [cert.number]
    actions = [e.action for e in store.audit_log(db.admin, page_size=50)[0]]
    assert "certificate.marked_printed" in actions and "certificate.unmarked_printed" in actions


def test_handed_out_records_the_day_and_who_recorded_it(db: Cast) -> None:
    cert = _issue(db, "Aushaendigung")
    today = dt.datetime.now(dt.UTC).date()
    record_handed_out(db.padmin_a, cert.id, today)
    (row,) = list_certificates(db.counselor)
    assert row.handed_out_on == today and row.handed_out_by == "Paula"
    (event,) = store.audit_log(db.admin, action="certificate.handed_out")[0]
    assert event.details["on"] == today.isoformat() and event.details["number"] == cert.number

    with pytest.raises(store.InvalidInput, match="Zukunft"):
        record_handed_out(db.padmin_a, cert.id, today + dt.timedelta(days=1))
    with pytest.raises(store.InvalidInput, match="vor der Ausstellung"):
        record_handed_out(db.padmin_a, cert.id, today - dt.timedelta(days=400))
    record_handed_out(db.padmin_a, cert.id, None)
    (row,) = list_certificates(db.counselor)
    assert row.handed_out_on is None and row.handed_out_by == ""


def test_other_providers_certificates_cannot_be_marked(db: Cast) -> None:
    cert = _issue(db, "Fremde", actor=db.interviewer_b)
    with pytest.raises(store.AccessDenied):
        record_printed(db.padmin_a, cert.id)
    with pytest.raises(store.AccessDenied):
        record_handed_out(db.padmin_a, cert.id, dt.datetime.now(dt.UTC).date())
    with pytest.raises(store.AccessDenied):
        record_printed(db.interviewer_a, cert.id)


def test_search_by_name_number_and_running_number(db: Cast) -> None:
    anna = _issue(db, "Öztürk")
    berta = _issue(db, "Berger")
    other = _issue(db, "Fremde", actor=db.interviewer_b)

    def found(actor: store.Actor, text: str) -> list[str]:
        return [r.number for r in list_certificates(actor, search=text, newest_first=True, limit=50)]

    assert found(db.counselor, "ozturk") == [anna.number]  # accents and case ignored
    assert found(db.counselor, berta.number) == [berta.number]
    assert found(db.counselor, berta.number.lower().replace("-", " ")) == [berta.number]
    sequence = int(berta.number.rsplit("-", 1)[1])
    assert found(db.counselor, str(sequence)) == [berta.number]
    assert found(db.counselor, "") == [other.number, berta.number, anna.number]  # newest first
    assert found(db.padmin_a, "Fremde") == []  # another provider's: not found
    assert found(db.padmin_a, other.number) == []
    assert found(db.counselor, "Niemand") == []


def test_the_command_lines_batch_marks_printed_too(db: Cast) -> None:
    from store import access

    cert = _issue(db, "Kommandozeile")
    (printed,) = certificates_for_print(access.COMMAND_LINE, printed=False)
    assert printed.number == cert.number
    (row,) = list_certificates(db.counselor)
    assert row.printed_at is not None and row.printed_by == ""  # printed by manage.py, no account
    assert certificates_for_print(access.COMMAND_LINE, printed=False) == []


def test_the_migration_goes_down_and_up_again(db: Cast) -> None:
    from alembic import command

    from store import db as store_db

    cert = _issue(db, "Migration")
    record_printed(db.counselor, cert.id)
    store_db.dispose_engine(db.url)
    config = store_db._alembic_config(db.url)
    engine = create_engine(db.url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":  # batch mode rebuilds tables: foreign keys off, as store.db migrates
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        config.attributes["connection"] = conn
        command.downgrade(config, "0011_data_protection")  # the migration before 0012_certificate_printed
        command.upgrade(config, "head")
        conn.commit()
    engine.dispose()
    (row,) = list_certificates(db.counselor)
    assert row.number == cert.number and row.printed_at is None  # the record is gone with the columns
