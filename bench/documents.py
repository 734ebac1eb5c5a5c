"""Document analysis benchmark: seconds per page for text PDFs and for OCR, against bare baselines, and memory.

    .venv/bin/python bench/documents.py [--pages 10] [--repeats 5] [--corpus]

1. Text PDF: a generated 10-page text PDF (an invoice on every page) through `DocumentPipeline.offline()`
   (sniff, pypdf text, classify, extract), median of the repeats after one cold call (the cold call loads the
   embedder). Baseline in the same run: bare pypdf text extraction of the same file.
2. OCR: one scanned page per language (English, German, Polish, Croatian, Korean), each as PNG, JPEG, TIFF
   and image-only PDF, through the pipeline (one warm-up page first); median seconds per page. Baselines on the
   same pages (PNG), interleaved: the bare `tesseract` command with the pipeline's arguments (five languages,
   --psm 3, one thread), and with only the page's own language.
3. With --corpus: the labelled set of tests/documents/corpus.py, seconds per document by form.
4. Peak RSS (ru_maxrss) of this process after each stage, and of tesseract itself (five languages).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from knowledge.documents import DocumentPipeline
from tests.documents.corpus import generate_corpus, write_multipage_pdf, write_scanned_page

TESSERACT_LANGUAGES = {"en": "eng", "de": "deu", "pl": "pol", "hr": "hrv", "ko": "kor"}
ALL_LANGUAGES = "+".join(TESSERACT_LANGUAGES.values())
SCAN_SUFFIXES = (".png", ".jpg", ".tiff", ".pdf")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def bare_tesseract(path: Path, languages: str) -> None:
    subprocess.run(  # noqa: S603 (a fixed command, no shell)
        ["tesseract", str(path), "stdout", "-l", languages, "--psm", "3"],  # noqa: S607
        capture_output=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )


def row(label: str, per_page: float, baseline: str, baseline_per_page: float) -> str:
    return (
        f"| {label} | {per_page:.3f} | {1 / per_page:.2f} | {baseline} | {baseline_per_page:.3f} | "
        f"{per_page / baseline_per_page:.1f}x |"
    )


def bench_text_pdf(pipeline: DocumentPipeline, workdir: Path, pages: int, repeats: int) -> list[str]:
    path = workdir / "ten-pages.pdf"
    write_multipage_pdf(path, pages)
    data = path.read_bytes()
    cold = timed(lambda: pipeline.analyse(data, path.name))
    analysis = pipeline.analyse(data, path.name)
    assert analysis.page_count == pages, analysis.page_count
    warm = statistics.median(timed(lambda: pipeline.analyse(data, path.name)) for _ in range(repeats))
    bare = statistics.median(
        timed(lambda: [page.extract_text() for page in PdfReader(path).pages]) for _ in range(repeats)
    )
    print(
        f"text PDF: {pages} pages, classified {analysis.doc_type}, cold call {cold:.2f} s (loads the embedder)"
    )
    print(f"peak RSS after text PDFs: {peak_mb():.0f} MB")
    label = f"text PDF, {pages} pages (median of {repeats} runs)"
    return [row(label, warm / pages, "pypdf extract_text, same file", bare / pages)]


def tesseract_peak_mb(path: Path, languages: str) -> float:
    """Tesseract's own peak RSS: measured from a small wrapper process, because a child forked from this
    (large) process would report the parent's pages as its own."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-c", wrapper, "tesseract", str(path), "stdout", "-l", languages, "--psm", "3"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return int(result.stdout.strip()) / 1024


def bench_ocr(pipeline: DocumentPipeline, workdir: Path) -> list[str]:
    """Every page in every form, the baselines interleaved with the pipeline so load swings hit both alike."""
    seconds: dict[str, list[float]] = defaultdict(list)
    pages: list[tuple[str, Path]] = []
    for seed, (language, tesseract_language) in enumerate(TESSERACT_LANGUAGES.items()):
        for suffix in SCAN_SUFFIXES:
            write_scanned_page(
                workdir / f"scan-{language}{suffix}", language, seed
            )  # the same page each time
        pages.append((tesseract_language, workdir / f"scan-{language}.png"))
    pipeline.analyse(pages[0][1].read_bytes(), pages[0][1].name)  # warm-up: language data into the page cache
    for tesseract_language, png in pages:
        for suffix in SCAN_SUFFIXES:
            path = png.with_suffix(suffix)
            data = path.read_bytes()
            started = time.perf_counter()
            analysis = pipeline.analyse(data, path.name)
            seconds[suffix].append(time.perf_counter() - started)
            assert analysis.ocr_used, (path.name, analysis.status, analysis.failure_reason)
        seconds["all"].append(timed(lambda png=png: bare_tesseract(png, ALL_LANGUAGES)))  # type: ignore[misc]
        seconds["own"].append(timed(lambda png=png, own=tesseract_language: bare_tesseract(png, own)))  # type: ignore[misc]
    bare = statistics.median(seconds["all"])
    names = {".png": "PNG", ".jpg": "JPEG", ".tiff": "TIFF", ".pdf": "scanned PDF"}
    rows = [
        row(
            f"OCR, {names[suffix]} (median of {len(pages)} pages, one per language)",
            statistics.median(seconds[suffix]),
            "tesseract CLI, the same 5 languages",
            bare,
        )
        for suffix in SCAN_SUFFIXES
    ]
    rows.append(row("bare tesseract CLI, the page's own language only", statistics.median(seconds["own"]),
                    "tesseract CLI, 5 languages", bare))  # fmt: skip
    tesseract_mb = max(tesseract_peak_mb(png, ALL_LANGUAGES) for _, png in pages)
    print(
        f"peak RSS after OCR: {peak_mb():.0f} MB; tesseract with 5 languages peaks at {tesseract_mb:.0f} MB"
    )
    return rows


def bench_corpus(pipeline: DocumentPipeline, workdir: Path) -> None:
    documents = generate_corpus(workdir / "corpus")
    seconds: dict[str, list[float]] = defaultdict(list)
    for document in documents:
        data = document.path.read_bytes()
        started = time.perf_counter()
        pipeline.analyse(data, document.path.name)
        seconds[document.form].append(time.perf_counter() - started)
    print("\n| form (labelled set) | documents | median s/document | max s/document |")
    print("|---|---:|---:|---:|")
    for form in sorted(seconds):
        samples = seconds[form]
        print(f"| {form} | {len(samples)} | {statistics.median(samples):.2f} | {max(samples):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--corpus", action="store_true", help="also time every document of the labelled set")
    arguments = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True)  # noqa: S607
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
          f"{tesseract.stdout.splitlines()[0]}")  # fmt: skip
    pipeline = DocumentPipeline.offline()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        rows = bench_text_pdf(pipeline, workdir, arguments.pages, arguments.repeats)
        rows += bench_ocr(pipeline, workdir)
        print("\n| input | s/page | pages/s | baseline | baseline s/page | pipeline / baseline |")
        print("|---|---:|---:|---|---:|---:|")
        print("\n".join(rows))
        if arguments.corpus:
            bench_corpus(pipeline, workdir)
    print(f"\npeak RSS of this process {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
