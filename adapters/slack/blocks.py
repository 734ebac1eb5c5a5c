"""Block Kit for what the assistant posts: proposals with Approve / Reject, their outcome, document results.

Buttons carry only the action id; everything else is read from the database when someone clicks.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.confirmations import ActionView
from assistant.db.models import ActionStatus
from tools.documents import SubmittedDocument

APPROVE = "backoffice_approve"
REJECT = "backoffice_reject"
SECTION_LIMIT = 2900  # Slack allows 3000 characters in a section's text
KEY_FIELDS = 8

Block = dict[str, Any]


def _section(text: str) -> Block:
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def escape(text: str) -> str:
    """Slack's three control characters, so data (names, document text) cannot mention or link anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def preview_text(preview: dict[str, Any]) -> str:
    lines = []
    for key, value in preview.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        lines.append(f"• *{escape(key.replace('_', ' '))}*: {escape(shown)}")
    return "\n".join(lines) or "(no details)"


def who_decides(action: ActionView, approver_name: str | None) -> str:
    if action.required_approver_id is not None:
        return f"{approver_name or f'employee #{action.required_approver_id}'} (or an admin)"
    roles = " or ".join(action.required_roles)
    return f"someone with the role {roles}" + ("" if action.self_approval_allowed else ", not the requester")


def proposal_blocks(
    action: ActionView, *, approver_name: str | None, asked_by: str | None = None
) -> list[Block]:
    """The proposal as it waits: what would change, who decides, and the two buttons."""
    heading = f"*Proposed, nothing done yet:* {escape(action.summary)}"
    if asked_by:
        heading = f"*{escape(asked_by)} asks for your decision:* {escape(action.summary)}"
    return [
        _section(heading),
        _section(preview_text(action.preview)),
        _context(
            f"Decided by {escape(who_decides(action, approver_name))} · {escape(action.approval_reason)} · "
            f"expires {action.expires_at:%Y-%m-%d %H:%M} UTC · action `{action.id}`"
        ),
        {
            "type": "actions",
            "block_id": f"decide:{action.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": APPROVE,
                    "text": {"type": "plain_text", "text": "Approve"},
                    "style": "primary",
                    "value": action.id,
                },
                {
                    "type": "button",
                    "action_id": REJECT,
                    "text": {"type": "plain_text", "text": "Reject"},
                    "style": "danger",
                    "value": action.id,
                },
            ],
        },
    ]


OUTCOME_WORDS = {
    ActionStatus.EXECUTED: ":white_check_mark: Approved by {who} and done",
    ActionStatus.FAILED: ":warning: Approved by {who} but it could not be done",
    ActionStatus.REJECTED: ":x: Rejected by {who}",
    ActionStatus.EXPIRED: ":hourglass: Expired",
    ActionStatus.WITHDRAWN: ":leftwards_arrow_with_hook: Withdrawn by {who}",
}


def outcome_line(action: ActionView, decider_name: str | None) -> str:
    template = OUTCOME_WORDS.get(action.status, "{status}")
    line = template.format(who=escape(decider_name or "someone"), status=action.status.value)
    if action.status is ActionStatus.FAILED and action.error:
        line += f": {escape(action.error)}"
    if action.decided_at:
        line += f" ({action.decided_at:%Y-%m-%d %H:%M} UTC)"
    return line


def decided_blocks(action: ActionView, *, decider_name: str | None) -> list[Block]:
    """The same message once decided: the buttons are gone, the outcome says who and what happened."""
    blocks = [
        _section(f"*{escape(action.summary)}*"),
        _section(preview_text(action.preview)),
        _section(outcome_line(action, decider_name)),
    ]
    if action.status is ActionStatus.EXECUTED and action.result:
        blocks.append(_context(escape(_result_summary(action.result))))
    blocks.append(_context(f"action `{action.id}`"))
    return blocks


def _result_summary(result: dict[str, Any]) -> str:
    for key in ("summary", "message"):
        if isinstance(result.get(key), str):
            return str(result[key])
    return json.dumps(result, ensure_ascii=False, default=str)[:500]


def document_text(submitted: SubmittedDocument) -> str:
    """Type, confidence, key fields and what happens next, for a file someone shared."""
    document = submitted.document
    kind = document.doc_type.value.replace("_", " ") if document.doc_type else "not classified"
    confidence = f"{document.confidence:.0%}" if document.confidence is not None else "—"
    lines = [f"*Document #{document.id}* `{escape(document.filename)}`: *{kind}* (confidence {confidence})"]
    if submitted.duplicate:
        lines.append("I had received this same file before.")
    if document.failure_reason:
        lines.append(f"Could not be read: {escape(document.failure_reason)}")
    for name, field in list(document.fields.items())[:KEY_FIELDS]:
        lines.append(f"• {escape(name.replace('_', ' '))}: {escape(str(field.value))}")
    if document.missing_fields:
        lines.append(f"Missing: {escape(', '.join(document.missing_fields))}")
    if document.review_status.value == "needs_review":
        lines.append(f"Waiting for review: {escape(document.review_reason or 'a person will check it')}")
    return "\n".join(lines)
