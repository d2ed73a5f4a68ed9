"""Raw WebSocket helpers for the simulator tests (aiohttp client, no ccxt)."""

from __future__ import annotations

import asyncio
import json
import time
from decimal import Decimal

import aiohttp
import requests


def run(coroutine, timeout: float = 20):
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


def in_thread(function, *args):
    return asyncio.get_running_loop().run_in_executor(None, function, *args)


async def subscribe(ws, *streams, signature=None, confirm=True):
    message = {"method": "SUBSCRIBE", "params": list(streams)}
    if signature:
        message["signature"] = signature
    await ws.send_str(json.dumps(message))
    if confirm:
        # Frames are handled in order: the error for a bogus stream proves the subscribe was applied.
        await ws.send_str(json.dumps({"method": "SUBSCRIBE", "params": ["bogus"], "id": 99}))
        while True:
            frame = json.loads((await ws.receive()).data)
            if frame.get("id") == 99:
                assert frame["error"]["code"] == 4006
                return


async def next_data(ws, stream_prefix):
    while True:
        message = await ws.receive()
        assert message.type == aiohttp.WSMsgType.TEXT, message
        frame = json.loads(message.data)
        if frame.get("stream", "").startswith(stream_prefix):
            return frame


def apply_depth(book: dict, data: dict) -> None:
    """Set each level of a depth delta (absolute quantities; zero removes the level)."""
    for side in ("a", "b"):
        for price, quantity in data[side]:
            if Decimal(quantity) == 0:
                book[side].pop(price, None)
            else:
                book[side][price] = quantity


def rest_book(rest_url: str, symbol: str = "SOL_USDC") -> tuple[dict, int]:
    snapshot = requests.get(rest_url + "/api/v1/depth", params={"symbol": symbol}, timeout=10).json()
    book = {"a": dict(map(tuple, snapshot["asks"])), "b": dict(map(tuple, snapshot["bids"]))}
    return book, int(snapshot["lastUpdateId"])


def ws_stats(rest_url: str) -> dict:
    response = requests.get(rest_url + "/_sim/ws/stats", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def connection_stats(rest_url: str, ws) -> dict:
    """The simulator's counters for this client connection (found by its local address)."""
    host, port = ws.get_extra_info("sockname")[:2]
    matches = [c for c in ws_stats(rest_url)["connections"] if c["peer"] == f"{host}:{port}"]
    assert len(matches) == 1, matches
    return matches[0]


def wait_until(condition, timeout: float = 5.0, interval: float = 0.02):
    """Poll ``condition()`` until it returns something truthy; return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            assert value, "condition not met in time"
            return value
        time.sleep(interval)
