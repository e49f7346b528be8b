"""Where the standard parts of an administrative document sit in the text.

Nghị định 30/2020/NĐ-CP fixes one layout: the issuing block (parent agency
above the issuer) left and the national motto right, the "Số:" line left and
the place-and-date line right, the type word and the subject centred, then
"Kính gửi", the body, "Nơi nhận" left and the signature block right. The same
layout reaches us in several shapes: lines run together on one line (web
copies), the two columns interleaved line by line (PDF and pandoc tables), hard
line breaks mid-sentence, and OCR noise. So the parts are found by anchors
(the motto, "Số:", ", ngày … tháng … năm", the type word in capitals) rather
than by line numbers, and every part is a span of the input text as given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vocab import CAPITALS, body_starters, doc_types, fold, is_caps_word, month_names, motto_caps, motto_lines

HEADER_MAX = 3000        # the title block never runs longer than this
_VOWELS = "aeiouy"


@dataclass(frozen=True)
class Span:
    """A part of the document: [start, end) into the input text, and what it is."""

    start: int
    end: int
    kind: str


@dataclass
class Layout:
    """The spans of the standard parts, found before any field is parsed."""

    motto: list[Span] = field(default_factory=list)
    issuer_lines: list[Span] = field(default_factory=list)
    number_label: Span | None = None
    number: Span | None = None
    date_line: Span | None = None
    place: Span | None = None
    date_parts: tuple[str, str, str] | None = None
    date_garbled: bool = False
    type_line: Span | None = None
    type_word: str | None = None
    vv: Span | None = None
    subject: list[Span] = field(default_factory=list)
    kinh_gui: Span | None = None
    header_end: int = 0
    noi_nhan: Span | None = None
    luu: Span | None = None
    da_ky: list[Span] = field(default_factory=list)


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The physical line around `pos`, without its newline."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Physical lines of text[start:end] as (start, end), newline excluded."""
    end = len(text) if end is None else end
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


_COLUMN_BREAK = re.compile(r"\t+|\s*\|\s*| {3,}")
_HARD_BREAK = re.compile(r"\t+|\s*\|\s*")


def segments(text: str, start: int, end: int, wide_gaps: bool = True) -> list[tuple[int, int]]:
    """Column pieces of one line: cut at tabs, table pipes and wide gaps, trimmed.

    A two-column header or signature block printed side by side reaches the
    text as one line with a tab, a pipe (pandoc tables) or a run of spaces
    between the columns.
    """
    out, pos = [], start
    for m in (_COLUMN_BREAK if wide_gaps else _HARD_BREAK).finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [t for t in (_trim(text, a, b) for a, b in out) if t[1] > t[0]]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_TOKEN = re.compile(r"\S+")


def caps_runs(text: str, start: int, end: int, min_letters: int = 2) -> list[tuple[int, int]]:
    """Maximal runs of words printed in capitals inside text[start:end].

    Title lines, agency lines and the type word are printed in capitals; when
    lines run together or columns interleave, these runs are what is left of
    the line structure. Punctuation-only tokens ("-", ",") may sit inside a run.
    """
    runs, cur = [], None
    for m in _TOKEN.finditer(text, start, end):
        tok = m.group()
        core = tok.strip(".,;:()[]\"'“”")
        if core and is_caps_word(core):
            cur = [m.start(), m.end()] if cur is None else [cur[0], m.end()]
        elif cur is not None and not any(c.isalnum() for c in tok):
            continue
        else:
            if cur:
                runs.append(tuple(cur))
            cur = None
    if cur:
        runs.append(tuple(cur))
    out = []
    for a, b in runs:
        a, b = _trim(text, a, b)
        while b > a and (text[b - 1] in ",;:-–—_=~*(|" or text[b - 1].isspace()):
            b -= 1
        if sum(c.isalpha() for c in text[a:b]) >= min_letters:
            out.append((a, b))
    return out


def _fuzzy_words(line: str) -> str:
    """A regex for a folded line that lets OCR swap a vowel or drop a space."""
    parts = []
    for word in line.split():
        if word in "-–—":
            parts.append(r"[-.~]?")
            continue
        parts.append("".join(f"[{_VOWELS}]" if c in _VOWELS else re.escape(c) for c in word))
    return r"[\s.,:]*".join(parts)


