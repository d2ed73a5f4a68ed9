# Copied by the generator from generator/static/tests/adapter_harness.py: edit it there.
"""The harness of an adapter's generated tests: fixtures, a fake transport, and ccxt's
structure validators.

test_<id>_fixtures.py checks each fixture case; test_<id>_fuzz.py throws hostile answers at
every method; test_<id>_ws_fixtures.py replays the WebSocket cases. They build exchanges, call
methods and judge their results through the functions here, and import from here too what
harness_spec.py (generated from the spec) says of the adapter under test.
"""

import asyncio
import copy
import json
import math
from pathlib import Path

import ccxt

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

from harness_spec import (  # noqa: F401 (the adapter under test and its spec's facts: the tests import them from here)
    BALANCE_PATHS,
    EXCHANGE_ID,
    FAST_PATHS,
    ITEM_FAST_PATHS,
    METHODS,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WATCH_METHODS,
    WINDOW_HEADER,
    AsyncExchange,
    MalformedItem,
    ProExchange,
    SyncExchange,
    structures,
)

STATIC = Path(__file__).parent / "static"


def fixture_cases(kind):
    """The adapter's fixture cases of one kind (request, response, ws); none where its spec has none."""
    path = STATIC / kind / f"{EXCHANGE_ID}.json"
    return json.loads(path.read_text()) if path.exists() else {"methods": {}}


REQUESTS = fixture_cases("request")
RESPONSES = fixture_cases("response")
WS_CASES = fixture_cases("ws")


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
