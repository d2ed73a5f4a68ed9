"""The generated ccxt.pro class's public market streams beyond tickers, trades and books (bids and
asks, candles, funding rates, mark prices, liquidations) against the simulator's /ws.

Each test says which behaviour of the real API it stands for, and checks the parsed structures
against what the REST API says of the same thing. The market is quiet (no market maker): book
changes and trades are the tests' own, made straight in the engine. The simulator pushes candles
and mark prices once a second; a test that waits for one has the simulator push at once (its
hub's push_periodic) instead of sleeping. Where ccxt.pro.backpack is wrong or lacks the method
(ws-notes §1.4), the same test runs on it as a strict xfail.
"""

import asyncio
import itertools
from decimal import Decimal

import pytest
from ccxt.base.errors import ArgumentsRequired, BadRequest, BadSymbol, UnsubscribeError

from backpack_sim.decimals import now_us

from ws_support import engine, eventually, negative_control, ours, pro_backpack, run, server_view, sim  # noqa: F401 (fixtures)

SOL_PERP, BTC_PERP, ETH_PERP = "SOL/USDC:USDC", "BTC/USDC:USDC", "ETH/USDC:USDC"
prices = itertools.count(1)


def fresh_price(base="150", tick="0.01"):
    """A price no other order of this module has: a candle or a book top that shows it is this test's."""
    return Decimal(base) + next(prices) * Decimal(tick)


def streams_of(sim, exchange):
    record = server_view(sim, exchange)
    return set(record["streams"]) if record is not None else set()


async def subscribed(sim, exchange, watching, *streams):
    """Wait until the simulator carries `streams` on the exchange's socket. A watch call
    (`watching`: a future, or a list of them) that failed before (ccxt.pro's NotSupported)
    raises here, the others cancelled: no task is left with an error nobody read."""
    futures = watching if isinstance(watching, list) else [watching]
    await eventually(lambda: any(future.done() for future in futures) or set(streams) <= streams_of(sim, exchange))
    failed = [future.exception() for future in futures if future.done() and not future.cancelled() and future.exception()]
    if failed:
        for future in futures:
            future.cancel()
        raise failed[0]


def push(sim):
    """The simulator's once-a-second push (tickers, candles, mark prices), now."""
    sim.call(sim.sim.hub.push_periodic)


async def rest_candle(rest, symbol, timeframe, timestamp):
    """fetchOHLCV's candle that starts at `timestamp` (None: it has none), asked for from one
    timeframe before (without a since, 1000 months back is before 1970, which the API refuses)."""
    since = timestamp - rest.parse_timeframe(timeframe) * 1000
    return {candle[0]: candle for candle in await rest.fetch_ohlcv(symbol, timeframe, since)}.get(timestamp)


def liquidate(sim, market_id, side, price, quantity, at_us=None):
    """A liquidation on the simulator's `liquidation` stream (its engine liquidates nobody)."""
    market = sim.sim.engine.markets[market_id]
    sim.call(sim.sim.hub.liquidation, market, side, Decimal(price), Decimal(quantity), at_us or now_us())


# ---------------------------------------------------------------- names


def test_the_methods_answer_to_ccxt_s_names_and_has_flags():
    """ccxt calls them by their camelCase names (watchOHLCVForSymbols) and reads `has` to know
    them: every method and its un_watch_* twin, under both spellings, flagged True."""
    exchange = pro_backpack()
    names = {
        "BidsAsks": "bids_asks",
        "OHLCV": "ohlcv",
        "OHLCVForSymbols": "ohlcv_for_symbols",
        "FundingRate": "funding_rate",
        "FundingRates": "funding_rates",
        "MarkPrice": "mark_price",
        "MarkPrices": "mark_prices",
        "Liquidations": "liquidations",
        "LiquidationsForSymbols": "liquidations_for_symbols",
    }
    for name, snake in names.items():
        for camel, method in (("watch" + name, "watch_" + snake), ("unWatch" + name, "un_watch_" + snake)):
            assert exchange.has[camel] is True and getattr(exchange, camel) == getattr(exchange, method)


