"""Every setting is documented once: docs/settings.md and deploy/sprachstand.env.example follow settings.py."""

from __future__ import annotations

import argparse

from commands.operations import cmd_settings_doc
from ops import settings_doc
from settings import ROOT, settings_table


def test_every_setting_is_in_docs_settings_md_with_its_default_and_help():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name, default, help_text in settings_table():
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{name} fehlt in docs/settings.md – `python manage.py settings-doc` ausführen"
        assert (f"`{default}`" if default else "(empty)") in row and help_text.replace("|", "\\|") in row


def test_every_setting_is_in_the_deployment_env_example():
    env = (ROOT / "deploy" / "sprachstand.env.example").read_text(encoding="utf-8")
    names = {
        line.lstrip("#").split("=", 1)[0] for line in env.splitlines() if "=" in line and " " not in line.split("=")[0]
    }
    missing = [name for name, _, _ in settings_table() if name not in names]
    assert not missing, f"in deploy/sprachstand.env.example fehlen {missing} – `python manage.py settings-doc`"


def test_generated_files_are_current_and_check_command_agrees():
    assert settings_doc.outdated() == []
    assert cmd_settings_doc(argparse.Namespace(check=True)) == 0


def test_check_notices_a_setting_added_to_settings_py(monkeypatch):
    import ops.settings_doc as module

    rows = [*settings_table(), ("NEW_SETTING", "1", "Something new.")]
    monkeypatch.setattr(module, "settings_table", lambda: rows)
    assert set(module.outdated()) == {module.DOC_PATH, module.ENV_PATH}
