"""Decimal parsing/formatting and the time formats Backpack uses."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from decimal import Context, Decimal, InvalidOperation, ROUND_DOWN, ROUND_UP, localcontext

ZERO = Decimal(0)
ONE = Decimal(1)

# Backpack parses decimals with rust_decimal: at most 28 significant digits and 28 decimal
# places. Anything beyond is a parse error there, and here it keeps Decimal arithmetic
# (quantize, %, division by a step) from raising InvalidOperation or crawling.
MAX_DIGITS = 28
MAX_SCALE = 28
# Exact enough for any accepted value divided by any tick or step size (< 1e28 / 1e-28).
_EXACT = Context(prec=2 * (MAX_DIGITS + MAX_SCALE))

__all__ = [
    "ZERO",
    "ONE",
    "Decimal",
    "ROUND_DOWN",
    "ROUND_UP",
    "parse_decimal",
    "is_multiple",
    "has_extra_decimals",
    "fmt",
    "fmt_fixed",
    "now_ms",
    "now_us",
    "iso_ms",
    "iso_seconds",
    "kline_time",
    "kline_times",
    "scale_of",
]


def parse_decimal(value) -> Decimal | None:
    """Parse a JSON/query value into a Decimal Backpack would accept; None when it is not one
    (not a number, NaN, Infinity, more than 28 decimal places or 28 significant digits)."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if _fits_rust_decimal(number) else None


def _fits_rust_decimal(number: Decimal) -> bool:
    if not number.is_finite() or number.adjusted() >= MAX_DIGITS:
        return False
    _, digits, exponent = number.as_tuple()
    if -exponent > MAX_SCALE:
        return False
    significant = len(bytes(digits).rstrip(b"\0"))
    return significant <= MAX_DIGITS


def is_multiple(value: Decimal, step: Decimal) -> bool:
    with localcontext(_EXACT):
        return value % step == 0


def has_extra_decimals(value: Decimal, step: Decimal) -> bool:
    """True when ``value`` has non-zero digits below ``step``'s last decimal place."""
    with localcontext(_EXACT):
        return value != value.quantize(step, rounding=ROUND_DOWN)


def fmt(value: Decimal) -> str:
    """Plain decimal string without exponent or trailing zeros ("0.1", "150")."""
    if not value:
        return "0"
    return format(value.normalize(), "f")


def fmt_fixed(value: Decimal, step: Decimal) -> str:
    """Decimal string with exactly the scale of ``step`` ("1.00000")."""
    return format(value.quantize(step, rounding=ROUND_DOWN), "f")


def scale_of(step: Decimal) -> int:
    """Number of decimal places of a tick or step size."""
    return max(0, -step.normalize().as_tuple().exponent)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def now_us() -> int:
    return time.time_ns() // 1_000


def iso_ms(ms: int) -> str:
    """Naive UTC ISO time with milliseconds: 2025-09-11T20:10:40.699."""
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}"


def iso_seconds(seconds: int) -> str:
    """Naive UTC ISO time to the second: 2025-08-06T22:00:00."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


_DAYS: dict[int, str] = {}


def kline_time(seconds: int) -> str:
    """Kline start/end format: 2025-09-11 15:33:00 (the date part cached: a day of 1s candles
    formats 172,800 of these)."""
    day, rest = divmod(seconds, 86400)
    date = _DAYS.get(day)
    if date is None:
        if len(_DAYS) > 4096:
            _DAYS.clear()
        date = _DAYS[day] = datetime.fromtimestamp(day * 86400, tz=timezone.utc).strftime("%Y-%m-%d")
    hours, rest = divmod(rest, 3600)
    return f"{date} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


_TWO_DIGITS = [f"{number:02d}" for number in range(60)]


def kline_times(seconds) -> list[str]:
    """kline_time of each of ``seconds``: times of one minute in a row share the text up to
    their seconds (a day of 1s candles is 86,402 times in 1,441 minutes)."""
    texts = []
    minute_text, minute = "", None
    for moment in seconds:
        second = moment % 60
        if moment - second != minute:
            minute = moment - second
            minute_text = kline_time(minute)[:-2]
        texts.append(minute_text + _TWO_DIGITS[second])
    return texts
