"""scripts/eval_heldout.py --by-section: strict F1 per news section (records written for the test)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import eval_heldout as eh  # noqa: E402


def _doc(doc_id, section, *entities):
    return {"id": doc_id, "section": section,
            "entities": [{"start": s, "end": e, "label": label} for s, e, label in entities]}


def test_each_section_is_scored_on_its_own_regions(capsys):
    golds = [_doc("a", "sport", (0, 5, "PERSON"), (10, 15, "ORG")), _doc("b", "sport", (0, 4, "LOC")),
             _doc("c", "tech", (0, 6, "ORG"))]
    preds = [_doc("a", None, (0, 5, "PERSON"), (10, 15, "ORG")), _doc("b", None, (0, 4, "PERSON")),
             _doc("c", None, (0, 6, "ORG"))]
    eh.print_sections(golds, preds)
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[2:]}
    # sport: 2 of 3 right, one spurious PERSON: P 2/3, R 2/3; its LOC missed, no TITLE
    assert rows["sport"][1:4] == ["2", "3", "0.667"]
    assert rows["sport"][4:] == ["0.667", "1.000", "0.000", "-"]
    assert rows["tech"][1:4] == ["1", "1", "1.000"] and rows["tech"][4:] == ["-", "1.000", "-", "-"]
    assert list(rows) == ["sport", "tech"]   # the larger section first
