"""Hostile input: every answer is a Backpack JSON error below 500, and the server keeps serving."""

import json
import random
import socket
import time
from decimal import Decimal

import pytest
import requests

from backpack_sim import SimulatorThread
from simclient import Client

MIB = 1024 * 1024
RESTING_BID = {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "140", "quantity": "0.1"}
ABSURD_DECIMALS = [
    "1e999999999",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e-999999999",
    "9" * 5000,
    "0." + "0" * 5000 + "1",
    "1" * 29,  # one digit more than rust_decimal holds
    "",
    "0x10",
    "1,5",
]


@pytest.fixture(scope="module")
def sim():
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as sim:
        yield sim


def assert_backpack_error(response, status=None, code=None):
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:300]
    body = response.json()
    assert isinstance(body["code"], str) and isinstance(body["message"], str), body
    if status is not None:
        assert response.status_code == status, body
    if code is not None:
        assert body["code"] == code, body


def assert_still_serving(sim):
    assert requests.get(sim.rest_url + "/api/v1/markets", timeout=5).status_code == 200
    order = Client(sim.rest_url).order(**RESTING_BID)
    assert order.status_code == 200, order.text


def send_raw(sim, data: bytes) -> tuple[int, dict, bytes]:
    """Write bytes to the server's socket; return the parsed answer (status, headers, body)."""
    host, port = sim.rest_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


def chunks(total: int, size: int = 64 * 1024):
    while total > 0:
        yield b"x" * min(size, total)
        total -= size


HTTP_CASES = [
    # (case, method, path, requests kwargs, status, code)
    ("body over the limit", "POST", "/api/v1/order", {"data": b"x" * (MIB + 1)}, 413, "INVALID_CLIENT_REQUEST"),
    ("chunked body over the limit", "POST", "/api/v1/order", {"data": chunks(MIB + 1)}, 413, None),
    ("admin body over the limit", "POST", "/_sim/deposit", {"data": b"{" * (2 * MIB)}, 413, None),
    ("JSON nested 100,000 deep", "POST", "/api/v1/order", {"data": "[" * 100_000 + "]" * 100_000}, 400, None),
    ("JSON nested 129 deep", "POST", "/api/v1/orders", {"data": "[" * 129 + "]" * 129}, 400, None),
    ("NaN literal", "POST", "/_sim/deposit", {"data": '{"symbol": "USDC", "quantity": NaN}'}, 400, None),
    ("integer of 5000 digits", "POST", "/api/v1/order", {"data": '{"quantity": ' + "9" * 5000 + "}"}, 400, None),
    ("not JSON", "POST", "/_sim/deposit", {"data": "hello"}, 400, None),
    ("not UTF-8", "POST", "/_sim/deposit", {"data": b"\xff\xfe{"}, 400, None),
    ("request line over 8 KiB", "GET", "/api/v1/ticker?symbol=" + "A" * 20_000, {}, 400, None),
    ("header over 8 KiB", "GET", "/api/v1/status", {"headers": {"X-Long": "a" * 20_000}}, 400, None),
    ("300 headers", "GET", "/api/v1/status", {"headers": {f"X-H{i}": "1" for i in range(300)}}, 400, None),
    ("WebSocket path without upgrade", "GET", "/ws", {}, 400, None),
    ("limit 1e999999999", "GET", "/api/v1/trades?symbol=SOL_USDC&limit=1e999999999", {}, 400, None),
    ("limit beyond u16", "GET", "/api/v1/trades?symbol=SOL_USDC&limit=65536", {}, 400, None),
    ("offset beyond u64", "GET", "/api/v1/trades/history?symbol=SOL_USDC&offset=" + "9" * 30, {}, 400, None),
    ("offset of 5000 digits", "GET", "/api/v1/trades/history?symbol=SOL_USDC&offset=" + "9" * 5000, {}, 400, None),
    ("startTime below i64", "GET", "/api/v1/klines?symbol=SOL_USDC&interval=1m&startTime=-" + "9" * 20, {}, 400, None),
    ("depth limit NaN", "GET", "/api/v1/depth?symbol=SOL_USDC&limit=NaN", {}, 400, None),
    ("percent-encoding that is not UTF-8", "GET", "/api/v1/ticker?symbol=%ff%fe", {}, 400, None),
    ("unknown path", "GET", "/api/v1/" + "x" * 1000, {}, 404, "RESOURCE_NOT_FOUND"),
]


