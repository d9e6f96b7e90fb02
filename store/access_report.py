"""The data-subject access report (Art. 15 GDPR) as PDF: everything ``store.export_learner`` returns —
master data, consents, interviews with answers and history, review trail, certificates and who
accessed the data when — laid out for a person to read.

Pure: takes the export dict, returns PDF bytes (reportlab, the certificates' embedded DejaVu font, so
names in Latin, Greek and Cyrillic script print correctly; text the font cannot shape, e.g. Arabic,
is named as such instead of printed wrongly). Deterministic for the same input.
"""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

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


def _text(value: Any) -> str:
    from certificates.fonts import missing_glyphs

    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return UNDRAWABLE if missing_glyphs(text) else text


def render_access_report(data: dict[str, Any]) -> bytes:
    from certificates.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8, leading=10)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=15, leading=19, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4)
    h3 = ParagraphStyle("h3", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2)

    def p(value: Any, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(_text(value)).replace("\n", "<br/>"), style)

    def table(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
        t = Table([[p(c, small) for c in r] for r in rows], colWidths=widths, repeatRows=1 if header else 0)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#888888")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ebf2")))
        t.setStyle(TableStyle(style))
        return t

    export = data.get("export", {})
    learner = data.get("learner", {})
    story: list[Any] = [
        Paragraph("Auskunft nach Art. 15 DSGVO", h1),
        p(f"Erstellt am {_text(export.get('created_at'))} von {_text(export.get('created_by'))}."),
        p("Diese Auskunft enthält alle in Sprachstand gespeicherten Daten zu der unten genannten Person."),
        Paragraph("Stammdaten", h2),
        table([[label, learner.get(key)] for key, label in LEARNER_FIELDS.items()], [60 * mm, 110 * mm], False),
        Paragraph("Einwilligungen", h2),
    ]
    consents = data.get("consents") or []
    purpose = {"processing": "Verarbeitung", "sharing": "Weitergabe an die Beratungsstelle"}
    if consents:
        rows = [["Zweck", "erteilt", "am", "erfasst von"]]
        rows += [[purpose.get(c["purpose"], c["purpose"]), c["given"], c["recorded_at"], c["by"]] for c in consents]
        story.append(table(rows, [60 * mm, 20 * mm, 45 * mm, 45 * mm]))
    else:
        story.append(p("Keine Einträge."))
    story.append(Paragraph("Interviews", h2))
    for interview in data.get("interviews") or []:
        story.append(Paragraph(escape(f"Interview Nr. {interview['id']} ({_text(interview.get('guide'))})"), h3))
        facts = [
            ["Status", interview.get("status")],
            ["Interviewer/in", interview.get("interviewer")],
            ["Begonnen", interview.get("created_at")],
            ["Eingereicht", interview.get("submitted_at")],
            ["Freigegeben", interview.get("approved_at")],
        ]
        story.append(table(facts, [40 * mm, 130 * mm], False))
        answers = interview.get("answers") or {}
        if answers:
            story.append(Spacer(1, 3))
            story.append(table([["Frage", "Antwort"], *[[k, v] for k, v in answers.items()]], [55 * mm, 115 * mm]))
        score = interview.get("score") or {}
        if score.get("levels"):
            levels = ", ".join(f"{k}: {v}" for k, v in score["levels"].items())
            story.append(p(f"Ergebnis: {levels}"))
        revisions = interview.get("revisions") or []
        if revisions:
            story.append(Paragraph("Änderungen", h3))
            rows = [["Version", "von", "am", "Änderungen"]]
            rows += [[r["version"], r["by"], r["at"], r["changes"]] for r in revisions]
            story.append(table(rows, [15 * mm, 30 * mm, 35 * mm, 90 * mm]))
        review = interview.get("review") or []
        if review:
            story.append(Paragraph("Prüfung und Kommentare", h3))
            rows = [["Schritt", "von", "am", "Kommentar"]]
            rows += [[e["kind"], e["by"], e["at"], e["comment"]] for e in review]
            story.append(table(rows, [30 * mm, 30 * mm, 35 * mm, 75 * mm]))
    if not data.get("interviews"):
        story.append(p("Keine Interviews."))
    story.append(Paragraph("Bescheinigungen", h2))
    certificates = data.get("certificates") or []
    if certificates:
        rows = [["Nummer", "ausgestellt", "widerrufen", "Grund"]]
        rows += [[c["number"], c["issued_at"], c["revoked"], c["revoke_reason"]] for c in certificates]
        story.append(table(rows, [45 * mm, 45 * mm, 25 * mm, 55 * mm]))
    else:
        story.append(p("Keine Bescheinigungen."))
    story.append(Paragraph("Wer hat wann auf die Daten zugegriffen", h2))
    log = data.get("access_log") or []
    if log:
        rows = [["Zeitpunkt", "Konto", "Vorgang", "Datensatz"]]
        rows += [[e["at"], e["user"], e["action"], e["record"]] for e in log]
        story.append(table(rows, [45 * mm, 35 * mm, 50 * mm, 40 * mm]))
    else:
        story.append(p("Keine Zugriffe protokolliert."))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Auskunft nach Art. 15 DSGVO",
        author="Sprachstand",
        subject=f"Lernende/r Nr. {learner.get('id')}",
        lang="de-DE",
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()
