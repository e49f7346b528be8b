"""Word (.docx) documents as lines of text, read in time and memory bounded by `--max-chars`.

A .docx is a zip of XML parts; its text is in the main part (word/document.xml). The part is
parsed as a stream, one body-level block (a paragraph, a table, a content control) at a time,
each dropped once read, so a document costs what its blocks hold (at most MAX_BLOCK_BYTES of XML
each), not the whole tree that python-docx would build. Reading stops as soon as the text passes
the limit, and a package whose parts unpack to more than the limit allows (`xml_allowance`) is
refused before any is read: a 200 KB file of 40 MB deflated XML is refused in half a second, not
read for four and a half minutes.

What a reader of the document sees is read, in document order: runs (text, tabs, line breaks),
and the runs inside hyperlinks, tracked insertions and moves, simple fields, smart tags, custom
XML and content controls; block content controls, and tables nested in table cells; the labels
Word draws before numbered paragraphs ("Điều 1.", "a)": `word_numbering`); text boxes, after the
paragraph they are anchored in; the page headers, once each, before the body, when they hold a title
block (one is sometimes set there). Deleted and hidden text (w:del, w:moveFrom, w:vanish) is not part
of it, and neither are field codes. Equations, footers, footnotes and other page headers are not read. Paragraphs and tables give the lines python-docx's `Paragraph.text`
and `_Cell.text` gave before (`block_lines`, `table_lines`). Runs typed in a legacy Vietnamese font
(.VnTime, .VnTimeH, VNI-Times: the run's, its style's or the document's font) are converted to
Unicode as their font says (`_Fonts`, `pipeline.text.legacy`).
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..text.legacy import convert_run, font_encoding
from .word_numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # a compound file: what Word writes when a password encrypts it

# Bytes of unpacked XML allowed per character of --max-chars, and on top of it for the fixed parts
# (styles, theme, settings). Word's own markup runs at a few bytes a character (run properties,
# revision ids); 16 leaves room for heavy formatting and refuses a bomb at the size it declares.
XML_BYTES_PER_CHAR = 16
XML_BYTES_FLOOR = 16 * 2 ** 20
# The most XML one body-level block (a paragraph, a table) may take: it is held as a tree while it is
# parsed, about 25 bytes of memory per byte of markup at worst (empty runs), so at most ~800 MB.
MAX_BLOCK_BYTES = 32 * 2 ** 20

# inline elements whose runs are part of the paragraph's text (w:del and w:moveFrom are not)
_INLINE = frozenset(W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple",
                                    "dir", "bdo"))
_HEADING_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)}   # python-docx's BabelFish


class DocxError(Exception):
    """Why a .docx cannot be read, as shown to the user."""


class DocxTooLong(DocxError):
    """A .docx whose text or parts are over what --max-chars allows."""


NOT_READABLE = "not a readable .docx (damaged, or encrypted/password-protected)"


@dataclass
class DocxText:
    lines: list[str]          # as `block_lines` gives them, empty ones included
    title: str | None         # the core properties' title, else the first heading
    encoding: str | None = None       # "tcvn3" or "vni" when runs in a legacy font were converted
    title_from_core: bool = False     # the title is the core properties' (not read from a run)


def xml_allowance(max_chars: int) -> int:
    """How many bytes a .docx may unpack to beyond its size on disk, for a limit of `max_chars`."""
    return XML_BYTES_PER_CHAR * max_chars + XML_BYTES_FLOOR


def read_docx_text(path: Path, max_chars: int) -> DocxText:
    """The lines and title of a .docx; DocxError (DocxTooLong) says why it was not read."""
    zf = _open_package(path)
    with zf:
        _check_sizes(zf, path.stat().st_size, max_chars)
        rels = _relationships(zf, "")
        main = _target(rels, "/officeDocument") or "word/document.xml"
        core = _target(rels, "/metadata/core-properties")
        main_rels = _relationships(zf, main)
        styles_root = _small_part(zf, _target(main_rels, "/styles"))
        styles = _Styles.parse(styles_root)
        fonts = _Fonts.parse(styles_root)
        numbering = Numbering.parse(_small_part(zf, _target(main_rels, "/numbering")), styles_root)
        core_title = _core_title(_small_part(zf, core))
        try:
            with zf.open(main) as raw:
                lines, heading = _read_body(_Bounded(raw, xml_allowance(max_chars)), max_chars, styles, fonts,
                                            numbering)
            lines = _header_lines(zf, main_rels, fonts) + lines
        except KeyError:
            raise DocxError(f"{NOT_READABLE}: it has no main part {main!r}") from None
        except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError,
                RuntimeError, NotImplementedError) as exc:
            raise DocxError(f"{NOT_READABLE}: {_first_line(exc)}") from None
    return DocxText(lines, core_title or heading, fonts.converted, bool(core_title))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _open_package(path: Path) -> zipfile.ZipFile:
    """The .docx as a zip archive, or DocxError saying what it is instead."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == _OLE:
        raise DocxError("not a readable .docx: password-protected (encrypted), or an old .doc renamed .docx")
    if not head:
        raise DocxError(f"{NOT_READABLE}: the file is empty")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise DocxError(f"{NOT_READABLE}: {_first_line(exc)}") from None


