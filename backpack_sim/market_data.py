"""Per-market public data: the trade tape, mark/index samples, klines and 24h tickers."""

from __future__ import annotations

import bisect
import calendar
from datetime import datetime, timezone
from decimal import Decimal

from .decimals import ZERO, fmt, kline_times, now_ms

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


def _cached_fmt():
    """fmt with a memory: the decimals of an answer repeat a lot (a quiet interval's candle is
    one price four times)."""
    texts: dict = {}

    def text(value: Decimal) -> str:
        formatted = texts.get(value)
        if formatted is None:
            formatted = texts[value] = fmt(value)
        return formatted

    return text


def _candle_row(candle: Candle, start: str, end: str, text) -> dict:
    return {
        "start": start,
        "end": end,
        "open": text(candle.open),
        "high": text(candle.high),
        "low": text(candle.low),
        "close": text(candle.close),
        "volume": text(candle.volume),
        "quoteVolume": text(candle.quote_volume),
        "trades": str(candle.trades),
    }


def _flat_rows(times: list[str], begin: int, end: int, price: str) -> list[dict]:
    """The rows of the quiet intervals ``begin`` to ``end`` (indexes into ``times``): no
    trades, every price the previous close."""
    quiet = {
        "start": "",
        "end": "",
        "open": price,
        "high": price,
        "low": price,
        "close": price,
        "volume": "0",
        "quoteVolume": "0",
        "trades": "0",
    }
    rows = []
    for index in range(begin, end):
        row = quiet.copy()  # half the cost of a dict display of nine keys
        row["start"], row["end"] = times[index], times[index + 1]
        rows.append(row)
    return rows


def _filled_starts(interval: str, first: int, last: int, candles: dict, previous: Decimal | None):
    """The interval starts of a filled answer, at most MAX_CANDLES: from ``first`` to ``last``
    or, with no price before ``first``, from the first candle that has data."""
    if previous is None:
        if not candles:
            return []
        first = min(candles)
    length = KLINE_SECONDS[interval]
    if length:
        return range(first, last + 1, length)[:MAX_CANDLES]
    starts = []
    while first <= last and len(starts) < MAX_CANDLES:
        starts.append(first)
        first = bucket_end(first, interval)
    return starts


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

    def add_history(self, trades: list[Trade]) -> None:
        """add_trade for each of ``trades`` (in time order), each with a sample at its price."""
        if not trades:
            return
        times = [trade.timestamp for trade in trades]
        self.trades += trades
        self.trade_times += times
        self.samples += [(trade.timestamp, trade.price, trade.price) for trade in trades]
        self.sample_times += times
        self.next_trade_id = max(self.next_trade_id, trades[-1].id + 1)

    def trades_between(self, start_ms: int, end_ms: int) -> list[Trade]:
        lo = bisect.bisect_left(self.trade_times, start_ms)
        hi = bisect.bisect_left(self.trade_times, end_ms)
        return self.trades[lo:hi]

    def kline_rows(
        self, interval: str, start_s: int, end_s: int, price_type: str = "Last", now_s: int | None = None
    ) -> list[dict]:
        """The kline objects of an answer: a candle for every interval that overlaps [start_s,
        end_s), each built from all of its data (so a candle does not depend on the window asked
        for), and an interval without trades (samples) a flat one at the previous close, so that
        from the first price on there is one candle per interval up to ``now_s`` (default: now).
        Most intervals of a fine interval (1s) are quiet: their rows are made without a Candle."""
        candles, previous, first, last = self._candles_with_data(interval, start_s, end_s, price_type, now_s)
        starts = _filled_starts(interval, first, last, candles, previous)
        if not starts:
            return []
        times = kline_times([*starts, bucket_end(starts[-1], interval)])  # a candle ends where the next starts
        text = _cached_fmt()
        rows: list[dict] = []
        done = 0  # intervals with a row
        for start in sorted(candles):
            index = bisect.bisect_left(starts, start)
            if index == len(starts):  # past MAX_CANDLES
                break
            if index > done:
                rows += _flat_rows(times, done, index, text(previous))
            candle = candles[start]
            rows.append(_candle_row(candle, times[index], times[index + 1], text))
            previous, done = candle.close, index + 1
        if done < len(starts):
            rows += _flat_rows(times, done, len(starts), text(previous))
        return rows

    def _candles_with_data(self, interval: str, start_s: int, end_s: int, price_type: str, now_s: int | None):
        """The candles of the intervals with data (by start) that overlap [start_s, end_s) and
        have begun by ``now_s``, the price before the first of those intervals (None if none),
        and the first and last of those intervals' starts."""
        if now_s is None:
            now_s = now_ms() // 1000
        stop = min(end_s, now_s + 1)  # no candles for intervals that have not begun
        if stop <= start_s:
            return {}, None, 0, -1
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
        return candles, previous, first, last

    @staticmethod
    def _add_to_candles(candles, interval, ms, price, quantity=ZERO, quote=ZERO, count=0):
        start = bucket_start(ms // 1000, interval)
        candle = candles.get(start)
        if candle is None:
            candle = candles[start] = Candle(start, price)
        candle.add(price, quantity, quote, count)

    def current_candle(self, interval: str, now_s: int) -> Candle | None:
        """The running interval's candle from its trades (None while it has none)."""
        candles = self._candles_with_data(interval, bucket_start(now_s, interval), now_s + 1, "Last", now_s)[0]
        return candles[max(candles)] if candles else None

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