# ---------------------------------------------------------------- bids and asks


def test_watch_bids_asks_is_the_top_of_the_rest_book(sim, engine):
    """bookTicker.<symbol>, sent when the top of the book moves: the best bid and ask with their
    amounts, as REST's book has them; stamped with the engine's time T; kept in `bidsasks`,
    apart from the 24 h tickers."""
    bid, ask = fresh_price("3450"), fresh_price("3550")

    async def scenario(exchange, rest):
        watching = asyncio.ensure_future(exchange.watch_bids_asks(["ETH/USDC", "BTC/USDC"]))
        await subscribed(sim, exchange, watching, "bookTicker.ETH_USDC", "bookTicker.BTC_USDC")
        engine.place("ETH_USDC", "Bid", bid, "0.37")
        engine.place("ETH_USDC", "Ask", ask, "0.21")
        assert list(await watching) == ["ETH/USDC"]  # options newUpdates: the market updated
        # the two changes may come in one read, the second while nobody waits: into the cache
        await eventually(lambda: exchange.bidsasks["ETH/USDC"]["ask"] == float(ask))
        ticker = exchange.bidsasks["ETH/USDC"]
        book = await rest.fetch_order_book("ETH/USDC")
        assert [ticker["bid"], ticker["bidVolume"]] == book["bids"][0] == [float(bid), 0.37]
        assert [ticker["ask"], ticker["askVolume"]] == book["asks"][0] == [float(ask), 0.21]
        assert ticker["timestamp"] == int(ticker["info"]["T"]) // 1000 and ticker["datetime"].endswith("Z")
        assert exchange.bidsasks["ETH/USDC"] is ticker and "ETH/USDC" not in exchange.tickers
        exchange.newUpdates = False  # every watched market's bids and asks, not only the one updated
        engine.place("BTC_USDC", "Bid", fresh_price("99000", "0.1"), "0.002")
        everything = await exchange.watch_bids_asks(["ETH/USDC", "BTC/USDC"])
        assert set(everything) == {"ETH/USDC", "BTC/USDC"} and everything["ETH/USDC"] is ticker

    run(sim, ours, scenario)


# ---------------------------------------------------------------- candles


@negative_control("B10: ccxt.pro stamps a candle with its close time T, fetchOHLCV with its start")
def test_every_timeframe_s_candle_is_the_one_fetch_ohlcv_gives(sim, engine, make):
    """kline.<interval>.<symbol> for every timeframe of `timeframes` (1M is the API's 1month), on
    one socket: each candle is stamped with its start `t`, as fetchOHLCV stamps it, and is that
    candle number for number; watchOHLCVForSymbols answers {symbol: {timeframe: candles}}."""
    price = fresh_price()

    async def scenario(exchange, rest):
        pairs = [["SOL/USDC", timeframe] for timeframe in rest.timeframes]
        watching = asyncio.ensure_future(exchange.watch_ohlcv_for_symbols(pairs))
        await subscribed(sim, exchange, watching, *(f"kline.{interval}.SOL_USDC" for interval in rest.timeframes.values()))
        engine.trade("SOL_USDC", price, "0.5")
        push(sim)
        [(symbol, by_timeframe)] = (await watching).items()
        [timeframe] = by_timeframe  # the one that changed first
        # the candles that came while nobody waited (or before the trade: a periodic push) are in the caches
        cached = exchange.ohlcvs[symbol]
        await eventually(lambda: cached[timeframe][-1][4] == float(price))
        assert cached[timeframe][-1] == await rest_candle(rest, symbol, timeframe, cached[timeframe][-1][0])
        await eventually(lambda: all(cached.get(timeframe) and cached[timeframe][-1][4] == float(price) for timeframe in rest.timeframes))
        latest = {timeframe: cached[timeframe][-1] for timeframe in rest.timeframes}
        fetched = await asyncio.gather(*(rest_candle(rest, symbol, timeframe, candle[0]) for timeframe, candle in latest.items()))
        assert dict(zip(latest, fetched)) == latest

    run(sim, make, scenario)


