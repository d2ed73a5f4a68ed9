"""The answers issue 7 names, one test each: a bad body is a ccxt error, a bad row never sinks
the rest, an impossible number is None with its raw text kept in `info`.

The generated fuzz tests (generated/tests/test_backpack_fuzz.py) try the same
in bulk; these pin down the cases that used to raise raw Python errors.
"""

import asyncio
import copy
import threading

import ccxt
import pytest
from ccxt.base.errors import BadRequest, BadResponse, NullResponse

from support import response_fixture
from test_adapter import stubbed

NOT_A_LIST = ["<html><body>502 Bad Gateway</body></html>", '{"id": 1, "price": ', 12, {"price": "1"}, "abc"]


@pytest.mark.parametrize("body", NOT_A_LIST)
@pytest.mark.parametrize(
    "method,args",
    [
        ("fetch_trades", ("SOL/USDC",)),
        ("fetch_my_trades", ("SOL/USDC",)),
        ("fetch_order_trades", ("111", "SOL/USDC")),
        ("fetch_open_orders", ("SOL/USDC",)),
        ("fetch_orders", ("SOL/USDC",)),
        ("fetch_closed_orders", ("SOL/USDC",)),
        ("fetch_canceled_orders", ("SOL/USDC",)),
        ("fetch_ohlcv", ("SOL/USDC", "1h")),
        ("fetch_positions", ()),
        ("fetch_deposits", ()),
        ("fetch_markets", ()),
    ],
)
def test_a_body_that_is_not_a_list_is_bad_response(offline, method, args, body):
    stubbed(offline, body)
    with pytest.raises(BadResponse, match=r"expected a list from the exchange"):
        getattr(offline, method)(*args)


@pytest.mark.parametrize("body,error", [(None, NullResponse), ("", NullResponse), ([], BadResponse), ("<html>", BadResponse)])
def test_an_order_answer_that_is_not_an_object(offline, body, error):
    stubbed(offline, body)
    with pytest.raises(error, match=r"createOrder\(\) expected an object"):
        offline.create_order("SOL/USDC", "limit", "buy", 1, 140)


def trade(trade_id, timestamp):
    return {"id": trade_id, "price": "150", "quantity": "1", "quoteQuantity": "150", "timestamp": timestamp, "isBuyerMaker": True}


def test_rows_that_are_not_objects_are_left_out(offline):
    stubbed(offline, [trade(1, 1757700000000), None, "x", 5, [1]])
    assert [item["id"] for item in offline.fetch_trades("SOL/USDC")] == ["1"]


@pytest.mark.parametrize("timestamp", [None, "", "²", "NaN", "1e60"])
def test_a_trade_without_a_usable_time_sorts_first_and_sinks_nothing(offline, timestamp):
    row = trade(2, timestamp)
    if timestamp is None:
        del row["timestamp"]
    stubbed(offline, [trade(3, 1757700000000), row, trade(1, 1757600000000)])
    trades = offline.fetch_trades("SOL/USDC")
    assert [item["id"] for item in trades] == ["2", "1", "3"]
    assert trades[0]["timestamp"] is None and trades[0]["datetime"] is None


def test_a_trade_without_a_price_is_left_out(offline):
    stubbed(offline, [trade(1, 1757700000000), dict(trade(2, 1757700000001), price="NaN"), dict(trade(3, 1757700000002), quantity=None)])
    assert [item["id"] for item in offline.fetch_trades("SOL/USDC")] == ["1"]


def test_a_candle_row_that_is_null_is_left_out(offline):
    candle = response_fixture("fetchOHLCV")["httpResponse"][0]
    stubbed(offline, [None, candle, dict(candle, start="²")])
    assert len(offline.fetch_ohlcv("SOL/USDC", "1h")) == 1


def test_a_market_without_a_base_currency_does_not_stop_the_others(offline, markets_raw):
    broken = copy.deepcopy(markets_raw)
    broken[0]["baseSymbol"] = None
    broken[1]["quoteSymbol"] = ["USDC"]
    stubbed(offline, broken)
    markets = offline.fetch_markets()
    ids = [market["id"] for market in markets]
    assert broken[0]["symbol"] not in ids and broken[1]["symbol"] not in ids
    assert len(markets) == len(offline.parse_markets(markets_raw)) - 2


