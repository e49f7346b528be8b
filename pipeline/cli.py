"""The `vnmonitor` command group: each command is a thin skin over the library."""
from __future__ import annotations

import contextlib
import errno
import json
import re
import sys
from pathlib import Path

import click

from .entities.dates import DateWindow, with_inferred_date
from .io.readers import (DEFAULT_MAX_CHARS, RECORD_READERS, FieldMap, InputError, ReadOptions, folder_doc_id,
                         folder_files, iter_items, printable_name, read_sidecar, unread_files)
from .io.readers.streams import _base_suffix
from .io.secrets import redact


def _date_window(ctx, param, value):
    if value is None:
        return None
    try:
        return DateWindow.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


DATE_WINDOW_HELP = ("The period the input covers (2017, 2017-03, 2020-10-01:2021-05-31): dates leads that "
                    "give no year (\"Sáng 12/9, ...\") and refuses lead dates outside it.")


def _fail(message: str, code: int = 1):
    click.echo(f"error: {redact(message)}", err=True)
    sys.exit(code)


# tokenize holds one line and its words at a time and segments long lines in
# parts, so it can take far longer lines than a document analysed whole.
TOKENIZE_MAX_CHARS = 50_000_000


def _iso_date(ctx, param, value):
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):   # written right, but no day of the calendar
            raise click.BadParameter(f"{value!r} is no calendar date ({exc})") from None
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


def _publication_date(ctx, param, value):
    """--date: a publication date, which the records keep only in the years 1900-2100 (the readers drop
    another from a record with a warning; given here, it is refused)."""
    from .io.meta_dates import DATE_YEARS

    value = _iso_date(ctx, param, value)
    if value is not None and int(value[:4]) not in DATE_YEARS:
        raise click.BadParameter(f"{value!r}: a publication date lies in the years {DATE_YEARS.start}-"
                                 f"{DATE_YEARS.stop - 1}")
    return value


def _meta_text(ctx, param, value):
    """--source / --title: text written into every record, so it must be text. Bytes the shell
    passed that are not UTF-8 reach Python as lone surrogates, which no output can encode."""
    from .text.normalize import LONE_SURROGATE

    if value is not None and LONE_SURROGATE.search(value):
        raise click.BadParameter("is not valid UTF-8 text (the shell passed bytes in another encoding)")
    return value


def _plain_meta(date, source, title, metadata, inputs=()) -> dict[str, dict]:
    """ReadOptions.plain_meta from --date/--source/--title and a --metadata sidecar file; a sidecar
    row that names no file of the inputs is a warning (a typo would otherwise lose its metadata)."""
    plain = {"": {k: v for k, v in (("date", date), ("source", source), ("title", title)) if v}}
    if metadata:
        try:
            plain.update(read_sidecar(metadata))
        except InputError as exc:
            _fail(str(exc))
        from .batch.chunks import unique_labels

        names = set()
        folders = [str(Path(raw).resolve()) for raw in inputs if Path(raw).is_dir()]
        prefixes = unique_labels(folders) if len(folders) > 1 else {}
        for raw in inputs:
            p = Path(raw)
            if p.is_dir():
                files = {folder_doc_id(f, p) for f in folder_files(p, _skip(metadata))}
                prefix = prefixes.get(str(p.resolve()))
                names |= files | ({f"{prefix}/{f}" for f in files} if prefix else set())
            else:
                names.add(printable_name(p.name))
        for key in sorted(k for k in plain if k and k not in names):
            click.echo(f"warning: {metadata}: {key!r} names no file of the inputs", err=True)
    return plain


def _resolved(path: Path) -> Path:
    """`path.resolve()`, or the path itself for a link that loops (which resolves to nothing)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path


def _warn_unread(inputs, out=None) -> None:
    """What a folder holds that is not read: say how much, and of which kinds (this run's own --out
    folder inside it goes without saying)."""
    own = Path(out).resolve() if out else None
    for raw in inputs:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            unread = [f for f in unread_files(p) if _resolved(f) != own]
            if unread:
                def kind(f: Path) -> str:
                    if f.is_symlink() and (f.is_dir() or not f.exists()):
                        return "(links to folders)" if f.exists() else "(links to nothing)"
                    if f.is_dir():
                        return "(batch output folders)"
                    if not f.is_file():
                        return "(not regular files: pipes, sockets, devices)"
                    return f.suffix.lower() or "(no extension)"
                kinds = sorted({kind(f) for f in unread})
                named = ", ".join(printable_name(str(f.relative_to(p))) for f in unread[:5])
                more = f" and {len(unread) - 5} more" if len(unread) > 5 else ""
                click.echo(f"warning: {raw}: {len(unread)} item(s) not read ({', '.join(kinds)}): {named}{more} "
                           f"(read: .txt .docx .pdf .json .jsonl .csv .parquet, optionally .gz)", err=True)


def _plain_options_unused(inputs, date, source, title) -> None:
    """--date/--source/--title name plain files' metadata: given with archives only, say they go unused."""
    if not (date or source or title):
        return
    archives = [raw for raw in inputs if raw != "-" and not Path(raw).is_dir()
                and _base_suffix(Path(raw)) in RECORD_READERS]
    if archives and len(archives) == len(inputs):
        click.echo("warning: --date, --source and --title apply to plain files (.txt, .docx, .pdf, stdin); the "
                   f"records of {archives[0]} carry their own fields", err=True)


