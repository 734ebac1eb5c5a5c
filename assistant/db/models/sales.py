"""Sales orders: lines, ship-to address, fulfillments with tracking numbers, and the payment history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.db.base import Base
from assistant.db.models.catalog import Variant
from assistant.db.models.customers import Customer, PaymentMethod
from assistant.db.types import json_type, str_enum, utcnow


class OrderStatus(StrEnum):
    """Values are the tau2-bench retail strings, so imported and exported data keep their meaning."""

    PENDING = "pending"
    PENDING_ITEMS_MODIFIED = "pending (item modified)"
    PROCESSED = "processed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURN_REQUESTED = "return requested"
    EXCHANGE_REQUESTED = "exchange requested"


class ItemRequestKind(StrEnum):
    RETURN = "return"
    EXCHANGE = "exchange"


class TransactionKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"


class SalesOrder(Base):
    __tablename__ = "sales_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus, 32), index=True)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    salesperson_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    ship_to_name: Mapped[str | None] = mapped_column(String(200))
    ship_to_line1: Mapped[str] = mapped_column(String(200))
    ship_to_line2: Mapped[str] = mapped_column(String(200), default="")
    ship_to_city: Mapped[str] = mapped_column(String(120))
    ship_to_state: Mapped[str] = mapped_column(String(120), default="")
    ship_to_postal_code: Mapped[str] = mapped_column(String(20))
    ship_to_country: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    # Set by a return or exchange request (tau2 retail semantics); the items are in `item_requests`.
    return_payment_method_id: Mapped[int | None] = mapped_column(ForeignKey("payment_methods.id"))
    exchange_payment_method_id: Mapped[int | None] = mapped_column(ForeignKey("payment_methods.id"))
    exchange_price_difference: Mapped[Decimal | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    customer: Mapped[Customer] = relationship()
    lines: Mapped[list[SalesOrderLine]] = relationship(
        back_populates="order", order_by="SalesOrderLine.position", cascade="all, delete-orphan"
    )
    fulfillments: Mapped[list[Fulfillment]] = relationship(
        back_populates="order", order_by="Fulfillment.position", cascade="all, delete-orphan"
    )
    transactions: Mapped[list[OrderTransaction]] = relationship(
        back_populates="order", order_by="OrderTransaction.position", cascade="all, delete-orphan"
    )
    item_requests: Mapped[list[OrderItemRequest]] = relationship(
        back_populates="order", order_by="OrderItemRequest.position", cascade="all, delete-orphan"
    )
    return_payment_method: Mapped[PaymentMethod | None] = relationship(
        foreign_keys=[return_payment_method_id]
    )
    exchange_payment_method: Mapped[PaymentMethod | None] = relationship(
        foreign_keys=[exchange_payment_method_id]
    )

    @property
    def total(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))


class SalesOrderLine(Base):
    """One ordered SKU; name, options and price are what the customer saw when ordering."""

    __tablename__ = "sales_order_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"), index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    options: Mapped[dict[str, Any]] = mapped_column(json_type(), default=dict)
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal]

    order: Mapped[SalesOrder] = relationship(back_populates="lines")
    variant: Mapped[Variant] = relationship()

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class Fulfillment(Base):
    """A shipment of some of the order's items, with one or more tracking numbers."""

    __tablename__ = "fulfillments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    carrier: Mapped[str | None] = mapped_column(String(40))
    shipped_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]

    order: Mapped[SalesOrder] = relationship(back_populates="fulfillments")
    trackings: Mapped[list[FulfillmentTracking]] = relationship(
        order_by="FulfillmentTracking.position", cascade="all, delete-orphan"
    )
    items: Mapped[list[FulfillmentItem]] = relationship(
        order_by="FulfillmentItem.position", cascade="all, delete-orphan"
    )


class FulfillmentTracking(Base):
    __tablename__ = "fulfillment_trackings"

    id: Mapped[int] = mapped_column(primary_key=True)
    fulfillment_id: Mapped[int] = mapped_column(ForeignKey("fulfillments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    tracking_number: Mapped[str] = mapped_column(String(64), index=True)


class FulfillmentItem(Base):
    __tablename__ = "fulfillment_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fulfillment_id: Mapped[int] = mapped_column(ForeignKey("fulfillments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    quantity: Mapped[int] = mapped_column(default=1)

    variant: Mapped[Variant] = relationship()


class OrderTransaction(Base):
    """The order's payment history: payments and refunds, each against one payment method."""

    __tablename__ = "order_transactions"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[TransactionKind] = mapped_column(str_enum(TransactionKind, 16))
    amount: Mapped[Decimal]
    payment_method_id: Mapped[int] = mapped_column(ForeignKey("payment_methods.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)

    order: Mapped[SalesOrder] = relationship(back_populates="transactions")
    payment_method: Mapped[PaymentMethod] = relationship()


class OrderItemRequest(Base):
    """One unit asked to be returned, or exchanged for `new_variant`, on a delivered order."""

    __tablename__ = "order_item_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ItemRequestKind] = mapped_column(str_enum(ItemRequestKind, 16))
    position: Mapped[int] = mapped_column(default=0)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    new_variant_id: Mapped[int | None] = mapped_column(ForeignKey("variants.id"))

    order: Mapped[SalesOrder] = relationship(back_populates="item_requests")
    variant: Mapped[Variant] = relationship(foreign_keys=[variant_id])
    new_variant: Mapped[Variant | None] = relationship(foreign_keys=[new_variant_id])
