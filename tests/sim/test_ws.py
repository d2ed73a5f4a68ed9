"""WebSocket streams: depth sequencing, public streams, signed private streams, faults."""

import asyncio
import json
from decimal import Decimal

import aiohttp

from backpack_sim import SimulatorThread
from backpack_sim.signing import KeyPair
from simclient import Client, DEMO_SECRET, limit, new_client


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 20))


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


def in_thread(function, *args):
    return asyncio.get_running_loop().run_in_executor(None, function, *args)


def test_depth_deltas_are_contiguous_with_market_maker():
    async def scenario(sim):
        async with aiohttp.ClientSession() as session, session.ws_connect(sim.ws_url) as ws:
            await subscribe(ws, "depth.SOL_USDC", confirm=False)
            frames = [await next_data(ws, "depth.") for _ in range(12)]
        data = [f["data"] for f in frames]
        assert all(d["e"] == "depth" and d["s"] == "SOL_USDC" and d["U"] <= d["u"] for d in data)
        assert all(later["U"] == earlier["u"] + 1 for earlier, later in zip(data, data[1:]))
        assert all(d["T"] > 10**15 and d["E"] >= d["T"] for d in data)

    with SimulatorThread(seed=5, tick_interval=0.05) as sim:
        run(scenario(sim))


def test_snapshot_plus_deltas_rebuild_the_book(quiet_sim):
    maker, taker = new_client(quiet_sim), new_client(quiet_sim)

    def trade_a_little():
        limit(maker, "Ask", "151", "3")
        limit(maker, "Ask", "152", "1")
        limit(maker, "Bid", "149", "2")
        limit(taker, "Bid", "151", "1")  # partly takes 151
        order = limit(maker, "Bid", "148", "5")
        maker.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "orderId": order["id"]})

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "depth.SOL_USDC")
            await in_thread(trade_a_little)
            snapshot = await in_thread(lambda: maker.public("/api/v1/depth", symbol="SOL_USDC").json())
            book = {"a": {}, "b": {}}
            last = 0
            while last < int(snapshot["lastUpdateId"]):
                data = (await next_data(ws, "depth."))["data"]
                assert data["U"] == last + 1
                for side in ("a", "b"):
                    for price, quantity in data[side]:
                        if Decimal(quantity) == 0:
                            book[side].pop(price, None)
                        else:
                            book[side][price] = quantity
                last = data["u"]
            assert last == int(snapshot["lastUpdateId"])
            assert sorted(book["a"].items()) == sorted(map(tuple, snapshot["asks"]))
            assert sorted(book["b"].items()) == sorted(map(tuple, snapshot["bids"]))
            assert book["a"] == {"151.00": "2.00", "152.00": "1.00"} and book["b"] == {"149.00": "2.00"}

    run(scenario())


def test_injected_sequence_gap(quiet_sim):
    quiet_sim.sim.set_faults(ws_gap_rate=1)
    maker = new_client(quiet_sim)

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "depth.SOL_USDC")
            await in_thread(limit, maker, "Bid", "140", "1")
            await in_thread(limit, maker, "Bid", "141", "1")
            first = (await next_data(ws, "depth."))["data"]
            second = (await next_data(ws, "depth."))["data"]
            assert second["U"] > first["u"] + 1

    run(scenario())


def test_trade_and_book_ticker_streams(quiet_sim):
    maker, taker = new_client(quiet_sim), new_client(quiet_sim)

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "trade.SOL_USDC", "bookTicker.SOL_USDC")
            ask = await in_thread(limit, maker, "Ask", "150", "2")
            ticker = (await next_data(ws, "bookTicker."))["data"]
            assert (ticker["a"], ticker["A"], ticker["b"]) == ("150.00", "2.00", None)
            bid = await in_thread(limit, taker, "Bid", "150", "0.5")
            trade = (await next_data(ws, "trade."))["data"]
            assert (trade["p"], trade["q"], trade["m"]) == ("150", "0.5", False)
            assert (trade["a"], trade["b"]) == (ask["id"], bid["id"]) and isinstance(trade["t"], int)

    run(scenario())


