"""tau2 retail import/export: the round trip is lossless, bad files add nothing, exports show ORM changes."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.datasets.tau2 import (
    Tau2ImportError,
    export_tau2_retail,
    import_tau2_retail,
    load_tau2_file,
    write_tau2_file,
)
from assistant.db import models as m
from tests.factories import make_customer
from tests.support import tau2_dataset_path


def tau2_db_path() -> Path:
    return tau2_dataset_path()


@pytest.fixture(scope="module")
def pristine() -> dict[str, Any]:
    return load_tau2_file(tau2_db_path())


@pytest.fixture
def tau2(pristine: dict[str, Any]) -> dict[str, Any]:
    """A private copy each test may break or change."""
    return copy.deepcopy(pristine)


def as_json(data: dict[str, Any]) -> Any:
    return json.loads(json.dumps(data))


def count(session: Session, model: type[m.Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def first_key(section: dict[str, Any], where: Callable[[Any], bool] = lambda _: True) -> str:
    return next(key for key, record in section.items() if where(record))


def test_round_trip_is_lossless(db_session: Session, tau2: dict[str, Any], pristine: dict[str, Any]) -> None:
    import_tau2_retail(db_session, data=tau2)
    db_session.expire_all()  # read back from the database, not from the objects the import built

    exported = as_json(export_tau2_retail(db_session))

    assert exported == pristine
    for user_id, user in pristine["users"].items():  # == checks list order too; say it plainly
        assert exported["users"][user_id]["orders"] == user["orders"]


def delivered(order: dict[str, Any]) -> bool:
    return bool(order["status"] == "delivered" and len(order["items"]) > 1)


def other_variant(data: dict[str, Any], item: dict[str, Any]) -> str:
    variants = data["products"][item["product_id"]]["variants"]
    return first_key(variants, lambda variant: variant["item_id"] != item["item_id"])


def test_later_tau2_states_round_trip_too(db_session: Session, tau2: dict[str, Any]) -> None:
    """What tau2's operations leave: more statuses, cancel/return/exchange keys, a reordered `orders` list."""
    user = first_key(tau2["users"], lambda user: len(user["orders"]) > 2)
    tau2["users"][user]["orders"].reverse()
    cancelled = first_key(tau2["orders"], lambda order: order["status"] == "cancelled")
    tau2["orders"][cancelled]["cancel_reason"] = "ordered by mistake"
    returned, exchanged = [key for key, order in tau2["orders"].items() if delivered(order)][:2]
    order = tau2["orders"][returned]
    order["status"] = "return requested"
    order["return_items"] = sorted(item["item_id"] for item in order["items"][:2])
    order["return_payment_method_id"] = order["payment_history"][0]["payment_method_id"]
    order = tau2["orders"][exchanged]
    order["status"] = "exchange requested"
    order["exchange_items"] = sorted(item["item_id"] for item in order["items"][:2])
    order["exchange_new_items"] = sorted(other_variant(tau2, item) for item in order["items"][:2])
    order["exchange_payment_method_id"] = order["payment_history"][0]["payment_method_id"]
    order["exchange_price_difference"] = -12.5
    tau2["orders"][first_key(tau2["orders"])]["status"] = "pending (item modified)"
    expected = copy.deepcopy(tau2)
    tau2["orders"][first_key(tau2["orders"], lambda order: "cancel_reason" not in order)]["cancel_reason"] = (
        None
    )

    import_tau2_retail(db_session, data=tau2)

    assert as_json(export_tau2_retail(db_session)) == expected  # an explicit null comes back as no key


def test_import_counts_and_exact_balances(db_session: Session, tau2: dict[str, Any]) -> None:
    summary = import_tau2_retail(db_session, data=tau2)

    assert (summary.customers, summary.orders, summary.products, summary.variants) == (500, 1000, 50, 591)
    assert count(db_session, m.Customer) == 500
    assert count(db_session, m.SalesOrder) == 1000
    assert count(db_session, m.Product) == 50
    assert count(db_session, m.Variant) == 591
    assert count(db_session, m.SalesOrderLine) == sum(
        len(order["items"]) for order in tau2["orders"].values()
    )
    db_session.expire_all()
    gift_cards = select(m.PaymentMethod.code, m.PaymentMethod.balance).where(
        m.PaymentMethod.kind == m.PaymentMethodKind.GIFT_CARD
    )
    stored = dict(db_session.execute(gift_cards).all())
    expected = {
        method["id"]: Decimal(repr(method["balance"])).quantize(Decimal("0.01"))
        for user in tau2["users"].values()
        for method in user["payment_methods"].values()
        if method["source"] == "gift_card"
    }
    assert stored == expected
    assert all(isinstance(balance, Decimal) for balance in stored.values())


