"""spaCy tokenizer over underthesea's word segmentation, with exact offsets.

underthesea's `word_tokenize` returns strings that are not always substrings of
its input (it normalises characters and rewrites some syllables). This wrapper
runs the same two steps, underthesea's syllable regex and its CRF word model,
but keeps the position of every syllable: the regex runs on our normalised
view (`pipeline.text`), the CRF sees underthesea's own token normalisation as
its features, and each word's span is mapped back to the input. Sentences are
split first (`pipeline.text.segment`) because the CRF glues words across a sentence
end when given a whole article. The CRF is underthesea's model, scored by
`pipeline.text.wordseg` (same tags, without its per-feature strings).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from functools import lru_cache

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from . import segment
from ..extensions import ensure_extensions, set_norm_text
from .normalize import NormText, normalize, normalize_document


@lru_cache(maxsize=1)
def _segmenter():
    from .wordseg import default_segmenter

    return default_segmenter()


@lru_cache(maxsize=1)
def _syllable_pattern() -> re.Pattern:
    from underthesea.pipeline.word_tokenize import regex_tokenize

    return regex_tokenize.patterns


@lru_cache(maxsize=200_000)
def _token_normalize(tok: str) -> str:
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize(tok)


@dataclass
class Segmented:
    """Words, sentences and paragraphs of one text, all as input spans."""

    words: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]
    norm: NormText


def _input_spans(nt: NormText, spans):
    if isinstance(nt.offsets, range):
        return list(spans)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = nt.to_input(s, e)
        if out and s < out[-1][1]:
            # two normalised tokens from one input letter (a mark the
            # syllable regex split off): one input span
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _syllables(norm_text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Syllable spans of one sentence, by underthesea's own regex."""
    # A sentence-final period is its own token, even after an abbreviation
    # the regex would otherwise swallow it into ("TP.HCM.").
    tail = []
    if end - start > 1 and norm_text[end - 1] == "." and norm_text[end - 2] not in ". ":
        tail = [(end - 1, end)]
        end -= 1
    pattern = _syllable_pattern()
    out: list[tuple[int, int]] = []
    for chunk in _CHUNK.finditer(norm_text, start, end):
        a, b = chunk.span()
        w = chunk.group()
        # Most chunks are a plain syllable, alone or before a comma: what the regex gives them is
        # known, so it runs only on the others (no match of its crosses a space). The scan keeps the
        # sentence's end as its end, so "$" in the regex means what it does on the whole sentence.
        if w.isalpha() and not _abbreviation_like(w):
            out.append((a, b))
        elif w[-1] == "," and w[:-1].isalpha() and not _abbreviation_like(w[:-1]):
            out += [(a, b - 1), (b - 1, b)]
        else:
            for m in pattern.finditer(norm_text, a, end):
                if m.start() >= b:
                    break
                out.append(m.span())
    return out + tail


_CHUNK = re.compile(r"\S+")


def _abbreviation_like(w: str) -> bool:
    """Letters the regex would cut short: its "Th.S" / "Th.s" alternatives, whose "." is any
    character, match the first four letters of a word such as "Thesis"."""
    return len(w) >= 4 and w[0] == "T" and w[1] == "h" and w[3] in "Ss"


# Marks that stand between cells or items and never inside a word (the .docx reader writes " | " between
# table cells; no word of UD Vietnamese VTB holds one), though the segmenter may join them to a neighbour
_SEPARATOR = re.compile(r"[|¦•●▪■□►▸◆◇★☆→←↑↓]+")


def _join_syllables(norm_text: str, syllables, tags, words: list) -> None:
    for tag, (s, e) in zip(tags, syllables):
        # a word never spans a gap that is not one plain space (e.g. a line break), nor a separator
        if (tag == "I-W" and words and s == words[-1][1] + 1 and norm_text[s - 1] == " "
                and not _SEPARATOR.fullmatch(norm_text, s, e)
                and not _SEPARATOR.fullmatch(norm_text, words[-1][0], words[-1][1])):
            words[-1] = (words[-1][0], e)
        else:
            words.append((s, e))


