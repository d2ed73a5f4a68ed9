"""The exchange core: accounts, order books, matching, balances, positions and triggers.

Everything runs on one event loop thread, so the engine needs no locks. Each public
method is one "operation"; at its end pending trigger orders are evaluated and the
collected depth/top-of-book changes are handed to the event sink (the WebSocket hub)."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from .book import OrderBook
from .decimals import ONE, ROUND_DOWN, ROUND_UP, ZERO, now_ms, now_us
from .errors import ApiError, bad_request, not_found
from .market_data import MarketData, Trade
from .markets import ASSETS, MarketSpec, validate_price, validate_quantity
from .models import Account, Order, Position
from .order_input import OrderRequest, parse_order_request, parse_trigger_quantity

SPOT_MAKER_FEE = Decimal("0.0008")
SPOT_TAKER_FEE = Decimal("0.001")
PERP_MAKER_FEE = Decimal("0.0002")
PERP_TAKER_FEE = Decimal("0.0005")
USDC = "USDC"


class NullSink:
    """Event sink that ignores everything (used when no WebSocket hub is attached)."""

    def wants(self, stream: str) -> bool:
        return False

    def wants_account(self, account: Account, topic: str, symbol: str) -> bool:
        return False

    def depth(self, market, first_id, last_id, bids, asks, engine_us):
        pass

    def book_ticker(self, market, engine_us):
        pass

    def trade(self, market, trade, engine_us):
        pass

    def order_update(self, order, event, engine_us, fill=None):
        pass

    def position_update(self, account, market, position, event, engine_us):
        pass


class Journal:
    """What changed since the last flush to SQLite."""

    def __init__(self):
        self.orders: dict[int, Order] = {}
        self.accounts: set[str] = set()
        self.positions: dict[tuple[str, str], Position] = {}
        self.rows: list[tuple[str, str, dict]] = []  # (table, api_key, row)
        self.trades: list[tuple[str, Trade]] = []
        self.funding_rates: list[tuple[str, int, str]] = []

    def clear(self) -> None:
        self.__init__()


class MarketState:
    def __init__(self, spec: MarketSpec):
        self.spec = spec
        self.book = OrderBook(spec.symbol)
        self.data = MarketData()
        self.index_price = spec.initial_price
        self.mark_price = spec.initial_price
        self.funding_rate = Decimal("0.0000125")
        self.next_funding_ms = 0
        self.funding_history: list[tuple[int, Decimal]] = []
        self.triggers: dict[int, Order] = {}
        self.open_interest = ZERO
        self.last_top: tuple | None = None

    @property
    def last_price(self) -> Decimal:
        return self.data.trades[-1].price if self.data.trades else self.index_price

    def price_for(self, trigger_by: str | None) -> Decimal:
        if trigger_by == "LastPrice":
            return self.last_price
        if trigger_by == "IndexPrice":
            return self.index_price
        return self.mark_price

    def round_price(self, price: Decimal) -> Decimal:
        return price.quantize(self.spec.tick_size, rounding=ROUND_DOWN)


class _PendingDepth:
    __slots__ = ("first", "last", "bids", "asks")

    def __init__(self, first: int):
        self.first = self.last = first
        self.bids: set = set()
        self.asks: set = set()


def _round_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(ONE.scaleb(-decimals), rounding=ROUND_UP)


def floor_to_step(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_DOWN) * step


class Engine:
    def __init__(self, specs: list[MarketSpec], sink=None, seed: int = 1):
        self.markets: dict[str, MarketState] = {s.symbol: MarketState(s) for s in specs}
        self.accounts: dict[str, Account] = {}
        self.sink = sink or NullSink()
        self.journal: Journal | None = None
        self.counters = {
            "order": 1_000_000_000,
            "position": 5_000_000_000,
            "deposit": 6_000_000,
            "withdrawal": 5_400_000,
            "user": 1_800_000,
            "rfq": 113_000_000_000,
            "quote": 4_000_000,
        }
        self.faults = None  # Faults settings; its ws_gap_rate makes depth sequence gaps
        self._gap_rng = random.Random(seed * 7919 + 1)
        self._pending: dict[str, _PendingDepth] = {}
        self._tp_sl_parents: list[Order] = []
        self._depth = 0

    # ----------------------------------------------------------------- helpers
    def next_id(self, kind: str) -> int:
        self.counters[kind] += 1
        if self.journal is not None:
            self.journal.accounts.add("__counters__")
        return self.counters[kind]

    def market(self, symbol: str | None) -> MarketState:
        market = self.markets.get(symbol) if isinstance(symbol, str) else None
        if market is None:
            raise ApiError("INVALID_SYMBOL", f"Invalid market symbol: {symbol}")
        return market

    def account(self, api_key: str) -> Account:
        return self.accounts[api_key]

    def add_account(
        self, api_key: str, secret: str | None, balances: dict | None = None, internal: bool = False
    ) -> Account:
        account = self.accounts.get(api_key)
        if account is None:
            account = Account(api_key, secret, self.next_id("user"), internal)
            self.accounts[api_key] = account
            for asset, quantity in (balances or {}).items():
                account.balance(asset).available += Decimal(str(quantity))
            self._dirty_account(account)
        return account

    def _dirty_account(self, account: Account) -> None:
        if self.journal is not None and not account.internal:
            self.journal.accounts.add(account.api_key)

    def _dirty_order(self, order: Order) -> None:
        if self.journal is not None and not order.account.internal:
            self.journal.orders[order.id] = order

    def _record_row(self, table: str, account: Account, row: dict) -> None:
        if self.journal is not None and not account.internal:
            self.journal.rows.append((table, account.api_key, row))

    # -------------------------------------------------------- operation frame
    def _begin(self) -> None:
        self._depth += 1

    def _end(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        self._depth += 1
        try:
            self._run_triggers()
            self._create_attached_orders()
        finally:
            self._depth -= 1
        self._flush_market_events()

    def _touch(self, market: MarketState, is_bid: bool, price: Decimal) -> None:
        book = market.book
        book.update_id += 1
        pending = self._pending.get(market.spec.symbol)
        if pending is None:
            pending = self._pending[market.spec.symbol] = _PendingDepth(book.update_id)
        pending.last = book.update_id
        (pending.bids if is_bid else pending.asks).add(price)

    def _flush_market_events(self) -> None:
        if not self._pending:
            return
        pending_by_symbol, self._pending = self._pending, {}
        engine_us = now_us()
        for symbol, pending in pending_by_symbol.items():
            market = self.markets[symbol]
            book = market.book
            self.sink.depth(
                market,
                pending.first,
                pending.last,
                [(p, book.level_quantity(True, p)) for p in sorted(pending.bids)],
                [(p, book.level_quantity(False, p)) for p in sorted(pending.asks)],
                engine_us,
            )
            gap_rate = self.faults.ws_gap_rate if self.faults is not None else 0.0
            if gap_rate and self._gap_rng.random() < gap_rate:
                book.update_id += self._gap_rng.randint(1, 3)  # ids that are never sent: a sequence gap
            top = self.top_of_book(market)
            if top != market.last_top:
                market.last_top = top
                self.sink.book_ticker(market, engine_us)

    @staticmethod
    def top_of_book(market: MarketState) -> tuple:
        bid = market.book.bids.best()
        ask = market.book.asks.best()
        return (
            bid.price if bid else None,
            bid.quantity if bid else None,
            ask.price if ask else None,
            ask.quantity if ask else None,
        )

    # ------------------------------------------------------------ order entry
    def place_order(self, account: Account, payload, trusted: bool = False) -> Order:
        """Validate and execute one OrderExecutePayload; raises ApiError on rejection."""
        request = parse_order_request(payload)
        market = self.market(request.symbol)
        self._validate_against_market(market, request, trusted)
        if request.client_id is not None and request.client_id in account.client_ids:
            raise ApiError("INVALID_ORDER", f"Order with client ID already exists: {request.client_id}")
        order = self._new_order(account, market, request)
        self._begin()
        try:
            if request.trigger_price is not None:
                self._place_trigger(market, order)
            else:
                self._reserve(market, order)  # raises before anything is recorded
                self._register(order)
                self._execute(market, order)
        finally:
            self._end()
        return order

    def rest_internal(self, account: Account, market: MarketState, is_bid: bool, price: Decimal, quantity: Decimal):
        """Rest a GTC limit order of an internal account (the market maker's deep ladder) without
        parsing a payload: it must not cross the book, else None is returned and nothing happens.
        Call it inside an operation (run_operation)."""
        best = market.book.side(not is_bid).best()
        if best is not None and (best.price <= price if is_bid else best.price >= price):
            return None
        order = Order(self.next_id("order"), account, market.spec.symbol, "Bid" if is_bid else "Ask", "Limit")
        order.price = price
        order.quantity = quantity
        order.created_at = now_ms()
        self._register(order)
        self._rest(market, order)
        return order

    def rest_internal_many(self, account: Account, market: MarketState, is_bid: bool, entries) -> list[Order] | None:
        """rest_internal for many (price, quantity) levels of one side at once, innermost first;
        None (and nothing placed) when the innermost would cross the book."""
        if not entries:
            return []
        best = market.book.side(not is_bid).best()
        inner = entries[0][0]
        if best is not None and (best.price <= inner if is_bid else best.price >= inner):
            return None
        spec = market.spec
        symbol, side_name, book_side = spec.symbol, "Bid" if is_bid else "Ask", market.book.side(is_bid)
        counters, open_orders, created = self.counters, account.open_orders, now_ms()
        orders = []
        for price, quantity in entries:
            counters["order"] += 1
            order = Order(counters["order"], account, symbol, side_name, "Limit")
            order.price, order.quantity, order.created_at = price, quantity, created
            open_orders[order.id] = order
            book_side.add(order)
            self._touch(market, is_bid, price)
            orders.append(order)
        if spec.is_contract:
            self._adjust_open_notional(orders[0], sum((p * q for p, q in entries), ZERO))
        if self.journal is not None:
            self.journal.accounts.add("__counters__")
        return orders

    def cancel_internal(self, market: MarketState, order: Order) -> None:
        """Cancel an internal account's resting limit order (it locks nothing and nobody
        listens to its updates): _finish without the parts that cannot apply."""
        side = market.book.side(order.is_bid)
        if order.id in side.levels.get(order.price, _EMPTY_LEVEL).orders:
            if market.spec.is_contract:
                self._adjust_open_notional(order, -order.remaining * order.price)
            side.remove(order)
            self._touch(market, order.is_bid, order.price)
        order.status = "Cancelled"
        order.account.open_orders.pop(order.id, None)

    def _validate_against_market(self, market: MarketState, request: OrderRequest, trusted: bool) -> None:
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

    def _new_order(self, account: Account, market: MarketState, request: OrderRequest) -> Order:
        order = Order(self.next_id("order"), account, market.spec.symbol, request.side, request.order_type)
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

    def _register(self, order: Order) -> None:
        account = order.account
        account.open_orders[order.id] = order
        if order.client_id is not None:
            account.client_ids[order.client_id] = order
        if not account.internal:
            account.orders.append(order)
        self._dirty_order(order)

    # ---------------------------------------------------------- trigger orders
    def _place_trigger(self, market: MarketState, order: Order) -> None:
        order.status = "TriggerPending"
        order.trigger_by = order.trigger_by or "MarkPrice"
        order.trigger_above = order.trigger_price >= market.price_for(order.trigger_by)
        order.quantity = ZERO if order.order_type == "Limit" else None
        self._register(order)
        market.triggers[order.id] = order
        self.sink.order_update(order, "triggerPlaced", now_us())

    def _run_triggers(self) -> None:
        for _ in range(20):  # triggered orders trade, which can fire further triggers
            fired = [
                (market, order)
                for market in self.markets.values()
                for order in market.triggers.values()
                if self._trigger_reached(market, order)
            ]
            if not fired:
                return
            for market, order in fired:
                if order.status == "TriggerPending":
                    self._activate_trigger(market, order)

    @staticmethod
    def _trigger_reached(market: MarketState, order: Order) -> bool:
        price = market.price_for(order.trigger_by)
        return price >= order.trigger_price if order.trigger_above else price <= order.trigger_price

    def _activate_trigger(self, market: MarketState, order: Order) -> None:
        market.triggers.pop(order.id, None)
        order.triggered_at = now_ms()
        self._cancel_siblings(order)
        try:
            order.quantity = self._resolve_trigger_quantity(market, order)
            validate_quantity(market.spec, order.quantity)
            order.status = "New"
            self._reserve(market, order)
        except ApiError:
            self._finish(market, order, "TriggerFailed")
            return
        self._dirty_order(order)
        self._execute(market, order)

    def _resolve_trigger_quantity(self, market: MarketState, order: Order) -> Decimal:
        amount, is_percent = parse_trigger_quantity(order.trigger_quantity)
        if not is_percent:
            return amount
        position = order.account.positions.get(market.spec.symbol)
        size = abs(position.net_quantity) if position else ZERO
        return floor_to_step(size * amount / 100, market.spec.step_size)

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
                self._finish(self.markets[other.symbol], other, "Cancelled")

    def _create_attached_orders(self) -> None:
        parents, self._tp_sl_parents = self._tp_sl_parents, []
        for parent in parents:
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

    def _place_child(self, market, parent: Order, trigger, limit, trigger_by) -> None:
        child = Order(
            self.next_id("order"),
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
        self._place_trigger(market, child)

    # ------------------------------------------------------------ reservation
    def _reserve(self, market: MarketState, order: Order) -> None:
        """Check funds/margin and lock what a resting order needs. Raises ApiError."""
        account = order.account
        if account.internal:
            return
        if market.spec.is_contract:
            self._check_margin(market, order)
            return
        spec = market.spec
        if order.order_type == "Limit":
            asset, amount = (spec.quote, order.price * order.quantity) if order.is_bid else (spec.base, order.quantity)
            balance = account.balance(asset)
            if balance.available < amount:
                raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")
            balance.available -= amount
            balance.locked += amount
            order.locked, order.locked_asset = amount, asset
            self._dirty_account(account)
            return
        needed_asset, needed = self._market_order_cost(market, order)
        if account.balance(needed_asset).available < needed:
            raise ApiError("INSUFFICIENT_FUNDS", "Insufficient funds")

    def _market_order_cost(self, market: MarketState, order: Order) -> tuple[str, Decimal]:
        """What a spot market order will consume, walking the opposite side of the book
        (only the part the book can fill; the rest expires for lack of liquidity)."""
        spec = market.spec
        if order.is_bid and order.quote_quantity is not None:
            return spec.quote, order.quote_quantity
        if not order.is_bid and order.quantity is not None:
            return spec.base, order.quantity
        levels = market.book.side(not order.is_bid).iter_best()
        if order.is_bid:  # buying a base quantity: sum the quote it costs
            left, cost = order.quantity, ZERO
            for level in levels:
                take = min(left, level.quantity)
                cost += take * level.price
                left -= take
                if not left:
                    break
            return spec.quote, cost
        left, base = order.quote_quantity, ZERO  # selling for a quote amount: sum the base it needs
        for level in levels:
            take = min(left / level.price, level.quantity)
            base += take
            left -= take * level.price
            if left <= 0:
                break
        return spec.base, floor_to_step(base, spec.step_size)

    def _check_margin(self, market: MarketState, order: Order) -> None:
        account = order.account
        position = account.positions.get(market.spec.symbol)
        current = position.net_quantity if position else ZERO
        quantity = order.quantity
        price = order.price or self._estimate_fill_price(market, order)
        if quantity is None:
            quantity = order.quote_quantity / price
        signed = quantity if order.is_bid else -quantity
        increase = abs(current + signed) - abs(current)
        if increase <= 0 or order.reduce_only:
            return
        required = increase * price * self.initial_margin_fraction(account, market, increase * price)
        if self.available_margin(account) < required:
            raise ApiError("INSUFFICIENT_MARGIN", "Insufficient margin")

    def _estimate_fill_price(self, market: MarketState, order: Order) -> Decimal:
        level = market.book.side(not order.is_bid).best()
        return level.price if level else market.mark_price

    # --------------------------------------------------------------- margin
    def initial_margin_fraction(self, account: Account, market: MarketState, notional: Decimal) -> Decimal:
        imf = market.spec.imf
        fraction = Decimal(imf["base"]) + Decimal(imf["factor"]) * Decimal(math.sqrt(max(float(notional), 0.0)))
        return max(fraction, ONE / account.settings["leverageLimit"])

    def maintenance_margin_fraction(self, market: MarketState, notional: Decimal) -> Decimal:
        mmf = market.spec.mmf
        return Decimal(mmf["base"]) + Decimal(mmf["factor"]) * Decimal(math.sqrt(max(float(notional), 0.0)))

    def asset_price(self, asset: str) -> Decimal:
        if asset == USDC:
            return ONE
        market = self.markets.get(f"{asset}_USDC")
        return market.index_price if market else ZERO

    def unrealized_pnl(self, market: MarketState, position: Position) -> Decimal:
        return (market.mark_price - position.entry_price) * position.net_quantity

    def available_margin(self, account: Account) -> Decimal:
        """Collateral of free balances (after haircuts) + unrealized PnL - margin in use."""
        total = ZERO
        for asset, balance in account.balances.items():
            weight = ASSETS[asset].collateral_weight if asset in ASSETS and balance.available > 0 else ONE
            total += balance.available * self.asset_price(asset) * weight
        for asset, quantity in account.lend.items():
            weight = ASSETS[asset].collateral_weight if asset in ASSETS and quantity > 0 else ONE
            total += quantity * self.asset_price(asset) * weight
        for symbol, position in account.positions.items():
            market = self.markets[symbol]
            notional = abs(position.net_quantity) * market.mark_price
            total += self.unrealized_pnl(market, position)
            total -= notional * self.initial_margin_fraction(account, market, notional)
        for symbol, notional in account.open_perp_notional.items():
            if notional > 0:
                total -= notional * self.initial_margin_fraction(account, self.markets[symbol], notional)
        return total

    # --------------------------------------------------------------- matching
    def _execute(self, market: MarketState, order: Order) -> None:
        """Run an accepted order: pre-trade expiries, matching, then rest or finish."""
        if order.reduce_only and self._reduce_capacity(market, order) <= 0:
            self._finish(market, order, "Expired", "ReduceOnlyNotReduced", accepted=True)
            return
        if order.post_only and self._crosses(market, order):
            self._finish(market, order, "Expired", "PostOnlyTaker", accepted=True)
            return
        if order.time_in_force == "FOK" and not self._fully_fillable(market, order):
            self._finish(market, order, "Expired", "FillOrKill", accepted=True)
            return
        self.sink.order_update(order, "orderAccepted", now_us())
        stop_reason, exhausted_by_quote = self._match(market, order)
        self._after_match(market, order, stop_reason, exhausted_by_quote)

    def _after_match(self, market, order: Order, stop_reason, exhausted_by_quote) -> None:
        if order.order_type == "Market":
            if order.quote_quantity is not None and order.quantity is None:
                done = exhausted_by_quote and order.executed_quantity > 0
            else:
                done = order.remaining <= 0
            if done:
                self._finish(market, order, "Filled")
            else:
                self._finish(market, order, "Expired", stop_reason or "InsufficientLiquidity")
        elif order.remaining <= 0:
            self._finish(market, order, "Filled")
        elif stop_reason == "SelfTradePrevention":
            self._finish(market, order, "Expired", stop_reason)
        elif order.time_in_force in ("IOC", "FOK"):
            self._finish(
                market, order, "Expired", "ImmediateOrCancel" if order.time_in_force == "IOC" else "FillOrKill"
            )
        elif order.reduce_only and self._reduce_capacity(market, order) <= 0:
            self._finish(market, order, "Expired", "ReduceOnlyNotReduced")
        else:
            self._rest(market, order)

    def _crosses(self, market: MarketState, order: Order) -> bool:
        best = market.book.side(not order.is_bid).best()
        if best is None:
            return False
        return best.price <= order.price if order.is_bid else best.price >= order.price

    def _fully_fillable(self, market: MarketState, order: Order) -> bool:
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

    def _reduce_capacity(self, market: MarketState, order: Order) -> Decimal:
        """How much of a reduce-only order may still execute without flipping the position."""
        position = order.account.positions.get(market.spec.symbol)
        if position is None or not position.net_quantity:
            return ZERO
        if (position.net_quantity > 0) == order.is_bid:
            return ZERO
        return abs(position.net_quantity)

    def _impact_bound(self, market: MarketState, order: Order) -> Decimal | None:
        best = market.book.side(not order.is_bid).best()
        if best is None:
            return None
        spec = market.spec
        return best.price * (spec.max_impact_multiplier if order.is_bid else spec.min_impact_multiplier)

    def _match(self, market: MarketState, taker: Order) -> tuple[str | None, bool]:
        spec = market.spec
        opposite = market.book.side(not taker.is_bid)
        limit = taker.price if taker.order_type == "Limit" else None
        bound = self._impact_bound(market, taker) if limit is None and not taker.account.internal else None
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
            quantity = self._taker_quantity(market, taker, price, by_quote)
            if quantity <= 0:
                return (None, True) if by_quote else (self._why_taker_stopped(market, taker), False)
            maker = next(iter(level.orders.values()))
            if maker.account is taker.account:
                if taker.stp in ("RejectMaker", "RejectBoth"):
                    self._finish(market, maker, "Expired", "SelfTradePrevention")
                if taker.stp in ("RejectTaker", "RejectBoth"):
                    return "SelfTradePrevention", False
                continue
            quantity = min(quantity, maker.remaining)
            if maker.reduce_only:
                capacity = self._reduce_capacity(market, maker)
                if capacity <= 0:
                    self._finish(market, maker, "Expired", "ReduceOnlyNotReduced")
                    continue
                quantity = min(quantity, capacity)
            self._fill(market, taker, maker, price, quantity)
            if by_quote and self._taker_quantity(market, taker, price, by_quote) < spec.step_size:
                return None, True
            if not by_quote and taker.remaining <= 0:
                return None, False

    def _taker_quantity(self, market: MarketState, taker: Order, price: Decimal, by_quote: bool) -> Decimal:
        spec = market.spec
        if by_quote:
            quantity = floor_to_step((taker.quote_quantity - taker.executed_quote_quantity) / price, spec.step_size)
        else:
            quantity = taker.remaining
        if taker.reduce_only:
            quantity = min(quantity, self._reduce_capacity(market, taker))
        account = taker.account
        if not account.internal and not spec.is_contract and taker.order_type == "Market":
            if taker.is_bid:
                affordable = account.balance(spec.quote).available / price
                quantity = min(quantity, floor_to_step(affordable, spec.step_size))
            else:
                quantity = min(quantity, account.balance(spec.base).available)
        return quantity

    def _why_taker_stopped(self, market: MarketState, taker: Order) -> str:
        if taker.reduce_only:
            return "ReduceOnlyNotReduced"
        return "InsufficientFunds"

    def _rest(self, market: MarketState, order: Order) -> None:
        market.book.side(order.is_bid).add(order)
        self._touch(market, order.is_bid, order.price)
        if market.spec.is_contract and not order.reduce_only:
            self._adjust_open_notional(order, order.remaining * order.price)
        self._dirty_order(order)

    def _adjust_open_notional(self, order: Order, delta: Decimal) -> None:
        notional = order.account.open_perp_notional
        notional[order.symbol] = notional.get(order.symbol, ZERO) + delta

    def _fill(self, market: MarketState, taker: Order, maker: Order, price: Decimal, quantity: Decimal) -> None:
        quote = price * quantity
        book_side = market.book.side(maker.is_bid)
        book_side.reduce(maker, quantity)
        if market.spec.is_contract and not maker.reduce_only:
            self._adjust_open_notional(maker, -quantity * maker.price)
        for order in (maker, taker):
            order.executed_quantity += quantity
            order.executed_quote_quantity += quote
        if maker.remaining <= 0:
            book_side.remove(maker)
        self._touch(market, maker.is_bid, price)
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
        if self.journal is not None:
            self.journal.trades.append((market.spec.symbol, trade))
        engine_us = now_us()
        for order, is_maker in ((maker, True), (taker, False)):
            fee, fee_symbol = self._settle(market, order, price, quantity, is_maker)
            if order.remaining <= 0 and order.quantity is not None:
                order.status = "Filled"
            elif (
                order is taker
                and order.quantity is None
                and self._taker_quantity(market, order, price, True) < market.spec.step_size
            ):
                order.status = "Filled"
            else:
                order.status = "PartiallyFilled"
            fill = self._record_fill(order, trade, fee, fee_symbol, is_maker)
            self.sink.order_update(order, "orderFill", engine_us, fill)
            self._dirty_order(order)
        self.sink.trade(market, trade, engine_us)
        if maker.remaining <= 0:
            self._finish(market, maker, "Filled")

    def _settle(
        self, market: MarketState, order: Order, price: Decimal, quantity: Decimal, is_maker: bool
    ) -> tuple[Decimal, str]:
        """Move balances (spot) or update the position (perp); return (fee, fee symbol)."""
        spec = market.spec
        account = order.account
        if spec.is_contract:
            fee = (
                ZERO
                if account.internal
                else _round_up(
                    price * quantity * (PERP_MAKER_FEE if is_maker else PERP_TAKER_FEE), ASSETS[USDC].decimals
                )
            )
            realized = self._update_position(market, account, order, price, quantity, fee)
            if not account.internal:
                account.balance(USDC).available += realized - fee
                self._dirty_account(account)
            return fee, USDC
        if account.internal:
            return ZERO, spec.base if order.is_bid else spec.quote
        base, quote_balance = account.balance(spec.base), account.balance(spec.quote)
        quote = price * quantity
        rate = SPOT_MAKER_FEE if is_maker else SPOT_TAKER_FEE
        if order.is_bid:
            fee = _round_up(quantity * rate, ASSETS[spec.base].decimals if spec.base in ASSETS else 8)
            base.available += quantity - fee
            if order.locked_asset:
                release = order.price * quantity
                quote_balance.locked -= release
                order.locked -= release
                quote_balance.available += release - quote
            else:
                quote_balance.available -= quote
            fee_symbol = spec.base
        else:
            fee = _round_up(quote * rate, ASSETS[spec.quote].decimals if spec.quote in ASSETS else 6)
            quote_balance.available += quote - fee
            if order.locked_asset:
                base.locked -= quantity
                order.locked -= quantity
            else:
                base.available -= quantity
            fee_symbol = spec.quote
        self._dirty_account(account)
        return fee, fee_symbol

    def _update_position(self, market, account: Account, order: Order, price, quantity, fee) -> Decimal:
        symbol = market.spec.symbol
        position = account.positions.get(symbol)
        event = "positionAdjusted"
        if position is None:
            position = account.positions[symbol] = Position(self.next_id("position"), symbol, now_ms())
            event = "positionOpened"
        before = position.net_quantity
        realized = position.apply_fill(quantity if order.is_bid else -quantity, price)
        position.fees += fee
        market.open_interest += max(position.net_quantity, ZERO) - max(before, ZERO)
        if not position.net_quantity:
            position.closed_at = now_ms()
            position.closing_price = price
            del account.positions[symbol]
            if not account.internal:
                account.closed_positions.append(position)
            event = "positionClosed"
        if not account.internal:
            if self.journal is not None:
                self.journal.positions[(account.api_key, str(position.id))] = position
            self.sink.position_update(account, market, position, event, now_us())
        return realized

    def _record_fill(self, order: Order, trade: Trade, fee: Decimal, fee_symbol: str, is_maker: bool) -> dict:
        fill = {
            "tradeId": trade.id,
            "orderId": order.id,
            "clientId": order.client_id,
            "symbol": order.symbol,
            "side": order.side,
            "price": trade.price,
            "quantity": trade.quantity,
            "fee": fee,
            "feeSymbol": fee_symbol,
            "isMaker": is_maker,
            "timestamp": trade.timestamp,
        }
        if not order.account.internal:
            order.account.fills.append(fill)
            self._record_row("fills", order.account, fill)
        return fill

    # ------------------------------------------------------------ completion
    def _finish(
        self, market: MarketState, order: Order, status: str, reason: str | None = None, accepted: bool = False
    ) -> None:
        """Move an order to a terminal status, unlock what it held and tell subscribers."""
        if accepted:
            self.sink.order_update(order, "orderAccepted", now_us())
        was_resting = (
            order.price is not None
            and order.id in market.book.side(order.is_bid).levels.get(order.price, _EMPTY_LEVEL).orders
        )
        if was_resting:
            if market.spec.is_contract and not order.reduce_only:
                self._adjust_open_notional(order, -order.remaining * order.price)
            market.book.side(order.is_bid).remove(order)
            self._touch(market, order.is_bid, order.price)
        order.status = status
        order.expiry_reason = reason
        account = order.account
        if order.locked:
            balance = account.balance(order.locked_asset)
            balance.locked -= order.locked
            balance.available += order.locked
            order.locked = ZERO
            self._dirty_account(account)
        account.open_orders.pop(order.id, None)
        if order.client_id is not None and account.client_ids.get(order.client_id) is order:
            del account.client_ids[order.client_id]
        market.triggers.pop(order.id, None)
        event = {"Cancelled": "orderCancelled", "Expired": "orderExpired", "TriggerFailed": "triggerFailed"}.get(status)
        if event:
            self.sink.order_update(order, event, now_us())
        if order.has_attached_tp_sl and order.executed_quantity and not order.children_created:
            self._tp_sl_parents.append(order)
        self._dirty_order(order)

    # --------------------------------------------------------- cancellation
    def find_open_order(self, account: Account, symbol: str, order_id=None, client_id=None) -> Order:
        self.market(symbol)
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

    def cancel_order(self, account: Account, symbol: str, order_id=None, client_id=None) -> Order:
        order = self.find_open_order(account, symbol, order_id, client_id)
        self._begin()
        try:
            self._finish(self.markets[symbol], order, "Cancelled")
        finally:
            self._end()
        return order

    def cancel_all(self, account: Account, symbol: str, order_type: str | None = None) -> list[Order]:
        market = self.market(symbol)
        cancelled = []
        self._begin()
        try:
            for order in sorted(account.open_orders.values(), key=lambda o: o.id):
                if order.symbol != symbol:
                    continue
                is_conditional = order.status == "TriggerPending"
                if order_type == "RestingLimitOrder" and is_conditional:
                    continue
                if order_type == "ConditionalOrder" and not is_conditional:
                    continue
                self._finish(market, order, "Cancelled")
                cancelled.append(order)
        finally:
            self._end()
        return cancelled

    def open_orders(self, account: Account, symbol: str | None = None, market_type: str | None = None) -> list[Order]:
        if symbol:
            self.market(symbol)
        orders = []
        for order in account.open_orders.values():
            if symbol and order.symbol != symbol:
                continue
            if market_type and self.markets[order.symbol].spec.market_type != market_type:
                continue
            orders.append(order)
        orders.sort(key=lambda o: o.id)
        return orders

    # ------------------------------------------------------------- prices
    def set_prices(self, symbol: str, index_price: Decimal, mark_price: Decimal | None = None) -> None:
        market = self.market(symbol)
        market.index_price = index_price
        market.mark_price = mark_price if mark_price is not None else index_price
        market.data.add_sample(now_ms(), market.mark_price, market.index_price)
        self._begin()
        self._end()

    def run_operation(self, function, *args):
        """Run ``function`` as one engine operation (triggers and events are processed after it)."""
        self._begin()
        try:
            return function(*args)
        finally:
            self._end()

    # ------------------------------------------------------------- funding
    def settle_funding(self, now: int | None = None) -> list[dict]:
        """Pay funding on every open perp position at the current rate; returns payment rows."""
        now = now or now_ms()
        payments = []
        for market in self.markets.values():
            if not market.spec.has_funding:
                continue
            rate = market.funding_rate
            market.funding_history.append((now, rate))
            if self.journal is not None:
                self.journal.funding_rates.append((market.spec.symbol, now, str(rate)))
            for account in self.accounts.values():
                position = account.positions.get(market.spec.symbol)
                if position is None or account.internal:
                    continue
                payments.append(self._pay_funding(market, account, position, rate, now))
        return payments

    def _pay_funding(self, market, account: Account, position: Position, rate: Decimal, now: int) -> dict:
        amount = (-position.net_quantity * market.mark_price * rate).quantize(Decimal("0.000001"))
        account.balance(USDC).available += amount
        position.cumulative_funding += amount
        row = {
            "userId": account.user_id,
            "subaccountId": None,
            "symbol": market.spec.symbol,
            "quantity": amount,
            "intervalEndTimestamp": now,
            "fundingRate": rate,
        }
        account.funding_payments.append(row)
        self._record_row("funding_payments", account, row)
        self._dirty_account(account)
        if self.journal is not None:
            self.journal.positions[(account.api_key, str(position.id))] = position
        return row


class _EmptyLevel:
    orders: dict = {}


_EMPTY_LEVEL = _EmptyLevel()
