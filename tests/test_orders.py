"""Order arguments are checked before any request is sent, with a message that says what to fix."""

import json
import re

import pytest
from ccxt.base.errors import ArgumentsRequired, BadRequest, BadSymbol, InvalidOrder, NotSupported


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


def sent_body(offline, *args):
    """The JSON body createOrder sends for these arguments (the answer is the fixture's order)."""
    from support import response_fixture

    bodies = []
    answer = response_fixture("createOrder")["httpResponse"]
    offline.fetch = lambda url, method="GET", headers=None, body=None: bodies.append(json.loads(body)) or answer
    offline.create_order(*args)
    return bodies[0]


@pytest.mark.parametrize(
    "params,argument",
    [
        ({"quantity": "999999"}, "amount"),
        ({"side": "Ask"}, "side"),
        ({"symbol": "BTC_USDC_PERP"}, "symbol"),
        ({"clientId": "abc"}, "clientOrderId"),
        ({"orderType": "Market"}, "type"),
        ({"triggerQuantity": "5"}, "amount"),
        ({"stopLossTriggerPrice": "1"}, "stopLoss.triggerPrice"),
    ],
)
def test_a_param_that_names_an_argument_is_refused(trader, params, argument):
    """Sent as they were, they bypassed the checks: a buy became a sell, another market was traded."""
    with pytest.raises(BadRequest, match=rf"params\['{list(params)[0]}'\] is the API's name of {re.escape(argument)}"):
        trader.create_order("SOL/USDC:USDC", "limit", "buy", 1, 150, params)


@pytest.mark.parametrize("params", [{"foo": 1}, {"stopLossPercent": 5}, {"trailingPercent": 1}, {"leverage": 5}])
def test_a_param_the_order_endpoint_does_not_know_is_refused(trader, params):
    with pytest.raises(BadRequest, match=rf"does not know params\['{list(params)[0]}'\]; it knows autoBorrow, .*clientOrderId, cost, "):
        trader.create_order("SOL/USDC:USDC", "limit", "buy", 1, 150, params)


@pytest.mark.parametrize(
    "params,message",
    [
        ({"reduceOnly": "false"}, "reduceOnly must be True or False"),
        ({"postOnly": "false"}, "postOnly must be True or False"),
        ({"autoBorrow": 1}, "autoBorrow must be True or False"),
        ({"slippageToleranceType": "Pips"}, r"slippageToleranceType'\] must be one of TickSize, Percent"),
        ({"slippageTolerance": "-1"}, "slippageTolerance must be positive"),
        ({"brokerId": "7"}, r"brokerId'\] must be an integer"),
        ({"triggerPrice": 140, "stopLossPrice": 130}, "takes one of triggerPrice, stopPrice, stopLossPrice and takeProfitPrice"),
    ],
)
def test_order_options_of_the_wrong_kind_are_refused(trader, params, message):
    with pytest.raises(InvalidOrder, match=message):
        trader.create_order("SOL/USDC:USDC", "limit", "buy", 1, 150, params)


def test_isolated_margin_is_not_supported(trader):
    with pytest.raises(NotSupported, match="cross margin only; got marginMode 'isolated'"):
        trader.create_order("SOL/USDC:USDC", "limit", "buy", 1, 150, {"marginMode": "isolated"})


def test_the_api_own_options_pass_through_checked(offline):
    body = sent_body(offline, "SOL/USDC", "limit", "buy", 1, 150, {"autoBorrow": True, "slippageTolerance": "0.5", "slippageToleranceType": "Percent", "marginMode": "cross"})
    assert body["autoBorrow"] is True and body["slippageTolerance"] == "0.5" and body["slippageToleranceType"] == "Percent"
    assert "marginMode" not in body


@pytest.mark.parametrize("key", ["stopLossPrice", "takeProfitPrice", "triggerPrice"])
def test_stop_loss_and_take_profit_prices_make_trigger_orders(offline, key):
    """ccxt's meaning: wait for the price. A stop-loss or take-profit price also closes a
    position, so on a contract market the order is reduce-only."""
    body = sent_body(offline, "SOL/USDC:USDC", "market", "sell", 2, None, {key: 130})
    assert body["triggerPrice"] == "130" and body["triggerQuantity"] == "2" and "quantity" not in body
    assert body["orderType"] == "Market" and body["side"] == "Ask"
    assert body.get("reduceOnly") is (None if key == "triggerPrice" else True)
    spot = sent_body(offline, "SOL/USDC", "limit", "sell", 2, 131, {key: 130})
    assert spot["triggerPrice"] == "130" and spot["price"] == "131" and "reduceOnly" not in spot
    explicit = sent_body(offline, "SOL/USDC:USDC", "market", "sell", 2, None, {key: 130, "reduceOnly": False})
    assert explicit["reduceOnly"] is False