@negative_control("B11: ccxt.pro's watch_ohlcv(symbol, '1M') raises KeyError (it files the candles under '1month')")
def test_watch_ohlcv_of_a_month_reads_the_api_s_monthly_stream(sim, engine, make):
    """watch_ohlcv(symbol, '1M'): the timeframe maps through `timeframes` to the API's interval
    (kline.1month.<symbol>); the candle is this month's, as fetchOHLCV has it."""
    price = fresh_price()

    async def scenario(exchange, rest):
        watching = asyncio.ensure_future(exchange.watch_ohlcv("SOL/USDC", "1M"))
        await subscribed(sim, exchange, watching, "kline.1month.SOL_USDC")
        engine.trade("SOL_USDC", price, "0.25")
        push(sim)
        await watching
        await eventually(lambda: exchange.ohlcvs["SOL/USDC"]["1M"][-1][4] == float(price))
        candle = exchange.ohlcvs["SOL/USDC"]["1M"][-1]
        assert candle == await rest_candle(rest, "SOL/USDC", "1M", candle[0])
        assert exchange.iso8601(candle[0])[8:] == "01T00:00:00.000Z"

    run(sim, make, scenario)


def test_an_update_of_the_open_candle_replaces_it(sim, engine):
    """The stream sends the open candle again on each change: the cache (ccxt's
    ArrayCacheByTimestamp, options OHLCVLimit) keeps one candle per start time, the latest; with
    options newUpdates off, since and limit filter the cached candles."""
    first, second = fresh_price(), fresh_price()

    async def scenario(exchange, rest):
        exchange.options["OHLCVLimit"] = 5
        watching = asyncio.ensure_future(exchange.watch_ohlcv("SOL/USDC", "1d"))
        await subscribed(sim, exchange, watching, "kline.1d.SOL_USDC")
        engine.trade("SOL_USDC", first, "1")
        push(sim)
        await watching
        cache = exchange.ohlcvs["SOL/USDC"]["1d"]
        await eventually(lambda: cache[-1][4] == float(first))
        opened = cache[-1]
        engine.trade("SOL_USDC", second, "2")
        push(sim)
        await eventually(lambda: opened[4] == float(second))  # replaced in place: the same candle
        assert len(cache) == 1 and cache[0] is opened
        assert opened[2] >= float(second) and opened[5] >= 3  # high and volume take the second trade in
        assert opened == await rest_candle(rest, "SOL/USDC", "1d", opened[0])
        assert cache.hashmap.keys() == {opened[0]} and cache.max_size == 5
        exchange.newUpdates = False
        for since, limit, expected in ((opened[0] + 1, None, []), (None, 1, [opened]), (opened[0], 3, [opened])):
            engine.trade("SOL_USDC", fresh_price(), "1")  # a change: the stream sends the candle again
            push(sim)
            assert await exchange.watch_ohlcv("SOL/USDC", "1d", since, limit) == expected

    run(sim, ours, scenario)


# ---------------------------------------------------------------- funding rates and mark prices


