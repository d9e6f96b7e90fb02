"""The uniform certificate as an A4 PDF, drawn with reportlab's canvas from the layout in layout.py.

``CertificateRenderer`` reads every position, font and label from a ``Layout``; its ``draw_*``
methods are the override points (one per part of the page, called in ``SECTIONS`` order). User text
is only ever drawn with ``drawString`` — never parsed as Paragraph markup — so ``<b>`` in a name
prints as ``<b>``. Output is deterministic (reportlab's invariant mode): the same data gives the
same bytes, so the SHA-256 stored at issue identifies every reprint.
"""

from __future__ import annotations

import hashlib
import io
import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache
from typing import cast

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from schemas.certificate import CertificateData

from .blocks import FlowBlocks
from .drawing import mm
from .fonts import REGULAR, describe_characters, missing_glyphs
from .layout import COUNSELING_COPY, Layout
from .qr import qr_pdf_ops

# German names of the user-text fields, for error messages.
FIELD_NAMES = {
    "family_name": "Familienname",
    "given_names": "Vorname(n)",
    "provider_name": "Sprachkursträger",
    "provider_address": "Anschrift des Trägers",
    "city_name": "Stadt",
    "literacy": "Alphabetisierung",
    "recommendation": "Kursempfehlung",
    "signer_name": "Unterzeichnende Person",
    "number": "Bescheinigungsnummer",
    "verification_code": "Prüfcode",
    "verify_url": "Prüfadresse",
    "guide_id": "Leitfaden",
}
# Font scales tried for the flowing middle, largest first; the smallest fits every valid CertificateData.
FLOW_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7)
CREATOR = "Sprachstand"

Progress = Callable[[int, int], None]  # (done, total), for a progress bar


def german_date(value: date) -> str:
    return f"{value:%d.%m.%Y}"


def pdf_date(value: date) -> str:
    """A PDF date string (ISO 32000 7.9.4) for midnight UTC of ``value``."""
    return f"D:{value:%Y%m%d}000000+00'00'"


def certificate_problems(data: CertificateData) -> list[str]:
    """German messages for everything that keeps ``data`` from printing correctly (empty = printable)."""
    problems = []
    if not data.verification_code or not data.verify_url:
        problems.append(f"Bescheinigung {data.number} hat keinen Prüfcode: erst ausstellen, dann drucken.")
    texts: list[tuple[str, str]] = [(FIELD_NAMES[name], getattr(data, name) or "") for name in FIELD_NAMES]
    for skill, can_do in data.can_do.items():
        texts += [(f"Kann-Beschreibung {skill}", can_do.de), (f"Kann-Beschreibung {skill} (englisch)", can_do.en)]
    for label, text in texts:
        missing = missing_glyphs(text)
        if missing:
            problems.append(
                f"{label} enthält Zeichen, die die Schrift der Bescheinigung nicht darstellen kann: "
                f"{describe_characters(missing)}. "
                "Bitte in lateinischer, griechischer oder kyrillischer Schrift erfassen."
            )
    return problems


