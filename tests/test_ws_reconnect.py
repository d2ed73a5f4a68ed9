"""The connection supervisor of the generated ccxt.pro class, against the simulator's /ws.

Each test says which real event it stands for: a dropped connection (a TCP cut, as a network
failure or a load balancer gives), Backpack's server shutdown (Close 1001, then 30 s during
which the old socket still works), a hung server (open, and nothing comes), an unreachable
server. What is asserted is what a trader's loop sees: every call resolves or raises a ccxt
NetworkError (never a CancelledError, never a hang), the client comes back by itself with
every stream subscribed again, books are never served stale, and no trade is missed.

The market is quiet (no market maker): each book change and trade is one the test makes
straight in the simulator's engine. Where ccxt.pro's own class fails the same scenario it
runs as a strict xfail negative control.
"""

import asyncio
import dataclasses
import time

import pytest
from ccxt.base.errors import ExchangeClosedByUser, ExchangeNotAvailable, NetworkError, RequestTimeout

from ccxt_backpack.pro import backpack as pro_backpack
from ccxt_backpack.ws_runtime import first_after, missed_trades

from ws_support import QUICK, engine, eventually, faults, negative_control, ours, run, server_view, sim, socket, subscribed  # noqa: F401 (fixtures)



class Loop:
    """A trader's loop: call a watch method again and again, keep what it returns, and the
    NetworkErrors (what ccxt promises after a lost connection). Anything else, a CancelledError
    included, ends the loop and fails `stop()`."""

    def __init__(self, call):
        self.call = call
        self.results, self.errors = [], []
        self.task = asyncio.ensure_future(self.run())

    async def run(self):
        while True:
            try:
                self.results.append(await self.call())
            except NetworkError as error:
                self.errors.append(error)

    def trade_ids(self):
        return [int(trade["id"]) for batch in self.results for trade in batch]

    async def stop(self):
        if self.task.done():
            self.task.result()  # raises what ended the loop
            raise AssertionError("the loop ended")  # pragma: no cover
        self.task.cancel()


def new_trade_ids(sim, market_id, first):
    """The ids of the market's trades from `first` on (per market, the simulator numbers them 1, 2, ...)."""
    return list(range(first, sim.sim.engine.markets[market_id].data.next_trade_id))


# Our supervisor's waits, for a server across the internet, shortened to what a simulator on this
# machine needs: a socket up 50 ms has lasted (its loss is redialled at once), the first redial
# comes within 20 ms, a subscription sent 100 ms ago has been applied (a catch-up reads REST then,
# on a market where the new socket brings no trade). Each test that is about one of them sets its own.
QUICK_SUPERVISOR = {"redial_stable": 0.05, "redial_backoff": (0.02, 5.0), "subscribe_settle": 0.1}


def quick_supervisor(exchange, **timings):
    """Our class's supervisor with QUICK_SUPERVISOR's timings (and `timings`); ccxt.pro's has none."""
    if hasattr(exchange, "WS"):
        exchange.WS = dataclasses.replace(exchange.WS, **{**QUICK_SUPERVISOR, **timings})


async def lasted(exchange):
    """Once the socket has been up WS.redial_stable: its loss is then that of a socket that lasted,
    which is redialled at once (ccxt.pro's class has no such rule: at once)."""
    if not hasattr(exchange, "WS"):
        return
    client, clock = socket(exchange), asyncio.get_running_loop()

    def up_long_enough():
        return client.connected_at is not None and clock.time() - client.connected_at >= exchange.WS.redial_stable

    await eventually(up_long_enough)


def served_nonce(exchange, symbol):
    """The update id of the book a watcher would be served (ours serves a book in sync only)."""
    book = exchange.orderbooks.get(symbol)
    sync = getattr(exchange, "ws_books", {}).get("depth." + exchange.market(symbol)["id"])
    return None if book is None or (sync is not None and not sync.synced) else book["nonce"]


