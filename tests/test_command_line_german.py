"""manage.py speaks German: argparse's own frame (usage, section titles, -h, error messages) and every
command's and option's help; a wrong call still exits 2."""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import manage
from commands.german import GERMAN, GERMAN_PLURAL, german_argparse

ROOT = Path(__file__).resolve().parents[1]
# argparse's English, as it prints it (case-sensitive: German nouns such as "Argument" are capitalised)
ENGLISH = re.compile(
    r"\busage:|positional arguments|\boptions:|show this help|\berror:|the following arguments|\brequired\b"
    r"|invalid choice|choose from|\binvalid\b|unrecognized|\bexpected\b|\barguments?\b|ambiguous|\bsubcommands\b"
)


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _english(text: str) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


def test_help_and_a_wrong_call_are_german() -> None:
    overview = _manage("--help")
    assert overview.returncode == 0
    assert "Aufruf: manage.py" in overview.stdout and "Befehle:" in overview.stdout
    assert "diese Hilfe anzeigen und beenden" in overview.stdout
    assert not _english(overview.stdout + overview.stderr), overview.stdout

    command = _manage("export", "--help")
    assert command.returncode == 0 and "Optionen:" in command.stdout
    assert not _english(command.stdout + command.stderr), command.stdout

    missing = _manage("export")
    assert missing.returncode == 2
    assert "manage.py export: Fehler: diese Angaben fehlen: --format, --out" in missing.stderr
    assert not _english(missing.stdout + missing.stderr), missing.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["gibtsnicht"], "ungültige Auswahl: 'gibtsnicht'"),
        (["seed-demo", "--learners", "viele"], "„viele“ ist keine ganze Zahl"),
        (["print-certificates", "--out", "x.pdf", "--status", "kaputt"], "ungültige Auswahl: 'kaputt' (möglich:"),
        (["print-certificates", "--out", "x.pdf", "--since", "gestern"], "„gestern“ ist kein Datum"),
        (["verify", "SPR-2026-000001"], "diese Angaben fehlen: CODE"),
        (["health", "--unbekannt"], "unbekannte Argumente: --unbekannt"),
        (["backup", "--out"], "Argument --out: erwartet einen Wert"),
    ],
)
def test_wrong_calls_are_refused_in_german_with_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        manage.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "Aufruf: manage.py" in err
    assert not _english(err), err


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_every_command_and_option_has_german_help(capsys: pytest.CaptureFixture[str]) -> None:
    subcommands = _subcommands(manage.build_parser())
    described = {choice.dest for choice in subcommands._choices_actions}
    assert described == set(subcommands.choices), "commands without help: " + ", ".join(
        sorted(set(subcommands.choices) - described)
    )
    for name, sub in subcommands.choices.items():
        silent = [a.option_strings or a.dest for a in sub._actions if not a.help]
        assert not silent, f"{name}: arguments without help: {silent}"
        with pytest.raises(SystemExit) as exit_:
            manage.main([name, "--help"])
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Aufruf: manage.py {name}")
        assert not _english(out), f"{name} --help: {_english(out)}"


def _argparse_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every message the installed argparse passes to gettext (``_("...")``, ``ngettext("...", "...")``)."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id == "_" and texts:
            singles.add(texts[0])
        elif node.func.id == "ngettext" and len(texts) >= 2:
            plurals.add((texts[0], texts[1]))
    return singles, plurals


def test_the_table_covers_every_argparse_message() -> None:
    """A Python update that brings new argparse messages fails here until commands/german.py has them."""
    singles, plurals = _argparse_messages()
    assert singles and plurals
    assert not singles - set(GERMAN), sorted(singles - set(GERMAN))
    assert not plurals - set(GERMAN_PLURAL), sorted(plurals - set(GERMAN_PLURAL))


def test_argparse_is_english_again_outside_the_command_line() -> None:
    with german_argparse():
        assert argparse.ArgumentParser(prog="x").format_usage() == "Aufruf: x [-h]\n"
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"
    assert vars(argparse)["_"] is gettext.gettext and vars(argparse)["ngettext"] is gettext.ngettext