@pytest.mark.parametrize("case, method, path, kwargs, status, code", HTTP_CASES, ids=[c[0] for c in HTTP_CASES])
def test_malformed_http_gets_a_json_error(sim, case, method, path, kwargs, status, code):
    response = requests.request(method, sim.rest_url + path, timeout=10, **kwargs)
    assert_backpack_error(response, status, code)
    assert_still_serving(sim)


@pytest.mark.parametrize(
    "data",
    [b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /\x00 HTTP/1.1\r\n\r\n"],
    ids=["TLS handshake", "HTTP/9.9", "NUL in the path"],
)
def test_bytes_that_are_not_http_get_a_json_error(sim, data):
    status, headers, body = send_raw(sim, data)
    assert status == 400 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["code"] == "INVALID_CLIENT_REQUEST"
    assert_still_serving(sim)


# ------------------------------------------------------------------ order decimals
ORDER_BASES = {
    "quantity": {"orderType": "Limit", "price": "140"},
    "price": {"orderType": "Limit", "quantity": "1"},
    "triggerPrice": {"orderType": "Market", "quantity": "1", "triggerQuantity": "1"},
    "quoteQuantity": {"orderType": "Market"},
}
# What a value that parses but is no good gets, per field.
NEGATIVE_ZERO = {
    "quantity": "INVALID_QUANTITY",
    "price": "INVALID_PRICE",
    "triggerPrice": "INVALID_PRICE",
    "quoteQuantity": "INVALID_QUANTITY",
}
LARGEST_DECIMAL = {
    "quantity": "INVALID_QUANTITY",
    "price": "INVALID_PRICE",
    "triggerPrice": None,  # a trigger far away is accepted: it just never fires
    "quoteQuantity": "INSUFFICIENT_FUNDS",
}
SMALLEST_DECIMAL = {
    "quantity": "INVALID_QUANTITY",
    "price": "INVALID_PRICE",
    "triggerPrice": "INVALID_PRICE",
    "quoteQuantity": None,  # accepted, and expires: it cannot buy a single step
}
ORDER_CASES = (
    [(field, value, "INVALID_CLIENT_REQUEST") for field in ORDER_BASES for value in ABSURD_DECIMALS]
    + [(field, "-0", code) for field, code in NEGATIVE_ZERO.items()]
    + [(field, "9" * 28, code) for field, code in LARGEST_DECIMAL.items()]
    + [(field, "1e-28", code) for field, code in SMALLEST_DECIMAL.items()]
)


@pytest.mark.parametrize("field, value, code", ORDER_CASES, ids=[f"{c[0]}={c[1][:15]}" for c in ORDER_CASES])
def test_absurd_order_decimals_are_rejected(sim, field, value, code):
    client = Client(sim.rest_url)
    payload = {"symbol": "SOL_USDC", "side": "Bid", **ORDER_BASES[field], field: value}
    started = time.perf_counter()
    response = client.signed("POST", "/api/v1/order", body=payload)
    assert time.perf_counter() - started < 1
    if code is None:
        assert response.status_code < 500, response.text
    else:
        assert_backpack_error(response, 400, code)


JSON_NUMBER_CASES = [
    ("quantity", "1e999999999", "INVALID_CLIENT_REQUEST"),
    ("quantity", "1E-999999999", "INVALID_CLIENT_REQUEST"),
    ("quantity", "-0.0", "INVALID_QUANTITY"),
    ("quantity", "1e27", "INVALID_QUANTITY"),
    ("clientId", "1E+999999", "INVALID_CLIENT_REQUEST"),  # int() of it would take seconds
    ("clientId", "4294967296", "INVALID_CLIENT_REQUEST"),
]


@pytest.mark.parametrize("field, number, code", JSON_NUMBER_CASES)
def test_absurd_decimals_as_json_numbers(sim, field, number, code):
    """Numbers (not strings) in the body: signed as written, rejected like the strings."""
    keys = Client(sim.rest_url).keys
    payload = {**RESTING_BID, field: Decimal(number)}
    text = json.dumps({**RESTING_BID, field: "NUMBER"}).replace('"NUMBER"', number)
    started = time.perf_counter()
    response = requests.post(sim.rest_url + "/api/v1/order", data=text, headers=keys.headers("orderExecute", payload))
    assert time.perf_counter() - started < 1
    assert_backpack_error(response, 400, code)


SIGNED_QUERY_CASES = [
    ("/wapi/v1/history/orders", {"limit": "1e999999999"}),
    ("/wapi/v1/history/orders", {"offset": "-1"}),
    ("/wapi/v1/history/fills", {"from": "9" * 25}),
    ("/wapi/v1/history/fills", {"to": "NaN"}),
    ("/wapi/v1/capital/deposits", {"limit": "0"}),
    ("/api/v1/account/limits/order", {"symbol": "SOL_USDC", "side": "Bid", "price": "Infinity"}),
    ("/api/v1/account/limits/order", {"symbol": "SOL_USDC", "side": "Bid", "price": "-0"}),
    ("/api/v1/order", {"symbol": "SOL_USDC", "orderId": "9" * 5000}),
    ("/api/v1/order", {"symbol": "SOL_USDC", "clientId": "1e999999999"}),
]


@pytest.mark.parametrize("path, params", SIGNED_QUERY_CASES, ids=[f"{p} {q}"[:60] for p, q in SIGNED_QUERY_CASES])
def test_absurd_query_parameters_are_rejected(sim, path, params):
    assert_backpack_error(Client(sim.rest_url).signed("GET", path, params=params))


# ------------------------------------------------------------------------- admin
ADMIN_CASES = [
    ("/_sim/deposit", {}),
    ("/_sim/deposit", {"symbol": ["USDC"], "quantity": "1"}),
    ("/_sim/deposit", {"symbol": "FOO", "quantity": "1"}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": "-5"}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": "1e999999999"}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": "1e20"}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": {"a": 1}}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": "1", "apiKey": 5}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": "1", "apiKey": "unknown"}),
    ("/_sim/deposit", {"symbol": "USDC", "quantity": "1", "source": {}}),
    ("/_sim/deposit", [1, 2]),
    ("/_sim/deposit", "text"),
    ("/_sim/accounts", {"secret": 5}),
    ("/_sim/accounts", {"secret": "not base64!"}),
    ("/_sim/accounts", {"balances": []}),
    ("/_sim/accounts", {"balances": {"USDC": "-1"}}),
    ("/_sim/accounts", {"balances": {"FOO": "1"}}),
    ("/_sim/accounts", {"balances": {"USDC": "NaN"}}),
    ("/_sim/accounts", {"balances": {"USDC": [1]}}),
    ("/_sim/faults", {"drop_rate": "abc"}),
    ("/_sim/faults", {"drop_rate": 2}),
    ("/_sim/faults", {"latency_ms": -1}),
    ("/_sim/faults", {"latency_ms": "1e999"}),
    ("/_sim/faults", {"burst_429": 1.5}),
    ("/_sim/faults", {"burst_429": True}),
    ("/_sim/faults", {"drop_after_next": [1]}),
    ("/_sim/faults", {"no_such_fault": 1}),
    ("/_sim/faults", {"reset": "yes"}),
    ("/_sim/faults", {"reset": True, "error_rate": "NaN"}),
    ("/_sim/price", {}),
    ("/_sim/price", {"symbol": 7, "price": "1"}),
    ("/_sim/price", {"symbol": "NOPE", "price": "1"}),
    ("/_sim/price", {"symbol": "SOL_USDC", "price": "-1"}),
    ("/_sim/price", {"symbol": "SOL_USDC", "price": "abc"}),
    ("/_sim/price", {"symbol": "SOL_USDC", "price": "1e999999999"}),
    ("/_sim/price", {"symbol": "SOL_USDC", "price": "150", "markPrice": "0"}),
    ("/_sim/rate-limit", {"rate": "abc"}),
    ("/_sim/rate-limit", {"rate": -1}),
    ("/_sim/rate-limit", {"burst": "NaN"}),
    ("/_sim/tick", "not json"),
]


