"""Lines printed in capitals, read in the document's own case by the names stage.

A headline or a report's heading in capitals says nothing by its
case: "BỘ TRƯỞNG NGUYỄN VĂN AN THĂM QUẢNG NAM" capitalises the office, the name and
every common word alike. Vietnamese capitalisation is lexical, and the document
nearly always writes the same words in its running text, so each run of words of
such a line takes the case the body prints it in (the longest run the body holds,
mid-sentence; `admin.recase.BodyCase`, which also reads header lines). A run the
body does not hold takes the case of a place, an organisation or a foreign name
the lexicons know at it ("VIỆT NAM", "CHELSEA"); a word left stays in capitals
when it is an abbreviation ("UBND", "TP.HCM") and is otherwise written in lower
case, but for the line's first word. An administrative document's header and
signature block are left to the admin reader (`views`).

Only what the names stage reads changes: the words the rules and the CRF read
(`Sentence.words`, through `views`), the line's words cut again on the recased text
(underthesea's segmenter glues words of a line in capitals), and the text the
tidy-up steps read case in (`recased_text`). The letters are the same, so every
span still points into the input as given, and an entity's text is the input's. On the unseen
20% of the training regions, each first line turned to capitals above its body
(`scripts/eval_heldout.py --model-dir DIR --caps-headline`, DIR a names model
trained with `--holdout 0.2`), the first lines' entities go from strict .876 to
.915 (PERSON .791 -> .904, TITLE .921 -> .961, ORG .848 -> .889, LOC .891 -> .908;
.940 as written; .906 with the words alone, .911 with the words cut again).
Tried and not kept: a word the body never writes in lower case given a capital
(.857), and a surname the body lacks opening a name (.897).
"""
from __future__ import annotations

from functools import lru_cache

from ..admin.component import apparatus_spans
from ..admin.recase import BodyCase, is_abbreviation
from ..text import norm_form
from .syllables import is_caps_line, sentence_views

MAX_RUN = 6              # words of a line looked up in the body at once
MAX_LINES = 200          # capitals lines read per document (a document all in capitals has no body to ask)
_KNOWN_KINDS = ("PLACE", "ORG")   # lexicon entries a run the body lacks may take its case from


def _with_case_of(printed: str, found: str) -> str:
    """`printed` with the case of `found`, letter by letter (the body may restore lost accents: those
    are not taken, only the case)."""
    return "".join(p.upper() if f.isupper() else p.lower() for p, f in zip(printed, found))


def _written(name: str) -> list[str]:
    """The tokens of a lexicon or gazetteer name as the file writes it."""
    from .lexicon import tokens

    return [name[a:b] for a, b in tokens(name)]


@lru_cache(maxsize=4)
def _gazetteer_forms(gazetteer) -> dict[tuple[str, ...], list[str]]:
    """Each foreign name's tokens as written ("Chelsea", "FIFA"), by its lower-cased tokens."""
    out = {}
    for name in gazetteer.types:
        written = _written(name)
        out.setdefault(tuple(norm_form(w).replace("’", "'") for w in written), written)
    return out


def _known_name(sent, i: int, lexicon, foreign: dict[int, list[str]]) -> list[str] | None:
    """The longest place or organisation of the lexicons, or foreign name (`foreign`: start -> its
    written tokens), at token i, as the lexicon writes its tokens; None if there is none. Every word
    of the line is a capital, so every entry's case test passes."""
    best = None
    for kind in _KNOWN_KINDS:
        for end, entry in lexicon.match(sent.words, sent.lows, i, kind):
            written = _written(entry.surface)
            if len(written) == end - i and (best is None or end - i > len(best)):
                best = written
    if i in foreign and (best is None or len(foreign[i]) > len(best)):
        best = foreign[i]
    return best


def recase_words(sent, body: BodyCase, lexicon=None, gazetteer=None) -> list[str]:
    """The words of a capitals `Sentence` as the document's body writes them; runs the body does not
    hold as the lexicons write them (a province, a country, an agency, a foreign name)."""
    from .gazetteer import default_gazetteer
    from .lexicon import default_lexicon

    lexicon, gazetteer = lexicon or default_lexicon(), gazetteer or default_gazetteer()
    words = list(sent.words)
    low_body = body.low
    forms = _gazetteer_forms(gazetteer)
    foreign = {}
    for start, end, _kind in gazetteer.lookup(sent.words, sent.lows):
        written = forms.get(tuple(w.replace("’", "'") for w in sent.lows[start:end]))
        if written and len(written) == end - start:
            foreign[start] = written
    i = 0
    while i < sent.n:
        w = words[i]
        if not w[:1].isalpha():
            i += 1
            continue
        done = False
        if sent.lows[i] in low_body:   # a run can start here only if the body holds its first word
            for j in range(min(sent.n, i + MAX_RUN), i, -1):
                if not sent.words[j - 1][:1].isalnum():
                    continue   # a run ends on a word, not on a mark
                printed = sent.surface(i, j)
                found = body.find(printed)
                if found and len(found) == len(printed) and any(c.islower() for c in found):
                    cased = _with_case_of(printed, found)
                    base = sent.spans[i][0]
                    for k in range(i, j):
                        a, b = sent.spans[k]
                        words[k] = cased[a - base:b - base]
                    i, done = j, True
                    break
        if not done:
            known = _known_name(sent, i, lexicon, foreign)
            if known is not None:
                for k, form in zip(range(i, i + len(known)), known):
                    words[k] = _with_case_of(sent.words[k], form) if len(form) == len(sent.words[k]) \
                        else sent.words[k]
                i += len(known)
                continue
            if not is_abbreviation(w):
                words[i] = w.lower()
            i += 1
    first = next((k for k, w in enumerate(words) if w[:1].isalpha()), None)
    if first is not None:
        words[first] = words[first][:1].upper() + words[first][1:]
    return words


