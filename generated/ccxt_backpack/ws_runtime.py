# Copied by the generator from generator/static/package/ws_runtime.py: edit it there.
"""The exchange-agnostic half of the generated ccxt.pro class: subscriptions, routing, isolation.

ccxt.pro's base (ccxt.async_support.base.exchange and .ws.client) gives one socket per URL,
futures keyed by message hash, `watch_multiple` to race them, and a keepalive. What it leaves
to each exchange class, and what goes wrong there when done carelessly, is here once, driven
by the spec's facts that the generated class sets as its `WS` attribute (a `WsSpec`):

- Routing. A data frame goes to the readers of its stream, found by the stream name of the
  envelope, never by an event field of the payload (payloads without one, as a snapshot sent
  on subscribe, would be dropped; payloads of one kind on several streams mixed up).
- Isolation. Every handler runs under its own `except`: a frame a handler cannot read rejects
  that handler's watchers only. ccxt's receive loop stops at the first exception that escapes
  `handle_message`, which would silence every stream of the socket.
- Requests. Subscribe and unsubscribe frames carry a request id; an error frame names the id
  of the request it answers, so it rejects the watchers of that request's streams and forgets
  those streams (a corrected retry subscribes again), and nobody else's.
- Private streams are subscribed with a signature made when the frame is sent, by the REST
  signing code of the generated class (`signed_parts`): a signature is valid for a window of
  seconds, so it is never prepared ahead or replayed.
- Order books: a `ws_books.SyncedBook` per book stream, REST snapshots taken in the
  background (`ws_sync_book`) whenever the book is not in sync: at subscribe, after a gap,
  after a handler error; a failed snapshot rejects the book's watchers and is retried with
  backoff, while the socket and every other stream go on.

State:

- `ws_topics` (stream name -> `Topic`) is what the exchange wants, kept at exchange level:
  it outlives sockets. `client.subscriptions` is what the current socket carries. A stream
  in `ws_topics` but not in the socket's subscriptions is subscribed when a watch method
  reads it on that socket, or when the supervisor moves every topic to a new socket
  (`ws_carry_all`, then `ws_send_again`: private ones signed afresh, every book back to
  "take a snapshot").
- Background work (snapshots, sends, the supervisor's resubscriptions and catch-ups) runs in
  tasks kept in `ws_tasks`, cancelled by `close()`.

The connection supervisor (its own section below) keeps the socket up without a user call:

- A lost socket (dropped, closed by the server, or silent past ccxt's keepalive) rejects its
  waiting callers with ccxt's NetworkError, as ccxt does; then a new socket is dialled and
  every topic subscribed again. The first try comes at once (within a jitter of
  `WS.redial_backoff[0]`), later ones after a growing, capped, jittered wait: after failed
  dials, or sockets lost before they lasted `WS.redial_stable`. Books wait for fresh
  snapshots from the moment the socket is lost.
- The new socket is in the table from the moment the old one is lost, its dial waiting out
  the backoff: a caller meanwhile waits for that dial and gets its NetworkError if it fails,
  so a loop that calls again at once neither hangs nor spins.
- A server shutdown (Close with `WS.shutdown_code`: the old socket still works for a grace
  period) is handed over instead: the new socket takes the old one's place in `clients` and
  its waiting callers, is subscribed, and only then is the old one closed.
- Once a socket carries its streams again, each watch method that has a catch-up
  (`catch_up_<handler name without handle_>(client, topic)`, e.g. `catch_up_watch_trades`)
  fetches through REST what was missed meanwhile; a failed catch-up rejects its own watchers.
- `close()` by the user stops all of it: nothing is dialled after it.

The generated class supplies, per watch method, a handler `(client, topic, raw) -> value`
named in `WsSpec.handlers` (the value resolves the method's watchers; None resolves nothing)
and, for books, `ws_snapshot(symbol)`.
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Callable, Deque, Dict, Iterable, List, Optional, Tuple

from ccxt.async_support.base.exchange import Exchange
from ccxt.async_support.base.ws.client import Client
from ccxt.base.errors import (
    ArgumentsRequired,
    BadSymbol,
    BaseError,
    ExchangeClosedByUser,
    ExchangeError,
    NetworkError,
    UnsubscribeError,
)

from .ws_books import APPLIED, STALE, SYNCED, SyncedBook

REQUESTS_KEPT = 1000  # request ids remembered for error frames (subscriptions are not acknowledged)
ERRORS_KEPT = 100  # error frames no request could be found for, kept for inspection


@dataclass(frozen=True)
class WsSpec:
    """The spec's facts of one WebSocket API, as the runtime needs them."""

    url: str
    stream_key: str  # data frames: {stream_key: <stream name>, data_key: <payload>}
    data_key: str
    method_key: str  # requests: {method_key: subscribe|unsubscribe, streams_key: [...], id_key: n}
    streams_key: str
    subscribe: str
    unsubscribe: str
    id_key: Optional[str] = None
    error_key: Optional[str] = None  # error frames: {error_key: {code_key, message_key}, error_id_key: n}
    error_code_key: str = "code"
    error_message_key: str = "message"
    error_id_key: Optional[str] = None
    error_codes: Dict[Any, type] = field(default_factory=dict)  # code -> ccxt exception class
    private_prefix: Optional[str] = None  # streams named so are subscribed with a signature ...
    signature_key: Optional[str] = None  # ... in this field of the frame ...
    instruction: str = ""  # ... signed for this instruction ...
    signature: Tuple[str, ...] = ()  # ... as this list of signed parts (api_key, signature, timestamp, window)
    handlers: Dict[str, str] = field(default_factory=dict)  # watch method -> its handler's name
    books: Tuple[str, ...] = ()  # watch methods whose handler keeps a SyncedBook
    snapshot_backoff: Tuple[float, float] = (0.05, 10.0)  # s: the first wait after a failed snapshot, the longest
    shutdown_code: Optional[int] = None  # the server's Close code for "going away, the socket works a while yet"
    redial_backoff: Tuple[float, float] = (0.1, 5.0)  # s: the first redial's longest jitter, the longest wait
    redial_stable: float = 0.25  # s: a socket up this long was a success (the next loss redials at once)
    subscribe_settle: float = 0.3  # s: a subscription sent this long ago has surely been applied (none is acknowledged)