def _skip(metadata) -> frozenset[str]:
    """The sidecar itself is no input, when it lies in the folder it describes."""
    return frozenset({str(Path(metadata).resolve())}) if metadata else frozenset()


def _echo(text: str) -> None:
    """Print a result line; a closed pipe ends quietly, a full disk is one error line."""
    try:
        click.echo(text)
    except BrokenPipeError:
        sys.stderr.close()   # no traceback from the interpreter's final flush either
        sys.exit(0)
    except OSError as exc:
        _fail(f"cannot write the output: {exc.strerror or exc}")


themes_model_option = click.option(
    "--themes-model", type=click.Path(exists=True, file_okay=False), default=None, metavar="DIR",
    help="A theme model trained with `vnmonitor train-themes --out DIR` (an edited taxonomy) instead of the "
         "shipped models/themes.")


def input_options(f):
    """The options every command that reads documents shares."""
    for decorator in reversed([
        click.option("--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
                     help="Longest document read, in characters; longer ones are reported, not analysed "
                          "(memory stays bounded whatever the input)."),
        click.option("--date", "meta_date", metavar="YYYY-MM-DD", callback=_publication_date,
                     help="Publication date of plain files (.txt, .docx, .pdf, stdin), which carry none."),
        click.option("--source", "meta_source", metavar="NAME", callback=_meta_text,
                     help="Source (outlet, office) of plain files."),
        click.option("--title", "meta_title", metavar="TEXT", callback=_meta_text,
                     help="Title of plain files (a .docx or .pdf otherwise takes its own)."),
        click.option("--metadata", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
                     help="Metadata of a folder's plain files: CSV or JSON Lines with 'path' (relative to the "
                          "folder) and any of date, source, title, url."),
    ]):
        f = decorator(f)
    return f


class _Group(click.Group):
    """Commands whose optional dependency is missing end with one line naming the extra."""

    def invoke(self, ctx):
        from .extras import MissingExtra

        try:
            return super().invoke(ctx)
        except MissingExtra as exc:
            _fail(str(exc))


class _JsonOut:
    """`--format json`: one object for one document, one JSON array for an archive or a folder (or a
    .json list), streamed, so that the output is always one valid JSON value."""

    def __init__(self, many: bool):
        self.many = many
        self.held: str | None = None   # the first record of an input that may hold one document only
        self.opened = False
        self.printed = 0

    def _element(self, text: str) -> None:
        if not self.opened:
            _echo("[")
            self.opened = True
        elif self.printed:
            _echo(",")
        _echo(text)
        self.printed += 1

    def add(self, record: dict) -> None:
        text = json.dumps(record, ensure_ascii=False, indent=2)
        if self.many:
            self._element(text)
        elif self.held is None:
            self.held = text
        else:   # a second document (a .json list): an array after all
            self.many = True
            held, self.held = self.held, None
            self._element(held)
            self._element(text)

    def close(self) -> None:
        if self.held is not None:
            _echo(self.held)
        elif self.many:
            _echo("]" if self.opened else "[]")


def _many_records(path: str, max_chars: int) -> bool:
    """Whether `path` is an archive, a folder or a .json list (its records print as one JSON array);
    standard input is one when it holds JSON Lines."""
    if path == "-":
        from .io.readers.records import stdin_holds_records

        return stdin_holds_records(max_chars)
    p = Path(path)
    if _base_suffix(p) == ".json" and p.is_file():
        from .io.readers.streams import _open_binary

        try:
            with _open_binary(p) as fh:
                head = fh.read(4096).decode("utf-8-sig", errors="replace").lstrip()
        except (OSError, EOFError):
            return False
        return head.startswith("[")
    return p.is_dir() or _base_suffix(p) in (".jsonl", ".csv", ".parquet")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnmonitor")
def main():
    """Vietnamese news monitoring: entities, officials and campaign themes."""


@main.command()
@click.argument("path", default="-")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text", "html"]), default="json",
              show_default=True, help="Output format.")
@click.option("--explain", is_flag=True,
              help="Add the cue words that weighed most to each themed passage, in every format (json/jsonl: "
                   "the passage's 'explain' list; text: 'cues' lines; html: a list under the text).")