_MOTTO = None


def _motto_patterns() -> list[re.Pattern]:
    global _MOTTO
    if _MOTTO is None:
        _MOTTO = [re.compile(_fuzzy_words(m)) for m in motto_lines()]
    return _MOTTO


def find_motto(folded: str, limit: int, text: str | None = None) -> list[Span]:
    """The motto lines in the title block (accent-insensitive, OCR-tolerant).

    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" counts only in capitals when `text`
    is given: running text that names the country or the Party is not a motto.
    """
    out = []
    for pat, caps in zip(_motto_patterns(), motto_caps()):
        for m in pat.finditer(folded, 0, limit):
            if caps and text is not None and not _mostly_upper(text[m.start():m.end()]):
                continue
            out.append(Span(m.start(), m.end(), "motto"))
            break
    return sorted(out, key=lambda s: s.start)


def _mostly_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


_MOTTO_PIECE = None
_DISTINCT_PAIRS = {"cong hoa", "chu nghia", "nghia viet", "doc lap", "hanh phuc", "cong san"}


def find_motto_fragments(text: str, folded: str, limit: int) -> list[Span]:
    """Column pieces holding two consecutive motto words, when OCR broke the rest.

    A garbled motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆ, NAM") must not be read as
    part of the issuing block printed beside it.
    """
    global _MOTTO_PIECE
    if _MOTTO_PIECE is None:
        pairs = set()
        for m in motto_lines():
            words = [w for w in m.split() if w not in "-–—"]
            for i in range(len(words) - 1):
                pair = words[i:i + 2]
                # word pairs agency names share ("xã hội", "tự do") are not evidence
                if " ".join(pair) in _DISTINCT_PAIRS:
                    pairs.add(r"\s*".join(map(re.escape, pair)))
        _MOTTO_PIECE = re.compile(r"(?<![a-z])(?:" + "|".join(sorted(pairs)) + r")(?![a-z])")
    out = []
    longest = max(len(m) for m in motto_lines()) + 4
    for m in _MOTTO_PIECE.finditer(folded, 0, limit):
        ls, le = line_bounds(text, m.start())
        for a, b in segments(text, ls, le):
            if a <= m.start() < b:
                # the rest of the motto line, never more: an agency may follow
                # on the same line when the columns run together
                out.append(Span(m.start(), min(b, m.start() + longest), "motto_fragment"))
    return out


_NUMBER_LABEL = re.compile(r"(?<![a-z0-9])s[o0-9]\s?:")
_NUMBER_VALUE = re.compile(
    r"[ \t]*(?P<v>(?:\d{1,3}(?:\.\d{3})+)?"      # thousands grouped with dots: "2.345/QĐ-UBND"
    r"[0-9" + CAPITALS + r"a-zđ+#*¢]*[ ]{0,12}/[ ]?[0-9" + CAPITALS + r"a-zđ][0-9" + CAPITALS
    + r"a-zđ\-–/ ]*?|[0-9]+[-–][" + CAPITALS + r"]+/[" + CAPITALS + r"]+)(?=\s|$|[,;.](?:\s|$))")


_NUMBER_LABEL_BARE = re.compile(r"(?<![a-z0-9])s[o0-9](?=[ \t]+\d+[ \t]*[-/])")


def _opens_piece(text: str, pos: int) -> bool:
    """True when pos starts a line or a column piece (after a tab, pipe or wide gap)."""
    before = text[line_bounds(text, pos)[0]:pos]
    return not before.strip() or bool(re.search(r"(\t|\||   )\s*$", before))


def _labels_own_number(text: str, folded: str, pos: int) -> bool:
    """A "số:" at `pos` labels the document's own number: printed "Số:", or opening a line or a
    column, alone or after the type word ("Nghị quyết số: 96/2023/QH15" under the motto). A news
    sentence citing a document writes it mid-line ("(theo Công văn số: 2230/UBND-KTN, ngày ...)",
    "Khoản 1 Điều 22 Nghị định số: 29/2012/NĐ-CP")."""
    if text[pos] == "S" or _opens_piece(text, pos):
        return True
    start = line_bounds(text, pos)[0]
    before = folded[start:pos].rstrip()
    for word in sorted(doc_types(), key=len, reverse=True):
        if before.endswith(word) and (len(before) == len(word) or not before[-len(word) - 1].isalnum()):
            head = start + len(before) - len(word)
            return _opens_piece(text, head) or bool(re.search(r"[-_]{3,}\s*$", text[start:head]))
    return False


