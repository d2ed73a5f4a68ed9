"""The private streams of the generated ccxt.pro class (orders, fills, positions) against the
simulator's /ws, compared with what its REST API says.

Each test has a simulator of its own (it starts in milliseconds: the tests need no group, any
worker runs any of them) and an account of its own; the
other side of every trade is the Engine's accounts, whose orders go straight into the matching
engine. Our account's orders go through our async REST class, as a trader's would.

Where the issue says ccxt's own ccxt.pro.backpack is wrong, the same test runs on it too as a
negative control: it must fail there (xfail, strict), for the reason named.
"""

import asyncio
from decimal import Decimal

import pytest
from ccxt.base.errors import AuthenticationError, ExchangeError, UnsubscribeError

from backpack_sim import SimulatorThread
from backpack_sim.signing import KeyPair

import ws_support
from ws_support import Engine, eventually, negative_control, ours

SPOT, PERP = "SOL/USDC", "SOL/USDC:USDC"
MARKET_IDS = {SPOT: "SOL_USDC", PERP: "SOL_USDC_PERP"}
FUNDS = {"USDC": "10000000", "SOL": "100000"}
ORDER_KEYS = ("status", "filled", "remaining", "cost", "price", "amount")


@pytest.fixture
def sim():
    """A quiet simulator of the test's own: no book left over from another test trades with its orders."""
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as running:
        yield running


@pytest.fixture
def engine(sim):
    return Engine(sim)


def run(sim, make, scenario, keys=None, timeout=10):
    """ws_support.run with a fresh account's keys (or `keys`) on the watching exchange and on our
    async REST class."""
    return ws_support.run(sim, make, scenario, timeout, keys or sim.call(sim.sim.add_account, None, FUNDS))


def sim_connection(sim, exchange):
    """The simulator's record of the exchange's socket (ours or ccxt's), None before it is up."""
    client = next(iter(exchange.clients.values()), None)
    socket = getattr(client, "connection", None)
    if socket is None or socket.get_extra_info("sockname") is None:
        return None
    host, port = socket.get_extra_info("sockname")[:2]
    return next((c for c in sim.call(sim.sim.ws_stats)["connections"] if c["peer"] == f"{host}:{port}"), None)


async def subscribed(sim, exchange, *streams, timeout=1.0):
    """Wait until the simulator sends the exchange's socket every one of `streams`."""

    def carried():
        record = sim_connection(sim, exchange)
        return record is not None and set(streams) <= set(record["streams"])

    await eventually(carried, timeout)


async def waiting(watch):
    """The watch call, started, once it waits for the next update (an update that came before
    would reach the cache only): the call runs until it waits on the socket's futures."""
    call = asyncio.ensure_future(watch)
    await asyncio.sleep(0.01)
    return call


async def settled(differences, timeout):
    """What `differences()` finds once it finds nothing, or after `timeout` s: events of orders
    that are in the cache already may still be on their way when a test starts comparing."""
    deadline = asyncio.get_running_loop().time() + timeout
    found = await differences()
    while found and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
        found = await differences()
    return found


def cached_order(exchange, order_id):
    return next((order for order in exchange.orders or [] if order["id"] == order_id), None)


def fee_of(trades):
    """The fee REST reports for an order: its fills' fees, summed exactly from their texts."""
    total = sum((Decimal(trade["info"]["fee"]) for trade in trades), Decimal(0))
    currencies = {trade["fee"]["currency"] for trade in trades}
    return {"cost": float(total), "currency": currencies.pop()} if trades else None


# ---------------------------------------------------------------- merging order events


