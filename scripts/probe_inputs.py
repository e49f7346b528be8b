#!/usr/bin/env python3
"""Hostile-input probes of issue 10, each in a fresh process: exit status, peak memory, and
whether stderr holds a traceback or a password.

    .venv/bin/python scripts/probe_inputs.py [--keep DIR]

Inputs are generated here (no corpus text): a CSV with a bad byte, poison JSON
lines, a truncated gzip, a gzip bomb, a 2-million-character document, a 20 MB
line, /dev/zero, folders with same-named files and a re-run with a new file,
and malformed database URLs.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VNMONITOR = [sys.executable, "-m", "pipeline.cli"]
GOOD = "Sáng 3/4/2024, Sở Tài chính tỉnh Bình An công bố số thu ngân sách quý I đạt 1.200 tỷ đồng."


def run(args: list[str]) -> dict:
    """Run the CLI in a child process; its own peak memory comes from wait4."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(VNMONITOR + args, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return {"rc": proc.returncode, "seconds": round(time.perf_counter() - started, 1),
            "peak_mb": round(usage.ru_maxrss / 1024), "traceback": "Traceback" in stderr,
            "secret": "secret" in stdout + stderr, "stdout": stdout, "stderr": stderr}


def make_inputs(d: Path) -> dict[str, Path]:
    paths = {}
    rows = [b"id,text\n"] + [f"r{i},\"{GOOD} Dòng {i}.\"\n".encode() for i in range(200)]
    rows[100] = rows[100].replace(" Dòng".encode(), b" D\xffng")
    (d / "bad.csv").write_bytes(b"".join(rows))
    paths["csv"] = d / "bad.csv"
    lines = [json.dumps({"id": f"g{i}", "text": GOOD}) for i in range(4)]
    lines[1:1] = ['{"id": "s", "title": "x\\ud800y", "text": "%s"}' % GOOD, "[" * 100_000,
                  '{"id": [1, 2], "text": "%s"}' % GOOD]
    (d / "poison.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths["poison"] = d / "poison.jsonl"
    body = "".join(json.dumps({"id": f"t{i}", "text": f"{GOOD} {i}"}) + "\n" for i in range(400))
    data = gzip.compress(body.encode())
    (d / "truncated.jsonl.gz").write_bytes(data[: len(data) // 2])
    paths["truncated"] = d / "truncated.jsonl.gz"
    with gzip.open(d / "bomb.txt.gz", "wb") as fh:
        for _ in range(1024):
            fh.write(b"a" * (1 << 20))
    paths["bomb"] = d / "bomb.txt.gz"
    (d / "long.txt").write_text((GOOD + " ") * (2_000_000 // (len(GOOD) + 1)), encoding="utf-8")
    paths["long"] = d / "long.txt"
    (d / "line20.txt").write_text((GOOD + " ") * (20_000_000 // (len(GOOD) + 1) // 2) + "\nDòng hai.\n",
                                  encoding="utf-8")
    paths["line20"] = d / "line20.txt"
    folder = d / "folder"
    for name in ("sub1/report.txt", "sub2/report.txt", "report.v2.txt", "report.v3.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"{GOOD} ({name})", encoding="utf-8")
    paths["folder"] = folder
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", help="write inputs and outputs here instead of a temporary folder")
    args = ap.parse_args()
    d = Path(args.keep or tempfile.mkdtemp(prefix="vnm-probe-"))
    d.mkdir(parents=True, exist_ok=True)
    p = make_inputs(d)
    out = d / "out"
    shutil.rmtree(out, ignore_errors=True)
    probes = [
        ("CSV bad byte (batch)", ["batch", str(p["csv"]), "--out", str(d / "o-csv"), "--workers", "1", "--no-progress"],
         lambda r: (d / "o-csv" / "documents.jsonl").read_text().count("\n") == 199),
        ("poison JSONL (analyze)", ["analyze", str(p["poison"]), "--format", "jsonl"],
         lambda r: r["stdout"].count("\n") == 4),
        ("truncated gzip (analyze)", ["analyze", str(p["truncated"]), "--format", "jsonl"],
         lambda r: r["stdout"].count("\n") > 100 and "truncated" in r["stderr"]),
        ("gzip bomb 1 GB (analyze)", ["analyze", str(p["bomb"])], lambda r: "--max-chars" in r["stderr"]),
        ("2M-character document (analyze)", ["analyze", str(p["long"]), "--format", "jsonl", "--date", "2024-04-03",
                                             "--source", "probe", "--title", "Dài"],
         lambda r: json.loads(r["stdout"])["date"] == "2024-04-03"),
        ("20 MB line (tokenize)", ["tokenize", str(p["line20"])], lambda r: r["stdout"].count("\n") == 2),
        ("/dev/zero (tokenize)", ["tokenize", "/dev/zero"], lambda r: "binary" in r["stderr"]),
        ("/dev/zero (analyze)", ["analyze", "/dev/zero"], lambda r: "--max-chars" in r["stderr"]),
        ("same-named folder files (batch)", ["batch", str(p["folder"]), "--out", str(out), "--workers", "1",
                                             "--no-progress"],
         lambda r: (out / "documents.jsonl").read_text().count("\n") == 4),
    ]
    results = []
    for name, argv, check in probes:
        r = run(argv)
        try:
            ok = bool(check(r))
        except Exception:  # a probe whose output cannot be read failed
            ok = False
        results.append((name, r, ok))
    (p["folder"] / "new.txt").write_text(f"{GOOD} (mới)", encoding="utf-8")
    r = run(["batch", str(p["folder"]), "--out", str(out), "--workers", "1", "--no-progress"])
    results.append(("folder re-run with a new file", r, (out / "documents.jsonl").read_text().count("\n") == 5))
    for url in ("mysql://user:secret@host/db", "postgres://user:secret@[::1:5432/db"):
        r = run(["batch", str(p["csv"]), "--out", str(d / "o-csv"), "--workers", "1", "--no-progress", "--db", url])
        results.append((f"--db {url.split(':')[0]}:… (batch)", r, r["rc"] == 1))
        r = run(["report", "--db", url, "--out", str(d / "r.html")])
        results.append((f"--db {url.split(':')[0]}:… (report)", r, r["rc"] == 1))
    print(f"{'probe':<36} {'rc':>3} {'s':>6} {'peak MB':>8}  traceback  password  expected")
    for name, r, ok in results:
        print(f"{name:<36} {r['rc']:>3} {r['seconds']:>6} {r['peak_mb']:>8}  {str(r['traceback']):<9}  "
              f"{str(r['secret']):<8}  {'yes' if ok else 'NO'}")
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
