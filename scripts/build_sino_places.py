#!/usr/bin/env python3
"""Mine the archive's foreign places written in Sino-Vietnamese readings ("Vũ Hán", "Trùng Khánh",
"Quảng Tây") and keep the reviewed ones as a place lexicon.

Vietnamese news writes Chinese (and some Korean and Japanese) provinces and cities by their
Sino-Vietnamese reading: Vietnamese syllables, so the foreign-name gazetteer (`build_gazetteer.py`,
Latin script only) never sees them. Many open with a Vietnamese family name ("Vũ", "Hồ", "Hà"), and
the names stage read "từ Vũ Hán về" as a person. The public peer set's "foreign cities are missed"
(issue 12) is largely these.

A candidate is a run of two or three capitalised syllables that the archive writes after a unit word
("thành phố", "tỉnh", "thủ phủ", "khu tự trị", "huyện", "thị trấn", "đặc khu") and before the
country it is in (", Trung Quốc", "(Hàn Quốc)", "thuộc ... Nhật Bản"): "thành phố Vũ Hán, tỉnh Hồ
Bắc, Trung Quốc" gives "Vũ Hán" (and "Hồ Bắc" by the same rule). Names the place lexicon knows already
(Vietnamese provinces and districts, countries.tsv's cities) and Latin-script names are left out.
For each candidate the script counts documents, how often the archive writes it after an honorific
or a person's cue ("ông", "chị", "anh", "tiền vệ") or a family name ("Tống Hải Nam": a given name as
well), and how the
training regions of corpora/ner label it. Documents of the dev gold, of the frozen samples, of the
NER held-out split and of the held-out NER batches are never read.

The review is by hand, against the contexts the worksheet prints. A reviewed line of
`corpora/lexicons/sino_places.tsv` is: surface, the country the archive places it in, documents.
A name that is also a person's given name in the archive is not kept: the lexicon would make a
place of "chị Hải Nam".

    .venv/bin/python scripts/build_sino_places.py --worksheet /tmp/sino.tsv   # candidates and contexts
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from common import CORPUS_NAMES, ROOT, corpus_path, iter_corpus_docs, lexicon_ends
from common.annotation import excluded_docs, label_summary, reviewed_surfaces, training_labels

from pipeline.entities.lexicon import default_lexicon

HOLDOUT = 0.2   # the NER model's hash split
LEXICON = ROOT / "corpora" / "lexicons" / "sino_places.tsv"

_SYLLABLE = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
_RUN = rf"{_SYLLABLE}(?: {_SYLLABLE}){{1,2}}"
_UNIT = r"(?:thành phố|TP\.?|tỉnh|thủ phủ|khu tự trị|huyện|thị trấn|đặc khu)"
_COUNTRIES = r"(?:Trung Quốc|Hàn Quốc|Nhật Bản|Đài Loan|Triều Tiên)"
# "thành phố Vũ Hán, tỉnh Hồ Bắc, Trung Quốc": each unit's name before the country (one more unit between)
PLACED = re.compile(rf"(?<![\w]){_UNIT} ({_RUN})(?:, | \(| thuộc | của )(?:{_UNIT} ({_RUN})(?:, | \(| thuộc | của ))?"
                    rf"(?:miền \w+ |phía \w+ )?({_COUNTRIES})")
PERSON_BEFORE = re.compile(r"(?:^|[^\w])(?:ông|bà|anh|chị|em|cô|chú|bác|cháu|cụ|tiền vệ|tiền đạo|hậu vệ|thủ môn|"
                           r"HLV|ca sĩ|diễn viên|nghệ sĩ|cầu thủ|võ sĩ|vận động viên|VĐV|bạn|nữ sinh|nam sinh) $",
                           re.IGNORECASE)


def known_place(surface: str, lexicon) -> bool:
    """The place lexicon knows the whole name already (a Vietnamese unit, a country or city)."""
    n, ends = lexicon_ends(surface, lexicon, "PLACE")
    return n in ends


def mine(reviewed: set[str]) -> tuple[dict, dict, dict, Counter]:
    """Candidates with their countries and documents, up to three contexts each, and each one's
    mentions after a person's cue anywhere in the archive. A reviewed name stays a candidate (the
    lexicon knows it through this file), so a run refreshes its counts."""
    skip = excluded_docs(HOLDOUT, heldout_batches=True)
    lexicon = default_lexicon()
    countries: dict[str, Counter] = defaultdict(Counter)
    docs: Counter = Counter()
    contexts: dict[str, list[str]] = defaultdict(list)
    texts = []
    for name in CORPUS_NAMES:
        for doc in iter_corpus_docs(corpus_path(name)):
            if doc["id"] in skip:
                continue
            text = doc["text"]
            texts.append(text)
            seen = set()
            for m in PLACED.finditer(text):
                for group in (1, 2):
                    surface = m.group(group)
                    if not surface or (surface not in reviewed and known_place(surface, lexicon)):
                        continue
                    countries[surface][m.group(3)] += 1
                    if surface not in seen:
                        seen.add(surface)
                        docs[surface] += 1
                        if len(contexts[surface]) < 3:
                            contexts[surface].append(text[max(0, m.start() - 40):m.end() + 30].replace("\n", " "))
    as_person: Counter = Counter()
    if countries:
        anywhere = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(countries, key=len, reverse=True)))
                              + r")(?!\w)")
        for text in texts:
            for m in anywhere.finditer(text):
                before = text[max(0, m.start() - 20):m.start()]
                surname = re.search(r"(?<!\w)(\w+) $", before)
                if PERSON_BEFORE.search(before) or (surname and surname.group(1)[:1].isupper() and lexicon.match(
                        [surname.group(1)], [surname.group(1).lower()], 0, "SURNAME")):
                    as_person[m.group(1)] += 1   # "chị Hải Nam", "ông Tống Hải Nam": a given name too
    return countries, docs, contexts, as_person


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worksheet", required=True, help="where to write the candidates and their contexts (keep out of git)")
    args = ap.parse_args()
    reviewed = reviewed_surfaces(LEXICON)
    countries, docs, contexts, as_person = mine(reviewed)
    labels = training_labels(countries.__contains__, HOLDOUT)
    with open(args.worksheet, "w", encoding="utf-8") as f:
        f.write("surface\tcountry\tdocs\tafter_person_cue\tannotated\treviewed\tcontexts\n")
        for surface in sorted(countries, key=lambda s: (-docs[s], s)):
            country = countries[surface].most_common(1)[0][0]
            f.write(f"{surface}\t{country}\t{docs[surface]}\t{as_person[surface]}\t{label_summary(labels.get(surface))}\t"
                    f"{'yes' if surface in reviewed else 'new'}\t{' | '.join(contexts[surface])}\n")
    print(f"{len(countries)} candidates -> {args.worksheet}")


if __name__ == "__main__":
    main()
