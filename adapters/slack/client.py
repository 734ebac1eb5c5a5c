"""The Slack Web API client: the bot token, the configured base URL, and retries that honour Retry-After."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from assistant.settings import Settings

RATE_LIMIT_RETRIES = 3  # each waits what Slack's Retry-After header says (plus up to a second)


def slack_configured(settings: Settings) -> bool:
    """HTTP mode needs the bot token and the signing secret (Socket Mode needs the app token instead)."""
    return _has(settings.slack_bot_token) and _has(settings.slack_signing_secret)


def _has(secret: object) -> bool:
    from pydantic import SecretStr

    return isinstance(secret, SecretStr) and bool(secret.get_secret_value())


def web_client(settings: Settings) -> WebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=30,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )
