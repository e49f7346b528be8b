"""The words the officials linker reads the text with: the regexes and word sets that tell what
stands between an office and its holder (`linker.py` lists the patterns they make up), and the small
tests built on them: a title sought or naming a board (`not_held`, which the pair scorer and the
unnamed-office model read too), a photo credit (`_credited`), a unit's unmarked name after a fused
head (`_unit_name`), and the spokespeople the entities leave unmarked (`_spokesperson_titles`)."""
from __future__ import annotations

import re

from ..types import Entity

# offices held by one person at a time, so "Thủ tướng" alone names a holder
UNIQUE_TITLES = {"thủ tướng", "tổng bí thư", "chủ tịch nước", "phó chủ tịch nước", "chủ tịch quốc hội",
                 "thủ tướng chính phủ"}
# offices a committee has many of: without a name they point at no one
_MEMBERSHIP = {"ủy viên", "ủy viên thường vụ", "ủy viên dự khuyết", "đại biểu", "đbqh", "thành viên"}
# a general's rank written without its grade ("tướng Michael X"): a rank, no office
_BARE_RANKS = {"tướng"}
_RANK_OF = "hàm "
_HOLDER_LIST = re.compile(r"^\s*(,|và)\s*$")
# one more of a plural office's holders, with an honorific: "hai Phó Chủ tịch là ông X và bà Y"
_HONORED_HOLDER = re.compile(r"^\s*(,|và|,\s*và)\s*(?:ông|bà|đồng chí)\s*$")
# a second name in brackets right after a name, the same person's: "Vương Nghị (Wang Yi)", "Đô-nan Trăm (Donald Trump)"
_NAME_IN_BRACKETS = re.compile(r"^\s*\(\s*$")
_BRACKET_CLOSES = re.compile(r"\s*\)")
# a clause-opening phrase whose object is the office after it, which a comma then closes: "Báo cáo với
# Bí thư Thành ủy, Phó Giám đốc Sở X Nguyễn Văn A cho biết" (A is not the Bí thư), "Thay mặt Chủ tịch Quốc
# hội, Phó Chủ tịch ... Y", "Thừa ủy quyền của Thủ tướng Chính phủ, Thống đốc ... Z"
_INTRODUCED = re.compile(r"(?:^|[,.;:\n]\s*)(?:[Bb]áo cáo(?:\s+với)?|[Ss]au\s+(?:khi\s+)?(?:báo cáo|ý kiến)\s+của"
                         r"|(?:[Tt]hừa\s+(?:ủy|uỷ)\s+quyền|[Tt]hừa\s+lệnh|[Tt]hay\s+mặt)(?:\s+(?:của|cho))?"
                         r"|[Tt]rả\s+lời|[Gg]ửi(?:\s+tới)?)\s+$")
# the one who appoints, named between "được" and the verb: "X được (cựu Tổng thống) Y bổ nhiệm làm Giám đốc Z"
# (Y appoints, X holds)
_APPOINTER_BEFORE = re.compile(r"(?<!\w)được\s+(?:[^\s.,;:!?]+\s+){0,5}$")
_APPOINTS_AFTER = re.compile(r"\s*(?:đã\s+)?(?:bổ nhiệm|chỉ định|đề cử|đề bạt|điều động|phân công|bầu)(?!\w)")
# an initial in a name: "V.Pu-tin", "N.T.L."
_INITIAL = re.compile(r"(?<!\w)\w\.")
# what stands between a plural office and the list of its holders: "là các ông", "gồm", "là", "gồm các ông bà:"
_PLURAL_HOLDERS = re.compile(r"(?:là|gồm|gồm có)\s*:?\s*(?:các\s+|hai\s+)?"
                             r"(?:ông|bà|đồng chí|ông bà|ông,\s*bà)?\s*:?")