def find_number(text: str, folded: str, limit: int) -> tuple[Span | None, Span | None]:
    """The "Số:" label and the ký hiệu after it (value span may be None).

    Party documents print "Số 15-NQ/TU" with no colon; that form is taken
    only when nothing carries the colon, and only before a ký hiệu.
    """
    found = next((m for m in _NUMBER_LABEL.finditer(folded, 0, limit) if _labels_own_number(text, folded, m.start())),
                 None)
    if found is None:
        bare = _NUMBER_LABEL_BARE.search(folded, 0, limit)
        while bare and not (text[bare.start()] == "S" and _opens_piece(text, bare.start())):
            bare = _NUMBER_LABEL_BARE.search(folded, bare.end(), limit)
        if bare and _NUMBER_VALUE.match(text, bare.end()):
            label = Span(bare.start(), bare.end(), "number_label")
            v = _NUMBER_VALUE.match(text, bare.end())
            return label, Span(v.start("v"), v.end("v"), "number")
    for m in ([found] if found else []):
        label = Span(m.start(), m.end(), "number_label")
        v = _NUMBER_VALUE.match(text, m.end())
        if not v:
            return label, None
        a, b = v.start("v"), v.end("v")
        # a number never contains a space after its code: cut "435/QĐ-UBND Kon"
        val = text[a:b]
        cut = re.match(r"[^/]*/\s?\S+", val)
        if cut:
            b = a + cut.end()
        return label, Span(a, b, "number")
    return None, None


_DATE = None


def _date_words() -> re.Pattern:
    """"ngày … tháng … năm …" with any printed day, month and year (OCR garbles them)."""
    global _DATE
    if _DATE is None:
        # a month in words of two words ("tháng Mười Hai"); one word fits the plain group
        two = "|".join(r"\s+".join(map(re.escape, w.split())) for w in month_names() if " " in w)
        _DATE = re.compile(
            r"ng[a-z]y(?![a-z])\s*(?P<d>[^\s]{0,4}?)\s+th\S{2,4}(?<![0-9])\s*(?P<m>" + two + r"|[^\s]{0,5}?)\s+"
            r"n\S{1,3}(?<![0-9])(?:\s*(?=[0-9])|[ \t]*)(?P<y>[0-9][^\s,;.]{0,5}|[^\s]{0,6}?)(?=[\s,;.]|$)")
    return _DATE


# "ngày 05/3/2024", "05-3-2024", "05.03.2024": one separator, used twice
_NUMERIC_DATE = re.compile(r"(?:ng[a-z]y(?![a-z])\s*)?(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)"
                           r"\s*(?P<y>\d{4})(?![\d/.-]\d)")
# where a date line's date opens: after the place's comma, or after the place
# and a plain space before "ngày" (a bare form, checked harder in find_date_line)
_NGAY = re.compile(r",\s*(?=ng[a-z]y(?![a-z])|\d{1,2}\s*[/.-])|(?<=[a-z.])[ \t]+(?=ng[a-z]y(?![a-z]))")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def _date_at(folded: str, pos: int) -> re.Match | None:
    """The date written in words or in figures at `pos`, "ngày" included."""
    return _date_words().match(folded, pos) or _NUMERIC_DATE.match(folded, pos)


