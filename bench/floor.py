"""The hand-written floor of bench/run.py: each benchmarked call written out by hand.

For every bench case, what the generated adapter does for that call, in plain
Python as a person would write it for Backpack alone: the same request (URL,
headers, body, signature) and the same result structure, every key included
(`info` and the ccxt keys that are None too). Straight-line code, one loop per
list with the conversions inline, market lookups hoisted out of the loops,
float() wherever it is exact for the bench's payloads, and Decimal only where
the structure needs exact decimal arithmetic on them (a fill's cost, a
balance's total, a ticker's average, vwap and percentage: float("0.07") * 100
is 7.000000000000001, where ccxt's string arithmetic gives 7.0). No argument checks, no
fallbacks for malformed answers: that is the adapter's cost above the floor.

Like the adapter's bulk parsers, the list parsers run with the cyclic GC paused,
and times are formatted through a cache of whole seconds and a table of the
milliseconds' texts, as the adapter's are.
bench/run.py checks every result and request equal to ccxt_backpack's before
anything is timed.
"""

from __future__ import annotations

import base64
import datetime
import gc
from contextlib import contextmanager
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from operator import itemgetter

from nacl.signing import SigningKey

try:  # what ccxt decodes and encodes JSON with, when it is installed
    import orjson

    loads = orjson.loads

    def dumps(value):
        return orjson.dumps(value).decode()

except ImportError:  # pragma: no cover
    import json

    loads = json.loads

    def dumps(value):
        return json.dumps(value, separators=(",", ":"))


EPOCH = datetime.datetime(1970, 1, 1)
SIDES = {"Bid": "buy", "Ask": "sell"}
ORDER_SIDES = {"buy": "Bid", "sell": "Ask"}
ORDER_TYPES = {"Limit": "limit", "Market": "market"}
ORDER_STATUSES = dict.fromkeys(("New", "PartiallyFilled", "TriggerPending"), "open") | {
    "Filled": "closed",
    "Cancelled": "canceled",
    "Expired": "canceled",
    "TriggerFailed": "rejected",
}
TIMEFRAME_MS = {"1m": 60000, "5m": 300000, "15m": 900000, "1h": 3600000, "1d": 86400000}
BY_TIME = itemgetter("timestamp")
BY_TIME_AND_ID = itemgetter("timestamp", "id")
FIRST = itemgetter(0)
TRUNCATE_18 = Decimal("1e-18")

_SECOND_PREFIX = {}  # seconds since the epoch -> "YYYY-MM-DDTHH:MM:SS."
_MILLIS_SUFFIX = tuple(f"{millis:03d}Z" for millis in range(1000))
_DAY_MS = {}  # "YYYY-MM-DD" -> ms at 00:00 UTC
_CLOCK_MS = {}  # "HH:MM:SS" -> ms into the day (the adapter remembers both too)