async def book_equals_rest(exchange, rest, symbol, nudge, attempts=40, depth=1000):
    """The watched book, once at the REST book's update id, compared level by level with it (a
    book behind REST is nudged by one more change), to `depth` levels a side."""
    for _ in range(attempts):
        snapshot = await rest.fetch_order_book(symbol, 1000)
        deadline = time.monotonic() + 0.1
        while time.monotonic() < deadline:
            nonce = served_nonce(exchange, symbol)
            if nonce == snapshot["nonce"]:
                book = exchange.orderbooks[symbol]
                for side in ("bids", "asks"):
                    levels = [list(level) for level in book[side][:depth]]
                    assert levels == snapshot[side][:depth], f"{side} differ at {nonce}"
                return nonce
            if nonce is not None and nonce > snapshot["nonce"]:
                break
            await asyncio.sleep(0.002)
        nudge(exchange.market(symbol)["id"])
    raise AssertionError(f"the {symbol} book never reached REST's update id")


# ---------------------------------------------------------------- drops


def test_a_drop_rejects_waiting_callers_with_network_error_and_the_client_comes_back_by_itself(sim, engine):
    """A TCP cut: every waiting caller gets ccxt's NetworkError at once (not a CancelledError,
    not a hang); then, with no call of the user, a new socket is dialled and every stream is
    subscribed again within 2 s; a caller that calls again gets the next update from it."""

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        ticker = asyncio.ensure_future(exchange.watch_ticker("ETH/USDC"))  # once a second: maybe resolved first
        await exchange.watch_order_book("BTC/USDC")
        waiting = [
            asyncio.ensure_future(exchange.watch_trades("SOL/USDC")),
            asyncio.ensure_future(exchange.watch_trades("ETH/USDC")),
            asyncio.ensure_future(exchange.watch_order_book("BTC/USDC")),
        ]
        streams = ["trade.SOL_USDC", "trade.ETH_USDC", "ticker.ETH_USDC", "depth.BTC_USDC"]
        await subscribed(sim, exchange, streams)
        await lasted(exchange)  # the redial comes at once
        old = socket(exchange)
        dropped_at = time.monotonic()
        assert sim.call(sim.sim.drop_ws_connections) == 1
        results = await asyncio.gather(*waiting, return_exceptions=True)
        assert time.monotonic() - dropped_at < 1
        assert all(type(result) is NetworkError for result in results), results
        await subscribed(sim, exchange, streams)
        assert time.monotonic() - dropped_at < 2
        assert socket(exchange) is not old and exchange.ws_reconnects == 1
        engine.trade("SOL_USDC", "148.5")
        [trade] = await asyncio.wait_for(exchange.watch_trades("SOL/USDC"), 2)
        assert trade["price"] == 148.5
        assert ticker.done() and (ticker.exception() is None or type(ticker.exception()) is NetworkError)

    run(sim, ours, scenario)


class WithOrderUpdates(pro_backpack):
    """Our class with one more watch method, reading the private order stream raw: the
    supervisor's private resubscription seen on its own (the private watch methods proper are
    tested where they are written)."""

    WS = dataclasses.replace(pro_backpack.WS, handlers={**pro_backpack.WS.handlers, "watchRaw": "handle_raw"})

    def handle_raw(self, client, topic, raw):
        return raw


def test_private_streams_are_subscribed_again_with_a_fresh_signature(sim, engine):
    """A private stream after a drop: subscribed again in a request of its own, signed when it
    is sent (Backpack's signature is valid for a window of seconds: the first one, replayed,
    could have expired); the simulator verifies it and delivers the account's events again."""
    keys = sim.call(sim.sim.add_account, None, {"USDC": "100000"})
    account = engine.account(keys.api_key)

    def make(sim):
        exchange = WithOrderUpdates({**QUICK, "options": {"server": sim.rest_url}})
        exchange.apiKey, exchange.secret = keys.api_key, keys.secret
        return exchange

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        requests = []
        make_request = exchange.ws_request
        exchange.ws_request = lambda method, streams: requests.append(make_request(method, streams)) or requests[-1]
        private = {"account.orderUpdate": None}
        first = asyncio.ensure_future(exchange.ws_watch("watchRaw", private))
        trades = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await subscribed(sim, exchange, ["account.orderUpdate", "trade.SOL_USDC"])
        engine.place("SOL_USDC", "Bid", "120", "1", account)
        assert (await asyncio.wait_for(first, 2))["e"] == "orderAccepted"
        await lasted(exchange)
        sim.call(sim.sim.drop_ws_connections)
        with pytest.raises(NetworkError):
            await trades
        await subscribed(sim, exchange, ["account.orderUpdate", "trade.SOL_USDC"])
        signed = [request for request in requests if "signature" in request]
        assert [request["params"] for request in signed] == [["account.orderUpdate"]] * 2
        assert [request["params"] for request in requests[-2:]] == [["trade.SOL_USDC"], ["account.orderUpdate"]]
        assert int(signed[1]["signature"][2]) > int(signed[0]["signature"][2])  # signed anew
        assert signed[1]["signature"][1] != signed[0]["signature"][1]
        engine.place("SOL_USDC", "Bid", "121", "1", account)
        update = await asyncio.wait_for(exchange.ws_watch("watchRaw", private), 2)
        assert (update["e"], update["p"]) == ("orderAccepted", "121")

    run(sim, make, scenario)