class Handlers(dict):
    """A topic's watch methods and their handlers (name -> handler), with `routes`: the same as a
    tuple of (name, handler, message hash), remade whenever the mapping changes. Routing a frame
    reads `routes` (it runs for every frame; a copy of the items and the hashes made there
    would cost a tenth of a small frame's handling), and a handler that changed the mapping
    would not change the routes being followed."""

    __slots__ = ("stream", "routes")

    def __init__(self, stream: str) -> None:
        super().__init__()
        self.stream = stream
        self.routes: Tuple[Tuple[str, Callable[..., Any], str], ...] = ()

    def _changed(self) -> None:
        self.routes = tuple((watch, handler, message_hash(watch, self.stream)) for watch, handler in self.items())

    def __setitem__(self, watch: str, handler: Callable[..., Any]) -> None:
        super().__setitem__(watch, handler)
        self._changed()

    def __delitem__(self, watch: str) -> None:
        super().__delitem__(watch)
        self._changed()

    def pop(self, *args: Any) -> Any:
        value = super().pop(*args)
        self._changed()
        return value

    def popitem(self) -> Any:
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        super().clear()
        self._changed()

    def setdefault(self, watch: str, handler: Any = None) -> Any:
        value = super().setdefault(watch, handler)
        self._changed()
        return value

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._changed()


class Topic:
    """One stream the exchange wants: its market and the watch methods that read it (name -> handler)."""

    __slots__ = ("stream", "symbol", "private", "handlers", "request_id", "since", "resume")

    def __init__(self, stream: str, symbol: Optional[str], private: bool, since: int = 0) -> None:
        self.stream = stream
        self.symbol = symbol
        self.private = private
        self.since = since  # ms: when the exchange first wanted it (a reconciliation reads from then on)
        self.handlers = Handlers(stream)
        self.request_id: Optional[int] = None  # the subscribe request that put it on the current socket
        self.resume: Dict[str, Any] = {}  # watch method -> where its next catch-up starts (one did not finish)

    def __repr__(self) -> str:
        return f"Topic({self.stream!r}, {sorted(self.handlers)})"


def catch_up_since(topic: Topic, client: Any, times: Iterable[Optional[int]]) -> int:
    """Where a catch-up after a reconnect reads from (ms): the last update among `times` that the old
    socket brought, else when the topic was first wanted. Updates newer than the new socket's start
    are its own, already carried: the gap is before them."""
    started = getattr(client, "connectionStarted", None)
    return max([topic.since, *(time for time in times if time is not None and (started is None or time < started))])


def message_hash(watch: str, stream: str) -> str:
    """The future a watch method's callers wait on for one stream: several methods may read a stream."""
    return watch + ":" + stream


