"""The hand-written floor of bench/ws_run.py: Backpack's depth and trade frames handled in plain Python.

What the generated class's `handle_message` does with these frames, written by hand for
Backpack alone and for a gap-free stream: the handler is found by the stream name, a depth
delta must start where the book's last ended (the floor raises where the adapter resyncs),
its levels are read as floats and stored the way ws_books stores them (a bisect on the
side's keys, slice assignment), the book gets the delta's last update id and engine time,
and the book's watchers are resolved; a trade becomes the same dict as the adapter's (every
key), added to ccxt's ArrayCache, whose watchers are resolved. No checks of the payload's
types or limits and no fallbacks: their cost is part of what the adapter spends above the
floor. Like the adapter, the book's datetime is formatted when the book is read (`view`),
not on every delta. bench/ws_run.py checks every result equal to ccxt_backpack's before
anything is timed.
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal

from ccxt.async_support.base.ws.cache import ArrayCache
from ccxt.async_support.base.ws.order_book import OrderBook

from floor import iso8601

TRADES_LIMIT = 1000  # ccxt's default tradesLimit, as the adapter's cache


class Floor:
    """Subscribe with `watch_book` and `watch_trades`, then feed `handle_message` every frame."""

    def __init__(self, markets_by_id: dict) -> None:
        self.symbols = {market_id: markets[0]["symbol"] for market_id, markets in markets_by_id.items()}
        self.handlers: dict = {}  # stream -> (handler, the hash its watchers wait on)
        self.books: dict = {}  # symbol -> OrderBook
        self.trades: dict = {}  # symbol -> ArrayCache

    def watch_book(self, stream: str, symbol: str, nonce: int, bids: list, asks: list, timestamp: int) -> None:
        """The book of `stream`, from a snapshot (levels [price, amount] as floats) at update id `nonce`."""
        self.books[symbol] = OrderBook(
            {"bids": bids, "asks": asks, "nonce": nonce, "timestamp": timestamp, "symbol": symbol}
        )
        self.handlers[stream] = (self.depth, "watchOrderBook:" + stream)

    def watch_trades(self, stream: str) -> None:
        self.handlers[stream] = (self.trade, "watchTrades:" + stream)

    def handle_message(self, client, message: dict) -> None:
        handler, message_hash = self.handlers[message["stream"]]
        client.resolve(handler(message["data"]), message_hash)

    def depth(self, data: dict) -> OrderBook:
        book = self.books[self.symbols[data["s"]]]
        if data["U"] != book["nonce"] + 1:
            raise AssertionError(f"a gap before update id {data['U']}: the floor has no resync")
        for side, levels, negate in ((book["bids"], data["b"], True), (book["asks"], data["a"], False)):
            keys = side._index
            for price_text, amount_text in levels:
                price = float(price_text)
                amount = float(amount_text)
                key = -price if negate else price
                index = bisect_left(keys, key)
                found = index < len(keys) and keys[index] == key
                if not amount:
                    if found:
                        del keys[index]
                        del side[index]
                elif found:
                    side[index][1] = amount
                else:
                    keys[index:index] = (key,)
                    side[index:index] = ([price, amount],)
        book["nonce"] = data["u"]
        book["timestamp"] = data["T"] // 1000
        return book

    def view(self, symbol: str) -> OrderBook:
        """The book as a watcher reads it: its datetime brought up to date."""
        book = self.books[symbol]
        book["datetime"] = iso8601(book["timestamp"])
        return book

    def trade(self, data: dict) -> ArrayCache:
        symbol = self.symbols[data["s"]]
        price_text, amount_text = data["p"], data["q"]
        timestamp = data["T"] // 1000
        trade = {
            "info": data,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp),
            "symbol": symbol,
            "id": str(data["t"]),
            "order": None,
            "type": None,
            "side": "sell" if data["m"] else "buy",
            "takerOrMaker": "taker",
            "price": float(price_text),
            "amount": float(amount_text),
            "cost": float(Decimal(price_text) * Decimal(amount_text)),
            "fee": {"cost": None, "currency": None},
            "fees": [],
        }
        cache = self.trades.get(symbol)
        if cache is None:
            cache = self.trades[symbol] = ArrayCache(TRADES_LIMIT)
        cache.append(trade)
        return cache
