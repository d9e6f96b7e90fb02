"""The dashboard: anonymous figures with the review queue's filters — counts by status, provider and
month, level distribution per skill, recommended course types and the waiting time from submission to
approval. Every chart has its numbers in a table beside it (for screen readers and for copying).
All numbers are aggregated in the database (``store.reporting.dashboard``).

Page ``/auswertung`` (counseling office; the admin sees the same anonymous figures). A provider admin
sees the same charts and tables for the own provider only: no provider filter, no chart by provider,
and a caption naming the own provider (the store limits every count to it).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import store
from schemas.vocabulary import REVIEW_STATUSES, Level, Role, Skill, Status
from store import reporting, small_groups
from ui import counseling_filters as cf
from ui import course_figures, navigation, session
from ui.charts import without_hidden
from ui.text import amount, escape_markdown, month_label

ROLES = (Role.COUNSELOR, Role.ADMIN, Role.PROVIDER_ADMIN)
PAGE = "dashboard"
NO_MATCH = "Keine Interviews entsprechen diesen Filtern – es gibt nichts auszuwerten. Bitte lockern Sie die Filter."
EMPTY = (
    "Noch keine eingereichten Interviews – es gibt noch nichts auszuwerten. Die Zahlen erscheinen hier, "
    "sobald Interviews eingereicht werden."
)
BAR_COLOR = "#1d4e89"  # 8.6:1 against white


# Counts are whole numbers: no "0.5" ticks on a count axis.
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)


def _bar(frame: pd.DataFrame, category: str, value: str = "Anzahl") -> alt.Chart:
    """Horizontal bars in the frame's order, so the chart and the table beside it read alike."""
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X(f"{value}:Q", title=value, axis=COUNT_AXIS),
            # long names (providers, course types) in full: Vega-Lite cuts axis labels at 180 px by default
            y=alt.Y(f"{category}:N", title=None, sort=list(frame[category]), axis=alt.Axis(labelLimit=360)),
            tooltip=[category, value],
        )
    )
    return chart


def _draw(where: Any, chart: alt.Chart, *, height: int | str, alt_text: str, stretch: bool = True) -> None:
    """Hands the chart to Streamlit as a Vega-Lite spec built without altair's schema validation
    (the charts are fixed by this module; validating six of them cost a noticeable part of a rerun)."""
    where.vega_lite_chart(
        spec=without_hidden(chart.to_dict(validate=False)),
        width="stretch" if stretch else "content",
        height=height,
        alt=alt_text,
    )


def _pair(title: str, frame: pd.DataFrame, chart: alt.Chart, *, bars: bool = True) -> None:
    st.subheader(title)
    chart_col, table_col = st.columns([3, 2])
    height = max(120, 36 * len(frame) + 50) if bars else 260
    _draw(chart_col, chart, height=height, alt_text=f"Diagramm {title}; die Zahlen stehen in der Tabelle daneben.")
    table_col.dataframe(_shown(frame), hide_index=True, width="stretch")