@negative_control("B2: ccxt.pro keeps the book it had before the drop and applies the new deltas on it")
def test_a_book_is_taken_again_from_a_fresh_snapshot_after_a_drop(sim, engine, make):
    """Levels that change while the socket is down (a cancel, a new order) are in no delta the
    client will see: the book is not served until a snapshot taken after the new subscription,
    and then equals REST at the same update id (no ghost level)."""

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        placed = [engine.place("ETH_USDC", "Bid", price, "0.5") for price in ("3400", "3401", "3402")]
        loop = Loop(lambda: exchange.watch_order_book("ETH/USDC"))
        for _ in range(12):  # ccxt.pro takes its snapshot after 10 deltas
            engine.new_level("ETH_USDC")
            await asyncio.sleep(0.002)
        await book_equals_rest(exchange, rest, "ETH/USDC", engine.new_level)
        await lasted(exchange)
        sim.call(sim.sim.drop_ws_connections)
        for order_id in placed:  # while no socket is up: before the client hears of the drop
            engine.cancel("ETH_USDC", order_id)
        engine.new_level("ETH_USDC")
        changed = sim.sim.engine.markets["ETH_USDC"].book.update_id  # the update id with the changes in
        await eventually(lambda: loop.errors, 1)
        served = served_nonce(exchange, "ETH/USDC")  # None until a fresh snapshot (which may be in already)
        assert served is None or served >= changed, "a book from before the drop is served"
        await book_equals_rest(exchange, rest, "ETH/USDC", engine.new_level)
        sync = exchange.ws_books["depth.ETH_USDC"]
        assert sync.snapshots == 2 + sync.gaps
        await loop.stop()

    run(sim, make, scenario)


@negative_control("ccxt.pro has no catch-up: the trades made while it was disconnected never reach it")
def test_trades_made_during_a_drop_are_fetched_and_no_trade_id_is_missed(sim, engine, make):
    """Trades made while the socket is down are in no frame the client will get: once the new
    socket is subscribed they are read through REST and handed to the watchers, in order; the
    trades the new socket delivers are not handed twice."""

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        loop = Loop(lambda: exchange.watch_trades("BTC/USDC"))
        await subscribed(sim, exchange, ["trade.BTC_USDC"])
        first = sim.sim.engine.markets["BTC_USDC"].data.next_trade_id
        engine.trade("BTC_USDC", "100010")
        await eventually(lambda: loop.trade_ids(), 2)
        await lasted(exchange)
        sim.call(sim.sim.drop_ws_connections)
        for cents in range(5):  # while no socket is up: before the client hears of the drop
            engine.trade("BTC_USDC", f"1000{20 + cents}")
        await eventually(lambda: loop.errors, 1)
        await subscribed(sim, exchange, ["trade.BTC_USDC"], 3)
        engine.trade("BTC_USDC", "100030")  # on the new socket
        await eventually(lambda: first + 6 in loop.trade_ids(), 2)
        await eventually(lambda: len(loop.trade_ids()) >= 7, 0.5)
        await asyncio.sleep(0.2)  # nothing more comes (no trade twice)
        ids = loop.trade_ids()
        assert sorted(ids) == new_trade_ids(sim, "BTC_USDC", first) and len(ids) == 7
        caught_up = [number for number in ids if first < number < first + 6]
        assert caught_up == sorted(caught_up)  # in the order they were made (the new socket's may come first)
        await loop.stop()

    run(sim, make, scenario)


