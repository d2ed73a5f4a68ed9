"""The generated adapter as a ccxt exchange: classes, registration, implicit API, describe(), pagination."""

import asyncio
import time

import ccxt
import ccxt.async_support
import pytest
import yaml
from ccxt.base.errors import ArgumentsRequired, BadResponse, BadSymbol, NullResponse

import ccxt_backpack
from ccxt_backpack import backpack
from ccxt_backpack.async_support import backpack as async_backpack

from support import SPEC, response_fixture


def spec_file(name):
    return yaml.safe_load((SPEC / name).read_text())


def test_classes_subclass_ccxts_own_bases():
    assert issubclass(backpack, ccxt.Exchange)
    assert issubclass(async_backpack, ccxt.async_support.Exchange)
    assert not issubclass(backpack, ccxt.backpack), "ours is a replacement, not a patch of the built-in"


def test_register_replaces_ccxts_backpack_in_both_namespaces(monkeypatch):
    monkeypatch.setattr(ccxt, "backpack", ccxt.backpack)
    monkeypatch.setattr(ccxt.async_support, "backpack", ccxt.async_support.backpack)
    ccxt_backpack.register()
    assert getattr(ccxt, "backpack") is backpack
    assert getattr(ccxt.async_support, "backpack") is async_backpack
    assert isinstance(getattr(ccxt, "backpack")(), backpack)


def test_every_spec_endpoint_is_an_implicit_method_in_both_spellings():
    endpoints = spec_file("endpoints.yaml")["endpoints"]
    exchange = backpack()
    count = 0
    for api, entries in endpoints.items():
        for entry in entries:
            parts = [api, entry["method"].lower()] + [p for p in entry["path"].replace("-", "/").replace("{", "/").replace("}", "/").split("/") if p]
            snake = "_".join(p.lower() for p in parts)
            camel = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
            assert callable(getattr(exchange, snake)) and callable(getattr(exchange, camel)), snake
            count += 1
    assert count == 88
    assert exchange.publicGetApiV1Ticker.__func__ is exchange.public_get_api_v1_ticker.__func__


def test_describe_carries_the_spec():
    exchange = backpack()
    assert exchange.id == "backpack" and exchange.rateLimit == 50 and exchange.version == "v1"
    assert list(exchange.timeframes) == ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"]
    assert exchange.timeframes["1M"] == "1month" and exchange.timeframes["15m"] == "15m"
    assert exchange.precisionMode == ccxt.TICK_SIZE
    assert exchange.options["recvWindow"] == 5000
    assert exchange.options["networksById"]["Solana"] == "SOL"
    assert exchange.api["private"]["post"]["api/v1/orders"] == {"cost": 1}
    exact = spec_file("errors.yaml")["errors"]["exact"]
    assert len(exact) == 35
    assert {code: cls.__name__ for code, cls in exchange.exceptions["exact"].items()} == exact


def test_has_is_true_exactly_for_what_the_spec_implements():
    methods = spec_file("methods.yaml")
    exchange = backpack()
    for name in methods["methods"]:
        assert exchange.has[name] is True, name
        assert callable(getattr(type(exchange), name)) and getattr(type(exchange), name) is not getattr(ccxt.Exchange, name, None), name
    for name, value in methods["has"].items():
        assert exchange.has[name] == value
    claimed = {name for name, value in exchange.has.items() if value is True}
    assert claimed <= set(methods["methods"]) | set(methods["has"]) | {"publicAPI", "privateAPI"}


def stubbed(exchange, *answers):
    """Answer the requests with `answers` in turn (the last one repeats); record the URLs."""
    urls = []

    def fetch(url, method="GET", headers=None, body=None):
        urls.append(url)
        return answers[min(len(urls), len(answers)) - 1]

    exchange.fetch = fetch
    return urls


def trades_page(first_id, count, first_timestamp, step=-1000):
    return [
        {"id": first_id - i, "price": "100", "quantity": "1", "quoteQuantity": "100", "timestamp": first_timestamp + i * step, "isBuyerMaker": False}
        for i in range(count)
    ]


def test_fetch_trades_since_walks_history_pages_until_it_reaches_since(offline):
    newest = 1757600000000
    pages = [trades_page(5000, 1000, newest), trades_page(4000, 1000, newest - 1_000_000), trades_page(3000, 1000, newest - 2_000_000)]
    urls = stubbed(offline, *pages)
    since = newest - 1_500_000
    trades = offline.fetch_trades("ETH/USDC", since)
    assert [url.split("offset=")[1] for url in urls] == ["0", "1000"], "stops once a page reaches back past since"
    assert all(t["timestamp"] >= since for t in trades)
    assert trades == sorted(trades, key=lambda t: t["timestamp"]) and trades[0]["timestamp"] == since
    assert len(trades) == 1501


def test_fetch_trades_paginate_collects_limit_rows(offline):
    newest = 1757600000000
    urls = stubbed(offline, trades_page(5000, 1000, newest), trades_page(4000, 1000, newest - 1_000_000), trades_page(3000, 400, newest - 2_000_000))
    trades = offline.fetch_trades("ETH/USDC", None, 2500, {"paginate": True})
    assert len(urls) == 3 and len(trades) == 2400


def test_pagination_calls_bound_the_walk(offline):
    urls = stubbed(offline, trades_page(5000, 1000, 1757600000000))
    offline.options["paginationCalls"] = 2
    offline.fetch_trades("ETH/USDC", 1, None)
    assert len(urls) == 2


