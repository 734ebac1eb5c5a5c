"""Chart specs to PNG with matplotlib's Agg backend (no display, nothing downloaded). Labels in Hangul need a
CJK font: Noto Sans CJK when the system has it (Debian: fonts-noto-cjk), else DejaVu Sans and missing glyphs.
The value axis is labelled (the currency, 'Anzahl', '%', 'Tage') and its numbers written as the report's
language writes them; the title and the series names come in that language with the chart spec."""

from __future__ import annotations

import io
import warnings
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.ticker import FuncFormatter

from assistant.reports.headings import Words
from assistant.reports.number_format import format_days
from assistant.reports.results import Chart, ChartKind, Unit

PALETTE = ("#2563eb", "#f59e0b", "#10b981", "#ef4444")


@lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """A font family with Hangul, when one is installed."""
    for font in font_manager.fontManager.ttflist:
        if "CJK" in font.name and "Sans" in font.name:
            return str(font.name)
    return None


def _families() -> list[str]:
    cjk = cjk_font_family()
    return ["DejaVu Sans", cjk] if cjk else ["DejaVu Sans"]


def axis_label(unit: Unit, language: str, currency: str) -> str:
    words = Words(language)
    labels = {
        Unit.MONEY: currency,
        Unit.PERCENT: "%",
        Unit.DAYS: words("ui.axis_days"),
        Unit.COUNT: words("ui.axis_count"),
    }
    return labels.get(unit, "")


def render_chart_png(chart: Chart, *, language: str = "en", currency: str = "EUR", dpi: int = 110) -> bytes:
    """The chart as PNG bytes, its value axis labelled and numbered in `language`."""
    ticks = FuncFormatter(lambda value, _position: format_days(round(value, 2), language))
    with (
        plt.rc_context({"font.family": _families(), "font.size": 9}),
        warnings.catch_warnings(),
    ):
        # A glyph missing from every installed font is drawn as a box; that is the graceful fallback.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        figure, axes = plt.subplots(figsize=(7.5, 3.6), dpi=dpi)
        try:
            names = list(chart.series)
            count = len(chart.categories)
            width = 0.8 / max(len(names), 1)
            positions = list(range(count))
            for index, name in enumerate(names):
                shifted = [position + (index - (len(names) - 1) / 2) * width for position in positions]
                color = PALETTE[index % len(PALETTE)]
                if chart.kind is ChartKind.HORIZONTAL_BAR:
                    axes.barh(shifted, chart.series[name], height=width, label=name, color=color)
                elif chart.kind is ChartKind.LINE:
                    axes.plot(positions, chart.series[name], marker="o", label=name, color=color)
                else:
                    axes.bar(shifted, chart.series[name], width=width, label=name, color=color)
            labels = [label if len(label) <= 28 else label[:27] + "…" for label in chart.categories]
            value_axis = axes.xaxis if chart.kind is ChartKind.HORIZONTAL_BAR else axes.yaxis
            value_axis.set_major_formatter(ticks)
            value_axis.set_label_text(axis_label(chart.unit, language, currency))
            if chart.kind is ChartKind.HORIZONTAL_BAR:
                axes.set_yticks(positions, labels)
                axes.invert_yaxis()
            else:
                axes.set_xticks(
                    positions, labels, rotation=30 if count > 4 else 0, ha="right" if count > 4 else "center"
                )
            axes.set_title(chart.title)
            axes.grid(axis="x" if chart.kind is ChartKind.HORIZONTAL_BAR else "y", alpha=0.3)
            if len(names) > 1:
                axes.legend()
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png")
            return buffer.getvalue()
        finally:
            plt.close(figure)