@click.option("--text-field", default="text", show_default=True, help="Field holding the text in JSON input.")
@click.option("--date-window", callback=_date_window, metavar="PERIOD", help=DATE_WINDOW_HELP)
@themes_model_option
@input_options
def analyze(path, fmt, explain, text_field, date_window, themes_model, max_chars, meta_date, meta_source, meta_title,
            metadata):
    """Analyse one document (.txt, .docx, .pdf, .json, '-' for stdin), each record of a .jsonl/.csv, or a folder."""
    from . import language
    from .output import render

    overrides = {"components.themes.explain": True} if explain else {}
    if themes_model:
        overrides["components.themes.model_dir"] = themes_model
    try:
        custom = overrides and "themes" in language.component_names()
        nlp = language.load(**overrides) if custom else language.default_nlp()
    except Exception as exc:  # a broken config or model is a user-facing error too
        _fail(f"could not load the pipeline: {exc}")
    names = language.theme_labels(nlp)   # text and html: the labels of the taxonomy the pipeline runs with
    failures = 0
    html_parts = []
    opts = ReadOptions(fields=FieldMap(text=text_field), max_chars=max_chars,
                       plain_meta=_plain_meta(meta_date, meta_source, meta_title, metadata, [path]),
                       skip=_skip(metadata))
    _plain_options_unused([path], meta_date, meta_source, meta_title)
    _warn_unread([path])
    json_out = _JsonOut(_many_records(path, max_chars)) if fmt == "json" else None
    first_at: dict[str, str] = {}   # id -> where it was first seen
    try:
        for item in iter_items(path, opts=opts):
            if item.problem:
                failures += 1
                click.echo(redact(f"error: {item.where}: {item.problem}"), err=True)
                continue
            for warning in item.warnings:
                click.echo(redact(f"warning: {item.where}: {warning}"), err=True)
            try:
                record = language.analyze(item.text, nlp=nlp,
                                          **with_inferred_date(item.meta, item.text, date_window))
            except Exception as exc:  # one document that breaks the pipeline costs only itself
                failures += 1
                click.echo(f"error: {item.where}: pipeline error: {type(exc).__name__}: {exc}", err=True)
                continue
            if record["id"] in first_at:   # printed all the same; `batch` sets such a record aside
                click.echo(redact(f"warning: {item.where}: duplicate id {record['id']!r} (first at "
                                  f"{first_at[record['id']]}); `batch` would set this record aside"), err=True)
            first_at.setdefault(record["id"], item.where)
            if fmt == "json":
                json_out.add(record)
            elif fmt == "jsonl":
                _echo(json.dumps(record, ensure_ascii=False))
            elif fmt == "text":
                _echo(render.to_text(record, item.text, names) + "\n")
            else:
                html_parts.append((record, item.text))
    except InputError as exc:
        _fail(str(exc))
    finally:
        if json_out is not None:
            json_out.close()
    if fmt == "html":
        _echo(render.to_html(html_parts, names))
    if failures:
        _fail(f"{failures} record(s) could not be analysed")


@main.command()
@click.argument("path", default="-")
@click.option("--max-chars", type=click.IntRange(min=1), default=TOKENIZE_MAX_CHARS, show_default=True,
              help="Longest line read, in characters; a longer line is reported and left out (its output "
                   "line is empty), so memory stays bounded. Long lines are segmented in parts. Documents "
                   "(.docx, .pdf, records, a folder) are read whole: for them it is the longest document.")
def tokenize(path, max_chars):
    """Word-segment each line: words split by spaces, syllables joined by '_'.

    A plain text (.txt, optionally .gz, or '-' for stdin) streams line by line: a line that is not
    UTF-8 or is too long gives an empty output line and an error on stderr (exit status 1 at the
    end); binary input stops the run. Anything `analyze` reads as documents (.docx, .pdf, .json,
    .jsonl, .csv, .parquet, a folder) prints each document as a "# ID" line, its lines segmented,
    then an empty line.
    """
    from .io.readers import TEXT_ENCODING, Unreadable, read_as_a_whole, read_text_file
    from .io.readers.streams import _open_binary
    from .text.tokenizer import text_lines, tokenize_long_line, tokenize_stream

    read_as_documents = (*RECORD_READERS, ".docx", ".pdf")

    if path != "-" and Path(path).is_file() and _base_suffix(Path(path)) not in read_as_documents \
            and read_as_a_whole(Path(path)):
        # UTF-16 or a legacy encoding: decoded as `analyze` reads it, its lines then segmented one by one
        # (--max-chars is a line's limit here too, as in the stream)
        item = read_text_file(Path(path), ReadOptions())
        if item.problem:
            _fail(f"{path}: {item.problem}")
        if item.meta.get(TEXT_ENCODING):
            click.echo(f"note: {path}: read as {item.meta[TEXT_ENCODING]}", err=True)
        problems = 0
        for lineno, line in enumerate(text_lines(item.text), 1):
            if len(line) > max_chars:
                problems += 1
                click.echo(f"error: {path}:{lineno}: line longer than {max_chars:,} characters (--max-chars)",
                           err=True)
                line = ""
            _echo(tokenize_long_line(line) if line.strip() else "")
        if problems:
            _fail(f"{problems} line(s) could not be tokenised")
        return
    if path != "-" and (Path(path).is_dir() or _base_suffix(Path(path)) in read_as_documents):
        _warn_unread([path])
        problems = documents = 0
        try:
            for item in iter_items(path, opts=ReadOptions(max_chars=max_chars)):
                if item.problem:
                    problems += 1
                    click.echo(redact(f"error: {item.where}: {item.problem}"), err=True)
                    continue
                documents += 1
                _echo("# " + (" ".join(str(item.meta.get("id") or "").split()) or item.where))
                for line in text_lines(item.text):
                    _echo(tokenize_long_line(line) if line.strip() else "")
                _echo("")
        except InputError as exc:
            _fail(str(exc))
        if problems:
            _fail(f"{problems} document(s) could not be tokenised")
        if not documents:
            _fail(f"{path}: no document to tokenise")
        return
    try:
        stream = _gunzipped(sys.stdin.buffer) if path == "-" else _open_binary(Path(path))
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}")
    problems, stopped = 0, None
    with stream:
        try:
            for lineno, words, problem in tokenize_stream(stream, max_chars):
                if problem:
                    problems += 1
                    click.echo(f"error: {path}:{lineno}: {problem}", err=True)
                    if "stopped reading" in problem:
                        stopped = lineno
                _echo(words or "")
        except Unreadable as exc:
            _fail(f"{path}: {exc}")
    if stopped:
        _fail(f"reading stopped at line {stopped:,}: the lines after it were not tokenised"
              + (f" ({problems - 1} line(s) before it could not be)" if problems > 1 else "")
              + " (a file in UTF-16 without a byte order mark reads so: give it one, or convert it to UTF-8)")
    if problems:
        _fail(f"{problems} line(s) could not be tokenised")


