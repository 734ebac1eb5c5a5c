"""`/policies`: admins add policies from uploads or the documents inbox (per-file results, safe paths);
everyone searches them; readiness checks the policy store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Policy, PolicyStatus, Role
from assistant.settings import Settings
from knowledge.service import KnowledgeService
from tests.http.conftest import Api, assert_problem, open_api
from tests.knowledge.conftest import LEAVE_MD, TRAVEL_MD, FakeEmbedder


@pytest.fixture
def library_api(db_session: Session, settings: Settings, tmp_path: Path) -> Iterator[Api]:
    library_settings = settings.model_copy(
        update={"embedding_cache_dir": tmp_path / "cache", "knowledge_min_score": 0.14}
    )
    library = KnowledgeService.from_settings(library_settings, embedder=FakeEmbedder())
    try:
        yield from open_api(db_session, library_settings, knowledge=library)
    finally:
        library.close()


def _inbox(api: Api) -> Path:
    inbox = api.settings.effective_documents_inbox_dir
    (inbox / "handbook").mkdir(parents=True)
    (inbox / "handbook" / "travel.md").write_text(TRAVEL_MD, encoding="utf-8")
    (inbox / "handbook" / "leave.md").write_text(LEAVE_MD, encoding="utf-8")
    (inbox / "handbook" / "notes.xyz").write_text("not a policy", encoding="utf-8")
    return inbox


def test_an_admin_adds_inbox_policies_and_everyone_finds_them(library_api: Api) -> None:
    api = library_api
    _, admin = api.person(Role.ADMIN)
    _, employee = api.person(Role.EMPLOYEE)
    _inbox(api)

    added = api.client.post("/policies/ingest", headers=admin, json={"paths": ["handbook"]})
    assert added.status_code == 200, added.text
    outcomes = {item["name"]: item["outcome"] for item in added.json()["files"]}
    assert outcomes == {
        "handbook/leave.md": "added",
        "handbook/notes.xyz": "skipped",
        "handbook/travel.md": "added",
    }
    assert added.json()["counts"] == {"added": 2, "skipped": 1}
    assert str(api.settings.data_dir) not in added.text  # no server paths in the answer

    again = api.client.post("/policies/ingest", headers=admin, json={"paths": ["handbook/travel.md"]}).json()
    assert again["files"] == [
        {"name": "handbook/travel.md", "outcome": "unchanged", "chunks": 3, "reason": None}
    ]

    found = api.client.get(
        "/policies/search", headers=employee, params={"q": "hotel limit per night in Germany"}
    )
    assert found.status_code == 200 and found.json()["covered"]
    assert found.json()["passages"][0]["source"] == "travel.md"
    assert api.client.get("/ready").json()["policy_library"] == "ok"


def test_an_admin_uploads_policies_and_a_new_version_replaces_the_old(library_api: Api) -> None:
    api = library_api
    _, admin = api.person(Role.ADMIN)
    files = [
        ("files", ("travel.md", TRAVEL_MD.encode(), "text/markdown")),
        ("files", ("leave.md", LEAVE_MD.encode(), "text/markdown")),
        ("files", ("broken.pdf", b"%PDF-1.7 this is not really a PDF", "application/pdf")),
    ]
    uploaded = api.client.post("/policies", headers=admin, files=files)
    assert uploaded.status_code == 200, uploaded.text
    outcomes = {item["name"]: (item["outcome"], item["reason"]) for item in uploaded.json()["files"]}
    assert outcomes["travel.md"] == ("added", None) and outcomes["leave.md"] == ("added", None)
    assert outcomes["broken.pdf"][0] == "failed" and outcomes["broken.pdf"][1]

    newer = TRAVEL_MD.replace("150 EUR", "160 EUR")
    updated = api.client.post(
        "/policies", headers=admin, files=[("files", ("travel.md", newer.encode(), "text/markdown"))]
    )
    assert updated.json()["files"][0]["outcome"] == "updated"
    travel = api.session.scalars(select(Policy).where(Policy.source == "travel.md")).one()
    assert travel.status is PolicyStatus.INGESTED
    passages = api.client.get("/policies/search", headers=admin, params={"q": "hotel limit Germany"}).json()
    assert any("160 EUR" in passage["text"] for passage in passages["passages"])
    assert not any("150 EUR" in passage["text"] for passage in passages["passages"])


def test_a_batch_with_one_oversize_file_replaces_nothing(library_api: Api) -> None:
    api = library_api
    _, admin = api.person(Role.ADMIN)
    first = api.client.post(
        "/policies", headers=admin, files=[("files", ("travel.md", TRAVEL_MD.encode(), "text/markdown"))]
    )
    assert first.status_code == 200, first.text
    kept = api.settings.effective_documents_dir / "policies" / "uploaded" / "travel.md"
    api.settings.documents_max_upload_bytes = len(TRAVEL_MD.encode()) + 100
    newer = TRAVEL_MD.replace("150 EUR", "160 EUR")
    batch = [
        ("files", ("travel.md", newer.encode(), "text/markdown")),  # fits, and comes first
        ("files", ("huge.md", b"x" * (len(TRAVEL_MD.encode()) + 101), "text/markdown")),
    ]

    assert_problem(api.client.post("/policies", headers=admin, files=batch), 413)

    assert kept.read_text(encoding="utf-8") == TRAVEL_MD  # the library on disk is as it was
    assert sorted(path.name for path in kept.parent.iterdir()) == ["travel.md"]  # no temporary file left


def test_policy_ingest_refusals(library_api: Api) -> None:
    api = library_api
    _, admin = api.person(Role.ADMIN)
    _, manager = api.person(Role.MANAGER)
    inbox = _inbox(api)
    outside = inbox.parent / "secret.md"
    outside.write_text(TRAVEL_MD, encoding="utf-8")
    (inbox / "handbook" / "link.md").symlink_to(outside)
    markdown = [("files", ("travel.md", TRAVEL_MD.encode(), "text/markdown"))]

    assert_problem(api.client.post("/policies/ingest", headers=manager, json={"paths": ["handbook"]}), 403)
    assert_problem(api.client.post("/policies", headers=manager, files=markdown), 403)
    for escape in ("../secret.md", str(outside), "handbook/../../secret.md", "handbook/link.md", "handbook"):
        refused = assert_problem(
            api.client.post("/policies/ingest", headers=admin, json={"paths": [escape]}), 403
        )
        assert "inbox" in refused["detail"]
    assert api.session.scalars(select(Policy)).all() == []  # nothing was read from outside

    assert_problem(api.client.post("/policies/ingest", headers=admin, json={"paths": ["."]}), 422)
    assert_problem(api.client.post("/policies/ingest", headers=admin, json={"paths": []}), 422)
    assert_problem(api.client.post("/policies/ingest", headers=admin, json={"paths": ["a\x00b"]}), 422)
    assert_problem(api.client.post("/policies/ingest", headers=admin, json={"path": "handbook"}), 422)
    missing = api.client.post("/policies/ingest", headers=admin, json={"paths": ["nowhere.md"]}).json()
    assert missing["files"] == [
        {"name": "nowhere.md", "outcome": "failed", "chunks": 0, "reason": "no such file or folder"}
    ]

    assert_problem(api.client.post("/policies", headers=admin), 422)
    twice = [*markdown, *markdown]
    assert (
        "same file name"
        in assert_problem(api.client.post("/policies", headers=admin, files=twice), 422)["detail"]
    )
    hidden = [("files", (".env", b"x", "text/plain"))]
    assert_problem(api.client.post("/policies", headers=admin, files=hidden), 422)
    api.settings.documents_max_upload_bytes = 64
    assert_problem(api.client.post("/policies", headers=admin, files=markdown), 413)
    uploaded = api.settings.effective_documents_dir / "policies" / "uploaded"
    assert not any(path.is_file() for path in uploaded.rglob("*"))  # nothing half-written is left
    assert_problem(api.client.post("/policies", files=markdown), 401)
    assert_problem(api.client.post("/policies/ingest", json={"paths": ["handbook"]}), 401)


def test_without_a_policy_library_ingest_and_search_say_so(api: Api) -> None:
    _, admin = api.person(Role.ADMIN)
    markdown = [("files", ("travel.md", TRAVEL_MD.encode(), "text/markdown"))]
    assert (
        "not set up"
        in assert_problem(api.client.post("/policies", headers=admin, files=markdown), 409)["detail"]
    )
    assert_problem(api.client.post("/policies/ingest", headers=admin, json={"paths": ["handbook"]}), 409)
    assert_problem(api.client.get("/policies/search", headers=admin, params={"q": "hotel"}), 409)


class UnreachableStore:
    def count(self) -> int:
        raise ConnectionError("the Chroma server does not answer")


class UnreachableLibrary:
    store = UnreachableStore()


def test_readiness_fails_when_the_policy_store_or_the_database_does_not_answer(
    db_session: Session, settings: Settings
) -> None:
    for api in open_api(db_session, settings, knowledge=UnreachableLibrary()):
        assert api.client.get("/health").json() == {"status": "ok"}
        assert "policy library" in assert_problem(api.client.get("/ready"), 503)["detail"]

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    nowhere = create_engine("sqlite:////nonexistent-folder/no.db")
    try:
        for api in open_api(db_session, settings, sessions=sessionmaker(bind=nowhere)):
            assert assert_problem(api.client.get("/ready"), 503)["code"] == "not_ready"
    finally:
        nowhere.dispose()
