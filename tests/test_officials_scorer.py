"""The learned check on the officials linker (`pipeline/entities/officials/scorer.py`): candidate pairs
and their features, the scorer's fit and plain-JSON round trip, and how its decisions change the
linker's records, on sentences written here with their entities marked by hand."""
import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.entities.officials import OfficialsLinker
from pipeline.entities.officials.component import find_officials
from pipeline.entities.officials.scorer import FORMAT, PairScorer, candidates, default_model_file, gap_pattern, rescore
from pipeline.entities.officials.training import HELD_OUT_SETS, gap_words
from pipeline.language import load
from pipeline.resources import repo_root

from test_officials_patterns import parse, sentences

LINKER = OfficialsLinker()
WORDS = frozenset({"ông", "là", "của"})


def cands(marked: str, linked=frozenset()):
    text, ents = parse(marked)
    return candidates(text, ents, sentences(text), set(linked), LINKER.title_kind, WORDS)


def test_gap_pattern_reads_entities_punctuation_and_kept_words():
    text, ents = parse("[Giám đốc|T] của [Công ty Hoa Sen|O] sự kiện này - ông [Trần Văn An|P]")
    items, compact = gap_pattern(text, ents[0].end, ents[2].start, ents, WORDS)
    assert items == ["của", "[ORG]", "w", "w", "w", "-", "ông"]
    assert compact == ["của", "[ORG]", "w+", "-", "ông"]


def test_candidates_pair_every_title_with_every_person_of_a_sentence():
    found = cands("[Giám đốc|T] sự kiện - ông [Trần Văn An|P] - rồi [Phó Chủ tịch|T] [Lê Thị Bình|P]. "
                  "[Nguyễn Văn Cường|P] về nhà.")
    keys = {c.key for c in found}
    assert keys == {("trần văn an", "giám đốc"), ("lê thị bình", "giám đốc"), ("trần văn an", "phó chủ tịch"),
                    ("lê thị bình", "phó chủ tịch")}   # nothing across the full stop
    first = next(c for c in found if c.key == ("trần văn an", "giám đốc"))
    assert first.features["order=TP"] == 1.0 and "pattern=TP w+ - ông" in first.features
    assert "nearest_person" in first.features and "linked" not in first.features


def test_candidates_leave_out_linked_pairs_and_a_short_name_resolves():
    found = cands("[Bộ trưởng|T] [Lê Văn An|P] phát biểu. Ông [An|P] là [Chủ tịch|T] hội.",
                  linked={("lê văn an", "bộ trưởng")})
    by_key = {c.key: c for c in found}
    assert ("lê văn an", "bộ trưởng") not in by_key    # the linker's own pair is not read again
    # "An" resolves to the full name written before, so it is the same person as the linked one
    assert by_key[("lê văn an", "chủ tịch")].features.get("person_linked_elsewhere") == 1.0


def test_candidates_leave_out_a_title_sought_or_naming_a_board():
    # "ứng viên tranh cử Tổng thống ... X": the office is sought, as the linker reads it
    assert cands("Ông [Henri Dubois|P] là ứng viên tranh cử [Tổng thống|T] [Pháp|L].") == []
    assert cands("Trong cuộc bầu cử [Tổng thống|T] ở [Pháp|L], ông [Henri Dubois|P] dẫn đầu.") == []
    assert cands("Ban [Giám đốc|T] gặp ông [Henri Dubois|P].") == []
    assert [c.key for c in cands("[Tổng thống|T] [Pháp|L] hôm qua nói ông [Henri Dubois|P] sẽ đến.")] == [
        ("henri dubois", "tổng thống")]


def test_candidates_leave_out_the_person_an_office_acts_on():
    # met, received, appointed or disciplined by the office's holder: someone else (`acts_on_a_person.tsv`)
    for verb in ("gặp", "tiếp", "điều động và bổ nhiệm", "ký quyết định kỷ luật", "khen thưởng"):
        assert cands(f"[Tổng thống|T] [Pháp|L] hôm qua {verb} ông [Henri Dubois|P].") == [], verb
    # but not the office given to the person, nor "trực tiếp", "tiếp tục"
    for gap in ("được bổ nhiệm là", "trực tiếp chỉ đạo ông", "tiếp tục là ông"):
        assert [c.key for c in cands(f"[Tổng thống|T] [Pháp|L] {gap} [Henri Dubois|P].")] == [
            ("henri dubois", "tổng thống")], gap


