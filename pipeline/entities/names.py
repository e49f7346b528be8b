"""PERSON, TITLE, ORG and LOC from lexicons and the grammar of Vietnamese names.

The tagger reads one sentence at a time as syllable tokens of the normalised
text (`lexicon.tokens`), grouped into words by the tokenizer (so "Tài nguyên"
is known to be one word even though "nguyên" is lower-case). At each position
it proposes the spans that the rules allow and keeps the longest:

- TITLE: the title lexicon, with "Phó"/"Quyền"/"Thường trực" variants; the
  "nguyên/cựu/tân" before it stays out.
- ORG: a fixed name ("Chính phủ", "Bộ Tài chính", "TTXVN"), or a head noun
  ("Cục", "UBND", "Công ty") + a name of capitalised words + a place
  qualifier ("UBND tỉnh Quảng Nam", "Cục Thuế Hà Nội"); or an acronym.
- LOC: an administrative word + a name or number ("huyện Phước Long",
  "quận 9"), or a lexicon place (provinces, districts, countries, regions).
- PERSON: a capitalised run starting with a family name ("Nguyễn Văn A"),
  or any capitalised run right after an honorific or a title ("ông Nhân",
  "Tổng thống Trump").

A statistical model (`pipeline.entities.ner_model`) can add or replace spans;
the component merges the two and never overlaps the numbers component.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language

from .lexicon import Lexicon, default_lexicon, tokens
from .types import Entity

NAME_LABELS = ("PERSON", "TITLE", "ORG", "LOC")
_CONNECTORS = {"và", "-", "&", "–"}
_MAX_PERSON = 5
_MAX_ORG_NAME = 14


@dataclass
class Span:
    """A candidate entity over token indices [start, end) of one sentence."""

    label: str
    start: int
    end: int
    canonical: str | None = None
    info: str | None = None
    source: str = "rule"


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _is_word(w: str) -> bool:
    return w[:1].isalpha()


def _is_acronym(w: str) -> bool:
    return len(w) >= 2 and w.isalpha() and sum(c.isupper() for c in w) >= 2


def _cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


class Sentence:
    """Tokens of one sentence of the normalised text, with the helpers the rules need."""

    def __init__(self, text: str, spans: list[tuple[int, int]], word_ids: list[int], blocked: list[bool]):
        self.text = text
        self.spans = spans
        self.words = [text[s:e] for s, e in spans]
        self.lows = [w.lower() for w in self.words]
        self.word_ids = word_ids
        self.blocked = blocked
        self.n = len(spans)

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i."""
        return self.text[self.spans[i - 1][1]:self.spans[i][0]] if i > 0 else ""

    def joined(self, i: int) -> bool:
        """Token i follows token i-1 on the same line with at most one space."""
        return i > 0 and self.gap(i) in ("", " ")

    def surface(self, start: int, end: int) -> str:
        return self.text[self.spans[start][0]:self.spans[end - 1][1]]

    def free(self, start: int, end: int) -> bool:
        return not any(self.blocked[start:end])


