"""Load: signed order placements through the generated async adapter against the simulator.

8 concurrent async clients (ccxt_backpack.async_support) place paced limit
orders over loopback; the table reports orders per second and the latency of
createOrder (p50, p99), client-side, signing and parsing included.

    python bench/load.py [--clients 8] [--rate 500] [--seconds 10] [--markdown]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulator import DEMO_KEYS, SimulatorProcess  # noqa: E402

from ccxt_backpack.async_support import backpack  # noqa: E402


async def client_loop(exchange, index, clients, rate, deadline, latencies, start):
    """Place orders at this client's share of the rate, alternating far-from-market bids and asks."""
    book = await exchange.fetch_order_book("SOL/USDC", 5)
    bid, ask = round(book["bids"][0][0] * 0.9, 2), round(book["asks"][0][0] * 1.1, 2)
    interval = clients / rate if rate else 0
    sent = 0
    while True:
        due = start + sent * interval + index * (interval / clients if rate else 0)
        now = time.perf_counter()
        if now >= deadline:
            return
        if due > now:
            await asyncio.sleep(due - now)
        side = "buy" if sent % 2 == 0 else "sell"
        began = time.perf_counter()
        await exchange.create_order("SOL/USDC", "limit", side, 0.01, bid if side == "buy" else ask)
        latencies.append(time.perf_counter() - began)
        sent += 1


async def measure(url, clients, rate, seconds):
    urls = {"public": url, "private": url, "web": url}
    exchanges = [backpack({**DEMO_KEYS, "urls": {"api": urls}, "enableRateLimit": False, "timeout_on_exit": 0}) for _ in range(clients)]
    try:
        await asyncio.gather(*(exchange.load_markets() for exchange in exchanges))
        latencies: list[float] = []
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(*(client_loop(exchange, i, clients, rate, deadline, latencies, start) for i, exchange in enumerate(exchanges)))
        elapsed = time.perf_counter() - start
        latencies.sort()
        return {
            "orders": len(latencies),
            "per_second": len(latencies) / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(0.99 * (len(latencies) - 1)))] * 1000,
        }
    finally:
        await asyncio.gather(*(exchange.close() for exchange in exchanges))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rate", type=float, default=500, help="orders per second for all clients together (0: as fast as answered)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    with SimulatorProcess("--rate-limit", "0", "--no-noise-trades") as url:
        result = asyncio.run(measure(url, args.clients, args.rate, args.seconds))
    pace = f"{args.rate:g} orders/s asked" if args.rate else "unpaced"
    header = f"| {args.clients} async clients, {pace}, {args.seconds:g} s | orders/s | p50 | p99 |"
    print(header)
    print("|---|---|---|---|")
    print(f"| createOrder (signed) through ccxt_backpack into backpack_sim | {result['per_second']:.0f} | {result['p50_ms']:.1f} ms | {result['p99_ms']:.1f} ms |")
    target_met = result["per_second"] >= 0.97 * args.rate and result["p99_ms"] < 50 if args.rate else True
    return 0 if target_met else 1


if __name__ == "__main__":
    sys.exit(main())