def test_importing_twice_is_refused_and_adds_nothing(db_session: Session, tau2: dict[str, Any]) -> None:
    import_tau2_retail(db_session, data=tau2)
    before = [count(db_session, model) for model in (m.Customer, m.Product, m.SalesOrder, m.OrderTransaction)]

    with pytest.raises(Tau2ImportError, match="already imported"):
        import_tau2_retail(db_session, data=tau2)

    assert not db_session.new
    assert [
        count(db_session, model) for model in (m.Customer, m.Product, m.SalesOrder, m.OrderTransaction)
    ] == before


def test_one_existing_customer_code_is_enough_to_refuse(db_session: Session, tau2: dict[str, Any]) -> None:
    make_customer(db_session, code=first_key(tau2["users"]))
    before = count(db_session, m.Customer)

    with pytest.raises(Tau2ImportError, match=r"already imported: the database holds customer"):
        import_tau2_retail(db_session, data=tau2)

    assert count(db_session, m.Customer) == before


# Each breaker changes one thing in a copy of the file and returns the message the import must raise.
Breaker = Callable[[dict[str, Any]], str]


def unknown_item(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], lambda order: len(order["items"]) > 1)
    data["orders"][key]["items"][1]["item_id"] = "999"
    return f"order '{key}' field 'items[1].item_id': unknown item '999' (not a variant of any product)"


def unknown_user(data: dict[str, Any]) -> str:
    key = first_key(data["orders"])
    data["orders"][key]["user_id"] = "nobody_0000"
    return f"order '{key}' field 'user_id': unknown user 'nobody_0000'"


def payment_method_of_another_user(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], lambda order: order["payment_history"])
    order = data["orders"][key]
    stranger = first_key(data["users"], lambda user: user["user_id"] != order["user_id"])
    method = first_key(data["users"][stranger]["payment_methods"])
    order["payment_history"][0]["payment_method_id"] = method
    return (
        f"order '{key}' field 'payment_history[0].payment_method_id': payment method '{method}' "
        f"belongs to user '{stranger}'"
    )


def negative_price(data: dict[str, Any]) -> str:
    product = first_key(data["products"])
    item = first_key(data["products"][product]["variants"])
    data["products"][product]["variants"][item]["price"] = -1.5
    return f"product '{product}' field 'variants[{item}].price': -1.5 is negative"


def three_decimal_amount(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], lambda order: order["payment_history"])
    data["orders"][key]["payment_history"][0]["amount"] = 10.125
    return f"order '{key}' field 'payment_history[0].amount': 10.125 has more than 2 decimals"


def price_as_string(data: dict[str, Any]) -> str:
    key = first_key(data["orders"])
    data["orders"][key]["items"][0]["price"] = "12.00"
    return f"order '{key}' field 'items[0].price': must be a number, got str"


def unknown_status(data: dict[str, Any]) -> str:
    key = first_key(data["orders"])
    data["orders"][key]["status"] = "lost in the post"
    return f"order '{key}' field 'status': Input should be 'pending'"


def key_differs_from_id(data: dict[str, Any]) -> str:
    key = first_key(data["users"])
    data["users"][key]["user_id"] = "someone_else_1"
    return f"user '{key}' field 'user_id': 'someone_else_1' differs from its key '{key}'"


def address_not_an_object(data: dict[str, Any]) -> str:
    key = first_key(data["orders"])
    data["orders"][key]["address"] = "221B Baker Street"
    return f"order '{key}' field 'address': expected an object (got str)"


def record_not_an_object(data: dict[str, Any]) -> str:
    key = first_key(data["users"])
    data["users"][key] = [key]
    return f"user '{key}': expected an object (got list)"


def missing_field(data: dict[str, Any]) -> str:
    key = first_key(data["users"])
    del data["users"][key]["email"]
    return f"user '{key}' field 'email': Field required"


def unknown_field(data: dict[str, Any]) -> str:
    key = first_key(data["orders"])
    data["orders"][key]["gift_wrap"] = True
    return f"order '{key}' field 'gift_wrap': Extra inputs are not permitted"


def order_missing_from_users_list(data: dict[str, Any]) -> str:
    user = first_key(data["users"], lambda user: user["orders"])
    dropped = data["users"][user]["orders"].pop(0)
    return f"user '{user}' field 'orders': does not list this user's order(s) ['{dropped}']"