def _gunzipped(stream):
    """Standard input, decompressed when it is gzipped (as `analyze -` reads it)."""
    import gzip
    import io

    if not hasattr(stream, "peek"):   # a BytesIO standing in for stdin (tests, embedding)
        stream = io.BufferedReader(stream)
    return gzip.GzipFile(fileobj=stream, mode="rb") if stream.peek(2)[:2] == b"\x1f\x8b" else stream


@main.command()
@click.argument("gold", type=click.Path(dir_okay=False), required=False)
@click.option("--frozen", is_flag=True,
              help="Score the project's frozen random sample (corpora/frozen; texts from the reference data in "
                   "$VNMONITOR_SHARED or ../shared) instead of a GOLD file. Read its scores, never its errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--exclude", multiple=True, metavar="COMPONENT",
              help="Run without this pipeline component (repeatable), e.g. for ablations: admin, numbers, names, "
                   "officials, admin_outline, themes.")
@click.option("--errors", "error_labels", multiple=True, metavar="LABEL",
              type=click.Choice(["PERSON", "TITLE", "ORG", "LOC", "DATE", "MONEY", "PERCENT"], case_sensitive=False),
              help="Also list the strict misses (false positives and negatives) of this label (repeatable).")
def evaluate(gold, frozen, as_json, exclude, error_labels):
    """Score the pipeline against a gold JSONL file (entities, values, officials, themes), per section
    when the gold records carry one."""
    from . import evaluate as ev
    from . import language

    if bool(gold) == frozen:
        raise click.UsageError("give a GOLD file or --frozen (one of them)")
    if frozen and error_labels:
        raise click.UsageError("--errors is refused with --frozen: the frozen sample is scored, never read for "
                               "errors (that would tune the rules to it)")
    try:
        nlp = language.load(exclude=tuple(exclude)) if exclude else language.default_nlp()
    except Exception as exc:
        _fail(f"could not load the pipeline: {exc}")
    try:
        golds = ev.standoff_gold() if frozen else None
        report = ev.evaluate_file(gold, nlp=nlp, error_labels=tuple(label.upper() for label in error_labels),
                                  golds=golds)
        theme_golds = ev.standoff_gold(ev.FROZEN_THEMES) if frozen and "themes" in nlp.pipe_names else None
        n_theme_docs = len(theme_golds or [])
        themes = ev.evaluate_file(None, nlp=nlp, golds=theme_golds)["themes"] if theme_golds else None
    except ev.GoldError as exc:
        _fail(str(exc))
    if frozen:
        report["name"] = f"frozen random sample ({ev.FROZEN_SAMPLE.relative_to(ev.CHECKOUT)})"
        if themes:
            themes["name"] = f"cue-drawn frozen theme sample ({ev.FROZEN_THEMES.relative_to(ev.CHECKOUT)}, themes only)"
            themes["documents"] = n_theme_docs
    if as_json:
        click.echo(json.dumps({**report, **({"theme_sample": themes} if themes else {})}, ensure_ascii=False))
        return
    click.echo(ev.format_report(report))
    if themes:
        click.echo(f"\n{themes['name']}: {themes['documents']} documents")
        click.echo(ev.format_themes(themes))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder (reused to resume).")
@click.option("--workers", type=click.IntRange(min=0), default=0, help="Local worker processes (0: all cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where chunks run: local worker processes, or the workers of a running Dask cluster "
                   "(needs --scheduler; they must see --out at the same path).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://HOST:PORT) for --engine dask.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Records per committed chunk.")
@click.option("--text-field", default="text", show_default=True,
              help="Field (JSON key, CSV or Parquet column) holding the document text.")
