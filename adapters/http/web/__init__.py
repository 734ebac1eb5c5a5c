"""The web pages under /app: server-rendered, plain forms (POST, then redirect), no build step, no JavaScript."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from adapters.http.web import account, actions, chat, documents, reports
from adapters.http.web.pages import WEB_DIR


def install_web(app: FastAPI) -> None:
    """Mount the stylesheet and the pages; the static mount comes first so the pages' catch-all leaves it be."""
    app.mount("/app/static", StaticFiles(directory=WEB_DIR / "static"), name="web-static")
    for module in (account, chat, actions, documents, reports):
        app.include_router(module.router)
    app.include_router(account.fallback)
