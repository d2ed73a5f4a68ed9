"""The order-book sync core (ccxt_backpack.ws_books): the snapshot + numbered deltas rule case by
case, then hypothesis: random streams of level changes cut into deltas, some withheld, snapshots at
random points; whenever the book says it is in sync it equals a reference rebuilt from every change
up to its nonce, and every loss is found (one resync per loss)."""

import pytest
from ccxt.async_support.base.ws.order_book import OrderBook
from ccxt.async_support.base.ws.order_book_side import Asks, Bids
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccxt_backpack.ws_books import (
    APPLIED,
    BUFFER_FULL,
    BUFFERED,
    GAP,
    NEEDS_SNAPSHOT,
    STALE,
    SYNCED,
    TOO_OLD,
    BookNotSynced,
    SyncedBook,
)

BIDS = [[99.0, 1.0], [98.0, 2.0], [97.0, 3.0]]
ASKS = [[101.0, 1.0], [102.0, 2.0], [103.0, 3.0]]


def levels(levels):
    """Fresh copies: the book keeps the level lists it is given."""
    return [list(level) for level in levels]


def synced_at(nonce=10, bids=BIDS, asks=ASKS):
    book = SyncedBook("BTC/USDC")
    assert book.snapshot(nonce, levels(bids), levels(asks), 1_000) is SYNCED
    return book


def sides(book):
    return [list(level) for level in book.book["bids"]], [list(level) for level in book.book["asks"]]


# ---------------------------------------------------------------- the rule, case by case


def test_before_a_snapshot_deltas_buffer_and_the_book_is_not_served():
    book = SyncedBook("BTC/USDC")
    assert book.delta(1, 1, [[99.0, 1.0]], [], 1) is BUFFERED
    assert not book.synced and book.nonce is None and book.buffered == 1
    with pytest.raises(BookNotSynced, match="BTC/USDC"):
        book.view()


def test_a_snapshot_is_sorted_best_first_the_last_amount_of_a_price_wins_and_zero_deletes():
    book = SyncedBook("BTC/USDC")
    bids = [[97.0, 3.0], [99.0, 1.0], [98.0, 2.0], [96.0, 0.0], [99.0, 5.0]]
    asks = [[103.0, 3.0], [101.0, 1.0], [102.0, 0.0], [104.0, 1.0], [104.0, 0.0]]
    assert book.snapshot(7, bids, asks, 1_700_000_000_123) is SYNCED
    view = book.view()
    assert view["bids"] == [[99.0, 5.0], [98.0, 2.0], [97.0, 3.0]]
    assert view["asks"] == [[101.0, 1.0], [103.0, 3.0]]
    assert view["nonce"] == 7 and view["timestamp"] == 1_700_000_000_123
    assert view["datetime"] == "2023-11-14T22:13:20.123Z" and view["symbol"] == "BTC/USDC"
    assert isinstance(view, OrderBook) and isinstance(view["bids"], Bids) and isinstance(view["asks"], Asks)
    book.delta(8, 8, [[99.0, 7.0]], [], 1)
    assert bids[-1] == [99.0, 5.0]  # the snapshot's own lists are not the book's


def test_stale_deltas_are_dropped():
    book = synced_at(10)
    assert book.delta(9, 10, [[99.0, 9.0]], [], 5) is STALE
    assert book.delta(3, 3, [], [[101.0, 9.0]], 5) is STALE
    assert sides(book) == (BIDS, ASKS) and book.deltas_stale == 2 and book.synced


def test_the_first_delta_may_span_the_snapshot_nonce():
    book = synced_at(10)
    assert book.delta(8, 12, [[99.0, 4.0]], [[101.0, 0.0]], 2_000) is APPLIED
    assert book.view()["nonce"] == 12 and book.view()["timestamp"] == 2_000
    assert sides(book) == ([[99.0, 4.0], [98.0, 2.0], [97.0, 3.0]], [[102.0, 2.0], [103.0, 3.0]])


def test_the_first_delta_must_reach_the_snapshot_nonce_plus_one():
    book = synced_at(10)
    assert book.delta(12, 13, [[99.0, 4.0]], [], 2) is GAP
    assert not book.synced and book.gaps == 1 and sides(book) == (BIDS, ASKS)


