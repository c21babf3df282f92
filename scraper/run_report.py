"""``MIRROR_REPORT``: write the run's HTML report (`mirror report`) once the run is recorded.

``-s MIRROR_REPORT=reports/run-{run}.html``: ``{run}`` in the path becomes the run's id,
so successive scheduled runs keep their own reports. The report is read back from the
database, so it shows exactly what `mirror report RUN` would. Writing it is the crawl's
last act and never its undoing: a failure is logged and the run keeps its status.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)

REPORT_SETTING = "MIRROR_REPORT"
RUN_PLACEHOLDER = "{run}"


def report_path(template: str, run_id: int) -> Path:
    """The report's file for ``run_id``: ``template`` with ``{run}`` replaced."""
    return Path(template.replace(RUN_PLACEHOLDER, str(run_id))).expanduser()


def write_run_report(database_url: str, run_id: int, template: str) -> Path | None:
    """Write run ``run_id``'s report where ``template`` says; None (logged) on failure."""
    path = report_path(template, run_id)
    try:
        # Late: matplotlib is only needed by the runs that write a report.
        from reporting.build import write_report_for

        path.parent.mkdir(parents=True, exist_ok=True)
        write_report_for(database_url, run_id, path)
    except Exception as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        logger.error("could not write the report of crawl run %s to %s: %s", run_id, path, detail)
        return None
    logger.info("wrote the report of crawl run %s to %s", run_id, path)
    return path
