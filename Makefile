# KIM Desktop: `make run` (the app with demo data) and `make test` (all tests) bootstrap what they need.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR ?= .kim-data/demo

.PHONY: run test lint bench bootstrap clean translations package

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
	$(VENV)/bin/mypy kim_desktop bench
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) .kim-data build dist

translations: $(STAMP)
	$(PY) tools/translations.py extract
	$(PY) tools/translations.py compile

# One-folder PyInstaller bundle in dist/kim-desktop/ (on Linux also dist/kim-desktop-<version>-linux-<arch>.tar.gz).
# Windows: see docs/packaging.md (the same spec, then Inno Setup).
package: $(STAMP)
	@$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check -e ".[package]"
	$(PY) tools/translations.py compile
	$(PY) tools/render_icons.py
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/kim-desktop.spec
	@if [ "$$(uname -s)" = Linux ]; then $(PY) packaging/linux/make_archive.py; fi
	@du -sh dist/kim-desktop
