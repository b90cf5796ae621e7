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

.PHONY: install run test test-server schema schema-check demo bench lint admin

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) bootstrap_admin
	@echo "Support desk on http://127.0.0.1:$(PORT)/graphql (GraphiQL in the browser)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install schema-check test-server

test-server: install
	$(PY) -m pytest

schema: install
	$(MANAGE) graphql_schema schema.graphql

schema-check: install
	$(MANAGE) graphql_schema schema.graphql --check

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --count $(COUNT)
	$(MANAGE) seed_demo_users

# An admin named $(ADMIN) (password from DESK_USER_PASSWORD, else asked for).
admin: install
	$(MANAGE) migrate --noinput
	$(MANAGE) create_user $(ADMIN) --role admin

bench: install
	bash scripts/bench.sh

lint: install
	$(VENV)/bin/ruff check server
