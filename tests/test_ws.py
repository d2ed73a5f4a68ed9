"""The generated ccxt.pro class (ccxt_backpack.pro) against the simulator's real /ws over 127.0.0.1.

Each test says which behaviour of the real API it stands for. The market is quiet (no market
maker): every book change and trade is one the test makes, straight in the simulator's engine
(no REST, so REST faults never touch them), which lets a test know what each frame carries.

Where the issue says ccxt's own ccxt.pro.backpack is wrong, the same test runs on it too as a
negative control: it must fail there (xfail, strict), for the reason named.
"""

import asyncio
import base64

import pytest
from ccxt.base.errors import BadSymbol, ExchangeClosedByUser, ExchangeError, ExchangeNotAvailable, UnsubscribeError

from backpack_sim import SimulatorThread

from ccxt_backpack.pro import backpack as pro_backpack
from ccxt_backpack.ws_books import APPLIED, SyncedBook
from support import ROOT
from ws_support import Engine, connection, engine, eventually, faults, negative_control, ours, run, sim, subscribed  # noqa: F401 (fixtures)


# ---------------------------------------------------------------- parsed structures


def test_watch_ticker_yields_a_parsed_ticker(sim, engine):
    """The 24 h ticker stream (one a second): ccxt's ticker, numbers from decimal texts, time in ms."""
    engine.trade("SOL_USDC", "151.5", "2")

    async def scenario(exchange, rest):
        watching = asyncio.gather(exchange.watch_ticker("SOL/USDC"), exchange.watch_tickers(["SOL/USDC"]))
        await subscribed(sim, exchange, ["ticker.SOL_USDC"])
        sim.call(sim.sim.hub.push_periodic)  # the simulator's once-a-second push, now
        ticker, tickers = await watching
        assert tickers == {"SOL/USDC": ticker}
        assert ticker["symbol"] == "SOL/USDC" and ticker["last"] == ticker["close"] == 151.5
        assert ticker["baseVolume"] >= 2 and ticker["quoteVolume"] >= 303 and ticker["info"]["e"] == "ticker"
        assert ticker["timestamp"] == int(ticker["info"]["E"]) // 1000 and ticker["datetime"].endswith("Z")

    run(sim, ours, scenario)


def test_watch_trades_yields_trades_stamped_with_the_engine_time(sim, engine):
    """The trade stream: each trade parsed as REST's fetchTrades parses it; its time is the
    engine's (T), not the time the frame was sent (E)."""

    async def scenario(exchange, rest):
        watching = asyncio.ensure_future(exchange.watch_trades("ETH/USDC"))
        await subscribed(sim, exchange, ["trade.ETH_USDC"])
        engine.trade("ETH_USDC", "3501.25", "0.5")
        [trade] = await watching
        info = trade["info"]
        assert (trade["symbol"], trade["price"], trade["amount"], trade["cost"]) == ("ETH/USDC", 3501.25, 0.5, 1750.625)
        assert (trade["side"], trade["takerOrMaker"]) == ("buy", "taker")
        assert trade["timestamp"] == int(info["T"]) // 1000 and int(info["E"]) >= int(info["T"])
        fetched = {item["id"]: item for item in await rest.fetch_trades("ETH/USDC")}
        assert (
            fetched[trade["id"]]["timestamp"] == trade["timestamp"] and fetched[trade["id"]]["price"] == trade["price"]
        )

    run(sim, ours, scenario)


# ---------------------------------------------------------------- order books


class Changes:
    """Book changes, `change(*args)` on `sim`, each remembering whether its depth frame was lost:
    withheld (ws_loss_rate) or followed by skipped update ids (ws_gap_rate). A book then stays
    behind REST's update id until the next frame, which no waiting brings."""

    def __init__(self, sim, change):
        self.totals, self.change, self.last_lost = sim.sim.hub.totals, change, False

    def __call__(self, *args):
        before = self.lost()
        result = self.change(*args)
        self.last_lost = self.lost() > before
        return result

    def lost(self):
        return self.totals.depth_frames_withheld + self.totals.sequence_gaps_injected