def test_an_unknown_enum_value_passes_through(offline):
    order = dict(response_fixture("fetchOpenOrder")["httpResponse"], status="Frozen", side="Middle")
    stubbed(offline, order)
    parsed = offline.fetch_open_order(order["id"], "ETH/USDC")
    assert parsed["status"] == "Frozen" and parsed["side"] == "Middle"


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e999", "1e60", "1e999999999", "1e-999999999", "9" * 400, "²", []])
def test_an_impossible_number_is_none_and_info_keeps_it(offline, text):
    ticker = dict(response_fixture("fetchTicker")["httpResponse"], high=text, volume=text)
    stubbed(offline, ticker)
    parsed = offline.fetch_ticker("ETH/USDC")
    assert parsed["high"] is None and parsed["info"]["high"] == text and parsed["info"]["volume"] == text
    assert parsed["baseVolume"] in (None, 0.0)  # "1e-999999999" is 0.0 as a float

    order = dict(response_fixture("fetchOpenOrder")["httpResponse"], executedQuantity=text, price=text, quantity=text)
    stubbed(offline, order)
    parsed = offline.fetch_open_order(order["id"], "ETH/USDC")
    assert parsed["filled"] is None and parsed["price"] is None and parsed["info"]["quantity"] == text

    position = dict(response_fixture("fetchPositions")["httpResponse"][0], netQuantity="1", markPrice=text, imf=text, entryPrice=text)
    stubbed(offline, [position])
    parsed = offline.fetch_positions()[0]
    assert parsed["markPrice"] is None and parsed["notional"] is None and parsed["initialMargin"] is None

    stubbed(offline, {"USDC": {"available": text, "locked": "1", "staked": "0"}, "SOL": {"available": "2", "locked": "0", "staked": "0"}})
    balance = offline.fetch_balance()
    assert "USDC" not in balance and balance["SOL"]["total"] == 2.0 and balance["info"]["USDC"]["available"] == text


@pytest.mark.parametrize("decimals", [10**7, -3, "²", 1.5e300])
def test_native_decimals_out_of_range_is_no_precision(offline, decimals):
    asset = copy.deepcopy(response_fixture("fetchCurrencies")["httpResponse"][0])
    asset["tokens"][0]["nativeDecimals"] = decimals
    stubbed(offline, [asset])
    currency = next(iter(offline.fetch_currencies().values()))
    assert next(iter(currency["networks"].values()))["precision"] is None


def test_a_conversion_with_null_or_unpriced_quotes_times_out_cleanly(offline):
    case = response_fixture("fetchConvertQuote")
    listed = copy.deepcopy(case["httpResponseByUrl"]["api/v1/rfqs"])
    listed[0]["quotes"] = [None, dict(listed[0]["quotes"][0], askPrice="abc"), dict(listed[0]["quotes"][1], quoteId=None)]
    offline.options["convertQuoteTimeout"] = 0
    answers = {"api/v1/rfqs": listed, "api/v1/rfq": case["httpResponseByUrl"]["api/v1/rfq"]}
    offline.fetch = lambda url, method="GET", headers=None, body=None: next(answer for path, answer in answers.items() if path in url)
    with pytest.raises(ccxt.RequestTimeout, match="no quote for RFQ"):
        offline.fetch_convert_quote("USDC", "SOL", 100)


@pytest.mark.parametrize("answer", [None, "", "<html>", [1]])
def test_a_conversion_answer_that_is_not_an_rfq(offline, answer):
    stubbed(offline, answer)
    with pytest.raises(BadResponse):
        offline.create_convert_trade("113392053149171801", "USDC", "SOL", 100)
    stubbed(offline, answer)
    with pytest.raises(BadResponse):
        offline.fetch_convert_quote("USDC", "SOL", 100)


def test_a_batch_answer_that_says_less_than_was_sent(offline):
    """An item missing or not an object leaves that order's fate open (status None), not 'rejected'."""
    placed = response_fixture("createOrders")["httpResponse"][0]
    stubbed(offline, [placed, None])
    orders = [{"symbol": "ETH/USDC", "type": "limit", "side": "buy", "amount": 0.001, "price": 4000}] * 3
    result = offline.create_orders(orders)
    assert [order["status"] for order in result] == ["open", None, None]
    assert result[1]["info"] == {"answer": None} and result[2]["info"] == {"answer": None}


@pytest.mark.parametrize("answer", [-5, 0, "1e30", 2**63, "12", "NaN", None, [1], {"serverTime": 1}])
def test_a_time_that_cannot_be_the_exchange_clock(offline, answer):
    stubbed(offline, answer)
    with pytest.raises(BadResponse, match=r"fetchTime\(\) expected a time in ms"):
        offline.fetch_time()


def test_adjust_for_time_difference_refuses_a_broken_clock(markets_raw):
    from ccxt_backpack import backpack

    exchange = backpack({"options": {"adjustForTimeDifference": True}})
    stubbed(exchange, -5)
    with pytest.raises(BadResponse, match="expected a time in ms"):
        exchange.load_markets()
    assert "timeDifference" not in exchange.options or not exchange.options["timeDifference"]


