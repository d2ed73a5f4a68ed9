"""No order is ever sent twice, the clock is followed, and a cut-short answer is a NetworkError.

Against the simulator, sync and async. Its faults `drop_after_next` and
`delay_after_next` execute a request and then lose (or hold back) the answer:
they stand for a connection that breaks after the exchange placed the order.
Its clientId rule is the reference's: a client id in use by an open order is
rejected with INVALID_ORDER "Order with client ID already exists".
"""

import asyncio
import socket
import threading

import ccxt
import pytest

from backpack_sim import SimulatorThread
from exchange_checks import FLAVOURS, Client, connections

RETRIES = {"maxRetriesOnFailure": 3}


@pytest.fixture(scope="module")
def sim():
    with SimulatorThread(seed=17, market_maker=True, history=False) as running:
        yield running


@pytest.fixture
def connect(sim):
    keys = sim.call(sim.sim.add_account, None, {"USDC": "100000", "SOL": "500"})
    with connections(apiKey=keys.api_key, secret=keys.secret, options={"server": sim.rest_url}, enableRateLimit=False) as make:
        yield make
    sim.call(sim.sim.faults.reset)


def lose_next_answer(sim):
    sim.call(sim.sim.set_faults, drop_after_next=1)


@FLAVOURS
def test_ccxt_retries_never_resend_an_order_without_a_client_id(sim, connect, flavour):
    """ccxt's own fetch2 retried the POST after a lost answer: 10 calls left 15 orders."""
    client = connect(flavour, options=dict(RETRIES))
    for _ in range(10):
        lose_next_answer(sim)
        with pytest.raises(ccxt.NetworkError):
            client.create_order("SOL/USDC", "market", "buy", 0.1)
    assert len(client.fetch_orders("SOL/USDC", limit=100)) == 10  # each executed once


@FLAVOURS
@pytest.mark.parametrize("order_type", ["limit", "market"])
def test_a_lost_answer_resolves_to_the_order_placed(sim, connect, flavour, order_type):
    """A resting order is found among the open orders; a filled one in the order history."""
    client = connect(flavour, options=dict(RETRIES))
    price = client.fetch_ticker("SOL/USDC")["last"] * (0.8 if order_type == "limit" else 1)
    lose_next_answer(sim)
    order = client.create_order("SOL/USDC", order_type, "buy", 0.5, price if order_type == "limit" else None, {"clientOrderId": 4242})
    assert order["clientOrderId"] == "4242" and order["amount"] == 0.5
    assert order["status"] == ("open" if order_type == "limit" else "closed")
    placed = [row for row in client.fetch_orders("SOL/USDC", limit=100) if row["clientOrderId"] == "4242"]
    assert [row["id"] for row in placed] == [order["id"]]


@FLAVOURS
def test_an_answer_that_comes_too_late_resolves_to_the_order_placed(sim, connect, flavour):
    client = connect(flavour, timeout=300, options=dict(RETRIES))
    sim.call(sim.sim.set_faults, delay_after_next=1, delay_after_ms=900)
    order = client.create_order("SOL/USDC", "market", "sell", 0.25, None, {"clientOrderId": 77})
    assert order["clientOrderId"] == "77" and order["status"] == "closed"
    assert len([row for row in client.fetch_orders("SOL/USDC", limit=100) if row["clientOrderId"] == "77"]) == 1


@FLAVOURS
def test_auto_client_order_id_makes_orders_safe_to_retry(sim, connect, flavour):
    client = connect(flavour, options=dict(RETRIES, autoClientOrderId=True))
    lose_next_answer(sim)
    order = client.create_order("SOL/USDC", "market", "buy", 0.1)
    assert order["clientOrderId"] is not None and 0 < int(order["clientOrderId"]) < 2**32
    assert len(client.fetch_orders("SOL/USDC", limit=100)) == 1


@FLAVOURS
def test_requests_that_change_state_are_sent_once_and_reads_are_retried(sim, connect, flavour):
    client = connect(flavour, options=dict(RETRIES))
    price = client.fetch_ticker("SOL/USDC")["last"] * 0.8
    order = client.create_order("SOL/USDC", "limit", "buy", 0.5, price)
    lose_next_answer(sim)
    with pytest.raises(ccxt.NetworkError):  # the cancel went through; a re-sent one would say OrderNotFound
        client.cancel_order(order["id"], "SOL/USDC")
    assert client.fetch_open_orders("SOL/USDC") == []
    sim.call(sim.sim.set_faults, burst_429=2)
    assert client.fetch_ticker("SOL/USDC")["symbol"] == "SOL/USDC"  # GET: retried through two 429s


@FLAVOURS
def test_a_wrong_clock_fails_clearly_and_adjust_for_time_difference_fixes_it(connect, flavour):
    late = connect(flavour)
    late.exchange.milliseconds = lambda: ccxt.Exchange.milliseconds() - 600000  # this machine is 10 minutes behind
    with pytest.raises(ccxt.InvalidNonce, match=r"(?s)expired.*clock.*adjustForTimeDifference.*recvWindow'\] = 5000 ms"):
        late.fetch_balance()
    adjusted = connect(flavour, options={"adjustForTimeDifference": True})
    adjusted.exchange.milliseconds = lambda: ccxt.Exchange.milliseconds() - 600000
    adjusted.load_markets(True)
    assert 590000 < adjusted.exchange.options["timeDifference"] * -1 < 610000
    assert "USDC" in adjusted.fetch_balance()


