"""A guide file with a YAML mistake gets a German message (with line and column), never PyYAML's or
libyaml's English ("while parsing a block mapping did not find expected key")."""

from __future__ import annotations

import re

import pytest

from questionnaire.reader import read_yaml

ENGLISH = re.compile(r"\b(while|parsing|scanning|expected|found|mapping|token|stream|document|the|not)\b")

BROKEN = {
    "a:\n  b: 1\n c: 2": ("Einrückung", 3),
    "- a\nb: 2": ("Listeneintrag", 2),
    "a: &x 1\nb: &x 2": ("Anker", 2),
    "a:\n\t- b": ("Tabulatorzeichen", 2),
    "[a, b": ("eckigen Klammern", 2),
    "a: 'x": ("Anführungszeichen", 1),
    "? a\n? b\nc": ("Doppelpunkt", 4),
    "a: b: c": ("Doppelpunkt", 1),
    "a: b\n---\nc": ("zweites Dokument", 2),
    'a: "\\q"': ("Rückstrich", 1),
    "a: \x07": ("Steuer", None),
}


@pytest.mark.parametrize("text", list(BROKEN))
def test_yaml_mistakes_are_explained_in_german(text: str) -> None:
    words, line = BROKEN[text]
    problems = read_yaml(text).problems
    assert len(problems) == 1
    message = problems[0].message
    assert message.startswith("YAML-Syntaxfehler: ")
    assert words in message
    assert not ENGLISH.search(message), message
    assert problems[0].line == line
