"""The `vnmonitor` command group: each command is a thin skin over the library."""
from __future__ import annotations

import json
import sys

import click

from .io.readers import FieldMap, InputError, iter_items


def _fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnmonitor")
def main():
    """Vietnamese news monitoring: entities, officials and campaign themes."""


@main.command()
@click.argument("path", default="-")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text", "html"]), default="json",
              show_default=True, help="Output format.")
@click.option("--explain", is_flag=True, help="Add the cues that weighed most to each themed passage.")
@click.option("--text-field", default="text", show_default=True, help="Field holding the text in JSON input.")
def analyze(path, fmt, explain, text_field):
    """Analyse one document (.txt, .json, '-' for stdin) or each line of a .jsonl."""
    from . import language, render

    overrides = {"components.themes.explain": True} if explain else {}
    try:
        nlp = language.load(**overrides) if overrides and _has_component("themes") else language.default_nlp()
    except Exception as exc:  # a broken config or model is a user-facing error too
        _fail(f"could not load the pipeline: {exc}")
    failures = 0
    html_parts = []
    try:
        for item in iter_items(path, FieldMap(text=text_field)):
            if item.problem:
                failures += 1
                click.echo(f"error: {item.where}: {item.problem}", err=True)
                continue
            record = language.analyze(item.text, nlp=nlp, **item.meta)
            if fmt == "json":
                click.echo(json.dumps(record, ensure_ascii=False, indent=2))
            elif fmt == "jsonl":
                click.echo(json.dumps(record, ensure_ascii=False))
            elif fmt == "text":
                click.echo(render.to_text(record, item.text) + "\n")
            else:
                html_parts.append((record, item.text))
    except InputError as exc:
        _fail(str(exc))
    if fmt == "html":
        click.echo(render.to_html(html_parts))
    if failures:
        _fail(f"{failures} record(s) could not be analysed")


def _has_component(name: str) -> bool:
    from .language import DEFAULT_CONFIG
    from thinc.api import Config

    return name in Config().from_disk(DEFAULT_CONFIG)["nlp"]["pipeline"]


@main.command()
@click.argument("path", default="-")
def tokenize(path):
    """Word-segment each line: words split by spaces, syllables joined by '_'."""
    from .tokenizer import tokenize_line

    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        _fail(f"{path}: {exc.strerror}")
    with stream:
        for lineno, raw in enumerate(stream, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                _fail(f"{path}:{lineno}: not valid UTF-8 (byte {exc.start}: {exc.reason})")
            line = line.rstrip("\r\n")
            click.echo(tokenize_line(line) if line.strip() else "")


@main.command()
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--exclude", multiple=True, metavar="COMPONENT",
              help="Run without this pipeline component (repeatable), e.g. for ablations.")
def evaluate(gold, as_json, exclude):
    """Score the pipeline against a gold JSONL file (entities, values, officials, themes)."""
    from . import evaluate as ev
    from . import language

    try:
        nlp = language.load(exclude=tuple(exclude)) if exclude else language.default_nlp()
    except Exception as exc:
        _fail(f"could not load the pipeline: {exc}")
    try:
        report = ev.evaluate_file(gold, nlp=nlp)
    except ev.GoldError as exc:
        _fail(str(exc))
    click.echo(json.dumps(report, ensure_ascii=False) if as_json else ev.format_report(report))


if __name__ == "__main__":
    main()
