"""The "admin" pipeline component: an administrative document read as a document.

It runs `read_document` on the Doc's input text and keeps the result as plain
data in `doc._.admin` (None for news), so DocBin, `to_bytes` and
`nlp.pipe(n_process=2)` carry it. It also writes the entities that only the
document's layout can place, before the entity components run (an earlier
component wins, `entities.types.merge_entities`):

- LEGAL_REF for every cited document (news too: articles cite decrees), with
  the value ANNOTATION.md gives; the document's own number is metadata;
- the issuer as one ORG over its ALL-CAPS header line(s), with its normal
  capitalisation as the canonical name, because the name rules read capitals
  piecemeal ("HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" as an ORG);
- each signer's printed name as PERSON, the date line's place as LOC.

A file reader's warnings in the Doc's metadata (a scanned PDF with no text
layer, `pipeline.io.readers.READER_WARNINGS`) join the document's warnings, and
make `doc._.admin` a document of null fields when the text gave none.

`drop_boilerplate` is what the names component calls afterwards to leave out
ORG/PERSON/TITLE found in the motto, the type line, "Nơi nhận", "Lưu",
"(đã ký)", the header's capitals lines and the signature block's title lines.
The component has no data of its own (the word lists ship in
`pipeline/admin/data/`), so it needs no to_disk/from_disk.
"""
from __future__ import annotations

import re

from spacy.language import Language

from ..extensions import doc_text, ensure_extensions, plain, set_entities
from ..entities.types import Entity, merge_entities
from ..io.readers import READER_WARNINGS
from .document import AdminDocument, read_document, signer_officials
from .legal_refs import find_legal_refs
from ..text.normalize import in_capitals
from .vocab import fold

# record fields of the `document` object (issue 14's JSON example, plus warnings)
SIGNER_KEYS = ("name", "title", "authority", "on_behalf_of", "outer")
_NAME_LABELS = ("ORG", "PERSON", "TITLE")


def document_object(data: dict | None) -> dict | None:
    """The record's `document` from `doc._.admin`: the issue's fields, no spans.

    A blank number ("Số: /BC-UBND", a draft) is null here with a warning: the
    record gives no number it cannot stand by (`doc._.admin` keeps the printed part).
    """
    if not data:
        return None
    warnings = list(data["warnings"])
    number = data["number"]
    if data.get("number_blank"):
        warnings.append(f"number: blank in the header ({number!r}), left null")
        number = None
    return {
        "doc_type": data["doc_type"], "number": number, "issuer": data["issuer"],
        "issuer_parent": data["issuer_parent"], "place": data["place"], "date": data["date"],
        "subject": data["subject"],
        "signers": [{k: s.get(k) for k in SIGNER_KEYS} for s in data["signers"]],
        "addressees": list(data["addressees"]),
        "recipients": list(data["recipients"]),
        "warnings": warnings,
    }


_CONTENT_PARTS = {"subject", "body", "vv"}


def apparatus_spans(admin) -> list[tuple[int, int]]:
    """(start, end) of an administrative document's parts that are not its subject or body (the
    header, the signature block, the recipients), and of its boilerplate; [] for news. `admin` is
    `doc._.admin`."""
    if not admin:
        return []
    spans = [(p["start"], p["end"]) for p in admin.get("parts") or [] if p["kind"] not in _CONTENT_PARTS]
    spans += [(b["start"], b["end"]) for b in admin.get("boilerplate") or []]
    return sorted(spans)


def reader_warnings(meta: dict | None) -> list[str]:
    """The warnings a file reader left in the document's metadata (`pipeline.io.readers.READER_WARNINGS`)."""
    notes = (meta or {}).get(READER_WARNINGS)
    return [str(n) for n in notes] if isinstance(notes, list) else []


def _key(s: str) -> str:
    return " ".join(fold(s).split())


