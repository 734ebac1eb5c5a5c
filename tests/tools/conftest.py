"""Tool tests use `make_ctx` and `registry` from tests/conftest.py; the order tools' tests share these."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from assistant.db import models as m
from tests.support import NOW, MakeContext
from tests.tools.order_helpers import Shop, build_shop
from tools.base import ToolContext

__all__ = ["NOW", "MakeContext"]


@pytest.fixture
def shop(db_session: Session) -> Shop:
    """A small shop: a customer with card, PayPal and gift card, shirts in four sizes, a mug, one warehouse."""
    return build_shop(db_session)


@pytest.fixture
def ctx(make_ctx: MakeContext) -> ToolContext:
    """A staff member's context: staff handle order changes."""
    return make_ctx(m.Role.STAFF)
