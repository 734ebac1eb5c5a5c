"""A content-addressed file store: a file's name is the SHA-256 of its bytes, so the same upload is stored once."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.base import ToolError

log = logging.getLogger(__name__)

# A full disk or an exhausted quota: the caller is told plainly; nothing partial is left behind.
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFullError(ToolError):
    """The documents directory has no space left; nothing of the upload was kept."""

    code = "storage_full"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class DocumentStore:
    """Files under `root` as `<first two hex digits>/<sha256>`; paths kept in the database are relative to it."""

    root: Path

    def relative_path(self, digest: str) -> str:
        return f"{digest[:2]}/{digest}"

    def path_of(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"stored path {relative!r} points outside the documents directory")
        return path

    def put(self, data: bytes) -> tuple[str, str]:
        """Store `data` (once); returns (sha256, relative path). Written to a temporary file in the same folder,
        synced and renamed, so a crash or a full disk never leaves a half-written file under a valid name.
        Raises StorageFullError when the disk (or quota) is full."""
        digest = sha256_of(data)
        relative = self.relative_path(digest)
        target = self.root / relative
        if target.is_file() and target.stat().st_size == len(data):
            return digest, relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            try:
                _write_file(handle, data)
                Path(temporary).replace(target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            if error.errno not in _NO_SPACE:
                raise
            log.error("documents directory %s is full: %s", self.root, error)
            raise StorageFullError(
                "There is no space left to store documents; nothing was stored. "
                "Try again once an administrator has freed space."
            ) from error
        return digest, relative

    def read(self, relative: str) -> bytes:
        return self.path_of(relative).read_bytes()


def _write_file(handle: int, data: bytes) -> None:
    """Write all of `data` to the open file `handle`, sync it to disk and close it (closed on failure too)."""
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
