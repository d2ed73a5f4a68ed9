"""The harness of the Backpack adapter's generated tests: fixtures, a fake transport, and
ccxt's structure validators; generated from spec/backpack; do not edit.

test_backpack_fixtures.py checks each fixture case; test_backpack_fuzz.py throws
hostile answers at every method. Both build exchanges, call methods and judge
their results through the functions here.
"""

import asyncio
import copy
import json
import math
from pathlib import Path

import ccxt

from ccxt_backpack import backpack as SyncExchange
from ccxt_backpack.async_support import backpack as AsyncExchange
from ccxt_backpack.pro import backpack as ProExchange
from ccxt_backpack import structures
from ccxt_backpack.checks import MalformedItem

from ccxt.test.exchange.base.test_balance import test_balance as validate_balance
from ccxt.test.exchange.base.test_borrow_rate import test_borrow_rate as validate_borrow_rate
from ccxt.test.exchange.base.test_currency import test_currency as validate_currency
from ccxt.test.exchange.base.test_borrow_interest import test_borrow_interest as validate_borrow_interest
from ccxt.test.exchange.base.test_deposit_withdrawal import test_deposit_withdrawal as validate_deposit_withdrawal
from ccxt.test.exchange.base.test_ledger_entry import test_ledger_entry as validate_ledger_entry
from ccxt.test.exchange.base.test_position import test_position as validate_position
from ccxt.test.exchange.base.test_margin_mode import test_margin_mode as validate_margin_mode
from ccxt.test.exchange.base.test_trading_fee import test_trading_fee as validate_trading_fee
from ccxt.test.exchange.base.test_funding_rate_history import test_funding_rate_history as validate_funding_rate_history
from ccxt.test.exchange.base.test_market import test_market as validate_market
from ccxt.test.exchange.base.test_ohlcv import test_ohlcv as validate_ohlcv
from ccxt.test.exchange.base.test_open_interest import test_open_interest as validate_open_interest
from ccxt.test.exchange.base.test_order import test_order as validate_order
from ccxt.test.exchange.base.test_order_book import test_order_book as validate_order_book
from ccxt.test.exchange.base.test_status import test_status as validate_status
from ccxt.test.exchange.base.test_ticker import test_ticker as validate_ticker
from ccxt.test.exchange.base.test_trade import test_trade as validate_trade

STATIC = Path(__file__).parent / "static"
REQUESTS = (
    json.loads((STATIC / "request" / "backpack.json").read_text())
    if (STATIC / "request" / "backpack.json").exists()
    else {"methods": {}}
)
RESPONSES = (
    json.loads((STATIC / "response" / "backpack.json").read_text())
    if (STATIC / "response" / "backpack.json").exists()
    else {"methods": {}}
)
WS_CASES = (
    json.loads((STATIC / "ws" / "backpack.json").read_text())
    if (STATIC / "ws" / "backpack.json").exists()
    else {"methods": {}}
)
# watch method -> (what it resolves with: "one", "dict", "list" or "other"; the structure of its items)
WATCH_METHODS = {
    "watchTicker": ("one", "ticker"),
    "watchTickers": ("dict", "ticker"),
    "watchBidsAsks": ("dict", "ticker"),
    "watchOHLCV": ("list", "ohlcv"),
    "watchOHLCVForSymbols": ("other", "ohlcv"),
    "watchTrades": ("list", "trade"),
    "watchTradesForSymbols": ("list", "trade"),
    "watchOrderBook": ("one", "order_book"),
    "watchOrderBookForSymbols": ("one", "order_book"),
    "watchOrders": ("list", "order"),
    "watchOrdersForSymbols": ("list", "order"),
    "watchMyTrades": ("list", "trade"),
    "watchMyTradesForSymbols": ("list", "trade"),
    "watchPositions": ("list", "position"),
    "watchFundingRate": ("one", "funding_rate"),
    "watchFundingRates": ("dict", "funding_rate"),
    "watchMarkPrice": ("one", "ticker"),
    "watchMarkPrices": ("dict", "ticker"),
    "watchLiquidations": ("list", "liquidation"),
    "watchLiquidationsForSymbols": ("list", "liquidation"),
}

