"""Lossless import and export of the tau2-bench retail database (products, users, orders) as JSON.

The format is the `retail` domain database of sierra-research/tau2-bench (MIT licence, "Copyright (c) 2025
Sierra Research"; see NOTICE.md and LICENSE beside the dataset). Only the data shape is shared; the code is
ours.

Import checks the whole file before adding anything: each record's shape (pydantic models that refuse unknown
keys, because a key we cannot store could not be exported again), then the links between records, then clashes
with what the database already holds. Orders may carry the optional keys tau2's own operations add
(cancel_reason, exchange_*, return_*); like tau2, an explicit null (or an empty list) there counts as absent.

Export writes every customer, product and order in the database in the same shape, so exporting a demo-company
database gives the demo data in tau2 shape (customers without a first and last name get their name split at
the first space; customers without an address get empty address fields).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)
from sqlalchemy import Row, Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from assistant.db import models as m
from assistant.db.types import CENT, to_money, utcnow

SECTIONS = ("products", "users", "orders")
_MONEY_LIMIT = Decimal(10) ** 12  # NUMERIC(14, 2)


class Tau2ImportError(ValueError):
    """The file cannot be imported as it is; the message names the record and the field."""


class Tau2ImportSummary(BaseModel):
    products: int
    variants: int
    customers: int
    payment_methods: int
    orders: int
    order_lines: int
    fulfillments: int
    transactions: int


def _signed_money(value: object) -> Decimal:
    # A bool is an int to Python but never an amount; floats go through their repr so 2674.4 stays 2674.40.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, got {type(value).__name__}")
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite() or abs(amount) >= _MONEY_LIMIT:
        raise ValueError(f"{value!r} is out of range")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{value!r} has more than 2 decimals")
    return to_money(amount)


def _money(value: object) -> Decimal:
    amount = _signed_money(value)
    if amount < 0:
        raise ValueError(f"{value!r} is negative")
    return amount


Money = Annotated[Decimal, PlainValidator(_money)]
SignedMoney = Annotated[Decimal, PlainValidator(_signed_money)]  # an exchange's price difference
Code = Annotated[str, Field(min_length=1, max_length=64)]
OrderNumber = Annotated[str, Field(min_length=1, max_length=32)]
Options = dict[str, str]


class _Record(BaseModel):
    # strict: "12" is not a price, 1 is not `true`; enum fields relax it to take their string values.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class VariantIn(_Record):
    item_id: Code
    options: Options
    available: bool
    price: Money


class ProductIn(_Record):
    name: Annotated[str, Field(max_length=200)]
    product_id: Code
    variants: dict[str, VariantIn]


class PersonNameIn(_Record):
    first_name: Annotated[str, Field(max_length=100)]
    last_name: Annotated[str, Field(max_length=99)]  # "first last" must fit Customer.name (200)


class AddressIn(_Record):
    address1: Annotated[str, Field(max_length=200)]
    address2: Annotated[str, Field(max_length=200)]
    city: Annotated[str, Field(max_length=120)]
    country: Annotated[str, Field(max_length=64)]
    state: Annotated[str, Field(max_length=120)]
    zip: Annotated[str, Field(max_length=20)]


_KIND_KEYS = {
    m.PaymentMethodKind.CREDIT_CARD: {"brand", "last_four"},
    m.PaymentMethodKind.GIFT_CARD: {"balance"},
}


class PaymentMethodIn(_Record):
    source: Annotated[m.PaymentMethodKind, Field(strict=False)]
    id: Code
    brand: Annotated[str, Field(max_length=40)] | None = None
    last_four: Annotated[str, Field(max_length=4)] | None = None
    balance: Money | None = None

    @model_validator(mode="after")
    def _keys_fit_source(self) -> PaymentMethodIn:
        # Each source has exactly its own keys, so what is exported is what was imported.
        wanted = _KIND_KEYS.get(self.source, set())
        present = {key for key in ("brand", "last_four", "balance") if getattr(self, key) is not None}
        if present != wanted:
            expected = ", ".join(sorted(wanted)) or "no extra keys"
            raise ValueError(f"a {self.source.value} payment method has {expected}, got {sorted(present)}")
        return self


class UserIn(_Record):
    user_id: Code
    name: PersonNameIn
    address: AddressIn
    email: Annotated[str, Field(min_length=1, max_length=254)]
    payment_methods: dict[str, PaymentMethodIn]
    orders: list[OrderNumber]


class ItemIn(_Record):
    name: Annotated[str, Field(max_length=200)]
    product_id: Code
    item_id: Code
    price: Money
    options: Options


class FulfillmentIn(_Record):
    tracking_id: list[Annotated[str, Field(max_length=64)]]
    item_ids: list[Code]


class TransactionIn(_Record):
    transaction_type: Annotated[m.TransactionKind, Field(strict=False)]
    amount: Money
    payment_method_id: Code


_REQUEST_KEYS = (
    ("exchange_items", "exchange_new_items", "exchange_payment_method_id", "exchange_price_difference"),
    ("return_items", "return_payment_method_id"),
)


class OrderIn(_Record):
    order_id: OrderNumber
    user_id: Code
    address: AddressIn
    items: list[ItemIn]
    status: Annotated[m.OrderStatus, Field(strict=False)]
    fulfillments: list[FulfillmentIn]
    payment_history: list[TransactionIn]
    # Set by tau2's own cancel / exchange / return operations; null is exported as a missing key.
    cancel_reason: Annotated[str, Field(max_length=200)] | None = None
    exchange_items: list[Code] | None = None
    exchange_new_items: list[Code] | None = None
    exchange_payment_method_id: Code | None = None
    exchange_price_difference: SignedMoney | None = None
    return_items: list[Code] | None = None
    return_payment_method_id: Code | None = None

    @model_validator(mode="after")
    def _requests_are_whole(self) -> OrderIn:
        # tau2 sets each group in one go; a partial group would not come back the same from the database.
        for keys in _REQUEST_KEYS:
            present = [key for key in keys if getattr(self, key) not in (None, [])]
            if present and len(present) != len(keys):
                raise ValueError(f"{', '.join(keys)} go together (lists non-empty); got only {present}")
        if len(self.exchange_items or ()) != len(self.exchange_new_items or ()):
            raise ValueError("exchange_items and exchange_new_items differ in length")
        return self


_R = TypeVar("_R", bound=_Record)
_AnyRow = Row[*tuple[Any, ...]]
_OBJECT, _LIST = "expected an object", "expected a list"
_SHAPES = {"model_type": _OBJECT, "dict_type": _OBJECT, "list_type": _LIST}
_DICT_FIELDS = frozenset({"variants", "payment_methods", "options"})


def _fail(kind: str, key: str, field: str, message: str) -> Tau2ImportError:
    where = f"{kind} '{key}'" + (f" field '{field}'" if field else "")
    return Tau2ImportError(f"{where}: {message}")


def _field_path(loc: Iterable[int | str]) -> str:
    path, previous = "", ""
    for part in loc:
        if isinstance(part, int) or previous in _DICT_FIELDS:
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
        previous = "" if previous in _DICT_FIELDS else str(part)
    return path


def _parse(model: type[_R], kind: str, section: Mapping[str, Any]) -> dict[str, _R]:
    records: dict[str, _R] = {}
    for key, raw in section.items():
        try:
            records[key] = model.model_validate(raw)
        except ValidationError as error:
            first = error.errors()[0]
            # pydantic's wording names our model classes; a file's author needs the JSON word instead.
            message = _SHAPES.get(first["type"], first["msg"].removeprefix("Value error, "))
            if first["type"].endswith("_type"):
                message += f" (got {type(first['input']).__name__})"
            raise _fail(kind, key, _field_path(first["loc"]), message) from error
    return records


class _Tau2Data:
    """The validated file: every record parsed, every link between records checked."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise Tau2ImportError(f"expected an object with {', '.join(SECTIONS)}, got {type(data).__name__}")
        if unknown := sorted(set(data) - set(SECTIONS)):
            raise Tau2ImportError(f"unknown top-level key(s) {unknown}; expected {', '.join(SECTIONS)}")
        for section in SECTIONS:
            if not isinstance(data.get(section), Mapping):
                raise Tau2ImportError(f"top-level '{section}' must be an object keyed by id")
        self.products = _parse(ProductIn, "product", data["products"])
        self.users = _parse(UserIn, "user", data["users"])
        self.orders = _parse(OrderIn, "order", data["orders"])
        self.product_of_item: dict[str, str] = {}
        self.owner_of_method: dict[str, str] = {}
        self._check_products()
        self._check_users()
        self._check_orders()

    def _check_products(self) -> None:
        for key, product in self.products.items():
            _same_id("product", key, "product_id", product.product_id, key)
            for item_key, variant in product.variants.items():
                _same_id("product", key, f"variants[{item_key}].item_id", variant.item_id, item_key)
                if (other := self.product_of_item.get(item_key)) is not None:
                    raise _fail("product", key, f"variants[{item_key}]", f"item also a variant of '{other}'")
                self.product_of_item[item_key] = key

    def _check_users(self) -> None:
        emails: dict[str, str] = {}
        orders_of_user: dict[str, set[str]] = defaultdict(set)
        for number, order in self.orders.items():
            _same_id("order", number, "order_id", order.order_id, number)
            if order.user_id not in self.users:
                raise _fail("order", number, "user_id", f"unknown user '{order.user_id}'")
            orders_of_user[order.user_id].add(number)
        for key, user in self.users.items():
            _same_id("user", key, "user_id", user.user_id, key)
            if (other := emails.setdefault(user.email, key)) != key:
                raise _fail("user", key, "email", f"'{user.email}' is also the email of user '{other}'")
            for method_key, method in user.payment_methods.items():
                field = f"payment_methods[{method_key}]"
                _same_id("user", key, f"{field}.id", method.id, method_key)
                if (owner := self.owner_of_method.setdefault(method_key, key)) != key:
                    raise _fail("user", key, field, f"payment method also belongs to user '{owner}'")
            listed = set(user.orders)
            if len(listed) != len(user.orders):
                raise _fail("user", key, "orders", "lists an order twice")
            for index, number in enumerate(user.orders):
                if number not in self.orders:
                    raise _fail("user", key, f"orders[{index}]", f"unknown order '{number}'")
                if (buyer := self.orders[number].user_id) != key:
                    message = f"order '{number}' belongs to user '{buyer}'"
                    raise _fail("user", key, f"orders[{index}]", message)
            if missing := sorted(orders_of_user[key] - listed):
                raise _fail("user", key, "orders", f"does not list this user's order(s) {missing}")

    def _check_orders(self) -> None:
        for key, order in self.orders.items():
            for index, item in enumerate(order.items):
                product = self.product_of_item.get(item.item_id)
                if product is None:
                    message = f"unknown item '{item.item_id}' (not a variant of any product)"
                    raise _fail("order", key, f"items[{index}].item_id", message)
                if product != item.product_id:
                    message = f"item '{item.item_id}' is a variant of product '{product}', "
                    message += f"not '{item.product_id}'"
                    raise _fail("order", key, f"items[{index}].product_id", message)
            ordered = {item.item_id for item in order.items}
            for field, item_id in _item_references(order):
                if item_id not in ordered:
                    raise _fail("order", key, field, f"item '{item_id}' is not among the order's items")
            for index, item_id in enumerate(order.exchange_new_items or ()):
                if item_id not in self.product_of_item:
                    raise _fail("order", key, f"exchange_new_items[{index}]", f"unknown item '{item_id}'")
            for field, method in _method_references(order):
                owner = self.owner_of_method.get(method)
                if owner != order.user_id:
                    whose = f"belongs to user '{owner}'" if owner else "is unknown"
                    message = f"payment method '{method}' {whose}, not '{order.user_id}'"
                    raise _fail("order", key, field, message)

    def insertion_order(self) -> list[str]:
        # Orders get ascending ids in this sequence and users' `orders` lists are exported by id, so the k-th
        # order of a user in the file's order is replaced by the k-th entry of that user's list.
        queues = {key: iter(user.orders) for key, user in self.users.items()}
        return [next(queues[order.user_id]) for order in self.orders.values()]


