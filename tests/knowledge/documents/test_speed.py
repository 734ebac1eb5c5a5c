"""The offline target: at most one second per text page, with the real bundled embedder."""

from __future__ import annotations

import statistics
import time

import pytest

from knowledge.documents import DocumentPipeline
from tests.knowledge.documents import samples
from tests.knowledge.documents.conftest import text_pdf


@pytest.mark.slow
def test_text_pages_take_under_a_second() -> None:
    pipeline = DocumentPipeline.offline()
    pipeline.analyse(
        samples.OTHER_EN.encode(), "warm-up.txt"
    )  # loads the model and embeds the descriptions once
    # Latin-1 texts (the PDF font's range); the minutes and the CV without a title need the embedding.
    texts = [samples.INVOICE_DE, samples.PURCHASE_ORDER_EN, samples.CONTRACT_EN, samples.RESUME_DE]
    texts += [samples.OTHER_EN, samples.OTHER_EN.replace("Thursday", "Friday")]
    files = [text_pdf([text]) for text in texts]

    seconds = []
    for data in files:
        started = time.process_time()  # CPU time: other processes on the machine do not count
        analysis = pipeline.analyse(data, "page.pdf")
        seconds.append(time.process_time() - started)
        assert analysis.page_count == 1

    assert statistics.median(seconds) < 1.0, seconds