class NameTagger:
    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or default_lexicon()

    # ------------------------------------------------------------------ lookups
    def _m(self, s: Sentence, i: int, kind: str):
        return self.lex.longest(s.words, s.lows, i, kind)

    def _starts_other(self, s: Sentence, i: int) -> bool:
        """A title, head, fixed org or honorific starts at i (a name run stops there)."""
        for kind in ("TITLE", "HEAD", "ORG", "HONORIFIC", "FORMER"):
            m = self._m(s, i, kind)
            if m and (kind != "TITLE" or _is_cap(s.words[i]) or m[0] - i > 1):
                if kind in ("HONORIFIC", "FORMER") and not (i + 1 < s.n and _is_cap(s.words[i + 1])):
                    continue
                return True
        return False

    def _cap_run(self, s: Sentence, i: int, limit: int, stop_at_other: bool = True) -> int:
        """End of the run of capitalised syllables starting at i."""
        j = i
        while j < s.n and j - i < limit and _is_word(s.words[j]) and _is_cap(s.words[j]) \
                and not _is_acronym(s.words[j]) and (j == i or s.joined(j)) and not s.blocked[j]:
            if j > i and stop_at_other and self._starts_other(s, j):
                break
            j += 1
        return j

    # ------------------------------------------------------------------ LOC
    def loc_at(self, s: Sentence, i: int) -> Span | None:
        best = None
        adm = self.lex.match(s.words, s.lows, i, "ADMIN")
        for j, entry in adm:
            if j >= s.n or not s.joined(j) and s.words[j - 1] != ".":
                continue
            if s.gap(j) not in ("", " "):
                continue
            end, canon = None, None
            place = self._m(s, j, "PLACE")
            takes = entry.info
            if takes == "country":
                if place and place[1].info == "country":
                    end, canon = place[0], place[1].canonical
            elif takes in ("number", "both") and s.words[j][:1].isdigit():
                end = j + 1
                canon = f"{entry.canonical} {s.words[j]}"
            if end is None and takes in ("name", "both"):
                if place:
                    end = place[0]
                    name = s.surface(j, end)
                    if place[1].canonical and place[1].canonical.endswith(" Hồ Chí Minh"):
                        name = "Hồ Chí Minh"
                    elif place[1].info in ("province", "district") and place[1].canonical:
                        name = place[1].canonical.split(" ", 1)[1] if place[1].canonical.split(" ", 1)[0] in (
                            "Tỉnh", "Thành", "Huyện", "Quận", "Thị") else place[1].canonical
                        name = _strip_admin(place[1].canonical)
                    canon = f"{entry.canonical} {name}"
                elif _is_cap(s.words[j]) and _is_word(s.words[j]):
                    end = self._place_name_end(s, j)
                    canon = f"{entry.canonical} {self._expand(s, j, end)}"
            if end is not None and s.free(i, end):
                # "TP" alone is too ambiguous before a person: "TP Nguyễn Văn A" is rare
                cand = Span("LOC", i, end, canon)
                if best is None or cand.end > best.end:
                    best = cand
        if best is None:
            place = self._m(s, i, "PLACE")
            if place and s.free(i, place[0]):
                best = Span("LOC", i, place[0], place[1].canonical)
        return best

    def _place_name_end(self, s: Sentence, j: int) -> int:
        """End of a place name after an admin word: capitalised syllables, "Ea"/"H’" joins."""
        k = j
        while k < s.n and k - j < 6 and not s.blocked[k]:
            w = s.words[k]
            if k > j and not s.joined(k) and s.gap(k) != "":
                break
            if _is_word(w) and (_is_cap(w) or (k > j and s.gap(k) == "" and s.words[k - 1] in ("’", "'"))):
                if k >= j + 2 and self._m(s, k, "SURNAME") and k + 1 < s.n and _is_cap(s.words[k + 1]):
                    break
                if k > j and self._starts_other(s, k):
                    break
                k += 1
            elif w[:1].isdigit() and k > j:
                k += 1
            elif w in ("’", "'", "-") and k > j and k + 1 < s.n and _is_cap(s.words[k + 1]) and s.gap(k) == "":
                k += 1
            else:
                break
        # never end on a joiner
        while k > j + 1 and s.words[k - 1] in ("’", "'", "-"):
            k -= 1
        return k if k > j else j + 1

    # ------------------------------------------------------------------ ORG
    def _qualifier_at(self, s: Sentence, k: int, allow_bare_admin: bool) -> tuple[int, str] | None:
        """A place qualifier at k: returns (end, canonical)."""
        if k >= s.n or s.gap(k) not in ("", " "):
            return None
        loc = self.loc_at(s, k)
        if loc:
            return loc.end, loc.canonical or s.surface(loc.start, loc.end)
        if allow_bare_admin:
            adm = self._m(s, k, "ADMIN")
            if adm and adm[1].info in ("name", "both") and adm[1].canonical in (
                    "Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Xã", "Phường", "Thị trấn"):
                return adm[0], adm[1].canonical
        return None

    def org_at(self, s: Sentence, i: int) -> Span | None:
        cands: list[Span] = []
        fixed = self._m(s, i, "ORG")
        if fixed and s.free(i, fixed[0]):
            end, canon = fixed[0], fixed[1].canonical
            # "Quốc hội khóa 14"
            if end + 1 < s.n and s.lows[end] == "khóa" and (s.words[end + 1][:1].isdigit() or s.words[end + 1].isupper()):
                canon = f"{canon} khóa {s.words[end + 1]}"
                end += 2
            cands.append(Span("ORG", i, end, canon))
        for head_end, head in self.lex.match(s.words, s.lows, i, "HEAD"):
            if head.info == "lower" and not _is_cap(s.words[i]):
                if not (head_end < s.n and (_is_cap(s.words[head_end]) or s.words[head_end].isupper())):
                    continue
            span = self._org_from_head(s, i, head_end, head)
            if span:
                cands.append(span)
                break
        w = s.words[i]
        if not cands and _is_acronym(w) and len(w) >= 3 and s.lows[i] not in self.lex.not_org_acronyms \
                and not self._m(s, i, "PLACE") and not self._m(s, i, "TITLE") and not s.blocked[i]:
            cands.append(Span("ORG", i, i + 1, w, source="acronym"))
        if not cands:
            return None
        return max(cands, key=lambda c: c.end)

    def _org_from_head(self, s: Sentence, i: int, j: int, head) -> Span | None:
        kind = head.info
        parts = [head.canonical]
        k = j
        name_tokens = 0
        # local heads take an admin word or place directly ("UBND tỉnh", "Công an huyện X")
        if kind in ("local", "self"):
            q = self._qualifier_at(s, k, allow_bare_admin=kind == "local")
            if q:
                end, canon = q
                if s.free(i, end):
                    return Span("ORG", i, end, f"{head.canonical} {canon}")
        last_good = k
        while k < s.n and name_tokens < _MAX_ORG_NAME and not s.blocked[k]:
            if s.gap(k) not in ("", " "):
                break
            w, low = s.words[k], s.lows[k]
            if name_tokens:
                q = self._qualifier_at(s, k, allow_bare_admin=False)
                if q and self._is_place_start(s, k):
                    end, canon = q
                    parts.append(canon)
                    k = last_good = end
                    break
            if _is_word(w) and (_is_cap(w) or _is_acronym(w)):
                if name_tokens and self._m(s, k, "SURNAME") and k + 1 < s.n and _is_cap(s.words[k + 1]) \
                        and not _is_acronym(s.words[k + 1]) and not self._m(s, k, "PLACE") \
                        and not self._m(s, k, "ORG"):
                    break
                if self._m(s, k, "TITLE") and not self._m(s, k, "ORG") and not self._m(s, k, "HEAD"):
                    break
                if self._m(s, k, "HONORIFIC") and k + 1 < s.n and _is_cap(s.words[k + 1]):
                    break
                if name_tokens == 0 and self._m(s, k, "HEAD") and kind not in ("self",):
                    # "Ban Chỉ đạo", "Văn phòng Quốc hội": a second head is part of the name
                    pass
                # take the whole word this syllable belongs to
                k = self._word_end(s, k)
                name_tokens += 1
                last_good = k
                abbr = self.lex.abbreviations.get(low)
                parts.append(abbr if abbr else s.surface(k - 1, k) if False else None)
                continue
            if w[:1].isdigit() and (name_tokens or kind == "named") and s.joined(k):
                k += 1
                name_tokens += 1
                last_good = k
                continue
            if name_tokens and (low in _CONNECTORS or self._m(s, k, "NAMEWORD")):
                m = self._m(s, k, "NAMEWORD")
                nk = m[0] if m else k + 1
                if nk < s.n and (_is_cap(s.words[nk]) or self._m(s, nk, "NAMEWORD")) and s.joined(nk):
                    k = nk
                    continue
                if m and low not in _CONNECTORS:
                    k = last_good = nk
                    continue
            break
        end = last_good
        if end == j:
            return None
        if not s.free(i, end):
            return None
        return Span("ORG", i, end, self._org_canonical(s, i, j, end, head))

    def _is_place_start(self, s: Sentence, k: int) -> bool:
        if self._m(s, k, "ADMIN") and k + 1 < s.n and (_is_cap(s.words[k + 1]) or s.words[k + 1][:1].isdigit()):
            return True
        place = self._m(s, k, "PLACE")
        return bool(place)

    def _word_end(self, s: Sentence, k: int) -> int:
        wid = s.word_ids[k]
        k += 1
        while k < s.n and s.word_ids[k] == wid and s.joined(k) and _is_word(s.words[k]):
            k += 1
        return k

    def _expand(self, s: Sentence, start: int, end: int) -> str:
        out = []
        k = start
        while k < end:
            # multi-token abbreviations ("TN&MT", "T.Ư") first
            hit = None
            for n in range(min(5, end - k), 0, -1):
                key = "".join(s.lows[k:k + n])
                if key in self.lex.abbreviations and (n > 1 or True):
                    if n == 1 or all(s.gap(x) == "" for x in range(k + 1, k + n)):
                        hit = (k + n, self.lex.abbreviations[key])
                        break
            if hit:
                out.append(hit[1])
                k = hit[0]
                continue
            w = s.words[k]
            if out and s.gap(k) == "":
                out[-1] += w
            else:
                out.append(w)
            k += 1
        return " ".join(out)

    def _org_canonical(self, s: Sentence, i: int, j: int, end: int, head) -> str:
        rest = self._expand(s, j, end)
        # a place inside the name takes its canonical spelling
        k = j
        pieces = []
        while k < end:
            loc = self.loc_at(s, k) if self._is_place_start(s, k) else None
            if loc and loc.end <= end and loc.canonical:
                pieces.append(loc.canonical)
                k = loc.end
            else:
                pieces.append(self._expand(s, k, k + 1))
                k += 1
        rest = " ".join(pieces) if pieces else rest
        return f"{head.canonical} {_cap_first(rest)}".strip()

    # ------------------------------------------------------------------ TITLE
    def title_at(self, s: Sentence, i: int) -> Span | None:
        m = self._m(s, i, "TITLE")
        if not m or not s.free(i, m[0]):
            return None
        return Span("TITLE", i, m[0], info=m[1].info)

    # ------------------------------------------------------------------ PERSON
    def person_at(self, s: Sentence, i: int, after_cue: bool) -> Span | None:
        w = s.words[i]
        if not (_is_word(w) and _is_cap(w)) or _is_acronym(w) or s.blocked[i]:
            return None
        fixed = self._m(s, i, "PERSON")
        if fixed:
            return Span("PERSON", i, fixed[0], fixed[1].canonical)
        end = self._cap_run(s, i, _MAX_PERSON)
        if end == i:
            return None
        # a place starting inside the run ends it ("Nguyễn Văn A Hà Nội" is rare; "... tại Hà Nội" is not)
        for k in range(i + 2, end):
            if self._m(s, k, "PLACE"):
                end = k
                break
        surname = self._m(s, i, "SURNAME")
        if surname and end - i >= 2:
            return Span("PERSON", i, end)
        if after_cue:
            return Span("PERSON", i, end)
        return None

    # ------------------------------------------------------------------ scan
    def tag_sentence(self, s: Sentence) -> list[Span]:
        out: list[Span] = []
        i = 0
        while i < s.n:
            if s.blocked[i] or not (_is_word(s.words[i]) or s.words[i][:1].isdigit()):
                i += 1
                continue
            prev = out[-1] if out else None
            cue = self._person_cue(s, i, prev)
            cands = [c for c in (self.title_at(s, i), self.org_at(s, i), self.loc_at(s, i),
                                 self.person_at(s, i, cue)) if c]
            if not cands:
                i += 1
                continue
            # longest wins; on a tie the order above (TITLE, ORG, LOC, PERSON)
            best = max(cands, key=lambda c: c.end - c.start)
            if cue and best.label in ("LOC", "ORG") and best.source != "acronym":
                per = next((c for c in cands if c.label == "PERSON"), None)
                # after "ông"/a title, a capitalised run is a name even if it looks like a place
                if per and per.end >= best.end and best.label == "LOC" and self._m(s, i, "PLACE") \
                        and self._m(s, i, "PLACE")[1].info == "district":
                    best = per
            out.append(best)
            i = best.end
        return out

    def _person_cue(self, s: Sentence, i: int, prev: Span | None) -> bool:
        """Does a name cue (honorific, title, title + org) end right before token i?"""
        if i == 0 or not s.joined(i):
            return False
        for n in (2, 1):
            if i - n >= 0:
                m = self.lex.longest(s.words, s.lows, i - n, "HONORIFIC", end=i)
                if m and m[0] == i:
                    return True
        if prev is not None and prev.end == i:
            if prev.label == "TITLE":
                return True
            if prev.label == "ORG":
                return True  # "Cục trưởng Cục Hải quan TP.HCM Đinh Ngọc Thắng"
        return False


