"""Backpack for ccxt.pro: the async class with the WebSocket streams of wss://ws.backpack.exchange.

Subscriptions, routing, error isolation and the order-book sync are ws_runtime's (the same for
every exchange); here are this API's facts, from the spec: the stream each watch method
reads, how its payloads parse, which cache keeps them.
Generated from spec/backpack; do not edit.
"""

from typing import Any

from ccxt.async_support.base.ws.cache import (
    ArrayCache,
    ArrayCacheBySymbolById,
    ArrayCacheBySymbolBySide,
    ArrayCacheByTimestamp,
)
from ccxt.base.errors import (
    ArgumentsRequired,
    AuthenticationError,
    BadRequest,
    BadSymbol,
    OrderNotFound,
    UnsubscribeError,
)
from ccxt.base.types import (
    FundingRate,
    FundingRates,
    Int,
    Liquidation,
    Market,
    Order,
    OrderBook,
    Position,
    Str,
    Strings,
    Ticker,
    Tickers,
    Trade,
)

from ..base import STATUS_ORDER, STATUS_ORDER_TYPE, STATUS_SIDE, TRADE_FILL_TAKER_OR_MAKER, TRADE_TRADE_SIDE
from ..checks import malformed
from ..runtime import (
    NUMBER_LIMIT,
    US_TIME_LIMIT,
    Unfit,
    abs_text,
    dig,
    finish_order,
    finish_position,
    finish_ticker,
    first_nonzero,
    iso8601,
    lookup,
    ms_time,
    ms_to_duration,
    number_text,
    parse_iso,
    read_trade_cost,
    sign_of,
    to_bool,
    to_number,
    to_string,
    trade_cost,
    us_to_ms,
)
from ..ws_runtime import Topic, WsRuntime, WsSpec, catch_up_since, first_after, message_hash, missed_trades
from ..async_support.backpack import backpack as backpack_async


