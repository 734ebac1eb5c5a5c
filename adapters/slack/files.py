"""Files shared with the bot: downloaded with the bot token (from Slack's file host only), saved into the
documents inbox and submitted through the registry (access rules as everywhere), then proposed for filing."""

from __future__ import annotations

import errno
import shutil
import urllib.request
import uuid
from pathlib import Path, PurePath
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient

from adapters.slack.blocks import document_text, escape
from adapters.slack.delivery import Place, post
from adapters.slack.services import SlackServices
from assistant.db.engine import session_scope
from assistant.db.models import DocumentStatus
from assistant.settings import Settings
from tools.base import CurrentUser, ToolContext, ToolError
from tools.documents import PIPELINE_KEY, SubmittedDocument
from tools.invoke import Proposal, call_tool

MAX_FILES_PER_MESSAGE = 5
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class FileRefusedError(Exception):
    """The file is not taken; the message says why, for the person who shared it."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could carry the bot token to another host: refuse it (urllib raises for the 3xx).
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check_file_url(url: str, settings: Settings) -> None:
    """Only Slack's file hosts (settings.slack_file_hosts), over https (plain http only on loopback, for tests)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in {allowed.lower() for allowed in settings.slack_file_hosts}:
        raise FileRefusedError("its link does not point at Slack's file host.")
    if parts.scheme != "https" and not (parts.scheme == "http" and host in LOOPBACK):
        raise FileRefusedError("its link is not https.")


def download(url: str, *, token: str, settings: Settings) -> bytes:
    check_file_url(url, settings)
    limit = settings.documents_max_upload_bytes
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 (checked)
    opener = urllib.request.build_opener(_NoRedirects())
    try:
        with opener.open(request, timeout=60) as response:
            content_type = str(response.headers.get("Content-Type", ""))
            data: bytes = response.read(limit + 1)
    except URLError as error:
        raise FileRefusedError(f"Slack did not hand it over ({error}).") from error
    if len(data) > limit:
        raise FileRefusedError(f"it is larger than the {limit:,} bytes allowed.")
    if content_type.startswith("text/html") and not url.lower().endswith((".html", ".htm")):
        raise FileRefusedError(
            "Slack sent a web page instead of the file (is the files:read scope granted?)."
        )
    return data


def _file_info(client: WebClient, shared: dict[str, Any]) -> dict[str, Any]:
    if shared.get("url_private_download") or shared.get("url_private"):
        return shared
    info = client.files_info(file=str(shared["id"]))["file"]
    assert isinstance(info, dict)
    return info


def _safe_name(name: str) -> str:
    cleaned = PurePath(name or "").name[:200].strip()
    return cleaned if cleaned not in ("", ".", "..") else "upload"


def take_files(
    services: SlackServices,
    client: WebClient,
    *,
    files: list[dict[str, Any]],
    user: CurrentUser,
    conversation_id: str,
    reply_to: Place,
) -> list[Proposal]:
    """Each file classified and answered at `reply_to`; returns the filing proposals made."""
    settings = services.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    proposals: list[Proposal] = []
    for shared in files[:MAX_FILES_PER_MESSAGE]:
        info = _file_info(client, shared)
        name = _safe_name(str(info.get("name") or info.get("title") or "upload"))
        try:
            if int(info.get("size") or 0) > settings.documents_max_upload_bytes:
                raise FileRefusedError(
                    f"it is larger than the {settings.documents_max_upload_bytes:,} bytes allowed."
                )
            data = download(
                str(info.get("url_private_download") or info.get("url_private")),
                token=token,
                settings=settings,
            )
        except FileRefusedError as refusal:
            post(client, reply_to, escape(f"I could not take {name}: {refusal}"))
            continue
        text, proposal = _submit(services, user=user, conversation_id=conversation_id, name=name, data=data)
        post(client, reply_to, text)
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def _submit(
    services: SlackServices, *, user: CurrentUser, conversation_id: str, name: str, data: bytes
) -> tuple[str, Proposal | None]:
    folder = services.settings.effective_documents_inbox_dir / uuid.uuid4().hex
    path: Path = folder / name
    try:
        try:
            folder.mkdir(parents=True)
            path.write_bytes(data)
        except OSError as error:  # a full disk: said in words, nothing left behind (the finally below)
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                return f"I could not take {escape(name)}: there is no space left to store it.", None
            raise
        with session_scope(services.sessions) as session:
            ctx = ToolContext(
                session=session,
                user=user,
                settings=services.settings,
                conversation_id=conversation_id,
                clock=services.clock,
                knowledge=services.knowledge,
                stores={PIPELINE_KEY: services.pipeline} if services.pipeline is not None else {},
            )
            try:
                submitted = call_tool(ctx, services.registry, "submit_document", {"path": str(path)})
            except ToolError as error:
                return escape(f"I could not take {name}: {error.message}"), None
            assert isinstance(submitted, SubmittedDocument)
            text = document_text(submitted)
            if submitted.document.status is not DocumentStatus.CLASSIFIED:
                return text, None
            try:
                proposal = call_tool(
                    ctx, services.registry, "file_document", {"document_id": submitted.document.id}
                )
            except ToolError as error:
                return f"{text}\nNot proposed for filing: {escape(error.message)}", None
            assert isinstance(proposal, Proposal)
            return f"{text}\nProposed for filing: {escape(proposal.action.summary)}", proposal
    finally:  # the document store keeps the bytes; the inbox copy is not needed
        shutil.rmtree(folder, ignore_errors=True)
