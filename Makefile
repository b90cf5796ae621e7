# The targets README and .ci/run call.  Everything installs into the repo:
# .tools/ (uv), .venv/ (Python deps from uv.lock), web/node_modules/.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) server/manage.py
PORT ?= 8000
COUNT ?= 5000
ADMIN ?= admin

.PHONY: install run test test-server schema schema-check demo bench lint admin fuzz imports
.PHONY: stack deploy-check audit-install loadtest
.PHONY: web-install web-build web-dev web-codegen web-check web-e2e web-test web-screenshots web-bench

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

run: install web-build
	$(MANAGE) migrate --noinput
	$(MANAGE) bootstrap_admin
	@echo "Support desk on http://127.0.0.1:$(PORT)/ (API and GraphiQL on /graphql)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install schema-check lint imports test-server web-test

test-server: install audit-install
	$(PY) -m pytest

# The GraphQL-over-HTTP audits of the npm package graphql-http, pinned in its own folder;
# server/api/tests/test_http_audit.py runs them against a live server.
AUDIT_DIR := scripts/graphql-http-audit
$(AUDIT_DIR)/node_modules/.installed: $(AUDIT_DIR)/package.json $(AUDIT_DIR)/package-lock.json
	cd $(AUDIT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

audit-install: $(AUDIT_DIR)/node_modules/.installed

schema: install
	$(MANAGE) graphql_schema schema.graphql

schema-check: install
	$(MANAGE) graphql_schema schema.graphql --check

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo_users
	$(MANAGE) seed_demo --count $(COUNT) --verbosity 2

# An admin named $(ADMIN) (password from DESK_USER_PASSWORD, else asked for).
admin: install
	$(MANAGE) migrate --noinput
	$(MANAGE) create_user $(ADMIN) --role admin

# Schema fuzzing (hypothesis-graphql) for FUZZ_SECONDS more after the fixed-seed pass that
# `make test` runs; any 5xx, "Unexpected error." or unsound data afterwards fails it.
FUZZ_SECONDS ?= 600
fuzz: install
	LOG_LEVEL=WARNING FUZZ_SECONDS=$(FUZZ_SECONDS) $(PY) -m pytest -q -s server/api/tests/test_schema_fuzz.py

bench: install
	bash server/benchmarks/bench.sh

# The load test (docs/benchmarks.md, "Load test"): a stack of its own (scripts/stack.sh on free
# ports: nginx, two Uvicorn processes, PostgreSQL database desk_loadtest seeded up to
# LOADTEST_TICKETS, Redis), then Locust for LOADTEST_SECONDS with LOADTEST_CLIENTS HTTP users
# and LOADTEST_SUBSCRIBERS websocket subscribers; prints throughput, latency per operation,
# errors, event lag and the servers' memory, also into bench-results/loadtest.md; stops the
# stack.  Needs nginx, as `make stack`.  More LOADTEST_* variables:
# `cd server && ../.venv/bin/python -m benchmarks.loadtest --help`.
LOADTEST_SECONDS ?= 60
LOADTEST_CLIENTS ?= 32
LOADTEST_SUBSCRIBERS ?= 200
LOADTEST_TICKETS ?= 100000
loadtest: install
	cd server && LOADTEST_SECONDS=$(LOADTEST_SECONDS) LOADTEST_CLIENTS=$(LOADTEST_CLIENTS) \
	  LOADTEST_SUBSCRIBERS=$(LOADTEST_SUBSCRIBERS) LOADTEST_TICKETS=$(LOADTEST_TICKETS) \
	  ../$(PY) -m benchmarks.loadtest

# ruff's lint rules and its formatting (`ruff format server` fixes the latter).
lint: install
	$(VENV)/bin/ruff check server
	$(VENV)/bin/ruff format --check server

# The direction between the server's packages (pyproject.toml [tool.importlinter]), then
# the graph itself: which package imports which, product code and tests apart.
imports: install
	cd server && ../$(VENV)/bin/lint-imports --config ../pyproject.toml
	$(PY) scripts/import_graph.py

# README's tables of environment variables, generated from server/config/variables.py (a test
# fails when they differ: server/config/tests/test_settings_env.py).
.PHONY: env-docs
env-docs: install
	PYTHONPATH=server $(PY) -m config.env_docs

# The web client (web/, docs/web.md): node_modules from package-lock.json, built into web/dist,
# which the Django server serves at /.
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

web-install: web/node_modules/.installed

web-build: web-install
	cd web && npm run build

# Vite's dev server on http://127.0.0.1:5173 (hot reload), proxying /graphql (and its
# websocket), /auth and /admin to the Django server on $(PORT): start `make run` first.
web-dev: web-install
	cd web && DESK_API=http://127.0.0.1:$(PORT) npm run dev -- --host 127.0.0.1

# Regenerate web/src/gql/ after changing schema.graphql or an operation.
web-codegen: web-install
	cd web && npm run codegen

# Generated types current, tsc, eslint, unit tests.
web-check: web-install
	cd web && npm run codegen:check && npm run typecheck && npm run lint && npm test

# The browser tests: a real server on a fresh SQLite database, Debian's chromium.
web-e2e: install web-build
	cd web && npm run e2e

web-test: web-check web-e2e

# Screenshots of every screen into docs/screenshots/ (the e2e run takes them).
web-screenshots: install web-build
	cd web && SCREENSHOTS=1 npm run e2e

# Initial JS size and time to a usable ticket list (docs/web.md).
web-bench: install web-build
	cd web && npm run size && node scripts/bench-load.mjs

# Deployment (docs/deployment.md) ----------------------------------------------------------
# compose.yaml's topology without Docker: PostgreSQL and Redis (started if needed), two
# server processes on STACK_PORTS (8001 8002) and Debian's nginx with deploy/nginx.conf (as
# the web image) on http://localhost:$(PORT).  Needs nginx (apt-get install nginx-light).
stack: install web-build
	PORT=$(PORT) bash scripts/stack.sh

# Build-free checks of compose.yaml (with Debian's docker-compose), the Dockerfiles and nginx.
deploy-check:
	$(PYTHON) scripts/check_deploy.py
	bash scripts/check_compose.sh
