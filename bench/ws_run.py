"""Benchmark: our WebSocket handlers against ccxt.pro.backpack's and the floor, on a recorded stream.

The frames of bench/ws_stream.jsonl (recorded from the simulator by bench/ws_record.py; three
parts: single-level depth deltas, 10-20-level depth deltas, trades) go, decoded, to three
`handle_message(client, message)`: the generated ccxt_backpack.pro.backpack's, ccxt's own
ccxt.pro.backpack's, and the hand-written floor's (bench/ws_floor.py). No network: each
exchange has the markets of the REST fixtures, a client that only records what it is asked
to resolve, and, for a depth part, the book primed from the part's REST snapshot, the same
levels for all three.

First the outputs are compared, frame by frame, and any difference stops the run: each book
after each delta (levels, update id, time, datetime) and each trade parsed. ccxt.pro's trades
are compared on every key but `timestamp` and `datetime`, which it takes from the frame's send
time E where ours take the engine's time T (ws-notes.md §1.4, B14; counted and shown), and
`order` (ours None: a public trade's two order ids name no order of the user; ccxt.pro gives
the taker's). The floor must equal ours exactly, types too.

Then each part is timed: samples alternate between the three (a different one first each
round), each a pass over the part's frames on freshly primed state, in process time, the
cyclic GC on (as in use; what was loaded before timing is frozen out of it) and collected
before each sample. The table shows the median time
per frame; the ratios are the medians of each round's ratio (a round's samples are adjacent
in time, which holds steadier on a shared machine than the ratio of the medians).

    python bench/ws_run.py [--rounds N] [--markdown] [--only TEXT]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, NamedTuple

import ccxt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import first_difference, raw_markets  # noqa: E402
from ws_floor import Floor  # noqa: E402

from ccxt_backpack.pro import backpack as ours_class  # noqa: E402

# ccxt's own class, from its module: ccxt.pro.backpack is ours once register() has run
ccxt_class = importlib.import_module("ccxt.pro.backpack").backpack

STREAM = Path(__file__).resolve().parent / "ws_stream.jsonl"
MARKET_ID, SYMBOL = "BTC_USDC", "BTC/USDC"
DEPTH, TRADES = f"depth.{MARKET_ID}", f"trade.{MARKET_ID}"
# the targets: how many times faster than ccxt.pro.backpack's handler each part must be
TARGETS = {"depth, 1 level": 5.0, "depth, 10-20 levels": 2.0, "trades": 3.0}
NOT_COMPARED = ("timestamp", "datetime", "order")  # in ccxt.pro's trades: see the module's docstring


class Part(NamedTuple):
    name: str
    snapshot: dict | None  # the REST book (GET /api/v1/depth) the part's deltas follow
    frames: list  # decoded, as ccxt's client hands them to handle_message


def load_parts(path: Path = STREAM) -> list[Part]:
    parts: list[Part] = []
    for line in path.read_text().splitlines():
        decoded = json.loads(line)
        if "part" in decoded:
            parts.append(Part(decoded["part"], decoded["snapshot"], []))
        else:
            parts[-1].frames.append(decoded)
    return parts


class RecordingClient:
    """Stands for ccxt's client: what the handlers resolve and reject is recorded, nothing is sent."""

    def __init__(self) -> None:
        self.resolved: list = []
        self.rejected: list = []
        self.subscriptions: dict = {}
        self.futures: dict = {}
        self.rejections: dict = {}

    def resolve(self, result: Any, message_hash: str) -> Any:
        self.resolved.append((message_hash, result))
        return result

    def reject(self, error: BaseException, message_hash: str | None = None) -> None:
        self.rejected.append((message_hash, error))


def snapshot_book(snapshot: dict) -> tuple[int, list, list, int]:
    """The REST book as fetchOrderBook has it: update id, fresh [price, amount] float lists, time in ms."""
    levels = lambda side: [[float(price), float(amount)] for price, amount in snapshot[side]]  # noqa: E731
    return int(snapshot["lastUpdateId"]), levels("bids"), levels("asks"), snapshot["timestamp"] // 1000


def with_markets(exchange):
    exchange.set_markets([market for market in (exchange.parse_market(raw) for raw in raw_markets()) if market])
    return exchange


