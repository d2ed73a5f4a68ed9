"""The long runs of the WebSocket connection supervisor (`make soak-ws`; about 6 minutes).

Two soaks against the simulator, each ending with a verdict line, exit status 1 if any fails:

1. drops: 10 drops in 60 s (a TCP cut every 6 s) on a quiet market where the soak itself
   makes a trade and a book change every 0.1 s. Each drop: the waiting callers get a
   NetworkError within 1 s, every stream is subscribed again within 2 s with no call, and
   the book is never served stale (it equals REST at the same update id once back). In the
   end every trade id was handed out exactly once, and the book took one snapshot a drop.
2. drop rate: a small `ws_drop_rate` (tuned to about one drop per 15 s from the frame rate
   measured first) for 5 minutes on 3 markets with the market maker running, and the
   trades, book and ticker of each watched: every call resolves or raises within 10 s; in
   the end no trade id is missing or doubled and the books equal REST.

    python tests/soak_ws.py [--drops-seconds 60] [--rate-seconds 300]
"""

import argparse
import asyncio
import os
import statistics
import sys
import time

sys.path[:0] = [os.path.dirname(os.path.abspath(__file__)), os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]

from ccxt.base.errors import NetworkError  # noqa: E402

from backpack_sim import SimulatorThread  # noqa: E402
from ccxt_backpack.async_support import backpack as rest_backpack  # noqa: E402
from test_ws_reconnect import book_equals_rest, subscribed  # noqa: E402
from ws_support import Engine, ours  # noqa: E402

MARKETS = {"SOL/USDC": "SOL_USDC", "ETH/USDC": "ETH_USDC", "BTC/USDC": "BTC_USDC"}


class TimedLoop:
    """A trader's loop that times every call: how long until it resolved or raised."""

    def __init__(self, name, call):
        self.name, self.call = name, call
        self.durations, self.results, self.errors, self.other_errors = [], [], [], []
        self.started_at = None
        self.task = asyncio.ensure_future(self.run())

    async def run(self):
        while True:
            self.started_at = time.monotonic()
            try:
                self.results.append(await self.call())
            except NetworkError as error:
                self.errors.append(error)
            except Exception as error:  # noqa: BLE001 - a soak reports every error kind
                self.other_errors.append(error)
                await asyncio.sleep(0.1)
            self.durations.append(time.monotonic() - self.started_at)

    def longest(self):
        """The longest call, the one still waiting included."""
        waiting = time.monotonic() - self.started_at if self.started_at is not None else 0
        return max([waiting, *self.durations])

    def trade_ids(self):
        return [int(trade["id"]) for batch in self.results for trade in batch]

    def stop(self):
        if self.task.done():
            raise AssertionError(f"{self.name}: the loop ended with {self.task.exception()!r}")
        self.task.cancel()


def check(failures, condition, text):
    print(("ok    " if condition else "FAIL  ") + text, flush=True)
    if not condition:
        failures.append(text)


def contiguous(ids):
    return sorted(ids) == list(range(min(ids), max(ids) + 1)) if ids else False


