"""Where an order is kept while it lives, and its end: the account's open orders and client
ids, the book, the funds it locks and the account's open perp notional stay consistent."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..decimals import ZERO, now_us
from ..models import Order
from .events import EventOutbox
from .journal import Recorder
from .state import MarketState

FINISH_EVENTS = {"Cancelled": "orderCancelled", "Expired": "orderExpired", "TriggerFailed": "triggerFailed"}


@dataclass(eq=False)
class OrderLedger:
    events: EventOutbox
    recorder: Recorder
    _finished_tp_sl_parents: list[Order] = field(default_factory=list, init=False)

    def register(self, order: Order) -> None:
        _track(order)
        if not order.account.internal:
            order.account.orders.append(order)
        self.recorder.order_changed(order)

    def rest(self, market: MarketState, order: Order) -> None:
        market.book.side(order.is_bid).add(order)
        self.events.book_changed(market, order.is_bid, order.price)
        if market.spec.is_contract and not order.reduce_only:
            self.adjust_open_notional(order, order.remaining * order.price)
        self.recorder.order_changed(order)

    def restore(self, market: MarketState, order: Order) -> None:
        """Put an open order loaded from the state file back into its book (or trigger list)."""
        _track(order)
        if order.status == "TriggerPending":
            market.triggers[order.id] = order
            return
        market.book.side(order.is_bid).add(order)
        market.book.update_id += 1
        if market.spec.is_contract and not order.reduce_only:
            self.adjust_open_notional(order, order.remaining * order.price)

    def adjust_open_notional(self, order: Order, delta: Decimal) -> None:
        notional = order.account.open_perp_notional
        notional[order.symbol] = notional.get(order.symbol, ZERO) + delta

    def finish(
        self, market: MarketState, order: Order, status: str, reason: str | None = None, accepted: bool = False
    ) -> None:
        """Move an order to a terminal status, unlock what it held and tell subscribers."""
        if accepted:
            self.events.order_update(order, "orderAccepted", now_us())
        self._take_off_book(market, order)
        order.status = status
        order.expiry_reason = reason
        self._unlock(order)
        _untrack(market, order)
        event = FINISH_EVENTS.get(status)
        if event:
            self.events.order_update(order, event, now_us())
        if order.has_attached_tp_sl and order.executed_quantity and not order.children_created:
            self._finished_tp_sl_parents.append(order)
        self.recorder.order_changed(order)

    def fit_reduce_only_orders(self, market: MarketState, account) -> None:
        """After the account's position changed: a resting reduce-only order larger than the
        position is decreased to it (``orderModified``, as Backpack does to prevent a position
        reversal); one the position no longer lets reduce anything expires."""
        if account.internal:
            return
        symbol = market.spec.symbol
        resting = [
            o for o in account.open_orders.values() if o.symbol == symbol and o.reduce_only and _is_resting(market, o)
        ]
        for order in resting:
            capacity = reduce_capacity(market, order)
            if capacity <= 0:
                self.finish(market, order, "Expired", "ReduceOnlyNotReduced")
            elif order.remaining > capacity:
                self._decrease(market, order, order.remaining - capacity)

    def _decrease(self, market: MarketState, order: Order, cut: Decimal) -> None:
        market.book.side(order.is_bid).reduce(order, cut)
        order.quantity -= cut
        self.events.book_changed(market, order.is_bid, order.price)
        self.events.order_update(order, "orderModified", now_us())
        self.recorder.order_changed(order)

    def cancel_internal(self, market: MarketState, order: Order) -> None:
        """Cancel an internal account's resting limit order (it locks nothing and nobody
        listens to its updates): finish without the parts that cannot apply."""
        self._take_off_book(market, order)
        order.status = "Cancelled"
        order.account.open_orders.pop(order.id, None)

    def take_finished_tp_sl_parents(self) -> list[Order]:
        """Finished orders with some execution whose attached TP/SL orders are still to be created."""
        parents, self._finished_tp_sl_parents = self._finished_tp_sl_parents, []
        return parents

    def _take_off_book(self, market: MarketState, order: Order) -> None:
        if not _is_resting(market, order):
            return
        if market.spec.is_contract and not order.reduce_only:
            self.adjust_open_notional(order, -order.remaining * order.price)
        market.book.side(order.is_bid).remove(order)
        self.events.book_changed(market, order.is_bid, order.price)

    def _unlock(self, order: Order) -> None:
        if not order.locked:
            return
        balance = order.account.balance(order.locked_asset)
        balance.locked -= order.locked
        balance.available += order.locked
        order.locked = ZERO
        self.recorder.account_changed(order.account)


def reduce_capacity(market: MarketState, order: Order) -> Decimal:
    """How much of a reduce-only order may still execute without flipping the position."""
    position = order.account.positions.get(market.spec.symbol)
    if position is None or not position.net_quantity:
        return ZERO
    if (position.net_quantity > 0) == order.is_bid:
        return ZERO
    return abs(position.net_quantity)


def _track(order: Order) -> None:
    account = order.account
    account.open_orders[order.id] = order
    if order.client_id is not None:
        account.client_ids[order.client_id] = order


def _untrack(market: MarketState, order: Order) -> None:
    account = order.account
    account.open_orders.pop(order.id, None)
    if order.client_id is not None and account.client_ids.get(order.client_id) is order:
        del account.client_ids[order.client_id]
    market.triggers.pop(order.id, None)


def _is_resting(market: MarketState, order: Order) -> bool:
    if order.price is None:
        return False
    level = market.book.side(order.is_bid).levels.get(order.price)
    return level is not None and order.id in level.orders
