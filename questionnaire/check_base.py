"""The state every meaning check shares: the guide, its YAML data and lines, the questions' order, and
the list of problems found (checks.py, check_conditions.py and check_rules.py add to it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from questionnaire.errors import Problem, problem
from questionnaire.reader import Path, describe_path, line_of
from schemas.guide import Guide


class CheckerBase:
    def __init__(self, guide: Guide, data: Any, lines: dict[Path, int]) -> None:
        self.guide = guide
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []
        self.order: dict[str, int] = {}
        self.paths: dict[str, Path] = {}
        for si, section in enumerate(guide.sections):
            for qi, question in enumerate(section.questions):
                if question.id not in self.order:
                    self.order[question.id] = len(self.order)
                    self.paths[question.id] = ("sections", si, "questions", qi)

    def add(self, code: str, path: Path, **details: Any) -> None:
        self.problems.append(problem(code, describe_path(self.data, path), line_of(self.lines, path), **details))

    def _unique(self, values: Iterable[str], path: Path, what: str, key: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                self.add("duplicate_id", (*path, i, key), id=value, what=what)
            seen.add(value)
