"""The domain's words are defined once, in ``schemas/vocabulary.py``, and the pages use them.

Three guards: pages never spell a status or role as a bare string (a typo would be a silent mismatch),
no module lists the skills, levels, statuses or roles again (a second list drifts from the first), and
every word has a German label.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from schemas.vocabulary import Action, ConsentPurpose, Level, Literacy, Role, Skill, Status

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "schemas" / "vocabulary.py"
_SKIP_DIRS = {"tests", "data", "test-artifacts", "migrations", "node_modules"}

#: Modules whose owners switch them to the vocabulary in their own change (the certificate assembly and
#: the documents leave the store; demo data and command-line code move above it). Each entry must still
#: hold a second list: once its owner removed it, the entry goes too (the test says so).
PENDING: dict[str, str] = {}


def _python_files(*roots: Path) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).parts
            if not _SKIP_DIRS.intersection(parts) and not any(part.startswith(".") for part in parts):
                yield path


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def _docstring_ids(tree: ast.AST) -> set[int]:
    """ids of the Constant nodes that are docstrings (module, class, function)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


# --- (a) no bare status or role in the pages ---------------------------------------------------------


def bare_words(paths: Iterator[Path]) -> list[str]:
    """``file:line: 'value'`` for every string constant equal to a Status or Role value (docstrings excluded)."""
    words = {member.value for member in (*Status, *Role)}
    hits = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        docstrings = _docstring_ids(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in words
                and id(node) not in docstrings
            ):
                hits.append(f"{_name(path)}:{node.lineno}: {node.value!r}")
    return hits


def _ui_files(root: Path) -> Iterator[Path]:
    yield from _python_files(root / "ui", root / "streamlit_app.py")


def test_pages_compare_statuses_and_roles_through_the_enums() -> None:
    hits = bare_words(_ui_files(ROOT))
    assert not hits, "use Status/Role from schemas.vocabulary instead of the bare string:\n" + "\n".join(hits)


def test_the_scan_finds_a_bare_status(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        '"""draft"""\n\ndef f(v):\n    """submitted"""\n    return v.status == "returned" or v.role in ("admin",)\n',
        encoding="utf-8",
    )
    assert bare_words(iter([page])) == ["page.py:5: 'returned'", "page.py:5: 'admin'"]


# --- (b) no second list of the domain's words ---------------------------------------------------------

# Each group is one list a module might copy: a skill tuple, a level list (by id or by CEFR name), the
# statuses, the roles, ... and their German labels.
_GROUPS: dict[str, frozenset[str]] = {
    "skill ids": frozenset(Skill),
    "skill labels": frozenset(member.label for member in Skill),
    "level ids": frozenset(Level),
    "level names": frozenset(Level.names()),
    "status ids": frozenset(Status),
    "status labels": frozenset(member.label for member in Status),
    "role ids": frozenset(Role),
    "role labels": frozenset(member.label for member in Role),
    "action ids": frozenset(Action),
    "literacy ids": frozenset(Literacy),
    "consent purposes": frozenset(ConsentPurpose),
}


def _strings(node: ast.expr) -> list[str]:
    """The string constants a container literal lists directly: a dict's keys, a tuple's, list's or set's items.

    (A dict's values are data about its keys, e.g. a sample's level per skill, not a list of words.)"""
    if isinstance(node, ast.Dict):
        items: list[ast.expr | None] = list(node.keys)
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        items = list(node.elts)
    else:
        return []
    return [item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]


def _copied_group(strings: list[str]) -> str | None:
    present = set(strings)
    for group, words in _GROUPS.items():
        if len(present & words) >= min(3, len(words)):
            return group
    return None


def second_lists(paths: Iterator[Path]) -> dict[str, list[str]]:
    """module -> ``line: group`` for every literal (tuple, list, set, dict, ``Literal[...]``) that lists
    three or more of one enum's ids or labels: a second definition of a domain word."""
    found: dict[str, list[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            group = _copied_group(_strings(node)) if isinstance(node, ast.expr) else None
            if group:
                found.setdefault(_name(path), []).append(f"{node.lineno}: {group}")
    return found


def _project_files() -> Iterator[Path]:
    for path in _python_files(ROOT):
        if path != VOCABULARY:
            yield path


def test_no_module_defines_the_domain_words_again() -> None:
    found = second_lists(_project_files())
    copies = {module: lines for module, lines in found.items() if module not in PENDING}
    assert not copies, "import the enums from schemas.vocabulary instead of listing their values again:\n" + "\n".join(
        f"{module}:{line}" for module, lines in copies.items() for line in lines
    )
    switched = sorted(set(PENDING) - set(found))
    assert not switched, f"these modules use the vocabulary now, remove them from PENDING: {switched}"


def test_the_scan_finds_a_second_list(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import Literal\n"
        'LEVELS = ("Pre-A1", "A1", "A2", "B1")\n'
        'Kind = Literal["draft", "submitted", "approved"]\n'
        'def f():\n    return {"Hören": 1, "Lesen": 2, "Schreiben": 3}\n'
        'OK = ("A1", "listening", "draft", "admin", "sharing")\n',
        encoding="utf-8",
    )
    assert second_lists(iter([module])) == {"m.py": ["2: level names", "3: status ids", "5: skill labels"]}


# --- (c) labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("enum", [Role, Status, Action, Skill, Level, Literacy, ConsentPurpose])
def test_every_member_has_a_german_label(enum: type[StrEnum]) -> None:
    for member in enum:
        label = member.label  # type: ignore[attr-defined]
        assert isinstance(label, str) and label.strip(), f"{enum.__name__}.{member.name} has no label"
    labels = [member.label for member in enum]  # type: ignore[attr-defined]
    assert len(set(labels)) == len(labels), f"two members of {enum.__name__} share a label"


def test_actions_name_their_past_step() -> None:
    assert all(action.event_label.strip() for action in Action)
    assert Action.SUBMIT.event_label == Status.SUBMITTED.label


def test_levels_parse_ids_and_names() -> None:
    assert [Level.parse(level.value) for level in Level] == list(Level)
    assert [Level.parse(name) for name in Level.names()] == list(Level)
    assert Level.parse("Pre-A1") is Level.PRE_A1 and Level.parse(" b1 ") is Level.B1
    assert Level.parse("B3") is None and Level.parse(None) is None
    assert [level.rank for level in Level] == list(range(7))
