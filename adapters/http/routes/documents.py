"""Documents: upload (saved into the inbox, then submitted like the submit_document tool), list, get, download."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import FileResponse

from adapters.http.deps import ContextDep, Services
from adapters.http.problems import ApiProblem
from assistant.db.models import DocumentStatus, DocumentType, ReviewStatus
from assistant.documents.storage import DocumentStore
from tools.base import ToolContext
from tools.documents import DocumentList, DocumentResult, SubmittedDocument
from tools.invoke import call_tool

router = APIRouter(prefix="/documents", tags=["documents"])

CHUNK = 1 << 20


def _save_to_inbox(upload: UploadFile, ctx: ToolContext) -> Path:
    """The upload under inbox/<random>/<its own name>, so the document keeps the name it was sent with.
    Refused (413) past the size limit, before it is kept anywhere."""
    limit = ctx.settings.documents_max_upload_bytes
    name = PurePath(upload.filename or "").name[:200].strip()
    if name in ("", ".", ".."):
        name = "upload"
    folder = ctx.settings.effective_documents_inbox_dir / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target, size = folder / name, 0
    try:
        with target.open("wb") as stream:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ApiProblem(
                        413, f"The file is larger than the {limit:,} bytes allowed.", code="too_large"
                    )
                stream.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


@router.post(
    "",
    status_code=201,
    summary="Upload a document to be classified and read",
    responses={413: {"description": "Larger than the upload limit"}},
)
def upload_document(
    ctx: ContextDep, services: Services, file: Annotated[UploadFile, File()]
) -> SubmittedDocument:
    path = _save_to_inbox(file, ctx)
    try:
        result = call_tool(ctx, services.registry, "submit_document", {"path": str(path)})
    finally:  # the document store keeps the bytes (stored before analysis); the inbox copy is not needed
        shutil.rmtree(path.parent, ignore_errors=True)
    assert isinstance(result, SubmittedDocument)
    return result


@router.get("", summary="Documents you may see, newest first")
def list_documents(
    ctx: ContextDep,
    services: Services,
    status: DocumentStatus | None = None,
    doc_type: DocumentType | None = None,
    review_status: ReviewStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DocumentList:
    arguments = {"status": status, "doc_type": doc_type, "review_status": review_status, "limit": limit}
    result = call_tool(ctx, services.registry, "list_documents", arguments)
    assert isinstance(result, DocumentList)
    return result


@router.get("/{document_id}", summary="One document: type, confidence, fields, review and filing state")
def get_document(document_id: int, ctx: ContextDep, services: Services) -> DocumentResult:
    result = call_tool(ctx, services.registry, "get_document", {"document_id": document_id})
    assert isinstance(result, DocumentResult)
    return result


@router.get(
    "/{document_id}/file",
    summary="Download the stored file",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_document(document_id: int, ctx: ContextDep, services: Services) -> FileResponse:
    result = call_tool(ctx, services.registry, "get_document", {"document_id": document_id})
    assert isinstance(result, DocumentResult)
    document = result.document
    store = DocumentStore(ctx.settings.effective_documents_dir)
    path = store.path_of(store.relative_path(document.sha256))
    if not path.is_file():
        raise ApiProblem(404, f"The file of document #{document.id} is missing from the store.")
    return FileResponse(
        path, filename=document.filename, media_type=document.content_type or "application/octet-stream"
    )
