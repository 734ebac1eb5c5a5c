"""Chart specs to PNG with matplotlib's Agg backend (no display, nothing downloaded). Labels in Hangul need a
CJK font: Noto Sans CJK when the system has it (Debian: fonts-noto-cjk), else DejaVu Sans and missing glyphs."""

from __future__ import annotations

import io
import warnings
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt

from assistant.reports.results import Chart, ChartKind

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


def render_chart_png(chart: Chart, *, dpi: int = 110) -> bytes:
    """The chart as PNG bytes."""
    with plt.rc_context({"font.family": _families(), "font.size": 9}):
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
            with warnings.catch_warnings():
                # A glyph missing from every installed font is drawn as a box; that is the graceful fallback.
                warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
                figure.savefig(buffer, format="png")
            return buffer.getvalue()
        finally:
            plt.close(figure)
