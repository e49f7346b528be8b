"""Who holds which office: (person, title, org) records from TITLE/ORG/PERSON entities.

Within a sentence the entities are read as a sequence of items: an *office*
is a TITLE (not a rank) with what is written right after it (its ORG, or a
country: "Tổng thống Nga"; a country after the org, a bracketed short form,
a unit it belongs to: "Chủ nhiệm Ủy ban X của Quốc hội", "Đại sứ Y tại Liên
Hợp Quốc"; the parent after an unmarked unit name: "Trưởng phòng Tham mưu
Công an tỉnh Z"), a *person* is a PERSON. Spokespeople ("người phát ngôn",
"phát ngôn viên") are read from the text when the entities leave them out.
Offices are linked to holders by what separates them (the patterns are listed in `linker.py`).

A short name ("ông Nhân", "Tổng thống Park") resolves to the full name seen in
the document ("Nguyễn Thiện Nhân", "Park Geun-hye"). An office with no holder gives
`person: null` when it points at one post (a capitalised title with an org, or a
unique post such as "Thủ tướng"; not a member, a bare deputy, or a plural: "các",
"nhiều đồng chí", "một"), unless the same title and org (as written, shortened or
canonical) has a named record; the one named holder of that title written without
an org after it takes the org instead ("Thứ trưởng Bộ Công Thương" in a headline,
"Thứ trưởng Hoàng Quốc Vượng" in the body).

The component then checks the linker's work with two learned models, when they are loaded: a pair
scorer adds the pairs the linker missed, and an unnamed-office model decides which offices written
with no holder give a record.

The modules, each importing only the ones listed before it:

- `patterns.py`: the regexes and word sets the linker reads the text with, and the small tests built
  on them (`not_held`: a title sought or naming a board);
- `records.py`: what becomes of the records: names resolved (`_resolve`), one record per person and
  title (`_dedupe`, `distinct_records` over a long text's parts), signers added (`with_signers`);
  `_key`, the form names and titles are compared in;
- `offices.py`: an office as the linker reads it (`Office`, `EachOf`) and its record with no holder
  (`_unnamed`, `office_record`);
- `linker.py`: `OfficialsLinker`, the hand-written patterns, and `default_linker`;
- `scorer.py`: the learned pair scorer (`PairScorer`, `rescore`; `models/officials/pairs.json`);
- `unnamed.py`: the unnamed-office model (`models/officials/unnamed.json`);
- `component.py`: the spaCy component and its factory "officials" (`find_officials`);
- `training.py`: training both models (`vnmonitor train-officials`).
"""
from .linker import OfficialsLinker, default_linker
from .offices import EachOf, Office, office_record
from .patterns import UNIQUE_TITLES, not_held
from .records import distinct_records, with_signers

__all__ = ["UNIQUE_TITLES", "EachOf", "Office", "OfficialsLinker", "default_linker", "distinct_records",
           "not_held", "office_record", "with_signers"]
