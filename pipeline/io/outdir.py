"""The names of what a batch run writes in its output folder.

Shared by the batch runner, which writes them, and the readers of an output
(the report, the PostgreSQL loader), which must not depend on the runner."""
from pathlib import Path

MANIFEST = "manifest.json"      # what the results belong to: inputs, options, pipeline fingerprint
FINISHED = "finished.json"      # the merged state of a finished run
CHUNKS = "chunks"               # committed chunks, one folder each
TMP = ".tmp"                    # every temporary file of a merge, removed on start, resume and --restart
DATABASE = "vnmonitor.duckdb"
DOCUMENTS = "documents.jsonl"
ERRORS = "errors.jsonl"
STORY_INDEX = "stories.npz"     # the story index a later run extends (`coverage.stories`)
MARK = ".vnmonitor-output"      # marks the folder as a batch output: a folder input that holds it skips it


def is_output_file(out, path) -> bool:
    """`path` is one of the files a batch run writes in its output folder `out` (its tables, its
    database, its manifest and mark), or lies in its chunks: a report written there would destroy it."""
    out, path = Path(out).resolve(), Path(path).resolve()
    if path.parent == out:
        return path.name in (MANIFEST, FINISHED, DATABASE, DOCUMENTS, ERRORS, MARK, STORY_INDEX) \
            or path.suffix.lower() == ".parquet"
    return (out / CHUNKS) in path.parents or (out / TMP) in path.parents


def output_id(out) -> str:
    """The output's own id, kept in its mark (written by the first run, kept by --restart).

    A database the output is loaded into knows it by this id, not by its path: a folder moved or
    renamed is the same output, and a new job in a folder of an old one's name (that one deleted) is
    another. An output written before it had an id (an empty mark, or none) is known by its path,
    as such outputs were when they were loaded."""
    mark = Path(out) / MARK
    try:
        text = mark.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or str(Path(out).resolve())


def mark_output(out) -> None:
    """Mark `out` as a batch output, with a new id unless it holds one (`output_id`)."""
    import uuid

    mark = Path(out) / MARK
    if mark.exists() and mark.stat().st_size:
        return
    if mark.exists() or any(Path(out).glob("*.parquet")):
        mark.touch()   # an earlier version's output: known by its path, as its loads were recorded
        return
    mark.write_text(f"output-{uuid.uuid4().hex}\n", encoding="utf-8")


def unfinished_note(out) -> str | None:
    """What a reader of an output whose batch run has not finished (still running, or killed, in the
    merge too) should know; None for a finished output or a folder no run wrote."""
    out = Path(out)
    if not (out / MANIFEST).exists() or (out / FINISHED).exists():
        return None
    return (f"{out}: its batch run has not finished (no {FINISHED}): stories, registry ids and places are not "
            f"computed yet, so copies count as stories and agencies go unnamed; run the batch again with the "
            f"same --out to finish it")
