"""CRFsuite model files read and written as data (`pipeline.entities.crf_file`): a model underthesea_core
saved is written back byte for byte, and pruned of the attributes no feature reads it tags and scores
exactly as before, in a smaller file. The models are trained here on sequences written for the test."""
from __future__ import annotations

import random

import pytest
from underthesea_core import CRFTagger, CRFTrainer

from pipeline.entities import crf_file

LABELS = ("O", "B-PER", "I-PER", "B-LOC")


def _sequences(n: int, seed: int = 3):
    """Token feature lists where a few attributes decide the label and many are noise (every noise
    attribute is seen once, so the L1 penalty leaves it without a weight)."""
    rnd = random.Random(seed)
    X, Y = [], []
    for k in range(n):
        xs, ys = [], []
        for i in range(rnd.randint(3, 9)):
            y = rnd.choice(LABELS)
            feats = [f"cue={y.lower()}", f"noise={k}-{i}", f"w[-1]|w=x{k}|y{i}"]
            if i == 0:
                feats.append("sent_start")
            # keys of 12 bytes with their terminating zero, which CQDB hashes in a way of its own
            feats.append("twelve-%04d" % (k % 7))
            xs.append(feats)
            ys.append(y)
        X.append(xs)
        Y.append(ys)
    return X, Y


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    X, Y = _sequences(120)
    trainer = CRFTrainer()
    trainer.set_l1_penalty(0.5)
    trainer.set_max_iterations(40)
    path = tmp_path_factory.mktemp("crf") / "model.crfsuite"
    trainer.train(X, Y).save(str(path))
    return path, X


def _tagger(path):
    tagger = CRFTagger()
    tagger.load(str(path))
    return tagger


def test_a_saved_model_is_written_back_byte_for_byte(saved, tmp_path):
    path, _ = saved
    model = crf_file.read_model(path)
    assert any(len(a.encode("utf-8")) + 1 == 12 for a in model.attributes)
    crf_file.write_model(model, tmp_path / "again.crfsuite")
    assert (tmp_path / "again.crfsuite").read_bytes() == path.read_bytes()


def test_pruning_keeps_tags_and_scores_and_drops_the_unused_attributes(saved, tmp_path):
    path, X = saved
    before, after = crf_file.prune(path, tmp_path / "small.crfsuite")
    assert after < before / 2          # the noise attributes are gone
    small = crf_file.read_model(tmp_path / "small.crfsuite")
    assert len(small.attributes) == after
    assert crf_file.used_attributes(small) == list(range(after))
    assert all(not a.startswith("noise=") for a in small.attributes)
    assert (tmp_path / "small.crfsuite").stat().st_size < path.stat().st_size
    full, pruned = _tagger(path), _tagger(tmp_path / "small.crfsuite")
    unseen = [[["cue=b-per", "twelve-0003"], ["cue=i-per", "noise=never"], ["cue=o"]]]
    for xs in X[:40] + unseen:
        assert pruned.tag(xs) == full.tag(xs)
        assert pruned.tag_with_score(xs) == full.tag_with_score(xs)
    assert pruned.tag(unseen[0]) == ["B-PER", "I-PER", "O"]


def test_pruning_in_place_twice_changes_nothing_more(saved, tmp_path):
    path, _ = saved
    copy = tmp_path / "m.crfsuite"
    copy.write_bytes(path.read_bytes())
    crf_file.prune(copy)
    once = copy.read_bytes()
    before, after = crf_file.prune(copy)
    assert before == after and copy.read_bytes() == once


@pytest.mark.parametrize("data", [b"", b"lCRF", b"not a model at all, just some bytes " * 4])
def test_a_file_that_is_not_a_model_is_refused_clearly(tmp_path, data):
    path = tmp_path / "bad.crfsuite"
    path.write_bytes(data)
    with pytest.raises(crf_file.CRFFileError, match="bad.crfsuite"):
        crf_file.read_model(path)