def _check_sizes(zf: zipfile.ZipFile, file_size: int, max_chars: int) -> None:
    """Refuse a package whose parts declare more unpacked bytes than the limit allows (a zip bomb).
    zipfile never returns more than a member declares, and `_Bounded` counts what is read."""
    unpacked = sum(info.file_size for info in zf.infolist())
    if unpacked - file_size > xml_allowance(max_chars):
        raise DocxTooLong(f"its parts unpack to {unpacked:,} bytes, over the {xml_allowance(max_chars):,} that "
                          f"--max-chars {max_chars:,} allows: not read")


class _Bounded:
    """A binary stream that raises DocxTooLong once more than `limit` bytes are read from it, or more
    than MAX_BLOCK_BYTES since `mark` (set where the last body-level block ended)."""

    def __init__(self, raw, limit: int):
        self.raw, self.limit, self.seen, self.mark = raw, limit, 0, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n >= 0 else self.limit + 1)
        self.seen += len(data)
        if self.seen > self.limit:
            raise DocxTooLong(f"its main part unpacks to over {self.limit:,} bytes: stopped reading")
        if self.seen - self.mark > MAX_BLOCK_BYTES:
            raise DocxTooLong(f"a paragraph or table of over {MAX_BLOCK_BYTES:,} bytes of XML: stopped reading")
        return data


def _parser() -> etree.XMLParser:
    """As python-docx parses parts: no entities resolved, no network, blank text between tags dropped."""
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def _small_part(zf: zipfile.ZipFile, name: str | None):
    """A part other than the main one (styles, core properties) parsed, or None if absent or broken;
    its size is within `_check_sizes`."""
    if not name:
        return None
    try:
        return etree.fromstring(zf.read(name), _parser())
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
            NotImplementedError, ValueError):
        return None


