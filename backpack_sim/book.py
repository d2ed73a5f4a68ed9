"""Price-time priority order book: per side a dict of price levels plus a heap of prices.

Adding, removing and finding the best level are O(log n) (lazy heap deletion);
within a level orders keep arrival order in an OrderedDict (O(1) removal)."""

from __future__ import annotations

import heapq
import itertools
from collections import OrderedDict
from decimal import Decimal

from .decimals import ZERO


class Level:
    __slots__ = ("price", "orders", "quantity")

    def __init__(self, price: Decimal):
        self.price = price
        self.orders: OrderedDict = OrderedDict()
        self.quantity = ZERO


class BookSide:
    def __init__(self, is_bid: bool):
        self.is_bid = is_bid
        self.levels: dict[Decimal, Level] = {}
        self._heap: list[Decimal] = []  # bids store -price so the heap top is the best

    def _key(self, price: Decimal) -> Decimal:
        return -price if self.is_bid else price

    def best(self) -> Level | None:
        heap, levels = self._heap, self.levels
        while heap:
            level = levels.get(-heap[0] if self.is_bid else heap[0])
            if level is not None:
                return level
            heapq.heappop(heap)
        return None

    def add(self, order) -> None:
        self.add_many((order,))

    def add_many(self, orders) -> None:
        """add() for each of ``orders`` (a ladder placed at once)."""
        levels, heap, is_bid = self.levels, self._heap, self.is_bid
        for order in orders:
            price = order.price
            level = levels.get(price)
            if level is None:
                level = levels[price] = Level(price)
                heapq.heappush(heap, -price if is_bid else price)
            level.orders[order.id] = order
            level.quantity += order.remaining

    def remove(self, order) -> None:
        level = self.levels.get(order.price)
        if level is None or level.orders.pop(order.id, None) is None:
            return
        level.quantity -= order.remaining
        if not level.orders:
            del self.levels[order.price]
            if len(self._heap) > 64 and len(self._heap) > 4 * len(self.levels):
                self._compact()

    def reduce(self, order, quantity: Decimal) -> None:
        """Account for ``quantity`` of a resting order being filled (the order object updates itself)."""
        self.levels[order.price].quantity -= quantity

    def iter_best(self):
        """Levels best first, lazily, by walking the heap (no sort): taking the first k of n
        levels costs O(k log k), so a market order that stops early does not pay for a deep
        book. The book must not change while the iterator is used."""
        heap, levels, is_bid = self._heap, self.levels, self.is_bid
        if not heap:
            return
        size = len(heap)
        frontier = [(heap[0], 0)]
        seen = set()
        pop, push = heapq.heappop, heapq.heappush
        while frontier:
            key, i = pop(frontier)
            price = -key if is_bid else key
            level = levels.get(price)
            if level is not None and price not in seen:  # stale and repeated prices are skipped
                seen.add(price)
                yield level
            child = 2 * i + 1
            if child < size:
                push(frontier, (heap[child], child))
                if child + 1 < size:
                    push(frontier, (heap[child + 1], child + 1))

    def sorted_levels(self, limit: int | None = None, best_first: bool = True) -> list[Level]:
        if limit is not None and best_first and limit * 4 < len(self.levels):
            return list(itertools.islice(self.iter_best(), limit))
        prices = sorted(self.levels, reverse=self.is_bid == best_first)
        if limit is not None:
            prices = prices[:limit] if best_first else prices[-limit:]
        return [self.levels[p] for p in prices]

    def _compact(self) -> None:
        self._heap = [self._key(p) for p in self.levels]
        heapq.heapify(self._heap)


class OrderBook:
    def __init__(self, symbol: str):
        self.symbol = symbol
        self.bids = BookSide(True)
        self.asks = BookSide(False)
        self.update_id = 0

    def side(self, is_bid: bool) -> BookSide:
        return self.bids if is_bid else self.asks

    def skip_update_ids(self, count: int) -> None:
        """Take ids that no depth message will carry: a sequence gap for clients to notice."""
        self.update_id += count

    def level_quantity(self, is_bid: bool, price: Decimal) -> Decimal:
        level = self.side(is_bid).levels.get(price)
        return level.quantity if level else ZERO

    def level_quantities(self, is_bid: bool, prices) -> list[tuple[Decimal, Decimal]]:
        """(price, level_quantity) for each of ``prices``."""
        levels = self.side(is_bid).levels
        return [(price, levels[price].quantity if price in levels else ZERO) for price in prices]