# unified method -> (what it returns: "one" structure, a "dict" of them, a "list" or "other";
# the structure ccxt's validators check its items as), from the spec
METHODS = {
    "fetchStatus": ("one", "status"),
    "fetchTime": ("other", ""),
    "fetchMarkets": ("list", "market"),
    "fetchCurrencies": ("dict", "currency"),
    "fetchTicker": ("one", "ticker"),
    "fetchTickers": ("dict", "ticker"),
    "fetchOrderBook": ("one", "order_book"),
    "fetchTrades": ("list", "trade"),
    "fetchOHLCV": ("list", "ohlcv"),
    "fetchFundingRate": ("one", "funding_rate"),
    "fetchFundingRates": ("dict", "funding_rate"),
    "fetchFundingRateHistory": ("list", "funding_rate_history"),
    "fetchOpenInterest": ("one", "open_interest"),
    "fetchOpenInterests": ("dict", "open_interest"),
    "fetchCrossBorrowRates": ("dict", "borrow_rate"),
    "fetchCrossBorrowRate": ("one", "borrow_rate"),
    "createOrder": ("one", "order"),
    "createOrders": ("list", "order"),
    "cancelOrder": ("one", "order"),
    "cancelOrders": ("list", "order"),
    "cancelAllOrders": ("list", "order"),
    "fetchOpenOrder": ("one", "order"),
    "fetchOrder": ("one", "order"),
    "fetchOpenOrders": ("list", "order"),
    "fetchOrders": ("list", "order"),
    "fetchClosedOrders": ("list", "order"),
    "fetchCanceledOrders": ("list", "order"),
    "fetchMyTrades": ("list", "trade"),
    "fetchOrderTrades": ("list", "trade"),
    "fetchBalance": ("one", "balance"),
    "fetchDeposits": ("list", "transaction"),
    "fetchWithdrawals": ("list", "transaction"),
    "fetchDepositsWithdrawals": ("list", "transaction"),
    "fetchDepositAddress": ("one", "deposit_address"),
    "withdraw": ("one", "transaction"),
    "fetchDepositWithdrawFees": ("dict", "deposit_withdraw_fee"),
    "fetchTradingFees": ("dict", "trading_fee"),
    "fetchLeverage": ("one", "leverage"),
    "setLeverage": ("one", "leverage"),
    "fetchMarginMode": ("one", "margin_mode"),
    "fetchPositions": ("list", "position"),
    "fetchPosition": ("one", "position"),
    "fetchPositionsHistory": ("list", "position"),
    "fetchFundingHistory": ("list", "funding_history"),
    "fetchBorrowInterest": ("list", "borrow_interest"),
    "fetchSettlementHistory": ("list", "settlement"),
    "borrowCrossMargin": ("one", "margin_loan"),
    "repayCrossMargin": ("one", "margin_loan"),
    "fetchLedger": ("list", "ledger_entry"),
    "fetchConvertQuote": ("other", "conversion"),
    "createConvertTrade": ("other", "conversion"),
}
# method -> (the fast parser of its list's rows, the per-row parser it must agree with)
FAST_PATHS = {
    "fetchTrades": ("parse_trade_public_rows", "parse_trade"),
    "fetchOHLCV": ("parse_ohlcv_rows", "parse_ohlcv"),
    "fetchOpenOrders": ("parse_order_rows", "parse_order_reference"),
    "fetchOrders": ("parse_order_rows", "parse_order_reference"),
    "fetchMyTrades": ("parse_trade_fill_rows", "parse_trade"),
    "fetchOrderTrades": ("parse_trade_fill_rows", "parse_trade"),
}
# method -> (the parser of one item with a fast path, the reference it must agree with)
ITEM_FAST_PATHS = {
    "fetchTicker": ("parse_ticker", "parse_ticker_reference"),
    "fetchTickers": ("parse_ticker", "parse_ticker_reference"),
    "createOrder": ("parse_order", "parse_order_reference"),
    "createOrders": ("parse_order", "parse_order_reference"),
    "cancelOrder": ("parse_order", "parse_order_reference"),
    "cancelOrders": ("parse_order", "parse_order_reference"),
    "cancelAllOrders": ("parse_order", "parse_order_reference"),
    "fetchOpenOrder": ("parse_order", "parse_order_reference"),
    "fetchOrder": ("parse_order", "parse_order_reference"),
    "fetchOpenOrders": ("parse_order", "parse_order_reference"),
    "fetchOrders": ("parse_order", "parse_order_reference"),
}
# balance shape -> (its parser with a fast path, the per-row parser it must agree with, the field
# of its list of rows: None when the answer maps currency ids to rows)
BALANCE_PATHS = {
    "spot": ("parse_balance_spot", "balance_row_spot", None),
    "collateral": ("parse_balance_collateral", "balance_row_collateral", "collateral"),
}

# the headers of a signed request (None: the spec has no signing)
SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
WINDOW_HEADER = "X-Window"


class Captured(ccxt.BaseError):
    """Raised by the fake transport of request tests once the request is built (a ccxt error, so
    that the adapter lets it through as it would the transport's own)."""


def case_ids(document):
    return [(method, index) for method, cases in document["methods"].items() for index in range(len(cases))]


def fixture_markets():
    cases = RESPONSES["methods"].get("fetchMarkets") or [{"httpResponse": []}]
    return cases[0]["httpResponse"]


