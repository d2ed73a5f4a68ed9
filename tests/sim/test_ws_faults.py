"""WebSocket faults and connection lifecycle, seen by raw aiohttp clients: withheld depth
frames, Close 1001 with a grace period, the keepalive's pong deadline, and the counters
under /_sim/ws/stats."""

import asyncio
import json
import time

import aiohttp
import requests

from backpack_sim import SimulatorThread
from simclient import limit, new_client
from wsclient import (
    apply_depth,
    connection_stats,
    in_thread,
    next_data,
    rest_book,
    run,
    subscribe,
    wait_until,
    ws_stats,
)


def test_lost_depth_frames_break_a_book_that_does_not_resync(quiet_sim):
    """ws_loss_rate withholds whole frames: the ids they carried are missing (U != previous
    u + 1) and so are their levels. A book fed the deltas blindly ends up wrong; one that
    re-reads the REST snapshot at each gap ends up equal to REST."""
    maker = new_client(quiet_sim)
    quiet_sim.sim.set_faults(ws_loss_rate=0.2)

    def change_the_book():
        for cents in range(40):  # 40 operations, one depth message each
            limit(maker, "Bid", f"{140 + cents / 10:.2f}", "1")
        quiet_sim.sim.set_faults(ws_loss_rate=0)
        limit(maker, "Ask", "160", "1")  # delivered: the last id both books must reach
        return rest_book(quiet_sim.rest_url)

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "depth.SOL_USDC")
            blind = {"a": {}, "b": {}}
            synced, nonce = await in_thread(rest_book, quiet_sim.rest_url)
            final_book, final_id = await in_thread(change_the_book)
            previous_u, gaps, missing_ids = nonce, 0, 0
            while previous_u < final_id:
                data = (await next_data(ws, "depth."))["data"]
                apply_depth(blind, data)
                if data["U"] != previous_u + 1:
                    gaps += 1
                    missing_ids += data["U"] - previous_u - 1
                    synced, nonce = await in_thread(rest_book, quiet_sim.rest_url)
                previous_u = data["u"]
                if data["u"] > nonce:
                    assert data["U"] == nonce + 1
                    apply_depth(synced, data)
                    nonce = data["u"]
            withheld = (await in_thread(connection_stats, quiet_sim.rest_url, ws))["depth_frames_withheld"]
        assert gaps >= 2 and missing_ids == withheld  # each withheld frame carried one update id
        assert synced == final_book
        assert blind != final_book and len(blind["b"]) == 40 - withheld
        totals = ws_stats(quiet_sim.rest_url)["totals"]
        assert totals["depth_frames_withheld"] == withheld and totals["sequence_gaps_injected"] == 0

    run(scenario())


def test_loss_is_rolled_per_subscriber():
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600, seed=3) as sim:
        maker = new_client(sim)
        faults = requests.post(sim.rest_url + "/_sim/faults", json={"ws_loss_rate": 0.5}, timeout=5).json()
        assert faults["ws_loss_rate"] == 0.5

        async def scenario():
            async with aiohttp.ClientSession() as session:
                first, second = [await session.ws_connect(sim.ws_url) for _ in range(2)]
                for ws in (first, second):
                    await subscribe(ws, "depth.SOL_USDC")
                for cents in range(20):
                    await in_thread(limit, maker, "Bid", f"{140 + cents / 100:.2f}", "1")
                sim.sim.set_faults(ws_loss_rate=0)
                await in_thread(limit, maker, "Bid", "139", "1")
                last_id = (await in_thread(rest_book, sim.rest_url))[1]
                received = []
                for ws in (first, second):
                    ids = []
                    while not ids or ids[-1] < last_id:
                        ids.append((await next_data(ws, "depth."))["data"]["u"])
                    received.append(ids)
                stats = [await in_thread(connection_stats, sim.rest_url, ws) for ws in (first, second)]
                for ws in (first, second):
                    await ws.close()
            assert received[0] != received[1]
            assert [last_id - len(ids) for ids in received] == [s["depth_frames_withheld"] for s in stats]

        run(scenario())


