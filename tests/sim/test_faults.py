"""Rate limiting and fault injection on the REST side."""

import time

import pytest
import requests

from backpack_sim import SimulatorThread
from simclient import Client, history_order, limit, new_client


def test_rate_limit_per_api_key_answers_429():
    with SimulatorThread(market_maker=False, history=False, rate_limit=5, rate_burst=5) as sim:
        client = Client(sim.rest_url)
        statuses = [client.signed("GET", "/api/v1/capital").status_code for _ in range(15)]
        assert statuses[:5] == [200] * 5
        assert statuses.count(429) >= 8
        limited = client.signed("GET", "/api/v1/capital")
        assert limited.status_code == 429
        assert limited.json() == {"code": "TOO_MANY_REQUESTS", "message": "Too many requests"}
        other = new_client(sim)  # its own bucket
        assert other.signed("GET", "/api/v1/capital").status_code == 200
        time.sleep(0.5)  # the bucket refills at 5/s
        assert client.signed("GET", "/api/v1/capital").status_code == 200


def test_share_of_server_errors(quiet_sim):
    quiet_sim.sim.set_faults(error_rate=0.5)
    responses = [requests.get(quiet_sim.rest_url + "/api/v1/status", timeout=5) for _ in range(200)]
    errors = [r for r in responses if r.status_code >= 500]
    assert 60 <= len(errors) <= 140
    assert {r.status_code for r in errors} <= {500, 503}
    assert {r.json()["code"] for r in errors} <= {"SERVER_ERROR", "MAINTENANCE"}
    quiet_sim.sim.set_faults(error_rate=0)
    assert all(requests.get(quiet_sim.rest_url + "/api/v1/status", timeout=5).ok for _ in range(20))


def test_html_error_page_instead_of_json(quiet_sim):
    requests.post(quiet_sim.rest_url + "/_sim/faults", json={"html_rate": 1}, timeout=5).raise_for_status()
    response = requests.get(quiet_sim.rest_url + "/api/v1/markets", timeout=5)
    assert response.status_code == 502 and response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")
    with pytest.raises(ValueError):
        response.json()
    assert requests.get(quiet_sim.rest_url + "/_sim/faults", timeout=5).json()["html_rate"] == 1
    requests.post(quiet_sim.rest_url + "/_sim/faults", json={"reset": True}, timeout=5).raise_for_status()
    assert requests.get(quiet_sim.rest_url + "/api/v1/markets", timeout=5).status_code == 200


def test_burst_of_429_then_recovery(quiet_sim):
    quiet_sim.sim.set_faults(burst_429=3)
    statuses = [requests.get(quiet_sim.rest_url + "/api/v1/status", timeout=5).status_code for _ in range(5)]
    assert statuses == [429, 429, 429, 200, 200]


def test_dropped_connection_and_latency(quiet_sim):
    quiet_sim.sim.set_faults(drop_rate=1)
    with pytest.raises(requests.ConnectionError):
        requests.get(quiet_sim.rest_url + "/api/v1/status", timeout=5)
    quiet_sim.sim.set_faults(drop_rate=0, latency_ms=150)
    started = time.perf_counter()
    assert requests.get(quiet_sim.rest_url + "/api/v1/status", timeout=5).ok
    assert time.perf_counter() - started >= 0.15


RESTING_BID = dict(symbol="SOL_USDC", side="Bid", orderType="Limit", price="140", quantity="1", clientId=4242)


def open_orders(client) -> list[tuple]:
    return [(o["clientId"], o["quantity"], o["status"]) for o in client.signed("GET", "/api/v1/orders").json()]


def test_answer_dropped_after_the_order_was_executed(quiet_sim):
    client = new_client(quiet_sim)
    quiet_sim.sim.set_faults(drop_after_next=1)
    with pytest.raises(requests.ConnectionError):
        client.order(**RESTING_BID)
    assert open_orders(client) == [(4242, "1", "New")]  # executed once, although the client never heard
    # Re-sent after the lost answer: the exchange refuses a second open order with the same clientId.
    again = client.order(**RESTING_BID)
    assert again.status_code == 400
    assert again.json() == {"code": "INVALID_ORDER", "message": "Order with client ID already exists: 4242"}
    assert open_orders(client) == [(4242, "1", "New")]
    assert quiet_sim.sim.faults.drop_after_next == 0


def test_answer_delayed_after_the_order_was_executed(quiet_sim):
    client = new_client(quiet_sim)
    faults = quiet_sim.rest_url + "/_sim/faults"
    requests.post(faults, json={"delay_after_next": 1, "delay_after_ms": 700}, timeout=5).raise_for_status()
    headers = {**client.keys.headers("orderExecute", RESTING_BID), "Content-Type": "application/json"}
    with pytest.raises(requests.Timeout):
        requests.post(client.base + "/api/v1/order", json=RESTING_BID, headers=headers, timeout=0.25)
    assert open_orders(client) == [(4242, "1", "New")]  # in the book while its answer is still held back
    assert requests.get(faults, timeout=5).json()["delay_after_next"] == 0


def test_after_faults_by_rate_spare_the_admin_endpoints(quiet_sim):
    client = new_client(quiet_sim)
    quiet_sim.sim.set_faults(drop_after_rate=1)
    for _ in range(3):
        with pytest.raises(requests.ConnectionError):
            client.order(**{**RESTING_BID, "clientId": None})
    assert requests.get(quiet_sim.rest_url + "/_sim/faults", timeout=5).json()["drop_after_rate"] == 1
    quiet_sim.sim.set_faults(drop_after_rate=0, delay_after_rate=1, delay_after_ms=150)
    started = time.perf_counter()
    assert len(client.signed("GET", "/api/v1/orders").json()) == 3
    assert time.perf_counter() - started >= 0.15


def test_an_accepted_cancel_answers_202_without_body_and_is_carried_out_later(quiet_sim):
    client = new_client(quiet_sim)
    order = limit(client, "Bid", "140", "1")
    quiet_sim.sim.set_faults(accept_later_next=1, accept_later_ms=300)
    response = client.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "orderId": order["id"]})
    assert (response.status_code, response.content) == (202, b"")
    query = {"symbol": "SOL_USDC", "orderId": order["id"]}
    assert client.signed("GET", "/api/v1/order", params=query).json()["status"] == "New", "not carried out yet"
    time.sleep(0.6)
    assert client.signed("GET", "/api/v1/order", params=query).status_code == 404, "carried out since"
    assert history_order(client, order["id"])["status"] == "Cancelled"
    again = limit(client, "Bid", "140", "1")
    answer = client.signed("DELETE", "/api/v1/orders", body={"symbol": "SOL_USDC"})
    assert answer.status_code == 200 and [o["id"] for o in answer.json()] == [again["id"]], "only the next N"


def test_a_request_that_fails_its_checks_is_refused_rather_than_accepted(quiet_sim):
    client = new_client(quiet_sim)
    quiet_sim.sim.set_faults(accept_later_next=1)
    expired = client.signed("DELETE", "/api/v1/orders", body={"symbol": "SOL_USDC"}, timestamp=1)
    assert expired.status_code == 401 and expired.json()["code"] == "UNAUTHORIZED"
    assert quiet_sim.sim.faults.accept_later_next == 0
