"""CRFsuite model files as data: read one, and write it again without the attributes it never uses.

A CRFsuite model (the format underthesea_core's CRFTrainer saves) keeps every
attribute string it saw in training, also those the L1 penalty left without a
single weight: in the names models six attributes in seven. They change no
score, yet the tagger still holds them in its attribute dictionary, so the
dictionary, the file and the memory it takes are seven times what the model
needs, and every lookup reaches into a bigger table. `prune` rewrites a model
with only the attributes that carry a weight: the same features, weights and
labels, so the same tags, in a file a fifth the size.

The format (CRFsuite's `crf1dmodel`): a header; the features (type, source,
destination, weight); the label and attribute dictionaries as CQDB chunks
(string <-> id, hashed with Bob Jenkins' lookup3); for each label and each
attribute the list of its features. Everything is little-endian and
read with `struct` only: no code in a model file is ever run.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

_HEADER = struct.Struct("<4sI4sIIIIIIIII")   # magic, size, type, version, #features, #labels, #attributes, 5 offsets
_CHUNK = struct.Struct("<4sII")              # chunk id, size, count
_FEATURE = struct.Struct("<IIId")            # type, source, destination, weight
_CQDB = struct.Struct("<4sIIIII")            # "CQDB", size, flag, byte order, backward size, backward offset
_BYTEORDER = 0x62445371
_TABLES = 256
_STATE = 0                                   # a state feature: attribute -> label (1: label -> label)
_M32 = 0xFFFFFFFF


class CRFFileError(ValueError):
    """A file that is not a CRFsuite model this module can read."""


@dataclass
class CRFModelData:
    features: list[tuple[int, int, int, float]]   # (type, source, destination, weight) in file order
    labels: list[str]
    attributes: list[str]


def read_model(path: str | Path) -> CRFModelData:
    """The features, labels and attributes of a CRFsuite model file."""
    data = Path(path).read_bytes()
    if len(data) < _HEADER.size:
        raise CRFFileError(f"{path}: too short for a CRFsuite model")
    magic, _size, kind, _version, n_features, n_labels, n_attrs, off_features, off_labels, off_attrs, _, _ = \
        _HEADER.unpack_from(data, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise CRFFileError(f"{path}: not a CRFsuite model (magic {magic!r}, type {kind!r})")
    chunk, _, count = _CHUNK.unpack_from(data, off_features)
    if chunk != b"FEAT" or count != n_features:
        raise CRFFileError(f"{path}: no feature chunk where the header says")
    features = list(_FEATURE.iter_unpack(data[off_features + _CHUNK.size:off_features + _CHUNK.size
                                              + n_features * _FEATURE.size]))
    labels = _read_cqdb(data, off_labels, path)
    attributes = _read_cqdb(data, off_attrs, path)
    if len(labels) != n_labels or len(attributes) != n_attrs:
        raise CRFFileError(f"{path}: dictionary sizes differ from the header")
    return CRFModelData(features, labels, attributes)


def _read_cqdb(data: bytes, off: int, path) -> list[str]:
    chunk, _size, _flag, byteorder, n, bwd = _CQDB.unpack_from(data, off)
    if chunk != b"CQDB" or byteorder != _BYTEORDER or not bwd:
        raise CRFFileError(f"{path}: broken string dictionary at byte {off}")
    out = []
    for (rec,) in struct.iter_unpack("<I", data[off + bwd:off + bwd + 4 * n]):
        _id, ksize = struct.unpack_from("<II", data, off + rec)
        out.append(data[off + rec + 8:off + rec + 7 + ksize].decode("utf-8"))
    return out


def used_attributes(model: CRFModelData) -> list[int]:
    """Ids of the attributes at least one state feature reads, in id order."""
    return sorted({src for kind, src, _, _ in model.features if kind == _STATE})


def pruned(model: CRFModelData) -> CRFModelData:
    """The model with only the attributes that carry a feature, renumbered in their old order."""
    keep = used_attributes(model)
    new_id = {old: new for new, old in enumerate(keep)}
    features = [(kind, new_id[src] if kind == _STATE else src, dst, w) for kind, src, dst, w in model.features]
    return CRFModelData(features, list(model.labels), [model.attributes[i] for i in keep])


def write_model(model: CRFModelData, path: str | Path) -> None:
    """Write `model` in CRFsuite's format (what `read_model` and underthesea_core's tagger read)."""
    out = bytearray(_HEADER.size)
    off_features = len(out)
    out += _CHUNK.pack(b"FEAT", _CHUNK.size + _FEATURE.size * len(model.features), len(model.features))
    for f in model.features:
        out += _FEATURE.pack(*f)
    off_labels = _align(out)
    out += _cqdb(model.labels)
    off_attrs = _align(out)
    out += _cqdb(model.attributes)
    label_refs = [[] for _ in model.labels]
    attr_refs = [[] for _ in model.attributes]
    for fid, (kind, src, _, _) in enumerate(model.features):
        (attr_refs if kind == _STATE else label_refs)[src].append(fid)
    off_label_refs = _align(out)
    _refs(out, b"LFRF", label_refs)
    off_attr_refs = _align(out)
    _refs(out, b"AFRF", attr_refs)
    _HEADER.pack_into(out, 0, b"lCRF", len(out), b"FOMC", 100, len(model.features), len(model.labels),
                      len(model.attributes), off_features, off_labels, off_attrs, off_label_refs, off_attr_refs)
    Path(path).write_bytes(bytes(out))


def prune(src: str | Path, dst: str | Path | None = None) -> tuple[int, int]:
    """Rewrite the model at `src` (to `dst`, else in place) without its unused attributes;
    returns (attributes before, attributes after)."""
    model = read_model(src)
    small = pruned(model)
    write_model(small, dst or src)
    return len(model.attributes), len(small.attributes)


def _align(out: bytearray) -> int:
    """Pad to a 4-byte boundary (as CRFsuite does between chunks); the offset reached."""
    out += b"\0" * (-len(out) % 4)
    return len(out)


def _refs(out: bytearray, chunk: bytes, refs: list[list[int]]) -> None:
    """A chunk of feature lists, one per label or attribute, after a table of their file offsets."""
    start = len(out)
    table = start + _CHUNK.size
    out += b"\0" * (_CHUNK.size + 4 * len(refs))
    offsets = []
    for fids in refs:
        offsets.append(len(out))
        out += struct.pack(f"<I{len(fids)}I", len(fids), *fids)
    struct.pack_into(f"<{len(refs)}I", out, table, *offsets)
    _CHUNK.pack_into(out, start, chunk, len(out) - start, len(refs))


def _cqdb(keys: list[str]) -> bytes:
    """A CQDB chunk for `keys` (the id of a key is its index): records, 256 open-addressing hash
    tables of twice as many buckets as keys, and the id -> record array."""
    body = bytearray(_CQDB.size + 8 * _TABLES)
    buckets: list[list[tuple[int, int]]] = [[] for _ in range(_TABLES)]
    records = []
    for i, key in enumerate(keys):
        raw = key.encode("utf-8") + b"\0"
        h = hashlittle(raw)
        buckets[h % _TABLES].append((h, len(body)))
        records.append(len(body))
        body += struct.pack("<II", i, len(raw)) + raw
    refs = []
    for table in buckets:
        if not table:
            refs.append((0, 0))
            continue
        n = 2 * len(table)
        slots = [(0, 0)] * n
        for h, rec in table:
            k = (h >> 8) % n
            while slots[k][1]:
                k = (k + 1) % n
            slots[k] = (h, rec)
        refs.append((len(body), n))
        for slot in slots:
            body += struct.pack("<II", *slot)
    bwd = len(body)
    body += struct.pack(f"<{len(records)}I", *records)
    _CQDB.pack_into(body, 0, b"CQDB", len(body), 0, _BYTEORDER, len(keys), bwd)
    for t, ref in enumerate(refs):
        struct.pack_into("<II", body, _CQDB.size + 8 * t, *ref)
    return bytes(body)


def _rot(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M32


def hashlittle(key: bytes, initval: int = 0) -> int:
    """Bob Jenkins' lookup3 `hashlittle` as underthesea_core computes it for CQDB files: a key whose
    length is a multiple of 12 has its last block mixed like the others, with no final round (C's
    lookup3 gives those keys other hashes). With it a rewritten file is byte for byte what
    underthesea_core itself writes (its tagger reads the attributes by id, so it would tag the same
    either way; a reader that looks keys up by hash would not)."""
    n = len(key)
    a = b = c = (0xDEADBEEF + n + initval) & _M32
    i = 0
    while n - i >= 12:
        a = (a + int.from_bytes(key[i:i + 4], "little")) & _M32
        b = (b + int.from_bytes(key[i + 4:i + 8], "little")) & _M32
        c = (c + int.from_bytes(key[i + 8:i + 12], "little")) & _M32
        a = (a - c) & _M32; a ^= _rot(c, 4); c = (c + b) & _M32     # noqa: E702  (lookup3's mix, line by line)
        b = (b - a) & _M32; b ^= _rot(a, 6); a = (a + c) & _M32     # noqa: E702
        c = (c - b) & _M32; c ^= _rot(b, 8); b = (b + a) & _M32     # noqa: E702
        a = (a - c) & _M32; a ^= _rot(c, 16); c = (c + b) & _M32    # noqa: E702
        b = (b - a) & _M32; b ^= _rot(a, 19); a = (a + c) & _M32    # noqa: E702
        c = (c - b) & _M32; c ^= _rot(b, 4); b = (b + a) & _M32     # noqa: E702
        i += 12
    tail = key[i:]
    if not tail:
        return c
    tail = tail + b"\0" * (12 - len(tail))
    a = (a + int.from_bytes(tail[0:4], "little")) & _M32
    b = (b + int.from_bytes(tail[4:8], "little")) & _M32
    c = (c + int.from_bytes(tail[8:12], "little")) & _M32
    c ^= b; c = (c - _rot(b, 14)) & _M32     # noqa: E702  (lookup3's final)
    a ^= c; a = (a - _rot(c, 11)) & _M32     # noqa: E702
    b ^= a; b = (b - _rot(a, 25)) & _M32     # noqa: E702
    c ^= b; c = (c - _rot(b, 16)) & _M32     # noqa: E702
    a ^= c; a = (a - _rot(c, 4)) & _M32      # noqa: E702
    b ^= a; b = (b - _rot(a, 14)) & _M32     # noqa: E702
    c ^= b; c = (c - _rot(b, 24)) & _M32     # noqa: E702
    return c