def iso8601(ms):
    """ms since the epoch as 'YYYY-MM-DDTHH:MM:SS.mmmZ'."""
    seconds = ms // 1000
    prefix = _SECOND_PREFIX.get(seconds)
    if prefix is None:
        prefix = _SECOND_PREFIX[seconds] = (EPOCH + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.")
    return prefix + _MILLIS_SUFFIX[ms % 1000]


def ms_of(text):
    """'YYYY-MM-DD HH:MM:SS[.mmm]' ('T' or ' ' in the middle), UTC, as ms since the epoch."""
    day = _DAY_MS.get(text[:10])
    if day is None:
        day = _DAY_MS[text[:10]] = (
            datetime.datetime(int(text[:4]), int(text[5:7]), int(text[8:10])) - EPOCH
        ).days * 86400000
    clock = _CLOCK_MS.get(text[11:19])
    if clock is None:
        clock = _CLOCK_MS[text[11:19]] = int(text[11:13]) * 3600000 + int(text[14:16]) * 60000 + int(text[17:19]) * 1000
    return day + clock + int(text[20:23]) if len(text) > 19 else day + clock


def number(value):
    return None if value is None else float(value)


def to_tick(value, tick, rounding):
    """A number rounded to a power-of-ten tick, as decimal text without trailing zeros ('4000', '0.001')."""
    text = format(Decimal(repr(value)).quantize(Decimal(repr(tick)), rounding), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def query_text(params):
    """k=v&... with the keys sorted, booleans lower-case: the parameters as they are signed."""
    return "&".join(
        f"{key}={str(value).lower() if value.__class__ is bool else value}" for key, value in sorted(params.items())
    )


@contextmanager
def paused_gc():
    """The cyclic GC paused while a list is parsed, as in the adapter's bulk parsers."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Floor:
    """The client: the markets, key pair and clock the adapter has, and `fetch`, the transport
    ((url, method, headers, body) -> decoded answer) that the bench stubs."""

    def __init__(self, markets, codes, base_url, api_key, secret, clock, window=5000):
        self.markets = markets
        self.codes = codes  # currency id -> code
        self.base = base_url
        self.api_key = api_key
        self.key = SigningKey(base64.b64decode(secret)[:32])
        self.clock = clock
        self.window = str(window)
        self.fetch = None

    def signed(self, instruction, query):
        """The headers of a signed request; `query`: its parameters as k=v&..., keys sorted (query_text)."""
        timestamp = str(self.clock())
        text = f"instruction={instruction}&{query}&" if query else f"instruction={instruction}&"
        signature = self.key.sign(f"{text}timestamp={timestamp}&window={self.window}".encode()).signature
        return {
            "X-API-Key": self.api_key,
            "X-Signature": base64.b64encode(signature).decode(),
            "X-Timestamp": timestamp,
            "X-Window": self.window,
        }

    # --- public ---------------------------------------------------------------

    def fetch_trades(self, symbol, limit):
        market = self.markets[symbol]
        rows = self.fetch(f"{self.base}/api/v1/trades?symbol={market['id']}&limit={limit}", "GET", None, None)
        symbol = market["symbol"]
        with paused_gc():
            trades = [
                {
                    "info": row,
                    "timestamp": row["timestamp"],
                    "datetime": iso8601(row["timestamp"]),
                    "symbol": symbol,
                    "id": str(row["id"]),
                    "order": None,
                    "type": None,
                    "side": "sell" if row["isBuyerMaker"] else "buy",
                    "takerOrMaker": "taker",
                    "price": float(row["price"]),
                    "amount": float(row["quantity"]),
                    "cost": float(row["quoteQuantity"]),
                    "fee": {"cost": None, "currency": None},
                    "fees": [],
                }
                for row in rows
            ]
            trades.sort(key=BY_TIME_AND_ID)
        return trades[-limit:]

    def fetch_ticker(self, symbol):
        market = self.markets[symbol]
        raw = self.fetch(f"{self.base}/api/v1/ticker?symbol={market['id']}", "GET", None, None)
        first, last = Decimal(raw["firstPrice"]), Decimal(raw["lastPrice"])
        quote_volume, base_volume = Decimal(raw["quoteVolume"]), Decimal(raw["volume"])
        close = float(raw["lastPrice"])
        return {
            "symbol": market["symbol"],
            "timestamp": None,
            "datetime": None,
            "high": float(raw["high"]) or None,
            "low": float(raw["low"]) or None,
            "bid": None,
            "bidVolume": None,
            "ask": None,
            "askVolume": None,
            "vwap": float((quote_volume / base_volume).quantize(TRUNCATE_18, ROUND_DOWN)) if quote_volume else None,
            "open": float(raw["firstPrice"]),
            "close": close,
            "last": close,
            "previousClose": None,
            "change": float(raw["priceChange"]),
            "percentage": float(Decimal(raw["priceChangePercent"]).scaleb(2)),  # x100, exactly (a float product is not)
            "average": float(((first + last) / 2).quantize(Decimal(repr(market["precision"]["price"])), ROUND_DOWN)),
            "baseVolume": float(raw["volume"]),
            "quoteVolume": float(raw["quoteVolume"]),
            "markPrice": None,
            "indexPrice": None,
            "info": raw,
        }

    def fetch_order_book(self, symbol):
        market = self.markets[symbol]
        raw = self.fetch(f"{self.base}/api/v1/depth?symbol={market['id']}", "GET", None, None)
        with paused_gc():
            bids = [[float(price), float(amount)] for price, amount in raw["bids"]]
            asks = [[float(price), float(amount)] for price, amount in raw["asks"]]
        bids.sort(key=FIRST, reverse=True)
        asks.sort(key=FIRST)
        timestamp = raw["timestamp"] // 1000  # µs
        return {
            "symbol": market["symbol"],
            "bids": bids,
            "asks": asks,
            "timestamp": timestamp,
            "datetime": iso8601(timestamp),
            "nonce": int(raw["lastUpdateId"]),
        }

    def fetch_ohlcv(self, symbol, timeframe, since, limit):
        market = self.markets[symbol]
        end = min(since + limit * TIMEFRAME_MS[timeframe], self.clock())
        url = f"{self.base}/api/v1/klines?symbol={market['id']}&interval={timeframe}&startTime={since // 1000}&endTime={end // 1000}"
        rows = self.fetch(url, "GET", None, None)
        with paused_gc():
            candles = [
                [
                    start,
                    float(row["open"]),
                    float(row["high"]),
                    float(row["low"]),
                    float(row["close"]),
                    float(row["volume"]),
                ]
                for row in rows
                if (start := ms_of(row["start"])) >= since
            ]
        candles.sort(key=FIRST)
        return candles[:limit]

    # --- private --------------------------------------------------------------

    def fetch_my_trades(self, symbol, limit):
        market = self.markets[symbol]
        market_id, symbol, codes = market["id"], market["symbol"], self.codes
        headers = self.signed("fillHistoryQueryAll", f"limit={limit}&sortDirection=Desc&symbol={market_id}")
        url = f"{self.base}/wapi/v1/history/fills?symbol={market_id}&limit={limit}&sortDirection=Desc"
        rows = self.fetch(url, "GET", headers, None)
        with paused_gc():
            trades = []
            for row in rows:
                if row["symbol"] != market_id:
                    continue
                timestamp = ms_of(row["timestamp"])
                price, quantity = row["price"], row["quantity"]
                fee = {"cost": float(row["fee"]), "currency": codes.get(row["feeSymbol"], row["feeSymbol"])}
                trades.append(
                    {
                        "info": row,
                        "timestamp": timestamp,
                        "datetime": iso8601(timestamp),
                        "symbol": symbol,
                        "id": str(row["tradeId"]),
                        "order": row["orderId"],
                        "type": None,
                        "side": SIDES[row["side"]],
                        "takerOrMaker": "maker" if row["isMaker"] else "taker",
                        "price": float(price),
                        "amount": float(quantity),
                        "cost": float(Decimal(price) * Decimal(quantity)),
                        "fee": fee,
                        "fees": [fee],
                    }
                )
            trades.sort(key=BY_TIME_AND_ID)
        return trades[-limit:]

    def fetch_open_orders(self, symbol):
        market = self.markets[symbol]
        market_id, symbol = market["id"], market["symbol"]
        headers = self.signed("orderQueryAll", f"symbol={market_id}")
        rows = self.fetch(f"{self.base}/api/v1/orders?symbol={market_id}", "GET", headers, None)
        with paused_gc():
            orders = [self.order(row, symbol) for row in rows if row["symbol"] == market_id]
            orders.sort(key=BY_TIME)
        return orders

    def fetch_balance(self):
        raw = self.fetch(f"{self.base}/api/v1/capital", "GET", self.signed("balanceQuery", ""), None)
        result = {"info": raw, "timestamp": None, "datetime": None}
        free_all, used_all, total_all = {}, {}, {}
        codes = self.codes
        for currency_id, row in raw.items():
            available, locked = Decimal(row["available"]), Decimal(row["locked"]) + Decimal(row["staked"])
            code = codes.get(currency_id, currency_id)
            free = free_all[code] = float(available)
            used = used_all[code] = float(locked)
            total = total_all[code] = float(available + locked)
            result[code] = {"free": free, "used": used, "total": total}
        result["free"], result["used"], result["total"] = free_all, used_all, total_all
        return result

    def sign_order(self, params):
        """The signed POST api/v1/order of an order's API parameters."""
        headers = self.signed("orderExecute", query_text(params))
        headers["Content-Type"] = "application/json; charset=utf-8"
        return {"url": f"{self.base}/api/v1/order", "method": "POST", "body": dumps(params), "headers": headers}

    def create_order(self, symbol, type, side, amount, price, client_order_id, post_only):
        market = self.markets[symbol]
        precision = market["precision"]
        params = {
            "symbol": market["id"],
            "side": ORDER_SIDES[side],
            "orderType": type.capitalize(),
            "price": to_tick(price, precision["price"], ROUND_HALF_UP),
            "quantity": to_tick(amount, precision["amount"], ROUND_DOWN),
        }
        if post_only:
            params["postOnly"] = True
        params["clientId"] = client_order_id
        request = self.sign_order(params)
        answer = self.fetch(request["url"], "POST", request["headers"], request["body"])
        return self.order(answer, market["symbol"])

    def order(self, row, symbol):
        """One order as a ccxt order (`symbol`: its market's, looked up by the caller)."""
        filled, cost, amount = (
            float(row["executedQuantity"]),
            float(row["executedQuoteQuantity"]),
            float(row["quantity"]),
        )
        timestamp = row["createdAt"]
        client_id = row["clientId"]
        trigger = number(row["triggerPrice"])
        return {
            "id": row["id"],
            "clientOrderId": None if client_id is None else str(client_id),
            "timestamp": timestamp,
            "datetime": iso8601(timestamp),
            "lastTradeTimestamp": None,
            "lastUpdateTimestamp": None,
            "symbol": symbol,
            "type": ORDER_TYPES[row["orderType"]],
            "timeInForce": row["timeInForce"],
            "postOnly": row["postOnly"],
            "reduceOnly": row["reduceOnly"],
            "side": SIDES[row["side"]],
            "price": float(row["price"]) or None,
            "triggerPrice": trigger,
            "stopLossPrice": number(row["stopLossTriggerPrice"]),
            "takeProfitPrice": number(row["takeProfitTriggerPrice"]),
            "amount": amount,
            "cost": cost,
            "average": cost / filled if filled else None,
            "filled": filled,
            "remaining": amount - filled,
            "status": ORDER_STATUSES[row["status"]],
            "fee": None,
            "trades": [],
            "fees": [],
            "stopPrice": trigger,
            "info": row,
        }
