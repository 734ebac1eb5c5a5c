"""A content-addressed file store: a file's name is the SHA-256 of its bytes, so the same upload is stored once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


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
        """Store `data` (once); returns (sha256, relative path). Written to a temporary file and renamed, so a
        crash never leaves a half-written file under a valid name."""
        digest = sha256_of(data)
        relative = self.relative_path(digest)
        target = self.root / relative
        if target.is_file() and target.stat().st_size == len(data):
            return digest, relative
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest, relative

    def read(self, relative: str) -> bytes:
        return self.path_of(relative).read_bytes()
