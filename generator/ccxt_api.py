"""What the generator knows about ccxt itself (not about any exchange).

* the unified methods a spec may implement: their Python signature and the
  kind of what they return (kinds.py), which names the template that emits them;
* the structures a spec may map, and which unified keys each one has;
* the naming rule of implicit API methods (ccxt's build/generateImplicitAPI).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ccxt.base import errors as ccxt_errors

from . import kinds as k


@dataclass(frozen=True)
class Unified:
    name: str  # camelCase, as in `has`
    args: tuple[tuple[str, str | None], ...]  # (name, default as Python source or None: required)
    kind: type  # kinds.Kind: what it returns, and the template that emits it
    structure: str  # the structure kind its items are

    @property
    def python_name(self) -> str:
        return camel_to_snake(self.name)

    @property
    def needs_market(self) -> bool:
        return any(name == "symbol" for name, _ in self.args)


_SYMBOL = ("symbol", None)
_SINCE = ("since", "None")
_LIMIT = ("limit", "None")

UNIFIED = {
    u.name: u
    for u in [
        Unified("fetchStatus", (), k.PlainObject, "status"),
        Unified("fetchTime", (), k.Value, ""),
        Unified("fetchMarkets", (), k.Markets, "market"),
        Unified("fetchCurrencies", (), k.Currencies, "currency"),
        Unified("fetchTicker", (_SYMBOL,), k.One, "ticker"),
        Unified("fetchTickers", (("symbols", "None"),), k.BySymbol, "ticker"),
        Unified("fetchOrderBook", (_SYMBOL, _LIMIT), k.OrderBook, "order_book"),
        Unified("fetchTrades", (_SYMBOL, _SINCE, _LIMIT), k.TradeHistory, "trade"),
        Unified("fetchOHLCV", (_SYMBOL, ("timeframe", "'1m'"), _SINCE, _LIMIT), k.Candles, "ohlcv"),
        Unified("fetchFundingRate", (_SYMBOL,), k.One, "funding_rate"),
        Unified("fetchFundingRates", (("symbols", "None"),), k.BySymbol, "funding_rate"),
        Unified("fetchFundingRateHistory", (("symbol", "None"), _SINCE, _LIMIT), k.History, "funding_rate_history"),
        Unified("fetchOpenInterest", (_SYMBOL,), k.One, "open_interest"),
        Unified("fetchOpenInterests", (("symbols", "None"),), k.BySymbol, "open_interest"),
        Unified("fetchCrossBorrowRates", (), k.ByCurrency, "borrow_rate"),
        Unified("fetchCrossBorrowRate", (("code", None),), k.OneOfCurrency, "borrow_rate"),
        Unified("createOrder", (_SYMBOL, ("type", None), ("side", None), ("amount", None), ("price", "None")), k.PlacedOrder, "order"),
        Unified("createOrders", (("orders", None),), k.PlacedOrders, "order"),
        Unified("cancelOrder", (("id", None), ("symbol", "None")), k.CanceledOrder, "order"),
        Unified("cancelOrders", (("ids", None), ("symbol", "None")), k.CanceledOrders, "order"),
        Unified("cancelAllOrders", (("symbol", "None"),), k.CanceledAll, "order"),
        Unified("fetchOpenOrder", (("id", None), ("symbol", "None")), k.OneOrder, "order"),
        Unified("fetchOrder", (("id", None), ("symbol", "None")), k.OrderOpenElseHistory, "order"),
        Unified("fetchOpenOrders", (("symbol", "None"), _SINCE, _LIMIT), k.OrderHistory, "order"),
        Unified("fetchOrders", (("symbol", "None"), _SINCE, _LIMIT), k.OrderHistory, "order"),
        Unified("fetchClosedOrders", (("symbol", "None"), _SINCE, _LIMIT), k.OrderHistory, "order"),
        Unified("fetchCanceledOrders", (("symbol", "None"), _SINCE, _LIMIT), k.OrderHistory, "order"),
        Unified("fetchMyTrades", (("symbol", "None"), _SINCE, _LIMIT), k.TradeHistory, "trade"),
        Unified("fetchOrderTrades", (("id", None), ("symbol", "None"), _SINCE, _LIMIT), k.TradeHistory, "trade"),
        Unified("fetchBalance", (), k.Balance, "balance"),
        Unified("fetchDeposits", (("code", "None"), _SINCE, _LIMIT), k.TransactionHistory, "transaction"),
        Unified("fetchWithdrawals", (("code", "None"), _SINCE, _LIMIT), k.TransactionHistory, "transaction"),
        Unified("fetchDepositsWithdrawals", (("code", "None"), _SINCE, _LIMIT), k.Combined, "transaction"),
        Unified("fetchDepositAddress", (("code", None),), k.DepositAddress, "deposit_address"),
        Unified("withdraw", (("code", None), ("amount", None), ("address", None), ("tag", "None")), k.Withdrawal, "transaction"),
        Unified("fetchDepositWithdrawFees", (("codes", "None"),), k.DepositWithdrawFees, "currency"),
        Unified("fetchTradingFees", (), k.AccountFees, "trading_fee"),
        Unified("fetchLeverage", (_SYMBOL,), k.Leverage, "leverage"),
        Unified("setLeverage", (("leverage", None), ("symbol", "None")), k.SetLeverage, "leverage"),
        Unified("fetchMarginMode", (_SYMBOL,), k.MarginMode, "margin_mode"),
        Unified("fetchPositions", (("symbols", "None"),), k.Positions, "position"),
        Unified("fetchPosition", (_SYMBOL,), k.OnePosition, "position"),
        Unified("fetchPositionsHistory", (("symbols", "None"), _SINCE, _LIMIT), k.History, "position"),
        Unified("fetchFundingHistory", (("symbol", "None"), _SINCE, _LIMIT), k.History, "funding_history"),
        Unified("fetchBorrowInterest", (("code", "None"), ("symbol", "None"), _SINCE, _LIMIT), k.History, "borrow_interest"),
        Unified("fetchSettlementHistory", (("symbol", "None"), _SINCE, _LIMIT), k.History, "settlement"),
        Unified("borrowCrossMargin", (("code", None), ("amount", None)), k.MarginLoan, "margin_loan"),
        Unified("repayCrossMargin", (("code", None), ("amount", None)), k.MarginLoan, "margin_loan"),
        Unified("fetchLedger", (("code", "None"), _SINCE, _LIMIT), k.Ledger, "ledger_entry"),
        Unified("fetchConvertQuote", (("fromCode", None), ("toCode", None), ("amount", "None")), k.Conversion, "conversion"),
        Unified("createConvertTrade", (("id", None), ("fromCode", None), ("toCode", None), ("amount", "None")), k.Conversion, "conversion"),
    ]
}

# ccxt's create*WithCost helpers pass the cost as the amount; these override
# them to say it is a cost, when the spec's createOrder maps `cost`.
COST_HELPERS = {
    "createMarketOrderWithCost": ("symbol", "side", "cost"),
    "createMarketBuyOrderWithCost": ("symbol", "cost"),
    "createMarketSellOrderWithCost": ("symbol", "cost"),
}

# ccxt order arguments and params a createOrder `order:` mapping may name.
ORDER_REQUEST_KEYS = {
    "symbol", "side", "type", "amount", "price", "cost", "triggerPrice", "triggerAmount", "triggerPriceType",
    "timeInForce", "postOnly", "reduceOnly", "clientOrderId", "selfTradePrevention",
    "takeProfit.triggerPrice", "takeProfit.price", "takeProfit.triggerPriceType",
    "stopLoss.triggerPrice", "stopLoss.price", "stopLoss.triggerPriceType",
}

# Structure kinds a spec may map, with the unified keys each accepts.
STRUCTURE_KEYS = {
    "market": {
        "id", "baseId", "quoteId", "settleId", "active", "created", "taker", "maker",
        "precision.price", "precision.amount", "precision.cost", "precision.base", "precision.quote",
        "limits.amount.min", "limits.amount.max", "limits.price.min", "limits.price.max",
        "limits.cost.min", "limits.cost.max", "limits.leverage.min", "limits.leverage.max",
        "expiry", "strike", "optionType",
    },
    "currency": {"id", "name", "active", "deposit", "withdraw", "fee", "precision"},
    "network": {
        "id", "active", "deposit", "withdraw", "fee", "precision",
        "limits.deposit.min", "limits.deposit.max", "limits.withdraw.min", "limits.withdraw.max",
    },
    "ticker": {
        "timestamp", "high", "low", "bid", "bidVolume", "ask", "askVolume", "vwap", "open", "close",
        "last", "previousClose", "change", "percentage", "average", "baseVolume", "quoteVolume",
        "markPrice", "indexPrice",
    },
    "trade": {"id", "order", "timestamp", "type", "side", "takerOrMaker", "price", "amount", "cost", "fee.cost", "fee.currency", "fee.rate"},
    "order_book": {"timestamp", "nonce"},
    "ohlcv": {"timestamp", "open", "high", "low", "close", "volume"},
    "status": {"status", "updated", "eta", "url"},
    "funding_rate": {
        "markPrice", "indexPrice", "interestRate", "estimatedSettlePrice", "timestamp", "fundingRate",
        "fundingTimestamp", "nextFundingRate", "nextFundingTimestamp", "previousFundingRate",
        "previousFundingTimestamp", "interval",
    },
    "funding_rate_history": {"fundingRate", "timestamp"},
    "open_interest": {"openInterestAmount", "openInterestValue", "baseVolume", "quoteVolume", "timestamp"},
    "borrow_rate": {"rate", "period", "timestamp"},
    "order": {
        "id", "clientOrderId", "timestamp", "lastTradeTimestamp", "lastUpdateTimestamp", "status", "type",
        "timeInForce", "postOnly", "reduceOnly", "side", "price", "triggerPrice", "stopLossPrice", "takeProfitPrice",
        "amount", "filled", "remaining", "cost", "average", "fee.cost", "fee.currency",
    },
    "balance": {"free", "used", "total", "debt"},
    "transaction": {
        "id", "txid", "timestamp", "network", "address", "addressTo", "addressFrom", "tag", "tagTo", "tagFrom",
        "type", "amount", "status", "updated", "internal", "comment", "fee.cost", "fee.currency",
    },
    "deposit_address": {"address", "tag", "network"},
    "leverage": {"marginMode", "longLeverage", "shortLeverage"},
    "position": {
        "id", "timestamp", "lastUpdateTimestamp", "initialMargin", "initialMarginPercentage", "maintenanceMargin",
        "maintenanceMarginPercentage", "entryPrice", "notional", "leverage", "unrealizedPnl", "realizedPnl",
        "contracts", "marginRatio", "liquidationPrice", "markPrice", "lastPrice", "collateral", "marginMode",
        "side", "percentage", "stopLossPrice", "takeProfitPrice", "hedged",
    },
    "funding_history": {"id", "amount", "rate", "timestamp"},
    "borrow_interest": {"interest", "interestRate", "amountBorrowed", "marginMode", "timestamp"},
    "settlement": {"price", "timestamp"},
    "ledger_entry": {
        "id", "timestamp", "direction", "account", "referenceId", "referenceAccount", "type", "currency",
        "amount", "before", "after", "status", "fee.cost", "fee.currency",
    },
}

# Keys the templates fill from the resolved market or currency, which `required` may name too.
RESOLVED_KEYS = {"symbol", "currency", "code"}

# Keys of a structure definition that are not shapes.
STRUCTURE_SETTINGS = {"from", "market_id", "currency_id", "fields", "kinds", "kind_field", "networks", "bids", "asks", "level", "detect", "list", "required"}

FIELD_TYPES = ("string", "number", "integer", "bool", "currency", "timestamp", "duration", "decimals", "network")
TIME_UNITS = ("ms", "us", "s", "iso", "ms-or-iso", "date-in-text")

MARKET_TYPES = ("spot", "swap", "future", "option", "prediction")


def exception_names() -> set:
    """Every exception class ccxt defines (what an error mapping may name)."""
    return {
        name
        for name, value in vars(ccxt_errors).items()
        if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == ccxt_errors.__name__
    }


# --- implicit API names (ccxt's build/generateImplicitAPI.ts) ----------------

_SPLIT = re.compile(r"[^a-zA-Z0-9]")


def implicit_names(api: str, method: str, path: str) -> tuple:
    """('public_get_v2_widget_list', 'publicGetV2WidgetList') for public GET v2/widget/list."""
    parts = [part for part in [api, method.lower()] + _SPLIT.split(path) if part]
    camel = "".join(part[:1].upper() + part[1:] for part in parts)
    camel = camel[:1].lower() + camel[1:]
    snake = "_".join(part.lower() for part in parts)
    return snake, camel


def camel_to_snake(name: str) -> str:
    """fetchOHLCV -> fetch_ohlcv, fetchL2OrderBook -> fetch_l2_order_book."""
    snake = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", snake)
    return snake.lower()
