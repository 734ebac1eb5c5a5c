"""Turn result models into Rich tables for the terminal."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from rich.table import Table


def key_value_table(title: str, values: dict[str, Any]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("value")
    for name, value in values.items():
        table.add_row(name, "" if value is None else str(value))
    return table


def model_table(title: str, model: BaseModel) -> Table:
    return key_value_table(title, model.model_dump())
