"""Order books decode straight to floats (runtime.TypedAnswer, msgspec) and parse exactly as
the plain JSON decoding does: same floats bit for bit, same errors; an answer the typed
decoding cannot read exactly (a negative zero, an unexpected field, a number as text that
msgspec reads differently) falls back to the plain decoding."""

import json
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backpack_sim import SimulatorThread
from ccxt_backpack import backpack
from ccxt_backpack.runtime import TypedAnswer
from exchange_checks import FLAVOURS, connections

# decimal text in JSON's number syntax (msgspec reads no other: "007", "1." and ".5" fall back)
DECIMAL_TEXT = st.from_regex(r"(0|[1-9][0-9]{0,24})(\.[0-9]{1,25})?([eE][-+]?[0-9]{1,2})?", fullmatch=True)
ANY_TEXT = st.text(alphabet="0123456789.-+eE_ naifINF\u0663", min_size=1, max_size=12)
BIG_INTEGER = st.integers(min_value=0, max_value=2**70)
FLOAT = st.floats(min_value=0, allow_infinity=False)
# answers the typed decoding reads: levels of decimal text or JSON numbers, the expected fields
READABLE_BOOK = st.fixed_dictionaries(
    {
        side: st.lists(st.lists(DECIMAL_TEXT | BIG_INTEGER | FLOAT, min_size=2, max_size=2), max_size=6)
        for side in ("asks", "bids")
    }
    | {"lastUpdateId": st.from_regex(r"[0-9]{1,20}", fullmatch=True), "timestamp": BIG_INTEGER}
)
# ... and anything near them: negative numbers, odd text, nulls, short levels, fields missing or added
ANY_VALUE = DECIMAL_TEXT | ANY_TEXT | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | st.none() | st.booleans()
ANY_BOOK = st.fixed_dictionaries(
    {side: st.lists(st.lists(ANY_VALUE, max_size=3), max_size=4) for side in ("asks", "bids")},
    optional={"lastUpdateId": st.text(max_size=4) | st.integers() | st.none(), "timestamp": ANY_VALUE, "extra": st.integers()},
)


def parsed(exchange, answer):
    try:
        book = exchange.parse_depth(answer, "BTC/USDC")
    except Exception as error:  # the parse's own failure, compared by class and message
        return type(error).__name__, str(error)
    return json.dumps({key: [[repr(number) for number in level] for level in book[key]] if key in ("bids", "asks") else book[key] for key in book}, sort_keys=True)


EXCHANGE = backpack()


def typed_then_parsed(text):
    with EXCHANGE.depth_answer.expected():
        answer = EXCHANGE.parse_json(text)
    return parsed(EXCHANGE, answer)


def plain_then_parsed(text):
    return parsed(EXCHANGE, EXCHANGE.parse_json(text))  # no expected answer: ccxt's decoding


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(READABLE_BOOK)
@example({"asks": [["9007199254740993", "1"]], "bids": [[2**64 + 1, "0.1000000000000000055511151231257827"]], "lastUpdateId": "1", "timestamp": 2**70})
@example({"asks": [["1e5", "1E-7"], ["0e0", "0.0"]], "bids": [], "lastUpdateId": "1", "timestamp": 1})
def test_a_readable_book_decodes_typed_and_parses_as_the_plain_one_bit_for_bit(book):
    text = json.dumps(book)
    assert EXCHANGE.depth_answer.decode(text) is not None
    assert typed_then_parsed(text) == plain_then_parsed(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_BOOK)
@example({"asks": [["-0", "1"]], "bids": [], "lastUpdateId": "1", "timestamp": 1753102447307501})
@example({"asks": [["1_0", " 1"], ["+1", "\u0663"], ["nan", "inf"], ["007", "1."]], "bids": [], "lastUpdateId": "1", "timestamp": 1})
def test_any_book_parses_as_the_plain_one_bit_for_bit(book):
    text = json.dumps(book)
    assert typed_then_parsed(text) == plain_then_parsed(text)


@pytest.mark.parametrize(
    "text,typed",
    [
        ('{"asks":[["1.5","2"]],"bids":[["1.4","3"]],"lastUpdateId":"7","timestamp":1}', True),
        ('{"asks":[["-0","2"]],"bids":[],"lastUpdateId":"7","timestamp":1}', False),  # float() keeps the sign
        ('{"asks":[[" 1.5","2"]],"bids":[],"lastUpdateId":"7","timestamp":1}', False),  # text msgspec refuses
        ('{"asks":[],"bids":[],"lastUpdateId":"7","timestamp":1,"new":1}', False),  # a field the spec does not name
        ('{"asks":[],"bids":[],"lastUpdateId":"7"}', False),  # a field missing
        ('{"code":"INVALID_SYMBOL","message":"no such market"}', False),  # an error body
        (b'{"asks":[],"bids":[],"lastUpdateId":"7","timestamp":1}', False),  # bytes: left to ccxt
    ],
)
def test_only_an_answer_the_typed_decoding_reads_exactly_is_decoded_so(text, typed):
    answer = EXCHANGE.depth_answer.decode(text)
    assert (answer is not None) is typed
    if typed:
        assert answer == {"asks": [[1.5, 2.0]], "bids": [[1.4, 3.0]], "lastUpdateId": "7", "timestamp": 1}


def test_the_typed_decoding_applies_only_inside_the_call_that_expects_it():
    text = '{"asks":[["1.5","2"]],"bids":[],"lastUpdateId":"7","timestamp":1}'
    assert EXCHANGE.parse_json(text)["asks"] == [["1.5", "2"]]
    with EXCHANGE.depth_answer.expected():
        assert EXCHANGE.parse_json(text)["asks"] == [[1.5, 2.0]]
    assert EXCHANGE.parse_json(text)["asks"] == [["1.5", "2"]]


@pytest.fixture(scope="module")
def sim():
    with SimulatorThread(seed=5, tick_interval=0.2) as running:
        yield running


@FLAVOURS
def test_fetch_order_book_over_http_decodes_the_book_typed(sim, flavour, monkeypatch):
    """The simulator answers /api/v1/depth with Backpack's Depth fields (asks, bids, lastUpdateId,
    timestamp; decimal text): the real transport's answer takes the typed path and gives the book
    the plain path gives."""
    typed = []
    decode = TypedAnswer.decode
    monkeypatch.setattr(TypedAnswer, "decode", lambda self, text: typed.append(decode(self, text)) or typed[-1])
    urls = {"public": sim.rest_url, "private": sim.rest_url, "web": sim.rest_url}
    with connections(urls={"api": urls}, enableRateLimit=False) as connect:
        client = connect(flavour)
        book = client.fetch_order_book("SOL/USDC")
        text = client.last_http_response
    assert typed and typed[-1] is not None, "the depth answer should have decoded typed"
    assert book["bids"] and all(type(price) is float and math.isfinite(amount) for price, amount in book["bids"])
    assert parsed(EXCHANGE, typed[-1]) == parsed(EXCHANGE, json.loads(text))
