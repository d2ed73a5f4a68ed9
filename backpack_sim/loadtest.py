"""Load test: signed order placements per second and their latency against a running simulator.

    python -m backpack_sim.loadtest --url http://127.0.0.1:8080 --clients 8 --rate 500 --duration 10

Each client is an aiohttp session that sends paced, signed ``POST /api/v1/order`` requests
(``--rate 0``: as fast as responses come back). Modes: ``rest`` places non-crossing limit
orders that rest in the book, ``cross`` small market orders that trade against the market
maker, ``mixed`` alternates the two. Only loopback targets make sense: the simulator runs here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from decimal import ROUND_DOWN, Decimal

import aiohttp

from .__main__ import run_loop
from .server import DEMO_SECRET
from .signing import KeyPair, signing_string


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def _order_prices(
    session: aiohttp.ClientSession, url: str, symbol: str
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    async with session.get(f"{url}/api/v1/market", params={"symbol": symbol}) as response:
        market = await response.json()
    async with session.get(f"{url}/api/v1/markPrices", params={"symbol": symbol}) as response:
        mark = Decimal((await response.json())[0]["markPrice"])
    tick = Decimal(market["filters"]["price"]["tickSize"])
    min_quantity = Decimal(market["filters"]["quantity"]["minQuantity"])
    bid = (mark * Decimal("0.9")).quantize(tick, rounding=ROUND_DOWN)
    ask = (mark * Decimal("1.1")).quantize(tick, rounding=ROUND_DOWN)
    return bid, ask, min_quantity, tick


def _payload(mode: str, n: int, symbol: str, bid: Decimal, ask: Decimal, quantity: Decimal) -> dict:
    resting = mode == "rest" or (mode == "mixed" and n % 2 == 0)
    side = "Bid" if n % 2 == 0 else "Ask"
    if resting:
        return {
            "orderType": "Limit",
            "price": str(bid if side == "Bid" else ask),
            "quantity": str(quantity),
            "side": side,
            "symbol": symbol,
        }
    return {
        "orderType": "Market",
        "quantity": str(quantity),
        "side": "Bid" if (n // 2) % 2 == 0 else "Ask",
        "symbol": symbol,
    }


async def _client(
    index: int,
    url: str,
    keys: KeyPair,
    stop_at: float,
    interval: float,
    mode: str,
    symbol: str,
    prices,
    latencies: list[float],
    errors: dict,
) -> None:
    bid, ask, quantity, _ = prices
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector) as session:
        n = index
        next_send = time.perf_counter()
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                return
            if interval and next_send > now:
                await asyncio.sleep(next_send - now)
            next_send += interval
            payload = _payload(mode, n, symbol, bid, ask, quantity)
            n += 1
            timestamp = int(time.time() * 1000)
            message = signing_string("orderExecute", payload, timestamp, 5000)
            headers = {
                "X-API-Key": keys.api_key,
                "X-Signature": keys.sign(message),
                "X-Timestamp": str(timestamp),
                "X-Window": "5000",
                "Content-Type": "application/json; charset=utf-8",
            }
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/api/v1/order", data=json.dumps(payload), headers=headers) as response:
                    body = await response.read()
                    status = response.status
            except aiohttp.ClientError as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                key = f"{status} {body[:80].decode(errors='replace')}"
                errors[key] = errors.get(key, 0) + 1


async def run_load(
    url: str,
    clients: int = 8,
    rate: float = 500.0,
    duration: float = 10.0,
    mode: str = "rest",
    symbol: str = "SOL_USDC",
    secret: str = DEMO_SECRET,
) -> dict:
    """Drive ``clients`` concurrent signers at ``rate`` orders/s in total; return throughput and latency."""
    keys = KeyPair(secret)
    async with aiohttp.ClientSession() as session:
        prices = await _order_prices(session, url, symbol)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    interval = clients / rate if rate > 0 else 0.0
    started = time.perf_counter()
    stop_at = started + duration
    await asyncio.gather(
        *(_client(i, url, keys, stop_at, interval, mode, symbol, prices, latencies, errors) for i in range(clients))
    )
    elapsed = time.perf_counter() - started
    return {
        "orders": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "orders_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 0.50), 2),
        "p99_ms": round(_percentile(latencies, 0.99), 2),
        "max_ms": round(max(latencies, default=0.0), 2),
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else 0.0,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backpack_sim.loadtest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rate", type=float, default=500.0, help="total orders/s (0 = unpaced)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--mode", choices=("rest", "cross", "mixed"), default="rest")
    parser.add_argument("--symbol", default="SOL_USDC")
    parser.add_argument("--secret", default=DEMO_SECRET)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run_loop(run_load(args.url, args.clients, args.rate, args.duration, args.mode, args.symbol, args.secret))
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['orders']} orders in {result['seconds']} s = {result['orders_per_s']} orders/s; "
            f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms; "
            f"errors {result['errors'] or 'none'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
