"""Batch runs across processes: SIGKILL and resume, local worker processes, a Dask cluster.

Each parallel result is compared with the in-process run of the same archive:
the engines must produce the same records, whichever worker ran which chunk.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import batch

from batch_fixtures import read_jsonl, synthetic_records, write_archive

N_DOCS = 60
CHUNK = 4


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "archive.jsonl"
    return write_archive(path, synthetic_records(N_DOCS), ['{"id": "broken", "text": '])


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory, nlp):
    """The in-process run, as the expected output."""
    out = tmp_path_factory.mktemp("ref") / "out"
    summary = batch.run(batch.BatchOptions(inputs=[str(archive)], out=out, workers=1, chunk_size=CHUNK,
                                           progress=False))
    return summary, read_jsonl(out / "documents.jsonl"), out


def _cli(*args):
    return [sys.executable, "-m", "pipeline.cli", *map(str, args)]


def _batch_until(archive, out, chunks: int):
    """A two-worker batch run in its own process group, once it has committed `chunks` chunks."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    proc = subprocess.Popen(_cli("batch", archive, "--out", out, "--workers", "2", "--chunk-size", CHUNK,
                                 "--no-progress"),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    try:
        while len(batch.committed_chunks(out)) < chunks:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no chunk committed in time"
            time.sleep(0.05)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return proc


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    return [int(c) for c in open(path).read().split()] if os.path.exists(path) else []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in fh)
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads the process tree from /proc (Linux)")
def test_workers_end_when_the_runner_is_killed_alone(archive, tmp_path):
    """SIGKILL to the runner only (the OOM killer's way): its pool workers must not finish their
    queue and idle on, holding their memory."""
    out = tmp_path / "out"
    proc = _batch_until(archive, out, chunks=1)
    try:
        workers = _children(proc.pid)
        assert workers
        proc.kill()
        proc.wait()
        until = time.monotonic() + 20
        while any(_alive(w) for w in workers) and time.monotonic() < until:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_sigkill_mid_run_then_resume_loses_and_duplicates_nothing(archive, reference, tmp_path):
    out = tmp_path / "out"
    proc = _batch_until(archive, out, chunks=3)
    os.killpg(proc.pid, signal.SIGKILL)      # the runner and its workers, no clean-up
    proc.wait()
    killed_at = len(batch.committed_chunks(out))
    n_chunks = -(-(N_DOCS + 1) // CHUNK)
    assert killed_at < n_chunks and not (out / batch.FINISHED).exists()

    # resume in this process (the pipeline is loaded already); any worker count resumes any other
    summary = batch.run(batch.BatchOptions(inputs=[str(archive)], out=out, workers=1, chunk_size=CHUNK,
                                           progress=False))
    assert (summary.documents, summary.succeeded, summary.failed) == (N_DOCS + 1, N_DOCS, 1)
    assert summary.chunks == n_chunks and summary.chunks_reused >= killed_at

    records = read_jsonl(out / "documents.jsonl")
    assert [r["id"] for r in records] == [r["id"] for r in reference[1]]
    assert records == reference[1]
    import duckdb

    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as con:
        assert con.execute("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM documents").fetchone() == (N_DOCS, N_DOCS)
    assert len(read_jsonl(out / "errors.jsonl")) == 1


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_local_worker_processes_match_the_in_process_run(archive, reference, tmp_path, monkeypatch, method):
    import multiprocessing

    used = []

    def context():
        used.append(method)
        return multiprocessing.get_context(method)

    monkeypatch.setattr(batch.engines, "_pool_context", context)
    summary = batch.run(batch.BatchOptions(inputs=[str(archive)], out=tmp_path / "out", workers=2,
                                           chunk_size=CHUNK, progress=False))
    assert used == [method]
    assert (summary.succeeded, summary.failed) == (N_DOCS, 1)
    assert len(summary.cpu_seconds) == 2, "both workers took chunks"
    assert read_jsonl(tmp_path / "out" / "documents.jsonl") == reference[1]


def test_workers_are_forked_only_from_a_single_thread():
    import threading

    if not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    if threading.active_count() == 1:
        assert batch.engines._pool_context().get_start_method() == "fork"
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert batch.engines._pool_context().get_start_method() == "spawn"
    finally:
        release.set()
        other.join()


def test_a_forked_child_does_not_keep_the_runners_lock(tmp_path):
    lock = batch._lock(tmp_path)
    ready, started = os.pipe()
    child = os.fork()
    if child == 0:      # the child outlives the runner's hold on the lock
        os.write(started, b"x")  # the fork handlers have run by now
        time.sleep(3)
        os._exit(0)
    try:
        os.read(ready, 1)
        batch._unlock(lock)
        again = batch._lock(tmp_path)   # would fail if the child still held a copy
        batch._unlock(again)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready)
        os.close(started)


def test_dask_engine_on_a_local_cluster_matches_the_local_run(archive, reference, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit="3GiB") as cluster:
        summary = batch.run(batch.BatchOptions(inputs=[str(archive)], out=tmp_path / "out", engine="dask",
                                               scheduler=cluster.scheduler_address, chunk_size=CHUNK,
                                               progress=False))
    assert (summary.succeeded, summary.failed) == (N_DOCS, 1)
    assert len(summary.peak_rss_mb) == 2                          # both cluster workers took chunks
    assert read_jsonl(tmp_path / "out" / "documents.jsonl") == reference[1]
    assert summary.rows == reference[0].rows
    # the coverage step runs after the merge: the same story ids whatever the engine
    import pyarrow.parquet as pq

    def stories(out):
        t = pq.read_table(out / "documents.parquet", columns=["doc_id", "story_id"]).to_pylist()
        return {r["doc_id"]: r["story_id"] for r in t}

    assert stories(tmp_path / "out") == stories(reference[2]) and None not in stories(tmp_path / "out").values()


