# Quick start: `make demo` (set up and show leerlog on sample data), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR := .demo
DEMO := LEERLOG_DB=$(DEMO_DIR)/leerlog.db LEERLOG_CONFIG=$(DEMO_DIR)/config.toml LEERLOG_PERSON=fatima LEERLOG_TODAY=2026-11-27

LOCALE := src/leerlog/locale
POT := $(LOCALE)/leerlog.pot

.PHONY: demo test lint format bench clean translations catalogues

$(BIN)/leerlog: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Compile the .po catalogues (also done by the build hook when leerlog is installed).
catalogues: $(BIN)/leerlog
	$(BIN)/pybabel compile -d $(LOCALE) -D leerlog

# After changing messages in the code: extract them, merge into the .po files, compile.
translations: $(BIN)/leerlog
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -c TRANSLATORS: --no-location --sort-output \
		--project leerlog --copyright-holder "leerlog authors" -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d $(LOCALE) -D leerlog --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D leerlog

demo: $(BIN)/leerlog catalogues
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(DEMO) PATH="$(CURDIR)/$(BIN):$$PATH" sh examples/sample-log.sh
	@printf "\n%s\n" "$$ leerlog list --limit 5"
	@$(DEMO) $(BIN)/leerlog list --limit 5
	@printf "\n%s\n" "$$ leerlog report"
	@$(DEMO) $(BIN)/leerlog report
	@printf "\n%s\n" "$$ leerlog report --all --period this-quarter --monthly"
	@$(DEMO) $(BIN)/leerlog report --all --period this-quarter --monthly
	@printf "\n%s\n" "$$ LEERLOG_LANG=nl leerlog report"
	@$(DEMO) LEERLOG_LANG=nl $(BIN)/leerlog report
	@printf "\n%s\n" "$$ leerlog register status"
	@$(DEMO) $(BIN)/leerlog register status
	@printf "\n%s\n" "$$ leerlog export balance --period last-month"
	@$(DEMO) $(BIN)/leerlog export balance --period last-month
	@printf "\n%s\n" "The demo log is $(DEMO_DIR)/leerlog.db; try: $(DEMO) $(BIN)/leerlog list"

test: $(BIN)/leerlog catalogues
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto

bench: $(BIN)/leerlog
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

format: $(BIN)/leerlog
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .ruff_cache .hypothesis
