"""Structured e-documents: a UBL 2.1 Invoice (PEPPOL / XRechnung style), a UN/CEFACT CII CrossIndustryInvoice
(ZUGFeRD / Factur-X / XRechnung style) and a UBL 2.1 DespatchAdvice, built with ElementTree from generated data.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.documents.corpus_blocks import COUNTRY, Line, Party, pick_lines, pick_parties
from tests.documents.corpus_business import CURRENCIES, TAX_RATE, po_number
from tests.documents.corpus_values import expected_amount, expected_quantity, money, random_date

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_DESPATCH = "urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

for _prefix, _uri in (("cac", CAC), ("cbc", CBC), ("rsm", RSM), ("ram", RAM), ("udt", UDT)):
    ET.register_namespace(_prefix, _uri)


def _add(
    parent: ET.Element, namespace: str, tag: str, text: str | None = None, **attributes: str
) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _serialise(root: ET.Element, default_namespace: str | None = None) -> bytes:
    if default_namespace:  # a UBL document's own namespace is its default one (xmlns="...")
        ET.register_namespace("", default_namespace)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


class InvoiceData:
    """One generated invoice, shared by both e-invoice syntaxes."""

    def __init__(self, rng: random.Random, language: str) -> None:
        self.language = language
        self.seller, self.buyer = pick_parties(rng, language)
        self.currency = CURRENCIES[language][0]
        self.rate = TAX_RATE[language]
        self.lines = pick_lines(rng, language, self.currency, rng.randint(1, 4))
        self.net = money(sum((line.amount for line in self.lines), Decimal(0)))
        self.tax = money(self.net * self.rate)
        self.total = self.net + self.tax
        self.issued = random_date(rng)
        self.due = self.issued + timedelta(days=30)
        prefix = {"en": "INV", "de": "RE", "pl": "FV", "hr": "R"}[language]
        self.number = f"{prefix}-{self.issued.year}-{rng.randint(1000, 99999)}"
        self.po = po_number(rng, language, self.issued - timedelta(days=12))
        self.country = COUNTRY[language]

    def fields(self) -> dict[str, Any]:
        assert self.seller.iban is not None
        return {
            "number": self.number,
            "issue_date": self.issued.isoformat(),
            "due_date": self.due.isoformat(),
            "seller": self.seller.name,
            "buyer": self.buyer.name,
            "seller_vat_id": self.seller.vat_id,
            "buyer_vat_id": self.buyer.vat_id,
            "iban": self.seller.iban,
            "currency": self.currency,
            "net": expected_amount(self.net),
            "tax": expected_amount(self.tax),
            "total": expected_amount(self.total),
            "po_reference": self.po,
        }


def _ubl_party(parent: ET.Element, role: str, party: Party, country: str) -> None:
    container = _add(_add(parent, CAC, role), CAC, "Party")
    _add(_add(container, CAC, "PartyName"), CBC, "Name", party.name)
    street, _, city = party.address.partition(", ")
    address = _add(container, CAC, "PostalAddress")
    _add(address, CBC, "StreetName", street)
    _add(address, CBC, "CityName", city)
    _add(_add(address, CAC, "Country"), CBC, "IdentificationCode", country)
    tax_scheme = _add(container, CAC, "PartyTaxScheme")
    _add(tax_scheme, CBC, "CompanyID", party.vat_id)
    _add(_add(tax_scheme, CAC, "TaxScheme"), CBC, "ID", "VAT")
    _add(_add(container, CAC, "PartyLegalEntity"), CBC, "RegistrationName", party.name)
    _add(_add(container, CAC, "Contact"), CBC, "ElectronicMail", party.email)


def ubl_invoice(rng: random.Random, language: str) -> tuple[bytes, dict[str, Any]]:
    data = InvoiceData(rng, language)
    currency = {"currencyID": data.currency}
    root = ET.Element(f"{{{UBL_INVOICE}}}Invoice")
    _add(
        root, CBC, "CustomizationID", "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
    )
    _add(root, CBC, "ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    _add(root, CBC, "ID", data.number)
    _add(root, CBC, "IssueDate", data.issued.isoformat())
    _add(root, CBC, "DueDate", data.due.isoformat())
    _add(root, CBC, "InvoiceTypeCode", "380")
    _add(root, CBC, "DocumentCurrencyCode", data.currency)
    _add(root, CBC, "BuyerReference", data.po)
    _add(_add(root, CAC, "OrderReference"), CBC, "ID", data.po)
    _ubl_party(root, "AccountingSupplierParty", data.seller, data.country)
    _ubl_party(root, "AccountingCustomerParty", data.buyer, data.country)
    means = _add(root, CAC, "PaymentMeans")
    _add(means, CBC, "PaymentMeansCode", "58")
    assert data.seller.iban is not None
    _add(_add(means, CAC, "PayeeFinancialAccount"), CBC, "ID", data.seller.iban)
    _add(_add(root, CAC, "PaymentTerms"), CBC, "Note", "30 days net")
    tax_total = _add(root, CAC, "TaxTotal")
    _add(tax_total, CBC, "TaxAmount", f"{data.tax:.2f}", **currency)
    subtotal = _add(tax_total, CAC, "TaxSubtotal")
    _add(subtotal, CBC, "TaxableAmount", f"{data.net:.2f}", **currency)
    _add(subtotal, CBC, "TaxAmount", f"{data.tax:.2f}", **currency)
    category = _add(subtotal, CAC, "TaxCategory")
    _add(category, CBC, "ID", "S")
    _add(category, CBC, "Percent", f"{data.rate * 100:.0f}")
    _add(_add(category, CAC, "TaxScheme"), CBC, "ID", "VAT")
    totals = _add(root, CAC, "LegalMonetaryTotal")
    _add(totals, CBC, "LineExtensionAmount", f"{data.net:.2f}", **currency)
    _add(totals, CBC, "TaxExclusiveAmount", f"{data.net:.2f}", **currency)
    _add(totals, CBC, "TaxInclusiveAmount", f"{data.total:.2f}", **currency)
    _add(totals, CBC, "PayableAmount", f"{data.total:.2f}", **currency)
    for index, line in enumerate(data.lines, start=1):
        element = _add(root, CAC, "InvoiceLine")
        _add(element, CBC, "ID", str(index))
        _add(element, CBC, "InvoicedQuantity", expected_quantity(line.quantity), unitCode="C62")
        _add(element, CBC, "LineExtensionAmount", f"{money(line.amount):.2f}", **currency)
        item = _add(element, CAC, "Item")
        _add(item, CBC, "Name", line.description)
        tax_category = _add(item, CAC, "ClassifiedTaxCategory")
        _add(tax_category, CBC, "ID", "S")
        _add(tax_category, CBC, "Percent", f"{data.rate * 100:.0f}")
        _add(_add(tax_category, CAC, "TaxScheme"), CBC, "ID", "VAT")
        _add(_add(element, CAC, "Price"), CBC, "PriceAmount", f"{line.unit_price:.2f}", **currency)
    return _serialise(root, UBL_INVOICE), data.fields()


def _cii_date(parent: ET.Element, tag: str, day: date) -> None:
    _add(_add(parent, RAM, tag), UDT, "DateTimeString", day.strftime("%Y%m%d"), format="102")


def _cii_party(parent: ET.Element, role: str, party: Party, country: str) -> None:
    container = _add(parent, RAM, role)
    _add(container, RAM, "Name", party.name)
    street, _, city = party.address.partition(", ")
    address = _add(container, RAM, "PostalTradeAddress")
    _add(address, RAM, "LineOne", street)
    _add(address, RAM, "CityName", city)
    _add(address, RAM, "CountryID", country)
    _add(_add(container, RAM, "SpecifiedTaxRegistration"), RAM, "ID", party.vat_id, schemeID="VA")


def cii_invoice(rng: random.Random, language: str) -> tuple[bytes, dict[str, Any]]:
    data = InvoiceData(rng, language)
    root = ET.Element(f"{{{RSM}}}CrossIndustryInvoice")
    context = _add(root, RSM, "ExchangedDocumentContext")
    _add(_add(context, RAM, "GuidelineSpecifiedDocumentContextParameter"), RAM, "ID",
         "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended")  # fmt: skip
    document = _add(root, RSM, "ExchangedDocument")
    _add(document, RAM, "ID", data.number)
    _add(document, RAM, "TypeCode", "380")
    _cii_date(document, "IssueDateTime", data.issued)
    transaction = _add(root, RSM, "SupplyChainTradeTransaction")
    for index, line in enumerate(data.lines, start=1):
        item = _add(transaction, RAM, "IncludedSupplyChainTradeLineItem")
        _add(_add(item, RAM, "AssociatedDocumentLineDocument"), RAM, "LineID", str(index))
        _add(_add(item, RAM, "SpecifiedTradeProduct"), RAM, "Name", line.description)
        agreement = _add(item, RAM, "SpecifiedLineTradeAgreement")
        _add(_add(agreement, RAM, "NetPriceProductTradePrice"), RAM, "ChargeAmount", f"{line.unit_price:.2f}")
        _add(_add(item, RAM, "SpecifiedLineTradeDelivery"), RAM, "BilledQuantity", expected_quantity(line.quantity),
             unitCode="C62")  # fmt: skip
        settlement = _add(item, RAM, "SpecifiedLineTradeSettlement")
        tax = _add(settlement, RAM, "ApplicableTradeTax")
        _add(tax, RAM, "TypeCode", "VAT")
        _add(tax, RAM, "CategoryCode", "S")
        _add(tax, RAM, "RateApplicablePercent", f"{data.rate * 100:.0f}")
        _add(_add(settlement, RAM, "SpecifiedTradeSettlementLineMonetarySummation"), RAM, "LineTotalAmount",
             f"{money(line.amount):.2f}")  # fmt: skip
    agreement = _add(transaction, RAM, "ApplicableHeaderTradeAgreement")
    _add(agreement, RAM, "BuyerReference", data.po)
    _cii_party(agreement, "SellerTradeParty", data.seller, data.country)
    _cii_party(agreement, "BuyerTradeParty", data.buyer, data.country)
    _add(_add(agreement, RAM, "BuyerOrderReferencedDocument"), RAM, "IssuerAssignedID", data.po)
    _add(transaction, RAM, "ApplicableHeaderTradeDelivery")
    settlement = _add(transaction, RAM, "ApplicableHeaderTradeSettlement")
    _add(settlement, RAM, "InvoiceCurrencyCode", data.currency)
    means = _add(settlement, RAM, "SpecifiedTradeSettlementPaymentMeans")
    _add(means, RAM, "TypeCode", "58")
    assert data.seller.iban is not None
    _add(_add(means, RAM, "PayeePartyCreditorFinancialAccount"), RAM, "IBANID", data.seller.iban)
    tax = _add(settlement, RAM, "ApplicableTradeTax")
    _add(tax, RAM, "CalculatedAmount", f"{data.tax:.2f}")
    _add(tax, RAM, "TypeCode", "VAT")
    _add(tax, RAM, "BasisAmount", f"{data.net:.2f}")
    _add(tax, RAM, "CategoryCode", "S")
    _add(tax, RAM, "RateApplicablePercent", f"{data.rate * 100:.0f}")
    _cii_date(_add(settlement, RAM, "SpecifiedTradePaymentTerms"), "DueDateDateTime", data.due)
    summation = _add(settlement, RAM, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _add(summation, RAM, "LineTotalAmount", f"{data.net:.2f}")
    _add(summation, RAM, "TaxBasisTotalAmount", f"{data.net:.2f}")
    _add(summation, RAM, "TaxTotalAmount", f"{data.tax:.2f}", currencyID=data.currency)
    _add(summation, RAM, "GrandTotalAmount", f"{data.total:.2f}")
    _add(summation, RAM, "DuePayableAmount", f"{data.total:.2f}")
    return _serialise(root), data.fields()


def despatch_advice(rng: random.Random, language: str, order: tuple[str, list[Line]] | None = None
                    ) -> tuple[bytes, dict[str, Any]]:  # fmt: skip
    supplier, customer = pick_parties(rng, language)
    day = random_date(rng)
    if order is None:
        order_number, lines = (
            po_number(rng, language, day - timedelta(days=5)),
            pick_lines(rng, language, "EUR", 3),
        )
    else:
        order_number, lines = order
    number = f"DA-{day.year}-{rng.randint(1000, 99999)}"
    country = COUNTRY[language]
    root = ET.Element(f"{{{UBL_DESPATCH}}}DespatchAdvice")
    _add(root, CBC, "UBLVersionID", "2.1")
    _add(root, CBC, "CustomizationID", "urn:fdc:peppol.eu:poacc:trns:despatch_advice:3")
    _add(root, CBC, "ID", number)
    _add(root, CBC, "IssueDate", day.isoformat())
    _add(_add(root, CAC, "OrderReference"), CBC, "ID", order_number)
    for role, party in (("DespatchSupplierParty", supplier), ("DeliveryCustomerParty", customer)):
        container = _add(_add(root, CAC, role), CAC, "Party")
        _add(_add(container, CAC, "PartyName"), CBC, "Name", party.name)
        street, _, city = party.address.partition(", ")
        address = _add(container, CAC, "PostalAddress")
        _add(address, CBC, "StreetName", street)
        _add(address, CBC, "CityName", city)
        _add(_add(address, CAC, "Country"), CBC, "IdentificationCode", country)
    shipment = _add(root, CAC, "Shipment")
    _add(shipment, CBC, "ID", "1")
    _add(_add(shipment, CAC, "Delivery"), CBC, "ActualDeliveryDate", (day + timedelta(days=1)).isoformat())
    for index, line in enumerate(lines, start=1):
        element = _add(root, CAC, "DespatchLine")
        _add(element, CBC, "ID", str(index))
        _add(element, CBC, "DeliveredQuantity", expected_quantity(line.quantity), unitCode="C62")
        _add(_add(element, CAC, "OrderLineReference"), CBC, "LineID", str(index))
        _add(_add(element, CAC, "Item"), CBC, "Name", line.description)
    fields = {
        "number": number,
        "order_reference": order_number,
        "items": [
            {"description": line.description, "quantity": expected_quantity(line.quantity)} for line in lines
        ],
    }
    return _serialise(root, UBL_DESPATCH), fields
