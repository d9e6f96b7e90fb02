"""The filters the counseling office's pages share (review queue, dashboard, exports).

One function draws the same widgets on each page and returns a ``store.ReviewFilters``; the chosen
values are kept per page under non-widget keys, so they survive leaving the page and coming back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import store
from schemas.vocabulary import REVIEW_STATUSES, Level, Skill, Status
from store import reporting

ANY = "beliebig"
ALL_PROVIDERS = "Alle Träger"
ALL_COURSES = "Alle Kursarten"
# The orders the review queue offers (``store.review.ORDERS``), the first one is the default.
ORDER_LABELS = {
    "oldest": "Älteste zuerst",
    "newest": "Neueste zuerst",
    "provider": "Nach Träger",
    "duplicates": "Mögliche Dubletten zuerst",
}


def _kept(page: str, name: str, default: Any) -> str:
    """The widget key for ``name``; restores the value kept from an earlier visit of the page."""
    key = f"{page}.filter.{name}"
    store_key = f"{page}.kept.{name}"
    if key not in st.session_state and store_key in st.session_state:
        st.session_state[key] = st.session_state[store_key]
    elif key not in st.session_state:
        st.session_state[key] = default
    return key


def _keep(page: str, names: list[str]) -> None:
    for name in names:
        st.session_state[f"{page}.kept.{name}"] = st.session_state.get(f"{page}.filter.{name}")


def course_labels(actor: Any) -> dict[str, str]:
    return reporting.course_labels(actor)


def filters(
    actor: Any,
    page: str,
    *,
    default_statuses: tuple[Status, ...] = REVIEW_STATUSES,
    name_search: bool = True,
    expanded: bool = True,
    own_provider: bool = False,
) -> store.ReviewFilters:
    """Draws the filter widgets and returns the filters they describe. ``own_provider``: the user sees
    only the own provider's figures (a provider admin on the dashboard) — no provider choice, and no
    other provider's name among the widgets; the store limits the figures to the own provider."""
    providers = {} if own_provider else {p.name: p.id for p in store.list_providers(actor, include_inactive=True)}
    courses = course_labels(actor)
    names = ["statuses", "since", "until", "course", "duplicates", *(f"min_{s}" for s in Skill)]
    with st.expander("Filter", expanded=expanded, icon=":material/filter_list:"):
        # one row of columns per line: Tab goes through the filters in the order they are read
        left, right = st.columns(2)
        provider = ALL_PROVIDERS
        if not own_provider:
            names.append("provider")
            provider = left.selectbox("Träger", [ALL_PROVIDERS, *providers], key=_kept(page, "provider", ALL_PROVIDERS))
        statuses = right.multiselect(
            "Status",
            list(REVIEW_STATUSES),
            format_func=Status.label_of,
            key=_kept(page, "statuses", list(default_statuses)),
        )
        left, right = st.columns(2)
        since = left.date_input(
            "Eingereicht ab", key=_kept(page, "since", None), format="DD.MM.YYYY", min_value=dt.date(2000, 1, 1)
        )
        until = right.date_input(
            "Eingereicht bis", key=_kept(page, "until", None), format="DD.MM.YYYY", min_value=dt.date(2000, 1, 1)
        )
        left, right = st.columns(2)
        course = left.selectbox(
            "Kursempfehlung",
            [ALL_COURSES, *courses],
            format_func=lambda c: courses.get(c, c),
            key=_kept(page, "course", ALL_COURSES),
        )
        duplicates = right.checkbox("Nur mögliche Dubletten", key=_kept(page, "duplicates", False))
        st.caption("Niveau je Fertigkeit: mindestens")
        min_levels: dict[str, str] = {}
        for column, skill in zip(st.columns(len(Skill)), Skill, strict=True):
            chosen = column.selectbox(skill.label, [ANY, *Level.names()], key=_kept(page, f"min_{skill}", ANY))
            if chosen != ANY:
                min_levels[skill] = chosen
        search = ""
        if name_search:
            names.append("search")
            search = st.text_input("Name der/des Lernenden (Teil genügt)", key=_kept(page, "search", ""), max_chars=100)
    _keep(page, names)
    chosen_provider = providers.get(provider) if provider != ALL_PROVIDERS else None
    result = store.ReviewFilters(
        statuses=tuple(statuses) or tuple(REVIEW_STATUSES),
        provider_id=actor.provider_id if own_provider else chosen_provider,
        submitted_from=since if isinstance(since, dt.date) else None,
        submitted_to=until if isinstance(until, dt.date) else None,
        min_levels=min_levels,
        course=course if course != ALL_COURSES else None,
        duplicates_only=bool(duplicates),
        search=(search or "").strip(),
        order="oldest",
    )
    if narrowed(result, default_statuses, own_provider=own_provider):
        _reset_line(page, result, default_statuses, own_provider=own_provider)
    return result


