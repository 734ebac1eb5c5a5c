"""Replay on the imported tau2-bench retail data: every kind of order change, proposed and approved through
the engine, must leave the database exporting exactly what the policy's rules give when applied by hand to
the JSON (plain dict edits below, written from policy.md, independent of the tools' code)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assistant.datasets.tau2 import export_tau2_retail, import_tau2_retail, load_tau2_file
from assistant.db import models as m
from tests.support import tau2_dataset_path
from tests.tools.order_helpers import MakeContext, run
from tools.base import Registry, ToolContext

Data = dict[str, Any]


def tau2_path() -> Path:
    return tau2_dataset_path()


@pytest.fixture(scope="module")
def pristine() -> Data:
    return load_tau2_file(tau2_path())


def export_with_extras(session: Session) -> Data:
    """The tau2 export as a file would hold it (the exporter writes the cancel/return/exchange keys)."""
    loaded: Data = json.loads(json.dumps(export_tau2_retail(session)))
    return loaded


# --- the policy, applied to the JSON by hand ----------------------------------------------------------------


def dec(value: float) -> Decimal:
    return Decimal(repr(value))


def add_to_gift_card(data: Data, user_id: str, method_id: str, amount: Decimal) -> None:
    method = data["users"][user_id]["payment_methods"][method_id]
    if method["source"] == "gift_card":
        method["balance"] = float(dec(method["balance"]) + amount)


def expect_cancel(data: Data, number: str, reason: str) -> None:
    order = data["orders"][number]
    for payment in [p for p in order["payment_history"] if p["transaction_type"] == "payment"]:
        order["payment_history"].append(
            {
                "transaction_type": "refund",
                "amount": payment["amount"],
                "payment_method_id": payment["payment_method_id"],
            }
        )
        add_to_gift_card(data, order["user_id"], payment["payment_method_id"], dec(payment["amount"]))
    order["status"] = "cancelled"
    order["cancel_reason"] = reason


def replaced_items(data: Data, number: str, pairs: list[tuple[str, str]]) -> tuple[list[Data], Decimal]:
    """The order's items with each named unit (first match not named yet) replaced; the price difference."""
    items = copy.deepcopy(data["orders"][number]["items"])
    named: set[int] = set()
    difference = Decimal("0")
    for old, new in pairs:
        index = next(i for i, item in enumerate(items) if item["item_id"] == old and i not in named)
        named.add(index)
        variant = data["products"][items[index]["product_id"]]["variants"][new]
        difference += dec(variant["price"]) - dec(items[index]["price"])
        items[index] = {
            **items[index],
            "item_id": new,
            "price": variant["price"],
            "options": variant["options"],
        }
    return items, difference


def expect_modify_items(data: Data, number: str, pairs: list[tuple[str, str]], method_id: str) -> None:
    order = data["orders"][number]
    order["items"], difference = replaced_items(data, number, pairs)
    if difference:
        kind = "payment" if difference > 0 else "refund"
        order["payment_history"].append(
            {"transaction_type": kind, "amount": float(abs(difference)), "payment_method_id": method_id}
        )
    add_to_gift_card(data, order["user_id"], method_id, -difference)
    order["status"] = "pending (item modified)"


def expect_modify_payment(data: Data, number: str, method_id: str) -> None:
    order = data["orders"][number]
    [paid] = order["payment_history"]
    order["payment_history"] += [
        {"transaction_type": "payment", "amount": paid["amount"], "payment_method_id": method_id},
        {
            "transaction_type": "refund",
            "amount": paid["amount"],
            "payment_method_id": paid["payment_method_id"],
        },
    ]
    add_to_gift_card(data, order["user_id"], method_id, -dec(paid["amount"]))
    add_to_gift_card(data, order["user_id"], paid["payment_method_id"], dec(paid["amount"]))


def expect_return(data: Data, number: str, skus: list[str], method_id: str) -> None:
    order = data["orders"][number]
    order["status"] = "return requested"
    order["return_items"] = sorted(skus)
    order["return_payment_method_id"] = method_id


