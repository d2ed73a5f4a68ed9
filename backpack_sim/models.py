"""Plain state objects: orders, balances, positions, accounts."""

from __future__ import annotations

from decimal import Decimal

from .decimals import ZERO

OPEN_STATUSES = frozenset({"New", "PartiallyFilled", "TriggerPending"})


class Order:
    __slots__ = (
        "id",
        "account",
        "symbol",
        "side",
        "order_type",
        "price",
        "quantity",
        "quote_quantity",
        "executed_quantity",
        "executed_quote_quantity",
        "status",
        "time_in_force",
        "post_only",
        "reduce_only",
        "stp",
        "client_id",
        "created_at",
        "trigger_price",
        "trigger_quantity",
        "trigger_by",
        "trigger_above",
        "triggered_at",
        "tp_trigger_price",
        "tp_limit_price",
        "tp_trigger_by",
        "sl_trigger_price",
        "sl_limit_price",
        "sl_trigger_by",
        "related_order_id",
        "expiry_reason",
        "slippage_tolerance",
        "slippage_tolerance_type",
        "locked",
        "locked_asset",
        "strategy_id",
        "system_order_type",
        "is_bid",
        "children_created",
    )

    def __init__(self, order_id: int, account: "Account", symbol: str, side: str, order_type: str):
        self.id = order_id
        self.account = account
        self.symbol = symbol
        self.side = side
        self.is_bid = side == "Bid"
        self.order_type = order_type
        self.price = self.quantity = self.quote_quantity = None
        self.executed_quantity = ZERO
        self.executed_quote_quantity = ZERO
        self.status = "New"
        self.time_in_force = "GTC"
        self.post_only = False
        self.reduce_only = None
        self.stp = "RejectTaker"
        self.client_id = None
        self.created_at = 0
        self.trigger_price = self.trigger_quantity = self.trigger_by = None
        self.trigger_above = True
        self.triggered_at = None
        self.tp_trigger_price = self.tp_limit_price = self.tp_trigger_by = None
        self.sl_trigger_price = self.sl_limit_price = self.sl_trigger_by = None
        self.related_order_id = None
        self.expiry_reason = None
        self.slippage_tolerance = self.slippage_tolerance_type = None
        self.locked = ZERO
        self.locked_asset = None
        self.strategy_id = None
        self.system_order_type = None
        self.children_created = False

    @property
    def remaining(self) -> Decimal:
        return (self.quantity or ZERO) - self.executed_quantity

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_attached_tp_sl(self) -> bool:
        return bool(self.tp_trigger_price or self.sl_trigger_price)


class Balance:
    __slots__ = ("available", "locked", "staked")

    def __init__(self, available: Decimal = ZERO, locked: Decimal = ZERO):
        self.available = available
        self.locked = locked
        self.staked = ZERO


class Position:
    __slots__ = (
        "id",
        "symbol",
        "net_quantity",
        "entry_price",
        "pnl_realized",
        "cumulative_funding",
        "fees",
        "opened_at",
        "closed_at",
        "closed_volume",
        "closing_price",
    )

    def __init__(self, position_id: int, symbol: str, opened_at: int):
        self.id = position_id
        self.symbol = symbol
        self.net_quantity = ZERO
        self.entry_price = ZERO
        self.pnl_realized = ZERO
        self.cumulative_funding = ZERO
        self.fees = ZERO
        self.opened_at = opened_at
        self.closed_at = None
        self.closed_volume = ZERO
        self.closing_price = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def apply_fill(self, signed_quantity: Decimal, price: Decimal) -> Decimal:
        """Update size and average entry; return the realized PnL of the reducing part."""
        current = self.net_quantity
        if not current or (current > 0) == (signed_quantity > 0):
            total = abs(current) + abs(signed_quantity)
            self.entry_price = (abs(current) * self.entry_price + abs(signed_quantity) * price) / total
            self.net_quantity = current + signed_quantity
            return ZERO
        closing = min(abs(signed_quantity), abs(current))
        direction = 1 if current > 0 else -1
        realized = closing * (price - self.entry_price) * direction
        self.closed_volume += closing
        self.net_quantity = current + signed_quantity
        if self.net_quantity and (self.net_quantity > 0) != (current > 0):
            self.entry_price = price  # flipped: the remainder opened at this price
        self.pnl_realized += realized
        return realized


class Account:
    __slots__ = (
        "api_key",
        "secret",
        "user_id",
        "internal",
        "balances",
        "settings",
        "open_orders",
        "client_ids",
        "positions",
        "closed_positions",
        "lend",
        "orders",
        "fills",
        "deposits",
        "withdrawals",
        "funding_payments",
        "borrow_lend_events",
        "open_perp_notional",
        "rfqs",
    )

    def __init__(self, api_key: str, secret: str | None, user_id: int, internal: bool = False):
        self.api_key = api_key
        self.secret = secret
        self.user_id = user_id
        self.internal = internal  # market maker / noise trader: no balances, no history
        self.balances: dict[str, Balance] = {}
        self.settings = {
            "autoBorrowSettlements": True,
            "autoLend": False,
            "autoRealizePnl": True,
            "autoRepayBorrows": True,
            "leverageLimit": Decimal("10"),
        }
        self.open_orders: dict[int, Order] = {}
        self.client_ids: dict[int, Order] = {}
        self.positions: dict[str, Position] = {}
        self.closed_positions: list[Position] = []
        self.lend: dict[str, Decimal] = {}  # + lent / - borrowed, per asset
        self.orders: list[Order] = []  # every order, for history
        self.fills: list[dict] = []
        self.deposits: list[dict] = []
        self.withdrawals: list[dict] = []
        self.funding_payments: list[dict] = []
        self.borrow_lend_events: list[dict] = []
        self.open_perp_notional: dict[str, Decimal] = {}
        self.rfqs: list = []

    def balance(self, asset: str) -> Balance:
        balance = self.balances.get(asset)
        if balance is None:
            balance = self.balances[asset] = Balance()
        return balance