@pytest.mark.parametrize("path, body", ADMIN_CASES, ids=[f"{p} {json.dumps(b)}"[:60] for p, b in ADMIN_CASES])
def test_bad_admin_input_is_rejected_and_changes_nothing(sim, path, body):
    before = observable_state(sim)
    data = body if isinstance(body, str) else json.dumps(body)
    assert_backpack_error(requests.post(sim.rest_url + path, data=data, timeout=5))
    assert observable_state(sim) == before
    assert_still_serving(sim)


def observable_state(sim) -> tuple:
    """What the admin endpoints change: fault settings, the demo account's balances, prices."""
    faults = requests.get(sim.rest_url + "/_sim/faults", timeout=5).json()
    prices = requests.get(sim.rest_url + "/api/v1/markPrices", params={"marketType": "SPOT"}, timeout=5).json()
    return faults, Client(sim.rest_url).balances(), prices


# Valid bodies per signed endpoint; each field in turn gets values of the wrong type.
VALID_BODIES = [
    ("POST", "/api/v1/order", "orderExecute", {**RESTING_BID, "clientId": 1, "timeInForce": "GTC"}),
    ("DELETE", "/api/v1/order", "orderCancel", {"symbol": "SOL_USDC", "orderId": "1"}),
    ("DELETE", "/api/v1/orders", "orderCancelAll", {"symbol": "SOL_USDC", "orderType": "RestingLimitOrder"}),
    ("POST", "/api/v1/rfq", "rfqSubmit", {"symbol": "SOL_USDC_RFQ", "side": "Bid", "quantity": "1", "clientId": 1}),
    ("POST", "/api/v1/rfq/accept", "quoteAccept", {"quoteId": "1", "rfqId": "1"}),
    ("POST", "/api/v1/rfq/cancel", "rfqCancel", {"rfqId": "1"}),
    (
        "POST",
        "/wapi/v1/capital/withdrawals",
        "withdraw",
        {"address": "0xabc", "blockchain": "Ethereum", "quantity": "10", "symbol": "USDC", "clientId": "a"},
    ),
    ("POST", "/api/v1/borrowLend", "borrowLendExecute", {"quantity": "1", "side": "Lend", "symbol": "USDC"}),
    ("PATCH", "/api/v1/account", "accountUpdate", {"leverageLimit": "5", "autoLend": False}),
]
WRONG_TYPES = [[1], {"a": 1}, True, 12345678901234567890, Decimal("-1.5"), "x" * 10_000]


