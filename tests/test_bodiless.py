"""Answers without a body, as the API documents them (the spec's `bodiless` statuses).

The official OpenAPI document lets DELETE api/v1/order, api/v1/orders, api/v1/strategy
and api/v1/strategies answer 202 "Request accepted but not yet executed" without a
body, GET api/v1/ticker answer 204 (a market with nothing to report), and GET
wapi/v1/capital/withdrawals/delay answer 204 (no delay configured). A real HTTP server
on 127.0.0.1 gives those answers, so ccxt's own transport and status handling run as in
use; the simulator then stands for the exchange doing it for its documented reasons.
"""

import asyncio
import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import ccxt
import pytest

from backpack_sim import SimulatorThread
from ccxt_backpack import backpack
from ccxt_backpack.async_support import backpack as async_backpack

from support import API_KEY, SECRET, http_server, response_fixture

ROUTES: dict[tuple[str, str], list[tuple[int, str, str | None]]] = {}  # (method, path) -> answers, the last repeated
SENT: list[tuple[str, str]] = []  # (method, path) of every request the server got

JSON = "application/json; charset=utf-8"
ACCEPTED = (202, "", None)  # what the exchange sends: no body, no content type
NO_CONTENT = (204, "", None)


class Handler(BaseHTTPRequestHandler):
    def answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = (self.command, urlsplit(self.path).path.strip("/"))
        SENT.append(key)
        queue = ROUTES[key]
        status, body, content_type = queue.pop(0) if len(queue) > 1 else queue[0]
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = do_DELETE = do_PATCH = answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    with http_server(Handler) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_routes():
    ROUTES.clear()
    SENT.clear()


def route(method: str, path: str, *answers: tuple[int, str, str | None]) -> None:
    ROUTES[(method, path)] = list(answers)


def as_json(value) -> tuple[int, str, str]:
    return (200, json.dumps(value), JSON)


def sync_call(url: str, markets: list, name: str, *args):
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False, "options": {"server": url}})
    exchange.set_markets(exchange.parse_markets(markets))
    return getattr(exchange, name)(*args)


def async_call(url: str, markets: list, name: str, *args):
    async def run():
        exchange = async_backpack({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False, "timeout_on_exit": 0, "options": {"server": url}})
        exchange.set_markets(exchange.parse_markets(markets))
        try:
            return await getattr(exchange, name)(*args)
        finally:
            await exchange.close()

    return asyncio.run(run())


FLAVOURS = pytest.mark.parametrize("call", [sync_call, async_call], ids=["sync", "async"])
ORDER_KEYS = set(response_fixture("cancelOrder")["parsedResponse"])


# --- cancels: accepted, not carried out yet -------------------------------------------------


@FLAVOURS
def test_an_accepted_cancel_is_the_order_the_caller_named_with_its_status_unknown(server, markets_raw, call):
    route("DELETE", "api/v1/order", ACCEPTED)
    order = call(server, markets_raw, "cancel_order", "8284661092", "ETH/USDC")
    assert set(order) == ORDER_KEYS, "the same keys as any order"
    assert (order["id"], order["symbol"], order["clientOrderId"]) == ("8284661092", "ETH/USDC", None)
    assert order["status"] is None, "the cancel may still fail (the order may fill first): not 'canceled', not 'open'"
    assert order["info"] == {}
    assert all(order[key] is None for key in ("timestamp", "type", "side", "price", "amount", "filled", "remaining"))
    assert SENT == [("DELETE", "api/v1/order")], "sent once, never again"


@FLAVOURS
def test_an_accepted_cancel_by_client_order_id_names_that_id(server, markets_raw, call):
    route("DELETE", "api/v1/order", ACCEPTED)
    order = call(server, markets_raw, "cancel_order", None, "ETH/USDC", {"clientOrderId": 55555})
    assert (order["id"], order["clientOrderId"], order["status"]) == (None, "55555", None)


