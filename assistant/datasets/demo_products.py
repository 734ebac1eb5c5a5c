"""Warehouses, suppliers, products and SKUs of the demo company, and each SKU's replenishment parameters."""

from __future__ import annotations

import itertools
import math
import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from assistant.datasets.demo_catalog import CENTRAL_WAREHOUSE, PRODUCTS, REGIONAL_RANGE, SUPPLIERS, WAREHOUSES
from assistant.datasets.demo_model import (
    DemoContext,
    OrderInfo,
    Row,
    StockRole,
    SupplierInfo,
    VariantInfo,
    WarehouseInfo,
    at,
    fill_pattern,
)
from assistant.db.models import Product, Supplier, Variant, Warehouse
from assistant.db.types import to_money

# How likely a regional warehouse is to carry a product of a category it stocks at all.
REGIONAL_SHARE = {"WAW": 0.85, "ZAG": 0.7, "SEL": 0.8}
_VAT_ID_FORMATS = {
    "DE": "DE#########",
    "PL": "PL##########",
    "HR": "HR###########",
    "SE": "SE##########01",
    "IT": "IT###########",
    "KR": "###-##-#####",
}
_BBAN_FORMATS = {"DE": "#" * 18, "PL": "#" * 24, "HR": "#" * 17, "SE": "#" * 20, "IT": "@" + "#" * 22}
# Share of the gross list price that a SKU costs us, by category.
_COST_SHARE = {
    "Office Furniture": (0.42, 0.55),
    "Office Supplies": (0.38, 0.55),
    "IT Accessories": (0.5, 0.66),
    "Warehouse Equipment": (0.45, 0.6),
}


def build_warehouses(ctx: DemoContext) -> dict[str, WarehouseInfo]:
    warehouses = {
        spec.code: WarehouseInfo(index, spec.code, spec.country)
        for index, spec in enumerate(WAREHOUSES, start=1)
    }
    ctx.add(
        Warehouse,
        [
            {
                "id": warehouses[spec.code].id,
                "code": spec.code,
                "name": spec.name,
                "country": spec.country,
                "city": spec.city,
                "is_active": True,
            }
            for spec in WAREHOUSES
        ],
    )
    return warehouses


def build_suppliers(ctx: DemoContext) -> dict[str, SupplierInfo]:
    rng = ctx.rng("suppliers")
    suppliers: dict[str, SupplierInfo] = {}
    rows: list[Row] = []
    for index, spec in enumerate(SUPPLIERS, start=1):
        suppliers[spec.code] = SupplierInfo(
            index, spec.code, spec.country, spec.lead_time_days, spec.payment_terms_days
        )
        rows.append(
            {
                "id": index,
                "code": spec.code,
                "name": spec.name,
                "email": spec.email,
                "phone": spec.phone,
                "country": spec.country,
                "city": spec.city,
                "vat_id": fill_pattern(rng, _VAT_ID_FORMATS[spec.country]),
                # Korea has no IBANs: Korean suppliers are paid by SWIFT to a domestic account number.
                "iban": _iban(rng, spec.country) if spec.country in _BBAN_FORMATS else None,
                "currency": "EUR",
                "payment_terms_days": spec.payment_terms_days,
                "lead_time_days": spec.lead_time_days,
                "created_at": at(ctx.start - timedelta(days=rng.randint(200, 2500)), 9),
            }
        )
    ctx.add(Supplier, rows)
    return suppliers


