"""Where the pipeline's data files are, wherever the package runs from.

The repository keeps trained models in `models/` and the name lexicons in
`corpora/lexicons/`, at its top, beside their cards and training data. A wheel
carries both inside the package, as `pipeline/data/models/` and
`pipeline/data/lexicons/` (pyproject.toml maps those folders into the wheel),
so an installed copy needs no checkout. This module is the one place that
knows both places: every other module asks it, and no module builds a path
from its own `__file__`.

Lookup order for each folder: the copy inside the package (an installed
wheel), then the checkout's own folder (a checkout or an editable install,
where `pipeline/` sits at the top of the repository).
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE / "data"
# name inside the package (wheel) -> path from the top of the repository (checkout)
_FOLDERS = {"models": "models", "lexicons": "corpora/lexicons"}


class ResourceError(FileNotFoundError):
    """A data file of the package that is nowhere to be found."""


def checkout_root() -> Path | None:
    """The repository this package runs from, or None for an installed wheel."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "models").is_dir() else None


def missing_file(path: Path) -> str:
    """Why `path` cannot be read when it does not exist: from an installed package, the project's
    corpora/ (annotations, officials sets, the frozen samples) are not there, only in a checkout."""
    if checkout_root() is None:
        return (f"{path}: no such file; the project's corpora/ (annotations, officials sets, frozen samples) "
                f"ship with the repository, not with the installed package: run this from a checkout")
    return f"{path}: no such file"


def data_dir(name: str) -> Path:
    """The folder `name` ("models" or "lexicons"), packaged or in the checkout."""
    try:
        relative = _FOLDERS[name]
    except KeyError:
        raise ValueError(f"unknown data folder {name!r} (known: {', '.join(_FOLDERS)})") from None
    packaged = PACKAGE_DATA / name
    if packaged.is_dir():
        return packaged
    root = checkout_root()
    if root is not None and (root / relative).is_dir():
        return root / relative
    raise ResourceError(f"{name}: neither {packaged} nor a checkout's {relative}/ exists "
                        f"(a wheel built without its package data?)")


def models_dir() -> Path:
    """`models/`: the NER CRFs and the theme model with its taxonomy."""
    return data_dir("models")


def lexicon_dir() -> Path:
    """`corpora/lexicons/`: titles, agency heads, places, family names and the rest."""
    return data_dir("lexicons")


def theme_model_dir() -> Path:
    """The shipped theme model folder (model.npz, themes.yaml, card.json)."""
    return models_dir() / "themes"


def taxonomy_file() -> Path:
    """The shipped taxonomy, `models/themes/themes.yaml`."""
    return theme_model_dir() / "themes.yaml"


def ner_model_file(stacked: bool = False) -> Path:
    """The shipped names CRF: stacked on the rules' tags, or plain."""
    return models_dir() / "ner" / ("names-crf-stacked.crfsuite" if stacked else "names-crf.crfsuite")


def ner_clusters_file() -> Path:
    """The names CRF's distributional syllable clusters (`models/ner/clusters.tsv`, plain TSV)."""
    return models_dir() / "ner" / "clusters.tsv"


def config_file() -> Path:
    """The shipped pipeline config."""
    return PACKAGE_DATA / "config.cfg"


def package_file(*parts: str) -> Path:
    """A file shipped inside the package (schema, templates, CSS/JS)."""
    return PACKAGE.joinpath(*parts)


def repo_root() -> Path:
    """The checkout (for its corpora/ and scripts), else the working directory."""
    return checkout_root() or Path.cwd()


def shared_dir() -> Path:
    """The team's reference data (gold, corpora; never shipped): $VNMONITOR_SHARED,
    else ../shared beside the checkout. The one place that reads the variable."""
    import os

    return Path(os.environ.get("VNMONITOR_SHARED") or repo_root().parent / "shared")
