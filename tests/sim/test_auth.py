"""Request signing: the reference test vectors and every rejection path."""

import base64
import json

import pytest
import requests

from backpack_sim.decimals import now_ms
from backpack_sim.signing import KeyPair, batch_signing_string, signing_string
from simclient import DEMO_SECRET, Client

DEMO_KEY = "ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ="


@pytest.mark.parametrize(
    "message, signature",
    [
        (
            "instruction=orderCancel&orderId=28&symbol=BTC_USDT&timestamp=1614550000000&window=5000",
            "E7UijHVsR5NAdTGNA8aOPfAGdwe6Qu5oVcEJPNdG8Kx9HxV2pX+U3IsodvFn1MUHh0CuD+AhMMnJJvtPEat9DA==",
        ),
        (
            "instruction=balanceQuery&timestamp=1614550000000&window=5000",
            "UfXiEm7cbX4pypibm+sWZFrR4S2WQ1V/CaUoAlkpmbQaMKm09cZjWSsk1VJySB6AdudCCOrw/7phybRpbESrCQ==",
        ),
        (
            "instruction=fillHistoryQueryAll&limit=100&offset=0&symbol=SOL_USDC&timestamp=1614550000000&window=5000",
            "0sHJxNKWJDoiamO5LPLyN1zqTt25TVxgM++jI/EDlfPHoN2pfhiMRV4aWiUkxSlGEssMiNnrA9ST1iNIKQT1CA==",
        ),
    ],
)
def test_reference_vectors(message, signature):
    keys = KeyPair(DEMO_SECRET)
    assert keys.api_key == DEMO_KEY
    assert keys.sign(message) == signature


def test_signing_strings_sort_and_render_like_backpack():
    body = {
        "symbol": "SOL_USDC",
        "side": "Bid",
        "quantity": "0.10",
        "price": "141.5",
        "postOnly": True,
        "orderType": "Limit",
        "clientId": 123,
    }
    assert signing_string("orderExecute", body, 1750793021519) == (
        "instruction=orderExecute&clientId=123&orderType=Limit&postOnly=true&price=141.5&quantity=0.10"
        "&side=Bid&symbol=SOL_USDC&timestamp=1750793021519&window=5000"
    )
    items = [{"symbol": "A", "side": "Bid"}, {"symbol": "B", "side": "Ask"}]
    assert batch_signing_string("orderExecute", items, 1, 2) == (
        "instruction=orderExecute&side=Bid&symbol=A&instruction=orderExecute&side=Ask&symbol=B&timestamp=1&window=2"
    )


def test_valid_signature_is_accepted_with_default_window(quiet_sim):
    keys = KeyPair(DEMO_SECRET)
    timestamp = now_ms()
    headers = {
        "X-API-Key": keys.api_key,
        "X-Timestamp": str(timestamp),
        "X-Signature": keys.sign(f"instruction=balanceQuery&timestamp={timestamp}&window=5000"),
    }
    response = requests.get(quiet_sim.rest_url + "/api/v1/capital", headers=headers, timeout=5)
    assert response.status_code == 200 and "USDC" in response.json()


def test_expired_request_is_rejected(quiet_sim):
    client = Client(quiet_sim.rest_url)
    response = client.signed("GET", "/api/v1/capital", timestamp=now_ms() - 10_000, window=5000)
    assert response.status_code == 401
    assert response.json() == {"code": "UNAUTHORIZED", "message": "Request has expired"}
    # the same age inside a longer window is fine
    assert client.signed("GET", "/api/v1/capital", timestamp=now_ms() - 10_000, window=20_000).status_code == 200


def test_request_from_the_future_is_rejected(quiet_sim):
    response = Client(quiet_sim.rest_url).signed("GET", "/api/v1/capital", timestamp=now_ms() + 60_000)
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHORIZED"


def test_unknown_api_key_is_unauthorized(quiet_sim):
    stranger = Client(quiet_sim.rest_url, KeyPair.generate().secret)
    response = stranger.signed("GET", "/api/v1/capital")
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHORIZED"


def test_wrong_signature_is_rejected(quiet_sim):
    client = Client(quiet_sim.rest_url)
    other_key = KeyPair.generate()
    timestamp = now_ms()
    headers = {
        "X-API-Key": client.keys.api_key,
        "X-Timestamp": str(timestamp),
        "X-Window": "5000",
        "X-Signature": other_key.sign(f"instruction=balanceQuery&timestamp={timestamp}&window=5000"),
    }
    response = requests.get(quiet_sim.rest_url + "/api/v1/capital", headers=headers, timeout=5)
    assert response.status_code == 401
    assert response.json() == {"code": "INVALID_SIGNATURE", "message": "Invalid signature"}
    headers["X-Signature"] = "not base64!"
    assert (
        requests.get(quiet_sim.rest_url + "/api/v1/capital", headers=headers, timeout=5).json()["code"]
        == "INVALID_SIGNATURE"
    )


def test_signature_over_other_parameters_is_rejected(quiet_sim):
    client = Client(quiet_sim.rest_url)
    body = {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "140", "quantity": "1"}
    headers = client.keys.headers("orderExecute", body)
    headers["Content-Type"] = "application/json"
    tampered = dict(body, quantity="2")
    response = requests.post(
        quiet_sim.rest_url + "/api/v1/order", data=json.dumps(tampered), headers=headers, timeout=5
    )
    assert response.status_code == 401 and response.json()["code"] == "INVALID_SIGNATURE"
    wrong_instruction = client.keys.headers("orderQuery", body)
    wrong_instruction["Content-Type"] = "application/json"
    response = requests.post(
        quiet_sim.rest_url + "/api/v1/order", data=json.dumps(body), headers=wrong_instruction, timeout=5
    )
    assert response.json()["code"] == "INVALID_SIGNATURE"


def test_window_above_maximum_is_rejected(quiet_sim):
    client = Client(quiet_sim.rest_url)
    response = client.signed("GET", "/api/v1/capital", window=60_001)
    assert response.status_code == 400 and response.json()["code"] == "INVALID_CLIENT_REQUEST"
    assert client.signed("GET", "/api/v1/capital", window=60_000).status_code == 200


def test_missing_headers_are_unauthorized(quiet_sim):
    response = requests.get(quiet_sim.rest_url + "/api/v1/capital", timeout=5)
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHORIZED"


def test_get_parameters_are_signed_raw_and_sorted(quiet_sim):
    client = Client(quiet_sim.rest_url)
    response = client.signed(
        "GET",
        "/wapi/v1/history/fills",
        params={"symbol": "SOL_USDC", "limit": "100", "offset": "0", "sortDirection": "Asc"},
    )
    assert response.status_code == 200
    # a client that percent-encodes a value with reserved characters signs something else
    keys = client.keys
    timestamp = now_ms()
    raw = f"instruction=depositAddressQuery&blockchain=Solana&timestamp={timestamp}&window=5000"
    headers = {
        "X-API-Key": keys.api_key,
        "X-Timestamp": str(timestamp),
        "X-Window": "5000",
        "X-Signature": keys.sign(raw),
    }
    ok = requests.get(
        quiet_sim.rest_url + "/wapi/v1/capital/deposit/address",
        params={"blockchain": "Solana"},
        headers=headers,
        timeout=5,
    )
    assert ok.status_code == 200 and ok.json()["address"]


def test_secret_helper_matches_seed():
    seed = bytes(range(1, 33))
    assert base64.b64encode(seed).decode() == DEMO_SECRET
