# congtin: `make demo` to see the portal, `make test` to run the suite, `make lint` before a commit.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
LIVE_RTMP_PORT ?= 1935

.PHONY: demo serve test lint format migrate system-deps production-venv lock lock-upgrade bench bench-frontend bench-render bench-search bench-conference bench-faults bench-newsroom bench-followup locale clean

# The development venv, from the lock (requirements/dev.txt: the runtime dependencies and the
# test and lint extras, every package pinned and hash-checked; the venv's own pip), then the
# project itself without its dependencies, built by the locked setuptools.
$(STAMP): requirements/dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# A production venv (docs/deploy.md): requirements/production.txt only, no test or lint tools.
# `make production-venv VENV=/srv/congtin/.venv`; refuses a venv that already holds pytest.
production-venv:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if $(PY) -m pip show --quiet pytest >/dev/null 2>&1; then \
	  echo "$(VENV) holds the test extras (pytest): remove it or give another VENV=" >&2; exit 1; fi
	$(PY) -m pip install --quiet --require-hashes -r requirements/production.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .

# Recompile the locks after a change to pyproject.toml's dependencies: requirements/production.txt
# (the dependencies and the build backend, requirements/build.in) and requirements/dev.txt (those
# and the test and lint extras, production's pins as constraints, so both agree), with hashes, for
# Python 3.11 on any platform. Pins already there are kept; `make lock UPGRADE=1` (or
# `make lock-upgrade`) moves every package to the newest release pyproject.toml allows.
LOCK_FLAGS = --generate-hashes --universal --python-version 3.11 --quiet $(if $(UPGRADE),--upgrade)
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml requirements/build.in $(LOCK_FLAGS) \
	  -o requirements/production.txt
	$(VENV)/bin/uv pip compile pyproject.toml requirements/build.in --extra test --extra lint \
	  -c requirements/production.txt $(LOCK_FLAGS) -o requirements/dev.txt

lock-upgrade:
	$(MAKE) lock UPGRADE=1

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

# The demo at one address, http://$(HOST):$(PORT) (scripts/demo.sh): with nginx and its RTMP
# module, nginx there (live video under /hls/, RTMP on $(LIVE_RTMP_PORT)) in front of runserver
# on an internal port; without them runserver there and live video off. Ctrl-C stops it all.
demo: $(STAMP)
	@bash scripts/ensure-system-deps.sh live
	@HOST=$(HOST) PORT=$(PORT) LIVE_RTMP_PORT=$(LIVE_RTMP_PORT) bash scripts/demo.sh run

# The production stack on this machine (scripts/serve.sh, docs/deploy.md): nginx on
# http://127.0.0.1:8080 (page cache, static and media files, HLS) in front of gunicorn, RTMP on
# 1935; make demo's database and media unless DATABASE_URL is set. Ctrl-C stops it.
serve: $(STAMP) system-deps
	@bash scripts/serve.sh run

# Debian packages the tests drive: Chromium for browser tests, nginx with its RTMP module and
# ffmpeg for the live broadcast tests, Java and npm for the validators, pdftoppm for print PDFs.
system-deps:
	@bash scripts/ensure-system-deps.sh

# The validators the suite and bench-frontend run (package.json: the Nu HTML checker, axe-core,
# Lighthouse), reinstalled from the lock when it changes; without npm their tests skip. No
# install scripts: vnu-jar's would download a JDK where Debian's Java is the one we use.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing (apt-get install npm): the quality tests will skip." >&2; exit 0; }; \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP)

test: $(STAMP) system-deps $(NODE_STAMP)
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# The house style, checked (pyproject.toml configures ruff and mypy): ruff's lint and format,
# djhtml on the templates, shellcheck on the shell scripts (Debian's shellcheck, installed
# when missing and we run as root), mypy on the typed interfaces. .ci/run runs it first.
TEMPLATES = $(sort $(shell find congtin -path '*/templates/*' -name '*.html'))
SHELL_SCRIPTS = $(wildcard scripts/*.sh scripts/lib/*.sh) .ci/run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $(TEMPLATES)
	@bash scripts/ensure-system-deps.sh lint
	@command -v shellcheck >/dev/null 2>&1 || { echo "shellcheck is missing: apt-get install shellcheck" >&2; exit 1; }
	shellcheck $(SHELL_SCRIPTS)
	$(VENV)/bin/mypy

# What ruff and djhtml can put right themselves (ruff's safe fixes only); make lint says the rest.
format: $(STAMP)
	$(VENV)/bin/ruff check --fix --exit-zero --quiet .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $(TEMPLATES)

clean:
	rm -rf $(VENV) node_modules var artifacts static_collected

# The production stack under wrk: cached pages against a static file, render cost, queries,
# page weight, worker memory (bench/serve.py; needs nginx, its cache purge module and wrk).
bench: $(STAMP) system-deps
	$(PY) bench/serve.py

# Lighthouse 12 on the home page and an article, phone and desktop, through the production
# stack on free ports: category scores, LCP, CLS, TBT (bench/frontend.py; needs nginx, Chromium).
bench-frontend: $(STAMP) system-deps $(NODE_STAMP)
	$(PY) bench/frontend.py

# Import speed and each page type's render time in-process (bench/portal.py).
bench-render: $(STAMP)
	$(PY) bench/portal.py

# Recompile the Vietnamese admin catalogs after editing congtin/locale/src/*.po.
locale:
	bash scripts/build-locale.sh

# Search at 10k and 100k articles (bench/search.py): recall of bare 4-word title fragments on the
# first page, p50/p95 of the search page, suggestions and the raw FTS5 query, against the targets.
# The first run imports 110k articles into var/bench/ (~40 min); later runs reuse them.
bench-search: $(STAMP)
	$(PY) bench/search.py 10000 100000

# The live event under load: 56 bridge points' heartbeats and 1,000 participants' HLS through
# nginx + the development server, on loopback (needs nginx, libnginx-mod-rtmp, ffmpeg).
bench-conference: $(STAMP)
	$(PY) bench/conference_load.py --seconds 60

# The production stack through faults (bench/faults.py): 1,000 readers and 1,000 bridge point
# screens for 60 s while Redis stops, PostgreSQL restarts, workers die and a bogus-cookie flood
# runs; requests, errors and p50/p95/p99 per phase against the targets (nginx with its RTMP
# module, ffmpeg, wrk, redis-server and PostgreSQL's server binaries).
bench-faults: $(STAMP) system-deps
	$(PY) bench/faults.py

# The newsroom on the production stack (bench/newsroom.py): queries per admin page of the
# approval workflow, and the leader's last approval → readers through nginx against a direct
# publish in the same run, plus one article scheduled 15 s ahead.
bench-newsroom: $(STAMP) system-deps
	$(PY) bench/newsroom.py --scheduled

# The follow-up board (bench/followup.py): the board's and the XLSX export's query counts at 56
# units × 3 results and at a 500-unit tree × 10 tasks (equal), and the board's p50/p95 at 500
# units against its raw queries in the same run (target p95 ≤ 100 ms); a throwaway SQLite.
bench-followup: $(STAMP)
	$(PY) bench/followup.py
