"""Engine: the exchange core's façade, composed of the parts in this package.

Everything runs on one event loop thread, so the engine needs no locks. Each public
method that changes state is one "operation": at its end pending trigger orders fire,
attached TP/SL orders are created, and the collected depth/top-of-book changes are
handed to the event sink (the WebSocket hub)."""

from __future__ import annotations

from decimal import Decimal

from ..decimals import now_ms
from ..markets import MarketSpec
from ..models import Account, Order, Position
from .entry import OrderEntry
from .events import EventOutbox
from .journal import Recorder
from .ledger import OrderLedger
from .margin import Margin
from .matching import Matcher
from .settlement import Settlement
from .state import IdCounters, MarketState, find_market
from .triggers import Triggers


class Engine:
    def __init__(self, specs: list[MarketSpec], sink=None):
        self.markets: dict[str, MarketState] = {s.symbol: MarketState(s) for s in specs}
        self.accounts: dict[str, Account] = {}
        self.recorder = Recorder()
        self.ids = IdCounters(self.recorder)
        self.counters = self.ids.values
        self.events = EventOutbox(self.markets, sink)
        self.margin = Margin(self.markets, self.recorder)
        self.ledger = OrderLedger(self.events, self.recorder)
        self.settlement = Settlement(self.markets, self.accounts, self.ids, self.events, self.recorder)
        self.matcher = Matcher(self.ledger, self.settlement, self.events, self.recorder)
        self.triggers = Triggers(
            self.markets, self.ids, self.ledger, self.margin, self.matcher, self.events, self.recorder
        )
        self.entry = OrderEntry(
            self.markets, self.ids, self.ledger, self.margin, self.triggers, self.matcher, self.events
        )
        self._depth = 0  # nesting of operations: the outermost one's end does the work

    # -------------------------------------------------------------- registry
    def next_id(self, kind: str) -> int:
        return self.ids.next(kind)

    def market(self, symbol: str | None) -> MarketState:
        return find_market(self.markets, symbol)

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
            self.recorder.account_changed(account)
        return account

    # ------------------------------------------------------------ operations
    def run_operation(self, function, *args):
        """Run ``function`` as one engine operation (triggers and events are processed after it)."""
        self._depth += 1
        try:
            return function(*args)
        finally:
            self._end_operation()

    def _end_operation(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        self._depth += 1  # what fires now belongs to this operation
        try:
            self.triggers.fire_reached()
            self.triggers.create_attached_orders()
        finally:
            self._depth -= 1
        self.events.flush()

    # ---------------------------------------------------------------- orders
    def place_order(self, account: Account, payload, trusted: bool = False) -> Order:
        """Validate and execute one OrderExecutePayload; raises ApiError on rejection."""
        market, order = self.entry.new_order(account, payload, trusted)
        self.run_operation(self.entry.submit, market, order)
        return order

    def rest_internal(self, account: Account, market: MarketState, is_bid: bool, price: Decimal, quantity: Decimal):
        """See OrderEntry.rest_internal; call it inside an operation (run_operation)."""
        return self.entry.rest_internal(account, market, is_bid, price, quantity)

    def rest_internal_many(self, account: Account, market: MarketState, is_bid: bool, entries) -> list[Order] | None:
        """See OrderEntry.rest_internal_many; call it inside an operation (run_operation)."""
        return self.entry.rest_internal_many(account, market, is_bid, entries)

    def cancel_internal(self, market: MarketState, order: Order) -> None:
        self.ledger.cancel_internal(market, order)

    def find_open_order(self, account: Account, symbol: str, order_id=None, client_id=None) -> Order:
        return self.entry.find_open_order(account, symbol, order_id, client_id)

    def cancel_order(self, account: Account, symbol: str, order_id=None, client_id=None) -> Order:
        order = self.find_open_order(account, symbol, order_id, client_id)
        self.run_operation(self.ledger.finish, self.markets[symbol], order, "Cancelled")
        return order

    def cancel_all(self, account: Account, symbol: str, order_type: str | None = None) -> list[Order]:
        market = self.market(symbol)
        return self.run_operation(self.entry.cancel_all, account, market, order_type)

    def open_orders(self, account: Account, symbol: str | None = None, market_type: str | None = None) -> list[Order]:
        return self.entry.open_orders(account, symbol, market_type)

    # ---------------------------------------------------- prices and funding
    def set_prices(self, symbol: str, index_price: Decimal, mark_price: Decimal | None = None) -> None:
        market = self.market(symbol)
        market.index_price = index_price
        market.mark_price = mark_price if mark_price is not None else index_price
        market.data.add_sample(now_ms(), market.mark_price, market.index_price)
        self.run_operation(lambda: None)  # fires the triggers the new prices reach

    def settle_funding(self, now: int | None = None) -> list[dict]:
        """Pay funding on every open perp position at the current rate; returns payment rows."""
        return self.settlement.settle_funding(now)

    # ---------------------------------------------------------------- margin
    def initial_margin_fraction(self, account: Account, market: MarketState, notional: Decimal) -> Decimal:
        return self.margin.initial_margin_fraction(account, market, notional)

    def maintenance_margin_fraction(self, market: MarketState, notional: Decimal) -> Decimal:
        return self.margin.maintenance_margin_fraction(market, notional)

    def asset_price(self, asset: str) -> Decimal:
        return self.margin.asset_price(asset)

    def unrealized_pnl(self, market: MarketState, position: Position) -> Decimal:
        return self.margin.unrealized_pnl(market, position)

    def available_margin(self, account: Account) -> Decimal:
        """Collateral of free balances (after haircuts) + unrealized PnL - margin in use."""
        return self.margin.available_margin(account)

    def estimate_fill_price(self, market: MarketState, is_bid: bool) -> Decimal:
        """The best price on the other side of the book, or the mark price when it is empty."""
        return self.margin.estimate_fill_price(market, is_bid)