async def at_rest_nonce(exchange, rest, symbol, nudge, attempts=40):
    """The watched book once it is at the REST book's update id, compared level by level with it.
    A book that stays behind (the frame it waits for lost) is nudged by one more change: at once
    when the last change of `nudge` (Changes) was lost, else after 0.1 s."""
    market_id = exchange.market(symbol)["id"]
    for _ in range(attempts):
        snapshot = await rest.fetch_order_book(symbol, 1000)
        deadline = asyncio.get_running_loop().time() + 0.1
        while asyncio.get_running_loop().time() < deadline:
            book = exchange.orderbooks.get(symbol)
            nonce = book["nonce"] if book is not None else None
            if nonce == snapshot["nonce"]:
                assert [list(level) for level in book["bids"]] == snapshot["bids"], f"bids differ at update id {nonce}"
                assert [list(level) for level in book["asks"]] == snapshot["asks"], f"asks differ at update id {nonce}"
                return nonce
            if nonce is not None and nonce > snapshot["nonce"]:
                break  # moved on: read REST again
            if nudge.last_lost:
                break
            await asyncio.sleep(0.002)
        nudge(market_id)
    raise AssertionError(f"the {symbol} book never reached REST's update id")


def test_the_book_equals_rest_at_the_same_update_id(sim, engine):
    """Depth deltas on a REST snapshot: on a quiet market, at every checkpoint the watched book
    is REST's book at the same update id, level for level (adds, partial fills, cancels)."""

    async def scenario(exchange, rest):
        first = await exchange.watch_order_book("BTC/USDC")
        assert first["symbol"] == "BTC/USDC" and first["nonce"] is not None
        placed = []
        for step in range(6):
            placed.append(engine.new_level("BTC_USDC", "Bid" if step % 2 else "Ask"))
            if step == 3:
                engine.cancel("BTC_USDC", placed.pop(0))
            await at_rest_nonce(exchange, rest, "BTC/USDC", Changes(sim, engine.new_level))
        sync = exchange.ws_books["depth.BTC_USDC"]
        assert (sync.snapshots, sync.gaps) == (1, 0)

    run(sim, ours, scenario)


@negative_control("B3: ccxt.pro trims the stored book to the limit, so the level below the best is gone with it")
def test_a_limit_returns_the_top_levels_and_never_trims_the_book(sim, engine, make):
    """watch_order_book(symbol, limit): the top `limit` levels a side, copied; the stored book keeps
    every level, so the level below the best is there when the best goes."""
    bids = [engine.place("SOL_USDC", "Bid", price, "1") for price in ("141", "142", "143")]

    async def scenario(exchange, rest):
        first = asyncio.ensure_future(exchange.watch_order_book("SOL/USDC", 2))
        await subscribed(sim, exchange, ["depth.SOL_USDC"])  # else deltas made meanwhile go to no one
        for _ in range(12):  # ccxt.pro takes its snapshot after 10 deltas (asks, away from the bids)
            engine.new_level("SOL_USDC", "Ask")
            await asyncio.sleep(0.002)
        top = await first
        assert [level[0] for level in top["bids"]][:2] == [143.0, 142.0] and len(top["bids"]) == 2
        engine.cancel("SOL_USDC", bids[2])
        top = await exchange.watch_order_book("SOL/USDC", 2)
        assert [level[0] for level in top["bids"]] == [142.0, 141.0]
        assert len(exchange.orderbooks["SOL/USDC"]["bids"]) >= 2

    try:
        run(sim, make, scenario)
    finally:
        for order_id in bids[:2]:
            engine.cancel("SOL_USDC", order_id)


@pytest.fixture
def lossy():
    """A simulator of its own: its seeded loss stream decides the same frames whatever ran before."""
    with SimulatorThread(
        seed=4, market_maker=False, history=False, tick_interval=3600, faults={"ws_loss_rate": 0.3}
    ) as running:
        yield running


