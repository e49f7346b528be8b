"""Story grouping on texts written for the test: copies join, distinct articles do not."""
import numpy as np
import pytest

pytest.importorskip("datasketch")

from pipeline.coverage.stories import (StoryIndex, assign, signature, similarity,  # noqa: E402
                                       stories_table, story_id_for)

BODY = ("Chiều 12/3, Ủy ban nhân dân tỉnh Nam Hà tổ chức hội nghị tổng kết công tác phòng chống "
        "thiên tai năm qua và triển khai nhiệm vụ năm nay. Theo báo cáo, trong năm tỉnh chịu ảnh hưởng "
        "của ba cơn bão và hai đợt lũ lớn, làm hư hỏng hơn bốn trăm ngôi nhà và nhiều tuyến đường giao "
        "thông nông thôn. Lãnh đạo tỉnh yêu cầu các sở ngành rà soát phương án sơ tán dân ở vùng trũng, "
        "chuẩn bị vật tư dự phòng và kiểm tra an toàn hồ đập trước mùa mưa. Hội nghị cũng khen thưởng "
        "mười hai tập thể và hai mươi cá nhân có thành tích xuất sắc trong cứu hộ cứu nạn.")
OTHER = ("Đội tuyển bóng chuyền nữ của thành phố Biển Xanh giành chiến thắng ba không trước đội khách "
         "trong trận mở màn giải vô địch quốc gia. Huấn luyện viên trưởng cho biết các cầu thủ trẻ đã thi "
         "đấu tự tin, phát bóng chính xác và phòng thủ chặt chẽ ở cuối mỗi ván đấu. Trận tiếp theo đội sẽ "
         "gặp nhà đương kim vô địch vào tối thứ bảy tại nhà thi đấu trung tâm với sức chứa ba nghìn chỗ.")
SAME_EVENT = ("Tỉnh Nam Hà vừa tổng kết công tác phòng chống thiên tai. Năm qua, bão lũ đã làm hàng trăm "
              "ngôi nhà bị hư hỏng; tỉnh đề nghị người dân vùng trũng chủ động di dời khi có cảnh báo, "
              "đồng thời kêu gọi doanh nghiệp hỗ trợ vật tư. Nhiều đơn vị cứu hộ được biểu dương.")


def rec(i, text, title="Nam Hà tổng kết phòng chống thiên tai", date=None, source=None):
    return {"id": i, "title": title, "date": date, "source": source, "text": text}


def first_paragraph_dropped(text):
    return text.split(". ", 1)[1]


def test_copies_join_and_distinct_articles_do_not():
    records = [
        rec("a", BODY, date="2024-03-12", source="baoA"),
        rec("b", BODY, title="Tỉnh Nam Hà khen thưởng 12 tập thể", date="2024-03-12", source="baoB"),  # another title
        rec("c", "Theo Phóng viên Minh An / Báo C. " + BODY + " (Theo Báo C)", date="2024-03-13", source="baoC"),  # byline added
        rec("d", first_paragraph_dropped(BODY), date="2024-03-13", source="baoD"),  # a paragraph dropped
        rec("e", OTHER, title="Bóng chuyền nữ thắng trận mở màn", date="2024-03-12", source="baoA"),
        rec("f", SAME_EVENT, date="2024-03-12", source="baoE"),
    ]
    out = assign(records)
    assert out["a"] == out["b"] == out["c"] == out["d"]
    assert out["e"] != out["a"] and out["f"] != out["a"] and out["e"] != out["f"]
    assert out["a"] == story_id_for("a")  # founded by the earliest, smallest id


def test_lone_article_is_its_own_story_and_order_does_not_matter():
    records = [rec("x", OTHER), rec("y", BODY, date="2024-01-02"), rec("z", BODY, date="2024-01-01")]
    one = assign(records)
    two = assign(list(reversed(records)))
    assert one == two
    assert one["x"] == story_id_for("x")
    assert one["y"] == one["z"] == story_id_for("z")


