"""What the generator knows about ccxt itself (not about any exchange).

* the unified methods a spec may implement: their Python signature (annotated
  as ccxt annotates them) and the kind of what they return (kinds.py), which
  names the template that emits them;
* the structures a spec may map, and which unified keys each one has;
* the words of ccxt's docstrings: arguments, unified params, structure links;
* the naming rule of implicit API methods (ccxt's build/generateImplicitAPI).
"""

from __future__ import annotations

import functools
import inspect
import re
import types
import typing
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import ccxt
from ccxt.base import errors as ccxt_errors
from ccxt.base import types as ccxt_types
from ccxt.base.exchange import Exchange

from . import kinds as k
from .static.package import structures

# --- signatures, annotated as ccxt annotates them --------------------------------------------

REQUIRED: Any = inspect.Parameter.empty  # the default of an argument that has none


@dataclass(frozen=True)
class Annotation:
    """A type annotation as source text, the names it takes from ccxt.base.types, and the
    type ccxt's docstrings give it (str, int, float, str[], dict, ...)."""

    text: str
    names: frozenset[str] = frozenset()
    doc: str = ""
    value: Any = field(default=None, compare=False, repr=False)  # the annotation object

    def admitting_none(self) -> Annotation:
        return self if _admits_none(self.value) else annotation_of(self.value | None)


@dataclass(frozen=True)
class Parameter:
    name: str
    annotation: Annotation
    default: Any = REQUIRED  # a Python value

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Signature:
    name: str  # camelCase, as in `has`
    args: tuple[Parameter, ...]  # before `params`, which every unified method takes last
    returns: Annotation

    @property
    def python_name(self) -> str:
        return camel_to_snake(self.name)

    @property
    def argument_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.args)

    def argument(self, name: str) -> Parameter | None:
        return next((p for p in self.args if p.name == name), None)

    def admitting_none(self, name: str) -> Signature:
        """The signature with the argument `name` that may also be None (still without a default)."""
        return replace(self, args=tuple(replace(p, annotation=p.annotation.admitting_none()) if p.name == name else p for p in self.args))

    @property
    def names(self) -> frozenset[str]:
        """The names its annotations take from ccxt.base.types."""
        return self.returns.names.union(*(p.annotation.names for p in self.args))

    @classmethod
    def of(cls, name: str, args, **more) -> Signature:
        """The signature of a unified method from its (argument, default) pairs: each argument
        annotated as ccxt's Exchange annotates it, the result as most of ccxt's exchanges do."""
        python_name = camel_to_snake(name)
        base = getattr(Exchange, python_name, None)
        annotated = inspect.signature(base).parameters if base is not None else {}
        parameters = []
        for argument, default in args:
            given = annotated.get(argument)
            annotation = given.annotation if given is not None and given.annotation is not given.empty else ARGUMENT_TYPES[argument]
            if default is None and not _admits_none(annotation):
                annotation = annotation | None
            parameters.append(Parameter(argument, annotation_of(annotation), default))
        returns = _ccxt_returns().get(python_name) or RESULT_TYPES[more["kind"].result if "kind" in more else "one"]
        return cls(name, tuple(parameters), annotation_of(returns), **more)


# The type of an argument that ccxt's Exchange does not annotate (or lacks the method of).
ARGUMENT_TYPES: dict[str, Any] = {
    "symbol": str, "symbols": list[str], "since": int, "limit": int, "tag": str, "code": str, "codes": list[str],
    "id": str, "ids": list[str], "amount": float, "price": float, "cost": float, "address": str, "leverage": float,
    "timeframe": str,
}
# The result of a unified method that none of ccxt's exchanges annotates, by its kind's result.
RESULT_TYPES: dict[str, Any] = {"one": dict, "dict": dict, "list": list[dict], "other": ccxt_types.Any}


def _admits_none(annotation) -> bool:
    return annotation is None or annotation is type(None) or type(None) in typing.get_args(annotation)


def _defined_types() -> list[tuple[str, Any]]:
    """The classes and type aliases ccxt.base.types defines, in the order it defines them."""
    found = []
    for name, value in vars(ccxt_types).items():
        if name.startswith("_"):
            continue
        if isinstance(value, type) and value.__module__ == ccxt_types.__name__:
            found.append((name, value))
        elif isinstance(value, (types.GenericAlias, types.UnionType)) or typing.get_origin(value) is typing.Literal:
            found.append((name, value))
    return found


_TYPES = _defined_types()


