"""Benchmark: the generated ccxt_backpack against ccxt's built-in ccxt.backpack.

Both exchanges get the same markets (each parses them itself) and the same
decoded JSON from a stubbed transport (`fetch`), so a call measures what the
adapter does: argument handling, request building, signing, parsing. Outputs
are compared for equality before anything is timed. Samples alternate between
the two implementations and the table reports medians, because the machine is
shared and noisy.

    python bench/run.py [--rounds N] [--markdown]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path

import ccxt

from ccxt_backpack import backpack

ROOT = Path(__file__).resolve().parent.parent
RESPONSES = ROOT / "generated" / "tests" / "static" / "response" / "backpack.json"


def raw_markets():
    document = json.loads(RESPONSES.read_text())
    return document["methods"]["fetchMarkets"][0]["httpResponse"]


def payloads(seed=7):
    """Raw answers of the sizes the benchmark asks for, reproducible from the seed."""
    rng = random.Random(seed)
    start = 1757600000000
    trades = [
        {
            "id": 7558558 + i,
            "price": f"{1600 + rng.random() * 50:.2f}",
            "quantity": f"{rng.random() * 3:.4f}",
            "quoteQuantity": f"{rng.random() * 4000:.6f}",
            "timestamp": start + i * 37,
            "isBuyerMaker": rng.random() < 0.5,
        }
        for i in range(1000)
    ]
    book = {
        "asks": [[f"{118000 + i * 0.1:.1f}", f"{rng.random() * 2:.5f}"] for i in range(5000)],
        "bids": [[f"{112000 + i * 0.1:.1f}", f"{rng.random() * 2:.5f}"] for i in range(5000)],
        "lastUpdateId": "1504999670",
        "timestamp": 1753102447307501,
    }
    candles = []
    for i in range(1000):
        minute = start // 1000 + i * 60
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(minute))
        price = 4400 + rng.random() * 50
        candles.append(
            {
                "start": stamp,
                "end": stamp,
                "open": f"{price:.2f}",
                "high": f"{price + 3:.2f}",
                "low": f"{price - 3:.2f}",
                "close": f"{price + 1:.2f}",
                "volume": f"{rng.random() * 10:.4f}",
                "quoteVolume": f"{rng.random() * 40000:.6f}",
                "trades": str(rng.randint(1, 90)),
            }
        )
    ticker = {
        "symbol": "ETH_USDC",
        "firstPrice": "4202.87",
        "lastPrice": "4182.41",
        "priceChange": "-20.46",
        "priceChangePercent": "-0.004868",
        "high": "4349.75",
        "low": "4161.84",
        "volume": "6732.4927",
        "quoteVolume": "28695174.189628",
        "trades": "24843",
    }
    fills = [
        {
            "clientId": None,
            "fee": f"{rng.random() / 100:.6f}",
            "feeSymbol": "USDC" if i % 2 else "ETH",
            "isMaker": i % 3 == 0,
            "orderId": str(5578417289 + i),
            "price": f"{4400 + rng.random() * 50:.2f}",
            "quantity": f"{rng.random():.4f}",
            "side": "Ask" if i % 2 else "Bid",
            "symbol": "ETH_USDC",
            "systemOrderType": None,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start // 1000 + i)) + f".{i % 1000:03d}",
            "tradeId": 2959284 + i,
        }
        for i in range(1000)
    ]
    orders = [
        {
            "id": str(8284661092 + i),
            "clientId": i if i % 4 == 0 else None,
            "createdAt": start + i * 1000,
            "executedQuantity": "0" if i % 5 else "0.2",
            "executedQuoteQuantity": "0" if i % 5 else f"{(4000 + i) * 0.2:.2f}",
            "orderType": "Limit",
            "postOnly": i % 7 == 0,
            "price": f"{4000 + i}",
            "quantity": "0.5",
            "reduceOnly": None,
            "relatedOrderId": None,
            "selfTradePrevention": "RejectTaker",
            "side": "Ask" if i % 2 else "Bid",
            "status": "New" if i % 5 else "PartiallyFilled",
            "stopLossLimitPrice": None,
            "stopLossTriggerBy": None,
            "stopLossTriggerPrice": None,
            "strategyId": None,
            "symbol": "ETH_USDC",
            "takeProfitLimitPrice": None,
            "takeProfitTriggerBy": None,
            "takeProfitTriggerPrice": None,
            "timeInForce": "GTC",
            "triggerBy": None,
            "triggerPrice": None,
            "triggerQuantity": None,
            "triggeredAt": None,
        }
        for i in range(1000)
    ]
    assets = ("USDC", "SOL", "BTC", "ETH", "JTO", "USDT", "PYTH", "BONK", "WIF", "JUP", "HNT", "W")
    balances = {asset: {"available": f"{rng.random() * 1000:.6f}", "locked": f"{rng.random():.6f}", "staked": "0"} for asset in assets}
    order_request = {"symbol": "ETH_USDC", "side": "Bid", "orderType": "Limit", "price": "4000", "quantity": "0.001", "clientId": 42, "postOnly": True}
    return {
        "trades": trades,
        "book": book,
        "candles": candles,
        "ticker": ticker,
        "fills": fills,
        "orders": orders,
        "balances": balances,
        "order_request": order_request,
    }


# The demo key pair of backpack-api.md §2.4; both adapters sign with it.
CREDENTIALS = {"apiKey": "ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=", "secret": "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="}


def exchange(cls):
    instance = cls({"enableRateLimit": False, **CREDENTIALS})
    instance.milliseconds = lambda: 1757700000000  # the same clock, so both sign the same text
    instance.set_markets([market for market in (instance.parse_market(raw) for raw in raw_markets()) if market])
    return instance


def same(result):
    return result


def without_metadata(balance):
    """ccxt's built-in balance lacks info, timestamp and datetime; compare the rest."""
    return {key: value for key, value in balance.items() if key not in ("info", "timestamp", "datetime")}


