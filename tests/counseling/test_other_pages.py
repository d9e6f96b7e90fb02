"""Dashboard, exports, data protection and the admin pages, each run in-process with AppTest against
real SQLite, as a user would use them."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import update

import store
from store import exports
from store.db import session_scope
from store.models import Interview
from tests.counseling.conftest import Cast, button, make_interview, open_page, texts
from tests.store.guide import GUIDE
from ui import dashboard


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (29, 78, 137)).save(out, format="PNG")
    return out.getvalue()


# --- dashboard ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_dashboard_shows_numbers_beside_each_chart(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    make_interview(db, db.interviewer_b, family="Yilmaz")
    make_interview(db, db.interviewer_b, "approved", family="Nowak")
    make_interview(db, db.interviewer_a, sharing=False, family="Ohne")  # anonymous count includes it
    for actor in (db.counselor, db.admin):
        at = open_page(actor, "dashboard")
        assert not at.exception
        assert [m.value for m in at.metric][:2] == ["4", "1"]
        frames = {tuple(f.value.columns): f.value for f in at.dataframe}
        status = frames[("Status", "Anzahl")]
        assert dict(zip(status["Status"], status["Anzahl"], strict=True)) == {"Eingereicht": 3, "Freigegeben": 1}
        provider = frames[("Träger", "Anzahl")]
        assert dict(zip(provider["Träger"], provider["Anzahl"], strict=True)) == {
            "Sprachschule Brücke": 2,
            "VHS Musterstadt": 2,
        }
        assert "Haddad" not in texts(at) and "Yilmaz" not in texts(at)  # anonymous
        assert len(at.get("vega_lite_chart")) >= 6  # status, provider, month, levels, courses, waiting


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_dashboard_months_without_interviews_count_zero_and_charts_read_like_their_tables(app_db: Cast) -> None:
    db = app_db
    first = make_interview(db, db.interviewer_a)
    second = make_interview(db, db.interviewer_b, family="Yilmaz")
    third = make_interview(db, db.interviewer_b, family="Nowak")
    with session_scope() as s:
        for interview, when in [
            (first, datetime(2025, 11, 3)),
            (second, datetime(2026, 2, 9)),
            (third, datetime(2026, 2, 10)),
        ]:
            s.execute(update(Interview).where(Interview.id == interview.id).values(submitted_at=when))
    at = open_page(db.counselor, "dashboard")
    assert not at.exception
    frames = {tuple(f.value.columns): f.value for f in at.dataframe}
    months = frames[("Monat", "Anzahl")]
    assert list(months["Monat"]) == ["Nov. 2025", "Dez. 2025", "Jan. 2026", "Feb. 2026"]
    assert list(months["Anzahl"]) == [1, 0, 0, 2]
    providers = frames[("Träger", "Anzahl")]
    assert list(providers["Träger"]) == ["Sprachschule Brücke", "VHS Musterstadt"]  # the largest first
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) >= 4
    by_provider = next(s for s in specs if s["encoding"]["y"].get("field") == "Träger")
    assert by_provider["encoding"]["y"]["sort"] == list(providers["Träger"])  # chart in the table's order
    for spec in specs:
        for axis in ("x", "y"):
            enc = spec.get("encoding", {}).get(axis, {})
            if enc.get("field") == "Anzahl":
                assert enc["axis"]["format"] == "d" and enc["axis"]["tickMinStep"] == 1, spec


def test_an_empty_system_says_what_to_do_next_not_to_loosen_the_filters(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.admin, "dashboard")
    assert not at.exception
    shown = texts(at)
    assert "Bitte lockern" not in shown
    assert dashboard.EMPTY in [i.value for i in at.info]
    assert "Nächste Schritte" in shown
    links = [p.proto.label for p in at.get("page_link")]
    assert links == ["1. Träger anlegen", "2. Konten anlegen", "3. Leitfaden ansehen", "4. Einstellungen prüfen"]
    assert "2 Träger angelegt." in shown  # the cast's two providers
    at = open_page(db.counselor, "dashboard")
    assert dashboard.EMPTY in [i.value for i in at.info] and "Nächste Schritte" not in texts(at)


def test_dashboard_filter_that_matches_nothing(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "dashboard")
    at.selectbox(key="dashboard.filter.min_reading").set_value("C1").run()
    assert dashboard.NO_MATCH in [i.value for i in at.info]


# --- exports -------------------------------------------------------------------------------------


def test_export_page_counts_one_interview_in_the_singular(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "exports")
    assert "1 Interview entspricht den Filtern." in texts(at)
    at.radio(key="export.format").set_value("csv")
    button(at, "Export erstellen").click().run()
    assert "1 Interview mit " in texts(at)


def test_export_page_creates_a_file_that_matches_the_list(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    make_interview(db, db.interviewer_b, family="Yilmaz")
    make_interview(db, db.interviewer_b, sharing=False, family="Ohne")
    at = open_page(db.counselor, "exports")
    assert "2 Interviews entsprechen den Filtern." in texts(at)
    at.radio(key="export.format").set_value("csv")
    button(at, "Export erstellen").click().run()
    assert not at.exception
    assert "2 Interviews mit" in texts(at)
    data = at.session_state["export.ready"][1]
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")
    assert sorted(frame["Familienname"]) == ["Haddad", "Yilmaz"]


def test_export_of_zero_rows_is_refused_with_a_message(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    at = open_page(db.counselor, "exports")
    at.text_input(key="export.filter.search").set_value("Niemand").run()
    assert exports.NO_ROWS in [w.value for w in at.warning]
    button(at, "Export erstellen").click().run()
    assert "export.ready" not in at.session_state
    assert store.audit_log(db.admin, action="export.interviews")[1] == 0


# --- data protection ---------------------------------------------------------------------------


def _find(at, family: str, given: str, birth: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    at.text_input[0].set_value(family)
    at.text_input[1].set_value(given)
    at.date_input[0].set_value(dt.date.fromisoformat(birth))
    at.button(key="FormSubmitter:privacy.search-Suchen").click().run()
    return at


def test_access_report_as_json_and_pdf_names_who_accessed(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a)
    store.get_interview_for(db.counselor, iv.id)  # the counseling office read it
    at = _find(open_page(db.dpo, "data_protection"), "Haddad", "Amina", "1990-04-12")
    assert "Haddad, Amina" in texts(at)
    button(at, "Auskunft erstellen").click().run()
    assert not at.exception
    learner_id, data = at.session_state["privacy.report"]
    assert learner_id == iv.learner.id
    assert {"beratung", "ina"} <= {e["user"] for e in data["access_log"]}
    json.dumps(data, default=str)
    from documents.access_report import render_access_report

    pdf = PdfReader(io.BytesIO(render_access_report(json.loads(json.dumps(data, default=str)))))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Haddad" in text and "beratung" in text and "Art. 15" in text


def test_erasure_through_the_page(app_db: Cast) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a, "approved")
    at = _find(open_page(db.dpo, "data_protection"), "Haddad", "Amina", "1990-04-12")
    at.button(key="FormSubmitter:privacy.erase-Daten löschen").click().run()
    assert "Begründung: bitte angeben" in texts(at)
    form_inputs = [t for t in at.text_input if t.label.startswith("Begründung")]
    form_inputs[0].set_value("Antrag vom 01.02.2026")
    next(c for c in at.checkbox if c.label.startswith("Ich habe geprüft")).check()
    at.button(key="FormSubmitter:privacy.erase-Daten löschen").click().run()
    assert "sind gelöscht" in texts(at)
    queue = open_page(db.counselor, "review_queue")
    assert "Haddad" not in texts(queue)
    assert store.search_learners(db.interviewer_a, "Haddad") == []
    assert iv.id


def test_non_designated_counselor_is_refused(app_db: Cast) -> None:
    at = open_page(app_db.counselor, "data_protection")
    assert any("benannt" in e.value for e in at.error)
    assert not at.main.button and not at.main.text_input


def test_purge_preview_changes_nothing(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a)
    at = open_page(db.admin, "data_protection")
    button(at, "Vorschau (Probelauf, ändert nichts)").click().run()
    assert "würden gelöscht" in texts(at)
    assert len(store.search_learners(db.interviewer_a, "Haddad")) == 1


# --- administration ----------------------------------------------------------------------------


def test_provider_logo_that_is_not_an_image_is_refused(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.admin, "admin_providers")
    at.file_uploader[0].set_value(("logo.png", b"this is not a picture", "image/png"))
    at.button(key=f"FormSubmitter:providers.edit.{db.provider_b}-Speichern").click().run()
    assert any("kein PNG- oder JPEG-Bild" in e.value for e in at.error)
    assert not any(p.has_logo for p in store.list_providers(db.admin))
    at.file_uploader[0].set_value(("logo.png", _png(), "image/png"))
    at.button(key=f"FormSubmitter:providers.edit.{db.provider_b}-Speichern").click().run()
    assert [p.name for p in store.list_providers(db.admin) if p.has_logo] == ["Sprachschule Brücke"]


def test_create_provider(app_db: Cast) -> None:
    at = open_page(app_db.admin, "admin_providers")
    form = [t for t in at.text_input if t.label == "Name des Trägers"][-1]
    form.set_value("Migrantenverein Miteinander")
    at.button(key="FormSubmitter:providers.create-Träger anlegen").click().run()
    assert "Migrantenverein Miteinander" in {p.name for p in store.list_providers(app_db.admin)}


def test_user_without_provider_where_one_is_needed(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.admin, "admin_users")
    before = len(store.list_users(db.admin))
    inputs = {t.label: t for t in at.text_input}
    inputs["Benutzername"].set_value("neu")
    inputs["Erstes Passwort (mindestens 12 Zeichen)"].set_value("ein-langes-passwort")
    at.selectbox[-2].set_value("interviewer")
    at.button(key="FormSubmitter:users.create-Konto anlegen").click().run()
    assert any("bitte einen Träger auswählen" in e.value for e in at.error)
    assert len(store.list_users(db.admin)) == before
    at.selectbox[-1].set_value("VHS Musterstadt")
    # a refused form keeps the name and role but never the password: it is typed again
    next(t for t in at.text_input if t.label.startswith("Erstes Passwort")).set_value("ein-langes-passwort")
    at.button(key="FormSubmitter:users.create-Konto anlegen").click().run()
    created = [u for u in store.list_users(db.admin) if u.username == "neu"]
    assert created and created[0].provider_name == "VHS Musterstadt"


def test_deactivate_and_reset_password(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.admin, "admin_users")
    ina = next(u for u in store.list_users(db.admin) if u.username == "ina")
    at.selectbox(key="users.chosen").set_value(ina.id).run()
    button(at, "Deaktivieren").click().run()
    assert not next(u for u in store.list_users(db.admin) if u.username == "ina").is_active
    pw = next(t for t in at.text_input if t.label.startswith("Neues Passwort"))
    pw.set_value("kurz")
    at.button(key=f"FormSubmitter:users.password.{ina.id}-Passwort zurücksetzen").click().run()
    assert at.error  # too short: German message from the store


def test_guide_upload_with_errors_lists_problems_and_changes_nothing(app_db: Cast) -> None:
    db = app_db
    before = store.list_guides(db.admin)
    at = open_page(db.admin, "admin_guides")
    at.file_uploader[0].set_value(("kaputt.yaml", b"id: x\nversion: zwei\n", "application/x-yaml"))
    at.run()
    assert any("Problem" in e.value for e in at.error)
    assert store.list_guides(db.admin) == before


def test_guide_upload_shows_diff_and_activates(app_db: Cast) -> None:
    db = app_db
    running = make_interview(db, db.interviewer_a, "draft")
    v2 = GUIDE.replace("version: 1", "version: 2").replace(
        "      - id: notes\n",
        "      - id: phone\n        type: text\n        label: {de: Telefon, en: Phone}\n      - id: notes\n",
    )
    at = open_page(db.admin, "admin_guides")
    at.file_uploader[0].set_value(("v2.yaml", v2.encode(), "application/x-yaml"))
    at.run()
    assert "+ phone: neue Frage" in texts(at)
    button(at, "Diese Version übernehmen").click().run()
    assert not at.exception
    at.selectbox(key="guides.activate_choice").set_value("storetest – Version 2").run()
    button(at, "Aktivieren").click().run()
    assert [g.version for g in store.list_guides(db.admin) if g.is_active] == [2]
    assert store.get_interview_for(db.interviewer_a, running.id).guide_version == 1  # keeps its version


def test_settings_bad_value_changes_nothing(app_db: Cast) -> None:
    db = app_db
    before = store.get_app_settings()
    at = open_page(db.admin, "admin_settings")
    at.text_input[0].set_value("Neustadt")
    at.text_input[1].set_value("x1")
    at.button(key="FormSubmitter:settings.form-Speichern").click().run()
    assert any("Präfix" in e.value for e in at.error)
    assert store.get_app_settings() == before
    at.text_input[1].set_value("NEU")
    at.checkbox[0].check()
    at.button(key="FormSubmitter:settings.form-Speichern").click().run()
    after = store.get_app_settings()
    assert (after["city_name"], after["certificate_prefix"], after["auto_issue_on_approve"]) == (
        "Neustadt",
        "NEU",
        True,
    )


def test_erasure_revokes_the_certificate_as_data_erased(app_db: Cast) -> None:
    from store.issuing import issue_certificate
    from tests.counseling.conftest import real_guide_interview

    db = app_db
    iv = real_guide_interview(db, db.interviewer_a, family="Petrenko", given="Olena")
    store.approve(db.counselor, iv.id)
    certificate, _pdf = issue_certificate(db.counselor, iv.id)
    assert store.certificate_status(db.counselor, certificate.number)["revoked"] is False
    at = _find(open_page(db.dpo, "data_protection"), "Petrenko", "Olena", "1988-05-17")
    next(t for t in at.text_input if t.label.startswith("Begründung")).set_value("Antrag vom 02.03.2026")
    next(c for c in at.checkbox if c.label.startswith("Ich habe geprüft")).check()
    at.button(key="FormSubmitter:privacy.erase-Daten löschen").click().run()
    assert "sind gelöscht" in texts(at)
    status = store.certificate_status(db.counselor, certificate.number)
    assert status["revoked"] is True and status["data_erased"] is True and "Petrenko" not in str(status)
    # and the public page says so
    from streamlit.testing.v1 import AppTest

    from tests.counseling.conftest import APP

    public = AppTest.from_file(APP, default_timeout=20)
    public.run()
    public.switch_page("ui/verify.py").run()
    public.text_input(key="verify.number").set_value(certificate.number)
    public.text_input(key="verify.code").set_value(certificate.verification_code)
    next(b for b in public.button if b.label == "Prüfen").click().run()
    assert "widerrufen (Daten gelöscht)" in texts(public)
    assert "Petrenko" not in texts(public)