def shipped_item_not_ordered(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], lambda order: order["fulfillments"])
    data["orders"][key]["fulfillments"][0]["item_ids"].append("999")
    position = len(data["orders"][key]["fulfillments"][0]["item_ids"]) - 1
    field = f"fulfillments[0].item_ids[{position}]"
    return f"order '{key}' field '{field}': item '999' is not among the order's items"


def item_of_another_product(data: dict[str, Any]) -> str:
    key = first_key(data["orders"])
    item = data["orders"][key]["items"][0]
    other = first_key(data["products"], lambda product: product["product_id"] != item["product_id"])
    actual, item["product_id"] = item["product_id"], other
    message = f"item '{item['item_id']}' is a variant of product '{actual}', not '{other}'"
    return f"order '{key}' field 'items[0].product_id': {message}"


def duplicate_email(data: dict[str, Any]) -> str:
    first, second = list(data["users"])[:2]
    email = data["users"][second]["email"] = data["users"][first]["email"]
    return f"user '{second}' field 'email': '{email}' is also the email of user '{first}'"


def negative_gift_card_balance(data: dict[str, Any]) -> str:
    def has_gift_card(user: Any) -> bool:
        return any(method["source"] == "gift_card" for method in user["payment_methods"].values())

    user = first_key(data["users"], has_gift_card)
    methods = data["users"][user]["payment_methods"]
    card = first_key(methods, lambda method: method["source"] == "gift_card")
    methods[card]["balance"] = -0.01
    return f"user '{user}' field 'payment_methods[{card}].balance': -0.01 is negative"


def card_without_brand(data: dict[str, Any]) -> str:
    def has_card(user: Any) -> bool:
        return any(method["source"] == "credit_card" for method in user["payment_methods"].values())

    user = first_key(data["users"], has_card)
    methods = data["users"][user]["payment_methods"]
    card = first_key(methods, lambda method: method["source"] == "credit_card")
    del methods[card]["brand"]
    return f"user '{user}' field 'payment_methods[{card}]': a credit_card payment method has brand, last_four"


def half_a_return(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], delivered)
    data["orders"][key]["return_items"] = [data["orders"][key]["items"][0]["item_id"]]
    return f"order '{key}': return_items, return_payment_method_id go together (lists non-empty); got only"


def exchange_lists_of_different_length(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], delivered)
    order = data["orders"][key]
    order["exchange_items"] = [item["item_id"] for item in order["items"][:2]]
    order["exchange_new_items"] = [other_variant(data, order["items"][0])]
    order["exchange_payment_method_id"] = order["payment_history"][0]["payment_method_id"]
    order["exchange_price_difference"] = 0
    return f"order '{key}': exchange_items and exchange_new_items differ in length"


def returned_item_not_ordered(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], delivered)
    order = data["orders"][key]
    order["return_items"] = [order["items"][0]["item_id"], "999"]
    order["return_payment_method_id"] = order["payment_history"][0]["payment_method_id"]
    return f"order '{key}' field 'return_items[1]': item '999' is not among the order's items"


def exchange_paid_by_a_stranger(data: dict[str, Any]) -> str:
    key = first_key(data["orders"], delivered)
    order = data["orders"][key]
    stranger = first_key(data["users"], lambda user: user["user_id"] != order["user_id"])
    method = first_key(data["users"][stranger]["payment_methods"])
    item = order["items"][0]
    order.update(
        exchange_items=[item["item_id"]],
        exchange_new_items=[other_variant(data, item)],
        exchange_payment_method_id=method,
        exchange_price_difference=1.25,
    )
    message = f"payment method '{method}' belongs to user '{stranger}'"
    return f"order '{key}' field 'exchange_payment_method_id': {message}"


def unknown_section(data: dict[str, Any]) -> str:
    data["reviews"] = {}
    return "unknown top-level key(s) ['reviews']"


BREAKERS: list[Breaker] = [
    unknown_item,
    unknown_user,
    payment_method_of_another_user,
    negative_price,
    three_decimal_amount,
    price_as_string,
    unknown_status,
    key_differs_from_id,
    address_not_an_object,
    record_not_an_object,
    missing_field,
    unknown_field,
    order_missing_from_users_list,
    shipped_item_not_ordered,
    item_of_another_product,
    duplicate_email,
    negative_gift_card_balance,
    card_without_brand,
    half_a_return,
    exchange_lists_of_different_length,
    returned_item_not_ordered,
    exchange_paid_by_a_stranger,
    unknown_section,
]


