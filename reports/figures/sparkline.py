"""The headline cards' trend lines, as inline SVG."""


def sparkline_svg(values: list[float | None], width: int = 120, height: int = 32) -> str:
    """A small inline SVG trend line of the values (None leaves a gap); numbers only, no text.

    Not a plotly figure on purpose: six full charts in the headline cards would drown the
    numbers, and an inline SVG also prints and mails as it is.
    """
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    segments: list[list[str]] = [[]]
    for position, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x = position * step
        y = height - 3 - (value - low) / span * (height - 6)
        segments[-1].append(f"{x:.1f},{y:.1f}")
    paths = "".join(
        f'<polyline points="{" ".join(points)}" />' for points in segments if len(points) > 1
    )
    last = segments[-1][-1] if segments[-1] else None
    dot = ""
    if last:
        cx, cy = last.split(",")
        dot = f'<circle cx="{cx}" cy="{cy}" r="2.5" />'
    return (
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-hidden="true" focusable="false">{paths}{dot}</svg>'
    )
