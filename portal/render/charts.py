"""Static SVG charts, drawn at build time: no script, no web font, the same bytes on every build.

Written by hand on purpose: the chart libraries that emit SVG either reference scripts on a
third-party host, write random element ids, or produce files many times larger. Every chart
carries a title and a description for screen readers, and its page shows the same numbers
as a table.
"""

from __future__ import annotations

from html import escape

WIDTH = 640
FONT = 'font-family="system-ui, sans-serif"'


def percent(value: float) -> str:
    """Vietnamese decimal comma: ``45,3%``."""
    return f"{value:.1f}%".replace(".", ",")


def number(value: int) -> str:
    """Vietnamese thousands separator: ``12.345``."""
    return f"{value:,}".replace(",", ".")


def _open(ident: str, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="portal-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" {FONT} font-size="12">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def line_chart(ident: str, points: list[tuple[str, float]], title: str, desc: str) -> str:
    """Percentages over time (0–100 %), one labelled point per period."""
    height, left, right, top, bottom = 300, 48, 16, 20, 44
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(1, len(points) - 1)
    out = _open(ident, height, title, desc)
    for tick in range(0, 101, 25):
        y = top + plot_h * (1 - tick / 100)
        out.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">{tick}%</text>')
    coords = []
    every = 1 if len(points) <= 12 else 2
    for index, (label, value) in enumerate(points):
        x = left + step * index if len(points) > 1 else left + plot_w / 2
        y = top + plot_h * (1 - value / 100)
        coords.append(f"{x:.1f},{y:.1f}")
        if index % every == 0:
            out.append(
                f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#333">{escape(label)}</text>'
            )
            out.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="#1b5e20" font-size="11">'
                f"{percent(value)}</text>"
            )
    out.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="#1b5e20" stroke-width="2.5"/>')
    out.extend(f'<circle cx="{c.split(",")[0]}" cy="{c.split(",")[1]}" r="3.5" fill="#1b5e20"/>' for c in coords)
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(ident: str, items: list[tuple[str, int]], title: str, desc: str) -> str:
    """Horizontal bars, longest first, with the value at the end of each bar."""
    label_w, right, top, row = 250, 56, 8, 28
    height = top * 2 + row * len(items)
    largest = max((value for _, value in items), default=0) or 1
    plot_w = WIDTH - label_w - right
    out = _open(ident, height, title, desc)
    for index, (label, value) in enumerate(items):
        y = top + row * index
        short = label if len(label) <= 38 else label[:37].rstrip() + "…"
        width = plot_w * value / largest
        out.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="#222">{escape(short)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 5}" width="{width:.1f}" height="{row - 10}" fill="#0b3d91"/>')
        out.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 18}" fill="#222">{number(value)}</text>')
    out.append("</svg>")
    return "\n".join(out)