def _item_references(order: OrderIn) -> list[tuple[str, str]]:
    """(field, item id) for every place an order names one of its own items."""
    references = [
        (f"fulfillments[{index}].item_ids[{position}]", item_id)
        for index, fulfillment in enumerate(order.fulfillments)
        for position, item_id in enumerate(fulfillment.item_ids)
    ]
    for name in ("exchange_items", "return_items"):
        items: list[str] = getattr(order, name) or []
        references += [(f"{name}[{index}]", item_id) for index, item_id in enumerate(items)]
    return references


def _method_references(order: OrderIn) -> list[tuple[str, str]]:
    """(field, payment method id) for every payment method an order names."""
    references = [
        (f"payment_history[{index}].payment_method_id", payment.payment_method_id)
        for index, payment in enumerate(order.payment_history)
    ]
    for name in ("exchange_payment_method_id", "return_payment_method_id"):
        if (method := getattr(order, name)) is not None:
            references.append((name, method))
    return references


def _same_id(kind: str, key: str, field: str, value: str, expected: str) -> None:
    if value != expected:
        raise _fail(kind, key, field, f"'{value}' differs from its key '{expected}'")


def _existing(session: Session, column: InstrumentedAttribute[str], values: Iterable[str]) -> list[str]:
    wanted, found = sorted(set(values)), list[str]()
    for start in range(0, len(wanted), 500):  # stay far below the databases' bound-parameter limits
        found += session.scalars(select(column).where(column.in_(wanted[start : start + 500]))).all()
    return sorted(found)