def test_the_verbs_acting_on_a_person_come_from_the_lexicon(tmp_path):
    import shutil

    from pipeline.entities.lexicon import LEXICON_DIR, Lexicon
    from pipeline.entities.officials.scorer import acts_on_pattern

    shutil.copytree(LEXICON_DIR, tmp_path / "lex")
    (tmp_path / "lex" / "acts_on_a_person.tsv").write_text("# only one verb\ntiếp\ttục\n", encoding="utf-8")
    text, ents = parse("[Tổng thống|T] [Pháp|L] hôm qua gặp ông [Henri Dubois|P].")
    fewer = acts_on_pattern(Lexicon(tmp_path / "lex"))
    assert candidates(text, ents, sentences(text), set(), LINKER.title_kind, WORDS, fewer)   # "gặp" is not listed
    assert not candidates(text, ents, sentences(text), set(), LINKER.title_kind, WORDS)      # the shipped list has it
    assert fewer.search("Thủ tướng tiếp ông X") and not fewer.search("Thủ tướng tiếp tục là ông X")


def test_scorer_fits_plain_weights_and_round_trips_through_json():
    feats = [{"bias": 1.0, "a": 1.0}, {"bias": 1.0, "b": 1.0}] * 20
    labels = [True, False] * 20
    scorer = PairScorer(gap_words=WORDS).fit(feats, labels, C=1.0)
    assert scorer.score({"bias": 1.0, "a": 1.0}) > 0.5 > scorer.score({"bias": 1.0, "b": 1.0})
    again = PairScorer.from_dict(json.loads(json.dumps(scorer.to_dict())))
    assert again.score({"bias": 1.0, "a": 1.0}) == pytest.approx(scorer.score({"bias": 1.0, "a": 1.0}))
    assert again.gap_words == WORDS
    with pytest.raises(ValueError, match="format"):
        PairScorer.from_dict({**scorer.to_dict(), "format": FORMAT + 1})
    with pytest.raises(ValueError, match="list"):
        PairScorer().fit(feats[:1], labels[:1])


def test_rescore_adds_a_pair_above_the_threshold_and_keeps_the_linkers():
    text, ents = parse("[Giám đốc|T] sự kiện này - ông [Trần Văn An|P] - cho biết. "
                       "[Trưởng phòng|T] [Lê Văn Bình|P] đến gặp [Phó Giám đốc|T] [Đỗ Văn Cường|P].")
    sents = sentences(text)
    records = LINKER.link(text, ents, sents)
    assert {(r.person, r.title) for r in records} == {("Lê Văn Bình", "Trưởng phòng"),
                                                       ("Đỗ Văn Cường", "Phó Giám đốc")}
    # a scorer that trusts the dash-honorific pattern and nothing else
    scorer = PairScorer({"pattern=TP w+ - ông": 4.0}, intercept=-2.0, threshold=0.5, gap_words=WORDS)
    out = rescore(text, ents, sents, records, LINKER, scorer)
    assert {(r.person, r.title) for r in out} == {("Trần Văn An", "Giám đốc"), ("Lê Văn Bình", "Trưởng phòng"),
                                                  ("Đỗ Văn Cường", "Phó Giám đốc")}
    added = out[0]
    assert added.person == "Trần Văn An" and text[added.start:added.end].startswith("Giám đốc")
    assert added.extra["scored"]
    # below the threshold nothing is added
    scorer.threshold = 0.99
    assert rescore(text, ents, sents, records, LINKER, scorer) == records


def test_find_officials_without_a_scorer_is_the_linker():
    text, ents = parse("[Giám đốc|T] [Sở Y tế|O] [Lê Văn An|P] phát biểu.")
    assert [(r.person, r.title, r.org) for r in find_officials(text, ents, sentences(text), LINKER)] == [
        ("Lê Văn An", "Giám đốc", "Sở Y tế")]


