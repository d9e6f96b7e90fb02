"""The learner's handout for a course place: one A4 page in German and the learner's language.

Pure: a ``Handout`` in, PDF bytes out. Course, provider, address, start, days and times, what to bring
and a contact, each line in German with the learner's language below it. The embedded DejaVu font
has no Arabic shaping (certificates/fonts.py); as in the interview record, a learner's language the
font cannot draw correctly (Arabic, Persian) is replaced by English, and the page says so, instead of
printing boxes or letters in the wrong order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certificates.fonts import BOLD, REGULAR, missing_glyphs, register_fonts

FALLBACK = "en"

# label id -> language -> text (developer translations; to be reviewed by native speakers like the guide's)
TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "de": "Ihr Kursplatz",
        "en": "Your course place",
        "uk": "Ваше місце на курсі",
        "ru": "Ваше место на курсе",
        "tr": "Kurs yeriniz",
    },
    "for": {"de": "für", "en": "for", "uk": "для", "ru": "для", "tr": "için"},
    "course": {"de": "Kurs", "en": "Course", "uk": "Курс", "ru": "Курс", "tr": "Kurs"},
    "provider": {
        "de": "Kursträger",
        "en": "Course provider",
        "uk": "Організатор курсу",
        "ru": "Организатор курса",
        "tr": "Kurs kurumu",
    },
    "address": {"de": "Adresse", "en": "Address", "uk": "Адреса", "ru": "Адрес", "tr": "Adres"},
    "start": {"de": "Beginn", "en": "Start", "uk": "Початок", "ru": "Начало", "tr": "Başlangıç"},
    "end": {"de": "Ende", "en": "End", "uk": "Кінець", "ru": "Окончание", "tr": "Bitiş"},
    "times": {
        "de": "Tage und Zeiten",
        "en": "Days and times",
        "uk": "Дні та час",
        "ru": "Дни и время",
        "tr": "Günler ve saatler",
    },
    "bring": {
        "de": "Bitte mitbringen",
        "en": "Please bring",
        "uk": "Будь ласка, візьміть із собою",
        "ru": "Пожалуйста, возьмите с собой",
        "tr": "Lütfen yanınızda getirin",
    },
    "contact": {"de": "Kontakt", "en": "Contact", "uk": "Контакт", "ru": "Контакт", "tr": "İletişim"},
    "status": {"de": "Stand", "en": "Status", "uk": "Статус", "ru": "Статус", "tr": "Durum"},
    "printed": {"de": "Gedruckt am", "en": "Printed on", "uk": "Надруковано", "ru": "Напечатано", "tr": "Basım tarihi"},
    "fallback": {
        "de": "Die Sprache der/des Lernenden kann hier nicht gedruckt werden; die zweite Zeile ist Englisch.",
        "en": "Your language cannot be printed here; the second line is in English.",
    },
}
BRING: dict[str, dict[str, str]] = {
    "id": {
        "de": "Pass oder Ausweis",
        "en": "Passport or ID card",
        "uk": "Паспорт або посвідчення особи",
        "ru": "Паспорт или удостоверение личности",
        "tr": "Pasaport veya kimlik kartı",
    },
    "permit": {
        "de": "Berechtigungsschein oder Verpflichtung (wenn vorhanden)",
        "en": "Certificate of entitlement or obligation (if you have one)",
        "uk": "Довідку про право або обов'язок участі (якщо є)",
        "ru": "Справку о праве или обязанности участия (если есть)",
        "tr": "Katılım hakkı veya yükümlülük belgesi (varsa)",
    },
    "certificate": {
        "de": "diese Bescheinigung über die Einstufung",
        "en": "this record of your placement",
        "uk": "цей документ про визначення рівня",
        "ru": "этот документ об определении уровня",
        "tr": "bu seviye belirleme belgesi",
    },
}


@dataclass(frozen=True)
class Handout:
    """What goes on the handout; every text already in German (``*_de``) and, where a caller has it, in
    the learner's language (``*_learner``: the guide's course label)."""

    learner_name: str
    language: str  # the learner's language code ("uk", "ar", ...)
    course_title: str
    course_label_de: str
    provider_name: str
    address: str
    start_date: date
    schedule_de: str
    contact: str
    status_de: str
    printed_on: date
    end_date: date | None = None
    course_label_learner: str = ""
    schedule_learner: str = ""
    bring: tuple[str, ...] = ("id", "permit", "certificate")
    extra: dict[str, str] = field(default_factory=dict)


def printable_language(handout: Handout) -> str:
    """The learner's language if the page can print it (translated and drawable), else English."""
    lang = handout.language
    texts = [t.get(lang, "") for t in TEXTS.values() if "de" in t and lang in t]
    if lang == "de" or lang not in TEXTS["title"] or any(missing_glyphs(t) for t in texts):
        return "de" if lang == "de" else FALLBACK
    if handout.course_label_learner and missing_glyphs(handout.course_label_learner):
        return FALLBACK
    return lang


