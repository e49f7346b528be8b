"""Saving and loading a theme model directory.

A model directory holds::

    model.npz       the fitted weights: numeric arrays, the vocabulary as a
                    string array and the rest as one JSON string
    themes.yaml     the taxonomy it was trained for
    MODEL_CARD.md   training data, date, per-theme scores and thresholds (for people)
    card.json       the same facts for programs

Loading never unpickles: numpy reads the file with ``allow_pickle=False``,
so a file holding anything but plain arrays is refused.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from ..resources import theme_model_dir
from .model import ThemeModel
from .taxonomy import Taxonomy, load_taxonomy

DEFAULT_MODEL_DIR = theme_model_dir()
MODEL_FILE = "model.npz"
LEGACY_MODEL_FILE = "model.skops"   # vnmonitor 0.1
_JSON_FIELDS = ("format", "theme_ids", "params", "cues")


class ModelError(ValueError):
    """A theme model directory that cannot be used."""


def write_state(state: dict, path: Path) -> None:
    arrays = {k: np.asarray(v) for k, v in state.items() if k not in _JSON_FIELDS and k != "terms"}
    meta = json.dumps({k: state[k] for k in _JSON_FIELDS}, ensure_ascii=False)
    tmp = path.with_name(f".{path.name}.tmp.npz")
    np.savez_compressed(tmp, meta=np.array(meta), terms=np.array(state["terms"], dtype=str), **arrays)
    tmp.replace(path)


def read_state(path: Path) -> dict:
    """The state `ThemeModel.to_state` wrote; ValueError for anything else."""
    with np.load(path, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}   # an object array raises here
    if not {"meta", "terms"} <= set(arrays):
        raise ValueError("not a theme model file (no meta or terms)")
    meta = json.loads(str(arrays.pop("meta")))
    if not isinstance(meta, dict) or set(meta) != set(_JSON_FIELDS):
        raise ValueError("theme model metadata has unexpected fields")
    state = {**meta, **arrays}
    state["terms"] = arrays["terms"].tolist()
    return state


def holds_a_model(folder: str | Path) -> bool:
    """Whether `folder` holds a theme model (this version's or 0.1's)."""
    return (Path(folder) / MODEL_FILE).is_file() or (Path(folder) / LEGACY_MODEL_FILE).is_file()


def save_model(model: ThemeModel, out_dir: str | Path, taxonomy: Taxonomy, card: dict, card_md: str) -> Path:
    """Write the model's four files; each is written aside first, then all are renamed into place, so a
    run stopped while writing leaves the folder's earlier model whole (the renames take milliseconds)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = Path(taxonomy.source)
    if source.is_file():  # keep the user's file as written, comments included
        taxonomy_text = source.read_text(encoding="utf-8")
    else:
        import yaml

        taxonomy_text = yaml.safe_dump(taxonomy.to_dict(), allow_unicode=True, sort_keys=False, width=100)
    aside = {name: out / f".{name}.tmp" for name in (MODEL_FILE, "themes.yaml", "card.json", "MODEL_CARD.md")}
    try:
        write_state(model.to_state(), aside[MODEL_FILE])
        aside["themes.yaml"].write_text(taxonomy_text, encoding="utf-8")
        aside["card.json"].write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        aside["MODEL_CARD.md"].write_text(card_md, encoding="utf-8")
        for name, tmp in aside.items():
            os.replace(tmp, out / name)
    finally:
        for tmp in aside.values():
            tmp.unlink(missing_ok=True)
    return out


def load_model(model_dir: str | Path | None = None) -> tuple[ThemeModel, Taxonomy]:
    model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
    path = model_dir / MODEL_FILE
    if not path.exists():
        if (model_dir / LEGACY_MODEL_FILE).exists():
            raise ModelError(f"{model_dir / LEGACY_MODEL_FILE} was written by vnmonitor 0.1; "
                             f"retrain it with `vnmonitor train-themes` to get {MODEL_FILE}")
        raise ModelError(f"no theme model at {path} (train one with `vnmonitor train-themes`)")
    try:
        model = ThemeModel.from_state(read_state(path))
    except Exception as exc:
        # numpy's word for a file it cannot read as arrays is "pickled data ... load it unsafely": never
        reason = str(exc)
        if "pickle" in reason:
            with open(path, "rb") as fh:
                zipped = fh.read(2) == b"PK"
            reason = ("it holds object arrays, which only unpickling would read (never done)" if zipped
                      else "not an archive of the model's arrays")
        raise ModelError(f"{path}: not a usable theme model ({reason}; write one with `vnmonitor "
                         f"train-themes`)") from None
    taxonomy = load_taxonomy(model_dir / "themes.yaml")
    if taxonomy.ids != model.theme_ids:
        raise ModelError(f"{model_dir}: model themes {model.theme_ids} differ from its themes.yaml {taxonomy.ids}")
    return model, taxonomy


def model_digest(model_dir: str | Path) -> str:
    """16 hex digits over what a model folder's predictions depend on (its weights and taxonomy): a
    batch job records it, so that a resume with another theme model is refused."""
    import hashlib

    digest = hashlib.sha256()
    for name in (MODEL_FILE, "themes.yaml"):
        path = Path(model_dir) / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()[:16]