@negative_control("B7: ccxt.pro takes filled from the last fill's l, not the cumulative z, and sets no fee cost")
def test_an_order_adds_up_its_fills(sim, engine, make):
    """Two fills of one resting order (1, then 0.5 of 3): the watched order has filled 1.5 (the
    cumulative z), remaining 1.5, cost Z, average cost / filled, and as fee the sum of both
    fills' fees (n): what fetch_order and the order's fills (fetch_my_trades) say."""

    async def scenario(exchange, rest):
        first = asyncio.ensure_future(exchange.watch_orders(SPOT))
        await subscribed(sim, exchange, "account.orderUpdate.SOL_USDC")
        order = await rest.create_order(SPOT, "limit", "buy", 3, 150)
        await first
        engine.place("SOL_USDC", "Ask", "150", "1")
        engine.place("SOL_USDC", "Ask", "149.9", "0.5")
        await eventually(lambda: (cached_order(exchange, order["id"]) or {}).get("info", {}).get("z") == "1.5")
        watched = cached_order(exchange, order["id"])
        fetched = await rest.fetch_order(order["id"], SPOT)
        fills = await rest.fetch_my_trades(SPOT)
        assert (watched["filled"], watched["remaining"], watched["cost"]) == (1.5, 1.5, 225.0)
        assert {key: watched[key] for key in ORDER_KEYS + ("average",)} == {key: fetched[key] for key in ORDER_KEYS + ("average",)}
        assert len(fills) == 2 and watched["fee"] == fee_of(fills) and watched["fee"]["cost"] == 0.0012  # 0.0008 + 0.0004
        assert watched["fees"] == [watched["fee"]] and sorted(trade["id"] for trade in watched["trades"]) == sorted(fill["id"] for fill in fills)

    run(sim, make, scenario)


@negative_control("ccxt.pro replaces the cached order by the event's parse: what an event lacks becomes None")
def test_a_partial_event_never_erases_a_known_field(sim, engine, make):
    """An event that lacks fields or sends them null (the API sends some keys only when set:
    q, p, c, y) changes what it says and nothing else: the order keeps its price, amount, side,
    client id, postOnly and fill numbers; the real event that follows brings it to REST's state."""

    async def scenario(exchange, rest):
        first = asyncio.ensure_future(exchange.watch_orders(SPOT))
        await subscribed(sim, exchange, "account.orderUpdate.SOL_USDC")
        order = await rest.create_order(SPOT, "limit", "sell", 2, 155, {"postOnly": True, "clientOrderId": "4242"})
        await first
        engine.place("SOL_USDC", "Bid", "155", "0.5")
        await eventually(lambda: (cached_order(exchange, order["id"]) or {}).get("filled") == 0.5)
        known = dict(cached_order(exchange, order["id"]))
        client = next(iter(exchange.clients.values()))
        now = exchange.milliseconds() * 1000
        event = {"e": "orderCancelled", "E": now, "T": now, "s": "SOL_USDC", "i": order["id"], "X": "Cancelled", "p": None, "c": None}
        exchange.handle_message(client, {"stream": "account.orderUpdate.SOL_USDC", "data": event})
        partial = cached_order(exchange, order["id"])
        assert partial["status"] == "canceled"
        kept = ("price", "amount", "side", "type", "clientOrderId", "postOnly", "filled", "cost", "average", "remaining", "fee", "timestamp")
        assert {key: partial[key] for key in kept} == {key: known[key] for key in kept}
        assert (partial["price"], partial["amount"], partial["clientOrderId"], partial["postOnly"]) == (155.0, 2.0, "4242", True)
        await rest.cancel_order(order["id"], SPOT)
        await eventually(lambda: cached_order(exchange, order["id"])["info"]["E"] != now)
        fetched = await rest.fetch_order(order["id"], SPOT)
        assert {key: partial[key] for key in ORDER_KEYS} == {key: fetched[key] for key in ORDER_KEYS}

    run(sim, make, scenario)