def test_fields_of_the_wrong_type_never_get_a_5xx(sim):
    client = Client(sim.rest_url)
    for method, path, instruction, valid in VALID_BODIES:
        for field in valid:
            for value in WRONG_TYPES:
                body = {**valid, field: value}
                headers = client.keys.headers(instruction, body)
                response = client.session.request(method, sim.rest_url + path, data=to_json(body), headers=headers)
                assert response.status_code < 500, (path, body, response.text)
    assert_still_serving(sim)


# -------------------------------------------------------------------------- fuzz
FIELDS = [
    "symbol",
    "side",
    "orderType",
    "quantity",
    "price",
    "quoteQuantity",
    "triggerPrice",
    "triggerQuantity",
    "timeInForce",
    "postOnly",
    "reduceOnly",
    "clientId",
    "selfTradePrevention",
    "takeProfitTriggerPrice",
    "stopLossLimitPrice",
    "slippageTolerance",
    "slippageToleranceType",
    "orderId",
    "executionMode",
    "quoteId",
    "rfqId",
    "address",
    "blockchain",
    "leverageLimit",
    "autoLend",
    "junk",
]
# (method, path, instruction), orders weighted up
FUZZED_ENDPOINTS = [("POST", "/api/v1/order", "orderExecute")] * 4 + [
    ("POST", "/api/v1/orders", "orderExecute"),
    ("DELETE", "/api/v1/order", "orderCancel"),
    ("DELETE", "/api/v1/orders", "orderCancelAll"),
    ("POST", "/api/v1/rfq", "rfqSubmit"),
    ("POST", "/api/v1/rfq/accept", "quoteAccept"),
    ("POST", "/wapi/v1/capital/withdrawals", "withdraw"),
    ("POST", "/api/v1/borrowLend", "borrowLendExecute"),
    ("PATCH", "/api/v1/account", "accountUpdate"),
]
GOOD_VALUES = ["SOL_USDC", "SOL_USDC_PERP", "Bid", "Ask", "Limit", "Market", "IOC", "FOK", "GTC", "150", "0.01", "1"]
GOOD_VALUES += ["USDC", "Solana", "Lend", "Borrow", "Immediate", "SOL_USDC_RFQ", "0xabc"]


