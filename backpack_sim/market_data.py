"""Per-market public data: the trade tape, mark/index samples, klines and 24h tickers."""

from __future__ import annotations

import bisect
import calendar
from datetime import datetime, timezone
from decimal import Decimal

from .decimals import ZERO, fmt, kline_time

KLINE_SECONDS = {
    "1s": 1,
    "1m": 60,
    "3m": 180,
    "5m": 300,
    "15m": 900,
    "30m": 1800,
    "1h": 3600,
    "2h": 7200,
    "4h": 14400,
    "6h": 21600,
    "8h": 28800,
    "12h": 43200,
    "1d": 86400,
    "3d": 259200,
    "1w": 604800,
    "1month": None,
}
_MONDAY_OFFSET = 4 * 86400  # 1970-01-01 was a Thursday; weeks start on Monday


class Trade:
    __slots__ = (
        "id",
        "timestamp",
        "price",
        "quantity",
        "quote_quantity",
        "is_buyer_maker",
        "buyer_order_id",
        "seller_order_id",
    )

    def __init__(self, trade_id, timestamp, price, quantity, is_buyer_maker, buyer_order_id=None, seller_order_id=None):
        self.id = trade_id
        self.timestamp = timestamp
        self.price = price
        self.quantity = quantity
        self.quote_quantity = price * quantity
        self.is_buyer_maker = is_buyer_maker
        self.buyer_order_id = buyer_order_id
        self.seller_order_id = seller_order_id

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "price": fmt(self.price),
            "quantity": fmt(self.quantity),
            "quoteQuantity": fmt(self.quote_quantity),
            "timestamp": self.timestamp,
            "isBuyerMaker": self.is_buyer_maker,
        }

    def to_row(self) -> list:
        return [self.id, self.timestamp, str(self.price), str(self.quantity), self.is_buyer_maker]

    @classmethod
    def from_row(cls, row) -> "Trade":
        return cls(row[0], row[1], Decimal(row[2]), Decimal(row[3]), bool(row[4]))


def bucket_start(seconds: int, interval: str) -> int:
    length = KLINE_SECONDS[interval]
    if length is None:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
        return calendar.timegm((moment.year, moment.month, 1, 0, 0, 0))
    if interval == "1w":
        return (seconds - _MONDAY_OFFSET) // length * length + _MONDAY_OFFSET
    return seconds // length * length


def bucket_end(start: int, interval: str) -> int:
    length = KLINE_SECONDS[interval]
    if length is not None:
        return start + length
    moment = datetime.fromtimestamp(start, tz=timezone.utc)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return calendar.timegm((year, month, 1, 0, 0, 0))


class Candle:
    __slots__ = ("start", "open", "high", "low", "close", "volume", "quote_volume", "trades")

    def __init__(self, start: int, price: Decimal):
        self.start = start
        self.open = self.high = self.low = self.close = price
        self.volume = ZERO
        self.quote_volume = ZERO
        self.trades = 0

    def add(self, price: Decimal, quantity: Decimal = ZERO, quote: Decimal = ZERO, count: int = 0) -> None:
        if price > self.high:
            self.high = price
        if price < self.low:
            self.low = price
        self.close = price
        self.volume += quantity
        self.quote_volume += quote
        self.trades += count

    def to_json(self, interval: str) -> dict:
        return {
            "start": kline_time(self.start),
            "end": kline_time(bucket_end(self.start, interval)),
            "open": fmt(self.open),
            "high": fmt(self.high),
            "low": fmt(self.low),
            "close": fmt(self.close),
            "volume": fmt(self.volume),
            "quoteVolume": fmt(self.quote_volume),
            "trades": str(self.trades),
        }


class MarketData:
    def __init__(self):
        self.trades: list[Trade] = []
        self.trade_times: list[int] = []
        self.samples: list[tuple[int, Decimal, Decimal]] = []  # (ms, mark, index)
        self.sample_times: list[int] = []
        self.next_trade_id = 1

    def add_trade(self, trade: Trade) -> None:
        self.trades.append(trade)
        self.trade_times.append(trade.timestamp)
        self.next_trade_id = max(self.next_trade_id, trade.id + 1)

    def add_sample(self, ms: int, mark: Decimal, index: Decimal) -> None:
        self.samples.append((ms, mark, index))
        self.sample_times.append(ms)

    def trades_between(self, start_ms: int, end_ms: int) -> list[Trade]:
        lo = bisect.bisect_left(self.trade_times, start_ms)
        hi = bisect.bisect_left(self.trade_times, end_ms)
        return self.trades[lo:hi]

    def klines(self, interval: str, start_s: int, end_s: int, price_type: str = "Last") -> list[Candle]:
        candles: dict[int, Candle] = {}
        if price_type == "Last":
            for trade in self.trades_between(start_s * 1000, end_s * 1000):
                self._add_to_candles(
                    candles, interval, trade.timestamp, trade.price, trade.quantity, trade.quote_quantity, 1
                )
        else:
            lo = bisect.bisect_left(self.sample_times, start_s * 1000)
            hi = bisect.bisect_left(self.sample_times, end_s * 1000)
            column = 1 if price_type == "Mark" else 2
            for sample in self.samples[lo:hi]:
                self._add_to_candles(candles, interval, sample[0], sample[column])
        return [candles[start] for start in sorted(candles)]

    @staticmethod
    def _add_to_candles(candles, interval, ms, price, quantity=ZERO, quote=ZERO, count=0):
        start = bucket_start(ms // 1000, interval)
        candle = candles.get(start)
        if candle is None:
            candle = candles[start] = Candle(start, price)
        candle.add(price, quantity, quote, count)

    def current_candle(self, interval: str, now_s: int) -> Candle | None:
        candles = self.klines(interval, bucket_start(now_s, interval), now_s + 1)
        return candles[-1] if candles else None

    def ticker(self, symbol: str, now_ms: int, window_ms: int, fallback_price: Decimal) -> dict:
        window = self.trades_between(now_ms - window_ms, now_ms + 1)
        last = self.trades[-1].price if self.trades else fallback_price
        if not window:
            return {
                "symbol": symbol,
                "firstPrice": fmt(last),
                "lastPrice": fmt(last),
                "priceChange": "0",
                "priceChangePercent": "0",
                "high": fmt(last),
                "low": fmt(last),
                "volume": "0",
                "quoteVolume": "0",
                "trades": "0",
            }
        first = window[0].price
        high = max(t.price for t in window)
        low = min(t.price for t in window)
        volume = sum((t.quantity for t in window), ZERO)
        quote_volume = sum((t.quote_quantity for t in window), ZERO)
        change = last - first
        percent = (change / first).quantize(Decimal("0.000001")) if first else ZERO
        return {
            "symbol": symbol,
            "firstPrice": fmt(first),
            "lastPrice": fmt(last),
            "priceChange": fmt(change),
            "priceChangePercent": fmt(percent),
            "high": fmt(high),
            "low": fmt(low),
            "volume": fmt(volume),
            "quoteVolume": fmt(quote_volume),
            "trades": str(len(window)),
        }
