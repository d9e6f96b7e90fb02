"""argparse in German: its own words ("usage:", the section titles, ``-h``'s help, its error messages).

argparse takes every text it prints through gettext, looked up at call time as ``argparse._`` and
``argparse.ngettext``. Python ships no German catalogue for it, so this module carries one as a table
and ``german_argparse()`` puts its lookup in their place while manage.py builds its parser and reads the
command line, and puts gettext back afterwards: other argparse users in the same process (pytest, a
test's own parser) keep their English. tests/test_command_line_german.py fails when a Python update
brings an argparse message that the table lacks.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

GERMAN: dict[str, str] = {
    # what an admin reads: help and usage
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "subcommands": "Befehle",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "show program's version number and exit": "Versionsnummer anzeigen und beenden",
    # ... and a wrong call
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "Argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "one of the arguments %s is required": "eines dieser Argumente ist nötig: %s",
    "unrecognized arguments: %s": "unbekannte Argumente: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Auswahl: %(value)r (möglich: %(choices)s)",
    "invalid %(type)s value: %(value)r": "ungültiger Wert (%(type)s): %(value)r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "unbekannter Befehl %(parser_name)r (möglich: %(choices)s)"
    ),
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option: %(option)s passt zu %(matches)s",
    "not allowed with argument %s": "nicht zusammen mit Argument %s erlaubt",
    "ignored explicit argument %r": "überzähliger Wert %r",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "unexpected option string: %s": "unerwartete Option: %s",
    'argument "-" with mode %r': "Argument „-“ mit Modus %r",
    "can't open '%(filename)s': %(error)s": "„%(filename)s“ lässt sich nicht öffnen: %(error)s",
    # mistakes in a command's definition (seen by developers, translated all the same)
    ".__call__() not defined": ".__call__() ist nicht definiert",
    "conflicting subparser: %s": "Befehl doppelt: %s",
    "conflicting subparser alias: %s": "Befehlsalias doppelt: %s",
    "cannot merge actions - two groups are named %r": "Gruppen nicht zusammenführbar: zwei heißen %r",
    "'required' is an invalid argument for positionals": "'required' gibt es nicht für Argumente ohne Option",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "ungültige Option %(option)r: muss mit einem Zeichen aus %(prefix_chars)r beginnen"
    ),
    "dest= is required for options like %r": "dest= ist nötig für Optionen wie %r",
    "invalid conflict_resolution value: %r": "ungültiger Wert für conflict_resolution: %r",
    "mutually exclusive arguments must be optional": "sich ausschließende Argumente müssen Optionen sein",
    "cannot have multiple subparser arguments": "nur eine Gruppe von Befehlen möglich",
    "%r is not callable": "%r ist nicht aufrufbar",
}
GERMAN_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"): ("erwartet %s Wert", "erwartet %s Werte"),
    ("conflicting option string: %s", "conflicting option strings: %s"): ("Option doppelt: %s", "Optionen doppelt: %s"),
}


def gettext(message: str) -> str:
    return GERMAN.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    singular, plural = GERMAN_PLURAL.get((singular, plural), (singular, plural))
    return singular if n == 1 else plural


@contextmanager
def german_argparse() -> Iterator[None]:
    """argparse speaks German inside the ``with`` block (not thread-safe: for manage.py's main thread)."""
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = gettext, ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
