"""Documents: upload (saved into the inbox, then submitted like the submit_document tool), list, get, download."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from adapters.http.deps import ContextDep, Services
from adapters.http.downloads import file_download
from adapters.http.problems import ApiProblem
from adapters.http.routes import examples
from adapters.http.routes.documentation import answers
from adapters.http.uploads import TooLarge, save_to_inbox
from assistant.db.models import DocumentStatus, DocumentType, ReviewStatus
from assistant.documents.storage import DocumentStore
from tools.base import ToolContext
from tools.documents import DocumentList, DocumentResult, FieldCorrection, SubmittedDocument
from tools.invoke import Proposal, call_tool

router = APIRouter(prefix="/documents", tags=["documents"])

DocumentId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="The document number.")]


class DocumentCorrection(BaseModel):
    """A reviewer's correction: the right type and/or field values; with neither, it confirms the document."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"doc_type": "receipt", "fields": [{"name": "total", "value": "95.00"}], "note": "checked"}
            ]
        }
    )

    doc_type: DocumentType | None = Field(default=None, description="The right type; omit to keep it.")
    fields: list[FieldCorrection] = Field(default_factory=list, max_length=30)
    note: str | None = Field(default=None, max_length=500, description="Why, for the audit log.")


def _save_to_inbox(upload: UploadFile, ctx: ToolContext) -> Path:
    """The upload under inbox/<random>/<its own name>, so the document keeps the name it was sent with.
    Refused (413) past the size limit, before it is kept anywhere."""
    try:
        return save_to_inbox(upload, ctx.settings)
    except TooLarge as error:
        raise ApiProblem(
            413, f"The file is larger than the {error.limit:,} bytes allowed.", code="too_large"
        ) from error


@router.post(
    "",
    status_code=201,
    summary="Upload a document to be classified and read (multipart field `file`)",
    responses=answers(401, 413, 422, 507, example=examples.SUBMITTED_DOCUMENT, status=201),
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


@router.get(
    "",
    summary="Documents you may see, newest first",
    responses=answers(401, 422, example=examples.DOCUMENT_LIST),
)
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


@router.get(
    "/{document_id}",
    summary="One document: type, confidence, fields, review and filing state",
    responses=answers(401, 404, 422, example=examples.DOCUMENT_RESULT),
)
def get_document(document_id: DocumentId, ctx: ContextDep, services: Services) -> DocumentResult:
    result = call_tool(ctx, services.registry, "get_document", {"document_id": document_id})
    assert isinstance(result, DocumentResult)
    return result


@router.get(
    "/{document_id}/file",
    summary="Download the stored file",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The file as it was uploaded, with its own content type",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        },
        **answers(401, 404, 422),
    },
)
def download_document(document_id: DocumentId, ctx: ContextDep, services: Services) -> FileResponse:
    result = call_tool(ctx, services.registry, "get_document", {"document_id": document_id})
    assert isinstance(result, DocumentResult)
    document = result.document
    store = DocumentStore(ctx.settings.effective_documents_dir)
    path = store.path_of(store.relative_path(document.sha256))
    if not path.is_file():
        raise ApiProblem(404, f"The file of document #{document.id} is missing from the store.")
    return file_download(path, filename=document.filename, media_type=document.content_type)


@router.post(
    "/{document_id}/correct",
    status_code=202,
    summary="Propose a correction of a document's type or fields (a reviewer approves it in /actions)",
    responses=answers(401, 403, 404, 409, 422, example=examples.CORRECTION_PROPOSAL, status=202),
)
def correct_document(
    document_id: DocumentId, body: DocumentCorrection, ctx: ContextDep, services: Services
) -> Proposal:
    arguments = {"document_id": document_id, **body.model_dump()}
    result = call_tool(ctx, services.registry, "correct_document", arguments)
    assert isinstance(result, Proposal)
    return result
