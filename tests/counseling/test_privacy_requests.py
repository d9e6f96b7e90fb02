"""Data-protection requests as the admin and the designated counselor make them: the erasure
confirmation on the page names the person, and the command line finds a person by name and birth
date (with the acting account's rights) and writes the access report as PDF."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import manage
import store
from tests.certificates_store.test_cli import _run  # manage.main against the test database
from tests.counseling.conftest import Cast, open_page, texts

# --- page --------------------------------------------------------------------------------------


def test_erasure_confirmation_names_the_person_and_the_learner_number(app_db: Cast) -> None:
    db = app_db
    db.interview(db.interviewer_b, "submitted", family="Nowak", given="Jan", birth="1979-01-30")  # learner no. 1
    learner = db.learner(db.interviewer_a, family="Haddad", given="Amina Salma", birth="1990-04-12")
    at = open_page(db.dpo, "data_protection")
    at.text_input[0].set_value("Haddad")
    at.text_input[1].set_value("Amina Salma")
    at.date_input[0].set_value(dt.date(1990, 4, 12))
    at.button(key="FormSubmitter:privacy.search-Suchen").click().run()
    confirm = next(c for c in at.checkbox if c.label.startswith("Ich habe geprüft"))
    label = confirm.label.replace("\\", "")  # the name is shown escaped (no Markdown)
    assert "Haddad, Amina Salma" in label and "12.04.1990" in label
    assert f"Lernenden-Nr. {learner.id}" in label
    assert " Nr. " not in label.replace("Lernenden-Nr.", "")  # no bare "Nr.", which means the interview elsewhere
    assert "Lernenden-Nr." in texts(at)  # the table of matches says which number it shows


def test_erasing_one_of_two_records_of_a_person_names_the_other(app_db: Cast) -> None:
    db = app_db
    first = db.learner(db.interviewer_a, family="Haddad", given="Amina", birth="1990-04-12")
    second = db.learner(db.interviewer_b, family="Haddad", given="Amina", birth="1990-04-12")  # at provider B
    at = open_page(db.dpo, "data_protection")
    at.text_input[0].set_value("Haddad")
    at.text_input[1].set_value("Amina")
    at.date_input[0].set_value(dt.date(1990, 4, 12))
    at.button(key="FormSubmitter:privacy.search-Suchen").click().run()
    at.selectbox(key="privacy.learner").set_value(first.id).run()
    next(t for t in at.text_input if t.label.startswith("Begründung")).set_value("Antrag vom 01.02.2026")
    next(c for c in at.checkbox if c.label.startswith("Ich habe geprüft")).check()
    at.button(key="FormSubmitter:privacy.erase-Daten löschen").click().run()
    assert not at.exception
    notice = " ".join(s.value for s in at.success)
    assert f"Lernenden-Nr. {first.id} sind gelöscht" in notice
    assert f"noch einen Datensatz: Lernenden-Nr. {second.id} (Sprachschule Brücke)" in notice, notice
    assert at.selectbox(key="privacy.learner").value == second.id  # still listed, ready for the same request


# --- command line ------------------------------------------------------------------------------


def test_find_learner_lists_every_record_of_the_person(db: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    a = db.interview(db.interviewer_a, "submitted")  # Haddad, Amina, 12.04.1990 at VHS Musterstadt
    store.start_interview(db.interviewer_a, a.learner.id)  # a second interview, a draft
    b = db.learner(db.interviewer_b, family="HADDAD", given="Amina")  # same person at the other provider
    db.learner(db.interviewer_a, family="Haddad", given="Amina", birth="1991-04-12")  # someone else
    capsys.readouterr()

    assert (
        _run(
            db, "find-learner", "--family", "haddad", "--given", "Amina", "--birth", "1990-04-12", "--as", "datenschutz"
        )
        == 0
    )
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "2 Treffer" in lines[0]
    assert any(
        ln.split()[:1] == [str(a.learner.id)]
        and "Haddad, Amina" in ln
        and "12.04.1990" in ln
        and "VHS Musterstadt" in ln
        and ln.split()[-1] == "2"
        for ln in lines
    )
    assert any(ln.split()[:1] == [str(b.id)] and "Sprachschule Brücke" in ln and ln.split()[-1] == "0" for ln in lines)
    assert "1991" not in out
    assert "Lernenden-Nr." in out
    # audited under the account that searched
    events, _ = store.audit_log(db.admin, action="data_request.search")
    assert events and events[0].actor_username == "datenschutz"


def test_find_learner_refuses_accounts_without_the_right_and_says_when_nobody_matches(
    db: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    db.learner(db.interviewer_a)
    search = ["find-learner", "--family", "Haddad", "--given", "Amina", "--birth", "1990-04-12", "--as"]
    capsys.readouterr()
    assert _run(db, *search, "beratung") == 2  # a counselor not designated for data-protection requests
    err = capsys.readouterr().err
    assert "Datenschutzanfragen" in err and "Haddad" not in err
    assert _run(db, *search, "admin") == 2  # an admin without the designation "Datenschutz" as well
    assert "Datenschutz" in capsys.readouterr().err
    assert _run(db, *search, "datenschutz") == 0
    assert (
        _run(
            db, "find-learner", "--family", "Haddad", "--given", "Amina", "--birth", "1990-04-13", "--as", "datenschutz"
        )
        == 1
    )
    assert "Keine Person" in capsys.readouterr().out


def test_export_learner_help_names_the_learner_number(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("export-learner", "erase-learner"):
        with pytest.raises(SystemExit):
            manage.main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "Lernenden-Nr. (steht im Auskunftsbericht und auf der Seite Datenschutz)" in out
        assert "find-learner" in out


def test_export_learner_writes_the_access_report_as_pdf(
    db: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    iv = db.interview(db.interviewer_a, "submitted", family="Petrenko", given="Olena", birth="1988-05-17")
    pdf, js = tmp_path / "auskunft.pdf", tmp_path / "auskunft.json"
    as_dpo = ("--as", "datenschutz")
    assert _run(db, "export-learner", str(iv.learner.id), "--pdf", str(pdf), *as_dpo) == 2  # not searched yet
    assert not pdf.exists()
    assert _run(db, "find-learner", "--family", "Petrenko", "--given", "Olena", "--birth", "1988-05-17", *as_dpo) == 0
    capsys.readouterr()
    assert _run(db, "export-learner", str(iv.learner.id), "--pdf", str(pdf), "--out", str(js), *as_dpo) == 0
    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "Petrenko" in text and "Olena" in text and "Art. 15" in text
    assert json.loads(js.read_text(encoding="utf-8"))["learner"]["family_name"] == "Petrenko"
    assert pdf.stat().st_mode & 0o777 == 0o600

    # only --pdf: the PDF, and no JSON flooding the terminal
    only = tmp_path / "nur.pdf"
    capsys.readouterr()
    assert _run(db, "export-learner", str(iv.learner.id), "--pdf", str(only), *as_dpo) == 0
    captured = capsys.readouterr()
    assert "Petrenko" not in captured.out and str(only) in captured.err
    assert "Petrenko" in "".join(page.extract_text() or "" for page in PdfReader(only).pages)