def test_copies_disagreeing_on_date_take_the_earliest():
    records = [rec("late", BODY, date="2024-05-03", source="baoB"),
               rec("early", BODY, date="2024-05-01", source="baoA"),
               rec("undated", BODY, date=None, source="baoC")]
    out = assign(records)
    table = stories_table(records, out).to_pylist()
    assert len(table) == 1
    row = table[0]
    assert row["first_date"] == "2024-05-01"
    assert row["first_source"] == "baoA"
    assert row["n_documents"] == 3
    assert row["sources"] == ["baoA", "baoB", "baoC"]


def test_index_saved_and_loaded_joins_a_later_batch(tmp_path):
    index = StoryIndex()
    first = index.assign([rec("a", BODY, date="2024-03-12", source="baoA"),
                          rec("e", OTHER, date="2024-03-12", source="baoA")])
    path = tmp_path / "stories.npz"
    index.save(path)
    with np.load(path, allow_pickle=False) as z:   # plain arrays, no pickle
        assert set(z.files) >= {"ids_utf8", "ids_ends", "stories_utf8", "hashvalues"}
    again = StoryIndex.load(path)
    # an earlier-dated copy arriving later still joins, and the story keeps its id
    later = again.assign([rec("b", BODY, title="Khác", date="2024-03-10", source="baoB"),
                          rec("n", SAME_EVENT, date="2024-03-12")])
    assert later["b"] == first["a"]
    assert later["n"] not in (first["a"], first["e"])
    row = [r for r in again.table().to_pylist() if r["story_id"] == first["a"]][0]
    assert row["first_date"] == "2024-03-10" and row["n_documents"] == 2
    # documents already known keep their story
    assert again.assign([rec("a", OTHER)])["a"] == first["a"]


def test_signature_similarity_is_one_for_identical_and_low_for_unrelated():
    a, b, c = signature(BODY, "t"), signature(BODY, "t"), signature(OTHER, "u")
    assert similarity(a, b)[0] == 1.0
    assert similarity(a, c)[0] < 0.1


def test_empty_text_still_gets_a_story():
    out = assign([rec("empty", "", title=None), rec("blank", None, title=None)])
    assert set(out) == {"empty", "blank"}
    assert out["empty"] != out["blank"]


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "stories.npz"
    StoryIndex().save(path)
    with np.load(path, allow_pickle=False) as z:
        data = dict(z)
    data["format_version"] = np.array(99)
    np.savez(path, **data)
    with pytest.raises(ValueError, match="format 99"):
        StoryIndex.load(path)


def test_coverage_counts_copies_and_stories():
    from pipeline.coverage.stories import coverage_counts

    rows = [("health", "2024-03-01", "a"), ("health", "2024-03-01", "b"), ("health", "2024-03-01", "c"),
            ("health", "2024-03-02", "d"), ("economy", "2024-03-01", "a")]
    assignment = {"a": "s1", "b": "s1", "c": "s2", "d": "s1"}
    got = {(r["key"], r["day"]): (r["n_documents"], r["n_stories"]) for r in coverage_counts(rows, assignment).to_pylist()}
    assert got == {("health", "2024-03-01"): (3, 2), ("health", "2024-03-02"): (1, 1), ("economy", "2024-03-01"): (1, 1)}


def test_signatures_of_another_size_are_refused():
    with pytest.raises(ValueError, match="permutations"):
        StoryIndex().assign([rec("a", BODY)], signatures={"a": signature(BODY, num_perm=64)})


DISCIPLINE = ("Ủy ban Kiểm tra Tỉnh ủy {P} vừa tổ chức kỳ họp để xem xét, đề nghị thi hành kỷ luật đối với ông "
              "{N}, {R} tỉnh {P}. Tại kỳ họp, Ủy ban Kiểm tra đã xem xét báo cáo kiểm điểm và kết quả kiểm tra "
              "khi có dấu hiệu vi phạm. Ông {N} đã vi phạm quy chế làm việc, thiếu trách nhiệm trong lãnh đạo, "
              "chỉ đạo, để xảy ra nhiều sai phạm. Căn cứ nội dung, tính chất, mức độ vi phạm, Ủy ban Kiểm tra "
              "quyết định thi hành kỷ luật bằng hình thức cảnh cáo đối với ông {N}.")