async def soak_drops(sim, seconds, failures):
    engine = Engine(sim)
    exchange = ours(sim)
    rest = rest_backpack({"enableRateLimit": False, "options": {"server": sim.rest_url}})
    drops = 10
    try:
        await asyncio.gather(exchange.load_markets(), rest.load_markets())
        trades = TimedLoop("trades", lambda: exchange.watch_trades("SOL/USDC"))
        books = TimedLoop("book", lambda: exchange.watch_order_book("BTC/USDC"))
        await subscribed(sim, exchange, ["trade.SOL_USDC", "depth.BTC_USDC"], 5)
        first = sim.sim.engine.markets["SOL_USDC"].data.next_trade_id

        async def activity():
            while True:
                engine.trade("SOL_USDC", "150.5")
                engine.new_level("BTC_USDC", "Ask")
                await asyncio.sleep(0.1)

        busy = asyncio.ensure_future(activity())
        rejected_in, back_in, started = [], [], time.monotonic()
        for drop in range(drops):
            await asyncio.sleep(max(0.0, started + (drop + 1) * seconds / drops - 1 - time.monotonic()))
            errors = len(trades.errors)
            dropped_at = time.monotonic()
            sim.call(sim.sim.drop_ws_connections)
            while len(trades.errors) == errors and time.monotonic() - dropped_at < 5:
                await asyncio.sleep(0.001)
            rejected_in.append(time.monotonic() - dropped_at)
            await subscribed(sim, exchange, ["trade.SOL_USDC", "depth.BTC_USDC"], 5)
            back_in.append(time.monotonic() - dropped_at)
            await book_equals_rest(exchange, rest, "BTC/USDC", engine.new_level)
        busy.cancel()
        await asyncio.sleep(1)
        expected = list(range(first, sim.sim.engine.markets["SOL_USDC"].data.next_trade_id))
        ids = trades.trade_ids()
        ids = [number for number in ids if number >= first]
        sync = exchange.ws_books["depth.BTC_USDC"]
        print(
            f"drops: {drops} in {time.monotonic() - started:.0f} s; callers rejected after"
            f" {max(rejected_in) * 1000:.0f} ms at most, resubscribed after {max(back_in) * 1000:.0f} ms at most"
            f" (median {statistics.median(back_in) * 1000:.0f} ms); {len(expected)} trades;"
            f" book snapshots {sync.snapshots}, gaps {sync.gaps}",
            flush=True,
        )
        check(failures, max(rejected_in) < 1, "drops: the waiting callers got a NetworkError within 1 s of each drop")
        check(failures, max(back_in) < 2, "drops: every stream subscribed again within 2 s, with no call")
        check(failures, sorted(ids) == expected, "drops: every trade id handed out, none missed")
        check(failures, len(ids) == len(set(ids)), "drops: no trade handed out twice")
        check(failures, sync.snapshots == drops + 1 + sync.gaps, "drops: one fresh book snapshot a drop")
        check(failures, not trades.other_errors and not books.other_errors, "drops: no error but NetworkError")
        trades.stop()
        books.stop()
    finally:
        await asyncio.gather(exchange.close(), rest.close())