def random_value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(12)
    if kind < 4:
        return rng.choice(GOOD_VALUES)
    if kind == 4:
        return rng.choice(ABSURD_DECIMALS)
    if kind == 5:
        return rng.choice([True, False, None, 0, -1, 2**32, 2**64, rng.randrange(-(10**30), 10**30)])
    if kind == 6:
        return Decimal(rng.choice(["1.5", "-0.5", "1E+30", "1E-30", "149.99", "1E+999999", "0.000000001"]))
    if kind == 7:
        return "".join(rng.choice("0123456789.eE-+%,x ") for _ in range(rng.randrange(1, 30)))
    if kind == 8:
        return "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 20)))
    if kind == 9 and depth < 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if kind == 10 and depth < 3:
        return {rng.choice(FIELDS): random_value(rng, depth + 1) for _ in range(rng.randrange(3))}
    return f"{rng.uniform(-1000, 1000):.{rng.randrange(0, 12)}f}"


def random_payload(rng: random.Random) -> dict:
    payload = {"symbol": rng.choice(GOOD_VALUES[:2]), "side": rng.choice(["Bid", "Ask"]), "orderType": "Limit"}
    for field in rng.sample(FIELDS, rng.randrange(1, 8)):
        payload[field] = random_value(rng)
    return payload


def to_json(value) -> str:
    """JSON with Decimals written as raw numbers, exactly as they are signed."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(to_json(v) for v in value) + "]"
    return json.dumps(value)


def test_random_bodies_never_get_a_5xx():
    rng = random.Random(20240607)
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as sim:
        client = Client(sim.rest_url)
        statuses = {}
        for _ in range(600):  # the same 600 requests every run (seeded): a fixed count, not as many as 2 s allow
            method, path, instruction = rng.choice(FUZZED_ENDPOINTS)
            is_batch = (method, path) == ("POST", "/api/v1/orders")
            body = [random_payload(rng) for _ in range(rng.randrange(1, 4))] if is_batch else random_payload(rng)
            headers = client.keys.headers(instruction, body, batch=is_batch)
            started = time.perf_counter()
            response = client.session.request(method, sim.rest_url + path, data=to_json(body), headers=headers)
            assert time.perf_counter() - started < 1, body
            assert response.status_code < 500, (body, response.text)
            if response.status_code >= 400:
                assert response.headers["Content-Type"].startswith("application/json")
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert statuses.get(401, 0) < sum(statuses.values()) / 10  # the bodies got past the signature check
        assert_still_serving(sim)