class WsRuntime(Exchange):
    """Mixed in before the generated async class: class <id>(WsRuntime, <the async class of id>)."""

    WS: WsSpec
    signed_parts: Callable[[str, Any], Dict[str, str]]  # the REST signing of the generated class
    # ccxt's caches of the account, None until first used and again once unwatched (ws_unwatch_dropping)
    orders: Any
    myTrades: Any
    positions: Any

    def __init__(self, config: Dict[str, Any] = {}) -> None:
        super().__init__(config)
        self.ws_topics: Dict[str, Topic] = {}
        self.ws_requests: Dict[int, Tuple[str, Tuple[str, ...]]] = {}  # request id -> (method, streams)
        self.ws_request_ids = count(1)
        self.ws_books: Dict[str, SyncedBook] = {}  # book stream -> its book
        self.ws_book_tasks: Dict[str, asyncio.Future] = {}  # book stream -> the snapshot task running
        self.ws_tasks: set = set()
        self.ws_unrouted_errors: Deque[BaseException] = deque(maxlen=ERRORS_KEPT)
        # the connection supervisor's
        self.ws_redials: Dict[str, Redial] = {}  # url -> its redial state
        self.ws_retiring: set = set()  # sockets handed over, closed once their successor is subscribed
        self.ws_catch_ups: Dict[Tuple[str, str], asyncio.Future] = {}  # (stream, watch) -> its catch-up running
        self.ws_reconnects = 0  # sockets the supervisor dialled that came up
        self.ws_handovers = 0  # server shutdowns handed over to a new socket

    # ------------------------------------------------------------------ watching

    def ws_url(self) -> str:
        """The socket's URL; an http(s) one (options['server'] moves every endpoint group) is dialled as ws(s)."""
        url = self.urls["api"]["ws"]
        return "ws" + url[4:] if url.startswith("http") else url

    async def ws_streams(
        self, pattern: str, symbols: Optional[List[str]], method: str, timeframe: Optional[str] = None
    ) -> Dict[str, Optional[str]]:
        """Stream name -> symbol for the markets asked for: the pattern filled with each market's id."""
        await self.load_markets()
        if "{symbol}" not in pattern:
            return {pattern.replace("{timeframe}", timeframe or ""): None}
        if not symbols:
            raise ArgumentsRequired(
                f"{self.id} {method}() requires a list of symbols: there is no stream for every market"
            )
        streams: Dict[str, Optional[str]] = {}
        for symbol in self.market_symbols(symbols):
            market = self.market(symbol)
            streams[pattern.replace("{symbol}", market["id"]).replace("{timeframe}", timeframe or "")] = market[
                "symbol"
            ]
        return streams

    async def ws_watch(self, watch: str, streams: Dict[str, Optional[str]]) -> Any:
        """The next update `watch` makes on any of `streams` (stream name -> symbol). Streams the
        socket does not carry yet are subscribed once it is up; ccxt's watch_multiple dials the
        socket and races the futures."""
        url = self.ws_url()
        client = self.client(url)
        future = self.watch_multiple(url, [message_hash(watch, stream) for stream in streams])
        new = [stream for stream, symbol in streams.items() if self.ws_add(client, watch, stream, symbol)]
        if new:
            self.ws_send_when_connected(client, self.WS.subscribe, new)
        return await future

    def ws_add(self, client: Any, watch: str, stream: str, symbol: Optional[str]) -> bool:
        """Make `watch` a reader of `stream`; True when the socket does not carry the stream yet."""
        topic = self.ws_topics.get(stream)
        if topic is None:
            topic = self.ws_topics[stream] = Topic(stream, symbol, self.ws_is_private(stream), self.milliseconds())
        if watch not in topic.handlers:
            topic.handlers[watch] = getattr(self, self.WS.handlers[watch])
        if stream in client.subscriptions:
            return False
        self.ws_carry(client, topic)
        return True

    def ws_carry(self, client: Any, topic: Topic) -> None:
        """The socket is to carry the topic: its book, if it has one, missed the deltas sent while it
        was not carried, so it waits for a snapshot again (taken once the subscription is sent)."""
        client.subscriptions[topic.stream] = True
        book = self.ws_books.get(topic.stream)
        if book is not None:
            book.invalidate()

    async def ws_unwatch(self, watch: str, streams: Iterable[str]) -> bool:
        """Stop `watch` reading `streams`: its waiting callers get UnsubscribeError, and the streams no
        other method reads are forgotten (with their books) and unsubscribed. Streams it does not
        read are skipped: unwatching twice is not an error."""
        client = self.clients.get(self.ws_url())
        gone = []
        for stream in streams:
            topic = self.ws_topics.get(stream)
            if topic is None or topic.handlers.pop(watch, None) is None:
                continue
            if client is not None:
                hashed = message_hash(watch, stream)
                client.rejections.pop(hashed, None)
                if hashed in client.futures:
                    client.reject(UnsubscribeError(f"{self.id} {watch}() of {stream} was unwatched"), hashed)
            if not topic.handlers:
                self.ws_forget(client, topic)
                gone.append(stream)
        if gone and client is not None and client.connected.done() and not client.closed():
            await client.send(self.ws_request(self.WS.unsubscribe, gone))
        return True

    async def ws_unwatch_cached(self, watch: str, streams: Dict[str, Optional[str]], cache: dict) -> bool:
        """ws_unwatch for a method that keeps one entry per market (tickers, funding rates...):
        the unwatched markets' entries leave the cache too."""
        for symbol in streams.values():
            cache.pop(symbol, None)
        return await self.ws_unwatch(watch, streams)

    def ws_latest(self, item: dict, cache: dict, streams: Dict[str, Optional[str]]) -> dict:
        """What a plural watch of one entry per market returns: the entry just updated (options
        newUpdates), else the cached entries of the markets it watches."""
        if self.newUpdates:
            return {item["symbol"]: item}
        return self.filter_by_array(cache, "symbol", list(streams.values()))

    async def ws_unwatch_dropping(self, watch: str, streams: Iterable[str], cache: str) -> bool:
        """ws_unwatch for a watch of the account (orders, trades, positions): its cache, the
        attribute `cache`, goes with the last stream the watch reads."""
        await self.ws_unwatch(watch, streams)
        if not any(watch in topic.handlers for topic in self.ws_topics.values()):
            setattr(self, cache, None)
        return True

    def ws_market_items(self, cache: Any, symbol: Optional[str], since: Any, limit: Any) -> list:
        """What a watch of the account's orders or trades returns for one market (None: every
        market): the updated ones (options newUpdates), else the cached ones."""
        if self.newUpdates:
            limit = cache.getLimit(symbol, limit)
        return self.filter_by_symbol_since_limit(cache, symbol, since, limit, True)

    def ws_markets_items(self, cache: Any, streams: Dict[str, Optional[str]], since: Any, limit: Any) -> list:
        """... for several markets: the updated ones of the market just updated (the cache moves an
        updated item to its end; options newUpdates), else the cached ones of every market watched."""
        if self.newUpdates:
            return self.ws_market_items(cache, cache[-1]["symbol"], since, limit)
        return self.filter_by_symbols_since_limit(cache, list(streams.values()), since, limit, True)

    def ws_forget(self, client: Any, topic: Topic) -> None:
        """The exchange no longer wants the stream: off the socket's list, its book and snapshot task gone."""
        if self.ws_topics.get(topic.stream) is topic:
            del self.ws_topics[topic.stream]
        if client is not None:
            client.subscriptions.pop(topic.stream, None)
        task = self.ws_book_tasks.pop(topic.stream, None)
        if task is not None:
            task.cancel()
        book = self.ws_books.pop(topic.stream, None)
        if book is not None and self.orderbooks.get(topic.symbol) is book.book:
            del self.orderbooks[topic.symbol]

    def ws_market(self, topic: Topic, market_id: Any) -> Any:
        """The market a payload names; a payload without one is its stream's. A market the loaded
        markets lack (listed since, or delisted) is an error of this payload only."""
        if market_id is None:
            return self.market(topic.symbol)
        markets = self.markets_by_id.get(market_id) if self.markets_by_id else None
        if not markets:
            raise BadSymbol(
                f"{self.id} got a {topic.stream} frame for market {market_id}, which is not in the loaded markets"
            )
        return markets[0]

    def ws_is_private(self, stream: str) -> bool:
        prefix = self.WS.private_prefix
        return prefix is not None and stream.startswith(prefix)

    # ------------------------------------------------------------------ requests

    def ws_send_when_connected(self, client: Any, method: str, streams: List[str]) -> None:
        """Send a request once the socket is up (at once if it is). A socket that never comes up
        sends nothing: its dial failure has rejected the watchers already."""

        def send(connected: asyncio.Future) -> None:
            if not connected.cancelled() and connected.exception() is None:
                self.ws_spawn(self.ws_send(client, method, streams))

        client.connected.add_done_callback(send)

    async def ws_send(self, client: Any, method: str, streams: List[str]) -> bool:
        """Send one request; True once sent. A subscription that cannot be sent (no credentials)
        rejects its own watchers and forgets its streams, so that a retry subscribes again; on a
        socket that closed meanwhile its streams stay wanted (the socket's loss rejects the
        watchers, and the supervisor subscribes them on the next socket)."""
        try:
            request = self.ws_request(method, streams)
            await client.send(request)
        except Exception as error:
            if method == self.WS.subscribe and not client.closed():
                failure = (
                    error
                    if isinstance(error, BaseError)
                    else NetworkError(f"{self.id} could not subscribe to {', '.join(streams)}: {error!r}")
                )
                self.ws_drop_streams(client, streams, failure, None)
            return False
        if method == self.WS.subscribe:
            self.ws_subscribed(client, request.get(self.WS.id_key) if self.WS.id_key else None, streams)
        return True

    def ws_request(self, method: str, streams: List[str]) -> Dict[str, Any]:
        """A request frame with a fresh id (remembered, so that an error frame finds its streams)
        and, for a subscription to private streams, a signature made now."""
        spec = self.WS
        request_id = next(self.ws_request_ids)
        frame: Dict[str, Any] = {spec.method_key: method, spec.streams_key: list(streams)}
        if spec.id_key:
            frame[spec.id_key] = request_id
        self.ws_requests[request_id] = (method, tuple(streams))
        while len(self.ws_requests) > REQUESTS_KEPT:
            del self.ws_requests[next(iter(self.ws_requests))]
        if method == spec.subscribe and spec.signature_key and any(map(self.ws_is_private, streams)):
            parts = self.signed_parts(spec.instruction, {})
            frame[spec.signature_key] = [parts[part] for part in spec.signature]
        return frame

    def ws_subscribed(self, client: Any, request_id: Optional[int], streams: List[str]) -> None:
        """The subscription is on its way: remember which request carries each stream, and have
        each book taken from a snapshot (after the subscription, so that the deltas from the
        snapshot on are all sent to us)."""
        for stream in streams:
            topic = self.ws_topics.get(stream)
            if topic is None:
                continue
            topic.request_id = request_id
            for watch in topic.handlers:
                if watch in self.WS.books:
                    self.ws_resync(topic, watch)

    # ------------------------------------------------------------------ frames

    def handle_message(self, client: Any, message: Any) -> None:
        """Every frame of the socket, routed by the envelope's stream name (data) or by the request id
        (errors). It never raises: one exception here would end ccxt's receive loop. A payload goes
        to each method reading its stream; one that fails rejects its own watchers only. (The data
        path is written out here, not in a method of its own: it runs for every frame.)"""
        try:
            if message.__class__ is not dict:
                return
            spec = self.WS
            stream = message.get(spec.stream_key)
            if stream is None:
                if spec.error_key is not None and message.get(spec.error_key) is not None:
                    self.ws_handle_error(client, message)
                return
            topic = self.ws_topics.get(stream)
            if topic is None:  # unwatched, or never ours: frames still in flight
                return
            raw = message.get(spec.data_key)
            for watch, handler, hashed in topic.handlers.routes:
                try:
                    result = handler(client, topic, raw)
                except Exception as error:
                    self.ws_handler_failed(client, topic, watch, error)
                    continue
                if result is not None:
                    client.resolve(result, hashed)
        except Exception as error:  # a fault of the routing itself: kept, and the socket reads on
            self.ws_unrouted_errors.append(error)

    def ws_handler_failed(self, client: Any, topic: Topic, watch: str, error: Exception) -> None:
        """A handler could not take a payload: its watchers get the error (a ccxt one), and a book,
        which may have missed the payload's levels, is taken again from a snapshot."""
        if watch in self.WS.books:
            self.ws_book(topic).invalidate()
            self.ws_resync(topic, watch)
        if not isinstance(error, BaseError):
            wrapped = ExchangeError(
                f"{self.id} {watch}() could not read a {topic.stream} frame: {type(error).__name__}: {error}"
            )
            wrapped.__cause__ = error
            error = wrapped
        client.reject(error, message_hash(watch, topic.stream))

    def ws_handle_error(self, client: Any, message: Dict[str, Any]) -> None:
        """An error frame: the request it names failed. Its streams are forgotten and their watchers
        rejected; an error that names no request we know rejects nobody (it is kept)."""
        spec = self.WS
        body = message[spec.error_key or ""]
        code = body.get(spec.error_code_key) if body.__class__ is dict else None
        text = body.get(spec.error_message_key) if body.__class__ is dict else body
        error = spec.error_codes.get(code, ExchangeError)(f"{self.id} {text} (error {code})")
        request_id = message.get(spec.error_id_key) if spec.error_id_key else None
        request = self.ws_requests.pop(request_id, None) if request_id.__class__ is int else None
        if request is None:
            self.ws_unrouted_errors.append(error)
            return
        method, streams = request
        if method == spec.subscribe:
            self.ws_drop_streams(client, streams, error, request_id)

    def ws_drop_streams(
        self, client: Any, streams: Iterable[str], error: BaseException, request_id: Optional[int]
    ) -> None:
        """Forget streams a subscription failed for and reject their watchers. With a request id,
        only streams still carried by that request: a later subscription of the same stream stands."""
        for stream in streams:
            topic = self.ws_topics.get(stream)
            if topic is None or (request_id is not None and topic.request_id != request_id):
                continue
            self.ws_forget(client, topic)
            for watch in topic.handlers:
                client.reject(error, message_hash(watch, stream))

    # ------------------------------------------------------------------ order books

    def ws_book(self, topic: Topic) -> SyncedBook:
        """The stream's book, made on first use and shared with ccxt's `orderbooks` by symbol."""
        book = self.ws_books.get(topic.stream)
        if book is None:
            book = self.ws_books[topic.stream] = SyncedBook(topic.symbol)
            self.orderbooks[topic.symbol] = book.book
        return book

    def ws_book_delta(
        self,
        topic: Topic,
        watch: str,
        first_id: int,
        last_id: int,
        bids: List[List[Any]],
        asks: List[List[Any]],
        timestamp: Optional[int],
    ) -> Any:
        """One delta of a book stream, its levels as the stream sends them ([price, amount] decimal
        texts: SyncedBook.delta_texts reads them): the book when it was applied (its watchers get
        it), else None; a book not in sync (buffering, or a gap just found) gets a snapshot taken."""
        book = self.ws_books.get(topic.stream) or self.ws_book(topic)
        result = book.delta_texts(first_id, last_id, bids, asks, timestamp)
        if result is APPLIED:
            return book.book
        if result is not STALE:
            self.ws_resync(topic, watch)
        return None

    def ws_resync(self, topic: Topic, watch: str) -> None:
        """Take snapshots in the background until the book is in sync: one task per book at a time."""
        task = self.ws_book_tasks.get(topic.stream)
        if task is None or task.done():
            self.ws_book_tasks[topic.stream] = self.ws_spawn(self.ws_sync_book(topic, watch))

    async def ws_sync_book(self, topic: Topic, watch: str) -> None:
        """REST snapshots until one makes the book valid (SyncedBook's rule decides). A failed one
        rejects the book's watchers (the next call waits for the book again) and is retried with
        backoff; nothing else is touched: not the socket, not the other streams."""
        book = self.ws_book(topic)
        first, longest = self.WS.snapshot_backoff
        delay = first
        while self.ws_topics.get(topic.stream) is topic and not book.synced:
            try:
                snapshot = await self.ws_snapshot(topic.symbol)
            except Exception as error:
                self.ws_reject_current(watch, topic, error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, longest)
                continue
            if self.ws_topics.get(topic.stream) is not topic:
                return  # unwatched meanwhile
            if book.snapshot(snapshot["nonce"], snapshot["bids"], snapshot["asks"], snapshot["timestamp"]) is SYNCED:
                client = self.clients.get(self.ws_url())
                if client is not None:
                    hashed = message_hash(watch, topic.stream)
                    client.rejections.pop(hashed, None)  # a failed snapshot nobody heard of is over
                    client.resolve(book.book, hashed)
            elif not book.synced:  # too old, or a gap in what was buffered: the next one, not at once
                await asyncio.sleep(first)

    async def ws_snapshot(self, symbol: Optional[str]) -> Any:
        raise NotImplementedError("the generated class takes the REST snapshot of a book")

    def ws_reject_current(self, watch: str, topic: Topic, error: BaseException) -> None:
        client = self.clients.get(self.ws_url())
        if client is not None:
            client.reject(error, message_hash(watch, topic.stream))

    async def ws_book_view(self, watch: str, streams: Dict[str, Optional[str]], limit: Optional[int]) -> Any:
        """The next update of a book in sync, whole or its top `limit` levels (a copy: the stored
        book is never trimmed). A book that lost sync between the update and this reading is
        waited for again."""
        while True:
            stored = await self.ws_watch(watch, streams)
            book = self.ws_books.get(next(stream for stream, symbol in streams.items() if symbol == stored["symbol"]))
            if book is not None and book.synced:
                return book.view(limit)

    # ------------------------------------------------------------------ tasks

    def ws_spawn(self, coroutine: Any) -> asyncio.Future:
        """Run in the background; kept in `ws_tasks` until done, cancelled by close()."""
        task = asyncio.ensure_future(coroutine)
        self.ws_tasks.add(task)
        task.add_done_callback(self._ws_task_done)
        return task

    def _ws_task_done(self, task: asyncio.Future) -> None:
        self.ws_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.ws_unrouted_errors.append(task.exception())  # type: ignore[arg-type]

    async def close(self, *args: Any, **kwargs: Any) -> Any:
        """ccxt's close, after the background tasks of the streams (the supervisor's too: nothing
        is dialled after it) are stopped and the waiting callers rejected with ExchangeClosedByUser
        (ccxt's close cancels their futures, and a CancelledError escapes the `except Exception`
        of the caller's loop)."""
        for task in list(self.ws_tasks):
            task.cancel()
        for client in list(self.clients.values()):
            client.reject(ExchangeClosedByUser(f"{self.id} closed by the user"))
        self.ws_redials.clear()
        for client in list(self.ws_retiring):
            await self.ws_retire(client)
        return await super().close(*args, **kwargs)

    # ------------------------------------------------------------------ connection supervisor

    def client(self, url: str) -> Any:
        """ccxt's client for the url, made a SupervisedClient (the same object, which tells the
        supervisor of a server shutdown before ccxt rejects its callers)."""
        client = super().client(url)
        if client.__class__ is Client:
            client.__class__ = SupervisedClient
            client.supervisor = self
        return client

    def on_connected(self, client: Any, message: Any = None) -> None:
        """ccxt's; a dial that was under way when the user closed the exchange is hung up."""
        client.connected_at = asyncio.get_running_loop().time()
        super().on_connected(client, message)
        if self.closed_by_user:
            self.ws_spawn(client.close())

    def on_error(self, client: Any, error: Any) -> None:
        """ccxt's (the client has rejected its callers and leaves the table), then the supervisor."""
        super().on_error(client, error)
        self.ws_lost(client)

    def on_close(self, client: Any, error: Any) -> None:
        """ccxt's, for this client only (ccxt removes whatever client has its url, which may be the
        successor of a socket handed over), then the supervisor."""
        if self.clients.get(client.url) is client:
            del self.clients[client.url]
        self.ws_lost(client)

    def ws_lost(self, client: Any) -> None:
        """A socket is gone, or its dial failed (its callers have ccxt's NetworkError): its books
        wait for fresh snapshots, and unless the user closed the exchange or wants no stream, a
        new socket takes its place, dialled at once if the old one lasted, after a backoff if it
        did not or never came up."""
        if getattr(client, "lost", True) or client.retired:
            return
        client.lost = True
        url = client.url
        current = self.clients.get(url)
        if current is not None and current is not client:
            return  # another socket serves the url already
        self.ws_books_stale()
        if self.closed_by_user or not self.ws_topics:
            return
        redial = self.ws_redials.setdefault(url, Redial())
        up = None if client.connected_at is None else asyncio.get_running_loop().time() - client.connected_at
        redial.attempts = 0 if up is not None and up >= self.WS.redial_stable else redial.attempts + 1
        redial.error = client.error
        try:
            self.ws_dial(url, self.ws_redial_delay(redial.attempts))
        except Exception as error:  # say, proxy settings ccxt refuses: the next call raises it to the user
            self.ws_unrouted_errors.append(error)

    def ws_hand_over(self, client: Any, code: Any) -> bool:
        """The server's shutdown Close on the current socket: True when a new socket takes over
        (ccxt then neither rejects the callers nor closes the socket); False for any other close."""
        if (
            self.WS.shutdown_code is None
            or code != self.WS.shutdown_code
            or self.closed_by_user
            or client.lost
            or client.retired
            or self.clients.get(client.url) is not client
            or not self.ws_topics
        ):
            return False
        client.retired = True  # not read any more (aiohttp's client ends at a Close), closed after the handover
        del self.clients[client.url]
        self.ws_handovers += 1
        self.ws_books_stale()
        self.ws_dial(client.url, 0.0, client)
        return True

    def ws_redial_delay(self, attempts: int) -> float:
        """How long to wait before a dial: up to the first backoff after a socket that lasted (a
        jitter, so that a server's clients do not all come back at once), then doubling, capped."""
        first, longest = self.WS.redial_backoff
        if attempts == 0:
            return random.uniform(0, first)
        return min(longest, first * 2**attempts) * random.uniform(0.5, 1.0)

    def ws_dial(self, url: str, delay: float, predecessor: Any = None) -> None:
        """A new socket for the url, in the table at once (callers wait for it), carrying every
        topic; dialled after `delay` s (ccxt's Client waits it out, `connecting` meanwhile, so that
        a caller does not dial too). A predecessor handed over gives it its waiting callers."""
        self.open()
        client = self.client(url)
        if predecessor is not None:
            client.futures.update(predecessor.futures)
            predecessor.futures.clear()
            client.rejections.update(predecessor.rejections)
            predecessor.rejections.clear()
            self.ws_retiring.add(predecessor)
        streams = self.ws_carry_all(client)
        client.connect(self.ws_session(), delay)
        self.ws_spawn(self.ws_reconnected(client, streams, predecessor))

    def ws_session(self) -> Any:
        """The aiohttp session to dial with, as ccxt's watch chooses it (a socks proxy has its own)."""
        socks_proxy = self.check_ws_proxy_settings()[2]
        return self.get_socks_proxy_session(socks_proxy) if socks_proxy else self.session

    async def ws_reconnected(self, client: Any, streams: List[str], predecessor: Any) -> None:
        """Once the new socket is up: subscribe it, then retire the socket it took over from. A
        dial that fails has rejected its callers, and its loss schedules the next one."""
        try:
            try:
                await asyncio.shield(client.connected)
            except Exception:
                return
            self.ws_reconnects += 1
            await self.ws_send_again(client, streams)
        finally:
            if predecessor is not None:
                await self.ws_retire(predecessor)

    def ws_carry_all(self, client: Any) -> List[str]:
        """Have the socket carry every topic it does not yet: the streams to subscribe."""
        streams = [stream for stream in self.ws_topics if stream not in client.subscriptions]
        for stream in streams:
            self.ws_carry(client, self.ws_topics[stream])
        return streams

    async def ws_send_again(self, client: Any, streams: List[str]) -> None:
        """Subscribe the streams still wanted, public and private ones in requests of their own
        (a private subscription refused, say for a signature, leaves the public ones on), then
        start the catch-ups of the streams each request put back."""
        wanted = [stream for stream in streams if stream in self.ws_topics and stream in client.subscriptions]
        private = [stream for stream in wanted if self.ws_is_private(stream)]
        public = [stream for stream in wanted if not self.ws_is_private(stream)]
        for group in (public, private):
            if group and not client.closed() and await self.ws_send(client, self.WS.subscribe, group):
                self.ws_catch_up(client, group)

    def ws_catch_up(self, client: Any, streams: List[str]) -> None:
        """Start, for every watch method of the streams that has one, its catch-up: what it
        missed while no socket carried the stream. A catch-up still running from an earlier
        reconnect is cancelled: the new one starts where it did (Topic.resume)."""
        for stream in streams:
            topic = self.ws_topics.get(stream)
            if topic is None:
                continue
            for watch in list(topic.handlers):
                catch_up = getattr(self, "catch_up_" + self.WS.handlers[watch].removeprefix("handle_"), None)
                if catch_up is None:
                    continue
                running = self.ws_catch_ups.pop((stream, watch), None)
                if running is not None:
                    running.cancel()
                self.ws_catch_ups[(stream, watch)] = self.ws_spawn(self.ws_run_catch_up(catch_up, client, topic, watch))

    async def ws_run_catch_up(
        self, catch_up: Callable[[Any, Topic], Any], client: Any, topic: Topic, watch: str
    ) -> None:
        """One catch-up; its failure rejects the watchers of its own method and stream only."""
        try:
            await catch_up(client, topic)
        except Exception as error:
            current = self.clients.get(client.url)
            if self.ws_topics.get(topic.stream) is not topic or current is None:
                self.ws_unrouted_errors.append(error)
                return
            if not isinstance(error, BaseError):
                wrapped = ExchangeError(
                    f"{self.id} {watch}() could not catch up on {topic.stream}: {type(error).__name__}: {error}"
                )
                wrapped.__cause__ = error
                error = wrapped
            current.reject(error, message_hash(watch, topic.stream))
        finally:
            if self.ws_catch_ups.get((topic.stream, watch)) is asyncio.current_task():
                del self.ws_catch_ups[(topic.stream, watch)]

    async def ws_wait_until(self, condition: Callable[[], bool], seconds: float) -> bool:
        """Poll `condition` (the socket's frames are handled meanwhile) for at most `seconds`."""
        deadline = asyncio.get_running_loop().time() + seconds
        while not condition():
            if asyncio.get_running_loop().time() >= deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    def ws_books_stale(self) -> None:
        """No socket feeds the books: none is served until a snapshot taken after the next
        subscription (a snapshot already on its way may predate changes the books never get)."""
        for task in self.ws_book_tasks.values():
            task.cancel()
        self.ws_book_tasks.clear()
        for book in self.ws_books.values():
            book.invalidate()

    async def ws_retire(self, client: Any) -> None:
        """Close a socket that was handed over (its callers are its successor's now)."""
        self.ws_retiring.discard(client)
        try:
            await client.close()
        except Exception as error:  # the server may have gone first
            self.ws_unrouted_errors.append(error)


