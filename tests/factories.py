"""Small typed factories: each builds one valid entity with sensible defaults; pass what the test cares about."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from assistant.db import models as m

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_department(session: Session, **overrides: Any) -> m.Department:
    n = _next()
    department = m.Department(**{"code": f"D{n}", "name": f"Department {n}", **overrides})
    session.add(department)
    session.flush()
    return department


def make_employee(session: Session, **overrides: Any) -> m.Employee:
    n = _next()
    values: dict[str, Any] = {
        "email": f"employee{n}@example.test",
        "name": f"Employee {n}",
        "role": m.Role.EMPLOYEE,
        "locale": "en",
        **overrides,
    }
    employee = m.Employee(**values)
    session.add(employee)
    session.flush()
    return employee


def make_customer(session: Session, **overrides: Any) -> m.Customer:
    n = _next()
    address = overrides.pop("address", None) or {
        "line1": f"{n} Test Street",
        "city": "Zagreb",
        "postal_code": "10000",
        "country": "HR",
    }
    values: dict[str, Any] = {
        "code": f"C-T{n:05d}",
        "name": f"Customer {n}",
        "email": f"customer{n}@example.test",
        "credit_limit": Decimal("5000.00"),
        "payment_terms_days": 30,
        **overrides,
    }
    customer = m.Customer(**values)
    customer.addresses.append(m.CustomerAddress(is_default=True, **address))
    session.add(customer)
    session.flush()
    return customer


def make_payment_method(session: Session, customer: m.Customer, **overrides: Any) -> m.PaymentMethod:
    n = _next()
    values: dict[str, Any] = {
        "code": f"credit_card_t{n}",
        "kind": m.PaymentMethodKind.CREDIT_CARD,
        "brand": "visa",
        "last_four": "4242",
        "position": len(customer.payment_methods),
        **overrides,
    }
    method = m.PaymentMethod(customer_id=customer.id, **values)
    session.add(method)
    session.flush()
    session.refresh(customer)
    return method


def make_warehouse(session: Session, **overrides: Any) -> m.Warehouse:
    n = _next()
    warehouse = m.Warehouse(
        **{"code": f"W{n}", "name": f"Warehouse {n}", "country": "DE", "city": "Hamburg", **overrides}
    )
    session.add(warehouse)
    session.flush()
    return warehouse


def make_product(session: Session, *, variants: int = 2, **overrides: Any) -> m.Product:
    n = _next()
    product = m.Product(**{"code": f"P-T{n}", "name": f"Product {n}", "category": "Test", **overrides})
    for index in range(variants):
        product.variants.append(
            m.Variant(
                sku=f"SKU-T{n}-{index}",
                options={"size": ["S", "M", "L", "XL"][index % 4]},
                price=Decimal("10.00") + index,
                cost=Decimal("6.00") + index,
                position=index,
                safety_stock=5,
                reorder_point=10,
                lead_time_days=7,
            )
        )
    session.add(product)
    session.flush()
    return product


def make_stock(
    session: Session, variant: m.Variant, warehouse: m.Warehouse, on_hand: int, reserved: int = 0
) -> m.StockLevel:
    level = m.StockLevel(variant_id=variant.id, warehouse_id=warehouse.id, on_hand=on_hand, reserved=reserved)
    session.add(level)
    if on_hand:
        session.add(
            m.StockMovement(
                variant_id=variant.id,
                warehouse_id=warehouse.id,
                quantity=on_hand,
                kind=m.MovementKind.OPENING,
                reason="test stock",
            )
        )
    session.flush()
    return level


def make_order(
    session: Session, customer: m.Customer, lines: list[tuple[m.Variant, int]], **overrides: Any
) -> m.SalesOrder:
    n = _next()
    address = customer.default_address
    assert address is not None
    values: dict[str, Any] = {
        "number": f"SO-T{n:05d}",
        "status": m.OrderStatus.PENDING,
        "placed_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=n % 300),
        "ship_to_line1": address.line1,
        "ship_to_city": address.city,
        "ship_to_postal_code": address.postal_code,
        "ship_to_country": address.country,
        **overrides,
    }
    order = m.SalesOrder(customer_id=customer.id, **values)
    for position, (variant, quantity) in enumerate(lines):
        order.lines.append(
            m.SalesOrderLine(
                position=position,
                variant_id=variant.id,
                product_name=variant.product.name,
                options=dict(variant.options),
                quantity=quantity,
                unit_price=variant.price,
            )
        )
    session.add(order)
    session.flush()
    return order


def make_supplier(session: Session, **overrides: Any) -> m.Supplier:
    n = _next()
    supplier = m.Supplier(**{"code": f"S-T{n}", "name": f"Supplier {n}", "country": "PL", **overrides})
    session.add(supplier)
    session.flush()
    return supplier


def make_invoice(
    session: Session, customer: m.Customer, total: Decimal = Decimal("119.00"), **overrides: Any
) -> m.Invoice:
    n = _next()
    net = (total / Decimal("1.19")).quantize(Decimal("0.01"))
    values: dict[str, Any] = {
        "direction": m.InvoiceDirection.RECEIVABLE,
        "number": f"INV-T{n:06d}",
        "issue_date": date(2026, 1, 1),
        "due_date": date(2026, 1, 31),
        "net_amount": net,
        "tax_amount": total - net,
        "total_amount": total,
        "status": m.InvoiceStatus.OPEN,
        **overrides,
    }
    invoice = m.Invoice(customer_id=customer.id, **values)
    session.add(invoice)
    session.flush()
    return invoice
