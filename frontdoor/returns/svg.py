"""Server-rendered SVG bar charts (RET-3): no JavaScript, readable by a screen reader.

Each chart is an <svg role="img"> labelled by its <title> and <desc> (the figures in words);
the page puts the same numbers in a table beside it. Bars are horizontal so that long
labels (sources, teams, weeks) stay legible; colours are GOV.UK's, with the value written at
the end of each bar so that nothing depends on colour.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from frontdoor.returns.metrics import Chart

WIDTH = 640
LABEL = 230
ROW = 26
BAR = 18
VALUE_SPACE = 70


def _value(chart: Chart, value: float) -> str:
    return f"{value:g}%" if chart.kind == "percent" else f"{value:g}"


def render(chart: Chart) -> Markup:
    top = max((v for _, v in chart.bars), default=0.0)
    scale_max = 100.0 if chart.kind == "percent" else max(top, 1.0)
    area = WIDTH - LABEL - VALUE_SPACE
    height = max(len(chart.bars), 1) * ROW + 10
    title_id, desc_id = f"{chart.slug}-title", f"{chart.slug}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fd-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{title_id} {desc_id}" focusable="false">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    if not chart.bars:
        parts.append(f'<text x="0" y="20" font-size="16" fill="#0b0c0c">{escape("Nothing to show")}</text>')
    for i, (label, value) in enumerate(chart.bars):
        y = 5 + i * ROW
        width = 0 if scale_max == 0 else round(area * value / scale_max, 1)
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + BAR - 4}" text-anchor="end" font-size="14" fill="#0b0c0c">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{width}" height="{BAR}" fill="#1d70b8"></rect>'
            f'<text x="{LABEL + width + 6}" y="{y + BAR - 4}" font-size="14" fill="#0b0c0c">'
            f"{escape(_value(chart, value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
