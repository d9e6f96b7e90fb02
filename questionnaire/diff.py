"""What changed between two versions of a guide: added, removed and changed questions and rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas.guide import AnyQuestion, Guide, MultiChoiceQuestion, SingleChoiceQuestion


@dataclass
class GuideDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # question id -> changed attributes
    other: list[str] = field(default_factory=list)  # changed parts outside the questions

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.other)

    def lines(self) -> list[str]:
        out = [f"+ {qid}: neue Frage" for qid in self.added]
        out += [f"- {qid}: Frage entfernt" for qid in self.removed]
        out += [f"~ {qid}: geändert ({', '.join(attrs)})" for qid, attrs in self.changed.items()]
        out += [f"~ {part}: geändert" for part in self.other]
        return out


def _comparable(question: AnyQuestion, guide: Guide) -> dict[str, Any]:
    data = question.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion):
        data["choices"] = [c.model_dump(mode="json") for c in guide.choices_of(question)]
    return data


def guide_diff(old: Guide, new: Guide) -> GuideDiff:
    diff = GuideDiff()
    old_q = {q.id: (s.id, q) for s, q in old.questions()}
    new_q = {q.id: (s.id, q) for s, q in new.questions()}
    diff.added = [qid for qid in new_q if qid not in old_q]
    diff.removed = [qid for qid in old_q if qid not in new_q]
    for qid, (new_section, question) in new_q.items():
        if qid not in old_q:
            continue
        old_section, before = old_q[qid]
        a, b = _comparable(before, old), _comparable(question, new)
        attrs = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        if old_section != new_section:
            attrs.append(f"Abschnitt {old_section} → {new_section}")
        if attrs:
            diff.changed[qid] = attrs
    for part in ("title", "status", "languages", "scoring", "literacy", "course_types", "recommendations", "placement"):
        if getattr(old, part) != getattr(new, part):
            diff.other.append(part)
    if [s.id for s in old.sections] != [s.id for s in new.sections]:
        diff.other.append("sections (Reihenfolge oder Abschnitte)")
    return diff
