"""The data-subject access report (Art. 15 GDPR) as PDF: everything ``store.export_learner`` returns —
master data, consents, interviews with answers and history, review trail, certificates and who
accessed the data when — laid out for a person to read.

Pure: takes the export dict, returns PDF bytes (reportlab, the certificates' embedded DejaVu font, so
names in Latin, Greek and Cyrillic script print correctly; text the font cannot shape, e.g. Arabic,
is named as such instead of printed wrongly). Deterministic for the same input.

Any amount of data must render: every cell is a wrapping Paragraph, long words are broken, rows may
split across pages (``splitInRow``), and answers and revisions get one row per question instead of one
row holding a whole JSON object (a single revision of a full interview is taller than a page).
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from schemas.guide import SKILL_LABELS_DE
from store.interviews import STATUS_LABELS
from store.workflow import ACTION_LABELS

TITLE = "Auskunft nach Art. 15 DSGVO"
UNDRAWABLE = "[Text in einer Schrift, die dieses PDF nicht darstellen kann – siehe JSON-Fassung]"
LEARNER_FIELDS = {
    "id": "Nr.",
    "provider": "Träger",
    "family_name": "Familienname",
    "given_names": "Vornamen",
    "birth_date": "Geburtsdatum",
    "created_at": "Erfasst am",
    "created_by": "Erfasst von",
    "processing_consent": "Einwilligung Verarbeitung",
    "sharing_consent": "Einwilligung Weitergabe an die Beratungsstelle",
    "possible_duplicate": "Mögliche Dublette",
    "erased_at": "Gelöscht am",
}
PURPOSES = {"processing": "Verarbeitung", "sharing": "Weitergabe an die Beratungsstelle"}
REVIEW_STEPS = {**ACTION_LABELS, "comment": "Kommentar"}
# ISO dates and timestamps as export_learner writes them (answers hold ISO dates too).
ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")
WIDTH = 170 * mm  # A4 less 20 mm margins


def _date(text: str) -> str:
    """``2026-05-01`` → ``01.05.2026``, ``2026-05-01T12:12:22`` → ``01.05.2026 12:12``; other text as is."""
    if not ISO.fullmatch(text):
        return text
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return text
    return value.strftime("%d.%m.%Y") if len(text) == 10 else value.strftime("%d.%m.%Y %H:%M")


def _plain(value: Any) -> str:
    """A value as readable lines: lists one item per line, objects as ``key: value``."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items()) or "–"
    if isinstance(value, list):
        if not value:
            return "–"
        if any(isinstance(v, dict | list) for v in value):
            return "\n".join(_plain(v) for v in value)
        return ", ".join(_plain(v) for v in value)
    return _date(str(value))


def _text(value: Any) -> str:
    from certificates.fonts import missing_glyphs

    lines = _plain(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")
    # Line by line: one line in Arabic script does not hide the rest of a comment or a list.
    return "\n".join(UNDRAWABLE if missing_glyphs(line) else line for line in lines)


def _styles() -> dict[str, ParagraphStyle]:
    from certificates.fonts import BOLD, REGULAR

    return {
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=10),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=15, leading=19, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        "h4": ParagraphStyle("h4", fontName=BOLD, fontSize=8.5, leading=11, spaceBefore=4, spaceAfter=2),
    }