def _issuer_entities(text: str, data: dict) -> list[Entity]:
    """The issuer (and its parent) as ORG over the header's capitals lines.

    A name wrapped over two lines is one entity when only white space lies
    between its pieces; interleaved with the motto (two columns), each piece
    is an entity of its own with the same canonical name. A name whose
    pieces cannot be matched to the printed lines gives no entity: no guess.
    """
    pieces = [(p["start"], p["end"]) for p in data["parts"] if p["kind"] == "issuer_line"]
    out: list[Entity] = []
    if not pieces:
        return out
    lo, hi = pieces[0][0], pieces[-1][1]
    for name in (data["issuer_parent"], data["issuer"]):
        if not name:
            continue
        # the name as printed in the block, capitals and line breaks aside
        # ("BỘ NÔNG THÔN MỚI CỤC KIỂM ĐỊNH HẠT GIỐNG" run together on one line)
        words = name.split()
        m = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.I).search(text, lo, hi)
        if m and not any(e.start < m.end() and m.start() < e.end for e in out):
            out.append(Entity("ORG", m.start(), m.end(), m.group(), None, name))
            continue
        want = _key(name)
        found = None
        for i in range(len(pieces)):
            got = ""
            for j in range(i, min(i + 4, len(pieces))):
                got = (got + " " + _key(text[pieces[j][0]:pieces[j][1]])).strip()
                got = re.sub(r"\s+", " ", got)
                if got == want:
                    found = pieces[i:j + 1]
                    break
                if not want.startswith(got):
                    break
            if found:
                break
        if not found:
            continue
        if all(not text[a[1]:b[0]].strip() for a, b in zip(found, found[1:])):
            found = [(found[0][0], found[-1][1])]
        for a, b in found:
            while b > a and text[b - 1] in " .,:;-–—_|\t":
                b -= 1
            if not any(e.start < b and a < e.end for e in out):
                out.append(Entity("ORG", a, b, text[a:b], None, name))
    return out


def _place_entity(text: str, data: dict) -> list[Entity]:
    """The date line's place ("Hòa Lâm, ngày …") as LOC: the name rules read a
    line-initial place without "tỉnh" as a person."""
    place = data.get("place")
    for p in data["parts"]:
        if p["kind"] == "date_line" and place:
            i = text.find(place, p["start"], p["end"])
            if i >= 0:
                return [Entity("LOC", i, i + len(place), place, None, place)]
    return []


def _signer_entities(text: str, data: dict) -> list[Entity]:
    out = []
    for s in data["signers"]:
        a, b = s.get("name_start"), s.get("name_end")
        if a is not None and b is not None and b > a:
            out.append(Entity("PERSON", a, b, text[a:b]))
    return out


def legal_ref_entities(text: str, data: dict | None) -> list[Entity]:
    """LEGAL_REF entities: the document's own list, or, for news, the finder run alone."""
    refs = data["legal_refs"] if data else [r.to_dict() for r in find_legal_refs(text)]
    return [Entity("LEGAL_REF", r["start"], r["end"], text[r["start"]:r["end"]], r["value"]) for r in refs]


def _blocked(data: dict) -> list[tuple[int, int]]:
    """Where a name found by the name rules is furniture, not a mention."""
    spans = [(b["start"], b["end"]) for b in data["boilerplate"]]
    spans += [(p["start"], p["end"]) for p in data["parts"] if p["kind"] == "issuer_line"]
    return spans


# an office written short in a list of recipients ("CT", "PCT", "TT", "PGĐ")
_ABBREVIATION = re.compile(r"[A-ZĐ]{1,4}")