def views(doc, blocked_spans=()):
    """`syllables.sentence_views`, the sentences in capitals in the case of the document's body: what
    the rules and the CRF read. An administrative document's header and signature block stay as
    printed: the admin reader reads them (`pipeline.admin`), and the names stage's reading of a
    "KT. VỤ TRƯỞNG VỤ KẾ HOẠCH" line would make an office of a signing formula."""
    out = sentence_views(doc, blocked_spans)
    nt = doc._.norm_text
    apparatus = [nt.span_from_input(s, e) for s, e in apparatus_spans(doc._.admin)]
    recase_caps_lines(out, nt.text, apparatus)
    return out


def recase_caps_lines(views, text: str, skip=()) -> None:
    """Give every capitals sentence of `views` (`syllables.sentence_views`) its body's case, in place;
    not a sentence that starts inside one of the `skip` spans (of `text`)."""
    caps = [sent for sent, _ in views if is_caps_line(sent.words)
            and not any(a <= sent.spans[0][0] < b for a, b in skip)][:MAX_LINES]
    if not caps:
        return
    body = BodyCase(text)
    if not body.ok or not any(c.islower() for c in body.text):
        return
    for sent in caps:
        sent.words = recase_words(sent, body)
        sent.word_ids = _word_ids(sent)
        sent.recased = True
        sent._memo.clear()   # nothing was asked of the capitals yet, but a lookup must never see them


def _word_ids(sent) -> list[int]:
    """The tokens' words, cut again on the recased line: underthesea's segmenter reads a line in
    capitals as one long name ("UBND TỈNH QUẢNG NAM KIỂM TRA ..." one word), and the CRF would read
    one word as one entity."""
    from bisect import bisect_right

    from ..text.tokenizer import segment_words

    if not sent.n:
        return sent.word_ids
    base, end = sent.spans[0][0], sent.spans[-1][1]
    line = list(sent.text[base:end])
    for (a, b), word in zip(sent.spans, sent.words):
        line[a - base:b - base] = word
    starts = [s for s, _ in segment_words("".join(line), [(0, end - base)])]
    return [bisect_right(starts, a - base) - 1 for a, _ in sent.spans]


def recased_text(doc, views) -> str | None:
    """The input with the sentences `views` (this module's) recased written as the names stage reads
    them, the same length, for the tidy-up steps, which read case in the text around a name; None when
    no sentence was recased."""
    nt = doc._.norm_text
    source = nt.source
    chars = None
    for sent, _ in views:
        if not sent.recased:
            continue
        for (a, b), word in zip(sent.spans, sent.words):
            s, e = nt.to_input(a, b)
            if e - s == len(word) and source[s:e] != word and source[s:e].lower() == word.lower():
                if chars is None:
                    chars = list(source)
                chars[s:e] = word
    return "".join(chars) if chars is not None else None


def uncapped_name(surface: str) -> str:
    """An agency or place printed in capitals (a header, a headline: "SỞ Y TẾ HÀ NỘI") in the case such a
    name is written in ("Sở Y tế Hà Nội", `admin.recase`), for its canonical name and its registry id;
    failing that, its words capitalised as names are. What is no Vietnamese syllable ("TP.HCM", "GD&ĐT",
    "UBND") stays as written, and so does a single word (an acronym)."""
    from ..admin.recase import recase
    from ..text.normalize import in_capitals
    from .tidy.vocabulary import vietnamese_syllables

    words = surface.split(" ")
    if len(words) < 2 or not in_capitals(surface):
        return surface   # one word in capitals is an acronym ("ĐHQGHN", "TPHCM")
    # cased as an agency's name is written ("Sở Nội vụ", not "Sở Nội Vụ"), where that keeps every word
    cased = recase(surface)
    if cased.lower() == surface.lower():
        return cased
    syllables = vietnamese_syllables()
    return " ".join(w[:1] + w[1:].lower() if w.lower() in syllables else w for w in words)