async def read_past_close(ws):
    """The next frame after a Close frame. aiohttp's receive() stops at Close (its next call
    closes the client), so read the parsed frames directly, as a client that keeps reading
    during the grace period would."""
    try:
        return await ws._reader.read()
    except aiohttp.EofStream:
        return aiohttp.WSMessage(aiohttp.WSMsgType.CLOSED, None, None)


def test_close_1001_keeps_delivering_during_the_grace_period(quiet_sim):
    maker = new_client(quiet_sim)
    close_url = quiet_sim.rest_url + "/_sim/ws/close"

    async def scenario():
        async with aiohttp.ClientSession() as session:
            old = await session.ws_connect(quiet_sim.ws_url, autoclose=False)
            await subscribe(old, "trade.SOL_USDC")
            answer = await in_thread(lambda: requests.post(close_url, json={"grace": 0.6}, timeout=5).json())
            assert answer == {"closing": 1, "grace": 0.6}
            close = await old.receive()
            closed_at = time.monotonic()
            assert (close.type, close.data, close.extra) == (aiohttp.WSMsgType.CLOSE, 1001, "Server shutting down")
            async with session.ws_connect(quiet_sim.ws_url) as new:  # still accepted during the grace
                await subscribe(new, "trade.SOL_USDC")
                await in_thread(limit, maker, "Ask", "150", "1")
                await in_thread(limit, new_client(quiet_sim), "Bid", "150", "1")
                trade = json.loads((await read_past_close(old)).data)
                assert trade["stream"] == "trade.SOL_USDC" and trade["data"]["q"] == "1"
                assert (await next_data(new, "trade."))["data"]["t"] == trade["data"]["t"]
                assert (await read_past_close(old)).type == aiohttp.WSMsgType.CLOSED
                assert 0.5 <= time.monotonic() - closed_at < 2
                assert not new.closed
                stats = await in_thread(ws_stats, quiet_sim.rest_url)
            await old.close()
        totals = stats["totals"]
        assert (totals["close_1001_sent"], totals["closed_after_grace"], totals["connections_open"]) == (1, 1, 1)
        assert [c["close_code_sent"] for c in stats["connections"]] == [1001, None]

    run(scenario())


def test_a_silenced_connection_hangs_while_new_ones_work(quiet_sim):
    """/_sim/ws/silence, a hung server: the connection stays open, and nothing comes on it any
    more (no trade, no Pong to a Ping, no answer to a request); one opened afterwards works."""
    maker, taker = new_client(quiet_sim), new_client(quiet_sim)

    async def scenario():
        async with aiohttp.ClientSession() as session:
            hung = await session.ws_connect(quiet_sim.ws_url, autoping=False)
            await subscribe(hung, "trade.SOL_USDC")
            silence = quiet_sim.rest_url + "/_sim/ws/silence"
            assert await in_thread(lambda: requests.post(silence, timeout=5).json()) == {"silenced": 1}
            async with session.ws_connect(quiet_sim.ws_url) as fresh:
                await subscribe(fresh, "trade.SOL_USDC")
                await hung.ping()
                await hung.send_str(json.dumps({"method": "SUBSCRIBE", "params": ["bogus"], "id": 5}))
                await in_thread(limit, maker, "Ask", "150", "1")
                await in_thread(limit, taker, "Bid", "150", "1")
                assert (await next_data(fresh, "trade."))["data"]["q"] == "1"
                try:
                    message = await asyncio.wait_for(hung.receive(), 0.5)
                except asyncio.TimeoutError:
                    message = None
                assert message is None, message
                stats = await in_thread(connection_stats, quiet_sim.rest_url, hung)
            await hung.close()
        assert (stats["open"], stats["silent"], stats["streams"]) == (True, True, ["trade.SOL_USDC"])
        assert ws_stats(quiet_sim.rest_url)["totals"]["connections_silenced"] == 1

    run(scenario())


def test_close_grace_defaults_to_the_simulator_setting_and_rejects_bad_input(quiet_sim):
    close_url = quiet_sim.rest_url + "/_sim/ws/close"
    assert requests.post(close_url, timeout=5).json() == {"closing": 0, "grace": 30.0}
    for bad in ({"grace": -1}, {"grace": "soon"}, {"grace": 7200}):
        response = requests.post(close_url, json=bad, timeout=5)
        assert response.status_code == 400 and response.json()["code"] == "INVALID_CLIENT_REQUEST"


