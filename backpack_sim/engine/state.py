"""Per-market state, the id sequences and the step rounding the engine parts share."""

from __future__ import annotations

from decimal import Decimal

from ..book import OrderBook
from ..decimals import ROUND_DOWN, ZERO
from ..errors import ApiError
from ..market_data import MarketData
from ..markets import MarketSpec
from ..models import Order

USDC = "USDC"


class MarketState:
    def __init__(self, spec: MarketSpec):
        self.spec = spec
        self.book = OrderBook(spec.symbol)
        self.data = MarketData()
        self.index_price = spec.initial_price
        self.mark_price = spec.initial_price
        self.funding_rate = Decimal("0.0000125")
        self.next_funding_ms = 0
        self.funding_history: list[tuple[int, Decimal]] = []
        self.triggers: dict[int, Order] = {}
        self.open_interest = ZERO
        self.last_top: tuple | None = None

    @property
    def last_price(self) -> Decimal:
        return self.data.trades[-1].price if self.data.trades else self.index_price

    def price_for(self, trigger_by: str | None) -> Decimal:
        if trigger_by == "LastPrice":
            return self.last_price
        if trigger_by == "IndexPrice":
            return self.index_price
        return self.mark_price

    def round_price(self, price: Decimal) -> Decimal:
        return price.quantize(self.spec.tick_size, rounding=ROUND_DOWN)


def find_market(markets: dict[str, MarketState], symbol: str | None) -> MarketState:
    market = markets.get(symbol) if isinstance(symbol, str) else None
    if market is None:
        raise ApiError("INVALID_SYMBOL", f"Invalid market symbol: {symbol}")
    return market


class IdCounters:
    """The id sequences (orders, positions, deposits, ...); persisted as one record."""

    def __init__(self, recorder):
        self.values = {
            "order": 1_000_000_000,
            "position": 5_000_000_000,
            "deposit": 6_000_000,
            "withdrawal": 5_400_000,
            "user": 1_800_000,
            "rfq": 113_000_000_000,
            "quote": 4_000_000,
        }
        self._recorder = recorder

    def next(self, kind: str) -> int:
        self.values[kind] += 1
        self._recorder.counters_changed()
        return self.values[kind]

    def take(self, kind: str, count: int) -> range:
        """The next ``count`` ids at once."""
        first = self.values[kind] + 1
        self.values[kind] += count
        self._recorder.counters_changed()
        return range(first, first + count)


def floor_to_step(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_DOWN) * step