class Implementation:
    """One handle_message with its state: `prime` makes fresh state for a part and gives the client."""

    name: str
    handle: Callable

    def prime(self, part: Part) -> RecordingClient:
        raise NotImplementedError

    def book(self) -> Any:
        """The book as its watchers get it."""
        raise NotImplementedError

    def last_trade(self) -> dict:
        raise NotImplementedError


class Ours(Implementation):
    name = "ccxt_backpack"

    def __init__(self) -> None:
        self.exchange = with_markets(ours_class({"enableRateLimit": False}))
        self.handle = self.exchange.handle_message

    def prime(self, part: Part) -> RecordingClient:
        exchange, client = self.exchange, RecordingClient()
        exchange.ws_topics.clear()
        exchange.ws_books.clear()
        exchange.orderbooks, exchange.trades = {}, {}
        exchange.ws_add(client, "watchOrderBook", DEPTH, SYMBOL)
        exchange.ws_add(client, "watchTrades", TRADES, SYMBOL)
        if part.snapshot is not None:
            exchange.ws_book(exchange.ws_topics[DEPTH]).snapshot(*snapshot_book(part.snapshot))
        return client

    def book(self) -> Any:
        return self.exchange.ws_books[DEPTH].view()

    def last_trade(self) -> dict:
        return self.exchange.trades[SYMBOL][-1]


class CcxtPro(Implementation):
    name = "ccxt.pro.backpack"

    def __init__(self) -> None:
        self.exchange = with_markets(ccxt_class({"enableRateLimit": False}))
        self.handle = self.exchange.handle_message

    def prime(self, part: Part) -> RecordingClient:
        exchange = self.exchange
        exchange.orderbooks, exchange.trades = {}, {}
        if part.snapshot is not None:
            nonce, bids, asks, timestamp = snapshot_book(part.snapshot)
            book = {"bids": bids, "asks": asks, "nonce": nonce, "timestamp": timestamp, "symbol": SYMBOL}
            exchange.orderbooks[SYMBOL] = exchange.order_book(book)
        return RecordingClient()

    def book(self) -> Any:
        return self.exchange.orderbooks[SYMBOL]

    def last_trade(self) -> dict:
        return self.exchange.trades[SYMBOL][-1]


class FloorHandlers(Implementation):
    name = "floor"

    def __init__(self, markets_by_id: dict) -> None:
        self.markets_by_id = markets_by_id
        self.handle = None

    def prime(self, part: Part) -> RecordingClient:
        self.floor = Floor(self.markets_by_id)
        self.handle = self.floor.handle_message
        if part.snapshot is not None:
            self.floor.watch_book(DEPTH, SYMBOL, *snapshot_book(part.snapshot))
        self.floor.watch_trades(TRADES)
        return RecordingClient()

    def book(self) -> Any:
        return self.floor.view(SYMBOL)

    def last_trade(self) -> dict:
        return self.floor.trades[SYMBOL][-1]


def book_state(book) -> dict:
    """What a book watcher reads: levels (the sides themselves: compared, not copied), update id,
    time, datetime, symbol."""
    return {key: book[key] for key in ("bids", "asks", "nonce", "timestamp", "datetime", "symbol")}


def checked(part: Part, ours: Ours, theirs: CcxtPro, low: FloorHandlers) -> str:
    """Feed the part frame by frame to all three and compare after each frame; what was compared, as text."""
    clients = {implementation: implementation.prime(part) for implementation in (ours, theirs, low)}
    depth = part.snapshot is not None
    stamped_by_send_time = 0
    for position, frame in enumerate(part.frames):
        for implementation, client in clients.items():
            resolved = len(client.resolved)
            implementation.handle(client, frame)
            expected = 2 if implementation is theirs and not depth else 1  # ccxt.pro resolves 'trades' too
            if client.rejected or len(client.resolved) - resolved != expected:
                raise SystemExit(
                    f"{part.name}, frame {position}: {implementation.name} resolved {client.resolved[resolved:]!r:.300}, rejected {client.rejected!r:.300}"
                )
        if ours.exchange.ws_unrouted_errors:
            raise SystemExit(f"{part.name}, frame {position}: ccxt_backpack: {ours.exchange.ws_unrouted_errors[-1]!r}")
        if depth:
            mine, builtin, lowest = (book_state(implementation.book()) for implementation in (ours, theirs, low))
        else:
            mine, builtin, lowest = (implementation.last_trade() for implementation in (ours, theirs, low))
            stamped_by_send_time += mine["timestamp"] != builtin["timestamp"]
            builtin = {key: value for key, value in builtin.items() if key not in NOT_COMPARED}
        for other, found in (
            (theirs.name, first_difference({key: mine[key] for key in builtin}, builtin, "ours")),
            (low.name, first_difference(lowest, mine, "floor")),
        ):
            if found:
                raise SystemExit(f"{part.name}, frame {position}: ccxt_backpack and {other} differ: {found}")
    if depth:
        return f"{part.name}: {len(part.frames)} books equal after every delta"
    return (
        f"{part.name}: {len(part.frames)} trades equal but for {', '.join(NOT_COMPARED)} (ccxt.pro's time from E on"
        f" {stamped_by_send_time} of them)"
    )


