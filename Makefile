# Two entry points for people: `make demo` (the main job on embedded defaults) and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
VENV_BIN := .venv/bin
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: bootstrap demo test lint typecheck test-sqlite test-postgres format scale-out

bootstrap:
	@scripts/bootstrap

demo: bootstrap
	@$(VENV_BIN)/backoffice demo

lint: bootstrap
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/ruff format --check .

typecheck: bootstrap
	$(VENV_BIN)/mypy

test-sqlite: bootstrap
	env -u TEST_DATABASE_URL $(VENV_BIN)/python -m pytest $(PYTEST_ARGS)

# Runs when PostgreSQL answers at TEST_DATABASE_URL; with REQUIRE_POSTGRES=1 (CI) a missing server is an error.
# Only the tests that reach the database run again (DATABASE_TESTS_ONLY, see tests/conftest.py).
test-postgres: bootstrap
	@if $(VENV_BIN)/python -m tests.pg_available "$(TEST_DATABASE_URL)"; then \
		DATABASE_TESTS_ONLY=1 TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV_BIN)/python -m pytest $(PYTEST_ARGS); \
	elif [ "$${REQUIRE_POSTGRES:-0}" = 1 ]; then \
		echo "PostgreSQL not reachable at $(TEST_DATABASE_URL) and REQUIRE_POSTGRES=1" >&2; exit 1; \
	else \
		echo "SKIPPED the PostgreSQL run: nothing answers at $(TEST_DATABASE_URL) (set TEST_DATABASE_URL)" >&2; \
	fi

test: lint typecheck test-sqlite test-postgres

# PostgreSQL, a Chroma server, two API workers and the Slack Socket Mode worker on loopback, then the smoke
# suite against them (docs/DEPLOY.md). `make test` runs the same suite in its SQLite pass.
scale-out: bootstrap
	@scripts/scale-out --smoke

format: bootstrap
	$(VENV_BIN)/ruff check --fix .
	$(VENV_BIN)/ruff format .