def annotation_of(value) -> Annotation:
    """An annotation object as source text, with the names ccxt.base.types gives it: dict[str, Ticker]
    is Tickers, str | None is Str, Literal['limit', 'market'] is OrderType."""
    names: set[str] = set()

    def text(value) -> str:
        for name, defined in _TYPES:
            if defined is value or (not isinstance(defined, type) and not isinstance(value, type) and defined == value):
                names.add(name)
                return name
        if value is None or value is type(None):
            return "None"
        origin, arguments = typing.get_origin(value), typing.get_args(value)
        if origin in (types.UnionType, typing.Union):
            return " | ".join(text(argument) for argument in arguments)
        if isinstance(origin, type) and arguments:
            return f"{text(origin)}[{', '.join(text(argument) for argument in arguments)}]"
        if isinstance(value, type) and value.__module__ == "builtins":
            return value.__name__
        raise ValueError(f"no source text for the annotation {value!r}")

    return Annotation(text(value), frozenset(names), _doc_type(value), value)


def _doc_type(value) -> str:
    """The type ccxt's docstrings write for an annotation: Str is str, Num float, Strings str[]."""
    members = [member for member in typing.get_args(value) if member is not type(None)] if typing.get_origin(value) in (types.UnionType, typing.Union) else [value]
    if len(members) > 1:
        return "float" if float in members else " | ".join(_doc_type(member) for member in members)
    value = members[0]
    origin, arguments = typing.get_origin(value), typing.get_args(value)
    if origin is typing.Literal:
        return _doc_type(type(arguments[0]))
    if origin is list:
        return _doc_type(arguments[0]) + "[]" if arguments else "list"
    if origin is dict or (isinstance(value, type) and issubclass(value, dict)):
        return "dict"
    return {bool: "boolean"}.get(value, getattr(value, "__name__", "object"))


_SCAN: tuple[dict[str, Any], dict[str, str]] | None = None
_STRUCTURE_LINK = re.compile(r"https://docs\.ccxt\.com/\?id=[\w-]+")


def _ccxt_scan() -> tuple[dict[str, Any], dict[str, str]]:
    """What most of ccxt's exchange classes say of each method of UNIFIED_ARGS and COST_HELPERS
    (methods only the base class defines do not count): {python name: its return annotation},
    and {python name: the link to ccxt's structure docs in its docstring's `:returns`}."""
    global _SCAN
    if _SCAN is None:
        wanted = [camel_to_snake(name) for name in [*UNIFIED_ARGS, *COST_HELPER_ARGS]]
        returns: dict[str, Counter] = {name: Counter() for name in wanted}
        links: dict[str, Counter] = {name: Counter() for name in wanted}
        for exchange_id in ccxt.exchanges:
            exchange = getattr(ccxt, exchange_id)
            for name in wanted:
                method = getattr(exchange, name, None)
                if method is None or method is getattr(Exchange, name, None):
                    continue
                annotation = getattr(method, "__annotations__", {}).get("return")
                if annotation is not None:
                    returns[name][annotation] += 1
                for line in (method.__doc__ or "").splitlines():
                    if line.strip().startswith(":return"):
                        links[name].update(_STRUCTURE_LINK.findall(line))
        _SCAN = ({name: count.most_common(1)[0][0] for name, count in returns.items() if count}, {name: count.most_common(1)[0][0] for name, count in links.items() if count})
    return _SCAN


def _ccxt_returns() -> dict[str, Any]:
    return _ccxt_scan()[0]


def structure_link(python_name: str, structure: str) -> str | None:
    """The section of ccxt's docs on what a unified method returns (ticker-structure, ...)."""
    return _ccxt_scan()[1].get(python_name) or (f"https://docs.ccxt.com/?id={structure.replace('_', '-')}-structure" if structure else None)


@functools.cache
def parsed(kind: str) -> Annotation:
    """What the parser of one `kind` structure returns (parse_ticker: Ticker): the ccxt.base.types
    name most of ccxt's exchanges annotate their parse_<kind> with (parse_balance: Balances,
    parse_market: Market, which may be None); else ccxt's type of the structure (structures.TYPES);
    else the plain type they annotate it with (parse_ohlcv: list); else a dict. Annotations of
    scalars do not count: ccxt's parse_status and parse_network read a status or a network's text."""
    name = "parse_" + kind
    found: Counter = Counter()
    for exchange_id in ccxt.exchanges:
        method = getattr(getattr(ccxt, exchange_id), name, None)
        if method is not None and method is not getattr(Exchange, name, None):
            annotation = getattr(method, "__annotations__", {}).get("return")
            if annotation is not None and (_doc_type(annotation) in ("dict", "list") or _doc_type(annotation).endswith("[]")):
                found[annotation] += 1
    scanned = annotation_of(found.most_common(1)[0][0]) if found else None
    if scanned is not None and scanned.names:
        return scanned
    if kind in structures.TYPES:
        return annotation_of(structures.TYPES[kind])
    return scanned or annotation_of(dict)


