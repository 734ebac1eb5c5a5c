"""The product's tool set, assembled from the domain modules."""

from __future__ import annotations

from functools import lru_cache

from tools.base import Registry


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Every tool the product offers. Each domain module exports a TOOLS list."""
    from tools import (
        customers,
        documents,
        finance,
        hr,
        inventory,
        order_changes,
        orders,
        policies,
        purchasing,
        reports,
    )

    return Registry(
        [
            *orders.TOOLS,
            *order_changes.TOOLS,
            *customers.TOOLS,
            *inventory.TOOLS,
            *purchasing.TOOLS,
            *finance.TOOLS,
            *hr.TOOLS,
            *policies.TOOLS,
            *reports.TOOLS,
            *documents.TOOLS,
        ]
    )