def sample(implementation: Implementation, part: Part, passes: int) -> float:
    """Process seconds per frame, over `passes` passes on freshly primed state (priming not timed)."""
    elapsed = 0.0
    for _ in range(passes):
        client = implementation.prime(part)
        handle, frames = implementation.handle, part.frames
        gc.collect()
        started = time.process_time()
        for frame in frames:
            handle(client, frame)
        elapsed += time.process_time() - started
    return elapsed / (passes * len(part.frames))


class Row(NamedTuple):
    label: str
    frames: int
    builtin: float  # median seconds a frame: ccxt.pro.backpack
    ours: float
    floor: float
    vs_builtin: float  # median over the rounds of ours / builtin
    vs_floor: float  # median over the rounds of ours / floor


def measure(part: Part, implementations: list, rounds: int) -> Row:
    passes = max(
        1, round(0.02 / (sample(implementations[0], part, 1) * len(part.frames)))
    )  # ~20 ms a sample of the slowest
    times: list[list[float]] = [[] for _ in implementations]
    for round_ in range(rounds):
        for i in range(len(implementations)):  # alternate, starting with a different one each round
            index = (round_ + i) % len(implementations)
            times[index].append(sample(implementations[index], part, passes))
    builtin, mine, lowest = times
    return Row(
        part.name,
        len(part.frames),
        *(statistics.median(series) for series in times),
        statistics.median(m / b for m, b in zip(mine, builtin)),
        statistics.median(m / f for m, f in zip(mine, lowest)),
    )


def show(seconds: float) -> str:
    return f"{seconds * 1e6:.2f} µs"


async def main(argv=None) -> int:
    """Async only because ccxt's async exchanges want a loop to close in; nothing is awaited while timing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=31, help="samples per implementation (default 31)")
    parser.add_argument("--markdown", action="store_true", help="print only the markdown table")
    parser.add_argument("--only", help="only the parts whose name contains this text")
    args = parser.parse_args(argv)
    ours, theirs = Ours(), CcxtPro()
    low = FloorHandlers(ours.exchange.markets_by_id)
    try:
        parts = [part for part in load_parts() if not args.only or args.only.lower() in part.name.lower()]
        notes = [checked(part, ours, theirs, low) for part in parts]
        gc.freeze()  # what is loaded stays: the collections before and during the samples skip it
        rows = [measure(part, [theirs, ours, low], args.rounds) for part in parts]
    finally:
        await asyncio.gather(ours.exchange.close(), theirs.exchange.close())
    lines = [
        f"| frames (median of {args.rounds} samples, per frame) | ccxt.pro.backpack {ccxt.__version__} | ccxt_backpack | floor | ours/ccxt.pro | faster (target) | ours/floor |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {row.label} ({row.frames:,}) | {show(row.builtin)} | {show(row.ours)} | {show(row.floor)} | {row.vs_builtin:.2f}x"
        f" | {1 / row.vs_builtin:.1f}x ({TARGETS[row.label]:g}x) | {row.vs_floor:.2f}x |"
        for row in rows
    ]
    missed = [row.label for row in rows if 1 / row.vs_builtin < TARGETS[row.label]]
    if not args.markdown:
        print(
            f"python {sys.version.split()[0]}; outputs compared first:\n"
            + "\n".join(f"- {note}" for note in notes)
            + "\n"
        )
    print("\n".join(lines))
    if not args.markdown:
        print(f"\ntargets missed: {'; '.join(missed) if missed else 'none'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
