"""Policies: search them (everyone), and add or update them (admins), from uploads or from the documents inbox.

Ingesting goes through knowledge.ingest like `backoffice ingest`: each file succeeds or fails on its own and an
unchanged file is a no-op. An uploaded policy is kept under <documents>/policies/uploaded/<its name>, so
uploading a new version of the same file replaces the old one. Paths name files or folders inside the inbox
only (links and '..' resolved first); the answer never shows a server path.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Annotated

import httpx
from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field, field_validator

from adapters.http.deps import ContextDep, Services
from adapters.http.problems import ApiProblem
from adapters.http.routes import examples
from adapters.http.routes.documentation import answers
from assistant.db.models import Role
from assistant.documents.storage import StorageFullError
from knowledge.answers import unavailable
from knowledge.store import EmbedderMismatchError, StoreUnavailableError
from tools.base import InvalidArgumentsError, PermissionDeniedError, RefusedError, ToolContext
from tools.invoke import call_tool
from tools.policies import KnowledgeUnavailableError, PolicySearchResult

if TYPE_CHECKING:
    from knowledge.ingest import IngestReport
    from knowledge.service import KnowledgeService

log = logging.getLogger(__name__)
router = APIRouter(prefix="/policies", tags=["policies"])

MAX_FILES = 20
CHUNK = 1 << 20
UPLOADED_FOLDER = Path("policies") / "uploaded"


class InboxPaths(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"paths": ["handbook", "policies/travel.md"]}]})

    paths: list[str] = Field(
        min_length=1,
        max_length=MAX_FILES,
        description="Files or folders inside the documents inbox, relative to it.",
    )

    @field_validator("paths")
    @classmethod
    def _plain_paths(cls, paths: list[str]) -> list[str]:
        for path in paths:
            if not path.strip() or len(path) > 500 or "\x00" in path:
                raise ValueError("each path is 1-500 characters, without NUL")
        return paths


class IngestedFile(BaseModel):
    name: str = Field(description="The file: its upload name, or its path inside the inbox.")
    outcome: str = Field(description="added, updated, unchanged, failed or skipped (unsupported type).")
    chunks: int = Field(description="Passages stored for it.")
    reason: str | None = Field(default=None, description="Why it failed or was skipped.")


class IngestResult(BaseModel):
    files: list[IngestedFile]
    counts: dict[str, int] = Field(description="Files per outcome.")


def _require_admin(ctx: ToolContext) -> None:
    if ctx.user.role is not Role.ADMIN:
        raise PermissionDeniedError("Only admins add or update policies.")


def _library(ctx: ToolContext, services: Services) -> KnowledgeService:
    """The policy library, connected: a Chroma server that does not answer is a 503 before anything is kept."""
    if services.knowledge is None:
        raise RefusedError("The policy library is not set up here (its store could not be opened).")
    try:
        services.knowledge.store.count()
    except (StoreUnavailableError, httpx.TransportError) as error:
        log.warning("policy upload refused: %s", str(error))
        raise KnowledgeUnavailableError(unavailable(ctx.user.locale)) from error
    except EmbedderMismatchError as error:
        raise RefusedError(str(error)) from error
    return services.knowledge


def _result(report: IngestReport, name_of: dict[Path, str]) -> IngestResult:
    files = [
        IngestedFile(
            name=name_of.get(item.path, item.path.name),
            outcome=item.outcome.value,
            chunks=item.chunks,
            reason=item.reason,
        )
        for item in report.files
    ]
    counts: dict[str, int] = {}
    for item in files:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    return IngestResult(files=files, counts=counts)


def _upload_name(upload: UploadFile) -> str:
    name = PurePath(upload.filename or "").name[:200].strip()
    if name in ("", ".", "..") or name.startswith("."):
        raise InvalidArgumentsError(f"{upload.filename!r} is not a usable file name.")
    return name


def _stage_upload(upload: UploadFile, folder: Path, name: str, limit: int) -> Path:
    """The upload written to a temporary file beside its final name (renamed into place once the whole batch
    is written); nothing is left behind when it is too large or the disk is full."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    size = 0
    try:
        with os.fdopen(handle, "wb") as stream:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ApiProblem(
                        413, f"{name} is larger than the {limit:,} bytes allowed.", code="too_large"
                    )
                stream.write(chunk)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFullError(
                "There is no space left to keep these policies; nothing was kept."
            ) from error
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _keep_uploads(uploads: list[UploadFile], names: list[str], folder: Path, limit: int) -> list[Path]:
    """Every upload of the batch written first, then each renamed over its final name: a refused file leaves
    the library as it was (no earlier file of the batch replaced), and a reader never sees half a file."""
    staged: list[Path] = []
    try:
        for upload, name in zip(uploads, names, strict=True):
            staged.append(_stage_upload(upload, folder, name, limit))
    except BaseException:
        for temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    kept = []
    for temporary, name in zip(staged, names, strict=True):
        kept.append(temporary.replace(folder / name))
    return kept