@click.option("--id-field", default="id", show_default=True,
              help="Field holding the document id (records without one get 'doc-' + a hash of their text).")
@click.option("--date-field", default="date", show_default=True,
              help="Field holding the publication date (records without one get it from their lead, see "
                   "--date-window).")
@click.option("--db", "db_url", default=None, help="Also write the tables and views to postgresql://...")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--date-window", callback=_date_window, metavar="PERIOD", help=DATE_WINDOW_HELP)
@click.option("--restart", is_flag=True,
              help="Discard what an earlier run left in OUT (a different job, or another pipeline version).")
@click.option("--summary-json", "summary_json", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              metavar="FILE", help="Also write the run's summary as one JSON object to FILE ('-': stdout): "
              "documents, succeeded, failed, chunks, chunks_reused, seconds, rows, exit_code, out, "
              "already_finished.")
@click.option("--aliases", "aliases", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A TSV of registry aliases (kind<TAB>alias<TAB>canonical; kinds abbr, org, head, title, "
                   "person) used for person and agency ids; repeatable.")
@click.option("--story-index", "story_index", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="A previous output's stories.npz: new documents join the stories it holds (when OUT has "
                   "none yet).")
@themes_model_option
@input_options
def batch(inputs, out, workers, engine, scheduler, chunk_size, text_field, id_field, date_field, db_url, progress,
          date_window, restart, summary_json, aliases, story_index, themes_model, max_chars, meta_date, meta_source,
          meta_title, metadata):
    """Analyse archives (.jsonl .json .csv .parquet, .gz, folders of .txt .docx .pdf) into OUT.

    Writes documents.jsonl, errors.jsonl, TABLE.parquet and vnmonitor.duckdb.
    A killed run resumes where it stopped when started again with the same
    --out. Exit status: 0 all documents analysed, 3 some records failed (see
    errors.jsonl), 1 the run could not finish.
    """
    from pathlib import Path

    from . import batch as runner
    from .extras import MissingExtra, require

    def fail(message: str, code: int = 1):
        """A run that cannot finish still leaves its --summary-json, for the scheduler that reads it."""
        if summary_json:
            _write_summary_json(summary_json, {"exit_code": code, "error": redact(message),
                                               "out": str(Path(out).resolve())})
        _fail(message, code=code)

    if summary_json and summary_json != "-" and not Path(summary_json).resolve().parent.is_dir():
        # said before the work, not after an hour of it
        _fail(f"--summary-json {summary_json}: no folder {Path(summary_json).parent} to write it in")

    if themes_model:   # a folder that holds no usable model stops here, not in every worker
        from .themes.store import ModelError, load_model
        from .themes.taxonomy import TaxonomyError

        try:
            load_model(themes_model)
        except (ModelError, TaxonomyError) as exc:
            fail(str(exc))
    # an optional feature without its extra stops here, before any work, in one line
    try:
        if engine == "dask":
            require("distributed", "dask", "--engine dask")
        if db_url:
            require("psycopg", "postgres", "--db")
    except MissingExtra as exc:
        fail(str(exc))
    if db_url:   # an unreachable database is refused now, not after the archive has been analysed
        from .io.postgres import PostgresError, check_reachable

        try:
            check_reachable(db_url)
        except PostgresError as exc:
            fail(f"writing to PostgreSQL: {exc}")
    _plain_options_unused(list(inputs), meta_date, meta_source, meta_title)
    _warn_unread(list(inputs), out)
    opts = runner.BatchOptions(inputs=list(inputs), out=Path(out),
                               fields=FieldMap(text=text_field, id=id_field, date=date_field),
                               workers=workers, chunk_size=chunk_size, engine=engine,
                               scheduler=scheduler, progress=progress, restart=restart,
                               date_window=date_window, max_chars=max_chars,
                               plain_meta=_plain_meta(meta_date, meta_source, meta_title, metadata, inputs),
                               skip=_skip(metadata),
                               aliases=list(aliases), story_index=story_index, themes_model=themes_model,
                               on_warning=_capped_warnings())
    try:
        with _sigterm_as_interrupt():
            summary = runner.run(opts)
    except InputError as exc:
        fail(str(exc))
    except _Terminated:
        fail("terminated (SIGTERM): run again with the same --out to resume", code=143)
    except KeyboardInterrupt:
        fail("interrupted: run again with the same --out to resume", code=130)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):   # a rerun cannot help: say what to change
            fail(f"cannot write in {out}: {exc.strerror} ({exc.filename}); give a folder this user can write in")
        fail(f"batch stopped: {type(exc).__name__}: {exc} (run again with the same --out to resume)")
    except Exception as exc:  # a dead worker or a full disk: say so, the next run resumes
        fail(f"batch stopped: {type(exc).__name__}: {exc} (run again with the same --out to resume)")
    if db_url:
        from .io.postgres import PostgresError, load_output_dir

        try:
            loaded = load_output_dir(out, db_url,
                                     on_note=lambda note: click.echo(f"warning: PostgreSQL: {note}", err=True))
        except PostgresError as exc:
            fail(f"writing to PostgreSQL: {exc}")
        click.echo(f"PostgreSQL: loaded this output's {loaded.get('documents', 0)} documents and the tables "
                   f"counted over it", err=True)
    click.echo(summary.line(), err=True)
    if not summary.documents:
        click.echo("warning: the input holds no documents (its files are empty)", err=True)
    click.echo("rows: " + ", ".join(f"{k} {v}" for k, v in summary.rows.items()), err=True)
    if summary.peak_rss_mb:
        click.echo(f"peak memory per worker: {max(summary.peak_rss_mb.values()):.0f} MB", err=True)
    if summary_json:
        _write_summary_json(summary_json, {**summary.to_dict(), "out": str(Path(out).resolve())})
    sys.exit(summary.exit_code)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, which a job scheduler (Slurm, Kubernetes, systemd) stops a job with."""


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """While a batch runs, SIGTERM stops it as Ctrl-C does: the message, the --summary-json, the lock
    let go. A worker process forked meanwhile dies of it as before (its pool stops it so)."""
    import os
    import signal

    runner_pid = os.getpid()

    def stop(signum, frame):
        if os.getpid() != runner_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise _Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:   # not the main thread (a library caller's): leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _capped_warnings(limit: int = 20):
    """Print a batch's reader warnings on stderr: the first `limit`, then one line per thousand more."""
    seen = [0]

    def warn(where: str, message: str) -> None:
        seen[0] += 1
        if seen[0] <= limit:
            click.echo(redact(f"warning: {where}: {message}"), err=True)
        elif seen[0] % 1000 == 0:
            click.echo(f"warning: {seen[0]} reader warnings so far", err=True)
    return warn


