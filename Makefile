# Headache Options. Two commands do everything on a fresh machine:
#   make site   creates .venv, installs pinned dependencies, validates the data, builds site/ and its PDFs
#   make test   runs the whole test suite (unit, PDF, browser, accessibility, HTML and link checks)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test install validate serve review lock clean help system-check messages

help:
	@echo "make site    - install, validate the data, build the site and PDFs into site/"
	@echo "make test    - install and run every test"
	@echo "make serve   - preview on http://127.0.0.1:8000 with reload on edits"
	@echo "make review  - list entries whose review is due"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Checkers used by the tests (Nu HTML checker, axe-core, YAML language server); no install scripts run.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP)

site: $(STAMP)
	$(BIN)/kb validate --strict
	$(BIN)/kb build

# The tests drive a real browser and read PDFs back: install the Debian packages that are missing
# (as root or with passwordless sudo), or say which, and how to get them.
system-check:
	@bash scripts/system-packages.sh

test: system-check $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/kb validate

review: $(STAMP)
	$(BIN)/kb review --within 60

serve: $(STAMP)
	$(BIN)/kb serve

# Interface text of the PDFs (gettext domain "print", see locale/print.babel.cfg): extract it into locale/print.pot
# and merge it into each language's catalogue, locale/<language>/LC_MESSAGES/print.po, for translators to fill in.
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F locale/site.babel.cfg -o locale/site.pot --no-location --sort-output \
	  --omit-header --no-wrap .
	$(BIN)/pybabel -q update -D site -i locale/site.pot -d locale --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(BIN)/pybabel -q extract -F locale/print.babel.cfg -o locale/print.pot --no-location --sort-output \
	  --omit-header --no-wrap --add-comments=Translators: .
	$(BIN)/pybabel -q update -D print -i locale/print.pot -d locale --no-fuzzy-matching --ignore-obsolete --no-wrap

# Re-pin after changing pyproject.toml ranges: installs the newest allowed versions, then freezes them.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade -e '.[test]'
	( echo "# Exact versions for make site / make test / CI. Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' ) > requirements.lock

clean:
	rm -rf site .site-build-* .site-old-*
