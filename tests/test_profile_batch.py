"""scripts/profile_batch.py charges each CPU sample to the right stage."""
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import profile_batch  # noqa: E402

RUN = "[run];<module> (scripts/profile_batch.py:1);run (pipeline/batch/__init__.py:99)"
CHUNK = RUN + ";_run_inline (pipeline/batch/engines.py:41);process_chunk (pipeline/batch/chunks.py:170)"
TOKENIZER = (CHUNK + ";_analyse (pipeline/batch/chunks.py:109);Language.make_doc (spacy/language.py:1124)"
             ";UndertheseaTokenizer.__call__ (pipeline/text/tokenizer.py:180)")
IMPORT = ";_find_and_load (<frozen importlib._bootstrap>:1176);<module> (pandas/__init__.py:46)"


def test_samples_go_to_the_innermost_stage():
    stage = profile_batch.stage_of
    assert stage(TOKENIZER + ";segment_text (pipeline/text/tokenizer.py:111)"
                 ";WordSegmenter.tag (pipeline/text/wordseg.py:250)") == "tokenizer: CRF word segmentation"
    assert stage(TOKENIZER + ";segment_text (pipeline/text/tokenizer.py:111)"
                 ";_syllables (pipeline/text/tokenizer.py:83)") == "tokenizer: syllable regex"
    assert stage(TOKENIZER) == "tokenizer: words to Doc"
    names = CHUNK + ";NamesComponent.__call__ (pipeline/entities/names_component.py:60)"
    # the entity component reads the normalised text: still the component's time
    assert stage(names + ";normalize (pipeline/text/normalize.py:133)") == "component names"
    assert stage(CHUNK + ";to_arrow (pipeline/io/tables.py:319)" + IMPORT) == \
        "imports on first use, in chunk: Arrow tables"
    assert stage("[imports];<module> (scripts/profile_batch.py:1)" + IMPORT) == "imports before the run"
    assert stage(RUN + ";finalize (pipeline/batch/merge.py:46);enrich (pipeline/batch/coverage.py:120)") == \
        "finalize: coverage step"


def test_shares_add_up_to_one():
    counts = Counter({TOKENIZER: 3, CHUNK + ";write_table (pipeline/io/parquet.py:28)": 1})
    got = dict(profile_batch.shares(counts))
    assert got == {"tokenizer: words to Doc": 0.75, "chunk: write Parquet parts": 0.25}
