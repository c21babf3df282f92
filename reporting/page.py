"""Lay a run report out as one self-contained HTML file: inline CSS, charts embedded as
base64 PNG, no script, nothing fetched when it is opened.

Every figure the page shows carries its raw value in a ``data-`` attribute (and the run's
counts an ``id``), so a script or a test reads the numbers back without parsing the
formatted text. Each chart is followed by a table of the numbers it draws.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from db.report_data import NameCount, PageFetch, RunFillRates
from reporting.charts import Chart
from reporting.contents import HISTORY_TABLE, ReportData

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
       color: #1d2733; background: #f4f6f9; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 2px solid #dfe5ec; padding-bottom: 4px; }
.meta { color: #5b6776; margin: 0 0 18px; }
.status { display: inline-block; padding: 1px 10px; border-radius: 10px; font-weight: 600;
          color: #fff; background: #5b6776; }
.status-finished { background: #2f8a4c; } .status-failed { background: #c0392b; }
.status-aborted { background: #d27d11; }
.alarm { background: #fdecea; border-left: 4px solid #c0392b; padding: 8px 12px; }
.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
          gap: 10px; margin: 0; }
.counts div { background: #eef3f8; border-radius: 6px; padding: 10px 12px; }
.counts dt { color: #5b6776; font-size: 13px; }
.counts dd { margin: 0; font-size: 24px; font-weight: 650; }
.counts .bad dd { color: #c0392b; }
table { border-collapse: collapse; margin: 6px 0; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e3e8ee; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.url { word-break: break-all; }
.down { color: #c0392b; font-weight: 600; } .up { color: #2f8a4c; }
figure { margin: 10px 0 4px; } figure img { max-width: 100%; height: auto; }
details { margin: 0 0 10px; } summary { cursor: pointer; color: #3b6ea5; }
.none { color: #5b6776; font-style: italic; }
footer { color: #5b6776; font-size: 13px; margin-top: 36px; }
"""

# (id suffix, label, RunRecord attribute) of the run's counts, in display order.
RUN_COUNTS = (
    ("new", "new", "new"),
    ("changed", "changed", "changed"),
    ("unchanged", "unchanged", "unchanged"),
    ("vanished", "vanished", "vanished"),
    ("invalid", "invalid (dropped)", "invalid"),
    ("seen", "films seen", "seen"),
    ("revisits", "revisited, not parsed", "revisits"),
    ("not-checked", "not checked (trusted)", "not_checked"),
    ("pages", "pages fetched", "pages"),
)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def _attrs(**values: object) -> str:
    return "".join(f' data-{k.replace("_", "-")}="{escape(str(v))}"' for k, v in values.items())


def _section_counts(data: ReportData) -> str:
    run = data.run
    cells = [
        f'<div><dt>{escape(label)}</dt><dd id="run-{key}"{_attrs(value=getattr(run, attr))}>'
        f"{getattr(run, attr):,}</dd></div>"
        for key, label, attr in RUN_COUNTS
    ]
    bad = ' class="bad"' if data.failed_pages else ""
    cells.append(
        f"<div{bad}><dt>failed URLs</dt>"
        f'<dd id="run-failed"{_attrs(value=data.failed_pages)}>{data.failed_pages:,}</dd></div>'
    )
    return f'<h2>What the run found</h2><dl class="counts">{"".join(cells)}</dl>'