def test_a_client_that_never_answers_pings_is_closed_after_the_pong_deadline():
    async def scenario(sim):
        async with aiohttp.ClientSession() as session:
            silent = await session.ws_connect(sim.ws_url, autoping=False)
            polite = await session.ws_connect(sim.ws_url)  # aiohttp answers pings while receive() waits
            polite_reader = asyncio.create_task(polite.receive())
            first_ping = await silent.receive()
            assert first_ping.type == aiohttp.WSMsgType.PING
            pinged_at = time.monotonic()
            while (message := await silent.receive()).type == aiohttp.WSMsgType.PING:
                pass
            assert (message.type, message.data) == (aiohttp.WSMsgType.CLOSE, 1008)
            assert 0.25 <= time.monotonic() - pinged_at < 1.5
            polite_stats = await in_thread(wait_until, lambda: _pongs_at_least(sim, polite, 5))
            assert polite_stats["open"] and not polite_reader.done()
            totals = (await in_thread(ws_stats, sim.rest_url))["totals"]
            polite_reader.cancel()
            await polite.close()
        assert totals["pong_deadline_closes"] == 1 and totals["connections_open"] == 1

    with SimulatorThread(market_maker=False, history=False, ws_ping_interval=0.1, ws_pong_deadline=0.3) as sim:
        run(scenario(sim))


def _pongs_at_least(sim, ws, count):
    stats = connection_stats(sim.rest_url, ws)
    return stats if stats["pongs_received"] >= count else None


def test_drop_and_gap_counters_and_their_reset(quiet_sim):
    maker = new_client(quiet_sim)
    quiet_sim.sim.set_faults(ws_gap_rate=1)

    async def scenario():
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(quiet_sim.ws_url) as ws:
                await subscribe(ws, "depth.SOL_USDC")
                await in_thread(limit, maker, "Bid", "140", "1")
                await in_thread(limit, maker, "Bid", "141", "1")
                await next_data(ws, "depth.")
                await next_data(ws, "depth.")
                dropped = await in_thread(quiet_sim.call, quiet_sim.sim.drop_ws_connections)
                assert dropped == 1
                assert (await ws.receive()).type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)

    run(scenario())
    totals = ws_stats(quiet_sim.rest_url)["totals"]
    assert (totals["sequence_gaps_injected"], totals["connections_dropped"], totals["dropped_by_admin"]) == (2, 1, 1)
    assert 2 <= totals["update_ids_skipped"] <= 6 and totals["connections_opened"] == 1
    reset = requests.post(quiet_sim.rest_url + "/_sim/ws/stats/reset", timeout=5).json()
    assert reset["connections"] == [] and set(reset["totals"].values()) == {0}
    assert quiet_sim.call(quiet_sim.sim.ws_stats) == reset


def test_ws_drop_rate_is_counted_as_a_fault_drop(quiet_sim):
    maker = new_client(quiet_sim)

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "depth.SOL_USDC")
            quiet_sim.sim.set_faults(ws_drop_rate=1)
            await in_thread(limit, maker, "Bid", "140", "1")
            assert (await ws.receive()).type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)

    run(scenario())
    totals = ws_stats(quiet_sim.rest_url)["totals"]
    assert (totals["connections_dropped"], totals["dropped_by_fault"], totals["connections_open"]) == (1, 1, 0)


def test_cli_flags_for_the_websocket_settings():
    from backpack_sim.__main__ import build_parser

    args = build_parser().parse_args(["--ws-loss-rate", "0.1", "--ws-pong-deadline", "5", "--ws-close-grace", "2"])
    assert (args.ws_loss_rate, args.ws_pong_deadline, args.ws_close_grace) == (0.1, 5.0, 2.0)
    defaults = build_parser().parse_args([])
    assert (defaults.ws_ping_interval, defaults.ws_pong_deadline, defaults.ws_close_grace) == (60.0, 120.0, 30.0)