@dataclass(frozen=True)
class Unified(Signature):
    kind: type  # kinds.Kind: what it returns, and the template that emits it
    structure: str  # the structure kind its items are

    @property
    def needs_market(self) -> bool:
        return "symbol" in self.argument_names


_SYMBOL = ("symbol", REQUIRED)
_SINCE = ("since", None)
_LIMIT = ("limit", None)

# Each unified method: (its arguments before params, with their defaults; kind; structure).
UNIFIED_ARGS: dict[str, tuple[tuple, type, str]] = {
    "fetchStatus": ((), k.PlainObject, "status"),
    "fetchTime": ((), k.Value, ""),
    "fetchMarkets": ((), k.Markets, "market"),
    "fetchCurrencies": ((), k.Currencies, "currency"),
    "fetchTicker": ((_SYMBOL,), k.One, "ticker"),
    "fetchTickers": ((("symbols", None),), k.BySymbol, "ticker"),
    "fetchOrderBook": ((_SYMBOL, _LIMIT), k.OrderBook, "order_book"),
    "fetchTrades": ((_SYMBOL, _SINCE, _LIMIT), k.TradeHistory, "trade"),
    "fetchOHLCV": ((_SYMBOL, ("timeframe", "1m"), _SINCE, _LIMIT), k.Candles, "ohlcv"),
    "fetchFundingRate": ((_SYMBOL,), k.One, "funding_rate"),
    "fetchFundingRates": ((("symbols", None),), k.BySymbol, "funding_rate"),
    "fetchFundingRateHistory": ((("symbol", None), _SINCE, _LIMIT), k.History, "funding_rate_history"),
    "fetchOpenInterest": ((_SYMBOL,), k.One, "open_interest"),
    "fetchOpenInterests": ((("symbols", None),), k.BySymbol, "open_interest"),
    "fetchCrossBorrowRates": ((), k.ByCurrency, "borrow_rate"),
    "fetchCrossBorrowRate": ((("code", REQUIRED),), k.OneOfCurrency, "borrow_rate"),
    "createOrder": ((_SYMBOL, ("type", REQUIRED), ("side", REQUIRED), ("amount", REQUIRED), ("price", None)), k.PlacedOrder, "order"),
    "createOrders": ((("orders", REQUIRED),), k.PlacedOrders, "order"),
    "cancelOrder": ((("id", REQUIRED), ("symbol", None)), k.CanceledOrder, "order"),
    "cancelOrders": ((("ids", REQUIRED), ("symbol", None)), k.CanceledOrders, "order"),
    "cancelAllOrders": ((("symbol", None),), k.CanceledAll, "order"),
    "fetchOpenOrder": ((("id", REQUIRED), ("symbol", None)), k.OneOrder, "order"),
    "fetchOrder": ((("id", REQUIRED), ("symbol", None)), k.OrderOpenElseHistory, "order"),
    "fetchOpenOrders": ((("symbol", None), _SINCE, _LIMIT), k.OrderHistory, "order"),
    "fetchOrders": ((("symbol", None), _SINCE, _LIMIT), k.OrderHistory, "order"),
    "fetchClosedOrders": ((("symbol", None), _SINCE, _LIMIT), k.OrderHistory, "order"),
    "fetchCanceledOrders": ((("symbol", None), _SINCE, _LIMIT), k.OrderHistory, "order"),
    "fetchMyTrades": ((("symbol", None), _SINCE, _LIMIT), k.TradeHistory, "trade"),
    "fetchOrderTrades": ((("id", REQUIRED), ("symbol", None), _SINCE, _LIMIT), k.TradeHistory, "trade"),
    "fetchBalance": ((), k.Balance, "balance"),
    "fetchDeposits": ((("code", None), _SINCE, _LIMIT), k.TransactionHistory, "transaction"),
    "fetchWithdrawals": ((("code", None), _SINCE, _LIMIT), k.TransactionHistory, "transaction"),
    "fetchDepositsWithdrawals": ((("code", None), _SINCE, _LIMIT), k.Combined, "transaction"),
    "fetchDepositAddress": ((("code", REQUIRED),), k.DepositAddress, "deposit_address"),
    "withdraw": ((("code", REQUIRED), ("amount", REQUIRED), ("address", REQUIRED), ("tag", None)), k.Withdrawal, "transaction"),
    "fetchDepositWithdrawFees": ((("codes", None),), k.DepositWithdrawFees, "currency"),
    "fetchTradingFees": ((), k.AccountFees, "trading_fee"),
    "fetchLeverage": ((_SYMBOL,), k.Leverage, "leverage"),
    "setLeverage": ((("leverage", REQUIRED), ("symbol", None)), k.SetLeverage, "leverage"),
    "fetchMarginMode": ((_SYMBOL,), k.MarginMode, "margin_mode"),
    "fetchPositions": ((("symbols", None),), k.Positions, "position"),
    "fetchPosition": ((_SYMBOL,), k.OnePosition, "position"),
    "fetchPositionsHistory": ((("symbols", None), _SINCE, _LIMIT), k.History, "position"),
    "fetchFundingHistory": ((("symbol", None), _SINCE, _LIMIT), k.History, "funding_history"),
    "fetchBorrowInterest": ((("code", None), ("symbol", None), _SINCE, _LIMIT), k.History, "borrow_interest"),
    "fetchSettlementHistory": ((("symbol", None), _SINCE, _LIMIT), k.History, "settlement"),
    "borrowCrossMargin": ((("code", REQUIRED), ("amount", REQUIRED)), k.MarginLoan, "margin_loan"),
    "repayCrossMargin": ((("code", REQUIRED), ("amount", REQUIRED)), k.MarginLoan, "margin_loan"),
    "fetchLedger": ((("code", None), _SINCE, _LIMIT), k.Ledger, "ledger_entry"),
    "fetchConvertQuote": ((("fromCode", REQUIRED), ("toCode", REQUIRED), ("amount", None)), k.Conversion, "conversion"),
    "createConvertTrade": ((("id", REQUIRED), ("fromCode", REQUIRED), ("toCode", REQUIRED), ("amount", None)), k.Conversion, "conversion"),
}

