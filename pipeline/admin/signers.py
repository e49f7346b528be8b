"""The signature block: delegation markers, on-whose-behalf, title line, name.

The block is printed right of "Nơi nhận" in capitals: an optional outer marker
("TM. ỦY BAN NHÂN DÂN"), the marker of the signer's own delegation ("KT. CHỦ
TỊCH"), the signer's title ("PHÓ CHỦ TỊCH"), "(đã ký)" and the name. In our
texts its lines are run together ("KT. BỘ TRƯỞNG THỨ TRƯỞNG Đỗ …"),
interleaved with the "Nơi nhận" list ("- Như trên; CHỦ NHIỆM"), or split into
pandoc table cells. So the block is read as the sequence of capitals runs that
follow the end of the body, up to the first person name, whatever line each run
sits on. Blank form blocks in annexes ("(Ký, ghi rõ họ tên)") are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import layout as L
from .recase import BodyCase, recase
from .vocab import degrees, delegation_markers, delegation_variants, fold, ranks, signer_titles, surnames


@dataclass
class Signer:
    """One signature block. `outer` is the enclosing marker ("TM. Ủy ban nhân dân")."""

    name: str | None
    title: str | None
    authority: str | None
    on_behalf_of: str | None
    outer: str | None = None
    start: int = 0           # the whole block, first capitals run to the name
    end: int = 0
    name_start: int | None = None   # the printed name, when there is one
    name_end: int | None = None

    def to_dict(self) -> dict:
        """The record's signer object (spans kept for the entity filter)."""
        return {"name": self.name, "title": self.title, "authority": self.authority,
                "on_behalf_of": self.on_behalf_of, "outer": self.outer,
                "start": self.start, "end": self.end,
                "name_start": self.name_start, "name_end": self.name_end}


def _marker_alternatives() -> str:
    """The marker forms: "KT." (group 1), "K/T" (group 2), and "KT" without its dot
    (group 3) where it opens a line or a column before a word in capitals ("KT CHỦ TỊCH");
    a lone letter ("Q") never counts without its dot."""
    alts = "|".join(re.escape(m) for m in delegation_markers())
    variants = "|".join(re.escape(v) for v in sorted(delegation_variants(), key=len, reverse=True))
    dotless = "|".join(re.escape(m) for m in delegation_markers() if len(m) > 1)
    return (r"(?<![\w./])(?:(" + alts + r")\s?\.|(" + variants + r")"
            r"|(?:^|(?<=[\n\t|])|(?<=  ))(" + dotless + r")(?=[ \t]+[A-ZĐÀ-Ỹ]{2}))")


def _marker_re() -> re.Pattern:
    return re.compile(_marker_alternatives() + r"\s*(?=[A-ZĐÀ-Ỹ])", re.M)


def _marker_name(m: re.Match) -> str:
    """"KT." for a match of "KT.", of "KT" or of its Party form "K/T"."""
    if m.group(2):
        return delegation_variants()[m.group(2)]
    return (m.group(1) or m.group(3)) + "."


_MARKER = None
_BODY_END = re.compile(r"\./\s?[.,]|\./\s*$", re.M)
_FORM = re.compile(r"\(\s*(?:[Kk]ý|[Cc]hữ ký)[^)]{0,60}(?:họ tên|tên|dấu)")
_WINDOW_LINES = 30


def marker_pattern() -> re.Pattern:
    """Regex for a delegation marker followed by a capital ("KT. BỘ TRƯỞNG")."""
    global _MARKER
    if _MARKER is None:
        _MARKER = _marker_re()
    return _MARKER