def _active(f: store.ReviewFilters, default_statuses: tuple[Status, ...], *, own_provider: bool) -> list[str]:
    """The names of the filters that narrow the list, for the line above it."""
    active = [
        name
        for name, on in [
            ("Träger", bool(f.provider_id) and not own_provider),
            ("Status", set(f.statuses) != set(default_statuses)),
            ("Zeitraum", bool(f.submitted_from or f.submitted_to)),
            ("Kursempfehlung", bool(f.course)),
            ("nur Dubletten", f.duplicates_only),
            ("Mindestniveau", bool(f.min_levels)),
            ("Name", bool(f.search)),
        ]
        if on
    ]
    return active


def reset(page: str) -> None:
    """Forgets the page's filters (widgets and kept values): the next run shows the defaults."""
    for key in [k for k in st.session_state if str(k).startswith((f"{page}.filter.", f"{page}.kept."))]:
        if not str(key).endswith(".order"):
            del st.session_state[key]


def _reset_line(page: str, f: store.ReviewFilters, default_statuses: tuple[Status, ...], *, own_provider: bool) -> None:
    """Active filters stay visible with the folded filter box: what narrows the list, and a reset."""
    text_col, button_col = st.columns([3, 1], vertical_alignment="center")
    names = ", ".join(_active(f, default_statuses, own_provider=own_provider))
    text_col.markdown(f":material/filter_alt: **Filter aktiv:** {names}")
    button_col.button(
        "Filter zurücksetzen", key=f"{page}.reset", on_click=reset, args=(page,), icon=":material/filter_alt_off:"
    )


def order(page: str) -> str:
    """Draws the choice of order (kept per page like the filters) and returns it."""
    default = next(iter(ORDER_LABELS))
    chosen = st.selectbox(
        "Reihenfolge", list(ORDER_LABELS), format_func=ORDER_LABELS.__getitem__, key=_kept(page, "order", default)
    )
    _keep(page, ["order"])
    return str(chosen)


def narrowed(f: store.ReviewFilters, default_statuses: tuple[Status, ...], *, own_provider: bool = False) -> bool:
    """True when the user has narrowed the list beyond the page's defaults (a provider admin's own
    provider is no narrowing: it is all they may see)."""
    return bool(
        (f.provider_id and not own_provider)
        or f.submitted_from
        or f.submitted_to
        or f.min_levels
        or f.course
        or f.duplicates_only
        or f.search
        or f.assigned_to_id is not None
        or set(f.statuses) != set(default_statuses)
    )


def levels_text(levels: dict[str, str | None]) -> str:
    """The five levels in one line, e.g. "Hö A2 · Le A1 · Ge A2 · Sp A2 · Sch A1"."""
    return " · ".join(f"{skill.short} {levels.get(skill) or '–'}" for skill in Skill)


def skill_legend() -> str:
    """What the abbreviations of ``levels_text`` stand for."""
    return " · ".join(f"{skill.short} = {skill.label}" for skill in Skill)