def _check_database(session: Session, data: _Tau2Data) -> None:
    already = [
        ("customer", m.Customer.code, list(data.users)),
        ("product", m.Product.code, list(data.products)),
        ("order", m.SalesOrder.number, list(data.orders)),
    ]
    for kind, column, keys in already:
        if found := _existing(session, column, keys):
            message = f"the database holds {kind}(s) {found[:5]} ({len(found)} in all)"
            raise Tau2ImportError(f"already imported: {message}")
    clashes = [
        ("variant SKU", m.Variant.sku, list(data.product_of_item)),
        ("payment method", m.PaymentMethod.code, list(data.owner_of_method)),
        ("customer email", m.Customer.email, [user.email for user in data.users.values()]),
    ]
    for kind, column, values in clashes:
        if found := _existing(session, column, values):
            raise Tau2ImportError(f"the database already holds {kind}(s) {found[:5]} ({len(found)} in all)")


def import_tau2_retail(session: Session, *, data: Mapping[str, Any]) -> Tau2ImportSummary:
    """Add the file's products, users and orders; validates everything first. Flushes, never commits."""
    parsed = _Tau2Data(data)
    _check_database(session, parsed)
    variants: dict[str, m.Variant] = {}
    for product in parsed.products.values():
        rows = [
            m.Variant(
                sku=v.item_id,
                options=dict(v.options),
                price=v.price,
                is_available=v.available,
                position=position,
            )
            for position, v in enumerate(product.variants.values())
        ]
        variants.update((row.sku, row) for row in rows)
        session.add(m.Product(code=product.product_id, name=product.name, variants=rows))
    customers: dict[str, m.Customer] = {}
    methods: dict[str, m.PaymentMethod] = {}
    for user in parsed.users.values():
        customers[user.user_id] = customer = _customer(user)
        methods.update((method.code, method) for method in customer.payment_methods)
        session.add(customer)
    placed_at = utcnow()
    lines = fulfillments = transactions = 0
    for number in parsed.insertion_order():
        order = parsed.orders[number]
        row = _sales_order(order, customers[order.user_id], variants, methods)
        row.placed_at = placed_at
        for transaction in row.transactions:
            transaction.occurred_at = placed_at
        lines, fulfillments = lines + len(row.lines), fulfillments + len(row.fulfillments)
        transactions += len(row.transactions)
        session.add(row)
    session.flush()
    return Tau2ImportSummary(
        products=len(parsed.products),
        variants=len(variants),
        customers=len(customers),
        payment_methods=len(methods),
        orders=len(parsed.orders),
        order_lines=lines,
        fulfillments=fulfillments,
        transactions=transactions,
    )


