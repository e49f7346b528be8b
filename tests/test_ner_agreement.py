"""The agreement of two annotations of the same regions (scripts/ner_annotate.py agree), on records written here."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import ner_annotate  # noqa: E402


def region(doc, *entities):
    return {"corpus": "c", "doc": doc, "start": 0, "end": 100,
            "entities": [{"start": s, "end": e, "label": label} for s, e, label in entities]}


def test_strict_agreement_counts_boundaries_and_labels_and_only_shared_regions():
    a = [region("d1", (0, 5, "PERSON"), (10, 20, "ORG"), (30, 35, "LOC")), region("d2", (0, 4, "DATE")),
         region("only-a", (0, 9, "ORG"))]
    b = [region("d1", (0, 5, "PERSON"), (10, 22, "ORG"), (30, 35, "ORG")), region("d2", (0, 4, "DATE")),
         region("only-b", (1, 2, "LOC"))]
    result = ner_annotate.agreement(a, b)
    assert result["regions"] == 2
    labels = result["labels"]
    assert labels["PERSON"][:3] == (1, 0, 0) and labels["DATE"][:3] == (1, 0, 0)
    assert labels["ORG"][:3] == (0, 2, 1)           # a moved boundary and a changed label both disagree
    assert labels["LOC"][:3] == (0, 0, 1)
    tp, fp, fn, f1 = labels["micro"]
    assert (tp, fp, fn) == (2, 2, 2) and f1 == pytest.approx(0.5)
