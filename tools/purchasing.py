"""Buying: suppliers, purchase orders and what has been received, what to reorder, and new orders (write)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from assistant.db.models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Role,
    StockLevel,
    Supplier,
    Variant,
    Warehouse,
)
from assistant.db.types import to_money
from tools.base import (
    BACK_OFFICE_ROLES,
    STAFF_ROLES,
    ApprovalRequirement,
    NotFoundError,
    Plan,
    RefusedError,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    read_tool,
    write_tool,
)
from tools.lookup import (
    best_matches,
    get_supplier_or_raise,
    get_variant_or_raise,
    get_warehouse_or_raise,
    number_filter_or_raise,
    suggestions,
)

OPEN_PO_STATUSES = (PurchaseOrderStatus.ORDERED, PurchaseOrderStatus.PARTIALLY_RECEIVED)

# --- suppliers ----------------------------------------------------------------------------------------------


class SupplierView(ToolResult):
    code: str
    name: str
    country: str
    city: str | None
    email: str | None
    phone: str | None
    vat_id: str | None
    currency: str
    payment_terms_days: int
    lead_time_days: int


class SupplierList(ToolResult):
    suppliers: list[SupplierView]


class FindSuppliersArgs(ToolArgs):
    query: str | None = Field(
        default=None,
        description="Supplier code (exact) or part of the name; accents and "
        "typos are fine. Empty lists all suppliers (of `country`, if given).",
        max_length=200,
    )
    country: str | None = Field(
        default=None,
        description="Two-letter country code, e.g. 'PL', 'DE', 'KR'.",
        min_length=2,
        max_length=2,
    )
    limit: int = Field(default=20, ge=1, le=100, description="How many suppliers to return at most.")


@read_tool(
    name="find_suppliers",
    summary="Find suppliers by name, code or country, with lead times and terms.",
    roles=BACK_OFFICE_ROLES,
)
def find_suppliers(ctx: ToolContext, args: FindSuppliersArgs) -> SupplierList:
    """Find suppliers by code, (part of) name or country. Returns contact details, currency, payment terms
    (days) and lead time (days from order to delivery)."""
    query = select(Supplier).order_by(Supplier.name, Supplier.id)
    if args.country:
        query = query.where(func.upper(Supplier.country) == args.country.upper())
    suppliers = list(ctx.session.scalars(query))
    if args.query:
        exact = [supplier for supplier in suppliers if supplier.code.casefold() == args.query.casefold()]
        if exact:
            suppliers = exact
        else:
            by_id = {supplier.id: supplier for supplier in suppliers}
            ids = best_matches(
                args.query, {s.id: f"{s.name} {s.code} {s.city or ''}" for s in suppliers}, limit=args.limit
            )
            suppliers = [by_id[supplier_id] for supplier_id in ids]
        if not suppliers:
            names = ctx.session.scalars(select(Supplier.name)).all()
            raise NotFoundError("supplier", args.query, suggestions(args.query, names))
    return SupplierList(
        suppliers=[SupplierView.model_validate(supplier) for supplier in suppliers[: args.limit]]
    )


# --- purchase orders ----------------------------------------------------------------------------------------


class PurchaseLineView(ToolResult):
    sku: str
    product_name: str
    quantity: int
    received_quantity: int
    outstanding_quantity: int
    unit_cost: Decimal
    line_total: Decimal


class PurchaseOrderView(ToolResult):
    number: str
    status: PurchaseOrderStatus
    supplier_code: str
    supplier_name: str
    warehouse: str
    ordered_at: datetime
    expected_on: date | None
    currency: str
    total: Decimal
    notes: str | None
    lines: list[PurchaseLineView]


class PurchaseOrderList(ToolResult):
    purchase_orders: list[PurchaseOrderView]
    total_matches: int
    note: str | None = None


class FindPurchaseOrdersArgs(ToolArgs):
    number: str | None = Field(
        default=None, description="Purchase order number, e.g. 'PO-000123'.", max_length=32
    )
    supplier: str | None = Field(default=None, description="Supplier code or name.", max_length=200)
    status: PurchaseOrderStatus | None = Field(
        default=None, description="Only purchase orders with this status."
    )
    sku: str | None = Field(
        default=None, description="Only purchase orders with a line for this SKU.", max_length=64
    )
    limit: int = Field(
        default=20, ge=1, le=100, description="How many purchase orders at most (newest first)."
    )


def _po_view(order: PurchaseOrder, warehouse_code: str) -> PurchaseOrderView:
    return PurchaseOrderView(
        number=order.number,
        status=order.status,
        supplier_code=order.supplier.code,
        supplier_name=order.supplier.name,
        warehouse=warehouse_code,
        ordered_at=order.ordered_at,
        expected_on=order.expected_on,
        currency=order.currency,
        total=order.total,
        notes=order.notes,
        lines=[
            PurchaseLineView(
                sku=line.variant.sku,
                product_name=line.variant.product.name,
                quantity=line.quantity,
                received_quantity=line.received_quantity,
                outstanding_quantity=line.quantity - line.received_quantity,
                unit_cost=line.unit_cost,
                line_total=line.unit_cost * line.quantity,
            )
            for line in order.lines
        ],
    )


def _po_number_or_raise(session: Session, number: str) -> ColumnElement[bool]:
    return number_filter_or_raise(session, PurchaseOrder.number, number, "purchase order")


@read_tool(
    name="find_purchase_orders",
    summary="Find purchase orders by number, supplier, status or SKU.",
    roles=BACK_OFFICE_ROLES,
)
def find_purchase_orders(ctx: ToolContext, args: FindPurchaseOrdersArgs) -> PurchaseOrderList:
    """Search purchase orders (what we ordered from suppliers) by number, supplier, status (draft, ordered,
    partially_received, received, cancelled) and SKU. Each order comes with its lines: SKU, quantity ordered,
    quantity received so far, quantity still outstanding and unit cost; plus the expected delivery date and
    the receiving warehouse. Newest first."""
    conditions: list[ColumnElement[bool]] = []
    if args.number:
        conditions.append(_po_number_or_raise(ctx.session, args.number))
    if args.supplier:
        conditions.append(PurchaseOrder.supplier_id == get_supplier_or_raise(ctx.session, args.supplier).id)
    if args.status:
        conditions.append(PurchaseOrder.status == args.status)
    if args.sku:
        variant = get_variant_or_raise(ctx.session, args.sku)
        conditions.append(
            PurchaseOrder.id.in_(
                select(PurchaseOrderLine.purchase_order_id).where(PurchaseOrderLine.variant_id == variant.id)
            )
        )
    total = ctx.session.scalar(select(func.count(PurchaseOrder.id)).where(*conditions)) or 0
    rows = ctx.session.execute(
        select(PurchaseOrder, Warehouse.code)
        .join(Warehouse, Warehouse.id == PurchaseOrder.warehouse_id)
        .options(
            selectinload(PurchaseOrder.supplier),
            selectinload(PurchaseOrder.lines)
            .selectinload(PurchaseOrderLine.variant)
            .selectinload(Variant.product),
        )
        .where(*conditions)
        .order_by(PurchaseOrder.ordered_at.desc(), PurchaseOrder.id.desc())
        .limit(args.limit)
    ).all()
    views = [_po_view(order, code) for order, code in rows]
    note = None if views else "No purchase orders match these filters."
    return PurchaseOrderList(purchase_orders=views, total_matches=total, note=note)


# --- reorder suggestions ------------------------------------------------------------------------------------


class ReorderSuggestion(ToolResult):
    sku: str
    product_name: str
    options: dict[str, Any]
    available: int = Field(description="On hand minus reserved, summed over all warehouses.")
    reorder_point: int
    safety_stock: int
    reorder_quantity: int
    suggested_quantity: int
    on_order: int = Field(description="Units already ordered from suppliers and not yet received.")
    supplier_code: str | None
    supplier_name: str | None
    unit_cost: Decimal | None
    estimated_cost: Decimal | None
    lead_time_days: int


class ReorderSuggestions(ToolResult):
    suggestions: list[ReorderSuggestion]
    total_matches: int
    note: str | None = None


class ReorderSuggestionsArgs(ToolArgs):
    supplier: str | None = Field(
        default=None,
        description="Only SKUs whose preferred supplier is this one (code or name).",
        max_length=200,
    )
    category: str | None = Field(default=None, description="Only products of this category.", max_length=80)
    limit: int = Field(
        default=50, ge=1, le=200, description="How many SKUs at most (largest shortfall first)."
    )


def _on_order(session: Session, variant_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(
            PurchaseOrderLine.variant_id,
            func.sum(PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity),
        )
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
        .where(PurchaseOrder.status.in_(OPEN_PO_STATUSES), PurchaseOrderLine.variant_id.in_(variant_ids))
        .group_by(PurchaseOrderLine.variant_id)
    ).all()
    return {variant_id: int(quantity or 0) for variant_id, quantity in rows}


@read_tool(
    name="reorder_suggestions",
    summary="SKUs below their reorder point, with how many to order from whom.",
    roles=BACK_OFFICE_ROLES,
)
def reorder_suggestions(ctx: ToolContext, args: ReorderSuggestionsArgs) -> ReorderSuggestions:
    """List SKUs whose available stock (on hand minus reserved, summed over all warehouses) is below their
    reorder point, with a suggested order quantity = the larger of the reorder quantity and (reorder point +
    safety stock - available), the preferred supplier and the estimated cost. Units already on order from
    suppliers are shown but not subtracted: check them before ordering more. Use create_purchase_order to
    order."""
    available = (
        select(StockLevel.variant_id, func.sum(StockLevel.on_hand - StockLevel.reserved).label("available"))
        .group_by(StockLevel.variant_id)
        .subquery()
    )
    available_units = func.coalesce(available.c.available, 0)
    query = (
        select(Variant, available_units)
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(available, available.c.variant_id == Variant.id)
        .options(selectinload(Variant.product))
        .where(
            Product.is_active.is_(True), Variant.reorder_point > 0, available_units < Variant.reorder_point
        )
    )
    suppliers: dict[int, Supplier] = {s.id: s for s in ctx.session.scalars(select(Supplier))}
    if args.supplier:
        query = query.where(
            Product.default_supplier_id == get_supplier_or_raise(ctx.session, args.supplier).id
        )
    if args.category:
        query = query.where(func.lower(Product.category) == args.category.lower())
    rows = ctx.session.execute(query).all()
    on_order = _on_order(ctx.session, [variant.id for variant, _ in rows])
    found = []
    for variant, units in rows:
        units = int(units)
        supplier = suppliers.get(variant.product.default_supplier_id or 0)
        quantity = max(variant.reorder_quantity, variant.reorder_point + variant.safety_stock - units)
        found.append(
            ReorderSuggestion(
                sku=variant.sku,
                product_name=variant.product.name,
                options=variant.options,
                available=units,
                reorder_point=variant.reorder_point,
                safety_stock=variant.safety_stock,
                reorder_quantity=variant.reorder_quantity,
                suggested_quantity=quantity,
                on_order=on_order.get(variant.id, 0),
                supplier_code=supplier.code if supplier else None,
                supplier_name=supplier.name if supplier else None,
                unit_cost=variant.cost,
                estimated_cost=to_money(variant.cost * quantity) if variant.cost is not None else None,
                lead_time_days=variant.lead_time_days,
            )
        )
    found.sort(key=lambda row: (row.available - row.reorder_point, row.sku))
    note = None if found else "Every SKU with a reorder point has enough available stock."
    return ReorderSuggestions(suggestions=found[: args.limit], total_matches=len(found), note=note)


# --- create a purchase order (write) ------------------------------------------------------------------------


class PurchaseLineArgs(ToolArgs):
    sku: str = Field(description="SKU to order.", min_length=1, max_length=64)
    quantity: int = Field(description="Units to order; at least 1.", gt=0, le=1_000_000)
    unit_cost: Decimal | None = Field(
        default=None,
        ge=0,
        le=Decimal("10000000"),
        decimal_places=2,
        description="Price per unit agreed with the supplier, in the company currency; the SKU's standard "
        "cost if empty.",
    )


class CreatePurchaseOrderArgs(ToolArgs):
    supplier: str = Field(description="Supplier code or name.", min_length=1, max_length=200)
    lines: list[PurchaseLineArgs] = Field(
        description="What to order: one line per SKU.", min_length=1, max_length=100
    )
    warehouse: str = Field(
        description="Code of the warehouse receiving the goods, e.g. HAM.", min_length=1, max_length=16
    )
    expected_on: date | None = Field(
        default=None, description="Expected delivery day; today plus the supplier's lead time if empty."
    )
    notes: str | None = Field(
        default=None, description="Notes for the supplier or the receiving team.", max_length=2000
    )


class CreatedLine(ToolResult):
    sku: str
    product_name: str
    quantity: int
    unit_cost: Decimal
    line_total: Decimal


class PurchaseOrderCreated(ToolResult):
    number: str
    status: PurchaseOrderStatus
    supplier_code: str
    supplier_name: str
    warehouse: str
    expected_on: date
    currency: str
    total: Decimal
    lines: list[CreatedLine]


@dataclass(frozen=True)
class _PlannedOrder:
    supplier: Supplier
    warehouse: Warehouse
    expected_on: date
    lines: list[tuple[Variant, int, Decimal]]

    @property
    def total(self) -> Decimal:
        return sum((unit_cost * quantity for _, quantity, unit_cost in self.lines), Decimal("0.00"))

    def line_views(self) -> list[CreatedLine]:
        return [
            CreatedLine(
                sku=variant.sku,
                product_name=variant.product.name,
                quantity=quantity,
                unit_cost=unit_cost,
                line_total=unit_cost * quantity,
            )
            for variant, quantity, unit_cost in self.lines
        ]


def _plan_order(ctx: ToolContext, args: CreatePurchaseOrderArgs) -> _PlannedOrder:
    """Check everything against current data; shared by the planner and the executor."""
    supplier = get_supplier_or_raise(ctx.session, args.supplier)
    company_currency = ctx.settings.company_currency
    if supplier.currency.upper() != company_currency:
        raise RefusedError(
            f"{supplier.name} invoices in {supplier.currency}, but purchase orders here are in the company "
            f"currency {company_currency}; a foreign-currency order has to be placed outside the assistant."
        )
    warehouse = get_warehouse_or_raise(ctx.session, args.warehouse)
    if not warehouse.is_active:
        raise RefusedError(
            f"Warehouse {warehouse.code} ({warehouse.name}) is not active; choose another one."
        )
    today = ctx.now().date()
    expected_on = args.expected_on or today + timedelta(days=supplier.lead_time_days)
    if expected_on < today:
        raise RefusedError(f"The expected delivery day {expected_on} is in the past.")
    lines: list[tuple[Variant, int, Decimal]] = []
    seen: set[int] = set()
    for line in args.lines:
        variant = get_variant_or_raise(ctx.session, line.sku)
        if variant.id in seen:
            raise RefusedError(f"{variant.sku} is on more than one line; put its whole quantity on one line.")
        seen.add(variant.id)
        unit_cost = line.unit_cost if line.unit_cost is not None else variant.cost
        if unit_cost is None:
            raise RefusedError(f"{variant.sku} has no standard cost; give the agreed unit_cost for it.")
        if unit_cost < 0:
            raise RefusedError(f"The unit cost of {variant.sku} cannot be negative ({unit_cost}).")
        lines.append((variant, line.quantity, to_money(unit_cost)))
    return _PlannedOrder(supplier=supplier, warehouse=warehouse, expected_on=expected_on, lines=lines)


def _unique_number(session: Session, order: PurchaseOrder) -> str:
    """PO-000123 from the row's id; imported data may already use that number, so add a suffix if it does."""
    base = f"PO-{order.id:06d}"
    candidate, suffix = base, 1
    while (
        session.scalar(
            select(PurchaseOrder.id).where(PurchaseOrder.number == candidate, PurchaseOrder.id != order.id)
        )
        is not None
    ):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def execute_create_purchase_order(ctx: ToolContext, args: CreatePurchaseOrderArgs) -> PurchaseOrderCreated:
    planned = _plan_order(ctx, args)
    order = PurchaseOrder(
        number=f"PO-NEW-{uuid.uuid4().hex[:20]}",  # placeholder until the id is known
        supplier_id=planned.supplier.id,
        status=PurchaseOrderStatus.ORDERED,
        ordered_at=ctx.now(),
        expected_on=planned.expected_on,
        warehouse_id=planned.warehouse.id,
        currency=planned.supplier.currency.upper(),
        created_by_id=ctx.user.id,
        notes=args.notes,
    )
    for position, (variant, quantity, unit_cost) in enumerate(planned.lines):
        order.lines.append(
            PurchaseOrderLine(
                position=position,
                variant_id=variant.id,
                quantity=quantity,
                unit_cost=unit_cost,
                received_quantity=0,
            )
        )
    ctx.session.add(order)
    ctx.session.flush()
    order.number = _unique_number(ctx.session, order)
    ctx.session.flush()
    return PurchaseOrderCreated(
        number=order.number,
        status=order.status,
        supplier_code=planned.supplier.code,
        supplier_name=planned.supplier.name,
        warehouse=planned.warehouse.code,
        expected_on=planned.expected_on,
        currency=order.currency,
        total=planned.total,
        lines=planned.line_views(),
    )


