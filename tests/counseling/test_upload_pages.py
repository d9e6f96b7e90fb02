"""Bounded uploads on the pages: the public PDF check, the provider logo and the guide upload refuse
oversized files with a German message, and a guide file is checked once per upload, not per rerun."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import store
from tests.counseling.conftest import ROOT, Cast, button, open_page, texts
from tests.store.guide import GUIDE
from tests.uploads.bombs import big_yaml, huge_png, many_pages_pdf, timed


def test_the_public_page_refuses_a_pdf_over_5_mb_before_reading_it(app_db: Cast) -> None:
    at = AppTest.from_file(str(ROOT / "ui" / "verify.py"), default_timeout=30).run()
    at.file_uploader(key="verify.pdf").set_value(("bescheinigung.pdf", many_pages_pdf(100_000), "application/pdf"))
    elapsed, at = timed(lambda: at.button(key="FormSubmitter:verify.pdf_form-PDF prüfen").click().run())
    assert not at.exception
    assert any("größer als 5 MB" in e.value for e in at.error), [e.value for e in at.error]
    assert elapsed < 5  # the whole rerun, page included


def test_the_logo_bomb_is_refused_on_the_providers_page(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.admin, "admin_providers")
    at.file_uploader[0].set_value(("logo.png", huge_png(12_000, 12_000), "image/png"))
    at.button(key=f"FormSubmitter:providers.edit.{db.provider_b}-Speichern").click().run()
    assert not at.exception
    assert any("Bildpunkte sind zu viele" in e.value for e in at.error), [e.value for e in at.error]
    assert not any(p.has_logo for p in store.list_providers(db.admin))


def test_a_guide_file_over_1_mb_is_refused_with_its_size(app_db: Cast) -> None:
    at = open_page(app_db.admin, "admin_guides")
    at.file_uploader[0].set_value(("riesig.yaml", big_yaml(9.8), "application/x-yaml"))
    at.run()
    assert not at.exception
    assert any("9.8 MB" in e.value and "höchstens 1 MB" in e.value for e in at.error), [e.value for e in at.error]


def test_a_guide_file_is_checked_once_per_upload_not_on_every_rerun(
    app_db: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionnaire

    calls: list[str] = []
    real = questionnaire.check_guide_text

    def counting(text: str, source: str = "") -> object:
        calls.append(source)
        return real(text, source)

    monkeypatch.setattr(questionnaire, "check_guide_text", counting)
    at = open_page(app_db.admin, "admin_guides")
    v2 = GUIDE.replace("version: 1", "version: 2")
    at.file_uploader[0].set_value(("v2.yaml", v2.encode(), "application/x-yaml"))
    at.run()
    assert "keine Probleme gefunden" in texts(at)
    at.selectbox(key="guides.activate_choice").set_value(at.selectbox(key="guides.activate_choice").options[0]).run()
    at.run()
    assert calls == ["v2.yaml"]  # three runs with the file in the uploader, one check
    at.file_uploader[0].set_value(("v3.yaml", GUIDE.replace("version: 1", "version: 3").encode(), "text/yaml"))
    at.run()
    assert calls == ["v2.yaml", "v3.yaml"]  # a new upload is checked again
    button(at, "Diese Version übernehmen").click().run()
    assert 3 in [g.version for g in store.list_guides(app_db.admin)]