def test_a_contiguous_chain_is_applied():
    book = synced_at(10)
    results = [
        book.delta(11, 11, [[100.0, 1.0]], [], 1),  # a new best bid
        book.delta(12, 14, [[97.0, 0.0]], [[100.5, 2.0]], 2),  # a level goes, a new best ask
        book.delta(15, 15, [], [[103.0, 0.5]], 3),  # an amount changes
    ]
    assert results == [APPLIED] * 3 and book.deltas_applied == 3 and book.nonce == 15
    assert sides(book) == (
        [[100.0, 1.0], [99.0, 1.0], [98.0, 2.0]],
        [[100.5, 2.0], [101.0, 1.0], [102.0, 2.0], [103.0, 0.5]],
    )


def test_a_gap_invalidates_the_book_and_nothing_is_applied_across_it():
    book = synced_at(10)
    assert book.delta(11, 11, [[99.0, 4.0]], [], 1) is APPLIED
    before = sides(book)
    assert book.delta(13, 13, [[98.0, 0.0]], [], 2) is GAP  # 12 was lost
    assert book.delta(14, 14, [[97.0, 0.0]], [], 3) is BUFFERED  # one gap, one resync: not another GAP
    assert sides(book) == before and not book.synced and book.gaps == 1 and book.buffered == 2
    with pytest.raises(BookNotSynced):
        book.view()
    # the fresh snapshot includes update 12 (and 13); the buffered 13 is stale, 14 follows it
    assert book.snapshot(13, [[99.0, 4.0], [97.0, 3.0]], levels(ASKS)) is SYNCED
    assert book.nonce == 14 and sides(book) == ([[99.0, 4.0]], ASKS) and book.snapshots == 2


@pytest.mark.parametrize("first_id", [11, 12], ids=["starts-inside", "starts-at-the-nonce"])
def test_after_the_first_delta_an_overlapping_delta_is_a_gap(first_id):
    book = synced_at(10)
    assert book.delta(11, 12, [[99.0, 4.0]], [], 1) is APPLIED
    assert book.delta(first_id, 13, [[98.0, 9.0]], [], 2) is GAP
    assert not book.synced
    assert sides(book) == ([[99.0, 4.0], [98.0, 2.0], [97.0, 3.0]], ASKS)


def test_buffered_deltas_are_replayed_after_the_snapshot():
    book = SyncedBook("BTC/USDC")
    assert book.delta(8, 9, [[99.0, 8.0]], [], 1) is BUFFERED  # in the snapshot already
    assert book.delta(10, 11, [[99.0, 4.0]], [], 2) is BUFFERED  # spans 10 + 1
    assert book.delta(12, 12, [], [[101.0, 0.0]], 3) is BUFFERED
    assert book.snapshot(10, levels(BIDS), levels(ASKS), 0) is SYNCED
    assert book.nonce == 12 and book.view()["timestamp"] == 3
    assert sides(book) == ([[99.0, 4.0], [98.0, 2.0], [97.0, 3.0]], ASKS[1:])
    assert (book.deltas_buffered, book.deltas_stale, book.deltas_applied, book.buffered) == (3, 1, 2, 0)


def test_a_snapshot_older_than_the_buffer_is_too_old():
    book = SyncedBook("BTC/USDC")
    book.delta(12, 12, [[99.0, 4.0]], [], 1)
    book.delta(13, 13, [[98.0, 0.0]], [], 2)
    assert book.snapshot(10, levels(BIDS), levels(ASKS)) is TOO_OLD  # update 11 is in neither
    assert not book.synced and book.snapshots_too_old == 1 and book.snapshots == 0 and book.buffered == 2
    assert TOO_OLD in NEEDS_SNAPSHOT and GAP in NEEDS_SNAPSHOT
    assert book.snapshot(11, levels(BIDS), levels(ASKS)) is SYNCED
    assert book.nonce == 13 and sides(book) == ([[99.0, 4.0], [97.0, 3.0]], ASKS)


def test_a_gap_inside_the_buffer_keeps_what_follows_it_for_the_next_snapshot():
    book = SyncedBook("BTC/USDC")
    book.delta(11, 11, [[99.0, 4.0]], [], 1)
    book.delta(13, 13, [[98.0, 0.0]], [], 2)  # 12 was lost before any snapshot
    book.delta(14, 14, [[97.0, 1.0]], [], 3)
    assert book.snapshot(10, levels(BIDS), levels(ASKS)) is GAP
    assert not book.synced and book.gaps == 1 and book.buffered == 2
    assert book.snapshot(12, [[99.0, 4.0], [98.0, 2.0], [97.0, 3.0]], levels(ASKS)) is SYNCED
    assert book.nonce == 14 and sides(book) == ([[99.0, 4.0], [97.0, 1.0]], ASKS)


