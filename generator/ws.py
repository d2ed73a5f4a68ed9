"""The WebSocket part of the model: the spec's `ws` section (ws.yaml), checked and typed.

Like the rest of the generator it knows ccxt.pro (its watch methods, what each returns)
and nothing of any exchange: the streams, frames and payload mappings come from the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ccxt_api import STRUCTURE_KEYS, WATCH, exception_names
from .fields import compile_field

PLACEHOLDERS = ("symbol", "timeframe")  # what a stream name pattern may be filled with
SIGNATURE_PARTS = ("api_key", "signature", "timestamp", "window")  # what the REST signing gives a subscription
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Stream:
    """A stream name pattern, as "trade.{symbol}": filled with a market id (and a timeframe)."""

    name: str
    pattern: str
    private: bool
    doc_url: str | None = None  # its section of the API docs (ws.doc_link filled with its `doc`)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.pattern))

    @property
    def per_market(self) -> bool:
        return "symbol" in self.placeholders


@dataclass(frozen=True)
class Requests:
    """The frames the client sends: {method: subscribe|unsubscribe, streams: [...], id: n}."""

    method: str
    streams: str
    subscribe: str
    unsubscribe: str
    id: str | None = None


@dataclass(frozen=True)
class ErrorFrame:
    """Where an error frame says what went wrong: {field: {code, message}, id: the request's id}."""

    field: str
    code: str
    message: str
    id: str | None = None


@dataclass(frozen=True)
class ErrorCode:
    code: int | str
    exception: str


@dataclass(frozen=True)
class PrivateStreams:
    """Streams whose names start with `prefix` are subscribed with a signature in `field`,
    signed for `instruction`."""

    prefix: str
    field: str
    instruction: str
    signature: tuple[str, ...]  # what the field's list holds, in order: parts of a REST signature (SIGNATURE_PARTS)


@dataclass(frozen=True)
class Keepalive:
    client_ping: float  # s between our pings: a silent peer is dropped within three
    server_ping: float | None = None
    pong_deadline: float | None = None


@dataclass(frozen=True)
class Shutdown:
    """The server's announced close: this code, then `grace` seconds while the old socket still works."""

    close_code: int
    grace: float


@dataclass(frozen=True)
class BookSync:
    """An order book kept from a REST snapshot and a stream of deltas."""

    snapshot: str  # the unified method of the snapshot
    nonce: str  # the snapshot's field of the update id it is at
    first_id: str  # a delta's first and last update ids
    last_id: str
    bids: str  # a delta's levels: [[price, amount], ...], amounts absolute, zero deletes
    asks: str
    timestamp: str  # the expression of a delta's time in ms, from `raw`
    snapshot_limit: int | None = None


@dataclass(frozen=True)
class WatchFilter:
    """Only payloads whose `field` equals `equals` (fills among order updates)."""

    field: str
    equals: object


@dataclass
class Watch:
    name: str  # the unified method: watchTrades
    structure: str  # the ccxt structure it returns
    twin: str | None  # the method for several markets: watchTradesForSymbols
    stream: Stream
    all_markets: Stream | None = None  # one stream for every market (private streams)
    shape: str | None = None  # the ws shape its payloads parse with
    book: BookSync | None = None
    merge: bool = False  # a payload updates the cached item: what it lacks is kept
    when: WatchFilter | None = None

    @property
    def doc_urls(self) -> tuple[str, ...]:
        """The sections of the API docs on the streams it reads."""
        streams = (self.stream, self.all_markets) if self.all_markets else (self.stream,)
        return tuple(dict.fromkeys(stream.doc_url for stream in streams if stream.doc_url))


@dataclass
class WsShape:
    """A payload mapping: the ccxt structure it makes, compiled as the REST shapes are (model.Shape)."""

    kind: str
    shape: object


@dataclass
class WsApi:
    url: str
    envelope_stream: str
    envelope_data: str
    requests: Requests
    streams: dict[str, Stream]
    watches: dict[str, Watch]
    error: ErrorFrame | None = None
    error_codes: tuple[ErrorCode, ...] = ()
    private: PrivateStreams | None = None
    keepalive: Keepalive | None = None
    shutdown: Shutdown | None = None
    not_watched: dict[str, str] = field(default_factory=dict)  # method -> why not, and what to do instead
    shapes: dict[str, WsShape] = field(default_factory=dict)


def build_ws(builder, statuses, constants, methods, signing) -> WsApi | None:
    """The checked WsApi of the spec's ws section (None without one); problems go to builder.errors."""
    spec = builder.spec.get("ws")
    if spec is None:
        return None
    at = builder.where("ws")
    private = _private(builder, spec, at)
    streams = _streams(builder, spec, at, private)
    if private is not None and any(stream.private for stream in streams.values()) and signing is None:
        builder.error(at.child(spec, "private"), "private streams need the spec's signing section")
    shapes = _shapes(builder, spec, at, statuses, constants)
    watches = {}
    watch_at = at.child(spec, "watch")
    for name, definition in spec["watch"].items():
        watch = _watch(builder, name, definition, watch_at.child(spec["watch"], name), streams, shapes, methods, constants, statuses)
        if watch is not None:
            watches[name] = watch
    not_watched = dict(spec.get("not_watched", {}))
    for name in not_watched:
        where = at.child(spec, "not_watched").child(spec["not_watched"], name)
        if name not in WATCH:
            builder.error(where, f"'{name}' is not a ccxt.pro watch method")
        elif name in spec["watch"]:
            builder.error(where, f"'{name}' is also in ws.watch")
    return WsApi(
        url=spec["url"],
        envelope_stream=spec["envelope"]["stream"],
        envelope_data=spec["envelope"]["data"],
        requests=Requests(**spec["requests"]),
        streams=streams,
        watches=watches,
        error=ErrorFrame(**spec["error"]) if "error" in spec else None,
        error_codes=_error_codes(builder, spec, at),
        private=private,
        keepalive=Keepalive(**spec["keepalive"]) if "keepalive" in spec else None,
        shutdown=Shutdown(**spec["shutdown"]) if "shutdown" in spec else None,
        not_watched=not_watched,
        shapes=shapes,
    )


def _private(builder, spec, at) -> PrivateStreams | None:
    if "private" not in spec:
        return None
    private = spec["private"]
    for index, part in enumerate(private["signature"]):
        if part not in SIGNATURE_PARTS:
            builder.error(at.child(spec, "private").child(private, "signature").child(private["signature"], index), f"'{part}' is not a part of a signature ({', '.join(SIGNATURE_PARTS)})")
    return PrivateStreams(**{**private, "signature": tuple(private["signature"])})


def _streams(builder, spec, at, private) -> dict[str, Stream]:
    doc_link = builder.doc_link("ws")
    streams = {}
    for name, declared in spec["streams"].items():
        where = at.child(spec, "streams").child(spec["streams"], name)
        entry = declared if isinstance(declared, dict) else {"pattern": declared}
        pattern = entry["pattern"]
        unknown = [found for found in _PLACEHOLDER.findall(pattern) if found not in PLACEHOLDERS]
        if unknown:
            builder.error(where, f"'{{{unknown[0]}}}' is not a placeholder a stream name may have ({', '.join(PLACEHOLDERS)})")
            continue
        is_private = private is not None and pattern.startswith(private.prefix)
        streams[name] = Stream(name, pattern, is_private, builder.doc_url(doc_link, entry, where, "ws"))
    return streams


def _shapes(builder, spec, at, statuses, constants) -> dict:
    shapes = {}
    shapes_spec = spec.get("ws_shapes", {})
    for name, definition in shapes_spec.items():
        where = at.child(spec, "ws_shapes").child(shapes_spec, name)
        kind = definition["kind"]
        if kind not in STRUCTURE_KEYS:
            builder.error(where.child(definition, "kind"), f"unknown structure kind; expected one of {', '.join(sorted(STRUCTURE_KEYS))}")
            continue
        mapping = {"from": f"{'an' if name[:1] in 'aeiou' else 'a'} {name} payload", **{key: value for key, value in definition.items() if key != "kind"}}
        compiled = builder.shape(kind, name, mapping, where, statuses, constants)
        if compiled is not None:
            shapes[name] = WsShape(kind, compiled)
    return shapes


def _watch(builder, name, definition, at, streams, shapes, methods, constants, statuses) -> Watch | None:
    if name not in WATCH:
        builder.error(at, f"'{name}' is not a ccxt.pro watch method the templates know ({', '.join(sorted(WATCH))})")
        return None
    structure, twin = WATCH[name]
    stream = _stream_of(builder, definition, "stream", at, streams)
    all_markets = _stream_of(builder, definition, "all", at, streams) if "all" in definition else None
    if stream is None or ("all" in definition and all_markets is None):
        return None
    if "timeframe" in stream.placeholders and structure != "ohlcv":
        builder.error(at.child(definition, "stream"), f"only candles have a timeframe; {name} reads {structure} structures")
        return None
    book = _book(builder, name, definition, at, methods, constants, statuses) if "book" in definition else None
    shape = definition.get("parse")
    if structure == "order_book":
        if book is None:
            builder.error(at, f"{name} needs 'book': how the deltas apply to the REST snapshot")
            return None
    elif shape is None:
        builder.error(at, "missing required key 'parse'")
        return None
    elif shape not in shapes:
        known = ", ".join(sorted(shapes)) or "none"
        builder.error(at.child(definition, "parse"), f"'{shape}' is not in ws.ws_shapes ({known})")
        return None
    elif shapes[shape].kind != structure:
        builder.error(at.child(definition, "parse"), f"{name} returns {structure} structures; ws shape '{shape}' maps a {shapes[shape].kind}")
        return None
    when = WatchFilter(**definition["when"]) if "when" in definition else None
    return Watch(name, structure, twin, stream, all_markets, shape, book, bool(definition.get("merge")), when)


def _stream_of(builder, definition, key, at, streams) -> Stream | None:
    stream = streams.get(definition[key])
    if stream is None:
        builder.error(at.child(definition, key), f"stream '{definition[key]}' is not in ws.streams")
    return stream


def _book(builder, name, definition, at, methods, constants, statuses) -> BookSync | None:
    book = definition["book"]
    book_at = at.child(definition, "book")
    snapshot = methods.get(book["snapshot"])
    if snapshot is None or snapshot.unified.structure != "order_book":
        builder.error(book_at.child(book, "snapshot"), f"'{book['snapshot']}' is not a spec method that returns an order book")
        return None
    time_at = book_at.child(book, "timestamp")
    if not builder.field_ok(book["timestamp"], time_at, statuses):
        return None
    values = {key: value for key, value in book.items() if key != "timestamp"}
    timestamp = compile_field(book["timestamp"], f"{name} timestamp", constants, statuses)
    return BookSync(timestamp=timestamp, **values)


def _error_codes(builder, spec, at) -> tuple[ErrorCode, ...]:
    codes = spec.get("error_codes", {})
    known = exception_names()
    for code, exception in codes.items():
        if exception not in known:
            builder.error(at.child(spec, "error_codes").child(codes, code), f"'{exception}' is not a ccxt exception class")
    return tuple(ErrorCode(code, exception) for code, exception in codes.items() if exception in known)