def _customer(user: UserIn) -> m.Customer:
    where = user.address
    address = m.CustomerAddress(
        is_default=True,
        line1=where.address1,
        line2=where.address2,
        city=where.city,
        state=where.state,
        postal_code=where.zip,
        country=where.country,
    )
    payment_methods = [
        m.PaymentMethod(
            code=method.id,
            kind=method.source,
            brand=method.brand,
            last_four=method.last_four,
            balance=method.balance,
            position=position,
        )
        for position, method in enumerate(user.payment_methods.values())
    ]
    first, last = user.name.first_name, user.name.last_name
    return m.Customer(
        code=user.user_id,
        name=f"{first} {last}",
        first_name=first,
        last_name=last,
        email=user.email,
        addresses=[address],
        payment_methods=payment_methods,
    )


def _sales_order(
    order: OrderIn,
    customer: m.Customer,
    variants: Mapping[str, m.Variant],
    methods: Mapping[str, m.PaymentMethod],
) -> m.SalesOrder:
    lines = [
        m.SalesOrderLine(
            position=position,
            variant=variants[item.item_id],
            product_name=item.name,
            options=dict(item.options),
            quantity=1,
            unit_price=item.price,
        )
        for position, item in enumerate(order.items)
    ]
    fulfillments = [
        m.Fulfillment(
            position=position,
            trackings=[
                m.FulfillmentTracking(position=i, tracking_number=number)
                for i, number in enumerate(shipment.tracking_id)
            ],
            items=[
                m.FulfillmentItem(position=i, variant=variants[sku])
                for i, sku in enumerate(shipment.item_ids)
            ],
        )
        for position, shipment in enumerate(order.fulfillments)
    ]
    transactions = [
        m.OrderTransaction(
            position=position,
            kind=payment.transaction_type,
            amount=payment.amount,
            payment_method=methods[payment.payment_method_id],
        )
        for position, payment in enumerate(order.payment_history)
    ]
    # Exchanges pair old and new items by position, as tau2's two (separately sorted) lists do.
    requested: list[tuple[m.ItemRequestKind, str, m.Variant | None]]
    requested = [(m.ItemRequestKind.RETURN, sku, None) for sku in order.return_items or ()]
    requested += [
        (m.ItemRequestKind.EXCHANGE, sku, variants[new_sku])
        for sku, new_sku in zip(order.exchange_items or (), order.exchange_new_items or (), strict=True)
    ]
    item_requests = [
        m.OrderItemRequest(kind=kind, position=position, variant=variants[sku], new_variant=new_variant)
        for position, (kind, sku, new_variant) in enumerate(requested)
    ]
    where = order.address
    return m.SalesOrder(
        number=order.order_id,
        customer=customer,
        status=order.status,
        cancel_reason=order.cancel_reason,
        ship_to_line1=where.address1,
        ship_to_line2=where.address2,
        ship_to_city=where.city,
        ship_to_state=where.state,
        ship_to_postal_code=where.zip,
        ship_to_country=where.country,
        lines=lines,
        fulfillments=fulfillments,
        transactions=transactions,
        item_requests=item_requests,
        exchange_payment_method=_method_or_none(methods, order.exchange_payment_method_id),
        exchange_price_difference=order.exchange_price_difference,
        return_payment_method=_method_or_none(methods, order.return_payment_method_id),
    )


