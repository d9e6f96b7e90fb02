"""Issue 16 item 8 on the certificates page (AppTest through the real app, SQLite and PostgreSQL): the
search instead of a select box, the printed / handed-out record with the "noch nicht gedruckt" filter
and batch, the link to each certificate's interview, and the legend of the short skill names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import store
from schemas.vocabulary import Skill
from store.certificate_lists import list_certificates
from store.issuing import issue_certificate
from tests.certificates_store.conftest import approved_interview
from tests.certificates_store.test_ui import _certificates_page
from tests.store.conftest import Cast


def _links(at: Any) -> list[tuple[str, str, str]]:
    """The page links drawn on the page: (label, page address, query)."""
    return [(e.proto.label, e.proto.page, e.proto.query_string) for e in at.get("page_link")]


def _detail_lines(at: Any) -> list[str]:
    return [t.value for t in at.text if " – " in t.value and "Status: " in t.value]


def _issue(db: Cast, family: str, actor: store.Actor | None = None) -> store.CertificateView:
    cert, _ = issue_certificate(db.counselor, approved_interview(db, actor=actor, family=family).id)
    return cert


def test_search_finds_one_certificate_and_links_to_its_interview(db: Cast) -> None:
    anna, berta, clara = _issue(db, "Albers"), _issue(db, "Brandt"), _issue(db, "Cordes")
    at = _certificates_page(db.counselor)
    assert not at.exception
    assert "certificates.selected" not in [s.key for s in at.selectbox]  # no select box of every certificate
    table = at.dataframe[0].value
    assert list(table["Nummer"]) == [clara.number, berta.number, anna.number]  # newest first
    assert list(table["Gedruckt"]) == ["–"] * 3 and list(table["Ausgehändigt"]) == ["–"] * 3
    assert _detail_lines(at) == []  # several found: a row is chosen in the table

    at.text_input(key="certificates.issued_search").input("brandt").run()
    assert list(at.dataframe[0].value["Nummer"]) == [berta.number]
    assert _detail_lines(at) == [f"{berta.number} – Brandt, Şükrü, VHS Musterstadt, Status: gültig"]
    assert (f"Interview Nr. {berta.interview_id} öffnen", "pruefung", f"id={berta.interview_id}") in [
        (label, page.rsplit("/", 1)[-1], query) for label, page, query in _links(at)
    ]

    at.text_input(key="certificates.issued_search").input(anna.number.lower()).run()
    assert list(at.dataframe[0].value["Nummer"]) == [anna.number]
    at.text_input(key="certificates.issued_search").input("Niemand").run()
    assert not at.dataframe and any("passt zu dieser Suche" in c.value for c in at.caption)


def test_provider_staff_are_linked_to_the_read_only_view(db: Cast) -> None:
    cert = _issue(db, "Albers")
    waiting = approved_interview(db, family="Wartend")
    at = _certificates_page(db.padmin_a)
    pages = {(page.rsplit("/", 1)[-1], query) for _, page, query in _links(at)}
    assert ("ansicht", f"id={cert.interview_id}") in pages  # the issued one
    assert ("ansicht", f"id={waiting.id}") in pages  # and the one waiting for its certificate
    assert not [p for p, _ in pages if p == "pruefung"]


def test_marking_printed_and_handed_out_on_the_page(db: Cast) -> None:
    cert = _issue(db, "Albers")
    at = _certificates_page(db.padmin_a)
    assert "Noch nicht gedruckt" in [m.value.strip("*") for m in at.markdown]
    at.button(key=f"certificates.print.{cert.id}").click().run()
    assert not at.exception
    assert any(f"{cert.number} als gedruckt vermerkt." in s.value for s in at.success)
    (row,) = list_certificates(db.padmin_a)
    assert row.printed_by == "Paula" and row.printed_at is not None
    assert any(m.value.startswith("**Gedruckt** am ") and m.value.endswith("von Paula") for m in at.markdown)
    assert list(at.dataframe[0].value["Gedruckt"]) == [f"{row.printed_at:%d.%m.%Y}"]

    today = dt.datetime.now(dt.UTC).date()
    at.button(key=f"certificates.hand.{cert.id}").click().run()
    assert not at.exception
    (row,) = list_certificates(db.padmin_a)
    assert row.handed_out_on == today and row.handed_out_by == "Paula"
    assert any(m.value == f"**Ausgehändigt** am {today:%d.%m.%Y} (eingetragen von Paula)" for m in at.markdown)
    assert list(at.dataframe[0].value["Ausgehändigt"]) == [f"{today:%d.%m.%Y}"]


def test_not_yet_printed_filter_and_batch_marks_them_printed(db: Cast) -> None:
    first = _issue(db, "Albers")
    at = _certificates_page(db.counselor)
    at.button(key=f"certificates.print.{first.id}").click().run()  # printed by hand
    second, third = _issue(db, "Brandt"), _issue(db, "Cordes")
    at = _certificates_page(db.counselor)
    at.radio(key="certificates.printed_filter").set_value("not_printed").run()
    assert list(at.dataframe[0].value["Nummer"]) == [third.number, second.number]

    assert any("2 gültige Bescheinigungen sind noch nicht gedruckt." in i.value for i in at.info)
    assert at.checkbox(key="certificates.batch_not_printed").value is True  # the default batch
    next(b for b in at.button if b.label == "Druckdatei erstellen").click().run()
    assert not at.exception
    name, _, _, count = at.session_state["certificates.batch"]
    assert count == 2 and name.endswith(".pdf")
    assert {r.number for r in list_certificates(db.counselor, printed=False)} == set()
    at.radio(key="certificates.printed_filter").set_value("not_printed").run()
    assert not at.dataframe and any("passt zu dieser Suche" in c.value for c in at.caption)

    assert any("Alle gültigen Bescheinigungen sind gedruckt." in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Druckdatei erstellen").click().run()  # nothing left
    assert any("Keine noch nicht gedruckten Bescheinigungen" in w.value for w in at.warning)


def test_the_short_skill_names_are_explained(db: Cast) -> None:
    approved_interview(db)
    at = _certificates_page(db.counselor)
    legend = next(c.value for c in at.caption if c.value.startswith("Niveaus: "))
    for skill in Skill:
        assert f"{skill.short} = {skill.label}" in legend
