# Copied by the generator from generator/static/package/encoding.py: edit it there.
"""Request parameters as they are sent and signed: values rendered as text, None values
dropped, the numbers JSON cannot carry found, query strings built. The generated base module
signs with these and sends what they build.
"""

import math
import re
from typing import Any
from urllib.parse import quote

from ccxt.base.exchange import json_dumps


def render_value(value: Any) -> str:
    """A parameter value as it is sent and signed: booleans lower-case, never URL-encoded."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value.__class__ is dict or value.__class__ is list:
        return json_dumps(value)
    return str(value)


def drop_none(params: Any) -> Any:
    """Parameters without None values: they are neither sent nor signed."""
    if params.__class__ is list:
        return [drop_none(item) for item in params]
    if params.__class__ is dict:
        for value in params.values():
            if value is None:
                return {key: value for key, value in params.items() if value is not None}
    return params


def non_finite_key(params: Any) -> Any:
    """The key of the first float in params that is NaN or infinite (JSON can carry neither), or None."""
    items = params.items() if params.__class__ is dict else enumerate(params) if params.__class__ is list else ()
    for key, value in items:
        if value.__class__ is float and not math.isfinite(value):
            return key
        if value.__class__ is dict or value.__class__ is list:
            inner = non_finite_key(value)
            if inner is not None:
                return inner
    return None


_PLAIN_TEXT = re.compile(r"[A-Za-z0-9_.~-]*\Z")
_URL_TEXTS: dict[str, str] = {}  # text -> as a URL carries it: the same keys and ids come again and again
_url_text_known = _URL_TEXTS.get  # bound once: every query looks its keys and values up


def url_text(text: str) -> str:
    """Text as a query string carries it: plain text as it is, anything else percent-encoded."""
    encoded = _URL_TEXTS.get(text)
    if encoded is None:
        encoded = text if _PLAIN_TEXT.match(text) else quote(text, safe="")
        if len(_URL_TEXTS) >= 4096:
            _URL_TEXTS.clear()
        _URL_TEXTS[text] = encoded
    return encoded


def plain_query(params: dict) -> str | None:
    """The query string of parameters that are all text or integers, as the unified methods
    build them (nothing to drop or refuse, nothing to render); None for any others."""
    query = ""
    for key, value in params.items():
        kind = value.__class__
        if kind is str:
            text = _url_text_known(value) or url_text(value)
        elif kind is int:
            text = str(value)  # always plain
        else:
            return None
        pair = f"{_url_text_known(key) or url_text(key)}={text}"
        query = f"{query}&{pair}" if query else pair
    return query


def encode_query(params: dict) -> str:
    """A query string; a list value repeats its key (type=a&type=b)."""
    parts = []
    for key, value in params.items():
        key = url_text(key)
        for item in value if value.__class__ is list else (value,):
            # an integer's text is always plain
            parts.append(key + "=" + (str(item) if item.__class__ is int else url_text(render_value(item))))
    return "&".join(parts)