def _method_or_none(methods: Mapping[str, m.PaymentMethod], code: str | None) -> m.PaymentMethod | None:
    return None if code is None else methods[code]


def export_tau2_retail(session: Session) -> dict[str, Any]:
    """Every product, customer and order in the database, in the tau2 retail shape (reads what is flushed)."""
    # Column queries (and refreshed order rows): they read the database, never a collection loaded earlier.
    return {
        "products": _export_products(session),
        "users": _export_users(session),
        "orders": _export_orders(session),
    }


def _by_owner(session: Session, statement: Select[*tuple[Any, ...]]) -> dict[int, list[_AnyRow]]:
    """The statement's rows grouped by their first column (the owner's id), in the statement's order."""
    groups: dict[int, list[_AnyRow]] = defaultdict(list)
    for row in session.execute(statement):
        groups[row[0]].append(row)
    return groups


def _export_products(session: Session) -> dict[str, Any]:
    V = m.Variant  # one-letter aliases keep the column lists readable
    variants = _by_owner(
        session,
        select(V.product_id, V.sku, V.options, V.is_available, V.price).order_by(
            V.product_id, V.position, V.id
        ),
    )
    products: dict[str, Any] = {}
    for product_id, code, name in session.execute(
        select(m.Product.id, m.Product.code, m.Product.name).order_by(m.Product.id)
    ):
        products[code] = {
            "name": name,
            "product_id": code,
            "variants": {
                sku: {"item_id": sku, "options": options, "available": available, "price": float(price)}
                for _, sku, options, available, price in variants[product_id]
            },
        }
    return products


