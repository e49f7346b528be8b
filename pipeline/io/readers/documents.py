"""Plain files, one document each: .txt (optionally gzipped), .docx (`wordml`, streamed within
--max-chars) and .pdf (pypdf) reports, with their text in a legacy Vietnamese encoding or font
read as Unicode.
"""
from __future__ import annotations

import codecs
import re
import zlib
from pathlib import Path

from ...extras import MissingExtra, require
from ...text.legacy import convert_text, decode_bytes, looks_unconverted, repair
from ...text.normalize import in_capitals
from .items import (NO_TEXT_LAYER, READER_WARNINGS, TEXT_ENCODING, TEXT_FROM, Item, ReadOptions, printable_name,
                    text_item, undecodable)
from .streams import TooLong, Unreadable, _base_suffix, _open_binary, _read_bounded


def read_text_file(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Item:
    """A plain text file is one document; its id is `doc_id` (a folder's
    relative path) or its file name, and its metadata comes from `opts.plain_meta`."""
    doc_id = doc_id or printable_name(path.name)
    meta = {"id": doc_id, **opts.meta_for(doc_id)}
    try:
        data = _read_bounded(path, 4 * opts.max_chars, opts.size_of(path))
    except TooLong:
        return Item(None, meta, str(path), f"longer than {opts.max_chars:,} characters (--max-chars)")
    except Unreadable as exc:
        return Item(None, meta, str(path), str(exc))
    decoded = decode_bytes(data)
    if decoded is None:
        return Item(None, meta, str(path), undecodable(data))
    if decoded.converted:
        meta[TEXT_ENCODING] = decoded.encoding
    if not decoded.text.strip():
        return Item(None, meta, str(path), "file holds only white space" if decoded.text else "file is empty")
    return text_item(decoded.text, meta, str(path), "text", opts.max_chars)


def read_as_a_whole(path: Path, head: int = 1 << 20) -> bool:
    """Whether a plain-text file must be decoded as a whole before its lines mean anything: UTF-16,
    or a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258, also TCVN3 typed into UTF-8 as
    Windows-1252 characters), as `read_text_file` would read it. Told from its first `head` bytes, cut
    at a line end; a UTF-8 file is streamed line by line (`tokenize`)."""
    try:
        with _open_binary(path) as fh:
            data = fh.read(head)
    except (OSError, EOFError, zlib.error):
        return False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if len(data) == head and b"\n" in data:
        data = data[:data.rindex(b"\n")]
    decoded = decode_bytes(data)
    return decoded is not None and decoded.encoding != "utf-8"


def _legacy_fonts(text: str, meta: dict, encoding: str | None = None, title_converted: bool = False) -> str:
    """A Word or PDF report typed in a legacy font (TCVN3, VNI) as Unicode, with its title; the
    encoding noted in `meta`. `encoding`: the text is converted already (a .docx's runs, as their
    fonts said); else it is told from the text (`legacy.repair`). A title still in the legacy
    font's characters is converted, one in Unicode left as it is."""
    if encoding is None:
        fixed = repair(text)
        if fixed is None:
            return text
        text, encoding = fixed.text, fixed.encoding
    meta[TEXT_ENCODING] = encoding
    title = meta.get("title")
    if not title_converted and isinstance(title, str) and looks_unconverted(title):
        meta["title"] = convert_text(title, encoding)
    return text


def _document_item(path: Path, text: str, meta: dict, opts: ReadOptions) -> Item:
    if not text.strip():
        return Item(None, meta, str(path), "no text could be extracted")
    return text_item(text, {**meta, TEXT_FROM: _base_suffix(path).lstrip(".")}, str(path), "text", opts.max_chars)


def read_docx(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Item:
    """A Word report: its paragraphs and table cells, one paragraph per line (`wordml`), read as a
    stream and refused as soon as its text passes --max-chars; its title from the core properties
    or its first heading."""
    doc_id = doc_id or printable_name(path.name)
    meta = {"id": doc_id}
    try:
        require("docx", "docs", "reading .docx")
    except MissingExtra as exc:
        return Item(None, meta, str(path), str(exc))
    from ..wordml import DocxError, read_docx_text

    try:
        document = read_docx_text(path, opts.max_chars)
    except DocxError as exc:
        return Item(None, meta, str(path), str(exc))
    meta["title"] = document.title or printable_name(path.stem)
    # runs in a legacy font come converted as their fonts say (`wordml._Fonts`), a heading title too
    text = _legacy_fonts("\n".join(line for line in document.lines if line), meta, document.encoding,
                         title_converted=bool(document.encoding) and not document.title_from_core)
    meta.update(opts.meta_for(doc_id))
    return _document_item(path, text, meta, opts)


_PDF_LABEL = re.compile(r"(?:Điều\s+\d+|Chương\s+\w+|Phần\s+\w+|Mục\s+(?:\d+|[IVX]{1,5})\b|[IVX]{1,5}\s*[.)]"
                        r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)](?!\d)"
                        r"|[a-zđ]\s*\)|[-–•+*]\s|(?:Số|Nơi nhận|Kính gửi|Căn cứ|V/v|TM\.|KT\.|TL\.|TUQ\.)\b)")