def find_date_line(text: str, folded: str, start: int, limit: int, floor: int = 0):
    """The "<place>, ngày … tháng … năm …" line: (line span, place span, (d, m, y), garbled).

    Only the title block is searched: the closing formula of a resolution
    ("thông qua ngày …") is not the date line and leaves the date null. A
    line whose place is unreadable still gives its date when the date reads
    cleanly; one whose date does not read gives a null date and `garbled`.
    The date may be in figures ("ngày 05/3/2024"). Without the comma ("Hà
    Giang ngày 5 …") or without "ngày" ("Hà Giang, 5/3/2024") the line is
    taken only when the place opens its line or column piece and the date,
    readable, closes it: "Sáng ngày 5 tháng 3 năm 2024, tại …" is a sentence.
    """
    for m in _NGAY.finditer(folded, start, limit):
        comma = m.start()
        place = _place_before(text, comma, floor)
        dm = _date_at(folded, m.end())
        loose = folded[comma] != "," or not folded.startswith("ng", m.end())
        if loose and not (place and dm and _YEAR.fullmatch(dm.group("y"))
                          and _opens_piece(text, place.start) and _closes_piece(text, dm.end())):
            continue
        if place is None and (dm is None or not _YEAR.fullmatch(dm.group("y"))):
            continue
        if dm is None:
            _, le = line_bounds(text, comma)
            y = _YEAR.search(folded, m.end(), min(le, m.end() + 45))
            end = y.end() if y else m.end()
            return Span(place.start, end, "date_line"), place, None, True
        parts = (text[dm.start("d"):dm.end("d")], text[dm.start("m"):dm.end("m")],
                 text[dm.start("y"):dm.end("y")])
        line_start = place.start if place else comma
        return Span(line_start, dm.end(), "date_line"), place, parts, False
    return None, None, None, False


def _closes_piece(text: str, pos: int) -> bool:
    """True when only a full stop, spaces or a column break follow `pos` on its line."""
    _, le = line_bounds(text, pos)
    after = text[pos:le]
    return not after.strip(" \t.") or bool(re.match(r"\.?(?:\t|\s*\||   )", after))


_PLACE_TOKEN = re.compile(r"[^\s,]+")


_PLACE_LOWER = {"phố", "xã", "trấn", "thị", "nội"}


def _place_before(text: str, comma: int, floor: int = 0) -> Span | None:
    """The capitalised words just before ", ngày" on the same line and column.

    Lower-case words are kept only inside a place name ("Thành phố Hồ Chí
    Minh", "Hà nội"), hyphens only between names ("Bà Rịa - Vũng Tàu").
    """
    ls, _ = line_bounds(text, comma)
    seg_start = max(ls, floor)
    for a, b in segments(text, seg_start, comma + 1):
        if a <= comma - 1 < b or b == comma:
            seg_start = a
    toks = list(_PLACE_TOKEN.finditer(text, seg_start, comma))
    keep = []
    for t in reversed(toks):
        w = t.group()
        if len(keep) >= 6 or any(c.isdigit() for c in w) or "/" in w or ":" in w:
            break
        if w[0].isupper() and w.replace(".", "").replace("-", "").isalpha():
            keep.append(t)
        elif w in ("-", "–") and keep:
            keep.append(t)
        elif w.isalpha() and w.islower() and w in _PLACE_LOWER and keep:
            keep.append(t)
        else:
            break
    keep.reverse()
    while keep and not keep[0].group()[0].isupper():
        keep.pop(0)
    if not keep:
        return None
    return Span(keep[0].start(), keep[-1].end(), "place")


def _type_pattern() -> re.Pattern:
    words = sorted(doc_types(), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
                      + r")(?![a-z])")


_TYPE = None
_JOINT = re.compile(r"[ \t]+lien[ \t]+tich(?![a-z])")


def find_type_line(text: str, folded: str, start: int, limit: int) -> tuple[Span | None, str | None]:
    """The type word printed in capitals after the number and date lines."""
    global _TYPE
    if _TYPE is None:
        _TYPE = _type_pattern()
    for m in _TYPE.finditer(folded, start, limit):
        printed = text[m.start():m.end()]
        if not is_caps_word(printed.replace(" ", "")):
            continue
        key = re.sub(r"\s+", " ", folded[m.start():m.end()])
        word = doc_types().get(key)
        if word:
            # "NGHỊ QUYẾT LIÊN TỊCH": the joint mark belongs to the type line, not to the subject
            joint = _JOINT.match(folded, m.end(), limit)
            end = joint.end() if joint and is_caps_word(text[joint.start():joint.end()].replace(" ", "")) else m.end()
            return Span(m.start(), end, "type_line"), word
    return None, None


_VV = re.compile(r"(?<![\w/])(?:v\s?/\s?v?|v[il1]v)(?=[\s.:])\.?")