# ccxt's create*WithCost helpers pass the cost as the amount; these override
# them to say it is a cost, when the spec's createOrder maps `cost`.
COST_HELPER_ARGS = {
    "createMarketOrderWithCost": ("symbol", "side", "cost"),
    "createMarketBuyOrderWithCost": ("symbol", "cost"),
    "createMarketSellOrderWithCost": ("symbol", "cost"),
}


# --- the words of unified methods' docstrings ------------------------------------------------

# What each argument is ({items}: what the method fetches, in the plural).
ARGUMENT_DOCS = {
    "symbol": "unified symbol of the market",
    "symbols": "unified symbols of the markets, every market when None",
    "since": "the earliest time in ms of the {items} to fetch",
    "limit": "the most {items} to fetch",
    "timeframe": "the length of time each candle represents",
    "id": "the order id",
    "ids": "the order ids",
    "code": "unified currency code",
    "codes": "unified currency codes, every currency when None",
    "type": "'market' or 'limit'",
    "side": "'buy' or 'sell'",
    "amount": "how much of the currency",
    "price": "the price of a limit order, in the quote currency (a market order takes none)",
    "cost": "how much of the quote currency to spend",
    "address": "the address to send the currency to",
    "tag": "the memo or destination tag of the address, if it needs one",
    "leverage": "the leverage to set",
    "orders": "the orders to place, each a dict of symbol, type, side, amount, price and params",
    "fromCode": "unified code of the currency to convert from",
    "toCode": "unified code of the currency to convert to",
}
ARGUMENT_DOCS_BY_METHOD = {
    ("createOrder", "amount"): "how much of the base currency to trade",
    ("withdraw", "amount"): "how much to withdraw",
    ("borrowCrossMargin", "amount"): "how much to borrow",
    ("repayCrossMargin", "amount"): "how much to repay",
    ("fetchConvertQuote", "amount"): "how much of the fromCode currency to convert",
    ("createConvertTrade", "amount"): "how much of the fromCode currency to convert",
    ("createConvertTrade", "id"): "the id of the quote to accept",
    ("setLeverage", "symbol"): "unified symbol of the market, if the leverage is set per market",
}

