"""Products and stock: find products and SKUs, stock per warehouse after reservations, adjust stock (write)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from assistant.db.models import MovementKind, Role, StockLevel, StockMovement, Variant, Warehouse
from tools.base import (
    ALL_ROLES,
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
from tools.lookup import find_products as search_products
from tools.lookup import get_variant_or_raise, get_warehouse_or_raise


class VariantView(ToolResult):
    sku: str
    options: dict[str, Any]
    price: Decimal
    currency: str
    is_available: bool


class ProductView(ToolResult):
    code: str
    name: str
    category: str | None
    variants: list[VariantView]


class ProductList(ToolResult):
    products: list[ProductView]


class FindProductsArgs(ToolArgs):
    query: str = Field(
        description="Product name, code, category or SKU; partial, accented or misspelt text is fine.",
        min_length=1,
        max_length=200,
    )
    options: dict[str, str] = Field(
        default_factory=dict,
        description="Only variants with these option values, e.g. {'color': 'black', 'size': 'M'}.",
    )
    only_available: bool = Field(default=False, description="Hide variants that are not available for sale.")
    limit: int = Field(default=10, ge=1, le=50, description="How many products at most.")


@read_tool(
    name="find_products",
    summary="Find products and their variants (SKUs) by name, code or SKU.",
    roles=ALL_ROLES,
)
def find_products(ctx: ToolContext, args: FindProductsArgs) -> ProductList:
    """Find products by name, product code, category or exact SKU, with their variants: SKU, options
    (color, size, material...), price and availability. Filter variants by option values if given."""
    products = list(search_products(ctx.session, args.query, limit=args.limit))
    if not products:
        variant = ctx.session.scalar(select(Variant).where(Variant.sku == args.query.strip()))
        if variant is not None:
            products = [variant.product]
    wanted = {key.casefold(): value.casefold() for key, value in args.options.items()}
    views = []
    for product in products:
        variants = [
            VariantView.model_validate(variant)
            for variant in product.variants
            if (not args.only_available or variant.is_available)
            and all(str(variant.options.get(key, "")).casefold() == value for key, value in wanted.items())
        ]
        if variants or not wanted:
            views.append(
                ProductView(
                    code=product.code, name=product.name, category=product.category, variants=variants
                )
            )
    return ProductList(products=views)


class StockRow(ToolResult):
    sku: str
    product_name: str
    options: dict[str, Any]
    warehouse: str
    on_hand: int
    reserved: int
    available: int
    safety_stock: int
    below_safety_stock: bool


class StockReport(ToolResult):
    rows: list[StockRow]
    total_on_hand: int
    total_available: int
    note: str | None = None


class GetStockArgs(ToolArgs):
    sku: str | None = Field(default=None, description="Exact SKU. Give this or `product`.", max_length=64)
    product: str | None = Field(
        default=None, description="Product name or code, when the SKU is not known.", max_length=200
    )
    warehouse: str | None = Field(
        default=None, description="Warehouse code (e.g. HAM, WAW, ZAG, SEL); all if empty.", max_length=16
    )


@read_tool(
    name="get_stock", summary="Stock per SKU and warehouse: on hand, reserved, available.", roles=ALL_ROLES
)
def get_stock(ctx: ToolContext, args: GetStockArgs) -> StockReport:
    """How many units are in stock, per SKU and warehouse: on hand, reserved for open orders, and available
    (on hand minus reserved), with a flag when below safety stock. Look up by SKU or by product name."""
    if not args.sku and not args.product:
        raise RefusedError("Say which SKU or product to check.")
    if args.sku:
        variants = [get_variant_or_raise(ctx.session, args.sku)]
    else:
        assert args.product is not None
        products = search_products(ctx.session, args.product, limit=3)
        if not products:
            raise NotFoundError("product", args.product)
        variants = [variant for product in products[:1] for variant in product.variants]
    query = (
        select(StockLevel)
        .options(
            selectinload(StockLevel.warehouse), selectinload(StockLevel.variant).selectinload(Variant.product)
        )
        .where(StockLevel.variant_id.in_([variant.id for variant in variants]))
        .order_by(StockLevel.variant_id, StockLevel.warehouse_id)
    )
    if args.warehouse:
        warehouse = get_warehouse_or_raise(ctx.session, args.warehouse)
        query = query.where(StockLevel.warehouse_id == warehouse.id)
    rows = [
        StockRow(
            sku=level.variant.sku,
            product_name=level.variant.product.name,
            options=level.variant.options,
            warehouse=level.warehouse.code,
            on_hand=level.on_hand,
            reserved=level.reserved,
            available=level.available,
            safety_stock=level.variant.safety_stock,
            below_safety_stock=level.available < level.variant.safety_stock,
        )
        for level in ctx.session.scalars(query)
    ]
    note = None if rows else "No stock is recorded for this item (it may be drop-shipped or not stocked)."
    return StockReport(
        rows=rows,
        total_on_hand=sum(r.on_hand for r in rows),
        total_available=sum(r.available for r in rows),
        note=note,
    )


class AdjustStockArgs(ToolArgs):
    sku: str = Field(description="SKU whose stock is counted or corrected.", min_length=1, max_length=64)
    warehouse: str = Field(description="Warehouse code, e.g. HAM.", min_length=1, max_length=16)
    # Bounded like every other quantity: an absurd count is a typo or an attack, never a stock correction.
    change: int = Field(
        description="Units to add (positive) or remove (negative); not zero.", ge=-1_000_000, le=1_000_000
    )
    reason: str = Field(description="Why: stock count, damage, found goods...", min_length=3, max_length=500)


class StockAdjusted(ToolResult):
    sku: str
    warehouse: str
    on_hand_before: int
    on_hand_after: int
    movement_id: int


def _level(
    ctx: ToolContext, variant: Variant, warehouse: Warehouse, *, lock: bool = False
) -> StockLevel | None:
    query = select(StockLevel).where(
        StockLevel.variant_id == variant.id, StockLevel.warehouse_id == warehouse.id
    )
    return ctx.session.scalar(query.with_for_update() if lock else query)


def _check_adjustment(ctx: ToolContext, args: AdjustStockArgs, level: StockLevel | None) -> int:
    if args.change == 0:
        raise RefusedError("A stock adjustment of 0 units changes nothing.")
    on_hand = level.on_hand if level else 0
    reserved = level.reserved if level else 0
    after = on_hand + args.change
    if after < 0:
        raise RefusedError(f"Only {on_hand} units are on hand; removing {-args.change} would go below zero.")
    if after < reserved:
        raise RefusedError(f"{reserved} units are reserved for open orders; on hand cannot drop to {after}.")
    return on_hand


def _resolve(
    ctx: ToolContext, args: AdjustStockArgs, *, lock: bool
) -> tuple[Variant, Warehouse, StockLevel | None]:
    """SKU, warehouse and their stock row in one round trip (the row locked and freshly read if `lock`)."""
    query = (
        select(StockLevel, Variant, Warehouse)
        .join(Variant, Variant.id == StockLevel.variant_id)
        .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
        .options(joinedload(Variant.product))
        .where(Variant.sku == args.sku, Warehouse.code == args.warehouse)
    )
    found = (
        ctx.session.execute(query.with_for_update(of=StockLevel) if lock else query).unique().one_or_none()
    )
    if found is not None:
        return found.Variant, found.Warehouse, found.StockLevel
    # No row yet, or the SKU or code was typed loosely: resolve them the forgiving way.
    variant = get_variant_or_raise(ctx.session, args.sku)
    warehouse = get_warehouse_or_raise(ctx.session, args.warehouse)
    return variant, warehouse, _level(ctx, variant, warehouse, lock=lock)


def execute_adjust_stock(ctx: ToolContext, args: AdjustStockArgs) -> StockAdjusted:
    # The planner ran just before in this transaction and locked the row; reuse it.
    variant, warehouse, level = ctx.memo.pop("adjust_stock", None) or _resolve(ctx, args, lock=True)
    before = _check_adjustment(ctx, args, level)
    if level is None:
        level = StockLevel(variant_id=variant.id, warehouse_id=warehouse.id, on_hand=0, reserved=0)
        ctx.session.add(level)
    level.on_hand = before + args.change
    movement = StockMovement(
        variant_id=variant.id,
        warehouse_id=warehouse.id,
        quantity=args.change,
        kind=MovementKind.ADJUSTMENT,
        reason=args.reason,
        occurred_at=ctx.now(),
        created_by_id=ctx.user.id,
    )
    ctx.session.add(movement)
    ctx.session.flush()
    return StockAdjusted(
        sku=variant.sku,
        warehouse=warehouse.code,
        on_hand_before=before,
        on_hand_after=level.on_hand,
        movement_id=movement.id,
    )


@write_tool(
    name="adjust_stock",
    summary="Correct the stock of a SKU in a warehouse (needs approval).",
    roles=STAFF_ROLES,
    execute=execute_adjust_stock,
)
def adjust_stock(ctx: ToolContext, args: AdjustStockArgs) -> Plan:
    """Propose a stock correction: add or remove units of one SKU in one warehouse, with a reason (count
    difference, damage, found goods). Nothing changes until a manager approves the proposal."""
    variant, warehouse, level = _resolve(ctx, args, lock=ctx.executing)
    if ctx.executing:
        ctx.memo["adjust_stock"] = (variant, warehouse, level)
    before = _check_adjustment(ctx, args, level)
    value = abs(args.change) * (variant.cost if variant.cost is not None else variant.price)
    return Plan(
        summary=f"Adjust {variant.sku} in {warehouse.code} by {args.change:+d} ({before} -> {before + args.change})",
        preview={
            "sku": variant.sku,
            "product": variant.product.name,
            "warehouse": warehouse.code,
            "on_hand_before": before,
            "on_hand_after": before + args.change,
            "change": args.change,
            "value_at_cost": str(value),
            "reason": args.reason,
        },
        approval=ApprovalRequirement(
            roles=[Role.MANAGER], reason="Stock corrections are approved by a manager."
        ),
        amount=value,
    )


TOOLS: list[Tool[Any, Any]] = [find_products, get_stock, adjust_stock]
