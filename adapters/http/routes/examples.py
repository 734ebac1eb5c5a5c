"""Examples for the OpenAPI document: real answers of the demo company, trimmed. tests/http checks that each
one still validates against the schema of the operation that shows it."""

from __future__ import annotations

from typing import Any

CONVERSATION_ID = "b3f0c292-144f-45aa-8b34-78f3ec5660be"
ACTION_ID = "6547c75c-b4e3-4131-9049-9b5214f31823"

ACTION_PENDING: dict[str, Any] = {
    "id": ACTION_ID,
    "tool_name": "adjust_stock",
    "summary": "Adjust CH-ERGO-BLU-NY in WAW by +4 (56 -> 60)",
    "arguments": {"sku": "CH-ERGO-BLU-NY", "warehouse": "WAW", "change": 4, "reason": "stock count"},
    "preview": {
        "sku": "CH-ERGO-BLU-NY",
        "product": "ErgoPro Office Chair",
        "warehouse": "WAW",
        "on_hand_before": 56,
        "on_hand_after": 60,
        "change": 4,
        "value_at_cost": "582.64",
        "reason": "stock count",
    },
    "status": "pending",
    "requester_id": 3,
    "conversation_id": CONVERSATION_ID,
    "required_roles": ["manager"],
    "required_approver_id": None,
    "approval_reason": "Stock corrections are approved by a manager.",
    "self_approval_allowed": True,
    "amount": "582.64",
    "created_at": "2026-11-24T20:05:03.023416Z",
    "expires_at": "2026-11-25T20:05:03.023416Z",
    "decided_by_id": None,
    "decided_at": None,
    "decision_note": None,
    "executed_at": None,
    "result": None,
    "error": None,
}

ACTION_EXECUTED: dict[str, Any] = {
    **ACTION_PENDING,
    "status": "executed",
    "decided_by_id": 5,
    "decided_at": "2026-11-24T20:05:03.090751Z",
    "decision_note": "counted",
    "executed_at": "2026-11-24T20:05:03.090751Z",
    "result": {
        "sku": "CH-ERGO-BLU-NY",
        "warehouse": "WAW",
        "on_hand_before": 56,
        "on_hand_after": 60,
        "movement_id": 15274,
    },
}

ACTION_REJECTED: dict[str, Any] = {
    **ACTION_PENDING,
    "status": "rejected",
    "decided_by_id": 5,
    "decided_at": "2026-11-24T20:07:41.112093Z",
    "decision_note": "recount first",
}

PROPOSAL_REPLY = (
    "Proposed, not done yet: Adjust CH-ERGO-BLU-NY in WAW by +4 (56 -> 60). "
    f"Waiting for a decision by manager (action {ACTION_ID})."
)

CHAT_RESPONSE: dict[str, Any] = {
    "conversation_id": CONVERSATION_ID,
    "reply": PROPOSAL_REPLY,
    "failed": False,
    "proposals": [ACTION_PENDING],
}

CHAT_STREAM = (
    "event: tool_call\n"
    'data: {"name":"adjust_stock","args":{"sku":"CH-ERGO-BLU-NY","warehouse":"WAW","change":4,'
    '"reason":"stock count"}}\n\n'
    "event: token\n"
    f'data: {{"text":"{PROPOSAL_REPLY}"}}\n\n'
    "event: proposal\n"
    f'data: {{"id":"{ACTION_ID}","tool_name":"adjust_stock","status":"pending", ...}}\n\n'
    "event: reply\n"
    f'data: {{"conversation_id":"{CONVERSATION_ID}","reply":"{PROPOSAL_REPLY}","failed":false,'
    '"proposals":[...]}\n\n'
)

CONVERSATION_SUMMARY: dict[str, Any] = {
    "id": CONVERSATION_ID,
    "channel": "http",
    "created_at": "2026-11-24T20:05:00.171541Z",
    "last_turn_at": "2026-11-24T20:05:00.478344Z",
    "turns": 2,
}