@write_tool(
    name="create_purchase_order",
    summary="Order goods from a supplier (needs a manager's approval).",
    roles=STAFF_ROLES,
    execute=execute_create_purchase_order,
)
def create_purchase_order(ctx: ToolContext, args: CreatePurchaseOrderArgs) -> Plan:
    """Propose a purchase order to a supplier: one line per SKU with the quantity and, optionally, the agreed
    unit cost (default: the SKU's standard cost), the receiving warehouse, the expected delivery day (default:
    today plus the supplier's lead time) and notes. Only suppliers invoicing in the company currency. Nothing
    is ordered until a manager approves the proposal; reorder_suggestions tells what is running low."""
    planned = _plan_order(ctx, args)
    total = planned.total
    currency = planned.supplier.currency.upper()
    return Plan(
        summary=(
            f"Purchase order to {planned.supplier.name}: {len(planned.lines)} line(s), "
            f"{sum(quantity for _, quantity, _ in planned.lines)} units, {total} {currency}, "
            f"into {planned.warehouse.code} by {planned.expected_on}"
        ),
        preview={
            "supplier": f"{planned.supplier.name} ({planned.supplier.code})",
            "warehouse": planned.warehouse.code,
            "expected_on": planned.expected_on.isoformat(),
            "currency": currency,
            "lines": [line.model_dump(mode="json") for line in planned.line_views()],
            "total": str(total),
            "notes": args.notes,
        },
        pinned={
            "supplier": planned.supplier.code,
            "warehouse": planned.warehouse.code,
            "expected_on": planned.expected_on.isoformat(),
            "lines": [
                {"sku": variant.sku, "quantity": quantity, "unit_cost": str(unit_cost)}
                for variant, quantity, unit_cost in planned.lines
            ],
        },
        approval=ApprovalRequirement(
            roles=[Role.MANAGER], reason="Purchase orders are approved by a manager."
        ),
        amount=total,
    )


TOOLS: list[Tool[Any, Any]] = [
    find_suppliers,
    find_purchase_orders,
    reorder_suggestions,
    create_purchase_order,
]