@negative_control("B1: ccxt.pro applies a delta across a gap, so a withheld frame's levels are missing from its book")
def test_withheld_depth_frames_are_found_and_the_book_still_equals_rest(lossy, make):
    """Frames lost on the way (ws_loss_rate: the simulator withholds depth frames, levels and
    update ids): each break in the update ids is found and the book taken again from a snapshot,
    once per break (losses with no frame between them are one break), and at every checkpoint
    it equals REST at the same update id."""
    sim, engine = lossy, Engine(lossy)
    new_level = Changes(sim, engine.new_level)

    async def scenario(exchange, rest):
        watching = asyncio.ensure_future(exchange.watch_order_book("ETH/USDC"))
        await subscribed(sim, exchange, ["depth.ETH_USDC"])
        for _ in range(12):  # ccxt.pro takes its snapshot after 10 deltas
            new_level("ETH_USDC")
            await asyncio.sleep(0.002)
        for step in range(12):
            new_level("ETH_USDC", "Bid" if step % 2 else "Ask")
            await at_rest_nonce(exchange, rest, "ETH/USDC", new_level)
        withheld = connection(sim, exchange)["depth_frames_withheld"]
        assert withheld >= 3
        if make is ours:
            sync = exchange.ws_books["depth.ETH_USDC"]
            assert 1 <= sync.gaps <= withheld and sync.snapshots == 1 + sync.gaps
        watching.cancel()

    run(sim, make, scenario, timeout=20)


def test_a_failed_snapshot_rejects_the_book_watcher_only_and_is_retried(sim, engine, faults):
    """REST failing while a book needs its snapshot (5xx on every REST call): the book's watcher
    gets the error, the socket stays open and the other streams go on; once REST answers, the
    retry (with backoff, no user call) brings the book in sync (ccxt.pro closes the socket, B4)."""

    async def scenario(exchange, rest):
        trades = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await eventually(lambda: exchange.ws_url() in exchange.clients)
        client = exchange.clients[exchange.ws_url()]
        await client.connected
        faults(error_rate=1)
        with pytest.raises(ExchangeNotAvailable):  # the REST 5xx
            await exchange.watch_order_book("BTC/USDC")
        engine.trade("SOL_USDC", "149")
        assert (await trades)[-1]["price"] == 149.0
        faults(error_rate=0)
        book = await exchange.watch_order_book("BTC/USDC")
        assert book["nonce"] == (await rest.fetch_order_book("BTC/USDC"))["nonce"]
        assert exchange.clients[exchange.ws_url()] is client and not client.closed()
        assert exchange.ws_books["depth.BTC_USDC"].synced

    run(sim, ours, scenario)


# ---------------------------------------------------------------- isolation


def with_unlisted_market(exchange):
    """A market the client knows but the API does not stream (delisted since load_markets):
    subscribing to it is answered with an error frame (invalid stream)."""
    market = dict(exchange.markets["SOL/USDC"], id="GONE_USDC", symbol="GONE/USDC", base="GONE", baseId="GONE")
    exchange.markets["GONE/USDC"] = market
    exchange.markets_by_id["GONE_USDC"] = [market]
    exchange.symbols.append("GONE/USDC")


@negative_control("B5: ccxt.pro's error frame rejects every watcher of the socket")
def test_an_error_frame_rejects_only_its_watcher(sim, engine, make):
    """An invalid stream (a market the API does not stream): the error frame names the request,
    so its watcher alone is rejected; another stream keeps updating; a retry subscribes again
    (and is answered again, instead of hanging)."""

    async def scenario(exchange, rest):
        with_unlisted_market(exchange)
        trades = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await subscribed(sim, exchange, ["trade.SOL_USDC"])
        with pytest.raises(ExchangeError) as rejected:
            await asyncio.wait_for(exchange.watch_trades("GONE/USDC"), 1)
        engine.trade("SOL_USDC", "152")
        assert (await asyncio.wait_for(trades, 1))[-1]["price"] == 152.0
        assert isinstance(rejected.value, BadSymbol) and "Invalid stream" in str(rejected.value)
        with pytest.raises(BadSymbol):
            await asyncio.wait_for(exchange.watch_trades("GONE/USDC"), 1)

    run(sim, make, scenario)


