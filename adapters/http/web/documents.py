"""The document inbox: upload (type, confidence and fields come back), list, one document, propose a correction.

Everything goes through the document tools by name (`call_tool`), so access, the review rules and the
confirmation of corrections are the tools' own.
"""

from __future__ import annotations

import json
import shutil
from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import FileResponse, HTMLResponse

from adapters.http.deps import Services
from adapters.http.downloads import file_download
from adapters.http.uploads import TooLarge, human_size, save_to_inbox
from adapters.http.web.pages import page, see_other, translator, web_router
from adapters.http.web.session import FormContext, WebContext
from assistant.db.models import DocumentType
from assistant.documents.storage import DocumentStore
from assistant.permissions import check_tool_access
from tools.base import NotFoundError, PermissionDeniedError, Registry, ToolContext
from tools.documents import DocumentList, DocumentResult, SubmittedDocument
from tools.invoke import Proposal, call_tool

router = web_router()

NOTICES = {"uploaded", "duplicate"}
LISTED = 50


def field_text(value: Any) -> str:
    """A field's value as one line a person can read and edit."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(field_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def may_use(ctx: ToolContext, registry: Registry, tool_name: str) -> bool:
    try:
        check_tool_access(ctx.user, registry.get(tool_name))
    except PermissionDeniedError:
        return False
    return True


def documents_page(
    request: Request, ctx: ToolContext, registry: Registry, *, status: int = 200, problem: str | None = None
) -> HTMLResponse:
    listed = call_tool(ctx, registry, "list_documents", {"limit": LISTED})
    assert isinstance(listed, DocumentList)
    return page(
        request,
        "documents.html",
        user=ctx.user,
        status=status,
        documents=listed.documents,
        limit=human_size(ctx.settings.documents_max_upload_bytes),
        problem=problem,
    )


@router.get("/documents")
def list_documents(request: Request, ctx: WebContext, services: Services) -> HTMLResponse:
    return documents_page(request, ctx, services.registry)


@router.post("/documents")
def upload(
    request: Request,
    ctx: FormContext,
    services: Services,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    t = translator(request)
    if file is None or not file.filename:
        return documents_page(request, ctx, services.registry, status=422, problem=t("upload_missing"))
    try:
        path = save_to_inbox(file, ctx.settings)
    except TooLarge as error:
        problem = t("too_large", size=human_size(error.limit))
        return documents_page(request, ctx, services.registry, status=413, problem=problem)
    try:
        result = call_tool(ctx, services.registry, "submit_document", {"path": str(path)})
    finally:  # the document store keeps the bytes; the inbox copy is not needed
        shutil.rmtree(path.parent, ignore_errors=True)
    assert isinstance(result, SubmittedDocument)
    notice = "duplicate" if result.duplicate else "uploaded"
    return see_other(f"/app/documents/{result.document.id}?notice={notice}")


def _document(ctx: ToolContext, registry: Registry, document_id: int) -> DocumentResult:
    result = call_tool(ctx, registry, "get_document", {"document_id": document_id})
    assert isinstance(result, DocumentResult)
    return result


@router.get("/documents/{document_id}")
def show_document(
    request: Request, document_id: int, ctx: WebContext, services: Services, notice: str | None = None
) -> HTMLResponse:
    document = _document(ctx, services.registry, document_id).document
    return page(
        request,
        "document.html",
        user=ctx.user,
        document=document,
        values={name: field_text(field.value) for name, field in document.fields.items()},
        doc_types=list(DocumentType),
        may_correct=may_use(ctx, services.registry, "correct_document"),
        notice=notice if notice in NOTICES else None,
    )


@router.post("/documents/{document_id}/correct")
def correct(
    document_id: int,
    ctx: FormContext,
    services: Services,
    doc_type: Annotated[DocumentType | None, Form()] = None,
    name: Annotated[list[str] | None, Form()] = None,
    value: Annotated[list[str] | None, Form()] = None,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Only what the reader changed is sent: the type when it differs, fields whose text differs."""
    document = _document(ctx, services.registry, document_id).document
    names, values = name or [], value or []
    current = {field: field_text(entry.value) for field, entry in document.fields.items()}
    fields = [
        {"name": field, "value": text.strip() or None}
        for field, text in zip(names, values, strict=False)
        if text.strip() != current.get(field, "")
    ]
    arguments = {
        "document_id": document_id,
        "doc_type": doc_type if doc_type is not None and doc_type != document.doc_type else None,
        "fields": fields,
        "note": note.strip() or None,
    }
    result = call_tool(ctx, services.registry, "correct_document", arguments)
    assert isinstance(result, Proposal)
    return see_other(f"/app/actions/{result.action.id}?done=proposed")


@router.get("/documents/{document_id}/file")
def download(document_id: int, ctx: WebContext, services: Services) -> FileResponse:
    document = _document(ctx, services.registry, document_id).document
    store = DocumentStore(ctx.settings.effective_documents_dir)
    path = store.path_of(store.relative_path(document.sha256))
    if not path.is_file():
        raise NotFoundError("stored file of document", str(document.id))
    return file_download(path, filename=document.filename, media_type=document.content_type)