@router.get(
    "/search",
    summary="Search the company policies; passages with their source",
    responses=answers(401, 409, 422, 503, example=examples.POLICY_SEARCH),
)
def search_policies(
    ctx: ContextDep,
    services: Services,
    q: Annotated[str, Query(min_length=2, max_length=500, description="The question.")],
    k: Annotated[int, Query(ge=1, le=10)] = 5,
) -> PolicySearchResult:
    result = call_tool(ctx, services.registry, "search_policies", {"question": q, "k": k})
    assert isinstance(result, PolicySearchResult)
    return result


@router.post(
    "",
    summary="Admins: add or update policies from uploaded files (multipart field `files`, one or more)",
    responses=answers(401, 403, 409, 413, 422, 503, 507, example=examples.INGEST_RESULT),
)
def upload_policies(
    ctx: ContextDep, services: Services, files: Annotated[list[UploadFile], File()]
) -> IngestResult:
    _require_admin(ctx)
    library = _library(ctx, services)
    if len(files) > MAX_FILES:
        raise InvalidArgumentsError(f"Send at most {MAX_FILES} files at once.")
    names = [_upload_name(upload) for upload in files]
    if len(set(names)) != len(names):
        raise InvalidArgumentsError("Two uploads have the same file name; send each file once.")
    folder = ctx.settings.effective_documents_dir / UPLOADED_FOLDER
    limit = ctx.settings.documents_max_upload_bytes
    kept = _keep_uploads(files, names, folder, limit)
    from knowledge.ingest import ingest_paths

    report = ingest_paths(ctx.session, knowledge=library, paths=kept)
    return _result(report, {path: path.name for path in kept})


@router.post(
    "/ingest",
    summary="Admins: add or update policies from files or folders in the documents inbox",
    responses=answers(401, 403, 409, 422, 503, example=examples.INGEST_RESULT),
)
def ingest_inbox_paths(body: InboxPaths, ctx: ContextDep, services: Services) -> IngestResult:
    _require_admin(ctx)
    library = _library(ctx, services)
    inbox = ctx.settings.effective_documents_inbox_dir.resolve()
    resolved = [_inbox_path(raw, inbox) for raw in body.paths]
    from knowledge.ingest import collect_files, ingest_paths

    for file, _named in collect_files(resolved):  # a link in a folder must not lead out of the inbox either
        if not file.resolve().is_relative_to(inbox):
            raise PermissionDeniedError(f"{_inside(file, inbox)!r} leads outside the documents inbox.")
    report = ingest_paths(ctx.session, knowledge=library, paths=resolved)
    names = {item.path: _inside(item.path, inbox) for item in report.files}
    return _result(report, names)


def _inbox_path(raw: str, inbox: Path) -> Path:
    path = (inbox / raw.strip()).resolve()  # an absolute `raw` replaces the inbox: caught just below
    if not path.is_relative_to(inbox):
        raise PermissionDeniedError(f"{raw!r} is outside the documents inbox; only its files can be added.")
    if path == inbox:
        raise InvalidArgumentsError("Name files or folders inside the inbox, not the inbox itself.")
    return path


def _inside(path: Path, inbox: Path) -> str:
    try:
        return path.resolve().relative_to(inbox).as_posix()
    except ValueError:  # a link inside the inbox pointing out of it: its name only
        return path.name