def expect_exchange(data: Data, number: str, pairs: list[tuple[str, str]], method_id: str) -> None:
    order = data["orders"][number]
    _, difference = replaced_items(data, number, pairs)
    order["status"] = "exchange requested"
    order["exchange_items"] = sorted(old for old, _ in pairs)
    order["exchange_new_items"] = sorted(new for _, new in pairs)
    order["exchange_payment_method_id"] = method_id
    order["exchange_price_difference"] = float(difference)


# --- choosing what to change, from the file -----------------------------------------------------------------


class Picker:
    """Hands out orders of a given status, each once, in file order."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.used: set[str] = set()

    def orders(self, status: str) -> Iterator[tuple[str, Data]]:
        for number, order in self.data["orders"].items():
            if order["status"] == status and number not in self.used:
                yield number, order

    def take(self, number: str) -> str:
        self.used.add(number)
        return number

    def alternative(self, item: Data, skip: str | None = None) -> str | None:
        variants = self.data["products"][item["product_id"]]["variants"]
        return next(
            (
                key
                for key, variant in variants.items()
                if variant["available"] and key not in (item["item_id"], skip)
            ),
            None,
        )

    def methods(self, user_id: str) -> Data:
        methods: Data = self.data["users"][user_id]["payment_methods"]
        return methods

    def payer(self, user_id: str, amount: Decimal) -> str | None:
        """A method of the user that can pay `amount`: a card or PayPal, or a gift card with enough on it."""
        for key, method in self.methods(user_id).items():
            if method["source"] != "gift_card" or amount <= 0 or dec(method["balance"]) >= amount:
                return key
        return None


def pick_swaps(
    picker: Picker, status: str, *, repeated: bool = False
) -> tuple[str, list[tuple[str, str]], str]:
    """An order with a changeable item (two units of one SKU if `repeated`), the pairs, and a payer."""
    for number, order in picker.orders(status):
        skus = [item["item_id"] for item in order["items"]]
        for item in order["items"]:
            new = picker.alternative(item)
            if new is None or (repeated and skus.count(item["item_id"]) < 2):
                continue
            second = picker.alternative(item, skip=new) if repeated else None
            pairs = [(item["item_id"], new)] + ([(item["item_id"], second or new)] if repeated else [])
            _, difference = replaced_items(picker.data, number, pairs)
            payer = picker.payer(order["user_id"], difference)
            if payer is not None:
                return picker.take(number), pairs, payer
    raise AssertionError(f"no {status} order to change in the dataset")


def pick_paid_with(picker: Picker, status: str, source_prefix: str) -> str:
    return picker.take(
        next(
            number
            for number, order in picker.orders(status)
            if order["payment_history"][0]["payment_method_id"].startswith(source_prefix)
        )
    )


def pick_payment_switch(picker: Picker) -> tuple[str, str]:
    """A pending order whose customer has a gift card (not the one used) that covers it."""
    for number, order in picker.orders("pending"):
        [paid] = order["payment_history"]
        for key, method in picker.methods(order["user_id"]).items():
            if (
                key != paid["payment_method_id"]
                and method["source"] == "gift_card"
                and dec(method["balance"]) >= dec(paid["amount"])
            ):
                return picker.take(number), key
    raise AssertionError("no pending order whose customer has a gift card big enough")


def pick_return_to_gift_card(picker: Picker) -> tuple[str, list[str], str]:
    for number, order in picker.orders("delivered"):
        original = order["payment_history"][0]["payment_method_id"]
        gift_cards = [
            key
            for key, method in picker.methods(order["user_id"]).items()
            if method["source"] == "gift_card" and key != original
        ]
        if gift_cards and len(order["items"]) >= 2:
            return picker.take(number), [item["item_id"] for item in order["items"][:2]], gift_cards[0]
    raise AssertionError("no delivered order whose customer has another gift card")


# --- the replay ---------------------------------------------------------------------------------------------


@pytest.fixture
def ctx(make_ctx: MakeContext, db_session: Session, pristine: Data) -> ToolContext:
    import_tau2_retail(db_session, data=copy.deepcopy(pristine))
    return make_ctx(m.Role.STAFF)


def test_replay_every_kind_of_change_on_tau2_data(
    db_session: Session, ctx: ToolContext, registry: Registry, pristine: Data
) -> None:
    expected = copy.deepcopy(pristine)
    picker = Picker(pristine)

    number = pick_paid_with(picker, "pending", "gift_card")
    run(ctx, registry, "cancel_order", {"order": number, "reason": "no longer needed"})
    expect_cancel(expected, number, "no longer needed")

    number = pick_paid_with(picker, "pending", "paypal")
    run(ctx, registry, "cancel_order", {"order": number, "reason": "ordered by mistake"})
    expect_cancel(expected, number, "ordered by mistake")

    number = picker.take(next(number for number, _ in picker.orders("pending")))
    address = {
        "line1": "1 Replay Way",
        "line2": "",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "country": "USA",
    }
    run(ctx, registry, "modify_order_address", {"order": number, **address})
    expected["orders"][number]["address"] = {
        "address1": "1 Replay Way",
        "address2": "",
        "city": "Austin",
        "country": "USA",
        "state": "TX",
        "zip": "78701",
    }

    number, gift_card = pick_payment_switch(picker)
    run(ctx, registry, "modify_order_payment", {"order": number, "payment_method": gift_card})
    expect_modify_payment(expected, number, gift_card)

    for repeated in (True, False):
        number, pairs, payer = pick_swaps(picker, "pending", repeated=repeated)
        run(
            ctx,
            registry,
            "modify_order_items",
            {
                "order": number,
                "payment_method": payer,
                "items": [{"sku": old, "new_sku": new} for old, new in pairs],
            },
        )
        expect_modify_items(expected, number, pairs, payer)

    number = picker.take(
        next(number for number, order in picker.orders("delivered") if len(order["items"]) > 1)
    )
    original = pristine["orders"][number]["payment_history"][0]["payment_method_id"]
    skus = [item["item_id"] for item in pristine["orders"][number]["items"]][::-1]
    run(ctx, registry, "return_order_items", {"order": number, "skus": skus, "payment_method": original})
    expect_return(expected, number, skus, original)

    number, skus, gift_card = pick_return_to_gift_card(picker)
    run(ctx, registry, "return_order_items", {"order": number, "skus": skus, "payment_method": gift_card})
    expect_return(expected, number, skus, gift_card)

    number, pairs, payer = pick_swaps(picker, "delivered")
    run(
        ctx,
        registry,
        "exchange_order_items",
        {
            "order": number,
            "payment_method": payer,
            "items": [{"sku": old, "new_sku": new} for old, new in pairs],
        },
    )
    expect_exchange(expected, number, pairs, payer)

    user_id = next(iter(pristine["users"]))
    run(
        ctx, registry, "update_customer_address", {"customer": pristine["users"][user_id]["email"], **address}
    )
    expected["users"][user_id]["address"] = {
        "address1": "1 Replay Way",
        "address2": "",
        "city": "Austin",
        "country": "USA",
        "state": "TX",
        "zip": "78701",
    }

    place_new_order(ctx, registry, pristine, expected)

    assert export_with_extras(db_session) == expected


def place_new_order(ctx: ToolContext, registry: Registry, pristine: Data, expected: Data) -> None:
    """A new order on the imported data (no stock records there, so no stock check), paid by card."""
    user_id, card = next(
        (user_id, key)
        for user_id, user in pristine["users"].items()
        for key, method in user["payment_methods"].items()
        if method["source"] == "credit_card"
    )
    product = next(iter(pristine["products"].values()))
    sku, variant = next(
        (key, variant) for key, variant in product["variants"].items() if variant["available"]
    )
    view = run(
        ctx,
        registry,
        "create_sales_order",
        {"customer": user_id, "payment_method": card, "lines": [{"sku": sku, "quantity": 2}]},
    )
    assert view.result is not None
    number = view.result["order"]["number"]
    item = {
        "name": product["name"],
        "product_id": product["product_id"],
        "item_id": sku,
        "price": variant["price"],
        "options": variant["options"],
    }
    expected["orders"][number] = {
        "order_id": number,
        "user_id": user_id,
        "address": expected["users"][user_id]["address"],
        "items": [item, item],
        "status": "pending",
        "fulfillments": [],
        "payment_history": [
            {
                "transaction_type": "payment",
                "amount": float(dec(variant["price"]) * 2),
                "payment_method_id": card,
            }
        ],
    }
    expected["users"][user_id]["orders"].append(number)
