"""The ``scrapy report --html`` page: one self-contained HTML file (no script, no server, no
network) with the status table and two charts drawn by matplotlib as SVG and inlined:

- **articles per day**: one small bar chart per paper over the last N days (+07:00, by
  ``published_at``); a stale paper's panel is tinted and the time since its newest article shaded;
- **fill rates across runs**: one small line chart per paper, the key fields' fill rate run by
  run; runs with a drift alarm are marked with a red line, a drifting paper's panel is tinted.

Panels come in the table's order (papers that need a look first), titles say what is wrong.
matplotlib is imported here only, so the terminal report does not need it (``report`` extra).
"""

from __future__ import annotations

import html
import io
import math
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from crawler.runs.status import KEY_FIELDS, SHORT, VN, PaperStatus, format_age, table_rows

STALE_COLOUR = "#c62828"
DRIFT_COLOUR = "#e65100"
STALE_TINT = "#fdecea"
DRIFT_TINT = "#fff3e0"
FIELD_COLOURS = dict(zip(KEY_FIELDS, ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b"), strict=False))
BAR_COLOUR = "#1f77b4"

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: .8rem; }
th, td { padding: .25rem .4rem; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.problems { white-space: normal; min-width: 12rem; max-width: 36rem; }
div.scroll { overflow-x: auto; }
tr.look td { background: #fffbe6; }
.flag { display: inline-block; padding: 0 .35rem; border-radius: .25rem; color: #fff;
        font-size: .75rem; font-weight: 600; margin-right: .25rem; }
.flag.stale { background: #c62828; } .flag.drift { background: #e65100; }
.flag.failed { background: #6a1b9a; } .flag.errors { background: #546e7a; }
figure { margin: 0; }
svg.chart { max-width: 100%; height: auto; display: block; }
"""


def render_page(
    statuses: list[PaperStatus],
    daily: dict[str, Counter[date]],
    *,
    days: float,
    now: datetime,
    source: str,
    notes: list[str] | None = None,
) -> str:
    """The whole page as a string."""
    today = now.astimezone(VN).date()
    since = today - timedelta(days=math.ceil(days) - 1)
    head = (
        f"Runs of the last {_num(days)} days under <code>{html.escape(source)}</code>, "
        f"generated {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC. "
    )
    look = sum(s.needs_look for s in statuses)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Crawl report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Crawl report</h1>",
        f'<p class="meta">{head}{len(statuses)} papers, {look} need a look.</p>',
    ]
    parts += [f'<p class="meta">{html.escape(note)}</p>' for note in notes or ()]
    if not statuses:
        parts.append('<p id="no-runs">No runs in this window.</p></body></html>')
        return "\n".join(parts) + "\n"
    parts += [
        '<section id="papers"><h2>Papers</h2>',
        f'<div class="scroll">{status_table(statuses)}</div>',
        "</section>",
        '<section id="articles-per-day">',
        f"<h2>Articles per day ({since:%Y-%m-%d} to {today:%Y-%m-%d}, by published_at, +07:00)</h2>",
        "<figure>",
        articles_chart(statuses, daily, since=since, today=today, now=now),
        "</figure></section>",
        '<section id="fill-rates"><h2>Fill rates of the key fields, run by run</h2>',
        "<figure>",
        fill_rate_chart(statuses, start=datetime.combine(since, time(0), VN), end=now),
        "</figure></section>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def status_table(statuses: list[PaperStatus]) -> str:
    header = ["paper", "last run (UTC)", "finish", "new", "revised", "newest (+07:00)", "age"]
    header += [*(SHORT.get(name, name) for name in KEY_FIELDS), "drift", "errors", "needs a look"]
    numeric = {3, 4, 6, 7, 8, 9, 10, 12}
    out = ["<table><thead><tr>", *(f"<th>{html.escape(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for status, row in zip(statuses, table_rows(statuses), strict=True):
        cells = row[1:-1]
        css = ' class="look"' if status.needs_look else ""
        out.append(f'<tr{css} data-paper="{html.escape(status.spider)}">')
        out += [
            f"<td{' class=num' if i in numeric else ''}>{html.escape(cell)}</td>"
            for i, cell in enumerate(cells)
        ]
        flags = "".join(
            f'<span class="flag {p.kind}">{p.kind}</span>{html.escape(p.text)}<br>' for p in status.problems
        )
        out.append(f'<td class="problems">{flags or "ok"}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


# -- charts ----------------------------------------------------------------------------------------


def _grid(count: int, *, width: float, height: float):
    from matplotlib.figure import Figure

    cols = min(3, max(1, count))
    rows = math.ceil(count / cols)
    fig = Figure(figsize=(width * cols, height * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in axes[count:]:
        ax.set_visible(False)
    return fig, axes


def _title(ax, status: PaperStatus, problems: list[str]) -> None:
    marks = [p for p in problems if status.has(p)]
    label = status.spider + (" — " + ", ".join(m.upper() for m in marks) if marks else "")
    colour = STALE_COLOUR if "stale" in marks else DRIFT_COLOUR if "drift" in marks else "#222222"
    ax.set_title(label, loc="left", fontsize=9, color=colour, fontweight="bold" if marks else "normal")
    if marks:
        ax.set_facecolor(STALE_TINT if "stale" in marks else DRIFT_TINT)


def articles_chart(
    statuses: list[PaperStatus], daily: dict[str, Counter[date]], *, since: date, today: date, now: datetime
) -> str:
    import matplotlib.dates as mdates

    fig, axes = _grid(len(statuses), width=4.2, height=2.1)
    day_list = [since + timedelta(days=i) for i in range((today - since).days + 1)]
    for ax, status in zip(axes, statuses, strict=False):
        per_day = daily.get(status.spider, Counter())
        counts = [per_day.get(d, 0) for d in day_list]
        noon = [datetime.combine(d, time(12), VN) for d in day_list]
        ax.bar(noon, counts, width=0.8, color=BAR_COLOUR)
        _title(ax, status, ["stale", "drift", "failed"])
        if status.stale:
            start = status.newest_published_at or datetime.combine(since, time(0), VN)
            ax.axvspan(max(start, noon[0] - timedelta(hours=12)), now, color=STALE_COLOUR, alpha=0.15, lw=0)
            age = format_age(status.age) if status.age is not None else "?"
            ax.text(
                0.98, 0.92, f"nothing new for {age}", transform=ax.transAxes, ha="right", va="top",
                fontsize=7, color=STALE_COLOUR,
            )  # fmt: skip
        ax.set_xlim(noon[0] - timedelta(hours=12), noon[-1] + timedelta(hours=12))
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6, tz=VN))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator(), tz=VN))
        ax.set_ylabel("articles", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.set_ylim(bottom=0)
    return _svg(fig, "articles-per-day", "Articles per day per paper")


def fill_rate_chart(statuses: list[PaperStatus], *, start: datetime, end: datetime) -> str:
    import matplotlib.dates as mdates

    fig, axes = _grid(len(statuses), width=4.2, height=2.1)
    for ax, status in zip(axes, statuses, strict=False):
        runs = [r for r in status.runs if r.started_at and r.items]
        for name in KEY_FIELDS:
            points = [(r.started_at, r.fill_rates.get(name)) for r in runs]
            points = [(t, v) for t, v in points if v is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, marker="o", markersize=3, lw=1.2, color=FIELD_COLOURS[name], label=name)
        for run in status.runs:
            if run.drifting and run.started_at:
                ax.axvline(run.started_at, color=DRIFT_COLOUR, lw=1.5, ls="--")
        _title(ax, status, ["drift", "stale", "failed"])
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlim(start, end + timedelta(hours=6))
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6, tz=VN))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator(), tz=VN))
        ax.tick_params(labelsize=7)
        if not runs:
            ax.text(0.5, 0.5, "no run with items", transform=ax.transAxes, ha="center", fontsize=8)
    handles, labels = [], []
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(h)
                labels.append(label)
    if handles:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color=DRIFT_COLOUR, ls="--"))
        labels.append("drift alarm")
        # three entries a row per panel across: one panel is too narrow for all five in a row
        columns = min(len(labels), 3 * min(3, max(1, len(statuses))))
        fig.legend(handles, labels, loc="outside lower center", ncols=columns, fontsize=8, frameon=False)
    return _svg(fig, "fill-rates", "Fill rates of the key fields per run and paper")


def _svg(fig, name: str, label: str) -> str:
    """The figure as an ``<svg>`` element to inline: text stays text (searchable, small), ids are
    salted per chart so two charts in one page do not share clip paths."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # The RDF metadata block (creator, format) is of no use inline.
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    return svg.replace(
        "<svg ", f'<svg class="chart" id="chart-{name}" role="img" aria-label="{html.escape(label)}" ', 1
    )


def _num(value: float) -> str:
    return f"{value:g}"
