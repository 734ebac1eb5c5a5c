"""The demo company in memory while it is generated: the shared context, what the steps hand on, helpers.

Every step draws from its own `random.Random` derived from the seed and the step's name, so changing one step
does not reshuffle the others, and nothing touches global random state or the clock.
"""

from __future__ import annotations

import random
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from assistant.db.models import Base, OrderStatus, PaymentMethodKind, PurchaseOrderStatus

Row = dict[str, Any]


class StockRole(StrEnum):
    """What the demo makes of a SKU's stock, so reports have something to find."""

    NORMAL = "normal"
    DEAD = "dead"  # stock on hand, no sales in the last 180 days
    LOW = "low"  # selling, but available below safety stock
    DISCONTINUED = "discontinued"  # sold out and no longer offered


@dataclass(slots=True)
class DemoContext:
    seed: int
    as_of: date
    now: datetime  # midnight UTC at the start of as_of: everything generated happened before it
    start: date  # first day of the order history
    rows: dict[type[Base], list[Row]] = field(default_factory=dict)
    _fakers: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, seed: int, as_of: date, *, history_days: int) -> DemoContext:
        return cls(seed=seed, as_of=as_of, now=at(as_of), start=as_of - timedelta(days=history_days))

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{step}")

    def faker(self, locale: str) -> Any:
        if locale not in self._fakers:
            from faker import Faker

            fake = Faker(locale)
            # crc32, not hash(): string hashes change between interpreter runs.
            fake.seed_instance(self.seed * 100_003 + zlib.crc32(locale.encode()))
            self._fakers[locale] = fake
        return self._fakers[locale]

    def add(self, model: type[Base], rows: Sequence[Row]) -> None:
        self.rows.setdefault(model, []).extend(rows)


@dataclass(frozen=True, slots=True)
class EmployeeInfo:
    id: int
    login: str
    name: str
    locale: str
    country: str
    manager_id: int | None
    hired_on: date


@dataclass(frozen=True, slots=True)
class WarehouseInfo:
    id: int
    code: str
    country: str


@dataclass(frozen=True, slots=True)
class SupplierInfo:
    id: int
    code: str
    country: str
    lead_time_days: int
    payment_terms_days: int


@dataclass(slots=True)
class VariantInfo:
    id: int
    sku: str
    product_id: int
    product_name: str
    category: str
    options: dict[str, str]
    price: Decimal
    cost: Decimal
    supplier: SupplierInfo
    weight: float
    order_quantity: tuple[int, int]
    warehouse_ids: tuple[int, ...]  # where it is stocked, the central warehouse first
    lead_time_days: int
    role: StockRole = StockRole.NORMAL
    last_sale_on: date | None = None  # dead and discontinued SKUs are not ordered from this day on
    safety_stock: int = 0
    reorder_point: int = 0
    reorder_quantity: int = 0

    def sellable_on(self, day: date) -> bool:
        return self.last_sale_on is None or day < self.last_sale_on


@dataclass(slots=True)
class CustomerInfo:
    id: int
    code: str
    name: str
    country: str
    region: str
    warehouse_code: str
    payment_terms_days: int
    weight: float
    acquired_on: date
    salesperson_id: int
    addresses: list[Row]  # ship-to fields, the default first
    payment_methods: list[tuple[int, PaymentMethodKind]]
    row: Row  # the customers row, finished once payments show who is on credit hold

    @property
    def prepays(self) -> bool:
        return self.payment_terms_days == 0

    def method(self, kind: PaymentMethodKind) -> int | None:
        return next(
            (method_id for method_id, method_kind in self.payment_methods if method_kind is kind), None
        )


@dataclass(slots=True)
class LineInfo:
    variant: VariantInfo
    quantity: int
    unit_price: Decimal = Decimal("0.00")


@dataclass(slots=True)
class ShipmentInfo:
    lines: list[LineInfo]
    shipped_at: datetime
    delivered_at: datetime | None = None


@dataclass(slots=True)
class OrderInfo:
    customer: CustomerInfo
    placed_at: datetime
    lines: list[LineInfo]
    ship_to: Row
    id: int = 0
    number: str = ""
    status: OrderStatus = OrderStatus.PENDING
    warehouse: WarehouseInfo | None = None
    shipments: list[ShipmentInfo] = field(default_factory=list)
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    return_requested_at: datetime | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self.lines), Decimal("0.00"))

    @property
    def is_open(self) -> bool:
        return self.status in (OrderStatus.PENDING, OrderStatus.PROCESSED)

    @property
    def shipped_on(self) -> date | None:
        """The day the last parcel left: the invoice date."""
        return max(shipment.shipped_at for shipment in self.shipments).date() if self.shipments else None


@dataclass(slots=True)
class PurchaseLineInfo:
    variant: VariantInfo
    quantity: int
    unit_cost: Decimal
    received_quantity: int = 0


@dataclass(slots=True)
class PurchaseInfo:
    supplier: SupplierInfo
    warehouse: WarehouseInfo
    ordered_at: datetime
    expected_on: date
    lines: list[PurchaseLineInfo]
    status: PurchaseOrderStatus = PurchaseOrderStatus.ORDERED
    received_at: datetime | None = None
    id: int = 0
    number: str = ""


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def fill_pattern(rng: random.Random, pattern: str) -> str:
    """`#` becomes a digit, `@` a capital letter; `|` separates alternatives."""
    choice = rng.choice(pattern.split("|"))
    return "".join(
        str(rng.randrange(10)) if char == "#" else chr(65 + rng.randrange(26)) if char == "@" else char
        for char in choice
    )


# Letters that Unicode does not decompose into a base letter and a mark.
_ASCII_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i", "ø": "o", "æ": "ae"}
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def ascii_slug(text: str, *, separator: str = "-", umlauts: bool = False) -> str:
    """`Müller Bürotechnik` -> `mueller-buerotechnik` (umlauts=True) or `muller-burotechnik`."""
    if umlauts:
        text = text.translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    plain = "".join(char for char in decomposed if char.isascii() and (char.isalnum() or char in " -"))
    return separator.join(plain.lower().replace("-", " ").split())


def weighted_index(rng: random.Random, cumulative: Sequence[float]) -> int:
    """Index drawn in proportion to weights given as a running total (bisect, so cheap inside loops)."""
    import bisect

    return bisect.bisect_right(cumulative, rng.random() * cumulative[-1])


def business_days(start: date, end: date) -> int:
    return sum(
        1 for offset in range((end - start).days + 1) if (start + timedelta(days=offset)).weekday() < 5
    )
