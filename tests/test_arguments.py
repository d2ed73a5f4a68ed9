"""A bad argument raises the ccxt exception that says what to fix, and nothing is sent.

Every case runs on the sync and the async class with the fixture markets loaded;
the transport counts the requests that reach it, and the count must stay 0.
"""

import asyncio
import math

import pytest
from ccxt.base.errors import ArgumentsRequired, BadRequest, BadSymbol, InvalidOrder

from adapter_harness import assert_templates_untouched, fresh
from ccxt_backpack import backpack
from ccxt_backpack.async_support import backpack as async_backpack
from support import API_KEY, SECRET

NOW = 1757700000000
DAY = 86400000


# fresh() copies one exchange per class built from these, with the fixture markets and currencies
# loaded (0.3 ms), instead of ccxt's constructor (2 ms) and the markets parsed again for every case
CREDENTIALS = {"apiKey": API_KEY, "secret": SECRET}


@pytest.fixture(scope="module", autouse=True)
def templates_untouched():
    """The copies share their template's markets and currencies: no case may have changed them."""
    yield
    assert_templates_untouched()


@pytest.fixture(params=["sync", "async"])
def attempt(request):
    """attempt(method, *args): call it on a fresh exchange; returns the number of requests sent."""

    def run(method, *args):
        flavour = backpack if request.param == "sync" else async_backpack
        exchange = fresh(flavour, CREDENTIALS, {})
        exchange.milliseconds = lambda: NOW
        sent = []

        def fetch(url, method="GET", headers=None, body=None):
            sent.append(url)
            raise AssertionError("no request should be sent")

        async def fetch_async(url, method="GET", headers=None, body=None):
            return fetch(url, method, headers, body)

        exchange.fetch = fetch if request.param == "sync" else fetch_async
        try:
            result = getattr(exchange, method)(*args)
            if asyncio.iscoroutine(result):
                asyncio.run(result)
        finally:
            assert sent == [], f"{method} sent {sent}"

    return run


BAD_NUMBERS = [math.nan, math.inf, -math.inf, -5, "abc", "1e999", True, [1]]


@pytest.mark.parametrize("amount", BAD_NUMBERS + [0])
def test_order_amount(attempt, amount):
    with pytest.raises(InvalidOrder, match=r"createOrder\(\) amount must be"):
        attempt("create_order", "SOL/USDC", "limit", "buy", amount, 150)


@pytest.mark.parametrize("price", BAD_NUMBERS + [0])
def test_order_price(attempt, price):
    with pytest.raises(InvalidOrder, match=r"createOrder\(\) price must be"):
        attempt("create_order", "SOL/USDC", "limit", "buy", 1, price)


@pytest.mark.parametrize("cost", BAD_NUMBERS + [0])
def test_order_cost(attempt, cost):
    with pytest.raises(InvalidOrder, match=r"createOrder\(\) cost must be"):
        attempt("create_market_buy_order_with_cost", "SOL/USDC", cost)


@pytest.mark.parametrize(
    "params,name",
    [
        ({"triggerPrice": math.nan}, "triggerPrice"),
        ({"stopPrice": -1}, "stopPrice"),
        ({"stopLossPrice": "abc"}, "stopLossPrice"),
        ({"takeProfitPrice": 0}, "takeProfitPrice"),
        ({"stopLoss": {"triggerPrice": -140}}, r"stopLoss\.triggerPrice"),
        ({"takeProfit": {"triggerPrice": 160, "price": "abc"}}, r"takeProfit\.price"),
        ({"takeProfit": math.inf}, r"takeProfit\.triggerPrice"),
    ],
)
def test_order_trigger_prices(attempt, params, name):
    with pytest.raises(InvalidOrder, match=name + " must be"):
        attempt("create_order", "SOL/USDC:USDC", "limit", "buy", 1, 150, params)


def test_an_amount_below_the_precision(attempt):
    with pytest.raises(InvalidOrder, match="amount precision"):
        attempt("create_order", "SOL/USDC", "market", "buy", 1e-9)


@pytest.mark.parametrize("client_order_id", ["abc", -1, 1.5, True, 2**32, "²", "12 "])
def test_client_order_id(attempt, client_order_id):
    with pytest.raises(InvalidOrder, match="clientOrderId must be an integer from 0 to 4294967295"):
        attempt("create_order", "SOL/USDC", "limit", "buy", 1, 150, {"clientOrderId": client_order_id})