def test_an_order_the_engine_shrinks_is_updated(sim, engine):
    """orderModified: a resting reduce-only order larger than the position it reduces is cut to
    the position (the API does so, that it cannot reverse the position): the watched order has
    the new amount and remaining, and keeps its price and flags, as fetch_order has them."""

    async def scenario(exchange, rest):
        first = asyncio.ensure_future(exchange.watch_orders())
        await subscribed(sim, exchange, "account.orderUpdate")
        engine.place("SOL_USDC_PERP", "Ask", "150", "2")
        await rest.create_order(PERP, "market", "buy", 2)
        await first
        reducing = await rest.create_order(PERP, "limit", "sell", 2, 160, {"reduceOnly": True})
        engine.place("SOL_USDC_PERP", "Bid", "149", "1.5")
        await rest.create_order(PERP, "market", "sell", 1.5)
        await eventually(lambda: (cached_order(exchange, reducing["id"]) or {}).get("info", {}).get("e") == "orderModified")
        watched = cached_order(exchange, reducing["id"])
        fetched = await rest.fetch_order(reducing["id"], PERP)
        assert (watched["status"], watched["amount"], watched["remaining"], watched["price"]) == ("open", 0.5, 0.5, 160.0)
        assert watched["reduceOnly"] is True
        assert {key: watched[key] for key in ORDER_KEYS} == {key: fetched[key] for key in ORDER_KEYS}

    run(sim, ours, scenario)


def test_symbols_since_limit_and_new_updates_filter_as_in_ccxt(sim, engine):
    """As ccxt's other pro exchanges: with options newUpdates a call returns what changed since the
    last one, of the market just updated (the orders changed, each once; the new trades);
    without it, the orders cached of the markets asked for, those made since `since`, the
    `limit` last updated."""

    async def scenario(exchange, rest):
        streams = ("account.orderUpdate.SOL_USDC", "account.orderUpdate.SOL_USDC_PERP")
        first = asyncio.ensure_future(exchange.watch_orders_for_symbols([SPOT, PERP]))
        trades = asyncio.ensure_future(exchange.watch_my_trades_for_symbols([SPOT, PERP]))
        await subscribed(sim, exchange, *streams)
        made = []
        for symbol, price in ((SPOT, 140), (SPOT, 141), (PERP, 142), (SPOT, 143)):
            made.append((await rest.create_order(symbol, "limit", "buy", 1, price))["id"])
            await asyncio.sleep(0.005)  # each made in a ms of its own
        await first
        await eventually(lambda: len(exchange.orders) == 4)
        cancelled = await waiting(exchange.watch_orders_for_symbols([SPOT, PERP]))
        await rest.cancel_order(made[1], SPOT)
        changed = [(order["id"], order["status"]) for order in await asyncio.wait_for(cancelled, 1)]
        assert changed == [(made[3], "open"), (made[1], "canceled")]  # the spot orders changed since the first call
        filled = await waiting(exchange.watch_my_trades_for_symbols([SPOT, PERP]))
        engine.place("SOL_USDC_PERP", "Ask", "142", "0.5")
        [fill] = await asyncio.wait_for(filled, 1)
        assert (fill["order"], fill["symbol"], fill["amount"]) == (made[2], PERP, 0.5)
        assert (await trades)[0]["id"] == fill["id"]

        exchange.newUpdates = False
        spot = await waiting(exchange.watch_orders(SPOT))
        await rest.cancel_order(made[3], SPOT)
        assert [order["id"] for order in await asyncio.wait_for(spot, 1)] == [made[0], made[1], made[3]]
        since = cached_order(exchange, made[2])["timestamp"]
        both = await waiting(exchange.watch_orders_for_symbols([SPOT, PERP], since))
        await rest.cancel_order(made[0], SPOT)
        assert [order["id"] for order in await asyncio.wait_for(both, 1)] == [made[2], made[3]]
        last = await waiting(exchange.watch_orders_for_symbols([SPOT, PERP], None, 2))
        await rest.cancel_order(made[2], PERP)
        assert [order["id"] for order in await asyncio.wait_for(last, 1)] == [made[0], made[2]]

    run(sim, ours, scenario)


# ---------------------------------------------------------------- private state equals REST