def fixture_currencies():
    cases = RESPONSES["methods"].get("fetchCurrencies")
    return cases[0]["httpResponse"] if cases else None


def make_exchange(cls, document):
    config = {"enableRateLimit": False, "timeout_on_exit": 0}
    for key in ("apiKey", "secret"):
        if key in document:
            config[key] = document[key]
    if "options" in document:
        config["options"] = document["options"]
    exchange = cls(config)
    return exchange


def load_offline_markets(exchange):
    """Markets (and currencies) parsed by the adapter itself from the fetchMarkets fixture."""
    currencies = fixture_currencies()
    if currencies is not None and exchange.has.get("fetchCurrencies"):
        exchange.currencies = exchange.map_to_safe_map(
            {currency["code"]: currency for currency in (exchange.parse_currency(raw) for raw in currencies)}
        )
    exchange.set_markets(exchange.parse_markets(fixture_markets()), exchange.currencies or None)


def call(exchange, method, args):
    """Call a method of either flavour; an async one runs to completion on a fresh loop."""
    if not isinstance(exchange, AsyncExchange):
        return getattr(exchange, method)(*args)

    async def run():
        try:
            return await getattr(exchange, method)(*args)
        finally:
            await exchange.close()

    return asyncio.run(run())


def install_transport(exchange, answer):
    """Replace the HTTP call: answer(url, method, headers, body) gives the decoded body."""
    if isinstance(exchange, AsyncExchange):

        async def fetch(url, method="GET", headers=None, body=None):
            return answer(url, method, headers, body)

    else:

        def fetch(url, method="GET", headers=None, body=None):
            return answer(url, method, headers, body)

    exchange.fetch = fetch


def prepared(flavour, document, case):
    """An exchange of the flavour with the fixture markets loaded, the clock pinned and no waiting."""
    exchange = make_exchange(flavour, document)
    load_offline_markets(exchange)
    return ready(exchange, flavour, document, case)


def ready(exchange, flavour, document, case):
    """The exchange with the case's clock pinned and sleep() not waiting."""
    pin_clock(exchange, document, case)
    if issubclass(flavour, AsyncExchange):

        async def sleep(milliseconds):
            return None

    else:

        def sleep(milliseconds):
            return None

    exchange.sleep = sleep
    return exchange


# --- fresh(): prepared() for thousands of fuzz examples
#
# Building an exchange (ccxt's constructor, then the fixture markets parsed and set) takes about
# 2.5 ms, most of a fuzz example's time. fresh() copies a template built once per flavour and
# document instead: the copy has its own deep copy of every attribute, except the large tables
# below, which it shares with the template. The adapter only reads them: assert_templates_untouched()
# (after every fuzz test) finds them equal to what they were when the template was built, so that
# no example can leave anything to the next one.
SHARED = frozenset(
    (
        "markets",
        "markets_by_id",
        "currencies",
        "currencies_by_id",
        "api",
        "has",
        "features",
        "exceptions",
        "httpExceptions",
    )
)
# The HTTP session and SSL context are the template's too, as they are: install_transport() replaces
# the call that would use them (a requests.Session takes most of the time deepcopy would take, and
# an SSLContext cannot be copied; ccxt's constructor keeps one as sslContext when the class has one).
NOT_COPIED = SHARED | {"session", "sslContext"}
_TEMPLATES = {}  # (flavour, id(document)) -> (the template, a deep copy of its shared tables)


def template(flavour, document):
    key = (flavour, id(document))
    if key not in _TEMPLATES:
        exchange = make_exchange(flavour, document)
        load_offline_markets(exchange)
        _TEMPLATES[key] = (exchange, copy.deepcopy(shared_tables(exchange)))
    return _TEMPLATES[key][0]


def shared_tables(exchange):
    return {name: value for name, value in vars(exchange).items() if name in SHARED}


def fresh(flavour, document, case):
    """What prepared() gives, copied from a template: its own attributes, and the shared tables."""
    original = template(flavour, document)
    state = vars(original)
    exchange = copy.copy(original)
    vars(exchange).update(copy.deepcopy({name: value for name, value in state.items() if name not in NOT_COPIED}))
    exchange.origin = exchange.uuid()  # each instance's own, as ccxt's constructor gives it
    return ready(exchange, flavour, document, case)


def assert_templates_untouched():
    """The tables the copies share are as they were when their template was built."""
    for (flavour, _), (original, tables) in _TEMPLATES.items():
        changed = sorted(name for name, value in shared_tables(original).items() if value != tables[name])
        assert (
            not changed
        ), f"a test changed the {flavour.__name__} template's {', '.join(changed)}: fresh() copies would share the change"