@pytest.mark.parametrize("timeframe", ["abc", "7m", None, 60, "1M "])
def test_timeframe(attempt, timeframe):
    with pytest.raises(BadRequest, match=r"fetchOHLCV\(\) timeframe must be one of 1m, 3m, 5m, .*1M; got"):
        attempt("fetch_ohlcv", "SOL/USDC", timeframe)


HISTORIES = [
    ("fetch_trades", "SOL/USDC"),
    ("fetch_ohlcv", "SOL/USDC", "1h"),
    ("fetch_funding_rate_history", "SOL/USDC:USDC"),
    ("fetch_my_trades", "SOL/USDC"),
    ("fetch_orders", "SOL/USDC"),
    ("fetch_open_orders", "SOL/USDC"),
    ("fetch_deposits", None),
    ("fetch_ledger", None),
    ("fetch_positions_history", None),
]


@pytest.mark.parametrize("method,args", [(history[0], history[1:]) for history in HISTORIES])
@pytest.mark.parametrize("limit", [-1, 0, 1.5, "10", True])
def test_limit(attempt, method, args, limit):
    with pytest.raises(BadRequest, match=r"limit must be a positive integer"):
        attempt(method, *args, None, limit)


@pytest.mark.parametrize("method,args", [(history[0], history[1:]) for history in HISTORIES])
@pytest.mark.parametrize(
    "since,until,message",
    [
        (NOW + DAY, None, "is in the future"),
        (NOW - DAY, NOW - 2 * DAY, r"is after params\['until'\]"),
        ("yesterday", None, "since must be a time in ms"),
        (-1, None, "since must be a time in ms"),
        (math.nan, None, "since must be a time in ms"),
        (None, "tomorrow", r"params\['until'\] must be a time in ms"),
    ],
)
def test_since_and_until(attempt, method, args, since, until, message):
    with pytest.raises(BadRequest, match=message):
        attempt(method, *args, since, None, {} if until is None else {"until": until})


def test_a_whole_float_since_is_a_time(offline):
    """time.time() * 1000 is how Python code often makes one: it is sent as an integer."""
    sent = []
    offline.fetch = lambda url, method="GET", headers=None, body=None: sent.append(url) or []
    offline.milliseconds = lambda: NOW
    offline.fetch_my_trades("SOL/USDC", float(NOW - DAY), None, {"until": float(NOW)})
    assert f"from={NOW - DAY}&" in sent[0] and f"to={NOW}&" in sent[0]


@pytest.mark.parametrize("method", ["cancel_order", "fetch_order", "fetch_open_order"])
def test_an_order_id_or_a_client_order_id_is_needed(attempt, method):
    with pytest.raises(ArgumentsRequired, match=r"needs an order id or params\['clientOrderId'\]"):
        attempt(method, None, "SOL/USDC")


def test_cancel_by_a_client_order_id_that_is_not_one(attempt):
    with pytest.raises(InvalidOrder, match="clientOrderId must be an integer"):
        attempt("cancel_order", None, "SOL/USDC", {"clientOrderId": "x1"})


def test_cancel_orders_needs_a_list(attempt):
    with pytest.raises(BadRequest, match="needs a list of order ids"):
        attempt("cancel_orders", "123", "SOL/USDC")


@pytest.mark.parametrize("orders", [[], "SOL/USDC", [{"symbol": "SOL/USDC", "side": "buy"}], [None]])
def test_create_orders_needs_orders(attempt, orders):
    with pytest.raises((BadRequest, ArgumentsRequired), match=r"createOrders\(\)"):
        attempt("create_orders", orders)


@pytest.mark.parametrize("amount", BAD_NUMBERS + [0, -0.0])
@pytest.mark.parametrize("method", ["withdraw", "borrow_cross_margin", "repay_cross_margin"])
def test_funds_amount(attempt, method, amount):
    args = ("USDC", amount, "0x0ad42b8e602c2d3d475ae52d678cf63d84ab2749") if method == "withdraw" else ("USDC", amount)
    with pytest.raises(BadRequest, match="amount must be"):
        attempt(method, *args)


@pytest.mark.parametrize("leverage,message", [(0.5, "from 1 to 50"), (51, "from 1 to 50"), (math.nan, "must be a finite number"), ("x", "must be a finite number"), (-3, "must be positive")])
def test_set_leverage_outside_the_market_range(attempt, leverage, message):
    with pytest.raises(BadRequest, match=message):
        attempt("set_leverage", leverage, "SOL/USDC:USDC")


@pytest.mark.parametrize("symbol", [None, 123, ["SOL/USDC"]])
def test_a_symbol_that_is_not_text(attempt, symbol):
    with pytest.raises(BadSymbol, match="needs a market symbol"):
        attempt("fetch_ticker", symbol)