@negative_control(
    "B6: a handler exception escapes ccxt.pro's handle_message and ends the receive loop: every stream stops"
)
def test_a_frame_a_handler_cannot_read_rejects_only_its_watcher(sim, engine, make):
    """A frame for a market the client's tables lack (listed or renamed after load_markets): the
    handler's error rejects that stream's watcher; the socket reads on and other streams update."""

    async def scenario(exchange, rest):
        sol = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        eth = asyncio.ensure_future(exchange.watch_trades("ETH/USDC"))
        await subscribed(sim, exchange, ["trade.SOL_USDC", "trade.ETH_USDC"])
        del exchange.markets_by_id["ETH_USDC"]
        engine.trade("ETH_USDC", "3502")
        with pytest.raises(BadSymbol, match="ETH_USDC"):
            await asyncio.wait_for(eth, 0.5)  # ccxt.pro's never comes: its receive loop has ended
        engine.trade("SOL_USDC", "153")
        assert (await asyncio.wait_for(sol, 1))[-1]["price"] == 153.0

    run(sim, make, scenario)


# ---------------------------------------------------------------- unwatching


def test_un_watch_sends_unsubscribe_and_the_streams_stop(sim, engine):
    """un_watch_*: UNSUBSCRIBE is sent, the simulator drops the streams (its stats) and sends
    nothing more; waiting callers get UnsubscribeError; caches and subscriptions are dropped.
    Unwatching what is not watched is not an error (ccxt.pro raises KeyError, B13)."""

    async def scenario(exchange, rest):
        pending = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await exchange.watch_order_book("BTC/USDC")
        engine.trade("SOL_USDC", "154")
        await pending
        ticker = asyncio.ensure_future(exchange.watch_ticker("SOL/USDC"))
        await eventually(
            lambda: set(connection(sim, exchange)["streams"]) == {"trade.SOL_USDC", "depth.BTC_USDC", "ticker.SOL_USDC"}
        )
        assert await exchange.un_watch_ticker("SOL/USDC") is True
        with pytest.raises(UnsubscribeError):
            await ticker
        await exchange.un_watch_trades("SOL/USDC")
        await exchange.un_watch_order_book("BTC/USDC")
        await eventually(lambda: connection(sim, exchange)["streams"] == [])
        sent = connection(sim, exchange)["frames_sent"]
        engine.trade("SOL_USDC", "155")
        engine.new_level("BTC_USDC")
        await asyncio.sleep(0.2)
        assert connection(sim, exchange)["frames_sent"] == sent
        assert (
            exchange.ws_topics == {}
            and exchange.ws_books == {}
            and exchange.clients[exchange.ws_url()].subscriptions == {}
        )
        assert (
            "SOL/USDC" not in exchange.trades
            and "BTC/USDC" not in exchange.orderbooks
            and "SOL/USDC" not in exchange.tickers
        )
        assert await exchange.un_watch_trades("ETH/USDC") is True

    run(sim, ours, scenario)


# ---------------------------------------------------------------- private subscriptions


def test_a_private_stream_is_subscribed_with_a_signature_made_when_sent(sim):
    """Private streams: the subscribe frame carries [key, signature, timestamp, window], signed
    by the REST signing code for the instruction the spec names, at the time it is sent; the
    simulator verifies it and subscribes the account's stream."""
    keys = sim.call(sim.sim.add_account, None, {"USDC": "1000"})

    async def scenario(exchange, rest):
        exchange.apiKey, exchange.secret = keys.api_key, keys.secret
        frame = exchange.ws_request("SUBSCRIBE", ["account.orderUpdate"])
        api_key, signature, timestamp, window = frame["signature"]
        assert (api_key, window) == (keys.api_key, "5000") and abs(int(timestamp) - exchange.milliseconds()) < 1000
        signed = f"instruction=subscribe&timestamp={timestamp}&window={window}".encode()
        exchange.signing_key().verify_key.verify(signed, base64.b64decode(signature))
        ticker = asyncio.ensure_future(exchange.watch_ticker("SOL/USDC"))
        await eventually(lambda: exchange.ws_url() in exchange.clients)
        client = exchange.clients[exchange.ws_url()]
        await client.connected
        await exchange.ws_send(client, "SUBSCRIBE", ["account.orderUpdate"])
        await eventually(lambda: "account.orderUpdate" in connection(sim, exchange)["streams"])
        ticker.cancel()

    run(sim, ours, scenario)