# ---------------------------------------------------------------------- connection supervisor


@dataclass
class Redial:
    """The supervisor's state for one url."""

    attempts: int = 0  # dials in a row that failed, or whose socket did not last WS.redial_stable
    error: Optional[BaseException] = None  # why the last socket or dial ended


class SupervisedClient(Client):
    """ccxt's Client, for the supervisor. Three differences: a server shutdown Close is handed
    over (the callers wait for the successor socket instead of getting a NetworkError); a
    failed dial also rejects `connected` (ccxt leaves it pending for good); a retired socket
    is no longer read."""

    supervisor: Any
    lost = False  # its loss has been seen to
    retired = False  # handed over to a successor
    connected_at: Optional[float] = None  # loop time

    def on_close(self, code: Any) -> None:
        if not self.supervisor.ws_hand_over(self, code):
            super().on_close(code)

    def on_error(self, error: Any) -> None:
        if not self.connected.done():
            self.connected.reject(error)
        super().on_error(error)

    def receive_loop(self) -> None:
        if not self.retired:
            super().receive_loop()


def trade_order(trade: Dict[str, Any]) -> Tuple[int, int, str]:
    """Trades in the order they were made: by time, then by id (numeric ids of any length
    compare as numbers; other ids only keep a same-millisecond order stable)."""
    trade_id = str(trade.get("id") or "")
    return (trade.get("timestamp") or 0, len(trade_id), trade_id)


def missed_trades(
    fetched: Iterable[Dict[str, Any]],
    cached: Iterable[Dict[str, Any]],
    after: Optional[Dict[str, Any]],
    before: Optional[Dict[str, Any]],
) -> List[Dict[str, Any]]:
    """The trades of `fetched` made after `after` and before `before` (either may be None: no
    bound) that are not `cached` (by id), once each, in the order they were made."""
    low = trade_order(after) if after is not None else None
    high = trade_order(before) if before is not None else None
    known = {trade.get("id") for trade in cached}
    missed = {}
    for trade in fetched:
        order = trade_order(trade)
        if trade.get("id") not in known and (low is None or order > low) and (high is None or order < high):
            missed[trade.get("id")] = trade
    return sorted(missed.values(), key=trade_order)


def first_after(items: Iterable[Any], last: Any) -> Any:
    """The item that came after `last` (by identity) in `items`, in arrival order: the first one
    when `last` is None or gone (a bounded cache drops its oldest), None when nothing came after."""
    arrived = list(items)
    for position in range(len(arrived) - 1, -1, -1):
        if arrived[position] is last:
            return arrived[position + 1] if position + 1 < len(arrived) else None
    return arrived[0] if arrived else None
