"""The public journal: every change that must reach SQLite (``--state``) is reported to the
Recorder, which collects it in a Journal until the store takes it."""

from __future__ import annotations

from decimal import Decimal

from ..market_data import Trade
from ..models import Account, Order, Position

COUNTERS_MARKER = "__counters__"  # an "account" key that only says the id counters moved


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


class Recorder:
    """Where the engine, the wallet, RFQs and REST handlers report what they changed.

    Records only while a Journal is attached (with ``--state``, after the state is loaded),
    and nothing of internal accounts (market maker, noise trader) but their public trades."""

    def __init__(self):
        self.journal: Journal | None = None

    def account_changed(self, account: Account) -> None:
        if self.journal is not None and not account.internal:
            self.journal.accounts.add(account.api_key)

    def order_changed(self, order: Order) -> None:
        if self.journal is not None and not order.account.internal:
            self.journal.orders[order.id] = order

    def position_changed(self, account: Account, position: Position) -> None:
        if self.journal is not None and not account.internal:
            self.journal.positions[(account.api_key, str(position.id))] = position

    def row_changed(self, table: str, account: Account, row: dict) -> None:
        """A new or updated history row (fills, deposits, withdrawals, funding_payments, borrow_lend_events)."""
        if self.journal is not None and not account.internal:
            self.journal.rows.append((table, account.api_key, row))

    def trade_added(self, symbol: str, trade: Trade) -> None:
        if self.journal is not None:
            self.journal.trades.append((symbol, trade))

    def trades_added(self, symbol: str, trades: list[Trade]) -> None:
        if self.journal is not None:
            self.journal.trades += [(symbol, trade) for trade in trades]

    def funding_rate_added(self, symbol: str, timestamp: int, rate: Decimal) -> None:
        if self.journal is not None:
            self.journal.funding_rates.append((symbol, timestamp, str(rate)))

    def counters_changed(self) -> None:
        if self.journal is not None:
            self.journal.accounts.add(COUNTERS_MARKER)
