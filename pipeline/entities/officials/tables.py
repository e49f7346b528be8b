"""Officials written as the rows of a table: a name in one cell and the office in the next.

A report's list of people ("Họ và tên | Chức vụ") reaches the pipeline with each cell on a line of
its own (a Word table, `pipeline/io/readers`) or between pipes or tabs on one line (a table pasted as
text). The linker reads offices and names within a sentence, and a table's cells are sentences of
their own, so its rows gave no record. Here a PERSON that fills its cell, followed by a cell that
opens with a TITLE and names no one else, gives (person, title, org), the org as the linker reads
the office within that cell, or the ORG opening the next cell of the row (a unit's own column).
"""
from __future__ import annotations

import re
from bisect import bisect_left

from ..types import Entity, Official

_BREAKS = "\n|\t"   # what ends a cell
_CELL_END = re.compile(r"[\n|\t]")
_CELL_BREAK = re.compile(r"[ \t]*[|\t][ \t|]*|[ \t]*\n[ \t]*")   # one line break: a blank line ends a table
MAX_CELL_WORDS = 14   # a cell, not a paragraph opening with an office ("Giám đốc Sở X cho biết ...")


def _cell_end_after(text: str, pos: int) -> int | None:
    """Where the break after `pos` ends, when a cell break (a pipe, a tab or a new line) follows at
    once; else None."""
    m = _CELL_BREAK.match(text, pos)
    return m.end() if m and m.end() > pos else None


def _short_cell(cell: str) -> bool:
    """A cell's text: at most MAX_CELL_WORDS words, and no sentence's stop at its end."""
    return len(cell.split()) <= MAX_CELL_WORDS and not cell.rstrip().endswith((".", "!", "?", ":", ";"))


def _fills_its_cell(text: str, e: Entity) -> bool:
    """Nothing but spaces between the entity and the cell breaks (or the text's ends) around it."""
    i = e.start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = e.end
    while j < len(text) and text[j] == " ":
        j += 1
    return (i == 0 or text[i - 1] in _BREAKS) and (j == len(text) or text[j] in _BREAKS)


def _in_a_row(text: str, person: Entity) -> bool:
    """The name stands between pipes or tabs, or the line before it is a short cell too (the row's
    number, the previous row's office): a byline over a paragraph is no row."""
    line_start = text.rfind("\n", 0, person.start) + 1
    line_end = text.find("\n", person.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if "|" in line or "\t" in line:
        return True
    if line_start == 0:
        return False
    before = text.rfind("\n", 0, line_start - 1) + 1
    previous = text[before:line_start - 1]
    return bool(previous.strip()) and _short_cell(previous)


def _unit_cell(text: str, read: list[Entity], starts: list[int], cell_end: int) -> Entity | None:
    """The ORG that opens the cell after the one ending at `cell_end` (a cell break follows at once),
    if any; `starts` are the entities' starts."""
    start = _cell_end_after(text, cell_end)
    if start is None or text[cell_end:start].count("\n") or start >= len(text):
        return None   # the row ends with the office: a unit on the next line is the next row's
    k = bisect_left(starts, start)
    return read[k] if k < len(read) and read[k].start == start and read[k].label == "ORG" else None


def table_rows(text: str, ents: list[Entity], linker) -> list[Official]:
    """(person, title, org) for each row whose name cell is followed by its office cell."""
    read = [e for e in ents if e.label in ("TITLE", "PERSON", "ORG", "LOC")]
    starts = [e.start for e in read]
    out = []
    for k, person in enumerate(read[:-1]):
        title = read[k + 1]
        if person.label != "PERSON" or title.label != "TITLE" or not _fills_its_cell(text, person):
            continue
        if _cell_end_after(text, person.end) != title.start:
            continue
        cell = _CELL_END.search(text, title.start)
        cell_end = cell.start() if cell else len(text)
        # the office cell names no one: "Giám đốc Sở Tài chính", not "Giám đốc Sở Tài chính Lê Văn B"
        if not _short_cell(text[title.start:cell_end]):
            continue   # a sentence opening with an office, not a cell
        if not _in_a_row(text, person):
            continue
        named = False
        for e in read[k + 2:]:
            if e.start >= cell_end:
                break
            named = named or e.label == "PERSON"
        if named:
            continue
        office, _ = linker._office(text, read, k + 1)
        org = office.org if office.org is not None and office.org.end <= cell_end else None
        if org is None:   # the unit in a column of its own ("Họ và tên | Chức vụ | Đơn vị")
            org = _unit_cell(text, read, starts, cell_end)
        end = len(text[:cell_end].rstrip())
        out.append(Official(person.text, title.text, org.text if org else None, person.start, end,
                            former=office.former, extra={"org_canonical": org.canonical if org else None}))
    return out
