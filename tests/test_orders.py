"""Order arguments are checked before any request is sent, with a message that says what to fix."""

import json

import pytest
from ccxt.base.errors import ArgumentsRequired, BadSymbol, InvalidOrder


@pytest.fixture
def trader(offline):
    """The offline exchange; any request it tries to send fails the test."""

    def fetch(url, method="GET", headers=None, body=None):
        raise AssertionError(f"no request should be sent, got {method} {url}")

    offline.fetch = fetch
    return offline


@pytest.mark.parametrize(
    "args,error,message",
    [
        (("NOPE/USDC", "limit", "buy", 1, 10), BadSymbol, "NOPE/USDC"),
        (("SOL/USDC", "limit", "buy", 1), ArgumentsRequired, "needs a price for a limit order"),
        (("SOL/USDC", "market", "buy", None), ArgumentsRequired, "needs amount"),
        (("SOL/USDC", "limit", "buy", 0.001, 150), InvalidOrder, "minimum amount precision"),
        (("SOL/USDC", "stop", "buy", 1, 150), InvalidOrder, "type must be one of limit, market; got 'stop'"),
        (("SOL/USDC", "limit", "long", 1, 150), InvalidOrder, "side must be one of buy, sell"),
        (("SOL/USDC", "limit", "buy", 1, 150, {"timeInForce": "GTD"}), InvalidOrder, "timeInForce must be one of GTC, IOC, FOK"),
        (("SOL/USDC", "market", "buy", 1, None, {"postOnly": True}), InvalidOrder, "market order cannot be post-only"),
        (("SOL/USDC", "limit", "buy", 1, 150, {"clientOrderId": "abc"}), InvalidOrder, "clientOrderId must be an integer from 0 to 4294967295"),
        (("SOL/USDC", "limit", "buy", 1, 150, {"clientOrderId": 2**32}), InvalidOrder, "clientOrderId must be an integer"),
        (("SOL/USDC", "limit", "buy", 1, 150, {"selfTradePrevention": "NONE"}), InvalidOrder, "selfTradePrevention must be one of EXPIRE_TAKER"),
        (("SOL/USDC:USDC", "limit", "buy", 1, 150, {"takeProfit": {"price": 160}}), ArgumentsRequired, "takeProfit needs a triggerPrice"),
    ],
)
def test_bad_order_arguments_fail_before_any_request(trader, args, error, message):
    with pytest.raises(error, match=message):
        trader.create_order(*args)


def test_a_bad_order_in_a_batch_fails_the_batch_before_any_request(trader):
    orders = [{"symbol": "SOL/USDC", "type": "limit", "side": "buy", "amount": 1, "price": 150}, {"symbol": "SOL/USDC", "type": "limit", "side": "buy", "amount": 1}]
    with pytest.raises(ArgumentsRequired):
        trader.create_orders(orders)


@pytest.mark.parametrize("method,args", [("cancel_order", ("1",)), ("fetch_open_order", ("1",)), ("fetch_order", ("1",))])
def test_order_lookups_need_a_symbol(trader, method, args):
    with pytest.raises(ArgumentsRequired, match="requires a symbol"):
        getattr(trader, method)(*args)


def test_cancel_all_orders_without_a_symbol_cancels_in_every_market_with_open_orders(offline):
    from support import response_fixture

    open_orders = response_fixture("fetchOpenOrders")["httpResponse"]
    canceled = response_fixture("cancelAllOrders")["httpResponse"]
    sent = []

    def fetch(url, method="GET", headers=None, body=None):
        sent.append((method, url.split("?")[0].rsplit("/", 1)[-1], json.loads(body) if body else None))
        return open_orders if method == "GET" else canceled

    offline.fetch = fetch
    result = offline.cancel_all_orders()
    assert sent[0][:2] == ("GET", "orders")
    assert [(verb, body["symbol"]) for verb, _, body in sent[1:]] == [("DELETE", "ETH_USDC"), ("DELETE", "ETH_USDC_PERP")]
    # each answer holds the canceled ETH_USDC order; only the market asked about keeps it
    assert [order["symbol"] for order in result] == ["ETH/USDC"] and result[0]["status"] == "canceled"


def test_cancel_orders_cancels_each_id(offline):
    from support import response_fixture

    canceled = response_fixture("cancelOrder")["httpResponse"]
    bodies = []
    offline.fetch = lambda url, method="GET", headers=None, body=None: bodies.append(json.loads(body)) or canceled
    offline.cancel_orders(["1", "2"], "ETH/USDC")
    assert bodies == [{"symbol": "ETH_USDC", "orderId": "1"}, {"symbol": "ETH_USDC", "orderId": "2"}]


def test_edit_order_is_ccxts_cancel_and_create(offline):
    from support import response_fixture

    answers = {"DELETE": response_fixture("cancelOrder")["httpResponse"], "POST": response_fixture("createOrder")["httpResponse"]}
    verbs = []
    offline.fetch = lambda url, method="GET", headers=None, body=None: verbs.append(method) or answers[method]
    order = offline.edit_order("8284661092", "ETH/USDC", "limit", "buy", 0.001, 4000)
    assert verbs == ["DELETE", "POST"] and order["status"] == "open"
