"""Numbers, shares and dates written for people: 12.4k, 3.1%, 1.2M, Mon 3 Nov 2025."""

import math
from datetime import date, datetime
from decimal import Decimal

Number = int | float | Decimal
"""What the formatting functions take; None and NaN show as MISSING."""

MISSING = "–"
"""What a value that is not known (NULL) shows as."""

MINUS = "−"
_UNITS = ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T"))


def _known(value: Number | None) -> float | None:
    """The value as a float, or None when it is not known."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def _signed(text: str, negative: bool, sign: bool) -> str:
    if negative:
        return MINUS + text
    return "+" + text if sign else text


def number(value: Number | None, sign: bool = False) -> str:
    """A count for people: 999 → "999", 12400 → "12.4k", 1_234_567 → "1.2M", None → "–"."""
    known = _known(value)
    if known is None:
        return MISSING
    magnitude = abs(known)
    if magnitude < 1000:
        text = f"{int(magnitude)}" if magnitude == int(magnitude) else _trim(f"{magnitude:.1f}")
    else:
        for size, unit in _UNITS:
            scaled = round(magnitude / size, 1)
            if scaled < 1000 or unit == "T":
                text = _trim(f"{scaled:.1f}") + unit
                break  # 999_960 rounds to 1000.0k: the next unit says 1M instead
    zero = text == "0"
    return _signed(text, known < 0 and not zero, sign and not zero)


def count(value: Number | None, singular: str, plural: str | None = None) -> str:
    """A number with its noun: "1 reply", "2 replies", "12.4k replies"."""
    noun = singular if value == 1 else (plural or singular + "s")
    return f"{number(value)} {noun}"


def percent(value: Number | None, sign: bool = False) -> str:
    """A share for people: 0.031 → "3.1%", 0.5 → "50%", None → "–"."""
    known = _known(value)
    if known is None:
        return MISSING
    scaled = known * 100
    text = _trim(f"{abs(scaled):.1f}")
    if text == "0" and scaled != 0:
        return "<0.1%"  # too small to show, but not nothing
    zero = scaled == 0
    return _signed(text, scaled < 0 and not zero, sign and not zero) + "%"


def points(value: Number | None) -> str:
    """A difference of two shares in percentage points: 0.004 → "+0.4 pp"."""
    known = _known(value)
    if known is None:
        return MISSING
    scaled = known * 100
    text = f"{abs(scaled):.2f}".rstrip("0").rstrip(".")
    zero = text in ("0", "")
    return _signed(text or "0", scaled < 0 and not zero, not zero) + " pp"


def score(value: Number | None) -> str:
    """An influence score of 0 to 100 with one decimal: 87.34 → "87.3"."""
    known = _known(value)
    return MISSING if known is None else _trim(f"{known:.1f}")


def decimal(value: Number | None) -> str:
    """A measure that need not be whole: 0.2345 → "0.235", 12.5 → "12.5", 12400.0 → "12.4k"."""
    known = _known(value)
    if known is None:
        return MISSING
    if abs(known) >= 100 or known == int(known):
        return number(known)
    return _signed(f"{abs(known):.3g}", known < 0, False)


def change(value: Number | None, previous: Number | None) -> str:
    """Change from the previous value, absolute and relative: "+1.2k (+25%)"."""
    now, before = _known(value), _known(previous)
    if now is None or before is None:
        return MISSING
    difference = now - before
    absolute = number(difference, sign=True)
    if before == 0:
        return absolute
    return f"{absolute} ({percent(difference / before, sign=True)})"


def trend(value: Number | None, previous: Number | None) -> str:
    """ "up", "down" or "same" from the previous value ("" when either is unknown)."""
    now, before = _known(value), _known(previous)
    if now is None or before is None:
        return ""
    return "up" if now > before else "down" if now < before else "same"


def duration(seconds: Number | None) -> str:
    """A wait for people: 42 → "42 s", 95 → "1 min 35 s", 3725 → "1 h 2 min", None → "–"."""
    known = _known(seconds)
    if known is None:
        return MISSING
    whole = round(known)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min" + (f" {rest} s" if rest else "")
    hours, rest = divmod(whole, 3600)
    return f"{hours} h" + (f" {rest // 60} min" if rest // 60 else "")


def day(value: date | datetime | None) -> str:
    """A date for people: "Mon 3 Nov 2025"."""
    if value is None:
        return MISSING
    return f"{value:%a} {value.day} {value:%b %Y}"


def exact(value: Number | None) -> str:
    """The exact value with thousands separators, for a tooltip: 12400 → "12,400"."""
    known = _known(value)
    if known is None:
        return MISSING
    if known == int(known):
        return f"{int(known):,}"
    return f"{known:,.4f}".rstrip("0").rstrip(".")