_GAP = 5   # spaces that part two columns in layout mode; fewer stretch a justified line
_JUSTIFY = re.compile(rf"(?<=\S) {{2,{_GAP - 1}}}(?=\S)")
_COLUMN_GAP = re.compile(rf"(?<=\S) {{{_GAP},}}(?=\S)")
_PIECE = re.compile(rf"\S+(?: {{1,{_GAP - 1}}}\S+)*")   # a run of text between two column gaps


def join_pdf_lines(layout_text: str) -> str:
    """Paragraphs from a page's layout-mode text (pypdf ``extraction_mode="layout"``).

    PDF text comes as printed lines: a sentence wrapped over three lines would
    be three paragraphs, and an agency name broken at the line end two names.
    Layout mode keeps the vertical gaps as blank lines and the columns as wide
    gaps, so lines of one block are joined with a space, except where the
    block's shape says a line stands alone: ALL-CAPS lines (the header, type
    and signature titles), a line opening with an outline label or a header
    word ("2.", "a)", "-", "Điều 1.", "Số:", "Nơi nhận"), and a short line
    ending a sentence. Wide gaps between columns become a tab (what the
    administrative reader expects of two columns); the extra spaces of
    justified text become one.
    """
    blocks: list[list[tuple[str, bool]]] = [[]]
    raws = read_columns_in_turn([raw.rstrip() for raw in layout_text.splitlines()])
    page_width = max((len(raw) for raw in raws), default=0)
    for raw in raws:
        line = _COLUMN_GAP.sub("\t", raw.strip())
        line = _JUSTIFY.sub(" ", line)
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((line, _centred(raw, page_width)))
    width = max((len(ln) for b in blocks for ln, _ in b), default=0)
    paragraphs: list[str] = []
    for block in blocks:
        current, current_centred, last = "", False, ""
        for line, centred in block:
            if not current:
                current, current_centred, last = line, centred, line
                continue
            # the printed line before, not the paragraph joined so far: a short one ending a sentence
            prev_ends = last.rstrip()[-1:] in ".:;!?" and len(last) < 0.8 * width
            alone = (in_capitals(line) or in_capitals(last) or "\t" in line or "\t" in last
                     or _PDF_LABEL.match(line) or prev_ends
                     or centred != current_centred)   # a centred title over (or under) body text
            if alone:
                paragraphs.append(current)
                current = line
            else:
                current = current + " " + line
            current_centred, last = centred, line
        if current:
            paragraphs.append(current)
    return "\n".join(paragraphs)


_COLUMN_LINES = 5        # printed lines of columns side by side before a run is read as columns
_COLUMN_SLACK = 3        # how far a column's start may wander between lines, in characters
_PROSE_PART = 15         # a column's piece of a line is prose when this long and not all capitals