def test_closing_rejects_waiting_callers_with_a_ccxt_error_not_a_cancellation(sim):
    """close() with callers still waiting: they get ExchangeClosedByUser, which their `except
    Exception` catches (ccxt cancels their futures: a CancelledError ends the caller's task)."""

    async def scenario(exchange, rest):
        waiting = asyncio.ensure_future(exchange.watch_trades("SOL/USDC"))
        await eventually(
            lambda: "trade.SOL_USDC" in getattr(exchange.clients.get(exchange.ws_url()), "subscriptions", ())
        )
        await exchange.close()
        with pytest.raises(ExchangeClosedByUser):
            await waiting

    run(sim, ours, scenario)


@pytest.mark.parametrize("levels", [[["NaN", "1"]], [["150.1", "Infinity"]], [["1e45", "1"]], [["150.1", "x"]]])
def test_a_delta_level_that_is_no_number_within_the_limits_is_not_applied(levels):
    """float_levels raises for it (the handler then resyncs the book, as for any handler error),
    where leaving the level out would keep a wrong book in sync."""
    from ccxt_backpack.ws_books import float_levels

    assert float_levels([["150.1", "0"], ["149.9", "2.5"]]) == [[150.1, 0.0], [149.9, 2.5]]
    with pytest.raises(ValueError):
        float_levels(levels)


def test_the_capability_table_lists_every_watch_method_of_the_class():
    """CAPABILITIES.md's WebSocket section says what the class does: a row per watch method it
    has (with the stream it reads), and watchBalance refused with the reason and what to poll."""
    table = (ROOT / "generated" / "CAPABILITIES.md").read_text().split("### WebSocket streams", 1)[1]
    rows = {line.split("`")[1]: line for line in table.splitlines() if line.startswith("| `")}
    has = pro_backpack().has
    for name, value in has.items():
        if name.startswith("watch") and value:
            assert " | yes | `" in rows[name], name
    assert " | no | – |" in rows["watchBalance"] and "poll fetchBalance" in table


# ---------------------------------------------------------------- order books at scale


class Churn:
    """Book changes on one market, a level added or the oldest of ours cancelled, so that the
    book stays small (a snapshot of 1,000 levels a side is the whole book)."""

    def __init__(self, engine, market_id, depth=20):
        self.engine, self.market_id, self.depth, self.resting = engine, market_id, depth, []

    def __call__(self, market_id=None):
        if len(self.resting) >= self.depth:
            self.engine.cancel(self.market_id, self.resting.pop(0))
        else:
            self.resting.append(self.engine.new_level(self.market_id, "Bid" if len(self.resting) % 2 else "Ask"))


class AppliedDeltas:
    """Every delta a SyncedBook applies, with the update id its book was at: a delta is applied
    only right after the one before it (or spanning a snapshot's id), never across a gap."""

    def __init__(self, monkeypatch):
        self.applied = []
        for name in ("delta", "delta_texts"):
            original = getattr(SyncedBook, name)
            monkeypatch.setattr(SyncedBook, name, self.recording(original))

    def recording(self, original):
        def delta(book, first_id, last_id, *args):
            before, after_snapshot = book._nonce, book._nonce == book._snapshot_nonce
            result = original(book, first_id, last_id, *args)
            if result is APPLIED:
                self.applied.append((before, after_snapshot, first_id, last_id))
            return result

        return delta

    def across_a_gap(self):
        return [
            delta
            for delta in self.applied
            if not (delta[2] == delta[0] + 1 or (delta[1] and delta[2] <= delta[0] + 1 <= delta[3]))
        ]


