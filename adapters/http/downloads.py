"""A stored file sent back as a download: an attachment the browser neither sniffs nor runs.

Documents keep the type and name their uploader gave (an `.html` or `.svg` upload is possible), so every
download is an attachment with `nosniff` and a sandboxing content-security policy: opened by mistake, it cannot
run script with the site's cookies.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}


def file_download(path: Path, *, filename: str, media_type: str | None) -> FileResponse:
    return FileResponse(
        path,
        filename=filename,
        media_type=media_type or "application/octet-stream",
        headers=HEADERS,
        content_disposition_type="attachment",
    )