def read_columns_in_turn(raws: list[str]) -> list[str]:
    """A page's layout lines with body text set in columns read column by column.

    Layout mode prints columns side by side, so each printed line holds a line of each: read as it
    comes, every sentence is cut into pieces of the other columns'. A run of lines whose pieces start
    at the same places (blank lines and lines of fewer columns within it), at least `_COLUMN_LINES`
    of them prose in every column, is read as the first column's lines, then the second's, and so on.
    A header (the agency beside the motto), a signature block beside "Nơi nhận", a table's cells are
    not prose in every column, and stay side by side for the readers that expect them so (the
    administrative reader reads such a line as two columns)."""
    out: list[str] = []
    i = 0
    while i < len(raws):
        first = _pieces(raws[i])
        if len(first) < 2 or not all(_prose(text) for _, text in first):
            out.append(raws[i])
            i += 1
            continue
        starts = [at for at, _ in first]
        columns: list[list[str]] = [[] for _ in starts]
        full, j = 0, i
        while j < len(raws):
            if not raws[j].strip():
                if not _columns_go_on(raws, j, starts):
                    break
                for column in columns:
                    column.append("")
                j += 1
                continue
            placed = _place(_pieces(raws[j]), starts)
            if placed is None:
                break
            for k, text in placed.items():
                columns[k].append(text)
            full += len(placed) == len(starts) and all(_prose(t) for t in placed.values())
            j += 1
        if full < _COLUMN_LINES:
            out.append(raws[i])
            i += 1
            continue
        out += [line for column in columns for line in column]   # a sentence a column leaves open goes on
        i = j                                                   # at the next one's top
    return out


def _pieces(raw: str) -> list[tuple[int, str]]:
    """(where it starts, text) of each piece of a layout line between gaps of five spaces or more."""
    return [(m.start(), m.group()) for m in _PIECE.finditer(raw)]


def _place(pieces: list[tuple[int, str]], starts: list[int]) -> dict[int, str] | None:
    """{column: text} of a line's pieces, each in the column starting where it starts (the first
    column: anywhere before the second), or None when a piece starts elsewhere or two share a column."""
    placed: dict[int, str] = {}
    for at, text in pieces:
        k = next((k for k in range(len(starts) - 1, 0, -1) if abs(at - starts[k]) <= _COLUMN_SLACK), None)
        if k is None and at < starts[1] - _COLUMN_SLACK:
            k = 0
        if k is None or k in placed:
            return None
        placed[k] = text
    return placed


def _columns_go_on(raws: list[str], blank: int, starts: list[int]) -> bool:
    """Whether the columns go on after the blank line at `blank`: the next printed line is prose in
    every column (else the blank line ends them: "Nơi nhận" beside the signature)."""
    nxt = next((raw for raw in raws[blank + 1:] if raw.strip()), "")
    placed = _place(_pieces(nxt), starts) if nxt else None
    return bool(placed) and len(placed) == len(starts) and all(_prose(t) for t in placed.values())


def _prose(piece: str) -> bool:
    piece = piece.strip()
    return len(piece) >= _PROSE_PART and not in_capitals(piece)


def _centred(raw: str, page_width: int) -> bool:
    """A layout-mode line set in the middle of the page: margins on both sides, about equal."""
    left = len(raw) - len(raw.lstrip())
    right = page_width - len(raw)
    return left >= 0.1 * page_width and right >= 0.1 * page_width and abs(left - right) <= max(4, 0.1 * page_width)


# typographic ligatures a PDF's font draws as one glyph ("ﬁntech"): the letters, so the word is found
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def pdf_page_text(page) -> str:
    """One page's text as paragraphs (`join_pdf_lines`), ligatures as their letters; pypdf's plain
    mode when layout mode fails."""
    try:
        return join_pdf_lines(page.extract_text(extraction_mode="layout") or "").translate(_LIGATURES)
    except Exception:  # noqa: BLE001  layout mode is newer and stricter on odd fonts
        return (page.extract_text() or "").translate(_LIGATURES)


_PAGE_NUMBER = re.compile(r"(?i)(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]")
_EDGE = 3   # lines at the top and at the bottom of a page where a running header or footer is looked for