def _export_users(session: Session) -> dict[str, Any]:
    A, C, P, SO = m.CustomerAddress, m.Customer, m.PaymentMethod, m.SalesOrder
    addresses = _by_owner(
        session,
        select(A.customer_id, A.line1, A.line2, A.city, A.country, A.state, A.postal_code).order_by(
            A.customer_id, A.is_default.desc(), A.id
        ),
    )
    methods = _by_owner(
        session,
        select(P.customer_id, P.kind, P.code, P.brand, P.last_four, P.balance).order_by(
            P.customer_id, P.position, P.id
        ),
    )
    orders = _by_owner(session, select(SO.customer_id, SO.number).order_by(SO.id))
    users: dict[str, Any] = {}
    customers = select(C.id, C.code, C.name, C.first_name, C.last_name, C.email).order_by(C.id)
    for customer_id, code, name, first_name, last_name, email in session.execute(customers):
        if first_name is None and last_name is None:
            first_name, _, last_name = name.partition(" ")
        address = addresses[customer_id][0][1:] if addresses[customer_id] else ("",) * 6
        users[code] = {
            "user_id": code,
            "name": {"first_name": first_name or "", "last_name": last_name or ""},
            "address": _address(*address),
            "email": email,
            "payment_methods": {row.code: _payment_method(row) for row in methods[customer_id]},
            "orders": [row.number for row in orders[customer_id]],
        }
    return users


def _address(line1: str, line2: str, city: str, country: str, state: str, postal_code: str) -> dict[str, str]:
    return {
        "address1": line1,
        "address2": line2,
        "city": city,
        "country": country,
        "state": state,
        "zip": postal_code,
    }


def _payment_method(row: _AnyRow) -> dict[str, Any]:
    method: dict[str, Any] = {"source": row.kind.value, "id": row.code}
    if row.brand is not None:
        method["brand"] = row.brand
    if row.last_four is not None:
        method["last_four"] = row.last_four
    if row.balance is not None:
        method["balance"] = float(row.balance)
    return method


