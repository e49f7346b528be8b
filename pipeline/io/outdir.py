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