def signed(request):
    """What a signed request must agree on: the signature headers and the JSON body
    (ccxt's built-in also sends a broker id and sorts the body's keys)."""
    headers = request["headers"]
    return {name: headers[name] for name in ("X-API-Key", "X-Signature", "X-Timestamp", "X-Window")}, json.loads(request["body"])


def cases(data):
    """(label, what the stub answers, the call, what must be equal) for each benchmarked method."""
    since = data["candles"][0]["start"]
    since_ms = int(time.mktime(time.strptime(since, "%Y-%m-%d %H:%M:%S")) - time.timezone) * 1000
    order = data["order_request"]
    return [
        ("fetchTrades, 1,000 trades", data["trades"], lambda ex: ex.fetch_trades("ETH/USDC", None, 1000), same),
        ("fetchTicker", data["ticker"], lambda ex: ex.fetch_ticker("ETH/USDC"), same),
        ("fetchOrderBook, 5,000 levels a side", data["book"], lambda ex: ex.fetch_order_book("BTC/USDC"), same),
        ("fetchOHLCV, 1,000 candles", data["candles"], lambda ex: ex.fetch_ohlcv("ETH/USDC", "1m", since_ms, 1000), same),
        ("fetchMyTrades, 1,000 fills", data["fills"], lambda ex: ex.fetch_my_trades("ETH/USDC", None, 1000), same),
        ("fetchOpenOrders, 1,000 orders", data["orders"], lambda ex: ex.fetch_open_orders("ETH/USDC"), same),
        ("fetchBalance, 12 currencies", data["balances"], lambda ex: ex.fetch_balance(), without_metadata),
        ("sign one private request (an order)", None, lambda ex: ex.sign("api/v1/order", ["private"], "POST", order), signed),
    ]


def stub(instance, answer):
    instance.fetch = lambda url, method="GET", headers=None, body=None: answer


def sample(function, repeat):
    """Seconds per call, over `repeat` calls."""
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat


def measure(label, answer, call, comparable, ours, theirs, rounds):
    stub(ours, answer)
    stub(theirs, answer)
    mine, builtin = call(ours), call(theirs)
    if comparable(mine) != comparable(builtin):
        raise SystemExit(f"{label}: outputs differ, nothing to compare")
    once = sample(lambda: call(theirs), 3)
    repeat = max(1, int(0.02 / max(once, 1e-7)))  # about 20 ms per sample
    ours_times, theirs_times = [], []
    for _ in range(rounds):
        ours_times.append(sample(lambda: call(ours), repeat))
        theirs_times.append(sample(lambda: call(theirs), repeat))
    ours_median, theirs_median = statistics.median(ours_times), statistics.median(theirs_times)
    return label, ours_median, theirs_median, theirs_median / ours_median


def show(duration):
    return f"{duration * 1e6:.1f} µs" if duration < 1e-3 else f"{duration * 1e3:.2f} ms"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="samples per implementation (default 15)")
    parser.add_argument("--markdown", action="store_true", help="print only the markdown table")
    args = parser.parse_args(argv)
    ours, theirs = exchange(backpack), exchange(ccxt.backpack)
    rows = [measure(*case, ours, theirs, args.rounds) for case in cases(payloads())]
    lines = [
        f"| method (median of {args.rounds} samples) | ccxt_backpack | ccxt.backpack {ccxt.__version__} | speed-up |",
        "|---|---|---|---|",
    ]
    lines += [f"| {label} | {show(mine)} | {show(builtin)} | {ratio:.1f}x |" for label, mine, builtin, ratio in rows]
    if not args.markdown:
        print(f"python {sys.version.split()[0]}, gc {'on' if gc.isenabled() else 'off'}; outputs equal for every method\n")
    print("\n".join(lines))
    return 0 if all(ratio >= 2 for *_, ratio in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
