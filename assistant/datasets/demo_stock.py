"""Purchase orders and the stock ledger: every unit on hand is explained by an opening balance and movements.

Levels are decided first (what each report should find) and the opening balance is whatever makes the ledger
add up; it is raised when needed so that no SKU's running balance ever goes below zero.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from assistant.datasets.demo_catalog import CENTRAL_WAREHOUSE
from assistant.datasets.demo_model import (
    DemoContext,
    EmployeeInfo,
    OrderInfo,
    PurchaseInfo,
    PurchaseLineInfo,
    Row,
    StockRole,
    SupplierInfo,
    VariantInfo,
    WarehouseInfo,
    at,
)
from assistant.datasets.demo_roster import ADJUSTMENT_REASONS, BUYERS, DEFAULT_BUYER, WAREHOUSE_LEADS
from assistant.db.models import (
    MovementKind,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    StockLevel,
    StockMovement,
)
from assistant.db.types import to_money

PURCHASE_ORDERS = 80
ADJUSTMENTS = 24
SUPPLIER_PRICE_INCREASE = Decimal("1.02")  # a year; older purchase orders were cheaper
_DOMESTIC_WAREHOUSE = {"DE": "HAM", "PL": "WAW", "HR": "ZAG", "KR": "SEL"}


def build_purchasing(
    ctx: DemoContext,
    variants: list[VariantInfo],
    warehouses: dict[str, WarehouseInfo],
    staff: dict[str, EmployeeInfo],
) -> list[PurchaseInfo]:
    rng = ctx.rng("purchasing")
    by_supplier: dict[int, list[VariantInfo]] = {}
    for variant in variants:
        if variant.role is not StockRole.DISCONTINUED:
            by_supplier.setdefault(variant.supplier.id, []).append(variant)
    central = warehouses[CENTRAL_WAREHOUSE]

    # SKUs below safety stock have been reordered and wait for the goods: open purchase orders, not yet due.
    purchases: list[PurchaseInfo] = []
    for supplier_variants in by_supplier.values():
        low = [variant for variant in supplier_variants if variant.role is StockRole.LOW]
        if not low:
            continue
        supplier = low[0].supplier
        others = [variant for variant in supplier_variants if variant.role is StockRole.NORMAL]
        ordered_at = ctx.now - timedelta(
            days=rng.randint(1, max(1, supplier.lead_time_days - 3)), hours=rng.randint(1, 12)
        )
        purchase = _purchase(
            rng, ctx, supplier, central, ordered_at, low + rng.sample(others, min(2, len(others)))
        )
        purchases.append(purchase)

    suppliers = [variants_of[0].supplier for variants_of in by_supplier.values()]
    supplier_weights = [len(variants_of) for variants_of in by_supplier.values()]
    history = PURCHASE_ORDERS - len(purchases)
    span_days = (ctx.as_of - ctx.start).days - 3
    for index in range(history):
        day = ctx.start + timedelta(days=int((index + rng.random()) * span_days / history))
        choices: list[str] = []
        while not choices:  # a supplier with too few SKUs on sale that day is passed over
            supplier = rng.choices(suppliers, weights=supplier_weights)[0]
            candidates = {
                code: [
                    variant
                    for variant in by_supplier[supplier.id]
                    if warehouse.id in variant.warehouse_ids
                    and variant.role in (StockRole.NORMAL, StockRole.DEAD)
                    and variant.sellable_on(day)
                ]
                for code, warehouse in warehouses.items()
            }
            choices = [code for code, found in candidates.items() if len(found) >= 2]
        weights = [
            3 if code == CENTRAL_WAREHOUSE else 2 if code == _DOMESTIC_WAREHOUSE.get(supplier.country) else 1
            for code in choices
        ]
        code = rng.choices(choices, weights=weights)[0]
        picked = rng.sample(candidates[code], min(len(candidates[code]), rng.randint(2, 6)))
        purchase = _purchase(
            rng, ctx, supplier, warehouses[code], at(day, rng.randint(7, 15), rng.randint(0, 59)), picked
        )
        _receive(ctx, rng, purchase)
        purchases.append(purchase)

    purchases.sort(key=lambda purchase: purchase.ordered_at)
    per_year: dict[int, int] = {}
    for purchase_id, purchase in enumerate(purchases, start=1):
        year = purchase.ordered_at.year
        per_year[year] = per_year.get(year, 0) + 1
        purchase.id, purchase.number = purchase_id, f"PO-{year}-{per_year[year]:04d}"
    _add_purchase_rows(ctx, purchases, staff)
    return purchases


def _purchase(
    rng: random.Random,
    ctx: DemoContext,
    supplier: SupplierInfo,
    warehouse: WarehouseInfo,
    ordered_at: datetime,
    variants: list[VariantInfo],
) -> PurchaseInfo:
    years_back = ctx.as_of.year - ordered_at.year
    lines = [
        PurchaseLineInfo(
            variant,
            variant.reorder_quantity * rng.choice((1, 1, 2)),
            to_money(variant.cost / SUPPLIER_PRICE_INCREASE**years_back),
        )
        for variant in variants
    ]
    return PurchaseInfo(
        supplier, warehouse, ordered_at, ordered_at.date() + timedelta(days=supplier.lead_time_days), lines
    )


def _receive(ctx: DemoContext, rng: random.Random, purchase: PurchaseInfo) -> None:
    """Goods arrive around the expected day; a few orders are cancelled, a few arrive short."""
    arrival = at(
        purchase.expected_on + timedelta(days=rng.randint(-2, 6)), rng.randint(7, 14), rng.randint(0, 59)
    )
    if arrival.weekday() >= 5:
        arrival += timedelta(days=7 - arrival.weekday())
    if ctx.now - purchase.ordered_at > timedelta(days=45) and rng.random() < 0.05:
        purchase.status = PurchaseOrderStatus.CANCELLED
        return
    if arrival >= ctx.now:
        return
    purchase.received_at = arrival
    if rng.random() < 0.1:
        purchase.status = PurchaseOrderStatus.PARTIALLY_RECEIVED
        short = rng.randrange(len(purchase.lines))
        for index, line in enumerate(purchase.lines):
            full = index != short and rng.random() < 0.5
            line.received_quantity = (
                line.quantity if full else rng.randint(math.ceil(line.quantity * 0.3), line.quantity - 1)
            )
    else:
        purchase.status = PurchaseOrderStatus.RECEIVED
        for line in purchase.lines:
            line.received_quantity = line.quantity


def _add_purchase_rows(
    ctx: DemoContext, purchases: list[PurchaseInfo], staff: dict[str, EmployeeInfo]
) -> None:
    order_rows: list[Row] = []
    line_rows: list[Row] = []
    for purchase in purchases:
        notes = {
            PurchaseOrderStatus.PARTIALLY_RECEIVED: "Supplier short-shipped; the rest is on backorder.",
            PurchaseOrderStatus.CANCELLED: "Cancelled: the supplier could not confirm a delivery date.",
        }
        order_rows.append(
            {
                "id": purchase.id,
                "number": purchase.number,
                "supplier_id": purchase.supplier.id,
                "status": purchase.status,
                "ordered_at": purchase.ordered_at,
                "expected_on": purchase.expected_on,
                "warehouse_id": purchase.warehouse.id,
                "currency": "EUR",
                "created_by_id": staff[BUYERS.get(purchase.supplier.country, DEFAULT_BUYER)].id,
                "notes": notes.get(purchase.status),
            }
        )
        for position, line in enumerate(purchase.lines):
            line_rows.append(
                {
                    "id": len(line_rows) + 1,
                    "purchase_order_id": purchase.id,
                    "position": position,
                    "variant_id": line.variant.id,
                    "quantity": line.quantity,
                    "unit_cost": line.unit_cost,
                    "received_quantity": line.received_quantity,
                }
            )
    ctx.add(PurchaseOrder, order_rows)
    ctx.add(PurchaseOrderLine, line_rows)


@dataclass(slots=True)
class _Movement:
    occurred_at: datetime
    quantity: int
    kind: MovementKind
    reference: str | None
    reason: str | None = None
    created_by_id: int | None = None


def build_stock(
    ctx: DemoContext,
    variants: list[VariantInfo],
    warehouses: dict[str, WarehouseInfo],
    orders: list[OrderInfo],
    purchases: list[PurchaseInfo],
    staff: dict[str, EmployeeInfo],
) -> None:
    rng = ctx.rng("stock")
    code_of = {warehouse.id: code for code, warehouse in warehouses.items()}
    lead_of = {warehouse.id: staff[WAREHOUSE_LEADS[code]].id for code, warehouse in warehouses.items()}
    ledger: dict[tuple[int, int], list[_Movement]] = {}
    reserved: dict[tuple[int, int], int] = {}
    for order in orders:
        assert order.warehouse is not None
        if order.is_open:
            for line in order.lines:
                pair = (line.variant.id, order.warehouse.id)
                reserved[pair] = reserved.get(pair, 0) + line.quantity
        for shipment in order.shipments:
            for line in shipment.lines:
                ledger.setdefault((line.variant.id, order.warehouse.id), []).append(
                    _Movement(shipment.shipped_at, -line.quantity, MovementKind.SHIPMENT, order.number)
                )
    for purchase in purchases:
        for purchase_line in purchase.lines:
            if purchase_line.received_quantity and purchase.received_at:
                ledger.setdefault((purchase_line.variant.id, purchase.warehouse.id), []).append(
                    _Movement(
                        purchase.received_at,
                        purchase_line.received_quantity,
                        MovementKind.RECEIPT,
                        purchase.number,
                        created_by_id=lead_of[purchase.warehouse.id],
                    )
                )
    _add_adjustments(ctx, rng, variants, ledger, code_of, lead_of)

    central_id = warehouses[CENTRAL_WAREHOUSE].id
    opening_at = at(ctx.start - timedelta(days=1), 6)
    level_rows: list[Row] = []
    movement_rows: list[Row] = []
    for variant in variants:
        for warehouse_id in variant.warehouse_ids:
            pair = (variant.id, warehouse_id)
            movements = sorted(ledger.get(pair, []), key=lambda movement: movement.occurred_at)
            held = reserved.get(pair, 0)
            target = held + _free_stock(rng, variant, central=warehouse_id == central_id)
            opening = target - sum(movement.quantity for movement in movements)
            balance = lowest = opening
            for movement in movements:
                balance += movement.quantity
                lowest = min(lowest, balance)
            opening -= min(lowest, 0)
            if opening:
                movements.insert(
                    0, _Movement(opening_at, opening, MovementKind.OPENING, "OPENING", "Opening balance")
                )
            on_hand = sum(movement.quantity for movement in movements)
            level_rows.append(
                {
                    "id": len(level_rows) + 1,
                    "variant_id": variant.id,
                    "warehouse_id": warehouse_id,
                    "on_hand": on_hand,
                    "reserved": held,
                }
            )
            movement_rows.extend(
                {
                    "variant_id": variant.id,
                    "warehouse_id": warehouse_id,
                    "quantity": movement.quantity,
                    "kind": movement.kind,
                    "reference": movement.reference,
                    "reason": movement.reason,
                    "occurred_at": movement.occurred_at,
                    "created_by_id": movement.created_by_id,
                }
                for movement in movements
            )
    movement_rows.sort(key=lambda row: (row["occurred_at"], row["variant_id"], row["warehouse_id"]))
    for index, row in enumerate(movement_rows, start=1):
        row["id"] = index
    ctx.add(StockLevel, level_rows)
    ctx.add(StockMovement, movement_rows)


def _free_stock(rng: random.Random, variant: VariantInfo, *, central: bool) -> int:
    """Units on hand beyond what open orders hold, by what the SKU should show in reports."""
    if variant.role is StockRole.DISCONTINUED:
        return 0
    if variant.role is StockRole.LOW:
        return rng.randint(0, variant.safety_stock - 1) if central else 0
    if variant.role is StockRole.DEAD:
        return max(variant.safety_stock, rng.randint(40, 160) if central else rng.randint(5, 40))
    extra = (
        rng.randint(variant.reorder_point, variant.reorder_point + 2 * variant.reorder_quantity)
        if central
        else rng.randint(0, variant.reorder_quantity)
    )
    return variant.safety_stock + extra


def _add_adjustments(
    ctx: DemoContext,
    rng: random.Random,
    variants: list[VariantInfo],
    ledger: dict[tuple[int, int], list[_Movement]],
    code_of: dict[int, str],
    lead_of: dict[int, int],
) -> None:
    """Stock counts and breakage, only on ordinary SKUs so the chosen report cases stay as designed."""
    ordinary = [variant for variant in variants if variant.role is StockRole.NORMAL]
    days = (ctx.as_of - ctx.start).days
    moments = sorted(
        at(ctx.start + timedelta(days=rng.randint(5, days - 2)), rng.randint(7, 15), rng.randint(0, 59))
        for _ in range(ADJUSTMENTS)
    )
    for number, moment in enumerate(moments, start=1):
        variant = rng.choice(ordinary)
        warehouse_id = rng.choice(variant.warehouse_ids)
        count_difference, damage = ADJUSTMENT_REASONS[code_of[warehouse_id]]
        damaged = rng.random() < 0.4
        quantity = -rng.randint(1, 3) if damaged else rng.choice((-4, -3, -2, -1, 1, 2, 3))
        ledger.setdefault((variant.id, warehouse_id), []).append(
            _Movement(
                moment,
                quantity,
                MovementKind.ADJUSTMENT,
                f"ADJ-{moment.year}-{number:03d}",
                damage if damaged else count_difference,
                created_by_id=lead_of[warehouse_id],
            )
        )
