"""Where a document's title is: the header lines before it carry no theme and are not read.

The theme model reads a document's first sentence as its title (a context
feature of every sentence, and a roll-up feature). A news article opens with
its headline, but a press release opens with "THÔNG CÁO BÁO CHÍ" and an
internal report with its issuer, motto, number and date lines, so the model
read "UBND TỈNH ..." as the title and filed a budget-revenue report under
nothing. The header is:

- page furniture (`furniture.is_furniture`);
- for an administrative document (`doc._.admin`), every line before its
  subject (or, with no subject found, before its body);
- a bare document-type heading in capitals ("BÁO CÁO", "THÔNG CÁO BÁO CHÍ").

Only a run at the start counts; the first other sentence is the title.

An administrative document's apparatus carries no theme wherever it stands
(`admin.component.apparatus_spans`): issuer, number, place-and-date, "Kính gửi", recipients,
signature and the boilerplate (motto, type line, "Nơi nhận", "Lưu"). A letter
printed in two columns puts its motto and date after the subject, where they
took the subject's theme from the sentences around them.

Nor does a citation line or a formula (`is_citation_or_formula`): a "Căn cứ ..." or "Xét đề nghị
của ..." line, a line that is mostly the cited documents' numbers and names (a decision's list of
repealed circulars), and a decision's closing clauses (who executes it, when it takes effect). A citation's words are the
cited document's title ("Căn cứ Luật Phòng, chống tham nhũng ..."), not what the citing document is
about, and the model read them as the theme they name: a 1,000-line list of circulars on procedures was
filed under administrative reform, and "... chịu trách nhiệm thi hành Quyết định này", closing every
decision, took discipline at .96-.99 and filed flood-aid and exam decisions under it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..admin.vocab import doc_types, fold, is_caps_word, legal_types

_MAX_HEADING_WORDS = 5


def is_type_heading(sentence: str) -> bool:
    """A short line in capitals that opens with a document type ("KẾ HOẠCH", "THÔNG CÁO BÁO CHÍ")."""
    words = sentence.split()
    if not words or len(words) > _MAX_HEADING_WORDS or not all(is_caps_word(w) for w in words):
        return False
    folded = fold(" ".join(words)).lower()
    return any(folded == t or folded.startswith(t + " ") for t in doc_types())


def _admin_header_end(admin) -> int | None:
    """Where an administrative document's header ends: its subject, else its body."""
    if not admin:
        return None
    parts = admin.get("parts") or []
    for kind in ("subject", "body"):
        starts = [p["start"] for p in parts if p["kind"] == kind]
        if starts:
            return min(starts)
    return None


def lead_count(text: str, spans, views, admin=None) -> int:
    """How many of the document's first sentences are header, not title. `spans` are the
    sentences' (start, end) in `text`, `views` the model's texts ("" for furniture), `admin`
    the `doc._.admin` data or None. A document that is all header gives 0 (nothing to skip to)."""
    header_end = _admin_header_end(admin)
    n = 0
    for (start, end), view in zip(spans, views):
        if not view or (header_end is not None and end <= header_end) or is_type_heading(text[start:end]):
            n += 1
        else:
            return n
    return 0


def is_apparatus(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Is every non-space character of text[start:end] inside one of `spans`?"""
    if not spans:
        return False
    pos = start
    for a, b in spans:
        if b <= pos:
            continue
        if a > pos and text[pos:min(a, end)].strip():
            return False
        pos = max(pos, b)
        if pos >= end:
            return True
    return not text[pos:end].strip()


_CITES = re.compile(r"[\s\-+*•]*(?:Căn cứ|(?:Xét|Theo) đề nghị của)\b")
# the closing formulas of a decision, a directive or a resolution: who executes it and when it takes effect
_FORMULAS = re.compile(r"chịu trách nhiệm (?:tổ chức )?thi hành|có hiệu lực (?:thi hành )?(?:kể )?từ ngày", re.IGNORECASE)


def is_citation_or_formula(text: str, start: int, end: int, refs: list[tuple[int, int]]) -> bool:
    """Is text[start:end] a document's formula rather than its content: a line opening with "Căn cứ"
    or "Xét đề nghị của", the executing or taking-effect clause ("Chánh Văn phòng ..., Giám đốc Sở ...
    chịu trách nhiệm thi hành Quyết định này"), or one whose letters are half inside numbered LEGAL_REF
    `refs` (sorted (start, end) spans)?"""
    if _CITES.match(text, start) or _FORMULAS.search(text, start, end):
        return True
    # numbered documents only: a subject naming the plan it issues ("Kế hoạch chuyển đổi số năm 2024") is content
    covered = sum(min(end, b) - max(start, a) for a, b in refs if a < end and b > start and "/" in text[a:b])
    return covered > 0 and covered * 2 >= sum(1 for c in text[start:end] if not c.isspace())


@lru_cache(maxsize=1)
def _report_line() -> re.Pattern:
    """A line only an administrative document opens so: its legal basis or the document it carries out (a
    cited document's type word, `admin.vocab.legal_types`), its subject ("V/v ..."), its addressee
    ("Kính gửi:"); in the two news archives, 2 of 14,295 articles hold one."""
    types = "(?:" + "|".join(re.escape(t) for t in legal_types()) + ")"
    return re.compile(rf"^[\s\-+*•]*(?:Căn cứ {types}|Thực hiện {types}(?: liên tịch)? số|V/v |Kính gửi\s*:)",
                      re.MULTILINE)


def reads_as_report(text: str, admin=None) -> bool:
    """Is the text an administrative document: one the admin reader found a header in, or one with a
    line that cites its legal basis ("Căn cứ Luật ...", "Thực hiện Kế hoạch số ..."), its subject
    ("V/v ...") or its addressee ("Kính gửi: ...") (a report pasted without its header)?"""
    return admin is not None or _report_line().search(text) is not None
