"""Read a CRFsuite model file (the format underthesea_core saves) into plain arrays.

Layout, all little-endian: a 48-byte header (magic ``lCRF``, type ``FOMC`` and
the offsets of each chunk); a ``FEAT`` chunk of (type, source, target,
weight) records, type 0 being a state feature (attribute -> label) and 1 a
transition (label -> label); then two CQDB string databases, for labels and
attributes, whose backward table maps each id to its record (id, key size,
key with a trailing NUL).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
# underthesea_core drops weights this small when it loads a model; so do we,
# so that scores add up exactly as in its tagger.
_ZERO = 1e-10


class CRFSuiteFormatError(ValueError):
    pass


@dataclass
class CRFWeights:
    labels: list[str]
    attributes: list[str]
    state: np.ndarray        # (len(attributes), len(labels)) float64
    transitions: np.ndarray  # (len(labels), len(labels)) float64, from -> to


def read(path: str | Path) -> CRFWeights:
    buf = Path(path).read_bytes()
    if len(buf) < _HEADER.size:
        raise CRFSuiteFormatError(f"{path}: too short for a CRFsuite model")
    (magic, _size, kind, _version, _nf, n_labels, n_attrs, off_features, off_labels,
     off_attrs, _off_labelrefs, _off_attrrefs) = _HEADER.unpack_from(buf, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise CRFSuiteFormatError(f"{path}: not a CRFsuite CRF1d model (magic {magic!r}, type {kind!r})")
    chunk, _chunk_size, n_features = struct.unpack_from("<4sII", buf, off_features)
    if chunk != b"FEAT":
        raise CRFSuiteFormatError(f"{path}: no feature chunk at offset {off_features}")
    features = np.frombuffer(buf, dtype=_FEATURE, count=n_features, offset=off_features + 12)
    labels = _strings(buf, off_labels, path)
    attributes = _strings(buf, off_attrs, path)
    if len(labels) != n_labels or len(attributes) != n_attrs:
        raise CRFSuiteFormatError(f"{path}: header counts disagree with the string tables")

    features = features[np.abs(features["weight"]) > _ZERO]
    state_rows = features[features["type"] == 0]
    state = np.zeros((n_attrs, n_labels))
    state[state_rows["src"], state_rows["dst"]] = state_rows["weight"]
    trans_rows = features[features["type"] == 1]
    transitions = np.zeros((n_labels, n_labels))
    transitions[trans_rows["src"], trans_rows["dst"]] = trans_rows["weight"]
    return CRFWeights(labels, attributes, state, transitions)


def _strings(buf: bytes, start: int, path) -> list[str]:
    """The strings of one CQDB database, in id order."""
    magic, _size, _flag, _byteorder, n, bwd_offset = struct.unpack_from("<4sIIIII", buf, start)
    if magic != b"CQDB":
        raise CRFSuiteFormatError(f"{path}: no string table at offset {start}")
    out: list[str] = [""] * n
    for record in np.frombuffer(buf, "<u4", n, start + bwd_offset).tolist():
        if record == 0:
            continue
        key_id, key_size = struct.unpack_from("<II", buf, start + record)
        begin = start + record + 8
        out[key_id] = buf[begin:begin + key_size - 1].decode("utf-8")
    return out
