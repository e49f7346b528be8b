"""Files in the encodings Vietnamese offices used before Unicode (TCVN3, VNI-Windows,
Windows-1258) are read as Unicode; Unicode text and other languages are never converted."""
import json
import unicodedata

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.io.readers import TEXT_ENCODING, iter_items
from pipeline.text import legacy

REPORT = ("Sáng 5/12, Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị Hoàng Đức Lương chủ trì buổi làm việc "
          "với Sở Nội vụ về cải cách hành chính và tiết kiệm, chống lãng phí.\n"
          "ĐOÀN KIỂM TRA ĐƯỢC THÀNH LẬP THEO QUYẾT ĐỊNH CỦA TỈNH.")
# TCVN3 writes an accented capital with its lower-case code (the capital font draws it): in a line
# of capitals the reader restores them, but a capital opening a word in running text is lost
REPORT_TCVN3 = REPORT.replace("Ủy ban", "ủy ban")


# Encoders for the fixtures, written from the standards' definitions (the module only decodes).
def to_tcvn3(text: str) -> bytes:
    codes = {c: b for b, c in legacy.TCVN3_BYTES.items() if 0xA1 <= b}
    # TCVN3 ("ABC") has codes for lower-case letters only, besides Ă Â Ê Ô Ơ Ư Đ: the capital
    # fonts draw a capital with the lower-case code
    return bytes(ord(c) if ord(c) < 128 else codes.get(c, codes.get(c.lower()))
                 for c in unicodedata.normalize("NFC", text))


VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_ONE = {"ơ": "ô", "ư": "ö", "đ": "ñ", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î", "ì": "ì", "í": "í"}


def to_vni(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        upper = ch.isupper()
        low = ch.lower()
        if low in VNI_ONE:
            out.append(VNI_ONE[low].upper() if upper else VNI_ONE[low])
            continue
        parts = unicodedata.normalize("NFD", low)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in VNI_TONES), "")
        if "\u031b" in marks:   # horn: ơ, ư and a tone
            mark = VNI_ONE[unicodedata.normalize("NFC", base + "\u031b")] + VNI_TONES.get(tone, "")
            out.append(mark.upper() if upper else mark)
            continue
        if "\u0302" in marks:
            mark = VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            mark = VNI_BREVE[tone]
        else:
            mark = VNI_TONES.get(tone, "")
        out.append((base + mark).upper() if upper else base + mark)
    return "".join(out)


def to_cp1258(text: str) -> bytes:
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:   # a toned letter: its base, then the tone as a combining mark
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in parts if m in VNI_TONES)
            out += unicodedata.normalize("NFC", "".join(m for m in parts if m not in VNI_TONES)).encode("cp1258")
            out += tones.encode("cp1258")
    return out


@pytest.mark.parametrize("raw, expected", [
    (b"H\xb5 N\xe9i", "Hà Nội"),
    (b"\xa7\xb5 N\xbdng", "Đà Nẵng"),
    (b"\xae\xad\xeang", "đường"),
])
def test_tcvn3_codes_of_the_standard(raw, expected):
    assert legacy.from_tcvn3_bytes(raw) == expected


@pytest.mark.parametrize("written, expected", [
    ("Haø Noäi", "Hà Nội"), ("Ñaø Naüng", "Đà Nẵng"), ("ñöôïc", "được"), ("tænh", "tỉnh"),
    ("Nguyeãn", "Nguyễn"), ("UÛY BAN", "ỦY BAN"),
])
def test_vni_letters_of_the_standard(written, expected):
    assert legacy.from_vni_text(written) == expected


def test_the_fixture_encoders_agree_with_the_standards_examples():
    assert to_tcvn3("Hà Nội") == b"H\xb5 N\xe9i" and to_vni("Đà Nẵng") == "Ñaø Naüng"
    assert to_cp1258("Hà Nội") == b"H\xe0 N\xf4\xf2i"   # à has its own code, ộ is ô + dot below


@pytest.mark.parametrize("encode, name, expected", [
    (to_tcvn3, "tcvn3", REPORT_TCVN3), (lambda t: to_vni(t).encode("cp1252"), "vni", REPORT),
    (to_cp1258, "windows-1258", REPORT)])
def test_legacy_bytes_are_read_as_unicode(encode, name, expected):
    decoded = legacy.decode_bytes(encode(REPORT))
    assert decoded is not None and decoded.encoding == name and decoded.converted
    assert decoded.text == expected   # capitals included


@pytest.mark.parametrize("encode, name, expected", [
    (lambda t: to_tcvn3(t).decode("cp1252"), "tcvn3", REPORT_TCVN3), (to_vni, "vni", REPORT)])
def test_legacy_font_text_from_a_word_file_is_repaired(encode, name, expected):
    fixed = legacy.repair(encode(REPORT))
    assert fixed is not None and (fixed.encoding, fixed.text) == (name, expected)


@pytest.mark.parametrize("text", [
    REPORT,
    "Cà phê và bánh mì là món ăn sáng quen thuộc.",   # Latin-1 letters only, Unicode already
    "Le café est très bon à Paris, où l'été dure longtemps près de la Seine.",
    "Die Größe der Übung für die Straße müssen wir prüfen.",
    "La acción de la población está en el corazón de la nación, según él.",
    "A ação da população não é só uma questão de opinião, disse o português à imprensa.",
    "Prices rose – again – in “March” and “April” – by 3 € – said the CEO – twice – today.",
    "plain ASCII text without a single accent",
])
def test_unicode_and_other_languages_are_left_alone(text):
    assert legacy.repair(text) is None
    decoded = legacy.decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.converted) == (text, "utf-8", False)


@pytest.mark.parametrize("text", ["Le café est très bon à Paris, où l'été dure longtemps près de la Seine.",
                                  "Die Größe der Übung für die Straße müssen wir prüfen."])