async def scripted_orders(rest, engine, sim):
    """50 orders of every kind on a spot and a perp market, the other side of each trade placed
    just before it; returns [(id, symbol)]. Our resting orders never cross each other."""
    placed = []

    async def place(symbol, kind, side, amount, price=None, **params):
        order = await rest.create_order(symbol, kind, side, amount, price, params)
        placed.append((order["id"], symbol))
        return order["id"]

    for step, symbol in enumerate((SPOT, PERP, SPOT, PERP)):
        market_id = MARKET_IDS[symbol]

        def ask(price, quantity):
            return engine.place(market_id, "Ask", price, quantity)

        def bid(price, quantity):
            return engine.place(market_id, "Bid", price, quantity)

        resting = await place(symbol, "limit", "buy", 1, 140 + step)
        await place(symbol, "limit", "sell", 1, 160 + step, postOnly=True)
        ask("145", "0.4")
        await place(symbol, "limit", "buy", 1, 145)  # partly filled, stays open
        bid("156", "0.3")
        partly = await place(symbol, "limit", "sell", 1, 156)  # partly filled, then cancelled
        await rest.cancel_order(partly, symbol)
        bid("149", "1")
        await place(symbol, "limit", "sell", 1, 149)
        ask("150.2", "0.5")
        await place(symbol, "market", "buy", 0.5)
        bid("149.8", "0.7")
        await place(symbol, "market", "sell", 0.7)
        ask("150.1", "0.25")
        await place(symbol, "limit", "buy", 1, 150.1, timeInForce="IOC")  # partly filled, the rest cancelled
        ask("150.3", "0.2")
        await place(symbol, "limit", "buy", 1, 150.3, timeInForce="FOK")  # not fillable whole: expires
        await place(symbol, "limit", "buy", 0.2, 150.3, timeInForce="FOK")
        crossing = ask("150.4", "1")
        await place(symbol, "limit", "buy", 1, 150.4, postOnly=True)  # would take: expires
        engine.cancel(market_id, crossing)
        await rest.cancel_order(resting, symbol)
    await place(PERP, "limit", "buy", 1, 151, triggerPrice=152)  # fires below, and is filled
    await place(PERP, "limit", "sell", 1, 165, triggerPrice=151.5)  # fires, then rests
    dropped = await place(PERP, "market", "sell", 0.5, triggerPrice=140)
    await place(PERP, "market", "sell", 0.5, takeProfitPrice=158)
    stop = await place(PERP, "market", "sell", 0.5, stopLossPrice=142)
    engine.place("SOL_USDC_PERP", "Ask", "150.5", "0.5")
    await place(PERP, "limit", "buy", 0.5, 150.5, takeProfit={"triggerPrice": 159}, stopLoss={"triggerPrice": 141})
    await rest.cancel_order(dropped, PERP)
    await rest.cancel_order(stop, PERP)
    engine.place("SOL_USDC_PERP", "Ask", "151", "1")
    sim.call(sim.sim.set_price, "SOL_USDC_PERP", "152.5")  # the mark price fires the first two
    return placed