def find_signers(text: str, start: int, body: BodyCase | None = None,
                 lists: list[tuple[int, int]] = ()) -> list[Signer]:
    """The document's signature block after `start` (the end of the title block).

    The block is looked for where the body closes: at "./.", at "Nơi nhận", at
    a delegation marker, or at a capitals title line followed by a name. Only
    the first real block is returned: later blocks belong to annex forms or
    enclosed letters, which the record does not list as signers. `lists` are
    the "Nơi nhận" spans, whose lines are list items, not names.
    """
    body = body or BodyCase(text)
    folded = fold(text)
    done = start
    for cand, strict in _candidates(text, folded, start):
        if cand < done:
            continue
        block = _read_block(text, cand, body, lists, strict)
        if block is None:
            continue
        signer, resume = block
        if signer is not None:
            return _side_by_side(text, signer, body, lists, strict) or [signer]
        done = resume
    return []


def _side_by_side(text: str, signer: Signer, body: BodyCase, lists, strict: bool) -> list[Signer]:
    """Both signers of a joint document whose blocks are printed side by side, or [].

    "TM. BAN THƯỜNG VỤ …    TM. ỦY BAN NHÂN DÂN" over "BÍ THƯ    CHỦ TỊCH" over the
    two names: each column is read as a block of its own.
    """
    ls, le = L.line_bounds(text, signer.start)
    segs = L.segments(text, ls, le)
    if len(segs) != 2 or not all(marker_pattern().match(text, a, b) or _is_title_expr(text[a:b])
                                 for a, b in segs):
        return []
    columns = [a - ls for a, _ in segs]
    out = []
    for k in range(len(columns)):
        block = _read_block(text, ls, body, lists, strict, (columns, k))
        if block is None or block[0] is None:
            return []
        out.append(block[0])
    return out


def _in_column(segs: list[tuple[int, int]], ls: int, column) -> list[tuple[int, int]]:
    """The pieces of a line that sit under column k: those nearest its left edge."""
    if column is None:
        return segs
    edges, k = column
    return [(a, b) for a, b in segs if min(range(len(edges)), key=lambda j: abs(a - ls - edges[j])) == k]


def _candidates(text: str, folded: str, start: int):
    """Line starts where a signature block may open, in text order.

    `strict` candidates (a bare title line) must be followed by a name; after
    "./.", "Nơi nhận" or a marker a block without a printed name still counts.
    """
    cands = {}
    for m in re.compile(r"n[o0]i\s*nh[a-z]n\s*:").finditer(folded, start):
        cands.setdefault(L.line_bounds(text, m.start())[0], False)
    for m in _BODY_END.finditer(text, start):
        cands.setdefault(m.start(), False)
    for m in marker_pattern().finditer(text, start):
        cands.setdefault(L.line_bounds(text, m.start())[0], False)
    for m in re.compile(r"(?m)^[ \t|]*([A-ZĐÀ-Ỹ][^\n]{0,60})").finditer(text, start):
        fw = _words(m.group(1))
        if fw and _title_at(fw, 0):
            cands.setdefault(m.start(), True)
    for pos in sorted(cands):
        yield pos, cands[pos]


def _title_at(fw: list[str], i: int) -> int:
    """Length in words of the longest signer title starting at word i (0 if none)."""
    titles = signer_titles()
    for j in range(min(len(fw), i + 8), i, -1):
        if " ".join(fw[i:j]) in titles:
            return j - i
    return 0


def _words(s: str) -> list[str]:
    return [fold(w).strip(",.;:") for w in s.split()]


def _is_title_expr(s: str) -> bool:
    """"PHÓ CHỦ TỊCH", "BỘ TRƯỞNG, CHỦ NHIỆM": titles joined by commas, nothing else."""
    fw = [w for w in re.split(r"[\s,]+", fold(s)) if w]
    i = 0
    while i < len(fw):
        k = _title_at(fw, i)
        if not k:
            return False
        i += k
    return bool(fw)


def _in_lists(pos: int, lists) -> bool:
    return any(a <= pos <= b for a, b in lists)