@negative_control("B14: ccxt.pro reads no markPrice stream (it has no watch_funding_rate)")
def test_watch_funding_rate_equals_fetch_funding_rate(sim, make):
    """markPrice.<symbol> of a perpetual: the funding rate, its next funding time (n, in ms),
    mark and index price and interval are what fetchFundingRate says; the time is the engine's T."""

    async def scenario(exchange, rest):
        sim.call(sim.sim.engine.set_prices, "SOL_USDC_PERP", Decimal("151.17"), Decimal("151.23"))
        watching = asyncio.ensure_future(exchange.watch_funding_rates([SOL_PERP, BTC_PERP]))
        await subscribed(sim, exchange, watching, "markPrice.SOL_USDC_PERP", "markPrice.BTC_USDC_PERP")
        push(sim)
        rates = await watching
        while SOL_PERP not in rates:
            rates = await exchange.watch_funding_rates([SOL_PERP, BTC_PERP])
        rate = rates[SOL_PERP]
        cached = exchange.fundingRates[SOL_PERP]  # this one, or a later frame's (frames come back to back)
        assert cached["symbol"] == SOL_PERP and cached["timestamp"] >= rate["timestamp"]
        fetched = await rest.fetch_funding_rate(SOL_PERP)
        keys = ("symbol", "markPrice", "indexPrice", "fundingRate", "fundingTimestamp", "nextFundingTimestamp", "interval")
        assert {key: rate[key] for key in keys} == {key: fetched[key] for key in keys}
        assert (rate["markPrice"], rate["indexPrice"], rate["interval"]) == (151.23, 151.17, "1h")
        assert rate["timestamp"] == int(rate["info"]["T"]) // 1000 and rate["fundingDatetime"].endswith("Z")
        push(sim)
        assert (await exchange.watch_funding_rate(BTC_PERP))["symbol"] == BTC_PERP

    run(sim, make, scenario)


@negative_control("B14: ccxt.pro reads no markPrice stream (it has no watch_mark_price)")
def test_watch_mark_price_is_the_rest_mark_price_and_leaves_the_tickers_alone(sim, make):
    """markPrice.<symbol> as a ticker: its markPrice and indexPrice are REST's (/markPrices); it is
    kept in its own cache, so the 24 h ticker of the market stays what watchTicker made it."""

    async def scenario(exchange, rest):
        sim.call(sim.sim.engine.set_prices, "ETH_USDC_PERP", Decimal("3502.5"), Decimal("3503.75"))
        watching = asyncio.ensure_future(exchange.watch_mark_prices([ETH_PERP]))
        await subscribed(sim, exchange, watching, "markPrice.ETH_USDC_PERP")
        push(sim)
        ticker = (await watching)[ETH_PERP]
        fetched = await rest.fetch_funding_rate(ETH_PERP)
        assert (ticker["markPrice"], ticker["indexPrice"]) == (fetched["markPrice"], fetched["indexPrice"]) == (3503.75, 3502.5)
        assert ticker["symbol"] == ETH_PERP and ticker["timestamp"] == int(ticker["info"]["T"]) // 1000
        assert ticker["last"] is None and ETH_PERP not in exchange.tickers
        push(sim)
        assert (await exchange.watch_mark_price(ETH_PERP))["markPrice"] == 3503.75

    run(sim, make, scenario)


def test_funding_rate_and_mark_price_share_a_stream_until_both_are_unwatched(sim):
    """Both read markPrice.<symbol>: one subscription serves both; unwatching one sends no
    UNSUBSCRIBE while the other still reads it (its watcher gets UnsubscribeError, the other
    keeps updating); unwatching the other does, and the simulator stops sending within 1 s."""

    async def scenario(exchange, rest):
        rate = asyncio.ensure_future(exchange.watch_funding_rate(SOL_PERP))
        mark = asyncio.ensure_future(exchange.watch_mark_price(SOL_PERP))
        await subscribed(sim, exchange, [rate, mark], "markPrice.SOL_USDC_PERP")
        push(sim)
        assert (await rate)["symbol"] == (await mark)["symbol"] == SOL_PERP
        assert list(exchange.ws_topics["markPrice.SOL_USDC_PERP"].handlers) == ["watchFundingRate", "watchMarkPrice"]
        rate = asyncio.ensure_future(exchange.watch_funding_rate(SOL_PERP))
        await asyncio.sleep(0)
        assert await exchange.un_watch_funding_rate(SOL_PERP) is True
        with pytest.raises(UnsubscribeError):
            await rate
        await asyncio.sleep(0.05)  # an UNSUBSCRIBE, if one were sent, would be at the simulator by now
        assert streams_of(sim, exchange) == {"markPrice.SOL_USDC_PERP"} and SOL_PERP not in exchange.fundingRates
        push(sim)
        assert (await exchange.watch_mark_price(SOL_PERP))["symbol"] == SOL_PERP
        await exchange.un_watch_mark_price(SOL_PERP)
        await eventually(lambda: streams_of(sim, exchange) == set(), timeout=1)
        sent = server_view(sim, exchange)["frames_sent"]
        push(sim)
        await asyncio.sleep(0.1)
        assert server_view(sim, exchange)["frames_sent"] == sent and exchange.ws_topics == {}
        assert SOL_PERP not in exchange.markPrices

    run(sim, ours, scenario)


