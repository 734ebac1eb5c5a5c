"""Column types that keep money exact and timestamps in UTC on every database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


def to_money(value: Decimal | int | str | float) -> Decimal:
    """Round to cents, half up. Floats are converted through their shortest repr, never their binary value."""
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Money(TypeDecorator[Decimal]):
    """NUMERIC(14, 2) that always binds and returns a Decimal rounded to cents.

    SQLite has no decimal type and stores NUMERIC as REAL; quantizing on the way in and out keeps the Python side
    exact, and two-decimal amounts of this size survive a double's 15 significant digits.
    """

    impl = Numeric(14, 2, asdecimal=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, int or str, never float")
        quantized = to_money(value)
        # pysqlite cannot bind Decimal; its text form keeps every digit and SQLite stores the number.
        return str(quantized) if dialect.name == "sqlite" else quantized

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return to_money(value)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps, stored in UTC. Naive datetimes are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass a timezone-aware value")
        as_utc = value.astimezone(UTC)
        return as_utc.replace(tzinfo=None) if dialect.name == "sqlite" else as_utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def str_enum(enum_cls: type[Any], length: int = 32) -> Any:
    """Store a StrEnum by its value as VARCHAR (no native ENUM: adding a value must not need a type migration)."""
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def json_type() -> Any:
    """JSON everywhere, JSONB on PostgreSQL."""
    from sqlalchemy import JSON
    from sqlalchemy.dialects.postgresql import JSONB

    return JSON().with_variant(JSONB(), "postgresql")