@pytest.mark.parametrize("tick", ["0", "-1", "1e-39", "1e30"])
def test_a_market_whose_tick_cannot_be_rounded_to_is_left_out(offline, markets_raw, tick):
    broken = copy.deepcopy(markets_raw)
    broken[0]["filters"]["price"]["tickSize"] = tick
    stubbed(offline, broken)
    assert broken[0]["symbol"] not in [market["id"] for market in offline.fetch_markets()]


def test_a_network_without_a_name_is_left_out(offline):
    asset = copy.deepcopy(response_fixture("fetchCurrencies")["httpResponse"][0])
    names = [token["blockchain"] for token in asset["tokens"]]
    asset["tokens"][0]["blockchain"] = None
    stubbed(offline, [asset])
    currency = next(iter(offline.fetch_currencies().values()))
    assert None not in currency["networks"] and len(currency["networks"]) == len(names) - 1


def test_amounts_are_sent_as_plain_decimals_and_returned_as_numbers(offline):
    bodies = []
    offline.fetch = lambda url, method="GET", headers=None, body=None: bodies.append(body) or ""
    loan = offline.borrow_cross_margin("USDC", "1e2")
    assert '"quantity":"100"' in bodies[0] and loan["amount"] == 100.0


# Two calls overlap: B starts, then A sends its request, then B fails before sending its own. A
# bug's exception is BadResponse only when its own call sent a request (guarded counts them per
# thread in the sync class and per task in the async one): A's is, B's is BadRequest. A count
# shared between the two would make B's a BadResponse too.
SENDS, FAILS_UNSENT = "SOL/USDC", "ETH/USDC"


def overlapping(exchange, wait, signal):
    """The exchange, with `wait(name)` / `signal(name)` ordering the two calls as above."""
    sign = exchange.sign

    def sign_or_fail(path, api="public", method="GET", params={}, headers=None, body=None):
        if params.get("symbol") == exchange.market_id(FAILS_UNSENT):
            signal("b started")
            wait("a sent")
            raise TypeError("a bug building the request")
        return sign(path, api, method, params, headers, body)

    def parse_fails(ticker, market=None):
        raise KeyError("a bug reading the answer")

    exchange.sign, exchange.parse_ticker = sign_or_fail, parse_fails
    return exchange


def test_only_a_call_that_sent_a_request_blames_the_answer_across_threads(offline):
    events = {name: threading.Event() for name in ("b started", "a sent", "b failed")}
    exchange = overlapping(offline, lambda name: events[name].wait(10), lambda name: events[name].set())

    def fetch(url, method="GET", headers=None, body=None):
        events["a sent"].set()
        events["b failed"].wait(10)
        return {"symbol": "SOL_USDC"}

    exchange.fetch = fetch
    errors = {}

    def call(name, symbol):
        try:
            exchange.fetch_ticker(symbol)
        except Exception as error:
            errors[name] = error
        if name == "b":
            events["b failed"].set()

    b = threading.Thread(target=call, args=("b", FAILS_UNSENT))
    b.start()
    events["b started"].wait(10)
    a = threading.Thread(target=call, args=("a", SENDS))
    a.start()
    a.join(10), b.join(10)
    assert isinstance(errors["a"], BadResponse) and "could not read the exchange's answer" in str(errors["a"])
    assert isinstance(errors["b"], BadRequest) and "could not turn its arguments" in str(errors["b"])


def test_only_a_call_that_sent_a_request_blames_the_answer_across_tasks(markets_raw):
    from ccxt_backpack.async_support import backpack as async_backpack

    async def scenario():
        events = {name: asyncio.Event() for name in ("b started", "a sent", "b failed")}
        exchange = overlapping(async_backpack({"enableRateLimit": False}), lambda name: None, lambda name: None)
        exchange.set_markets(exchange.parse_markets(markets_raw))

        async def load_markets(reload=False, params={}):  # B's call waits here, its count read
            if asyncio.current_task().get_name() == "b":
                events["b started"].set()
                await events["a sent"].wait()
            return exchange.markets

        async def fetch(url, method="GET", headers=None, body=None):
            events["a sent"].set()
            await events["b failed"].wait()
            return {"symbol": "SOL_USDC"}

        async def call(symbol):
            try:
                await exchange.fetch_ticker(symbol)
            except Exception as error:
                return error
            finally:
                if asyncio.current_task().get_name() == "b":
                    events["b failed"].set()

        exchange.load_markets, exchange.fetch = load_markets, fetch
        b = asyncio.create_task(call(FAILS_UNSENT), name="b")
        await events["b started"].wait()
        a = asyncio.create_task(call(SENDS), name="a")
        return await a, await b

    a_error, b_error = asyncio.run(scenario())
    assert isinstance(a_error, BadResponse) and "could not read the exchange's answer" in str(a_error)
    assert isinstance(b_error, BadRequest) and "could not turn its arguments" in str(b_error)