def drop_boilerplate(doc, found: list[Entity]) -> list[Entity]:
    """`found` without any entity in the motto, without ORG/PERSON/TITLE in the document's boilerplate
    or header capitals, without PERSON in a signature block other than the signer's
    name (the title line "GIÁM ĐỐC" read as a name), and without an office written short as a PERSON
    or TITLE in the list of recipients. News: `found` unchanged."""
    data = getattr(doc._, "admin", None)
    if not data:
        return found
    blocked = _blocked(data)
    motto = [(b["start"], b["end"]) for b in data["boilerplate"] if b["kind"] == "motto"]
    sig = [(s["start"], s["end"]) for s in data["signers"]]
    names = {(s.get("name_start"), s.get("name_end")) for s in data["signers"]}
    subject = [(p["start"], p["end"]) for p in data["parts"] if p["kind"] == "subject"]
    recipients = [(p["start"], p["end"]) for p in data["parts"] if p["kind"] == "recipients"]

    def keep(e: Entity) -> bool:
        if any(a < e.end and e.start < b for a, b in motto):
            return False          # ANNOTATION.md: the motto lines are no entities ("... VIỆT NAM" read as a LOC)
        if e.label not in _NAME_LABELS:
            return True
        if not any(c.isalpha() for c in e.text):
            return False          # the header's rules ("-------") read as a name
        if any(a < e.end and e.start < b for a, b in blocked):
            return False
        in_sig = any(a < e.end and e.start < b for a, b in sig)
        if e.label == "PERSON" and (e.start, e.end) not in names and in_sig:
            return False
        if in_capitals(e.text) and (in_sig or any(a < e.end and e.start < b for a, b in subject)):
            return False          # "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG", "VỀ VIỆC THÀNH LẬP …" read piecemeal
        if e.label in ("PERSON", "TITLE") and _ABBREVIATION.fullmatch(e.text) \
                and any(a <= e.start and e.end <= b for a, b in recipients):
            return False          # "Nơi nhận: - CT, PCT UBND tỉnh; - TT HĐND tỉnh": offices written short
        return True

    return [e for e in found if keep(e)]


def officials_of(doc) -> list[dict]:
    """Each signer as an official record (name, title, issuer) with the name's span."""
    return signer_officials(getattr(doc._, "admin", None))


# an outline label standing alone (pipeline/admin/structure.py's markers, whole)
_LABEL_ONLY = re.compile(
    r"(?:(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]+|\d+)\.?|Điều\s+\d+[a-z]?\s*[.:]?"
    r"|[IVX]{1,5}\s*[.)]|\d{1,2}(?:\.\d{1,2}){0,5}\s*[.)]?|[a-zđ]\s*\)|[-–•+*])")


def _is_label(text: str, start: int, end: int) -> bool:
    return bool(_LABEL_ONLY.fullmatch(text[start:end].strip()))


def join_labels(text: str, sentences: list, paragraphs: list) -> tuple[list, list]:
    """Sentences and paragraphs with each lone outline label ("2.", "a)", "Điều 1.")
    joined to the text it labels, so that the label is never a sentence or a
    passage (with a theme) of its own.

    A label-only paragraph joins the next paragraph; a label-only sentence
    joins the next sentence when both sit in one paragraph after that.
    """
    paras: list[list[int]] = []
    for a, b in paragraphs:
        if paras and _is_label(text, *paras[-1]) and not text[paras[-1][1]:a].count("\n") > 2:
            paras[-1][1] = b
        else:
            paras.append([a, b])
    bounds = [(a, b) for a, b in paras]

    def para_of(pos: int):
        for a, b in bounds:
            if a <= pos < b:
                return a
        return None

    sents: list[list[int]] = []
    for a, b in sentences:
        if sents and _is_label(text, *sents[-1]) and para_of(sents[-1][0]) == para_of(a) is not None:
            sents[-1][1] = b
        else:
            sents.append([a, b])
    return [tuple(s) for s in sents], bounds


def _apply_labels(doc, text: str) -> None:
    """`join_labels` on the Doc: its sentence and paragraph spans and the tokens' sentence starts."""
    old = list(doc._.sentence_spans or [])
    sents, paras = join_labels(text, old, list(doc._.paragraphs or []))
    if len(sents) == len(old) and paras == [tuple(p) for p in doc._.paragraphs or []]:
        return
    kept = {a for a, _ in sents}
    gone = {a for a, _ in old} - kept
    if gone:
        for tok in doc:
            if tok.idx in gone and tok.i > 0:
                tok.is_sent_start = False
    doc._.sentence_spans = [tuple(s) for s in sents]
    doc._.paragraphs = paras


_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_LONE_CR = re.compile(r"\r(?!\n)")


def reading_view(nt) -> tuple[str, object]:
    """The text the reader reads, and how its spans map back to the input (None: they are the input's).

    The layout is read line by line and its words matched as written, so a document typed with
    decomposed accents, no-break spaces, zero-width characters or a byte-order mark, or with lines
    ended by a carriage return alone or U+2028, is read on the normalised view (`pipeline.text`)
    with those line ends made "\\n"; a clean text is read as it is."""
    if isinstance(nt.offsets, range):   # nothing to normalise but tone placement: read the input itself
        return _LONE_CR.sub("\n", nt.source.translate(_LINE_BREAKS)), None
    return _LONE_CR.sub("\n", nt.text.translate(_LINE_BREAKS)), nt.to_input