def _strip_admin(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


# ---------------------------------------------------------------------- Doc level
def sentences_of(doc) -> list[tuple[int, int]]:
    """Sentence spans in the normalised text."""
    nt = doc._.norm_text
    spans = doc._.sentence_spans or [(0, len(doc.text))]
    out = []
    for s, e in spans:
        ns = bisect_left(nt.offsets, s, 0, len(nt.offsets) - 1)
        ne = bisect_left(nt.offsets, e, 0, len(nt.offsets) - 1)
        out.append((ns, ne))
    return out


def sentence_views(doc, blocked_spans=()) -> list[tuple[Sentence, list[tuple[int, int]]]]:
    """One `Sentence` per sentence of the doc; blocked spans are input spans taken already."""
    nt = doc._.norm_text
    word_starts = []
    for tok in doc:
        word_starts.append(bisect_left(nt.offsets, tok.idx, 0, len(nt.offsets) - 1))
    blocked_norm = sorted(
        (bisect_left(nt.offsets, s, 0, len(nt.offsets) - 1), bisect_left(nt.offsets, e, 0, len(nt.offsets) - 1))
        for s, e in blocked_spans)
    out = []
    text = nt.text
    for ss, se in sentences_of(doc):
        spans = [(ss + a, ss + b) for a, b in tokens(text[ss:se])]
        word_ids = [bisect_right(word_starts, a) - 1 for a, _ in spans]
        blocked = [any(bs < b and a < be for bs, be in blocked_norm) for a, b in spans]
        out.append((Sentence(text, spans, word_ids, blocked), spans))
    return out


def rule_entities(doc, tagger: NameTagger | None = None, blocked_spans=()) -> list[Entity]:
    tagger = tagger or default_tagger()
    nt = doc._.norm_text
    ents: list[Entity] = []
    for sent, spans in sentence_views(doc, blocked_spans):
        for sp in tagger.tag_sentence(sent):
            ents.append(_to_entity(doc, nt, sent, sp))
    return ents


def _to_entity(doc, nt, sent: Sentence, sp: Span) -> Entity:
    ns, ne = sent.spans[sp.start][0], sent.spans[sp.end - 1][1]
    s, e = nt.to_input(ns, ne)
    ent = Entity(sp.label, s, e, doc.text[s:e], None,
                 sp.canonical if sp.label in ("ORG", "LOC") else None, sp.source)
    if sp.label == "TITLE":
        ent.value = None
    return ent


_TAGGER = None


def default_tagger() -> NameTagger:
    global _TAGGER
    if _TAGGER is None:
        _TAGGER = NameTagger()
    return _TAGGER


def merge(existing: list[Entity], new: list[Entity]) -> list[Entity]:
    """Add `new` to `existing` where they overlap nothing already there."""
    taken = sorted((e.start, e.end) for e in existing)
    out = list(existing)
    for ent in sorted(new, key=lambda e: (e.start, -(e.end - e.start))):
        i = bisect_right(taken, (ent.start, 10**12))
        clash = (i > 0 and taken[i - 1][1] > ent.start) or (i < len(taken) and taken[i][0] < ent.end)
        if not clash:
            taken.insert(i, (ent.start, ent.end))
            out.append(ent)
    return sorted(out, key=lambda e: (e.start, e.end))


class NamesComponent:
    """spaCy component: PERSON/TITLE/ORG/LOC into doc._.entities (rules, model or both)."""

    def __init__(self, nlp, name: str, mode: str = "rules", model_path: str | None = None):
        if mode not in ("rules", "model", "both"):
            raise ValueError(f"names.mode must be rules, model or both, not {mode!r}")
        self.mode = mode
        self.tagger = default_tagger()
        self.model = None
        if mode in ("model", "both"):
            from .ner_model import load_model

            self.model = load_model(model_path)

    def __call__(self, doc):
        existing = list(doc._.entities or [])
        blocked = [(e.start, e.end) for e in existing]
        found: list[Entity] = []
        if self.mode in ("rules", "both"):
            found = rule_entities(doc, self.tagger, blocked)
        if self.model is not None:
            predicted = self.model.predict_doc(doc, blocked, self.tagger)
            found = predicted if self.mode == "model" else _combine(found, predicted)
        doc._.entities = merge(existing, found)
        return doc


def _combine(rules: list[Entity], model: list[Entity]) -> list[Entity]:
    """Rules first (lexicon-backed, with canonical forms); the model fills the gaps."""
    return merge(sorted(rules, key=lambda e: e.start), model)


@Language.factory("names", default_config={"mode": "rules", "model_path": None})
def make_names(nlp, name: str, mode: str, model_path: str | None):
    return NamesComponent(nlp, name, mode=mode, model_path=model_path)
