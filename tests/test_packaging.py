"""The package finds its data wherever it is installed, and the wheel carries it.

The wheel itself is built and run outside the repository by `.ci/check-wheel`
(under CI); these tests check the pieces that make it work."""
from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from pipeline import resources

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_the_source_tree_is_in_the_wheel():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"


def test_the_wheel_maps_models_and_lexicons_into_the_package():
    mapping = _pyproject()["tool"]["setuptools"]["package-dir"]
    assert mapping == {"pipeline.data.models": "models", "pipeline.data.lexicons": "corpora/lexicons"}


def test_resources_prefer_the_packaged_copy(tmp_path, monkeypatch):
    (tmp_path / "data" / "models" / "ner").mkdir(parents=True)
    (tmp_path / "data" / "lexicons").mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE_DATA", tmp_path / "data")
    assert resources.models_dir() == tmp_path / "data" / "models"
    assert resources.lexicon_dir() == tmp_path / "data" / "lexicons"


def test_resources_fall_back_on_the_checkout():
    assert resources.lexicon_dir() == ROOT / "corpora" / "lexicons"
    assert resources.ner_model_file(stacked=True).is_file()
    assert resources.taxonomy_file().is_file()


def test_a_wheel_without_its_data_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "PACKAGE_DATA", tmp_path / "data")
    monkeypatch.setattr(resources, "checkout_root", lambda: None)
    with pytest.raises(resources.ResourceError, match="package data"):
        resources.models_dir()


def test_no_module_builds_a_data_path_from_its_own_file():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "pipeline").rglob("*.py")
                 if p.name != "resources.py" and "parents[" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_factories_are_registered_through_entry_points():
    eps = metadata.entry_points()
    factories = {ep.name for ep in eps.select(group="spacy_factories") if ep.value.startswith("pipeline.")}
    assert factories == {"admin", "numbers", "names", "officials", "admin_outline", "passages", "themes"}
    for ep in eps.select(group="spacy_factories"):
        if ep.value.startswith("pipeline."):
            assert callable(ep.load())
    tokenizers = {ep.name for ep in eps.select(group="spacy_tokenizers")}
    assert "vnmonitor.UndertheseaTokenizer.v1" in tokenizers