def segment_words(norm_text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Word spans (in the normalised text) of the given sentences, in order."""
    per_sentence = [_syllables(norm_text, s, e) for s, e in sentences]
    per_sentence = [syl for syl in per_sentence if syl]
    if not per_sentence:
        return []
    tags = _segmenter().tag([[_token_normalize(norm_text[s:e]) for s, e in syl] for syl in per_sentence])
    words: list[tuple[int, int]] = []
    for syl, sentence_tags in zip(per_sentence, tags):
        _join_syllables(norm_text, syl, sentence_tags, words)
    return words


def segment_text(text: str, restore_accents: bool = True) -> Segmented:
    nt = normalize_document(text) if restore_accents else normalize(text)
    # the view writes a tab as a space; where the input had one, columns or cells part
    tabs = [nt.from_input(i) for i, c in enumerate(text) if c == "\t"] if "\t" in text else []
    norm_paragraphs = segment.paragraphs(nt.text, tabs)
    norm_sentences = segment.sentences(nt.text, norm_paragraphs, tabs)
    return Segmented(
        words=_input_spans(nt, segment_words(nt.text, norm_sentences)),
        sentences=_input_spans(nt, norm_sentences),
        paragraphs=_input_spans(nt, norm_paragraphs),
        norm=nt,
    )


def tokenize_line(line: str) -> str:
    """One line as words joined by spaces, syllables joined by "_". A character no word holds (a stray
    accent, a zero-width non-joiner) is kept where it stands: on the word it touches, else alone."""
    out: list[str] = []
    pos = 0
    for s, e in [*segment_text(line).words, (len(line), len(line))]:
        gap = line[pos:s]
        pieces = gap.split()
        if pieces and out and not gap[0].isspace():
            out[-1] += pieces.pop(0)          # touches the word before
        glue = pieces.pop() if pieces and not gap[-1].isspace() and s < len(line) else ""
        out.extend(pieces)
        if s < len(line):
            out.append(glue + "_".join(line[s:e].split()))
        pos = e
    return " ".join(out)


def tokenize_long_line(line: str, part_chars: int | None = None) -> str:
    """`tokenize_line` in parts cut at sentence or space boundaries, so memory
    stays bounded on a line of any length (words never straddle a cut)."""
    from .parts import PART_CHARS, split_long

    part_chars = part_chars or PART_CHARS
    if len(line) <= part_chars:
        return tokenize_line(line)
    outs = (tokenize_line(line[s:e]) for s, e in split_long(line, part_chars))
    return " ".join(o for o in outs if o)


_LINE_END = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    """The lines of a decoded text as the stream reads them: ended by LF, CRLF or a CR alone, not at the
    form feeds and Unicode separators str.splitlines also cuts at (one output line per input line)."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def tokenize_stream(stream, max_chars: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, words, problem) for each line of a binary stream, read one
    bounded line at a time. A line that is not UTF-8 or is longer than
    `max_chars` is a problem and the next line is read; binary input (a NUL
    byte) stops the stream with a problem, as there is no next line to trust."""
    from ..io.readers.streams import _physical_lines   # lines ended by LF, CRLF, or a CR alone

    for lineno, raw in _physical_lines(stream, 4 * max_chars):
        if raw is None:
            yield lineno, None, f"line longer than {max_chars:,} characters (--max-chars)"
            continue
        if b"\x00" in raw:
            yield lineno, None, "binary data (NUL byte), stopped reading"
            return
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            yield lineno, None, f"not valid UTF-8 (byte {exc.start}: {exc.reason})"
            continue
        if len(line) > max_chars:
            yield lineno, None, f"line longer than {max_chars:,} characters (--max-chars)"
            continue
        yield lineno, tokenize_long_line(line) if line.strip() else "", None


class UndertheseaTokenizer:
    """A spaCy tokenizer: text -> Doc of underthesea words.

    Whitespace other than one space after a word becomes its own token, as in
    spaCy, so `doc.text == text` always holds. Sentence starts are set from
    `pipeline.text.segment`; paragraphs are kept in `doc._.paragraphs`.
    """

    def __init__(self, vocab: Vocab, restore_accents: bool = True):
        ensure_extensions()
        self.vocab = vocab
        self.restore_accents = restore_accents

    def __call__(self, text: str) -> Doc:
        seg = segment_text(text, self.restore_accents)
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[int] = []  # token index of each sentence's first word
        sent_starts = {s for s, _ in seg.sentences}
        pos = 0
        end = len(text)
        # the sentinel (end, end) flushes the whitespace after the last word
        for s, e in [*seg.words, (end, end)]:
            if s > pos:
                gap = text[pos:s]
                if words and gap[0] == " ":
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    words.append(gap)
                    spaces.append(False)
            if s == end:
                break
            if s in sent_starts:
                starts.append(len(words))
            words.append(text[s:e])
            spaces.append(False)
            pos = e
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # Only sentence starts are marked; unmarked tokens continue a sentence.
        # One from_array call: setting `token.is_sent_start` scans the whole
        # Doc for a parse each time.
        if words:
            flags = np.zeros(len(words), dtype=np.uint64)
            flags[starts or [0]] = 1
            doc.from_array([SENT_START], flags)
        nt = seg.norm
        if nt.text != text:
            self._set_norms(doc, nt)
        ext = doc._
        ext.paragraphs = seg.paragraphs
        ext.sentence_spans = seg.sentences
        set_norm_text(doc, nt)
        return doc

    @staticmethod
    def _set_norms(doc: Doc, nt: NormText) -> None:
        """token.norm_ from the normalised view, where it differs from lower()."""
        identity = isinstance(nt.offsets, range)
        for tok in doc:
            if identity:
                norm = nt.text[tok.idx:tok.idx + len(tok.text)].lower()
            else:
                ns, ne = nt.span_from_input(tok.idx, tok.idx + len(tok.text))
                norm = nt.text[ns:ne].lower() if ne > ns else tok.text.lower()
            if norm != tok.norm_:
                tok.norm_ = norm

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # spaCy calls these when saving and loading a pipeline; nothing to store.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


@registry.tokenizers("vnmonitor.UndertheseaTokenizer.v1")
def create_tokenizer(restore_accents: bool = True):
    """`restore_accents`: lines typed without accents are read accented again
    (`pipeline.text.accents`); the output's offsets and texts are the input's either way."""
    def make(nlp):
        return UndertheseaTokenizer(nlp.vocab, restore_accents)

    return make
