"""scripts/eval_peer_phoner.py: PhoNER_COVID19's syllable rows as text, its spans, and what is scored.

The rows here are written for the test in PhoNER's format; PhoNER itself is never in the repository."""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import eval_peer_phoner as peer  # noqa: E402

from pipeline.entities.lexicon import default_lexicon  # noqa: E402

ROW = {"words": ["Bệnh", "nhân", "ở", "phố", "Lê", "Văn", "Hưu", ",", "quận", "Hai", "Bà", "Trưng", ",",
                 "được", "Sở", "Y", "tế", "Hà", "Nội", "đưa", "đi", "cách", "ly", "(", "Covid", "-", "19", ")", "."],
       "tags": ["O", "O", "O", "B-LOCATION", "I-LOCATION", "I-LOCATION", "I-LOCATION", "O",
                "B-LOCATION", "I-LOCATION", "I-LOCATION", "I-LOCATION", "O",
                "O", "B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION",
                "O", "O", "O", "O", "O", "O", "O", "O", "O", "O"]}


def test_the_syllables_are_spaced_as_print_spaces_them_and_offsets_point_at_each():
    text, offsets = peer.rebuild(ROW["words"])
    assert text == ("Bệnh nhân ở phố Lê Văn Hưu, quận Hai Bà Trưng, được Sở Y tế Hà Nội đưa đi cách ly "
                    "(Covid-19).")
    assert [text[s:e] for s, e in offsets] == ROW["words"]
    # a hyphen between words stays spaced: "Bà Rịa - Vũng Tàu"
    assert peer.rebuild(["Bà", "Rịa", "-", "Vũng", "Tàu"])[0] == "Bà Rịa - Vũng Tàu"


def test_bio_tags_give_character_spans_and_an_i_tag_alone_opens_one():
    text, offsets = peer.rebuild(ROW["words"])
    assert [text[s:e] for s, e in peer.bio_spans(ROW["tags"], offsets, "LOCATION")] == \
        ["phố Lê Văn Hưu", "quận Hai Bà Trưng"]
    assert [text[s:e] for s, e in peer.bio_spans(ROW["tags"], offsets, "ORGANIZATION")] == ["Sở Y tế Hà Nội"]
    words, tags = ["ở", "Hà", "Nội"], ["O", "I-LOCATION", "I-LOCATION"]
    assert peer.bio_spans(tags, peer.rebuild(words)[1], "LOCATION") == [(2, 8)]


def test_admin_places_are_an_admin_or_street_word_and_its_name_or_a_lexicon_place_as_a_whole():
    lexicon = default_lexicon()
    assert peer.is_admin_place("quận Hai Bà Trưng", lexicon)
    assert peer.is_admin_place("Hà Nội", lexicon)
    assert peer.is_admin_place("phố Lê Văn Hưu", lexicon)        # a street word is one of the lexicon's
    assert not peer.is_admin_place("quận", lexicon)            # the level alone names no place
    assert not peer.is_admin_place("siêu thị Hà Nội", lexicon)


def test_scores_count_exact_and_overlapping_orgs_admin_places_and_names_inside_places():
    text, _ = peer.rebuild(ROW["words"])

    def ent(surface, label):
        start = text.index(surface)
        return {"start": start, "end": start + len(surface), "label": label}

    predicted = [[ent("Lê Văn Hưu", "PERSON"), ent("quận Hai Bà Trưng", "LOC"), ent("Sở Y tế", "ORG")]]
    counts, misses = peer.score([ROW], predicted, default_lexicon())
    assert (counts["ORG gold"], counts["ORG strict"], counts["ORG lenient"]) == (1, 0, 1)
    assert (counts["admin gold"], counts["admin found"]) == (2, 1)   # the street found as a PERSON
    assert counts["PERSON inside"] == 1 and [text[s:e] for _, (s, e) in misses["PERSON inside"]] == ["Lê Văn Hưu"]
    assert [text[s:e] for _, (s, e) in misses["ORG"]] == ["Sở Y tế Hà Nội"]
    lines = peer.report(counts)
    assert "ORG recall strict 0.000, lenient 1.000 (0 / 1)" in lines[1]
    assert "1 (1000.0 per 1,000 sentences)" in lines[3]


def test_the_test_split_errors_are_refused_and_a_missing_folder_is_named(tmp_path):
    (tmp_path / "test_syllable.json").write_text(json.dumps(ROW) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="nobody tuned to"):
        peer.main(["--data", str(tmp_path), "--split", "test", "--errors"])
    with pytest.raises(SystemExit, match="dev_syllable.json not found"):
        peer.main(["--data", str(tmp_path), "--split", "dev"])