def _read_block(text: str, zone: int, body: BodyCase, lists, strict: bool, column=None):
    """Read a signature block opening near `zone`: None, or (Signer or None, resume offset).

    `column` ((left edges, k)) reads only the pieces under column k of blocks side by side.

    Runs are collected in order (marker, on-behalf lines, the title line) until
    the title line closes the block; then only a name may follow, on its own
    piece, before any running text.
    """
    items: list[tuple[int, int, str]] = []   # (start, end, kind) kind: marker/title/caps
    started = complete = False
    name_span = None
    seen = 0
    first_seen = 0
    for ls, le in L.lines(text, zone, min(len(text), zone + 6000)):
        line = text[ls:le]
        if not line.strip():
            continue
        seen += 1
        in_list = line.lstrip(" |")[:1] in "-–•+" or _in_lists(ls, lists)
        if not started and seen > 4 and not in_list:
            return None
        if started and seen - first_seen > _WINDOW_LINES:
            break
        if started and _FORM.search(line):
            return None, le + 1          # a blank form block: skip it
        luu_line = bool(_LUU_LINE.match(line))
        stop = False
        right = False          # past the list item's own text on this line
        dash = line.lstrip(" |")[:1] in "-–•+"
        for si, (a, b) in enumerate(_in_column(L.segments(text, ls, le), ls, column)):
            for kind, ca, cb in _pieces(text, a, b, in_list and si == 0 and not right, started):
                # a list item's own text never holds the signer's name; a bare
                # name on a line of its own inside the list does (right column)
                item_text = dash and si == 0 and not right
                if kind == "text" and item_text and luu_line and started and _name_in(text, ca, cb):
                    item_text = False      # the name printed at the end of the "Lưu" line
                if kind == "marker" and item_text and luu_line and not _after_marker(text[ca:cb]):
                    continue               # "Lưu: VT, KT.": the department filing a copy, no marker
                if kind in ("marker", "title"):
                    right = True
                piece = text[ca:cb].strip(" .,:;[]()|'\"`")
                if kind == "text":
                    if not started or item_text or not piece:
                        continue
                    nm = _name_in(text, ca, cb, relaxed=complete and not in_list and (ca, cb) == (a, b))
                    if nm:
                        name_span = nm
                        break
                    if _DA_KY_RE.fullmatch(piece.strip()) or len(piece) < 12:
                        continue
                    if in_list and si == 0:
                        continue
                    if len(piece.split()) >= 8 or len(piece) > 60 or (
                            complete and piece.endswith(".") and len(piece.split()) >= 5):
                        stop = True      # running text: the block is over
                        break
                    continue
                if kind == "name" and started:
                    name_span = (ca, cb)
                    break
                if kind == "marker":
                    if complete:
                        stop = True
                        break
                    if not started:
                        started, first_seen = True, seen
                    items.append((ca, cb, kind))
                    if _ends_with_title_after_marker(text[ca:cb]):
                        complete = True
                elif kind == "title" and not complete:
                    if not started:
                        started, first_seen = True, seen
                    items.append((ca, cb, kind))
                    complete = _is_title_expr(text[ca:cb]) or not any(k == "marker" for _, _, k in items)
                elif kind == "caps" and started and not complete and not item_text:
                    items.append((ca, cb, kind))
            if name_span or stop:
                break
        if name_span or stop:
            break
    if not items:
        return None
    if strict and name_span is None:
        return None
    signer = _parse(text, items, name_span, body)
    end = (name_span or items[-1])[1]
    return signer, end + 1


_LUU_LINE = re.compile(r"^[\W_]*L[ưu]u(?:\s*:|\s+(?=[A-ZĐ]{2}))")   # "Lưu: VT", "Lưu VT" (not "Lưu ý")
_DA_KY_RE = re.compile(r"\(?\s*(?:đã ký|Đã ký|ĐÃ KÝ)[^)]*\)?")


def _after_marker(run: str) -> str:
    """What a run holds after its last marker ("CHỦ TỊCH" of "KT. CHỦ TỊCH"; "" of "VT, KT.")."""
    last = None
    for last in _marker_any().finditer(run):
        pass
    return run[last.end():].strip(" .,;:") if last else run