def join_pages(pages: list[str]) -> str:
    """The pages' text as one, without the running header and footer a printed web page or a paper
    repeats on each page (a line at a page's top or bottom whose shape, figures aside, is at the top or
    bottom of half the pages or more, at least two; a page number alone), which fell inside
    sentences; a sentence a page leaves open goes on at the next page's top, and a word hyphenated
    across the break ("logis-" / "tics") is one word again."""
    if len(pages) < 2:
        return "\n".join(pages)
    shapes = [[re.sub(r"\d+", "#", " ".join(line.split())) for line in page.split("\n")] for page in pages]
    edge_count: dict[str, int] = {}
    for lines in shapes:
        for shape in set(lines[:_EDGE] + lines[-_EDGE:]):
            edge_count[shape] = edge_count.get(shape, 0) + 1
    running = {shape for shape, n in edge_count.items() if n >= max(2, (len(pages) + 1) // 2)}
    text = ""
    for page, lines in zip(pages, shapes):
        raw = page.split("\n")
        keep = [line for k, (line, shape) in enumerate(zip(raw, lines))
                if not ((k < _EDGE or k >= len(raw) - _EDGE)
                        and (shape in running or _PAGE_NUMBER.fullmatch(shape.replace("#", "1").strip())))]
        body = "\n".join(keep).strip()
        if not body:
            continue
        if not text:
            text = body
        elif re.search(r"[^\W\d_]-$", text) and body[:1].islower():
            text = text[:-1] + body                      # "logis-" + "tics"
        elif text[-1:].isalnum() or text[-1:] == ",":
            text = text + " " + body                     # the sentence goes on
        else:
            text = text + "\n" + body
    return text


def _pdf_problem(exc: Exception) -> str:
    """Why pypdf could not read a PDF, in words: a PDF that needs a password says so (pypdf: "File has
    not been decrypted"); one that anyone can open is read, AES included (`cryptography`, in the extra)."""
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if isinstance(exc, FileNotDecryptedError):
        return "password-protected .pdf: it opens only with its password, which is not asked for here: not read"
    if isinstance(exc, DependencyError):
        return f"unreadable .pdf: {exc} (pip install 'vnmonitor[docs]' installs it)"
    return f"unreadable .pdf: {type(exc).__name__}: {exc}"


def read_pdf(path: Path, opts: ReadOptions = ReadOptions(), doc_id: str | None = None) -> Item:
    """A PDF report: the text layer of each page as paragraphs.

    A scanned PDF has no text layer and there is no OCR here: it is read as an
    empty text whose metadata says so (`READER_WARNINGS`), so that its record
    shows the document with null fields and the reason, not an error.

    pypdf's layout mode was kept after comparing it with its plain mode and
    with pdfminer.six on generated documents: pdfminer moved the signature
    title below the name and split lines inside a sentence; plain mode loses
    the blank lines that mark paragraphs."""
    doc_id = doc_id or printable_name(path.name)
    meta = {"id": doc_id, "title": printable_name(path.stem), **opts.meta_for(doc_id)}
    try:
        PdfReader = require("pypdf", "docs", "reading .pdf").PdfReader
    except MissingExtra as exc:
        return Item(None, meta, str(path), str(exc))
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # a broken file is one error line here, not pypdf's log
    try:
        reader = PdfReader(str(path))
        title = (reader.metadata.title if reader.metadata else None) or None
        pages = [pdf_page_text(page) for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged files
        return Item(None, meta, str(path), _pdf_problem(exc))
    if title and str(title).strip() and "title" not in opts.meta_for(doc_id):
        meta["title"] = str(title).strip()
    text = join_pages([p.strip() for p in pages if p.strip()])
    given_title = opts.meta_for(doc_id).get("title")
    text = _legacy_fonts(text, meta)
    if given_title is not None:
        meta["title"] = given_title
    if not text.strip() and pages:
        # a scan: still a document of the run, with empty text and the reason
        # in its record, rather than an error that hides it
        return Item("", {**meta, READER_WARNINGS: [NO_TEXT_LAYER]}, str(path))
    blank = [str(k) for k, page in enumerate(pages, 1) if not page.strip()]
    if blank:  # a report with scanned pages among typed ones: say which were not read
        meta[READER_WARNINGS] = [f"page{'s' if len(blank) > 1 else ''} {', '.join(blank)} of {len(pages)}: "
                                 "no text layer (scanned?) and no OCR here: not read"]
    return _document_item(path, text, meta, opts)