# ccxt's params that the unified methods read: (type in docstrings, what it does).
PARAM_DOCS = {
    "until": ("int", "the latest time in ms of the {items} to fetch"),
    "paginate": ("boolean", "read page after page: up to paginationCalls requests of maxEntriesPerRequest {items} (ccxt's pagination)"),
    "type": ("str", "the type of the markets to keep: spot, margin, swap, future or option"),
    "clientOrderId": ("str", "the client order id, instead of the id"),
    "network": ("str", "unified network code, else the currency's only network"),
    "tag": ("str", "the memo or destination tag, instead of the tag argument"),
    "maxRetriesOnFailure": ("int", "how often to send the order again when its answer is lost (never twice: each time, the client order id is looked up first)"),
    "maxRetriesOnFailureDelay": ("int", "the ms to wait before sending it again"),
    "triggerPrice": ("float", "the price at which a trigger order is placed"),
    "stopPrice": ("float", "triggerPrice, by its older name"),
    "stopLossPrice": ("float", "a trigger order that stops a loss at this price"),
    "takeProfitPrice": ("float", "a trigger order that takes a profit at this price"),
    "triggerPriceType": ("str", "the price that triggers the order"),
    "timeInForce": ("str", "how long the order stays open"),
    "postOnly": ("boolean", "True: the order only adds liquidity (else it is canceled)"),
    "reduceOnly": ("boolean", "True: the order only reduces a position"),
    "selfTradePrevention": ("str", "what happens to an order that would trade with one of the account's own"),
    "takeProfit": ("dict", "a take-profit order to attach: its triggerPrice, and optionally price and triggerPriceType"),
    "stopLoss": ("dict", "a stop-loss order to attach: its triggerPrice, and optionally price and triggerPriceType"),
    "cost": ("float", "a market order for this much of the quote currency, instead of an amount"),
    "marginMode": ("str", "the margin mode"),
}

# ccxt.pro's watch methods a spec's ws section may implement: the structure each returns, and
# the method ccxt pairs with it for several markets (each has its un_watch_* twin too).
WATCH = {
    "watchTicker": ("ticker", "watchTickers"),
    "watchBidsAsks": ("ticker", None),  # takes a list of symbols already
    "watchOHLCV": ("ohlcv", "watchOHLCVForSymbols"),
    "watchTrades": ("trade", "watchTradesForSymbols"),
    "watchOrderBook": ("order_book", "watchOrderBookForSymbols"),
    "watchOrders": ("order", "watchOrdersForSymbols"),
    "watchMyTrades": ("trade", "watchMyTradesForSymbols"),
    "watchPositions": ("position", None),
    "watchFundingRate": ("funding_rate", "watchFundingRates"),
    "watchMarkPrice": ("ticker", "watchMarkPrices"),
    "watchLiquidations": ("liquidation", "watchLiquidationsForSymbols"),
    "watchBalance": ("balance", None),
}

# What each watch method resolves with, as ccxt.pro's exchanges do: "one" structure, a "dict" of
# them by symbol, a "list", or "other" (watchOHLCVForSymbols: {symbol: {timeframe: candles}}).
WATCH_RESULTS = {
    "watchTicker": "one",
    "watchTickers": "dict",
    "watchBidsAsks": "dict",
    "watchOHLCV": "list",
    "watchOHLCVForSymbols": "other",
    "watchTrades": "list",
    "watchTradesForSymbols": "list",
    "watchOrderBook": "one",
    "watchOrderBookForSymbols": "one",
    "watchOrders": "list",
    "watchOrdersForSymbols": "list",
    "watchMyTrades": "list",
    "watchMyTradesForSymbols": "list",
    "watchPositions": "list",
    "watchFundingRate": "one",
    "watchFundingRates": "dict",
    "watchMarkPrice": "one",
    "watchMarkPrices": "dict",
    "watchLiquidations": "list",
    "watchLiquidationsForSymbols": "list",
    "watchBalance": "one",
}


# What a method fetches, in the plural, when it is not its structure's name + "s".
ITEMS = {
    "ohlcv": "candles",
    "funding_rate_history": "funding rates",
    "funding_history": "funding payments",
    "borrow_interest": "interest payments",
    "ledger_entry": "ledger entries",
}


def items_of(structure: str) -> str:
    """trade -> trades, ledger_entry -> ledger entries: what a method of the structure fetches."""
    return ITEMS.get(structure) or (structure.replace("_", " ") + "s" if structure else "items")


