"""Loopback latency: from a depth delta's engine time to the moment our watcher's await returns.

A simulator in a process of its own (so that it does not take the interpreter lock from the
client) makes single-level changes to BTC_USDC's book (bench/ws_driver.py) at a steady rate,
from a task on its own event loop, and notes the engine time (`T`, µs) of each depth frame by
its last update id. In this process, ccxt_backpack.pro.backpack watches the book over
127.0.0.1 (the REST snapshot, then the deltas), calling watch_order_book in a loop as a user
would, and notes the wall-clock time each call returns and the book's update id then. A delta's
latency is the time from its engine time to the first return whose book holds it (several
deltas read in one go are all served by one return; each counts from its own engine time).
`T` is stamped before the frame is queued to be sent, so the simulator's own sending is in the
figure too. Both processes read the same clock (time.time_ns).

    python bench/ws_latency.py [--rate 500] [--seconds 10] [--markdown]

The simulator side is this script too, run as `python bench/ws_latency.py --serve`.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
SYMBOL, MARKET_ID = "BTC/USDC", "BTC_USDC"
SEED_LEVELS = 1000
TARGET_P99_MS = 5.0  # the target at 500 deltas/s


# ------------------------------------------------------------------ the simulator's process


def serve() -> None:
    """The simulator side: READY <rest url>, then on `GO <rate> <seconds>` the changes, DONE <count>,
    and on `REPORT` the engine time of each depth frame as JSON ({last update id: T µs})."""
    from backpack_sim import SimulatorThread
    from ws_driver import BookDriver

    with SimulatorThread(market_maker=False, noise_trades=False, history=False, tick_interval=3600, seed=11) as sim:
        driver = sim.call(BookDriver, sim.sim, 11)
        sim.call(driver.seed_book, SEED_LEVELS)
        engine_times: dict[int, int] = {}
        hub = sim.sim.hub
        publish = hub.depth

        def noted(market, first_id, last_id, bids, asks, engine_us):
            engine_times[last_id] = engine_us
            publish(market, first_id, last_id, bids, asks, engine_us)

        sim.call(setattr, hub, "depth", noted)
        print("READY", sim.rest_url, flush=True)
        for line in sys.stdin:
            command, *arguments = line.split()
            if command == "GO":
                finished: concurrent.futures.Future = concurrent.futures.Future()
                # the task is held here while it runs: the loop keeps only a weak reference
                running = sim.call(
                    lambda: asyncio.ensure_future(paced(driver, float(arguments[0]), float(arguments[1]), finished))
                )
                print("DONE", finished.result(), flush=True)
                del running
            elif command == "REPORT":
                print(json.dumps(sim.call(dict, engine_times)), flush=True)


async def paced(driver, rate: float, seconds: float, finished: concurrent.futures.Future) -> None:
    """`rate` single-level changes a second for `seconds`, each at its due time (late ones at once);
    `finished` gets how many were made."""
    loop = asyncio.get_running_loop()
    start, count = loop.time(), 0
    try:
        while count < rate * seconds:
            wait = start + count / rate - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            driver.single_change()
            count += 1
    finally:
        finished.set_result(count)


# ------------------------------------------------------------------ the watching process


class Simulator:
    """The simulator's process, driven through its stdin and stdout."""

    def __enter__(self) -> "Simulator":
        environment = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = self.process.stdout.readline().split()
        if not ready or ready[0] != "READY":
            self.__exit__()
            raise RuntimeError("the simulator did not start")
        self.rest_url = ready[1]
        return self

    def ask(self, command: str) -> str:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline()

    def __exit__(self, *exc_info) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def watch(rest_url: str, simulator: Simulator, rate: float, seconds: float) -> tuple[list, int, dict]:
    """(update id, µs) of every return of watch_order_book while the simulator makes its changes,
    how many it made, and the engine time of each (update id -> µs)."""
    from ccxt_backpack.pro import backpack

    exchange = backpack({"enableRateLimit": False, "options": {"server": rest_url}})
    loop = asyncio.get_running_loop()
    returns: list = []

    async def watching() -> None:  # a user's loop
        while True:
            book = await exchange.watch_order_book(SYMBOL)
            returns.append((book["nonce"], time.time_ns() // 1000))

    try:
        await exchange.load_markets()
        start = (await exchange.watch_order_book(SYMBOL))["nonce"]  # in sync: no change made yet
        watcher = asyncio.ensure_future(watching())
        made = int((await loop.run_in_executor(None, simulator.ask, f"GO {rate} {seconds}")).split()[1])
        report = json.loads(await loop.run_in_executor(None, simulator.ask, "REPORT"))
        engine_times = {int(update_id): us for update_id, us in report.items() if int(update_id) > start}
        deadline = loop.time() + 2  # for the last frames; what is left then never arrived
        while (not returns or returns[-1][0] < max(engine_times)) and loop.time() < deadline:
            await asyncio.sleep(0.01)
        watcher.cancel()
        return returns, made, engine_times
    finally:
        await exchange.close()


def latencies(returns: list, engine_times: dict) -> tuple[list, int]:
    """Each delta's latency (µs) from its engine time to the first return that holds it, and how many
    deltas no return held."""
    served = []
    pending = sorted(engine_times)
    position = 0
    for nonce, returned in sorted(returns):
        while position < len(pending) and pending[position] <= nonce:
            served.append(returned - engine_times[pending[position]])
            position += 1
    return served, len(pending) - position


def percentile(values: list, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=500, help="depth deltas a second (default 500)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--markdown", action="store_true", help="print only the markdown table")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    with Simulator() as simulator:
        returns, made, engine_times = asyncio.run(watch(simulator.rest_url, simulator, args.rate, args.seconds))
    served, unserved = latencies(returns, engine_times)
    p50, p99 = (percentile(served, fraction) / 1000 for fraction in (0.5, 0.99))
    if not args.markdown:
        print(
            f"python {sys.version.split()[0]}; {made} single-level deltas asked at {args.rate:g}/s for {args.seconds:g} s;"
            f" {len(returns)} returns of watch_order_book held {len(served)} of them ({unserved} never held)\n"
        )
    print(f"| loopback, {args.rate:g} depth deltas/s, {args.seconds:g} s | deltas | p50 | p99 | max |")
    print("|---|---|---|---|---|")
    print(
        f"| engine time T -> watch_order_book returns (ccxt_backpack) | {len(served)} | {p50:.2f} ms | {p99:.2f} ms"
        f" | {max(served) / 1000:.2f} ms |"
    )
    if not args.markdown:
        print(f"\np99 target ({TARGET_P99_MS:g} ms): {'met' if p99 < TARGET_P99_MS else 'missed'}")
    return 0 if p99 < TARGET_P99_MS and not unserved else 1


if __name__ == "__main__":
    sys.exit(main())
