"""Tool tests use the `make_ctx` and `registry` fixtures of tests/conftest.py."""

from __future__ import annotations

from tests.support import NOW, MakeContext

__all__ = ["NOW", "MakeContext"]
