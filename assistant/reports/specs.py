"""What a report is asked to show: one validated spec per report kind, serialisable for provenance and storage."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ReportKind(StrEnum):
    SALES = "sales"
    INVENTORY = "inventory"
    RECEIVABLES = "receivables"
    PIPELINE = "pipeline"
    PURCHASING = "purchasing"
    HR = "hr"


class SalesGrouping(StrEnum):
    REGION = "region"
    COUNTRY = "country"
    CATEGORY = "category"
    PRODUCT = "product"
    CUSTOMER = "customer"
    SALESPERSON = "salesperson"


class Period(BaseModel):
    """A span of whole days, both ends included, with the words it was named by."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date
    label: str = Field(default="", max_length=80)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def describe(self) -> str:
        span = f"{self.start.isoformat()} – {self.end.isoformat()}"
        return f"{self.label} ({span})" if self.label else span


class SpecBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    top: int = Field(default=10, ge=1, le=100, description="Rows per table before 'and N more'.")


class SalesSpec(SpecBase):
    kind: Literal[ReportKind.SALES] = ReportKind.SALES
    period: Period
    compare_to: Period | None = None
    group_by: SalesGrouping = SalesGrouping.REGION


class InventorySpec(SpecBase):
    """ABC by revenue share over `abc_days`, dead stock, and SKUs below safety stock, as of `as_of`."""

    kind: Literal[ReportKind.INVENTORY] = ReportKind.INVENTORY
    as_of: date
    abc_days: int = Field(default=365, ge=7, le=1095)
    class_a_share: float = Field(default=0.80, gt=0, lt=1, description="Cumulative revenue share of class A.")
    class_b_share: float = Field(
        default=0.95, gt=0, lt=1, description="Cumulative share of A and B together."
    )
    dead_after_days: int = Field(default=180, ge=1, le=1095, description="No sales for this long = dead.")
    demand_days: int = Field(default=90, ge=7, le=730, description="Window of the average daily demand.")

    @model_validator(mode="after")
    def _thresholds(self) -> InventorySpec:
        if self.class_b_share <= self.class_a_share:
            raise ValueError("class_b_share must be above class_a_share")
        return self


class ReceivablesSpec(SpecBase):
    kind: Literal[ReportKind.RECEIVABLES] = ReportKind.RECEIVABLES
    as_of: date


class PipelineSpec(SpecBase):
    """Orders placed in `period` by status; open orders older than `late_after_days` are late."""

    kind: Literal[ReportKind.PIPELINE] = ReportKind.PIPELINE
    period: Period
    as_of: date
    late_after_days: int = Field(default=3, ge=1, le=90)


class PurchasingSpec(SpecBase):
    kind: Literal[ReportKind.PURCHASING] = ReportKind.PURCHASING
    as_of: date


class HrSpec(SpecBase):
    kind: Literal[ReportKind.HR] = ReportKind.HR
    year: int = Field(ge=2000, le=2100)
    as_of: date


ReportSpec = Annotated[
    SalesSpec | InventorySpec | ReceivablesSpec | PipelineSpec | PurchasingSpec | HrSpec,
    Field(discriminator="kind"),
]


class SpecEnvelope(BaseModel):
    """Parses any stored spec back into its kind's model."""

    spec: ReportSpec


def spec_from_json(data: dict[str, object]) -> ReportSpec:
    return SpecEnvelope.model_validate({"spec": data}).spec
