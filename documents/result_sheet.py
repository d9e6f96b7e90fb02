"""The learner's own result sheet: one A4 page in German and in the learner's language — the levels in
plain words, the recommended course with its reasons, and the next steps (what to bring, where to go).

Pure: ``result_sheet_data`` takes the guide, the stored score (``Score.model_dump(mode="json")``), the
answers and a few facts of the header and returns the texts to print; ``render_result_sheet`` draws
them with reportlab's canvas and returns the PDF bytes. The fixed texts of the sheet live in
``questionnaire/content/result-sheet.yaml`` (all languages of the guide); everything else comes from
the guide (skill labels, the certificate's level sentences, course types, the placement's reasons).

Right-to-left languages (Arabic, Persian): the embedded DejaVu Sans has the Arabic presentation
forms, but reportlab neither shapes nor reorders. Each paragraph is therefore shaped first
(``arabic_reshaper``: the contextual letter forms), wrapped in logical order, and every line put into
visual order with the Unicode bidi algorithm (``python-bidi``), then drawn right-aligned. Level names
inside such text stand in Unicode isolates in the guide, so "A2" keeps its order; the isolates and
other invisible format characters are dropped after reordering (the font has no glyphs for them).

The sheet is one page: when the texts are long, the type gets smaller (down to a floor) until they fit.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import arabic_reshaper
import yaml
from bidi import get_display
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from certificates.fonts import BOLD, REGULAR, register_fonts
from questionnaire import certificate_text
from questionnaire.levels import is_rtl, level_name

TEXTS_FILE = Path(__file__).resolve().parents[1] / "questionnaire" / "content" / "result-sheet.yaml"
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
TOP = A4[1] - 16 * mm
BOTTOM = 14 * mm
SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # tried in this order until the page holds everything
GREY = HexColor("#4a5563")
ACCENT = HexColor("#1f4e8c")
RULE = HexColor("#c9d2de")
# Invisible characters that only steer shaping or direction: no glyph to draw once the line is in order.
_INVISIBLE = {"\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"}


@cache
def sheet_texts() -> dict[str, dict[str, str]]:
    """The sheet's fixed texts: key -> language -> text."""
    loaded = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    return {str(k): {str(lang): str(text) for lang, text in v.items()} for k, v in loaded.items()}


@dataclass(frozen=True)
class Bilingual:
    """A text in German and in the learner's language (``other`` is None when it is German or missing)."""

    de: str
    other: str | None = None


@dataclass(frozen=True)
class SkillLine:
    label: Bilingual
    level: str  # "A2", "Pre-A1"
    words: Bilingual  # the level in plain words (the certificate's sentence for it)


@dataclass(frozen=True)
class ResultSheet:
    language: str
    learner_name: str
    birth_date: str  # as printed, "17.05.1988"
    interview_date: str
    provider: str
    skills: list[SkillLine]
    course: Bilingual | None
    course_description: Bilingual | None
    start_level: str | None
    reasons: list[Bilingual] = field(default_factory=list)
    deviating: bool = False
    next_steps: str | None = None  # the interviewer's own words (German)

    def fixed(self, key: str) -> Bilingual:
        texts = sheet_texts()[key]
        other = texts.get(self.language) if self.language != "de" else None
        return Bilingual(texts["de"], other or None)


def _text(text: dict[str, str] | None, language: str) -> Bilingual:
    text = text or {}
    other = text.get(language) if language != "de" else None
    return Bilingual(text.get("de", ""), other or None)


def _reason_texts(guide: Any) -> dict[str, dict[str, str]]:
    """German reason sentence -> its translations, for the placement's (or recommendation's) reasons."""
    found: dict[str, dict[str, str]] = {}
    placement = getattr(guide, "placement", None)
    rules = list(getattr(placement, "rules", None) or []) + list(getattr(placement, "formats", None) or [])
    rules += list(getattr(guide, "recommendations", None) or [])
    for rule in rules:
        reason = getattr(rule, "reason", None)
        if reason and reason.get("de"):
            found[reason["de"].strip()] = dict(reason)
    return found