def _relationships(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, target part name) of a part's internal relationships ("" for the package's own)."""
    folder, name = posixpath.split(part)
    root = _small_part(zf, posixpath.join(folder, "_rels", f"{name}.rels"))
    if root is None:
        return []
    out = []
    for rel in root.iter(_REL):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out.append((rel.get("Type") or "", posixpath.normpath(full)))
    return out


def _target(rels: list[tuple[str, str]], type_ending: str) -> str | None:
    return next((target for kind, target in rels if kind.endswith(type_ending)), None)


def _core_title(root) -> str:
    """dc:title of the core properties, stripped ("" if none)."""
    title = root.find(_DC_TITLE) if root is not None else None
    return (title.text or "").strip() if title is not None else ""


class _Styles:
    """Which paragraph styles are headings, resolved once from styles.xml as python-docx's
    `Paragraph.style` resolves them one paragraph at a time: an unknown id, or one of a style that is
    not a paragraph style, is the default paragraph style; a heading is named "Title" or "Heading…"."""

    def __init__(self, headings: frozenset[str], paragraph_ids: frozenset[str], default_heading: bool):
        self.headings, self.paragraph_ids, self.default_heading = headings, paragraph_ids, default_heading

    @classmethod
    def parse(cls, root) -> "_Styles":
        first: dict[str, etree._Element] = {}
        default = None
        for style in (root.iterchildren(W + "style") if root is not None else ()):
            first.setdefault(style.get(W + "styleId"), style)
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                default = style
        ids = {sid: s for sid, s in first.items() if sid is not None and s.get(W + "type") == "paragraph"}
        headings = frozenset(sid for sid, s in ids.items() if _is_heading(s))
        return cls(headings, frozenset(ids), default is not None and _is_heading(default))

    def is_heading(self, paragraph) -> bool:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        sid = style.get(W + "val") if style is not None else None
        return sid in self.headings if sid in self.paragraph_ids else self.default_heading


def _is_heading(style) -> bool:
    name_el = style.find(W + "name")
    name = name_el.get(W + "val") if name_el is not None else None
    name = _HEADING_NAMES.get(name, name) or ""
    return name == "Title" or name.startswith("Heading")


class _Fonts:
    """The font each run is drawn in, as far as it decides the characters: the run's own
    (w:rFonts ascii or hAnsi), its character style's, its paragraph style's (or the default
    paragraph style's), through basedOn, else the document default. Text typed in a legacy
    Vietnamese font (.VnTime, .VnTimeH, VNI-Times) is converted run by run (`legacy.convert_run`):
    the font says which, and a capital font says its letters are capitals, which the codes alone
    cannot (TCVN3 has no accented capitals)."""

    def __init__(self, default: str | None, by_style: dict[str, str | None], default_paragraph: str | None):
        self.default, self.by_style, self.default_paragraph = default, by_style, default_paragraph
        self.legacy_styles = any(font_encoding(f) for f in (default, *by_style.values()))
        self.converted: str | None = None

    @staticmethod
    def _font(parent) -> str | None:
        fonts = parent.find(f"{W}rPr/{W}rFonts") if parent is not None else None
        return (fonts.get(W + "ascii") or fonts.get(W + "hAnsi")) if fonts is not None else None

    @classmethod
    def parse(cls, root) -> "_Fonts":
        if root is None:
            return cls(None, {}, None)
        default = cls._font(root.find(f"{W}docDefaults/{W}rPrDefault"))
        own, based, default_paragraph = {}, {}, None
        for style in root.iterchildren(W + "style"):
            sid = style.get(W + "styleId")
            if sid is None or sid in own:
                continue
            own[sid] = cls._font(style)
            base = style.find(W + "basedOn")
            based[sid] = base.get(W + "val") if base is not None else None
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                default_paragraph = default_paragraph or sid
        by_style = {}
        for sid in own:
            font, seen, cur = None, set(), sid
            while cur is not None and cur not in seen and font is None:
                seen.add(cur)
                font, cur = own.get(cur), based.get(cur)
            by_style[sid] = font
        return cls(default, by_style, default_paragraph)

    def run_font(self, run, paragraph_font: str | None) -> str | None:
        own = self._font(run)
        if own:
            return own
        style = run.find(f"{W}rPr/{W}rStyle")
        if style is not None and self.by_style.get(style.get(W + "val")):
            return self.by_style[style.get(W + "val")]
        return paragraph_font

    def paragraph_font(self, paragraph) -> str | None:
        style = paragraph.find(f"{W}pPr/{W}pStyle") if paragraph is not None else None
        sid = style.get(W + "val") if style is not None else self.default_paragraph
        return self.by_style.get(sid) or self.default

    def convert(self, block) -> None:
        """Convert, in place, the text of the block's runs drawn in a legacy font."""
        if not self.legacy_styles and not any(font_encoding(f.get(W + "ascii") or f.get(W + "hAnsi"))
                                              for f in block.iter(W + "rFonts")):
            return   # most documents: no legacy font anywhere, nothing to resolve run by run
        paragraph_fonts: dict = {}
        for run in block.iter(W + "r"):
            paragraph = next(run.iterancestors(W + "p"), None)
            if paragraph not in paragraph_fonts:
                paragraph_fonts[paragraph] = self.paragraph_font(paragraph)
            kind = font_encoding(self.run_font(run, paragraph_fonts[paragraph]))
            if kind is None:
                continue
            for t in run.iter(W + "t"):
                if t.text:
                    t.text = convert_run(t.text, kind)
            self.converted = self.converted or ("vni" if kind == "vni" else "tcvn3")


def _read_body(stream: _Bounded, max_chars: int, styles: _Styles,
               fonts: _Fonts | None = None, numbering: Numbering | None = None) -> tuple[list[str], str | None]:
    """The body's lines and its first heading, one block at a time (runs in a legacy font
    converted first, `_Fonts`; the labels Word draws before numbered paragraphs added, `Numbering`)."""
    lines: list[str] = []
    heading = None
    for block in _body_blocks(stream, max_chars):
        if fonts is not None:
            fonts.convert(block)
        lines.extend(block_lines(block, numbering))
        if heading is None:
            heading = next((text for p in _body_paragraphs(block) if styles.is_heading(p)
                            for text in [inline_text(p).strip()] if text), None)
    return lines, heading


_BLOCKS = (W + "p", W + "tbl", W + "sdt", W + "customXml")


def _body_blocks(stream: _Bounded, max_chars: int) -> Iterator[etree._Element]:
    """Each child of w:body once parsed, removed from the tree after use; DocxTooLong once the
    text (the characters of its w:t elements) passes `max_chars`. Only the elements looked at are
    events (the parser skips the others in C): a part of empty markup costs parsing, not Python."""
    chars, checked = 0, False
    events = etree.iterparse(stream, events=("end",), tag=(W + "t", *_BLOCKS), remove_blank_text=True,
                             resolve_entities=False, no_network=True)
    for _, elem in events:
        if not checked:
            _check_root(elem.getroottree().getroot())
            checked = True
        if elem.tag == W + "t":
            chars += len(elem.text or "")
            if chars > max_chars:
                raise DocxTooLong(f"longer than {max_chars:,} characters (--max-chars): stopped reading")
            continue
        parent = elem.getparent()
        if parent is not None and parent.tag == W + "body":
            yield elem
            elem.clear()
            while elem.getprevious() is not None:   # what follows may be parsed already: it stays
                del parent[0]
            stream.mark = stream.seen
    _check_root(events.root)


def _check_root(root) -> None:
    if root is not None and root.tag != W + "document":
        raise DocxError(f"not a Word document (its main part is <{etree.QName(root).localname}>)")


def _body_paragraphs(block) -> Iterator[etree._Element]:
    """The paragraphs of a body-level block outside tables (where python-docx looks for headings),
    content controls and custom XML opened."""
    if block.tag == W + "p":
        yield block
    elif block.tag in (W + "sdt", W + "customXml"):
        for child in _block_children(block):
            yield from _body_paragraphs(child)


def _block_children(elem) -> Iterator[etree._Element]:
    """The children of a block container; a content control's content, not its properties."""
    if elem.tag == W + "sdt":
        content = elem.find(W + "sdtContent")
        return iter(content) if content is not None else iter(())
    return iter(elem)


def run_text(run) -> str:
    """A run's text: w:t, tabs, and breaks as "\\n", a non-breaking hyphen as "-". Unlike python-docx's
    `Run.text`, a page or column break is a line end too: "Phó Giám đốc", a page break, "Sở Y tế" are
    words apart, not "đốcSở"."""
    out = []
    for e in run:
        tag = e.tag
        if tag == W + "t":
            out.append(e.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag in (W + "cr", W + "br"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _hidden(run) -> bool:
    """A run formatted as hidden (w:vanish): an editor's note Word does not show or print."""
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def inline_text(parent) -> str:
    """A paragraph's (or an inline container's) text, its runs in document order (hidden ones left out)."""
    out = []
    for e in parent:
        if e.tag == W + "r":
            if not _hidden(e):
                out.append(run_text(e))
        elif e.tag in _INLINE:
            out.append(inline_text(e))
        elif e.tag == W + "sdt":
            out.append(inline_text(_block_children(e)))
    return "".join(out)


def block_lines(block, numbering: Numbering | None = None) -> list[str]:
    """A body-level block's lines: a paragraph's text stripped (empty if it has none) after the label
    Word numbers it with, a table's rows (`table_lines`), a content control's or custom XML's blocks
    in turn."""
    if block.tag == W + "p":
        text = inline_text(block).strip()
        label = numbering.label(block) if numbering is not None else ""
        return [f"{label} {text}" if label and text else text] + _text_box_lines(block, numbering)
    if block.tag == W + "tbl":
        return table_lines(block)
    if block.tag in (W + "sdt", W + "customXml"):
        return [line for child in _block_children(block) for line in block_lines(child, numbering)]
    return []


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_box_lines(paragraph, numbering: Numbering | None = None) -> list[str]:
    """The lines of the text boxes anchored in a paragraph, after its own text: a sidebar, or a whole
    body pasted from a layout program into one box. Word writes a box twice, as a drawing and as its
    VML fallback for older readers: the fallback is left out, and so is a box inside another box (read
    with it)."""
    lines: list[str] = []
    for box in paragraph.iter(W + "txbxContent"):
        if any(a.tag in (_MC_FALLBACK, W + "txbxContent") for a in box.iterancestors()):
            continue
        for child in box:
            if child.tag in _BLOCKS:
                lines.extend(block_lines(child, numbering))
    return lines


_PAGE_NUMBER = re.compile(r"(?i)(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?|-\s*\d{1,4}\s*-")


def _header_lines(zf: zipfile.ZipFile, main_rels: list[tuple[str, str]], fonts: _Fonts) -> list[str]:
    """The page headers' lines, each distinct header once, then a blank line, when they hold an
    administrative title block (the motto, a "Số:" line): it is sometimes set there, and the
    administrative reader looks for it at the top of the text. Any other header is page furniture (a
    paper's name and date over a clipping, whose date would be taken for the article's): []."""
    lines: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for kind, part in main_rels:
        root = _small_part(zf, part) if kind.endswith("/header") else None
        if root is None:
            continue
        fonts.convert(root)
        own = tuple(line for block in root if block.tag in _BLOCKS for line in block_lines(block)
                    if line and not _PAGE_NUMBER.fullmatch(line.strip()))
        if own and own not in seen:
            seen.add(own)
            lines.extend(own)
    return lines + [""] if any(_TITLE_BLOCK.search(line) for line in lines) else []


# what only an administrative document's title block prints: the motto, its number line
_TITLE_BLOCK = re.compile(r"(?i)cộng hòa xã hội chủ nghĩa|cộng hoà xã hội chủ nghĩa|độc lập\s*-\s*tự do|^\s*số\s*:")


def _cell_text(container) -> str:
    """A cell's text as python-docx's `_Cell.text` (its paragraphs, one a line), with its nested
    tables' lines and content controls in place."""
    parts = []
    for child in _block_children(container):
        if child.tag == W + "p":
            parts.append(inline_text(child))
        elif child.tag == W + "tbl":
            parts.append("\n".join(table_lines(child)))
        elif child.tag in (W + "sdt", W + "customXml"):
            parts.append(_cell_text(child))
    return "\n".join(parts)


def _wrapped(children, tag: str) -> Iterator[etree._Element]:
    """The `tag` elements among `children` (rows of a table, cells of a row), also those inside a
    content control or custom XML."""
    for child in children:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            yield from _wrapped(_block_children(child), tag)


def _int_val(elem, default: int) -> int:
    try:
        return int(elem.get(W + "val")) if elem is not None else default
    except (TypeError, ValueError):
        return default


def _grid_row(tr) -> list[tuple[int, etree._Element]]:
    """(grid column where it starts, cell) for each cell of a row."""
    offset, out = _int_val(tr.find(f"{W}trPr/{W}gridBefore"), 0), []
    for tc in _wrapped(tr, W + "tc"):
        out.append((offset, tc))
        offset += _int_val(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
    return out


def _merged_from(grid: list[list[tuple[int, etree._Element]]], row: int, offset: int, tc):
    """The cell whose text a vertically merged cell shows: the first of its merge, as python-docx
    finds it (the cell above at the same grid column, until one that does not continue a merge)."""
    while row > 0:
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        if merge is None or merge.get(W + "val", "continue") != "continue":
            return tc
        above = next((cell for start, cell in grid[row - 1] if start == offset), None)
        if above is None:
            return tc
        row, tc = row - 1, above
    return tc


def table_lines(tbl) -> list[str]:
    """A table row by row, its cells joined by " | " (a merged cell once a row); a cell of several
    lines is printed line by line beside its neighbours, as two columns read."""
    lines: list[str] = []
    grid: list[list[tuple[int, etree._Element]]] = []
    for r, tr in enumerate(_wrapped(tbl, W + "tr")):
        grid.append(_grid_row(tr))
        cells: list[list[str]] = []
        seen: set = set()
        for offset, tc in grid[r]:
            source = _merged_from(grid, r, offset, tc)
            if source in seen:
                continue
            seen.add(source)
            cells.append([" ".join(x.split()) for x in _cell_text(source).splitlines() if x.strip()])
        for i in range(max((len(c) for c in cells), default=0)):
            lines.append(" | ".join(c[i] if i < len(c) else "" for c in cells).strip(" |"))
    return lines