def test_western_single_byte_text_is_not_taken_for_vietnamese(text):
    assert legacy.decode_bytes(text.encode("cp1252")) is None


def test_utf16_with_its_mark():
    decoded = legacy.decode_bytes(REPORT.encode("utf-16"))
    assert (decoded.text, decoded.encoding, decoded.converted) == (REPORT, "utf-16", False)


def test_a_tcvn3_text_file_is_analysed_and_its_record_carries_the_text(tmp_path):
    path = tmp_path / "baocao.txt"
    path.write_bytes(to_tcvn3(REPORT))
    [item] = list(iter_items(path))
    assert item.problem is None and item.text == REPORT_TCVN3 and item.meta[TEXT_ENCODING] == "tcvn3"
    result = CliRunner().invoke(main, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["encoding"] == "tcvn3" and record["text"] == REPORT_TCVN3
    people = [e for e in record["entities"] if e["label"] == "PERSON"]
    assert [e["text"] for e in people] == ["Hoàng Đức Lương"]
    for e in record["entities"]:
        assert record["text"][e["start"]:e["end"]] == e["text"]


def test_a_unicode_file_record_has_no_encoding_or_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    record = json.loads(CliRunner().invoke(main, ["analyze", str(path), "--format", "json"]).output)
    assert "encoding" not in record and "text" not in record


def test_a_vni_word_report_and_its_title(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = to_vni("Báo cáo cải cách hành chính")
    for line in REPORT.split("\n"):
        document.add_paragraph(to_vni(line))
    document.save(tmp_path / "bc.docx")
    [item] = list(iter_items(tmp_path / "bc.docx"))
    assert item.text == REPORT and item.meta[TEXT_ENCODING] == "vni"
    assert item.meta["title"] == "Báo cáo cải cách hành chính"


def test_the_text_format_says_the_file_was_converted(tmp_path):
    path = tmp_path / "vni.txt"
    path.write_bytes(to_vni(REPORT).encode("cp1252"))
    result = CliRunner().invoke(main, ["analyze", str(path), "--format", "text"])
    assert result.exit_code == 0 and "encoding: VNI-Windows, read as Unicode" in result.output


def test_bytes_no_reading_explains_are_refused_with_the_reason(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes("Le café est très bon à Paris, où l'été dure longtemps.".encode("cp1252"))
    result = CliRunner().invoke(main, ["analyze", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "not valid UTF-8" in result.output and "TCVN3, VNI or Windows-1258" in result.output


def test_syllables():
    assert all(map(legacy.is_syllable, "nghiêng khuỷu người tuyết quyển gì được".split()))
    assert not any(map(legacy.is_syllable, "ộtộ strasse café hµ".split()))


def test_a_broken_utf16_file_is_refused_as_such(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(b"\xff\xfe" + "Hà Nội".encode("utf-16-le") + b"\x00")   # an odd byte count
    [item] = list(iter_items(path))
    assert item.text is None and "UTF-16" in item.problem


def _tcvn3_chars(text: str) -> str:
    """What Word keeps for text typed in a TCVN3 font: each code's Windows-1252 character."""
    return to_tcvn3(text).decode("cp1252")


def test_a_word_report_in_tcvn3_fonts_is_converted_run_by_run_with_its_capitals(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"          # the body font, no font on the runs
    heading = document.add_paragraph()
    heading.add_run(_tcvn3_chars("ủy ban nhân dân")).font.name = ".VnTimeH"   # a capital font
    body = document.add_paragraph()
    body.add_run(_tcvn3_chars("ủ")).font.name = ".VnTimeH"   # one capital in running text
    body.add_run(_tcvn3_chars("y ban nhân dân tỉnh Quảng Trị giao Sở Nội vụ chủ trì."))
    plain = document.add_paragraph()
    plain.add_run("Số liệu: 95%, Excel").font.name = "Times New Roman"     # a Unicode font stays
    document.save(tmp_path / "bc.docx")
    [item] = list(iter_items(tmp_path / "bc.docx"))
    assert item.meta[TEXT_ENCODING] == "tcvn3"
    assert item.text.split("\n") == ["ỦY BAN NHÂN DÂN",
                                     "Ủy ban nhân dân tỉnh Quảng Trị giao Sở Nội vụ chủ trì.",
                                     "Số liệu: 95%, Excel"]


def test_unicode_text_in_a_legacy_named_style_is_not_converted_twice(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Sở Tài chính tỉnh Quảng Trị báo cáo thu ngân sách.")
    document.save(tmp_path / "u.docx")
    [item] = list(iter_items(tmp_path / "u.docx"))
    assert TEXT_ENCODING not in item.meta and item.text == "Sở Tài chính tỉnh Quảng Trị báo cáo thu ngân sách."


@pytest.mark.parametrize("font, kind", [(".VnTime", "tcvn3"), (".VnTimeH", "tcvn3-capitals"),
                                        (".VnArialH", "tcvn3-capitals"), ("VNI-Times", "vni"),
                                        ("Times New Roman", None), (None, None)])
def test_font_encoding(font, kind):
    assert legacy.font_encoding(font) == kind


def test_a_unicode_title_of_a_converted_word_report_is_left_as_it_is(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "Báo cáo của tỉnh Hòa Bình"     # typed in Unicode ("ò" is a VNI letter)
    for line in REPORT.split("\n"):
        document.add_paragraph(to_vni(line))                         # no font: told from the text
    document.save(tmp_path / "bc.docx")
    [item] = list(iter_items(tmp_path / "bc.docx"))
    assert item.text == REPORT and item.meta[TEXT_ENCODING] == "vni"
    assert item.meta["title"] == "Báo cáo của tỉnh Hòa Bình"
