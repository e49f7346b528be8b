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