def test_watched_orders_and_fills_equal_rest_after_50_orders(sim, engine):
    """50 scripted orders (limit, market, IOC, FOK, post-only, trigger, take-profit, stop-loss,
    attached TP/SL, partial fills, cancels) on a spot and a perp market: the final watch_orders
    state of each equals fetch_order on status, filled, remaining, cost, price and amount, and
    its fee equals its fills' fees by REST (REST's orders carry no fee); the orders the API made
    itself (the attached TP/SL) too. watch_my_trades equals fetch_my_trades on id, order, price,
    amount, fee and takerOrMaker, fill for fill."""

    async def scenario(exchange, rest):
        orders = asyncio.ensure_future(exchange.watch_orders())
        fills = asyncio.ensure_future(exchange.watch_my_trades())
        await subscribed(sim, exchange, "account.orderUpdate")
        placed = await scripted_orders(rest, engine, sim)
        assert len(placed) == 50
        await asyncio.gather(orders, fills)
        fetched_fills = await rest.fetch_my_trades(None, None, 1000)
        by_order = {}
        for fill in fetched_fills:
            by_order.setdefault(fill["order"], []).append(fill)
        symbols = dict(placed)

        async def differences():
            found = []
            for order in list(exchange.orders):  # an event that comes meanwhile moves its order to the end
                fetched = await rest.fetch_order(order["id"], order["symbol"])
                expected = {key: fetched[key] for key in ORDER_KEYS} | {"fee": fee_of(by_order.get(order["id"], []))}
                if {key: order[key] for key in expected} != expected:
                    found.append((order["id"], {key: order[key] for key in expected}, expected))
            return found

        await eventually(lambda: len(exchange.myTrades) == len(fetched_fills) and len(exchange.orders) >= 52, 2)
        assert await settled(differences, 2) == []
        assert set(symbols) <= {order["id"] for order in exchange.orders}
        made_by_the_api = [order for order in exchange.orders if order["id"] not in symbols]
        assert len(made_by_the_api) == 2 and {order["status"] for order in made_by_the_api} == {"open"}
        keys = ("id", "order", "symbol", "price", "amount", "fee", "takerOrMaker", "side")
        watched = sorted(({key: trade[key] for key in keys} for trade in exchange.myTrades), key=lambda trade: int(trade["id"]))
        expected = sorted(({key: trade[key] for key in keys} for trade in fetched_fills), key=lambda trade: int(trade["id"]))
        assert len(watched) >= 30 and watched == expected
        assert not exchange.clients[exchange.ws_url()].rejections

    run(sim, ours, scenario)


# ---------------------------------------------------------------- positions


async def open_long(rest, engine, amount="2"):
    """A long perp position, filled at two prices (so that its entry price is an average)."""
    half = str(Decimal(amount) / 2)
    engine.place("SOL_USDC_PERP", "Ask", "150", half)
    engine.place("SOL_USDC_PERP", "Ask", "151.25", half)
    await rest.create_order(PERP, "market", "buy", float(amount))


@negative_control("B8: ccxt.pro drops the positions sent on subscribing (they have no event field)")
def test_watch_positions_yields_the_positions_sent_on_subscribing(sim, engine, make):
    """Right after a subscription the API sends each open position (without an event field):
    watch_positions yields it within 1 s, with the entry price of fetch_positions (B, not the
    break-even b). A fill that closes it later leaves it in the cache with 0 contracts."""

    async def scenario(exchange, rest):
        await open_long(rest, engine)
        [position] = await asyncio.wait_for(exchange.watch_positions(), 1)
        [fetched] = await rest.fetch_positions()
        assert (position["symbol"], position["side"], position["contracts"]) == (PERP, "long", 2.0)
        assert position["entryPrice"] == fetched["entryPrice"] == 150.625
        closing = await waiting(exchange.watch_positions())
        engine.place("SOL_USDC_PERP", "Bid", "150", "2")
        await rest.create_order(PERP, "market", "sell", 2)
        [closed] = await asyncio.wait_for(closing, 1)
        assert (closed["symbol"], closed["side"], closed["contracts"]) == (PERP, "long", 0.0)
        assert [(kept["side"], kept["contracts"]) for kept in exchange.positions] == [("long", 0.0)]

    run(sim, make, scenario)


# ---------------------------------------------------------------- reconciliation after a reconnect


async def catch_up(exchange):
    """What the runtime does once a new socket carries the topics again: for each topic and each
    watch method reading it, catch_up_<its handler's name without handle_>(client, topic)."""
    client = exchange.clients[exchange.ws_url()]
    client.connectionStarted = exchange.milliseconds()  # stands for the new socket: what came before is the old one's
    for topic in list(exchange.ws_topics.values()):
        for watch in topic.handlers:
            name = "catch_up_" + exchange.WS.handlers[watch].removeprefix("handle_")
            await getattr(exchange, name)(client, topic)