def test_dask_engine_reports_an_unreachable_scheduler(archive, tmp_path):
    with pytest.raises(batch.InputError, match="cannot reach the Dask scheduler"):
        batch.run(batch.BatchOptions(inputs=[str(archive)], out=tmp_path / "out", engine="dask",
                                     scheduler="tcp://127.0.0.1:9", connect_timeout=2, progress=False))


def _listening(handler):
    """A local TCP service that accepts connections and runs `handler(conn)` on each; its port."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=handler, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]


def _batch_on_dask(archive, out, scheduler: str, **options) -> subprocess.CompletedProcess:
    """`batch.run` on the Dask engine in a process of its own: a client that failed to connect is
    closed when it is collected, which can wait forever on the loop another client is starting."""
    code = ("import sys; from pipeline import batch\n"
            "try:\n"
            f"    batch.run(batch.BatchOptions(inputs=[{str(archive)!r}], out=__import__('pathlib').Path({str(out)!r}), "
            f"engine='dask', scheduler={scheduler!r}, progress=False, **{options!r}))\n"
            "except batch.InputError as exc:\n"
            "    print(exc); sys.exit(1)\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("answer, message", [
    (None, "no Dask scheduler answered"),                                    # the dashboard's port, a silent service
    (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "not a Dask scheduler"),   # another protocol
])
def test_an_address_that_is_no_dask_scheduler_is_one_error_in_bounded_time(archive, tmp_path, answer, message):
    def handler(conn):
        if answer is not None:
            conn.recv(1024)
            conn.sendall(answer)
            conn.close()
        else:
            time.sleep(60)

    server, port = _listening(handler)
    started = time.monotonic()
    try:
        result = _batch_on_dask(archive, tmp_path / "out", f"tcp://127.0.0.1:{port}", connect_timeout=2)
    finally:
        server.close()
    assert result.returncode == 1 and message in result.stdout, result.stdout + result.stderr
    assert time.monotonic() - started < 60


def test_a_scheduler_with_no_worker_is_refused_after_a_wait(archive, tmp_path):
    code = ("from distributed import LocalCluster\n"
            "cluster = LocalCluster(n_workers=0, processes=False, protocol='tcp', dashboard_address=None)\n"
            "print(cluster.scheduler_address, flush=True)\n"
            "import time; time.sleep(120)\n")
    cluster = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        address = cluster.stdout.readline().strip()
        result = _batch_on_dask(archive, tmp_path / "out", address, worker_wait=1)
    finally:
        cluster.kill()
        cluster.wait()
    assert result.returncode == 1 and "has no workers" in result.stdout and "dask worker" in result.stdout


@pytest.mark.parametrize("address, message", [("http://127.0.0.1:8786", "not http://"),
                                              ("tcp://127.0.0.1:99999", "port must be"),
                                              ("127.0.0.1:port", "port must be")])
def test_a_scheduler_address_dask_cannot_have_is_refused_before_any_work(archive, tmp_path, address, message):
    with pytest.raises(batch.InputError, match=message):
        batch.run(batch.BatchOptions(inputs=[str(archive)], out=tmp_path / "out", engine="dask",
                                     scheduler=address, progress=False))
    assert not (tmp_path / "out").exists()


def test_sigterm_stops_a_batch_as_ctrl_c_does_with_its_summary(archive, tmp_path):
    """A job scheduler stops a job with SIGTERM: the run says so, leaves its --summary-json and resumes."""
    import json
    import time

    out, summary = tmp_path / "out", tmp_path / "summary.json"
    proc = subprocess.Popen(_cli("batch", archive, "--out", out, "--workers", "1", "--chunk-size", CHUNK,
                                 "--no-progress", "--summary-json", summary),
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list((out / "chunks").glob("[0-9]*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143 and "terminated (SIGTERM)" in err and "Traceback" not in err
    assert json.loads(summary.read_text())["exit_code"] == 143
    again = subprocess.run(_cli("batch", archive, "--out", out, "--workers", "1", "--chunk-size", CHUNK,
                                "--no-progress"), capture_output=True, text=True)
    assert again.returncode == 3 and "reused" in again.stderr


def test_a_run_that_has_not_finished_is_read_with_a_warning(reference, tmp_path):
    """A run killed in its merge leaves tables without stories and ids: report and alerts say so."""
    import shutil

    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.io.outdir import FINISHED

    out = tmp_path / "out"
    shutil.copytree(reference[2], out)
    for args in (["alerts", str(out)], ["report", str(out), "--out", str(tmp_path / "r.html")]):
        assert "has not finished" not in CliRunner().invoke(main, args).output
    (out / FINISHED).unlink()
    for args in (["alerts", str(out)], ["report", str(out), "--out", str(tmp_path / "r.html")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0 and "has not finished" in result.output and "--out to finish it" in result.output


def test_what_a_killed_worker_staged_is_gone_once_the_run_finishes(archive, tmp_path, monkeypatch):
    finalize = batch.finalize

    def staged_meanwhile(out, *args, **kwargs):
        (out / "chunks" / ".000999.4242.tmp").mkdir()   # as a worker killed mid-chunk leaves it
        return finalize(out, *args, **kwargs)

    monkeypatch.setattr(batch, "finalize", staged_meanwhile)
    out = tmp_path / "out"
    batch.run(batch.BatchOptions(inputs=[str(archive)], out=out, workers=1, chunk_size=CHUNK, progress=False))
    assert not list((out / "chunks").glob(".*.tmp"))