_SPAN_KEYS = (("start", "end"), ("name_start", "name_end"))


def spans_back(data, back):
    """`data` with every (start, end) and (name_start, name_end) pair mapped back to input offsets."""
    if isinstance(data, list):
        return [spans_back(x, back) for x in data]
    if not isinstance(data, dict):
        return data
    out = {k: spans_back(v, back) for k, v in data.items()}
    for a, b in _SPAN_KEYS:
        if isinstance(out.get(a), int) and isinstance(out.get(b), int):
            out[a], out[b] = back(out[a], out[b])
    return out


def _entity_back(e: Entity, back, text: str) -> Entity:
    start, end = back(e.start, e.end)
    return Entity(e.label, start, end, text[start:end], e.value, e.canonical)


class AdminReader:
    """spaCy component: `doc._.admin` (plain data or None), LEGAL_REF, issuer ORG and signer PERSON entities."""

    def __init__(self, nlp, name: str, legal_refs_in_news: bool = True):
        ensure_extensions()
        self.legal_refs_in_news = legal_refs_in_news

    def __call__(self, doc):
        text = doc_text(doc)
        view, back = reading_view(doc._.norm_text)
        adm: AdminDocument | None = read_document(view)
        notes = reader_warnings(doc._.meta)
        if notes:
            # what the file reader could not read (a scanned PDF's missing text
            # layer) reaches the record: a document of null fields if need be
            adm = adm or AdminDocument.unread()
            adm.warnings = notes + adm.warnings
        data = plain(adm.to_dict()) if adm is not None else None
        new: list[Entity] = []
        if data is not None:
            # the entities are found on the text the reader read, then mapped back to the input
            new += _issuer_entities(view, data) + _signer_entities(view, data) + _place_entity(view, data)
            new += legal_ref_entities(view, data)
            if back is not None:
                data = spans_back(data, back)
                new = [_entity_back(e, back, text) for e in new]
        elif self.legal_refs_in_news:
            # read on the view too: "Nghị định số" written with decomposed accents or a no-break space
            refs = legal_ref_entities(view, None)
            new += [_entity_back(e, back, text) for e in refs] if back is not None else refs
        doc._.admin = data
        if new:
            set_entities(doc, merge_entities(doc._.entities, new))
        return doc


class OutlineJoiner:
    """spaCy component: in an administrative document, each lone outline label
    ("2.", "a)", "Điều 1.") joins the sentence and paragraph it labels.

    It runs after the entity components and before "themes": the name
    rules read a sentence's first word as capitalised by position, so
    "Điều 1. Thành lập thị xã …" joined earlier would make "Thành lập" a name.
    """

    def __init__(self, nlp, name: str):
        ensure_extensions()

    def __call__(self, doc):
        # a part of a long administrative document (pipeline.language.analyze_long) too
        if getattr(doc._, "admin", None) or (doc._.meta or {}).get("admin_part"):
            _apply_labels(doc, doc_text(doc))
        return doc


@Language.factory("admin_outline", default_config={}, requires=["doc._.admin"],
                  assigns=["doc._.sentence_spans", "doc._.paragraphs", "token.is_sent_start"])
def make_admin_outline(nlp: Language, name: str) -> OutlineJoiner:
    """The "admin_outline" factory: outline labels joined to their text (administrative documents only)."""
    return OutlineJoiner(nlp, name)


@Language.factory("admin", default_config={"legal_refs_in_news": True},
                  assigns=["doc._.admin", "doc.ents", "token.ent_iob", "token.ent_type",
                           "span._.value", "span._.canonical"])
def make_admin(nlp: Language, name: str, legal_refs_in_news: bool) -> AdminReader:
    """The "admin" factory: reads administrative documents; `legal_refs_in_news`
    (shipped: true) also marks the decrees and decisions news articles cite."""
    return AdminReader(nlp, name, legal_refs_in_news=legal_refs_in_news)