@FLAVOURS
def test_an_accepted_cancel_is_not_retried_even_with_retries_asked_for(server, markets_raw, call):
    route("DELETE", "api/v1/order", ACCEPTED)
    order = call(server, markets_raw, "cancel_order", 8284661092, "ETH/USDC", {"maxRetriesOnFailure": 3})
    assert order["id"] == "8284661092"
    assert SENT == [("DELETE", "api/v1/order")]


@FLAVOURS
def test_one_accepted_cancel_among_several_does_not_stop_the_others(server, markets_raw, call):
    canceled = response_fixture("cancelOrder")
    route("DELETE", "api/v1/order", ACCEPTED, as_json(canceled["httpResponse"]))
    orders = call(server, markets_raw, "cancel_orders", ["1", "8284661092"], "ETH/USDC")
    assert [(order["id"], order["status"]) for order in orders] == [("1", None), ("8284661092", "canceled")]
    assert len(SENT) == 2


@FLAVOURS
def test_an_accepted_cancel_of_all_orders_names_none(server, markets_raw, call):
    route("DELETE", "api/v1/orders", ACCEPTED)
    assert call(server, markets_raw, "cancel_all_orders", "ETH/USDC") == []
    assert SENT == [("DELETE", "api/v1/orders")]


@FLAVOURS
def test_an_empty_200_to_a_cancel_is_still_a_null_response(server, markets_raw, call):
    """Only the documented status means "accepted": an empty 200 is an answer that lost its order."""
    route("DELETE", "api/v1/order", (200, "", JSON))
    with pytest.raises(ccxt.NullResponse):
        call(server, markets_raw, "cancel_order", "8284661092", "ETH/USDC")


# --- tickers: nothing to report -------------------------------------------------------------


@FLAVOURS
def test_a_ticker_without_body_is_the_markets_ticker_with_nothing_known(server, markets_raw, call):
    route("GET", "api/v1/ticker", NO_CONTENT)
    ticker = call(server, markets_raw, "fetch_ticker", "ETH/USDC")
    assert ticker["symbol"] == "ETH/USDC" and ticker["info"] == {}
    numbers = ("timestamp", "open", "high", "low", "close", "last", "bid", "ask", "change", "percentage", "baseVolume", "quoteVolume")
    assert all(ticker[key] is None for key in numbers), ticker


@FLAVOURS
def test_an_empty_answer_where_none_is_documented_is_a_null_response(server, markets_raw, call):
    route("GET", "api/v1/depth", NO_CONTENT)
    with pytest.raises(ccxt.NullResponse):
        call(server, markets_raw, "fetch_order_book", "ETH/USDC")


# --- the implicit API -----------------------------------------------------------------------


@FLAVOURS
@pytest.mark.parametrize(
    "name,method,path,answer",
    [
        ("private_delete_api_v1_order", "DELETE", "api/v1/order", ACCEPTED),
        ("private_delete_api_v1_orders", "DELETE", "api/v1/orders", ACCEPTED),
        ("private_delete_api_v1_strategy", "DELETE", "api/v1/strategy", ACCEPTED),
        ("private_delete_api_v1_strategies", "DELETE", "api/v1/strategies", ACCEPTED),
        ("public_get_api_v1_ticker", "GET", "api/v1/ticker", NO_CONTENT),
        ("web_get_wapi_v1_capital_withdrawals_delay", "GET", "wapi/v1/capital/withdrawals/delay", NO_CONTENT),
    ],
)
def test_the_implicit_api_returns_none_for_a_documented_answer_without_body(server, markets_raw, call, name, method, path, answer):
    route(method, path, answer)
    assert call(server, markets_raw, name, {"symbol": "ETH_USDC"}) is None
    assert SENT == [(method, path)]


DELAY = {"currentWithdrawalDelayHours": 24, "pendingWithdrawalDelayHours": 48, "pendingWithdrawalDelayHoursEnabledAt": "2026-01-02T03:04:05"}


