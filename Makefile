# Two entry points: `make demo` (install + analyse the bundled sample into SQLite) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint bench clean

demo: $(VENV)/.installed
	$(VENV)/bin/eventwire demo --db eventwire-demo.db

test: $(VENV)/.installed-test
	$(PY) -m ruff check src tests bench
	$(PY) -m pytest

lint: $(VENV)/.installed-test
	$(PY) -m ruff check src tests bench

bench: $(VENV)/.installed
	$(PY) bench/throughput.py --articles 400 --rounds 3 --workers 2

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "eventwire needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) eventwire-demo.db build src/*.egg-info
