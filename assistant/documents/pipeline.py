"""The document analysis pipeline (knowledge.documents), built from settings once per process.

Callers pass the pipeline to `service.submit`; tests hand in the real offline pipeline or a scripted one with
the same `analyse` signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from assistant.settings import Settings
from knowledge.documents.model import Analysis, Exemplar


class Analyser(Protocol):
    def analyse(
        self,
        data: bytes,
        filename: str,
        content_type: str | None = None,
        *,
        exemplars: Sequence[Exemplar] = (),
    ) -> Analysis: ...


@lru_cache(maxsize=4)
def _offline_pipeline(max_bytes: int, ocr_languages: str) -> Analyser:
    from knowledge.documents import DocumentPipeline

    pipeline: Analyser = DocumentPipeline.offline(max_bytes=max_bytes, ocr_languages=ocr_languages)
    return pipeline


def pipeline_from_settings(settings: Settings) -> Analyser:
    return _offline_pipeline(settings.documents_max_upload_bytes, settings.documents_ocr_languages)