def test_ten_drops_in_quick_succession_leave_no_stale_book_and_no_lost_trade_or_fill(sim, engine):
    """A flaky network: ten drops a few tenths of a second apart, trades, fills of the account and
    book changes made while each socket is down. Every drop gives the waiting callers a
    NetworkError and nothing else; after each, the client is back by itself, its book equal to
    REST at the same update id (one fresh snapshot a drop), and in the end every trade id and
    every fill of the account was handed out exactly once."""
    keys = sim.call(sim.sim.add_account, None, {"USDC": "1000000", "ETH": "1000"})
    account = engine.account(keys.api_key)
    fill_prices = iter(f"{3600 + cents / 100:.2f}" for cents in range(100))

    def fill():
        """One fill of the account: its ask taken whole by another account's bid."""
        price = next(fill_prices)
        engine.place("ETH_USDC", "Ask", price, "0.01", account)
        engine.place("ETH_USDC", "Bid", price, "0.01", engine.taker)

    async def scenario(exchange, rest):
        # sockets up 50 ms count as having lasted (the default 0.25 s guards against a server that
        # drops every connection; the backoff has a test of its own)
        quick_supervisor(exchange)
        trades = Loop(lambda: exchange.watch_trades("SOL/USDC"))
        books = Loop(lambda: exchange.watch_order_book("BTC/USDC"))
        fills = Loop(lambda: exchange.watch_my_trades("ETH/USDC"))
        streams = ["trade.SOL_USDC", "depth.BTC_USDC", "account.orderUpdate.ETH_USDC"]
        await subscribed(sim, exchange, streams)
        first = sim.sim.engine.markets["SOL_USDC"].data.next_trade_id
        for drop in range(10):
            engine.trade("SOL_USDC", "150.10")
            fill()
            await book_equals_rest(exchange, rest, "BTC/USDC", engine.new_level)
            await lasted(exchange)  # the redial comes at once
            sim.call(sim.sim.drop_ws_connections)
            engine.trade("SOL_USDC", "150.20")
            engine.trade("SOL_USDC", "150.30")
            fill()
            engine.new_level("BTC_USDC")
            await eventually(lambda: exchange.ws_reconnects == drop + 1, 2)
            await subscribed(sim, exchange, streams)
        await book_equals_rest(exchange, rest, "BTC/USDC", engine.new_level)
        expected = new_trade_ids(sim, "SOL_USDC", first)
        await eventually(lambda: len(trades.trade_ids()) >= len(expected), 3)
        assert sorted(trades.trade_ids()) == expected and len(expected) == 30
        fetched = sorted(trade["id"] for trade in await rest.fetch_my_trades("ETH/USDC", None, 100))
        await eventually(lambda: len(fills.trade_ids()) >= len(fetched), 3)
        assert sorted(str(number) for number in fills.trade_ids()) == fetched and len(fetched) == 20
        assert len(trades.errors) == len(books.errors) == 10
        sync = exchange.ws_books["depth.BTC_USDC"]
        assert sync.snapshots == 11 + sync.gaps
        for loop in (trades, books, fills):
            await loop.stop()

    run(sim, ours, scenario, timeout=30, keys=keys)


# ---------------------------------------------------------------- a server shutdown


@negative_control("ccxt.pro rejects its callers at the Close and has no socket until the next call")
def test_a_server_shutdown_is_handed_over_to_a_new_socket_before_the_old_one_goes(sim, engine, make):
    """Backpack's shutdown: Close 1001, then the old socket still works for 30 s. The client
    dials a new socket at once, which takes over the waiting callers (they are served, not
    rejected) and the streams; only once it is subscribed is the old socket closed, well
    before the grace period ends. Trades made around the Close are all handed out once."""

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        loop = Loop(lambda: exchange.watch_trades("ETH/USDC"))
        await subscribed(sim, exchange, ["trade.ETH_USDC"])
        first = sim.sim.engine.markets["ETH_USDC"].data.next_trade_id
        engine.trade("ETH_USDC", "3501")
        await eventually(lambda: loop.trade_ids(), 2)
        old_peer = server_view(sim, exchange)["peer"]
        retired = []
        if make is ours:
            retire = exchange.ws_retire

            async def spy(client):  # the simulator's view when the old socket is closed
                retired.append(sim.call(sim.sim.ws_stats)["connections"])
                await retire(client)

            exchange.ws_retire = spy
        assert sim.call(sim.sim.close_ws_connections, 5.0) == 1
        engine.trade("ETH_USDC", "3502")  # delivered on the old socket during the grace only
        engine.trade("ETH_USDC", "3503")
        await eventually(lambda: len(loop.trade_ids()) >= 3 or loop.errors, 3)
        assert not loop.errors  # the waiting caller was served, not rejected
        await subscribed(sim, exchange, ["trade.ETH_USDC"])
        engine.trade("ETH_USDC", "3504")  # on the new socket
        await eventually(lambda: len(loop.trade_ids()) >= 4, 2)
        await asyncio.sleep(0.2)
        assert sorted(loop.trade_ids()) == new_trade_ids(sim, "ETH_USDC", first) and len(loop.trade_ids()) == 4
        [at_retirement] = retired
        old = next(c for c in at_retirement if c["peer"] == old_peer)
        assert old["open"] and old["close_code_sent"] == 1001  # still there when the new one took over
        assert [c for c in at_retirement if c["open"] and c["id"] > old["id"]]  # the new socket was up
        stats = sim.call(sim.sim.ws_stats)
        assert not next(c for c in stats["connections"] if c["peer"] == old_peer)["open"]  # closed by us ...
        assert stats["totals"]["closed_after_grace"] == 0  # ... before the grace ended
        assert exchange.ws_handovers == 1 and not exchange.ws_retiring
        await loop.stop()

    run(sim, make, scenario)


