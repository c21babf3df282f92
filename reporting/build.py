"""Build a crawl run's report: gather its numbers, draw its charts, write the HTML file
(and, if asked, each chart as a PNG). Used by `mirror report` and, at the end of a crawl
given ``MIRROR_REPORT``, by the store pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from db.session import make_engine
from reporting import charts
from reporting.charts import Chart
from reporting.contents import ReportData, collect, resolve_run
from reporting.page import render_page


@dataclass(frozen=True)
class WrittenReport:
    run_id: int
    html: Path
    pngs: tuple[Path, ...] = ()


def default_output(run_id: int) -> Path:
    """``report-run-<id>.html`` in the current folder."""
    return Path(f"report-run-{run_id}.html")


def draw(data: ReportData) -> list[Chart]:
    """The report's charts, in page order."""
    return [
        charts.films_per_edition(data.editions),
        charts.top_countries(data.countries),
        charts.top_directors(data.directors),
        charts.fill_rate_history(data.fill_history, data.fill_fields),
    ]


def write_report(
    session: Session,
    run_id: int | None = None,
    output: Path | None = None,
    png_dir: Path | None = None,
) -> WrittenReport:
    """Write run ``run_id``'s report (the latest run's by default) to ``output`` (default
    :func:`default_output`), and each chart as ``<png_dir>/<chart>.png`` if given."""
    data = collect(session, resolve_run(session, run_id))
    drawn = draw(data)
    html_path = output if output is not None else default_output(data.run.id)
    html_path.write_text(render_page(data, drawn), encoding="utf-8")
    pngs: list[Path] = []
    if png_dir is not None:
        png_dir.mkdir(parents=True, exist_ok=True)
        for chart in drawn:
            path = png_dir / f"{chart.name}.png"
            path.write_bytes(chart.png)
            pngs.append(path)
    return WrittenReport(data.run.id, html_path, tuple(pngs))


def write_report_for(database_url: str, run_id: int, output: Path) -> WrittenReport:
    """Write run ``run_id``'s report from the mirror at ``database_url`` (a crawl's own
    connection is closed by then: this one is opened for the report and closed after)."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return write_report(session, run_id, output)
    finally:
        engine.dispose()