def _write_summary_json(path: str, summary: dict) -> None:
    """`batch --summary-json`: stdout for '-', else a file replaced whole (a reader never sees half of it)."""
    import os
    from pathlib import Path

    text = json.dumps(summary, ensure_ascii=False)
    if path == "-":
        click.echo(text)
        return
    tmp = f"{path}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise click.FileError(path, exc.strerror) from None


@main.command()
@click.argument("out_dir", required=False, type=click.Path(file_okay=False))
@click.option("--db", "db_url", default=None, help="Read from PostgreSQL (postgresql://...) instead of a folder.")
@click.option("--out", "html_path", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True,
              help="Agencies and officials listed per theme.")
@click.option("--sentences", "--passages", "sentences", type=click.IntRange(min=1), default=5, show_default=True,
              help="Sentences (the unit of theme decisions) listed behind each chart entry.")
@click.option("--ids", type=click.IntRange(min=1), default=15, show_default=True,
              help="Agencies and officials with most stories in the ids section (one id whatever the spelling).")
def report(out_dir, db_url, html_path, top, sentences, ids):
    """Write a self-contained HTML dashboard of a `batch` output folder (or --db URL)."""
    from .output.report import ReportError, write_report

    if not out_dir and not db_url:
        raise click.UsageError("no input: give the batch output folder to report on (vnmonitor report OUT_DIR "
                               "--out report.html), or --db postgresql://... to read from PostgreSQL")
    if out_dir and db_url:
        raise click.UsageError("OUT_DIR and --db are exclusive: give the batch output folder or --db URL, "
                               "not both")
    from .io.outdir import is_output_file

    if out_dir and is_output_file(out_dir, html_path):
        raise click.UsageError(f"--out {html_path} is a file of the batch output {out_dir} itself, which the "
                               f"report would overwrite: give another name (report.html)")
    try:
        summary = write_report(out_dir, html_path, db=db_url, top=top, sentences=sentences, ids=ids)
    except ReportError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{html_path}: {exc.strerror}")
    n = summary['n_documents']
    click.echo(f"report: {n} document{'' if n == 1 else 's'} -> {html_path}", err=True)
    note = _reader_note(out_dir, db_url)
    if note:
        click.echo(f"warning: {note}", err=True)


def _reader_note(out_dir: str | None, db_url: str | None) -> str | None:
    """What a reader of the tables should know: an output whose run has not finished, or a database
    several outputs were loaded into."""
    if out_dir:
        from .io.outdir import unfinished_note

        return unfinished_note(out_dir)
    from .io.postgres import shared_database_note

    return shared_database_note(db_url)


@main.command()
@click.argument("out_dir", required=False, type=click.Path(file_okay=False))
@click.option("--db", "db_url", default=None, help="Read from PostgreSQL (postgresql://...) instead of a folder.")
@click.option("--since", callback=_iso_date, default=None, metavar="DATE",
              help="Only alerts on or after this day (YYYY-MM-DD); earlier days still make the baseline.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True,
              help="jsonl: one JSON object per alert; text: one line per alert, with theme and agency names.")
