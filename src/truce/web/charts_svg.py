"""Small hand-written SVG charts for the dashboard, drawn from ``dashboard.stats``.

Server-side SVG needs no chart library, works without JavaScript, and prints.
"""

from __future__ import annotations

from html import escape

PARTY_COLOURS = ("#b3261e", "#1f5fa8", "#8a5a00", "#2e7d32", "#6c3483", "#5d6878")
W, H, LEFT, BOTTOM, TOP = 560, 220, 38, 36, 12


def _axis(max_value: float, plot_h: float) -> tuple[list[str], float]:
    """Y gridlines at round steps; returns the SVG parts and the value at the top."""
    top = max(1.0, float(max_value))
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10**9) if top / s <= 5)
    top = step * -(-top // step)
    parts = []
    v = 0.0
    while v <= top:
        y = TOP + plot_h - v / top * plot_h
        parts.append(
            f'<line x1="{LEFT}" x2="{W - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7ee"/>'
            f'<text x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#5d6878">{v:g}</text>'
        )
        v += step
    return parts, top


def grouped_bars(title: str, weeks: list[str], series: dict[str, list[int]]) -> str:
    """Bars per week, one per series side by side, with a legend."""
    plot_h = H - TOP - BOTTOM
    parts, top = _axis(max((max(v) for v in series.values() if v), default=0), plot_h)
    n = max(1, len(weeks))
    slot = (W - LEFT - 10) / n
    bar = max(2.0, min(18.0, (slot - 4) / max(1, len(series))))
    for wi, week in enumerate(weeks):
        x0 = LEFT + wi * slot + (slot - bar * len(series)) / 2
        for si, (name, values) in enumerate(series.items()):
            h = values[wi] / top * plot_h
            colour = PARTY_COLOURS[si % len(PARTY_COLOURS)]
            parts.append(
                f'<rect x="{x0 + si * bar:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar - 1:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(name)}, week of {week}: {values[wi]}</title></rect>'
            )
        if n <= 16 or wi % (n // 8 + 1) == 0:
            parts.append(
                f'<text x="{LEFT + wi * slot + slot / 2:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle" '
                f'font-size="10" fill="#5d6878">{week[5:]}</text>'
            )
    for si, name in enumerate(series):
        x = LEFT + si * 90
        colour = PARTY_COLOURS[si % len(PARTY_COLOURS)]
        parts.append(
            f'<rect x="{x}" y="{H - 12}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{H - 3}" font-size="11" fill="#1d2430">{escape(name)}</text>'
        )
    return _svg(title, parts)


def delays(title: str, items: list[dict[str, object]]) -> str:
    """One dot per decided case: days from the first report to the verdict."""
    plot_h = H - TOP - BOTTOM
    values = [float(str(i["days"])) for i in items]
    parts, top = _axis(max(values, default=0), plot_h)
    slot = (W - LEFT - 10) / max(1, len(items))
    for k, item in enumerate(items):
        x = LEFT + k * slot + slot / 2
        y = TOP + plot_h - values[k] / top * plot_h
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1f5fa8"><title>case {item["case_id"]}: '
            f"{values[k]:g} days ({escape(str(item['state']))})</title></circle>"
            f'<text x="{x:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle" font-size="10" fill="#5d6878">'
            f"#{item['case_id']}</text>"
        )
    if not items:
        parts.append(
            f'<text x="{W / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" font-size="12" fill="#5d6878">'
            "No case has reached a verdict yet.</text>"
        )
    return _svg(title, parts)


def _svg(title: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(title)}" class="chart" font-family="system-ui, sans-serif">'
        + "".join(parts)
        + f'<line x1="{LEFT}" x2="{W - 6}" y1="{H - BOTTOM}" y2="{H - BOTTOM}" stroke="#9aa3b0"/></svg>'
    )