# holders named as several ("các ông") after any office, its "incumbent" before: "3 ứng viên là đại biểu Quốc
# hội đương nhiệm, là các ông X, Y và Z"
_NAMED_AS_SEVERAL = re.compile(r"(?:đương nhiệm\s*)?,?\s*(?:là|gồm)\s*:?\s*các\s+(?:ông|bà|đồng chí)")
# a spokesperson is an office the entity stage rarely marks: "người phát ngôn Bộ Ngoại giao X",
# "X, phát ngôn viên của Y"; the linker reads the words itself
_SPOKESPERSON = re.compile(r"(?=[NnPp])(?<!\w)(?:[Nn]gười phát ngôn|[Pp]hát ngôn viên)(?!\w)")
# offices that serve another office ("Thư ký báo chí của Tổng thống, ông X"), read like a spokesperson's
_STAFF = re.compile(r"(?:phó\s+)?(?:thư ký|trợ lý|cố vấn|đặc phái viên|đặc sứ)(?!\w)", re.IGNORECASE)
_STAFF_HOLDER = re.compile(r"\s*(?:,|-|–)\s*(?:(?:ông|bà)\s+)?")
# words before a title that make it several holders: "các Phó Chủ tịch", "nhiều đồng chí Ủy viên"
# ("một Thành viên HĐQT" is one of several too)
_PLURAL = re.compile(r"(?:^|\s)(?:các|những|nhiều|hai|ba|bốn|một|một số|mấy|\d+)(?:\s+(?:đồng chí|vị|ông|bà|tân))?\s+$",
                     re.IGNORECASE)
# what ties a unit to the office before it: "Chủ nhiệm Ủy ban X của Quốc hội", "Đại sứ Ai Cập tại Liên Hợp Quốc"
_OF = re.compile(r"\s+(?:của|tại|thuộc)\s+")
# an org head word's lower-case description before the org's name: "tập đoàn [thực phẩm hàng đầu thế giới] JBS"
_DESCRIPTION = r"(?:\s+(?!của|tại|và|là|ông|bà)[a-zà-ỹđ]+){0,8}\s+"
# "của" and an org head word with its description: "CEO của công ty công nghệ hàng đầu Deloitte"
_OF_HEAD = re.compile(r"\s+của\s+(?:công ty|tập đoàn|hãng|ngân hàng|câu lạc bộ|CLB|tổ chức)" + _DESCRIPTION)
# the unmarked name of a unit between a fused head and its parent: "Trưởng phòng [Tham mưu] Công an tỉnh"
_UNIT = re.compile(r"\s+(?P<first>[A-ZĐ][\w&]*|(?P<lower>\w+))(?P<rest>(?:\s+[\w&]+){0,14})\s*(?P<comma>,\s*)?(?P<bracket>\(\s*)?")
# lower-case words between an office and its holder's name: the office's portfolio
_PORTFOLIO = re.compile(r"(?:\s+[a-zà-ỹđ]+){1,6}\s+")
# capitalised words right after an office, up to a comma: an org the entities left unmarked
_UNMARKED_ORG = re.compile(r"(?:\s+[A-ZĐ][\w&.'-]*){1,5}(?=\s*,)")
# words that end a unit's name and open a clause: "Trưởng phòng Tham mưu cho biết Công an ..."
_NOT_UNIT_WORDS = {"cho", "biết", "là", "đã", "đang", "sẽ", "được", "bị", "khi", "nói", "cũng", "vừa", "không",
                   "có", "này", "đó", "đến", "với", "trong", "tại", "của", "thuộc", "theo", "ông", "bà", "người"}
# verbs and links that make the words after an office a clause, not its portfolio ("Chủ tịch tiếp X")
_NOT_PORTFOLIO_WORDS = _NOT_UNIT_WORDS | {
    "và", "hay", "hoặc", "rời", "đi", "gặp", "tiếp", "thăm", "mời", "yêu", "cầu", "đề", "nghị", "chỉ", "đạo",
    "trao", "tặng", "hỏi", "gửi", "giao", "kiểm", "tra", "phê", "bình", "khen", "ký", "cùng"}
