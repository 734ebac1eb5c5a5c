"""The HTTP API (FastAPI): `create_app(settings)` builds it, `backoffice serve` runs it."""