def _ends_with_title_after_marker(run: str) -> bool:
    """"KT. BỘ TRƯỞNG THỨ TRƯỞNG" already holds its title line; "KT. BỘ TRƯỞNG" does not."""
    m = _marker_any().search(run)
    rest = run[m.end():] if m else run
    if _marker_any().search(rest):
        return _ends_with_title_after_marker(rest[_marker_any().search(rest).start():])
    title, on_behalf = _split_title_suffix(rest.strip())
    return title is not None and bool(on_behalf)


def _has_title(s: str) -> bool:
    fw = _words(s)
    return any(_title_at(fw, i) for i in range(len(fw)))


def _pieces(text: str, a: int, b: int, is_item: bool, started: bool):
    """Cut one column piece into capitals runs (marker/title/caps/name) and text.

    A block typed in normal case ("KT. Chủ tịch" over "Phó Chủ tịch") has no
    capitals runs: a piece that is a marker and an office is a marker, and,
    inside a block, a piece that is titles alone is a title line.
    """
    mixed = _mixed_case_kind(text, a, b, started)
    if mixed:
        yield mixed, a, b
        return
    runs = L.caps_runs(text, a, b, min_letters=2)
    pos = a
    for ra, rb in runs:
        if ra > pos:
            yield "text", pos, ra
        yield _classify(text, ra, rb, a, b, is_item, started)
        pos = rb
    if pos < b:
        yield "text", pos, b


def _mixed_case_kind(text: str, a: int, b: int, started: bool) -> str | None:
    """"marker" for a whole piece "KT. Chủ tịch" / "TM. Ủy ban nhân dân", "title" for a
    piece "Phó Chủ tịch" inside a block; None otherwise (capitals are read as runs)."""
    piece = text[a:b].strip(" .,:;|")
    if not any(c.islower() for c in piece):
        return None
    m = marker_pattern().match(text, a, b)
    if m:
        rest = text[m.end():b].strip(" .,:;|")
        normal_case = rest and not L.caps_runs(text, m.end(), b)
        return "marker" if normal_case and len(rest.split()) <= 10 and _names_an_office(rest) else None
    if started and _is_title_expr(piece):
        return "title"
    return None


def _names_an_office(s: str) -> bool:
    """"Chủ tịch", "Ủy ban nhân dân tỉnh …": a title or an agency opens `s`."""
    from .vocab import agency_heads
    fw = _words(s)
    joined = " ".join(fw)
    return bool(_title_at(fw, 0)) or any(joined == h or joined.startswith(h + " ") for h in agency_heads())


def _classify(text: str, ra: int, rb: int, a: int, b: int, is_item: bool, started: bool):
    """marker / title / name / caps (a whole column piece in capitals) / other."""
    run = text[ra:rb]
    m = _marker_any().search(run)
    if m:
        return "marker", ra + m.start(), rb
    fw = _words(run)
    tokens = list(re.finditer(r"\S+", run))
    for i in range(len(fw)):
        if _title_at(fw, i):
            # words before the title are list-item residue ("YT, PHÓ THỦ TƯỚNG")
            return "title", ra + tokens[i].start(), rb
    name_at = _caps_name(run)
    if name_at is not None:
        return "name", ra + name_at, rb
    whole = text[a:b].strip(" .,:;[]|")
    if not is_item and whole == run.strip(" .,:;[]|"):
        return "caps", ra, rb
    return "other", ra, rb


_MARKER_ANY = None


def _marker_any() -> re.Pattern:
    """A marker anywhere in a capitals run, also at its very end ("KT." on its own line)."""
    global _MARKER_ANY
    if _MARKER_ANY is None:
        _MARKER_ANY = re.compile(_marker_alternatives() + r"(?=\s|$|[A-ZĐÀ-Ỹ])", re.M)
    return _MARKER_ANY


def _caps_name(run: str) -> int | None:
    """Where a name printed in capitals starts in the run ("NGUYỄN VĂN AN", "ĐẠI TÁ NGUYỄN VĂN AN"), or None."""
    tokens = list(re.finditer(r"\S+", run))
    skip = _prefix_words([t.group() for t in tokens])
    words = [t.group() for t in tokens[skip:]]
    if 2 <= len(words) <= 5 and bool(surnames()) and fold(words[0]) in surnames() and not _has_title(run):
        return tokens[skip].start()
    return None


def _prefix_words(words: list[str]) -> int:
    """How many leading words are a rank or a degree printed before a name ("Đại tá", "ThS.", "PGS.TS")."""
    n = 0
    while n < len(words):
        k = next((k for k in (3, 2) if fold(" ".join(words[n:n + k])).strip(",") in ranks()), 0)
        if not k and _is_degree(words[n]):
            k = 1
        if not k:
            return n
        n += k
    return n


def _is_degree(word: str) -> bool:
    parts = [p for p in fold(word).strip(",").split(".") if p]
    return bool(parts) and all(p in degrees() for p in parts)


def _name_in(text: str, a: int, b: int, relaxed: bool = False) -> tuple[int, int] | None:
    """The span of a person's name filling text[a:b] (edges trimmed), or None.

    Two to five words, each a capital then lower-case letters, the first a
    Vietnamese family name: "Trần Văn Chiến", not "định hướng đến năm". A
    rank or degree before it ("Đại tá", "ThS.") and "(đã ký)" after it are
    left out of the span.
    `relaxed` (a line of its own right under a complete title block, letters
    only) drops the family-name check, for names the list lacks ("Giàng A
    Tráng", "Y Thanh Hà Niê Kđăm").
    """
    mark = _DA_KY_RE.search(text, a, b)
    if mark and mark.start() > a and not text[mark.end():b].strip(" .,;)"):
        b = mark.start()
    seg = text[a:b]
    m = re.match(r"^[\W\d_]*(.*?)[\W\d_]*$", seg, re.S)
    tokens = list(re.finditer(r"\S+", m.group(1)))
    skip = _prefix_words([t.group() for t in tokens])
    if skip:
        if skip >= len(tokens):
            return None
        return _name_in(text, a + m.start(1) + tokens[skip].start(), a + m.end(1), relaxed)
    core = m.group(1)
    words = core.split()
    if not 2 <= len(words) <= 5:
        return None
    for w in words:
        if not (w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower())):
            return None
    # without the shared lexicon (an installed wheel has no corpora/) the
    # shape alone decides
    if surnames() and fold(words[0]) not in surnames():
        if not (relaxed and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)+", seg.strip())
                and not _starts_agency_or_place(words)):
            return None
    return a + m.start(1), a + m.end(1)


def _starts_agency_or_place(words: list[str]) -> bool:
    """"Bộ Tư Pháp", "Hà Nội": title-case words that are no person's name."""
    from .vocab import agency_heads, places
    fw = [fold(w) for w in words]
    joined = " ".join(fw)
    return any(joined == h or joined.startswith(h + " ") for h in agency_heads()) or joined in places()