def _section_fill(data: ReportData, tail: int) -> str:
    title = "<h2>Fill rates</h2>"
    if not data.fill_fields:
        return title + '<p class="none">No run of this festival parsed a film yet.</p>'
    runs: Sequence[RunFillRates] = data.fill_history[-tail:]
    head = "".join(f'<th class="num">run {r.run_id}</th>' for r in runs)
    rows = []
    for name in data.fill_fields:
        current = data.run.fill_rates.get(name)
        previous = _previous_rate(data.fill_history, data.run.id, name)
        cells = "".join(
            f'<td class="num"{_attrs(run=r.run_id, value=r.fill_rates[name])}>'
            f"{_percent(r.fill_rates[name])}</td>"
            if name in r.fill_rates
            else '<td class="num">-</td>'
            for r in runs
        )
        rows.append(
            f'<tr{_attrs(field=name)}><th scope="row">{escape(name)}</th>{cells}'
            f'<td class="num">{_change(current, previous)}</td></tr>'
        )
    return (
        f"{title}<p>The share of the films each run parsed that had each watched field "
        "(declared <code>watch=True</code>, then the festival's own), for this run and the "
        f"festival's runs before it.</p><table><thead><tr><th>field</th>{head}"
        f'<th class="num">change</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _previous_rate(history: Sequence[RunFillRates], run_id: int, name: str) -> float | None:
    earlier = [r for r in history if r.run_id < run_id and name in r.fill_rates]
    return earlier[-1].fill_rates[name] if earlier else None


def _change(current: float | None, previous: float | None) -> str:
    if current is None or previous is None:
        return "-"
    points = (current - previous) * 100
    css = "down" if points < -0.05 else "up" if points > 0.05 else ""
    return f'<span class="{css}">{points:+.1f} pts</span>'


def _chart(chart: Chart, table: str) -> str:
    encoded = base64.b64encode(chart.png).decode("ascii")
    return (
        f'<figure id="chart-{chart.name}"><img alt="{escape(chart.title)}" '
        f'src="data:image/png;base64,{encoded}"></figure>'
        f"<details><summary>the numbers</summary>{table}</details>"
    )


def _table(head: Iterable[str], rows: Iterable[str], empty: str) -> str:
    body = "".join(rows)
    if not body:
        return f'<p class="none">{escape(empty)}</p>'
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _ranking_rows(counts: Sequence[NameCount], key: str) -> list[str]:
    return [
        f"<tr{_attrs(**{key: c.name, 'films': c.films})}><td>{escape(c.name)}</td>"
        f'<td class="num">{c.films:,}</td></tr>'
        for c in counts
    ]


def _section_charts(data: ReportData, drawn: dict[str, Chart]) -> str:
    editions = _table(
        ("festival", "edition", "films"),
        (
            f"<tr{_attrs(festival=e.festival, year=e.year, films=e.films)}>"
            f'<td>{escape(e.festival)}</td><td>{e.year}</td><td class="num">{e.films:,}</td></tr>'
            for e in data.editions
        ),
        "No film has an edition yet.",
    )
    countries = _table(
        ("country", "films"), _ranking_rows(data.countries, "country"), "No country yet."
    )
    directors = _table(
        ("director", "films"), _ranking_rows(data.directors, "director"), "No director yet."
    )
    history = _table(
        ("run", "status", "started"),
        (
            f"<tr{_attrs(run=r.run_id)}><td>{r.run_id}</td><td>{escape(r.status)}</td>"
            f"<td>{_when(r.started_at)}</td></tr>"
            for r in data.fill_history
        ),
        "No run recorded fill rates yet.",
    )
    festivals = ", ".join(f.upper() for f in data.festivals) or "none yet"
    return (
        f"<h2>The mirror now</h2><p>Films still on the site (tombstoned entries left out), "
        f"festivals: {escape(festivals)}.</p>"
        + _chart(drawn["films-per-edition"], editions)
        + _chart(drawn["top-countries"], countries)
        + _chart(drawn["top-directors"], directors)
        + "<h2>Fill rates across runs</h2>"
        + _chart(drawn["fill-rate-history"], history)
    )


def _page_rows(pages: Sequence[PageFetch]) -> list[str]:
    rows = []
    for page in pages:
        seconds = page.download_seconds
        attrs = _attrs(url=page.url, status=page.status, seconds="" if seconds is None else seconds)
        rows.append(
            f'<tr{attrs}><td class="url"><a href="{escape(page.url)}">{escape(page.url)}</a></td>'
            f'<td class="num">{page.status}</td>'
            f'<td class="num">{"-" if seconds is None else f"{seconds:.3f}"}</td></tr>'
        )
    return rows


def _section_pages(data: ReportData) -> str:
    head = ("URL", "status", "seconds")
    slowest = _table(
        head,
        _page_rows(data.slowest),
        "No download time was recorded for this run's pages.",
    )
    failing = _table(head, _page_rows(data.failing), "No URL failed.")
    shown = len(data.failing)
    more = (
        f"<p>The first {shown} of {data.failed_pages:,}, by status.</p>"
        if data.failed_pages > shown
        else ""
    )
    return (
        "<h2>Slowest URLs</h2><p>Download time: request sent to response headers received.</p>"
        f'<div id="slowest-urls">{slowest}</div>'
        f"<h2>Failing URLs</h2><p>Pages whose last response in this run had a status of 400 "
        f'or above.</p>{more}<div id="failing-urls">{failing}</div>'
    )


def _reason(reason: str | None, status: str) -> str:
    """Scrapy's close reason, when it says more than the status (``finished`` does not)."""
    return f" ({escape(reason)})" if reason and reason != status else ""


def render_page(data: ReportData, drawn: Sequence[Chart]) -> str:
    """The report as one HTML document."""
    run = data.run
    by_name = {chart.name: chart for chart in drawn}
    alarm = f'<p class="alarm">{escape(run.alarm)}</p>' if run.alarm else ""
    title = f"Crawl run {run.id} of {run.festival.upper()}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><main id="report"{_attrs(run=run.id, festival=run.festival)}>'
        f"<h1>{escape(title)}</h1>"
        f'<p class="meta"><span class="status status-{escape(run.status)}" id="run-status">'
        f"{escape(run.status)}</span> started {_when(run.started_at)}, ended "
        f"{_when(run.finished_at)}"
        f"{_reason(run.finish_reason, run.status) if not run.alarm else ''}"
        f"</p>{alarm}"
        + _section_counts(data)
        + _section_fill(data, tail=HISTORY_TABLE)
        + _section_charts(data, by_name)
        + _section_pages(data)
        + f"<footer>Written {_when(data.generated_at)} UTC by <code>mirror report</code> "
        "from the mirror database.</footer></main></body></html>\n"
    )
