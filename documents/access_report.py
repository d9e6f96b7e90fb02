"""The data-subject access report (Art. 15 GDPR) as PDF: everything ``store.export_learner`` returns —
master data, consents, interviews with answers and history, review trail, certificates and who
accessed the data when — laid out for a person to read.

Pure: takes the export dict, returns PDF bytes (reportlab, the certificates' embedded DejaVu font, so
names in Latin, Greek and Cyrillic script print correctly; text the font cannot shape, e.g. Arabic,
is named as such instead of printed wrongly). Deterministic for the same input.

The texts come with the data: ``export_learner`` adds ``labels``, the guide's German question labels and
the choice and can-do statement texts for exactly the ids and codes in the export, per guide version.
With them answers read as the interview page shows them; without (a guide version that is gone) the
ids are printed. Accesses are described in German, and repeated accesses of one account to one record
within a few minutes are one line with counts (a review rerun logs a read and a history read each time).

Any amount of data must render: every cell is a wrapping Paragraph, long words are broken, rows may
split across pages (``splitInRow``), and answers and revisions get one row per question instead of one
row holding a whole JSON object (a single revision of a full interview is taller than a page).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from documents.answers import REPORT, format_answer, plain, texts_from_request
from schemas.vocabulary import COMMENT_EVENT, COMMENT_EVENT_LABEL, Action, ConsentPurpose, Skill, Status

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
    "possible_duplicate": "Mögliche Dublette",
}
CONSENT_STATE = {"processing_consent": ConsentPurpose.PROCESSING, "sharing_consent": ConsentPurpose.SHARING}
ERASED = (
    "Die personenbezogenen Daten dieser Person wurden am {at} gelöscht. Seitdem werden sie weder verarbeitet "
    "noch an die Beratungsstelle weitergegeben. Die Einträge unten zeigen die Einwilligungen, wie sie vor der "
    "Löschung erfasst waren. Von den Interviews sind nur Monat, Status und Ergebnis geblieben."
)
# Every audit action that can name a learner, as the person would say it.
ACCESS_LABELS = {
    "learner.created": "Person erfasst",
    "learner.read": "Personendaten angesehen",
    "learner.search": "Suche",
    "learner.read_duplicate": "Als mögliche Dublette angezeigt",
    "learner.duplicate_check": "Auf Dubletten geprüft",
    "learner.exported": "Auskunft erstellt",
    "learner.erased": "Daten gelöscht",
    "consent.given": "Einwilligung erfasst",
    "consent.withdrawn": "Einwilligung widerrufen",
    "interview.created": "Interview begonnen",
    "interview.saved": "Interview bearbeitet",
    "interview.read": "Interview angesehen",
    "interview.history_read": "Verlauf angesehen",
    "interview.discarded": "Interview verworfen",
    "interview.comment": "Kommentar geschrieben",
    "interview.submit": "Interview eingereicht",
    "interview.return": "Zur Überarbeitung zurückgegeben",
    "interview.approve": "Interview freigegeben",
    "interview.issue": "Bescheinigung ausgestellt",
    "interview.revoke": "Bescheinigung widerrufen",
    "certificate.issued": "Bescheinigung mit Nummer und Prüfcode angelegt",
    "certificate.revoke": "Bescheinigung widerrufen",
    "certificate.reprinted": "Bescheinigung erneut gedruckt",
    "certificate.counseling_copy": "Exemplar der Bescheinigung für die Beratungsstelle gedruckt",
    "certificate.batch_printed": "Bescheinigung gedruckt (Sammeldruck)",
    "certificate.verified": "Bescheinigung öffentlich geprüft",
    "data_request.search": "Suche für eine Datenschutzanfrage",
    "export.interviews": "In einer Export-Datei enthalten",
    "export.pseudonymized": "In einer pseudonymisierten Export-Datei enthalten",
    "review_queue.viewed": "In der Prüfliste der Beratungsstelle angezeigt",
    "data_request.found": "Bei einer Suche für eine Datenschutzanfrage gefunden",
}
ACCOUNTS = {"manage.py": "Administration (Kommandozeile)", "system": "System (automatisch)"}
RECORDS = {"interview": "Interview Nr. {id}", "learner": "Personendaten (Nr. {id})", "certificate": "Bescheinigung"}
REVOKE_REASONS = {"data_erased": "Daten auf Antrag gelöscht"}
GROUP_GAP = timedelta(minutes=5)  # accesses closer than this by one account to one record: one line
REVIEW_STEPS = {**Action.labels(), COMMENT_EVENT: COMMENT_EVENT_LABEL}
WIDTH = 170 * mm  # A4 less 20 mm margins


def _text(value: Any) -> str:
    from certificates.fonts import missing_glyphs

    lines = plain(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")
    # Line by line: one line in Arabic script does not hide the rest of a comment or a list.
    return "\n".join(UNDRAWABLE if missing_glyphs(line) else line for line in lines)


def _answer(entry: dict[str, Any] | None, qid: str, value: Any) -> Any:
    """One stored answer in the guide's words (``entry``: that question's texts from ``labels``)."""
    return format_answer(texts_from_request(qid, entry), value, REPORT)


def _record(record: Any) -> str:
    kind, _, number = str(record or "").partition(" ")
    if kind not in RECORDS:
        return str(record or "–")
    return RECORDS[kind].format(id=number) if number and number != "None" else RECORDS[kind].split(" Nr.")[0]


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def group_accesses(log: list[dict[str, Any]]) -> list[list[str]]:
    """The access log as rows (Zeitpunkt, Konto, Vorgang, Datensatz): entries of one account on one
    record, each within ``GROUP_GAP`` of the one before, make one row with a count per kind of access."""
    groups: list[tuple[dict[str, Any], datetime | None, datetime | None, dict[str, int]]] = []
    for e in log:
        at = _moment(e.get("at"))
        label = ACCESS_LABELS.get(str(e.get("action")), str(e.get("action")))
        if groups:
            first, _, last, counts = groups[-1]
            same = (first.get("user"), first.get("record")) == (e.get("user"), e.get("record"))
            if same and at is not None and last is not None and timedelta(0) <= at - last <= GROUP_GAP:
                counts[label] = counts.get(label, 0) + 1
                groups[-1] = (first, groups[-1][1], at, counts)
                continue
        groups.append((e, at, at, {label: 1}))
    rows = []
    for first, start, end, counts in groups:
        when = _text(first.get("at"))
        if start is not None and end is not None and end - start >= timedelta(minutes=1):
            when += "–" + end.strftime("%H:%M" if end.date() == start.date() else "%d.%m.%Y %H:%M")
        what = ", ".join(label if n == 1 else f"{label} ({n}×)" for label, n in counts.items())
        user = str(first.get("user") or "–")
        rows.append([when, ACCOUNTS.get(user, user), what, _record(first.get("record"))])
    return rows


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

    def __init__(self, labels: dict[str, dict[str, Any]]) -> None:
        self.styles = _styles()
        self.story: list[Any] = []
        self.labels = labels

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
            ["Status", Status.label_of(status) if isinstance(status, str) else status],
            ["Interviewer/in", _account(interview.get("interviewer"))],
            ["Begonnen", interview.get("created_at")],
            ["Eingereicht", interview.get("submitted_at")],
            ["Freigegeben", interview.get("approved_at")],
        ]
        self.table(facts, [40, 130])
        texts = self.labels.get(str(interview.get("guide")), {})

        def question(qid: str) -> str:
            return str((texts.get(qid) or {}).get("label") or qid)

        answers = interview.get("answers") or {}
        if answers:
            self.story.append(Spacer(1, 3))
            rows = [[question(k), _answer(texts.get(k), k, v)] for k, v in answers.items()]
            self.table(rows, [70, 100], ["Frage", "Antwort"])
        score = interview.get("score") or {}
        if score.get("levels"):
            labels = {**Skill.labels(), **(score.get("skill_labels") or {})}
            levels = ", ".join(f"{labels.get(k, k)}: {_text(v)}" for k, v in score["levels"].items())
            self.story.append(Spacer(1, 3))
            self.story.append(self.para(f"Ergebnis: {levels}"))
            course = (score.get("recommendation") or {}).get("course_label")
            if course:
                start = score["recommendation"].get("start_level")
                self.story.append(self.para(f"Kursempfehlung: {course}" + (f", Einstieg {start}" if start else "")))
        revisions = interview.get("revisions") or []
        if revisions:
            self.heading("Änderungen", "h3")
        for r in revisions:
            self.heading(f"Version {_text(r.get('version'))} – {_text(r.get('by'))}, {_text(r.get('at'))}", "h4")
            changes = r.get("changes")
            if isinstance(changes, dict):
                rows = [
                    [
                        question(k),
                        *(
                            _answer(texts.get(k), k, x)
                            for x in (v if isinstance(v, list) and len(v) == 2 else [None, v])
                        ),
                    ]
                    for k, v in changes.items()
                ]
                self.rows_or(rows, [45, 62, 63], ["Frage", "vorher", "nachher"], "Keine geänderten Antworten.")
            else:
                self.table([[changes]], [170])
        review = interview.get("review") or []
        if review:
            self.heading("Prüfung und Kommentare", "h3")
            steps = [
                [REVIEW_STEPS.get(e.get("kind"), e.get("kind")), _account(e.get("by")), e.get("at"), e.get("comment")]
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


def _account(user: Any) -> Any:
    return ACCOUNTS.get(user, user) if isinstance(user, str) else user


def _consents(r: _Report, learner: dict[str, Any], records: list[dict[str, Any]]) -> None:
    """One statement of the consents: the current state (or the erasure), then what was recorded."""
    r.heading("Einwilligungen", "h2")
    if learner.get("erased_at"):
        r.story.append(r.para(ERASED.format(at=_text(learner["erased_at"]))))
    else:
        state = "; ".join(
            f"{purpose.label}: {'erteilt' if learner.get(key) else 'nicht erteilt'}"
            for key, purpose in CONSENT_STATE.items()
        )
        r.story.append(r.para(f"Stand heute – {state}."))
    given: set[Any] = set()
    rows = []
    for c in records:
        purpose = str(c.get("purpose"))
        if c.get("given"):
            state = "erteilt"
            given.add(purpose)
        else:
            state = "widerrufen" if purpose in given else "nicht erteilt"
        rows.append([ConsentPurpose.label_of(purpose), state, c.get("recorded_at"), _account(c.get("by"))])
    r.story.append(Spacer(1, 3))
    r.rows_or(rows, [60, 25, 40, 45], ["Zweck", "Erklärung", "am", "erfasst von"], "Keine Einträge.")


def render_access_report(data: dict[str, Any]) -> bytes:
    from certificates.fonts import register_fonts

    register_fonts()
    export = data.get("export", {})
    learner = data.get("learner", {})
    r = _Report(data.get("labels") or {})
    r.heading(TITLE, "h1")
    r.story.append(
        r.para(f"Erstellt am {_text(export.get('created_at'))} von {_text(_account(export.get('created_by')))}.")
    )
    r.story.append(
        r.para(
            "Diese Auskunft enthält alle in Sprachstand gespeicherten Daten zu der unten genannten Person. "
            "Zeitangaben in UTC. Fragen und Antworten stehen so da, wie sie im Interviewleitfaden lauten "
            "(die JSON-Fassung enthält zusätzlich die technischen Kennungen)."
        )
    )
    r.heading("Stammdaten", "h2")
    fields = [[label, learner.get(key)] for key, label in LEARNER_FIELDS.items()]
    if learner.get("erased_at"):
        fields = [[label, "gelöscht" if value is None else value] for label, value in fields]
        fields.append(["Gelöscht am", learner.get("erased_at")])
    r.table(fields, [60, 110])
    _consents(r, learner, data.get("consents") or [])
    r.heading("Interviews", "h2")
    for interview in data.get("interviews") or []:
        r.interview(interview)
    if not data.get("interviews"):
        r.story.append(r.para("Keine Interviews."))
    r.heading("Bescheinigungen", "h2")
    certificates = [
        [
            c.get("number"),
            c.get("issued_at"),
            c.get("revoked"),
            REVOKE_REASONS.get(c.get("revoke_reason"), c.get("revoke_reason")),
        ]
        for c in data.get("certificates") or []
    ]
    r.rows_or(
        certificates, [45, 45, 25, 55], ["Nummer", "ausgestellt", "widerrufen", "Grund"], "Keine Bescheinigungen."
    )
    r.heading("Wer hat wann auf die Daten zugegriffen", "h2")
    r.story.append(
        r.para(
            "Mehrere gleichartige Zugriffe eines Kontos auf denselben Datensatz kurz hintereinander (höchstens "
            f"{GROUP_GAP.seconds // 60} Minuten Abstand) stehen in einer Zeile, mit der Anzahl in Klammern."
        )
    )
    r.story.append(Spacer(1, 3))
    log = group_accesses(data.get("access_log") or [])
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
