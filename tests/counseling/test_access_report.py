"""The Art. 15 access report as PDF: it renders for every learner whatever the amount of data, and when
the PDF fails anyway the page keeps the JSON download and the erasure section (AppTest, real SQLite)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

import store
from certificates.fonts import missing_glyphs
from documents import access_report
from documents.access_report import render_access_report
from store import db as store_db
from store.access import COMMAND_LINE
from tests.counseling.conftest import Cast, make_interview, open_page, texts
from tests.counseling.test_other_pages import _find

PASSWORD = "richtig-langes-passwort"


def _read(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def demo_city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``seed-demo --learners 120`` (seed 1, as the command uses), on SQLite."""
    from demo.seed import seed_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('access') / 'demo.db'}"
    store_db.migrate(url)
    store_db.configure(url)
    try:
        seed_demo(learners=120, password=PASSWORD, seed=1)
        yield url
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)


@pytest.mark.slow
def test_report_renders_for_every_demo_learner(demo_city: str) -> None:
    failed: list[tuple[int, str]] = []
    for learner_id in range(1, 121):
        # exactly what the page and `manage.py export-learner` hand over: the export as JSON
        data = json.loads(json.dumps(store.export_learner(COMMAND_LINE, learner_id), default=str))
        try:
            pages, text = _read(render_access_report(data))
        except Exception as exc:  # collect all, so the message names every learner that fails
            failed.append((learner_id, type(exc).__name__))
            continue
        learner = data["learner"]
        assert pages >= 1
        for name in (learner["family_name"], learner["given_names"]):
            if name and not missing_glyphs(name):
                assert name in text, (learner_id, name)
        for interview in data["interviews"]:
            assert f"Interview Nr. {interview['id']}" in text, learner_id
        assert "Wer hat wann auf die Daten zugegriffen" in text  # the last section made it
    assert not failed, f"access report PDF fails for learners {failed}"


def _long_history() -> dict[str, Any]:
    answers = {f"frage_{i:03}": f"Antwort {i} " + "mit etwas Text " * 6 for i in range(200)}
    return {
        "export": {"created_at": "2026-03-04T09:15:00.123456", "created_by": "admin"},
        "learner": {"id": 7, "family_name": "Kowalczyk", "given_names": "Łucja", "birth_date": "1990-04-12"},
        "consents": [],
        "interviews": [
            {
                "id": 3,
                "guide": "sprachstand v1",
                "status": "approved",
                "answers": answers,
                "created_at": "2026-02-01T10:00:00",
                "revisions": [{"version": 2, "by": "ina", "at": "2026-02-01T10:30:00", "changes": answers}],
                "review": [
                    {
                        "kind": "comment",
                        "by": "beratung",
                        "at": "2026-02-02T08:00:00",
                        "comment": "Bitte prüfen. " * 2500,
                    },
                    {"kind": "comment", "by": "beratung", "at": "2026-02-03T08:00:00", "comment": "x" * 8000},
                ],
            }
        ],
        "certificates": [],
        "access_log": [],
    }


def test_rows_taller_than_a_page_split_and_dates_read_german() -> None:
    pages, text = _read(render_access_report(_long_history()))
    assert pages > 5 and f"Seite {pages}" in text  # numbered to the last page
    assert "Antwort 199" in text  # the last of 200 answers in the last revision
    assert "Geburtsdatum\n12.04.1990" in text and "Erstellt am 04.03.2026 09:15" in text
    assert "1990-04-12" not in text and "Freigegeben" in text  # status in German, not "approved"


def test_a_line_in_arabic_script_is_named_and_the_rest_of_the_cell_is_kept() -> None:
    data = _long_history()
    data["interviews"][0]["answers"] = {"notes": "مرحبا\nzweite Zeile"}
    _, text = _read(render_access_report(data))
    assert access_report.UNDRAWABLE.split(" –")[0] in text and "zweite Zeile" in text
    assert "مرحبا" not in text


def test_a_failing_pdf_keeps_json_and_erasure(
    app_db: Cast, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    db = app_db

    def broken(data: dict[str, Any]) -> bytes:
        raise RuntimeError("Haddad kaputt")

    make_interview(db, db.interviewer_a)
    monkeypatch.setattr(access_report, "render_access_report", broken)
    at = _find(open_page(db.dpo, "data_protection"), "Haddad", "Amina", "1990-04-12")
    with caplog.at_level(logging.ERROR, logger="sprachstand.ui"):
        at.button(key="privacy.export").click().run()
    assert not at.exception
    message = next(e.value for e in at.error if "Fehlernummer" in e.value)
    error_id = re.search(r"Fehlernummer (\w+)", message).group(1)  # type: ignore[union-attr]
    assert "PDF" in message and "kaputt" not in message
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
    assert [b.proto.label for b in at.get("download_button")] == ["Auskunft als JSON"]
    # the erasure section is still there and works
    next(t for t in at.text_input if t.label.startswith("Begründung")).set_value("Antrag vom 01.02.2026")
    next(c for c in at.checkbox if c.label.startswith("Ich habe geprüft")).check()
    at.button(key="FormSubmitter:privacy.erase-Daten löschen").click().run()
    assert "sind gelöscht" in texts(at)
    assert store.search_learners(db.interviewer_a, "Haddad") == []


def test_the_pdf_is_offered_once_rendered(app_db: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    db = app_db
    calls: list[int] = []
    real = access_report.render_access_report

    def counted(data: dict[str, Any]) -> bytes:
        calls.append(1)
        return real(data)

    make_interview(db, db.interviewer_a)
    monkeypatch.setattr(access_report, "render_access_report", counted)
    at = _find(open_page(db.dpo, "data_protection"), "Haddad", "Amina", "1990-04-12")
    at.button(key="privacy.export").click().run()
    at.text_input[0].set_value("Haddad").run()  # any further rerun of the page
    assert [b.proto.label for b in at.get("download_button")] == ["Auskunft als JSON", "Auskunft als PDF"]
    assert len(calls) == 1
    _, text = _read(at.session_state["privacy.report_pdf"][1])
    assert "Haddad" in text and "Auskunft nach Art. 15 DSGVO" in text


def test_the_page_lists_the_accesses_in_german_grouped_like_the_report(app_db: Cast) -> None:
    db = app_db
    made = make_interview(db, db.interviewer_a)
    for _ in range(3):
        store.get_interview_for(db.counselor, made.id)  # three reads in a row: one row
    at = _find(open_page(db.dpo, "data_protection"), "Haddad", "Amina", "1990-04-12")
    at.button(key="privacy.export").click().run()
    frames = [f.value for f in at.dataframe if "Vorgang" in f.value.columns]
    assert frames, [list(f.value.columns) for f in at.dataframe]
    actions = " ".join(frames[0]["Vorgang"])
    assert "Interview angesehen (3×)" in actions, actions
    assert "interview.read" not in actions