class CertificateRenderer(FlowBlocks):
    """Draws certificates; subclass and override a ``draw_*`` method, or pass another ``Layout``."""

    SECTIONS = ("draw_header", "draw_title", "draw_learner", "draw_flow", "draw_signatures", "draw_verification")

    # -- the page ---------------------------------------------------------------------------------

    def wording(self, data: CertificateData) -> Layout:
        """The layout with the labels of ``data``'s printed wording (cached per wording)."""
        cache = self.__dict__.setdefault("_wordings", {})
        if data.wording not in cache:
            cache[data.wording] = self.layout.for_wording(data.wording)
        return cast(Layout, cache[data.wording])

    def new_canvas(self, out: io.BytesIO, items: Sequence[CertificateData]) -> Canvas:
        lay = self.wording(items[0]) if items else self.layout
        c = Canvas(
            out,
            pagesize=(lay.page_width * mm, lay.page_height * mm),
            invariant=1,
            pageCompression=1,
            initialFontName=REGULAR,
            lang="de-DE",
        )
        title = lay.labels["title"].de
        if len(items) == 1:
            c.setTitle(f"{title} – {items[0].number}")
            c.setAuthor(items[0].provider_name)
        else:
            c.setTitle(f"{title} – {len(items)} Bescheinigungen")
            c.setAuthor(items[0].city_name if items else CREATOR)
        c.setSubject(f"{lay.labels['title'].en}. {lay.labels['disclaimer'].de}")
        c.setCreator(CREATOR)
        c.setKeywords("Sprachstandsfeststellung, GER, CEFR, Bescheinigung")
        c.setViewerPreference("DisplayDocTitle", "true")
        if items:
            # Invariant mode would date every PDF 01.01.2000; the issue date is just as deterministic
            # (part of the frozen data), so reprints stay byte-identical. A batch carries the latest one.
            stamp = pdf_date(max(item.issued_on for item in items))
            c.setDateFormatter(lambda *_: stamp)  # used for both CreationDate and ModDate
        return c

    def draw_page(self, c: Canvas, data: CertificateData, *, counseling_copy: bool = False) -> None:
        """One certificate; ``counseling_copy``: the counseling office's copy, which always shows
        literacy and course recommendation and says so above the header."""
        base = self.layout
        self.layout = self.wording(data)
        try:
            if counseling_copy:
                data = data.model_copy(update={"show_literacy_and_recommendation": True})
            for section in self.SECTIONS:
                getattr(self, section)(c, data)
            if data.specimen:
                self.draw_specimen(c, data)
            if counseling_copy:
                self.draw_counseling_mark(c)
        finally:
            self.layout = base

    def draw_counseling_mark(self, c: Canvas) -> None:
        lay = self.layout
        line = f"{COUNSELING_COPY.de} · {COUNSELING_COPY.en}"
        font, _ = self.fit(line, "specimen_line", lay.width, 6, 1)
        self.text(c, lay.left + lay.width / 2, lay.counseling_line_baseline, line, font, "specimen_line", "center")

    def draw_header(self, c: Canvas, data: CertificateData) -> None:
        lay = self.layout
        top = lay.header_top
        half = lay.width / 2 - 3
        city_x = lay.left
        if data.city_logo:
            city_x += self.image(c, data.city_logo, lay.left, top) + lay.logo_gap
        provider_x = lay.right
        if data.provider_logo:
            provider_x -= self.image(c, data.provider_logo, lay.right, top, align="right") + lay.logo_gap
        if data.city_name:
            font, lines = self.fit(data.city_name, "header_city", lay.left + half - city_x, 8, 1)
            self.text(c, city_x, top + 5, lines[0], font, "accent")
        guide = lay.labels["header_guide"]
        city_width = lay.left + half - city_x
        for offset, text, role, color in (
            (10, guide.de, "header_small", "text"),
            (13.5, guide.en, "label_en", "muted"),
        ):
            font, lines = self.fit(text, role, city_width, 5, 1)
            self.text(c, city_x, top + offset, lines[0], font, color)

        font, lines = self.fit(data.provider_name, "header_provider", provider_x - (lay.right - half), 8, 2)
        baseline = top + 5
        for line in lines:
            self.text(c, provider_x, baseline, line, font, "accent", "right")
            baseline += font.line / mm
        if data.provider_address:
            small = self.font("header_small")
            small, lines = self.fit(data.provider_address, "header_small", provider_x - (lay.right - half), 6, 1)
            self.text(c, provider_x, baseline + 0.6, lines[0], small, "text", "right")
        self.rule(c, lay.left, lay.right, lay.header_rule, "accent", 1.2)

    def draw_title(self, c: Canvas, data: CertificateData) -> None:
        lay = self.layout
        center = lay.left + lay.width / 2
        font, lines = self.fit(lay.labels["title"].de, "title", lay.width, 12, 1)
        self.text(c, center, lay.title_baseline, lines[0], font, "accent", "center")
        self.text(c, center, lay.subtitle_baseline, lay.labels["title"].en, "subtitle", "muted", "center")

    def draw_learner(self, c: Canvas, data: CertificateData) -> None:
        lay = self.layout
        rows: list[tuple[tuple[str, str], tuple[str, str] | None]] = [
            (("family_name", data.family_name), ("birth_date", german_date(data.birth_date))),
            (
                ("given_names", data.given_names),
                ("interview_date", german_date(data.interview_date)) if data.interview_date else None,
            ),
            (("provider", data.provider_name), ("number", data.number)),
        ]
        for i, (left_field, right_field) in enumerate(rows):
            top = lay.learner_top + i * lay.learner_row
            key, value = left_field
            self.label(c, lay.left, top + 3, key)
            role = "name" if key in ("family_name", "given_names") else "value"
            font, lines = self.fit(value, role, lay.name_max_width, 9 if role == "name" else 8)
            baseline = top + 3 + (font.size * 1.1) / mm + 1.2
            for line in lines:
                self.text(c, lay.left, baseline, line, font)
                baseline += font.line / mm
            if right_field:
                key, value = right_field
                self.label(c, lay.learner_right_col, top + 3, key)
                self.text(c, lay.learner_right_col, top + 3 + self.font("value").size * 1.1 / mm + 1.2, value, "value")

    # -- the flowing middle: intro, results table, literacy, recommendation, disclaimer -------------

    def draw_flow(self, c: Canvas, data: CertificateData) -> None:
        lay = self.layout
        available = lay.flow_bottom - lay.flow_top
        for scale in FLOW_SCALES:
            blocks = self.flow_blocks(data, scale)
            if sum(height for height, _ in blocks) + lay.block_gap * (len(blocks) - 1) <= available:
                break
        else:
            raise ValueError(
                f"Bescheinigung {data.number}: Die Texte (Kann-Beschreibungen, Alphabetisierung, Empfehlung) "
                "passen nicht auf eine Seite. Bitte kürzen."
            )
        top = lay.flow_top
        for height, draw in blocks:
            draw(c, top)
            top += height + lay.block_gap

    # -- bottom: signatures, stamp, verification ---------------------------------------------------

    def draw_signatures(self, c: Canvas, data: CertificateData) -> None:
        lay = self.layout
        line = lay.sign_line
        place = f"{data.city_name}, {german_date(data.issued_on)}" if data.city_name else german_date(data.issued_on)
        self.text(c, lay.left, line - 1.8, place, "sign_value")
        self.rule(c, lay.left, lay.left + lay.sign_place_width, line, "text", 0.5)
        self.label(c, lay.left, line + 3.5, "place_date")
        self.rule(c, lay.sign_col2, lay.sign_col2 + lay.sign_width, line, "text", 0.5)
        self.label(c, lay.sign_col2, line + 3.5, "signature")
        if data.signer_name:
            self.text(c, lay.sign_col2, line + 7.5, data.signer_name, "sign_value")
        radius = lay.stamp_size / 2
        cx, cy = lay.stamp_left + radius, lay.stamp_top + radius
        c.setStrokeColor(self.colors["rule"])
        c.setLineWidth(0.5)
        c.setDash(2, 2)
        c.circle(self.x(cx), self.y(cy), radius * mm, stroke=1, fill=0)
        c.setDash()
        self.text(c, cx, cy + 0.8, lay.labels["stamp"].de, "label", "muted", "center")
        self.text(c, cx, cy + 3.6, lay.labels["stamp"].en, "label_en", "muted", "center")

    def draw_verification(self, c: Canvas, data: CertificateData) -> None:
        lay = self.layout
        top, height = lay.verify_top, lay.verify_height
        c.setStrokeColor(self.colors["accent"])
        c.setLineWidth(0.6)
        c.rect(self.x(lay.left), self.y(top + height), lay.width * mm, height * mm, stroke=1, fill=0)
        qr_top = top + (height - lay.qr_size) / 2
        c.setFillColor(self.colors["text"])
        c.addLiteral(qr_pdf_ops(data.verify_url, self.x(lay.left + 1), self.y(qr_top + lay.qr_size), lay.qr_size * mm))
        x = lay.left + lay.qr_size + 3
        self.label(c, x, top + 5.5, "verify", "section")
        self.label(c, x, top + 11, "number")
        self.text(c, x, top + 16, data.number, "code", "accent")
        code_x = x + 62
        self.label(c, code_x, top + 11, "code")
        self.text(c, code_x, top + 16, data.verification_code, "code", "accent")
        self.label(c, x, top + 21.5, "verify_hint", "hint")
        font, lines = self.fit(data.public_url, "value", lay.right - x - 2, 6, 1)
        self.text(c, x, top + 26.5, lines[0], font, "text")
        if data.guide_id:
            guide = lay.labels["guide"]
            version = f" v{data.guide_version}" if data.guide_version is not None else ""
            self.text(
                c,
                lay.right - 2,
                top + height - 2,
                f"{guide.de} / {guide.en}: {data.guide_id}{version}",
                "small",
                "muted",
                "right",
            )
        footer = f"{lay.labels['verify'].de}: {data.public_url} · Nummer {data.number} · Code {data.verification_code}"
        self.text(c, lay.left + lay.width / 2, lay.footer_baseline, footer, "footer", "muted", "center")

    def draw_specimen(self, c: Canvas, data: CertificateData) -> None:
        """Marks a specimen or demo certificate so that no printout can pass for a real one: a large
        translucent "MUSTER" with "Beispieldaten, keine gültige Bescheinigung" along the page diagonal
        (over the content, so no shaded box can hide it) and one line in dark red above the title."""
        lay = self.layout
        mark, note = lay.labels["specimen"], lay.labels["specimen_note"]
        line = f"{mark.de} – {note.de} · {mark.en} – {note.en}"
        font, _ = self.fit(line, "specimen_line", lay.width, 6, 1)
        self.text(c, lay.left + lay.width / 2, lay.specimen_line_baseline, line, font, "specimen_line", "center")

        width, height = lay.page_width * mm, lay.page_height * mm
        budget = math.hypot(width, height) * lay.specimen_span
        rows = [
            (mark.de, self.font("specimen")),
            (note.de, self.font("specimen_note")),
            (f"{mark.en} – {note.en}", self.font("specimen_note_en")),
        ]
        sized = [(text, f.name, min(f.size, f.size * budget / stringWidth(text, f.name, f.size))) for text, f in rows]
        total = sum(size * 1.15 for _, _, size in sized)
        c.saveState()
        c.setFillColor(self.colors["specimen"])
        c.setFillAlpha(lay.specimen_alpha)
        c.translate(width / 2, height / 2)
        c.rotate(math.degrees(math.atan2(height, width)))
        baseline = total / 2
        for text, name, size in sized:
            baseline -= size * 0.9
            c.setFont(name, size)
            c.drawCentredString(0, baseline, text)
            baseline -= size * 0.25
        c.restoreState()

    # -- documents ----------------------------------------------------------------------------------

    def render_many(self, items: Iterable[CertificateData], progress: Progress | None = None) -> bytes:
        """One PDF with one page per certificate (batch printing); ``progress(done, total)`` after each page."""
        batch = list(items)
        if not batch:
            raise ValueError("Keine Bescheinigungen zum Drucken ausgewählt.")
        for data in batch:
            problems = certificate_problems(data)
            if problems:
                raise ValueError(" ".join(problems))
        out = io.BytesIO()
        c = self.new_canvas(out, batch)
        for done, data in enumerate(batch, 1):
            self.draw_page(c, data)
            c.showPage()
            if progress:
                progress(done, len(batch))
        c.save()
        return out.getvalue()

    def render(self, data: CertificateData) -> bytes:
        return self.render_many([data])

    def render_counseling_copy(self, data: CertificateData) -> bytes:
        """The counseling office's copy of a certificate (not the learner's: its hash differs)."""
        problems = certificate_problems(data)
        if problems:
            raise ValueError(" ".join(problems))
        out = io.BytesIO()
        c = self.new_canvas(out, [data])
        c.setTitle(f"{self.wording(data).labels['title'].de} – {data.number} ({COUNSELING_COPY.de.split(' – ')[0]})")
        self.draw_page(c, data, counseling_copy=True)
        c.showPage()
        c.save()
        return out.getvalue()