# ---------------------------------------------------------------- liquidations


@negative_control("B14: ccxt.pro reads no liquidation stream (it has no watch_liquidations)")
def test_watch_liquidations_picks_its_markets_from_the_stream_of_every_market(sim, make):
    """`liquidation` carries every market's liquidations on one stream: one subscription serves
    every watcher, each gets only its markets' liquidations, parsed (side, price, contracts,
    values, the engine's time T), and the cache keeps only watched markets' (no markets asked
    for: every market's)."""

    async def scenario(exchange, rest):
        sol = asyncio.ensure_future(exchange.watch_liquidations(SOL_PERP))
        others = asyncio.ensure_future(exchange.watch_liquidations_for_symbols([BTC_PERP, ETH_PERP]))
        await subscribed(sim, exchange, [sol, others], "liquidation")
        liquidate(sim, "JUP_USDC_PERP", "Ask", "0.5", "100")  # a market nobody watches
        liquidate(sim, "ETH_USDC_PERP", "Ask", "3480.5", "1.5")
        [eth] = await others
        liquidate(sim, "SOL_USDC_PERP", "Bid", "149.25", "4")
        [liquidation] = await sol
        assert eth["symbol"] == ETH_PERP and (eth["side"], eth["price"], eth["contracts"]) == ("sell", 3480.5, 1.5)
        assert (liquidation["side"], liquidation["price"], liquidation["contracts"]) == ("buy", 149.25, 4.0)
        assert (liquidation["contractSize"], liquidation["baseValue"], liquidation["quoteValue"]) == (1.0, 4.0, 597.0)
        assert liquidation["timestamp"] == int(liquidation["info"]["T"]) // 1000 and liquidation["symbol"] == SOL_PERP
        assert streams_of(sim, exchange) == {"liquidation"}
        assert [item["symbol"] for item in exchange.liquidations] == [ETH_PERP, SOL_PERP]
        every = asyncio.ensure_future(exchange.watch_liquidations_for_symbols([]))  # no markets: every market's
        await asyncio.sleep(0)
        liquidate(sim, "JUP_USDC_PERP", "Ask", "0.5", "100")
        assert [item["symbol"] for item in await every] == ["JUP/USDC:USDC"] and len(exchange.liquidations) == 3

    run(sim, make, scenario)