def test_shipped_scorer_loads_and_the_component_can_run_without_it(tmp_path):
    shipped = PairScorer.load(default_model_file())
    assert shipped.weights and 0 < shipped.threshold < 1 and shipped.gap_words == gap_words()
    assert shipped.weights["nearest_person"] > 0 > shipped.weights["title_linked_elsewhere"]
    nlp = load(exclude=("themes",))
    assert dict(nlp.pipeline)["officials"].scorer is not None
    plain = load(exclude=("themes",), **{"components.officials.scorer": False})
    assert dict(plain.pipeline)["officials"].scorer is None
    # the scorer travels with the component's files
    component = dict(nlp.pipeline)["officials"]
    component.to_disk(tmp_path)
    component.scorer = None
    component.from_disk(tmp_path)
    assert component.scorer.weights == shipped.weights


def test_train_officials_refuses_a_held_out_set_and_the_shipped_folder(tmp_path):
    runner = CliRunner()
    held = repo_root() / "corpora" / "ner" / HELD_OUT_SETS[0]
    result = runner.invoke(main, ["train-officials", "--sets", str(held), "--sets", str(held),
                                  "--out", str(tmp_path)])
    assert result.exit_code != 0 and "held-out" in result.output
    result = runner.invoke(main, ["train-officials", "--out", str(default_model_file().parent)])
    assert result.exit_code == 2 and "--overwrite-shipped" in result.output


@pytest.mark.parametrize("marked, key", [
    ("Cổ đông miễn nhiệm chức danh [Phó Tổng giám đốc|T] [Sabina|O] đối với ông [Vũ Văn Hải|P].",
     ("vũ văn hải", "phó tổng giám đốc")),
    ("Ông [Lê Quý|P] được bầu làm [Chủ tịch|T] Hội đồng trường thay thế cho bà [Trần Thị Phan|P].",
     ("trần thị phan", "chủ tịch")),
])
def test_the_person_an_office_passes_from_is_a_candidate(marked, key):
    assert key in {c.key for c in cands(marked)}


def test_a_person_the_office_works_with_is_still_no_candidate():
    assert ("nguyễn văn tư", "giám đốc") not in {c.key for c in cands("[Giám đốc|T] Sở làm việc với ông [Nguyễn Văn Tư|P].")}


def test_a_table_on_one_line_reads_only_the_gaps_near_each_office(monkeypatch):
    """A table flattened into one sentence (200 rows of name and office) pairs every office with
    every name; the gaps of more than MAX_GAP_TOKENS items are ruled out without being read, so
    the gaps read grow with the rows, not with their square (40,000 read before, minutes a document)."""
    import pipeline.entities.officials.scorer as scorer

    rows = [f"| {i} | [Nguyễn Văn An{i}|P] | [Giám đốc|T] [Sở Tài chính|O] |" for i in range(200)]
    text, ents = parse(" ".join(rows))
    read = []
    real = scorer.gap_pattern
    monkeypatch.setattr(scorer, "gap_pattern", lambda *a, **k: read.append(1) or real(*a, **k))
    found = candidates(text, ents, [(0, len(text))], set(), LINKER.title_kind, WORDS)
    assert len(read) < 200 * 2 * scorer.MAX_GAP_TOKENS
    # each office still pairs with the names around it, and none far away
    assert found and all(abs(c.title.start - c.person.start) < 400 for c in found)


@pytest.mark.parametrize("text, expected", [
    # the second reports trial: the person after "và ông" is the list's next item, not the office's holder
    ("Giám đốc Sở Nội vụ và ông Vương Đình Quý đã dự họp.", []),
    ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Xây dựng và ông Vương Đình Quý chịu trách "
     "nhiệm thi hành Quyết định này.", []),
    # with a person before him, a plural office goes to both
    ("Hai Phó Chủ tịch UBND tỉnh là ông Lê Văn An và ông Trần Văn Bình dự họp.",
     [("Lê Văn An", "Phó Chủ tịch"), ("Trần Văn Bình", "Phó Chủ tịch")]),
])
def test_the_person_joined_after_an_office_by_va_is_not_its_holder(text, expected):
    import pipeline

    record = pipeline.analyze(text)
    assert sorted((o["person"], o["title"]) for o in record["officials"] if o["person"]) == expected
