"""The shared catalogue (issue 17): a provider edits only its own offers, everyone signed in sees all,
bad values are refused with a German message, and an import is all or nothing — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import openpyxl
import pytest

import store
from documents.course_table import COLUMN_NAMES
from schemas.courses import OfferStatus
from schemas.placement import Course, Format
from schemas.vocabulary import Level
from store.access import COMMAND_LINE
from tests.store.conftest import Cast
from tests.store.courses_support import csv_file, draft, good_row, soon


def test_provider_edits_only_its_own_offers_and_everyone_sees_all(db: Cast) -> None:
    own = store.create_offer(db.padmin_a, draft())
    assert own.provider_name == "VHS Musterstadt" and own.places_free == 5
    with pytest.raises(store.AccessDenied, match="anderen Träger"):
        store.update_offer(db.interviewer_b, own.id, draft(places_free=6), own.lock_version)
    with pytest.raises(store.AccessDenied):
        store.create_offer(db.counselor, draft())
    with pytest.raises(store.AccessDenied):
        store.create_offer(db.padmin_b, draft(), provider_id=db.provider_a)
    changed = store.update_offer(db.interviewer_a, own.id, draft(places_free=6), own.lock_version)
    assert changed.places_free == 6 and changed.lock_version == own.lock_version + 1
    with pytest.raises(store.InvalidInput, match="inzwischen geändert"):
        store.update_offer(db.interviewer_a, own.id, draft(places_free=2), own.lock_version)
    store.create_offer(db.padmin_b, draft(title="Kurs der Brücke"))
    for viewer in (db.counselor, db.interviewer_b, db.admin, db.interviewer_a):
        offers, total = store.list_offers(viewer)
        assert total == 2 and {o.provider_name for o in offers} == {"VHS Musterstadt", "Sprachschule Brücke"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"start_date": soon(-3)}, "start_date", "Vergangenheit"),
        ({"end_date": soon(5)}, "end_date", "vor dem Beginn"),
        ({"entry_level": Level.B1, "target_level": Level.A2}, "target_level", "unter dem Einstiegsniveau"),
        ({"places_total": 4, "places_free": 5}, "places_free", "mehr als Plätze"),
        ({"course_type": None}, "course_type", "genau eines"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    db: Cast, change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(store.InvalidInput, match=message) as caught:
        store.create_offer(db.padmin_a, draft(**change))
    assert caught.value.field == field
    assert store.list_offers(db.padmin_a)[1] == 0


def test_negative_places_never_reach_the_store() -> None:
    with pytest.raises(ValueError):
        draft(places_free=-1)


def test_import_is_all_or_nothing_and_names_every_bad_line(db: Cast) -> None:
    past = soon(-10)
    bad = csv_file(
        good_row("Gut 1"),
        good_row("Vergangen", start=past),
        "Falsch;Zaubertrank;A2;B1;31.02.2027;;Mo;09:00;12:00;;nein;Mitte;10;3;offen;geplant",
        "Stufen;Allgemeiner Integrationskurs;B2;A1;" + f"{soon(40):%Y-%m-%d}" + ";;Mo;09:00;12:00;;nein;;10;2;offen;",
        good_row("Gut 2").replace(";12;12;", ";12;-2;"),
    )
    with pytest.raises(store.ImportRefused) as caught:
        store.import_offers(COMMAND_LINE, bad, "kurse.csv", provider_id=db.provider_a)
    lines = {line for line, _ in caught.value.problems}
    texts = " ".join(text for _, text in caught.value.problems)
    assert lines == {3, 4, 5, 6}
    assert "Vergangenheit" in texts and "kursart" in texts and "kein Datum" in texts
    assert "Zielniveau" in texts and "plaetze_frei" in texts
    assert store.list_offers(db.interviewer_a)[1] == 0
    ok = csv_file(good_row("Gut 1"), good_row("Gut 2"))
    assert store.import_offers(db.padmin_a, ok, "kurse.csv") == 2
    offers, total = store.list_offers(db.counselor)
    assert total == 2
    first = offers[0]
    assert first.course_type is Course.INTEGRATION_COURSE and first.entry_level is Level.A2
    assert first.formats == {Format.EVENING, Format.PART_TIME} and first.childcare_on_site
    assert first.schedule == "Di, Do 18:00–21:15" and first.status is OfferStatus.OPEN


def test_import_refuses_wrong_columns_and_encodings(db: Cast) -> None:
    wrong = b"titel;beginn;farbe\nKurs;2030-01-01;blau\n"
    with pytest.raises(store.ImportRefused, match="unbekannte Spalten: farbe"):
        store.import_offers(db.padmin_a, wrong, "kurse.csv")
    latin1 = csv_file(good_row("Überkurs")).decode().encode("latin-1")
    with pytest.raises(store.ImportRefused, match="UTF-8"):
        store.import_offers(db.padmin_a, latin1, "kurse.csv")
    with pytest.raises(store.ImportRefused, match="XLSX-Datei lässt sich nicht lesen"):
        store.import_offers(db.padmin_a, b"not a zip", "kurse.xlsx")
    with pytest.raises(store.AccessDenied):
        store.import_offers(db.padmin_b, csv_file(good_row()), "kurse.csv", provider_id=db.provider_a)
    assert store.list_offers(db.padmin_a)[1] == 0


def test_export_round_trips_through_xlsx_import(db: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store.create_offer(db.padmin_a, draft(start_date=soon(3), end_date=soon(3) + timedelta(days=90)))
    data = store.export_offers(db.counselor, "xlsx")
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(data)).active
    assert tuple(c.value for c in sheet[1]) == COLUMN_NAMES
    assert store.import_offers(db.padmin_b, data, "angebote.xlsx") == 1
    offers, _ = store.list_offers(db.counselor)
    assert {o.provider_name for o in offers} == {"VHS Musterstadt", "Sprachschule Brücke"}
    assert offers[0].draft() == offers[1].draft()


def test_public_finder_lists_bookable_offers_and_filters(db: Cast) -> None:
    store.create_offer(db.padmin_a, draft())
    store.create_offer(db.padmin_b, draft(title="Kita-Kurs", childcare_on_site=True, district="Nord"))
    store.create_offer(db.padmin_b, draft(title="Fertig", status=OfferStatus.ENDED))
    offers, total = store.public_offers()
    assert total == 2 and "Fertig" not in {o.title for o in offers}
    only, total = store.public_offers(store.OfferFilters(formats=frozenset({Format.CHILDCARE}), district="nord"))
    assert total == 1 and only[0].title == "Kita-Kurs"
    assert store.offer_districts() == ["Mitte", "Nord"]


def test_import_courses_command_reports_lines_and_imports_nothing(
    db: Cast,
    tmp_path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    import manage
    from store import db as store_db

    def run(*argv: str) -> int:
        try:
            return manage.main([*argv, "--database-url", db.url])
        finally:
            store_db.configure(db.url)  # the command points the store back at the settings' database

    bad = tmp_path / "kurse.csv"
    bad.write_bytes(csv_file(good_row("Gut"), good_row("Alt", start=soon(-30))))
    assert run("import-courses", "--provider", "VHS Musterstadt", str(bad)) == 1
    err = capsys.readouterr().err
    assert "Nichts importiert" in err and "Zeile 3: Spalte beginn" in err and "Traceback" not in err
    assert store.list_offers(db.counselor)[1] == 0
    good = tmp_path / "kurse2.csv"
    good.write_bytes(csv_file(good_row("Gut")))
    assert run("import-courses", "--provider", "VHS Musterstadt", str(good)) == 0
    assert "1 Angebot(e) importiert" in capsys.readouterr().out
    assert run("import-courses", "--provider", "Gibtsnicht", str(good)) == 2
    out = tmp_path / "alle.xlsx"
    assert run("export-courses", "--out", str(out)) == 0
    assert out.stat().st_size > 0


def test_demo_data_fills_the_catalogue(empty_db: str) -> None:
    from demo.seed import DEFAULT_PASSWORD, seed_demo

    seed_demo(learners=12, seed=3, history=False, issue_certificates=False)
    counselor = store.authenticate("beratung", DEFAULT_PASSWORD)
    offers, total = store.list_offers(counselor)
    assert total == 22 and len({o.provider_name for o in offers}) == 4
    assert store.public_offers()[1] == 22
