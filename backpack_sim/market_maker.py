"""Internal liquidity: a reference-price random walk, a quoting market maker with a deep
ladder, an arbitrageur that fills resting orders the price reaches, a noise trader that prints
occasional trades, and seeded history so tickers/klines start filled.

All randomness comes from ``random.Random`` instances seeded with the seed, so a given seed
replays the same price path and the same quotes step by step."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from itertools import repeat

from .decimals import ROUND_DOWN, ROUND_UP, ZERO, now_ms
from .engine import Engine, MarketState, floor_to_step
from .errors import ApiError
from .market_data import Trade

MARKET_MAKER_KEY = "__market_maker__"
NOISE_TRADER_KEY = "__noise_trader__"

# The deep ladders' prices by grid (as written) and index, shared by the simulators of a process:
# the book keys its levels by price, and a Decimal works out its hash (about 1 us) on its first
# use as a key, then keeps it.
_GRID_PRICES: dict[str, dict[int, Decimal]] = {}
_GRID_PRICES_KEPT = 200_000  # a cache, not a leak: past this many a grid's prices start anew


class _Ladder:
    """The market maker's orders in one market: the near quotes keyed by (side, price) and the
    deep ladder keyed by grid index per side (price = index * grid)."""

    __slots__ = ("step", "grid", "prices", "reference", "targets", "near", "deep", "ranges", "pending", "sizes")

    def __init__(self, step: Decimal, grid: Decimal):
        self.step = step  # price grid of the near quotes
        self.grid = grid  # price grid of the deep ladder
        self.prices = _GRID_PRICES.setdefault(str(grid), {})
        self.reference: Decimal | None = None
        self.targets: set = set()
        self.near: dict[tuple[str, Decimal], object] = {}
        self.deep: dict[bool, dict[int, object]] = {True: {}, False: {}}
        self.ranges: dict[bool, tuple[int, int] | None] = {True: None, False: None}
        self.pending: dict[bool, list[int]] = {True: [], False: []}  # indexes new to the ranges
        self.sizes: list[Decimal] | None = None  # the deep levels' sizes to pick from

    def price(self, k: int) -> Decimal:
        """The price of the deep level with grid index ``k``."""
        price = self.prices.get(k)
        if price is None:
            if len(self.prices) >= _GRID_PRICES_KEPT:
                self.prices.clear()
            price = self.prices[k] = self.grid * k
        return price


class MarketMaker:
    """Quotes every market around its reference price.

    Near the mid: ``levels`` levels a side, about ``mm_level_quantity`` each, on a fixed price
    grid of ``level_step_bps`` (of the initial price, a whole number of ticks), the innermost at
    least ``half_spread_bps`` from the reference; re-centred when the mark moves by half a level.
    Beyond them: a thin deep ladder of ``deep_levels`` levels a side on a finer fixed grid
    (``deep_step_bps``). Fixed grids keep the quotes in place while the price moves: a re-centre
    only adds and removes levels at the ends, and levels a sweep took are put back on the next
    tick. Once the mark price reaches a resting order of someone else, the next tick fills it
    (an arbitrageur takes bids at or above the mark and asks at or below it, up to
    ``arbitrage_levels`` level sizes a tick)."""

    def __init__(
        self,
        engine: Engine,
        seed: int = 1,
        levels: int = 10,
        half_spread_bps: float = 3.0,
        level_step_bps: float = 4.0,
        noise_trade_probability: float = 0.3,
        quoting: bool = True,
        deep_levels: int = 1000,
        deep_step_bps: float = 1.0,
        arbitrage_levels: int = 10,
    ):
        self.engine = engine
        self.rng = random.Random(seed)
        self.deep_rng = random.Random(seed * 7_919 + 13)  # deep sizes do not disturb the price path
        self.levels = levels
        self.half_spread = Decimal(str(half_spread_bps / 10_000))
        self.level_step = Decimal(str(level_step_bps / 10_000))
        self.deep_levels = deep_levels
        self.deep_step = Decimal(str(deep_step_bps / 10_000))
        self.arbitrage_levels = arbitrage_levels
        self.noise_trade_probability = noise_trade_probability
        self.quoting = quoting
        self.maker = engine.add_account(MARKET_MAKER_KEY, None, internal=True)
        self.noise = engine.add_account(NOISE_TRADER_KEY, None, internal=True)
        self.premiums: dict[str, float] = {}
        self.quoted_reference: dict[str, Decimal] = {}
        self.ladders: dict[str, _Ladder] = {}

    # ---------------------------------------------------------------- prices
    def walk_prices(self) -> None:
        for symbol, market in self.engine.markets.items():
            sigma = market.spec.volatility
            index = market.round_price(market.index_price * Decimal(math.exp(self.rng.gauss(0.0, sigma))))
            index = max(index, market.spec.tick_size)
            mark = index
            if market.spec.is_contract:
                premium = 0.8 * self.premiums.get(symbol, 0.0) + self.rng.gauss(0.0, 0.0001)
                self.premiums[symbol] = premium
                mark = market.round_price(index * Decimal(1 + premium))
                market.funding_rate = Decimal(premium / 8 + 0.0000125).quantize(Decimal("0.0000001"))
            market.index_price, market.mark_price = index, mark
            market.data.add_sample(now_ms(), mark, index)

    # --------------------------------------------------------------- quoting
    def requote(self) -> None:
        if not self.quoting:
            return
        for market in self.engine.markets.values():
            self.engine.run_operation(self._requote_market, market)

    def _quote_reference(self, market: MarketState) -> Decimal:
        """Re-centre the ladder only when the mark moved by half a level; otherwise just refill it."""
        symbol = market.spec.symbol
        previous = self.quoted_reference.get(symbol)
        if previous is None or abs(market.mark_price - previous) > previous * self.level_step / 2:
            self.quoted_reference[symbol] = market.mark_price
        return self.quoted_reference[symbol]

    def _target_prices(self, market: MarketState, reference: Decimal | None = None):
        """The near quotes: ``levels`` prices a side on the market's fixed level grid, from
        ``half_spread`` off the reference outwards. A fixed grid keeps most quotes in place
        when the reference moves a little: only the levels at the ends change."""
        if reference is None:
            reference = self._quote_reference(market)
        step = self._ladder(market).step
        top = int((reference * (1 - self.half_spread) / step).to_integral_value(rounding=ROUND_DOWN))
        bottom = int((reference * (1 + self.half_spread) / step).to_integral_value(rounding=ROUND_UP))
        bids = [step * k for k in range(top, top - self.levels, -1) if k > 0]
        asks = [step * k for k in range(bottom, bottom + self.levels)]
        return bids, asks

    def _ladder(self, market: MarketState) -> _Ladder:
        ladder = self.ladders.get(market.spec.symbol)
        if ladder is None:
            spec = market.spec

            def grid(share: Decimal) -> Decimal:
                ticks = (spec.initial_price * share / spec.tick_size).to_integral_value(rounding=ROUND_UP)
                return max(ticks, 1) * spec.tick_size

            ladder = self.ladders[spec.symbol] = _Ladder(grid(self.level_step), grid(self.deep_step))
        return ladder

    def _requote_market(self, market: MarketState) -> None:
        ladder = self._ladder(market)
        reference = self._quote_reference(market)
        if reference != ladder.reference:
            bids, asks = self._target_prices(market, reference)
            ladder.reference = reference
            ladder.targets = {("Bid", p) for p in bids} | {("Ask", p) for p in asks}
            # make room first: deep levels the new near quotes would cross go before those are placed
            self._move_deep(market, ladder, bids[-1] if bids else None, asks[-1])
        self._requote_near(market, ladder)
        self._fill_deep(market, ladder)

    def _requote_near(self, market: MarketState, ladder: _Ladder) -> None:
        targets, near = ladder.targets, ladder.near
        for key, order in list(near.items()):
            if not order.is_open:
                del near[key]
            elif key not in targets or order.remaining < order.quantity / 3:
                self.engine.cancel_internal(market, order)
                del near[key]
        for side, price in sorted(targets - near.keys(), key=lambda k: (k[0] == "Bid", k[1])):
            order = self._quote(market, side, price)
            if order is not None and order.is_open:
                near[(side, price)] = order

    def _quote(self, market: MarketState, side: str, price: Decimal, quantity: Decimal | None = None):
        """One limit order of the market maker; it rests at once unless it crosses someone's
        order, and then it trades like any order."""
        spec = market.spec
        if quantity is None:
            size = spec.mm_level_quantity * Decimal(str(round(0.5 + self.rng.random(), 3)))
            quantity = max(floor_to_step(size, spec.step_size), spec.min_quantity)
            order = self.engine.rest_internal(self.maker, market, side == "Bid", price, quantity)
            if order is not None:
                return order
        payload = {
            "symbol": spec.symbol,
            "side": side,
            "orderType": "Limit",
            "price": str(price),
            "quantity": str(quantity),
        }
        try:
            return self.engine.place_order(self.maker, payload, trusted=True)
        except ApiError:
            return None

    # ------------------------------------------------------------ deep ladder
    def _deep_ranges(self, market: MarketState, lowest_bid, highest_ask) -> dict[bool, tuple[int, int]]:
        """Grid indexes (inclusive) of the deep levels: beyond the outermost near quotes,
        ``deep_levels`` a side (fewer bids when the grid reaches the minimum price)."""
        grid = self._ladder(market).grid
        lowest = max(int((market.spec.min_price / grid).to_integral_value(rounding=ROUND_UP)), 1)
        bid_top = int((lowest_bid / grid).to_integral_value(rounding=ROUND_UP)) - 1 if lowest_bid else lowest - 1
        ask_bottom = int((highest_ask / grid).to_integral_value(rounding=ROUND_DOWN)) + 1
        return {
            True: (max(bid_top - self.deep_levels + 1, lowest), bid_top),
            False: (ask_bottom, ask_bottom + self.deep_levels - 1),
        }

    def _move_deep(self, market: MarketState, ladder: _Ladder, lowest_bid, highest_ask) -> None:
        """Cancel the deep levels that fall outside the new ranges and note the indexes that
        entered them (placed by _fill_deep): only the ends move, however deep the ladder."""
        for is_bid, (low, high) in self._deep_ranges(market, lowest_bid, highest_ask).items():
            orders = ladder.deep[is_bid]
            old = ladder.ranges[is_bid]
            if old is not None and old[1] < old[0]:
                old = None
            ladder.ranges[is_bid] = (low, high)
            if high < low:
                added = []
                gone = list(orders)
            elif old is None or old[1] < low or old[0] > high:
                gone = list(orders)
                added = list(range(low, high + 1))
            else:
                gone = [k for k in range(old[0], low) if k in orders]
                gone += [k for k in range(high + 1, old[1] + 1) if k in orders]
                added = list(range(low, old[0])) + list(range(old[1] + 1, high + 1))
            for k in gone:
                order = orders.pop(k)
                if order.is_open:
                    self.engine.cancel_internal(market, order)
            pending = [k for k in ladder.pending[is_bid] if low <= k <= high] + added
            pending.sort(reverse=is_bid)  # inner end first
            ladder.pending[is_bid] = pending

    def _fill_deep(self, market: MarketState, ladder: _Ladder) -> None:
        """Place the levels new to the ranges, then put back what sweeps took: from the inner
        end outwards up to the first older level still there (a sweep takes levels from the
        inside out, so the levels beyond it are in place)."""
        for is_bid in (True, False):
            span = ladder.ranges[is_bid]
            if span is None:
                continue
            orders = ladder.deep[is_bid]
            pending, ladder.pending[is_bid] = ladder.pending[is_bid], []
            if pending:
                sizes, rng = self._deep_sizes(market, ladder), self.deep_rng.random
                entries = [(ladder.price(k), sizes[int(rng() * len(sizes))]) for k in pending]
                placed = self.engine.rest_internal_many(self.maker, market, is_bid, entries)
                if placed is None:  # the innermost would trade: one at a time
                    for k in pending:
                        self._place_deep(market, ladder, orders, is_bid, k)
                else:
                    orders.update(zip(pending, placed))
            fresh = set(pending)  # a ladder that moved inwards put these before the levels a sweep took
            keys = range(span[1], span[0] - 1, -1) if is_bid else range(span[0], span[1] + 1)
            for k in keys:
                order = orders.get(k)
                if order is not None and order.is_open:
                    if k in fresh:
                        continue
                    break
                self._place_deep(market, ladder, orders, is_bid, k)

    def _place_deep(self, market: MarketState, ladder: _Ladder, orders: dict, is_bid: bool, k: int) -> None:
        order = self._deep_order(market, ladder, is_bid, k)
        if order is None:
            orders.pop(k, None)
        else:
            orders[k] = order

    @staticmethod
    def _deep_sizes(market: MarketState, ladder: _Ladder) -> list[Decimal]:
        """Deep levels are thin: 1-5 % of a near level's size."""
        if ladder.sizes is None:
            spec = market.spec
            ladder.sizes = [
                max(floor_to_step(spec.mm_level_quantity * share / 1000, spec.step_size), spec.min_quantity)
                for share in range(10, 51)
            ]
        return ladder.sizes

    def _deep_order(self, market: MarketState, ladder: _Ladder, is_bid: bool, k: int):
        sizes = self._deep_sizes(market, ladder)
        quantity = sizes[int(self.deep_rng.random() * len(sizes))]
        price = ladder.price(k)
        order = self.engine.rest_internal(self.maker, market, is_bid, price, quantity)
        if order is None:  # it would cross someone's order: trade like any other quote
            order = self._quote(market, "Bid" if is_bid else "Ask", price, quantity)
        return order if order is not None and order.is_open else None

    # ------------------------------------------------------------- arbitrage
    def fill_crossed(self) -> None:
        """Resting orders the mark price has reached are filled: bids at or above the mark,
        asks at or below it (the market maker's own quotes never are)."""
        for market in self.engine.markets.values():
            self.engine.run_operation(self._fill_crossed_market, market)

    def _fill_crossed_market(self, market: MarketState) -> None:
        spec = market.spec
        mark = market.mark_price
        cap = spec.mm_level_quantity * self.arbitrage_levels
        for is_bid in (True, False):
            side = market.book.side(is_bid)
            best = side.best()
            if best is None or (best.price < mark if is_bid else best.price > mark):
                continue
            limit = mark.quantize(spec.tick_size, rounding=ROUND_UP if is_bid else ROUND_DOWN)
            quantity = ZERO
            for level in side.iter_best():
                if (level.price < limit) if is_bid else (level.price > limit):
                    break
                quantity += level.quantity
                if quantity >= cap:
                    break
            quantity = floor_to_step(min(quantity, cap), spec.step_size)
            if quantity < spec.min_quantity:
                continue
            payload = {
                "symbol": spec.symbol,
                "side": "Ask" if is_bid else "Bid",
                "orderType": "Limit",
                "timeInForce": "IOC",
                "price": str(limit),
                "quantity": str(quantity),
            }
            try:
                self.engine.place_order(self.noise, payload, trusted=True)
            except ApiError:
                pass

    # ----------------------------------------------------------- noise trades
    def noise_trades(self) -> None:
        for market in self.engine.markets.values():
            if self.rng.random() >= self.noise_trade_probability:
                continue
            spec = market.spec
            quantity = (spec.noise_unit or spec.min_quantity) * self.rng.randint(1, 20)
            quantity = max(floor_to_step(quantity, spec.step_size), spec.min_quantity)
            payload = {
                "symbol": spec.symbol,
                "side": self.rng.choice(("Bid", "Ask")),
                "orderType": "Market",
                "quantity": str(quantity),
            }
            try:
                self.engine.place_order(self.noise, payload, trusted=True)
            except ApiError:
                pass

    def step(self) -> None:
        self.walk_prices()
        self.requote()
        self.fill_crossed()
        self.noise_trades()
        self.engine.run_operation(lambda: None)  # evaluate triggers against the new mark prices


