"""Fault: the Chroma server holding the policies stops. Policy search says "knowledge base unavailable" (not a
traceback, not "not covered") through the tool, the agent and the HTTP API, while stock and order work go on
in the same process; once the server is back on the same path and port, search works without a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.orm import Session, sessionmaker

from adapters.http.app import create_app
from assistant.agent.service import ChatService, open_knowledge
from assistant.api_tokens import create_token
from assistant.db.models import Employee, Role
from assistant.settings import Settings
from knowledge.answers import NOT_COVERED, UNAVAILABLE
from knowledge.ingest import Outcome, ingest_paths
from knowledge.service import RECONNECT_INTERVAL_S, KnowledgeService
from tests.chroma_server import collect_client_sockets
from tests.documents.service_support import quick_pipeline
from tests.factories import make_employee, make_product, make_stock, make_warehouse
from tests.faults.servers import ChromaServer, save_figures
from tests.knowledge.conftest import LEAVE_MD, TRAVEL_MD, FakeEmbedder
from tests.support import NOW
from tools.base import CurrentUser, Registry, ToolContext
from tools.invoke import Proposal, call_tool
from tools.policies import KnowledgeUnavailableError, PolicySearchResult

pytestmark = pytest.mark.slow

QUESTION = "What is the hotel limit per night in Germany?"


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma")
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def library(
    chroma: ChromaServer, settings: Settings, db_session: Session, tmp_path: Path
) -> Iterator[KnowledgeService]:
    folder = tmp_path / "handbook"
    folder.mkdir()
    (folder / "travel.md").write_text(TRAVEL_MD, encoding="utf-8")
    (folder / "leave.md").write_text(LEAVE_MD, encoding="utf-8")
    server_settings = settings.model_copy(
        update={
            "chroma_host": "127.0.0.1",
            "chroma_port": chroma.port,
            "embedding_cache_dir": tmp_path / "cache",
            "knowledge_min_score": 0.14,  # the fake embedder's scale (tests/knowledge/conftest.py)
            "knowledge_keyword_weight": 0.1,
        }
    )
    service = KnowledgeService.from_settings(server_settings, embedder=FakeEmbedder())
    report = ingest_paths(db_session, knowledge=service, paths=[folder])
    assert {item.outcome for item in report.files} == {Outcome.ADDED}
    try:
        yield service
    finally:
        service.close()


def _sessions(db_session: Session) -> sessionmaker[Session]:
    """Units of work as savepoints in the test's transaction."""
    return sessionmaker(
        bind=db_session.get_bind(), join_transaction_mode="create_savepoint", expire_on_commit=False
    )


def _app(settings: Settings, sessions: sessionmaker[Session], knowledge: KnowledgeService) -> FastAPI:
    return create_app(
        settings,
        sessions=sessions,
        checkpointer=InMemorySaver(),
        pipeline=quick_pipeline(),
        knowledge=knowledge,
    )


def _search(ctx: ToolContext, registry: Registry) -> PolicySearchResult:
    result = call_tool(ctx, registry, "search_policies", {"question": QUESTION})
    assert isinstance(result, PolicySearchResult)
    return result


def test_policy_search_says_unavailable_while_chroma_is_down_and_recovers_by_itself(
    chroma: ChromaServer,
    library: KnowledgeService,
    db_session: Session,
    settings: Settings,
    registry: Registry,
) -> None:
    staff = make_employee(db_session, role=Role.STAFF)
    german = make_employee(db_session, role=Role.STAFF, locale="de")
    product = make_product(db_session, variants=1)
    make_stock(db_session, product.variants[0], make_warehouse(db_session, code="HAM"), on_hand=12)
    sku = product.variants[0].sku

    def ctx_for(person: Employee) -> ToolContext:
        return ToolContext(
            session=db_session,
            user=CurrentUser.of(person),
            settings=settings,
            knowledge=library,
        )

    before = _search(ctx_for(staff), registry)
    assert before.covered and before.passages[0].section == "Travel and Expenses > Hotels"

    chroma.stop()

    # the tool: a typed error with the plain message, in the asker's language
    started = time.monotonic()
    with pytest.raises(KnowledgeUnavailableError) as raised:
        _search(ctx_for(staff), registry)
    down_search_s = time.monotonic() - started
    assert raised.value.code == "knowledge_unavailable" and raised.value.message == UNAVAILABLE["en"]
    with pytest.raises(KnowledgeUnavailableError, match="Wissensdatenbank"):
        _search(ctx_for(german), registry)

    # the agent (offline model) says so, and neither a traceback nor "not covered"
    sessions = _sessions(db_session)
    chat = ChatService(
        settings=settings,
        sessions=sessions,
        registry=registry,
        checkpointer=InMemorySaver(),
        knowledge=library,
    )
    reply = chat.turn(user=CurrentUser.of(staff), text=QUESTION, channel="cli")
    assert UNAVAILABLE["en"] in reply.text, reply.text
    assert NOT_COVERED["en"] not in reply.text and "Traceback" not in reply.text

    # everything else in the same process still works: a stock lookup and an order-side proposal
    stock = call_tool(ctx_for(staff), registry, "get_stock", {"sku": sku})
    assert stock.model_dump()["total_on_hand"] == 12
    proposal = call_tool(
        ctx_for(staff),
        registry,
        "adjust_stock",
        {"sku": sku, "warehouse": "HAM", "change": -1, "reason": "broken"},
    )
    assert isinstance(proposal, Proposal) and proposal.action.status.value == "pending"
    stock_reply = chat.turn(user=CurrentUser.of(staff), text=f"How many {sku} are in stock?", channel="cli")
    assert "12" in stock_reply.text and not stock_reply.failed, stock_reply.text

    # the HTTP API answers a problem, not a 500
    app = _app(settings, sessions, library)
    token = create_token(db_session, email=staff.email, now=NOW).token
    with TestClient(app) as client:
        response = client.get(
            "/policies/search", params={"q": QUESTION}, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "knowledge_unavailable"

    # back on the same path and port: the same service object finds the same passages again
    restarted_in = chroma.start()
    back = time.monotonic()
    after = _search(ctx_for(staff), registry)
    first_search_s = time.monotonic() - back
    assert after.covered and [p.chunk_id for p in after.passages] == [p.chunk_id for p in before.passages]
    answered = chat.turn(user=CurrentUser.of(staff), text=QUESTION, channel="cli")
    assert "150 EUR" in answered.text, answered.text
    save_figures(
        "chroma_down",
        {
            "down_search_s": round(down_search_s, 3),
            "server_restart_s": round(restarted_in, 3),
            "first_search_after_restart_s": round(first_search_s, 3),
        },
    )


def test_a_process_started_before_chroma_connects_once_the_server_answers(
    chroma: ChromaServer,
    library: KnowledgeService,
    db_session: Session,
    settings: Settings,
    registry: Registry,
    tmp_path: Path,
) -> None:
    """A worker that starts while its Chroma server is down (a deployment bringing both up at once) must not
    say "not set up" until someone restarts it: it answers "unavailable" (503), keeps no uploaded file, and
    searches once the server answers."""
    server_settings = library.settings.model_copy(update={"data_dir": tmp_path / "late-worker"})
    chroma.stop()

    waiting = open_knowledge(server_settings)  # the real opener: a service waiting for its store, not None
    assert waiting is not None and not waiting.connected
    _search_after_chroma_starts(chroma, db_session, settings, registry, server_settings)
    collect_client_sockets(chroma.port)  # chromadb leaves a closed client's sockets to the garbage collector


def _search_after_chroma_starts(
    chroma: ChromaServer,
    db_session: Session,
    settings: Settings,
    registry: Registry,
    server_settings: Settings,
) -> None:
    staff = make_employee(db_session, role=Role.STAFF)
    admin = make_employee(db_session, role=Role.ADMIN)
    late = KnowledgeService.connecting(server_settings, embedder=FakeEmbedder())
    try:
        _use_before_and_after_the_server_starts(chroma, late, staff, admin, db_session, settings, registry)
    finally:
        late.close()


def _use_before_and_after_the_server_starts(
    chroma: ChromaServer,
    late: KnowledgeService,
    staff: Employee,
    admin: Employee,
    db_session: Session,
    settings: Settings,
    registry: Registry,
) -> None:
    server_settings = late.settings
    assert not late.connected
    ctx = ToolContext(session=db_session, user=CurrentUser.of(staff), settings=settings, knowledge=late)
    with pytest.raises(KnowledgeUnavailableError) as raised:
        _search(ctx, registry)
    assert raised.value.message == UNAVAILABLE["en"]

    app = _app(server_settings, _sessions(db_session), late)
    staff_auth = {"Authorization": f"Bearer {create_token(db_session, email=staff.email, now=NOW).token}"}
    admin_auth = {"Authorization": f"Bearer {create_token(db_session, email=admin.email, now=NOW).token}"}
    uploads = server_settings.effective_documents_dir / "policies" / "uploaded"
    with TestClient(app) as client:
        searched = client.get("/policies/search", params={"q": QUESTION}, headers=staff_auth)
        assert searched.status_code == 503 and searched.json()["code"] == "knowledge_unavailable"
        assert client.get("/ready").status_code == 503
        refused = client.post(
            "/policies", headers=admin_auth, files=[("files", ("gym.md", b"# Gym\n\nThe gym opens at 7.\n"))]
        )
        assert refused.status_code == 503, refused.text
        # nothing kept for a library it cannot reach
        assert not uploads.exists() or not list(uploads.iterdir())

    ready_in = chroma.start()
    time.sleep(RECONNECT_INTERVAL_S)  # the last failed attempt is remembered this long
    after = _search(ctx, registry)
    assert after.covered and after.passages[0].section == "Travel and Expenses > Hotels"
    assert late.connected
    save_figures("chroma_late", {"server_start_s": round(ready_in, 3)})