class backpack(WsRuntime, backpack_async):
    """Backpack with ccxt.pro's watch methods; everything else as the async class."""

    WS = WsSpec(
        url="wss://ws.backpack.exchange",
        stream_key="stream",
        data_key="data",
        method_key="method",
        streams_key="params",
        subscribe="SUBSCRIBE",
        unsubscribe="UNSUBSCRIBE",
        id_key="id",
        error_key="error",
        error_code_key="code",
        error_message_key="message",
        error_id_key="id",
        error_codes={
            4000: BadRequest,
            4001: AuthenticationError,
            4006: BadSymbol,
        },
        private_prefix="account.",
        signature_key="signature",
        instruction="subscribe",
        signature=("api_key", "signature", "timestamp", "window"),
        handlers={
            "watchTicker": "handle_watch_ticker",
            "watchBidsAsks": "handle_watch_bids_asks",
            "watchOHLCV": "handle_watch_ohlcv",
            "watchTrades": "handle_watch_trades",
            "watchOrderBook": "handle_watch_order_book",
            "watchOrders": "handle_watch_orders",
            "watchMyTrades": "handle_watch_my_trades",
            "watchPositions": "handle_watch_positions",
            "watchFundingRate": "handle_watch_funding_rate",
            "watchMarkPrice": "handle_watch_mark_price",
            "watchLiquidations": "handle_watch_liquidations",
        },
        books=("watchOrderBook",),
        shutdown_code=1001,
    )

    def describe(self) -> dict:
        return self.deep_extend(
            super().describe(),
            {
                "has": {
                    "ws": True,
                    "watchTicker": True,
                    "unWatchTicker": True,
                    "watchTickers": True,
                    "unWatchTickers": True,
                    "watchBidsAsks": True,
                    "unWatchBidsAsks": True,
                    "watchOHLCV": True,
                    "unWatchOHLCV": True,
                    "watchOHLCVForSymbols": True,
                    "unWatchOHLCVForSymbols": True,
                    "watchTrades": True,
                    "unWatchTrades": True,
                    "watchTradesForSymbols": True,
                    "unWatchTradesForSymbols": True,
                    "watchOrderBook": True,
                    "unWatchOrderBook": True,
                    "watchOrderBookForSymbols": True,
                    "unWatchOrderBookForSymbols": True,
                    "watchOrders": True,
                    "unWatchOrders": True,
                    "watchOrdersForSymbols": True,
                    "unWatchOrdersForSymbols": True,
                    "watchMyTrades": True,
                    "unWatchMyTrades": True,
                    "watchMyTradesForSymbols": True,
                    "unWatchMyTradesForSymbols": True,
                    "watchPositions": True,
                    "unWatchPositions": True,
                    "watchFundingRate": True,
                    "unWatchFundingRate": True,
                    "watchFundingRates": True,
                    "unWatchFundingRates": True,
                    "watchMarkPrice": True,
                    "unWatchMarkPrice": True,
                    "watchMarkPrices": True,
                    "unWatchMarkPrices": True,
                    "watchLiquidations": True,
                    "unWatchLiquidations": True,
                    "watchLiquidationsForSymbols": True,
                    "unWatchLiquidationsForSymbols": True,
                    "watchBalance": False,
                },
                "urls": {"api": {"ws": "wss://ws.backpack.exchange"}},
                # our pings every 15 s; ccxt drops a peer whose last pong is two intervals
                # old at one of its checks: a peer that falls silent is dropped within three intervals
                "streaming": {"keepAlive": 15000, "maxPingPongMisses": 2},
            },
        )

    # --- watchTicker: ticker.{symbol} ----------------------------------------------

    async def watch_ticker(self, symbol: str, params: dict = {}) -> Ticker:
        """
        watches a price ticker of a market (stream ticker.{symbol})

        https://docs.backpack.exchange/#tag/Streams/Public/Ticker

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `ticker structure <https://docs.ccxt.com/?id=ticker-structure>`
        """
        return await self.ws_watch("watchTicker", await self.ws_streams("ticker.{symbol}", [symbol], "watchTicker"))

    async def watch_tickers(self, symbols: Strings = None, params: dict = {}) -> Tickers:
        """
        watches the price tickers of several markets (stream ticker.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Public/Ticker

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `ticker structures <https://docs.ccxt.com/?id=ticker-structure>`: the one updated (options newUpdates), else all of them
        """
        streams = await self.ws_streams("ticker.{symbol}", symbols, "watchTickers")
        ticker = await self.ws_watch("watchTicker", streams)
        return self.ws_latest(ticker, self.tickers, streams)

    async def un_watch_ticker(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the ticker of a market: unsubscribes, and drops its cached ticker

        https://docs.backpack.exchange/#tag/Streams/Public/Ticker

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_tickers([symbol], params)

    async def un_watch_tickers(self, symbols: Strings = None, params: dict = {}) -> Any:
        """
        stops watching the tickers of several markets: unsubscribes, and drops their cached tickers

        https://docs.backpack.exchange/#tag/Streams/Public/Ticker

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams("ticker.{symbol}", symbols, "unWatchTickers")
        return await self.ws_unwatch_cached("watchTicker", streams, self.tickers)

    def handle_watch_ticker(self, client: Any, topic: Topic, raw: Any) -> Ticker:
        """A ticker.{symbol} payload: the market's ticker, replaced."""
        ticker = self.parse_ws_ticker(raw, self.ws_market(topic, raw.get("s")))
        self.tickers[ticker["symbol"]] = ticker
        return ticker

    # --- watchBidsAsks: bookTicker.{symbol} ----------------------------------------------

    async def watch_bids_asks(self, symbols: Strings = None, params: dict = {}) -> Tickers:
        """
        watches the best bid and ask of several markets (stream bookTicker.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Public/Book-ticker

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `ticker structures <https://docs.ccxt.com/?id=ticker-structure>` with the bid and ask: the one updated (options newUpdates), else all of them
        """
        streams = await self.ws_streams("bookTicker.{symbol}", symbols, "watchBidsAsks")
        ticker = await self.ws_watch("watchBidsAsks", streams)
        return self.ws_latest(ticker, self.bidsasks, streams)

    async def un_watch_bids_asks(self, symbols: Strings = None, params: dict = {}) -> Any:
        """
        stops watching the best bid and ask of several markets: unsubscribes, and drops their cached bids and asks

        https://docs.backpack.exchange/#tag/Streams/Public/Book-ticker

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams("bookTicker.{symbol}", symbols, "unWatchBidsAsks")
        return await self.ws_unwatch_cached("watchBidsAsks", streams, self.bidsasks)

    def handle_watch_bids_asks(self, client: Any, topic: Topic, raw: Any) -> Ticker:
        """A bookTicker.{symbol} payload: the market's best bid and ask, replaced (in `bidsasks`, apart from the tickers)."""
        ticker = self.parse_ws_bids_asks(raw, self.ws_market(topic, raw.get("s")))
        self.bidsasks[ticker["symbol"]] = ticker
        return ticker

    # --- watchOHLCV: kline.{timeframe}.{symbol} ----------------------------------------------

    async def watch_ohlcv(
        self, symbol: str, timeframe: str = "1m", since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[list]:
        """
        watches the candles of a market (stream kline.{timeframe}.{symbol}), each stamped with its start as fetchOHLCV's

        https://docs.backpack.exchange/#tag/Streams/Public/K-Line

        :param str symbol: unified symbol of the market
        :param str [timeframe]: the length of time each candle represents, one of `timeframes`
        :param int [since]: the earliest time in ms of the candles returned
        :param int [limit]: the most candles returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns int[][]: a list of candles [timestamp, open, high, low, close, volume]: the new or updated ones (options newUpdates), else the cached ones
        """
        result = await self.watch_ohlcv_for_symbols([[symbol, timeframe]], since, limit, params)
        return next(iter(result.values()))[timeframe]

    async def watch_ohlcv_for_symbols(
        self, symbolsAndTimeframes: list[list[str]], since: Int = None, limit: Int = None, params: dict = {}
    ) -> dict[str, dict[str, list[list]]]:
        """
        watches the candles of several markets and timeframes (stream kline.{timeframe}.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Public/K-Line

        :param str[][] symbolsAndTimeframes: [symbol, timeframe] pairs, like [['BTC/USDT', '1m'], ['LTC/USDT', '5m']]
        :param int [since]: the earliest time in ms of the candles returned
        :param int [limit]: the most candles returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: {symbol: {timeframe: candles}} of the market and timeframe that changed: its new or updated candles (options newUpdates), else its cached ones
        """
        streams = await self.ws_candle_streams(symbolsAndTimeframes, "watchOHLCVForSymbols")
        symbol, timeframe, candles = await self.ws_watch("watchOHLCV", streams)
        if self.newUpdates:
            limit = candles.getLimit(symbol, limit)
        return {symbol: {timeframe: self.filter_by_since_limit(candles, since, limit, 0, True)}}

    async def un_watch_ohlcv(self, symbol: str, timeframe: str = "1m", params: dict = {}) -> Any:
        """
        stops watching the candles of a market: unsubscribes, and drops its cached candles of the timeframe

        https://docs.backpack.exchange/#tag/Streams/Public/K-Line

        :param str symbol: unified symbol of the market
        :param str [timeframe]: the length of time each candle represents
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_ohlcv_for_symbols([[symbol, timeframe]], params)

    async def un_watch_ohlcv_for_symbols(self, symbolsAndTimeframes: list[list[str]], params: dict = {}) -> Any:
        """
        stops watching the candles of several markets and timeframes: unsubscribes, and drops their cached candles

        https://docs.backpack.exchange/#tag/Streams/Public/K-Line

        :param str[][] symbolsAndTimeframes: [symbol, timeframe] pairs, like [['BTC/USDT', '1m'], ['LTC/USDT', '5m']]
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_candle_streams(symbolsAndTimeframes, "unWatchOHLCVForSymbols")
        for symbol, timeframe in symbolsAndTimeframes:
            self.ohlcvs.get(self.market(symbol)["symbol"], {}).pop(timeframe, None)
        return await self.ws_unwatch("watchOHLCV", streams)

    async def ws_candle_streams(self, symbols_and_timeframes: Any, method: str) -> dict[str, Any]:
        """Stream name -> symbol of [symbol, timeframe] pairs: each timeframe one of `timeframes`,
        named in the stream by the API's interval for it. Every pair is checked before any is watched."""
        if (
            symbols_and_timeframes.__class__ not in (list, tuple)
            or not symbols_and_timeframes
            or any(pair.__class__ not in (list, tuple) or len(pair) != 2 for pair in symbols_and_timeframes)
        ):
            raise ArgumentsRequired(
                f"{self.id} {method}() requires a list of [symbol, timeframe] pairs, like [['BTC/USDT', '1m']]"
            )
        for _, timeframe in symbols_and_timeframes:
            self.check_timeframe(method, timeframe)
        streams: dict[str, Any] = {}
        for symbol, timeframe in symbols_and_timeframes:
            streams.update(
                await self.ws_streams("kline.{timeframe}.{symbol}", [symbol], method, self.timeframes[timeframe])
            )
        return streams

    def ws_candle_timeframe(self, stream: str, market_id: str) -> str:
        """The timeframe of a candle stream: the API's interval in its name, read back through `timeframes`."""
        prefix, _, suffix = "kline.{timeframe}.{symbol}".replace("{symbol}", market_id).partition("{timeframe}")
        interval = stream[len(prefix) : len(stream) - len(suffix)]
        return next((timeframe for timeframe, value in self.timeframes.items() if value == interval), interval)

    def handle_watch_ohlcv(self, client: Any, topic: Topic, raw: Any) -> Any:
        """A kline.{timeframe}.{symbol} payload: a candle of the market, added to its cache for the stream's
        timeframe (options OHLCVLimit); an update of the open candle replaces it."""
        market = self.ws_market(topic, raw.get("s"))
        candle = self.parse_ws_ohlcv(raw, market)
        symbol, timeframe = market["symbol"], self.ws_candle_timeframe(topic.stream, market["id"])
        by_timeframe = self.ohlcvs.setdefault(symbol, {})
        cache = by_timeframe.get(timeframe)
        if cache is None:
            cache = by_timeframe[timeframe] = ArrayCacheByTimestamp(self.safe_integer(self.options, "OHLCVLimit", 1000))
        cache.append(candle)
        return symbol, timeframe, cache

    # --- watchTrades: trade.{symbol} ----------------------------------------------

    async def watch_trades(self, symbol: str, since: Int = None, limit: Int = None, params: dict = {}) -> list[Trade]:
        """
        watches the trades of a market (stream trade.{symbol})

        https://docs.backpack.exchange/#tag/Streams/Public/Trade

        :param str symbol: unified symbol of the market
        :param int [since]: the earliest time in ms of the trades returned
        :param int [limit]: the most trades returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=public-trades>`: the new ones (options newUpdates), else the cached ones
        """
        return await self.watch_trades_for_symbols([symbol], since, limit, params)

    async def watch_trades_for_symbols(
        self, symbols: list[str], since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Trade]:
        """
        watches the trades of several markets (stream trade.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Public/Trade

        :param str[] symbols: unified symbols of the markets
        :param int [since]: the earliest time in ms of the trades returned
        :param int [limit]: the most trades returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=public-trades>` of one market: the new ones (options newUpdates), else the cached ones
        """
        trades = await self.ws_watch(
            "watchTrades", await self.ws_streams("trade.{symbol}", symbols, "watchTradesForSymbols")
        )
        if self.newUpdates:
            limit = trades.getLimit(trades[0]["symbol"], limit)
        return self.filter_by_since_limit(trades, since, limit, "timestamp", True)

    async def un_watch_trades(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the trades of a market: unsubscribes, and drops its cached trades

        https://docs.backpack.exchange/#tag/Streams/Public/Trade

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_trades_for_symbols([symbol], params)

    async def un_watch_trades_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the trades of several markets: unsubscribes, and drops their cached trades

        https://docs.backpack.exchange/#tag/Streams/Public/Trade

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams("trade.{symbol}", symbols, "unWatchTradesForSymbols")
        for symbol in streams.values():
            self.trades.pop(symbol, None)
        return await self.ws_unwatch("watchTrades", streams)

    def handle_watch_trades(self, client: Any, topic: Topic, raw: Any) -> Any:
        """A trade.{symbol} payload: one trade, added to the market's cache (options tradesLimit)."""
        trade = self.parse_ws_trade(raw, self.ws_market(topic, raw.get("s")))
        symbol = trade["symbol"]
        cache = self.trades.get(symbol)
        if cache is None:
            cache = self.trades[symbol] = ArrayCache(self.safe_integer(self.options, "tradesLimit", 1000))
        cache.append(trade)
        return cache

    async def catch_up_watch_trades(self, client: Any, topic: Topic) -> None:
        """
        After a reconnect (ws_runtime's supervisor calls it once the stream is subscribed again): the
        trades made while no socket carried trade.{symbol}, read through REST (fetchTrades since the
        last trade seen), appended in the order they were made and handed to the watchers.

        The new socket delivers every trade from the moment the server applied the subscription,
        which it does not acknowledge: the trades before the new socket's first one are the missed
        ones, and REST is read once that first one is in (or, on a quiet market, once the
        subscription has surely arrived), so that it has them all. Those the socket delivers are not
        appended here: no trade comes twice, none is missed.

        :param Client client: the new socket
        :param Topic topic: the stream subscribed again
        """
        symbol = topic.symbol
        if symbol is None:
            return  # a stream of every market: no market's trades to fetch
        cache = self.trades.get(symbol)
        last = cache[-1] if cache else None  # read before any await: the new socket's trades come after it
        start = topic.resume.setdefault("watchTrades", last)  # one that did not finish goes first

        def first_new() -> Any:  # the new socket's first trade
            return first_after(self.trades.get(symbol) or (), last)

        await self.ws_wait_until(lambda: first_new() is not None, self.WS.subscribe_settle)
        asked_at = self.milliseconds()
        fetched = await self.fetch_trades(symbol, start["timestamp"] if start is not None else topic.since)
        if first_new() is None and missed_trades(fetched, self.trades.get(symbol) or (), start, None):
            # frames of trades REST has too may be on their way: give them as long as REST took
            await self.ws_wait_until(lambda: first_new() is not None, (self.milliseconds() - asked_at) / 1000)
        if self.ws_topics.get(topic.stream) is not topic:
            return  # unwatched meanwhile
        cache = self.trades.get(symbol)
        if cache is None:
            cache = self.trades[symbol] = ArrayCache(self.safe_integer(self.options, "tradesLimit", 1000))
        missed = missed_trades(fetched, cache, start, first_new())
        for trade in missed:
            cache.append(trade)
        topic.resume.pop("watchTrades", None)
        current = self.clients.get(client.url)
        if missed and current is not None:
            current.resolve(cache, message_hash("watchTrades", topic.stream))

    # --- watchOrderBook: depth.{symbol}, deltas on a REST snapshot ---------------------

    async def watch_order_book(self, symbol: str, limit: Int = None, params: dict = {}) -> OrderBook:
        """
        watches the order book of a market: a REST snapshot (fetchOrderBook) and the deltas of depth.{symbol} after it, none missing

        https://docs.backpack.exchange/#tag/Streams/Public/Depth

        :param str symbol: unified symbol of the market
        :param int [limit]: how many levels a side to return (the book kept is whole)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `order book structure <https://docs.ccxt.com/?id=order-book-structure>`
        """
        return await self.watch_order_book_for_symbols([symbol], limit, params)

    async def watch_order_book_for_symbols(self, symbols: list[str], limit: Int = None, params: dict = {}) -> OrderBook:
        """
        watches the order books of several markets (stream depth.{symbol} of each, on a REST snapshot)

        https://docs.backpack.exchange/#tag/Streams/Public/Depth

        :param str[] symbols: unified symbols of the markets
        :param int [limit]: how many levels a side to return (the books kept are whole)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: the `order book structure <https://docs.ccxt.com/?id=order-book-structure>` that changed
        """
        streams = await self.ws_streams("depth.{symbol}", symbols, "watchOrderBookForSymbols")
        return await self.ws_book_view("watchOrderBook", streams, limit)

    async def un_watch_order_book(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the order book of a market: unsubscribes, and drops the book

        https://docs.backpack.exchange/#tag/Streams/Public/Depth

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_order_book_for_symbols([symbol], params)

    async def un_watch_order_book_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the order books of several markets: unsubscribes, and drops the books

        https://docs.backpack.exchange/#tag/Streams/Public/Depth

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.ws_unwatch(
            "watchOrderBook", await self.ws_streams("depth.{symbol}", symbols, "unWatchOrderBookForSymbols")
        )

    def handle_watch_order_book(self, client: Any, topic: Topic, raw: Any) -> Any:
        """A depth.{symbol} delta: levels b/a (absolute amounts), update ids U to u."""
        timestamp = us_to_ms(raw.get("T"))
        return self.ws_book_delta(topic, "watchOrderBook", raw["U"], raw["u"], raw["b"], raw["a"], timestamp)

    async def ws_snapshot(self, symbol: Any) -> OrderBook:
        """The REST book a stream's deltas start from, at update id `nonce`."""
        return await self.fetch_order_book(symbol, 1000)

    # --- watchOrders: account.orderUpdate.{symbol}, account.orderUpdate for every market --------------------

    async def watch_orders(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Order]:
        """
        watches the orders of the account (stream account.orderUpdate.{symbol}, or account.orderUpdate for every market): each event is merged into the order cached, so a field an event lacks keeps its value

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str [symbol]: unified symbol of the market, None for every market
        :param int [since]: the earliest time in ms of the orders returned
        :param int [limit]: the most orders returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`: the updated ones (options newUpdates), else the cached ones
        """
        streams = await self.ws_streams(
            "account.orderUpdate.{symbol}" if symbol is not None else "account.orderUpdate",
            [symbol] if symbol is not None else None,
            "watchOrders",
        )
        return self.ws_market_items(
            await self.ws_watch("watchOrders", streams), next(iter(streams.values())), since, limit
        )

    async def watch_orders_for_symbols(
        self, symbols: list[str], since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Order]:
        """
        watches the orders of the account in several markets (stream account.orderUpdate.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str[] symbols: unified symbols of the markets
        :param int [since]: the earliest time in ms of the orders returned
        :param int [limit]: the most orders returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `order structures <https://docs.ccxt.com/?id=order-structure>`: the updated ones of the market just updated (options newUpdates), else the cached ones of the markets
        """
        streams = await self.ws_streams("account.orderUpdate.{symbol}", symbols, "watchOrdersForSymbols")
        return self.ws_markets_items(await self.ws_watch("watchOrders", streams), streams, since, limit)

    async def un_watch_orders(self, symbol: Str = None, params: dict = {}) -> Any:
        """
        stops watching the orders of the account: unsubscribes; the orders cached go once no stream is watched for them

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str [symbol]: unified symbol of the market, None for every market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams(
            "account.orderUpdate.{symbol}" if symbol is not None else "account.orderUpdate",
            [symbol] if symbol is not None else None,
            "unWatchOrders",
        )
        return await self.ws_unwatch_dropping("watchOrders", streams, "orders")

    async def un_watch_orders_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the orders of the account in several markets: unsubscribes; the orders cached go once no stream is watched for them

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.ws_unwatch_dropping(
            "watchOrders",
            await self.ws_streams("account.orderUpdate.{symbol}", symbols, "unWatchOrdersForSymbols"),
            "orders",
        )

    def handle_watch_orders(self, client: Any, topic: Topic, raw: Any) -> Any:
        """One account.orderUpdate.{symbol} payload: an event of one order, laid over the order's earlier payloads (a field it
        lacks or sends null keeps its value) and parsed again, so that the numbers derived from several
        (remaining, average) agree; a fill also joins the order's trades, its fee the order's fees."""
        market = self.ws_market(topic, raw.get("s"))
        order_id = self.ws_order_id(raw)
        cached = self.ws_cached_order(market["symbol"], order_id)
        previous = cached["info"] if cached is not None and self.ws_order_id(cached["info"]) == order_id else {}
        merged = {**previous, **{key: value for key, value in raw.items() if value is not None}}
        order = self.parse_ws_order(merged, market)
        order["lastUpdateTimestamp"] = order["timestamp"]  # the event's; the order's own is its first event's
        trades = cached["trades"] if cached is not None else []
        if raw.get("e") == "orderFill":
            trades = self.ws_with_trade(trades, self.parse_ws_fill(raw, market))
        self.ws_keep_order(order, cached, trades)
        return self.orders

    def ws_order_id(self, raw: Any) -> Any:
        """The id of the order that a account.orderUpdate.{symbol} payload is about."""
        return to_string(raw.get("i"))

    def ws_cached_order(self, symbol: Str, order_id: Any) -> Any:
        """The order cached of that market and id, or None."""
        cache: Any = self.orders
        return cache.hashmap.get(symbol, {}).get(order_id) if cache is not None else None

    def ws_with_trade(self, trades: list, trade: dict) -> list:
        """An order's trades with one more, unless a trade of its id is there already (a fill read twice)."""
        if trade["id"] is not None and any(known["id"] == trade["id"] for known in trades):
            return trades
        return [*trades, trade]

    def ws_keep_order(self, order: dict, cached: Any, trades: list) -> None:
        """Put an order in the cache (options ordersLimit), over the one cached: a key it has no value
        for keeps the cached value; its time is the earliest known (its creation); its fees are
        its trades' summed by currency, exactly."""
        cache: Any = self.orders
        if cache is None:
            cache = self.orders = ArrayCacheBySymbolById(self.safe_integer(self.options, "ordersLimit", 1000))
        if cached is not None:
            times = [time for time in (cached["timestamp"], order.get("timestamp")) if time is not None]
            order = {**cached, **{key: value for key, value in order.items() if value is not None}}
            order["timestamp"] = min(times) if times else None
            order["datetime"] = self.iso8601(order["timestamp"])
        fees = [
            {**fee, "cost": to_number(fee["cost"])}
            for fee in self.reduce_fees_by_currency([trade["fee"] for trade in trades if trade.get("fee")])
        ]
        order["trades"] = trades
        order["fees"] = fees
        order["fee"] = fees[0] if len(fees) == 1 else None
        cache.append(order)

    async def catch_up_watch_orders(self, client: Any, topic: Topic) -> None:
        """
        after a reconnect: what the socket may have missed of the orders of a stream, read from REST and
        merged into the orders cached; the stream's watchers get the orders when one changed

        Read: the orders made and the fills since the last update the old socket brought (or since
        the stream was first watched), the open orders, and each order cached as open that none of
        these lists has (it ended meanwhile; one REST no longer knows stays as it is). A fetched
        order behind the one cached (less filled, or open where it ended) is left out.

        :param Client client: the socket just subscribed again
        :param Topic topic: one of its streams that watchOrders reads
        """
        symbol = topic.symbol
        orders: Any = self.orders or []
        cached = [order for order in orders if symbol is None or order["symbol"] == symbol]
        since = catch_up_since(topic, client, (order["lastUpdateTimestamp"] or order["timestamp"] for order in cached))
        fills = await self.fetch_my_trades(symbol, since)
        found = {order["id"]: order for order in await self.fetch_orders(symbol, since)}
        for order in await self.fetch_open_orders(symbol):
            if (order["timestamp"] or 0) >= topic.since or self.ws_cached_order(
                order["symbol"], order["id"]
            ) is not None:
                found.setdefault(order["id"], order)
        for order in cached:
            if order["status"] == "open" and order["id"] not in found:
                found[order["id"]] = await self.ws_fetch_order(order["id"], order["symbol"])
        for fill in fills:
            if fill["order"] not in found and self.ws_cached_order(fill["symbol"], fill["order"]) is None:
                found[fill["order"]] = await self.ws_fetch_order(fill["order"], fill["symbol"])
        changed = [self.ws_merge_fetched_order(order) for order in found.values() if order is not None]
        changed += [self.ws_merge_fetched_trade(fill) for fill in fills]
        if any(changed):
            client.resolve(self.orders, message_hash("watchOrders", topic.stream))

    async def ws_fetch_order(self, order_id: str, symbol: str) -> Any:
        """The order from REST; None when REST no longer knows it (it is left as it is cached)."""
        try:
            return await self.fetch_order(order_id, symbol)
        except OrderNotFound:
            return None

    def ws_merge_fetched_order(self, order: dict) -> bool:
        """A fetched order into the cache, unless the cached one is ahead of it or the same; True when merged."""
        cached = self.ws_cached_order(order["symbol"], order["id"])
        if cached is not None:
            if (cached["filled"] or 0) > (order["filled"] or 0) or (
                cached["status"] != "open" and order["status"] == "open"
            ):
                return False
            if all(
                order[key] is None or order[key] == cached[key]
                for key in ("status", "filled", "amount", "price", "cost")
            ):
                return False
            order = {**order, "info": cached["info"]}  # the payloads the socket sent, which the next event is laid over
        self.ws_keep_order(order, cached, cached["trades"] if cached is not None else [])
        return True

    def ws_merge_fetched_trade(self, trade: dict) -> bool:
        """A fetched fill into its order's trades (and fees); True when the order lacked it."""
        cached = self.ws_cached_order(trade["symbol"], trade["order"])
        if cached is None:
            return False
        trades = self.ws_with_trade(cached["trades"], trade)
        if trades is cached["trades"]:
            return False
        self.ws_keep_order({}, cached, trades)
        return True

    # --- watchMyTrades: account.orderUpdate.{symbol}, account.orderUpdate for every market (e == orderFill) --------------------

    async def watch_my_trades(
        self, symbol: Str = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Trade]:
        """
        watches the trades of the account (the fills of stream account.orderUpdate.{symbol}, or account.orderUpdate for every market)

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str [symbol]: unified symbol of the market, None for every market
        :param int [since]: the earliest time in ms of the trades returned
        :param int [limit]: the most trades returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=trade-structure>`: the new ones (options newUpdates), else the cached ones
        """
        streams = await self.ws_streams(
            "account.orderUpdate.{symbol}" if symbol is not None else "account.orderUpdate",
            [symbol] if symbol is not None else None,
            "watchMyTrades",
        )
        return self.ws_market_items(
            await self.ws_watch("watchMyTrades", streams), next(iter(streams.values())), since, limit
        )

    async def watch_my_trades_for_symbols(
        self, symbols: list[str], since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Trade]:
        """
        watches the trades of the account in several markets (the fills of stream account.orderUpdate.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str[] symbols: unified symbols of the markets
        :param int [since]: the earliest time in ms of the trades returned
        :param int [limit]: the most trades returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `trade structures <https://docs.ccxt.com/?id=trade-structure>`: the new ones of the market just updated (options newUpdates), else the cached ones of the markets
        """
        streams = await self.ws_streams("account.orderUpdate.{symbol}", symbols, "watchMyTradesForSymbols")
        return self.ws_markets_items(await self.ws_watch("watchMyTrades", streams), streams, since, limit)

    async def un_watch_my_trades(self, symbol: Str = None, params: dict = {}) -> Any:
        """
        stops watching the trades of the account: unsubscribes; the trades cached go once no stream is watched for them

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str [symbol]: unified symbol of the market, None for every market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams(
            "account.orderUpdate.{symbol}" if symbol is not None else "account.orderUpdate",
            [symbol] if symbol is not None else None,
            "unWatchMyTrades",
        )
        return await self.ws_unwatch_dropping("watchMyTrades", streams, "myTrades")

    async def un_watch_my_trades_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the trades of the account in several markets: unsubscribes; the trades cached go once no stream is watched for them

        https://docs.backpack.exchange/#tag/Streams/Private/Order-update

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.ws_unwatch_dropping(
            "watchMyTrades",
            await self.ws_streams("account.orderUpdate.{symbol}", symbols, "unWatchMyTradesForSymbols"),
            "myTrades",
        )

    def handle_watch_my_trades(self, client: Any, topic: Topic, raw: Any) -> Any:
        """One account.orderUpdate.{symbol} payload (e == orderFill): one fill of the account, added to the trades cached (options tradesLimit)."""
        if raw.get("e") != "orderFill":
            return None
        self.ws_keep_my_trade(self.parse_ws_fill(raw, self.ws_market(topic, raw.get("s"))))
        return self.myTrades

    def ws_keep_my_trade(self, trade: dict) -> None:
        """Add a trade of the account to the cache (options tradesLimit); one of a known id replaces it."""
        cache: Any = self.myTrades
        if cache is None:
            cache = self.myTrades = ArrayCacheBySymbolById(self.safe_integer(self.options, "tradesLimit", 1000))
        cache.append(trade)

    async def catch_up_watch_my_trades(self, client: Any, topic: Topic) -> None:
        """
        after a reconnect: the trades of the account the socket may have missed on a stream, read
        from REST (since the last one the old socket brought, or since the stream was first watched)
        and added to the trades cached; the stream's watchers get the trades when there is a new one

        :param Client client: the socket just subscribed again
        :param Topic topic: one of its streams that watchMyTrades reads
        """
        symbol = topic.symbol
        cache: Any = self.myTrades
        since = catch_up_since(
            topic, client, (trade["timestamp"] for trade in cache or [] if symbol is None or trade["symbol"] == symbol)
        )
        known: dict = cache.hashmap if cache is not None else {}
        new = [
            trade
            for trade in await self.fetch_my_trades(symbol, since)
            if trade["id"] not in known.get(trade["symbol"], {})
        ]
        for trade in new:
            self.ws_keep_my_trade(trade)
        if new:
            client.resolve(self.myTrades, message_hash("watchMyTrades", topic.stream))

    # --- watchPositions: account.positionUpdate.{symbol}, account.positionUpdate for every market --------------------

    async def watch_positions(
        self, symbols: Strings = None, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Position]:
        """
        watches the positions of the account (stream account.positionUpdate.{symbol} of each market, or account.positionUpdate for every market); the positions open when a stream is subscribed come first, if the API sends them

        https://docs.backpack.exchange/#tag/Streams/Private/Position-update

        :param str[] [symbols]: unified symbols of the markets, None for every market
        :param int [since]: the earliest time in ms of the positions returned
        :param int [limit]: the most positions returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `position structures <https://docs.ccxt.com/?id=position-structure>`: those the update changed (options newUpdates), else the cached ones
        """
        streams = await self.ws_streams(
            "account.positionUpdate.{symbol}" if symbols else "account.positionUpdate",
            symbols or None,
            "watchPositions",
        )
        positions = await self.ws_watch("watchPositions", streams)
        if self.newUpdates:
            return positions
        wanted = [symbol for symbol in streams.values() if symbol is not None]
        return self.filter_by_symbols_since_limit(self.positions, wanted or None, since, limit, True)

    async def un_watch_positions(self, symbols: Strings = None, params: dict = {}) -> Any:
        """
        stops watching the positions of the account: unsubscribes; the positions cached go once no stream is watched for them

        https://docs.backpack.exchange/#tag/Streams/Private/Position-update

        :param str[] [symbols]: unified symbols of the markets, None for every market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams(
            "account.positionUpdate.{symbol}" if symbols else "account.positionUpdate",
            symbols or None,
            "unWatchPositions",
        )
        return await self.ws_unwatch_dropping("watchPositions", streams, "positions")

    def handle_watch_positions(self, client: Any, topic: Topic, raw: Any) -> list:
        """One account.positionUpdate.{symbol} payload (an event, or one position of those sent on subscribing): the
        market's position, kept; the watchers get the positions it changed."""
        return self.ws_keep_position(self.parse_ws_position(raw, self.ws_market(topic, raw.get("s"))))

    def ws_keep_position(self, position: dict) -> list:
        """Keep a position in the cache (ccxt's: one a market and side); returns those it changed.

        Unless positions are hedged, a market has one at a time: a position of one side closes
        (contracts 0) the market's others, and a flat one (no side) closes every one kept."""
        cache: Any = self.positions
        if cache is None:
            cache = self.positions = ArrayCacheBySymbolBySide()
        kept = cache.hashmap.get(position["symbol"], {})
        changed = [position] if position["side"] is not None else []
        for side, other in list(kept.items()):
            if side == position["side"] or position["hedged"] or not other["contracts"]:
                continue
            closed = (
                {**position, "side": side}
                if position["side"] is None
                else {**other, "contracts": 0.0, "timestamp": position["timestamp"], "datetime": position["datetime"]}
            )
            cache.append(closed)
            changed.append(closed)
        if position["side"] is not None:
            cache.append(position)
        return changed or [position]

    async def catch_up_watch_positions(self, client: Any, topic: Topic) -> None:
        """
        after a reconnect: the positions of a stream's markets, read from REST; those that differ from the
        ones cached (and those cached open that REST no longer lists: closed meanwhile) are kept, and the
        stream's watchers get them

        :param Client client: the socket just subscribed again
        :param Topic topic: one of its streams that watchPositions reads
        """
        symbol = topic.symbol
        fetched = await self.fetch_positions([symbol] if symbol is not None else None)
        listed = {position["symbol"] for position in fetched}
        cache: Any = self.positions
        for position in cache or []:
            if (
                (symbol is None or position["symbol"] == symbol)
                and position["contracts"]
                and position["symbol"] not in listed
            ):
                fetched.append({**position, "side": None, "contracts": 0.0})
        changed = []
        for position in fetched:
            cache = self.positions  # made by the first position kept, if there was none
            kept = cache.hashmap.get(position["symbol"], {}) if cache is not None else {}
            if position["side"] is None:
                fresh = any(other["contracts"] for other in kept.values())  # closed: news if one is kept open
            else:
                same = kept.get(position["side"])
                fresh = same is None or any(same[key] != position[key] for key in ("contracts", "entryPrice"))
            if fresh:
                changed += self.ws_keep_position(position)
        if changed:
            client.resolve(changed, message_hash("watchPositions", topic.stream))

    # --- watchFundingRate: markPrice.{symbol} ----------------------------------------------

    async def watch_funding_rate(self, symbol: str, params: dict = {}) -> FundingRate:
        """
        watches the funding rate of a contract market (stream markPrice.{symbol})

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `funding rate structure <https://docs.ccxt.com/?id=funding-rate-structure>`
        """
        return await self.ws_watch("watchFundingRate", await self.ws_contract_streams([symbol], "watchFundingRate"))

    async def watch_funding_rates(self, symbols: Strings = None, params: dict = {}) -> FundingRates:
        """
        watches the funding rates of several contract markets (stream markPrice.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `funding rate structures <https://docs.ccxt.com/?id=funding-rates-structure>`: the one updated (options newUpdates), else all of them
        """
        streams = await self.ws_contract_streams(symbols, "watchFundingRates")
        rate = await self.ws_watch("watchFundingRate", streams)
        return self.ws_latest(rate, self.fundingRates, streams)

    async def un_watch_funding_rate(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the funding rate of a market: unsubscribes (unless another watch method still reads the stream), and drops its cached funding rate

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_funding_rates([symbol], params)

    async def un_watch_funding_rates(self, symbols: Strings = None, params: dict = {}) -> Any:
        """
        stops watching the funding rates of several markets: unsubscribes (but the streams another method still reads), and drops their cached funding rates

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams("markPrice.{symbol}", symbols, "unWatchFundingRates")
        return await self.ws_unwatch_cached("watchFundingRate", streams, self.fundingRates)

    async def ws_contract_streams(self, symbols: Strings, method: str) -> dict[str, Any]:
        """The markPrice.{symbol} streams of the markets, which must be contracts: only they have a funding rate."""
        streams = await self.ws_streams("markPrice.{symbol}", symbols, method)
        for symbol in self.market_symbols(symbols) or ():
            market = self.market(symbol)
            if not market["contract"]:
                raise BadSymbol(f"{self.id} {method}() needs contract markets; {symbol} is {market['type']}")
        return streams

    def handle_watch_funding_rate(self, client: Any, topic: Topic, raw: Any) -> FundingRate:
        """A markPrice.{symbol} payload: the market's funding rate, replaced."""
        rate = self.parse_ws_funding_rate(raw, self.ws_market(topic, raw.get("s")))
        self.fundingRates[rate["symbol"]] = rate
        return rate

    # --- watchMarkPrice: markPrice.{symbol} ----------------------------------------------

    # symbol -> the latest mark price ticker: kept apart from `tickers`, whose 24 h tickers a mark
    # price would otherwise replace (made on first use, as ccxt makes its caches)
    markPrices: Tickers | None = None

    async def watch_mark_price(self, symbol: str, params: dict = {}) -> Ticker:
        """
        watches the mark price of a market (stream markPrice.{symbol})

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `ticker structure <https://docs.ccxt.com/?id=ticker-structure>` with the mark price
        """
        return await self.ws_watch(
            "watchMarkPrice", await self.ws_streams("markPrice.{symbol}", [symbol], "watchMarkPrice")
        )

    async def watch_mark_prices(self, symbols: Strings = None, params: dict = {}) -> Tickers:
        """
        watches the mark prices of several markets (stream markPrice.{symbol} of each)

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `ticker structures <https://docs.ccxt.com/?id=ticker-structure>` with the mark price: the one updated (options newUpdates), else all of them
        """
        streams = await self.ws_streams("markPrice.{symbol}", symbols, "watchMarkPrices")
        ticker = await self.ws_watch("watchMarkPrice", streams)
        return self.ws_latest(ticker, self.mark_price_cache(), streams)

    async def un_watch_mark_price(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the mark price of a market: unsubscribes (unless another watch method still reads the stream), and drops its cached mark price

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_mark_prices([symbol], params)

    async def un_watch_mark_prices(self, symbols: Strings = None, params: dict = {}) -> Any:
        """
        stops watching the mark prices of several markets: unsubscribes (but the streams another method still reads), and drops their cached mark prices

        https://docs.backpack.exchange/#tag/Streams/Public/Mark-price

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams("markPrice.{symbol}", symbols, "unWatchMarkPrices")
        return await self.ws_unwatch_cached("watchMarkPrice", streams, self.mark_price_cache())

    def mark_price_cache(self) -> Tickers:
        """`markPrices`, made on first use."""
        if self.markPrices is None:
            self.markPrices = {}
        return self.markPrices

    def handle_watch_mark_price(self, client: Any, topic: Topic, raw: Any) -> Ticker:
        """A markPrice.{symbol} payload: the market's mark price, replaced."""
        ticker = self.parse_ws_mark_price(raw, self.ws_market(topic, raw.get("s")))
        self.mark_price_cache()[ticker["symbol"]] = ticker
        return ticker

    # --- watchLiquidations: liquidation ----------------------------------------------

    # the markets whose liquidations are watched, None standing for every market (made on first use)
    liquidationSymbols: set[str | None] | None = None

    async def watch_liquidations(
        self, symbol: str, since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Liquidation]:
        """
        watches the liquidations of a market (stream liquidation, one for every market, filtered here)

        https://docs.backpack.exchange/#tag/Streams/Public/Liquidation

        :param str symbol: unified symbol of the market
        :param int [since]: the earliest time in ms of the liquidations returned
        :param int [limit]: the most liquidations returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `liquidation structures <https://docs.ccxt.com/?id=liquidation-structure>`: the new ones (options newUpdates), else the cached ones
        """
        return await self.watch_liquidations_for_symbols([symbol], since, limit, params)

    async def watch_liquidations_for_symbols(
        self, symbols: list[str], since: Int = None, limit: Int = None, params: dict = {}
    ) -> list[Liquidation]:
        """
        watches the liquidations of several markets (stream liquidation, one for every market, filtered here)

        https://docs.backpack.exchange/#tag/Streams/Public/Liquidation

        :param str[] symbols: unified symbols of the markets; an empty list: every market
        :param int [since]: the earliest time in ms of the liquidations returned
        :param int [limit]: the most liquidations returned
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict[]: a list of `liquidation structures <https://docs.ccxt.com/?id=liquidation-structure>` of these markets: the new ones (options newUpdates), else the cached ones
        """
        streams, keys = await self.ws_liquidation_streams(symbols, "watchLiquidationsForSymbols")
        watched = self.watched_liquidation_symbols()
        watched.update(keys)
        while True:
            new = await self.ws_watch("watchLiquidations", streams)
            live = [key for key in keys if key in watched]
            if not live:
                raise UnsubscribeError(
                    f"{self.id} watchLiquidationsForSymbols() of {', '.join(map(str, keys))} was unwatched"
                )
            mine = [item for item in new if None in live or item["symbol"] in live]
            if mine:
                break
        if self.newUpdates:
            return self.filter_by_since_limit(mine, since, limit, "timestamp", True)
        return self.filter_by_symbols_since_limit(self.liquidations, None if None in live else live, since, limit, True)

    async def un_watch_liquidations(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the liquidations of a market: unsubscribes once no market's are watched

        https://docs.backpack.exchange/#tag/Streams/Public/Liquidation

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_liquidations_for_symbols([symbol], params)

    async def un_watch_liquidations_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the liquidations of several markets (an empty list: of every market): their watchers get UnsubscribeError; the stream is unsubscribed once no market's are watched

        https://docs.backpack.exchange/#tag/Streams/Public/Liquidation

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams, keys = await self.ws_liquidation_streams(symbols, "unWatchLiquidationsForSymbols")
        watched = self.watched_liquidation_symbols()
        if None in keys:
            watched.clear()
        else:
            watched.difference_update(keys)
        gone = [
            stream
            for stream, symbol in streams.items()
            if (symbol not in watched if symbol is not None else not watched)
        ]
        if not watched:
            self.liquidations = None
        # a stream still read for other markets: its watchers wake with nothing new, and those of the unwatched markets stop
        client = self.clients.get(self.ws_url())
        for stream in streams:
            if stream not in gone and client is not None:
                client.resolve([], message_hash("watchLiquidations", stream))
        return await self.ws_unwatch("watchLiquidations", gone)

    async def ws_liquidation_streams(self, symbols: Any, method: str) -> tuple[dict[str, Any], list[str | None]]:
        """The streams of the markets asked for, and the markets (symbols, or [None]: every market)."""
        await self.load_markets()
        symbols = self.market_symbols(symbols) if symbols else None
        return await self.ws_streams("liquidation", symbols, method), list(symbols) if symbols else [None]

    def watched_liquidation_symbols(self) -> set[str | None]:
        """`liquidationSymbols`, made on first use."""
        if self.liquidationSymbols is None:
            self.liquidationSymbols = set()
        return self.liquidationSymbols

    def handle_watch_liquidations(self, client: Any, topic: Topic, raw: Any) -> Any:
        """A liquidation payload: a liquidation of a watched market, added to `liquidations`
        (options liquidationsLimit); one of another market is left out (None: it resolves nobody)."""
        watched = self.watched_liquidation_symbols()
        try:
            market = self.ws_market(topic, raw.get("s"))
        except BadSymbol:
            if None in watched:
                raise
            return None  # a market the loaded markets lack: not one watched here
        if None not in watched and market["symbol"] not in watched:
            return None
        liquidation = self.parse_ws_liquidation(raw, market)
        cache = self.liquidations
        if cache is None:
            cache = self.liquidations = ArrayCache(self.safe_integer(self.options, "liquidationsLimit", 1000))
        cache.append(liquidation)
        return [liquidation]

    # --- payload parsers, from the spec's ws_shapes ----------------------------------------

    def parse_ws_ticker(self, raw: dict, market: Market = None) -> Ticker:
        """A ticker payload as a ccxt ticker."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("E"))
        texts = {
            "open": to_string(raw.get("o")),
            "close": to_string(raw.get("c")),
            "high": to_string(raw.get("h")),
            "low": to_string(raw.get("l")),
            "baseVolume": to_string(raw.get("v")),
            "quoteVolume": to_string(raw.get("V")),
        }
        result = {
            "symbol": market["symbol"],
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "high": None,
            "low": None,
            "bid": None,
            "bidVolume": None,
            "ask": None,
            "askVolume": None,
            "vwap": None,
            "open": None,
            "close": None,
            "last": None,
            "previousClose": None,
            "change": None,
            "percentage": None,
            "average": None,
            "baseVolume": None,
            "quoteVolume": None,
            "markPrice": None,
            "indexPrice": None,
            "info": raw,
        }
        return finish_ticker(self, result, texts, market)

    def parse_ws_bids_asks(self, raw: dict, market: Market = None) -> Ticker:
        """A bids_asks payload as a ccxt ticker."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        texts = {
            "bid": to_string(raw.get("b")),
            "bidVolume": to_string(raw.get("B")),
            "ask": to_string(raw.get("a")),
            "askVolume": to_string(raw.get("A")),
        }
        result = {
            "symbol": market["symbol"],
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "high": None,
            "low": None,
            "bid": None,
            "bidVolume": None,
            "ask": None,
            "askVolume": None,
            "vwap": None,
            "open": None,
            "close": None,
            "last": None,
            "previousClose": None,
            "change": None,
            "percentage": None,
            "average": None,
            "baseVolume": None,
            "quoteVolume": None,
            "markPrice": None,
            "indexPrice": None,
            "info": raw,
        }
        return finish_ticker(self, result, texts, market)

    def parse_ws_ohlcv(self, raw: dict, market: Market = None) -> list:
        """An ohlcv payload as a ccxt ohlcv."""
        candle = [
            parse_iso(raw.get("t")),
            to_number(raw.get("o")),
            to_number(raw.get("h")),
            to_number(raw.get("l")),
            to_number(raw.get("c")),
            to_number(raw.get("v")),
        ]
        if candle[0] is None:  # the cache keys candles by their time
            raise malformed({"info": raw}, ("timestamp",), "an ohlcv payload")
        return candle

    def parse_ws_trade(self, raw: dict, market: Market = None) -> Trade:
        """A trade payload as a ccxt trade."""
        given = market
        payload: Any = raw  # JSON: the reads below take any type (another than the usual raises)
        try:
            r_f_id = payload.get("t")
            f_id = (
                r_f_id
                if r_f_id.__class__ is str and r_f_id or r_f_id is None
                else str(r_f_id) if r_f_id.__class__ is int else to_string(r_f_id)
            )
            r_f_timestamp = payload.get("T")
            f_timestamp = (
                int(r_f_timestamp / 1000)
                if r_f_timestamp.__class__ is int and 0 <= r_f_timestamp < US_TIME_LIMIT
                else us_to_ms(r_f_timestamp)
            )
            r_f_price = payload["p"]
            f_price = float(r_f_price)
            if r_f_price.__class__ is bool or not -NUMBER_LIMIT < f_price < NUMBER_LIMIT:
                raise Unfit
            r_f_amount = payload["q"]
            f_amount = float(r_f_amount)
            if r_f_amount.__class__ is bool or not -NUMBER_LIMIT < f_amount < NUMBER_LIMIT:
                raise Unfit
            r_f_side = payload.get("m")
            f_side = TRADE_TRADE_SIDE.get(r_f_side)

            # the handler's market (ws_market: the one of the payload's id) as it is, else as safe_market finds it
            market_id = raw.get("s")
            market = (
                given
                if given is not None and given["id"] == market_id
                else self.safe_market(to_string(market_id), given)
            )
            timestamp = f_timestamp
            price = f_price
            amount = f_amount
            cost = read_trade_cost(r_f_price, r_f_amount, f_price, f_amount, market)
            fee = {"cost": None, "currency": None}
            fees: list = []
            item = {
                "info": raw,
                "timestamp": timestamp,
                "datetime": iso8601(timestamp) if timestamp is not None else None,
                "symbol": market["symbol"],
                "id": f_id,
                "order": None,
                "type": None,
                "side": f_side,
                "takerOrMaker": "taker",
                "price": price,
                "amount": amount,
                "cost": cost,
                "fee": fee,
                "fees": fees,
            }

            return item
        except (Unfit, LookupError, AttributeError, TypeError, ValueError, OverflowError):
            return self.parse_ws_trade_reference(raw, given)

    def parse_ws_trade_reference(self, raw: dict, market: Market = None) -> Trade:
        """A trade payload as a ccxt trade, whatever its values (parse_ws_trade reads the usual one itself)."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        price = to_number(raw.get("p"))
        amount = to_number(raw.get("q"))
        cost = trade_cost(to_string(raw.get("p")), to_string(raw.get("q")), market)
        fee = {"cost": None, "currency": None}
        fees: list = []
        item = {
            "info": raw,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "symbol": market["symbol"],
            "id": to_string(raw.get("t")),
            "order": None,
            "type": None,
            "side": lookup(TRADE_TRADE_SIDE, raw.get("m"), None),
            "takerOrMaker": "taker",
            "price": price,
            "amount": amount,
            "cost": cost,
            "fee": fee,
            "fees": fees,
        }
        if item["price"] is None or item["amount"] is None:
            raise malformed(item, ("price", "amount"), "a trade payload")
        return item

    def parse_ws_order(self, raw: dict, market: Market = None) -> Order:
        """An order payload as a ccxt order."""
        market = self.safe_market(to_string(raw.get("s")), market)

        item = finish_order(
            self,
            {
                "id": to_string(raw.get("i")),
                "clientOrderId": to_string(raw.get("c")),
                "timestamp": us_to_ms(raw.get("T")),
                "datetime": None,
                "lastTradeTimestamp": None,
                "lastUpdateTimestamp": None,
                "symbol": market["symbol"],
                "type": lookup(STATUS_ORDER_TYPE, raw.get("o")),
                "timeInForce": to_string(raw.get("f")),
                "postOnly": to_bool(raw.get("y")),
                "reduceOnly": to_bool(raw.get("r")),
                "side": lookup(STATUS_SIDE, raw.get("S")),
                "price": to_string(raw.get("p")),
                "triggerPrice": to_string(raw.get("P")),
                "stopLossPrice": to_string(raw.get("b")),
                "takeProfitPrice": to_string(raw.get("a")),
                "amount": to_string(first_nonzero(raw.get("q"), raw.get("Y"))),
                "cost": to_string(raw.get("Z")),
                "average": None,
                "filled": to_string(raw.get("z")),
                "remaining": None,
                "status": lookup(STATUS_ORDER, raw.get("X")),
                "fee": None,
                "trades": None,
                "fees": None,
                "stopPrice": None,
                "info": raw,
            },
            market,
        )
        if item["id"] is None or item["symbol"] is None:
            raise malformed(item, ("id", "symbol"), "an order payload")
        return item

    def parse_ws_fill(self, raw: dict, market: Market = None) -> Trade:
        """A fill payload as a ccxt trade."""
        given = market
        payload: Any = raw  # JSON: the reads below take any type (another than the usual raises)
        try:
            codes: dict = {}  # currency id -> code
            r_f_id = payload.get("t")
            f_id = (
                r_f_id
                if r_f_id.__class__ is str and r_f_id or r_f_id is None
                else str(r_f_id) if r_f_id.__class__ is int else to_string(r_f_id)
            )
            r_f_order = payload.get("i")
            f_order = (
                r_f_order
                if r_f_order.__class__ is str and r_f_order or r_f_order is None
                else str(r_f_order) if r_f_order.__class__ is int else to_string(r_f_order)
            )
            r_f_timestamp = payload.get("T")
            f_timestamp = (
                int(r_f_timestamp / 1000)
                if r_f_timestamp.__class__ is int and 0 <= r_f_timestamp < US_TIME_LIMIT
                else us_to_ms(r_f_timestamp)
            )
            r_f_side = payload.get("S")
            f_side = STATUS_SIDE.get(r_f_side, r_f_side)
            r_f_takerOrMaker = payload.get("m")
            f_takerOrMaker = TRADE_FILL_TAKER_OR_MAKER.get(r_f_takerOrMaker)
            r_f_price = payload["L"]
            f_price = float(r_f_price)
            if r_f_price.__class__ is bool or not -NUMBER_LIMIT < f_price < NUMBER_LIMIT:
                raise Unfit
            r_f_amount = payload["l"]
            f_amount = float(r_f_amount)
            if r_f_amount.__class__ is bool or not -NUMBER_LIMIT < f_amount < NUMBER_LIMIT:
                raise Unfit
            r_f_fee_cost = payload.get("n")
            if r_f_fee_cost is None:
                f_fee_cost: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
            else:
                f_fee_cost = float(r_f_fee_cost)
                if r_f_fee_cost.__class__ is bool or not -NUMBER_LIMIT < f_fee_cost < NUMBER_LIMIT:
                    raise Unfit
            r_f_fee_currency = payload.get("N")
            f_fee_currency = codes.get(r_f_fee_currency)
            if f_fee_currency is None:
                f_fee_currency = codes[r_f_fee_currency] = self.safe_currency_code(to_string(r_f_fee_currency))

            # the handler's market (ws_market: the one of the payload's id) as it is, else as safe_market finds it
            market_id = raw.get("s")
            market = (
                given
                if given is not None and given["id"] == market_id
                else self.safe_market(to_string(market_id), given)
            )
            timestamp = f_timestamp
            price = f_price
            amount = f_amount
            cost = read_trade_cost(r_f_price, r_f_amount, f_price, f_amount, market)
            fee = {"cost": f_fee_cost, "currency": f_fee_currency}
            fees = [fee]
            item = {
                "info": raw,
                "timestamp": timestamp,
                "datetime": iso8601(timestamp) if timestamp is not None else None,
                "symbol": market["symbol"],
                "id": f_id,
                "order": f_order,
                "type": None,
                "side": f_side,
                "takerOrMaker": f_takerOrMaker,
                "price": price,
                "amount": amount,
                "cost": cost,
                "fee": fee,
                "fees": fees,
            }
            if item["symbol"] is None:
                raise Unfit
            return item
        except (Unfit, LookupError, AttributeError, TypeError, ValueError, OverflowError):
            return self.parse_ws_fill_reference(raw, given)

    def parse_ws_fill_reference(self, raw: dict, market: Market = None) -> Trade:
        """A fill payload as a ccxt trade, whatever its values (parse_ws_fill reads the usual one itself)."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        price = to_number(raw.get("L"))
        amount = to_number(raw.get("l"))
        cost = trade_cost(to_string(raw.get("L")), to_string(raw.get("l")), market)
        fee = {"cost": to_number(raw.get("n")), "currency": self.safe_currency_code(to_string(raw.get("N")))}
        fees = [fee]
        item = {
            "info": raw,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "symbol": market["symbol"],
            "id": to_string(raw.get("t")),
            "order": to_string(raw.get("i")),
            "type": None,
            "side": lookup(STATUS_SIDE, raw.get("S")),
            "takerOrMaker": lookup(TRADE_FILL_TAKER_OR_MAKER, raw.get("m"), None),
            "price": price,
            "amount": amount,
            "cost": cost,
            "fee": fee,
            "fees": fees,
        }
        if item["symbol"] is None or item["price"] is None or item["amount"] is None:
            raise malformed(item, ("symbol", "price", "amount"), "a fill payload")
        return item

    def parse_ws_position(self, raw: dict, market: Market = None) -> Position:
        """A position payload as a ccxt position."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        item = finish_position(
            self,
            {
                "info": raw,
                "id": to_string(raw.get("i")),
                "symbol": market["symbol"],
                "timestamp": timestamp,
                "datetime": iso8601(timestamp) if timestamp is not None else None,
                "lastUpdateTimestamp": None,
                "initialMargin": None,
                "initialMarginPercentage": to_string(raw.get("f")),
                "maintenanceMargin": None,
                "maintenanceMarginPercentage": to_string(raw.get("m")),
                "entryPrice": to_string(raw.get("B")),
                "notional": None,
                "leverage": None,
                "unrealizedPnl": to_string(raw.get("P")),
                "realizedPnl": to_string(raw.get("p")),
                "contracts": abs_text(raw.get("q")),
                "contractSize": market.get("contractSize"),
                "marginRatio": None,
                "liquidationPrice": None,
                "markPrice": to_string(raw.get("M")),
                "lastPrice": None,
                "collateral": None,
                "marginMode": "cross",
                "side": sign_of(raw.get("q"), "long", "short"),
                "percentage": None,
                "stopLossPrice": None,
                "takeProfitPrice": None,
                "hedged": False,
            },
        )
        if item["symbol"] is None or item["contracts"] is None:
            raise malformed(item, ("symbol", "contracts"), "a position payload")
        return item

    def parse_ws_funding_rate(self, raw: dict, market: Market = None) -> FundingRate:
        """A funding_rate payload as a ccxt funding_rate."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        funding_timestamp = ms_time(raw.get("n"))
        next_funding_timestamp = ms_time(raw.get("n"))
        previous_funding_timestamp = None
        item = {
            "info": raw,
            "symbol": market["symbol"],
            "markPrice": to_number(raw.get("p")),
            "indexPrice": to_number(raw.get("i")),
            "interestRate": None,
            "estimatedSettlePrice": None,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "fundingRate": to_number(raw.get("f")),
            "fundingTimestamp": funding_timestamp,
            "fundingDatetime": iso8601(funding_timestamp) if funding_timestamp is not None else None,
            "nextFundingRate": None,
            "nextFundingTimestamp": next_funding_timestamp,
            "nextFundingDatetime": iso8601(next_funding_timestamp) if next_funding_timestamp is not None else None,
            "previousFundingRate": None,
            "previousFundingTimestamp": previous_funding_timestamp,
            "previousFundingDatetime": None,
            "interval": ms_to_duration(dig(market, "info", "fundingInterval")),
        }
        if item["symbol"] is None:
            raise malformed(item, ("symbol",), "a funding_rate payload")
        return item

    def parse_ws_mark_price(self, raw: dict, market: Market = None) -> Ticker:
        """A mark_price payload as a ccxt ticker."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        texts = {
            "markPrice": to_string(raw.get("p")),
            "indexPrice": to_string(raw.get("i")),
        }
        result = {
            "symbol": market["symbol"],
            "timestamp": timestamp,
            "datetime": iso8601(timestamp) if timestamp is not None else None,
            "high": None,
            "low": None,
            "bid": None,
            "bidVolume": None,
            "ask": None,
            "askVolume": None,
            "vwap": None,
            "open": None,
            "close": None,
            "last": None,
            "previousClose": None,
            "change": None,
            "percentage": None,
            "average": None,
            "baseVolume": None,
            "quoteVolume": None,
            "markPrice": None,
            "indexPrice": None,
            "info": raw,
        }
        item = finish_ticker(self, result, texts, market)
        if item["symbol"] is None:
            raise malformed(item, ("symbol",), "a mark_price payload")
        return item

    def parse_ws_liquidation(self, raw: dict, market: Market = None) -> Liquidation:
        """A liquidation payload as a ccxt liquidation."""
        market = self.safe_market(to_string(raw.get("s")), market)

        timestamp = us_to_ms(raw.get("T"))
        # numbers as bounded decimal texts: safe_liquidation derives the values from them exactly
        item = self.safe_liquidation(
            {
                "info": raw,
                "symbol": market["symbol"],
                "contracts": number_text(to_string(raw.get("q"))),
                "price": number_text(to_string(raw.get("p"))),
                "side": lookup(STATUS_SIDE, raw.get("S")),
                "timestamp": timestamp,
                "datetime": iso8601(timestamp) if timestamp is not None else None,
            },
            market,
        )
        if item["symbol"] is None or item["price"] is None:
            raise malformed(item, ("symbol", "price"), "a liquidation payload")
        return item
