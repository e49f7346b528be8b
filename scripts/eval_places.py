"""Country and current-province accuracy of pipeline/coverage/places.py on
hand-mapped LOC mentions.

corpora/places/mentions.jsonl: LOC mentions the pipeline found in 2017 baomoi
and 2020-2021 dantri articles (standoff: document id, offsets), each with the
country (ISO 3166-1 alpha-2, null for a sea or a continent) and today's
province (34 units since 2025; null for a country-wide region or a place
abroad) that a reader of the article would give it. Each document is analysed
(for the LOC's canonical name and the document's other places, which wards use).

    python scripts/eval_places.py
"""
from __future__ import annotations

import json
from pathlib import Path

from common import ROOT, load_docs  # noqa: E402  (the repository and the reference data)

from pipeline.coverage.places import Places, resolve_record  # noqa: E402

MENTIONS = ROOT / "corpora" / "places" / "mentions.jsonl"


def main():
    mentions = [json.loads(l) for l in MENTIONS.read_text(encoding="utf-8").splitlines() if l.strip()]
    need = {m["doc"] for m in mentions}
    docs = load_docs(need)
    from pipeline.language import analyze, default_nlp

    nlp, places = default_nlp(), Places()
    got = {}
    for doc_id in sorted(need):
        d = docs[doc_id]
        rec = analyze(d["text"], nlp, id=doc_id, date=d.get("date"))
        for e, p in zip(rec["entities"], resolve_record(rec, places)):
            if p is not None:
                got[(doc_id, e["start"], e["end"])] = p
    n = len(mentions)
    country_ok = province_ok = 0
    vn_with_province = mapped_right = mapped_wrong = left_null = 0
    wrong = []
    for m in mentions:
        key = (m["doc"], m["start"], m["end"])
        p = got.get(key)
        if p is None:   # the pipeline no longer finds this LOC span: resolve the text alone
            text = docs[m["doc"]]["text"][m["start"]:m["end"]]
            p = places.resolve(text, None, docs[m["doc"]].get("date"))
        country_ok += p.country == m["country"]
        province_ok += p.province == m["province"]
        if m["province"]:
            vn_with_province += 1
            if p.province == m["province"]:
                mapped_right += 1
            elif p.province is None:
                left_null += 1
            else:
                mapped_wrong += 1
        if p.country != m["country"] or p.province != m["province"]:
            text = docs[m["doc"]]["text"][m["start"]:m["end"]]
            wrong.append(f"  {text!r}: got {p.country}/{p.province}, gold {m['country']}/{m['province']}")
    print(f"{n} hand-mapped LOC mentions in {len(need)} documents")
    print(f"country (ISO alpha-2 or null) right: {country_ok}/{n} = {country_ok / n:.3f}")
    print(f"province (today's unit or null) right: {province_ok}/{n} = {province_ok / n:.3f}")
    print(f"Vietnamese places with a province ({vn_with_province}): right {mapped_right}, "
          f"wrong {mapped_wrong}, left null {left_null}; precision of a given province "
          f"{mapped_right / max(1, mapped_right + mapped_wrong):.3f}")
    print("\n".join(wrong))


if __name__ == "__main__":
    main()
