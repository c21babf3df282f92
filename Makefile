# Two commands do all the set-up on a fresh machine:
#   make demo   - create .venv, install, serve the replica and crawl it into ./mirror.db
#   make test   - create .venv, install with dev tools, run ruff, mypy and the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -n 2

.PHONY: demo test lint check benchmark clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cjk-names]'
	touch $(STAMP)

# pywb, the reference replay tool the archive tests replay our WARCs with, lives in a
# venv of its own: it pins redis 2.10, which scrapy-redis (distributed crawls) cannot use.
PYWB_VENV ?= .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed-stamp

$(PYWB_STAMP):
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/python -m pip install --quiet 'pywb>=2.10,<3'
	touch $(PYWB_STAMP)

demo: $(STAMP)
	$(BIN)/mirror demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(PYWB_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: $(STAMP)
	$(BIN)/python benchmarks/crawl_benchmark.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
