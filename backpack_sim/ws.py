"""WebSocket endpoint ``/ws``: subscriptions, public and private streams (reference §9).

The hub is also the engine's event sink: the engine reports depth/trade/order events
synchronously and the hub queues ready-made JSON text per connection; one writer task
per connection sends it, so the matching path never waits for a socket."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections import deque
from decimal import Decimal

from aiohttp import WSMsgType, web

from .decimals import fmt, fmt_fixed, iso_seconds, now_ms, now_us
from .jsonutil import dumps
from .market_data import KLINE_SECONDS, bucket_end, bucket_start
from .signing import MAX_WINDOW
from .ws_connection import CLOSE_GOING_AWAY, Connection, WsTotals, keep_alive
from . import views

log = logging.getLogger("backpack_sim.ws")

ERROR_INVALID_MESSAGE = 4000
ERROR_UNAUTHORIZED = 4001
ERROR_INVALID_STREAM = 4006
MAX_QUEUE = 20_000
DEPTH_AGGREGATIONS = {"200ms": 0.2, "600ms": 0.6, "1000ms": 1.0}
PUBLIC_KINDS = ("depth", "trade", "ticker", "bookTicker", "markPrice", "openInterest")
PRIVATE_KINDS = ("account.orderUpdate", "account.positionUpdate", "account.rfqUpdate")
CLOSED_CONNECTIONS_KEPT = 1000  # how many ended connections /_sim/ws/stats still lists


class _DepthAggregate:
    def __init__(self):
        self.first = None
        self.last = None
        self.bids: dict = {}
        self.asks: dict = {}
        self.engine_us = 0


class Hub:
    def __init__(self, simulator):
        self.sim = simulator
        self.engine = simulator.engine
        self.subs: dict[str, set[Connection]] = {}
        self.connections: set[Connection] = set()
        self.totals = WsTotals()
        self._connection_ids = itertools.count(1)
        self._ended: deque[Connection] = deque(maxlen=CLOSED_CONNECTIONS_KEPT)
        self._background: set[asyncio.Task] = set()  # grace periods running
        self._aggregates: dict[tuple[str, str], _DepthAggregate] = {}
        self._kline_state: dict[str, tuple] = {}

    # ------------------------------------------------------------- sink API
    def wants(self, stream: str) -> bool:
        return bool(self.subs.get(stream))

    def _publish(self, stream: str, data: dict) -> None:
        connections = self.subs.get(stream)
        if not connections:
            return
        text = dumps({"stream": stream, "data": data})
        dice = self.sim.fault_dice
        is_depth = stream.startswith("depth.")
        for connection in list(connections):
            if connection.closed or connection.silent:  # cut (its handler not yet done), or hung: no dice, no counters
                continue
            if dice.ws_drop():
                connection.drop("dropped_by_fault")
                continue
            if connection.queue.qsize() > MAX_QUEUE:
                connection.drop("dropped_slow_consumer")  # a consumer this slow would only fall further behind
                continue
            if is_depth and dice.ws_loss():
                connection.withhold_depth_frame()
                continue
            connection.send(text)

    def _publish_private(self, account, kind: str, symbol: str, data: dict) -> None:
        key = account.api_key
        for stream in (f"{kind}", f"{kind}.{symbol}"):
            connections = self.subs.get(f"{key}|{stream}")
            if connections:
                text = dumps({"stream": stream, "data": data})
                for connection in list(connections):
                    connection.send(text)

    def _wants_private(self, account, kind: str, symbol: str) -> bool:
        key = account.api_key
        return bool(self.subs.get(f"{key}|{kind}") or self.subs.get(f"{key}|{kind}.{symbol}"))

    def depth(self, market, first_id, last_id, bids, asks, engine_us) -> None:
        symbol = market.spec.symbol
        stream = f"depth.{symbol}"
        if self.subs.get(stream):
            self._publish(stream, views.ws_depth(market, first_id, last_id, bids, asks, now_us(), engine_us))
        for name in DEPTH_AGGREGATIONS:
            if self.subs.get(f"depth.{name}.{symbol}"):
                aggregate = self._aggregates.setdefault((name, symbol), _DepthAggregate())
                aggregate.first = aggregate.first or first_id
                aggregate.last = last_id
                aggregate.bids.update(bids)
                aggregate.asks.update(asks)
                aggregate.engine_us = engine_us
        skipped = self.sim.fault_dice.ws_gap()
        if skipped:
            market.book.skip_update_ids(skipped)
            self.totals.sequence_gaps_injected += 1
            self.totals.update_ids_skipped += skipped

    def book_ticker(self, market, engine_us) -> None:
        stream = f"bookTicker.{market.spec.symbol}"
        if not self.subs.get(stream):
            return
        spec = market.spec
        bid_price, bid_qty, ask_price, ask_qty = market.last_top
        data = {
            "e": "bookTicker",
            "E": now_us(),
            "s": spec.symbol,
            "a": fmt_fixed(ask_price, spec.tick_size) if ask_price is not None else None,
            "A": fmt_fixed(ask_qty, spec.step_size) if ask_qty is not None else None,
            "b": fmt_fixed(bid_price, spec.tick_size) if bid_price is not None else None,
            "B": fmt_fixed(bid_qty, spec.step_size) if bid_qty is not None else None,
            "u": market.book.update_id,
            "T": engine_us,
        }
        self._publish(stream, data)

    def trade(self, market, trade, engine_us) -> None:
        stream = f"trade.{market.spec.symbol}"
        if self.subs.get(stream):
            self._publish(stream, views.ws_trade(market, trade, now_us(), engine_us))

    def liquidation(self, market, side: str, price: Decimal, quantity: Decimal, engine_us: int) -> None:
        """A liquidation, on the one ``liquidation`` stream of every market (reference §9.2:
        ``e E q p S s T``, the side Bid or Ask). The engine liquidates nobody, so tests call it."""
        if not self.subs.get("liquidation"):
            return
        spec = market.spec
        data = {
            "e": "liquidation",
            "E": now_us(),
            "q": fmt_fixed(quantity, spec.step_size),
            "p": fmt_fixed(price, spec.tick_size),
            "S": side,
            "s": spec.symbol,
            "T": engine_us,
        }
        self._publish("liquidation", data)

    def order_update(self, order, event, engine_us, fill=None) -> None:
        if order.account.internal or not self._wants_private(order.account, "account.orderUpdate", order.symbol):
            return
        data = views.ws_order_update(order, event, now_us(), engine_us, fill)
        self._publish_private(order.account, "account.orderUpdate", order.symbol, data)

    def position_update(self, account, market, position, event, engine_us) -> None:
        if not self._wants_private(account, "account.positionUpdate", position.symbol):
            return
        data = views.ws_position(self.engine, account, market, position, event, now_us(), engine_us)
        self._publish_private(account, "account.positionUpdate", position.symbol, data)

    def rfq_update(self, account, symbol, data) -> None:
        self._publish_private(account, "account.rfqUpdate", symbol, data)

    # ------------------------------------------------------------- periodic
    def flush_aggregates(self, name: str) -> None:
        for (agg_name, symbol), aggregate in list(self._aggregates.items()):
            if agg_name != name or aggregate.first is None:
                continue
            market = self.engine.markets[symbol]
            bids = sorted(aggregate.bids.items())
            asks = sorted(aggregate.asks.items())
            data = views.ws_depth(market, aggregate.first, aggregate.last, bids, asks, now_us(), aggregate.engine_us)
            self._publish(f"depth.{name}.{symbol}", data)
            self._aggregates[(agg_name, symbol)] = _DepthAggregate()

    def push_periodic(self) -> None:
        """Once a second: tickers, klines, mark prices and open interest for subscribed symbols."""
        now = now_ms()
        for stream, connections in list(self.subs.items()):
            if not connections or "|" in stream:
                continue
            kind, _, rest = stream.partition(".")
            if kind == "ticker":
                self._push_ticker(rest, now)
            elif kind == "kline":
                self._push_kline(stream, rest, now)
            elif kind == "markPrice":
                self._push_mark_price(rest)
            elif kind == "openInterest":
                market = self.engine.markets[rest]
                self._publish(stream, {"e": "openInterest", "E": now_us(), "s": rest, "o": fmt(market.open_interest)})

    def _push_ticker(self, symbol: str, now: int) -> None:
        market = self.engine.markets[symbol]
        t = market.data.ticker(symbol, now, 86_400_000, market.last_price)
        self._publish(
            f"ticker.{symbol}",
            {
                "e": "ticker",
                "E": now_us(),
                "s": symbol,
                "o": t["firstPrice"],
                "c": t["lastPrice"],
                "h": t["high"],
                "l": t["low"],
                "v": t["volume"],
                "V": t["quoteVolume"],
                "n": int(t["trades"]),
            },
        )

    def _push_kline(self, stream: str, rest: str, now: int) -> None:
        interval, _, symbol = rest.partition(".")
        market = self.engine.markets[symbol]
        now_s = now // 1000
        previous = self._kline_state.get(stream)
        start = bucket_start(now_s, interval)
        if previous is not None and previous[0] != start and previous[1] is not None:
            self._publish(stream, self._kline_payload(symbol, interval, previous[1], True))
        candle = market.data.current_candle(interval, now_s)
        signature = None if candle is None else (candle.close, candle.high, candle.low, candle.volume, candle.trades)
        if candle is not None and (previous is None or previous[0] != start or previous[2] != signature):
            self._publish(stream, self._kline_payload(symbol, interval, candle, False))
        self._kline_state[stream] = (start, candle, signature)

    @staticmethod
    def _kline_payload(symbol: str, interval: str, candle, closed: bool) -> dict:
        return {
            "e": "kline",
            "E": now_us(),
            "s": symbol,
            "t": iso_seconds(candle.start),
            "T": iso_seconds(bucket_end(candle.start, interval)),
            "o": fmt(candle.open),
            "c": fmt(candle.close),
            "h": fmt(candle.high),
            "l": fmt(candle.low),
            "v": fmt(candle.volume),
            "n": candle.trades,
            "X": closed,
        }

    def _push_mark_price(self, symbol: str) -> None:
        market = self.engine.markets[symbol]
        data = {"e": "markPrice", "E": now_us(), "s": symbol, "p": fmt(market.mark_price), "T": now_us()}
        if market.spec.has_funding:
            data.update({"f": fmt(market.funding_rate), "i": fmt(market.index_price), "n": market.next_funding_ms})
        self._publish(f"markPrice.{symbol}", data)

    # ---------------------------------------------------------- connection
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)  # pongs are read here, for the keepalive deadline
        await ws.prepare(request)
        connection = Connection(next(self._connection_ids), ws, request, self.totals)
        self.connections.add(connection)
        self.totals.connections_opened += 1
        tasks = [asyncio.create_task(connection.writer())]
        if self.sim.ws_ping_interval:
            tasks.append(
                asyncio.create_task(keep_alive(connection, self.sim.ws_ping_interval, self.sim.ws_pong_deadline))
            )
        try:
            async for message in ws:
                if connection.silent:
                    continue  # hung: requests and pings go unanswered
                if message.type == WSMsgType.TEXT:
                    self._on_text(connection, message.data)
                elif message.type == WSMsgType.PING:
                    with contextlib.suppress(ConnectionError, RuntimeError):  # the peer may be gone already
                        await ws.pong(message.data)
                elif message.type == WSMsgType.PONG:
                    connection.pong_received()
                elif message.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                    break
        finally:
            connection.closed = True
            self._forget(connection)
            for task in tasks:
                task.cancel()
        return ws

    def _forget(self, connection: Connection) -> None:
        if connection in self.connections:
            self.connections.discard(connection)
            self._ended.append(connection)
        for key in connection.streams:
            subscribers = self.subs.get(key)
            if subscribers is not None:
                subscribers.discard(connection)
                if not subscribers:
                    del self.subs[key]

    async def close_all(self) -> None:
        """The simulator stops: Close 1001 to everyone at once, without grace."""
        for task in list(self._background):
            task.cancel()
        for connection in list(self.connections):
            connection.closed = True
            if connection.close_code_sent is not None:  # in its grace period: the Close went out
                connection.close_transport()
                continue
            try:
                await connection.ws.close(code=CLOSE_GOING_AWAY, message=b"server shutdown")
            except Exception:  # noqa: BLE001 - the peer may already be gone
                pass

    def drop_all(self) -> int:
        connections = [c for c in self.connections if not c.closed]
        for connection in connections:
            connection.drop("dropped_by_admin")
        return len(connections)

    def silence_all(self) -> int:
        """A hung server: every open connection stays open and goes silent (no data frame, no Pong,
        no Ping, requests unanswered), as a peer a client can only find dead by its keepalive.
        Connections opened afterwards work. Returns how many went silent."""
        connections = [c for c in self.connections if not c.closed and not c.silent]
        for connection in connections:
            connection.silence()
        return len(connections)

    def close_with_grace(self, grace: float) -> int:
        """Backpack's shutdown: each open connection gets a Close frame (1001) at once, keeps
        receiving its streams for ``grace`` seconds, then is closed. New connections are
        accepted meanwhile (the client is expected to reconnect). Returns how many got it."""
        connections = [c for c in self.connections if not c.closed and c.close_code_sent is None]
        for connection in connections:
            connection.close_code_sent = CLOSE_GOING_AWAY  # claimed now: a second call skips it
            task = asyncio.create_task(self._close_after_grace(connection, grace))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return len(connections)

    async def _close_after_grace(self, connection: Connection, grace: float) -> None:
        self.totals.close_1001_sent += 1
        await connection.send_close_frame(CLOSE_GOING_AWAY, "Server shutting down")
        await asyncio.sleep(grace)
        if not connection.closed:
            self.totals.closed_after_grace += 1
            connection.close_transport()

    def stats(self) -> dict:
        connections = sorted([*self._ended, *self.connections], key=lambda c: c.id)
        return {
            "totals": {**self.totals.to_json(), "connections_open": len(self.connections)},
            "connections": [c.to_json() for c in connections],
        }

    def reset_stats(self) -> None:
        """Zero the totals and the open connections' counters; forget ended connections."""
        self.totals.reset()
        self._ended.clear()
        for connection in self.connections:
            connection.frames_sent = connection.depth_frames_withheld = 0
            connection.pings_sent = connection.pongs_received = 0

    def _error(self, connection: Connection, request_id, code: int, message: str) -> None:
        connection.send(dumps({"id": request_id, "error": {"code": code, "message": message}}))

    def _on_text(self, connection: Connection, text: str) -> None:
        try:
            message = json.loads(text)
            method = str(message.get("method", "")).upper()
            params = message.get("params") or []
        except (ValueError, AttributeError):
            self._error(connection, None, ERROR_INVALID_MESSAGE, "Invalid message")
            return
        request_id = message.get("id")
        if method not in ("SUBSCRIBE", "UNSUBSCRIBE") or not isinstance(params, list):
            self._error(connection, request_id, ERROR_INVALID_MESSAGE, "Invalid method")
            return
        if not all(isinstance(p, str) and self._valid_stream(p) for p in params):
            self._error(connection, request_id, ERROR_INVALID_STREAM, "Invalid stream")
            return
        if method == "UNSUBSCRIBE":
            self._unsubscribe(connection, params)
            return
        private = [p for p in params if p.startswith("account.")]
        if private and not self._authenticate(connection, request_id, message.get("signature")):
            return
        for stream in params:
            self._subscribe(connection, stream)

    def _authenticate(self, connection: Connection, request_id, signature) -> bool:
        if not isinstance(signature, list) or len(signature) < 3:
            self._error(connection, request_id, ERROR_UNAUTHORIZED, "Private streams require a signature")
            return False
        api_key, sig, timestamp = str(signature[0]), str(signature[1]), str(signature[2])
        window = str(signature[3]) if len(signature) > 3 else "5000"
        try:
            ts, win = int(timestamp), int(window)
        except ValueError:
            self._error(connection, request_id, ERROR_UNAUTHORIZED, "Invalid timestamp or window")
            return False
        now = now_ms()
        if win > MAX_WINDOW or not ts <= now <= ts + win:
            self._error(connection, request_id, ERROR_UNAUTHORIZED, "Request has expired")
            return False
        account = self.engine.accounts.get(api_key)
        if account is None or account.internal:
            self._error(connection, request_id, ERROR_UNAUTHORIZED, "Unknown API key")
            return False
        message = f"instruction=subscribe&timestamp={timestamp}&window={window}"
        if not self.sim.verifier.verify(api_key, message, sig):
            self._error(connection, request_id, ERROR_UNAUTHORIZED, "Invalid signature")
            return False
        connection.account = account
        return True

    def _valid_stream(self, stream: str) -> bool:
        markets = self.engine.markets
        if stream == "liquidation":
            return True
        for kind in PRIVATE_KINDS:
            symbol = stream[len(kind) + 1 :] if stream.startswith(kind + ".") else None
            if stream == kind or symbol in markets or (symbol and symbol.removesuffix("_RFQ") in markets):
                return True
        parts = stream.split(".")
        if len(parts) == 2 and parts[0] in PUBLIC_KINDS:
            return parts[1] in markets
        if len(parts) == 3 and parts[0] == "depth":
            return parts[1] in DEPTH_AGGREGATIONS and parts[2] in markets
        if len(parts) == 3 and parts[0] == "kline":
            return parts[1] in KLINE_SECONDS and parts[2] in markets
        return False

    def _key(self, connection: Connection, stream: str) -> str:
        if stream.startswith("account."):
            return f"{connection.account.api_key}|{stream}" if connection.account else ""
        return stream

    def _subscribe(self, connection: Connection, stream: str) -> None:
        key = self._key(connection, stream)
        if not key or key in connection.streams:
            return
        self.subs.setdefault(key, set()).add(connection)
        connection.streams.add(key)
        if stream.startswith("account.positionUpdate"):
            self._send_position_snapshot(connection, stream)

    def _send_position_snapshot(self, connection: Connection, stream: str) -> None:
        """Right after subscribing, one message per open position, without ``e``."""
        account = connection.account
        symbol = stream.split(".", 2)[2] if stream.count(".") == 2 else None
        for position_symbol, position in account.positions.items():
            if symbol and position_symbol != symbol:
                continue
            market = self.engine.markets[position_symbol]
            data = views.ws_position(self.engine, account, market, position, None, now_us(), now_us())
            connection.send(dumps({"stream": stream, "data": data}))

    def _unsubscribe(self, connection: Connection, streams: list[str]) -> None:
        for stream in streams:
            key = self._key(connection, stream)
            if key in connection.streams:
                connection.streams.discard(key)
                subscribers = self.subs.get(key)
                if subscribers is not None:
                    subscribers.discard(connection)
                    if not subscribers:
                        del self.subs[key]
