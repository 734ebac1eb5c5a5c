"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright against a uvicorn server on
127.0.0.1 over a file-based SQLite database. Three flows from the issue, with screenshots as test artefacts:
upload a document and see its type; approve a pending order from the inbox (twice, from two tabs) and see it
executed once; ask for a report and see its chart.

Without /usr/bin/chromium these tests skip locally and FAIL in CI (CI=true): a missing browser must not pass
silently there. Nothing is downloaded.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from adapters.http.app import create_app
from assistant.api_tokens import create_token
from assistant.confirmations import ActionView
from assistant.db.engine import make_engine
from assistant.db.migrate import upgrade_to_head
from assistant.db.models import ActionStatus, PendingAction, Role, SalesOrder
from assistant.settings import PROJECT_ROOT, Settings
from tests.documents.service_support import HOTEL_RECEIPT, quick_pipeline
from tests.factories import make_employee
from tests.support import NOW
from tests.web.support import pending_order, recent_sales

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
# Not a BACKOFFICE_ setting: tests/conftest.py clears those so no test reads a real configuration.
ARTIFACTS_VARIABLE = "TEST_ARTIFACTS_DIR"


def artifacts_dir() -> Path:
    configured = os.environ.get(ARTIFACTS_VARIABLE)
    directory = Path(configured) if configured else PROJECT_ROOT / "test-artifacts" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def require_chromium() -> None:
    if CHROMIUM.is_file():
        return
    message = f"Chromium is missing at {CHROMIUM} (apt-get install chromium); the browser tests need it."
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Site:
    url: str
    settings: Settings
    engine: Engine
    staff_token: str
    approver_token: str
    order: ActionView


def _seed(session: Session, settings: Settings) -> tuple[str, str, ActionView]:
    uploader = make_employee(session, role=Role.STAFF, name="Sara Staff")
    approver = make_employee(session, role=Role.STAFF, name="Marko Approver")
    order, _ = pending_order(session, settings)
    recent_sales(session)
    tokens = [create_token(session, email=person.email, now=NOW).token for person in (uploader, approver)]
    session.commit()
    return tokens[0], tokens[1], order


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    require_chromium()
    root = tmp_path_factory.mktemp("browser")
    settings = Settings(data_dir=root / "data", database_url=f"sqlite:///{root / 'web.db'}")
    engine = make_engine(settings.database_url or "")
    upgrade_to_head(engine)
    with Session(engine, expire_on_commit=False) as session:  # closed before the server starts: SQLite
        staff_token, approver_token, order = _seed(session, settings)  # has one writer at a time
    app = create_app(
        settings, checkpointer=InMemorySaver(), pipeline=quick_pipeline(), open_policy_library=False
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Site(f"http://127.0.0.1:{port}", settings, engine, staff_token, approver_token, order)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield chromium
        chromium.close()


def signed_in(browser: Any, site: Site, token: str) -> Any:
    """A fresh browser context (its own cookies) signed in through the form, with the keyboard."""
    context = browser.new_context(base_url=site.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/app/sign-in")
    page.get_by_label("API token").fill(token)
    page.get_by_label("API token").press("Enter")
    page.wait_for_url(f"{site.url}/app")
    return context, page


def _orders(site: Site) -> int:
    with Session(site.engine) as session:  # a short read: the server is the one writing
        return session.scalar(select(func.count()).select_from(SalesOrder)) or 0


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(artifacts_dir() / f"{name}.png"), full_page=True)


def test_upload_a_document_and_see_its_type(browser: Any, site: Site, tmp_path: Path) -> None:
    context, page = signed_in(browser, site, site.staff_token)
    page.keyboard.press("Tab")  # the first stop is the skip link, and it leads into <main>
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click()
    receipt = tmp_path / "hotel-adler.txt"
    receipt.write_bytes(HOTEL_RECEIPT)
    page.get_by_label("File").set_input_files(str(receipt))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/app/documents/*?notice=uploaded")
    assert page.locator("#document-type").inner_text() == "Receipt"
    assert page.get_by_role("status").inner_text() == "Uploaded and read."
    shot(page, "document-uploaded")
    context.close()


def test_approve_a_pending_order_from_the_inbox_and_see_it_executed(browser: Any, site: Site) -> None:
    context, first_tab = signed_in(browser, site, site.approver_token)
    second_tab = context.new_page()
    orders_before = _orders(site)
    for tab in (first_tab, second_tab):
        tab.goto("/app/actions")
    card = first_tab.locator("article", has_text=site.order.summary)
    assert "Petra Requester" in card.inner_text()
    shot(first_tab, "inbox-pending-order")
    card.get_by_role("button", name="Approve").click()
    first_tab.wait_for_url(f"**/app/actions/{site.order.id}?done=approved")
    assert first_tab.locator("#action-status").inner_text() == "Executed"
    shot(first_tab, "order-executed")

    # The second tab still shows the button; its click is told the request was already decided.
    second_tab.locator("article", has_text=site.order.summary).get_by_role("button", name="Approve").click()
    second_tab.wait_for_load_state()
    assert "already decided; nothing was done again" in second_tab.get_by_role("alert").inner_text()
    shot(second_tab, "order-second-approval")
    context.close()

    with Session(site.engine) as session:
        assert session.get_one(PendingAction, site.order.id).status is ActionStatus.EXECUTED
    assert _orders(site) == orders_before + 1


def test_ask_for_a_report_and_see_its_chart(browser: Any, site: Site) -> None:
    context, page = signed_in(browser, site, site.staff_token)
    page.goto("/app/reports")
    page.get_by_label("Which report do you need?").fill("inventory report")
    page.get_by_role("button", name="Draft the report").click()
    page.wait_for_url("**/app/reports/*?notice=drafted")
    chart = page.locator("article.report img").first
    chart.wait_for()
    assert chart.get_attribute("alt")
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page.locator("article.report table").count() >= 1
    assert page.get_by_role("link", name="PDF").get_attribute("href", timeout=1000)
    shot(page, "report-with-chart")
    context.close()


def test_a_missing_browser_fails_in_ci_and_skips_locally(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium is missing"):
        require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="Chromium is missing"):
        require_chromium()
