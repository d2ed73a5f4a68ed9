"""Fast JSON helpers (orjson when installed, stdlib otherwise)."""

from __future__ import annotations

import json
from decimal import Decimal

try:
    import orjson
except ImportError:  # pragma: no cover - orjson ships with ccxt, but stay usable without it
    orjson = None


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def dumps(value) -> str:
    if orjson is not None:
        return orjson.dumps(value, default=_default).decode()
    return json.dumps(value, separators=(",", ":"), default=_default)


def loads_body(text: str):
    """Parse a request body keeping non-integer numbers exact (they are signed as written)."""
    return json.loads(text, parse_float=Decimal)