@FLAVOURS
def test_the_withdrawal_delay_operations_answer_as_documented(server, markets_raw, call):
    route("GET", "wapi/v1/capital/withdrawals/delay", as_json(DELAY))
    assert call(server, markets_raw, "webGetWapiV1CapitalWithdrawalsDelay") == DELAY
    route("PATCH", "wapi/v1/capital/withdrawals/delay", as_json(DELAY))
    assert call(server, markets_raw, "web_patch_wapi_v1_capital_withdrawals_delay", {"withdrawalDelayHours": 48, "twoFactorToken": "t"}) == DELAY
    route("POST", "wapi/v1/capital/withdrawals/delay", (200, "", None))
    assert call(server, markets_raw, "web_post_wapi_v1_capital_withdrawals_delay", {"withdrawalDelayHours": 24, "twoFactorToken": "t"}) == ""
    route("POST", "wapi/v1/capital/withdrawals/delay", (409, json.dumps({"code": "PRECONDITION_FAILED", "message": "Withdrawal delay already exists"}), JSON))
    with pytest.raises(ccxt.OperationRejected, match="already exists"):
        call(server, markets_raw, "web_post_wapi_v1_capital_withdrawals_delay", {"withdrawalDelayHours": 24, "twoFactorToken": "t"})


@FLAVOURS
def test_a_get_through_ccxts_retrying_fetch2_returns_none_once(server, markets_raw, call):
    """With retry options a GET goes through ccxt's own fetch2, which must neither retry nor wrap it."""
    route("GET", "api/v1/ticker", NO_CONTENT)
    assert call(server, markets_raw, "public_get_api_v1_ticker", {"symbol": "ETH_USDC", "maxRetriesOnFailure": 2}) is None
    assert SENT == [("GET", "api/v1/ticker")]


# --- against the simulator -------------------------------------------------------------------


@pytest.fixture(scope="module")
def quiet_sim():
    """No market maker and no history: every market starts empty, the way a new listing is."""
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as running:
        yield running


@pytest.fixture
def client(quiet_sim):
    keys = quiet_sim.call(quiet_sim.sim.add_account, None, {"USDC": "100000"})
    exchange = backpack({"apiKey": keys.api_key, "secret": keys.secret, "enableRateLimit": False, "options": {"server": quiet_sim.rest_url}})
    yield exchange
    quiet_sim.call(quiet_sim.sim.faults.reset)


def eventually(check, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def test_the_simulators_accepted_cancel_is_open_until_carried_out(quiet_sim, client):
    """Stands for Backpack queueing a cancel it cannot carry out at once (under load), which it
    answers 202 "Request accepted but not yet executed" without a body."""
    order = client.create_order("ETH/USDC", "limit", "buy", 0.01, 3300)
    quiet_sim.call(quiet_sim.sim.set_faults, accept_later_next=1, accept_later_ms=400)
    pending = client.cancel_order(order["id"], "ETH/USDC")
    assert (pending["id"], pending["symbol"], pending["status"]) == (order["id"], "ETH/USDC", None)
    assert client.fetch_order(order["id"], "ETH/USDC")["status"] == "open", "accepted, not carried out yet"
    eventually(lambda: client.fetch_order(order["id"], "ETH/USDC")["status"] == "canceled")


def test_the_simulators_accepted_cancel_of_all_orders_names_none_and_cancels_them_later(quiet_sim, client):
    for price in (3300, 3310):
        client.create_order("ETH/USDC", "limit", "buy", 0.01, price)
    quiet_sim.call(quiet_sim.sim.set_faults, accept_later_next=1, accept_later_ms=200)
    assert client.cancel_all_orders("ETH/USDC") == []
    eventually(lambda: client.fetch_open_orders("ETH/USDC") == [])


def test_the_ticker_of_an_empty_simulator_market_has_nothing_known(client):
    """Stands for Backpack's 204 to the ticker of a market with nothing in it (no trade, no order)."""
    ticker = client.fetch_ticker("BTC/USDC")
    assert (ticker["symbol"], ticker["last"], ticker["baseVolume"], ticker["info"]) == ("BTC/USDC", None, None, {})
