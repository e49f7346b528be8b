"""The learned decision on offices written with no holder (`pipeline/entities/officials/unnamed.py`):
the mentions and their features, how the model's decisions change the linker's unnamed records, the
shipped model, and training by leaving one set out, on sentences written here with their entities
marked by hand."""
import pytest

from pipeline.entities.officials import OfficialsLinker
from pipeline.entities.officials import unnamed as officials_unnamed
from pipeline.entities.officials.component import find_officials
from pipeline.entities.officials.scorer import PairScorer
from pipeline.entities.officials.training import cross_validate_unnamed, train_unnamed, unnamed_examples
from pipeline.language import load

from test_officials_patterns import parse, sentences

LINKER = OfficialsLinker()


def found(marked: str, scorer=None):
    text, ents = parse(marked)
    return {(r.person, r.title, r.org) for r in find_officials(text, ents, sentences(text), LINKER, None, scorer)}


def test_every_office_but_a_rank_is_a_mention_with_its_context():
    text, ents = parse("Người phát ngôn của [tổng thống|T] [Nga|L] cho biết. "
                       "[Bộ trưởng|T] [Bộ Y tế|O] [Lê Văn An|P] và [Đại tá|T] [Trần Văn Bình|P] đến.")
    records = LINKER.link(text, ents, sentences(text))
    by_key = {m.key: m for m in officials_unnamed.mentions(text, ents, sentences(text), records, LINKER)}
    assert set(by_key) == {"tổng thống", "bộ trưởng"}          # "Đại tá" is a rank
    president = by_key["tổng thống"].features
    assert {"lower", "has_place", "before=của", "title=tổng thống", "head=tổng"} <= set(president)
    assert "title_named" not in president and "sentence_names_a_person" not in president
    minister = by_key["bộ trưởng"].features
    assert {"title_named", "sentence_names_a_person", "next=PERSON", "org_label=ORG"} <= set(minister)
    assert by_key["bộ trưởng"].office.org.text == "Bộ Y tế"


def test_an_office_sought_or_naming_a_board_is_no_mention():
    text, ents = parse("Cuộc bầu cử [Tổng thống|T] [Pháp|L] sắp tới. Ban [Giám đốc|T] [Công ty Hoa Sen|O] họp. "
                       "[Thống đốc|T] [Ngân hàng Nhà nước|O] phát biểu.")
    records = LINKER.link(text, ents, sentences(text))
    keys = [m.key for m in officials_unnamed.mentions(text, ents, sentences(text), records, LINKER)]
    assert keys == ["thống đốc"]


def test_the_model_files_and_unfiles_unnamed_offices_and_leaves_named_ones():
    marked = ("Người phát ngôn của [tổng thống|T] [Nga|L] cho biết. [Thống đốc|T] [Ngân hàng Nhà nước|O] "
              "đã họp. [Giám đốc|T] [Sở Y tế|O] [Lê Văn An|P] phát biểu.")
    linker_only = found(marked)
    assert linker_only == {(None, "Thống đốc", "Ngân hàng Nhà nước"), ("Lê Văn An", "Giám đốc", "Sở Y tế")}
    # a model that files an office after "của" and nothing else
    model = PairScorer({"before=của": 4.0}, intercept=-2.0, threshold=0.5)
    assert found(marked, model) == {(None, "tổng thống", None), ("Lê Văn An", "Giám đốc", "Sở Y tế")}
    # a model that files nothing leaves the named record only
    assert found(marked, PairScorer({}, intercept=-5.0, threshold=0.5)) == {("Lê Văn An", "Giám đốc", "Sở Y tế")}


def test_an_unnamed_office_still_yields_to_its_named_holder():
    marked = "[Thủ tướng|T] đã chỉ đạo. [Thủ tướng|T] [Nguyễn Văn An|P] nói thêm."
    everything = PairScorer({}, intercept=5.0, threshold=0.5)
    assert found(marked, everything) == {("Nguyễn Văn An", "Thủ tướng", None)}


def test_shipped_model_loads_and_the_component_can_run_without_it(tmp_path):
    shipped = PairScorer.load(officials_unnamed.default_model_file())
    assert shipped.weights and 0 < shipped.threshold < 1
    assert shipped.weights["linker_unnamed"] > 0 > shipped.weights["plural"]
    nlp = load(exclude=("themes",))
    component = dict(nlp.pipeline)["officials"]
    assert component.unnamed is not None
    off = load(exclude=("themes",), **{"components.officials.unnamed": False})
    assert dict(off.pipeline)["officials"].unnamed is None
    component.to_disk(tmp_path)
    component.unnamed = None
    component.from_disk(tmp_path)
    assert component.unnamed.weights == shipped.weights


def _region(marked: str, unnamed_titles: set[str], named: set[tuple[str, str]] = frozenset()) -> dict:
    text, ents = parse(marked)
    return {"text": text, "entities": ents, "gold": {(None, t) for t in unnamed_titles} | set(named)}


def test_training_learns_what_the_linker_misses_leaving_one_set_out():
    # offices of a foreign country written in lower case point at one holder; "các ..." at several
    def batch(country: str, name: str) -> list[dict]:
        return [_region(f"Người phát ngôn của [ngoại trưởng|T] [{country}|L] cho biết.", {"ngoại trưởng"}),
                _region(f"Ông [{name}|P] gặp [tổng thống|T] [{country}|L] hôm qua.", {"tổng thống"}),
                _region(f"Các [bộ trưởng|T] [{country}|L] đã họp.", set()),
                _region(f"[Giám đốc|T] [Sở Tài chính|O] [{name}|P] phát biểu.", set(),
                        {(name.lower(), "giám đốc")})]
    nlp = load(exclude=("names", "officials", "admin_outline", "themes"))
    scorer = PairScorer({}, intercept=-10.0, threshold=0.5)   # the pair scorer adds nothing here
    sets = {f"set{k}": unnamed_examples(batch(country, name) * 3, nlp, LINKER, scorer)
            for k, (country, name) in enumerate([("Nga", "Lê Văn An"), ("Pháp", "Trần Văn Bình"),
                                                 ("Đức", "Phạm Văn Cường")])}
    cv = cross_validate_unnamed(sets, Cs=(1.0,), thresholds=(0.5,))
    assert cv["linker"]["unnamed_f1"] == 0.0          # the linker files no lower-case office
    assert cv["grid"][(1.0, 0.5)]["unnamed_f1"] == pytest.approx(1.0)
    assert cv["grid"][(1.0, 0.5)]["f1"] > cv["linker"]["f1"]
    model = train_unnamed(sets)
    assert model.meta["C"] in (0.1, 0.3, 1.0, 3.0) and model.meta["unnamed_records"] == 18