FUEL = ("Giá xăng dầu hôm nay {d}/3: giá xăng RON 95 ở mức {x} đồng/lít, xăng E5 RON 92 ở mức {y} đồng/lít. "
        "Dầu diesel có giá {z} đồng/lít. Trên thị trường thế giới, giá dầu Brent ở mức {w} USD/thùng. "
        "Theo Bộ Công Thương, kỳ điều hành tới sẽ được công bố vào chiều thứ Năm.")


def test_a_template_filled_with_other_names_or_figures_is_another_story():
    """A discipline notice about another official in another province, a price bulletin of another
    day: the same wording, other slots, other news. A copy of either still joins it."""
    a = DISCIPLINE.format(P="Thanh Hóa", N="Lê Văn Tâm", R="Giám đốc Sở Xây dựng")
    b = DISCIPLINE.format(P="Nghệ An", N="Phạm Quốc Bảo", R="Giám đốc Sở Y tế")
    g1 = FUEL.format(d=3, x="21.350", y="20.410", z="19.200", w="82,4")
    g2 = FUEL.format(d=4, x="21.480", y="20.520", z="19.350", w="83,1")
    records = [rec("kl-a", a, title="Kỷ luật cảnh cáo giám đốc sở", date="2025-03-12", source="baoA"),
               rec("kl-b", b, title="Kỷ luật cảnh cáo giám đốc sở", date="2025-03-20", source="baoA"),
               rec("kl-a-copy", "(TTXVN) - " + a + " Lê Minh", title="Cảnh cáo ông Lê Văn Tâm",
                   date="2025-03-12", source="baoB"),
               rec("gx-3", g1, title="Giá xăng dầu hôm nay", date="2025-03-03", source="baoA"),
               rec("gx-4", g2, title="Giá xăng dầu hôm nay", date="2025-03-04", source="baoA")]
    out = assign(records)
    assert similarity(signature(a), signature(b))[0] >= 0.45   # the body rule alone would join them
    assert out["kl-a"] != out["kl-b"] and out["gx-3"] != out["gx-4"]
    assert out["kl-a-copy"] == out["kl-a"]


def test_a_placeholder_body_joins_nothing_by_itself():
    records = [rec("p1", "Đang cập nhật.", title="Bão số 3 đổ bộ vào miền Trung", date="2025-03-13"),
               rec("p2", "Đang cập nhật.", title="Giá vàng tăng mạnh phiên sáng", date="2025-03-14"),
               rec("p3", "Đang cập nhật.", title="Bão số 3 đổ bộ vào miền Trung", date="2025-03-13")]
    out = assign(records)
    assert out["p1"] != out["p2"]
    assert out["p1"] == out["p3"]   # the same title and body: one story


def _first_format(index: StoryIndex, path, with_keys: bool = True) -> None:
    """`index` saved as the first format did: fixed-width unicode arrays (dtype=str), six thresholds,
    and, before key sequences existed, no `keys`."""
    docs = list(index.docs.values())
    t = index.thresholds
    data = dict(format_version=np.array(1), scheme=np.array("affine32"), linkage=np.array(index.linkage),
                num_perm=np.array(index.num_perm),
                thresholds=np.array([t.jaccard, t.containment, t.title_min, t.title_jaccard, t.title_high, t.lsh]),
                ids=np.array([d.doc_id for d in docs], dtype=str), stories=np.array([d.story_id for d in docs], dtype=str),
                dates=np.array([d.date or "" for d in docs], dtype=str),
                sources=np.array([d.source or "" for d in docs], dtype=str),
                titles=np.array([d.sig.title for d in docs], dtype=str),
                sizes=np.array([d.sig.size for d in docs], dtype=np.int64),
                hashvalues=np.stack([d.sig.hashvalues for d in docs]))
    if with_keys:
        data["keys"] = np.array([d.sig.keys for d in docs], dtype=str)
    np.savez_compressed(path, **data)


