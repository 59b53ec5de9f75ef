"""Documentation cannot drift: every setting and every command is documented."""

from pathlib import Path

import click

from tracuu.cli import main
from tracuu.settings import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_table() -> None:
    for setting in SETTINGS:
        assert f"| {setting.name} |" in README, setting.name
        assert setting.help


def test_every_command_has_help_and_is_in_the_readme() -> None:
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command.help and command.help.strip(), name
        assert f"tracuu {name}" in README, f"'tracuu {name}' is not in README.md"
