#!/usr/bin/env python3
"""Build corpora/lexicons/furniture.txt: page furniture lines, from line frequencies in the archives.

A line (in `pipeline.themes.furniture.key` form) is furniture when
  * it is repeated in at least --min-docs documents of one archive and is
    short (at most --max-words words): buttons, captions, share prompts,
    bylines and site footers that the scraper kept; article sentences are
    almost never repeated verbatim across that many documents; or
  * it is one of the SEED lines below (the ones users reported), whatever
    their frequency.
Longer repeated lines (a quoted slogan in many articles) are left out: they
can be about a theme.

    .venv/bin/python scripts/build_furniture.py [--min-docs 20] [--max-words 8]
"""
from __future__ import annotations

import argparse
from collections import Counter

from common import ROOT, SHARED  # noqa: F401

from pipeline.io.jsonl import iter_jsonl
from pipeline.themes.furniture import key

SEED = ["Ảnh minh họa", "Ảnh minh hoạ", "Audio", "Video", "Điều chỉnh kích thước chữ", "Chia sẻ", "Bình luận",
        "In bài viết", "Gửi bài viết", "Xem thêm", "Tin liên quan", "Theo dõi", "Ảnh", "Nguồn", "Tags",
        "Chia sẻ bài viết", "Bài liên quan", "Tin cùng chuyên mục"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-docs", type=int, default=20)
    ap.add_argument("--max-words", type=int, default=8)
    ap.add_argument("--out", default=str(ROOT / "corpora" / "lexicons" / "furniture.txt"))
    args = ap.parse_args(argv)
    found = {key(s) for s in SEED}
    for path in sorted((SHARED / "corpora").glob("*.jsonl.gz")):
        counts: Counter = Counter()
        for _, doc in iter_jsonl(path):
            counts.update({key(line) for line in str(doc.get("text", "")).splitlines()} - {""})
        found |= {k for k, n in counts.items() if n >= args.min_docs and len(k.split()) <= args.max_words}
    lines = ["# Page furniture (pipeline/themes/furniture.py): built by scripts/build_furniture.py "
             f"--min-docs {args.min_docs} --max-words {args.max_words}; one key per line", *sorted(found)]
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{len(found)} furniture lines -> {args.out}")


if __name__ == "__main__":
    main()