# an org's head word the org span left out: "Tổng giám đốc CLB [Boeung Ket]", "Giám đốc công ty [X]"
_ORG_HEAD_GAP = re.compile(r"\s+(?:CLB|câu lạc bộ|công ty|Công ty|tập đoàn|Tập đoàn|hãng|Hãng)" + _DESCRIPTION)
# a fused head's unmarked unit, then "kiêm": "Trưởng phòng [Tham mưu] kiêm người phát ngôn Công an tỉnh X"
_UNIT_THEN_CHAIN = re.compile(r"\s+[A-ZĐ][\w&]*(?:\s+[\w&]+){0,2}\s*,?\s+kiêm\s+")
_FUSED = re.compile(r"(?:phòng|khoa|ban|chủ nhiệm|trưởng)$")   # heads that fuse with a unit's name
_OPENERS = {"theo", "tại", "trong", "ngoài", "sau", "khi", "với", "cùng", "đến", "từ", "về", "cho", "và"}
# an age or birth year opening a parenthesis before an office: "X (36 tuổi, Giám đốc Y)"
# "X (45 tuổi, quê Y), nguyên Chủ tịch Z", "X, SN 1971, Chủ tịch Z", "X, 45 tuổi, Giám đốc Z"
_ASIDE = r"\s*\([^()]{1,80}\)\s*[,–-]|\s*,\s*(?:(?:SN|[Ss]inh năm)\s*\d{4}|\d{1,3}\s*tuổi)\s*,"
_AGE = (r"\(\s*(?:(?:\d{1,3}\s*tuổi|SN\s*\d{4}|[Ss]inh năm\s*\d{4})\s*[,;]\s*"
        r"(?:(?:ở|trú(?:\s+(?:tại|ở))?|quê(?:\s+ở)?|ngụ(?:\s+(?:tại|ở))?)\s+[^()]{1,60}?\s*[,;–-]\s*)?)?")
# verbs that state an office: "X được bổ nhiệm làm Giám đốc Y", "X làm Tổng giám đốc", "X giữ chức ...",
# "X trở thành Tổng thống", "X được chỉ định làm Thủ tướng"
# (former holders count: "từng là", "thôi giữ chức"; "đã tuyên thệ nhậm chức" takes office)
# an office held before: "X, Giám đốc Sở Y tế, từng là Giám đốc Bệnh viện Z", "trước đó là", "khi còn là"
_FORMERLY = r"(?:từng|trước đó|trước đây|khi còn)\s+(?:là|giữ chức(?:\s+vụ)?|làm)"
_FORMERLY_BEFORE = re.compile(r"(?<!\w)" + _FORMERLY + r"\s+$", re.IGNORECASE)
_HOLDS = (r"(?:được\s+(?:điều động,?\s*)?(?:bổ nhiệm|bầu|phân công|giao|chỉ định|đề bạt)"
          r"(?:\s+(?:làm|giữ chức(?:\s+vụ)?|là))?"
          r"|(?:và\s+)?(?:hiện\s+|nay\s+|từng\s+|vẫn\s+|khi còn\s+|trước đó\s+|trước đây\s+)?(?:đang\s+)?"
          r"(?:giữ chức(?:\s+vụ)?|làm|là)|đồng thời là"
          r"|(?:đã\s+)?(?:trở thành|lên làm|đảm nhận(?:\s+(?:chức(?:\s+vụ)?|vị trí|cương vị))?)"
          r"|(?:đã\s+)?(?:tuyên thệ\s+)?nhậm chức|(?:đã\s+)?thôi(?:\s+giữ)?\s+chức(?:\s+vụ)?)")

# academic degrees before a name: "PGS. TS", "GS.TSKH", "ThS."
_DEGREES = re.compile(r"(?<![\w.])(?:pgs|gs|tskh|ts|ths|bs|ks|nsnd|nsưt)\b\.?\s*", re.IGNORECASE)
# what closes an item of a list of people and their offices: "..., P2 Giám đốc Công ty Z, P3 ..."
_LIST_ITEM_END = re.compile(r"\s*(?:$|[,;).]|và\s)")
# "Giám đốc X khi đó là Y": when, between an office and its holder
_THEN = re.compile(r"^(?:khi đó|lúc đó|khi ấy|lúc ấy|bấy giờ|hiện nay|hiện)\s+(?=là\b)"
                   r"|^(?:khi đó|lúc đó|khi ấy|lúc ấy|hiện nay|hiện tại|đương nhiệm)\s*(?=,)")   # "Tổng thống Mỹ hiện nay, X"
# a Vietnamese local government written as its place: "Chủ tịch huyện Thạch Hà", "Bí thư Hà Nội"
_LOCAL_HEADS = {"chủ tịch", "bí thư"}
_ADMIN_PLACE = re.compile(r"(?i)^(?:huyện|tỉnh|quận|thị xã|xã|phường|thị trấn|tp\.?|thành phố)\s")

