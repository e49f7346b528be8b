import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
# read as pipeline.resources.shared_dir reads it: an empty variable is no folder
SHARED = Path(os.environ.get("VNMONITOR_SHARED") or ROOT.parent / "shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared when present; tests that need it are skipped cleanly otherwise."""
    if not (SHARED / "corpora").is_dir():
        pytest.skip(f"reference data not found at {SHARED} (set VNMONITOR_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    import pipeline

    return pipeline.default_nlp()
