"""The README's command examples are what the tool prints (issue 10, item 16).

Convention: a fenced block opened with ```console holds examples; a line
``$ COMMAND`` is run, and the lines after it (up to the next ``$`` line or the
end of the block) are its expected stdout. COMMAND is ``vnmonitor ARGS...``,
or ``echo 'TEXT' | vnmonitor ARGS...`` to feed TEXT on stdin; file arguments
are relative to the repository root. Anything else on a ``$`` line is an
error, so that no example goes unchecked. Trailing spaces and blank lines at
the end are not compared (editors strip them).

``python tests/test_readme.py --write`` runs every example and writes its
output into the README, so that examples are generated from the tool.
"""
from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


@dataclass
class Example:
    command: str
    output: str
    span: tuple[int, int]   # where `output` sits in the README text


def examples(text: str) -> list[Example]:
    """Every `$` line of every console block, with the output shown under it."""
    found = []
    for block in BLOCK.finditer(text):
        body, offset = block.group(1), block.start(1)
        starts = [m for m in re.finditer(r"^\$ (.*)\n?", body, re.M)]
        if body.strip() and (not starts or starts[0].start() != 0):
            raise ValueError(f"README console block at offset {offset} does not start with a '$ ' line")
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
            found.append(Example(m.group(1), body[m.end():end], (offset + m.end(), offset + end)))
    return found


def parse(command: str) -> tuple[list[str], str | None]:
    """(vnmonitor's arguments, stdin text or None) of a README command."""
    tokens = shlex.split(command)
    stdin = None
    if "|" in tokens:
        bar = tokens.index("|")
        left, tokens = tokens[:bar], tokens[bar + 1:]
        if len(left) != 2 or left[0] != "echo":
            raise ValueError(f"unsupported README example (only `echo 'TEXT' | vnmonitor ...`): {command}")
        stdin = left[1] + "\n"
    if not tokens or tokens[0] != "vnmonitor" or "|" in tokens or any(t in ("<", ">") for t in tokens):
        raise ValueError(f"unsupported README example (only `vnmonitor ARGS...`): {command}")
    return tokens[1:], stdin


def run(command: str) -> str:
    """stdout of `command` through click's test runner, from the repository root."""
    import os

    from pipeline.cli import main

    args, stdin = parse(command)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, args, input=stdin)
    finally:
        os.chdir(cwd)
    if result.exit_code != 0:
        raise AssertionError(f"README example failed (exit {result.exit_code}): {command}\n{result.output}")
    return result.stdout


def normalised(output: str) -> list[str]:
    return [line.rstrip() for line in output.rstrip().splitlines()]


def write_readme() -> int:
    """Replace each example's output in the README with what the tool prints now."""
    text = README.read_text(encoding="utf-8")
    for example in reversed(examples(text)):
        start, end = example.span
        text = text[:start] + "\n".join(normalised(run(example.command))) + "\n" + text[end:]
    README.write_text(text, encoding="utf-8")
    return len(examples(text))


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_shows_tokenize_and_analyze_examples():
    commands = [parse(e.command)[0][0] for e in EXAMPLES]
    assert "tokenize" in commands and "analyze" in commands
    assert all(e.output.strip() for e in EXAMPLES), "an example without its output: run --write"


@pytest.mark.parametrize("example", EXAMPLES, ids=[" ".join(parse(e.command)[0]) for e in EXAMPLES])
def test_readme_example_is_what_the_tool_prints(example, nlp):
    assert normalised(run(example.command)) == normalised(example.output)


def test_the_convention_catches_a_wrong_output_and_odd_commands():
    text = ("```console\n$ echo 'Hà Nội' | vnmonitor tokenize -\nHà Nội\n"
            "$ vnmonitor tokenize examples/x.txt\na\nb\n```\n")
    found = examples(text)
    assert [(e.command, e.output) for e in found] == [
        ("echo 'Hà Nội' | vnmonitor tokenize -", "Hà Nội\n"), ("vnmonitor tokenize examples/x.txt", "a\nb\n")]
    assert text[slice(*found[1].span)] == "a\nb\n"
    assert parse(found[0].command) == (["tokenize", "-"], "Hà Nội\n")
    assert normalised(run(found[0].command)) != normalised(found[0].output)   # the tool joins Hà_Nội
    for odd in ("cat x | vnmonitor tokenize -", "python -m pipeline", "vnmonitor tokenize - > out.txt"):
        with pytest.raises(ValueError, match="unsupported"):
            parse(odd)
    with pytest.raises(ValueError, match="does not start"):
        examples("```console\nsome text\n```\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_readme.py --write   (rewrites the README examples' outputs)")
    print(f"{write_readme()} README example(s) written", file=sys.stderr)


def test_every_package_path_the_readme_names_exists():
    """The layout table and the architecture diagram follow the code."""
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(r"pipeline/[\w/]*\w(?:\.\w+)*/?", text))
    assert len(named) > 10
    assert sorted(p for p in named if not (ROOT / p).exists()) == []
    folders = {p.name for p in (ROOT / "pipeline").iterdir() if (p / "__init__.py").exists()}
    assert {f for f in folders if f"pipeline/{f}/" not in text} == set()