# ---------------------------------------------------------------- a hung server


def test_a_silent_peer_is_found_by_the_keepalive_and_the_socket_dialled_again(sim, engine):
    """A hung server: the socket stays open and nothing comes, not even a Pong. ccxt's keepalive
    (our pings every `keepAlive` ms; a peer whose last Pong is `maxPingPongMisses` intervals old
    at a check is dropped) finds it within three intervals (timings shortened here), the
    waiting callers get a RequestTimeout (a NetworkError), and the supervisor dials again."""
    streaming = pro_backpack().describe()["streaming"]
    assert streaming["keepAlive"] * (streaming["maxPingPongMisses"] + 1) <= 60_000  # the real timings: 60 s at most

    async def scenario(exchange, rest):
        exchange.streaming = exchange.extend(exchange.streaming, {"keepAlive": 100})
        waiting = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await subscribed(sim, exchange, ["trade.SOL_USDC"])
        old = socket(exchange)
        await asyncio.sleep(0.35)
        assert not waiting.done() and socket(exchange) is old  # pongs came: a peer that answers stays
        assert sim.call(sim.sim.silence_ws_connections) == 1
        silenced_at = time.monotonic()
        engine.trade("SOL_USDC", "147")  # not delivered: the server is hung
        with pytest.raises(RequestTimeout, match="ping-pong keepalive"):
            await asyncio.wait_for(waiting, 2)
        assert 0.05 < time.monotonic() - silenced_at < 0.3 + 0.1
        loop = Loop(lambda: exchange.watch_trades("SOL/USDC"))
        await subscribed(sim, exchange, ["trade.SOL_USDC"])
        assert socket(exchange) is not old
        engine.trade("SOL_USDC", "147.5")
        await eventually(lambda: len(loop.trade_ids()) == 2, 2)  # the first one caught up through REST
        assert sorted(trade["price"] for batch in loop.results for trade in batch) == [147.0, 147.5]
        await loop.stop()

    run(sim, ours, scenario)


# ---------------------------------------------------------------- an unreachable server


