"""The language model reports use, when the settings name one: None for the offline model, with the reason
when the configured model cannot be built (the offline readers and templates are used then)."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.agent.providers import ModelUnavailableError, openai_chat_model
from assistant.settings import ModelProvider, Settings


def report_model(settings: Settings) -> tuple[BaseChatModel | None, str | None]:
    """(model, None) for an OpenAI-compatible provider; (None, reason) when it cannot be built; (None, None)
    when the settings ask for the offline model."""
    if settings.model_provider is not ModelProvider.OPENAI:
        return None, None
    try:
        return openai_chat_model(settings), None
    except ModelUnavailableError as error:
        return None, f"Language model unavailable ({error.message})"
