"""An uploaded file into the documents inbox, under its own name, refused past the size limit before it is kept.

Used by the JSON API (routes/documents.py answers 413) and the web pages (web/documents.py shows a page)."""

from __future__ import annotations

import errno
import shutil
import uuid
from pathlib import Path, PurePath

from fastapi import UploadFile

from assistant.documents.storage import StorageFullError
from assistant.settings import Settings

CHUNK = 1 << 20


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes")
        self.limit = limit


def human_size(size: int) -> str:
    """20000000 -> '20 MB', 64 -> '64 bytes' (decimal units, like the setting is written)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"


def save_to_inbox(upload: UploadFile, settings: Settings) -> Path:
    """inbox/<random>/<the file's own name>; the folder is removed again when the file is too large."""
    limit = settings.documents_max_upload_bytes
    name = PurePath(upload.filename or "").name[:200].strip()
    if name in ("", ".", ".."):
        name = "upload"
    folder = settings.effective_documents_inbox_dir / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target, size = folder / name, 0
    try:
        with target.open("wb") as stream:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                stream.write(chunk)
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):  # answered 507 with the API's other storage errors
            raise StorageFullError("The server has no space left for uploads; nothing was kept.") from error
        raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target
