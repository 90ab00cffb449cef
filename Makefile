# dudao: `make site` builds the demo district; `make test` runs every test.
# Needs only Python 3.11+; everything else is installed into .venv by these rules.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
            command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
# Browser tests drive Debian's chromium, never a browser downloaded by Playwright.
CHROMIUM := /usr/bin/chromium
NGINX    := /usr/sbin/nginx
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup site serve check test browsers bench audit clean

$(STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "dudao needs Python 3.11 or newer (python3.11, python3.12 …) on PATH"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

site: $(STAMP)
	$(BIN)/dudao build .
	@echo "网站：$(CURDIR)/site/index.html  ·  预览：make serve（http://127.0.0.1:$(PORT)/）"
	@echo "dudao 命令：$(BIN)/dudao（或先运行 source $(BIN)/activate，之后直接用 dudao）；操作指南：docs/guide-office.md"

serve: $(STAMP)
	$(BIN)/dudao serve . --port $(PORT)

check: $(STAMP)
	$(BIN)/dudao check .

$(CHROMIUM):
	@command -v apt-get >/dev/null 2>&1 || { echo "browser tests need Debian's chromium at $(CHROMIUM)"; exit 2; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk

# The tests serve the built site with Debian's nginx, as a host would (docs/hosting.md).
$(NGINX):
	@command -v apt-get >/dev/null 2>&1 || { echo "the hosting test needs Debian's nginx at $(NGINX)"; exit 2; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nginx

browsers: $(CHROMIUM) $(NGINX)

# Tests run in a process more than the cores (tests/conftest.py; at most four); the demo and the
# other projects the tests share are built once for all of them. A worker that runs out of tests
# takes some of another's (worksteal): the long ones no longer finish alone.
test: $(STAMP) browsers
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist worksteal

bench: $(STAMP)
	$(BIN)/python bench/benchmark.py

# The accessibility statement's figures: axe-core on every kind of page (generator/views/accessibility.json).
audit: $(STAMP) browsers
	$(BIN)/python bench/audit.py

clean:
	rm -rf site .pytest_cache
