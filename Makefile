# Two commands: `make demo` (set up, ingest the sample, write the views, print results) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE := kg-store

.PHONY: install demo test bench browser virtuoso clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt -e '.[test]'
	touch $@

demo: install
	rm -rf $(STORE)
	$(BIN)/kg ingest data/articles --store $(STORE)
	$(BIN)/kg view --store $(STORE) --output exports/graph.html
	$(BIN)/kg export --store $(STORE) --format ttl --output exports/kg.ttl
	$(BIN)/kg events --store $(STORE)
	@echo
	@echo "Who sanctioned whom (kg query --saved who-sanctioned-whom):"
	$(BIN)/kg query --store $(STORE) --saved who-sanctioned-whom

test: install browser virtuoso
	$(BIN)/ruff check kg tests bench data
	$(BIN)/ruff format --check kg tests bench data
	$(BIN)/python -m pytest -q
	$(BIN)/python -m mypy

# The browser tests load the HTML views in Debian's chromium; without it they skip with a reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); } || echo "chromium could not be installed: browser tests will skip"

# The second SPARQL engine of the store tests (Debian's Virtuoso 7); without it they skip with a reason.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null); } || echo "virtuoso could not be installed: the Virtuoso tests will skip"

bench: install
	$(BIN)/python bench/ingest.py --n 500

clean:
	rm -rf $(STORE) exports/*.html exports/*.ttl .pytest_cache .mypy_cache