def alerts(out_dir, db_url, since, fmt):
    """Theme and agency story counts well above their own 28-day baseline (Poisson test).

    One JSON object per alert with --format jsonl: kind, key, day, count,
    baseline, score, method, params.
    """
    from .output.alerts import alert_line
    from .output.report import ReportError
    from .output.report.queries import read_alerts

    if bool(out_dir) == bool(db_url):
        raise click.UsageError("give the batch output folder (vnmonitor alerts OUT_DIR) or --db URL, one of them")
    try:
        found, names = read_alerts(out_dir, db_url, since=since)
        note = _reader_note(out_dir, db_url)
    except ReportError as exc:
        _fail(str(exc))
    if note:
        click.echo(f"warning: {note}", err=True)
    if fmt == "jsonl":
        for a in found:
            _echo(json.dumps(a, ensure_ascii=False))
    else:
        for a in found:
            _echo(alert_line(a, names))
        click.echo(f"{len(found)} alerts", err=True)
        if not found and since:
            click.echo(f"(none on or after {since}; earlier days are left out)", err=True)
        elif not found:
            from .coverage.alerts import PoissonWindow

            m = PoissonWindow()
            click.echo(f"(a theme or agency alerts on a day with at least {m.min_count} stories well above its own "
                       f"usual count (p < {m.alpha}), once {m.min_history} days precede the day and the "
                       f"{m.window} days before it hold at least {m.min_window_total} stories: a small or short "
                       "archive seldom shows one)", err=True)


@main.command("train-themes")
@click.option("--taxonomy", type=click.Path(dir_okay=False), default=None,
              help="Taxonomy YAML (default: the shipped models/themes/themes.yaml).")
@click.option("--sentences", "sentence_labels", multiple=True,
              help="Sentence label file(s) (standoff JSONL, one record per document with its sentences' themes); "
                   "'none' for no files. Default, when --labels is not given either: "
                   "corpora/themes/sentences-*.jsonl except the second labelling. These train the staged "
                   "sentence model (sentence themes, a second stage, a learned document roll-up).")
@click.option("--labels", multiple=True, help="Passage label file(s) (standoff JSONL, the older superseded "
              "recipe); 'none' for no files.")
@click.option("--doc-labels", multiple=True, help="Document label file(s). Default: corpora/themes/docs-*.jsonl.")
@click.option("--doc-decisions", default=None,
              help="Filing decisions (TSV: document, theme, FILE|NOT, reason) applied to the sentence files' "
                   "document labels; 'none' to read the labels as they are. Default: "
                   "corpora/themes/doc-decisions.tsv when it exists (the shipped model's recipe).")
@click.option("--weak", multiple=True, help="Weak (cue) label file(s), down-weighted. Default: none.")
@click.option("--written", multiple=True,
              help="The project's own labelled articles (JSONL with their text), stage-one training only, "
                   "never scored; 'none' for no files. Default: corpora/themes/written-*.jsonl.")
@click.option("--corpora", type=click.Path(file_okay=False), default=None,
              help="Folder of the corpora the labels point into (default: ../shared/corpora).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Model folder to write (required). The shipped models/themes is refused unless "
                   "--overwrite-shipped is given.")
@click.option("--overwrite-shipped", is_flag=True,
              help="Allow --out to be the shipped models/themes folder, replacing the model that every "
                   "analyze and batch run loads.")
@click.option("--unit", type=click.Choice(["sentence", "passage"]), default="sentence", show_default=True,
              help="Training unit: each labelled passage's sentences, or the passage whole.")
@click.option("--held-out-report", is_flag=True,
              help="Also fit on a fixed 80% of the labelled documents and score the other 20% (slower).")
def train_themes(taxonomy, sentence_labels, labels, doc_labels, doc_decisions, weak, written, corpora, out_dir,
                 overwrite_shipped, unit, held_out_report):
    """Train the theme model from a taxonomy and labels; write it with its model card."""
    from .themes.training.data import DataError, default_files
    from .themes.taxonomy import TaxonomyError
    from .themes.training.train import checked_out_dir, train_from_files

    try:
        checked_out_dir(out_dir, overwrite_shipped)
    except DataError as exc:  # refused before any training, as a usage error
        raise click.UsageError(str(exc)) from None

    def files(values):
        if not values:
            return None
        return [] if values == ("none",) else list(values)

    if doc_decisions is None:
        doc_decisions = next(iter(default_files("doc-decisions.tsv")), None)
    elif doc_decisions == "none":
        doc_decisions = None
    elif not Path(doc_decisions).is_file():
        raise click.BadParameter(f"{doc_decisions}: no such file", param_hint="--doc-decisions")

    try:
        card = train_from_files(taxonomy, files(labels), files(doc_labels), files(weak) or [], corpora, out_dir,
                                command="vnmonitor " + " ".join(sys.argv[1:]), unit=unit,
                                held_out_report=held_out_report, log=lambda m: click.echo(m, err=True),
                                overwrite_shipped=overwrite_shipped, sentence_files=files(sentence_labels),
                                doc_decisions=doc_decisions, written_files=files(written))
    except (TaxonomyError, DataError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror}")
    for name in ("cross_validated", "held_out"):
        scores = card["report"].get(name)
        if scores:
            click.echo(f"{name.replace('_', '-')} micro-F1: units {scores['passages']['micro']['f1']:.3f}, "
                       f"documents {scores['documents']['micro']['f1']:.3f}", err=True)
    click.echo(f"model written to {out_dir} in {card['seconds']:.0f} s", err=True)



