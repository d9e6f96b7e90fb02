"""The learner's handout for a course place: one A4 page in German and the learner's language.

Pure: a ``Handout`` in, PDF bytes out. Course, provider, address, start, days and times, what to bring
and a contact, each line in German with the learner's language below it. The embedded DejaVu font
has the Arabic presentation forms; Arabic and Persian lines are shaped, wrapped and put into visual
order by documents/rtl.py (as in the interview record) and set right-aligned. A learner's language
without translations here, or one the font cannot draw, is replaced by English, and the page says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certificates.fonts import BOLD, REGULAR, missing_glyphs, register_fonts
from documents import rtl

FALLBACK = "en"
LABEL_WIDTH = 44 * mm  # the text width of the label column (the column adds 2 × 2 mm padding)
VALUE_WIDTH = 118 * mm

# label id -> language -> text (developer translations; to be reviewed by native speakers like the guide's)
TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "de": "Ihr Kursplatz",
        "en": "Your course place",
        "uk": "Ваше місце на курсі",
        "ru": "Ваше место на курсе",
        "tr": "Kurs yeriniz",
        "ar": "مكانك في الدورة",
        "fa": "جای شما در دوره",
    },
    "for": {"de": "für", "en": "for", "uk": "для", "ru": "для", "tr": "için"},
    "course": {"de": "Kurs", "en": "Course", "uk": "Курс", "ru": "Курс", "tr": "Kurs", "ar": "الدورة", "fa": "دوره"},
    "provider": {
        "de": "Kursträger",
        "en": "Course provider",
        "uk": "Організатор курсу",
        "ru": "Организатор курса",
        "tr": "Kurs kurumu",
        "ar": "الجهة المنظمة للدورة",
        "fa": "برگزارکننده دوره",
    },
    "address": {
        "de": "Adresse",
        "en": "Address",
        "uk": "Адреса",
        "ru": "Адрес",
        "tr": "Adres",
        "ar": "العنوان",
        "fa": "نشانی",
    },
    "start": {
        "de": "Beginn",
        "en": "Start",
        "uk": "Початок",
        "ru": "Начало",
        "tr": "Başlangıç",
        "ar": "البداية",
        "fa": "شروع",
    },
    "end": {
        "de": "Ende",
        "en": "End",
        "uk": "Кінець",
        "ru": "Окончание",
        "tr": "Bitiş",
        "ar": "النهاية",
        "fa": "پایان",
    },
    "times": {
        "de": "Tage und Zeiten",
        "en": "Days and times",
        "uk": "Дні та час",
        "ru": "Дни и время",
        "tr": "Günler ve saatler",
        "ar": "الأيام والأوقات",
        "fa": "روزها و ساعت‌ها",
    },
    "bring": {
        "de": "Bitte mitbringen",
        "en": "Please bring",
        "uk": "Будь ласка, візьміть із собою",
        "ru": "Пожалуйста, возьмите с собой",
        "tr": "Lütfen yanınızda getirin",
        "ar": "يرجى إحضار",
        "fa": "لطفاً همراه بیاورید",
    },
    "contact": {
        "de": "Kontakt",
        "en": "Contact",
        "uk": "Контакт",
        "ru": "Контакт",
        "tr": "İletişim",
        "ar": "التواصل",
        "fa": "تماس",
    },
    "status": {
        "de": "Stand",
        "en": "Status",
        "uk": "Статус",
        "ru": "Статус",
        "tr": "Durum",
        "ar": "الحالة",
        "fa": "وضعیت",
    },
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
        "ar": "جواز السفر أو بطاقة الهوية",
        "fa": "گذرنامه یا کارت شناسایی",
    },
    "permit": {
        "de": "Berechtigungsschein oder Verpflichtung (wenn vorhanden)",
        "en": "Certificate of entitlement or obligation (if you have one)",
        "uk": "Довідку про право або обов'язок участі (якщо є)",
        "ru": "Справку о праве или обязанности участия (если есть)",
        "tr": "Katılım hakkı veya yükümlülük belgesi (varsa)",
        "ar": "شهادة الأحقية أو الإلزام بالمشاركة (إن وجدت)",
        "fa": "برگه حق یا الزام شرکت (در صورت وجود)",
    },
    "certificate": {
        "de": "diese Bescheinigung über die Einstufung",
        "en": "this record of your placement",
        "uk": "цей документ про визначення рівня",
        "ru": "этот документ об определении уровня",
        "tr": "bu seviye belirleme belgesi",
        "ar": "هذه الورقة عن تحديد المستوى",
        "fa": "این برگه تعیین سطح",
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


def _printable(text: str) -> bool:
    """Whether the embedded font draws ``text``: right-to-left text once shaped (documents/rtl.py)."""
    if rtl.has_rtl(text):
        return rtl.drawable(rtl.shape(text), REGULAR) and rtl.drawable(rtl.shape(text), BOLD)
    return not missing_glyphs(text)


def printable_language(handout: Handout) -> str:
    """The learner's language if the page can print it (translated and drawable), else English."""
    lang = handout.language
    texts = [t[lang] for table in (TEXTS, BRING) for t in table.values() if lang in t]
    if lang == "de" or lang not in TEXTS["title"] or not all(_printable(t) for t in texts):
        return "de" if lang == "de" else FALLBACK
    if handout.course_label_learner and not _printable(handout.course_label_learner):
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

    right = ParagraphStyle("r", parent=base, fontSize=9, leading=12, alignment=TA_RIGHT)
    right_bold = ParagraphStyle("rb", parent=right, fontName=BOLD)

    def learner_line(text: str, width: float, *, bold: bool = False) -> Paragraph:
        """The learner's language under the German: right-to-left text shaped, wrapped and reordered
        (documents/rtl.py), right-aligned; other text as it is."""
        if rtl.has_rtl(text):
            font = BOLD if bold else REGULAR
            lines = rtl.visual_lines(text, font, 9, width) or [text]
            return Paragraph("<br/>".join(escape(line) for line in lines), right_bold if bold else right)
        return Paragraph(f"<font size=9>{escape(text)}</font>", label if bold else base)

    def pair(key: str) -> list[Flowable]:
        cell: list[Flowable] = [Paragraph(escape(TEXTS[key]["de"]), label)]
        if second:
            cell.append(learner_line(_text(TEXTS, key, lang), LABEL_WIDTH, bold=True))
        return cell

    def value(de: str, learner: str = "") -> list[Flowable]:
        cell: list[Flowable] = [Paragraph(escape(de), base)]
        if second and learner and learner != de:
            cell.append(learner_line(learner, VALUE_WIDTH))
        return cell

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
    bring: list[Flowable] = []
    for item in (i for i in handout.bring if i in BRING):
        bring.append(Paragraph("• " + escape(BRING[item]["de"]), base))
        if second:
            bring.append(learner_line(_text(BRING, item, lang), VALUE_WIDTH))
    rows.append([pair("bring"), bring])
    rows.append([pair("contact"), value(handout.contact or "–")])
    rows.append([pair("status"), value(handout.status_de)])
    table = Table(rows, colWidths=[LABEL_WIDTH + 4 * mm, VALUE_WIDTH + 4 * mm])
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
    story: list[Flowable] = [Paragraph(escape(TEXTS["title"]["de"]), head)]
    if second:
        translated = _text(TEXTS, "title", lang)
        if rtl.has_rtl(translated):
            lines = rtl.visual_lines(translated, BOLD, 16, 170 * mm) or [translated]
            story.append(
                Paragraph(escape(" ".join(lines)), ParagraphStyle("ht", parent=head, fontSize=16, alignment=TA_RIGHT))
            )
        else:
            story.append(Paragraph(escape(translated), ParagraphStyle("ht", parent=head, fontSize=16)))
    story += [
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
