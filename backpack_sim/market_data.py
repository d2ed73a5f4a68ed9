"""Per-market public data: the trade tape, mark/index samples, klines and 24h tickers."""

from __future__ import annotations

import bisect
import calendar
from datetime import datetime, timezone
from decimal import Decimal

from .decimals import ZERO, fmt, kline_time, now_ms

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
# At most this many candles per answer, the earliest first: a day of 1s candles fits, an
# unbounded window of them would not (the reference documents no limit).
MAX_CANDLES = 100_000


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


def candles_json(candles: list[Candle], interval: str) -> list[dict]:
    """Kline objects for an answer; decimals repeat a lot (a quiet interval's candle is one
    price four times), so each distinct one is formatted once."""
    texts: dict = {}

    def text(value: Decimal) -> str:
        formatted = texts.get(value)
        if formatted is None:
            formatted = texts[value] = fmt(value)
        return formatted

    length = KLINE_SECONDS[interval]
    rows = []
    flat_price, flat_text = None, None
    for candle in candles:
        start = candle.start
        row = {
            "start": kline_time(start),
            "end": kline_time(start + length if length else bucket_end(start, interval)),
        }
        if not candle.trades and candle.open is candle.high is candle.low is candle.close:
            if candle.open is not flat_price:
                flat_price, flat_text = candle.open, text(candle.open)
            row["open"] = row["high"] = row["low"] = row["close"] = flat_text
        else:
            row["open"], row["high"] = text(candle.open), text(candle.high)
            row["low"], row["close"] = text(candle.low), text(candle.close)
        row["volume"] = text(candle.volume)
        row["quoteVolume"] = text(candle.quote_volume)
        row["trades"] = str(candle.trades)
        rows.append(row)
    return rows


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

    def klines(
        self, interval: str, start_s: int, end_s: int, price_type: str = "Last", now_s: int | None = None, fill=True
    ) -> list[Candle]:
        """Candles of every interval that overlaps [start_s, end_s), each built from all of its
        data (so a candle does not depend on the window asked for). With ``fill``, an interval
        without trades (samples) gets a flat candle at the previous close, so from the first
        price on there is one candle per interval up to ``now_s`` (default: now)."""
        if now_s is None:
            now_s = now_ms() // 1000
        stop = min(end_s, now_s + 1)  # no candles for intervals that have not begun
        if stop <= start_s:
            return []
        first = bucket_start(start_s, interval)
        last = bucket_start(stop - 1, interval)
        window_end = bucket_end(last, interval)
        candles: dict[int, Candle] = {}
        if price_type == "Last":
            times, rows = self.trade_times, self.trades
            lo = bisect.bisect_left(times, first * 1000)
            hi = bisect.bisect_left(times, window_end * 1000)
            add = self._add_to_candles
            for trade in rows[lo:hi]:
                add(candles, interval, trade.timestamp, trade.price, trade.quantity, trade.quote_quantity, 1)
            previous = rows[lo - 1].price if lo else None
        else:
            times, rows = self.sample_times, self.samples
            lo = bisect.bisect_left(times, first * 1000)
            hi = bisect.bisect_left(times, window_end * 1000)
            column = 1 if price_type == "Mark" else 2
            for sample in rows[lo:hi]:
                self._add_to_candles(candles, interval, sample[0], sample[column])
            previous = rows[lo - 1][column] if lo else None
        if not fill:
            return [candles[start] for start in sorted(candles)]
        start = first
        if previous is None:  # nothing before the window: begin with the first candle that has data
            if not candles:
                return []
            start = min(candles)
        result = []
        length = KLINE_SECONDS[interval]
        while start <= last and len(result) < MAX_CANDLES:
            candle = candles.get(start)
            if candle is None:
                candle = Candle(start, previous)
            result.append(candle)
            previous = candle.close
            start = start + length if length else bucket_end(start, interval)
        return result

    @staticmethod
    def _add_to_candles(candles, interval, ms, price, quantity=ZERO, quote=ZERO, count=0):
        start = bucket_start(ms // 1000, interval)
        candle = candles.get(start)
        if candle is None:
            candle = candles[start] = Candle(start, price)
        candle.add(price, quantity, quote, count)

    def current_candle(self, interval: str, now_s: int) -> Candle | None:
        """The running interval's candle from its trades (None while it has none)."""
        candles = self.klines(interval, bucket_start(now_s, interval), now_s + 1, now_s=now_s, fill=False)
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
