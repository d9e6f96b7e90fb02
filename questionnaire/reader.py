"""Step 1 of the loader: guide text -> plain data plus the YAML line of every key and list item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from questionnaire.errors import Problem, problem

Path = tuple[str | int, ...]


@dataclass
class ReadResult:
    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# libyaml (C) where PyYAML was built with it: the pure-Python parser needs seconds for the bundled
# guide and minutes for a large upload. libyaml's composer recurses in C and crashes the process on
# very deep nesting, so a flat pass over the events measures the depth first.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 100  # the bundled guide nests 9 deep


def _too_deep(text: str) -> bool:
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


# PyYAML's and libyaml's problems (English) → German, by a part of the message; the first match wins.
_YAML_PROBLEMS_DE: list[tuple[str, str]] = [
    ("duplicate anchor", "ein Anker (&name) kommt doppelt vor"),
    ("undefined alias", "ein Verweis (*name) ohne passenden Anker"),
    (
        "mapping values are not allowed",
        "ein Doppelpunkt an einer Stelle, an der keiner stehen darf (Text mit Doppelpunkt in Anführungszeichen setzen)",
    ),
    ("could not find expected ':'", "nach dem Schlüssel fehlt der Doppelpunkt"),
    ("unexpected end of stream", "die Datei endet, bevor ein Anführungszeichen geschlossen wurde"),
    ("cannot start any token", "ein Zeichen, mit dem hier nichts beginnen darf (Text in Anführungszeichen setzen)"),
    ("expected ',' or ']'", "eine Liste in eckigen Klammern ist nicht geschlossen"),
    ("expected ',' or '}'", "eine Aufzählung in geschweiften Klammern ist nicht geschlossen"),
    ("expected '-' indicator", "ein Listeneintrag ohne „-“ oder falsch eingerückt"),
    ("expected key", "die Einrückung passt nicht zu den Zeilen davor, oder hinter einem Wert steht noch Text"),
    ("expected <block end>", "die Einrückung passt nicht zu den Zeilen davor"),
    ("another document", "nach dem Leitfaden beginnt ein zweites Dokument (---)"),
    ("expected <document start>", "nach dem Ende des Leitfadens folgt noch Text"),
    ("unknown escape character", "ein unbekanntes Zeichen nach einem Rückstrich (\\)"),
    ("comment or a line break", "hinter dem Wert folgt in derselben Zeile noch Text"),
    ("unacceptable character", "ein unzulässiges (Steuer-)Zeichen"),
    ("control characters", "ein unzulässiges (Steuer-)Zeichen"),
]


def yaml_problem_de(exc: yaml.YAMLError, source: str = "") -> str:
    """PyYAML's problem in German, with the column where it knows one; never its English text. With
    the ``source`` text a tab at the problem's place is named as such."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None and source:
        lines = source.splitlines()
        if 0 <= mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            return f"ein Tabulatorzeichen: bitte mit Leerzeichen einrücken (Spalte {mark.column + 1})"
    parts = (getattr(exc, "context", None), getattr(exc, "problem", None))
    text = " ".join(str(p) for p in parts if p) or str(exc)
    german = next(
        (de for part, de in _YAML_PROBLEMS_DE if part in text), "die Datei ist an dieser Stelle kein gültiges YAML"
    )
    return f"{german} (Spalte {mark.column + 1})" if mark is not None else german


def read_yaml(text: str) -> ReadResult:
    """Parse YAML safely (no tags that run code). Syntax errors and duplicate keys become problems."""
    result = ReadResult()
    try:
        if _too_deep(text):
            result.problems.append(problem("yaml_syntax", "Datei", None, detail="zu tief verschachtelt"))
            return result
        loader = _LOADER(text)
        try:  # one parse: the node tree gives the lines, the data is constructed from it
            node = loader.get_single_node()
            result.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        result.problems.append(problem("yaml_syntax", "Datei", line, detail=yaml_problem_de(exc, text)))
        return result
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        detail = yaml_problem_de(exc) if isinstance(exc, yaml.YAMLError) else "die Datei lässt sich nicht lesen"
        result.problems.append(problem("yaml_syntax", "Datei", None, detail=detail))
        return result
    if node is not None:
        seen: set[int] = set()
        try:
            _walk(node, (), result, seen)
        except RecursionError:
            result.problems.append(problem("yaml_syntax", "Datei", None, detail="zu tief verschachtelt"))
            result.data = None
        except _AliasFound as found:
            # Anchors/aliases (&name, *name) share one value in several places; a guide never needs
            # them, and nested ones would make every later step walk an exponentially large tree.
            result.problems.append(
                problem("yaml_syntax", "Datei", found.line, detail="Anker und Aliase (&name, *name) sind nicht erlaubt")
            )
            result.data = None
    return result


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _walk(node: yaml.Node, path: Path, result: ReadResult, seen: set[int]) -> None:
    result.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if key in keys:
                location = describe_path(result.data, path) or "Datei"
                result.problems.append(problem("duplicate_key", location, key_node.start_mark.line + 1, key=key))
            keys.add(key)
            result.lines[(*path, key)] = key_node.start_mark.line + 1
            _enter(value_node, key_node.start_mark.line + 1, seen)
            _walk(value_node, (*path, key), result, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _enter(item, node.start_mark.line + 1, seen)
            _walk(item, (*path, i), result, seen)


def _enter(node: yaml.Node, line: int, seen: set[int]) -> None:
    """A list or mapping met a second time is an alias (``*name``): refused at the line using it."""
    if isinstance(node, yaml.CollectionNode):
        if id(node) in seen:
            raise _AliasFound(line)
        seen.add(id(node))


_LIST_NAMES = {
    "sections": "Abschnitt",
    "questions": "Frage",
    "fields": "Feld",
    "statements": "Aussage",
    "recommendations": "Empfehlungsregel",
    "course_types": "Kursart",
    "literacy": "Alphabetisierungsregel",
    "rules": "Platzierungsregel",
    "formats": "Kursformregel",
    "warnings": "Hinweisregel",
}


def describe_path(data: Any, path: Path) -> str:
    """A readable location: ``Abschnitt 'personal' › Frage 'birth_date' › label.ar``."""
    parts: list[str] = []
    current = data
    parent: str | int | None = None
    for step in path:
        child: Any = None
        if isinstance(current, dict) and isinstance(step, str):
            child = current.get(step)
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            child = current[step]
        ident = child.get("id", child.get("value")) if isinstance(child, dict) else None
        shown_ident = f"'{ident}'" if isinstance(ident, str | int) and not isinstance(ident, bool) else None
        if isinstance(step, int) and isinstance(parent, str) and parent in _LIST_NAMES:
            parts.pop()  # the list's key is replaced by the item's name
            parts.append(f"{_LIST_NAMES[parent]} {shown_ident or f'Nr. {step + 1}'}")
        elif isinstance(step, str) and parent == "choice_lists" and len(parts) == 1:
            parts[-1] = f"Auswahlliste '{step}'"
        elif isinstance(step, int):
            parts.append(f"Eintrag {shown_ident or step + 1}")
        else:
            parts.append(step)
        parent = step
        current = child
    return " › ".join(parts) if parts else "Leitfaden"


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of the deepest known prefix of ``path``."""
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None
