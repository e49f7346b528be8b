"""scripts/tidy_on_gold.py: the count of hand spans a tidy-up step would change (sentences written for
the tests; no reference data needed)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import tidy_on_gold  # noqa: E402

from pipeline.entities.training import Region  # noqa: E402


def _region(text, spans):
    ents = []
    for label, s in spans:
        start = text.index(s)
        ents.append({"start": start, "end": start + len(s), "label": label})
    return Region("doc-1", text, ents)


def test_a_step_that_leaves_the_hand_spans_counts_nothing_and_one_that_cuts_them_counts_each_span():
    kept = _region("Ông Antonio Guterres, nguyên Thủ tướng Bồ Đào Nha, phát biểu.",
                   [("PERSON", "Antonio Guterres"), ("TITLE", "Thủ tướng"), ("LOC", "Bồ Đào Nha")])
    cut = _region("Giá vàng tăng.\nHồng Lâm-TTXVN", [("PERSON", "Hồng Lâm-TTXVN")])
    counts, examples = tidy_on_gold.changed_spans([kept, cut], steps=("people_run_into_names", "tidy_persons"))
    assert counts["people_run_into_names"] == 0
    # one span removed, two added: the byline's name and its agency
    assert counts["tidy_persons"] == 3
    assert examples["tidy_persons"] == [("doc-1", [("PERSON", "Hồng Lâm-TTXVN")],
                                         [("ORG", "TTXVN"), ("PERSON", "Hồng Lâm")])]


def test_every_listed_step_is_a_tidy_function_the_names_component_runs():
    import inspect

    from pipeline.entities import names_component, tidy

    assert "tidy_up(" in inspect.getsource(names_component.NamesComponent.__call__)
    source = inspect.getsource(tidy.tidy_up)
    assert all(f"{name}(" in source for name in tidy_on_gold.STEPS)
