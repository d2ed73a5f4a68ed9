"""Running an accepted order against the book: pre-trade expiries (reduce-only, post-only,
fill-or-kill), price-time matching with self-trade prevention and the market-order impact
band, each fill, and what becomes of the rest (rest in the book or expire)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ZERO, now_ms, now_us
from ..market_data import Trade
from ..models import Order
from .events import EventOutbox
from .journal import Recorder
from .ledger import OrderLedger, reduce_capacity
from .settlement import Settlement
from .state import MarketState, floor_to_step


@dataclass(eq=False)
class Matcher:
    ledger: OrderLedger
    settlement: Settlement
    events: EventOutbox
    recorder: Recorder

    def execute(self, market: MarketState, order: Order) -> None:
        """Run an accepted order: pre-trade expiries, matching, then rest or finish."""
        finish = self.ledger.finish
        if order.reduce_only and reduce_capacity(market, order) <= 0:
            finish(market, order, "Expired", "ReduceOnlyNotReduced", accepted=True)
            return
        if order.post_only and would_cross(market, order.is_bid, order.price):
            finish(market, order, "Expired", "PostOnlyTaker", accepted=True)
            return
        if order.time_in_force == "FOK" and not _fully_fillable(market, order):
            finish(market, order, "Expired", "FillOrKill", accepted=True)
            return
        self.events.order_update(order, "orderAccepted", now_us())
        stop_reason, exhausted_by_quote = self._match(market, order)
        self._after_match(market, order, stop_reason, exhausted_by_quote)

    def _after_match(self, market, order: Order, stop_reason, exhausted_by_quote) -> None:
        finish = self.ledger.finish
        if order.order_type == "Market":
            if order.quote_quantity is not None and order.quantity is None:
                done = exhausted_by_quote and order.executed_quantity > 0
            else:
                done = order.remaining <= 0
            if done:
                finish(market, order, "Filled")
            else:
                finish(market, order, "Expired", stop_reason or "InsufficientLiquidity")
        elif order.remaining <= 0:
            finish(market, order, "Filled")
        elif stop_reason == "SelfTradePrevention":
            finish(market, order, "Expired", stop_reason)
        elif order.time_in_force in ("IOC", "FOK"):
            finish(market, order, "Expired", "ImmediateOrCancel" if order.time_in_force == "IOC" else "FillOrKill")
        elif order.reduce_only and reduce_capacity(market, order) <= 0:
            finish(market, order, "Expired", "ReduceOnlyNotReduced")
        else:
            self.ledger.rest(market, order)

    def _match(self, market: MarketState, taker: Order) -> tuple[str | None, bool]:
        """Take liquidity until the taker is done or stopped; returns (stop reason, whether a
        quote-quantity taker ran out of quote)."""
        spec = market.spec
        opposite = market.book.side(not taker.is_bid)
        limit = taker.price if taker.order_type == "Limit" else None
        bound = _impact_bound(market, taker) if limit is None and not taker.account.internal else None
        by_quote = taker.quantity is None
        while True:
            level = opposite.best()
            if level is None:
                return "InsufficientLiquidity", False
            price = level.price
            if limit is not None and (price > limit if taker.is_bid else price < limit):
                return None, False
            if bound is not None and (price > bound if taker.is_bid else price < bound):
                return "PriceImpact", False
            quantity = _taker_quantity(market, taker, price, by_quote)
            if quantity <= 0:
                return (None, True) if by_quote else (_why_taker_stopped(taker), False)
            maker = next(iter(level.orders.values()))
            if maker.account is taker.account:
                if taker.stp in ("RejectMaker", "RejectBoth"):
                    self.ledger.finish(market, maker, "Expired", "SelfTradePrevention")
                if taker.stp in ("RejectTaker", "RejectBoth"):
                    return "SelfTradePrevention", False
                continue
            quantity = min(quantity, maker.remaining)
            if maker.reduce_only:
                capacity = reduce_capacity(market, maker)
                if capacity <= 0:
                    self.ledger.finish(market, maker, "Expired", "ReduceOnlyNotReduced")
                    continue
                quantity = min(quantity, capacity)
            self._fill(market, taker, maker, price, quantity)
            if by_quote and _taker_quantity(market, taker, price, by_quote) < spec.step_size:
                return None, True
            if not by_quote and taker.remaining <= 0:
                return None, False

    def _fill(self, market: MarketState, taker: Order, maker: Order, price: Decimal, quantity: Decimal) -> None:
        quote = price * quantity
        book_side = market.book.side(maker.is_bid)
        book_side.reduce(maker, quantity)
        if market.spec.is_contract and not maker.reduce_only:
            self.ledger.adjust_open_notional(maker, -quantity * maker.price)
        for order in (maker, taker):
            order.executed_quantity += quantity
            order.executed_quote_quantity += quote
        if maker.remaining <= 0:
            book_side.remove(maker)
        self.events.book_changed(market, maker.is_bid, price)
        trade = self._record_trade(market, taker, maker, price, quantity)
        engine_us = now_us()
        for order, is_maker in ((maker, True), (taker, False)):
            fee, fee_symbol = self.settlement.settle_fill(market, order, price, quantity, is_maker)
            order.status = _status_after_fill(market, order, order is taker, price)
            fill = self.settlement.record_fill(order, trade, fee, fee_symbol, is_maker)
            self.events.order_update(order, "orderFill", engine_us, fill)
            self.recorder.order_changed(order)
        self.events.trade(market, trade, engine_us)
        if maker.remaining <= 0:
            self.ledger.finish(market, maker, "Filled")
        if market.spec.is_contract:
            for account in dict.fromkeys((maker.account, taker.account)):
                self.ledger.fit_reduce_only_orders(market, account)

    def _record_trade(self, market: MarketState, taker: Order, maker: Order, price, quantity) -> Trade:
        data = market.data
        trade = Trade(
            data.next_trade_id,
            now_ms(),
            price,
            quantity,
            maker.is_bid,
            (maker if maker.is_bid else taker).id,
            (taker if maker.is_bid else maker).id,
        )
        data.add_trade(trade)
        self.recorder.trade_added(market.spec.symbol, trade)
        return trade


def _status_after_fill(market: MarketState, order: Order, is_taker: bool, price: Decimal) -> str:
    if order.remaining <= 0 and order.quantity is not None:
        return "Filled"
    if is_taker and order.quantity is None and _taker_quantity(market, order, price, True) < market.spec.step_size:
        return "Filled"  # a quote-quantity taker that cannot buy one more step
    return "PartiallyFilled"


def would_cross(market: MarketState, is_bid: bool, price: Decimal) -> bool:
    """Whether a limit order at ``price`` would take liquidity."""
    best = market.book.side(not is_bid).best()
    return best is not None and (best.price <= price if is_bid else best.price >= price)


def _fully_fillable(market: MarketState, order: Order) -> bool:
    needed = order.remaining if order.quantity is not None else None
    quote_needed = order.quote_quantity
    for level in market.book.side(not order.is_bid).iter_best():
        if order.price is not None and (level.price > order.price if order.is_bid else level.price < order.price):
            break
        available = sum((o.remaining for o in level.orders.values() if o.account is not order.account), ZERO)
        if needed is not None:
            needed -= available
            if needed <= 0:
                return True
        else:
            quote_needed -= available * level.price
            if quote_needed <= 0:
                return True
    return False


def _impact_bound(market: MarketState, order: Order) -> Decimal | None:
    best = market.book.side(not order.is_bid).best()
    if best is None:
        return None
    spec = market.spec
    return best.price * (spec.max_impact_multiplier if order.is_bid else spec.min_impact_multiplier)


def _taker_quantity(market: MarketState, taker: Order, price: Decimal, by_quote: bool) -> Decimal:
    """How much the taker may take at ``price``: its rest (or what its quote buys), capped by
    its reduce-only capacity and, for a spot market order, by the balance it pays with."""
    spec = market.spec
    if by_quote:
        quantity = floor_to_step((taker.quote_quantity - taker.executed_quote_quantity) / price, spec.step_size)
    else:
        quantity = taker.remaining
    if taker.reduce_only:
        quantity = min(quantity, reduce_capacity(market, taker))
    account = taker.account
    if not account.internal and not spec.is_contract and taker.order_type == "Market":
        if taker.is_bid:
            affordable = account.balance(spec.quote).available / price
            quantity = min(quantity, floor_to_step(affordable, spec.step_size))
        else:
            quantity = min(quantity, account.balance(spec.base).available)
    return quantity


def _why_taker_stopped(taker: Order) -> str:
    return "ReduceOnlyNotReduced" if taker.reduce_only else "InsufficientFunds"