class _Report:
    """Builds the story: one method per section, each table through ``table``."""

    def __init__(self) -> None:
        self.styles = _styles()
        self.story: list[Any] = []

    def para(self, value: Any, style: str = "body") -> Paragraph:
        return Paragraph(escape(_text(value)).replace("\n", "<br/>"), self.styles[style])

    def heading(self, text: str, style: str) -> None:
        # No heading alone at the foot of a page; not keepWithNext, which would push a long table that
        # could start here onto the next page as a whole.
        if style != "h1":
            self.story.append(CondPageBreak(25 * mm))
        self.story.append(Paragraph(escape(text), self.styles[style]))

    def table(self, rows: list[list[Any]], widths: list[float], header: list[str] | None = None) -> None:
        cells = [[self.para(c, "small") for c in r] for r in rows]
        if header:
            cells.insert(0, [Paragraph(escape(h), self.styles["head"]) for h in header])
        scale = WIDTH / sum(widths)
        t = Table(cells, colWidths=[w * scale for w in widths], repeatRows=1 if header else 0, splitInRow=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#888888")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ebf2")))
        t.setStyle(TableStyle(style))
        self.story.append(t)

    def rows_or(self, rows: list[list[Any]], widths: list[float], header: list[str], empty: str) -> None:
        if rows:
            self.table(rows, widths, header)
        else:
            self.story.append(self.para(empty))

    def interview(self, interview: dict[str, Any]) -> None:
        self.heading(f"Interview Nr. {interview.get('id')} ({_text(interview.get('guide'))})", "h3")
        status = interview.get("status")
        facts = [
            ["Status", STATUS_LABELS.get(status, status) if isinstance(status, str) else status],
            ["Interviewer/in", interview.get("interviewer")],
            ["Begonnen", interview.get("created_at")],
            ["Eingereicht", interview.get("submitted_at")],
            ["Freigegeben", interview.get("approved_at")],
        ]
        self.table(facts, [40, 130])
        answers = interview.get("answers") or {}
        if answers:
            self.story.append(Spacer(1, 3))
            self.table([[k, v] for k, v in answers.items()], [55, 115], ["Frage", "Antwort"])
        score = interview.get("score") or {}
        if score.get("levels"):
            labels = {**SKILL_LABELS_DE, **(score.get("skill_labels") or {})}
            levels = ", ".join(f"{labels.get(k, k)}: {_text(v)}" for k, v in score["levels"].items())
            self.story.append(Spacer(1, 3))
            self.story.append(self.para(f"Ergebnis: {levels}"))
        revisions = interview.get("revisions") or []
        if revisions:
            self.heading("Änderungen", "h3")
        for r in revisions:
            self.heading(f"Version {_text(r.get('version'))} – {_text(r.get('by'))}, {_text(r.get('at'))}", "h4")
            changes = r.get("changes")
            if isinstance(changes, dict):
                rows = [[k, *(v if isinstance(v, list) and len(v) == 2 else ["–", v])] for k, v in changes.items()]
                self.rows_or(rows, [45, 62, 63], ["Frage", "vorher", "nachher"], "Keine geänderten Antworten.")
            else:
                self.table([[changes]], [170])
        review = interview.get("review") or []
        if review:
            self.heading("Prüfung und Kommentare", "h3")
            steps = [
                [REVIEW_STEPS.get(e.get("kind"), e.get("kind")), e.get("by"), e.get("at"), e.get("comment")]
                for e in review
            ]
            self.table(steps, [30, 30, 30, 80], ["Schritt", "von", "am", "Kommentar"])


def _footer(subject: str) -> Any:
    def draw(canvas: Canvas, doc: Any) -> None:
        from certificates.fonts import REGULAR

        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(20 * mm, 10 * mm, f"{TITLE} – {subject}")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Seite {doc.page}")
        canvas.restoreState()

    return draw


def render_access_report(data: dict[str, Any]) -> bytes:
    from certificates.fonts import register_fonts

    register_fonts()
    export = data.get("export", {})
    learner = data.get("learner", {})
    r = _Report()
    r.heading(TITLE, "h1")
    r.story.append(r.para(f"Erstellt am {_text(export.get('created_at'))} von {_text(export.get('created_by'))}."))
    r.story.append(
        r.para(
            "Diese Auskunft enthält alle in Sprachstand gespeicherten Daten zu der unten genannten Person. "
            "Zeitangaben in UTC. Fragen und Antworten stehen mit ihren Kennungen aus dem Interviewleitfaden."
        )
    )
    r.heading("Stammdaten", "h2")
    r.table([[label, learner.get(key)] for key, label in LEARNER_FIELDS.items()], [60, 110])
    r.heading("Einwilligungen", "h2")
    consents = [
        [PURPOSES.get(c.get("purpose"), c.get("purpose")), c.get("given"), c.get("recorded_at"), c.get("by")]
        for c in data.get("consents") or []
    ]
    r.rows_or(consents, [60, 20, 45, 45], ["Zweck", "erteilt", "am", "erfasst von"], "Keine Einträge.")
    r.heading("Interviews", "h2")
    for interview in data.get("interviews") or []:
        r.interview(interview)
    if not data.get("interviews"):
        r.story.append(r.para("Keine Interviews."))
    r.heading("Bescheinigungen", "h2")
    certificates = [
        [c.get("number"), c.get("issued_at"), c.get("revoked"), c.get("revoke_reason")]
        for c in data.get("certificates") or []
    ]
    r.rows_or(
        certificates, [45, 45, 25, 55], ["Nummer", "ausgestellt", "widerrufen", "Grund"], "Keine Bescheinigungen."
    )
    r.heading("Wer hat wann auf die Daten zugegriffen", "h2")
    log = [[e.get("at"), e.get("user"), e.get("action"), e.get("record")] for e in data.get("access_log") or []]
    r.rows_or(log, [35, 35, 55, 45], ["Zeitpunkt", "Konto", "Vorgang", "Datensatz"], "Keine Zugriffe protokolliert.")

    name = _text(", ".join(str(learner[k]) for k in ("family_name", "given_names") if learner.get(k)) or None)
    subject = f"Nr. {learner.get('id')}" + (f", {name}" if name not in ("–", UNDRAWABLE) else "")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=TITLE,
        author="Sprachstand",
        subject=f"Lernende/r Nr. {learner.get('id')}",
        lang="de-DE",
        invariant=1,
    )
    doc.build(r.story, onFirstPage=_footer(subject), onLaterPages=_footer(subject))
    return buffer.getvalue()
