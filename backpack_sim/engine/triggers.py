"""Trigger orders and attached take-profit / stop-loss orders.

A trigger order waits (locking nothing) until its price crosses the trigger price, in the
direction fixed at placement; then it is checked and executed like a new order, or becomes
TriggerFailed. TP/SL orders are created once their parent is done with some execution, as
trigger orders that cancel each other."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ZERO, now_ms, now_us
from ..errors import ApiError
from ..markets import validate_quantity
from ..models import Order
from ..order_input import parse_trigger_quantity
from .events import EventOutbox
from .journal import Recorder
from .ledger import OrderLedger
from .margin import Margin
from .matching import Matcher
from .state import IdCounters, MarketState, floor_to_step

MAX_TRIGGER_ROUNDS = 20  # fired orders trade, which can fire further triggers


@dataclass(eq=False)
class Triggers:
    markets: dict[str, MarketState]
    ids: IdCounters
    ledger: OrderLedger
    margin: Margin
    matcher: Matcher
    events: EventOutbox
    recorder: Recorder

    def place(self, market: MarketState, order: Order) -> None:
        order.status = "TriggerPending"
        order.trigger_by = order.trigger_by or "MarkPrice"
        order.trigger_above = order.trigger_price >= market.price_for(order.trigger_by)
        order.quantity = ZERO if order.order_type == "Limit" else None
        self.ledger.register(order)
        market.triggers[order.id] = order
        self.events.order_update(order, "triggerPlaced", now_us())

    def fire_reached(self) -> None:
        """Activate every pending trigger order whose price has been reached."""
        for _ in range(MAX_TRIGGER_ROUNDS):
            fired = [
                (market, order)
                for market in self.markets.values()
                for order in market.triggers.values()
                if _trigger_reached(market, order)
            ]
            if not fired:
                return
            for market, order in fired:
                if order.status == "TriggerPending":
                    self._activate(market, order)

    def create_attached_orders(self) -> None:
        """Place the TP/SL orders of the parents that finished since the last call."""
        for parent in self.ledger.take_finished_tp_sl_parents():
            if parent.children_created or not parent.executed_quantity:
                continue
            parent.children_created = True
            market = self.markets[parent.symbol]
            for trigger, limit, trigger_by in (
                (parent.tp_trigger_price, parent.tp_limit_price, parent.tp_trigger_by),
                (parent.sl_trigger_price, parent.sl_limit_price, parent.sl_trigger_by),
            ):
                if trigger is not None:
                    self._place_child(market, parent, trigger, limit, trigger_by)

    def _activate(self, market: MarketState, order: Order) -> None:
        market.triggers.pop(order.id, None)
        order.triggered_at = now_ms()
        self._cancel_siblings(order)
        try:
            order.quantity = _resolve_quantity(market, order)
            validate_quantity(market.spec, order.quantity)
            order.status = "New"
            self.margin.reserve(market, order)
        except ApiError:
            self.ledger.finish(market, order, "TriggerFailed")
            return
        self.recorder.order_changed(order)
        self.matcher.execute(market, order)

    def _cancel_siblings(self, order: Order) -> None:
        """Attached take-profit / stop-loss orders are one-cancels-the-other."""
        if order.related_order_id is None:
            return
        for other in list(order.account.open_orders.values()):
            if (
                other is not order
                and other.related_order_id == order.related_order_id
                and other.status == "TriggerPending"
            ):
                self.ledger.finish(self.markets[other.symbol], other, "Cancelled")

    def _place_child(self, market: MarketState, parent: Order, trigger, limit, trigger_by) -> None:
        child = Order(
            self.ids.next("order"),
            parent.account,
            parent.symbol,
            "Ask" if parent.is_bid else "Bid",
            "Limit" if limit is not None else "Market",
        )
        child.price = limit
        child.created_at = now_ms()
        child.trigger_price = trigger
        child.trigger_by = trigger_by
        child.trigger_quantity = format(parent.executed_quantity.normalize(), "f")
        child.reduce_only = True if market.spec.is_contract else None
        child.related_order_id = parent.id
        self.place(market, child)


def _trigger_reached(market: MarketState, order: Order) -> bool:
    price = market.price_for(order.trigger_by)
    return price >= order.trigger_price if order.trigger_above else price <= order.trigger_price


def _resolve_quantity(market: MarketState, order: Order) -> Decimal:
    """The trigger quantity as a quantity: a percentage is of the current position."""
    amount, is_percent = parse_trigger_quantity(order.trigger_quantity)
    if not is_percent:
        return amount
    position = order.account.positions.get(market.spec.symbol)
    size = abs(position.net_quantity) if position else ZERO
    return floor_to_step(size * amount / 100, market.spec.step_size)