def pin_clock(exchange, document, case):
    signing = case.get("signing") or document.get("signing") or {}
    timestamp = signing.get("timestamp", case.get("timestamp", document.get("timestamp")))
    if timestamp is not None:
        exchange.milliseconds = lambda: timestamp
    if "window" in signing:
        exchange.options["recvWindow"] = signing["window"]


def items_of(result_kind, result):
    """The structures in a method's result, for the validators."""
    if result_kind == "one":
        return [result]
    if result_kind == "dict":
        return list(result.values())
    if result_kind == "list":
        return list(result)
    return []


def assert_numbers(structure, item):
    if structure == "ohlcv":
        assert isinstance(item[0], int) and not isinstance(item[0], bool), item
        assert all(value is None or is_number(value) for value in item[1:]), item
        return
    if structure == "deposit_withdraw_fee":
        for side in ("withdraw", "deposit"):
            assert_number_leaves(item[side]["fee"], side)
            for network, entry in item["networks"].items():
                assert_number_leaves(entry[side]["fee"], f"networks.{network}.{side}")
        return
    if structure == "balance":
        for group in ("free", "used", "total"):
            assert_number_leaves(item[group], group)
        return
    if structure == "order_book":
        for side in ("bids", "asks"):
            for level in item[side]:
                assert all(is_number(value) for value in level), level
    if structure in structures.TYPES:
        assert_typed_keys(structure, item)
    if structure in ("market", "currency"):
        for group in ("precision", "limits"):
            assert_number_leaves(item.get(group), group)
        for code, network in (item.get("networks") or {}).items():
            for group in ("fee", "precision", "limits"):
                assert_number_leaves(network.get(group), f"networks.{code}.{group}")


def assert_typed_keys(structure, item):
    """The keys ccxt types as integers hold ints, those it types as numbers finite numbers (or None)."""
    for key in structures.integers(structure):
        value = value_at(item, key)
        assert value is None or type(value) is int, f"{key} = {value!r} is not an integer"
    for key in structures.numbers(structure):
        value = value_at(item, key)
        assert value is None or is_number(value), f"{key} = {value!r} is not a finite number"


def value_at(item, path):
    """The value at a dotted path (fee.cost) of a structure; None where a step is missing."""
    for key in path.split("."):
        if not isinstance(item, dict):
            return None
        item = item.get(key)
    return item


def is_number(value):
    """An int or a finite float (not a bool, not numeric text, not NaN or an infinity)."""
    return type(value) is int or (type(value) is float and math.isfinite(value))


def assert_number_leaves(value, path):
    """Every leaf of a nested precision/limits mapping is a number or None."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert_number_leaves(item, f"{path}.{key}")
    else:
        assert value is None or is_number(value), f"{path} = {value!r} is not a finite number"


def validate(exchange, method, structure, item, case, skipped):
    """ccxt's own structure validator for the item (they accept numeric strings; see assert_numbers)."""
    now = exchange.milliseconds()
    symbol = item.get("symbol") if isinstance(item, dict) else (case["input"][0] if case["input"] else None)
    if structure == "ticker":
        validate_ticker(exchange, skipped, method, item, symbol)
    elif structure == "trade":
        validate_trade(exchange, skipped, method, item, symbol, now, method == "fetchTrades")
    elif structure == "order_book":
        validate_order_book(exchange, skipped, method, item, symbol)
    elif structure == "ohlcv":
        validate_ohlcv(exchange, skipped, method, item, symbol, now)
    elif structure == "market":
        validate_market(exchange, skipped, method, item)
    elif structure == "currency":
        validate_currency(exchange, skipped, method, item)
    elif structure == "status":
        validate_status(exchange, skipped, method, item, now)
    elif structure == "funding_rate_history":
        validate_funding_rate_history(exchange, skipped, method, item, symbol)
    elif structure == "open_interest":
        validate_open_interest(exchange, skipped, method, item)
    elif structure == "borrow_rate":
        validate_borrow_rate(exchange, skipped, method, item, item.get("currency"))
    elif structure == "order":
        validate_order(exchange, skipped, method, item, symbol, now)
    elif structure == "balance":
        validate_balance(exchange, skipped, method, item)
    elif structure == "transaction":
        validate_deposit_withdrawal(exchange, skipped, method, item, item.get("currency"), now)
    elif structure == "trading_fee":
        validate_trading_fee(exchange, skipped, method, item["symbol"], item)
    elif structure == "margin_mode":
        validate_margin_mode(exchange, skipped, method, item)
    elif structure == "position":
        validate_position(exchange, skipped, method, item, symbol, now)
    elif structure == "ledger_entry":
        validate_ledger_entry(exchange, skipped, method, item, item.get("currency"), now)
    elif structure == "borrow_interest":
        validate_borrow_interest(exchange, skipped, method, item, item.get("currency"), item.get("symbol"))
