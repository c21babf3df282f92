"""The report's charts, drawn with matplotlib at build time into PNG bytes.

Figures are made with matplotlib's object API (``Figure`` with the Agg canvas), never
through pyplot: no global backend to choose, no window, no figure left open in a crawl
process that writes its report at the end.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from db.report_data import EditionCount, NameCount, RunFillRates

WIDTH_INCHES = 10.0
DPI = 100
BAR_COLOUR = "#3b6ea5"
NOTHING_TO_SHOW = "nothing to show yet"


@dataclass(frozen=True)
class Chart:
    """One rendered chart: ``name`` is its file name stem and its HTML id's suffix."""

    name: str
    title: str
    png: bytes


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)  # attaches itself as the figure's canvas
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _empty(figure: Figure, title: str) -> Figure:
    axes = figure.subplots()
    axes.set_title(title)
    axes.text(0.5, 0.5, NOTHING_TO_SHOW, ha="center", va="center", transform=axes.transAxes)
    axes.set_axis_off()
    return figure


def films_per_edition(counts: Sequence[EditionCount]) -> Chart:
    """Bars of films per edition year, one panel per festival."""
    title = "Films per edition"
    by_festival = [
        (festival, list(rows)) for festival, rows in groupby(counts, key=lambda c: c.festival)
    ]
    panels = max(1, len(by_festival))
    figure = Figure(figsize=(WIDTH_INCHES, 3.2 * panels), layout="constrained")
    if not by_festival:
        return Chart("films-per-edition", title, _png(_empty(figure, title)))
    axes_list = figure.subplots(panels, 1, squeeze=False)[:, 0]
    for axes, (festival, rows) in zip(axes_list, by_festival, strict=True):
        axes.bar([r.year for r in rows], [r.films for r in rows], color=BAR_COLOUR, width=0.8)
        axes.set_title(f"{festival.upper()}: films per edition")
        axes.set_xlabel("edition")
        axes.set_ylabel("films")
        axes.xaxis.set_major_locator(MaxNLocator(nbins=16, integer=True))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", alpha=0.3)
    return Chart("films-per-edition", title, _png(figure))


def _ranking(name: str, title: str, counts: Sequence[NameCount], label: str) -> Chart:
    figure = Figure(figsize=(WIDTH_INCHES, 0.32 * max(len(counts), 4) + 1.2), layout="constrained")
    if not counts:
        return Chart(name, title, _png(_empty(figure, title)))
    axes = figure.subplots()
    ranked = list(reversed(counts))  # the largest at the top
    bars = axes.barh([c.name for c in ranked], [c.films for c in ranked], color=BAR_COLOUR)
    axes.bar_label(bars, padding=3)
    axes.set_title(title)
    axes.set_xlabel(label)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.margins(x=0.1)
    return Chart(name, title, _png(figure))


def top_countries(counts: Sequence[NameCount]) -> Chart:
    return _ranking("top-countries", "Top countries", counts, "films naming the country")


def top_directors(counts: Sequence[NameCount]) -> Chart:
    return _ranking("top-directors", "Top directors", counts, "films directed")


def fill_rate_history(history: Sequence[RunFillRates], fields: Sequence[str]) -> Chart:
    """One line per watched field: its fill rate in each run, oldest run first."""
    title = "Fill rates across runs"
    figure = Figure(figsize=(WIDTH_INCHES, 4.5), layout="constrained")
    if not history or not fields:
        return Chart("fill-rate-history", title, _png(_empty(figure, title)))
    axes = figure.subplots()
    positions = range(len(history))
    colours = _colours(len(fields))
    for name, colour in zip(fields, colours, strict=True):
        rates = [run.fill_rates.get(name) for run in history]
        axes.plot(
            positions,
            [float("nan") if r is None else r for r in rates],
            marker="o",
            label=name,
            color=colour,
        )
    axes.set_xticks(list(positions), [f"run {run.run_id}" for run in history])
    axes.set_ylim(-0.02, 1.05)
    axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    axes.set_ylabel("films with the field")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
    return Chart("fill-rate-history", title, _png(figure))


def _colours(count: int) -> list[tuple[float, float, float, float]]:
    """Distinct colours for up to 20 lines (tab20), cycled beyond."""
    palette = colormaps["tab20"]
    return [palette(i % 20) for i in range(count)]
