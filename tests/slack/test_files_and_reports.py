"""Files shared with the bot are downloaded from Slack's file host with the bot token, classified and proposed
for filing; reports arrive as a summary with the PDF uploaded into the thread."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from adapters.slack.files import FileRefusedError, check_file_url
from assistant.db.models import Document, PendingAction, Role
from tests.documents.service_support import HOTEL_RECEIPT
from tests.fakes import call, say
from tests.slack.conftest import CHANNEL, Slack
from tests.slack.fake_slack import BOT_TOKEN
from tests.tools.order_helpers import build_shop


def _file_share(slack: Slack, user_id: str, files: list[dict[str, Any]], text: str = "") -> str:
    return slack.dm(user_id, text, subtype="file_share", files=files)


def test_a_shared_receipt_is_classified_and_proposed_for_filing_to_the_right_person(slack: Slack) -> None:
    finance = slack.person(Role.FINANCE, name="Fiona Finance")
    staff = slack.person(Role.STAFF, manager_id=finance.id)
    user_id = staff.slack_user_id or ""
    ts = _file_share(slack, user_id, [slack.fake.share_file("F0RECEIPT", "hotel.txt", HOTEL_RECEIPT)])

    [download] = slack.fake.to("download")
    assert download.token == BOT_TOKEN  # fetched with the bot token
    dm = f"D{user_id}"
    result, proposal = slack.posts_to(dm)
    assert result["thread_ts"] == ts
    assert (
        "*receipt*" in result["text"] and "confidence" in result["text"] and "total: 95.00" in result["text"]
    )
    assert "Proposed for filing" in result["text"]
    [document] = slack.session.scalars(select(Document)).all()
    assert document.filename == "hotel.txt" and document.uploaded_by_id == staff.id
    [action] = slack.session.scalars(select(PendingAction)).all()
    assert action.tool_name == "file_document" and action.arguments["document_id"] == document.id
    assert proposal["blocks"][-1]["elements"][0]["value"] == action.id
    # The uploader may not approve their own expense: finance (their manager here) gets it by DM.
    [finance_copy] = slack.posts_to(f"D{finance.slack_user_id}")
    assert finance_copy["blocks"][-1]["elements"][0]["value"] == action.id
    assert not any(slack.settings.effective_documents_inbox_dir.rglob("hotel.txt"))  # the store keeps it


def test_a_file_shared_in_a_channel_is_answered_privately(slack: Slack) -> None:
    staff = slack.person(Role.STAFF)
    shared = slack.fake.share_file("F0CHANNEL", "hotel.txt", HOTEL_RECEIPT)
    ts = slack.mention(staff, "please file this", files=[shared])
    [note] = slack.posts_to(CHANNEL)
    assert note["thread_ts"] == ts and "direct message" in note["text"]
    assert "*receipt*" in slack.posts_to(f"D{staff.slack_user_id}")[0]["text"]


def test_files_from_elsewhere_are_refused_and_partial_file_objects_are_looked_up(slack: Slack) -> None:
    staff = slack.person(Role.STAFF)
    user_id = staff.slack_user_id or ""
    foreign = {
        "id": "F0EVIL",
        "name": "evil.txt",
        "size": 10,
        "url_private_download": "https://evil.example/x",
    }
    _file_share(slack, user_id, [foreign])
    assert slack.fake.to("download") == []
    assert "could not take evil.txt" in slack.posts_to(f"D{user_id}")[0]["text"]

    slack.fake.files["F0PARTIAL"] = ("hotel.txt", HOTEL_RECEIPT)
    _file_share(slack, user_id, [{"id": "F0PARTIAL", "file_access": "check_file_info"}])
    assert slack.fake.to("files.info")[0].args["file"] == "F0PARTIAL"
    assert "*receipt*" in slack.posts_to(f"D{user_id}")[1]["text"]


def test_a_report_is_a_summary_with_its_pdf_in_the_thread(slack: Slack) -> None:
    build_shop(slack.session)
    manager = slack.person(Role.MANAGER)
    user_id = manager.slack_user_id or ""
    model = slack.script(
        call("draft_report", request="inventory report", formats=["pdf", "xlsx"]),
        say("Inventory report drafted: stock value by warehouse."),
    )
    ts = slack.dm(user_id, "inventory report please")
    model.assert_exhausted()

    [summary] = slack.posts_to(f"D{user_id}")
    assert summary["thread_ts"] == ts and "Inventory report drafted" in summary["text"]
    [upload] = slack.fake.to("upload")
    assert slack.fake.uploads[upload.args["file_id"]].startswith(b"%PDF")
    [completed] = slack.fake.to("files.completeUploadExternal")
    assert completed.args["channel_id"] == f"D{user_id}" and completed.args["thread_ts"] == ts
    assert slack.fake.methods().index("chat.postMessage") < slack.fake.methods().index("upload")


def test_only_slack_file_hosts_over_https_are_trusted_with_the_token(slack: Slack) -> None:
    production = slack.settings.model_copy(update={"slack_file_hosts": ["files.slack.com"]})
    check_file_url("https://files.slack.com/files-pri/T1-F1/receipt.pdf", production)
    for url in (
        "http://files.slack.com/files-pri/T1-F1/receipt.pdf",  # the token would travel in the clear
        "https://files.slack.com.evil.example/receipt.pdf",
        "https://evil.example/?files.slack.com",
        "file:///etc/passwd",
    ):
        with pytest.raises(FileRefusedError):
            check_file_url(url, production)