async def soak_drop_rate(sim, seconds, failures):
    exchange = ours(sim)
    rest = rest_backpack({"enableRateLimit": False, "options": {"server": sim.rest_url}})
    try:
        await asyncio.gather(exchange.load_markets(), rest.load_markets())
        loops = []
        for symbol in MARKETS:
            loops += [
                TimedLoop(f"trades {symbol}", lambda symbol=symbol: exchange.watch_trades(symbol)),
                TimedLoop(f"book {symbol}", lambda symbol=symbol: exchange.watch_order_book(symbol)),
                TimedLoop(f"ticker {symbol}", lambda symbol=symbol: exchange.watch_ticker(symbol)),
            ]
        streams = [f"{kind}.{market_id}" for market_id in MARKETS.values() for kind in ("trade", "depth", "ticker")]
        await subscribed(sim, exchange, streams, 5)
        firsts = {market_id: sim.sim.engine.markets[market_id].data.next_trade_id for market_id in MARKETS.values()}
        engine = Engine(sim)

        def take_best_ask(market_id):  # on the simulator's loop
            best = sim.sim.engine.markets[market_id].book.side(False).best()
            if best is not None:
                quantity = Engine.MARKETS[market_id][2]
                order = {"symbol": market_id, "side": "Bid", "orderType": "Limit", "price": str(best.price)}
                sim.sim.engine.place_order(engine.taker, {**order, "quantity": quantity})

        async def activity():  # a trade on each market every half second at least (the noise trader's come on top)
            while True:
                for market_id in MARKETS.values():
                    sim.call(take_best_ask, market_id)
                await asyncio.sleep(0.5)

        busy = asyncio.ensure_future(activity())
        sent = sim.call(sim.sim.ws_stats)
        measured_at = time.monotonic()
        await asyncio.sleep(5)
        frames = [c["frames_sent"] for c in sim.call(sim.sim.ws_stats)["connections"] if c["open"]]
        frames_per_s = (sum(frames) - sum(c["frames_sent"] for c in sent["connections"] if c["open"])) / (
            time.monotonic() - measured_at
        )
        rate = 1 / (15 * max(frames_per_s, 1))
        sim.call(sim.sim.set_faults, ws_drop_rate=rate)
        print(f"drop rate: {frames_per_s:.0f} frames/s, ws_drop_rate={rate:.5f}", flush=True)
        sent = sent["totals"]
        started, longest = time.monotonic(), 0.0
        while time.monotonic() - started < seconds:
            await asyncio.sleep(1)
            longest = max(longest, *(loop.longest() for loop in loops))
        sim.call(sim.sim.set_faults, ws_drop_rate=0)
        busy.cancel()
        totals = sim.call(sim.sim.ws_stats)["totals"]
        await subscribed(sim, exchange, streams, 5)
        await asyncio.sleep(2)  # the last catch-ups
        books_equal = []
        for symbol in MARKETS:  # the top of the book: REST gives 1,000 levels, the market maker keeps more
            try:
                books_equal.append(await book_equals_rest(exchange, rest, symbol, lambda _: None, 200, 100) is not None)
            except AssertionError as difference:
                print(f"{symbol}: {difference}", flush=True)
                books_equal.append(False)
        # the noise trader trades on: the trades made by now must all be in within a second
        ends = {market_id: sim.sim.engine.markets[market_id].data.next_trade_id for market_id in MARKETS.values()}
        await asyncio.sleep(1)
        durations = sorted(d for loop in loops for d in loop.durations)
        calls = len(durations)
        print(
            f"drop rate: {totals['dropped_by_fault'] - sent['dropped_by_fault']} drops in {seconds} s,"
            f" {exchange.ws_reconnects} reconnects, {calls} calls: p50 {durations[calls // 2] * 1000:.0f} ms,"
            f" p99 {durations[calls * 99 // 100] * 1000:.0f} ms, longest {longest:.2f} s;"
            f" NetworkErrors {sum(len(loop.errors) for loop in loops)}",
            flush=True,
        )
        check(
            failures,
            totals["dropped_by_fault"] - sent["dropped_by_fault"] >= 3,
            "drop rate: the fault dropped the socket",
        )
        slowest = max(loops, key=lambda loop: max(loop.durations, default=0))
        check(failures, longest < 10, f"drop rate: every call resolved or raised within 10 s ({slowest.name} slowest)")
        check(failures, not any(loop.other_errors for loop in loops), "drop rate: no error but NetworkError")
        check(failures, all(books_equal), "drop rate: the books equal REST at the same update id (top 100 levels)")
        for symbol, market_id in MARKETS.items():
            [trades] = [loop for loop in loops if loop.name == f"trades {symbol}"]
            ids = trades.trade_ids()
            missing = sorted(set(range(min(ids), ends[market_id])) - set(ids))
            check(
                failures,
                not missing and len(ids) == len(set(ids)) and min(ids) <= firsts[market_id] + 1,
                f"drop rate: {symbol}: {len(ids)} trades, none missed, none twice (missing: {missing[:10]})",
            )
        for loop in loops:
            loop.stop()
    finally:
        await asyncio.gather(exchange.close(), rest.close())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drops-seconds", type=float, default=60)
    parser.add_argument("--rate-seconds", type=float, default=300)
    arguments = parser.parse_args()
    failures = []
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as sim:
        asyncio.run(soak_drops(sim, arguments.drops_seconds, failures))
    with SimulatorThread(market_maker=True, history=False, seed=5) as sim:
        asyncio.run(soak_drop_rate(sim, arguments.rate_seconds, failures))
    print("FAILED: " + "; ".join(failures) if failures else "all soaks passed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
