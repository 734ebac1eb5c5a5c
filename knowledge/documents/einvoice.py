"""E-invoice XML read by its structure: UBL (Invoice, CreditNote, Order, DespatchAdvice; XRechnung and PEPPOL
use UBL) and UN/CEFACT CII (CrossIndustryInvoice; ZUGFeRD, Factur-X and XRechnung use CII).

Fields come from fixed elements, so they carry a high confidence and their XML path as the source.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from assistant.db.models.documents import DocumentType
from knowledge.documents import model
from knowledge.documents.model import ExtractedField
from knowledge.documents.normalise import compact_identifier, normalise_amount, normalise_quantity

XML_CONFIDENCE = 0.99
Element = ElementTree.Element


class XmlError(ValueError):
    pass


@dataclass(frozen=True)
class XmlDocument:
    doc_type: DocumentType
    form: str
    root_name: str
    fields: dict[str, ExtractedField]
    text: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _path(path: str) -> str:
    """'cac:Party/cbc:Name' -> '{*}Party/{*}Name' (any namespace, the prefixes are for people)."""
    return "/".join("{*}" + step.split(":", 1)[-1] for step in path.split("/"))


def _find(element: Element, path: str) -> Element | None:
    return element.find(_path(path))


def _text(element: Element, path: str) -> str | None:
    found = _find(element, path)
    if found is None or found.text is None or not found.text.strip():
        return None
    return " ".join(found.text.split())


class _Fields:
    def __init__(self) -> None:
        self.values: dict[str, ExtractedField] = {}

    def put(self, name: str, value: Any, path: str) -> None:
        if value not in (None, "", []) and name not in self.values:
            self.values[name] = ExtractedField(value, XML_CONFIDENCE, f"xml: {path}")

    def text(self, name: str, root: Element, *paths: str, clean: Any = None) -> None:
        for path in paths:
            raw = _text(root, path)
            if raw is not None:
                self.put(name, clean(raw) if clean else raw, path)
                return

    def amount(self, name: str, root: Element, *paths: str) -> None:
        self.text(name, root, *paths, clean=lambda raw: normalise_amount(raw))

    def date(self, name: str, root: Element, *paths: str) -> None:
        self.text(name, root, *paths, clean=_xml_date)


def _xml_date(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)[:8]
    if len(digits) != 8:
        return None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"


def parse_xml(data: bytes) -> XmlDocument:
    """Raises XmlError when the XML is malformed, hostile (entities, DTDs) or not an e-document we know."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise XmlError("the XML declares a DTD or entities, which e-invoices never need; refused") from error
    except ElementTree.ParseError as error:
        raise XmlError(f"the XML is malformed ({error})") from error
    name = _local(root.tag)
    text = _readable_text(root)
    if name in ("Invoice", "CreditNote"):
        return XmlDocument(DocumentType.INVOICE, model.FORM_XML_UBL, name, _ubl_invoice(root, name), text)
    if name == "DespatchAdvice":
        return XmlDocument(DocumentType.DELIVERY_NOTE, model.FORM_XML_UBL, name, _ubl_despatch(root), text)
    if name == "Order":
        return XmlDocument(DocumentType.PURCHASE_ORDER, model.FORM_XML_UBL, name, _ubl_order(root), text)
    if name == "CrossIndustryInvoice":
        return XmlDocument(DocumentType.INVOICE, model.FORM_XML_CII, name, _cii_invoice(root), text)
    raise XmlError(f"XML with root element {name!r} is not a UBL or CII e-document we read")


def _readable_text(root: Element) -> str:
    return "\n".join(" ".join(piece.split()) for piece in root.itertext() if piece.strip())


def _party_name(prefix: str) -> tuple[str, ...]:
    return (
        f"{prefix}/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
        f"{prefix}/cac:Party/cac:PartyName/cbc:Name",
    )