async def checkpoints(sim, exchange, rest, symbol, change, count, changes_between):
    """`count` checkpoints, `changes_between` book changes apart: at each one the watched book is
    REST's at the same update id (at_rest_nonce asserts it level by level)."""
    change = Changes(sim, change)
    watching = asyncio.ensure_future(exchange.watch_order_book(symbol))
    await subscribed(sim, exchange, ["depth." + exchange.market(symbol)["id"]])
    for _ in range(count):
        for _ in range(changes_between):
            change()
        await at_rest_nonce(exchange, rest, symbol, change)
    watching.cancel()


def test_200_checkpoints_of_a_quiet_market_all_equal_rest(sim, engine, monkeypatch):
    """A quiet market, no fault: at 200 of 200 checkpoints the watched book is REST's book at the
    same update id; one snapshot, no gap, no delta applied across one."""
    applied = AppliedDeltas(monkeypatch)

    async def scenario(exchange, rest):
        await checkpoints(sim, exchange, rest, "ETH/USDC", Churn(engine, "ETH_USDC"), 200, 1)
        sync = exchange.ws_books["depth.ETH_USDC"]
        # every change a delta applied, but the first when the snapshot was taken after it
        assert (sync.snapshots, sync.gaps) == (1, 0) and len(applied.applied) >= 199
        assert applied.across_a_gap() == []

    run(sim, ours, scenario, timeout=60)


@pytest.fixture
def lossy_5(tmp_path):
    """A simulator of its own that withholds 5% of the depth frames (ws_loss_rate)."""
    with SimulatorThread(
        seed=9, market_maker=False, history=False, tick_interval=3600, faults={"ws_loss_rate": 0.05}
    ) as running:
        yield running


def test_2000_deltas_with_5_percent_withheld_give_no_divergent_checkpoint(lossy_5, monkeypatch):
    """Depth frames withheld on the way (5% of 2,000 deltas): every checkpoint (200, ten changes
    apart) equals REST at the same update id, each break in the ids is one resync (losses with
    no frame between them are one break), and no delta is ever applied across a break."""
    sim, engine, applied = lossy_5, Engine(lossy_5), AppliedDeltas(monkeypatch)

    async def scenario(exchange, rest):
        await checkpoints(sim, exchange, rest, "SOL/USDC", Churn(engine, "SOL_USDC"), 200, 10)
        withheld = connection(sim, exchange)["depth_frames_withheld"]
        sync = exchange.ws_books["depth.SOL_USDC"]
        assert withheld >= 50  # about 5% of the 2,000 deltas and the nudges
        assert 0.6 * withheld <= sync.gaps <= withheld and sync.snapshots == 1 + sync.gaps
        assert applied.across_a_gap() == []

    run(sim, ours, scenario, timeout=120)


@pytest.fixture
def gappy():
    """A simulator of its own that skips update ids after 10% of its depth frames (ws_gap_rate)."""
    with SimulatorThread(
        seed=5, market_maker=False, history=False, tick_interval=3600, faults={"ws_gap_rate": 0.1}
    ) as running:
        yield running


def test_every_sequence_gap_resyncs_and_no_delta_is_applied_across_one(gappy, monkeypatch):
    """Update ids skipped after 10% of the depth frames: each gap is found and the book taken again
    from a snapshot (one resync a gap, but gaps a snapshot already covers), no delta is applied
    across one, and every checkpoint equals REST."""
    sim, engine, applied = gappy, Engine(gappy), AppliedDeltas(monkeypatch)

    async def scenario(exchange, rest):
        await checkpoints(sim, exchange, rest, "BTC/USDC", Churn(engine, "BTC_USDC"), 60, 5)
        injected = sim.call(sim.sim.ws_stats)["totals"]["sequence_gaps_injected"]
        sync = exchange.ws_books["depth.BTC_USDC"]
        assert injected >= 15 and 0.6 * injected <= sync.gaps <= injected and sync.snapshots == 1 + sync.gaps
        assert applied.across_a_gap() == []

    run(sim, ours, scenario, timeout=60)