def _export_orders(session: Session) -> dict[str, Any]:
    L, V, F, FT, FI = m.SalesOrderLine, m.Variant, m.Fulfillment, m.FulfillmentTracking, m.FulfillmentItem
    T, R, SO, NV = m.OrderTransaction, m.OrderItemRequest, m.SalesOrder, aliased(m.Variant)
    lines = _by_owner(
        session,
        select(L.order_id, L.product_name, m.Product.code, V.sku, L.unit_price, L.options, L.quantity)
        .join(L.variant)
        .join(V.product)
        .order_by(L.order_id, L.position, L.id),
    )
    trackings = _by_owner(
        session, select(FT.fulfillment_id, FT.tracking_number).order_by(FT.fulfillment_id, FT.position, FT.id)
    )
    shipped = _by_owner(
        session,
        select(FI.fulfillment_id, V.sku, FI.quantity)
        .join(FI.variant)
        .order_by(FI.fulfillment_id, FI.position, FI.id),
    )
    fulfillments = _by_owner(session, select(F.order_id, F.id).order_by(F.order_id, F.position, F.id))
    payments = _by_owner(
        session,
        select(T.order_id, T.kind, T.amount, m.PaymentMethod.code)
        .join(T.payment_method)
        .order_by(T.order_id, T.position, T.id),
    )
    requests = _by_owner(
        session,
        select(R.order_id, R.kind, V.sku, NV.sku.label("new_sku"))
        .join(V, R.variant_id == V.id)
        .outerjoin(NV, R.new_variant_id == NV.id)
        .order_by(R.order_id, R.position, R.id),
    )
    PM = m.PaymentMethod
    method_codes = {row.id: row.code for row in session.execute(select(PM.id, PM.code))}
    orders: dict[str, Any] = {}
    # populate_existing: order objects the session already holds are refreshed from the rows, not trusted.
    statement = select(SO, m.Customer.code).join(SO.customer).order_by(SO.id)
    for row, user_id in session.execute(statement.execution_options(populate_existing=True)):
        orders[row.number] = {
            "order_id": row.number,
            "user_id": user_id,
            "address": _address(
                row.ship_to_line1,
                row.ship_to_line2,
                row.ship_to_city,
                row.ship_to_country,
                row.ship_to_state,
                row.ship_to_postal_code,
            ),
            # A line of quantity q is q identical items: tau2 repeats an item rather than counting it.
            "items": [
                {
                    "name": name,
                    "product_id": product,
                    "item_id": sku,
                    "price": float(price),
                    "options": dict(options),
                }
                for _, name, product, sku, price, options, quantity in lines[row.id]
                for _ in range(quantity)
            ],
            "status": row.status.value,
            "fulfillments": [
                {
                    "tracking_id": [line.tracking_number for line in trackings[fulfillment.id]],
                    "item_ids": [line.sku for line in shipped[fulfillment.id] for _ in range(line.quantity)],
                }
                for fulfillment in fulfillments[row.id]
            ],
            "payment_history": [
                {"transaction_type": kind.value, "amount": float(amount), "payment_method_id": method}
                for _, kind, amount, method in payments[row.id]
            ],
            **_order_requests(row, requests[row.id], method_codes),
        }
    return orders


def _order_requests(
    order: m.SalesOrder, requests: list[_AnyRow], method_codes: Mapping[int, str]
) -> dict[str, Any]:
    """The optional keys tau2's cancel, exchange and return operations add, for those the order has.

    tau2 stores each item list sorted on its own (old and new items are not paired by position), so do we.
    """
    exchanges = [request for request in requests if request.kind == m.ItemRequestKind.EXCHANGE]
    returns = sorted(request.sku for request in requests if request.kind == m.ItemRequestKind.RETURN)
    difference = order.exchange_price_difference
    extras: dict[str, Any] = {
        "cancel_reason": order.cancel_reason,
        "exchange_items": sorted(request.sku for request in exchanges) or None,
        "exchange_new_items": sorted(request.new_sku for request in exchanges if request.new_sku) or None,
        "exchange_payment_method_id": method_codes.get(order.exchange_payment_method_id or 0),
        "exchange_price_difference": None if difference is None else float(difference),
        "return_items": returns or None,
        "return_payment_method_id": method_codes.get(order.return_payment_method_id or 0),
    }
    return {key: value for key, value in extras.items() if value is not None}


def load_tau2_file(path: Path) -> dict[str, Any]:
    """Read a tau2 retail db.json; unreadable files and invalid JSON raise Tau2ImportError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Tau2ImportError(f"cannot read {path}: {error}") from error
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise Tau2ImportError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise Tau2ImportError(f"{path}: expected a JSON object at the top level, got {type(data).__name__}")
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def write_tau2_file(data: Mapping[str, Any], path: Path) -> None:
    """Write an export as readable JSON (UTF-8 kept as is, no NaN or infinity)."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
