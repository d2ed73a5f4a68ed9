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


def dumps_utf8(value) -> bytes:
    """dumps(value) encoded as UTF-8 (what orjson makes: no decoding for a response body)."""
    if orjson is not None:
        return orjson.dumps(value, default=_default)
    return dumps(value).encode()


# serde_json, which parses Backpack's request bodies, gives up at this depth.
MAX_NESTING = 128


def loads_body(text: str):
    """Parse a request body keeping non-integer numbers exact (they are signed as written).

    Raises ValueError for anything that is not JSON or nests deeper than MAX_NESTING."""
    try:
        value = json.loads(text, parse_float=Decimal, parse_constant=_not_json)
    except RecursionError:
        raise ValueError("recursion limit exceeded") from None
    may_nest_deep = text.count("[") + text.count("{") > MAX_NESTING
    if may_nest_deep and _depth_exceeds(value, MAX_NESTING):
        raise ValueError("recursion limit exceeded")
    return value


def _not_json(constant: str):
    raise ValueError(f"{constant} is not valid JSON")


def _depth_exceeds(value, limit: int) -> bool:
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
