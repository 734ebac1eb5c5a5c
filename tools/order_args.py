"""Arguments and results of the order write tools (each field described for the model, lengths bounded)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from assistant.db.models import CustomerAddress, SalesOrder
from tools.base import ToolArgs, ToolContext, ToolResult
from tools.orders import AddressView, OrderDetail, order_detail

ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country")

OrderNumber = Annotated[
    str, Field(description="Order number, e.g. '#W2611340' or 'SO-100042'.", min_length=1, max_length=40)
]
MethodCode = Annotated[str, Field(min_length=1, max_length=64)]
SkuText = Annotated[str, Field(min_length=1, max_length=64)]


class AddressArgs(ToolArgs):
    line1: str = Field(description="Street and house number.", min_length=1, max_length=200)
    line2: str = Field(default="", description="Apartment, suite or floor; empty if none.", max_length=200)
    city: str = Field(description="City.", min_length=1, max_length=120)
    state: str = Field(default="", description="State, province or region; empty if none.", max_length=120)
    postal_code: str = Field(description="Postal (ZIP) code.", min_length=1, max_length=20)
    country: str = Field(
        description="Country as the records write it, e.g. 'USA' or 'HR'.", min_length=1, max_length=64
    )


class _OrderRef(ToolArgs):
    order: OrderNumber


class _CustomerRef(ToolArgs):
    customer: str = Field(
        description="Customer email, customer code (user id) or full name.", min_length=1, max_length=200
    )


class CancelOrderArgs(ToolArgs):
    order: OrderNumber
    reason: str = Field(
        description="Why the customer cancels: 'no longer needed' or 'ordered by mistake'; no other reason.",
        min_length=1,
        max_length=200,
    )


class ItemChange(ToolArgs):
    sku: SkuText = Field(
        description="SKU (item id) of one unit on the order; list a SKU twice to change two units of it."
    )
    new_sku: SkuText = Field(
        description="SKU of the new item: an available, different option of the same product."
    )


class ModifyOrderItemsArgs(ToolArgs):
    order: OrderNumber
    items: list[ItemChange] = Field(
        description="Every unit to change, all in this one call: an order's items can be changed only once.",
        min_length=1,
        max_length=50,
    )
    payment_method: MethodCode = Field(
        description="Code of the customer's payment method that pays the price difference or gets it back, "
        "e.g. 'credit_card_4421486' or 'gift_card_7219486'."
    )


class ExchangeOrderItemsArgs(ModifyOrderItemsArgs):
    """Same shape as a modification; the exchange happens when the goods come back."""


class ModifyOrderAddressArgs(AddressArgs, _OrderRef):
    pass


class ModifyOrderPaymentArgs(ToolArgs):
    order: OrderNumber
    payment_method: MethodCode = Field(
        description="Code of the customer's payment method that should pay for the order instead."
    )


class ReturnOrderItemsArgs(ToolArgs):
    order: OrderNumber
    skus: list[SkuText] = Field(
        description="SKU (item id) of every unit to return; list a SKU twice to return two units of it.",
        min_length=1,
        max_length=50,
    )
    payment_method: MethodCode = Field(
        description="Where the refund goes: the order's original payment method or one of the customer's "
        "gift cards."
    )


class UpdateCustomerAddressArgs(AddressArgs, _CustomerRef):
    pass


class NewOrderLine(ToolArgs):
    sku: SkuText = Field(description="SKU of the item to order.")
    quantity: int = Field(description="How many units; at least 1.", ge=1, le=100_000)


class CreateSalesOrderArgs(ToolArgs):
    customer: str = Field(description="Customer email, customer code or name.", min_length=1, max_length=200)
    lines: list[NewOrderLine] = Field(
        description="What to order: SKU and quantity per line.", min_length=1, max_length=100
    )
    ship_to: AddressArgs | None = Field(
        default=None, description="Delivery address; the customer's default address when empty."
    )
    payment_method: MethodCode | None = Field(
        default=None,
        description="Code of the customer's payment method that pays now; empty for an order on account "
        "(which must fit the customer's credit limit).",
    )
    warehouse: str | None = Field(
        default=None, description="Warehouse code to ship from; chosen by stock when empty.", max_length=16
    )
    currency: str | None = Field(
        default=None,
        description="Order currency; only the company currency is possible (the default).",
        min_length=3,
        max_length=3,
    )
    notes: str | None = Field(
        default=None, description="Notes for the people handling the order.", max_length=2000
    )


class OrderChanged(ToolResult):
    order: OrderDetail
    message: str


class CustomerAddressChanged(ToolResult):
    customer_code: str
    customer_name: str
    address: AddressView
    message: str


def address_of(source: AddressArgs | CustomerAddress) -> dict[str, str]:
    return {name: getattr(source, name) for name in ADDRESS_FIELDS}


def order_changed(ctx: ToolContext, order: SalesOrder, message: str) -> OrderChanged:
    ctx.session.flush()
    return OrderChanged(order=order_detail(ctx.session, order), message=message)