def test_a_snapshot_while_in_sync_moves_the_book_forward_never_back():
    book = synced_at(10)
    book.delta(11, 12, [[99.0, 4.0]], [], 1)
    assert book.snapshot(11, levels(BIDS), levels(ASKS)) is STALE
    assert book.nonce == 12 and book.view()["bids"][0] == [99.0, 4.0] and book.snapshots == 1
    assert book.snapshot(14, [[96.0, 1.0]], levels(ASKS), 5) is SYNCED
    assert book.nonce == 14 and sides(book) == ([[96.0, 1.0]], ASKS)
    assert book.delta(13, 15, [[95.0, 1.0]], [], 6) is APPLIED  # the first delta after it may span it


def test_invalidate_stops_serving_the_book_until_the_next_snapshot():
    book = synced_at(10)
    book.delta(11, 11, [[99.0, 4.0]], [], 1)
    book.invalidate()
    assert not book.synced and book.nonce is None
    with pytest.raises(BookNotSynced):
        book.view()
    assert book.delta(12, 12, [[98.0, 0.0]], [], 2) is BUFFERED
    assert book.snapshot(11, [[99.0, 4.0], [98.0, 2.0]], levels(ASKS)) is SYNCED
    assert book.nonce == 12 and sides(book) == ([[99.0, 4.0]], ASKS) and book.gaps == 0


def test_a_delta_that_fails_half_way_invalidates_the_book():
    book = synced_at(10)
    with pytest.raises(TypeError):
        book.delta(11, 11, [[100.0, 1.0], [None, 1.0]], [], 1)
    assert not book.synced and book.buffered == 0


@pytest.mark.parametrize("synced", [True, False], ids=["read-as-stored", "read-then-buffered"])
@pytest.mark.parametrize(
    "bad", [["NaN", "1"], ["100.5", "Infinity"], ["1e45", "1"], ["1e41", "-1e41"], ["100.5", "x"], ["100.5"]]
)
def test_a_delta_as_texts_with_a_level_that_is_no_number_within_the_limits_raises(synced, bad):
    """delta_texts() reads the stream's decimal texts as float_levels does: the delta containing such
    a level raises ValueError (the caller resyncs), and a book in sync is no longer served."""
    book = synced_at(10) if synced else SyncedBook("BTC/USDC")
    with pytest.raises(ValueError):
        book.delta_texts(11, 11, [["100.0", "1"], bad], [], 1)
    assert not book.synced and book.buffered == 0
    assert synced_at(10).delta_texts(11, 11, [["100.0", "1"]], [["101", "0"]], 1) is APPLIED


def test_a_full_buffer_drops_its_oldest_delta_and_the_rule_then_refuses_older_snapshots():
    book = SyncedBook("BTC/USDC", max_buffered=2)
    assert [book.delta(n, n, [[99.0, float(n)]], [], n) for n in (11, 12, 13)] == [BUFFERED, BUFFERED, BUFFER_FULL]
    assert book.buffered == 2 and book.deltas_overflowed == 1 and book.deltas_dropped == 1
    assert book.snapshot(10, levels(BIDS), levels(ASKS)) is TOO_OLD  # 11 is gone
    assert book.snapshot(11, levels(BIDS), levels(ASKS)) is SYNCED  # a newer one still syncs
    assert book.nonce == 13 and book.view()["bids"][0] == [99.0, 13.0]
    with pytest.raises(ValueError):
        SyncedBook(max_buffered=0)


