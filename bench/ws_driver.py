"""Book changes and trades made straight in a simulator's matching engine, for the WebSocket bench.

`BookDriver` places and cancels limit orders of its own maker account on one market (and, for
trades, sweeps the top levels with a taker account), each call one engine operation, so each
call is one depth frame on the market's stream: `single_change` changes one level,
`multi_change(k)` k levels (both sides, inserts, amount changes and deletions), `sweep(k)`
takes the best k levels of one side (a trade frame per maker order filled) and puts them back.

Prices lie on a fixed lattice around a mid that never moves (bids below it, asks at and above
it), so no change crosses the book; changes land near the top (exponential distance, in
ticks), as on a live book. Every method must run on the simulator's loop thread (through
`SimulatorThread.call`, or from a task on that loop).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

MARKET_ID = "BTC_USDC"
MID_TICKS = 1_000_000  # 100000.0 at a tick of 0.1
TICK = Decimal("0.1")
STEP = Decimal("0.00001")
SEED_SPACING = 5  # ticks between the levels of the starting book
MEAN_DISTANCE = 40  # ticks from the mid of an average change
FUNDS = {"USDC": "1000000000", "BTC": "100000"}


class BookDriver:
    """Changes to one market's book made in the simulator's engine (see the module's docstring)."""

    def __init__(self, simulator, seed: int = 11, market_id: str = MARKET_ID) -> None:
        self.engine = simulator.engine
        self.market_id = market_id
        self.rng = random.Random(seed)
        self.maker = self.engine.accounts[simulator.add_account(None, FUNDS).api_key]
        self.taker = self.engine.accounts[simulator.add_account(None, FUNDS).api_key]
        # the maker's resting orders: is_bid -> price in ticks -> [(order id, quantity in steps)]
        self.resting: Dict[bool, Dict[int, List[Tuple[int, int]]]] = {True: {}, False: {}}
        self.trades = 0  # trades made (one per maker order a sweep fills)

    # ------------------------------------------------------------------ operations

    def seed_book(self, levels: int) -> None:
        """`levels` levels a side, SEED_SPACING ticks apart, in one operation."""

        def place_all() -> None:
            for index in range(levels):
                self._place(True, MID_TICKS - 1 - index * SEED_SPACING)
                self._place(False, MID_TICKS + index * SEED_SPACING)

        self.engine.run_operation(place_all)

    def single_change(self) -> None:
        """One level changes: an order placed (a new level, or more on one) or cancelled (less, or gone)."""
        self._change(*self._random_price())

    def multi_change(self, levels: int) -> None:
        """`levels` levels at distinct prices change in one operation: one depth frame."""
        prices = set()
        while len(prices) < levels:
            prices.add(self._random_price())
        self.engine.run_operation(lambda: [self._change(is_bid, ticks) for is_bid, ticks in sorted(prices)])

    def sweep(self, levels: int) -> None:
        """The taker takes the best `levels` levels of one side whole (an IOC order for exactly
        their quantity), then the maker puts the same orders back."""
        is_bid = self.rng.random() < 0.5  # the side swept
        side = self.resting[is_bid]
        prices = sorted(side, reverse=is_bid)[:levels]
        taken = [(ticks, quantity) for ticks in prices for _, quantity in side[ticks]]
        payload = {
            "symbol": self.market_id,
            "side": "Ask" if is_bid else "Bid",
            "orderType": "Limit",
            "price": _price_text(prices[-1]),
            "quantity": _quantity_text(sum(quantity for _, quantity in taken)),
            "timeInForce": "IOC",
        }
        self.engine.place_order(self.taker, payload)
        self.trades += len(taken)
        for ticks in prices:
            del side[ticks]
        self.engine.run_operation(lambda: [self._place(is_bid, ticks, quantity) for ticks, quantity in taken])

    # ------------------------------------------------------------------ steps

    def _random_price(self) -> Tuple[bool, int]:
        is_bid = self.rng.random() < 0.5
        distance = int(self.rng.expovariate(1 / MEAN_DISTANCE))
        return is_bid, (MID_TICKS - 1 - distance if is_bid else MID_TICKS + distance)

    def _change(self, is_bid: bool, ticks: int) -> None:
        orders = self.resting[is_bid].get(ticks)
        if orders and self.rng.random() < 0.5:
            self._cancel(is_bid, ticks)
        else:
            self._place(is_bid, ticks)

    def _place(self, is_bid: bool, ticks: int, quantity: Optional[int] = None) -> None:
        quantity = quantity or self.rng.randint(100, 50_000)  # 0.001 to 0.5 BTC
        payload = {
            "symbol": self.market_id,
            "side": "Bid" if is_bid else "Ask",
            "orderType": "Limit",
            "price": _price_text(ticks),
            "quantity": _quantity_text(quantity),
        }
        order = self.engine.place_order(self.maker, payload)
        self.resting[is_bid].setdefault(ticks, []).append((order.id, quantity))

    def _cancel(self, is_bid: bool, ticks: int) -> None:
        orders = self.resting[is_bid][ticks]
        order_id, _ = orders.pop(self.rng.randrange(len(orders)))
        if not orders:
            del self.resting[is_bid][ticks]
        self.engine.cancel_order(self.maker, self.market_id, order_id)


def _price_text(ticks: int) -> str:
    return str(ticks * TICK)


def _quantity_text(steps: int) -> str:
    return str(steps * STEP)
