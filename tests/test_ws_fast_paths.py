"""The WebSocket payload parsers' fast paths read what their reference reads.

A payload parser of the generated ccxt.pro class with a fast path (parse_ws_<shape>, which
reads the usual payload inline) hands every other payload to its reference
(parse_ws_<shape>_reference). For a real payload of each, and for that payload with any one
value replaced by a hostile one or deleted, both give the same structure (types included)
or raise the same error, with and without the market given.
"""

import copy
import json
from pathlib import Path

import pytest

from ccxt_backpack.pro import backpack

RESPONSES = Path(__file__).resolve().parent.parent / "generated" / "tests" / "static" / "response" / "backpack.json"

# A real payload per shape (backpack-api.md §9), for every shape whose parser has a fast path.
SAMPLES = {
    "trade": {
        "E": 1754601477746429,
        "T": 1754601477744000,
        "a": "5121860761",
        "b": "5121861755",
        "e": "trade",
        "m": False,
        "p": "3870.25",
        "q": "0.0008",
        "s": "ETH_USDC_PERP",
        "t": 10782547,
    },
    "fill": {
        "E": 1754939110175879,
        "L": "4299.16",
        "N": "ETH",
        "O": "USER",
        "Q": "4.30",
        "S": "Bid",
        "T": 1754939110174705,
        "V": "RejectTaker",
        "X": "Filled",
        "Z": "4.299160",
        "e": "orderFill",
        "f": "GTC",
        "i": "5406825793",
        "l": "0.0010",
        "m": False,
        "n": "0.000001",
        "o": "MARKET",
        "q": "0.0010",
        "r": False,
        "s": "ETH_USDC",
        "t": 2888471,
        "z": "0.0010",
    },
}
HOSTILE = [
    None,
    "",
    " 1",
    "1_0",
    "abc",
    "NaN",
    "-Infinity",
    "1e999",
    "1e45",
    "1e-45",
    "-1",
    "0",
    "²",
    "١",
    True,
    False,
    0,
    1,
    1.5,
    -2.5,
    2**63,
    [],
    {},
    ["1"],
]
DELETED = object()
FAST_PATHS = sorted(
    name[len("parse_ws_") : -len("_reference")]
    for name in dir(backpack)
    if name.startswith("parse_ws_") and name.endswith("_reference")
)


@pytest.fixture(scope="module")
def exchange():
    exchange = backpack({"enableRateLimit": False})
    raw = json.loads(RESPONSES.read_text())["methods"]["fetchMarkets"][0]["httpResponse"]
    exchange.set_markets([market for market in (exchange.parse_market(row) for row in raw) if market])
    return exchange


def typed(value):
    """A structure with each scalar's type made part of it, so that 1 == 1.0 == True no longer holds."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def outcome(parse, raw, market):
    try:
        return typed(parse(copy.deepcopy(raw), market))
    except Exception as error:  # the two must fail alike too
        return type(error)


def altered(sample):
    """The sample with one value replaced by each hostile value, or deleted."""
    for key in sample:
        for value in HOSTILE + [DELETED]:
            changed = dict(sample)
            if value is DELETED:
                del changed[key]
            else:
                changed[key] = copy.deepcopy(value)
            yield changed


def test_every_fast_path_has_a_sample():
    assert FAST_PATHS and set(FAST_PATHS) <= set(SAMPLES), "add a real payload of each shape to SAMPLES"


@pytest.mark.parametrize("shape", FAST_PATHS)
def test_the_fast_path_reads_the_sample_itself(exchange, shape):
    """The usual payload never reaches the reference (else the fast path would be dead code)."""
    fast, reference = getattr(exchange, f"parse_ws_{shape}"), getattr(exchange, f"parse_ws_{shape}_reference")
    sample = SAMPLES[shape]
    market = exchange.markets_by_id[sample["s"]][0]
    calls = []
    setattr(exchange, f"parse_ws_{shape}_reference", lambda *args: calls.append(args))
    try:
        parsed = fast(sample, market)
    finally:
        delattr(exchange, f"parse_ws_{shape}_reference")
    assert calls == [] and typed(parsed) == typed(reference(sample, market))


@pytest.mark.parametrize("shape", FAST_PATHS)
def test_the_fast_path_reads_every_altered_payload_as_its_reference(exchange, shape):
    fast, reference = getattr(exchange, f"parse_ws_{shape}"), getattr(exchange, f"parse_ws_{shape}_reference")
    sample = SAMPLES[shape]
    for market in (None, exchange.markets_by_id[sample["s"]][0]):
        for raw in altered(sample):
            assert outcome(fast, raw, market) == outcome(reference, raw, market), (raw, market and market["symbol"])