def test_a_limited_view_is_a_copy_and_never_trims_the_stored_book():
    book = synced_at(10)
    top = book.view(2)
    assert top["bids"] == BIDS[:2] and top["asks"] == ASKS[:2] and top["nonce"] == 10
    assert isinstance(top, OrderBook) and isinstance(top["bids"], Bids) and top["bids"]._index == [-99.0, -98.0]
    assert book.delta(11, 11, [[99.0, 0.0]], [[101.0, 7.0]], 2) is APPLIED  # the best bid goes
    assert top["bids"] == BIDS[:2] and top["asks"] == ASKS[:2]  # the copy did not move
    assert book.view(2)["bids"] == BIDS[1:3]  # the third level surfaces: nothing was trimmed
    assert (
        len(book.view()["bids"]) == 2
        and book.view(0)["asks"] == []
        and book.view(50)["asks"] == [[101.0, 7.0]] + ASKS[1:]
    )
    book.view(1).limit()
    assert len(book.view()["asks"]) == 3


def test_the_stored_book_stays_the_same_object_across_snapshots_and_datetime_follows_the_view():
    book = synced_at(10)
    stored = book.view()
    book.delta(11, 11, [[99.0, 4.0]], [], 1_700_000_000_000)
    assert stored["datetime"] == "1970-01-01T00:00:01.000Z"  # brought up to date by view(), not per delta
    assert book.view() is stored and stored["datetime"] == "2023-11-14T22:13:20.000Z"
    book.invalidate()
    book.snapshot(20, levels(BIDS), levels(ASKS), None)
    assert book.view() is stored and stored["nonce"] == 20 and stored["datetime"] is None


# ---------------------------------------------------------------- the levels match ccxt's storeArray


PRICES = st.sampled_from([float(price) for price in range(1, 13)]) | st.floats(1, 13, allow_nan=False)
LEVEL = st.tuples(PRICES, st.sampled_from([0.0, 0.0, 1.0, 2.5, 7.0]))


@settings(max_examples=60, deadline=None)
@given(
    snapshot=st.tuples(st.lists(LEVEL, max_size=12), st.lists(LEVEL, max_size=12)),
    deltas=st.lists(st.tuples(st.lists(LEVEL, max_size=4), st.lists(LEVEL, max_size=4)), max_size=15),
)
def test_the_book_is_what_ccxts_order_book_side_makes_of_the_same_levels(snapshot, deltas):
    ours = SyncedBook()
    ours.snapshot(0, levels(snapshot[0]), levels(snapshot[1]))
    theirs = OrderBook({"bids": levels(snapshot[0]), "asks": levels(snapshot[1])})
    for nonce, (bids, asks) in enumerate(deltas, start=1):
        assert ours.delta(nonce, nonce, levels(bids), levels(asks), nonce) is APPLIED
        for level in levels(bids):
            theirs["bids"].storeArray(level)
        for level in levels(asks):
            theirs["asks"].storeArray(level)
    view = ours.view()
    for side in ("bids", "asks"):
        assert view[side] == list(theirs[side]) and view[side]._index == theirs[side]._index


# ---------------------------------------------------------------- streams with losses

# A stream: level changes numbered 1, 2, 3, ... (side, price, amount), cut into frames of
# consecutive ids; a frame carries the last amount of each level it touches.
CHANGE = st.tuples(st.booleans(), st.integers(1, 8).map(float), st.sampled_from([0.0, 1.0, 2.0, 3.0]))


@st.composite
def streams(draw, max_changes=60):
    changes = draw(st.lists(CHANGE, min_size=2, max_size=max_changes))
    cuts = sorted(draw(st.sets(st.integers(1, len(changes) - 1), max_size=len(changes))) if len(changes) > 1 else [])
    bounds = [0, *cuts, len(changes)]
    frames = [(start + 1, end) for start, end in zip(bounds, bounds[1:])]  # ids first..last, 1-based
    return changes, frames


def frame_levels(changes, first, last):
    """The frame's levels: the last amount of each (side, price) among the updates first..last."""
    final = {}
    for bid, price, amount in changes[first - 1 : last]:
        final[(bid, price)] = amount
    bids = [[price, amount] for (bid, price), amount in final.items() if bid]
    asks = [[price, amount] for (bid, price), amount in final.items() if not bid]
    return bids, asks


def reference(changes, nonce):
    """The book after updates 1..nonce, as two dicts price -> amount."""
    bids, asks = {}, {}
    for bid, price, amount in changes[:nonce]:
        side = bids if bid else asks
        if amount:
            side[price] = amount
        else:
            side.pop(price, None)
    return bids, asks


def snapshot_at(changes, nonce):
    bids, asks = reference(changes, nonce)
    return (
        nonce,
        [[price, amount] for price, amount in bids.items()],
        [[price, amount] for price, amount in asks.items()],
    )


