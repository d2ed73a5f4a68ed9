"""Decimal parsing/formatting and the time formats Backpack uses."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation, ROUND_DOWN, ROUND_UP

ZERO = Decimal(0)
ONE = Decimal(1)

__all__ = [
    "ZERO",
    "ONE",
    "Decimal",
    "ROUND_DOWN",
    "ROUND_UP",
    "parse_decimal",
    "fmt",
    "fmt_fixed",
    "now_ms",
    "now_us",
    "iso_ms",
    "iso_seconds",
    "kline_time",
    "scale_of",
]


def parse_decimal(value) -> Decimal | None:
    """Parse a JSON/query value into a finite Decimal; None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


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


def kline_time(seconds: int) -> str:
    """Kline start/end format: 2025-09-11 15:33:00."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