def test_catching_up_merges_what_the_socket_missed(sim, engine):
    """Orders, fills and positions that changed while no socket carried their events (a fill of a
    resting order, a cancel, orders made and ended, a position closed): the catch-up reads REST
    and merges them into the caches, so that each equals REST again, and resolves the watchers;
    a second catch-up finds nothing new and resolves nobody."""

    async def scenario(exchange, rest):
        streams = ["account.orderUpdate", "account.positionUpdate"]
        watching = [exchange.watch_orders(), exchange.watch_my_trades(), exchange.watch_positions()]
        watching = [asyncio.ensure_future(call) for call in watching]
        await subscribed(sim, exchange, *streams)
        resting = await rest.create_order(SPOT, "limit", "buy", 2, 148)
        cancelled = await rest.create_order(SPOT, "limit", "buy", 1, 140)
        await open_long(rest, engine, "1")
        await asyncio.gather(*watching)
        await eventually(lambda: len(exchange.orders) == 3 and exchange.positions and exchange.positions[0]["contracts"] == 1)
        client = exchange.clients[exchange.ws_url()]
        await client.send(exchange.ws_request("UNSUBSCRIBE", streams))  # the socket stops carrying them; the topics stay
        await eventually(lambda: sim_connection(sim, exchange)["streams"] == [])

        engine.place("SOL_USDC", "Ask", "148", "0.5")  # a fill of the resting order
        await rest.cancel_order(cancelled["id"], SPOT)
        engine.place("SOL_USDC", "Ask", "149", "0.3")
        made = await rest.create_order(SPOT, "market", "buy", 0.3)  # made and filled
        gone = await rest.create_order(SPOT, "limit", "sell", 1, 170)  # made and cancelled
        await rest.cancel_order(gone["id"], SPOT)
        engine.place("SOL_USDC_PERP", "Bid", "150", "1")
        await rest.create_order(PERP, "market", "sell", 1)  # closes the position
        waiting = [asyncio.ensure_future(exchange.watch_orders()), asyncio.ensure_future(exchange.watch_my_trades())]
        waiting.append(asyncio.ensure_future(exchange.watch_positions()))
        await asyncio.sleep(0.1)
        assert not any(future.done() for future in waiting) and cached_order(exchange, made["id"]) is None

        await catch_up(exchange)
        orders, trades, [position] = await asyncio.wait_for(asyncio.gather(*waiting), 1)
        fetched_fills = await rest.fetch_my_trades()
        by_order = {}
        for fill in fetched_fills:
            by_order.setdefault(fill["order"], []).append(fill)
        for order_id in (resting["id"], cancelled["id"], made["id"], gone["id"]):
            fetched = await rest.fetch_order(order_id, SPOT)
            watched = cached_order(exchange, order_id)
            assert {key: watched[key] for key in ORDER_KEYS} == {key: fetched[key] for key in ORDER_KEYS}
            assert watched["fee"] == fee_of(by_order.get(order_id, []))
        assert cached_order(exchange, resting["id"])["filled"] == 0.5
        assert cached_order(exchange, cancelled["id"])["status"] == "canceled"
        keys = ("id", "order", "price", "amount", "fee", "takerOrMaker")
        assert sorted(tuple(trade[key] for key in keys) for trade in exchange.myTrades) == sorted(tuple(trade[key] for key in keys) for trade in fetched_fills)
        assert (position["symbol"], position["side"], position["contracts"]) == (PERP, "long", 0.0)
        assert all(fetched["contracts"] == 0 for fetched in await rest.fetch_positions())

        again = [asyncio.ensure_future(exchange.watch_orders()), asyncio.ensure_future(exchange.watch_my_trades())]
        again.append(asyncio.ensure_future(exchange.watch_positions()))
        await asyncio.sleep(0.05)
        await catch_up(exchange)
        await asyncio.sleep(0.05)
        assert not any(future.done() for future in again)
        for future in again:
            future.cancel()

    run(sim, ours, scenario)


# ---------------------------------------------------------------- unwatching and isolation


