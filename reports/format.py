"""Numbers, shares and dates written for people: 12.4k, 3.1%, 1.2M, Mon 3 Nov 2025."""

import math
from datetime import date, datetime
from numbers import Real

MISSING = "–"
"""What a value that is not known (NULL) shows as."""

MINUS = "−"
_UNITS = ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T"))


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def _signed(text: str, negative: bool, sign: bool) -> str:
    if negative:
        return MINUS + text
    return "+" + text if sign else text


def number(value: Real | None, sign: bool = False) -> str:
    """A count for people: 999 → "999", 12400 → "12.4k", 1_234_567 → "1.2M", None → "–"."""
    if _is_missing(value):
        return MISSING
    magnitude = abs(float(value))  # type: ignore[arg-type]
    negative = float(value) < 0  # type: ignore[arg-type]
    if magnitude < 1000:
        text = f"{int(magnitude)}" if magnitude == int(magnitude) else _trim(f"{magnitude:.1f}")
    else:
        for size, unit in _UNITS:
            scaled = round(magnitude / size, 1)
            if scaled < 1000 or unit == "T":
                text = _trim(f"{scaled:.1f}") + unit
                break  # 999_960 rounds to 1000.0k: the next unit says 1M instead
    zero = text == "0"
    return _signed(text, negative and not zero, sign and not zero)


def percent(value: Real | None, sign: bool = False) -> str:
    """A share for people: 0.031 → "3.1%", 0.5 → "50%", None → "–"."""
    if _is_missing(value):
        return MISSING
    scaled = float(value) * 100  # type: ignore[arg-type]
    text = _trim(f"{abs(scaled):.1f}")
    if text == "0" and scaled != 0:
        return "<0.1%"  # too small to show, but not nothing
    zero = scaled == 0
    return _signed(text, scaled < 0 and not zero, sign and not zero) + "%"


def points(value: Real | None) -> str:
    """A difference of two shares in percentage points: 0.004 → "+0.4 pp"."""
    if _is_missing(value):
        return MISSING
    scaled = float(value) * 100  # type: ignore[arg-type]
    text = f"{abs(scaled):.2f}".rstrip("0").rstrip(".")
    zero = text in ("0", "")
    return _signed(text or "0", scaled < 0 and not zero, not zero) + " pp"


def score(value: Real | None) -> str:
    """An influence score of 0 to 100 with one decimal: 87.34 → "87.3"."""
    if _is_missing(value):
        return MISSING
    return _trim(f"{float(value):.1f}")  # type: ignore[arg-type]


def change(value: Real | None, previous: Real | None) -> str:
    """Change from the previous value, absolute and relative: "+1.2k (+25%)"."""
    if _is_missing(value) or _is_missing(previous):
        return MISSING
    difference = float(value) - float(previous)  # type: ignore[arg-type]
    absolute = number(difference, sign=True)
    if float(previous) == 0:  # type: ignore[arg-type]
        return absolute
    return f"{absolute} ({percent(difference / float(previous), sign=True)})"  # type: ignore[arg-type]


def trend(value: Real | None, previous: Real | None) -> str:
    """"up", "down" or "same" from the previous value ("" when either is unknown)."""
    if _is_missing(value) or _is_missing(previous):
        return ""
    if float(value) > float(previous):  # type: ignore[arg-type]
        return "up"
    if float(value) < float(previous):  # type: ignore[arg-type]
        return "down"
    return "same"


def day(value: date | datetime | None) -> str:
    """A date for people: "Mon 3 Nov 2025"."""
    if value is None:
        return MISSING
    return f"{value:%a} {value.day} {value:%b %Y}"


def exact(value: Real | None) -> str:
    """The exact value with thousands separators, for a tooltip: 12400 → "12,400"."""
    if _is_missing(value):
        return MISSING
    if float(value) == int(float(value)):  # type: ignore[arg-type]
        return f"{int(float(value)):,}"  # type: ignore[arg-type]
    return f"{float(value):,.4f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]


def decimal(value: Real | None) -> str:
    """A measure that need not be whole: 0.2345 → "0.235", 12.5 → "12.5", 12400.0 → "12.4k"."""
    if _is_missing(value):
        return MISSING
    if abs(float(value)) >= 100 or float(value) == int(float(value)):  # type: ignore[arg-type]
        return number(value)
    text = f"{abs(float(value)):.3g}"  # type: ignore[arg-type]
    return _signed(text, float(value) < 0, False)  # type: ignore[arg-type]