def test_an_index_saved_before_key_sequences_still_loads(tmp_path):
    path = tmp_path / "stories.npz"
    index = StoryIndex()
    index.assign([rec("a", BODY, date="2024-03-12")])
    _first_format(index, path, with_keys=False)
    old = StoryIndex.load(path)
    assert old.docs["a"].sig.keys == ""
    assert old.assign([rec("b", BODY, date="2024-03-13")])["b"] == index.docs["a"].story_id


def test_an_index_of_the_first_format_loads_as_it_was_saved(tmp_path):
    index = StoryIndex()
    index.assign([rec("a", BODY, date="2024-03-12", source="baoA"), rec("đ", OTHER, title="Bóng chuyền nữ")])
    _first_format(index, tmp_path / "old.npz")
    index.save(tmp_path / "new.npz")
    for name in ("old.npz", "new.npz"):
        back = StoryIndex.load(tmp_path / name)
        assert {k: (d.story_id, d.date, d.source, d.sig.title, d.sig.keys, d.sig.size, d.sig.hashvalues.tolist())
                for k, d in back.docs.items()} == \
               {k: (d.story_id, d.date, d.source, d.sig.title, d.sig.keys, d.sig.size, d.sig.hashvalues.tolist())
                for k, d in index.docs.items()}


def test_one_long_document_does_not_widen_every_row_of_the_index(tmp_path):
    """Text columns are stored as UTF-8 with offsets: a fixed-width array would give all 40 rows
    the long document's 60,000-character key sequence (about 10 MB)."""
    index = StoryIndex()
    index.assign([rec(f"d{i}", f"Bài số {i}. " + OTHER, date="2024-03-12") for i in range(40)])
    index.save(tmp_path / "short.npz")
    long_body = " ".join(f"Ông Nguyễn Văn {i} nhận {i} đồng." for i in range(6000))
    index.assign([rec("long", long_body, date="2024-03-12")])
    index.save(tmp_path / "long.npz")
    size = {}
    for name in ("short", "long"):
        with np.load(tmp_path / f"{name}.npz", allow_pickle=False) as z:
            size[name] = sum(z[k].nbytes for k in z.files)
    long_keys = len(index.docs["long"].sig.keys.encode("utf-8"))
    assert long_keys > 60_000
    assert size["long"] - size["short"] < long_keys + 4 * 256 + 1000


def test_loading_reads_each_array_once_whatever_the_number_of_documents(tmp_path, monkeypatch):
    """An NPZ member decompresses on every access; read per document, a 1,000-document index took 6 s."""
    path = tmp_path / "stories.npz"
    index = StoryIndex()
    index.assign([rec(f"d{i}", f"Bài số {i}. " + OTHER) for i in range(30)])
    index.save(path)
    reads = []
    real = np.lib.npyio.NpzFile.__getitem__

    def counted(self, key):
        reads.append(key)
        return real(self, key)

    monkeypatch.setattr(np.lib.npyio.NpzFile, "__getitem__", counted)
    assert len(StoryIndex.load(path).docs) == 30
    with np.load(path, allow_pickle=False) as z:
        members = len(z.files)
    assert len(reads) <= members + 2


def test_the_same_text_weeks_later_is_another_story():
    records = [rec("a", BODY, date="2025-03-01", source="baoA"), rec("b", BODY, date="2025-03-05", source="baoB"),
               rec("c", BODY, date="2025-04-10", source="baoC"), rec("d", BODY, date=None, source="baoD")]
    out = assign(records)
    assert out["a"] == out["b"] == out["d"] and out["c"] != out["a"]


def test_a_template_with_two_slots_filled_otherwise_is_another_story():
    t = ("Lực lượng quản lý thị trường tỉnh {p} vừa phát hiện một xe tải chở hàng hóa nhập lậu không có hóa đơn "
         "chứng từ hợp pháp do ông {n} điều khiển. Toàn bộ số hàng đã bị tạm giữ để tiếp tục điều tra, xử lý theo "
         "quy định. Lực lượng chức năng cho biết sẽ tăng cường kiểm tra trên các tuyến đường trọng điểm.")
    records = [rec("x1", t.format(p="Lạng Sơn", n="Hoàng Văn Tú"), title="Bắt xe chở hàng lậu", date="2025-03-03"),
               rec("x2", t.format(p="Quảng Ninh", n="Đặng Minh Khoa"), title="Bắt xe chở hàng lậu", date="2025-03-05")]
    out = assign(records)
    assert out["x1"] != out["x2"]


