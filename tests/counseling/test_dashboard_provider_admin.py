"""The dashboard for a provider admin ("Trägerleitung"): the same anonymous figures, for the own provider
only — run in-process with AppTest against real SQLite, with interviews at two providers."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas.vocabulary import Role
from tests.counseling.conftest import Cast, make_interview, open_page, texts
from ui import navigation

OTHER = "Sprachschule Brücke"  # provider B's name (tests/store/conftest.py)
OWN = "VHS Musterstadt"  # provider A's name


def _everything(at) -> str:  # type: ignore[no-untyped-def]
    """Every text of the page, widget options and the charts' data included."""
    options = [str(o) for w in (*at.selectbox, *at.multiselect) for o in w.options]
    labels = [w.label for w in (*at.selectbox, *at.multiselect, *at.checkbox, *at.date_input)]
    charts = [str(c.proto) for c in at.get("vega_lite_chart")]
    return "\n".join([texts(at), *options, *labels, *charts])


def _frames(at) -> dict[tuple[str, ...], pd.DataFrame]:  # type: ignore[no-untyped-def]
    return {tuple(f.value.columns): f.value for f in at.dataframe}


def _seed(db: Cast) -> None:
    make_interview(db, db.interviewer_a, family="Eigen")
    make_interview(db, db.interviewer_a, "approved", family="Zweite")
    make_interview(db, db.interviewer_a, "draft", family="Entwurf")  # drafts never counted
    make_interview(db, db.interviewer_b, family="Fremd")
    make_interview(db, db.interviewer_b, family="Anders", sharing=False)
    make_interview(db, db.interviewer_b, "approved", family="Dritte")
    make_interview(db, db.interviewer_b, "returned", family="Vierte")


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_provider_admin_sees_the_own_providers_figures_only(app_db: Cast) -> None:
    db = app_db
    _seed(db)
    at = open_page(db.padmin_a, "dashboard")
    assert not at.exception
    assert [t.value for t in at.title] == ["Auswertung"]
    assert [m.value for m in at.metric][:2] == ["2", "1"]  # 2 of the own provider's, not 6 of both
    status = _frames(at)[("Status", "Anzahl")]
    assert dict(zip(status["Status"], status["Anzahl"], strict=True)) == {"Eingereicht": 1, "Freigegeben": 1}
    courses = _frames(at)[("Kursart", "Anzahl")]
    assert courses["Anzahl"].sum() == 2
    levels = _frames(at)
    assert len(at.get("vega_lite_chart")) >= 5  # status, month, levels, courses, waiting
    page = _everything(at)
    assert OTHER not in page  # neither in the figures nor in a filter
    assert "Alle Träger" not in page and "Träger" not in [s.label for s in at.selectbox]
    assert ("Träger", "Anzahl") not in levels
    captions = " ".join(c.value for c in at.caption)
    assert OWN in captions and "nur" in captions and "andere Träger sind nicht enthalten" in captions
    for name in ("Eigen", "Zweite", "Fremd", "Dritte"):
        assert name not in page  # anonymous


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_the_other_provider_admin_sees_the_other_figures(app_db: Cast) -> None:
    db = app_db
    _seed(db)
    at = open_page(db.padmin_b, "dashboard")
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["4", "1"]
    status = _frames(at)[("Status", "Anzahl")]
    assert dict(zip(status["Status"], status["Anzahl"], strict=True)) == {
        "Eingereicht": 2,
        "Zurückgegeben": 1,
        "Freigegeben": 1,
    }
    assert OWN not in _everything(at) and OTHER in " ".join(c.value for c in at.caption)


@pytest.mark.usefixtures("every_count")  # exact small counts (MIN_GROUP_SIZE=1)
def test_counselor_still_sees_every_provider_and_the_provider_filter(app_db: Cast) -> None:
    db = app_db
    _seed(db)
    at = open_page(db.counselor, "dashboard")
    assert [m.value for m in at.metric][:2] == ["6", "2"]
    provider = _frames(at)[("Träger", "Anzahl")]
    assert dict(zip(provider["Träger"], provider["Anzahl"], strict=True)) == {OTHER: 4, OWN: 2}
    assert "Träger" in [s.label for s in at.selectbox]


def test_the_menu_of_a_provider_admin_lists_auswertung() -> None:
    def menu(role: str) -> list[str]:
        # what ui.navigation lists visibly for a role (``build`` itself makes st.Page objects, which are
        # cached per process and must be made inside a Streamlit run)
        return [p.title for p in navigation.existing_pages() if p.in_menu and navigation.allowed(p, role)]

    assert "Auswertung" in menu(Role.PROVIDER_ADMIN)
    assert "Auswertung" not in menu(Role.INTERVIEWER)
    assert "Prüfliste" not in menu(Role.PROVIDER_ADMIN)  # only the figures, not the review work


def test_auswertung_stands_in_each_roles_own_menu_section() -> None:
    # a provider admin sees the own provider's figures: not under the counseling office's heading
    spec = navigation.spec_for("auswertung")
    assert spec.group_for(Role.PROVIDER_ADMIN) == "Interviews"
    assert spec.group_for(Role.ADMIN) == "Administration"
    assert spec.group_for(Role.COUNSELOR) == "Beratungsstelle"