def result_sheet_data(
    guide: Any,
    score: dict[str, Any],
    answers: dict[str, Any],
    *,
    learner_name: str,
    birth_date: str,
    interview_date: str,
    provider: str,
    language: str,
) -> ResultSheet:
    """The texts of the sheet for one interview (``score`` as stored, JSON)."""
    language = language if language in getattr(guide, "languages", ["de"]) else "de"
    skills = []
    labels = score.get("skill_labels") or {}
    for skill, level in (score.get("levels") or {}).items():
        conf = guide.scoring.skills.get(skill) if guide.scoring is not None else None
        label = _text(conf.label, language) if conf is not None else Bilingual(labels.get(skill, skill))
        words = Bilingual(
            certificate_text(guide, skill, level, "de") or "",
            certificate_text(guide, skill, level, language) if language != "de" else None,
        )
        skills.append(SkillLine(label, level_name(level) or str(level), words))
    recommendation = score.get("recommendation") or {}
    course_types = {c.value: c for c in getattr(guide, "course_types", None) or []}
    course = course_description = None
    kind = course_types.get(recommendation.get("course", ""))
    if kind is not None:
        course = _text(kind.label, language)
        course_description = _text(kind.description, language) if kind.description else None
    elif recommendation:
        course = Bilingual(str(recommendation.get("course_label", "")))
    deviating = recommendation.get("rule_id") == "override"
    placement = score.get("placement") or {}
    translations = _reason_texts(guide)
    german = list(placement.get("reasons") or []) if placement else []
    if not german and recommendation.get("reason") and not deviating:
        german = [str(recommendation["reason"])]
    reasons = []
    for sentence in german:
        text = translations.get(sentence.strip())
        reasons.append(_text(text, language) if text else Bilingual(sentence))
    start = recommendation.get("start_level")
    return ResultSheet(
        language=language,
        learner_name=learner_name,
        birth_date=birth_date,
        interview_date=interview_date,
        provider=provider,
        skills=skills,
        course=course,
        course_description=course_description,
        start_level=level_name(start) if start else None,
        reasons=reasons,
        deviating=deviating,
        next_steps=(answers.get("next_steps") or None),
    )


# ── drawing ────────────────────────────────────────────────────────────────────────────────────────


# Brackets of a right-to-left paragraph resolve to its direction (Unicode bidi rule N0) and must then be
# drawn mirrored; python-bidi reorders but does not mirror.
_MIRROR = str.maketrans("()[]{}«»‹›", ")(][}{»«›‹")


