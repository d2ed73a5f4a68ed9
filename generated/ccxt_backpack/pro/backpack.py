"""Backpack for ccxt.pro: the async class with the WebSocket streams of wss://ws.backpack.exchange.

Subscriptions, routing, error isolation and the order-book sync are ws_runtime's (the same for
every exchange); here are this API's facts, from the spec: the stream each watch method
reads, how its payloads parse, which cache keeps them.
Generated from spec/backpack; do not edit.
"""

from typing import Any

from ccxt.async_support.base.ws.cache import ArrayCache
from ccxt.base.errors import AuthenticationError, BadRequest, BadSymbol
from ccxt.base.types import Int, Market, OrderBook, Strings, Ticker, Tickers, Trade

from ..base import TRADE_TRADE_SIDE
from ..checks import malformed
from ..runtime import NUMBER_LIMIT, Unfit, finish_ticker, iso8601, lookup, to_number, to_string, trade_cost, us_to_ms
from ..ws_runtime import Topic, WsRuntime, WsSpec
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
            "watchTrades": "handle_watch_trades",
            "watchOrderBook": "handle_watch_order_book",
        },
        books=("watchOrderBook",),
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
                    "watchTrades": True,
                    "unWatchTrades": True,
                    "watchTradesForSymbols": True,
                    "unWatchTradesForSymbols": True,
                    "watchOrderBook": True,
                    "unWatchOrderBook": True,
                    "watchOrderBookForSymbols": True,
                    "unWatchOrderBookForSymbols": True,
                    "watchBalance": False,
                },
                "urls": {"api": {"ws": "wss://ws.backpack.exchange"}},
                # our pings every 20 s: a peer silent for two of them is dropped
                "streaming": {"keepAlive": 20000, "maxPingPongMisses": 2},
            },
        )

    # --- watchTicker: ticker.{symbol} ----------------------------------------------

    async def watch_ticker(self, symbol: str, params: dict = {}) -> Ticker:
        """
        watches a price ticker of a market (stream ticker.{symbol})

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a `ticker structure <https://docs.ccxt.com/?id=ticker-structure>`
        """
        return await self.ws_watch("watchTicker", await self.ws_streams("ticker.{symbol}", [symbol], "watchTicker"))

    async def watch_tickers(self, symbols: Strings = None, params: dict = {}) -> Tickers:
        """
        watches the price tickers of several markets (stream ticker.{symbol} of each)

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: a dictionary of `ticker structures <https://docs.ccxt.com/?id=ticker-structure>`: the one updated (options newUpdates), else all of them
        """
        streams = await self.ws_streams("ticker.{symbol}", symbols, "watchTickers")
        ticker = await self.ws_watch("watchTicker", streams)
        if self.newUpdates:
            return {ticker["symbol"]: ticker}
        return self.filter_by_array(self.tickers, "symbol", list(streams.values()))

    async def un_watch_ticker(self, symbol: str, params: dict = {}) -> Any:
        """
        stops watching the ticker of a market: unsubscribes, and drops its cached ticker

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_tickers([symbol], params)

    async def un_watch_tickers(self, symbols: Strings = None, params: dict = {}) -> Any:
        """
        stops watching the tickers of several markets: unsubscribes, and drops their cached tickers

        :param str[] symbols: unified symbols of the markets
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        streams = await self.ws_streams("ticker.{symbol}", symbols, "unWatchTickers")
        for symbol in streams.values():
            self.tickers.pop(symbol, None)
        return await self.ws_unwatch("watchTicker", streams)

    def handle_watch_ticker(self, client: Any, topic: Topic, raw: Any) -> Ticker:
        """A ticker.{symbol} payload: the market's ticker, replaced."""
        ticker = self.parse_ws_ticker(raw, self.ws_market(topic, raw.get("s")))
        self.tickers[ticker["symbol"]] = ticker
        return ticker

    # --- watchTrades: trade.{symbol} ----------------------------------------------

    async def watch_trades(self, symbol: str, since: Int = None, limit: Int = None, params: dict = {}) -> list[Trade]:
        """
        watches the trades of a market (stream trade.{symbol})

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

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_trades_for_symbols([symbol], params)

    async def un_watch_trades_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the trades of several markets: unsubscribes, and drops their cached trades

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

    # --- watchOrderBook: depth.{symbol}, deltas on a REST snapshot ---------------------

    async def watch_order_book(self, symbol: str, limit: Int = None, params: dict = {}) -> OrderBook:
        """
        watches the order book of a market: a REST snapshot (fetchOrderBook) and the deltas of depth.{symbol} after it, none missing

        :param str symbol: unified symbol of the market
        :param int [limit]: how many levels a side to return (the book kept is whole)
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns dict: an `order book structure <https://docs.ccxt.com/?id=order-book-structure>`
        """
        return await self.watch_order_book_for_symbols([symbol], limit, params)

    async def watch_order_book_for_symbols(self, symbols: list[str], limit: Int = None, params: dict = {}) -> OrderBook:
        """
        watches the order books of several markets (stream depth.{symbol} of each, on a REST snapshot)

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

        :param str symbol: unified symbol of the market
        :param dict [params]: extra parameters specific to the exchange API endpoint
        :returns bool: True
        """
        return await self.un_watch_order_book_for_symbols([symbol], params)

    async def un_watch_order_book_for_symbols(self, symbols: list[str], params: dict = {}) -> Any:
        """
        stops watching the order books of several markets: unsubscribes, and drops the books

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

    def parse_ws_trade(self, raw: dict, market: Market = None) -> Trade:
        """A trade payload as a ccxt trade."""
        given = market
        payload: Any = raw  # JSON: the reads below take any type (another than the usual raises)
        try:
            r_f_id = payload.get("t")
            f_id = r_f_id if r_f_id.__class__ is str and r_f_id or r_f_id is None else to_string(r_f_id)
            r_f_price = payload.get("p")
            if r_f_price is None:
                f_price: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
            else:
                f_price = float(r_f_price)
                if r_f_price.__class__ is bool or not -NUMBER_LIMIT < f_price < NUMBER_LIMIT:
                    raise Unfit
            r_f_amount = payload.get("q")
            if r_f_amount is None:
                f_amount: Any = None  # compared below all the same: None raises TypeError, a row that does not fit
            else:
                f_amount = float(r_f_amount)
                if r_f_amount.__class__ is bool or not -NUMBER_LIMIT < f_amount < NUMBER_LIMIT:
                    raise Unfit
            r_f_side = payload.get("m")
            f_side = TRADE_TRADE_SIDE.get(r_f_side)

            market = self.safe_market(to_string(raw.get("s")), market)

            timestamp = us_to_ms(raw.get("T"))
            price = f_price
            amount = f_amount
            cost = trade_cost(r_f_price, r_f_amount, market)
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
            if item["price"] is None or item["amount"] is None:
                raise Unfit
            return item
        except (Unfit, AttributeError, TypeError, ValueError, OverflowError):
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
