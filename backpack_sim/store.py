"""SQLite persistence (``--state PATH``): accounts, balances, orders, fills, deposits,
withdrawals, positions, funding payments, public trades and id counters.

The engine records what changed in a Journal. ``snapshot`` turns it into rows (on the
engine's thread) and ``write`` commits them in one transaction (on any one thread at a
time); GroupCommit in group_commit.py drives both so that a request is answered only
after its changes are committed. Commits are synchronous (WAL, ``synchronous=FULL``):
a commit that returned survives a crash of the process and of the machine."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

from .engine import Engine, Journal
from .market_data import Trade
from .models import Account, Balance, Order, Position

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (api_key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, api_key TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS positions (api_key TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
                                      PRIMARY KEY (api_key, id));
CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, api_key TEXT NOT NULL,
                                    data TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS trades (symbol TEXT NOT NULL, id INTEGER NOT NULL, data TEXT NOT NULL,
                                   PRIMARY KEY (symbol, id));
CREATE TABLE IF NOT EXISTS funding_rates (symbol TEXT NOT NULL, ts INTEGER NOT NULL, rate TEXT NOT NULL,
                                          PRIMARY KEY (symbol, ts));
"""

# Decimal fields of the stored history rows, per record kind.
DECIMAL_FIELDS = {
    "fills": ("price", "quantity", "fee"),
    "funding_payments": ("quantity", "fundingRate"),
    "deposits": ("quantity",),
    "withdrawals": ("quantity", "fee"),
    "borrow_lend_events": ("quantity", "positionQuantity"),
}
RECORD_KEYS = {
    "fills": lambda r: f"{r['orderId']}:{r['tradeId']}",
    "funding_payments": lambda r: f"{r['symbol']}:{r['intervalEndTimestamp']}:{r['userId']}",
    "deposits": lambda r: str(r["id"]),
    "withdrawals": lambda r: str(r["id"]),
    "borrow_lend_events": lambda r: f"{r['symbol']}:{r['timestamp']}:{r['eventType']}:{r['quantity']}",
}
RECORD_TIME = {
    "fills": "timestamp",
    "funding_payments": "intervalEndTimestamp",
    "deposits": "createdAt",
    "withdrawals": "createdAt",
    "borrow_lend_events": "timestamp",
}

ORDER_DECIMALS = (
    "price",
    "quantity",
    "quote_quantity",
    "executed_quantity",
    "executed_quote_quantity",
    "trigger_price",
    "tp_trigger_price",
    "tp_limit_price",
    "sl_trigger_price",
    "sl_limit_price",
    "slippage_tolerance",
    "locked",
)
ORDER_PLAIN = (
    "id",
    "symbol",
    "side",
    "order_type",
    "status",
    "time_in_force",
    "post_only",
    "reduce_only",
    "stp",
    "client_id",
    "created_at",
    "trigger_quantity",
    "trigger_by",
    "trigger_above",
    "triggered_at",
    "tp_trigger_by",
    "sl_trigger_by",
    "related_order_id",
    "expiry_reason",
    "slippage_tolerance_type",
    "locked_asset",
    "strategy_id",
    "system_order_type",
    "children_created",
)
POSITION_DECIMALS = (
    "net_quantity",
    "entry_price",
    "pnl_realized",
    "cumulative_funding",
    "fees",
    "closed_volume",
    "closing_price",
)


def _dumps(value) -> str:
    return json.dumps(value, default=str, separators=(",", ":"))


def _dec(value):
    return None if value is None else Decimal(value)