def _text(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    return table[key].get(lang) or table[key][FALLBACK]


def render_handout(handout: Handout) -> bytes:
    """One A4 page: title, then one row per item with German above and the learner's language below."""
    register_fonts()
    lang = printable_language(handout)
    second = lang != "de"
    base = ParagraphStyle("p", fontName=REGULAR, fontSize=11, leading=14)
    small = ParagraphStyle("s", parent=base, fontSize=9, leading=11.5, textColor=colors.HexColor("#333333"))
    head = ParagraphStyle("h", parent=base, fontName=BOLD, fontSize=18, leading=23, spaceAfter=2)
    label = ParagraphStyle("l", parent=base, fontName=BOLD, fontSize=10.5)

    def pair(key: str) -> Paragraph:
        text = escape(TEXTS[key]["de"])
        if second:
            text += f"<br/><font size=9>{escape(_text(TEXTS, key, lang))}</font>"
        return Paragraph(text, label)

    def value(de: str, learner: str = "") -> Paragraph:
        text = escape(de)
        if second and learner and learner != de:
            text += f"<br/><font size=9>{escape(learner)}</font>"
        return Paragraph(text, base)

    course_learner = handout.course_label_learner if lang == handout.language else ""
    rows = [
        [pair("course"), value(f"{handout.course_title} ({handout.course_label_de})", course_learner)],
        [pair("provider"), value(handout.provider_name)],
        [pair("address"), value(handout.address or "–")],
        [pair("start"), value(f"{handout.start_date:%d.%m.%Y}")],
    ]
    if handout.end_date:
        rows.append([pair("end"), value(f"{handout.end_date:%d.%m.%Y}")])
    rows.append([pair("times"), value(handout.schedule_de or "–", handout.schedule_learner)])
    bring = "<br/>".join(
        "• "
        + escape(BRING[item]["de"])
        + (f"<br/><font size=9>&nbsp;&nbsp;{escape(_text(BRING, item, lang))}</font>" if second else "")
        for item in handout.bring
        if item in BRING
    )
    rows.append([pair("bring"), Paragraph(bring, base)])
    rows.append([pair("contact"), value(handout.contact or "–")])
    rows.append([pair("status"), value(handout.status_de)])
    table = Table(rows, colWidths=[48 * mm, 122 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    title = escape(TEXTS["title"]["de"]) + (f" · {escape(_text(TEXTS, 'title', lang))}" if second else "")
    story = [
        Paragraph(title, head),
        Paragraph(escape(f"{TEXTS['for']['de']} {handout.learner_name}"), base),
        Spacer(1, 8 * mm),
        table,
        Spacer(1, 6 * mm),
    ]
    if lang != handout.language and handout.language != "de":
        story.append(Paragraph(escape(TEXTS["fallback"]["de"]) + "<br/>" + escape(TEXTS["fallback"]["en"]), small))
    printed = f"{TEXTS['printed']['de']} {handout.printed_on:%d.%m.%Y}"
    story.append(Paragraph(escape(printed), small))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=f"Kursplatz – {handout.course_title}",
        author=handout.provider_name,
        subject="Informationsblatt zum Kursplatz",
        lang="de-DE",
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()