def test_a_template_whose_place_moved_to_another_slot_is_another_story():
    # the second article's district is the first's province: aligned in order, the shared name splits
    # the substitutions into what looks added and dropped, as a copy's edits do
    t = ("Sở Giáo dục và Đào tạo {p} cho biết năm học này có {a} trường đạt chuẩn quốc gia. Nhiều phụ huynh ở "
         "huyện {q} lo lắng về khoản thu đầu năm học lên tới {b} nghìn đồng. Kỳ thi học sinh giỏi cấp tỉnh thu "
         "hút {c} thí sinh tham dự ở {p}. Nhà trường đầu tư {d} phòng học mới phục vụ chương trình giáo dục "
         "phổ thông.")
    records = [rec("e1", t.format(p="Phú Thọ", q="Gia Lai", a=54, b=375, c=177, d=93), title="Năm học mới",
                   date="2020-09-08"),
               rec("e2", t.format(p="Nghệ An", q="Phú Thọ", a=890, b=649, c=870, d=212), title="Năm học mới",
                   date="2020-09-10")]
    out = assign(records)
    assert out["e1"] != out["e2"]


def test_a_signature_is_the_minhash_of_its_shingles_with_the_seeded_permutations():
    """Signatures draw MinHash's permutations once per process: the values must stay those a fresh
    MinHash with the same seed gives, or saved story indexes would stop matching new documents."""
    from datasketch import MinHash

    from pipeline.coverage import stories

    for text in ("Sở Tài chính tỉnh Bình An công bố số thu ngân sách quý I đạt 1.200 tỷ đồng, cao hơn "
                 "cùng kỳ năm trước nhờ thu từ đất.", "Hai dòng.\nNgắn"):
        fresh = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED, scheme=stories.SCHEME)
        fresh.update_batch([s.encode("utf-8") for s in stories.shingles(text)])
        for _ in range(2):   # the first call draws the permutations, the second reuses them
            assert np.array_equal(signature(text).hashvalues, np.asarray(fresh.hashvalues, dtype=np.uint32))


def test_key_sequence_keeps_numbers_and_capitalised_words_not_opening_a_sentence():
    from pipeline.coverage.stories import key_sequence

    text = "Ông Nguyễn Văn An bị kỷ luật. Quyết định số 12/QĐ-UBND ngày 3/4 nêu rõ mức 2,5 triệu đồng_1 lần."
    assert key_sequence(text).split() == ["nguyễn", "văn", "an", "12", "qđ", "ubnd", "3", "4", "2,5", "đồng_1"]


def test_each_candidate_story_is_compared_once_and_empty_bodies_never(monkeypatch):
    """Sixty reprints of one article and thirty empty bodies (a scanned PDF without text): every
    reprint joins the first, every empty body is a story of its own, and each document is compared
    with each candidate story's founder once; before, a story of n copies took n(n-1)/2 comparisons
    and the empty bodies, all of one MinHash, were each other's candidates."""
    from pipeline.coverage.stories import Thresholds

    calls = []
    real = Thresholds.copy_of

    def counted(self, a, b):
        calls.append((a.size, b.size))
        return real(self, a, b)

    monkeypatch.setattr(Thresholds, "copy_of", counted)
    records = [rec(f"copy-{i:02d}", BODY, date="2024-03-12", source=f"bao{i}") for i in range(60)]
    records += [rec(f"empty-{i:02d}", "", title=f"Ảnh số {i}", date="2024-03-12") for i in range(30)]
    out = StoryIndex().assign(records)
    assert {out[f"copy-{i:02d}"] for i in range(60)} == {story_id_for("copy-00")}
    assert len({out[f"empty-{i:02d}"] for i in range(30)}) == 30
    assert len(calls) == 59 and all(a and b for a, b in calls)
