"""Replay tests of the generated ccxt.pro class, from its spec's WebSocket fixtures.

static/ws/<id>.json has the shape of ccxt's static WebSocket tests: per case the watch method's
`input`, the socket's `url`, the `messages` (frames, decoded) and the result, `parsedResponse`
(one call) or `parsedResponses` (one per successive call); optionally `httpResponse` (what REST
answers, as a book's snapshot), `sentMessages` (the frames the class must send) and
`sentSkipKeys` (their keys that vary: request ids, signatures).

The frames go to the class's handle_message with no network, as ccxt's --wsTests does, but
deterministically: each frame is fed once a watcher waits for it, never on a timer. Results must
equal the fixture exactly (after a JSON round trip), pass ccxt's structure validators, and carry
numbers where ccxt has numbers.
"""

import asyncio
import copy
import json

import pytest

from adapter_harness import (
    WATCH_METHODS,
    WS_CASES,
    ProExchange,
    assert_numbers,
    case_ids,
    install_transport,
    items_of,
    prepared,
    validate,
)

LOOP_TURNS = 200  # event-loop turns a step may take (subscribing, a snapshot): no step waits on time


class FakeSocket:
    """The connection of an offline client: sending records the frame, nothing is received."""

    closed = False

    def __init__(self):
        self.sent = []

    async def send_str(self, text):
        self.sent.append(json.loads(text))

    async def close(self, code=1000):
        self.closed = True


def offline_client(exchange, url):
    """The exchange's client for `url`, connected to a FakeSocket (ccxt's watch methods then
    never dial)."""
    client = exchange.client(url)
    client.connection = FakeSocket()
    client.connecting = True
    client.isConnected = True
    if not client.connected.done():
        client.connected.resolve(url)
    return client


def waiting(client):
    """Whether a watch call waits for a frame."""
    return any(not future.done() for future in client.futures.values())


async def settle(condition=lambda: False):
    """Let the event loop run until `condition()` holds, for LOOP_TURNS turns at most (all of
    them without a condition: background work such as a snapshot runs meanwhile)."""
    for _ in range(LOOP_TURNS):
        if condition():
            return
        await asyncio.sleep(0)


async def resolved(exchange, client, call, frames):
    """Feed frames from the front of `frames` until the call resolves: each once the class has
    done all it would do before it (subscribing, taking a snapshot) and still waits."""
    while True:
        await settle(call.done)
        if call.done():
            return call.result()
        assert frames and waiting(client), "the watch call did not resolve from the fixture's frames"
        exchange.handle_message(client, copy.deepcopy(frames.pop(0)))


def json_round_trip(value):
    return json.loads(json.dumps(value))


def judged(exchange, method, case, result, expected):
    """The result equals the fixture's, and its items pass ccxt's validators."""
    assert json_round_trip(result) == expected, case["description"]
    result_kind, structure = WATCH_METHODS[method]
    skipped = WS_CASES.get("skipProperties", {}).get(method, {})  # keys the API does not give, with the reason
    for item in items_of(result_kind, result):
        validate(exchange, method, structure, item, case, skipped)
        assert_numbers(structure, item)


async def replay(method, case):
    exchange = prepared(ProExchange, WS_CASES, case)
    if "httpResponse" in case:
        install_transport(exchange, lambda url, http_method, headers, body: copy.deepcopy(case["httpResponse"]))
    client = offline_client(exchange, case["url"])
    assert exchange.ws_url() == case["url"], "the fixture's url is not the socket the class dials"
    watch = getattr(exchange, method)
    frames = list(case["messages"])
    try:
        if "parsedResponses" in case:  # one result per call, as the frames come
            for expected in case["parsedResponses"]:
                result = await resolved(exchange, client, asyncio.ensure_future(watch(*case["input"])), frames)
                judged(exchange, method, case, result, expected)
        else:  # the first call's result once every frame is in (a live structure keeps changing)
            result = await resolved(exchange, client, asyncio.ensure_future(watch(*case["input"])), frames)
            for frame in frames:
                exchange.handle_message(client, copy.deepcopy(frame))
                await settle()
            judged(exchange, method, case, result, case["parsedResponse"])
        if "sentMessages" in case:
            skipped = set(case.get("sentSkipKeys", []))
            sent = [
                {key: value for key, value in frame.items() if key not in skipped} for frame in client.connection.sent
            ]
            expected = [
                {key: value for key, value in frame.items() if key not in skipped} for frame in case["sentMessages"]
            ]
            assert sent == expected, case["description"]
    finally:
        await exchange.close()


@pytest.mark.parametrize("method,index", case_ids(WS_CASES))
def test_ws_replay(method, index):
    asyncio.run(replay(method, WS_CASES["methods"][method][index]))


def test_every_watch_method_has_a_replay_fixture():
    assert sorted(set(WATCH_METHODS) - set(WS_CASES["methods"])) == []