CONVERSATION: dict[str, Any] = {
    **CONVERSATION_SUMMARY,
    "messages": [
        {"role": "user", "text": "How many CH-ERGO-BLU-NY are in stock in WAW?", "tool_calls": []},
        {
            "role": "assistant",
            "text": "",
            "tool_calls": [{"name": "get_stock", "args": {"sku": "CH-ERGO-BLU-NY", "warehouse": "WAW"}}],
        },
        {"role": "tool", "text": "", "tool_calls": [], "tool_name": "get_stock", "action_id": None},
        {
            "role": "assistant",
            "text": "Stock: 56 on hand, 55 available.\n- CH-ERGO-BLU-NY ErgoPro Office Chair in WAW: 55 "
            "available (56 on hand)",
            "tool_calls": [],
        },
        {
            "role": "user",
            "text": "after the stocktake there are 4 more CH-ERGO-BLU-NY in WAW, correct it",
            "tool_calls": [],
        },
        {
            "role": "assistant",
            "text": "",
            "tool_calls": [
                {
                    "name": "adjust_stock",
                    "args": {
                        "sku": "CH-ERGO-BLU-NY",
                        "warehouse": "WAW",
                        "change": 4,
                        "reason": "stock count",
                    },
                }
            ],
        },
        {"role": "tool", "text": "", "tool_calls": [], "tool_name": "adjust_stock", "action_id": ACTION_ID},
        {"role": "assistant", "text": PROPOSAL_REPLY, "tool_calls": []},
    ],
    "turn_log": [
        {
            "started_at": "2026-11-24T20:05:00.170417Z",
            "duration_ms": 300,
            "outcome": "answered",
            "model": "backoffice-offline",
            "tool_calls": 1,
            "proposals": 0,
        },
        {
            "started_at": "2026-11-24T20:05:00.478344Z",
            "duration_ms": 2567,
            "outcome": "answered",
            "model": "backoffice-offline",
            "tool_calls": 1,
            "proposals": 1,
        },
    ],
}

_DOCUMENT_SUMMARY: dict[str, Any] = {
    "id": 1,
    "filename": "hotel.txt",
    "status": "classified",
    "doc_type": "receipt",
    "confidence": 0.943,
    "review_status": "not_needed",
    "review_reason": None,
    "failure_reason": None,
    "uploaded_at": "2026-11-24T20:05:03.126578Z",
    "filed_as": None,
}

_DOCUMENT: dict[str, Any] = {
    **_DOCUMENT_SUMMARY,
    "content_type": "text/plain",
    "size_bytes": 132,
    "sha256": "4bda2f8393ea724276dc1fc68cea434136eb1d38a7ec27b81d8a5ddb710c578b",
    "classification_reason": "title 'RECEIPT'; 'Paid by card'; 'card'",
    "predicted_type": "receipt",
    "fields": {
        "merchant": {
            "value": "Hotel Adler Hamburg",
            "confidence": 0.7,
            "source": "page 1, line 2: 'Hotel Adler Hamburg'",
        },
        "date": {"value": "2026-11-20", "confidence": 0.9, "source": "page 1, line 4: 'Date: 2026-11-20'"},
        "total": {"value": "95.00", "confidence": 0.9, "source": "page 1, line 6: 'Total: 95.00 EUR'"},
        "currency": {"value": "EUR", "confidence": 0.85, "source": "page 1, line 6: 'Total: 95.00 EUR'"},
    },
    "missing_fields": [],
    "language": "en",
    "page_count": None,
    "form": "text",
    "ocr_used": False,
    "times_submitted": 1,
    "uploaded_by_id": 3,
    "reviewed_by_id": None,
    "reviewed_at": None,
    "filed_record_type": None,
    "filed_record_id": None,
    "filed_at": None,
}

SUBMITTED_DOCUMENT: dict[str, Any] = {
    "document": _DOCUMENT,
    "duplicate": False,
    "message": "Document #1 (hotel.txt) was classified as receipt (confidence 0.94).",
}

DOCUMENT_RESULT: dict[str, Any] = {"document": _DOCUMENT}

DOCUMENT_LIST: dict[str, Any] = {"documents": [_DOCUMENT_SUMMARY], "note": None}

CORRECTION_PROPOSAL: dict[str, Any] = {
    "status": "awaiting_approval",
    "action": {
        **ACTION_PENDING,
        "id": "9c8e1e5f-0c3b-45fc-8db2-dff9d435c4f9",
        "tool_name": "correct_document",
        "summary": "Correct 1 field(s) of document #1 (receipt)",
        "arguments": {
            "document_id": 1,
            "doc_type": None,
            "fields": [{"name": "total", "value": "95.50"}],
            "note": "checked",
        },
        "preview": {
            "document": "#1 hotel.txt",
            "type": "receipt",
            "fields": ["total: '95.00' -> '95.50'"],
            "dropped_fields": [],
            "read_for_the_new_type": {},
            "note": "checked",
        },
        "conversation_id": None,
        "required_roles": ["finance", "manager"],
        "approval_reason": "A reviewer who may see this kind of document decides its correction.",
        "amount": None,
    },
    "message": "Proposed, not done: Correct 1 field(s) of document #1 (receipt). Waiting for approval by "
    "finance or manager (action 9c8e1e5f-0c3b-45fc-8db2-dff9d435c4f9).",
}

