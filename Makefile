PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1

.PHONY: install demo test bench clean

install: $(STAMP)

# An editable install compiles nothing: every process (each batch worker) would compile the
# package's modules again, about half a second, where PYTHONDONTWRITEBYTECODE keeps Python from
# caching them; compileall does it once.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,dask,postgres,docs,coverage]"
	$(BIN)/python -m compileall -q pipeline
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/vnmonitor analyze examples/thong-cao.txt --format text
	$(BIN)/vnmonitor batch examples/archive.jsonl --out demo-out --workers 2 --restart
	$(BIN)/vnmonitor report demo-out --out demo-out/report.html
	@echo "Dashboard written to demo-out/report.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench_batch.py --n 1000

clean:
	rm -rf $(VENV) demo-out .pytest_cache