# one office over each body of a list: "Bộ trưởng các Bộ Công Thương, Giao thông Vận tải", "Giám đốc các sở: ..."
_EACH_OF = re.compile(r"\s+các(?:\s+(?:bộ|Bộ|sở|Sở|ngành|cơ quan))?\s*:?\s*")
_LIST_JOIN = re.compile(r"\s*(?:,|và|,\s*và|;)\s*")
# what an office shared by the names listed before it follows: "A và B, hai Phó Chủ tịch ...", "A, B và C,
# các Phó Giám đốc ...", "A, B và C đều là Phó Giám đốc ..."
_SHARED_BY_THE_LIST = re.compile(r"\s*(?:,\s*(?:hai|ba|bốn|các|cùng là|đều là)|(?:,\s*)?(?:đều|cùng)\s+là)\s+",
                                 re.IGNORECASE)
# two names, then their offices in the same order: "A và B, lần lượt là Giám đốc và Phó Giám đốc Sở X"
_RESPECTIVELY = re.compile(r"\s*,?\s*(?:lần lượt|theo thứ tự)\s+(?:là|giữ chức)\s+", re.IGNORECASE)
# names listed, then as many offices of one org written once at the end, with no word between: "A, B nguyên
# Tổng giám đốc, Phó Tổng giám đốc Công ty X" reads in order as "lần lượt là" does
_LISTED_OFFICES_GAP = re.compile(r"\s*,?\s*(?:(?:nguyên|cựu)\s+)?", re.IGNORECASE)
# one name of a list of holders: its honorific and the join before it
_LISTED_NAME_GAP = re.compile(r"\s*(?:,|và|,\s*và)\s*(?:ông|bà|đồng chí)?\s*", re.IGNORECASE)

# a sentence whose subject is the person named before it: "Ông là ...", "Bà từng giữ chức ...", a
# line of a career ("4/1985-7/1988: ...", "Từ tháng 3/2010 đến nay: ...")
_IMPLICIT_SUBJECT = re.compile(
    r"\s*(?:[-–•+*]\s*)?(?:"
    # a subject pronoun (after a short time adverbial) and a verb of holding: "Ông là ...",
    # "Năm 2020, anh trở thành CEO ...", "Bà đảm đương vai trò Chủ tịch ..."
    r"(?:(?:(?:(?:Từ|Đến|Cuối|Đầu|Giữa)\s+)?(?:năm|Năm|tháng|Tháng)\s+[\d/]+|Sau đó|Trước đó|Hiện nay|Hiện tại)"
    r"\s*,?\s*)?(?:Ông|ông|Bà|bà|Anh|anh|Chị|chị)\s+(?:(?:hiện|nay|từng|đang|cũng|vẫn|đã|sau đó|trước đó)\s+)*"
    r"(?:là|làm|giữ chức(?:\s+vụ)?|giữ vị trí|được bổ nhiệm(?:\s+(?:làm|giữ chức(?:\s+vụ)?))?|được bầu(?:\s+làm)?"
    r"|trở thành|đảm nhận|đảm nhiệm|đảm đương(?:\s+vai trò)?|lên làm|được đề bạt(?:\s+(?:làm|giữ chức))?)"
    # a career line: "4/1985-7/1988: Bí thư ..."
    r"|(?:Từ\s+)?(?:tháng\s+)?(?:\d{1,2}/)?\d{4}\s*(?:[-–]|đến)\s*(?:tháng\s+)?(?:(?:\d{1,2}/)?\d{4}|nay)\s*:)"
    r"(?:\s*(?:nguyên|cựu))?\s*")
# an office right after a closing quote, then a verb of saying: the quote's speaker
_AFTER_QUOTE = re.compile(r"”\s*,\s*(?:(?:ông|bà|vị)\s+)?$")
_SAYS = re.compile(r"\s*(?:nói|cho hay|cho biết|khẳng định|nhấn mạnh|chia sẻ|giải thích|bày tỏ|thông tin|"
                   r"nhận định|nhận xét|phát biểu|trả lời|lưu ý|đề nghị|kiến nghị)(?!\w)")
