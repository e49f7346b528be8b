"""An office as the officials linker reads it: `Office`, a TITLE with what is written right after
it (its org or country, a unit it belongs to); `EachOf`, one office in each body of a list; `_Alias`,
the unnamed holder of an office standing for whoever the document names in it. And what an office
gives when no holder is named: a record with `person: null` only where it points at one post
(`_unnamed`: a capitalised title with its org, a post one person holds, a local head with its place),
written by `office_record` (which the unnamed-office model, `unnamed.py`, uses for its own)."""
from __future__ import annotations

from dataclasses import dataclass

from ..types import Entity, Official
from .patterns import UNIQUE_TITLES, _ADMIN_PLACE, _LOCAL_HEADS, _MEMBERSHIP, _SPOKESPERSON
from .records import _key, _same_org


@dataclass
class Office:
    title: Entity
    org: Entity | None
    former: bool
    place: Entity | None = None
    tail: int | None = None      # end of what the office absorbed after its org ("(Fed)", "của Quốc hội")
    plural: bool = False         # several holders ("các Phó Chủ tịch", "Bốn Bộ trưởng"): no unnamed record
    serves_next: bool = False    # a staff office whose principal is named next, its own holder after that

    @property
    def start(self) -> int:
        return self.title.start

    @property
    def end(self) -> int:
        return max((self.org or self.place or self.title).end, self.tail or 0)


@dataclass
class EachOf:
    """One office in each body of a list ("Bộ trưởng các Bộ A, B và C"), its holders not named."""
    offices: list[Office]

    @property
    def start(self) -> int:
        return self.offices[0].start

    @property
    def end(self) -> int:
        return self.offices[-1].end


def _unnamed(office: Office) -> Official | None:
    """The record of an office written with no holder, where it points at one holder."""
    title = office.title.text
    key = _key(title)
    # a spokesperson is written in lower case in running text ("người phát ngôn của Văn phòng Thủ tướng Anh")
    if not (title[:1].isupper() or _SPOKESPERSON.fullmatch(title)) or key == "phó" or key.startswith("phó ") \
            or any(key == m or key.startswith(m + " ") for m in _MEMBERSHIP):
        return None  # generic, a member, or one of several deputies: no single holder
    if office.org is not None or key in UNIQUE_TITLES or _local_office(office):
        return office_record(office)
    return None


def office_record(office: Office, **extra) -> Official:
    """The record of `office` with no holder, its org as written and canonical (plus `extra`)."""
    org = office.org
    return Official(None, office.title.text, org.text if org else None, office.start, office.end,
                    former=office.former, extra={"org_canonical": org.canonical if org else None, **extra})


def _office_and_its_deputy(first: Office, second: Office, gap: str) -> bool:
    """"Thủ tướng và Phó Thủ tướng X", "Giám đốc và Phó Giám đốc Sở": an office and its deputy joined
    by "và" are two people's, not one person's two offices. Deputy of another body ("Bí thư Chi bộ
    khoa và Phó Bí thư Đảng bộ bệnh viện") is the same person's second office."""
    if gap.strip() != "và" or (first.org is not None and second.org is not None
                               and not _same_org(first.org.text, second.org.text)):
        return False
    a, b = _key(first.title.text), _key(second.title.text)
    return a is not None and b is not None and (b == "phó " + a or a == "phó " + b)


def _local_office(office: Office) -> bool:
    """Does an office written with a place only point at one holder ("Chủ tịch huyện X")?"""
    return office.place is not None and _key(office.title.text) in _LOCAL_HEADS \
        and bool(_ADMIN_PLACE.match(office.place.text))


@dataclass
class _Alias:
    """The unnamed holder of an office, standing for whoever the document names in it."""
    office: Office
