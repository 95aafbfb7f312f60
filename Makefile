# Quick start: `make demo` builds every region and shows which version is in force;
# `make test` runs the test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

demo: install
	$(BIN)/convenant build --all
	$(BIN)/convenant status zhz
	$(BIN)/convenant status haaglanden
	$(BIN)/convenant site

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_history.py
	$(BIN)/python bench/bench_pakket.py
	$(BIN)/python bench/bench_getekend.py
	$(BIN)/python bench/bench_parallel.py
	$(BIN)/python bench/bench_incremental.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_site.py

clean:
	rm -rf build
