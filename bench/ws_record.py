"""Record the stream bench/ws_run.py replays: frames as the simulator's /ws sends them, over 127.0.0.1.

A quiet simulator (no market maker, no noise trades), a book of 1,000 levels a side on BTC_USDC
(bench/ws_driver.py; as deep as the REST snapshot our class takes, limit 1000), and one socket
subscribed to depth.BTC_USDC and trade.BTC_USDC. Then three parts, each the frames of a run of
engine operations, paced (ten operations, 10 ms) so that their times spread over seconds as a
live feed's do:

- `depth, 1 level`: 1,000 operations that each change one level (the live feed's usual delta);
- `depth, 10-20 levels`: 300 operations that each change 10 to 20 levels of both sides;
- `trades`: 100 sweeps of the best 1 to 3 levels of a side, each a trade frame per maker order
  filled (and a depth frame, not kept), the levels put back after each.

Each depth part starts with the REST book (GET /api/v1/depth, limit 1000) taken once the socket
is subscribed and the market quiet, so that its first delta follows the snapshot's update id.
The output, bench/ws_stream.jsonl, has one line per frame, the text exactly as received; a
part starts with a line {"part": name, "snapshot": REST answer or null}. Seeded, so a second
recording differs only in the times.

    python bench/ws_record.py [--output bench/ws_stream.jsonl]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ws_driver import MARKET_ID, BookDriver  # noqa: E402

from backpack_sim import SimulatorThread  # noqa: E402

OUTPUT = Path(__file__).resolve().parent / "ws_stream.jsonl"
SEED_LEVELS = 1000
PACE = (10, 0.01)  # operations, then a pause of seconds
DEPTH_STREAM, TRADE_STREAM = f"depth.{MARKET_ID}", f"trade.{MARKET_ID}"


class Recorder:
    """The frames of one socket, as text, with what they carry counted as they come."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.last_update_id = 0
        self.trades = 0

    async def read(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for message in socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            if frame.get("stream") == DEPTH_STREAM:
                self.last_update_id = frame["data"]["u"]
            elif frame.get("stream") == TRADE_STREAM:
                self.trades += 1
            self.texts.append(message.data)

    async def until(self, condition, timeout: float = 30.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the simulator did not send every frame in time")
            await asyncio.sleep(0.01)


async def part(sim, driver, recorder, session, name, operations, keep, snapshot):
    """Run `operations` (callables run on the simulator's loop), paced; the frames they caused that
    `keep` accepts, after a marker line with the REST book taken first (when `snapshot`)."""
    book = None
    if snapshot:
        async with session.get(f"{sim.rest_url}/api/v1/depth", params={"symbol": MARKET_ID, "limit": "1000"}) as answer:
            book = await answer.json()
    start = len(recorder.texts)
    chunk, pause = PACE
    for index in range(0, len(operations), chunk):
        sim.call(lambda batch=operations[index : index + chunk]: [operation() for operation in batch])
        await asyncio.sleep(pause)
    engine_book = sim.sim.engine.markets[MARKET_ID].book
    await recorder.until(lambda: recorder.last_update_id == engine_book.update_id and recorder.trades == driver.trades)
    frames = [text for text in recorder.texts[start:] if keep(text)]
    if book is not None:
        first = json.loads(frames[0])["data"]
        assert first["U"] == int(book["lastUpdateId"]) + 1, "the snapshot is not the update before the first delta"
    return [json.dumps({"part": name, "snapshot": book}, separators=(",", ":"))] + frames


async def record(output: Path) -> None:
    with SimulatorThread(market_maker=False, noise_trades=False, history=False, tick_interval=3600, seed=11) as sim:
        driver = sim.call(BookDriver, sim.sim, 11)
        sim.call(driver.seed_book, SEED_LEVELS)
        recorder = Recorder()
        async with aiohttp.ClientSession() as session, session.ws_connect(sim.ws_url) as socket:
            reading = asyncio.ensure_future(recorder.read(socket))
            await socket.send_json({"method": "SUBSCRIBE", "params": [DEPTH_STREAM, TRADE_STREAM]})
            hub = sim.sim.hub
            await recorder.until(lambda: sim.call(lambda: hub.wants(DEPTH_STREAM) and hub.wants(TRADE_STREAM)))
            rng = driver.rng
            is_depth = lambda text: text.startswith('{"stream":"depth.')  # noqa: E731
            is_trade = lambda text: text.startswith('{"stream":"trade.')  # noqa: E731
            parts = [
                ("depth, 1 level", [driver.single_change] * 1000, is_depth, True),
                (
                    "depth, 10-20 levels",
                    [lambda k=rng.randint(10, 20): driver.multi_change(k) for _ in range(300)],
                    is_depth,
                    True,
                ),
                ("trades", [lambda k=rng.randint(1, 3): driver.sweep(k) for _ in range(100)], is_trade, False),
            ]
            lines = []
            for name, operations, keep, snapshot in parts:
                lines += await part(sim, driver, recorder, session, name, operations, keep, snapshot)
            reading.cancel()
    output.write_text("\n".join(lines) + "\n")
    counts = {}
    for line in lines:
        if line.startswith('{"part"'):
            name = json.loads(line)["part"]
            counts[name] = 0
        else:
            counts[name] += 1
    print(f"wrote {output}: " + ", ".join(f"{name}: {count} frames" for name, count in counts.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    asyncio.run(record(args.output))


if __name__ == "__main__":
    main()
