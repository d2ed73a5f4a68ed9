"""Order entry: checking a payload against its market and creating the order; placing it
(as a trigger order, or reserved and executed); the market maker's shortcuts for its own
resting orders; finding, listing and cancelling open orders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ZERO, now_ms
from ..errors import ApiError, bad_request, not_found
from ..markets import validate_price, validate_quantity
from ..models import Account, Order
from ..order_input import OrderRequest, parse_order_request, parse_trigger_quantity
from .events import EventOutbox
from .ledger import OrderLedger
from .margin import Margin
from .matching import Matcher, would_cross
from .state import IdCounters, MarketState, find_market
from .triggers import Triggers


@dataclass(eq=False)
class OrderEntry:
    markets: dict[str, MarketState]
    ids: IdCounters
    ledger: OrderLedger
    margin: Margin
    triggers: Triggers
    matcher: Matcher
    events: EventOutbox

    # ------------------------------------------------------------- new orders
    def new_order(self, account: Account, payload, trusted: bool) -> tuple[MarketState, Order]:
        """Parse and check one OrderExecutePayload; raises ApiError on rejection. ``trusted``
        (the market maker) skips the price band around the index price."""
        request = parse_order_request(payload)
        market = find_market(self.markets, request.symbol)
        _validate_against_market(market, request, trusted)
        if request.client_id is not None and request.client_id in account.client_ids:
            raise ApiError("INVALID_ORDER", f"Order with client ID already exists: {request.client_id}")
        return market, self._order_from_request(account, market, request)

    def submit(self, market: MarketState, order: Order) -> None:
        """Place a new order; raises ApiError (having recorded nothing) when funds or margin lack."""
        if order.trigger_price is not None:
            self.triggers.place(market, order)
            return
        self.margin.reserve(market, order)
        self.ledger.register(order)
        self.matcher.execute(market, order)

    def _order_from_request(self, account: Account, market: MarketState, request: OrderRequest) -> Order:
        order = Order(self.ids.next("order"), account, market.spec.symbol, request.side, request.order_type)
        order.price = request.price
        order.quantity = request.quantity
        order.quote_quantity = request.quote_quantity
        order.time_in_force = request.time_in_force
        order.post_only = request.post_only
        order.reduce_only = request.reduce_only
        order.stp = request.stp
        order.client_id = request.client_id
        order.created_at = now_ms()
        order.trigger_price = request.trigger_price
        order.trigger_quantity = request.trigger_quantity
        order.trigger_by = request.trigger_by
        order.tp_trigger_price, order.tp_limit_price = request.tp_trigger_price, request.tp_limit_price
        order.tp_trigger_by = request.tp_trigger_by
        order.sl_trigger_price, order.sl_limit_price = request.sl_trigger_price, request.sl_limit_price
        order.sl_trigger_by = request.sl_trigger_by
        order.slippage_tolerance = request.slippage_tolerance
        order.slippage_tolerance_type = request.slippage_tolerance_type
        return order

    # ------------------------------------------------- market maker shortcuts
    def rest_internal(self, account: Account, market: MarketState, is_bid: bool, price: Decimal, quantity: Decimal):
        """Rest a GTC limit order of an internal account (the market maker's deep ladder) without
        parsing a payload: it must not cross the book, else None is returned and nothing happens."""
        if would_cross(market, is_bid, price):
            return None
        order = Order(self.ids.next("order"), account, market.spec.symbol, "Bid" if is_bid else "Ask", "Limit")
        order.price = price
        order.quantity = quantity
        order.created_at = now_ms()
        self.ledger.register(order)
        self.ledger.rest(market, order)
        return order

    def rest_internal_many(self, account: Account, market: MarketState, is_bid: bool, entries) -> list[Order] | None:
        """rest_internal for many (price, quantity) levels of one side at once, innermost first;
        None (and nothing placed) when the innermost would cross the book."""
        if not entries:
            return []
        if would_cross(market, is_bid, entries[0][0]):
            return None
        symbol, side_name, created = market.spec.symbol, "Bid" if is_bid else "Ask", now_ms()
        orders = []
        for order_id, (price, quantity) in zip(self.ids.take("order", len(entries)), entries):
            order = Order(order_id, account, symbol, side_name, "Limit")
            order.price, order.quantity, order.created_at = price, quantity, created
            orders.append(order)
        account.open_orders.update([(order.id, order) for order in orders])
        market.book.side(is_bid).add_many(orders)
        self.events.levels_changed(market, is_bid, [price for price, _ in entries])
        if market.spec.is_contract:
            self.ledger.adjust_open_notional(orders[0], sum((p * q for p, q in entries), ZERO))
        return orders

    # ------------------------------------------------------------ open orders
    def find_open_order(self, account: Account, symbol: str, order_id=None, client_id=None) -> Order:
        find_market(self.markets, symbol)
        if order_id is None and client_id is None:
            raise bad_request("Must specify either `clientId` or `orderId`")
        if order_id is not None and client_id is not None:
            raise bad_request("Must specify either `clientId` or `orderId`, not both")
        if order_id is not None:
            try:
                order = account.open_orders.get(int(str(order_id)))
            except ValueError:
                order = None
        else:
            order = account.client_ids.get(client_id)
        if order is None or order.symbol != symbol:
            raise not_found("Order not found")
        return order

    def cancel_all(self, account: Account, market: MarketState, order_type: str | None) -> list[Order]:
        """Cancel the account's open orders on a market: all, or only RestingLimitOrder or ConditionalOrder ones."""
        cancelled = []
        for order in sorted(account.open_orders.values(), key=lambda o: o.id):
            if order.symbol != market.spec.symbol:
                continue
            is_conditional = order.status == "TriggerPending"
            if order_type == "RestingLimitOrder" and is_conditional:
                continue
            if order_type == "ConditionalOrder" and not is_conditional:
                continue
            self.ledger.finish(market, order, "Cancelled")
            cancelled.append(order)
        return cancelled

    def open_orders(self, account: Account, symbol: str | None, market_type: str | None) -> list[Order]:
        if symbol:
            find_market(self.markets, symbol)
        orders = []
        for order in account.open_orders.values():
            if symbol and order.symbol != symbol:
                continue
            if market_type and self.markets[order.symbol].spec.market_type != market_type:
                continue
            orders.append(order)
        orders.sort(key=lambda o: o.id)
        return orders


def _validate_against_market(market: MarketState, request: OrderRequest, trusted: bool) -> None:
    spec = market.spec
    reference = None if trusted else market.index_price
    if request.price is not None:
        validate_price(spec, request.price, reference)
    if request.quantity is not None:
        validate_quantity(spec, request.quantity)
    for label, price in (
        ("Trigger price", request.trigger_price),
        ("Take profit trigger price", request.tp_trigger_price),
        ("Take profit limit price", request.tp_limit_price),
        ("Stop loss trigger price", request.sl_trigger_price),
        ("Stop loss limit price", request.sl_limit_price),
    ):
        if price is not None:
            validate_price(spec, price, None, label)
    if request.trigger_quantity is not None and not request.trigger_quantity.endswith("%"):
        validate_quantity(spec, parse_trigger_quantity(request.trigger_quantity)[0], "Trigger quantity")
    if request.reduce_only and not spec.is_contract:
        raise ApiError("INVALID_ORDER", "Reduce only orders are only supported on futures markets")
    if request.trigger_quantity and request.trigger_quantity.endswith("%") and not spec.is_contract:
        raise ApiError("INVALID_ORDER", "Percentage trigger quantities require a futures position")
