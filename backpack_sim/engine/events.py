"""The engine's way out to subscribers: order, trade and position events go to the sink at
once; depth changes are collected during an operation and sent at its end, one depth
message per market, then a bookTicker where the top of the book moved."""

from __future__ import annotations

from decimal import Decimal

from ..decimals import now_us
from ..models import Account, Order
from .state import MarketState


class NullSink:
    """Event sink that ignores everything (used when no WebSocket hub is attached)."""

    def wants(self, stream: str) -> bool:
        return False

    def wants_account(self, account: Account, topic: str, symbol: str) -> bool:
        return False

    def depth(self, market, first_id, last_id, bids, asks, engine_us):
        pass

    def book_ticker(self, market, engine_us):
        pass

    def trade(self, market, trade, engine_us):
        pass

    def order_update(self, order, event, engine_us, fill=None):
        pass

    def position_update(self, account, market, position, event, engine_us):
        pass


class _PendingDepth:
    __slots__ = ("first", "last", "bids", "asks")

    def __init__(self, first: int):
        self.first = self.last = first
        self.bids: set = set()
        self.asks: set = set()


class EventOutbox:
    def __init__(self, markets: dict[str, MarketState], sink=None):
        self.markets = markets
        self.sink = sink or NullSink()
        self._pending: dict[str, _PendingDepth] = {}

    def order_update(self, order: Order, event: str, engine_us: int, fill: dict | None = None) -> None:
        self.sink.order_update(order, event, engine_us, fill)

    def trade(self, market: MarketState, trade, engine_us: int) -> None:
        self.sink.trade(market, trade, engine_us)

    def position_update(self, account: Account, market: MarketState, position, event: str, engine_us: int) -> None:
        self.sink.position_update(account, market, position, event, engine_us)

    def book_changed(self, market: MarketState, is_bid: bool, price: Decimal) -> None:
        """A level of the book changed: takes the next update id and queues the level for depth."""
        self.levels_changed(market, is_bid, (price,))

    def levels_changed(self, market: MarketState, is_bid: bool, prices) -> None:
        """book_changed for each of ``prices`` (a sequence), in one go."""
        if not prices:
            return
        book = market.book
        pending = self._pending.get(market.spec.symbol)
        if pending is None:
            pending = self._pending[market.spec.symbol] = _PendingDepth(book.update_id + 1)
        book.update_id += len(prices)
        pending.last = book.update_id
        (pending.bids if is_bid else pending.asks).update(prices)

    def flush(self) -> None:
        if not self._pending:
            return
        pending_by_symbol, self._pending = self._pending, {}
        engine_us = now_us()
        for symbol, pending in pending_by_symbol.items():
            market = self.markets[symbol]
            book = market.book
            self.sink.depth(
                market,
                pending.first,
                pending.last,
                book.level_quantities(True, sorted(pending.bids)),
                book.level_quantities(False, sorted(pending.asks)),
                engine_us,
            )
            top = top_of_book(market)
            if top != market.last_top:
                market.last_top = top
                self.sink.book_ticker(market, engine_us)


def top_of_book(market: MarketState) -> tuple:
    bid = market.book.bids.best()
    ask = market.book.asks.best()
    return (
        bid.price if bid else None,
        bid.quantity if bid else None,
        ask.price if ask else None,
        ask.quantity if ask else None,
    )
