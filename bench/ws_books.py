"""Micro-benchmark of the order-book sync core (ccxt_backpack.ws_books.SyncedBook), no network.

The same synthetic stream of decoded deltas (levels as [price, amount] floats,
contiguous update ids, changes near the top of the book, a fifth of them
deletions) goes to each applier, all starting from the same snapshot of 1,000
levels a side:

- `SyncedBook.delta()`: the rule (stale, spanning, contiguity) and the levels
  stored with storeArray's logic inlined;
- naive: a function per delta with the same nonce checks, then
  `OrderBookSide.storeArray` per level on ccxt's own OrderBook;
- for the record, ccxt.pro.backpack's `handle_message` on the same deltas as
  decoded JSON frames (decimal strings, µs times): the whole handler the
  issue's targets compare against. It does more than the core (routing, string
  to float, a datetime for every delta), so its column is context, not a
  like-for-like ratio.

Two shapes: single-level deltas (the live feed's usual shape) and 20-level
deltas. The end books are compared (levels and nonce) before anything is
timed. Samples alternate between the appliers, each on fresh copies of the
input (the book keeps the level lists it is given), with the cyclic GC paused;
the table shows medians of process time, and the ratios are the medians of
each round's ratio (a round's samples are adjacent in time, which holds
steadier on a shared machine than the ratio of the medians).

    python bench/ws_books.py [--rounds N] [--deltas N]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
import json
import random
import statistics
import time
from pathlib import Path

import ccxt.pro
from ccxt.async_support.base.ws.order_book import OrderBook

from ccxt_backpack.ws_books import SyncedBook

RESPONSES = Path(__file__).resolve().parent.parent / "generated" / "tests" / "static" / "response" / "backpack.json"

MID = 100_000.0
TICK = 0.5
DEPTH = 1000  # levels a side in the snapshot


def snapshot_levels(rng: random.Random):
    bids = [[MID - TICK * (i + 1), round(rng.uniform(0.01, 5), 5)] for i in range(DEPTH)]
    asks = [[MID + TICK * i, round(rng.uniform(0.01, 5), 5)] for i in range(DEPTH)]
    return bids, asks


def random_level(rng: random.Random, bid: bool):
    """A change near the top of the book (most are), a fifth of them deletions."""
    distance = int(rng.expovariate(1 / 15))
    price = MID - TICK * (distance + 1) if bid else MID + TICK * distance
    amount = 0.0 if rng.random() < 0.2 else round(rng.uniform(0.01, 5), 5)
    return [price, amount]


def stream(rng: random.Random, count: int, levels: int, nonce: int):
    """`count` contiguous deltas of `levels` levels each, starting after `nonce`."""
    deltas = []
    for index in range(count):
        changes = [(rng.random() < 0.5) for _ in range(levels)]
        bids = [random_level(rng, True) for bid in changes if bid]
        asks = [random_level(rng, False) for bid in changes if not bid]
        first = nonce + 1
        nonce += levels  # one update id per level: the delta aggregates them
        deltas.append((first, nonce, bids, asks, 1_760_000_000_000 + index))
    return deltas


def run_synced(snapshot, deltas):
    book = SyncedBook("BTC/USDC")
    book.snapshot(*snapshot)
    delta = book.delta
    started = time.process_time()
    for first, last, bids, asks, timestamp in deltas:
        delta(first, last, bids, asks, timestamp)
    elapsed = time.process_time() - started
    assert book.deltas_applied == len(deltas)
    return elapsed, book.view()


def naive_delta(book, first, last, bids, asks, timestamp):
    nonce = book["nonce"]
    if last <= nonce:
        return
    if first != nonce + 1:
        raise AssertionError("gap")
    for level in bids:
        book["bids"].storeArray(level)
    for level in asks:
        book["asks"].storeArray(level)
    book["nonce"] = last
    book["timestamp"] = timestamp


def run_naive(snapshot, deltas):
    nonce, bids, asks, timestamp = snapshot
    book = OrderBook({"bids": bids, "asks": asks, "nonce": nonce, "timestamp": timestamp, "symbol": "BTC/USDC"})
    started = time.process_time()
    for first, last, bids, asks, timestamp in deltas:
        naive_delta(book, first, last, bids, asks, timestamp)
    elapsed = time.process_time() - started
    return elapsed, book


def pro_exchange():
    """ccxt.pro.backpack with the fixture markets and a client that never connects."""
    exchange = ccxt.pro.backpack()
    raw = json.loads(RESPONSES.read_text())["methods"]["fetchMarkets"][0]["httpResponse"]
    exchange.set_markets(exchange.parse_markets(raw))
    return exchange, exchange.client(exchange.urls["api"]["ws"]["public"])


def frames(deltas):
    """The deltas as the stream sends them, decoded: decimal strings, times in µs."""
    return [
        {
            "stream": "depth.BTC_USDC",
            "data": {
                "e": "depth",
                "E": str(timestamp * 1000 + 7),
                "T": str(timestamp * 1000),
                "U": first,
                "u": last,
                "s": "BTC_USDC",
                "b": [[repr(price), repr(amount)] for price, amount in bids],
                "a": [[repr(price), repr(amount)] for price, amount in asks],
            },
        }
        for first, last, bids, asks, timestamp in deltas
    ]


def run_pro(snapshot, recorded, exchange, client):
    nonce, bids, asks, timestamp = snapshot
    book = exchange.order_book({"bids": bids, "asks": asks, "nonce": nonce, "timestamp": timestamp})
    exchange.orderbooks["BTC/USDC"] = book
    handle = exchange.handle_message
    started = time.process_time()
    for frame in recorded:
        handle(client, frame)
    elapsed = time.process_time() - started
    return elapsed, book


def same_books(ours, theirs):
    return (
        list(ours["bids"]) == list(theirs["bids"])
        and list(ours["asks"]) == list(theirs["asks"])
        and ours["nonce"] == theirs["nonce"]
    )


def measure(levels: int, count: int, rounds: int, exchange, client, seed: int = 11):
    rng = random.Random(seed)
    bids, asks = snapshot_levels(rng)
    nonce = 5_000_000
    snapshot = (nonce, bids, asks, 1_759_999_999_999)
    deltas = stream(rng, count, levels, nonce)
    recorded = frames(deltas)
    appliers = {
        "SyncedBook": run_synced,
        "naive": run_naive,
        "ccxt.pro": lambda snapshot, _: run_pro(snapshot, recorded, exchange, client),
    }
    books = {name: run(copy.deepcopy(snapshot), copy.deepcopy(deltas))[1] for name, run in appliers.items()}
    if not all(same_books(books["SyncedBook"], book) for book in books.values()):
        raise SystemExit(f"{levels}-level deltas: the books differ; nothing timed")
    times = {name: [] for name in appliers}
    for round_ in range(rounds):
        order = list(appliers.items())
        for name, run in order[round_ % len(order) :] + order[: round_ % len(order)]:
            inputs = copy.deepcopy(snapshot), copy.deepcopy(deltas)
            gc.collect()
            gc.disable()
            try:
                elapsed, _ = run(*inputs)
            finally:
                gc.enable()
            times[name].append(elapsed)
    ours = times["SyncedBook"]
    rates = {name: count / statistics.median(samples) for name, samples in times.items()}
    ratios = {
        name: statistics.median(theirs / mine for mine, theirs in zip(ours, samples)) for name, samples in times.items()
    }
    return rates, ratios


async def main():
    """Async only because ccxt.pro's client wants an event loop; nothing is awaited while timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--deltas", type=int, default=20_000, help="single-level deltas a sample (20-level: a tenth)")
    args = parser.parse_args()
    print(f"{'deltas/s':<10}{'SyncedBook':>12}{'naive':>12}{'ours/naive':>12}{'ccxt.pro handler':>18}{'ours/pro':>10}")
    exchange, client = pro_exchange()
    try:
        for levels, count in ((1, args.deltas), (20, max(args.deltas // 10, 1))):
            rates, ratios = measure(levels, count, args.rounds, exchange, client)
            print(
                f"{f'{levels}-level':<10}{rates['SyncedBook']:>12,.0f}{rates['naive']:>12,.0f}{ratios['naive']:>11.2f}x"
                f"{rates['ccxt.pro']:>18,.0f}{ratios['ccxt.pro']:>9.1f}x"
            )
    finally:
        await exchange.close()


if __name__ == "__main__":
    asyncio.run(main())
