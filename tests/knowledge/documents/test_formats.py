"""Every intake format: text PDF, scanned PDF and image (OCR), DOCX, text/Markdown, UBL and CII XML."""

from __future__ import annotations

import io

from assistant.db.models.documents import DocumentStatus, DocumentType
from knowledge.documents import DocumentPipeline
from tests.knowledge.documents.conftest import docx_file, needs_tesseract, scan_png, scanned_pdf, text_pdf

INVOICE_EN = """INVOICE
Northwind Supplies Ltd
Invoice number: INV-2025-0042
Invoice date: 31/12/2025
Due date: 30/01/2026
Bill to: Acme Retail Ltd
Net amount: 1,000.00
VAT 20%: 200.00
Total due: 1,200.00 GBP
IBAN: GB29 NWBK 6016 1331 9268 19"""


def test_text_pdf_is_read_from_its_text_layer(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(text_pdf([INVOICE_EN, "Terms: payment within 30 days."]), "invoice.pdf")

    assert analysis.status is DocumentStatus.CLASSIFIED
    assert (analysis.form, analysis.page_count, analysis.ocr_used) == ("pdf_text", 2, False)
    assert analysis.doc_type is DocumentType.INVOICE
    values = analysis.field_values()
    assert values["number"] == "INV-2025-0042"
    assert values["issue_date"] == "2025-12-31"
    assert values["due_date"] == "2026-01-30"
    assert values["total"] == "1200.00"
    assert values["currency"] == "GBP"
    assert values["iban"] == "GB29NWBK60161331926819"
    assert analysis.fields["number"].source == "page 1, line 3: 'Invoice number: INV-2025-0042'"
    assert analysis.language == "en"


def test_docx_paragraphs_and_tables(pipeline: DocumentPipeline) -> None:
    data = docx_file(
        [
            "Lieferschein",
            "Lieferschein-Nr.: LS-2025-311",
            "Ihre Bestellung: PO-4471",
            "Lieferdatum: 03.02.2025",
        ],
        [["Artikel", "Menge"], ["Bürostuhl Ergo", "4"], ["Schreibtischlampe", "2,5"]],
    )
    analysis = pipeline.analyse(data, "lieferschein.docx")

    assert (analysis.status, analysis.form, analysis.doc_type) == (
        DocumentStatus.CLASSIFIED,
        "docx",
        DocumentType.DELIVERY_NOTE,
    )
    values = analysis.field_values()
    assert values["number"] == "LS-2025-311"
    assert values["order_reference"] == "PO-4471"
    assert values["items"] == [
        {"description": "Bürostuhl Ergo", "quantity": "4"},
        {"description": "Schreibtischlampe", "quantity": "2.5"},
    ]
    assert analysis.language == "de"


def test_markdown_text(pipeline: DocumentPipeline) -> None:
    markdown = (
        "# Curriculum Vitae\n\n**Name:** Ana Horvat\n\n**E-mail:** ana.horvat@example.hr\n\n"
        "## Skills\n- SQL\n- Excel\n"
    )
    analysis = pipeline.analyse(markdown.encode(), "cv.md", "text/markdown")

    assert (analysis.form, analysis.doc_type) == ("text", DocumentType.RESUME)
    assert analysis.field_values()["name"] == "Ana Horvat"
    assert analysis.field_values()["email"] == "ana.horvat@example.hr"
    assert analysis.field_values()["skills"] == ["SQL", "Excel"]


@needs_tesseract
def test_png_scan_is_read_by_ocr(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(scan_png(INVOICE_EN), "scan.png", "image/png")

    assert (analysis.status, analysis.form, analysis.ocr_used) == (DocumentStatus.CLASSIFIED, "image", True)
    assert analysis.doc_type is DocumentType.INVOICE
    assert analysis.field_values()["number"] == "INV-2025-0042"
    assert analysis.field_values()["total"] == "1200.00"
    assert analysis.fields["total"].confidence < 0.9  # OCR'd fields are a little less certain


@needs_tesseract
def test_scanned_pdf_pages_are_rendered_and_read_by_ocr(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(scanned_pdf(INVOICE_EN), "scan.pdf")

    assert (analysis.status, analysis.form, analysis.ocr_used, analysis.page_count) == (
        DocumentStatus.CLASSIFIED,
        "pdf_scan",
        True,
        1,
    )
    assert analysis.doc_type is DocumentType.INVOICE


UBL_INVOICE = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>RE-2025-114</cbc:ID>
  <cbc:IssueDate>2025-12-31</cbc:IssueDate>
  <cbc:DueDate>2026-01-30</cbc:DueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:OrderReference><cbc:ID>PO-7781</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyTaxScheme><cbc:CompanyID>DE 123 456 789</cbc:CompanyID></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Müller Bürotechnik GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyName><cbc:Name>Beispiel AG</cbc:Name></cac:PartyName>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cac:PayeeFinancialAccount>
    <cbc:ID>DE89 3704 0044 0532 0130 00</cbc:ID>
  </cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">190.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:TaxExclusiveAmount currencyID="EUR">1000.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">1190.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">1190.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
</Invoice>""".encode()

CII_INVOICE = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>FX-2025-0007</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20251115</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Jadran Trgovina d.o.o.</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">HR12345678901</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Kvarner Logistika d.o.o.</ram:Name></ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>NB-88</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans><ram:PayeePartyCreditorFinancialAccount>
        <ram:IBANID>HR1210010051863000160</ram:IBANID>
      </ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>
        <udt:DateTimeString format="102">20251215</udt:DateTimeString>
      </ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>400.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">100.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>500.00</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""

UBL_DESPATCH = b"""<?xml version="1.0" encoding="UTF-8"?>
<DespatchAdvice xmlns="urn:oasis:names:specification:ubl:schema:xsd:DespatchAdvice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>DA-551</cbc:ID>
  <cac:OrderReference><cbc:ID>PO-2025-118</cbc:ID></cac:OrderReference>
  <cac:DespatchLine><cbc:ID>1</cbc:ID><cbc:DeliveredQuantity unitCode="EA">4.00</cbc:DeliveredQuantity>
    <cac:Item><cbc:Name>Ergonomic chair</cbc:Name></cac:Item></cac:DespatchLine>
  <cac:DespatchLine><cbc:ID>2</cbc:ID><cbc:DeliveredQuantity unitCode="KGM">2.5</cbc:DeliveredQuantity>
    <cac:Item><cbc:Name>Cable ties</cbc:Name></cac:Item></cac:DespatchLine>
</DespatchAdvice>"""


def test_ubl_invoice_fields_come_from_the_structure(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(UBL_INVOICE, "xrechnung.xml", "application/xml")

    assert (analysis.status, analysis.form, analysis.doc_type) == (
        DocumentStatus.CLASSIFIED,
        "xml_ubl",
        DocumentType.INVOICE,
    )
    assert analysis.confidence >= 0.95
    assert analysis.field_values() == {
        "number": "RE-2025-114",
        "issue_date": "2025-12-31",
        "due_date": "2026-01-30",
        "seller": "Müller Bürotechnik GmbH",
        "buyer": "Beispiel AG",
        "seller_vat_id": "DE123456789",
        "iban": "DE89370400440532013000",
        "currency": "EUR",
        "net": "1000.00",
        "tax": "190.00",
        "total": "1190.00",
        "po_reference": "PO-7781",
    }
    assert analysis.fields["number"].source == "xml: cbc:ID"
    assert analysis.missing_required == ()


def test_cii_invoice(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(CII_INVOICE, "factur-x.xml")

    assert (analysis.form, analysis.doc_type) == ("xml_cii", DocumentType.INVOICE)
    values = analysis.field_values()
    assert values["number"] == "FX-2025-0007"
    assert values["issue_date"] == "2025-11-15"
    assert values["due_date"] == "2025-12-15"
    assert values["seller"] == "Jadran Trgovina d.o.o."
    assert values["seller_vat_id"] == "HR12345678901"
    assert values["iban"] == "HR1210010051863000160"
    assert (values["net"], values["tax"], values["total"]) == ("400.00", "100.00", "500.00")
    assert values["po_reference"] == "NB-88"


def test_ubl_despatch_advice_is_a_delivery_note(pipeline: DocumentPipeline) -> None:
    analysis = pipeline.analyse(UBL_DESPATCH, "despatch.xml")

    assert analysis.doc_type is DocumentType.DELIVERY_NOTE
    assert analysis.field_values() == {
        "number": "DA-551",
        "order_reference": "PO-2025-118",
        "items": [
            {"description": "Ergonomic chair", "quantity": "4"},
            {"description": "Cable ties", "quantity": "2.5"},
        ],
    }


def test_pdf_with_embedded_cii_xml_uses_the_xml(pipeline: DocumentPipeline) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(
        clone_from=PdfReader(io.BytesIO(text_pdf(["Rechnung FX-2025-0007\nSumme 500,00 EUR"])))
    )
    writer.add_attachment("factur-x.xml", CII_INVOICE)
    buffer = io.BytesIO()
    writer.write(buffer)

    analysis = pipeline.analyse(buffer.getvalue(), "zugferd.pdf")

    assert (analysis.form, analysis.doc_type, analysis.confidence) == ("pdf_text", DocumentType.INVOICE, 0.99)
    assert analysis.field_values()["seller"] == "Jadran Trgovina d.o.o."
    assert analysis.fields["total"].source.startswith("xml: ")