DRAFTED_REPORT: dict[str, Any] = {
    "status": "drafted",
    "question": None,
    "report_id": "7069fdfa9ca74687",
    "title": "Sales by region — Q3 2026 (2026-07-01 – 2026-09-30) compared with Q2 2026 (2026-04-01 – "
    "2026-06-30)",
    "summary": "Revenue for Q3 2026 (2026-07-01 – 2026-09-30) was 1,235,311.33 EUR from 749 orders, up 2.0% "
    "from 1,210,717.20 EUR. Average order value: 1,649.28 EUR. The largest group is Poland with 30.2% of "
    "revenue.",
    "headline": [
        {"label": "Revenue", "value": "1,235,311.33 EUR"},
        {"label": "Orders", "value": "749"},
        {"label": "Average order value", "value": "1,649.28 EUR"},
        {"label": "Units sold", "value": "24,338"},
    ],
    "files": ["sales.pdf", "sales.xlsx"],
    "notes": ["Request read by the offline parser.", "Narrative from the offline templates."],
}

REPORT_QUESTION: dict[str, Any] = {
    "status": "needs_clarification",
    "question": "For which period? For example 'Q3', 'last month', 'October' or '2026-01-01 to 2026-03-31'.",
    "report_id": None,
    "title": None,
    "summary": None,
    "headline": [],
    "files": [],
    "notes": ["Request read by the offline parser."],
}

REPORT_VIEW: dict[str, Any] = {
    "id": "7069fdfa9ca74687",
    "kind": "sales",
    "title": DRAFTED_REPORT["title"],
    "requested_by": "daniel.hughes@adriatic-baltic.example",
    "created_at": "2026-11-24T20:05:03.208503Z",
    "formats": ["pdf", "xlsx"],
}

POLICY_SEARCH: dict[str, Any] = {
    "covered": True,
    "passages": [
        {
            "number": 1,
            "chunk_id": "f0c4e8b27b2f512d8bf144dd",
            "source": "travel-and-expenses.md",
            "section": "Travel and Expenses Policy > Accommodation > Hotels",
            "page": None,
            "score": 0.6653,
            "text": "| Germany | EUR 150 |\n| Germany, during trade fairs in Frankfurt, Munich, Cologne or "
            "Hanover | EUR 220 |",
        }
    ],
    "note": None,
}

INGEST_RESULT: dict[str, Any] = {
    "files": [
        {"name": "handbook/travel.md", "outcome": "added", "chunks": 2, "reason": None},
        {"name": "handbook/meals.md", "outcome": "unchanged", "chunks": 1, "reason": None},
        {
            "name": "handbook/scan.pdf",
            "outcome": "failed",
            "chunks": 0,
            "reason": "the PDF has no text layer",
        },
    ],
    "counts": {"added": 1, "unchanged": 1, "failed": 1},
}

TOOL_INFO: dict[str, Any] = {
    "name": "get_stock",
    "kind": "read",
    "summary": "Stock per SKU and warehouse: on hand, reserved, available.",
    "description": "Stock levels for one SKU or all SKUs of a product...",
    "arguments": {
        "additionalProperties": False,
        "properties": {
            "sku": {"description": "SKU, e.g. 'CH-ERGO-BLU-NY'.", "type": "string"},
            "warehouse": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        },
        "required": ["sku"],
        "type": "object",
    },
}

TOOL_RESULT: dict[str, Any] = {
    "products": [
        {
            "code": "CH-ERGO",
            "name": "ErgoPro Office Chair",
            "category": "Office Furniture",
            "variants": [
                {
                    "sku": "CH-ERGO-BLU-NY",
                    "options": {"color": "blue", "base": "nylon"},
                    "price": "289.00",
                    "currency": "EUR",
                    "is_available": True,
                }
            ],
        }
    ],
    "truncated": False,
}
