"""WebSocket streams: depth sequencing, public streams, signed private streams, faults."""

import json
from decimal import Decimal

import aiohttp

from backpack_sim import SimulatorThread
from backpack_sim.signing import KeyPair
from simclient import Client, DEMO_SECRET, limit, new_client
from wsclient import apply_depth, in_thread, next_data, run, subscribe


def test_depth_deltas_are_contiguous_with_market_maker():
    async def scenario(sim):
        async with aiohttp.ClientSession() as session, session.ws_connect(sim.ws_url) as ws:
            await subscribe(ws, "depth.SOL_USDC", confirm=False)
            frames = [await next_data(ws, "depth.") for _ in range(12)]
        data = [f["data"] for f in frames]
        assert all(d["e"] == "depth" and d["s"] == "SOL_USDC" and d["U"] <= d["u"] for d in data)
        assert all(later["U"] == earlier["u"] + 1 for earlier, later in zip(data, data[1:]))
        assert all(d["T"] > 10**15 and d["E"] >= d["T"] for d in data)

    with SimulatorThread(seed=5, tick_interval=0.02) as sim:  # the market maker requotes every 20 ms
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
                apply_depth(book, data)
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

    with SimulatorThread(market_maker=False, history=False, ws_ping_interval=0.1) as sim:
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


def test_reduce_only_order_is_modified_then_expired_as_the_position_shrinks(quiet_sim):
    """Backpack decreases a resting reduce-only order that would reverse the position
    (orderModified); the simulator expires it once there is nothing left to reduce."""
    maker = new_client(quiet_sim)
    demo = Client(quiet_sim.rest_url)
    perp = "SOL_USDC_PERP"

    def sell_at_market(quantity):
        response = demo.order(symbol=perp, side="Ask", orderType="Market", quantity=quantity)
        assert response.status_code == 200, response.text

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            await subscribe(ws, "account.orderUpdate", signature=KeyPair(DEMO_SECRET).ws_signature())
            await in_thread(limit, maker, "Ask", "150", "2", perp)
            await in_thread(limit, demo, "Bid", "150", "2", perp)  # long 2
            take_profit = await in_thread(lambda: limit(demo, "Ask", "155", "2", perp, reduceOnly=True))
            await in_thread(limit, maker, "Bid", "149", "5", perp)
            await in_thread(sell_at_market, "1.5")  # long 0.5: the resting order would reverse it
            events = await _order_events(ws, take_profit["id"], 2)
            modified = events[-1]
            assert [e["e"] for e in events] == ["orderAccepted", "orderModified"]
            assert (modified["q"], modified["X"], modified["z"], modified["r"]) == ("0.5", "New", "0", True)
            query = {"symbol": perp, "orderId": take_profit["id"]}
            resting = await in_thread(lambda: demo.signed("GET", "/api/v1/order", query).json())
            assert resting["quantity"] == "0.5"
            depth = await in_thread(lambda: demo.public("/api/v1/depth", symbol=perp).json())
            assert ["155.00", "0.50"] in depth["asks"]
            await in_thread(sell_at_market, "0.5")  # flat: nothing left to reduce
            expired = (await _order_events(ws, take_profit["id"], 1))[0]
            assert (expired["e"], expired["X"], expired["R"]) == ("orderExpired", "Expired", "ReduceOnlyNotReduced")

    run(scenario())


async def _order_events(ws, order_id, count):
    events = []
    while len(events) < count:
        data = (await next_data(ws, "account.orderUpdate"))["data"]
        if data["i"] == order_id:
            events.append(data)
    return events


def test_position_snapshot_on_subscribe_has_no_event_type(quiet_sim):
    maker = new_client(quiet_sim)
    demo = Client(quiet_sim.rest_url)
    limit(maker, "Ask", "150", "1", "SOL_USDC_PERP")
    limit(demo, "Bid", "150", "1", "SOL_USDC_PERP")
    limit(maker, "Bid", "3000", "0.1", "ETH_USDC_PERP")
    limit(demo, "Ask", "3000", "0.1", "ETH_USDC_PERP")

    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            signature = KeyPair(DEMO_SECRET).ws_signature()
            streams = ("account.positionUpdate", "account.positionUpdate.ETH_USDC_PERP")
            await subscribe(ws, *streams, signature=signature, confirm=False)  # confirming reads past the snapshot
            frames = []
            while len(frames) < 3:
                frames.append(await next_data(ws, "account.positionUpdate"))
        by_stream = sorted((f["stream"], f["data"]["s"], f["data"]["q"]) for f in frames)
        assert by_stream == [
            ("account.positionUpdate", "ETH_USDC_PERP", "-0.1"),
            ("account.positionUpdate", "SOL_USDC_PERP", "1"),
            ("account.positionUpdate.ETH_USDC_PERP", "ETH_USDC_PERP", "-0.1"),
        ]
        for frame in frames:
            assert "e" not in frame["data"] and {"E", "T", "B", "b", "M", "Q", "n", "i", "p", "P"} <= set(frame["data"])

    run(scenario())


def test_error_frames_echo_the_request_id(quiet_sim):
    async def scenario():
        async with aiohttp.ClientSession() as session, session.ws_connect(quiet_sim.ws_url) as ws:
            requests_and_errors = [
                ({"method": "SUBSCRIBE", "params": ["depth.NOPE"], "id": 7}, (7, 4006, "Invalid stream")),
                (
                    {"method": "UNSUBSCRIBE", "params": ["kline.2m.SOL_USDC"], "id": "u1"},
                    ("u1", 4006, "Invalid stream"),
                ),
                ({"method": "SUBSCRIBE", "params": ["trade.SOL_USDC", "nope"], "id": 8}, (8, 4006, "Invalid stream")),
                ({"method": "LIST", "params": [], "id": 9}, (9, 4000, "Invalid method")),
                ([1, 2], (None, 4000, "Invalid message")),
            ]
            for request, (request_id, code, message) in requests_and_errors:
                await ws.send_str(json.dumps(request))
                frame = json.loads((await ws.receive()).data)
                assert frame == {"id": request_id, "error": {"code": code, "message": message}}

    run(scenario())
