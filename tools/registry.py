"""The product's tool set, assembled from the domain modules."""

from __future__ import annotations

from functools import lru_cache

from tools.base import Registry


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Every tool the product offers. Domain modules each export a TOOLS list."""
    from tools import inventory, orders

    return Registry([*orders.TOOLS, *inventory.TOOLS])