def _counts(mapping: dict[str, int | None], name: str, *, by_count: bool = True) -> pd.DataFrame:
    """Counts for a chart and its table: the largest first (ties by name; a small group, None, last), or
    in the given order (statuses, months); a small group (see store.small_groups) has no bar."""
    items = list(mapping.items())
    if by_count:
        items.sort(key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))
    return pd.DataFrame({name: [k for k, _ in items], "Anzahl": pd.array([v for _, v in items], dtype="Int64")})


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The table beside a chart: the counts, a small group as "< 5" (then the column holds text)."""
    counts = frame["Anzahl"]
    if not counts.isna().any():
        return frame.assign(Anzahl=counts.astype("int64"))
    return frame.assign(Anzahl=[small_groups.label(None if pd.isna(v) else int(v)) for v in counts])


def _months(by_month: dict[str, int | None]) -> dict[str, int | None]:
    """Every month from the first to the last as "Okt. 2025", months without interviews as 0."""
    if not by_month:
        return {}
    first, last = min(by_month), max(by_month)
    year, month = int(first[:4]), int(first[5:7])
    out: dict[str, int | None] = {}
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out[month_label(key)] = by_month.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _levels(d: Any) -> None:
    rows = [
        {"Fertigkeit": Skill.label_of(skill), "Niveau": level, "Anzahl": counts.get(level, 0)}  # None: < 5
        for skill, counts in d.levels.items()
        for level in Level.names()
    ]
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_bar(color=BAR_COLOR)
        .encode(
            # every level labelled (Vega-Lite drops overlapping labels), turned to fit the narrow panels
            x=alt.X(
                "Niveau:N", sort=list(Level.names()), title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=False)
            ),
            y=alt.Y("Anzahl:Q", axis=COUNT_AXIS),
            # panel titles word by word on their own lines, so long skill names do not run into each other
            column=alt.Column(
                "Fertigkeit:N",
                title=None,
                sort=[skill.label for skill in Skill],
                header=alt.Header(labelExpr="split(datum.value, ' ')", labelFontWeight="bold"),
            ),
            tooltip=["Fertigkeit", "Niveau", "Anzahl"],
        )
        .properties(width=120, height=160)
    )
    table = (
        _shown(frame)
        .pivot(index="Fertigkeit", columns="Niveau", values="Anzahl")
        .reindex(index=[skill.label for skill in Skill], columns=list(Level.names()))
    )
    st.subheader("Niveaus je Fertigkeit")
    _draw(
        st,
        chart,
        height="content",
        stretch=False,
        alt_text="Säulendiagramme der Niveaus je Fertigkeit; die Zahlen stehen in der Tabelle darunter.",
    )
    st.dataframe(table, width="stretch")


def _waiting(d: Any) -> None:
    st.subheader("Wartezeit von der Einreichung bis zur Freigabe")
    if d.approved is None:  # a small group: its waiting times would describe single people
        least = small_groups.minimum()
        st.info(
            f"Weniger als {least} freigegebene Interviews in dieser Auswahl – die Wartezeit wird erst ab {least} "
            "gezeigt."
        )
        return
    if not d.approved:
        st.info("Noch keine freigegebenen Interviews in dieser Auswahl – keine Wartezeit zu berechnen.")
        return
    median = f"{d.median_waiting_days:g}".replace(".", ",")
    mean = f"{d.mean_waiting_days:g}".replace(".", ",") if d.mean_waiting_days is not None else "–"
    st.caption(
        f"Median {median} Tage (die Hälfte der {d.approved} freigegebenen Interviews wartete kürzer), "
        f"Durchschnitt {mean} Tage. Einzelne sehr lange Wartezeiten ziehen den Durchschnitt nach oben; "
        "der Median beschreibt die übliche Wartezeit."
    )
    frame = pd.DataFrame(
        {"Tage": [str(k) for k in d.waiting_days], "Anzahl": pd.array(list(d.waiting_days.values()), dtype="Int64")}
    )
    spans = _waiting_spans(d.waiting_days)
    chart = (
        alt.Chart(spans)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X(
                "Wartezeit:N", sort=list(spans["Wartezeit"]), title="Tage bis zur Freigabe", axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("Anzahl:Q", axis=COUNT_AXIS),
            tooltip=["Wartezeit", "Anzahl"],
        )
    )
    chart_col, table_col = st.columns([3, 2])
    _draw(
        chart_col, chart, height=260, alt_text="Diagramm Wartezeit in Tagen; die Zahlen stehen in der Tabelle daneben."
    )
    table_col.dataframe(_shown(frame), hide_index=True, width="stretch")


# The chart groups the waiting days into spans (a day-by-day axis would put 390 days next to 21);
# the table beside it keeps every single day.
WAITING_SPANS = (
    (0, 7, "0–7"),
    (8, 14, "8–14"),
    (15, 21, "15–21"),
    (22, 30, "22–30"),
    (31, 60, "31–60"),
    (61, 90, "61–90"),
)


def _waiting_spans(days: dict[int, int | None]) -> pd.DataFrame:
    """Spans of waiting days; days of small groups (< 5) are left out, as in the table."""
    counts = {label: 0 for _, _, label in WAITING_SPANS}
    counts["über 90"] = 0
    for day, count in days.items():
        if count is None:
            continue
        label = next((lab for lo, hi, lab in WAITING_SPANS if lo <= int(day) <= hi), "über 90")
        counts[label] += count
    return pd.DataFrame({"Wartezeit": list(counts), "Anzahl": list(counts.values())})


def _empty_system(actor: Any) -> None:
    """No interview submitted yet: what to do next instead of "Bitte lockern Sie die Filter"."""
    st.info(EMPTY)
    if actor.role != Role.ADMIN:
        return
    providers = store.list_providers(actor, include_inactive=False)
    users = store.list_users(actor)
    st.subheader("Nächste Schritte")
    steps = [
        ("traeger", "1. Träger anlegen", f"{amount(len(providers), 'Träger', 'Träger')} angelegt."),
        (
            "konten",
            "2. Konten anlegen",
            f"{amount(len(users), 'Konto', 'Konten')} vorhanden. Je Träger eine Trägerleitung (sie legt die Konten "
            "ihrer Interviewer/innen selbst an) und die Konten der Beratungsstelle.",
        ),
        ("leitfaden", "3. Leitfaden ansehen", "Welche Version für neue Interviews gilt und was sie fragt."),
        ("einstellungen", "4. Einstellungen prüfen", "Logo, Prüfadresse der Bescheinigungen, Aufbewahrungsfristen."),
    ]
    for url_path, label, text in steps:
        st.page_link(navigation.page(url_path), label=label)
        st.caption(text)
    st.markdown(
        "**Erst ausprobieren?** Eine eigene Datenbank mit Beispieldaten legt `./manage seed-demo` an "
        "(siehe README, „Try it with demo data“); sie ist auf jeder Seite als DEMO gekennzeichnet."
    )


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Auswertung")
    own = actor.role == Role.PROVIDER_ADMIN
    if own:
        name = next(
            (p.name for p in store.list_providers(actor, include_inactive=True) if p.id == actor.provider_id), ""
        )
        st.caption(
            f"Anonyme Zahlen nur über die eingereichten Interviews Ihres eigenen Trägers {escape_markdown(name)} – "
            "andere Träger "
            "sind nicht enthalten. Entwürfe zählen nicht mit; es werden nur Anzahlen gezeigt, keine Namen."
        )
    else:
        st.caption(
            "Anonyme Zahlen über alle eingereichten Interviews aller Träger (auch ohne Einwilligung in die "
            "Weitergabe und nach Löschung der Personendaten – es werden nur Anzahlen gezeigt)."
        )
    filters = cf.filters(actor, PAGE, name_search=False, expanded=False, own_provider=own)
    d = reporting.dashboard(actor, filters)
    if d.total == 0:
        if cf.narrowed(filters, REVIEW_STATUSES, own_provider=own):
            st.info(NO_MATCH)
        else:
            _empty_system(actor)
        return
    least = small_groups.minimum()
    if least > 1:
        st.caption(
            f"Gruppen mit weniger als {least} Interviews stehen als „< {least}“ da (ohne Balken), damit keine Zahl "
            "auf einzelne Personen zeigt."
        )
    a, b, c = st.columns(3)
    a.metric("Interviews", small_groups.label(d.total))
    b.metric("Freigegeben oder bescheinigt", small_groups.label(d.approved))
    median = d.median_waiting_days
    c.metric("Median Wartezeit", "–" if median is None else f"{median:g} Tage".replace(".", ","))
    _backlog(actor)
    by_status = {Status.label_of(k): v for k, v in d.by_status.items()}
    statuses = _counts(by_status, "Status", by_count=False)  # in the order of the workflow
    _pair("Nach Status", statuses, _bar(statuses, "Status"))
    if not own:  # one provider: a chart by provider would be a single bar
        providers = _counts(d.by_provider, "Träger")
        _pair("Nach Träger", providers, _bar(providers, "Träger"))
    months = _counts(_months(d.by_month), "Monat", by_count=False)
    month_chart = (
        alt.Chart(months)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X("Monat:N", title="Monat der Einreichung", sort=list(months["Monat"]), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Anzahl:Q", axis=COUNT_AXIS),
            tooltip=["Monat", "Anzahl"],
        )
    )
    _pair("Nach Monat", months, month_chart, bars=False)
    _levels(d)
    labels = cf.course_labels(actor)
    courses = _counts({labels.get(k, k): v for k, v in d.courses.items()}, "Kursart")
    _pair("Empfohlene Kursarten", courses, _bar(courses, "Kursart"))
    _waiting(d)
    course_figures.render_figures(actor)


def _days_text(days: float | None) -> str:
    if days is None:
        return "–"
    return f"{days:g} {'Tag' if days == 1 else 'Tage'}".replace(".", ",")


def _backlog(actor: Any) -> None:
    """The backlog now (not filtered): submitted and waiting for a review, with its age (store.backlog)."""
    b = store.backlog(actor)
    whose = "Ihre Prüfung (ohne Weitergabe)" if actor.role is Role.PROVIDER_ADMIN else "Prüfung"
    st.subheader(f"Rückstand: wartet auf {whose}")
    a, m, o, over = st.columns(4)
    a.metric("Wartend", b.waiting)
    m.metric("Median Wartedauer", _days_text(b.median_days))
    o.metric("Ältestes wartet seit", _days_text(None if b.oldest_days is None else float(b.oldest_days)))
    over.metric(f"Länger als {b.limit_days} Tage", b.over_limit)


if __name__ == "__main__":
    render()
