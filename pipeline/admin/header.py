"""The title block's fields: issuer and parent, number, place and date, type, subject.

`layout` finds where each part is; this module turns the parts into values and
says, in `warnings`, whenever a value was left null because the text did not
allow a sure reading. Nothing is guessed: an unreadable day gives a null date,
a garbled number a null number.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import layout as L
from .recase import BodyCase, recase
from .legal_refs import NUMBER as REF_NUMBER
from .legal_refs import normalize_number as normalize_ref_number
from ..entities.tidy.vocabulary import _vietnamese_words
from .vocab import (CAPITALS, agencies, agency_heads, agency_heads_written, code_fixes, doc_types, fix_code, fold,
                    header_marks, is_caps_word, month_names, places, signer_titles, stamp_words, type_codes)


@dataclass
class Header:
    """Values read from the title block, with the spans they came from."""

    layout: L.Layout
    doc_type: str | None = None
    number: str | None = None
    number_blank: bool = False
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    addressees: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # a joint (liên tịch) document, by its type line
    joint: bool = False
    # the document's own number as printed, also when it was left null as
    # unreliable, and its misread self-citation: never LEGAL_REFs
    own_numbers: set[str] = field(default_factory=set)


_BLOCK_LINES = 5          # non-blank or blank lines above the motto that may hold the block
_RULE = re.compile(r"[-–—_=~*.]{3,}")


def read_header(text: str, body: BodyCase | None = None, folded: str | None = None) -> Header:
    """Find the title-block parts of `text` and read their values (`folded`: `fold(text)`, if at hand)."""
    folded = fold(text) if folded is None else folded
    limit = min(len(text), L.HEADER_MAX)
    lay = L.Layout()
    lay.motto = L.find_motto(folded, limit, text)
    lay.number_label, lay.number = L.find_number(text, folded, limit)
    floor = max([s.end for s in lay.motto] + [0])
    lay.date_line, lay.place, lay.date_parts, lay.date_garbled = L.find_date_line(
        text, folded, 0, limit, floor=0)
    if lay.place and lay.motto and any(s.start <= lay.place.start < s.end for s in lay.motto):
        lay.date_line, lay.place, lay.date_parts, lay.date_garbled = L.find_date_line(
            text, folded, 0, limit, floor=floor)
    ends = [s.end for s in lay.motto] + [s.end for s in (lay.number, lay.number_label, lay.date_line) if s]
    anchor = max(ends) if ends else 0
    body_start = L.find_body_start(text, anchor, limit)
    lay.type_line, type_word = L.find_type_line(text, folded, anchor, body_start)
    label_type = _label_type(text, folded, lay.number_label)
    vv_from = lay.number.end if lay.number else (lay.number_label.end if lay.number_label else anchor)
    lay.vv = L.find_vv(text, min(vv_from, anchor), body_start, folded)
    if lay.vv and lay.type_line and lay.vv.start < lay.type_line.start:
        lay.type_line, type_word = None, None     # a letter's V/v line, not a title
    if lay.type_line:
        body_start = L.body_start_under_type_line(text, lay.type_line.end, body_start, limit)
    h = Header(layout=lay, joint=L.is_joint_type_line(folded, lay.type_line))
    body = body or BodyCase(text)

    # issuer block
    block_end = min([s.start for s in (lay.number_label, lay.type_line, lay.date_line) if s]
                    + [limit, body_start])
    agencies_found = _issuer_names(text, lay, block_end, body)
    if agencies_found:
        h.issuer = agencies_found[-1]
        h.issuer_parent = agencies_found[-2] if len(agencies_found) > 1 else None
    else:
        h.warnings.append("issuer: no issuing block found")

    # number
    if lay.number:
        h.number, h.number_blank, ok = normalize_number(text[lay.number.start:lay.number.end])
        if not ok:
            h.warnings.append(f"number: unreadable ký hiệu {text[lay.number.start:lay.number.end]!r}")
            h.number = None
        else:
            h.own_numbers.add(h.number)
            other = None
            if not h.number_blank and lay.date_parts:
                other = _own_number_conflict(text, h.number, lay.number.end, lay.date_parts[0])
            if other:
                h.warnings.append(f"number: the document repeats its number differently ({other!r});"
                                  f" {h.number!r} left null")
                h.own_numbers.add(other)
                h.number = None
    elif lay.number_label:
        h.warnings.append("number: 'Số:' printed with no readable ký hiệu")
    else:
        h.warnings.append("number: no 'Số:' line")

    # place and date
    if lay.place:
        h.place = text[lay.place.start:lay.place.end]
        # OCR drops accents ("Ha Nội"): a known place name gives its spelling
        h.place = places().get(fold(h.place), h.place)
    if lay.date_line:
        h.date, why = iso_date(lay.date_parts)
        if why:
            h.warnings.append("date: " + why)
            if why != "day or month blank" and h.number and not h.number_blank:
                again = _date_of_self_citation(text, folded, h.number, lay.number.end if lay.number else 0)
                if again:
                    h.date = again
                    h.warnings.append(f"date: {again} read where the document cites its own number")
    else:
        h.warnings.append("date: no place-and-date line in the title block")

    # type
    if type_word:
        h.doc_type = type_word
    elif label_type:
        h.doc_type = label_type
    elif lay.vv:
        h.doc_type = "công văn"
    else:
        h.doc_type = _type_from_code(h.number)
        if h.doc_type is None and h.number and re.fullmatch(r"\d+/[" + CAPITALS + r"][\w-]*", h.number):
            # Nghị định 30/2020, Phụ lục III: only a công văn's ký hiệu is the
            # agency abbreviations alone ("123/BTC-TCHQ"), with no type code
            h.doc_type = "công văn"
        if h.doc_type is None:
            h.warnings.append("doc_type: no type line")

    # subject
    start = lay.type_line.end if lay.type_line else (lay.vv.end if lay.vv else None)
    if lay.type_line is not None:
        # a qualifier printed with the type ("BÁO CÁO NHANH", "BÁO CÁO TÓM TẮT") is no subject
        eol = text.find("\n", start)
        eol = len(text) if eol < 0 else eol
        if fold(text[start:eol]).strip(" .:") in _TYPE_QUALIFIERS:
            start = eol
    if start is not None:
        authority = [fold(a) for a in agencies_found]
        stops = tuple(s.start for s in (lay.date_line, lay.number_label) if s and s.start > start)
        lay.subject = subject_spans(text, start, body_start, authority, stops)
        if lay.subject:
            raw = " ".join(text[s.start:s.end] for s in lay.subject)
            raw = re.sub(r"\s+", " ", raw).strip(" .;:-–")
            if not _mostly_caps(raw):
                raw = _drop_stamp_runs(raw)
            h.subject = recase(raw, body) if raw else None
            if h.subject:
                h.subject = h.subject[0].upper() + h.subject[1:]
            if lay.type_line and h.subject and re.match(r"(?i)v\s?/\s?v\b", h.subject):
                h.subject = "V/v" + h.subject[3:]
    if h.subject is None:
        h.warnings.append("subject: not found")
    if body_start < limit:
        lay.header_end = max([body_start] + [s.end for s in lay.subject])
    else:
        # no body opening found: the title block ends with its last part, so
        # that a short letter's signature is still searched after it
        lay.header_end = max([anchor] + [s.end for s in lay.subject]
                             + [s.end for s in (lay.type_line, lay.vv) if s])
    # letters open with "Kính gửi:", telegrams with "THỦ TƯỚNG CHÍNH PHỦ điện:"
    kg = re.compile(r"K[íi]nh g[ửu]i\s*:?|(?<=\s)điện\s*:").search(text, anchor, min(len(text), body_start + 400))
    if kg:
        lay.kinh_gui, h.addressees = _addressees(text, kg.start(), kg.end())
    return h


_ADDRESSEE_LINE = 200   # an undashed list item longer than this is body text, not an addressee


def _addressees(text: str, start: int, after: int) -> tuple[L.Span, list[str]]:
    """"Kính gửi: A." on its line, or "Kính gửi:" over a list of "- A;" lines, or, alone on its line,
    over undashed lines ("Sở Nội vụ;"), the list running while a line ends with ";" or ","."""
    _, le = L.line_bounds(text, start)
    segs = L.segments(text, after, le)
    items = [text[a:b] for a, b in segs[:1]]
    end = segs[0][1] if segs else after
    alone, previous = not segs, None
    for ls, ln_end in L.lines(text, le + 1, min(len(text), le + 1500)):
        line = text[ls:ln_end].strip()
        listed = line.startswith(("-", "–", "+", "•"))
        undashed = (alone and line and len(line) <= _ADDRESSEE_LINE
                    and (previous is None or previous.endswith((";", ","))))
        if not (listed or undashed):
            break
        alone = alone and not listed   # a dashed list is not followed by undashed items
        seg = L.segments(text, ls, ln_end)[0]
        items.append(text[seg[0]:seg[1]].lstrip("-–+• "))
        end, previous = seg[1], line
    out = [a.strip(" .;,") for item in items for a in item.split(";") if a.strip(" .;,")]
    return L.Span(start, end, "kinh_gui"), out


def _label_type(text: str, folded: str, label: L.Span | None) -> str | None:
    """"Nghị quyết số: 96/2023/QH15": the type printed in the number label."""
    if label is None:
        return None
    ls, _ = L.line_bounds(text, label.start)
    before = folded[max(ls, label.start - 20):label.start].strip()
    for key, value in sorted(_types().items(), key=lambda kv: -len(kv[0])):
        if before.endswith(key):
            return value
    return None


def _types() -> dict[str, str]:
    return doc_types()


def _type_from_code(number: str | None) -> str | None:
    """The type from the ký hiệu ("/QĐ-UBND" is a quyết định); None if no code matches."""
    if not number:
        return None
    parts = re.split(r"[/-]", number)
    codes = type_codes()
    for p in parts[1:]:
        if p in codes:
            return codes[p]
    return None


# ---- issuer -----------------------------------------------------------------

def _issuer_names(text: str, lay: L.Layout, end: int, body: BodyCase) -> list[str]:
    """The agencies of the issuing block, top to bottom, in normal capitalisation."""
    pieces: list[tuple[int, int]] = []
    motto = [(s.start, s.end) for s in lay.motto]
    # the issuing block sits beside the motto, a few lines at most: stamps and
    # e-signature notes printed higher up are not part of it
    first = min([s.start for s in lay.motto] + [s.start for s in (lay.number_label, lay.date_line) if s]
                + [end])
    top = L.line_bounds(text, first)[0]
    for _ in range(_BLOCK_LINES):
        if top == 0:
            break
        top = L.line_bounds(text, top - 1)[0]
    motto += [(s.start, s.end) for s in L.find_motto_fragments(text, fold(text[:end]), end)
              if not any(a <= s.start < b for a, b in motto)]
    for ls, le in L.lines(text, top, end):
        for a, b in L.segments(text, ls, le):
            for ra, rb in _cut(text, a, b, motto):
                for ca, cb in _numbered_runs(text, L.caps_runs(text, ra, rb), rb):
                    piece = _RULE.sub(" ", text[ca:cb]).strip(" .,:;-–—_|")
                    if not piece or fold(piece) in header_marks():
                        continue
                    if any(c.isdigit() for c in _NAME_NUMBER.sub("", piece)) or re.search(r"[^\w\s,.&()\-–—]", piece):
                        continue      # numbers and stamp residue are not agency names
                    pieces.append((ca, cb))
    lay.issuer_lines = [L.Span(a, b, "issuer_line") for a, b in pieces]
    names = [re.sub(r"\s+", " ", _RULE.sub(" ", text[a:b])).strip(" .,:;-–—_|") for a, b in pieces]
    names = [n for n in names if sum(c.isalpha() for c in n) >= 3]
    split: list[str] = []
    for n in names:
        split.extend(split_agencies(n))
    joined = _join_wrapped(split, body)
    return [_canonical_agency(n, body) for n in joined]


# a number that is part of an agency's name, between or after words in capitals ("BAN CHỈ ĐẠO 389 TỈNH",
# "BỆNH VIỆN QUÂN Y 108")
_NAME_NUMBER = re.compile(r"(?<=\w )\d{1,4}(?= \w|$)")


def _numbered_runs(text: str, runs: list[tuple[int, int]], end: int) -> list[tuple[int, int]]:
    """Runs of capitals with a bare number of their name joined back: caps_runs parts them at it."""
    out: list[list[int]] = []
    for a, b in runs:
        if out and re.fullmatch(r" \d{1,4} ", text[out[-1][1]:a]):
            out[-1][1] = b
        else:
            out.append([a, b])
    for run in out:
        m = re.match(r" \d{1,4}(?=\s*$)", text[run[1]:end])
        if m:
            run[1] += m.end()
    return [(a, b) for a, b in out]


def _cut(text: str, a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """text[a:b] minus the motto spans and rules inside it."""
    out, pos = [], a
    for ha, hb in sorted(holes):
        if hb <= a or ha >= b:
            continue
        if ha > pos:
            out.append((pos, ha))
        pos = max(pos, hb)
    if pos < b:
        out.append((pos, b))
    return out


def _head_at(folded_words: list[str], i: int) -> int:
    """Length in words of the agency head word starting at word i (0 if none)."""
    for head in agency_heads():
        hw = head.split()
        if folded_words[i:i + len(hw)] == hw:
            return len(hw)
    return 0


_SELF_HEADS = {"quoc hoi", "chinh phu"}


def split_agencies(name: str) -> list[str]:
    """Cut a run-together block ("BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN") into its agencies.

    A cut goes before a head word when the part before it is a known agency or
    a head followed by at least one more word; a name known as a whole (from
    the agency list) is never cut.
    """
    words = name.split()
    fw = [fold(w).strip(",.") for w in words]
    if " ".join(fw) in agencies():
        return [name]
    lw = [w.lower().strip(",.") for w in words]
    accented = fold(name).lower() != name.lower()   # OCR that lost every accent is matched folded
    for i in range(1, len(words)):
        k = _head_at(fw, i)
        if not k or (accented and " ".join(lw[i:i + k]) not in agency_heads_written()):
            continue   # "YÊN PHONG" has the letters of "Phòng", not the word
        if k == 1 and f"{lw[i - 1]} {lw[i]}" in _vietnamese_words():
            continue   # "SỞ NỘI VỤ": "nội vụ" is one word, not "Sở Nội" and "Vụ"
        left = " ".join(fw[:i])
        if left in agencies() and " ".join(fw) not in agencies():
            return [" ".join(words[:i])] + split_agencies(" ".join(words[i:]))
        k0 = _head_at(fw, 0)
        if k0 and (i > k0 or left in _SELF_HEADS) and not _inside_known(fw, i):
            return [" ".join(words[:i])] + split_agencies(" ".join(words[i:]))
    return [name]


def _inside_known(fw: list[str], i: int) -> bool:
    """True when a known agency spans the cut point (e.g. "ỦY BAN THƯỜNG VỤ | QUỐC HỘI")."""
    for a in range(0, i):
        for b in range(i + 1, len(fw) + 1):
            if " ".join(fw[a:b]) in agencies():
                return True
    return False


def _join_wrapped(names: list[str], body: BodyCase) -> list[str]:
    """Join a name wrapped over two lines ("ỦY BAN THƯỜNG VỤ" / "QUỐC HỘI")."""
    out: list[str] = []
    for n in names:
        if out:
            prev = out[-1]
            joined = prev + " " + n
            fj = fold(joined)
            starts_head = _head_at([fold(w) for w in n.split()], 0) > 0
            if fj in agencies() or not starts_head or (
                    fold(prev) not in agencies() and body.find(joined) is not None
                    and fold(n) not in agencies()):
                out[-1] = joined
                continue
        out.append(n)
    return out


def _canonical_agency(name: str, body: BodyCase) -> str:
    """Known spelling for a known agency (also when OCR lost the accents), else recased."""
    f = fold(name)
    if f in agencies():
        return agencies()[f]
    return recase(name, body)


# ---- number -------------------------------------------------------------------

_CAP = "[" + CAPITALS + "]"
_CODE = "[" + CAPITALS + "a-zđ0-9]*"
_THOUSANDS = r"\d{1,3}(?:\.\d{3})+"        # "2.345/QĐ-UBND"
_NUMBER_OK = re.compile(r"(" + _THOUSANDS + r"|\d+[a-z]?)?(/\d{4})?/" + _CAP + _CODE
                        + "([-–/][" + CAPITALS + "0-9]" + _CODE + ")*"
                        r"|\d+[-–]" + _CAP + _CODE + "/" + _CAP + _CODE)


def normalize_number(raw: str) -> tuple[str, bool, bool]:
    """(number, blank, readable): spaces around "/" and "-" removed, OCR'd codes repaired.

    "Số: /BC-UBND" keeps "/BC-UBND" with blank=True; "4555+ /BTC" is unreadable.
    """
    s = re.sub(r"\s*([/\-–])\s*", r"\1", raw.strip()).replace("–", "-")
    s = fix_code(s)
    blank = s.startswith("/")
    return s, blank, bool(_NUMBER_OK.fullmatch(s))


def _own_number_conflict(text: str, number: str, after: int, day: str) -> str | None:
    """The later self-citation whose number is one digit off, or None.

    An annex heading repeats the document's own number ("Kèm theo Quyết định
    số 2223/QĐ-TTg"); when OCR reads it with different digits, either copy may
    be the misread one, so neither is trusted. Only a mention dated the same
    day counts: a neighbouring number of the same series ("Công điện số 186"
    cited by 188) is another document.
    """
    m = re.match(r"(\d+)(/.*)", number)
    if not m:
        return None
    digits, suffix = m.groups()
    pat = re.compile(r"s[ốoô6]\s*:?\s*([0-9][^\s/]{0,6})\s*(/\s*\S+)\s+ng[àa]y\s+(\S+)")
    for c in pat.finditer(text, after):
        d2, suf2 = c.group(1), fix_code(re.sub(r"\s+", "", c.group(2)))
        if c.group(3).lstrip("0") != day.strip().lstrip("0"):
            continue
        if suf2.rstrip(".,;)") != suffix or d2 == digits or len(d2) != len(digits):
            continue
        mism = sum(1 for x, y in zip(digits, d2) if x != y and y.isdigit())
        if mism <= 1:
            return d2 + suf2.rstrip(".,;)")
    return None


# ---- date ---------------------------------------------------------------------

_SELF_DATE = re.compile(r"\s*,?\s*ng[a-z]y\s+(\d{1,2})\s+th[a-z]{3,4}\s+(\d{1,2})\s+n[a-z]{1,2}m\s+(\d{4})")


def _date_of_self_citation(text: str, folded: str, number: str, after: int) -> str | None:
    """The date printed where the document cites its own number again.

    An annex heading restates the document ("Kèm theo Quyết định số 143/QĐ-…
    ngày 08 tháng 10 năm 2025"): when OCR garbled the date line but this copy
    reads cleanly, it is the same printed date, not a guess. Only a readable,
    possible date is taken.
    """
    for m in REF_NUMBER.finditer(text, after):
        if normalize_ref_number(m.group()) != number:
            continue
        d = _SELF_DATE.match(folded, m.end())
        if d:
            iso, why = iso_date((d.group(1), d.group(2), d.group(3)))
            if iso:
                return iso
    return None


def iso_date(parts: tuple[str, str, str] | None) -> tuple[str | None, str | None]:
    """ISO date from the (day, month, year) of the date line, or None and why."""
    if parts is None:
        return None, "date line unreadable"
    d, m, y = (p.strip(" .,") for p in parts)
    if not d or not m:
        return None, "day or month blank"
    m = str(month_names().get(" ".join(fold(m).split()), m))      # "tháng Ba"
    if not (d.isdigit() and m.isdigit() and y.isdigit() and len(y) == 4):
        return None, f"unreadable date ({d!r}, {m!r}, {y!r})"
    di, mi, yi = int(d), int(m), int(y)
    if not (1 <= di <= 31 and 1 <= mi <= 12 and 1945 <= yi <= 2100):
        return None, f"impossible date ({d}/{m}/{y})"
    try:
        return datetime.date(yi, mi, di).isoformat(), None
    except ValueError:
        return None, f"impossible date ({d}/{m}/{y})"


# ---- subject ------------------------------------------------------------------

# words printed after the type word on its own line that qualify the type, not the subject
_TYPE_QUALIFIERS = frozenset({"nhanh", "tom tat", "so ket", "tong ket", "dinh ky", "dot xuat", "chuyen de",
                              "bo sung", "giai trinh", "tong hop",
                              # "KẾT LUẬN THANH TRA" (an inspectorate's conclusion, "38/KL-TTr"), "... KIỂM TRA"
                              "thanh tra", "kiem tra", "giam sat"})

_SEPARATOR = re.compile(r"^[\s\-–—_=~*.|]*$")


def _authority_line(line: str) -> bool:
    """"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "CHÍNH PHỦ":
    the line naming who decides, printed under a capitals title."""
    fw = [fold(w).strip(",.:;") for w in line.split()]
    joined = " ".join(fw)
    if joined in agencies():
        return True
    titles = signer_titles()
    return any(" ".join(fw[:k]) in titles for k in range(1, min(len(fw), 6) + 1))


def _lower_next(text: str, pos: int, limit: int) -> bool:
    """True when the next non-blank line goes on in lower case (a wrapped title)."""
    m = re.compile(r"\s*(\S)").match(text, pos, limit)
    return bool(m) and m.group(1).islower()


def subject_spans(text: str, start: int, body_start: int, authority: list[str],
                  stops: tuple[int, ...] = ()) -> list[L.Span]:
    """The subject's line pieces, from just after the type word (or V/v).

    The subject ends at a blank line, a rule, the opening of the body ("Căn
    cứ", "Kính gửi"), the authority line that repeats the issuer in capitals,
    a column break, or, for a mixed-case subject, a line printed in capitals.
    """
    out: list[L.Span] = []
    pos = start
    caps_subject = None
    n = len(text)
    limit = min(n, max(body_start, start) + 1500)
    while pos < limit:
        ls, le = L.line_bounds(text, pos)
        a = max(ls, pos)
        segs = [s for s in L.segments(text, a, le, wide_gaps=False) if s[1] > a]
        seg = segs[0] if segs else (a, a)
        piece_a, piece_b = seg
        line_text = text[piece_a:piece_b]
        nxt = le + 1
        if not line_text.strip() or _SEPARATOR.match(line_text):
            if out and not (caps_subject is False and _lower_next(text, nxt, limit)):
                break
            pos = nxt
            continue
        if fold(line_text.strip()) in header_marks():
            pos = nxt
            continue
        if piece_a >= body_start or (out and L.is_body_starter(line_text)):
            break
        # a draft mark before the subject ("DỰ THẢO Dự án Luật …") is not part of it
        mark = _leading_mark(text, piece_a, piece_b)
        if mark > piece_a and not out:
            piece_a = mark
        # a body starter or a rule inside the same line ends the subject there;
        # one that opens the subject ("V/v Thực hiện …") belongs to it
        m = L.mid_line_stop(text, piece_a + (0 if out else 1), piece_b)
        if m is not None and m > piece_a:
            piece_b = m
        elif m is not None:
            break
        for stop in (body_start, *stops):
            if piece_a <= stop < piece_b:
                piece_b = stop
        caps_line = _mostly_caps(text[piece_a:piece_b])
        if caps_subject is False and text[piece_a:piece_b][:1].islower():
            caps_line = False      # a wrapped line going on in lower case
        if caps_subject is None:
            caps_subject = caps_line
        elif caps_line != caps_subject:
            break
        if out and caps_line and _authority_line(text[piece_a:piece_b]):
            break
        if out and _sentence_line(text[piece_a:piece_b]):
            break      # a full sentence ("Tổng thu ... đạt 80% dự toán.") is the body, not a wrapped subject
        piece_a, piece_b = _trim_authority(text, piece_a, piece_b, authority, first=not out)
        if piece_b <= piece_a:
            break
        out.append(L.Span(piece_a, piece_b, "subject"))
        if piece_b < le and text[piece_b:le].strip():
            break      # something else follows on this line: the subject ended here
        if not caps_subject and len(out) >= 1 and len(line_text) > 160:
            break
        pos = nxt
    return out


def _drop_stamp_runs(s: str) -> str:
    """Drop a stamp OCR read into a mixed-case title.

    "… Cảng hàng CONG THANG IX BIEN TU CHÍNH PHỦ không quốc tế": a run of three
    or more capitals words, at least half of them words of a known stamp
    (data/stamps.txt), is the e-portal stamp, not the title; "QUY CHẾ LÀM
    VIỆC" or "ASEAN WTO APEC" stay.
    """
    words = s.split()
    keep, run = [], []

    def flush():
        """Keep the pending capitals run unless it reads as a stamp."""
        hits = sum(fold(w).strip(".,;:") in stamp_words() for w in run)
        if len(run) >= 3 and 2 * hits >= len(run):
            run.clear()
            return
        keep.extend(run)
        run.clear()

    for w in words:
        if is_caps_word(w) and not any(c.isdigit() for c in w):
            run.append(w)
        else:
            flush()
            keep.append(w)
    flush()
    return " ".join(keep)


def _leading_mark(text: str, a: int, b: int) -> int:
    """Offset after a draft or urgency mark that opens text[a:b] ("DỰ THẢO"), else a."""
    runs = L.caps_runs(text, a, b)
    if runs and runs[0][0] == a:
        words = text[runs[0][0]:runs[0][1]].split()
        for k in range(len(words), 0, -1):
            if fold(" ".join(words[:k])) in header_marks():
                m = re.compile(r"\S+(?:\s+\S+){%d}\s*" % (k - 1)).match(text, a, b)
                return m.end() if m else a
    return a


def _sentence_line(s: str) -> bool:
    """A line that reads as a sentence of the body: opens with a capital and a lower-case
    letter ("Tổng ...") and ends with a full stop. A subject wraps mid-phrase and has no stop."""
    s = s.strip()
    return len(s) > 1 and s[0].isupper() and s[1].islower() and s.endswith(".") and not s.endswith("..")


def _mostly_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _trim_authority(text: str, a: int, b: int, authority: list[str], first: bool) -> tuple[int, int]:
    """Drop a trailing "[TITLE] ISSUER" authority line run into the subject line."""
    piece = text[a:b]
    if not any(c.isupper() for c in piece):
        return a, b
    words = list(re.finditer(r"\S+", piece))
    fw = [fold(w.group()).strip(",.:;") for w in words]
    for auth in sorted(authority, key=len, reverse=True):
        aw = auth.split()
        if len(aw) == 0 or len(fw) < len(aw):
            continue
        for k in range(len(fw) - len(aw), -1, -1):
            if fw[k:k + len(aw)] == aw and k + len(aw) == len(fw) and is_caps_word(
                    "".join(w.group() for w in words[k:])):
                cut = k
                # a title printed before the issuer ("TỔNG CỤC TRƯỞNG TỔNG CỤC HẢI QUAN")
                for t in sorted(signer_titles(), key=len, reverse=True):
                    tw = t.split()
                    if cut >= len(tw) and fw[cut - len(tw):cut] == tw:
                        cut -= len(tw)
                        break
                if cut == 0:
                    return a, a
                return a, a + words[cut - 1].end()
    return a, b
