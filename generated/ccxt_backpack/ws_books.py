# Copied by the generator from generator/static/package/ws_books.py: edit it there.
"""One market's order book kept in sync from a REST snapshot and numbered deltas.

A stream of book deltas says what changed, not what the book is: the book is a
REST snapshot taken at update id `nonce`, plus every delta after it, none
missing. Each delta carries the ids of the first and the last engine update it
aggregates, so a missing delta shows as a break in the numbering. The rule:

1. Buffer the deltas until a snapshot arrives (the REST book usually lags the
   stream: deltas from before it are needed to catch up, those after it to
   continue).
2. Drop every delta whose last id is <= the snapshot's nonce: the snapshot
   already holds it.
3. The first delta applied must span nonce + 1 (first id <= nonce + 1 <= last
   id). If the oldest buffered delta starts after nonce + 1, the updates in
   between are in neither: the snapshot is too old, take another.
4. After that every delta must start where the last one ended (first id ==
   previous last id + 1). Anything else (a gap, a delta out of order, an
   overlap) means the book can no longer be trusted: it is invalid, no delta is
   applied across the break, and the deltas buffer again until a fresh
   snapshot.

A reconnect or an error in the caller's handler also loses deltas, so
`invalidate()` puts the book back to step 1.

The book is ccxt's own `OrderBook` (bid and ask `OrderBookSide`s, `nonce`,
`timestamp`, `datetime`, `symbol`), so callers get what ccxt.pro gives. Two
differences from ccxt.pro's usual handling, on purpose:

- a `limit` never trims the stored book (a trimmed book loses the levels that
  surface when the best ones go, and shows a wrong book from then on); a
  limited view is a copy of the top levels, costing O(limit);
- `datetime` is brought up to date when the book is viewed, not on every delta:
  formatting it costs more than applying a single-level delta.

Pure logic: no I/O, no asyncio. The caller decodes the frames (`delta()` takes
levels as floats, `delta_texts()` the decimal texts of a frame), takes the
snapshots and decides when; the results of `delta()` and `snapshot()` tell it
when one is needed.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections import deque
from itertools import islice
from typing import Any, Deque, Dict, List, Optional, Tuple

from ccxt.async_support.base.ws.order_book import OrderBook
from ccxt.async_support.base.ws.order_book_side import Asks, Bids

from .runtime import NUMBER_LIMIT, iso8601

# Price levels, [[price, amount], ...]: amounts are absolute, 0 deletes the level.
Levels = List[List[float]]
# A delta waiting in the buffer: first id, last id, bids, asks, timestamp.
Buffered = Tuple[int, int, Levels, Levels, Optional[int]]

DEFAULT_MAX_BUFFERED = 1000


class Result(enum.Enum):
    """What `delta()` or `snapshot()` did with its input."""

    APPLIED = "applied"  # the delta is in the book
    STALE = "stale"  # dropped: every update in it is already in the book
    BUFFERED = "buffered"  # kept for the next snapshot (the book is not in sync)
    BUFFER_FULL = "buffer full"  # buffered, but the oldest buffered delta was dropped to make room
    GAP = "gap"  # a delta is missing: the book is invalid until a fresh snapshot
    SYNCED = "synced"  # the snapshot and the buffered deltas after it make a valid book
    TOO_OLD = "too old"  # the snapshot ends before the oldest buffered delta starts: take another


APPLIED = Result.APPLIED
STALE = Result.STALE
BUFFERED = Result.BUFFERED
BUFFER_FULL = Result.BUFFER_FULL
GAP = Result.GAP
SYNCED = Result.SYNCED
TOO_OLD = Result.TOO_OLD

# Results that ask the caller for a fresh snapshot.
NEEDS_SNAPSHOT = frozenset((GAP, TOO_OLD))


class BookNotSynced(Exception):
    """The book was asked for while it is not in sync (before the first snapshot, or after a gap)."""


class SyncedBook:
    """One market's book: a snapshot plus the contiguous deltas after it.

    Feed it `delta()` for every frame of the stream and `snapshot()` for every
    REST book; read it with `view()`. `synced` says whether the book may be
    served; the counters say what happened, for tests and monitoring.

    Level lists passed to `delta()` become the book's own (as with ccxt's
    `OrderBookSide.storeArray`, which stores the list it is given and later
    changes its amount in place): pass fresh lists, do not reuse them.
    """

    __slots__ = (
        "book",
        "max_buffered",
        "_bids",
        "_asks",
        "snapshots",
        "snapshots_too_old",
        "gaps",
        "deltas_applied",
        "deltas_stale",
        "deltas_buffered",
        "deltas_overflowed",
        "_synced",
        "_nonce",
        "_snapshot_nonce",
        "_buffer",
        "_formatted_timestamp",
    )

    def __init__(self, symbol: Optional[str] = None, max_buffered: int = DEFAULT_MAX_BUFFERED) -> None:
        """`max_buffered` bounds the deltas kept while waiting for a snapshot: when full, the oldest
        goes (counted in `deltas_overflowed`). A snapshot older than what is left is then reported
        too old by the rule itself, and one taken after it still syncs, so nothing else is needed."""
        if max_buffered < 1:
            raise ValueError("max_buffered must be at least 1")
        self.book: Any = OrderBook({"symbol": symbol})
        self._bids = self.book["bids"]  # the sides stay the same objects: a snapshot refills them
        self._asks = self.book["asks"]
        self.max_buffered = max_buffered
        self.snapshots = 0  # snapshots that reset the book
        self.snapshots_too_old = 0  # snapshots refused as too old
        self.gaps = 0  # breaks in the numbering found on a synced book (or while replaying the buffer)
        self.deltas_applied = 0
        self.deltas_stale = 0  # dropped: already in the book
        self.deltas_buffered = 0  # put in the buffer (a replayed delta then counts as applied or stale too)
        self.deltas_overflowed = 0  # dropped from a full buffer
        self._synced = False
        self._nonce = -1  # the id of the last update in the book
        self._snapshot_nonce = -1  # the nonce of the last snapshot: while _nonce equals it, no delta has followed it
        self._buffer: Deque[Buffered] = deque()
        self._formatted_timestamp: Optional[int] = None

    # ------------------------------------------------------------------ state

    @property
    def synced(self) -> bool:
        """True when the book is a snapshot plus every delta after it: it may be served."""
        return self._synced

    @property
    def nonce(self) -> Optional[int]:
        """The id of the last update in the book, None while it is not in sync."""
        return self._nonce if self._synced else None

    @property
    def deltas_dropped(self) -> int:
        """Deltas dropped for good: stale ones and those a full buffer pushed out."""
        return self.deltas_stale + self.deltas_overflowed

    @property
    def buffered(self) -> int:
        """How many deltas wait for the next snapshot."""
        return len(self._buffer)

    def invalidate(self) -> None:
        """Stop serving the book until the next snapshot (after a reconnect or a handler error: deltas
        were or may have been lost). The buffer starts empty: what was in it came before the loss."""
        self._synced = False
        self._buffer.clear()

    # ------------------------------------------------------------------ deltas

    def delta(self, first_id: int, last_id: int, bids: Levels, asks: Levels, timestamp: Optional[int]) -> Result:
        """Take one delta: the ids of the first and last update it holds, its changed levels
        ([price, amount], amount absolute, 0 deletes) and its time (ms)."""
        if not self._synced:
            return self._buffer_delta((first_id, last_id, bids, asks, timestamp))
        nonce = self._nonce
        if last_id <= nonce:
            self.deltas_stale += 1
            return STALE
        if first_id != nonce + 1 and not (first_id <= nonce and nonce == self._snapshot_nonce):
            return self._gap((first_id, last_id, bids, asks, timestamp))
        try:
            if bids:
                _store_levels(self._bids, bids, True)
            if asks:
                _store_levels(self._asks, asks, False)
        except BaseException:
            self.invalidate()  # half applied: the book is no longer any update's book
            raise
        self._nonce = last_id
        book = self.book
        book["nonce"] = last_id
        book["timestamp"] = timestamp
        self.deltas_applied += 1
        return APPLIED

    def delta_texts(self, first_id: int, last_id: int, bids: Any, asks: Any, timestamp: Optional[int]) -> Result:
        """delta() for levels as a stream sends them, [price, amount] pairs of decimal texts (or
        numbers), read as float_levels reads them (a level that is not two numbers within the
        limits raises ValueError, and the book, perhaps half changed, waits for a snapshot).
        The delta that continues a book in sync, nearly every one, has each level read as it is
        stored: building the lists of floats first costs as much as storing a single level."""
        if self._synced and first_id == self._nonce + 1:
            try:
                if bids:
                    _store_texts(self._bids, bids, True)
                if asks:
                    _store_texts(self._asks, asks, False)
            except BaseException:
                self.invalidate()
                raise
            self._nonce = last_id
            book = self.book
            book["nonce"] = last_id
            book["timestamp"] = timestamp
            self.deltas_applied += 1
            return APPLIED
        return self.delta(first_id, last_id, float_levels(bids), float_levels(asks), timestamp)

    def _buffer_delta(self, delta: Buffered) -> Result:
        """Keep a delta for the next snapshot; a full buffer loses its oldest."""
        buffer = self._buffer
        self.deltas_buffered += 1
        if len(buffer) >= self.max_buffered:
            buffer.popleft()
            buffer.append(delta)
            self.deltas_overflowed += 1
            return BUFFER_FULL
        buffer.append(delta)
        return BUFFERED

    def _gap(self, delta: Buffered) -> Result:
        """The numbering broke: stop serving the book, and buffer from this delta on, since a fresh
        snapshot may predate it."""
        self.gaps += 1
        self._synced = False
        self._buffer.clear()
        self._buffer_delta(delta)
        return GAP

    # ------------------------------------------------------------------ snapshots

    def snapshot(self, nonce: int, bids: Levels, asks: Levels, timestamp: Optional[int] = None) -> Result:
        """Reset the book to a REST snapshot at update id `nonce`, then replay the buffered deltas by
        the rule. SYNCED: the book is valid. TOO_OLD: the oldest buffered delta after the snapshot
        starts after nonce + 1; the book stays invalid and those deltas stay buffered. GAP: the
        buffer itself has a break after the snapshot; the deltas from the break on stay buffered.
        Both ask for another snapshot. STALE: the book is in sync and already at or past `nonce`;
        the snapshot is ignored (the deltas between it and the book are not kept, so going back to
        it would lose them)."""
        if self._synced and nonce <= self._nonce:
            return STALE
        buffer = self._buffer
        while buffer and buffer[0][1] <= nonce:  # already in the snapshot
            buffer.popleft()
            self.deltas_stale += 1
        if buffer and buffer[0][0] > nonce + 1:
            self.snapshots_too_old += 1
            return TOO_OLD
        self._reset(nonce, bids, asks, timestamp)
        self.snapshots += 1
        self._synced = True
        self._buffer = deque()
        for position, delta in enumerate(buffer):
            if self.delta(*delta) is GAP:  # the gap's delta is buffered again, and those after it
                self._buffer.extend(islice(buffer, position + 1, None))
                return GAP
        return SYNCED

    def _reset(self, nonce: int, bids: Levels, asks: Levels, timestamp: Optional[int]) -> None:
        """Make the stored book (the same object, so references to it stay live) the snapshot."""
        book = self.book
        _load_side(self._bids, bids, True)
        _load_side(self._asks, asks, False)
        book["nonce"] = nonce
        book["timestamp"] = timestamp
        self._nonce = self._snapshot_nonce = nonce

    # ------------------------------------------------------------------ reading

    def view(self, limit: Optional[int] = None) -> Any:
        """What a watch of the book returns: the stored book itself, or with a `limit` a copy of its
        top `limit` levels a side (the store is never trimmed). Raises BookNotSynced when the book is
        not in sync."""
        if not self._synced:
            raise BookNotSynced(f"the {self.book['symbol']} order book is not in sync: it waits for a snapshot")
        book = self.book
        timestamp = book["timestamp"]
        if timestamp != self._formatted_timestamp or book["datetime"] is None:
            book["datetime"] = iso8601(timestamp) if timestamp is not None else None
            self._formatted_timestamp = timestamp
        if limit is None:
            return book
        return _top(book, limit)


def _store_levels(side: Any, levels: Levels, negate: bool) -> None:
    """Store absolute amounts on one side: what OrderBookSide.storeArray does for each level, inlined
    (a method call per level would cost as much as the rest together). The side is sorted best
    first on its `_index` of keys: -price for bids, price for asks. New levels go in by slice
    assignment, which moves the levels behind with one memmove; list.insert moves them one by one
    in a loop, three times slower on a deep book, where most changes land near the top."""
    keys = side._index
    for level in levels:
        price, amount = level
        key = -price if negate else price
        index = bisect_left(keys, key)
        if amount:
            if index < len(keys) and keys[index] == key:
                side[index][1] = amount
            else:
                keys[index:index] = (key,)
                side[index:index] = (level,)
        elif index < len(keys) and keys[index] == key:
            del keys[index]
            del side[index]


def _store_texts(side: Any, levels: Any, negate: bool) -> None:
    """_store_levels for [price, amount] texts: each read as two floats, checked, and stored as a
    fresh list."""
    keys, limit = side._index, NUMBER_LIMIT
    for price_text, amount_text in levels:
        price = float(price_text)
        amount = float(amount_text)
        if not (-limit < price < limit and -limit < amount < limit):
            raise ValueError(f"a book level that is not a number within the limits: {[price_text, amount_text]!r:.200}")
        key = -price if negate else price
        index = bisect_left(keys, key)
        if amount:
            if index < len(keys) and keys[index] == key:
                side[index][1] = amount
            else:
                keys[index:index] = (key,)
                side[index:index] = ([price, amount],)
        elif index < len(keys) and keys[index] == key:
            del keys[index]
            del side[index]


def float_levels(levels: List[List[Any]]) -> Levels:
    """A delta's [[price, amount], ...] (decimal texts) as fresh float lists, as a SyncedBook stores them.

    A level that is not two numbers within the limits raises ValueError: the delta is not applied
    and the book resyncs (a level left out instead would leave a wrong book in sync)."""
    if not levels:
        return []
    parsed = [[float(price), float(amount)] for price, amount in levels]
    limit = NUMBER_LIMIT
    for price, amount in parsed:  # each number: a sum would let 1e41 and -1e41 through
        if not (-limit < price < limit and -limit < amount < limit):
            raise ValueError(f"a book level that is not a number within the limits: {levels!r:.200}")
    return parsed


def _load_side(side: Any, levels: Levels, negate: bool) -> None:
    """Replace a side's levels with a snapshot's, as storing them one by one would (the last amount
    of a price wins, 0 deletes), in one sort instead of an insertion per level. The stored levels
    are fresh lists: the snapshot's own stay untouched."""
    amounts: Dict[float, float] = {}
    for price, amount in levels:
        amounts[price] = amount
    ranked = sorted(((-price if negate else price), price, amount) for price, amount in amounts.items() if amount)
    side[:] = [[price, amount] for _, price, amount in ranked]
    side._index[:] = [key for key, _, _ in ranked]


def _top(book: Any, limit: int) -> Any:
    """A copy of the book with the top `limit` levels a side, built directly: OrderBook() would format
    the datetime again, and OrderBookSide() would insert the levels one by one."""
    limit = max(limit, 0)
    view = OrderBook.__new__(OrderBook)
    view.cache = []
    dict.update(
        view,
        bids=_top_side(Bids, book["bids"], limit),
        asks=_top_side(Asks, book["asks"], limit),
        timestamp=book["timestamp"],
        datetime=book["datetime"],
        nonce=book["nonce"],
        symbol=book["symbol"],
    )
    return view


def _top_side(kind: Any, side: Any, limit: int) -> Any:
    top = kind((), limit)
    top.extend([level[:] for level in side[:limit]])  # copies: the stored levels change in place
    top._index = side._index[:limit]
    return top
