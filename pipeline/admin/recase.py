"""Normal capitalisation for lines printed in capitals.

Header, title and signature lines are printed in capitals ("ỦY BAN NHÂN DÂN
TỈNH KON TUM", "PHÓ CHỦ TỊCH"), but the record gives names as they are written
in running text ("Ủy ban nhân dân tỉnh Kon Tum"). Vietnamese capitalisation is
lexical, not positional, so the best witness is the document itself: the same
words nearly always recur in its body. Known agencies and titles come first,
then the longest phrase found in the body, then a word-level fallback
(lower case, a capital after an administrative word such as "tỉnh").
"""
from __future__ import annotations

import re

from .vocab import agencies, agency_heads, fold, provinces, signer_titles

_NOT_IN_PLACE = {"nam", "ve", "cua", "va", "den", "trong", "tai", "theo", "giai", "thoi", "voi", "cho",
                 "tu", "nhung", "cac", "de"}
_ADMIN_WORDS = {"tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "tp."}
_MAX_PHRASE = 12


class BodyCase:
    """Looks up how a phrase is capitalised (and accented) in the document's own text.

    An exact lower-case match is preferred; failing that an accent-insensitive
    one, which also restores the diacritics OCR dropped from a capitals line
    ("VE NGƯỜI CAO TUOI" -> "về người cao tuổi") when the body spells it out.
    """

    def __init__(self, text: str, limit: int = 80000):
        body = text[:limit]
        low = body.lower()
        self.ok = len(low) == len(body)
        self.text, self.low, self.folded = body, low, fold(body)

    def find(self, phrase: str) -> str | None:
        """The phrase as printed mid-sentence in the body, or None."""
        if not self.ok:
            return None
        exact = self._find(self.low, phrase.lower())
        if exact:
            return exact
        found = self._find(self.folded, fold(phrase))
        if not found or len(found) != len(phrase):
            return None
        found = self._commonest(fold(phrase), found)
        # keep the printed letters where they carry accents; take the body's
        # spelling only for words printed without any (OCR lost them)
        out = []
        for pw, fw in zip(re.split(r"(\s+)", phrase), re.split(r"(\s+)", found)):
            if len(pw) != len(fw):
                return None
            if fold(pw) == pw.lower():
                out.append(fw)
            else:
                out.append("".join(f if f.lower() == p.lower() else (p.lower() if f.islower() else p.upper())
                                   for p, f in zip(pw, fw)))
        return "".join(out)

    def _commonest(self, key: str, found: str) -> str:
        """Word by word, the spelling most occurrences of the phrase agree on.

        OCR garbles each copy differently ("tuôi" here, "tuổi" there); the
        majority is the printed word. Ties keep the first copy's spelling.
        """
        copies, pos = [], 0
        for _ in range(12):
            i = self.folded.find(key, pos)
            if i < 0:
                break
            pos = i + 1
            copies.append(self.text[i:i + len(key)].lower())
        if len(copies) < 2:
            return found
        words = re.split(r"(\s+)", found)
        split = [re.split(r"(\s+)", c) for c in copies]
        out = []
        for k, w in enumerate(words):
            votes: dict[str, int] = {}
            for c in split:
                if len(c) == len(words) and len(c[k]) == len(w):
                    votes[c[k]] = votes.get(c[k], 0) + 1
            best = max(votes.items(), key=lambda kv: kv[1], default=(w.lower(), 0))
            if best[1] > votes.get(w.lower(), 0):
                w = "".join(b.upper() if o.isupper() else b for o, b in zip(w, best[0]))
            out.append(w)
        return "".join(out)

    def _find(self, hay: str, key: str) -> str | None:
        pos, first = 0, None
        for _ in range(8):
            i = hay.find(key, pos)
            if i < 0:
                break
            pos = i + 1
            j = i + len(key)
            if (i and hay[i - 1].isalnum()) or (j < len(hay) and hay[j].isalnum()):
                continue
            found = self.text[i:j]
            if not any(c.islower() for c in found):
                continue
            prev = self.text[:i].rstrip()[-1:] if i else "\n"
            if prev and prev not in ".:;\n!?\"“(":
                return found
            first = first or found
        return None if first is None else first[0].lower() + first[1:]


def _lexicon_match(folded: str) -> str | None:
    return agencies().get(folded) or signer_titles().get(folded)


def recase(s: str, body: BodyCase | None = None, lower_first: bool = False) -> str:
    """`s` in normal capitalisation (unchanged if it is already mixed case)."""
    s = re.sub(r"\s+", " ", s).strip()
    if not s or any(c.islower() for c in s if c.isalpha()) and not _mostly_caps(s):
        return s
    words = re.findall(r"[^\s,;]+|[,;]", s)
    # accents decide "cơ quan" from "quận", unless OCR dropped them all
    key = fold if fold(s) == s.lower() else str.lower
    out: list[str] = []
    i, place_mode, after_title, name_mode = 0, 0, False, False
    while i < len(words):
        done = False
        for j in range(min(len(words), i + _MAX_PHRASE), i, -1):
            hit = _lexicon_match(fold(" ".join(words[i:j])))
            if hit:
                out.append(hit)
                after_title = fold(hit) in signer_titles()
                i, done = j, True
                break
        if done:
            continue
        if body is not None:
            for j in range(min(len(words), i + _MAX_PHRASE), i + 1, -1):
                hit = body.find(" ".join(words[i:j]))
                if hit and hit.islower() and (name_mode or _after_head(out, words[i].lower())):
                    hit = None   # "an toàn thông tin" in the body: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" names the Sở
                if hit:
                    if not out and not lower_first:
                        hit = hit[:1].upper() + hit[1:]     # the line's first word opens a name
                    # word by word, so that a head found in the body ("Đảng ủy") opens a name
                    out.extend(hit.split())
                    i, done = j, True
                    break
        if done:
            continue
        for j in range(min(len(words), i + 4), i + 1, -1):
            place = provinces().get(key(" ".join(words[i:j])))
            if place:
                out.extend(place.split())   # a province named without "tỉnh": "SỞ Y TẾ HÀ NỘI"
                i, done = j, True
                break
        if done:
            continue
        if is_abbreviation(words[i]):
            out.append(words[i])          # "UBND", "XV", "TP." stay as printed
            i += 1
            continue
        w = words[i].lower()
        if w in ",;":
            out.append(w)
            i += 1
            continue
        prev = key(" ".join(out))
        if any(prev.endswith(key(a)) for a in _ADMIN_WORDS):
            place_mode = 3         # the place name after "tỉnh": up to three words
        elif place_mode and (not w[:1].isalpha() or fold(w) in _NOT_IN_PLACE):
            place_mode = 0
        else:
            place_mode = max(0, place_mode - 1) if place_mode else 0
        if _after_head(out, w):
            name_mode = True           # "Sở Giáo dục và Đào tạo": each part of the name
        capital = name_mode and (_after_head(out, w) or (out and fold(out[-1]) in ("va", ",", "-")))
        if place_mode or capital or not out or (after_title and _starts_head(words, i)):
            w = w[:1].upper() + w[1:]
        after_title = False
        out.append(w)
        i += 1
    res = re.sub(r" ([,;])", r"\1", " ".join(out))
    if not lower_first:
        res = res[:1].upper() + res[1:]
    return res


_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|tr|th|ph|kh|gh|gi|qu|[bcdghklmnpqrstvx])?"
                       r"[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def is_abbreviation(word: str) -> bool:
    """"UBND", "HĐND", "XV", "TP." are not Vietnamese syllables: keep their capitals."""
    core = word.strip(".,;:()")
    if not core or not core.isupper():
        return False
    return not all(_SYLLABLE.fullmatch(part) for part in fold(core).split("-") if part)


def _starts_head(words: list[str], i: int) -> bool:
    """True when an agency head ("SỞ", "ỦY BAN") starts at word i: after a title
    it opens the agency's name and takes a capital ("Giám đốc Sở Nội vụ")."""
    for h in agency_heads():
        hw = h.split()
        if [fold(w) for w in words[i:i + len(hw)]] == hw:
            return True
    return False


def _after_head(out: list[str], word: str) -> bool:
    """The first word of a name after an agency head is capitalised ("Bộ Nông thôn mới").

    "Ủy ban nhân dân" and "Hội đồng nhân dân" are kinds of body, not names, so
    "nhân dân" stays lower case.
    """
    if not out or fold(word) == "nhan" or any(fold(word) == fold(a) for a in _ADMIN_WORDS):
        return False
    # the head must itself have been read as the start of a name (capitalised):
    # "ban chỉ đạo" inside a subject is not "Ban Chỉ đạo"
    for h in agency_heads():
        k = len(h.split())
        tail = out[-k:]
        if len(tail) == k and fold(" ".join(tail)) == h and tail[0][:1].isupper():
            return True
    return False


def _mostly_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