def test_fetch_funding_rate_history_requires_a_contract_symbol(offline):
    with pytest.raises(ArgumentsRequired, match="requires a symbol"):
        offline.fetch_funding_rate_history()
    with pytest.raises(BadSymbol, match="needs a contract market"):
        offline.fetch_funding_rate_history("ETH/USDC")


def test_unknown_symbol_is_bad_symbol_before_any_request(offline):
    urls = stubbed(offline, {})
    with pytest.raises(BadSymbol):
        offline.fetch_ticker("NOPE/USDC")
    assert urls == []


@pytest.mark.parametrize("answer,error", [("", NullResponse), (None, NullResponse), ("<html>oops</html>", BadResponse), ([], BadResponse)])
def test_a_ticker_answer_that_is_not_an_object_is_a_clear_error(offline, answer, error):
    stubbed(offline, answer)
    with pytest.raises(error, match="fetchTicker\\(\\) expected an object from the exchange"):
        offline.fetch_ticker("ETH/USDC")


def test_fetch_time_rejects_a_body_that_is_not_a_time(offline):
    stubbed(offline, "<html>maintenance</html>")
    with pytest.raises(BadResponse, match=r"fetchTime\(\)"):
        offline.fetch_time()


def test_unknown_enum_values_never_crash_a_parser(offline):
    market = dict(response_fixture("fetchMarkets")["httpResponse"][0], orderBookState="Melting")
    assert offline.parse_market(market)["active"] is False
    assert offline.parse_market(dict(market, marketType="OPTIONS_SOMEDAY")) is None
    assert offline.parse_status({"status": "Rebooting", "message": None})["status"] == "Rebooting"
    trade = offline.parse_trade({"id": 1, "price": "1", "quantity": "2", "quoteQuantity": "2", "timestamp": 1, "isBuyerMaker": "sometimes"})
    assert trade["side"] is None and trade["amount"] == 2.0
    ticker = offline.parse_ticker({"symbol": "ETH_USDC", "firstPrice": "N/A", "lastPrice": "4182.41", "priceChange": None, "priceChangePercent": "x"})
    assert ticker["last"] == 4182.41 and ticker["open"] is None and ticker["percentage"] is None


def test_async_class_runs_the_same_methods(markets_raw):
    async def run():
        exchange = async_backpack({"enableRateLimit": False, "timeout_on_exit": 0})
        exchange.set_markets(exchange.parse_markets(markets_raw))
        ticker = response_fixture("fetchTicker")

        async def fetch(url, method="GET", headers=None, body=None):
            return ticker["httpResponse"]

        exchange.fetch = fetch
        try:
            return await exchange.fetch_ticker("ETH/USDC")
        finally:
            await exchange.close()

    assert asyncio.run(run()) == response_fixture("fetchTicker")["parsedResponse"]


def test_retry_options_route_through_ccxts_own_fetch2(offline):
    calls = []

    def fetch(url, method="GET", headers=None, body=None):
        calls.append(url)
        if len(calls) < 3:
            raise ccxt.ExchangeNotAvailable("flaky")
        return response_fixture("fetchTicker")["httpResponse"]

    offline.fetch = fetch
    offline.options["maxRetriesOnFailure"] = 2
    assert offline.fetch_ticker("ETH/USDC")["last"] == 4182.41
    assert len(calls) == 3


def test_until_is_sent_where_the_api_has_an_end_time_and_applied_here_elsewhere(offline):
    history = response_fixture("fetchOrders")["httpResponse"]
    urls = stubbed(offline, history)
    orders = offline.fetch_orders("ETH/USDC", None, None, {"until": 1757621600000})
    assert "until" not in urls[0] and all(order["timestamp"] <= 1757621600000 for order in orders) and len(orders) == 2
    urls = stubbed(offline, response_fixture("fetchMyTrades")["httpResponse"])
    offline.fetch_my_trades(None, None, None, {"until": 1757700000000})
    assert "to=1757700000000" in urls[0] and "until" not in urls[0]


@pytest.mark.parametrize("from_start", [True, False], ids=["candles opening in the window", "candles overlapping it"])
def test_consecutive_candle_windows_lose_no_candle(offline, from_start):
    """freqtrade reads history as fetch_ohlcv(since + k * limit * timeframe, limit), its since its
    clock less some hours, milliseconds and all. The candle that opens in the last second of one
    window, before the next window's since, must come with the first window: with the window's
    end rounded down to seconds, it fell between the two (a gap in freqtrade's 1m history). The
    server stands for both readings of the window: the candles opening in [startTime, endTime)
    (the reference's example) and, as the simulator answers, those overlapping it."""
    minute = 60_000

    def kline(opens):
        text = lambda ms: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ms / 1000))  # noqa: E731
        return {"start": text(opens), "end": text(opens + minute), "open": "1", "high": "1", "low": "1", "close": "1", "volume": "1", "quoteVolume": "1", "trades": "1"}

    def klines(url, method="GET", headers=None, body=None):
        query = dict(part.split("=") for part in url.split("?", 1)[1].split("&"))
        start, end = int(query["startTime"]) * 1000, int(query["endTime"]) * 1000
        first = -(-start // minute) * minute if from_start else start // minute * minute
        return [kline(opens) for opens in range(first, end, minute)]

    offline.fetch = klines
    since = 1_757_599_980_000 + 543  # a minute's start, and the milliseconds of a clock
    pages = [offline.fetch_ohlcv("ETH/USDC", "1m", since + k * 5 * minute, 5) for k in range(3)]
    opened = [candle[0] for page in pages for candle in page]
    assert opened == [1_757_599_980_000 + (i + 1) * minute for i in range(15)]
