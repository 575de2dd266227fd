# The two set-up commands of the README:
#   make demo   - install, then run the whole pipeline on the bundled demo sector and open the portal
#   make test   - install, then lint, type-check and run the whole test suite (what CI runs)
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint typecheck pytest model clean

$(BIN)/kb: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(BIN)/kb

install: $(BIN)/kb

model: install
	$(BIN)/kb train --quiet

demo: install model
	$(BIN)/kb demo $(DEMO_ARGS)

lint: install
	$(BIN)/ruff check kb crawler analysis portal tests bench

typecheck: install
	$(BIN)/mypy kb crawler analysis portal

pytest: install model
	$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

test: lint typecheck pytest

clean:
	rm -rf $(VENV) data/store