class Gate:
    """A TCP door between the exchange and the simulator: shut, it cuts its connections and
    refuses new ones (a server that is down); opened again on the same port."""

    def __init__(self, port):
        self.port, self.target, self.server, self.pipes, self.accepted = 0, port, None, set(), 0

    async def open(self):
        self.server = await asyncio.start_server(self.pipe, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    def shut(self):
        self.server.close()
        for writer in list(self.pipes):
            writer.transport.abort()

    async def pipe(self, reader, writer):
        self.accepted += 1
        upstream_reader, upstream = await asyncio.open_connection("127.0.0.1", self.target)
        self.pipes |= {writer, upstream}

        async def copy(source, sink):
            try:
                while data := await source.read(65536):
                    sink.write(data)
            except ConnectionError:
                pass
            finally:
                sink.transport.abort()
                self.pipes.discard(sink)

        await asyncio.gather(copy(reader, upstream), copy(upstream_reader, writer))


def open_connections(sim):
    return [c for c in sim.call(sim.sim.ws_stats)["connections"] if c["open"]]


def test_while_the_server_is_unreachable_the_client_keeps_trying_and_callers_never_hang(sim, engine):
    """The server down (connections refused): the supervisor keeps dialling, with a growing,
    capped backoff; a caller meanwhile waits for the next dial and gets its NetworkError (within
    the longest backoff, shortened here, and the dial: never a hang, and a loop that calls again
    at once does not spin). Once the server is back the streams are subscribed again without a
    call."""

    async def scenario(exchange, rest):
        gate = Gate(int(sim.rest_url.rsplit(":", 1)[1]))
        await gate.open()
        exchange.urls["api"]["ws"] = f"ws://127.0.0.1:{gate.port}/ws"
        quick_supervisor(exchange, redial_backoff=(0.05, 0.2))
        waiting = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await eventually(lambda: gate.accepted == 1 and socket(exchange).connected.done())
        await lasted(exchange)
        gate.shut()
        with pytest.raises(NetworkError):
            await asyncio.wait_for(waiting, 1)
        redial = exchange.ws_redials[exchange.ws_url()]
        calls, down_until = [], time.monotonic() + 0.8
        while redial.attempts < 4:  # after 0.05, 0.1, 0.2, 0.2 s (jittered), and the dials
            assert time.monotonic() < down_until, f"{redial.attempts} dials in 0.8 s: {calls}"
            started = time.monotonic()  # calling again at once, as a trader's loop does
            with pytest.raises(NetworkError):
                await asyncio.wait_for(exchange.watch_trades("SOL/USDC"), 2)
            calls.append(time.monotonic() - started)
        assert max(calls) < 0.2 + 0.2 and 4 <= len(calls) <= redial.attempts + 1, calls
        await gate.open()
        reopened_at = time.monotonic()
        await eventually(
            lambda: any(c["open"] and c["streams"] == ["trade.SOL_USDC"] for c in open_connections(sim)), 2
        )
        assert time.monotonic() - reopened_at < 0.2 + 0.5  # the longest backoff, and the dial
        engine.trade("SOL_USDC", "146")
        assert (await asyncio.wait_for(exchange.watch_trades("SOL/USDC"), 2))[-1]["price"] == 146.0
        gate.shut()
        gate.server.close()

    run(sim, ours, scenario)


def test_close_by_the_user_stops_the_supervisor_for_good(sim, engine):
    """close() while the client is getting back from a drop: the waiting callers get
    ExchangeClosedByUser (a ccxt error their loop catches), and no socket is dialled after it."""

    async def scenario(exchange, rest):
        quick_supervisor(exchange, redial_backoff=(0.1, 1.0))
        loop = Loop(lambda: exchange.watch_trades("SOL/USDC"))
        await subscribed(sim, exchange, ["trade.SOL_USDC"])
        await lasted(exchange)  # the redial is due within the first backoff (0.1 s)
        sim.call(sim.sim.drop_ws_connections)
        await eventually(lambda: loop.errors, 1)
        opened = sim.call(sim.sim.ws_stats)["totals"]["connections_opened"]
        waiting = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await asyncio.sleep(0)
        await exchange.close()
        for caller in (waiting, loop.task):
            with pytest.raises(ExchangeClosedByUser):
                await caller
        await asyncio.sleep(0.15)  # longer than the redial could have waited
        totals = sim.call(sim.sim.ws_stats)["totals"]
        assert totals["connections_opened"] <= opened + 1 and totals["connections_open"] == 0
        assert not exchange.clients and not exchange.ws_tasks

    run(sim, ours, scenario)


# ---------------------------------------------------------------- catch-up failures


def test_a_failed_catch_up_rejects_its_own_watchers_and_the_next_one_covers_its_trades(sim, engine, faults):
    """REST failing when the trades are to be caught up: the trade watchers get the REST error
    and the other streams go on; after the next drop the catch-up starts where the failed one
    did, so the trades of both outages are handed out."""

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        trades = Loop(lambda: exchange.watch_trades("ETH/USDC"))
        tickers = Loop(lambda: exchange.watch_ticker("ETH/USDC"))
        await subscribed(sim, exchange, ["trade.ETH_USDC", "ticker.ETH_USDC"])
        first = sim.sim.engine.markets["ETH_USDC"].data.next_trade_id
        engine.trade("ETH_USDC", "3490")
        await eventually(lambda: trades.trade_ids(), 2)
        await lasted(exchange)
        faults(error_rate=1)  # REST down for the first catch-up
        sim.call(sim.sim.drop_ws_connections)
        engine.trade("ETH_USDC", "3491")
        await subscribed(sim, exchange, ["trade.ETH_USDC", "ticker.ETH_USDC"])
        await eventually(lambda: any(isinstance(error, ExchangeNotAvailable) for error in trades.errors), 2)
        faults(error_rate=0)
        sim.call(sim.sim.drop_ws_connections)
        engine.trade("ETH_USDC", "3492")
        await subscribed(sim, exchange, ["trade.ETH_USDC", "ticker.ETH_USDC"])
        await eventually(lambda: len(trades.trade_ids()) >= 3, 2)
        assert sorted(trades.trade_ids()) == new_trade_ids(sim, "ETH_USDC", first)
        ticks = len(tickers.results)
        sim.call(sim.sim.hub.push_periodic)  # the simulator's once-a-second push, now
        await eventually(lambda: len(tickers.results) > ticks, 2.5)  # the ticker went on
        assert not any(isinstance(error, ExchangeNotAvailable) for error in tickers.errors)
        await trades.stop()
        await tickers.stop()

    run(sim, ours, scenario)


def test_missed_trades_are_those_between_the_last_seen_and_the_new_sockets_first_not_cached():
    def trade(number, timestamp=1000):
        return {"id": str(number), "timestamp": timestamp}

    last, cached_new = trade(9), trade(13)
    fetched = [trade(13), trade(12), trade(11), trade(10), trade(9), trade(8), trade(10)]
    cached = [trade(8), last, trade(11), cached_new]
    assert missed_trades(fetched, cached, last, cached_new) == [trade(10), trade(12)]
    assert missed_trades(fetched, [], None, None) == [trade(8), trade(9), trade(10), trade(11), trade(12), trade(13)]
    assert [t["id"] for t in missed_trades([trade(100, 5), trade(99, 6)], [], trade(98, 5), None)] == ["100", "99"]
    items = [trade(1), last, cached_new]
    assert first_after(items, last) is cached_new and first_after(items, cached_new) is None
    assert first_after(items, trade(0)) is items[0] and first_after([], None) is None


def test_fills_made_during_a_drop_reach_the_order_and_fill_watchers(sim, engine):
    """An account's order filled while the socket is down (the fill's orderFill event went to no
    socket): once the private streams are subscribed again, the catch-ups read the fills and the
    order through REST, so watch_my_trades yields the fill and watch_orders the filled order, as
    fetch_order and fetch_my_trades have them."""
    keys = sim.call(sim.sim.add_account, None, {"USDC": "1000000", "SOL": "10000"})
    account = engine.account(keys.api_key)

    async def scenario(exchange, rest):
        quick_supervisor(exchange)
        orders = Loop(lambda: exchange.watch_orders("SOL/USDC"))
        fills = Loop(lambda: exchange.watch_my_trades("SOL/USDC"))
        await subscribed(sim, exchange, ["account.orderUpdate.SOL_USDC"])
        order_id = str(engine.place("SOL_USDC", "Ask", "160.5", "2", account))
        await eventually(lambda: any(order["id"] == order_id for batch in orders.results for order in batch), 2)
        await lasted(exchange)
        sim.call(sim.sim.drop_ws_connections)
        engine.place("SOL_USDC", "Bid", "160.5", "2", engine.taker)  # fills it while no socket is up
        await eventually(lambda: orders.errors and fills.errors, 3)
        await subscribed(sim, exchange, ["account.orderUpdate.SOL_USDC"], 3)
        await eventually(lambda: fills.results, 3)
        delivered = [trade for batch in fills.results for trade in batch]
        assert len(delivered) == 1, f"the fill delivered {len(delivered)} times: {delivered}"
        [fill] = delivered
        [fetched_fill] = await rest.fetch_my_trades("SOL/USDC")
        assert (fill["id"], fill["order"], fill["price"], fill["amount"]) == (fetched_fill["id"], order_id, 160.5, 2.0)
        await eventually(lambda: exchange.orders.hashmap["SOL/USDC"][order_id]["status"] == "closed", 3)
        watched, fetched = exchange.orders.hashmap["SOL/USDC"][order_id], await rest.fetch_order(order_id, "SOL/USDC")
        for key in ("status", "filled", "remaining", "cost", "price", "amount"):
            assert watched[key] == fetched[key], key
        await orders.stop()
        await fills.stop()

    run(sim, ours, scenario, keys=keys)