def find_vv(text: str, start: int, limit: int, folded: str | None = None) -> Span | None:
    """The "V/v" that opens a letter's subject (OCR: "V/", "Viv", "Vív")."""
    folded = fold(text) if folded is None else folded
    for m in _VV.finditer(folded, start, limit):
        if text[m.start()] == "V" or text[m.start():m.start() + 3] == "v/v":
            return Span(m.start(), m.end(), "vv")
    return None


def _starter_pattern() -> re.Pattern:
    words = [re.escape(w) for w in body_starters()]
    return re.compile(r"(?m)^[ \t]*(?:" + "|".join(words) + r")(?![\w])")


_STARTER = None
_STRONG_STARTER = re.compile(r"(?<![\w])(?:Căn cứ|Kính gửi|Xét đề nghị|Theo đề nghị)(?![\w])")
# inside a run-together title line: a capitalised body opening, or a rule
_MID_STOP = re.compile(r"(?<=\s)(?:Căn cứ|Kính gửi|Xét đề nghị|Theo đề nghị|Thực hiện|Trên cơ sở)(?![\w])"
                       r"|\s[-_=]{3,}")


def mid_line_stop(text: str, start: int, end: int) -> int | None:
    """Where a body opening or a rule cuts a title line that runs into the body."""
    m = _MID_STOP.search(text, start, end)
    return None if m is None else m.start()


def find_body_start(text: str, start: int, limit: int) -> int:
    """Where the first body paragraph opens (the title block ends before it)."""
    global _STARTER
    if _STARTER is None:
        _STARTER = _starter_pattern()
    cands = [limit]
    m = _STARTER.search(text, start, limit)
    if m:
        cands.append(m.start() + len(m.group()) - len(m.group().lstrip()))
    m = _STRONG_STARTER.search(text, start, limit)
    if m:
        cands.append(m.start())
    m = _NUMBERED.search(text, start, limit)
    if m:
        cands.append(m.start() + len(m.group()) - len(m.group().lstrip()))
    return min(cands)


# a numbered heading ("I. MỤC ĐÍCH", "1. Bối cảnh") opens the body
_NUMBERED = re.compile(r"(?m)^[ \t]*(?:[IVX]{1,4}|\d{1,2})\.[ \t]+\S")


def is_joint_type_line(folded: str, span: Span | None) -> bool:
    """True for a type line of a joint document ("THÔNG TƯ LIÊN TỊCH", "KẾ HOẠCH LIÊN TỊCH")."""
    return span is not None and folded[span.start:span.end].endswith("lien tich")


def body_start_under_type_line(text: str, type_end: int, body_start: int, limit: int) -> int:
    """The body opening, the line right under the type line left to the subject.

    "KẾ HOẠCH / Thực hiện Nghị quyết số …": the line under the type word is the
    subject whatever word opens it. It opens the body only as a strong opening
    ("Căn cứ", "Kính gửi"), a numbered heading, or a sentence (it ends with a
    stop or a colon: "Thực hiện …, Ủy ban nhân dân tỉnh ban hành kế hoạch như sau:").
    """
    first = re.compile(r"\s*").match(text, type_end).end()
    if first != body_start:
        return body_start
    _, le = line_bounds(text, first)
    line = text[first:le].strip()
    if _STRONG_STARTER.match(line) or _NUMBERED.match(line) or line.endswith((".", ":", ";")) or len(line) > 200:
        return body_start
    return find_body_start(text, le, limit)


def is_body_starter(text: str) -> bool:
    """True when a line opens a body paragraph ("Căn cứ …", "Kính gửi: …")."""
    global _STARTER
    if _STARTER is None:
        _STARTER = _starter_pattern()
    return bool(_STARTER.match(text))


_NOI_NHAN = re.compile(r"n[o0]i\s*nh[a-z]n\s*:?")
_LUU = re.compile(r"(?m)^[\W_]*l[u]u\s*:?\s")
_DA_KY = re.compile(r"\(\s*(?:đã ký|Đã ký|ĐÃ KÝ|đã ký và đóng dấu|Đã ký và đóng dấu)\s*\)")


