"""Optical character recognition with the Tesseract command (Debian's tesseract-ocr and its language data).

A missing binary or missing language data is `OcrUnavailableError`, which the pipeline reports as the status
OCR_UNAVAILABLE; a page that times out or fails is an `OcrFailedError`.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

DEFAULT_LANGUAGES = "eng+deu+pol+hrv+kor"


class OcrUnavailableError(RuntimeError):
    """Tesseract (or every requested language) is not installed."""


class OcrFailedError(RuntimeError):
    """Tesseract ran but could not read the page (timeout, crash, unreadable image)."""


@functools.cache
def _installed_languages(command: str) -> frozenset[str]:
    try:
        result = subprocess.run(  # noqa: S603 (a fixed command, no shell)
            [command, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (result.stdout + result.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


@dataclass(frozen=True)
class TesseractOcr:
    """Runs `tesseract stdin stdout` on PNG bytes; one process per page, bounded by `timeout_s`."""

    command: str = "tesseract"
    languages: str = DEFAULT_LANGUAGES
    timeout_s: float = 120.0

    def resolved_command(self) -> str:
        found = shutil.which(self.command)
        if found is None:
            raise OcrUnavailableError(f"the OCR program {self.command!r} is not installed")
        return found

    def usable_languages(self) -> str:
        command = self.resolved_command()
        installed = _installed_languages(command)
        wanted = [language for language in self.languages.split("+") if language]
        usable = [language for language in wanted if language in installed]
        if not usable:
            raise OcrUnavailableError(
                f"no OCR language data for {self.languages!r} (installed: {', '.join(sorted(installed)) or 'none'})"
            )
        return "+".join(usable)

    def check(self) -> None:
        """Raise OcrUnavailableError unless pages can be read."""
        self.usable_languages()

    def read_png(self, png: bytes) -> str:
        command = self.resolved_command()
        languages = self.usable_languages()
        # One thread per process: pages are small, and Tesseract's OpenMP threads slow down parallel callers.
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            result = subprocess.run(  # noqa: S603 (a fixed command, no shell)
                [command, "stdin", "stdout", "-l", languages, "--psm", "3"],
                input=png,
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
                env=environment,
            )
        except subprocess.TimeoutExpired as error:
            raise OcrFailedError(f"OCR took longer than {self.timeout_s:.0f} s on a page") from error
        except OSError as error:
            raise OcrUnavailableError(f"the OCR program could not be started ({error})") from error
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrFailedError(
                f"OCR failed: {message[-1] if message else 'exit ' + str(result.returncode)}"
            )
        return result.stdout.decode("utf-8", "replace")