@pytest.mark.parametrize("breaker", BREAKERS, ids=[breaker.__name__ for breaker in BREAKERS])
def test_bad_input_is_refused_naming_record_and_field(
    db_session: Session, tau2: dict[str, Any], breaker: Breaker
) -> None:
    expected = breaker(tau2)
    before = count(db_session, m.Customer)

    with pytest.raises(Tau2ImportError, match=re.escape(expected)):
        import_tau2_retail(db_session, data=tau2)

    assert not db_session.new
    assert count(db_session, m.Customer) == before


def test_export_shows_orm_changes_and_nothing_else(db_session: Session, tau2: dict[str, Any]) -> None:
    import_tau2_retail(db_session, data=tau2)
    expected = copy.deepcopy(tau2)
    number = first_key(tau2["orders"], lambda order: order["status"] == "pending" and len(order["items"]) > 1)
    order = db_session.scalars(select(m.SalesOrder).where(m.SalesOrder.number == number)).one()
    payment = order.transactions[0]
    gift_card = db_session.scalars(
        select(m.PaymentMethod)
        .where(m.PaymentMethod.kind == m.PaymentMethodKind.GIFT_CARD)
        .order_by(m.PaymentMethod.id)
    ).first()
    assert gift_card is not None

    order.status = m.OrderStatus.CANCELLED
    order.cancel_reason = "no longer needed"
    order.transactions.append(
        m.OrderTransaction(
            position=1,
            kind=m.TransactionKind.REFUND,
            amount=payment.amount,
            payment_method=payment.payment_method,
        )
    )
    order.lines[0].quantity = 2
    gift_card.balance = Decimal("12.30")
    returned = first_key(tau2["orders"], delivered)
    delivered_order = db_session.scalars(select(m.SalesOrder).where(m.SalesOrder.number == returned)).one()
    delivered_order.status = m.OrderStatus.RETURN_REQUESTED
    delivered_order.return_payment_method = delivered_order.transactions[0].payment_method
    line = delivered_order.lines[1]
    delivered_order.item_requests.append(
        m.OrderItemRequest(kind=m.ItemRequestKind.RETURN, variant=line.variant)
    )
    exported = as_json(export_tau2_retail(db_session))

    changed = expected["orders"][number]
    changed["status"] = "cancelled"
    changed["cancel_reason"] = "no longer needed"
    changed["payment_history"].append(
        {
            "transaction_type": "refund",
            "amount": changed["payment_history"][0]["amount"],
            "payment_method_id": payment.payment_method.code,
        }
    )
    changed["items"].insert(1, copy.deepcopy(changed["items"][0]))
    owner = expected["users"][gift_card.customer.code]
    owner["payment_methods"][gift_card.code]["balance"] = 12.3
    changed = expected["orders"][returned]
    changed["status"] = "return requested"
    changed["return_items"] = [changed["items"][1]["item_id"]]
    changed["return_payment_method_id"] = changed["payment_history"][0]["payment_method_id"]
    assert exported == expected


def test_export_of_non_tau2_customers_uses_their_name(db_session: Session) -> None:
    customer = make_customer(db_session, name="Ada King Lovelace", email="ada@example.test")
    customer.addresses.clear()
    db_session.flush()

    user = export_tau2_retail(db_session)["users"][customer.code]

    assert user["name"] == {"first_name": "Ada", "last_name": "King Lovelace"}
    assert user["address"] == dict.fromkeys(("address1", "address2", "city", "country", "state", "zip"), "")
    assert (user["email"], user["payment_methods"], user["orders"]) == ("ada@example.test", {}, [])


def test_write_and_load_round_trip(tmp_path: Path, pristine: dict[str, Any]) -> None:
    path = tmp_path / "out" / "db.json"
    path.parent.mkdir()
    write_tau2_file(pristine, path)

    assert load_tau2_file(path) == pristine
    assert path.read_text(encoding="utf-8").startswith('{\n  "products": {')


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ('{"products": {', "is not valid JSON"),
        ('{"products": NaN}', "is not valid JSON: NaN is not a number JSON allows"),
        ("[1, 2]", "expected a JSON object at the top level, got list"),
        (b"\xff\xfe{}", "cannot read"),
    ],
)
def test_load_refuses_unreadable_files(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "db.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(Tau2ImportError, match=re.escape(message)):
        load_tau2_file(path)