def _parse(text: str, items, name_span, body: BodyCase) -> Signer:
    """Turn the block's capitals runs into marker, on-behalf-of, title and outer."""
    parts: list[list] = [[None, []]]
    for ca, cb, kind in items:
        run = text[ca:cb]
        pos = 0
        for m in _marker_any().finditer(run):
            before = run[pos:m.start()].strip(" ,;")
            if before:
                parts[-1][1].append(before)
            parts.append([_marker_name(m), []])
            pos = m.end()
        rest = run[pos:].strip(" ,;")
        if rest:
            parts[-1][1].append(rest)
    parts = [p for p in parts if p[0] or p[1]]
    last = parts[-1]
    marker, lines = last
    title = on_behalf = None
    if marker is None:
        title = " ".join(lines) if lines else None
    elif len(lines) >= 2 and (_is_title_expr(lines[-1]) or _title_at(_words(lines[-1]), 0)):
        # the last line is the signer's own title line ("GIÁM ĐỐC SỞ NỘI VỤ")
        title, on_behalf = lines[-1], " ".join(lines[:-1])
    elif lines:
        joined = " ".join(lines)
        title, on_behalf = _split_title_suffix(joined)
    if marker == "Q." and title is None and on_behalf:
        # "Q. CHỦ TỊCH" over the name: the acting head signs as such, for no one else
        title, on_behalf = "Quyền " + recase(on_behalf, body), None
    outer = None
    if len(parts) >= 2:
        outer = " ".join(f"{p[0] or ''} {recase(' '.join(p[1]), body)}".strip() for p in parts[:-1])
    name = None
    if name_span:
        name = text[name_span[0]:name_span[1]]
        if name.isupper():
            name = " ".join(w.capitalize() for w in name.split())
        if fold(name) == name.lower():
            # OCR lost the accents: take the spelling the body gives, if any
            name = body.find(name) or name
    start = items[0][0]
    end = name_span[1] if name_span else items[-1][1]
    return Signer(name=name, title=recase(title, body) if title else None, authority=marker,
                  on_behalf_of=recase(on_behalf, body) if on_behalf else None,
                  outer=outer, start=start, end=end,
                  name_start=name_span[0] if name_span else None,
                  name_end=name_span[1] if name_span else None)


def _split_title_suffix(run: str) -> tuple[str | None, str | None]:
    """"BỘ TRƯỞNG THỨ TRƯỞNG" -> ("THỨ TRƯỞNG", "BỘ TRƯỞNG").

    The title is a suffix that reads as a title; a split whose rest is itself
    a title, a known agency or a title with its agency wins ("CHỦ TỊCH | PHÓ
    CHỦ TỊCH", "ỦY BAN THƯỜNG VỤ QUỐC HỘI | CHỦ TỊCH"), the longest such
    suffix first. When no suffix is titles alone, a suffix that opens with a
    title and names its unit is taken ("BỘ TRƯỞNG | VỤ TRƯỞNG VỤ PHÁP CHẾ").
    """
    from .vocab import agencies
    tokens = run.split()
    pure_good, pure_other, unit_good = [], [], []
    for i in range(1, len(tokens)):
        if tokens[i - 1].endswith(","):
            continue          # "BỘ TRƯỞNG, CHỦ NHIỆM" is one office, not two
        if _cuts_a_title(_words(run), i):
            continue          # "TỔNG | CỤC TRƯỞNG", "PHÓ | CHỦ TỊCH"
        tail = " ".join(tokens[i:])
        head = " ".join(tokens[:i]).strip(" ,;")
        fh = _words(head)
        head_ok = _is_title_expr(head) or " ".join(fh) in agencies() or bool(_title_at(fh, 0))
        if _is_title_expr(tail):
            (pure_good if head_ok else pure_other).append((tail, head))
        elif head_ok and _title_at(_words(tail), 0):
            unit_good.append((tail, head))
    if pure_good:
        return pure_good[0]
    if unit_good:
        return unit_good[0]
    if pure_other:
        return pure_other[-1]
    return None, run


def _cuts_a_title(fw: list[str], i: int) -> bool:
    """True when a signer title runs across the cut before word i."""
    titles = signer_titles()
    return any(" ".join(fw[a:b]) in titles
               for a in range(max(0, i - 7), i) for b in range(i + 1, min(len(fw), a + 8) + 1))


def list_item_text(text: str, ls: int, le: int) -> str:
    """A "Nơi nhận" line without the signature runs printed beside it.

    "- Như trên; CHỦ NHIỆM" is the item "- Như trên;" plus the right column's
    title line; the item ends where the first column piece ends or where a
    marker or title run starts.
    """
    segs = L.segments(text, ls, le)
    if not segs:
        return ""
    a, b = segs[0]
    for kind, ca, cb in _pieces(text, a, b, True, False):
        if kind in ("marker", "title"):
            b = ca
            break
    stamp = L.find_da_ky(text[a:b])   # "- TT HĐND tỉnh;\t(đã ký)": the signature column's stamp note
    return text[a:a + stamp[0].start].rstrip() if stamp else text[a:b]
