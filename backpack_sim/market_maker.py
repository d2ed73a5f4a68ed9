"""Internal liquidity: a reference-price random walk, a quoting market maker, a noise
trader that prints occasional trades, and seeded history so tickers/klines start filled.

All randomness comes from one ``random.Random(seed)``, so a given seed replays the
same price path and the same quotes step by step."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from .decimals import ROUND_DOWN, ROUND_UP, now_ms
from .engine import Engine, MarketState, floor_to_step
from .errors import ApiError
from .market_data import Trade

MARKET_MAKER_KEY = "__market_maker__"
NOISE_TRADER_KEY = "__noise_trader__"


class MarketMaker:
    def __init__(
        self,
        engine: Engine,
        seed: int = 1,
        levels: int = 10,
        half_spread_bps: float = 3.0,
        level_step_bps: float = 4.0,
        noise_trade_probability: float = 0.3,
        quoting: bool = True,
    ):
        self.engine = engine
        self.rng = random.Random(seed)
        self.levels = levels
        self.half_spread = Decimal(str(half_spread_bps / 10_000))
        self.level_step = Decimal(str(level_step_bps / 10_000))
        self.noise_trade_probability = noise_trade_probability
        self.quoting = quoting
        self.maker = engine.add_account(MARKET_MAKER_KEY, None, internal=True)
        self.noise = engine.add_account(NOISE_TRADER_KEY, None, internal=True)
        self.premiums: dict[str, float] = {}
        self.quoted_reference: dict[str, Decimal] = {}

    # ---------------------------------------------------------------- prices
    def walk_prices(self) -> None:
        for symbol, market in self.engine.markets.items():
            sigma = market.spec.volatility
            index = market.round_price(market.index_price * Decimal(math.exp(self.rng.gauss(0.0, sigma))))
            index = max(index, market.spec.tick_size)
            mark = index
            if market.spec.is_perp:
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

    def _target_prices(self, market: MarketState) -> tuple[list[Decimal], list[Decimal]]:
        reference = self._quote_reference(market)
        tick = market.spec.tick_size
        bids, asks = [], []
        for level in range(self.levels):
            offset = self.half_spread + self.level_step * level
            bid = (reference * (1 - offset)).quantize(tick, rounding=ROUND_DOWN)
            ask = (reference * (1 + offset)).quantize(tick, rounding=ROUND_UP)
            if bid not in bids and bid > 0:
                bids.append(bid)
            if ask not in asks:
                asks.append(ask)
        return bids, asks

    def _requote_market(self, market: MarketState) -> None:
        bids, asks = self._target_prices(market)
        targets = {("Bid", p) for p in bids} | {("Ask", p) for p in asks}
        current = {}
        for order in list(self.maker.open_orders.values()):
            if order.symbol != market.spec.symbol:
                continue
            key = (order.side, order.price)
            if key not in targets or key in current or order.remaining < order.quantity / 3:
                self.engine._finish(market, order, "Cancelled")
            else:
                current[key] = order
        for side, price in sorted(targets - current.keys(), key=lambda k: (k[0] == "Bid", k[1])):
            self._quote(market, side, price)

    def _quote(self, market: MarketState, side: str, price: Decimal) -> None:
        spec = market.spec
        size = spec.mm_level_quantity * Decimal(str(round(0.5 + self.rng.random(), 3)))
        quantity = max(floor_to_step(size, spec.step_size), spec.min_quantity)
        payload = {
            "symbol": spec.symbol,
            "side": side,
            "orderType": "Limit",
            "price": str(price),
            "quantity": str(quantity),
        }
        try:
            self.engine.place_order(self.maker, payload, trusted=True)
        except ApiError:
            pass

    # ----------------------------------------------------------- noise trades
    def noise_trades(self) -> None:
        for market in self.engine.markets.values():
            if self.rng.random() >= self.noise_trade_probability:
                continue
            spec = market.spec
            quantity = spec.min_quantity * self.rng.randint(1, 20)
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
        self.noise_trades()
        self.engine.run_operation(lambda: None)  # evaluate triggers against the new mark prices


def seed_history(engine: Engine, seed: int, hours: int = 24, spacing_s: int = 120) -> None:
    """Give fresh markets a past: a backwards random walk of trades ending at the current
    price, mark/index samples, and hourly funding rates for perps."""
    rng = random.Random(seed * 31 + 7)
    now = now_ms()
    for symbol, market in engine.markets.items():
        if market.data.trades:
            continue
        spec = market.spec
        count = hours * 3600 // spacing_s
        price = market.index_price
        prices = []
        for _ in range(count):
            prices.append(price)
            price = market.round_price(price / Decimal(math.exp(rng.gauss(0.0, spec.volatility * 4))))
        for i, trade_price in enumerate(reversed(prices)):
            timestamp = now - (count - i) * spacing_s * 1000
            quantity = max(
                floor_to_step(spec.mm_level_quantity * Decimal(str(round(rng.random() / 4, 4))), spec.step_size),
                spec.min_quantity,
            )
            trade = Trade(market.data.next_trade_id, timestamp, trade_price, quantity, rng.random() < 0.5)
            market.data.add_trade(trade)
            market.data.add_sample(timestamp, trade_price, trade_price)
            if engine.journal is not None:
                engine.journal.trades.append((symbol, trade))
        if spec.is_perp and not market.funding_history:
            hour = 3_600_000
            last = now // hour * hour
            for h in range(48, 0, -1):
                rate = Decimal(rng.gauss(0.0000125, 0.00001)).quantize(Decimal("0.0000001"))
                market.funding_history.append((last - (h - 1) * hour, rate))
                if engine.journal is not None:
                    engine.journal.funding_rates.append((symbol, last - (h - 1) * hour, str(rate)))
        market.next_funding_ms = (now // spec.funding_interval_ms + 1) * spec.funding_interval_ms
