"""scripts/eval_officials.py --breakdown: each error of the pipeline's officials goes to the class
that explains it (records written for the test)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import eval_officials as eo  # noqa: E402


def _rec(entities, officials):
    return {"entities": [{"label": label, "text": text} for label, text in entities],
            "officials": [{"person": p, "title": t, "org": None} for p, t in officials]}


def test_each_error_goes_to_the_class_that_explains_it():
    gold = _rec([("TITLE", "Giám đốc"), ("PERSON", "Lê Văn An"), ("TITLE", "Phó Chủ tịch Thường trực"),
                 ("PERSON", "Trần Thị Bình"), ("TITLE", "Chủ tịch"), ("PERSON", "Ngô Hùng")],
                [("Lê Văn An", "Giám đốc"), ("Trần Thị Bình", "Phó Chủ tịch Thường trực"),
                 ("Ngô Hùng", "Chủ tịch"), (None, "Thủ tướng")])
    # the linker on the hand entities: finds An and Bình, misses Hùng and the unnamed office
    hand = _rec([], [("Lê Văn An", "Giám đốc"), ("Trần Thị Bình", "Phó Chủ tịch Thường trực")])
    # the pipeline: An's name cut short, Bình's title cut short, Hùng still missed
    pred = _rec([("TITLE", "Giám đốc"), ("PERSON", "Lê Văn"), ("TITLE", "Phó Chủ tịch"),
                 ("PERSON", "Trần Thị Bình")],
                [("Lê Văn", "Giám đốc"), ("Trần Thị Bình", "Phó Chủ tịch")])
    counts = eo.error_classes([gold], [hand], [pred])
    assert counts == {
        "FN person entity differs": 1,
        "FN title entity differs": 1,
        "FN linker, on the hand entities too": 1,
        "FN linker, on the hand entities too [unnamed]": 1,
        "FP person entity differs": 1,
        "FP title entity differs": 1,
    }


def test_no_error_no_count():
    gold = _rec([("TITLE", "Giám đốc"), ("PERSON", "Lê Văn An")], [("Lê Văn An", "Giám đốc")])
    assert not eo.error_classes([gold], [gold], [gold])