def test_watch_liquidations_filters_the_cache_by_since_and_limit(sim):
    """With options newUpdates off, the cached liquidations (options liquidationsLimit) of the
    markets asked for, filtered by since and limit as ccxt filters them."""

    async def scenario(exchange, rest):
        exchange.newUpdates = False
        exchange.options["liquidationsLimit"] = 3
        watching = asyncio.ensure_future(exchange.watch_liquidations_for_symbols([SOL_PERP, BTC_PERP]))
        await subscribed(sim, exchange, watching, "liquidation")
        start = now_us()
        times = iter(range(start, start + 10_000, 1000))  # engine times a millisecond apart: since tells them apart
        for price in ("148.1", "148.2", "148.3", "148.4"):
            liquidate(sim, "SOL_USDC_PERP", "Bid", price, "1", next(times))
        liquidate(sim, "BTC_USDC_PERP", "Ask", "98000", "0.01", next(times))
        await watching
        await eventually(lambda: exchange.liquidations[-1]["symbol"] == BTC_PERP)
        assert [item["price"] for item in exchange.liquidations] == [148.3, 148.4, 98000.0]  # the limit of 3
        liquidate(sim, "SOL_USDC_PERP", "Bid", "148.5", "1", next(times))
        latest = await exchange.watch_liquidations(SOL_PERP)
        assert [item["price"] for item in latest] == [148.4, 148.5]
        liquidate(sim, "SOL_USDC_PERP", "Bid", "148.6", "1", next(times))
        [last] = await exchange.watch_liquidations(SOL_PERP, limit=1)
        assert last["price"] == 148.6 and last["timestamp"] == (start + 6000) // 1000
        liquidate(sim, "SOL_USDC_PERP", "Bid", "148.7", "1", next(times))
        assert [item["price"] for item in await exchange.watch_liquidations(SOL_PERP, last["timestamp"] + 1)] == [148.7]

    run(sim, ours, scenario)


# ---------------------------------------------------------------- arguments


def test_an_unknown_market_or_timeframe_raises_before_anything_is_sent(sim):
    """A symbol the markets lack, a timeframe `timeframes` lacks, a spot market's funding rate, or
    no [symbol, timeframe] pairs: the ccxt error at once, and no socket is even dialled."""

    async def scenario(exchange, rest):
        calls = [
            (BadSymbol, exchange.watch_bids_asks(["NOPE/USDC"])),
            (BadSymbol, exchange.un_watch_bids_asks(["NOPE/USDC"])),
            (BadSymbol, exchange.watch_ohlcv("NOPE/USDC", "1m")),
            (BadRequest, exchange.watch_ohlcv("SOL/USDC", "7m")),
            (BadRequest, exchange.watch_ohlcv("SOL/USDC", "1month")),  # the API's name, not ccxt's
            (BadRequest, exchange.watch_ohlcv_for_symbols([["SOL/USDC", "1m"], ["ETH/USDC", "2s"]])),
            (BadSymbol, exchange.watch_ohlcv_for_symbols([["SOL/USDC", "1m"], ["NOPE/USDC", "1m"]])),
            (ArgumentsRequired, exchange.watch_ohlcv_for_symbols(["SOL/USDC", "1m"])),
            (ArgumentsRequired, exchange.watch_ohlcv_for_symbols([])),
            (BadRequest, exchange.un_watch_ohlcv("SOL/USDC", "7m")),
            (BadSymbol, exchange.watch_funding_rate("NOPE/USDC:USDC")),
            (BadSymbol, exchange.watch_funding_rate("SOL/USDC")),  # spot: no funding
            (BadSymbol, exchange.watch_funding_rates([SOL_PERP, "SOL/USDC"])),
            (ArgumentsRequired, exchange.watch_funding_rates([])),
            (BadSymbol, exchange.un_watch_funding_rate("NOPE/USDC:USDC")),
            (BadSymbol, exchange.watch_mark_price("NOPE/USDC:USDC")),
            (ArgumentsRequired, exchange.watch_mark_prices()),
            (BadSymbol, exchange.un_watch_mark_prices(["NOPE/USDC:USDC"])),
            (BadSymbol, exchange.watch_liquidations("NOPE/USDC:USDC")),
            (BadSymbol, exchange.watch_liquidations_for_symbols([SOL_PERP, "NOPE/USDC:USDC"])),
            (BadSymbol, exchange.un_watch_liquidations("NOPE/USDC:USDC")),
        ]
        for error, call in calls:
            with pytest.raises(error):
                await call
        assert exchange.clients == {} and exchange.ws_topics == {}

    run(sim, ours, scenario)


# ---------------------------------------------------------------- unwatching