def test_signed_private_subscription_receives_order_updates(quiet_sim):
    maker = new_client(quiet_sim)
    demo = Client(quiet_sim.rest_url)

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(
                ws, "account.orderUpdate", "account.positionUpdate", signature=KeyPair(DEMO_SECRET).ws_signature()
            )
            order = await in_thread(
                lambda: demo.order(
                    symbol="SOL_USDC", side="Bid", orderType="Limit", price="150", quantity="2", clientId=9
                ).json()
            )
            accepted = (await next_data(ws, "account.orderUpdate"))["data"]
            assert accepted["e"] == "orderAccepted" and accepted["i"] == order["id"]
            assert (accepted["o"], accepted["X"], accepted["c"], accepted["q"], accepted["p"]) == (
                "LIMIT",
                "New",
                9,
                "2",
                "150",
            )
            await in_thread(limit, maker, "Ask", "150", "0.5")
            fill = (await next_data(ws, "account.orderUpdate"))["data"]
            assert (fill["e"], fill["X"], fill["l"], fill["L"], fill["z"]) == (
                "orderFill",
                "PartiallyFilled",
                "0.5",
                "150",
                "0.5",
            )
            assert fill["m"] is True and fill["N"] == "SOL" and isinstance(fill["t"], int)
            await in_thread(
                lambda: demo.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "orderId": order["id"]})
            )
            cancelled = (await next_data(ws, "account.orderUpdate"))["data"]
            assert cancelled["e"] == "orderCancelled" and cancelled["X"] == "Cancelled"
            await in_thread(limit, maker, "Ask", "150", "1", "SOL_USDC_PERP")
            await in_thread(lambda: demo.order(symbol="SOL_USDC_PERP", side="Bid", orderType="Market", quantity="1"))
            position = (await next_data(ws, "account.positionUpdate"))["data"]
            assert position["e"] == "positionOpened" and position["q"] == "1" and position["B"] == "150"

    run(scenario())


def test_private_subscription_rejections(quiet_sim):
    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await ws.send_str(json.dumps({"method": "SUBSCRIBE", "params": ["account.orderUpdate"]}))
            assert json.loads((await ws.receive()).data)["error"]["code"] == 4001
            stranger = KeyPair.generate().ws_signature()
            await ws.send_str(
                json.dumps({"method": "SUBSCRIBE", "params": ["account.orderUpdate"], "signature": stranger})
            )
            assert json.loads((await ws.receive()).data)["error"]["code"] == 4001
            forged = KeyPair(DEMO_SECRET).ws_signature()
            forged[1] = KeyPair.generate().ws_signature(int(forged[2]))[1]
            await ws.send_str(
                json.dumps({"method": "SUBSCRIBE", "params": ["account.orderUpdate"], "signature": forged})
            )
            assert json.loads((await ws.receive()).data)["error"] == {"code": 4001, "message": "Invalid signature"}
            await ws.send_str(json.dumps({"method": "SUBSCRIBE", "params": ["depth.NOPE"]}))
            assert json.loads((await ws.receive()).data) == {
                "id": None,
                "error": {"code": 4006, "message": "Invalid stream"},
            }

    run(scenario())


def test_server_pings_and_dropped_connections():
    async def scenario(sim):
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(sim.ws_url, autoping=False) as ws:
                message = await ws.receive()
                assert message.type == aiohttp.WSMsgType.PING
                await ws.pong(message.data)
                await ws.ping(b"client-ping")
                while (message := await ws.receive()).type == aiohttp.WSMsgType.PING:
                    await ws.pong(message.data)
                assert message.type == aiohttp.WSMsgType.PONG and message.data == b"client-ping"
            async with session.ws_connect(sim.ws_url) as ws:
                await subscribe(ws, "depth.SOL_USDC")
                await in_thread(sim.call, sim.sim.drop_ws_connections)
                message = await ws.receive()
                assert message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR)

    with SimulatorThread(market_maker=False, history=False, ws_ping_interval=0.2) as sim:
        run(scenario(sim))


def test_periodic_ticker_kline_and_mark_price_streams(live_sim):
    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(live_sim.ws_url) as ws:
            await subscribe(ws, "ticker.SOL_USDC", "kline.1m.SOL_USDC", "markPrice.SOL_USDC_PERP", confirm=False)
            seen = {}
            while len(seen) < 3:
                frame = json.loads((await ws.receive()).data)
                seen.setdefault(frame["stream"], frame["data"])
        ticker = seen["ticker.SOL_USDC"]
        assert ticker["e"] == "ticker" and isinstance(ticker["n"], int) and Decimal(ticker["c"]) > 0
        kline = seen["kline.1m.SOL_USDC"]
        assert kline["e"] == "kline" and kline["t"].endswith(":00") and "T" in kline and kline["X"] is False
        mark = seen["markPrice.SOL_USDC_PERP"]
        assert {"p", "f", "i", "n"} <= set(mark) and isinstance(mark["n"], int)

    run(scenario())


def test_symbol_filtered_private_stream(quiet_sim):
    demo = Client(quiet_sim.rest_url)

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "account.orderUpdate.ETH_USDC", signature=KeyPair(DEMO_SECRET).ws_signature())
            await in_thread(
                lambda: demo.order(symbol="SOL_USDC", side="Bid", orderType="Limit", price="140", quantity="1")
            )
            eth = await in_thread(
                lambda: demo.order(
                    symbol="ETH_USDC", side="Bid", orderType="Limit", price="3000", quantity="0.1"
                ).json()
            )
            frame = await next_data(ws, "account.orderUpdate")
            assert frame["stream"] == "account.orderUpdate.ETH_USDC" and frame["data"]["i"] == eth["id"]

    run(scenario())