def _iban(rng: random.Random, country: str) -> str:
    """An IBAN with valid check digits (ISO 13616 mod 97), so validators accept it."""
    bban = fill_pattern(rng, _BBAN_FORMATS[country])
    digits = "".join(str(int(char, 36)) for char in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def build_catalog(
    ctx: DemoContext, warehouses: dict[str, WarehouseInfo], suppliers: dict[str, SupplierInfo]
) -> list[VariantInfo]:
    """Product rows now; SKUs are returned and become rows once orders have shown how fast each one sells."""
    rng = ctx.rng("catalog")
    products: list[Row] = []
    variants: list[VariantInfo] = []
    for product_id, spec in enumerate(PRODUCTS, start=1):
        supplier = suppliers[spec.supplier]
        products.append(
            {
                "id": product_id,
                "code": spec.code,
                "name": spec.name,
                "category": spec.category,
                "description": spec.description,
                "default_supplier_id": supplier.id,
                "is_active": True,
                "created_at": at(ctx.start - timedelta(days=rng.randint(30, 1500)), 10),
            }
        )
        stocked = [warehouses[CENTRAL_WAREHOUSE].id] + [
            warehouses[code].id
            for code, categories in REGIONAL_RANGE.items()
            if spec.category in categories and rng.random() < REGIONAL_SHARE[code]
        ]
        lead_time = supplier.lead_time_days + rng.randint(0, 4)
        low_share, high_share = _COST_SHARE[spec.category]
        for combination in itertools.product(*(values for _axis, values in spec.axes)):
            factor = math.prod((value.price_factor for value in combination), start=Decimal(1))
            price = _list_price(spec.base_price * factor)
            popularity = math.prod(
                1.6 if value is values[0] else 1.0
                for value, (_axis, values) in zip(combination, spec.axes, strict=True)
            )
            variants.append(
                VariantInfo(
                    id=len(variants) + 1,
                    sku="-".join([spec.code, *(value.sku_part for value in combination)]),
                    product_id=product_id,
                    product_name=spec.name,
                    category=spec.category,
                    options={
                        axis: value.label
                        for (axis, _values), value in zip(spec.axes, combination, strict=True)
                    },
                    price=price,
                    cost=to_money(price * Decimal(str(round(rng.uniform(low_share, high_share), 3)))),
                    supplier=supplier,
                    weight=spec.popularity * popularity * rng.uniform(0.6, 1.4),
                    order_quantity=spec.order_quantity,
                    warehouse_ids=tuple(stocked),
                    lead_time_days=lead_time,
                )
            )
    ctx.add(Product, products)
    _assign_stock_roles(ctx, rng, variants)
    return variants


def _list_price(raw: Decimal) -> Decimal:
    """Price points as a price list has them: 1 249.00, 89.90, 4.49."""
    if raw >= 100:
        return to_money(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if raw >= 10:
        return to_money(raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return to_money(raw)


def _assign_stock_roles(ctx: DemoContext, rng: random.Random, variants: list[VariantInfo]) -> None:
    """Pick the SKUs that reports should find: a few discontinued, ~10 dead stock, ~10 below safety stock."""
    by_weight = sorted(variants, key=lambda variant: variant.weight)
    slow = by_weight[: len(by_weight) * 3 // 5]
    fast = by_weight[len(by_weight) // 2 :]
    chosen: set[int] = set()
    for role, pool, count in (
        (StockRole.DISCONTINUED, slow, rng.randint(6, 8)),
        (StockRole.DEAD, slow, rng.randint(9, 11)),
        (StockRole.LOW, fast, rng.randint(9, 11)),
    ):
        for variant in rng.sample([variant for variant in pool if variant.id not in chosen], count):
            chosen.add(variant.id)
            variant.role = role
            if role is StockRole.DISCONTINUED:
                variant.last_sale_on = ctx.as_of - timedelta(days=rng.randint(30, 150))
            elif role is StockRole.DEAD:
                # Well before the 180-day window, so the SKU is dead stock by any reading of "last 180 days".
                variant.last_sale_on = ctx.as_of - timedelta(days=rng.randint(200, 420))


def set_replenishment(ctx: DemoContext, variants: list[VariantInfo], orders: list[OrderInfo]) -> None:
    """Safety stock, reorder point and quantity from each SKU's last 90 selling days, as a planner would."""
    units: dict[int, int] = {}
    for order in orders:
        if order.cancelled_at is not None:
            continue
        day = order.placed_at.date()
        for line in order.lines:
            window_end = line.variant.last_sale_on or ctx.as_of
            if window_end - timedelta(days=90) <= day < window_end:
                units[line.variant.id] = units.get(line.variant.id, 0) + line.quantity
    for variant in variants:
        if variant.role is StockRole.DISCONTINUED:
            continue
        daily = units.get(variant.id, 0) / 90
        variant.safety_stock = max(2, math.ceil(daily * variant.lead_time_days * 0.5))
        variant.reorder_point = variant.safety_stock + max(1, math.ceil(daily * variant.lead_time_days))
        variant.reorder_quantity = max(10, math.ceil(daily * 45 / 5) * 5)


def add_variant_rows(ctx: DemoContext, variants: list[VariantInfo]) -> None:
    positions: dict[int, int] = {}
    rows: list[Row] = []
    for variant in variants:
        position = positions.get(variant.product_id, 0)
        positions[variant.product_id] = position + 1
        rows.append(
            {
                "id": variant.id,
                "sku": variant.sku,
                "product_id": variant.product_id,
                "options": variant.options,
                "price": variant.price,
                "cost": variant.cost,
                "currency": "EUR",
                "is_available": variant.role is not StockRole.DISCONTINUED,
                "safety_stock": variant.safety_stock,
                "reorder_point": variant.reorder_point,
                "reorder_quantity": variant.reorder_quantity,
                "lead_time_days": variant.lead_time_days,
                "position": position,
            }
        )
    ctx.add(Variant, rows)