# ccxt order arguments and params a createOrder `order:` mapping may name.
ORDER_REQUEST_KEYS = {
    "symbol", "side", "type", "amount", "price", "cost", "triggerPrice", "triggerAmount", "triggerPriceType",
    "timeInForce", "postOnly", "reduceOnly", "clientOrderId", "selfTradePrevention",
    "takeProfit.triggerPrice", "takeProfit.price", "takeProfit.triggerPriceType",
    "stopLoss.triggerPrice", "stopLoss.price", "stopLoss.triggerPriceType",
}

# Structure kinds a spec may map, with the unified keys each accepts: ccxt's own keys
# (structures.keys, read from ccxt.base.types) less those the templates fill themselves
# and those no template reads yet. Kinds ccxt types as plain lists or dicts list theirs.
FILLED_BY_TEMPLATES = {"info", "symbol", "datetime", "code", "fees", "trades"}  # and each *Datetime
NOT_MAPPED = {
    "market": {
        # from the market's kind, its currencies and its settlement
        "type", "subType", "spot", "margin", "swap", "future", "option", "index", "stock", "prediction",
        "contract", "linear", "inverse", "quanto", "base", "quote", "settle", "contractSize", "marginModes.cross",
        "marginModes.isolated", "percentage", "tierBased", "feeSide", "collateral",
        # ids and details no template reads yet
        "numericId", "uppercaseId", "lowercaseId", "id2", "instIdCode", "baseName", "tiers", "limits.market.min",
        "limits.market.max", "market", "marketType", "executionModel", "resolved", "resolvedOutcome", "outcomes",
    },
    "currency": {
        "numericId", "type", "margin", "networks", "valueScale",
        "limits.amount.min", "limits.amount.max", "limits.withdraw.min", "limits.withdraw.max",
    },
    "order_book": {"asks", "bids"},  # the shape's bids/asks settings
    "order": {"stopPrice", "fee.rate", "marginMode", "leverage", "hedged"},
    "position": {"contractSize", "positionMargin", "isolated", "exitPrice"},  # safe_position derives the first two
    "liquidation": {"contractSize"},  # the market's
    "transaction": {"currency", "fee.rate"},  # currency: from the shape's currency_id
    "ledger_entry": {"fee.rate"},
    "deposit_address": {"currency", "note"},
    "borrow_rate": {"currency"},
    "borrow_interest": {"currency"},
    "funding_history": {"type"},
}
BUILT_BY_TEMPLATES = {"trading_fee"}  # kinds whose template builds the whole structure
UNTYPED_KEYS = {
    "network": {
        "id", "active", "deposit", "withdraw", "fee", "precision",
        "limits.deposit.min", "limits.deposit.max", "limits.withdraw.min", "limits.withdraw.max",
    },
    "ohlcv": {"timestamp", "open", "high", "low", "close", "volume"},
    "settlement": {"price", "timestamp"},
}


def mapped_keys(kind: str) -> set:
    """The keys of a ccxt `kind` structure that a spec's fields may map."""
    not_mapped = FILLED_BY_TEMPLATES | NOT_MAPPED.get(kind, set())
    return {key for key in structures.keys(kind) if key not in not_mapped and not key.endswith("Datetime")}


STRUCTURE_KEYS = {kind: mapped_keys(kind) for kind in structures.TYPES if kind not in BUILT_BY_TEMPLATES} | UNTYPED_KEYS

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


@functools.lru_cache(maxsize=1024)  # a spec's endpoints, named again by every build
def implicit_names(api: str, method: str, path: str) -> tuple:
    """('public_get_v2_widget_list', 'publicGetV2WidgetList') for public GET v2/widget/list."""
    parts = [part for part in [api, method.lower()] + _SPLIT.split(path) if part]
    camel = "".join(part[:1].upper() + part[1:] for part in parts)
    camel = camel[:1].lower() + camel[1:]
    snake = "_".join(part.lower() for part in parts)
    return snake, camel


@functools.lru_cache(maxsize=1024)  # the unified names, asked for again and again by every build
def camel_to_snake(name: str) -> str:
    """fetchOHLCV -> fetch_ohlcv, fetchL2OrderBook -> fetch_l2_order_book."""
    snake = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", snake)
    return snake.lower()


# built last: they derive names with camel_to_snake
UNIFIED = {name: Unified.of(name, args, kind=kind, structure=structure) for name, (args, kind, structure) in UNIFIED_ARGS.items()}
COST_HELPERS = {name: Signature.of(name, [(argument, REQUIRED) for argument in args]) for name, args in COST_HELPER_ARGS.items()}