def seed_history(engine: Engine, seed: int, hours: int = 24) -> None:
    """Give fresh markets a past: for every minute of the last ``hours`` one or two trades on a
    backwards random walk that ends at the current price (so 1m candles have no gaps), a
    mark/index sample per trade, and hourly funding rates for perps. Deterministic per seed:
    only the timestamps depend on the start time."""
    rng = random.Random(seed * 31 + 7)
    now = now_ms()
    this_minute = now // 60_000 * 60_000
    minutes = max(hours, 0) * 60 + 1  # and the minute before: a window from `hours` ago is covered
    for symbol, market in engine.markets.items():
        if market.data.trades:
            continue
        spec = market.spec
        trades = _history_trades(market, rng, this_minute - minutes * 60_000, minutes)
        market.data.add_history(trades)
        engine.recorder.trades_added(symbol, trades)
        if spec.has_funding and not market.funding_history:
            hour = 3_600_000
            last = now // hour * hour
            for h in range(48, 0, -1):
                rate = Decimal(rng.gauss(0.0000125, 0.00001)).quantize(Decimal("0.0000001"))
                market.funding_history.append((last - (h - 1) * hour, rate))
                engine.recorder.funding_rate_added(symbol, last - (h - 1) * hour, rate)
        market.next_funding_ms = (now // spec.funding_interval_ms + 1) * spec.funding_interval_ms


def _history_trades(market: MarketState, rng: random.Random, first_minute: int, minutes: int) -> list[Trade]:
    """One or two trades in each of ``minutes`` minutes from ``first_minute`` (ms), at random
    times within the minute, oldest first. The order of the draws from ``rng`` makes the
    seed's history: keep it."""
    spec = market.spec
    draw = rng.random
    counts = [1 + (draw() < 0.5) for _ in range(minutes)]
    total = sum(counts)
    prices = _walk_back(rng, spec, float(market.index_price), total)
    sizes = [  # 0.1 % .. 25 % of a level
        max(floor_to_step(spec.mm_level_quantity * share / 1000, spec.step_size), spec.min_quantity)
        for share in range(1, 251)
    ]
    quantities = [sizes[int(draw() * 250)] for _ in range(total)]
    times, buyer_makers = [], []
    for minute, count in enumerate(counts):  # a minute's times, then its buyer-maker flags
        base = first_minute + minute * 60_000
        if count == 1:
            times.append(base + int(draw() * 60_000))
            buyer_makers.append(draw() < 0.5)
        else:
            times += sorted((base + int(draw() * 60_000), base + int(draw() * 60_000)))
            buyer_makers += (draw() < 0.5, draw() < 0.5)
    first_id = market.data.next_trade_id
    return list(map(Trade, range(first_id, first_id + total), times, prices, quantities, buyer_makers))


def _walk_back(rng: random.Random, spec, price: float, count: int) -> list[Decimal]:
    """``count`` prices of a random walk that ends at ``price``, oldest first."""
    gauss, exp, sigma = rng.gauss, math.exp, spec.volatility * 3
    floor = float(spec.tick_size)
    walk = []
    for _ in range(count):
        walk.append(price)
        price /= exp(gauss(0.0, sigma))
        if price < floor:
            price = floor
    walk.reverse()
    return list(map(Decimal, map(format, walk, repeat(f".{spec.price_scale}f"))))