# ---- the precheck: what `read_document` cannot do without ------------------------
#
# Each test below is true whenever the finder it stands for could succeed, so a
# text failing them all is one `read_document` gives None, read in full or not.
# They scan the title block's whole reach, at every position (overlapping
# matches too) and without a right-hand guard that the end of a narrower range
# would let pass: a finder run on a narrower range (the title block ends where
# the body opens) may see a match that a plain scan of the wider one skips.

_TYPE_START = None
_TYPE_HEAD = 1
# literal-led (fast to scan for); each hit is then checked as the finder would
_VV_CAND = re.compile(r"v(?=\s?/|[il1]v)")
_NOI_NHAN_START = re.compile(r"n(?=[o0]i\s*nh[a-z]n)")


def may_have_type_line(text: str, folded: str, limit: int) -> bool:
    """True when a type word opens with capitals somewhere in text[:limit] (`find_type_line`).

    A type line is all capitals, so the letters of its first word are; every
    type word's first word has at least `_TYPE_HEAD` letters ("TỜ trình").
    """
    global _TYPE_START, _TYPE_HEAD
    if _TYPE_START is None:
        words = sorted(doc_types(), key=len, reverse=True)
        _TYPE_HEAD = min(len(w.split()[0]) for w in words)
        alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        _TYPE_START = re.compile(r"(?<![a-z])(?=" + alts + ")")
    return any(text[m.start():m.start() + _TYPE_HEAD].isupper() for m in _TYPE_START.finditer(folded, 0, limit))


def may_have_vv(text: str, folded: str, limit: int) -> bool:
    """True when a letter's "V/v" could be found in text[:limit] (`find_vv`)."""
    return any((text[m.start()] == "V" or text[m.start():m.start() + 3] == "v/v")
               and _VV.match(folded, m.start(), limit) for m in _VV_CAND.finditer(folded, 0, limit))


def may_have_date(folded: str, limit: int) -> bool:
    """True when a ", ngày" in folded[:limit] opens a date of the date line's shape (`find_date_line`, not garbled)."""
    return any(_date_at(folded, m.end()) for m in _NGAY.finditer(folded, 0, limit))


def may_have_noi_nhan(text: str, folded: str) -> bool:
    """True when "Nơi nhận" opens with a capital anywhere (`find_noi_nhan`)."""
    return any(text[m.start()].isupper() for m in _NOI_NHAN_START.finditer(folded))


def find_noi_nhan(text: str, folded: str, start: int) -> tuple[Span | None, Span | None]:
    """The "Nơi nhận" list (to its "Lưu" line) and the "Lưu: …" line itself."""
    m = _NOI_NHAN.search(folded, start)
    while m and not text[m.start()].isupper():
        m = _NOI_NHAN.search(folded, m.end())
    if not m:
        return None, None
    stop = min(len(text), m.end() + 3000)
    lu = _LUU.search(folded, m.end(), stop)
    if lu:
        a = lu.start() + len(lu.group()) - len(re.sub(r"^[\W_]*", "", lu.group()))
        _, le = line_bounds(text, a)
        segs = segments(text, a, le)
        luu = Span(a, segs[0][1] if segs else le, "luu")
        return Span(m.start(), luu.end, "noi_nhan"), luu
    # no "Lưu" line: the list ends at the last "-" item
    end = m.end()
    for ls, le in lines(text, line_bounds(text, m.end())[1] + 1, stop):
        stripped = text[ls:le].strip()
        if not stripped:
            continue
        if stripped[0] in "-–•+":
            end = le
        else:
            break
    return Span(m.start(), end, "noi_nhan"), None


def find_da_ky(text: str) -> list[Span]:
    """Every "(đã ký)" stamp note."""
    return [Span(m.start(), m.end(), "da_ky") for m in _DA_KY.finditer(text)]


# the enacting formula on a line of its own, between the recitals and the articles
_ENACTING = re.compile(r"^[ \t|]*((?:QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|KẾT LUẬN|BAN HÀNH)[ \t]*:)[ \t]*$", re.M)


def find_enacting(text: str) -> list[Span]:
    """Every enacting line ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"): the form of the act, about no theme."""
    return [Span(m.start(1), m.end(1), "enacting") for m in _ENACTING.finditer(text)]

