"""The spec files the annotation tools read (`common.annotation.read_spec` and its four line readers),
on specs written here."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from common import annotation as na  # noqa: E402
import frozen_sample  # noqa: E402
import officials_annotate  # noqa: E402
import theme_label  # noqa: E402


def spec(tmp_path, text):
    path = tmp_path / "spec.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_entity_spec_reads_blocks_items_occurrences_and_sections(tmp_path):
    blocks = na.parse_spec(spec(tmp_path, "# a comment\n\n== baomoi d1 0 120\nSECTION: sport\n"
                                "PERSON: Lê Văn Tám | !Tám#2,3\nO: Nhà Trắng\n== dantri d2 5 50\nLOC: Hà Nội\n"))
    assert [(b["corpus"], b["doc"], b["start"], b["end"], b["line"]) for b in blocks] == \
        [("baomoi", "d1", 0, 120, 3), ("dantri", "d2", 5, 50, 7)]
    assert blocks[0]["section"] == "sport" and blocks[1]["section"] is None
    assert blocks[0]["items"] == [("Lê Văn Tám", "PERSON", None, 5, False), ("Tám", "PERSON", {2, 3}, 5, True),
                                  ("Nhà Trắng", "O", None, 6, False)]
    assert blocks[1]["items"] == [("Hà Nội", "LOC", None, 8, False)]


def test_blocks_do_not_share_their_lists(tmp_path):
    blocks = theme_label.parse_spec(spec(tmp_path, "== c a 0 1\nS1: x\n== c b 0 1\nTHEMES: y\n"))
    assert blocks[0]["sentence_themes"] == {1: ["x"]} and blocks[1]["sentence_themes"] == {}
    assert blocks[0]["themes"] == [] and blocks[1]["themes"] == ["y"]


@pytest.mark.parametrize("reader, text, message", [
    (na.parse_spec, "PERSON: A\n", "spec.txt:1: entity line outside a region"),
    (na.parse_spec, "== c d 0 9\nPERSN: A\n", "spec.txt:2: unknown label 'PERSN'"),
    (na.parse_spec, "== c d 0\n", "spec.txt:1: expected '== CORPUS DOC START END'"),
    (officials_annotate.parse_spec, "== c d 0 9\nOFF: A | B\n", "spec.txt:2: OFF needs"),
    (officials_annotate.parse_spec, "== c d 0 9\n\nPERSON: A\n", "spec.txt:3: expected 'OFF:"),
    (theme_label.parse_spec, "== c d 0 9\nFOO: x\n", "spec.txt:2: unknown key 'FOO'"),
    (frozen_sample.parse_spec, "== c d 0 9\nSECTION: nowhere\n", "spec.txt:2: section 'nowhere' not one of"),
    (frozen_sample.parse_spec, "== c d 0 9\nORGG: x\n", "spec.txt:2: unknown label 'ORGG'"),
])
def test_a_line_that_cannot_be_read_stops_the_run_with_its_file_and_line(tmp_path, reader, text, message):
    with pytest.raises(SystemExit) as stop:
        reader(spec(tmp_path, text))
    assert str(stop.value).startswith(str(tmp_path / message.split(":")[0]) + ":" + message.split(":", 1)[1])


def test_officials_and_themes_specs(tmp_path):
    officials = officials_annotate.parse_spec(spec(tmp_path, "== c d 0 9\nOFF: Lê A | Chủ tịch | UBND X\n"
                                                   "OFF: - | Giám đốc | Sở Y | former\n"))
    assert officials[0]["officials"] == [
        {"person": "Lê A", "title": "Chủ tịch", "org": "UBND X", "former": False, "line": 2},
        {"person": None, "title": "Giám đốc", "org": "Sở Y", "former": True, "line": 3}]
    themes = theme_label.parse_spec(spec(tmp_path, "== c d 0 9\nORIGIN: draw:c\nTHEMES: a, b\nS2: a\n"))
    assert (themes[0]["origin"], themes[0]["themes"], themes[0]["sentence_themes"]) == ("draw:c", ["a", "b"], {2: ["a"]})


def test_frozen_sample_spec_reads_entities_officials_and_themes_in_one_block(tmp_path):
    section = frozen_sample.SECTIONS[0]
    block, = frozen_sample.parse_spec(spec(tmp_path, f"== baomoi d 0 99\nSECTION: {section}\nPERSON: Lê A | B#2\n"
                                           "OFFICIAL: Lê A | Chủ tịch | -\nTHEMES: t1\nS1: t1, t2\nLOC: Huế\n"))
    assert block["section"] == section
    assert block["items"] == [("Lê A", "PERSON", None, 3, False), ("B", "PERSON", {2}, 3, False),
                              ("Huế", "LOC", None, 7, False)]
    assert block["officials"] == [{"person": "Lê A", "title": "Chủ tịch", "org": None}]
    assert block["themes"] == ["t1"] and block["sentence_themes"] == {1: ["t1", "t2"]}


def test_a_written_article_reads_its_themes_and_refuses_them_in_square_brackets(tmp_path):
    """The usage once wrote the optional themes as "[{theme}]"; a writer who copied it lost every label
    without a word (the brackets went into the sentence's text)."""
    good = spec(tmp_path, "== w-1\nORIGIN: written\nTITLE: {thu_ngan_sach} Thu ngân sách tăng\n"
                          "[S] {thu_ngan_sach} Số thu đạt 5 tỷ đồng.\n[S] Trời mưa.\n\n[S] Hết.\nTHEMES: thu_ngan_sach\n")
    article, = theme_label.parse_written(good)
    assert article["text"] == "Thu ngân sách tăng\nSố thu đạt 5 tỷ đồng. Trời mưa.\nHết."
    assert [s["themes"] for s in article["sentences"]] == [["thu_ngan_sach"], ["thu_ngan_sach"], [], []]
    bad = spec(tmp_path, "== w-1\nTITLE: Thu ngân sách\n[S] [{thu_ngan_sach}] Số thu đạt 5 tỷ đồng.\nTHEMES:\n")
    with pytest.raises(SystemExit, match=r"spec.txt:3: write a sentence's themes as \{a, b\}, without square brackets"):
        theme_label.parse_written(bad)
