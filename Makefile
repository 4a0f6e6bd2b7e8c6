# KIM Desktop: `make run` (the app with demo data) and `make test` (all tests) bootstrap what they need.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR ?= .kim-data/demo

.PHONY: run test lint bench bootstrap clean translations

$(STAMP): pyproject.toml tools/bootstrap.sh
	@bash tools/bootstrap.sh "$(VENV)"
	@touch $(STAMP)

bootstrap: $(STAMP)

run: $(STAMP)
	$(PY) -m kim_desktop --data-dir $(DEMO_DIR) demo-data --if-empty
	$(PY) -m kim_desktop --data-dir $(DEMO_DIR)

test: $(STAMP)
	$(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy kim_desktop
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) .kim-data build dist

translations: $(STAMP)
	$(PY) tools/translations.py extract
	$(PY) tools/translations.py compile