# a photo or source credit names no one the text is about: "Ảnh: X", "Nguồn: Y"
_CREDIT = re.compile(r"(?:Ảnh|ảnh|Video|Clip|Nguồn|Tác giả|Đồ họa)\s*:\s*$")


def _credited(text: str, person: Entity) -> bool:
    """Is the name a photo or source credit ("Ảnh: X")?"""
    return bool(_CREDIT.search(text[max(0, person.start - 20):person.start]))


_ALIAS = re.compile(r"^\s*(?:,\s*)?(?:là|hiện là|cũng là|đồng thời là)\s*$")
# the board of an office's holders, not one of them: "Ban Giám đốc Trung tâm X", "ban giám hiệu"
_BOARD = re.compile(r"(?<!\w)[Bb]an\s+$")
# a person's posts listed after the person: "X bị cách hết các chức vụ trong Đảng, gồm Bí thư ..."
_POSTS_OF = re.compile(r"[^.;:\n“”\"]{0,60}?(?:các|những|\d+)\s+chức (?:vụ|danh)[^.;\n“”\"]{0,40}?"
                       r"(?:gồm|là|như)\s*:?\s*(?:nguyên\s+|cựu\s+)?")
# roles that introduce someone else after an office, never its holder: "Theo vị Giám đốc Trung tâm X,
# tài xế Y chỉ là ..." (a former official on trial is still "bị cáo X": those stay bridges)
_NOT_HOLDERS = {"học sinh", "sinh viên", "bệnh nhân", "nạn nhân", "tài xế", "lái xe", "nông dân", "cháu", "con"}
# an office sought, not held: "ứng viên Tổng thống X", "cuộc bầu cử Tổng thống", "tranh cử Thống đốc"
_SOUGHT = re.compile(r"(?:ứng viên|ứng cử viên|ứng cử|tranh cử|bầu cử|chạy đua vào ghế|chiếc ghế|ghế)\s+$",
                     re.IGNORECASE)


def appoints(text: str, person: Entity) -> bool:
    """Is `person` named as the one who appoints ("được ông Y bổ nhiệm làm ...")?"""
    return bool(_APPOINTS_AFTER.match(text, person.end) and _APPOINTER_BEFORE.search(text, max(0, person.start - 60),
                                                                                        person.start))


def introduced(text: str, title: Entity) -> bool:
    """Is `title` the object of a clause-opening phrase ("Báo cáo với Bí thư Thành ủy, ...")?"""
    return bool(_INTRODUCED.search(text, max(0, title.start - 40), title.start))


def not_held(text: str, title: Entity) -> bool:
    """A title sought ("ứng viên Tổng thống X") or naming a board ("Ban Giám đốc"): nobody holds it here."""
    return bool(_SOUGHT.search(text[max(0, title.start - 24):title.start])
                or _BOARD.search(text[max(0, title.start - 4):title.start]))


def _unit_name(unit: re.Match, title: Entity) -> bool:
    """Does the text `_UNIT` matched between a fused head and an ORG read as the unit's own name?
    Up to fifteen words, none of which opens a clause ("Trưởng phòng Cảnh sát điều tra tội phạm về
    ma túy Công an tỉnh X"); a lower-case unit only after a lower-case head ("trưởng phòng an ninh
    điều tra Công an Hà Tĩnh"); a comma before the parent only after a capitalised unit
    ("Trưởng phòng Tổ chức cán bộ, Sở Y tế tỉnh X")."""
    words = [unit.group("first"), *unit.group("rest").split()]
    if words[0].lower() in _OPENERS or any(w.lower() in _NOT_UNIT_WORDS for w in words):
        return False
    if unit.group("lower") and (title.text[:1].isupper() or not words[0][:1].isalpha()):
        return False
    return not (unit.group("comma") and unit.group("lower"))


_LIST_GAP = re.compile(r"[\s,;:–-]*(?:và\s*)?(?:đồng chí\s*|ông\s*|bà\s*)?", re.IGNORECASE)


def _spokesperson_titles(text: str, entities: list[Entity]) -> list[Entity]:
    """"người phát ngôn" / "phát ngôn viên" the entities leave unmarked, as TITLE entities for the linker."""
    taken = [(e.start, e.end) for e in entities]
    return [Entity("TITLE", m.start(), m.end(), m.group()) for m in _SPOKESPERSON.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)]