def assert_equals_reference(book, changes):
    if not book.synced:
        return
    bids, asks = reference(changes, book.nonce)
    view = book.view()
    assert view["bids"] == [[price, bids[price]] for price in sorted(bids, reverse=True)]
    assert view["asks"] == [[price, asks[price]] for price in sorted(asks)]
    assert view["nonce"] == book.nonce


class Feed:
    """Feeds a book frames and snapshots of a stream, checking the rule from outside after each:
    what was applied continued the book (or spanned the snapshot's nonce, first after it), a loss on
    a synced book is a gap, a repeat is stale, and a synced book equals the reference."""

    def __init__(self, changes, max_buffered=1000, texts=False):
        self.changes = changes
        self.book = SyncedBook(max_buffered=max_buffered)
        self.snapshot_nonce = None
        self.gap_results = 0
        self.texts = texts  # frames as a stream sends them: delta_texts() with decimal texts

    def deliver(self, frame):
        book = self.book
        first, last = frame
        was_synced, nonce = book.synced, book.nonce
        levels = frame_levels(self.changes, first, last)
        if self.texts:
            result = book.delta_texts(
                first, last, *([[repr(price), repr(amount)] for price, amount in side] for side in levels), last
            )
        else:
            result = book.delta(first, last, *levels, last)
        if not was_synced:
            assert result in (BUFFERED, BUFFER_FULL)
        elif last <= nonce:
            assert result is STALE
        elif first == nonce + 1 or (first <= nonce and nonce == self.snapshot_nonce):
            assert result is APPLIED and book.nonce == last
        else:
            assert result is GAP and not book.synced
        return self.checked(result)

    def snapshot(self, nonce):
        result = self.book.snapshot(*snapshot_at(self.changes, nonce))
        if result is not TOO_OLD:
            self.snapshot_nonce = nonce
        return self.checked(result)

    def checked(self, result):
        self.gap_results += result is GAP
        assert_equals_reference(self.book, self.changes)
        return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stream=streams(), data=st.data())
def test_whenever_the_book_says_it_is_synced_it_equals_the_reference(stream, data):
    """Random losses, snapshots at random points (behind the stream, or ahead of what was delivered),
    reconnects, a small buffer: the book is never wrong while it says it is in sync."""
    changes, frames = stream
    feed = Feed(changes, max_buffered=data.draw(st.integers(1, 8)), texts=data.draw(st.booleans()))
    for frame in frames:
        if not feed.book.synced and data.draw(st.integers(0, 2)) == 0:
            # the REST book is at some update near the stream: behind it, or ahead of what arrived
            feed.snapshot(data.draw(st.integers(max(0, frame[0] - 12), min(len(changes), frame[1] + 4))))
        elif feed.book.synced and data.draw(st.integers(0, 19)) == 0:
            feed.book.invalidate()  # a reconnect
        if data.draw(st.integers(0, 7)) == 0:
            continue  # withheld
        feed.deliver(frame)
    assert feed.book.gaps == feed.gap_results


@settings(max_examples=150, deadline=None)
@given(stream=streams(), data=st.data())
def test_every_loss_is_detected_and_resynced_once(stream, data):
    """A caller that takes a snapshot when told: each run of withheld frames followed by a delivered
    one is one gap and one resync (plus a retry when the snapshot predates the loss); the book ends
    equal to the reference."""
    changes, frames = stream
    withheld = [index > 0 and data.draw(st.booleans()) for index in range(len(frames))]
    feed = Feed(changes, texts=data.draw(st.booleans()))
    assert feed.snapshot(0) is SYNCED
    losses = 0
    for index, frame in enumerate(frames):
        if withheld[index]:
            continue
        losses += withheld[index - 1] if index else 0
        if feed.deliver(frame) is GAP:
            last_delivered = max(position for position in range(index) if not withheld[position])
            lost_from = frames[last_delivered + 1][0]
            nonce = data.draw(st.integers(lost_from - 1, frame[1]))  # a lagging REST book may predate the loss
            while feed.snapshot(nonce) is TOO_OLD:
                nonce = data.draw(st.integers(frame[0] - 1, frame[1]))
    book = feed.book
    assert book.gaps == losses and book.snapshots == 1 + losses and book.synced
    assert book.nonce == frames[-1][1] or withheld[-1]
