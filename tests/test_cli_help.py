"""Help texts and usage errors a new user meets first (no pipeline load: these run in milliseconds)."""
import re

import pytest
from click.testing import CliRunner

from pipeline.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def _help(runner, command):
    result = runner.invoke(main, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_train_themes_help_prints_a_plain_percent_sign(runner):
    text = _help(runner, "train-themes")
    assert "%%" not in text
    assert "80%" in text and "20%" in text


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_option_is_described_in_help(runner, command):
    """An option listed with no description leaves a new user guessing (issue 10, item 15)."""
    flat = " ".join(_help(runner, command).split())
    for param in main.commands[command].params:
        if param.param_type_name != "option":
            continue
        assert param.help, f"{command} {param.opts[0]} has no help text"
        assert " ".join(param.help.split()) in flat, (command, param.opts[0])