@pytest.fixture
def cut_short_server():
    """A server that promises 1,000 bytes of JSON and closes the connection after 20."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            with connection:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" + b'{"symbol": "SOL_USDC", ')

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    listener.close()


@FLAVOURS
def test_an_answer_cut_short_is_a_network_error(cut_short_server, flavour):
    """ccxt's async class makes it an ExchangeError; the sync class and ours a NetworkError."""
    urls = {"public": cut_short_server, "private": cut_short_server, "web": cut_short_server}
    client = Client(flavour, {"urls": {"api": urls}, "enableRateLimit": False, "timeout": 2000})
    try:
        with pytest.raises(ccxt.NetworkError):
            client.fetch_status()
    finally:
        client.close()


def scripted(exchange, *steps):
    """Answer the requests with `steps` in turn: (method, path fragment, answer or exception)."""
    sent = []

    def fetch(url, method="GET", headers=None, body=None):
        expected_method, fragment, answer = steps[len(sent)]
        sent.append(f"{method} {url}")
        assert method == expected_method and fragment in url, sent
        if isinstance(answer, Exception):
            raise answer
        return answer

    exchange.fetch = fetch
    return sent


def placed_order(client_id, created_at, order_id="111"):
    return {"id": order_id, "clientId": client_id, "createdAt": created_at, "executedQuantity": "0", "executedQuoteQuantity": "0", "orderType": "Limit", "price": "140", "quantity": "1", "side": "Bid", "status": "New", "symbol": "SOL_USDC", "timeInForce": "GTC"}


def test_a_resend_rejected_as_a_duplicate_resolves_to_the_order_there(offline):
    """The lookup misses the order (the exchange has not shown it yet), the resend is rejected
    as a duplicate client id, and the second lookup finds it: one order, never two."""
    offline.milliseconds = lambda: 1757700000000
    sent = scripted(
        offline,
        ("POST", "/api/v1/order", ccxt.RequestTimeout("backpack POST timed out")),
        ("GET", "/api/v1/order?", ccxt.OrderNotFound("backpack Order not found")),
        ("GET", "/wapi/v1/history/orders", []),
        ("POST", "/api/v1/order", ccxt.InvalidOrder('backpack {"code":"INVALID_ORDER","message":"Order with client ID already exists: 7"}')),
        ("GET", "/api/v1/order?", placed_order(7, 1757700000100)),
    )
    order = offline.create_order("SOL/USDC", "limit", "buy", 1, 140, {"clientOrderId": 7, "maxRetriesOnFailure": 2})
    assert order["id"] == "111" and order["clientOrderId"] == "7" and len(sent) == 5
    assert "clientId=7" in sent[1] and "clientId" not in sent[2]


def test_an_old_order_that_reused_the_client_id_is_not_taken_for_the_new_one(offline):
    offline.milliseconds = lambda: 1757700000000
    sent = scripted(
        offline,
        ("POST", "/api/v1/order", ccxt.NetworkError("backpack connection reset")),
        ("GET", "/api/v1/order?", ccxt.OrderNotFound("backpack Order not found")),
        ("GET", "/wapi/v1/history/orders", [dict(placed_order(7, "2025-09-12T16:00:00.000", "99"), status="Filled")]),
        ("POST", "/api/v1/order", placed_order(7, 1757700000300, "112")),
    )
    order = offline.create_order("SOL/USDC", "limit", "buy", 1, 140, {"clientOrderId": 7, "maxRetriesOnFailure": 1})
    assert order["id"] == "112" and len(sent) == 4


def test_without_retries_a_lost_answer_is_the_callers_to_resolve(offline):
    sent = scripted(offline, ("POST", "/api/v1/order", ccxt.RequestTimeout("backpack POST timed out")))
    with pytest.raises(ccxt.RequestTimeout):
        offline.create_order("SOL/USDC", "limit", "buy", 1, 140, {"clientOrderId": 7})
    assert len(sent) == 1


def test_a_client_order_id_is_looked_up_as_it_was_sent(offline):
    """"007" goes out as 7 and comes back as "7": the lookup must ask for 7, or it would resend."""
    offline.milliseconds = lambda: 1757700000000
    sent = scripted(
        offline,
        ("POST", "/api/v1/order", ccxt.RequestTimeout("backpack POST timed out")),
        ("GET", "/api/v1/order?", ccxt.OrderNotFound("backpack Order not found")),
        ("GET", "/wapi/v1/history/orders", [dict(placed_order(7, "2025-09-12T18:00:00.100"), status="Filled")]),
    )
    order = offline.create_order("SOL/USDC", "limit", "buy", 1, 140, {"clientOrderId": "007", "maxRetriesOnFailure": 2})
    assert order["id"] == "111" and order["status"] == "closed" and len(sent) == 3
    assert "clientId=7&" in sent[1] or sent[1].endswith("clientId=7")
