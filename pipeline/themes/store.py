"""Saving and loading a theme model directory.

A model directory holds::

    model.skops     the fitted weights (skops format; arrays, strings and numbers only)
    themes.yaml     the taxonomy it was trained for
    MODEL_CARD.md   training data, date, per-theme scores and thresholds (for people)
    card.json       the same facts for programs

Loading never unpickles: skops is asked which types the file would build and
the load is refused unless every one is in a short list of plain types.
"""
from __future__ import annotations

import json
from pathlib import Path

from skops.io import dump, get_untrusted_types, load

from .model import ThemeModel
from .taxonomy import Taxonomy, load_taxonomy

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "themes"
MODEL_FILE = "model.skops"
# What a theme model file may contain beyond builtins: numpy arrays and scalars.
TRUSTED_TYPES = {"numpy.ndarray", "numpy.dtype", "numpy.float32", "numpy.float64", "numpy.int64",
                 "builtins.tuple"}


class ModelError(ValueError):
    """A theme model directory that cannot be used."""


def save_model(model: ThemeModel, out_dir: str | Path, taxonomy: Taxonomy, card: dict, card_md: str) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dump(model.to_state(), out / MODEL_FILE)
    target = out / "themes.yaml"
    source = Path(taxonomy.source)
    if source.is_file():  # keep the user's file as written, comments included
        if source.resolve() != target.resolve():
            target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        import yaml

        target.write_text(yaml.safe_dump(taxonomy.to_dict(), allow_unicode=True, sort_keys=False, width=100),
                          encoding="utf-8")
    (out / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(card_md, encoding="utf-8")
    return out


def load_model(model_dir: str | Path | None = None) -> tuple[ThemeModel, Taxonomy]:
    model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
    path = model_dir / MODEL_FILE
    if not path.exists():
        raise ModelError(f"no theme model at {path} (train one with `vnmonitor train-themes`)")
    untrusted = set(get_untrusted_types(file=path)) - TRUSTED_TYPES
    if untrusted:
        raise ModelError(f"{path}: refusing to load types {sorted(untrusted)}")
    try:
        state = load(path, trusted=sorted(TRUSTED_TYPES))
        model = ThemeModel.from_state(state)
    except Exception as exc:
        raise ModelError(f"{path}: not a usable theme model ({exc})") from None
    taxonomy = load_taxonomy(model_dir / "themes.yaml")
    if taxonomy.ids != model.theme_ids:
        raise ModelError(f"{model_dir}: model themes {model.theme_ids} differ from its themes.yaml {taxonomy.ids}")
    return model, taxonomy
