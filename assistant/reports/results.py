"""What a computed report is: headline figures, tables, chart specs and provenance — numbers only, no prose."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.reports.specs import ReportKind

Cell = str | int | Decimal | float | date | None


class Unit(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"
    TEXT = "text"


class Figure(BaseModel):
    """One headline number, with the comparison value when the report compares periods."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="Stable name the narrative templates use, e.g. 'revenue'.")
    label: str
    value: Decimal | int | float | None
    unit: Unit
    previous: Decimal | int | float | None = None

    @property
    def change_percent(self) -> float | None:
        if self.previous is None or self.value is None or not self.previous:
            return None
        return float(
            (Decimal(str(self.value)) - Decimal(str(self.previous))) / Decimal(str(self.previous)) * 100
        )


class Column(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    unit: Unit = Unit.TEXT


class Table(BaseModel):
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    more: int = Field(default=0, description="Rows left out after the top N ('and N more').")
    note: str | None = None

    def column(self, key: str) -> list[Cell]:
        index = [column.key for column in self.columns].index(key)
        return [row[index] for row in self.rows]


class ChartKind(StrEnum):
    BAR = "bar"
    HORIZONTAL_BAR = "barh"
    LINE = "line"


class Chart(BaseModel):
    key: str
    title: str
    kind: ChartKind
    categories: list[str]
    series: dict[str, list[float]]
    unit: Unit = Unit.MONEY


class Query(BaseModel):
    title: str
    sql: str


class Provenance(BaseModel):
    spec: dict[str, object]
    queries: list[Query]
    data_as_of: datetime = Field(description="When the numbers were read from the database.")
    latest_record_at: datetime | None = Field(
        default=None, description="The newest record the report's data holds (e.g. the last order)."
    )
    requested_by: str
    database: str = Field(description="The database dialect the numbers came from.")
    notes: list[str] = Field(
        default_factory=list,
        description="How the request was read and the narrative written (model or offline, and why).",
    )


class ReportResult(BaseModel):
    kind: ReportKind
    title: str
    subtitle: str
    figures: list[Figure]
    tables: list[Table]
    charts: list[Chart]
    provenance: Provenance
    empty: bool = Field(default=False, description="True when the period holds no data at all.")
    language: str = Field(
        default="en", description="The language of the titles and labels (en, de, pl, hr, ko)."
    )

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


class ReportBody(BaseModel):
    """What a report kind computes; the builder adds the provenance."""

    title: str
    subtitle: str
    figures: list[Figure]
    tables: list[Table]
    charts: list[Chart] = Field(default_factory=list)
    empty: bool = False
    latest_record_at: datetime | None = None
