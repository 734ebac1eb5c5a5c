"""What the company sells: products, their variants (SKUs) with prices, costs and replenishment parameters."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.db.base import Base
from assistant.db.types import json_type, utcnow


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[str | None] = mapped_column(String(80), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    default_supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", order_by="Variant.position", cascade="all, delete-orphan"
    )


class Variant(Base):
    """A sellable item (SKU). Safety stock, reorder point and lead time drive the reorder suggestions."""

    __tablename__ = "variants"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint(
            "safety_stock >= 0 AND reorder_point >= 0 AND lead_time_days >= 0", name="replenishment"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    options: Mapped[dict[str, Any]] = mapped_column(json_type(), default=dict)
    price: Mapped[Decimal]
    cost: Mapped[Decimal | None]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    is_available: Mapped[bool] = mapped_column(default=True)
    safety_stock: Mapped[int] = mapped_column(default=0)
    reorder_point: Mapped[int] = mapped_column(default=0)
    reorder_quantity: Mapped[int] = mapped_column(default=0)
    lead_time_days: Mapped[int] = mapped_column(default=7)
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="variants")

    @property
    def options_label(self) -> str:
        return ", ".join(f"{key}: {value}" for key, value in self.options.items())