def _visual(line: str) -> str:
    """A shaped right-to-left line in visual order, without the characters the font cannot draw."""
    ordered = get_display(line, base_dir="R").translate(_MIRROR)
    return "".join(ch for ch in ordered if ch not in _INVISIBLE)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap in logical order (a word longer than the line is cut by characters)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if stringWidth(_visible(trial), font, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while stringWidth(_visible(word), font, size) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and stringWidth(_visible(word[:cut]), font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in _INVISIBLE)


@dataclass
class _Line:
    text: str
    font: str
    size: float
    indent: float = 0.0
    rtl: bool = False
    color: Any = None
    gap_before: float = 0.0
    rule_before: bool = False


class _Builder:
    """Turns the sheet into lines at one type size (so that the height can be measured before drawing)."""

    def __init__(self, sheet: ResultSheet, size: float) -> None:
        self.sheet, self.size = sheet, size
        self.lines: list[_Line] = []
        self.rtl = is_rtl(sheet.language)

    def add(
        self,
        text: str,
        *,
        bold: bool = False,
        scale: float = 1.0,
        indent: float = 0.0,
        other: bool = False,
        color: Any = None,
        gap: float = 0.0,
        rule: bool = False,
    ) -> None:
        if not text:
            return
        rtl = other and self.rtl
        font = BOLD if bold else REGULAR
        size = self.size * scale
        text = unicodedata.normalize("NFC", text)
        shaped = arabic_reshaper.reshape(text) if rtl else text
        for index, line in enumerate(_wrap(shaped, font, size, WIDTH - indent)):
            self.lines.append(
                _Line(
                    _visual(line) if rtl else _visible(line),
                    font,
                    size,
                    indent,
                    rtl,
                    color if color is not None else (GREY if other else None),
                    gap if index == 0 else 0.0,
                    rule and index == 0,
                )
            )

    def pair(self, text: Bilingual, **style: Any) -> None:
        self.add(text.de, **style)
        if text.other and text.other != text.de:
            self.add(text.other, other=True, **{k: v for k, v in style.items() if k not in ("gap", "rule")})

    def build(self) -> list[_Line]:
        s = self.sheet
        self.pair(s.fixed("title"), bold=True, scale=1.45, color=ACCENT)
        self.add(f"{s.learner_name} · {s.fixed('birth_date').de} {s.birth_date}", bold=True, gap=4)
        self.add(f"{s.fixed('interview_date').de}: {s.interview_date} · {s.fixed('provider').de}: {s.provider}")
        self.pair(s.fixed("not_a_certificate"), scale=0.9, gap=3)

        self.pair(s.fixed("levels_heading"), bold=True, scale=1.15, color=ACCENT, gap=9, rule=True)
        self.pair(s.fixed("level_scale"), scale=0.9)
        for skill in s.skills:
            self.add(f"{skill.label.de}: {skill.level}", bold=True, gap=4)
            if skill.label.other and skill.label.other != skill.label.de:
                self.add(f"{skill.label.other}: \u2066{skill.level}\u2069", other=True, bold=True)
            self.pair(skill.words, indent=4 * mm)

        if s.course is not None:
            self.pair(s.fixed("course_heading"), bold=True, scale=1.15, color=ACCENT, gap=9, rule=True)
            self.pair(s.course, bold=True, scale=1.1, gap=2)
            if s.start_level:
                start = s.fixed("start_level")
                self.add(f"{start.de} {s.start_level}")
                if start.other:
                    self.add(f"{start.other} \u2066{s.start_level}\u2069", other=True)
            if s.course_description is not None:
                self.pair(s.course_description, scale=0.95, gap=2)
            if s.deviating:
                self.pair(s.fixed("deviating"), gap=3)
            if s.reasons:
                self.pair(s.fixed("why_heading"), bold=True, gap=4)
                for reason in s.reasons:
                    self.pair(Bilingual(f"– {reason.de}", f"– {reason.other}" if reason.other else None), indent=2 * mm)

        self.pair(s.fixed("next_heading"), bold=True, scale=1.15, color=ACCENT, gap=9, rule=True)
        self.pair(s.fixed("where_to_go"), gap=2)
        self.pair(s.fixed("what_to_bring"), gap=3)
        if s.next_steps:
            self.add(f"Vereinbart: {s.next_steps}", gap=3)
        provider = s.fixed("provider")
        self.add(f"{provider.de}: {s.provider}", bold=True, gap=4)
        if provider.other:
            self.add(f"{provider.other}: \u2068{s.provider}\u2069", other=True, bold=True)
        return self.lines


def _height(lines: list[_Line]) -> float:
    return sum(line.size * 1.3 + line.gap_before for line in lines)


def render_result_sheet(sheet: ResultSheet) -> bytes:
    """The sheet as a one-page PDF (deterministic for the same texts)."""
    register_fonts()
    lines: list[_Line] = []
    for size in SIZES:
        lines = _Builder(sheet, size).build()
        if _height(lines) <= TOP - BOTTOM:
            break
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle("Ergebnis des Gesprächs zur Sprachstandsfeststellung")
    canvas.setAuthor(sheet.provider)
    y = TOP
    for line in lines:
        y -= line.gap_before
        if line.rule_before:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.line(MARGIN, y + 1.5 * mm, A4[0] - MARGIN, y + 1.5 * mm)
        y -= line.size * 1.3
        canvas.setFont(line.font, line.size)
        canvas.setFillColor(line.color if line.color is not None else HexColor("#111111"))
        if line.rtl:
            canvas.drawRightString(A4[0] - MARGIN - line.indent, y, line.text)
        else:
            canvas.drawString(MARGIN + line.indent, y, line.text)
    canvas.setFont(REGULAR, 7)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN, 8 * mm, "Sprachstand · Ergebnisblatt für die Person selbst, keine Bescheinigung")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