def test_the_implicit_api_rejects_a_body_it_cannot_encode(attempt):
    with pytest.raises(BadRequest, match="could not turn its arguments into a request"):
        attempt("private_post_api_v1_order", {"symbol": "SOL_USDC", "quantity": object()})


def test_retry_settings_must_be_counts(attempt):
    with pytest.raises(BadRequest, match="maxRetriesOnFailure must be a whole number"):
        attempt("create_order", "SOL/USDC", "limit", "buy", 1, 150, {"maxRetriesOnFailure": "3"})


# --- found by a hostile tester: each once sent a request, or sent it wrong ---------------


@pytest.mark.parametrize(
    "method,args,error,message",
    [
        ("cancel_orders", (["1", None], "SOL/USDC"), ArgumentsRequired, "needs an order id"),
        ("cancel_order", ([1, 2], "SOL/USDC"), BadRequest, "needs an id as text or an integer"),
        ("cancel_order", ("", "SOL/USDC"), BadRequest, "needs an id as text or an integer"),
        ("cancel_order", (True, "SOL/USDC"), BadRequest, "needs an id as text or an integer"),
        ("fetch_order", (" 12", "SOL/USDC"), BadRequest, "needs an id as text or an integer"),
        ("create_convert_trade", ([1], "USDC", "SOL"), BadRequest, "needs an id as text or an integer"),
        ("fetch_positions_history", (["NOPE/X"],), BadSymbol, "NOPE/X"),
        ("fetch_tickers", ("SOL/USDC",), BadSymbol, "needs a list of market symbols"),
        ("fetch_tickers", ({"SOL/USDC": 1},), BadSymbol, "needs a list of market symbols"),
        ("fetch_deposit_withdraw_fees", (123,), BadRequest, "needs a list of currency codes"),
        ("fetch_deposit_withdraw_fees", ("USDC",), BadRequest, "needs a list of currency codes"),
        ("fetch_my_trades", ("SOL/USDC", None, None, {"until": 10**30}), BadRequest, r"params\['until'\] must be a time"),
        ("fetch_my_trades", ("SOL/USDC", None, None, {"offset": "abc"}), BadRequest, r"params\['offset'\] must be a whole number"),
        ("fetch_my_trades", ("SOL/USDC", None, None, {"paginationCalls": 0, "paginate": True}), BadRequest, "must be 1 or more"),
        ("set_leverage", (10**30,), BadRequest, "leverage must be from 1 to 50"),
        ("withdraw", ("USDC", "5_000", "addr"), BadRequest, "written with ASCII digits"),
        ("withdraw", ("USDC", "١٢", "addr"), BadRequest, "written with ASCII digits"),
        ("withdraw", ("USDC", "\t5\n", "addr"), BadRequest, "written with ASCII digits"),
        ("withdraw", ("USDC", 5, 12345678901), BadRequest, "needs an address as text"),
        ("withdraw", ("USDC", 5, "addr", None, {"network": "FOO"}), BadRequest, "USDC has no network 'FOO'"),
        ("withdraw", ("NOPE", 5, "addr"), BadSymbol, "has no currency 'NOPE'"),
        ("fetch_deposit_address", ("USDC", {"network": "FOO"}), BadRequest, "USDC has no network 'FOO'"),
        ("fetch_balance", (None,), BadRequest, "params must be a dict"),
        ("fetch_ticker", ("SOL/USDC", [1]), BadRequest, "params must be a dict"),
        ("public_get_api_v1_ticker", ("SOL_USDC",), BadRequest, "params must be a dict"),
        ("private_post_api_v1_order", ({"symbol": "SOL_USDC", "quantity": math.nan},), BadRequest, r"params\['quantity'\] is not a finite number"),
        ("create_order", ("SOL/USDC", "limit", "buy", 1, 150, {"autoBorrow": math.inf}), InvalidOrder, "autoBorrow must be True or False"),
        ("create_order", ("SOL/USDC", "limit", "buy", 1, 150, {"slippageTolerance": math.nan}), InvalidOrder, "slippageTolerance must be a finite number"),
    ],
)
def test_hostile_arguments(attempt, markets_raw, method, args, error, message):
    with pytest.raises(error, match=message):
        attempt(method, *args)


def test_unsignable_params_with_retries_set_are_a_bad_request_before_sending(attempt):
    with pytest.raises(BadRequest, match="could not turn its arguments into a request"):
        attempt("private_get_api_v1_capital", {object(): "x", "maxRetriesOnFailure": 2})