def _ubl_invoice(root: Element, name: str) -> dict[str, ExtractedField]:
    fields = _Fields()
    fields.text("number", root, "cbc:ID")
    fields.date("issue_date", root, "cbc:IssueDate")
    fields.date("due_date", root, "cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate")
    fields.text("seller", root, *_party_name("cac:AccountingSupplierParty"))
    fields.text("buyer", root, *_party_name("cac:AccountingCustomerParty"))
    for role, prefix in (("seller", "cac:AccountingSupplierParty"), ("buyer", "cac:AccountingCustomerParty")):
        fields.text(
            f"{role}_vat_id",
            root,
            f"{prefix}/cac:Party/cac:PartyTaxScheme/cbc:CompanyID",
            clean=compact_identifier,
        )
    fields.text("iban", root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", clean=compact_identifier)
    fields.text("currency", root, "cbc:DocumentCurrencyCode", clean=str.upper)
    fields.amount("net", root, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")
    fields.amount("tax", root, "cac:TaxTotal/cbc:TaxAmount")
    fields.amount(
        "total",
        root,
        "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
        "cac:LegalMonetaryTotal/cbc:PayableAmount",
    )
    fields.text("po_reference", root, "cac:OrderReference/cbc:ID")
    return fields.values


def _lines(
    root: Element, line_path: str, name_paths: tuple[str, ...], quantity_path: str
) -> list[dict[str, str]]:
    lines: list[dict[str, str]] = []
    for line in root.findall(_path(line_path)):
        description = next((value for path in name_paths if (value := _text(line, path))), None)
        quantity = _text(line, quantity_path)
        if description or quantity:
            lines.append(
                {"description": description or "", "quantity": normalise_quantity(quantity or "") or ""}
            )
    return lines


def _ubl_despatch(root: Element) -> dict[str, ExtractedField]:
    fields = _Fields()
    fields.text("number", root, "cbc:ID")
    fields.text("order_reference", root, "cac:OrderReference/cbc:ID")
    items = _lines(
        root, "cac:DespatchLine", ("cac:Item/cbc:Name", "cac:Item/cbc:Description"), "cbc:DeliveredQuantity"
    )
    fields.put("items", items, "cac:DespatchLine")
    return fields.values


def _ubl_order(root: Element) -> dict[str, ExtractedField]:
    fields = _Fields()
    fields.text("number", root, "cbc:ID")
    fields.text("buyer", root, *_party_name("cac:BuyerCustomerParty"))
    fields.text("supplier", root, *_party_name("cac:SellerSupplierParty"))
    lines = _lines(
        root,
        "cac:OrderLine/cac:LineItem",
        ("cac:Item/cbc:Name", "cac:Item/cbc:Description"),
        "cbc:Quantity",
    )
    fields.put("lines", lines, "cac:OrderLine")
    fields.amount("total", root, "cac:AnticipatedMonetaryTotal/cbc:PayableAmount")
    return fields.values


_CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
_CII_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_CII_SUMMATION = f"{_CII_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"


def _cii_invoice(root: Element) -> dict[str, ExtractedField]:
    fields = _Fields()
    fields.text("number", root, "rsm:ExchangedDocument/ram:ID")
    fields.date("issue_date", root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
    fields.date(
        "due_date",
        root,
        f"{_CII_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
    )
    fields.text("seller", root, f"{_CII_AGREEMENT}/ram:SellerTradeParty/ram:Name")
    fields.text("buyer", root, f"{_CII_AGREEMENT}/ram:BuyerTradeParty/ram:Name")
    for role, party in (("seller", "SellerTradeParty"), ("buyer", "BuyerTradeParty")):
        for registration in root.findall(
            _path(f"{_CII_AGREEMENT}/ram:{party}/ram:SpecifiedTaxRegistration/ram:ID")
        ):
            if registration.get("schemeID", "VA") == "VA" and registration.text:
                fields.put(
                    f"{role}_vat_id",
                    compact_identifier(registration.text),
                    f"{_CII_AGREEMENT}/ram:{party}/ram:SpecifiedTaxRegistration/ram:ID",
                )
    fields.text(
        "iban",
        root,
        f"{_CII_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
        clean=compact_identifier,
    )
    fields.text("currency", root, f"{_CII_SETTLEMENT}/ram:InvoiceCurrencyCode", clean=str.upper)
    fields.amount("net", root, f"{_CII_SUMMATION}/ram:TaxBasisTotalAmount")
    fields.amount("tax", root, f"{_CII_SUMMATION}/ram:TaxTotalAmount")
    fields.amount(
        "total", root, f"{_CII_SUMMATION}/ram:GrandTotalAmount", f"{_CII_SUMMATION}/ram:DuePayableAmount"
    )
    fields.text(
        "po_reference", root, f"{_CII_AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"
    )
    return fields.values