def test_every_private_un_watch_unsubscribes_and_the_stream_stops(sim, engine):
    """un_watch_orders, un_watch_orders_for_symbols, un_watch_my_trades(_for_symbols) and
    un_watch_positions: each sends UNSUBSCRIBE for the streams no other method reads, the
    simulator drops them within 1 s and sends nothing more; waiting callers get UnsubscribeError."""

    async def scenario(exchange, rest):
        calls = {
            "account.orderUpdate.SOL_USDC": exchange.watch_orders(SPOT),
            "account.orderUpdate.SOL_USDC_PERP": exchange.watch_orders_for_symbols([PERP]),
            "account.orderUpdate": exchange.watch_my_trades(),
            "account.orderUpdate.ETH_USDC": exchange.watch_my_trades_for_symbols(["ETH/USDC"]),
            "account.positionUpdate": exchange.watch_positions(),
        }
        pending = {stream: asyncio.ensure_future(call) for stream, call in calls.items()}
        await subscribed(sim, exchange, *calls)
        unwatching = [
            ("account.orderUpdate.SOL_USDC", exchange.un_watch_orders(SPOT)),
            ("account.orderUpdate.SOL_USDC_PERP", exchange.un_watch_orders_for_symbols([PERP])),
            ("account.orderUpdate", exchange.un_watch_my_trades()),
            ("account.orderUpdate.ETH_USDC", exchange.un_watch_my_trades_for_symbols(["ETH/USDC"])),
            ("account.positionUpdate", exchange.un_watch_positions()),
        ]
        for stream, unwatch in unwatching:
            assert await unwatch is True
            with pytest.raises(UnsubscribeError):
                await pending[stream]
            await eventually(lambda: stream not in sim_connection(sim, exchange)["streams"], 1)
        assert sim_connection(sim, exchange)["streams"] == [] and exchange.ws_topics == {}
        assert exchange.orders is None and exchange.myTrades is None and exchange.positions is None
        sent = sim_connection(sim, exchange)["frames_sent"]
        await open_long(rest, engine)
        await rest.create_order(SPOT, "limit", "buy", 1, 140)
        await asyncio.sleep(0.2)
        assert sim_connection(sim, exchange)["frames_sent"] == sent

    run(sim, ours, scenario)


@pytest.mark.parametrize("wrong", ["secret", "key pair"])
@negative_control("B5: ccxt.pro's error frame rejects every watcher of the socket")
def test_bad_credentials_reject_only_the_private_watcher(sim, engine, make, wrong):
    """A private subscription with credentials that cannot sign it: the wrong secret for the key
    (our signing refuses it before sending: the exchange would refuse it too), or a key pair the
    exchange never issued (the API answers with an error frame naming the request). Either way
    the private watcher alone gets AuthenticationError, a public stream keeps updating, and a
    retry with the right credentials subscribes again."""
    keys = sim.call(sim.sim.add_account, None, FUNDS)
    stranger = KeyPair.generate()
    other = sim.call(sim.sim.add_account, None, FUNDS) if wrong == "secret" else stranger

    async def scenario(exchange, rest):
        trades = asyncio.ensure_future(exchange.watch_trades(SPOT))
        await subscribed(sim, exchange, "trade.SOL_USDC")
        exchange.secret = other.secret
        if wrong == "key pair":
            exchange.apiKey = stranger.api_key
        with pytest.raises(ExchangeError) as rejected:
            await asyncio.wait_for(exchange.watch_orders(), 1)
        engine.trade("SOL_USDC", "150.5")
        assert (await asyncio.wait_for(trades, 1))[-1]["price"] == 150.5
        assert isinstance(rejected.value, AuthenticationError)
        exchange.apiKey, exchange.secret = keys.api_key, keys.secret
        retry = asyncio.ensure_future(exchange.watch_orders())
        await subscribed(sim, exchange, "account.orderUpdate")
        await rest.create_order(SPOT, "limit", "buy", 1, 140)
        assert (await asyncio.wait_for(retry, 1))[-1]["status"] == "open"

    run(sim, make, scenario, keys)
