"""What the summary, the read-only view and the review page show the same way for guides with a
placement (version 2 on): literacy per script, the placement (course, start level, formats, reasons,
rule), a deviating recommendation with its reason and evidence, and the warnings.

Every function takes the score as stored (``Score.model_dump(mode="json")``), so a page that has a
``Score`` object and a page that reads the stored JSON show the same text. Version-1 scores have no
``placement`` and no ``warnings``: these functions then show nothing, and the pages keep their old text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from schemas.placement import Course, Format, LiteracyLevel, Script
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
    """"lateinische Schrift: teilweise · arabische Schrift: sicher" from the guide's per-script questions
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


def placement_markdown(score: dict[str, Any]) -> str:
    """The placement as Markdown: the recommended course (a deviating one first, with reason and
    evidence), start level, course form, the rules' reasons and the rule id. "" without a placement."""
    placement = score.get("placement")
    if not placement:
        return ""
    recommendation = score.get("recommendation") or {}
    lines: list[str] = []
    rules_course = f"{_label(Course, placement['course'])}, Einstieg {_level(placement.get('start_level'))}"
    if recommendation.get("rule_id") == OVERRIDE_RULE:
        start = recommendation.get("start_level")
        chosen = escape_markdown(recommendation.get("course_label") or _label(Course, recommendation.get("course")))
        lines.append(f"**Abweichende Empfehlung: {chosen}{f', Einstieg {_level(start)}' if start else ''}**")
        lines.append(escape_markdown(recommendation.get("reason") or ""))
        lines.append("")
        lines.append(f"Nach den Regeln des Leitfadens: {escape_markdown(rules_course)}")
    else:
        lines.append(f"**{escape_markdown(rules_course)}**")
    formats = [_label(Format, f) for f in placement.get("formats") or []]
    shown = escape_markdown(", ".join(formats)) if formats else "keine besonderen Angaben"
    lines.append(f"Kursform: {shown}")
    lines.append("")
    lines += [f"- {escape_markdown(reason)}" for reason in placement.get("reasons") or []]
    lines.append("")
    lines.append(f"Regel: `{placement.get('rule_id', '')}` (nachzulesen mit „explain-guide“)")
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


def show_warnings(score: dict[str, Any] | None) -> None:
    """The warnings of the interview and the placement (contradictions, spreads, checklist against
    rating, deviating recommendation), one box; nothing when there are none."""
    warnings = list(dict.fromkeys((score or {}).get("warnings") or []))
    if not warnings:
        return
    body = "\n".join(f"- {escape_markdown(w)}" for w in warnings)
    st.warning(f"**{WARNINGS_TITLE} ({len(warnings)})**\n\n{body}", icon=":material/warning:")
