"""`read_document(text)`: an administrative document's metadata, or None for news.

The output follows issue 14's `document` object (doc_type, number, issuer,
issuer_parent, place, date, subject, signers, recipients), plus `warnings`
(why a field is null), `legal_refs` (LEGAL_REF spans with values) and the
spans of the standard parts and of the boilerplate (motto, type line, "Nơi
nhận", "Lưu", "(đã ký)"), so that a later entity filter can drop entities found
there. Every span indexes the input text exactly as given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import layout as L
from .header import Header, read_header
from .legal_refs import LegalRef, find_legal_refs
from .recase import BodyCase
from .signers import Signer, find_signers, list_item_text
from .structure import Item, outline
from .vocab import fold


@dataclass
class AdminDocument:
    """What the title block, the closing block and the citations say.

    Field meanings follow ../shared/corpora/admin/README.md: `issuer` is the
    lowest line of the issuing block and `issuer_parent` the line above it;
    `number` keeps a draft's printed part ("/BC-BTC", with `number_blank`);
    `date` is ISO from the date line only; `subject` is the V/v text of a
    letter without "V/v", otherwise the title after the type word.
    `recipients` are the "Nơi nhận" items (without "Lưu"), `addressees` the
    "Kính gửi" (or a telegram's "điện:") list. Every span is [start, end)
    into the input text as given.
    """

    doc_type: str | None
    number: str | None
    issuer: str | None
    issuer_parent: str | None
    place: str | None
    date: str | None
    subject: str | None
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    number_blank: bool = False
    addressees: list[str] = field(default_factory=list)
    legal_refs: list[LegalRef] = field(default_factory=list)
    boilerplate: list[L.Span] = field(default_factory=list)
    parts: list[L.Span] = field(default_factory=list)
    structure: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the other issuer of a joint document (liên tịch), whose block the header prints above `issuer`
    joint_with: str | None = None

    @classmethod
    def unread(cls, warnings: list[str] = ()) -> "AdminDocument":
        """A document none of whose fields could be read (every field null)."""
        return cls(doc_type=None, number=None, issuer=None, issuer_parent=None, place=None, date=None,
                   subject=None, warnings=list(warnings))

    def officials(self) -> list[dict]:
        """Each named signer as an official record (ANNOTATION.md): (name, title, issuer).

        The title is the signer's own line ("Phó Chủ tịch"), the org the issuing
        agency; a block without a printed name or title gives no record.
        """
        return [{k: o[k] for k in ("person", "title", "org")} for o in signer_officials(self.to_dict())]

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps the motto, the type line, "Nơi nhận",
        "Lưu" or "(đã ký)": an entity found there is furniture, not a mention."""
        return any(s.start < end and start < s.end for s in self.boilerplate)

    def to_dict(self) -> dict:
        """The record's `document` object (JSON-ready)."""
        return {
            "doc_type": self.doc_type, "number": self.number, "number_blank": self.number_blank,
            "issuer": self.issuer, "issuer_parent": self.issuer_parent, "place": self.place,
            "date": self.date, "subject": self.subject,
            "signers": [s.to_dict() for s in self.signers],
            "recipients": list(self.recipients), "addressees": list(self.addressees),
            "legal_refs": [r.to_dict() for r in self.legal_refs],
            "boilerplate": [{"start": s.start, "end": s.end, "kind": s.kind} for s in self.boilerplate],
            "parts": [{"start": s.start, "end": s.end, "kind": s.kind} for s in self.parts],
            "structure": [i.to_dict() for i in self.structure],
            "warnings": list(self.warnings), "joint_with": self.joint_with,
        }


_LEVEL = r"(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường)"
# where an issuer's name gives its place ("Sở Y tế | tỉnh Gia Lai")
_PLACE_PART = re.compile(rf"(?i)\s+{_LEVEL}\s")


def _head(org: str, place: str | None) -> str:
    """An issuer's name without its place, folded: "Sở Y tế tỉnh Gia Lai", "Tỉnh Đoàn Hòa Lâm"
    (place Hòa Lâm) -> "so y te", "tinh doan"."""
    if place:
        org = re.sub(rf"(?i)(?:\s+{_LEVEL})?\s+{re.escape(place)}$", "", org)
    return fold(_PLACE_PART.split(f"{org} ", maxsplit=1)[0].strip())


def signer_org(on_behalf_of: str | None, outer: str | None, issuer: str | None, joint_with: str | None,
               place: str | None = None) -> str | None:
    """The agency a signer signs for: the issuer, or in a joint document the issuer whose name (without
    its place) the signer's "KT. GIÁM ĐỐC SỞ Y TẾ" or "TM. …" line names (the longer name if both)."""
    if not joint_with:
        return issuer
    line = fold(" ".join(x for x in (on_behalf_of, outer) if x))
    named = [(len(head), org) for org in (issuer, joint_with) if org
             for head in [_head(org, place)] if head and re.search(rf"(?<!\w){re.escape(head)}(?!\w)", line)]
    return max(named)[1] if named else issuer


def signer_officials(data: dict | None) -> list[dict]:
    """Each named signer of a read document (`AdminDocument.to_dict()`, as `doc._.admin` holds it) as
    an official record: (name, title, the agency it signs for), with the name's span."""
    if not data:
        return []
    out = []
    for s in data["signers"]:
        if not (s.get("name") and s.get("title")):
            continue
        start = s["name_start"] if s.get("name_start") is not None else s["start"]
        end = s["name_end"] if s.get("name_end") is not None else s["end"]
        org = signer_org(s.get("on_behalf_of"), s.get("outer"), data["issuer"], data.get("joint_with"), data["place"])
        rec = {"person": s["name"], "title": s["title"], "org": org,
               "start": start, "end": end, "former": False}
        if not any((o["person"], o["title"]) == (rec["person"], rec["title"]) for o in out):
            out.append(rec)
    return out


def may_be_document(text: str, folded: str | None = None) -> bool:
    """A cheap test: False only for a text `read_document` would read as None.

    Being read needs at least one of a "Số:" line, a ", ngày … tháng … năm"
    date, a type word in capitals or "V/v" in the title block's reach (the first
    `layout.HEADER_MAX` characters), or a "Nơi nhận" anywhere; this looks for
    these anchors alone, without reading any field. Each test is true whenever
    the finder it stands for could succeed, so the precheck changes no result;
    1,991 of 2,000 archive news articles show none of the anchors and skip the
    reader (scripts/bench_admin.py).
    """
    folded = fold(text) if folded is None else folded
    limit = min(len(text), L.HEADER_MAX)
    return (L.find_number(text, folded, limit)[0] is not None or L.may_have_date(folded, limit)
            or L.may_have_type_line(text, folded, limit) or L.may_have_vv(text, folded, limit)
            or L.may_have_noi_nhan(text, folded))


def read_document(text: str, precheck: bool = True) -> AdminDocument | None:
    """Read `text` as an administrative document; None when it is not one.

    A text counts as administrative when its title block shows the motto with
    a "Số:" line, a place-and-date line or a type line, or, with no motto, two
    of these three; a text with no title block but with "Nơi nhận" and a
    signature block (a delegation marker, or a title over a name) is read
    too, its header fields null with a warning. News articles show none of
    this and give None. Never raises on odd input: unsure fields are null.

    `may_be_document` first turns away, unread, texts that show none of the
    anchors; `precheck=False` reads every text in full, with the same result
    (the tests and scripts/bench_admin.py compare the two).
    """
    if not text or not text.strip():
        return None
    folded = fold(text)
    if precheck and not may_be_document(text, folded):
        return None
    body = BodyCase(text)
    h = read_header(text, body, folded)
    lay = h.layout
    evidence = sum(bool(x) for x in (lay.number_label and (lay.number or h.number_blank),
                                     lay.date_line and not lay.date_garbled,
                                     lay.type_line or lay.vv))
    # with no title block at all, the closing part is looked for from the top
    closing_from = lay.header_end if (lay.motto or evidence) else 0
    noi_nhan, luu = L.find_noi_nhan(text, folded, closing_from)
    signers = find_signers(text, closing_from, body,
                           lists=[(noi_nhan.start, noi_nhan.end)] if noi_nhan else [])
    headerless = False
    if not (lay.motto and evidence >= 1) and evidence < 2:
        # no title block: the closing alone shows a document, "Nơi nhận" and a
        # signature block with a delegation marker or a title over a name
        if not (noi_nhan and any(s.authority or (s.title and s.name) for s in signers)):
            return None
        headerless = True
    warnings = list(h.warnings)
    if headerless:
        warnings.insert(0, "no title block: header fields left null")
        h = Header(layout=L.Layout(), warnings=[])
        lay = h.layout
    if not signers:
        warnings.append("signers: no signature block found")
    if h.issuer_parent and (h.joint or _joint_signers(signers)):
        # two agencies issue a joint document together: neither is the other's parent
        warnings.append(f"issuer: joint document of {h.issuer_parent!r} and {h.issuer!r}; no parent given")
        h.issuer_parent, joint_with = None, h.issuer_parent
    else:
        joint_with = None
    refs = find_legal_refs(text, h.own_numbers | ({h.number} if h.number else set()))
    boiler = list(lay.motto)
    if lay.type_line:
        boiler.append(lay.type_line)
    if noi_nhan:
        label = re.match(r"N[ơo]i\s*nh[ậa]n\s*:?", text[noi_nhan.start:noi_nhan.end], re.I)
        boiler.append(L.Span(noi_nhan.start, noi_nhan.start + (label.end() if label else 8), "noi_nhan"))
    if luu:
        # "- Lưu: VT, ĐMDN (2b). … BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng": the
        # signature run into the line is not boilerplate
        cuts = [s.start for s in signers] + [s.name_start for s in signers if s.name_start is not None]
        end = min([luu.end] + [c for c in cuts if luu.start < c < luu.end])
        while end > luu.start and text[end - 1].isspace():
            end -= 1
        luu = L.Span(luu.start, end, "luu")
        boiler.append(luu)
    boiler.extend(L.find_da_ky(text))
    boiler.extend(L.find_enacting(text))
    parts = [s for s in (lay.number, lay.date_line, lay.vv, lay.kinh_gui) if s]
    parts += lay.subject + lay.issuer_lines
    if noi_nhan:
        parts.append(L.Span(noi_nhan.start, noi_nhan.end, "recipients"))
    for s in signers:
        parts.append(L.Span(s.start, s.end, "signature"))
    # the body runs from the title block (and "Kính gửi") to the closing part
    body_start = max(closing_from, lay.kinh_gui.end if lay.kinh_gui else 0)
    closing = [x for x in ([noi_nhan.start] if noi_nhan else []) + [s.start for s in signers] if x > body_start]
    body_end = min(closing) if closing else len(text)
    structure: list[Item] = []
    if body_end > body_start:
        parts.append(L.Span(body_start, body_end, "body"))
        structure = outline(text, body_start, body_end)
    return AdminDocument(
        doc_type=h.doc_type, number=h.number, number_blank=h.number_blank, issuer=h.issuer,
        issuer_parent=h.issuer_parent, place=h.place, date=h.date, subject=h.subject,
        signers=signers, recipients=_recipients(text, noi_nhan, luu) if noi_nhan else [],
        addressees=h.addressees, legal_refs=refs,
        boilerplate=sorted(boiler, key=lambda s: s.start),
        parts=sorted(parts, key=lambda s: s.start), structure=structure, warnings=warnings, joint_with=joint_with)


def _joint_signers(signers: list[Signer]) -> bool:
    """Signed by two bodies ("TM. …" twice): a joint document."""
    return sum(s.authority == "TM." or (s.outer or "").startswith("TM.") for s in signers) >= 2


def _recipients(text: str, noi_nhan: L.Span, luu: L.Span | None) -> list[str]:
    """The "Nơi nhận" items as printed, without the "Lưu" line and signature runs."""
    items: list[str] = []
    first = True
    for ls, le in L.lines(text, noi_nhan.start, noi_nhan.end):
        if luu and ls >= L.line_bounds(text, luu.start)[0]:
            break
        piece = list_item_text(text, ls, le)
        if first:
            piece = re.sub(r"^\s*N[ơo]i\s*nh[ậa]n\s*:?", "", piece, flags=re.I)
            first = False
        piece = piece.strip()
        if not piece:
            continue
        if piece[0] in "-–•+":
            items.append(piece.lstrip("-–•+ ").strip())
        elif items:
            items[-1] = items[-1] + " " + piece
        else:
            items.append(piece)
    return [re.sub(r"\s+", " ", i).strip(" ;,.") for i in items if i.strip(" ;,.")]
