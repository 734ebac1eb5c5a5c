"""The scale-out layout for the smoke suite, started once per test run.

It makes its own PostgreSQL database, so it runs in the first (SQLite) pass of `make test` only: its tests ask
for no `database_url`, which is what the PostgreSQL pass (DATABASE_TESTS_ONLY) selects. Without PostgreSQL it is
skipped, unless REQUIRE_POSTGRES=1 or CI is set, where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from assistant.settings import PROJECT_ROOT
from tests import pg_available
from tests.scaleout.layout import ATTACHED, DEFAULT_POSTGRES_URL, Layout, scale_out_layout


def postgres_server_url() -> str:
    """SCALEOUT_POSTGRES_URL, else TEST_DATABASE_URL when it is PostgreSQL, else the loopback server."""
    configured = os.environ.get("SCALEOUT_POSTGRES_URL")
    if configured:
        return configured
    test_url = os.environ.get("TEST_DATABASE_URL")
    if test_url and make_url(test_url).get_backend_name() == "postgresql":
        return test_url
    return DEFAULT_POSTGRES_URL


@pytest.fixture(scope="session")
def scale_out(request: pytest.FixtureRequest) -> Iterator[Layout]:
    attached = request.config.stash.get(ATTACHED, None)
    if attached is not None:  # `python -m tests.scaleout --smoke` started it already
        yield attached
        return
    server = postgres_server_url()
    if pg_available.main(server) != 0:
        shown = make_url(server).render_as_string(hide_password=True)
        if os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("CI"):
            pytest.fail(f"the scale-out suite needs PostgreSQL at {shown} (REQUIRE_POSTGRES/CI is set)")
        pytest.skip(f"the scale-out suite needs PostgreSQL at {shown} (scripts/ensure-postgres starts one)")
    artifacts = Path(os.environ.get("TEST_ARTIFACTS_DIR", PROJECT_ROOT / "test-artifacts"))
    with scale_out_layout(postgres_url=server, logs=artifacts / "scale-out") as layout:
        yield layout
