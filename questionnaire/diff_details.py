"""The readable part of ``guide-diff`` for versions that differ beyond single questions: sections,
the questions' German labels, how levels are found, course types and the rules (``GuideDiff.lines``
stays the compact list)."""

from __future__ import annotations

from questionnaire.diff import GuideDiff
from schemas.guide import Guide


def _label(guide: Guide, qid: str) -> str:
    question = guide.question(qid)
    text = guide.text(question.label) if question is not None else ""
    return f"{qid} – „{text[:90]}{'…' if len(text) > 90 else ''}“"


def _methods(guide: Guide) -> str:
    if guide.scoring is None:
        return "keine Einstufung"
    parts = []
    for conf in guide.scoring.skills.values():
        how = "Beobachtung entscheidet" if conf.method == "observation" else "Checkliste"
        if conf.decision_question:
            how += " mit Festlegung bei Abweichung"
        elif conf.override_question:
            how += " mit abweichender Einstufung"
        parts.append(f"{guide.text(conf.label)}: {how}")
    return "; ".join(parts)


def _rules(guide: Guide) -> str:
    if guide.placement is not None:
        block = guide.placement
        text = (
            f"Platzierung mit {len(block.rules)} Regeln, {len(block.formats)} Kursformregeln, "
            f"{len(block.warnings)} Hinweisregeln und {len(block.facts)} Fakten"
        )
        return text + (", abweichende Empfehlung mit Begründung" if block.override else "")
    return f"{len(guide.recommendations)} Empfehlungsregeln"


def details(old: Guide, new: Guide, diff: GuideDiff) -> list[str]:
    """Readable lines about what changed beyond single questions ([] when nothing else changed)."""
    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    if not diff.other and new_sections.keys() == old_sections.keys():
        return []
    out = ["", "Im Einzelnen:"]
    added = [f"„{new.text(s.title)}“ ({sid})" for sid, s in new_sections.items() if sid not in old_sections]
    removed = [f"„{old.text(s.title)}“ ({sid})" for sid, s in old_sections.items() if sid not in new_sections]
    out.append(f"Abschnitte: neu {', '.join(added) or '–'}; entfernt {', '.join(removed) or '–'}")
    if diff.added:
        out.append("Neue Fragen:")
        out += [f"  {_label(new, qid)}" for qid in diff.added]
    if diff.removed:
        out.append("Entfernte Fragen:")
        out += [f"  {_label(old, qid)}" for qid in diff.removed]
    if "status" in diff.other:
        out.append(f"Status: {old.status} → {new.status}")
    if "scoring" in diff.other:
        out.append(f"Einstufung vorher: {_methods(old)}")
        out.append(f"Einstufung jetzt: {_methods(new)}")
    if "course_types" in diff.other:
        before = {c.value for c in old.course_types}
        after = {c.value for c in new.course_types}
        gained, lost = ", ".join(sorted(after - before)) or "–", ", ".join(sorted(before - after)) or "–"
        out.append(f"Kursarten: neu {gained}; entfernt {lost}")
    if "recommendations" in diff.other or "placement" in diff.other:
        out.append(f"Kursempfehlung: {_rules(old)} → {_rules(new)} (python manage.py explain-guide zeigt sie)")
    return out
