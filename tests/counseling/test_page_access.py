"""The access matrix of the store, extended to the pages: every role opens every page of the counseling
office and the administration (also by address, where the menu does not list it). Allowed pages show
their title; refused pages show a German refusal and none of the learner's data."""

from __future__ import annotations

import pytest

from tests.counseling.conftest import Cast, make_interview, open_page, texts
from ui.session import REFUSAL

PAGES = {
    "review_queue": ("Prüfliste", {"counselor", "dpo"}),
    "review_detail": ("Interview prüfen", {"counselor", "dpo"}),
    "dashboard": ("Auswertung", {"counselor", "dpo", "admin", "padmin_a"}),
    "exports": ("Export", {"counselor", "dpo"}),
    "data_protection": ("Datenschutz", {"counselor", "dpo", "admin"}),
    "admin_providers": ("Träger", {"admin"}),
    "admin_users": ("Konten", {"admin", "padmin_a"}),
    "admin_guides": ("Leitfaden", {"admin"}),
    "admin_settings": ("Einstellungen", {"admin"}),
}
WHO = ("interviewer_a", "padmin_a", "counselor", "dpo", "admin")
# where a role knows a page by another title (a provider admin's accounts page lists the own staff)
TITLE_FOR = {("admin_users", "padmin_a"): "Mitarbeitende"}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_access_matrix(app_db: Cast, page: str) -> None:
    db = app_db
    iv = make_interview(db, db.interviewer_a, family="Vertraulich", given="Vera")
    title, allowed = PAGES[page]
    result = {}
    for who in WHO:
        at = open_page(getattr(db, who), page, query={"id": str(iv.id)})
        assert not at.exception, (who, page)
        refused = REFUSAL in [e.value for e in at.error]
        result[who] = not refused
        if refused:
            assert "Vertraulich" not in texts(at)
            assert title not in [t.value for t in at.title]
        else:
            assert TITLE_FOR.get((page, who), title) in [t.value for t in at.title], (who, page)
    assert {w for w, ok in result.items() if ok} == allowed


def test_admin_never_sees_interview_contents(app_db: Cast) -> None:
    db = app_db
    make_interview(db, db.interviewer_a, family="Vertraulich", given="Vera", notes="Geheime Notiz")
    for page in ("dashboard", "data_protection", "admin_providers", "admin_users", "admin_guides", "admin_settings"):
        at = open_page(db.admin, page)
        page_text = texts(at)
        assert "Vertraulich" not in page_text and "Geheime Notiz" not in page_text, page


def test_counselor_never_sees_interview_without_sharing_consent(app_db: Cast) -> None:
    db = app_db
    hidden = make_interview(db, db.interviewer_a, sharing=False, family="Verborgen")
    for page in ("review_queue", "review_detail", "exports"):
        at = open_page(db.counselor, page, query={"id": str(hidden.id)})
        assert "Verborgen" not in texts(at), page
    at = open_page(db.counselor, "exports")
    assert "Keine Interviews entsprechen den Filtern" in texts(at)