class Store:
    def __init__(self, path: str):
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    # --------------------------------------------------------------- write
    def flush(self, engine: Engine) -> None:
        self.write(self.snapshot(engine))

    def snapshot(self, engine: Engine) -> list[tuple[str, list]]:
        """Rows for everything changed since the last snapshot, as (statement, rows) pairs.

        Runs on the engine's thread: it reads live engine objects."""
        journal = engine.recorder.journal
        if journal is None:
            return []
        changes = _take(journal)
        return [
            ("INSERT OR REPLACE INTO meta VALUES (?, ?)", _meta_rows(engine)),
            (
                "INSERT OR REPLACE INTO accounts VALUES (?, ?)",
                [
                    (key, _dumps(_account_record(engine.accounts[key])))
                    for key in changes.accounts
                    if key in engine.accounts
                ],
            ),
            (
                "INSERT OR REPLACE INTO orders VALUES (?, ?, ?)",
                [(o.id, o.account.api_key, _dumps(_order_record(o))) for o in changes.orders.values()],
            ),
            (
                "INSERT OR REPLACE INTO positions VALUES (?, ?, ?)",
                [(key, pid, _dumps(_position_record(p))) for (key, pid), p in changes.positions.items()],
            ),
            (
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                [(kind, RECORD_KEYS[kind](row), key, _dumps(row)) for kind, key, row in changes.rows],
            ),
            (
                "INSERT OR REPLACE INTO trades VALUES (?, ?, ?)",
                [(symbol, t.id, _dumps(t.to_row())) for symbol, t in changes.trades],
            ),
            ("INSERT OR REPLACE INTO funding_rates VALUES (?, ?, ?)", changes.funding_rates),
        ]

    def write(self, statements: list[tuple[str, list]]) -> None:
        """Commit one snapshot in one transaction."""
        if not statements:
            return
        with self.db:
            for statement, rows in statements:
                if rows:
                    self.db.executemany(statement, rows)

    # ---------------------------------------------------------------- read
    def load(self, engine: Engine) -> bool:
        """Restore engine state; returns False when the database is empty."""
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        if "counters" not in meta:
            return False
        engine.counters.update(json.loads(meta["counters"]))
        for symbol, (index, mark, rate, next_funding) in json.loads(meta.get("prices", "{}")).items():
            if symbol in engine.markets:
                market = engine.markets[symbol]
                market.index_price, market.mark_price = Decimal(index), Decimal(mark)
                market.funding_rate, market.next_funding_ms = Decimal(rate), next_funding
        for api_key, data in self.db.execute("SELECT api_key, data FROM accounts"):
            engine.accounts[api_key] = _account_from_record(api_key, json.loads(data))
        self._load_positions(engine)
        self._load_records(engine)
        self._load_orders(engine)
        self._load_market_data(engine)
        return True

    def _load_positions(self, engine: Engine) -> None:
        for api_key, _, data in self.db.execute("SELECT api_key, id, data FROM positions"):
            account = engine.accounts.get(api_key)
            if account is None:
                continue
            position = _position_from_record(json.loads(data))
            if position.is_open and position.symbol in engine.markets:
                account.positions[position.symbol] = position
                engine.markets[position.symbol].open_interest += max(position.net_quantity, Decimal(0))
            else:
                account.closed_positions.append(position)
        for account in engine.accounts.values():
            account.closed_positions.sort(key=lambda p: p.opened_at)

    def _load_records(self, engine: Engine) -> None:
        loaded: dict[tuple[str, str], list] = {}
        for kind, api_key, data in self.db.execute("SELECT kind, api_key, data FROM records"):
            row = json.loads(data)
            for field in DECIMAL_FIELDS.get(kind, ()):
                row[field] = _dec(row[field])
            loaded.setdefault((kind, api_key), []).append(row)
        for (kind, api_key), rows in loaded.items():
            account = engine.accounts.get(api_key)
            if account is None:
                continue
            time_field = RECORD_TIME[kind]
            rows.sort(key=lambda r: (r[time_field], str(r.get("id", r.get("tradeId", "")))))
            getattr(account, kind).extend(rows)

    def _load_orders(self, engine: Engine) -> None:
        for api_key, data in self.db.execute("SELECT api_key, data FROM orders ORDER BY id"):
            account = engine.accounts.get(api_key)
            if account is None:
                continue
            order = _order_from_record(json.loads(data), account)
            account.orders.append(order)
            if order.is_open and order.symbol in engine.markets:
                engine.ledger.restore(engine.markets[order.symbol], order)

    def _load_market_data(self, engine: Engine) -> None:
        for symbol, data in self.db.execute("SELECT symbol, data FROM trades ORDER BY symbol, id"):
            market = engine.markets.get(symbol)
            if market is not None:
                trade = Trade.from_row(json.loads(data))
                market.data.add_trade(trade)
                market.data.add_sample(trade.timestamp, trade.price, trade.price)
        for symbol, ts, rate in self.db.execute("SELECT symbol, ts, rate FROM funding_rates ORDER BY symbol, ts"):
            if symbol in engine.markets:
                engine.markets[symbol].funding_history.append((ts, Decimal(rate)))


def _meta_rows(engine: Engine) -> list[tuple[str, str]]:
    prices = {
        s: [str(m.index_price), str(m.mark_price), str(m.funding_rate), m.next_funding_ms]
        for s, m in engine.markets.items()
    }
    return [("counters", _dumps(engine.counters)), ("prices", _dumps(prices))]


def _take(journal: Journal) -> Journal:
    snapshot = Journal()
    snapshot.__dict__.update(journal.__dict__)
    journal.clear()
    return snapshot


# ------------------------------------------------------------- (de)serialize
def _account_record(account: Account) -> dict:
    return {
        "secret": account.secret,
        "user_id": account.user_id,
        "settings": {k: str(v) if isinstance(v, Decimal) else v for k, v in account.settings.items()},
        "balances": {a: [str(b.available), str(b.locked)] for a, b in account.balances.items()},
        "lend": {a: str(q) for a, q in account.lend.items()},
    }


def _account_from_record(api_key: str, record: dict) -> Account:
    account = Account(api_key, record["secret"], record["user_id"])
    settings = dict(record["settings"])
    settings["leverageLimit"] = Decimal(settings["leverageLimit"])
    account.settings.update(settings)
    for asset, (available, locked) in record["balances"].items():
        account.balances[asset] = Balance(Decimal(available), Decimal(locked))
    account.lend = {a: Decimal(q) for a, q in record["lend"].items()}
    return account


def _order_record(order: Order) -> dict:
    record = {name: getattr(order, name) for name in ORDER_PLAIN}
    record.update(
        {name: None if getattr(order, name) is None else str(getattr(order, name)) for name in ORDER_DECIMALS}
    )
    return record


def _order_from_record(record: dict, account: Account) -> Order:
    order = Order(record["id"], account, record["symbol"], record["side"], record["order_type"])
    for name in ORDER_PLAIN:
        setattr(order, name, record.get(name))
    for name in ORDER_DECIMALS:
        setattr(order, name, _dec(record.get(name)))
    order.locked = order.locked or Decimal(0)
    order.is_bid = order.side == "Bid"
    return order


def _position_record(position: Position) -> dict:
    record = {
        name: None if getattr(position, name) is None else str(getattr(position, name)) for name in POSITION_DECIMALS
    }
    record.update(
        {"id": position.id, "symbol": position.symbol, "opened_at": position.opened_at, "closed_at": position.closed_at}
    )
    return record


def _position_from_record(record: dict) -> Position:
    position = Position(record["id"], record["symbol"], record["opened_at"])
    position.closed_at = record["closed_at"]
    for name in POSITION_DECIMALS:
        setattr(position, name, _dec(record[name]))
    return position
