"""Schemathesis against the app's own OpenAPI document: for generated requests to every operation (valid and
invalid ones), no server error, and every answer documented: its status, its content type and its body's schema.

Per operation: its documented request examples, valid requests (random ids, and the ids of records that exist)
and invalid ones. Deterministic and bounded: derandomized Hypothesis, 30 examples per strategy, no shrinking, no
example database, its caches in a temporary directory (nothing is written into the repository). Requests carry
an admin's token; a conversation, two proposals, a document, a report and a policy are made through the API
first. Hypothesis is driven here rather than through `schemathesis.pytest.from_fixture`, whose plugin does not
run under pytest 9 (it reads the removed `Item._nodeid`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from assistant.db.models import Role
from assistant.settings import Settings
from knowledge.service import KnowledgeService
from tests.documents.service_support import HOTEL_RECEIPT
from tests.factories import make_product, make_stock, make_warehouse
from tests.http.conftest import Api, open_api
from tests.knowledge.conftest import TRAVEL_MD, FakeEmbedder

SEED = 20261124
EXAMPLES = 30
# Random paths never name a file in the inbox.
NEVER_SUCCEED = {"POST /policies/ingest"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _some_data(api: Api, headers: dict[str, str]) -> dict[str, str]:
    """A conversation, two proposals of a colleague's to decide, a document, a report and a policy; their ids
    by path parameter name."""
    _, colleague = api.person(Role.STAFF)
    product = make_product(api.session, variants=1)
    product.variants[0].sku = "IT-DOCK-100"
    make_stock(api.session, product.variants[0], make_warehouse(api.session, code="WAW"), on_hand=10)
    api.session.flush()
    message = "after the stocktake there are 4 more IT-DOCK-100 in WAW, correct it"
    chat = api.client.post(
        "/chat", headers=headers, json={"message": "how many IT-DOCK-100 are there?"}
    ).json()
    first = api.client.post("/chat", headers=colleague, json={"message": message}).json()
    other = message.replace("4 more", "5 more")
    second = api.client.post("/chat", headers=colleague, json={"message": other}).json()
    upload = {"file": ("hotel.txt", HOTEL_RECEIPT, "text/plain")}
    document = api.client.post("/documents", headers=headers, files=upload).json()["document"]
    spec = {"spec": {"kind": "inventory", "as_of": "2026-11-24"}, "formats": ["md", "pdf"]}
    report = api.client.post("/reports/spec", headers=headers, json=spec).json()
    policy = [("files", ("travel.md", TRAVEL_MD.encode(), "text/markdown"))]
    assert api.client.post("/policies", headers=headers, files=policy).json()["counts"] == {"added": 1}
    return {
        "conversation_id": chat["conversation_id"],
        "action_id": first["proposals"][0]["id"],
        "action_id to reject": second["proposals"][0]["id"],  # approving runs first: the other one is decided
        "document_id": str(document["id"]),
        "report_id": report["report_id"],
        "name": "find_products",
    }


def _exercise(strategy: SearchStrategy[schemathesis.Case], seen: Counter[tuple[str, int]]) -> None:
    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: schemathesis.Case) -> None:
        response = case.call_and_validate(checks=CHECKS)
        seen[(case.operation.label, response.status_code // 100)] += 1

    answers_as_documented()


def _known(known: dict[str, str], operation: APIOperation, name: str) -> str:
    return known.get(f"{name} to {operation.path.rpartition('/')[2]}", known[name])


@pytest.fixture
def hypothesis_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Hypothesis keeps caches (constants, Unicode tables) beside the code by default: not in the repository."""
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
    yield
    set_hypothesis_home_dir(None)


@pytest.fixture
def library_api(db_session: Session, settings: Settings, tmp_path: Path) -> Iterator[Api]:
    library_settings = settings.model_copy(update={"embedding_cache_dir": tmp_path / "cache"})
    library = KnowledgeService.from_settings(library_settings, embedder=FakeEmbedder())
    try:
        yield from open_api(db_session, library_settings, knowledge=library)
    finally:
        library.close()


def test_the_api_answers_as_its_openapi_says(library_api: Api, hypothesis_home: None) -> None:
    api = library_api
    _, headers = api.person(Role.ADMIN)
    known = _some_data(api, headers)
    config = schemathesis.Config.from_dict({"seed": SEED, "headers": headers})
    loaded = schemathesis.openapi.from_asgi("/openapi.json", api.client.app, config=config)
    operations = [result.ok() for result in loaded.get_all_operations()]
    labels = [operation.label for operation in operations]
    assert len(operations) >= 23
    failures = []
    seen: Counter[tuple[str, int]] = Counter()
    for operation in operations:
        names = re.findall(r"{(\w+)}", operation.path)
        strategies = {
            "documented examples": loaded.get_strategies_from_examples(operation),
            "valid requests": [operation.as_strategy(GenerationMode.POSITIVE)],
            "valid requests, existing ids": [
                operation.as_strategy(
                    GenerationMode.POSITIVE, path_parameters={name: _known(known, operation, name)}
                )
                for name in names
                if name in known
            ],
            "invalid requests": [operation.as_strategy(GenerationMode.NEGATIVE)],
        }
        for kind, found in strategies.items():
            for strategy in found:
                try:
                    _exercise(strategy, seen)
                except Unsatisfiable:  # nothing to get wrong: no parameters, no body
                    assert kind == "invalid requests", operation.label
                except (Exception, BaseExceptionGroup) as error:  # every operation is tried, all reported
                    failures.append(f"{operation.label} ({kind}): {error}")
    assert not failures, "\n\n".join(failures)
    answered = {label for label, family in seen if family == 2}
    assert set(labels) - answered <= NEVER_SUCCEED, sorted(seen.items())
