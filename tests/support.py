"""Shared test constants and types (fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from tools.base import ToolContext

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

MakeContext = Callable[..., ToolContext]
