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


def test_report_without_input_says_what_input_it_needs(runner, tmp_path):
    result = runner.invoke(main, ["report", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "no input" in result.output and "batch output folder" in result.output and "--db" in result.output
    assert "not both" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_report_with_folder_and_db_says_they_are_exclusive(runner, tmp_path):
    result = runner.invoke(main, ["report", str(tmp_path), "--db", "postgresql://u:secret@localhost/x",
                                  "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "exclusive" in result.output and "secret" not in result.output
    assert not (tmp_path / "x.html").exists()
