"""The course figures on the dashboard (Auswertung): waiting time to course start, places by type and
month, unmet demand, referrals by outcome — each a chart with its table beside it (the numbers are
in the table for screen readers). Anonymous counts only (``store.course_figures``)."""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import store
from ui.charts import without_hidden


def _count_axis() -> alt.Axis:
    """Counts: whole numbers on the axis, as on the dashboard."""
    return alt.Axis(format="d", tickMinStep=1)


BAR_COLOR = "#1d4e89"  # 8.6:1 against white
FREE_COLOR = "#2e7d32"  # 5.1:1 against white


def _draw(where: Any, chart: alt.Chart, title: str, height: int) -> None:
    where.vega_lite_chart(
        spec=without_hidden(chart.to_dict(validate=False)),
        width="stretch",
        height=height,
        alt=f"Diagramm {title}; die Zahlen stehen in der Tabelle daneben.",
    )


def _pair(title: str, frame: pd.DataFrame, chart: alt.Chart, caption: str = "") -> None:
    st.subheader(title)
    if caption:
        st.caption(caption)
    if frame.empty:
        st.info("Noch keine Zahlen.")
        return
    chart_col, table_col = st.columns([3, 2])
    _draw(chart_col, chart, title, max(140, 30 * len(frame) + 60))
    table_col.dataframe(frame, hide_index=True, width="stretch")


def render_figures(actor: Any, weeks: int = 8) -> None:
    figures = store.course_figures(actor, weeks=weeks)
    st.header("Kurse und Vermittlungen")
    st.caption(f"Zeitraum: ab {figures.since:%d.%m.%Y} (12 Monate). Nur Anzahlen, keine Namen.")
    st.download_button(
        "Kurszahlen und Vermittlungen (pseudonymisiert) als XLSX",
        data=functools.partial(store.course_figures_export, actor, "xlsx", weeks=weeks),
        file_name="kurszahlen-pseudonymisiert.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key="figures.export",
    )
    a, b, c = st.columns(3)
    a.metric("Ohne passendes Angebot", figures.unmet_total)
    started = sum(row[1] for row in figures.waiting)
    b.metric("In einen Kurs vermittelt", started)
    free = sum(row[5] for row in figures.places)
    c.metric("Freie Plätze", free)

    unmet = pd.DataFrame(figures.unmet, columns=["Kursart", "Formatbedarf", "Stadtteil", "Anzahl"])
    chart = (
        alt.Chart(unmet)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X("sum(Anzahl):Q", title="Anzahl", axis=_count_axis()),
            y=alt.Y("Kursart:N", title=None, sort="-x", axis=alt.Axis(labelLimit=360)),
            tooltip=["Kursart", "Stadtteil", "Formatbedarf", "Anzahl"],
        )
    )
    _pair(
        "Ungedeckter Bedarf",
        unmet,
        chart,
        f"Einstufungen, für die kein Angebot der empfohlenen Kursart innerhalb von {weeks} Wochen nach dem "
        "Interview begann – nach Kursart, Formatbedarf (Kinderbetreuung, Teilzeit, Abendkurs …) und Stadtteil.",
    )

    places = pd.DataFrame(figures.places, columns=["Monat", "Art", "Angebote", "Plätze", "belegt", "frei"])
    long = places.melt(id_vars=["Monat", "Art"], value_vars=["belegt", "frei"], var_name="Plätze ", value_name="Anzahl")
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("Monat:O", title="Monat des Kursbeginns"),
            y=alt.Y("sum(Anzahl):Q", title="Plätze", axis=_count_axis()),
            color=alt.Color(
                "Plätze :N",
                scale=alt.Scale(range=[BAR_COLOR, FREE_COLOR]),
                title=None,
                # Vega's own ARIA label of a legend is English: a German description replaces it
                legend=alt.Legend(description="Legende: belegt (blau), frei (grün)"),
            ),
            tooltip=["Monat", "Art", "Plätze ", "Anzahl"],
        )
    )
    _pair("Freie und belegte Plätze nach Monat", places, chart)

    waiting = pd.DataFrame(figures.waiting, columns=["Kursart", "Kursbeginne", "Median Tage", "Mittel Tage"])
    chart = (
        alt.Chart(waiting)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X("Median Tage:Q"),
            y=alt.Y("Kursart:N", title=None, sort="-x", axis=alt.Axis(labelLimit=360)),
            tooltip=["Kursart", "Kursbeginne", "Median Tage"],
        )
    )
    _pair("Wartezeit vom Interview bis zum Kursbeginn", waiting, chart)

    outcomes = pd.DataFrame(figures.outcomes, columns=["Art", "Stand", "Anzahl"])
    chart = (
        alt.Chart(outcomes)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X("sum(Anzahl):Q", title="Anzahl", axis=_count_axis()),
            y=alt.Y("Stand:N", title=None, sort="-x"),
            tooltip=["Art", "Stand", "Anzahl"],
        )
    )
    _pair("Vermittlungen nach Ergebnis", outcomes, chart)