def test_every_un_watch_sends_unsubscribe_and_the_streams_stop(sim, engine):
    """un_watch_bids_asks, un_watch_ohlcv(_for_symbols), un_watch_funding_rate(s),
    un_watch_mark_price(s), un_watch_liquidations(_for_symbols): UNSUBSCRIBE is sent, the
    simulator drops the streams within 1 s and sends nothing more (candles, mark prices, book
    tops, liquidations); waiting callers get UnsubscribeError; the caches are dropped."""

    async def scenario(exchange, rest):
        engine.trade("SOL_USDC", fresh_price(), "0.1")
        watches = [
            exchange.watch_bids_asks(["SOL/USDC"]),
            exchange.watch_ohlcv_for_symbols([["SOL/USDC", "1m"], ["SOL/USDC", "1M"]]),
            exchange.watch_ohlcv("ETH/USDC", "1h"),
            exchange.watch_funding_rates([BTC_PERP]),
            exchange.watch_mark_prices([ETH_PERP]),
            exchange.watch_liquidations_for_symbols([SOL_PERP, BTC_PERP]),
        ]
        pending = [asyncio.ensure_future(watch) for watch in watches]
        streams = {"bookTicker.SOL_USDC", "kline.1m.SOL_USDC", "kline.1month.SOL_USDC", "kline.1h.ETH_USDC"}
        streams |= {"markPrice.BTC_USDC_PERP", "markPrice.ETH_USDC_PERP", "liquidation"}
        await subscribed(sim, exchange, pending, *streams)
        engine.place("SOL_USDC", "Bid", fresh_price("140"), "0.1")
        engine.trade("ETH_USDC", fresh_price("3500"), "0.1")
        push(sim)
        liquidate(sim, "BTC_USDC_PERP", "Ask", "98000", "0.01")
        await asyncio.wait(pending, timeout=1)
        assert all(watch.done() and watch.exception() is None for watch in pending)
        assert "SOL/USDC" in exchange.bidsasks and exchange.ohlcvs["SOL/USDC"] and exchange.liquidations
        waiting = asyncio.ensure_future(exchange.watch_liquidations(SOL_PERP))
        await asyncio.sleep(0)
        assert await exchange.un_watch_liquidations(SOL_PERP) is True  # BTC's are still watched: the stream stays
        with pytest.raises(UnsubscribeError):
            await waiting
        await exchange.un_watch_bids_asks(["SOL/USDC"])
        await exchange.un_watch_ohlcv_for_symbols([["SOL/USDC", "1m"], ["SOL/USDC", "1M"]])
        await exchange.un_watch_ohlcv("ETH/USDC", "1h")
        await exchange.un_watch_funding_rates([BTC_PERP])
        await exchange.un_watch_mark_prices([ETH_PERP])
        await eventually(lambda: streams_of(sim, exchange) == {"liquidation"}, timeout=1)
        await exchange.un_watch_liquidations_for_symbols([BTC_PERP])
        await eventually(lambda: streams_of(sim, exchange) == set(), timeout=1)
        sent = server_view(sim, exchange)["frames_sent"]
        engine.place("SOL_USDC", "Bid", fresh_price("141"), "0.1")
        engine.trade("ETH_USDC", fresh_price("3500"), "0.1")
        push(sim)
        liquidate(sim, "BTC_USDC_PERP", "Ask", "98000", "0.01")
        await asyncio.sleep(0.1)
        assert server_view(sim, exchange)["frames_sent"] == sent
        assert exchange.ws_topics == {} and exchange.clients[exchange.ws_url()].subscriptions == {}
        assert exchange.bidsasks == {} and exchange.ohlcvs["SOL/USDC"] == {} and exchange.ohlcvs["ETH/USDC"] == {}
        assert BTC_PERP not in exchange.fundingRates and ETH_PERP not in exchange.markPrices
        assert exchange.liquidations is None and exchange.liquidationSymbols == set()
        assert await exchange.un_watch_ohlcv("ETH/USDC", "1h") is True  # unwatching twice is no error

    run(sim, ours, scenario)