@main.command("train-ner")
@click.option("--annotations", type=click.Path(dir_okay=False), multiple=True,
              help="Standoff NER annotations (JSONL, format in corpora/ner/README.md; repeatable). "
                   "Default: corpora/ner/annotations.jsonl and corpora/ner/title-rich.jsonl.")
@click.option("--corpora", type=click.Path(file_okay=False), default=None,
              help="Folder of the corpora the annotations point into (default: ../shared/corpora).")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="Dev gold JSONL whose documents are refused as training data, like the frozen sample's "
                   "(default: ../shared/gold/dev.jsonl).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write names-crf.crfsuite, names-crf-stacked.crfsuite and the names-crf.json card "
                   "to (required). The shipped models/ner is refused unless --overwrite-shipped is given.")
@click.option("--overwrite-shipped", is_flag=True,
              help="Allow --out to be the shipped models/ner folder, replacing the models that every analyze "
                   "and batch run loads.")
@click.option("--holdout", type=click.FloatRange(0, 1, max_open=True), default=0.2, show_default=True,
              help="Share of the annotated documents held out (by a hash of the document id) and scored in the card.")
@click.option("--silver", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also train the plain model on the rules' names over this many unannotated baomoi articles.")
@click.option("--max-iter", type=click.IntRange(min=1), default=150, show_default=True,
              help="Maximum optimiser iterations per model.")
@click.option("--l1", type=click.FloatRange(min=0), default=0.05, show_default=True, help="L1 penalty.")
@click.option("--l2", type=click.FloatRange(min=0), default=0.01, show_default=True, help="L2 penalty.")
@click.option("--caps-share", type=click.FloatRange(0, 1), default=0.3, show_default=True,
              help="Share of the training regions whose headline is also learned in ALL CAPS.")
@click.option("--skip-plain", is_flag=True,
              help="Keep the plain model already in --out and train the stacked one only.")
def train_ner(annotations, corpora, gold, out_dir, overwrite_shipped, holdout, silver, max_iter, l1, l2, caps_share,
              skip_plain):
    """Train the names CRFs (plain, and stacked on the rules) from standoff annotations; write them with
    their card. Dev gold and frozen-sample documents are refused."""
    from .entities.training import TrainingError, checked_out_dir, train_ner as train

    try:
        checked_out_dir(out_dir, overwrite_shipped)
    except TrainingError as exc:  # refused before any work, as a usage error
        raise click.UsageError(str(exc)) from None
    try:
        card = train(out_dir, list(annotations) or None, corpora, gold=gold, holdout=holdout, silver=silver, max_iter=max_iter,
                     l1=l1, l2=l2, caps_share=caps_share, skip_plain=skip_plain, overwrite_shipped=overwrite_shipped,
                     command="vnmonitor " + " ".join(sys.argv[1:]), log=lambda m: click.echo(m, err=True))
    except TrainingError as exc:
        _fail(str(exc))
    click.echo(f"models written to {out_dir} in {card['seconds']:.0f} s", err=True)


@main.command("train-officials")
@click.option("--sets", "files", type=click.Path(dir_okay=False, exists=True), multiple=True,
              help="Officials sets to learn from (repeatable; JSONL, format in corpora/ner/README.md). Default: "
                   "the tuning sets corpora/ner/officials*.jsonl; the held-out ninth and twelfth are refused.")
@click.option("--annotations", type=click.Path(dir_okay=False), default=None,
              help="The regions' hand-annotated entities (default: corpora/ner/annotations.jsonl).")
@click.option("--corpora", type=click.Path(file_okay=False), default=None,
              help="Folder of the corpora the regions point into (default: ../shared/corpora).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write pairs.json and unnamed.json to (required). The shipped models/officials is refused unless "
                   "--overwrite-shipped is given.")
@click.option("--overwrite-shipped", is_flag=True, help="Allow --out to be the shipped models/officials folder.")
def train_officials(files, annotations, corpora, out_dir, overwrite_shipped):
    """Train the officials models from hand-listed officials sets: the pair scorer (pairs the linker
    missed) and the unnamed-office model (offices with no holder); each one's regularisation and
    threshold are chosen by leaving one set out at a time."""
    from .entities.officials.training import checked_out_dir, train_officials as train
    from .entities.training import TrainingError

    try:
        checked_out_dir(out_dir, overwrite_shipped)
    except TrainingError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        card = train(out_dir, files or None, annotations, corpora, overwrite_shipped=overwrite_shipped,
                     command="vnmonitor " + " ".join(sys.argv[1:]), log=lambda m: click.echo(m, err=True))
    except TrainingError as exc:
        _fail(str(exc))
    click.echo(f"officials models written to {out_dir} in {card['seconds']:.0f} s", err=True)

if __name__ == "__main__":
    main()
