"""What the summary, the read-only view and the review page show the same way for guides with a
placement (version 2 on): literacy per script, the placement (course, start level, formats, reasons,
rule), a deviating recommendation with its reason and evidence, and the warnings.

Every function takes the ``Score`` the store hands out (``InterviewView.score``) or the summary
computes. Version-1 scores have no ``placement`` and no ``warnings``: these functions then show nothing,
and the pages keep their old text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from schemas.placement import Course, Format, LiteracyLevel, Script
from schemas.score import Score
from schemas.vocabulary import Level
from ui.text import escape_markdown

OVERRIDE_RULE = "override"  # Recommendation.rule_id of a recommendation the interviewer set
WARNINGS_TITLE = "Hinweise zur Prüfung"


def _label(words: Any, value: Any) -> str:
    """The German label of a stored placement id (an unknown id as it is)."""
    return str(words.labels().get(str(value), value or "–"))


def _level(value: Any) -> str:
    found = Level.parse(value) if value else None
    return found.label if found is not None else str(value or "–")


def literacy_by_script(guide: Any, answers: dict[str, Any]) -> str:
    """ "lateinische Schrift: teilweise · arabische Schrift: sicher" from the guide's per-script questions
    (``literacy_<script>``); empty for guides without them (version 1)."""
    parts = []
    for script in Script:
        question = guide.question(f"literacy_{script.value}") if guide is not None else None
        value = answers.get(f"literacy_{script.value}")
        if question is None or value not in LiteracyLevel.labels():
            continue
        name = script.label
        if script is Script.OTHER and answers.get("literacy_other_script"):
            other = guide.question("literacy_other_script")
            labels = {c.value: guide.text(c.label) for c in guide.choices_of(other)} if other is not None else {}
            name = labels.get(answers["literacy_other_script"], name)
        parts.append(f"{name}: {LiteracyLevel(value).label}")
    return " · ".join(parts)


def placement_markdown(score: Score | None) -> str:
    """The placement as Markdown: the recommended course (a deviating one first, with reason and
    evidence), start level, course form, the rules' reasons and the rule id. "" without a placement."""
    if score is None or score.placement is None:
        return ""
    placement = score.placement
    recommendation = score.recommendation
    lines: list[str] = []
    rules_course = f"{placement.course.label}, Einstieg {placement.start_level.label}"
    if recommendation is not None and recommendation.rule_id == OVERRIDE_RULE:
        start = recommendation.start_level
        chosen = escape_markdown(recommendation.course_label or _label(Course, recommendation.course))
        lines.append(f"**Abweichende Empfehlung: {chosen}{f', Einstieg {_level(start)}' if start else ''}**")
        lines.append(escape_markdown(recommendation.reason or ""))
        lines.append("")
        lines.append(f"Nach den Regeln des Leitfadens: {escape_markdown(rules_course)}")
    else:
        lines.append(f"**{escape_markdown(rules_course)}**")
    formats = [f.label for f in Format if f in placement.formats]  # in the vocabulary's order
    shown = escape_markdown(", ".join(formats)) if formats else "keine besonderen Angaben"
    lines.append(f"Kursform: {shown}")
    lines.append("")
    lines += [f"- {escape_markdown(reason)}" for reason in placement.reasons]
    lines.append("")
    lines.append(f"Regel: `{placement.rule_id}` (nachzulesen mit „explain-guide“)")
    return _join(lines)


def _join(lines: list[str]) -> str:
    """Lines joined as Markdown: a hard line break inside a paragraph, an empty line between blocks,
    list items on their own lines."""
    out: list[str] = []
    for line in lines:
        if not line:
            out.append("\n")
        elif line.startswith("- "):
            out.append(("\n" if out and not out[-1].endswith("\n") else "") + line + "\n")
        else:
            out.append(line + "  \n")
    return "".join(out).strip()


def show_warnings(score: Score | None) -> None:
    """The warnings of the interview and the placement (contradictions, spreads, checklist against
    rating, deviating recommendation), one box; nothing when there are none."""
    warnings = list(dict.fromkeys(score.warnings if score is not None else []))
    if not warnings:
        return
    body = "\n".join(f"- {escape_markdown(w)}" for w in warnings)
    st.warning(f"**{WARNINGS_TITLE} ({len(warnings)})**\n\n{body}", icon=":material/warning:")


SHEET_BUTTON = "Ergebnisblatt für die Person (PDF)"
SHEET_HELP = (
    "Ein Blatt für die Person selbst, auf Deutsch und in ihrer Sprache: Niveaus in einfachen Worten, der "
    "empfohlene Kurs und die nächsten Schritte. Keine Bescheinigung."
)


def result_sheet_button(guide: Any, interview: Any, score: Score | None, answers: dict[str, Any], key: str) -> None:
    """The download button of the learner's result sheet (``documents.result_sheet``); nothing while
    there are no levels yet. ``interview``: the store's InterviewView (learner, provider, language)."""
    if score is None or not score.levels:
        return
    from documents.result_sheet import render_result_sheet, result_sheet_data
    from ui.text import day

    raw_date = answers.get("interview_date")
    interview_date = ".".join(reversed(str(raw_date).split("-"))) if raw_date else day(interview.created_at)
    sheet = result_sheet_data(
        guide,
        score.model_dump(mode="json"),  # the document reads the score as stored
        answers,
        learner_name=interview.learner.full_name,
        birth_date=day(interview.learner.birth_date),
        interview_date=interview_date,
        provider=interview.provider_name,
        language=interview.learner_language,
    )
    st.download_button(
        SHEET_BUTTON,
        data=render_result_sheet(sheet),
        file_name=f"ergebnisblatt-{interview.id}.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/description:",
        key=key,
        help=SHEET_HELP,
    )
