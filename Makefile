# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: run test install fonts browser lint messages clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) fonts

# The PDFs (minutes, notices, reports) are set in Liberation Sans; Debian's fonts-liberation
# when it is missing (root on these machines; elsewhere say so and go on with a fallback font).
fonts:
	@[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || { \
	  echo "Installing Debian's fonts-liberation for the PDFs"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-liberation >/dev/null; } \
	  || echo "fonts-liberation could not be installed: the PDFs use a fallback font"; }

## make run: install, prepare the SQLite database with the demo data, serve on HOST:PORT
## with the worker that runs deferred work (e-mails, notices) beside it
run: install
	$(BIN)/radhus migrate --noinput
	$(BIN)/radhus load_demo
	$(BIN)/radhus worker --verbosity 0 & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/radhus runserver $(HOST):$(PORT)

## make test: install everything the tests need (Chromium included) and run the whole suite,
## on every core (pytest-xdist: each worker has its own test database and its own Chromium;
## PYTEST_WORKERS=0 runs it in one process). Work-stealing, not xdist's grouping by module:
## schemathesis gives every operation of a test the same node id, and the grouping schedulers
## keep one test per node id (they ran 72 of tests/api's 298).
PYTEST_WORKERS ?= auto
test: install browser
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

# Debian's Chromium drives the end-to-end tests (Playwright never downloads a browser of its
# own); axe-core comes from npm.
browser: node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# axe-core, exactly as package-lock.json pins it; installed again when the lock file changes.
node_modules/axe-core/axe.min.js: package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

## make screenshots: pictures of the public pages for the README, from a server already
## running on HOST:PORT (`make run` in another terminal)
screenshots: install browser
	@[ -f /usr/lib/chromium/locales/sv.pak ] || { \
	  echo "Installing Debian's chromium-l10n (Swedish date fields in the pictures)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-l10n >/dev/null; }
	$(BIN)/python scripts/screenshots.py http://$(HOST):$(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

clean:
	rm -rf $(VENV) node_modules var
