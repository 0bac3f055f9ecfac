# Two commands for everyone: `make site` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PDF_LIBRARIES := $(VENV)/.pdf-libraries

.PHONY: site test check serve clean

# `decide build` checks the content first and leaves site/ alone on any error.
site: $(VENV)/.installed $(PDF_LIBRARIES)
	$(BIN)/decide build

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
CHROMIUM := /usr/bin/chromium

test: $(VENV)/.installed-test $(PDF_LIBRARIES) $(CHROMIUM) node_modules
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy generator
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/decide check

# WeasyPrint writes the worksheets' PDFs with the system's Pango. The fonts cover Latin, Greek and Cyrillic (DejaVu)
# and Chinese, Japanese and Korean (Noto CJK), so a prospect's name prints in any script.
$(PDF_LIBRARIES): $(VENV)/.installed
	@$(BIN)/python -c "import weasyprint" 2>/dev/null && fc-list :lang=el | grep -q . && fc-list :lang=zh | grep -q . || { \
		echo "Installing Pango and fonts for the PDF worksheets"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk; }
	touch $@

# A fresh Debian has python3 without venv/ensurepip: install it when root can.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { \
		echo "python3 -m venv failed; installing Debian's python3-venv"; \
		apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Lighthouse (tests/test_lighthouse.py, bench/lighthouse.py) is npm's, pinned by package-lock.json. It drives Debian's
# chromium: no install script runs and nothing downloads a browser.
node_modules: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

serve: $(VENV)/.installed
	$(BIN)/decide serve

clean:
	rm -rf $(VENV) site build .pytest_cache node_modules