@cache
def default_renderer() -> CertificateRenderer:
    """One renderer per process, so decoded logos are cached across certificates."""
    return CertificateRenderer()


def render_certificate(data: CertificateData) -> bytes:
    """The certificate as an A4 PDF (one page). Raises ValueError (German) for unprintable data."""
    return default_renderer().render(data)


def render_counseling_copy(data: CertificateData) -> bytes:
    """The counseling office's copy: the certificate with literacy and course recommendation, marked as such."""
    return default_renderer().render_counseling_copy(data)


def render_many(items: Iterable[CertificateData], progress: Progress | None = None) -> bytes:
    """Several certificates as one PDF, one page each; ``progress(done, total)`` for a progress bar."""
    return default_renderer().render_many(items, progress)


def render_zip(items: Iterable[CertificateData], progress: Progress | None = None) -> bytes:
    """A ZIP with one PDF per certificate, named ``<number>.pdf``; deterministic like the PDFs."""
    batch = list(items)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, data in enumerate(batch, 1):
            info = zipfile.ZipInfo(
                f"{data.number}.pdf", date_time=(data.issued_on.year, data.issued_on.month, data.issued_on.day, 0, 0, 0)
            )
            archive.writestr(info, render_certificate(data))
            if progress:
                progress(done, len(batch))
    return out.getvalue()


def pdf_sha256(pdf: bytes) -> str:
    """Hex SHA-256 of a PDF: stored at issue, equal for every reprint of the same certificate."""
    return hashlib.sha256(pdf).hexdigest()
