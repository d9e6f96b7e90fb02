"""Which texts of a guide only staff read, so that they may be written in German alone.

Every text a learner may see needs all the guide's languages (``missing_translation``). Texts nobody
reads in another language need only German; a translation nobody is shown would rot unseen (issue 14:
about 200 such texts in version 1). Read by staff only, in German:

- the sections the interviewer fills in on the summary: every section holding a rating, override or
  decision question of ``scoring``, its override reason, or a question of ``placement.override``
  (the app shows them German only, ``ui.steps.summary_section_ids``);
- choice lists used only by questions of those sections;
- the guide's title (page heads, exports), literacy explanations, placement warnings and the warnings of
  placement rules (summary, review page, export).

Such a text may still carry every language (then all of them are checked as usual); German alone is
accepted. Works on the raw YAML data (before the models), like ``checks.translation_problems``.
"""

from __future__ import annotations

from typing import Any

Path = tuple[str | int, ...]


def _interviewer_question_ids(data: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    scoring = data.get("scoring")
    if isinstance(scoring, dict):
        skills = scoring.get("skills")
        for skill in skills.values() if isinstance(skills, dict) else []:
            if isinstance(skill, dict):
                names = ("rating_question", "override_question", "decision_question")
                ids |= {str(skill[k]) for k in names if skill.get(k)}
        if scoring.get("override_reason_question"):
            ids.add(str(scoring["override_reason_question"]))
    placement = data.get("placement")
    override = placement.get("override") if isinstance(placement, dict) else None
    if isinstance(override, dict):
        ids |= {str(v) for v in override.values() if isinstance(v, str)}
    return ids


def _choice_lists_of(questions: list[Any]) -> set[str]:
    names: set[str] = set()
    for question in questions:
        if not isinstance(question, dict):
            continue
        if isinstance(question.get("choices"), str):
            names.add(question["choices"])
        names |= _choice_lists_of(question.get("fields") or [])
    return names


def german_only_prefixes(data: Any) -> set[Path]:
    """Path prefixes under which a text may be German only (see the module's docstring)."""
    if not isinstance(data, dict):
        return set()
    staff_ids = _interviewer_question_ids(data)
    prefixes: set[Path] = {("literacy",), ("placement", "warnings")}
    staff_lists: set[str] = set()
    learner_lists: set[str] = set()
    sections = data.get("sections")
    for index, section in enumerate(sections if isinstance(sections, list) else []):
        questions = section.get("questions") if isinstance(section, dict) else None
        questions = questions if isinstance(questions, list) else []
        staff = bool(staff_ids) and any(isinstance(q, dict) and q.get("id") in staff_ids for q in questions)
        if staff:
            prefixes.add(("sections", index))
        (staff_lists if staff else learner_lists).update(_choice_lists_of(questions))
    prefixes |= {("choice_lists", name) for name in staff_lists - learner_lists}
    return prefixes


def german_only_allowed(path: Path, key: str, prefixes: set[Path]) -> bool:
    """Whether the text ``key`` at ``path`` may be German only."""
    if key == "warning" and path[:2] == ("placement", "rules"):
        return True
    return any(path[: len(prefix)] == prefix for prefix in prefixes) or (not path and key == "title")
