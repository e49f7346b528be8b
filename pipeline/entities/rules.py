"""The name rules: PERSON, TITLE, ORG and LOC proposed from lexicons and the grammar of Vietnamese names.

The tagger reads one sentence at a time in the syllable view
(`syllables.Sentence`: syllable tokens of the normalised text, grouped into
words by the tokenizer, so "Tài nguyên" is known to be one word even though
"nguyên" is lower-case). At each position it proposes the spans that the rules
allow and keeps the longest:

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

Names are remembered per document: a second pass finds short forms ("ông
Nhân" after "Nguyễn Thiện Nhân") and acronyms defined in brackets ("(HoREA)").

The proposals are what `names.mode = "rules"` outputs, and what the shipped
stacked CRF reads as features (`features.py`): there the model decides. The
component (`names_component.py`) picks the mode; word lists the rules use live
in `corpora/lexicons/` like the lexicons themselves.
"""
from __future__ import annotations

from functools import cached_property, lru_cache

from .lexicon import Lexicon, default_lexicon
from . import truecase
from .syllables import Sentence, Span, cap_first, is_acronym, is_cap, is_word, to_entity
from .types import Entity

_MAX_PERSON = 5
_MAX_ORG_NAME = 14


class NameTagger:
    """The rules over one sentence: `tag_sentence` proposes PERSON, TITLE, ORG and LOC spans."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or default_lexicon()

    # ------------------------------------------------------------------ lookups
    def _m(self, s: Sentence, i: int, kind: str):
        """The longest entry of `kind` at token i (`Sentence.longest`, asked of `matches` at once: the
        rules ask this at nearly every token)."""
        found = s.matches(self.lex, i, kind)
        return found[0] if found else None

    def _word_start(self, s: Sentence, i: int) -> bool:
        return i == 0 or s.word_ids[i] != s.word_ids[i - 1]

    def _word_final(self, s: Sentence, end: int) -> bool:
        return end >= s.n or s.word_ids[end] != s.word_ids[end - 1]

    def _place(self, s: Sentence, i: int, after_admin: bool = False):
        for end, e in s.matches(self.lex, i, "PLACE"):
            if e.info == "after_admin" and not after_admin:
                continue
            if not after_admin and not self._word_final(s, end) and is_word(s.words[end]) \
                    and not is_cap(s.words[end]):
                continue  # "Anh hùng" is not the country "Anh"
            return end, e
        return self._republic(s, i) if i < s.n and s.lows[i] in self._republic_firsts else None

    def _republic(self, s: Sentence, i: int):
        """A country written as its republic or kingdom ("CHDCND Lào", "Cộng hòa Séc"; the prefixes of
        republic_prefixes.txt): (end, the country's entry), or None."""
        if not is_cap(s.words[i]):
            return None
        for n in range(min(self._republic_longest, s.n - i - 1), 0, -1):
            if tuple(s.lows[i:i + n]) in self.lex.republic_prefixes:
                country = next(((end, e) for end, e in s.matches(self.lex, i + n, "PLACE")
                                if e.info == "country" and is_cap(s.words[i + n])), None)
                if country is not None:
                    return country
        return None

    @cached_property
    def _republic_firsts(self) -> frozenset[str]:
        return frozenset(p[0] for p in self.lex.republic_prefixes)

    @cached_property
    def _republic_longest(self) -> int:
        return max(map(len, self.lex.republic_prefixes), default=0)

    def _starts_other(self, s: Sentence, i: int) -> bool:
        """A title, head or fixed org starts at i (a capitalised run stops there)."""
        for kind in ("TITLE", "HEAD", "ORG"):
            m = self._m(s, i, kind)
            if m and (kind != "TITLE" or m[0] - i > 1 or m[1].info == "rank"):
                return True
        return False

    def _cap_run(self, s: Sentence, i: int, limit: int) -> int:
        """End of the run of capitalised syllables starting at i ("Kim Jong-un" included)."""
        j = i
        while j < s.n and j - i < limit and not s.blocked[j]:
            w = s.words[j]
            if j > i and w == "-" and s.gap(j) == "" and j + 1 < s.n and s.gap(j + 1) == "" \
                    and is_word(s.words[j + 1]) and not is_cap(s.words[j + 1]):
                j += 2
                continue
            if not (is_word(w) and is_cap(w)) or is_acronym(w) or (j > i and not s.joined(j)):
                break
            if j > i and self._starts_other(s, j):
                break
            j += 1
        return j

    # ------------------------------------------------------------------ LOC
    def loc_at(self, s: Sentence, i: int) -> Span | None:
        best = None
        for j, entry in s.matches(self.lex, i, "ADMIN"):
            if j >= s.n or s.gap(j) not in ("", " ") or not self._word_start(s, i):
                continue
            if s.lows[i] in self.lex.admin_common_nouns and is_cap(s.words[i]) and i > 0 and self._m(s, i, "SURNAME"):
                continue  # "Hồ Chí Minh" is a name, not a lake; "Sông Hồng" is a river
            end, canon = None, None
            place = self._place(s, j, after_admin=True)
            takes = entry.info
            if takes == "country":
                if place and place[1].info == "country":
                    end, canon = place[0], place[1].canonical
            elif takes in ("number", "both") and s.words[j][:1].isdigit():
                end = j + 1
                canon = f"{entry.canonical} {s.words[j]}"
            if end is None and takes in ("name", "both"):
                if place and place[1].info == "country" and entry.canonical == "Đường":
                    continue  # "đường Thái Lan" is Thai sugar, not a street
                if place:
                    end = place[0]
                    name = self._strip_admin(place[1].canonical) if place[1].canonical else s.surface(j, end)
                    canon = f"{entry.canonical} {name}"
                elif is_cap(s.words[j]) and is_word(s.words[j]) and not self._starts_other(s, j) \
                        and self._proper_word(s, j) and not self._m(s, j, "HONORIFIC"):
                    end = self._place_name_end(s, j, entry.canonical in self.lex.top_admin)
                    if end is None:
                        continue
                    canon = f"{entry.canonical} {self._expand(s, j, end)}"
            if end is not None and s.free(i, end):
                cand = Span("LOC", i, end, canon)
                if best is None or cand.end > best.end:
                    best = cand
        if best is None:
            place = self._place(s, i)
            if place and place[0] == i + 1 and self._m(s, i, "HONORIFIC") and i + 1 < s.n \
                    and is_cap(s.words[i + 1]) and is_word(s.words[i + 1]) and not self._place(s, i + 1):
                return None  # "Anh Tạ Văn Khoa": the honorific, not the country
            if place and s.free(i, place[0]):
                best = Span("LOC", i, place[0], place[1].canonical)
        return best

    def _place_name_end(self, s: Sentence, j: int, top_level: bool) -> int | None:
        """End of a place name after an admin word: capitalised syllables, "Ea"/"H’" joins."""
        k = j
        while k < s.n and k - j < 6 and not s.blocked[k]:
            w = s.words[k]
            if k > j and not s.joined(k):
                break
            if is_word(w) and (is_cap(w) or (k > j and s.gap(k) == "" and s.words[k - 1] in ("’", "'", "-"))):
                if self._m(s, k, "SURNAME") and k + 1 < s.n and is_cap(s.words[k + 1]) \
                        and (k >= j + 2 or top_level):
                    break
                if k > j and self._starts_other(s, k):
                    break
                k += 1
            elif w[:1].isdigit() and k > j:
                k += 1
            elif w in ("’", "'", "-") and k > j and k + 1 < s.n and is_word(s.words[k + 1]) and s.gap(k) == "" \
                    and s.gap(k + 1) == "":
                k += 1
            else:
                break
        while k > j + 1 and s.words[k - 1] in ("’", "'", "-"):
            k -= 1
        return k if k > j else None

    def _strip_admin(self, name: str) -> str:
        """A lexicon place's canonical name without its admin word ("Huyện Châu Thành" -> "Châu Thành")."""
        for prefix in self.lex.admin_prefixes:
            if name.startswith(prefix):
                return name[len(prefix):]
        return name

    # ------------------------------------------------------------------ ORG
    def _qualifier_at(self, s: Sentence, k: int, allow_bare_admin: bool) -> tuple[int, str] | None:
        """A place qualifier at k: returns (end, canonical), its admin word in lower case as inside an
        agency's name ("Ủy ban nhân dân tỉnh Nghệ An", "Công an huyện Mê Linh")."""
        if k >= s.n or s.gap(k) not in ("", " "):
            return None
        loc = self.loc_at(s, k)
        if loc:
            return loc.end, self._inside_name(loc.canonical or s.surface(loc.start, loc.end))
        if allow_bare_admin and not self._m(s, k, "HEAD"):
            adm = self._m(s, k, "ADMIN")
            if adm and adm[1].info in ("name", "both") and adm[1].canonical in self.lex.qualifier_admin:
                return adm[0], adm[1].canonical.lower()
        return None

    def _inside_name(self, place: str) -> str:
        """A place's canonical name as written inside an agency's: the admin word it opens with in lower
        case, as the registry writes it (coverage/registry.py) and Vietnamese usage does."""
        for word in self.lex.qualifier_admin:
            if place.startswith(word + " "):
                return word.lower() + place[len(word):]
        return place

    def org_at(self, s: Sentence, i: int) -> Span | None:
        cands: list[Span] = []
        fixed = self._m(s, i, "ORG")
        if fixed and s.free(i, fixed[0]) and (self._word_final(s, fixed[0]) or not is_word(s.words[fixed[0]])
                                               or is_cap(s.words[fixed[0]])):
            end, canon = fixed[0], fixed[1].canonical
            # "Quốc hội khóa 14"
            if end + 1 < s.n and s.lows[end] == "khóa" and (s.words[end + 1][:1].isdigit() or s.words[end + 1].isupper()):
                canon = f"{canon} khóa {s.words[end + 1]}"
                end += 2
            elif end < s.n and s.joined(end) and (p := self._place(s, end)) and p[1].info == "country":
                # "Chính phủ Lào"; a canonical that names the country already keeps it once
                # ("Ngân hàng Nhà nước Việt Nam": the canonical of "Ngân hàng Nhà nước")
                end, canon = p[0], canon if canon.endswith(" " + p[1].canonical) else f"{canon} {p[1].canonical}"
            elif end < s.n and self._m(s, end, "ADMIN") and self._is_place_start(s, end):
                q = self._qualifier_at(s, end, allow_bare_admin=False)  # "CSGT TP Hà Nội"
                if q and s.free(i, q[0]):
                    end, canon = q[0], f"{canon} {q[1]}"
            cands.append(Span("ORG", i, end, canon))
        for head_end, head in s.matches(self.lex, i, "HEAD"):
            if head.info == "self" and head_end < s.n and s.lows[head_end] == "viên":
                continue
            if not self._word_start(s, i):
                break  # "tình báo Mỹ": the head noun is inside another word
            if head.info == "lower" and not is_cap(s.words[i]):
                if not (head_end < s.n and (is_cap(s.words[head_end]) or s.words[head_end].isupper())):
                    continue
            span = self._org_from_head(s, i, head_end, head.canonical, head.info)
            if span:
                cands.append(span)
                break
        if not cands and not is_cap(s.words[i]):
            span = self._lower_local_org(s, i)   # "công an huyện Bình Xuyên"
            if span:
                cands.append(span)
        w = s.words[i]
        if not cands and is_acronym(w) and w.isupper() and len(w) >= 3 \
                and s.lows[i] not in self.lex.not_org_acronyms and not (i > 0 and s.words[i - 1] in "/-" and s.gap(i) == "") \
                and not self._place(s, i) and not self._m(s, i, "TITLE") and not s.blocked[i]:
            end, canon = i + 1, w
            q = self._qualifier_at(s, end, allow_bare_admin=False) if end < s.n and s.joined(end) else None
            if q and self._is_place_start(s, end) and s.free(i, q[0]):
                end, canon = q[0], f"{w} {q[1]}"  # "VPĐKĐĐ Thanh Hóa": an acronym agency and its place
            cands.append(Span("ORG", i, end, canon))
        if not cands:
            return None
        return max(cands, key=lambda c: c.end)

    def _lower_local_org(self, s: Sentence, i: int) -> Span | None:
        """A local agency written with a lower-case head and its unit ("công an huyện Bình Xuyên",
        "ủy ban nhân dân tỉnh Hòa Bình"): the head in any case, then an admin word and a place."""
        for n in self.lex.lengths["HEAD"].get(s.lows[i], ()):
            entries = self.lex.table["HEAD"].get(tuple(s.lows[i:i + n]), ())
            head = next((e for e in entries if e.info == "local"), None)
            j = i + n
            if head is None or j >= s.n or not self._m(s, j, "ADMIN") or not self._is_place_start(s, j):
                continue
            q = self._qualifier_at(s, j, allow_bare_admin=False)
            if q and s.free(i, q[0]):
                return Span("ORG", i, q[0], f"{head.canonical} {q[1]}")
        return None

    def _person_like(self, s: Sentence, k: int, min_len: int) -> bool:
        """A family name followed by capitalised syllables: a name, not more of an org."""
        if not self._m(s, k, "SURNAME") or self._place(s, k) or self._m(s, k, "ORG"):
            return False
        return self._cap_run(s, k, _MAX_PERSON) - k >= min_len

    def _org_from_head(self, s: Sentence, i: int, j: int, head_canonical: str, kind: str) -> Span | None:
        k = j
        name_tokens = 0
        # local heads take an admin word or place directly ("UBND tỉnh", "Công an huyện X")
        if kind in ("local", "self"):
            q = self._qualifier_at(s, k, allow_bare_admin=kind == "local")
            if q:
                end, canon = q
                if end < s.n and s.lows[end] == "khu" and end + 2 < s.n and s.lows[end + 1] == "vực" \
                        and s.words[end + 2][:1].isdigit():
                    end += 3
                if end < s.n and self._m(s, end, "ADMIN") and self._is_place_start(s, end):
                    q2 = self._qualifier_at(s, end, allow_bare_admin=False)
                    if q2:
                        end, canon = q2[0], f"{canon} {q2[1]}"
                if s.free(i, end):
                    return Span("ORG", i, end, f"{head_canonical} {canon}")
            if kind == "self" and k < s.n and self._person_like(s, k, 2):
                return Span("ORG", i, j, head_canonical)
        last_good = k
        while k < s.n and name_tokens < _MAX_ORG_NAME and not s.blocked[k]:
            if s.gap(k) not in ("", " "):
                break
            w, low = s.words[k], s.lows[k]
            if name_tokens or self._m(s, k, "ADMIN"):
                q = self._qualifier_at(s, k, allow_bare_admin=False)
                if q and self._is_place_start(s, k):
                    end = q[0]
                    # "... cảng Sài Gòn khu vực 1"
                    if end + 2 < s.n and s.lows[end] == "khu" and s.lows[end + 1] == "vực" \
                            and s.words[end + 2][:1].isdigit():
                        end += 3
                    k = last_good = end
                    break
            if is_word(w) and (is_cap(w) or is_acronym(w)):
                if self._person_like(s, k, 2 if name_tokens else 3):
                    break
                if self._m(s, k, "TITLE") and not self._m(s, k, "ORG") and not self._m(s, k, "HEAD"):
                    break
                if self._m(s, k, "HONORIFIC") and k + 1 < s.n and is_cap(s.words[k + 1]):
                    break
                inner = self._m(s, k, "HEAD") or self._m(s, k, "ORG")
                k = max(self._word_end(s, k), inner[0] if inner else 0)
                name_tokens += 1
                last_good = k
                continue
            if w[:1].isdigit() and (name_tokens or kind == "named") and s.joined(k):
                k += 1
                name_tokens += 1
                last_good = k
                continue
            if name_tokens and w == "-" and s.gap(k) == "" and k + 1 < s.n and s.gap(k + 1) == "" \
                    and is_word(s.words[k + 1]):
                k += 2  # "Viện Ra-đa"
                last_good = k
                continue
            if not name_tokens and self._m(s, k, "NAMEWORD"):
                nk = self._m(s, k, "NAMEWORD")[0]
                q = self._qualifier_at(s, nk, allow_bare_admin=False) if nk < s.n else None
                if q and self._is_place_start(s, nk):
                    k = last_good = q[0]  # "Cục thuế Hà Nội"
                    name_tokens += 1
                    break
            if name_tokens and (low in self.lex.org_connectors or self._m(s, k, "NAMEWORD")):
                m = self._m(s, k, "NAMEWORD")
                nk = m[0] if m else k + 1
                if nk < s.n and s.joined(nk) and (self._m(s, nk, "NAMEWORD") or (
                        is_cap(s.words[nk]) and not (low in self.lex.org_connectors and self._m(s, nk, "HEAD")))):
                    k = nk
                    continue
                if m and low not in self.lex.org_connectors:
                    k = last_good = nk
                    continue
            break
        end = last_good
        if end == j and kind == "self" and s.free(i, j):
            return Span("ORG", i, j, head_canonical)  # "Bí thư Tỉnh ủy"
        if end == j or not s.free(i, end):
            return None
        return Span("ORG", i, end, self._org_canonical(s, j, end, head_canonical, kind))

    def _is_place_start(self, s: Sentence, k: int) -> bool:
        if self._m(s, k, "ADMIN") and k + 1 < s.n and (is_cap(s.words[k + 1]) or s.words[k + 1][:1].isdigit()):
            return True
        return bool(self._place(s, k))

    def _proper_word(self, s: Sentence, k: int) -> bool:
        """Every syllable of the underthesea word at k is capitalised ("Hà Nội", not "Trụ sở")."""
        wid = s.word_ids[k]
        j = k + 1
        while j < s.n and s.word_ids[j] == wid and is_word(s.words[j]):
            if not is_cap(s.words[j]):
                return False
            j += 1
        return True

    def _word_end(self, s: Sentence, k: int) -> int:
        wid = s.word_ids[k]
        k += 1
        while k < s.n and s.word_ids[k] == wid and s.joined(k) and is_word(s.words[k]) \
                and not self._person_like(s, k, 2) and not (is_cap(s.words[k]) and self._is_place_start(s, k)):
            k += 1  # the tokenizer may glue a place to the name before it ("Bất động sản TP.HCM")
        return k

    def _expand(self, s: Sentence, start: int, end: int) -> str:
        """Surface of tokens [start, end) with abbreviations ("GTVT", "TN&MT") written out."""
        out = []
        k = start
        while k < end:
            hit = None
            for n in range(min(5, end - k), 0, -1):
                key = "".join(s.words[k:k + n])
                if key in self.lex.abbreviations and all(s.gap(x) == "" for x in range(k + 1, k + n)):
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

    def _org_canonical(self, s: Sentence, j: int, end: int, head_canonical: str, kind: str = "named") -> str:
        """The name after the head, its places as an agency's name writes them ("Sở Y tế Hà Nội" ->
        "... thành phố Hà Nội"); a paper, school, company or hospital ("lower" heads) keeps a place
        written without its administrative word as written ("Báo Lào Cai", not "Báo tỉnh Lào Cai"),
        as the registry does."""
        pieces = []
        k = run = j
        while k < end:
            loc = self.loc_at(s, k) if self._is_place_start(s, k) else None
            if loc and loc.end <= end and loc.canonical:
                if run < k:
                    pieces.append(self._expand(s, run, k))
                if kind == "lower" and not self._m(s, loc.start, "ADMIN"):
                    pieces.append(self._strip_admin(loc.canonical))
                else:
                    pieces.append(self._inside_name(loc.canonical))
                k = run = loc.end
            else:
                k += 1
        if run < end:
            pieces.append(self._expand(s, run, end))
        rest = " ".join(pieces)
        if not any(rest.startswith(word.lower() + " ") for word in self.lex.qualifier_admin):
            rest = cap_first(rest)   # a name's first word ("Sở tài chính"), not a place's admin word ("tỉnh X")
        return f"{head_canonical} {rest}".strip()

    # ------------------------------------------------------------------ TITLE
    def title_at(self, s: Sentence, i: int) -> Span | None:
        m = self._m(s, i, "TITLE")
        if not m or not s.free(i, m[0]) or not self._word_start(s, i):
            return None
        end, entry = m
        lower = not is_cap(s.words[i])
        if lower and i > 0 and s.lows[i - 1] in self.lex.generic_title_before:
            return None  # "các đại biểu": people in a room, not an office
        if lower and entry.info == "office" and s.lows[i:end] == ["đại", "biểu"]:
            if not (end < s.n and is_cap(s.words[end])):
                return None
        if entry.info == "office_org":
            if not (end < s.n and is_cap(s.words[end]) and (self._m(s, end, "HEAD") or self._m(s, end, "ORG"))):
                return None
        return Span("TITLE", i, end, info=entry.info)

    def unit_after_title(self, s: Sentence, title: Span) -> Span | None:
        """The unit after a fused title: "Trưởng ban Tuyên giáo Trung ương", "Bộ trưởng Y tế"."""
        if " ".join(s.lows[title.start:title.end]) not in self.lex.fused_titles:
            return None
        k = title.end
        if k >= s.n or not is_cap(s.words[k]) or self._m(s, k, "HEAD") or self._m(s, k, "ORG") \
                or self._person_like(s, k, 2) or self._place(s, k) or self._starts_other(s, k):
            return None
        span = self._org_from_head(s, k, k, "", "named")
        if span:
            span.canonical = span.canonical.strip() or None
        return span

    # ------------------------------------------------------------------ PERSON
    def person_at(self, s: Sentence, i: int, cue: str | None, known: "KnownNames | None" = None) -> Span | None:
        w = s.words[i]
        if not (is_word(w) and is_cap(w)) or is_acronym(w) or s.blocked[i]:
            return None
        fixed = self._m(s, i, "PERSON")
        if fixed:
            return Span("PERSON", i, fixed[0], fixed[1].canonical)
        if s.lows[i] == "bác" and i > 0 and is_cap(w) and not (i + 1 < s.n and is_cap(s.words[i + 1])) \
                and s.joined(i):
            return Span("PERSON", i, i + 1, "Hồ Chí Minh")  # "dâng Bác": Uncle Ho
        end = self._cap_run(s, i, _MAX_PERSON)
        if end == i:
            return None
        if end - i == 2 and s.lows[i] in self.lex.lunar_stems and s.lows[i + 1] in self.lex.lunar_branches:
            return None  # "Đinh Dậu" is a year of the lunar calendar
        if self._m(s, i, "SURNAME") and end - i >= 2:
            return Span("PERSON", i, end)
        if cue == "strong":
            return Span("PERSON", i, end)
        if cue == "credit":
            if len(w) == 1 and i + 2 < s.n and s.words[i + 1] == "." and s.gap(i + 1) == "" == s.gap(i + 2) \
                    and is_cap(s.words[i + 2]) and is_word(s.words[i + 2]):
                return Span("PERSON", i, i + 3)  # an initial and a name: "T.Bình"
            if end - i >= 2 and self._proper_word(s, i):
                return Span("PERSON", i, end)
        if known is not None and self._proper_word(s, i):
            if tuple(s.lows[i:end]) in known.full:
                return Span("PERSON", i, end)
            if s.lows[i] in known.given and (i > 0 or end - i == 1):
                return Span("PERSON", i, i + 1)
        if self._place(s, i) or self._m(s, i, "ORG"):
            return None
        if cue == "weak" and end - i >= 2:
            return Span("PERSON", i, end)
        if i == 0 and 2 <= end - i <= 3 and self._is_byline_end(s, end):
            return Span("PERSON", i, end)  # a byline or photo credit: "Việt Hùng", "Thế Lập/TTXVN"
        return None

    def _is_byline_end(self, s: Sentence, end: int) -> bool:
        if end >= s.n:
            return True
        if s.words[end] in ("/", "-", "–") and end + 1 < s.n and is_acronym(s.words[end + 1]):
            return True
        return s.words[end] in (".",) and end + 1 >= s.n

    # ------------------------------------------------------------------ scan
    def tag_sentence(self, s: Sentence, known: "KnownNames | None" = None) -> list[Span]:
        out: list[Span] = []
        i = 0
        starters = self._starters
        while i < s.n:
            first = s.words[i][:1]   # is_word, is_cap and a digit, asked of the first character inline: every token
            if s.blocked[i] or not (first.isalpha() or first.isdigit()) \
                    or (not first.isupper() and s.lows[i] not in starters and not (out and out[-1].end == i)):
                i += 1  # nothing can start at a lower-case word no lexicon entry starts with
                continue
            prev = out[-1] if out else None
            cue = self._person_cue(s, i, out)
            if prev is not None and prev.label == "TITLE" and prev.end == i:
                unit = self.unit_after_title(s, prev)
                if unit:
                    out.append(unit)
                    i = unit.end
                    continue
            person = self.person_at(s, i, cue, known)
            others = (self.title_at(s, i), self.org_at(s, i), self.loc_at(s, i))
            # after "ông"/"bà" a name wins a tie with a place ("ông Vinh")
            if known is not None and s.words[i] in known.orgs and not s.blocked[i]:
                # "HoREA" aggregates with the name it abbreviates
                others = (*others, Span("ORG", i, i + 1, known.orgs[s.words[i]]))
            cands = [c for c in ((person, *others) if cue == "strong" else (*others, person)) if c]
            if not cands:
                loc = self._loc_by_context(s, i, out)
                if loc:
                    out.append(loc)
                    i = loc.end
                else:
                    i += 1
                continue
            # longest wins; on a tie the order above (TITLE, ORG, LOC, PERSON)
            best = max(cands, key=lambda c: c.end - c.start)
            out.append(best)
            i = best.end
        return out

    @cached_property
    def _starters(self) -> set[str]:
        """Tokens that start, written in lower case, a title, head noun, organisation, admin word or
        place: the entries that match a lower-case first word (no case check, or a lower-case first
        word in the lexicon) and local heads, which `_lower_local_org` reads in any case. Nothing
        else can start at a lower-case word, so the scan skips it."""
        out = set()
        for kind in ("TITLE", "HEAD", "ORG", "ADMIN", "PLACE"):
            for key, entries in self.lex.table[kind].items():
                if any(not e.check_case or not e.caps[:1] or not e.caps[0] or e.info == "local" for e in entries):
                    out.add(key[0])
        return out

    def _loc_by_context(self, s: Sentence, i: int, out: list[Span]) -> Span | None:
        """A capitalised run after "tại"/"ở", or listed after a place ("thôn A, B, C")."""
        w = s.words[i]
        if not (is_word(w) and is_cap(w)) or i == 0 or not s.joined(i) or self._m(s, i, "SURNAME"):
            return None
        prev = out[-1] if out else None
        listed = prev is not None and prev.label == "LOC" and s.text[s.spans[prev.end - 1][1]:s.spans[i][0]] in self.lex.list_gaps \
            and self._cap_run(s, i, 4) - i >= 2
        after_prep = s.lows[i - 1] in self.lex.loc_prepositions and self._word_start(s, i - 1)
        if not (listed or after_prep):
            return None
        if not self._proper_word(s, i):
            return None  # "tại Trụ sở", "tại Hội nghị": a capitalised common noun
        end = self._cap_run(s, i, 4)
        if end == i:
            return None
        return Span("LOC", i, end, s.surface(i, end))

    def _person_cue(self, s: Sentence, i: int, out: list[Span]) -> str | None:
        """"strong" after an honorific or a name list, "weak" after a title or occupation."""
        if i == 0 or not is_cap(s.words[i]) or not s.joined(i):
            return None
        for kind, strength in (("HONORIFIC", "strong"), ("CUE", "weak")):
            if i in s.match_ends(self.lex, kind, 4):  # an honorific or cue of up to four tokens ends here
                return strength
        if i >= 2 and s.lows[i - 2] == "ảnh" and s.words[i - 1] == ":":
            return "credit"  # a photo credit: "Ảnh: Xuân Lộc", "Ảnh: T.Bình"
        prev = out[-1] if out else None
        if prev is None:
            return None
        gap = s.text[s.spans[prev.end - 1][1]:s.spans[i][0]]
        if prev.end == i:
            if prev.label == "TITLE":
                return "weak"
            if prev.label in ("ORG", "LOC") and len(out) >= 2 and out[-2].label == "TITLE" and out[-2].end == prev.start:
                return "weak"  # "Cục trưởng Cục Hải quan TP.HCM Đinh Ngọc Thắng", "Tổng thống Nga V. Putin"
        if prev.label == "PERSON" and gap in self.lex.list_gaps:
            return "weak"  # a list of names
        return None


class KnownNames:
    """Names found in a first pass over the document, to find their short forms.

    "Nguyễn Thiện Nhân" makes a later "Nhân" a PERSON; "Donald Trump" makes
    "Trump" one; a Vietnamese name's given name is its last syllable.
    """

    def __init__(self):
        self.full: set[tuple[str, ...]] = set()
        self.given: set[str] = set()
        self.orgs: dict[str, str] = {}  # acronym defined in brackets after an ORG -> that ORG's canonical

    def add(self, lows: list[str]) -> None:
        words = [w for w in lows if w.isalpha()]
        if not words:
            return
        self.full.add(tuple(lows))
        self.given.add(words[-1])


def _defined_acronym(sent: Sentence, sp: Span) -> str | None:
    """The acronym in brackets right after an ORG span: "Hiệp hội ... (HoREA)"."""
    e = sp.end
    if e + 2 < sent.n and sent.words[e] == "(" and sent.words[e + 2] == ")":
        w = sent.words[e + 1]
        if w[:1].isupper() and sum(c.isupper() for c in w) >= 2 and w.isalnum():
            return w
    return None


def tag_document(views, tagger: NameTagger) -> list[list[Span]]:
    """Rule spans per sentence, in two passes: the second knows the document's names and acronyms."""
    known = KnownNames()
    first = [tagger.tag_sentence(sent) for sent, _ in views]
    for (sent, _), spans in zip(views, first):
        for sp in spans:
            if sp.label == "PERSON":
                known.add(sent.lows[sp.start:sp.end])
            elif sp.label == "ORG":
                acronym = _defined_acronym(sent, sp)
                if acronym:
                    known.orgs.setdefault(acronym, sp.canonical or sent.surface(sp.start, sp.end))
    if not known.full and not known.orgs:
        return first
    for (sent, _), spans in zip(views, first):
        for sp in spans:  # an acronym tagged on its own takes the name it abbreviates
            if sp.label == "ORG" and sp.end - sp.start == 1 and sent.words[sp.start] in known.orgs:
                sp.canonical = known.orgs[sent.words[sp.start]]
    out = []
    for (sent, _), spans in zip(views, first):
        found = {k for sp in spans if sp.label in ("PERSON", "ORG") for k in range(sp.start, sp.end)}
        missed = not (known.given.isdisjoint(sent.lows) and known.orgs.keys().isdisjoint(sent.words)) and any(
            (w in known.given or sent.words[k] in known.orgs) and k not in found and is_cap(sent.words[k])
            for k, w in enumerate(sent.lows))
        out.append(tagger.tag_sentence(sent, known) if missed else spans)
    return out


def rule_entities(doc, tagger: NameTagger | None = None, blocked_spans=(), views=None) -> list[Entity]:
    tagger = tagger or default_tagger()
    nt = doc._.norm_text
    views = truecase.views(doc, blocked_spans) if views is None else views
    return [to_entity(doc, nt, sent, sp)
            for (sent, _), spans in zip(views, tag_document(views, tagger)) for sp in spans]


@lru_cache(maxsize=1)
def default_tagger() -> NameTagger:
    return NameTagger()
