#!/usr/bin/env python3
"""Mine foreign names (people, clubs, companies, places) from the unlabelled archives.

A candidate is a run of capitalised Latin-script words, joined by single spaces
on one line, with at least one word that is not a Vietnamese syllable ("Jose
Mourinho", "Bayern Munich", "Tim Cook"); words with letters only Vietnamese
writes (đ ă ơ ư, hook above, dot below, a tone on â/ê/ô) end a run. A run is
trimmed of what is not part of the name:
- a leading Vietnamese word capitalised only because it opens the sentence
  ("Theo Ronaldo", "Khi Chelsea"): a word the archive writes in lower case
  more often than not;
- a leading Vietnamese country name ("Anh", "Nga": "Thủ tướng Anh Theresa May");
- a leading acronym that comes before many different names ("HLV Mourinho",
  "CLB Chelsea", "CEO Tim Cook"); it counts as the left cue instead.
Lines mostly in capitals (headlines, headers) and runs made only of acronyms
(UBND, FIFA) are left out: acronyms are another lexicon's business.

For each candidate the script counts its occurrences and documents and what
suggests its type:
- cue words right before it: PERSON ("HLV", "tiền đạo", "ông", "Tổng thống",
  "ca sĩ", "CEO"), ORG ("CLB", "đội", "hãng", "tập đoàn", "công ty"), LOC
  ("thành phố", "tại", "ở", "bang", "sân"), OTHER ("mẫu", "dòng", "phim", "giải",
  or a number right after it: "iPhone 8", "Galaxy S8", "Euro 2016");
- the hand annotations of corpora/ner (training regions only, not the NER
  held-out split): how often the same string is a PERSON/ORG/LOC span, part of
  a longer span ("~"), or no entity at all ("O");
- for one-word candidates, how often the archive writes the word in lower case
  (common English words: "Smart", "Group").
It proposes the type with the most evidence.

Documents of the dev gold (../shared/gold/dev.jsonl), of the frozen samples
(corpora/frozen) and of the NER held-out split are never read.

Reviews are kept across runs: `corpora/lexicons/foreign_names.tsv` holds the
accepted names (name, type, docs, reviewed) and is what the pipeline loads
(pipeline/entities/gazetteer.py); `corpora/lexicons/foreign_names_rejected.txt`
holds the rejected ones with a reason. A re-run refreshes the counts of
reviewed names and lists new, unreviewed candidates in the candidate file with
status `new`; they enter the gazetteer only when a reviewer adds them
(`--apply REVIEW.tsv`: lines of name, TYPE or "reject", reason).

    .venv/bin/python scripts/build_gazetteer.py                        # mine, refresh counts, write candidates
    .venv/bin/python scripts/build_gazetteer.py --worksheet /tmp/ws.tsv  # plus contexts to review (keep out of git)
    .venv/bin/python scripts/build_gazetteer.py --apply /tmp/review.tsv  # record review decisions
    .venv/bin/python scripts/build_gazetteer.py --sample 100             # 100 accepted names with contexts
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from common import CORPUS_NAMES, ROOT, corpus_path, iter_corpus_docs
from common.annotation import ANNOTATIONS, excluded_docs, read_jsonl

LEXICON = ROOT / "corpora" / "lexicons" / "foreign_names.tsv"
REJECTED = ROOT / "corpora" / "lexicons" / "foreign_names_rejected.txt"
CANDIDATES = ROOT / "corpora" / "gazetteer" / "foreign_candidates.tsv"
COUNTRIES = ROOT / "corpora" / "lexicons" / "countries.tsv"
TYPES = ("PERSON", "ORG", "LOC")

# A word, with inner hyphens or apostrophes ("Saint-Germain", "O'Neill", "N'Golo"); one with a
# digit ("Covid-19", "F8", "U23") is no name word and ends a run.
WORD = re.compile(r"\w+(?:['’\-]\w+)*")

# ----------------------------------------------------------------- cue words
# Written before a name, lower-cased; the longest one ending right before the run counts.
CUES = {
    "PERSON": """hlv|huấn luyện viên|tiền đạo|trung vệ|hậu vệ|tiền vệ|thủ môn|thủ thành|cầu thủ|danh thủ|
        tân binh|ngôi sao|chân sút|tay vợt|tay đua|võ sĩ|golf thủ|vận động viên|vđv|ông|bà|anh|chị|cô|cậu|
        chàng|nàng|ngài|tổng thống|thủ tướng|phó tổng thống|ngoại trưởng|bộ trưởng|chủ tịch|nhà lãnh đạo|
        thủ lĩnh|quốc vương|nhà vua|vua|nữ hoàng|hoàng tử|công chúa|công nương|giáo hoàng|thị trưởng|
        thống đốc|thượng nghị sĩ|nghị sĩ|hạ nghị sĩ|đại sứ|người phát ngôn|phát ngôn viên|tướng|
        đại tướng|trung tướng|thiếu tướng|chuẩn tướng|đô đốc|thẩm phán|công tố viên|luật sư|ceo|
        giám đốc điều hành|giám đốc|nhà sáng lập|đồng sáng lập|tỷ phú|tỉ phú|doanh nhân|ca sĩ|nữ ca sĩ|
        nam ca sĩ|diễn viên|nam diễn viên|nữ diễn viên|tài tử|minh tinh|mỹ nhân|người mẫu|siêu mẫu|
        hoa hậu|đạo diễn|nhà sản xuất|nhạc sĩ|rapper|nghệ sĩ|họa sĩ|nhà văn|tác giả|nhà báo|phóng viên|
        nhà khoa học|giáo sư|tiến sĩ|bác sĩ|chuyên gia|nhà nghiên cứu|nhà phân tích|cựu|cố|bạn gái|
        bạn trai|vợ|chồng|con trai|con gái|mẹ|bố|cha|người đồng nhiệm|sát thủ|nghi phạm|nghi can""",
    "ORG": """clb|câu lạc bộ|đội|đội bóng|đội tuyển|đội khách|đội chủ nhà|đối thủ|hãng|tập đoàn|công ty|
        ngân hàng|quỹ|tổ chức|liên đoàn|hiệp hội|báo|tờ|tạp chí|đài|kênh|hãng tin|thông tấn xã|trang|
        trường|đại học|viện|bệnh viện|nhóm nhạc|ban nhạc|nhóm|nhà mạng|mạng xã hội|nền tảng|sàn|
        hãng hàng không|hãng xe|nhà sản xuất ô tô|thương hiệu|gã khổng lồ|đại gia|chuỗi|nhà băng|
        đảng|quân đội|lực lượng|phiến quân|cơ quan|doanh nghiệp|công ty con|đối tác|nhà đài""",
    "LOC": """thành phố|tp|tại|ở|đến|tới|từ|thủ đô|bang|tỉnh|quận|hạt|vùng|khu vực|nước|quốc gia|đảo|
        quần đảo|hòn đảo|sân|sân vận động|svđ|sông|núi|thị trấn|làng|thủ phủ|miền|phía|biên giới|
        eo biển|vịnh|biển|hồ|đường|phố|đại lộ|quảng trường|cảng|sân bay|khách sạn|khu|vùng lãnh thổ|
        xứ|thành|kinh đô|ngoại ô|vùng ngoại ô|hướng|về|rời""",
    "OTHER": """mẫu|dòng|điện thoại|smartphone|máy|máy tính|phiên bản|ứng dụng|app|phần mềm|game|
        trò chơi|phim|bộ phim|ca khúc|bài hát|album|mv|giải|giải đấu|mùa giải|cúp|hệ điều hành|chiếc|
        xe|mẫu xe|sản phẩm|chương trình|show|dự án|chiến dịch|sự kiện|lễ hội|cuốn|sách|tác phẩm|
        tiểu thuyết|bom tấn|siêu phẩm|vũ khí|tên lửa|tàu|máy bay|tiêm kích|giống|loài|virus|thuốc|
        chip|vi xử lý|tính năng|dịch vụ|gói|cuộc thi|series|truyện|nhân vật|thẻ|tiền|đồng|đồng tiền""",
}
CUES = {t: {c.strip() for c in words.split("|") if c.strip()} for t, words in CUES.items()}
# Vietnamese words without diacritics that open a sentence or a source line
OPENERS = {"theo", "khi", "trong", "sau", "cho", "con", "nhung", "va", "voi"}
ALL_CUES = {c: t for t, cs in CUES.items() for c in cs}
CUE_ACRONYMS = {"HLV": "PERSON", "CEO": "PERSON", "VĐV": "PERSON", "CLB": "ORG", "FC": "ORG", "TP": "LOC"}
MAX_CUE_WORDS = max(len(c.split()) for cs in CUES.values() for c in cs)
# a number after the name: a model or edition ("iPhone 8", "Galaxy S8", "Euro 2016"), not a score ("Chelsea 2-1")
MODEL_AFTER = re.compile(r" (?:[A-Z]{0,3}\d+[A-Za-z]*|[IVX]+)(?![\d\-–:/,.]\d)")
AGE_AFTER = re.compile(r" ?\((?:\d{1,2} tuổi|sinh năm|SN|\d{1,2})\)?")


# ----------------------------------------------------------------- Vietnamese or not
VIET_ONLY_MARKS = {"\u0309", "\u0323", "\u031b", "\u0306"}  # hook above, dot below, horn, breve
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
SYLLABLE_SHAPE = re.compile(rf"(?:{ONSET})?[aăâeêioôơuưy]{{1,3}}(?:ch|ng|nh|c|m|n|p|t)?")


def strip_tones(s: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", s) if c not in TONES))


def vietnamese_dictionary() -> tuple[set[str], set[str]]:
    """(syllables, two-syllable words) of underthesea's Viet74K dictionary, lower-cased. Only
    syllables with the shape of a Vietnamese syllable (onset, one to three vowels, a Vietnamese
    coda) count: "tim", "kim", "theo", "hà"; loanwords written whole ("album", "cuba",
    "darwin") do not have it."""
    import underthesea

    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    syllables, pairs = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.lower().strip())
        for syl in re.split(r"[\s\-]+", line):
            if syl and SYLLABLE_SHAPE.fullmatch(strip_tones(syl)):
                syllables.add(syl)
        if len(line.split()) == 2:
            pairs.add(line)
    return syllables, pairs


def is_latin_word(word: str) -> bool:
    """Latin letters (and inner ' -) with none that only Vietnamese writes; no digits."""
    for ch in word:
        if ch in "'’-":
            continue
        if not ch.isalpha():
            return False
        if ch in "đĐ" or not unicodedata.name(ch, "").startswith("LATIN"):
            return False
        marks = set(unicodedata.normalize("NFD", ch)[1:])
        if marks & VIET_ONLY_MARKS:
            return False
        if "\u0302" in marks and marks & TONES:           # ấ ề ổ ...
            return False
        if "\u0303" in marks and ch.lower() not in "ãõñ":  # ẽ ĩ ũ ỹ
            return False
    return True


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def caps_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


SENTENCE_OPENERS = set(".!?:;\"“”'‘’(…–—-•*>[")


def sentence_initial(line: str, start: int) -> bool:
    before = line[:start].rstrip()
    return not before or before[-1] in SENTENCE_OPENERS


# ----------------------------------------------------------------- the archive
def archive_docs(excluded: set[str]):
    """(corpus, id, NFC text) of every document not excluded."""
    for name in CORPUS_NAMES:
        path = corpus_path(name)
        if not path.exists():
            raise SystemExit(f"needs {path} (set VNMONITOR_SHARED)")
        for d in iter_corpus_docs(path):
            if d["id"] not in excluded:
                yield name, d["id"], unicodedata.normalize("NFC", d["text"])


def raw_runs(line: str):
    """Runs of capitalised Latin words joined by one space: lists of (start, end, word)."""
    run: list[tuple[int, int, str]] = []
    for m in WORD.finditer(line):
        w = m.group()
        ok = is_cap(w) and is_latin_word(w)
        if ok and run and line[run[-1][1]:m.start()] == " ":
            run.append((m.start(), m.end(), w))
            continue
        if run:
            yield run
        run = [(m.start(), m.end(), w)] if ok else []
    if run:
        yield run


class Miner:
    def __init__(self, syllables: set[str], pairs: set[str], country_words: set[tuple[str, ...]]):
        self.syllables = syllables
        self.pairs = pairs
        self.country_words = country_words
        self.case = Counter()              # word -> occurrences as written
        self.next_after = defaultdict(set)  # leading acronym -> distinct next words

    def is_viet(self, word: str) -> bool:
        """A Vietnamese syllable, or syllables joined by hyphens ("Nga-Pháp")."""
        return all(part in self.syllables for part in re.split(r"['’\-]", word.lower()))

    def mostly_lower(self, word: str) -> bool:
        low = word.lower()
        return self.case[low] > self.case[word] + self.case[word.upper()]

    def count_case(self, line: str) -> None:
        """Words as written; a capitalised word opening a sentence is not counted ("Theo đó")."""
        for m in WORD.finditer(line):
            w = m.group()
            if not (is_cap(w) and sentence_initial(line, m.start())):
                self.case[w] += 1
        for run in raw_runs(line):
            for (_, _, a), (_, _, b) in zip(run, run[1:]):
                if is_acronym(a):
                    self.next_after[a].add(b)

    def country_at(self, run) -> int:
        """How many words at the front of `run` are a country or place of countries.tsv."""
        for n in (2, 1):
            if len(run) > n and tuple(x[2] for x in run[:n]) in self.country_words:
                return n
        return 0

    def trim(self, line: str, run):
        """(the name part of a raw run or None, cue type, cue word); the cue is a word taken off
        the front of the run ("HLV", "Báo") or the cue word written before it."""
        cue = (None, None)
        cue_at = None                                     # where the cue is read when a country was cut off
        while len(run) > 1:
            w = run[0][2]
            before = line[max(0, run[0][0] - 40):run[0][0]]
            if is_acronym(w) and (w in CUE_ACRONYMS or len(self.next_after[w]) >= 8):
                cue = (CUE_ACRONYMS.get(w), w)           # "HLV Mourinho", "CLB Chelsea"
            elif self.is_viet(w) and self.country_at(run):
                cue_at = run[0][0] if cue_at is None else cue_at
                run = run[self.country_at(run) - 1:]      # "Thủ tướng Anh Theresa May"
            elif self.is_viet(w) and w.lower() in ALL_CUES:
                cue = (ALL_CUES[w.lower()], w.lower())    # "Báo VietNamNet"
            elif self.is_viet(w) and (w.lower() in OPENERS or sentence_initial(line, run[0][0]) and self.mostly_lower(w)):
                pass                                      # "Khi Chelsea", a caption glued on: "... diều kéo Theo Reuters"
            elif self.is_viet(w) and before.endswith(" ") and before[-2:-1].isalpha() \
                    and is_cap(before.split()[-1]) and not is_latin_word(before.split()[-1]):
                pass                                      # "Triều Tiên Kim Jong-un", "Hương Giang Idol"
            elif (cue[0] or left_cue(line, run[0][0])[0]) == "PERSON" and (is_acronym(w) or self.country_at(run)):
                cue_at = run[0][0] if cue_at is None else cue_at
                run = run[max(1, self.country_at(run)) - 1:]  # "Tổng thống Philippines Rodrigo Duterte"
            else:
                break
            run = run[1:]
        # a Vietnamese word after the name: "Viện Pasteur Thành phố HCM"
        while len(run) > 1 and self.is_viet(run[-1][2]):
            nxt = WORD.match(line, run[-1][1] + 1) if line[run[-1][1]:run[-1][1] + 1] == " " else None
            if not nxt or f"{run[-1][2]} {nxt.group()}".lower() not in self.pairs:
                break
            run = run[:-1]
        words = [w for _, _, w in run]
        if all(is_acronym(w) or len(w) == 1 for w in words):
            return None, None, None
        if not any(not self.is_viet(w) and len(w) > 1 and not is_acronym(w) for w in words):
            return None, None, None
        if len(run) == 1 and sentence_initial(line, run[0][0]) and self.mostly_lower(words[0]):
            return None, None, None           # "The", "Nhung" opening a sentence
        if cue == (None, None):
            cue = left_cue(line, run[0][0] if cue_at is None else cue_at)
        return run, cue[0], cue[1]


def left_cue(line: str, start: int) -> tuple[str | None, str | None]:
    """(type, cue) of the longest cue word ending right before `start`."""
    words = line[max(0, start - 60):start].lower().split()
    for n in range(min(MAX_CUE_WORDS, len(words)), 0, -1):
        cand = " ".join(words[-n:]).strip(",;:()\"“”")
        if cand in ALL_CUES:
            return ALL_CUES[cand], cand
    return None, None


class Stats:
    def __init__(self):
        self.freq = Counter()
        self.docs = defaultdict(set)
        self.cues = defaultdict(Counter)       # name -> type -> count
        self.cue_words = defaultdict(Counter)  # name -> cue word -> count
        self.ann = defaultdict(Counter)        # name -> PERSON / ORG~ / O ...
        self.contexts = defaultdict(list)      # name -> (doc, line, start, end), a few
        self.glued = Counter()                 # name -> times right after a capitalised Vietnamese word ("Hồng Kông")
        self.lower = {}                        # one-word name -> times the archive writes it in lower case


def annotated_regions(excluded: set[str]) -> dict[str, list[tuple[int, int, list]]]:
    out = defaultdict(list)
    for r in read_jsonl(ANNOTATIONS):
        if r["doc"] in excluded:
            continue
        ents = [(e["start"], e["end"], e["label"]) for e in r["entities"]]
        out[r["doc"]].append((r["start"], r["end"], ents))
    return out


def ann_label(regions, start: int, end: int) -> str | None:
    for rs, re_, ents in regions:
        if rs <= start and end <= re_:
            for es, ee, label in ents:
                if es == start and ee == end:
                    return label
                if es <= start and end <= ee:
                    return label + "~"
                if es < end and start < ee:
                    return "cross"
            return "O"
    return None


def mine(args) -> tuple[Stats, Miner, int]:
    excluded = excluded_docs(args.holdout)
    countries = {tuple(row.split("\t")[0].split()) for row in COUNTRIES.read_text(encoding="utf-8").splitlines()
                 if row and not row.startswith("#")}
    miner = Miner(*vietnamese_dictionary(), countries)
    docs = list(archive_docs(excluded))
    for _, _, text in docs:
        for line in text.split("\n"):
            miner.count_case(line)
    regions = annotated_regions(excluded)
    stats = Stats()
    rng = random.Random(args.seed)
    for _, doc_id, text in docs:
        pos = 0
        doc_regions = regions.get(doc_id, ())
        for line in text.split("\n"):
            base, pos = pos, pos + len(line) + 1
            if caps_line(line):
                continue
            for raw in raw_runs(line):
                run, t, cue = miner.trim(line, raw)
                if run is None:
                    continue
                s, e = run[0][0], run[-1][1]
                name = line[s:e]
                stats.freq[name] += 1
                stats.docs[name].add(doc_id)
                if t:
                    stats.cues[name][t] += 1
                    stats.cue_words[name][cue] += 1
                after = line[e:e + 30]
                if MODEL_AFTER.match(after):
                    stats.cues[name]["OTHER"] += 1
                    stats.cue_words[name]["+number"] += 1
                elif AGE_AFTER.match(after):
                    stats.cues[name]["PERSON"] += 1
                    stats.cue_words[name]["+(age)"] += 1
                prev = re.search(r"(\w+) $", line[max(0, s - 30):s])
                if prev and is_cap(prev.group(1)) and not is_latin_word(prev.group(1)):
                    stats.glued[name] += 1
                if doc_regions:
                    label = ann_label(doc_regions, base + s, base + e)
                    if label:
                        stats.ann[name][label] += 1
                ctx = stats.contexts[name]            # a seeded reservoir sample of 6 occurrences
                k = rng.randrange(stats.freq[name])
                if len(ctx) < 6:
                    ctx.append((doc_id, line, s, e))
                elif k < 6:
                    ctx[k] = (doc_id, line, s, e)
    return stats, miner, len(docs)


def propose(name: str, stats: Stats) -> str:
    cues, ann = stats.cues[name], stats.ann[name]
    score = {t: cues[t] + 3 * ann[t] for t in TYPES}
    score["OTHER"] = cues["OTHER"] + 3 * ann["O"]
    best = max(score, key=score.get)
    return best if score[best] > 0 else "?"


# ----------------------------------------------------------------- reviews
def read_reviewed() -> tuple[dict[str, list[str]], dict[str, str]]:
    accepted, rejected = {}, {}
    if LEXICON.exists():
        for line in LEXICON.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                cols = line.split("\t")
                accepted[cols[0]] = cols
    if REJECTED.exists():
        for line in REJECTED.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, _, reason = line.partition("\t")
                rejected[name] = reason
    return accepted, rejected


def apply_review(path: Path, accepted, rejected, stats: Stats) -> int:
    n = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        name, decision = cols[0], cols[1].strip()
        reason = cols[2].strip() if len(cols) > 2 else ""
        if decision in TYPES:
            accepted[name] = [name, decision, str(len(stats.docs.get(name, ()))), "yes"]
            rejected.pop(name, None)
        elif decision == "reject":
            rejected[name] = reason or "rejected"
            accepted.pop(name, None)
        else:
            raise SystemExit(f"{path}:{lineno}: decision must be one of {TYPES} or reject, not {decision!r}")
        n += 1
    return n


def write_outputs(stats: Stats, accepted, rejected, keep: list[str], n_docs: int, args) -> None:
    header = (f"# scripts/build_gazetteer.py: {n_docs} archive documents (dev gold, frozen samples and the "
              f"NER held-out split left out); candidates seen >= {args.min_freq} times in >= {args.min_docs} documents")
    rows = []
    for name in sorted(keep, key=lambda n: (-len(stats.docs[n]), n)):
        c, a = stats.cues[name], stats.ann[name]
        status = accepted[name][1] if name in accepted else ("reject" if name in rejected else "new")
        ann = " ".join(f"{k}:{v}" for k, v in a.most_common())
        cue_words = " ".join(f"{k}:{v}" for k, v in stats.cue_words[name].most_common(4))
        rows.append("\t".join(map(str, (name, stats.freq[name], len(stats.docs[name]), propose(name, stats),
                                        c["PERSON"], c["ORG"], c["LOC"], c["OTHER"], ann, stats.lower.get(name, ""),
                                        stats.glued[name], cue_words, status))))
    CANDIDATES.parent.mkdir(parents=True, exist_ok=True)
    CANDIDATES.write_text(header + "\n# name\tfreq\tdocs\tproposed\tcue_person\tcue_org\tcue_loc\tcue_other\t"
                          "annotated\tlower\tglued\ttop_cues\tstatus\n" + "\n".join(rows) + "\n", encoding="utf-8")
    lex = ["# Foreign names in Vietnamese news (Latin script, no Vietnamese diacritics), mined from the archive "
           "by scripts/build_gazetteer.py and reviewed by hand against archive contexts.",
           "# name\ttype\tdocs\treviewed"]
    for name in sorted(accepted, key=lambda n: (accepted[n][1], n)):
        lex.append("\t".join((name, accepted[name][1], str(len(stats.docs.get(name, ()))), "yes")))
    LEXICON.write_text("\n".join(lex) + "\n", encoding="utf-8")
    rej = ["# Candidates of scripts/build_gazetteer.py rejected on review (name<TAB>reason): products, events, "
           "common words, fragments, Vietnamese words."]
    rej += [f"{n}\t{r}" for n, r in sorted(rejected.items())]
    REJECTED.write_text("\n".join(rej) + "\n", encoding="utf-8")


def write_worksheet(path: Path, stats: Stats, keep: list[str], accepted, rejected, width: int = 45) -> None:
    """Candidates not yet reviewed with up to three contexts each: for reading, never for the repository."""
    with path.open("w", encoding="utf-8") as f:
        for name in sorted(keep, key=lambda n: (-len(stats.docs[n]), n)):
            if name in accepted or name in rejected:
                continue
            c, a = stats.cues[name], stats.ann[name]
            ev = f"P{c['PERSON']} O{c['ORG']} L{c['LOC']} X{c['OTHER']}"
            ann = " ".join(f"{k}:{v}" for k, v in a.most_common())
            cw = " ".join(f"{k}:{v}" for k, v in stats.cue_words[name].most_common(4))
            f.write(f"## {name}\t{stats.freq[name]}/{len(stats.docs[name])}\t{propose(name, stats)}\t{ev}\t"
                    f"ann[{ann}]\tlow[{stats.lower.get(name, '')}]\tglued[{stats.glued[name]}]\t{cw}\n")
            for _, line, s, e in stats.contexts[name][:3]:
                left = line[max(0, s - width):s].replace("\t", " ")
                right = line[e:e + width].replace("\t", " ")
                f.write(f"    …{left}[{line[s:e]}]{right}…\n")


def print_sample(stats: Stats, accepted, n: int, seed: int, width: int = 45) -> None:
    """`n` accepted names drawn at random, each with three of its archive contexts drawn at
    random, for a precision check (printed, never written into the repository)."""
    names = sorted(accepted)
    for name in random.Random(seed).sample(names, min(n, len(names))):
        print(f"## {name}\t{accepted[name][1]}\t{len(stats.docs.get(name, ()))} documents")
        for _, line, s, e in stats.contexts.get(name, [])[:3]:
            print(f"    …{line[max(0, s - width):s]}[{line[s:e]}]{line[e:e + width]}…")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-freq", type=int, default=5)
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--holdout", type=float, default=0.2, help="the NER held-out share (scripts/train_ner.py)")
    ap.add_argument("--worksheet", type=Path, help="write unreviewed candidates with contexts here (outside git)")
    ap.add_argument("--apply", type=Path, help="review decisions: name<TAB>PERSON|ORG|LOC|reject[<TAB>reason]")
    ap.add_argument("--sample", type=int, default=0, help="print this many accepted names with contexts (precision check)")
    ap.add_argument("--seed", type=int, default=20261202, help="for the contexts kept and the --sample draw")
    args = ap.parse_args()
    started = time.perf_counter()
    stats, miner, n_docs = mine(args)
    keep = [n for n in stats.freq if stats.freq[n] >= args.min_freq and len(stats.docs[n]) >= args.min_docs]
    for name in keep:
        if " " not in name:
            stats.lower[name] = miner.case[name.lower()]
    accepted, rejected = read_reviewed()
    if args.apply:
        print(f"applied {apply_review(args.apply, accepted, rejected, stats)} review decisions from {args.apply}")
    write_outputs(stats, accepted, rejected, keep, n_docs, args)
    if args.worksheet:
        write_worksheet(args.worksheet, stats, keep, accepted, rejected)
    if args.sample:
        print_sample(stats, accepted, args.sample, args.seed)
    status = Counter(accepted[n][1] if n in accepted else ("reject" if n in rejected else "new") for n in keep)
    kinds = Counter(row[1] for row in accepted.values())
    print(f"{n_docs} documents, {len(stats.freq)} distinct runs, {len(keep)} candidates "
          f"(>= {args.min_freq} times, >= {args.min_docs} documents) in {time.perf_counter() - started:.0f}s")
    print(f"candidates by status: {dict(sorted(status.items()))}")
    print(f"gazetteer: {len(accepted)} names {dict(sorted(kinds.items()))}; rejected: {len(rejected)}")
    print(f"wrote {CANDIDATES.relative_to(ROOT)}, {LEXICON.relative_to(ROOT)}, {REJECTED.relative_to(ROOT)}"
          + (f", {args.worksheet}" if args.worksheet else ""))


if __name__ == "__main__":
    main()
