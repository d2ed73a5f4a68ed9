"""A tiny signed REST client for the tests (requests + the simulator's own signing helpers)."""

from __future__ import annotations

import json

import requests

from backpack_sim.signing import INSTRUCTIONS, KeyPair

DEMO_SECRET = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="


class Client:
    def __init__(self, base_url: str, secret: str = DEMO_SECRET):
        self.base = base_url
        self.keys = KeyPair(secret)
        self.session = requests.Session()

    def public(self, path: str, **params) -> requests.Response:
        return self.session.get(self.base + path, params=params, timeout=10)

    def signed(
        self, method: str, path: str, params=None, body=None, timestamp=None, window=5000, headers=None
    ) -> requests.Response:
        instruction = INSTRUCTIONS[(method, path)]
        signed_params = body if body is not None else (params or {})
        auth = self.keys.headers(
            instruction, signed_params, timestamp=timestamp, window=window, batch=isinstance(body, list)
        )
        auth.update(headers or {})
        data = None
        if body is not None:
            auth["Content-Type"] = "application/json; charset=utf-8"
            data = json.dumps(body)
        return self.session.request(method, self.base + path, params=params, data=data, headers=auth, timeout=10)

    # shortcuts -----------------------------------------------------------
    def order(self, **payload) -> requests.Response:
        return self.signed("POST", "/api/v1/order", body=payload)

    def balances(self) -> dict:
        response = self.signed("GET", "/api/v1/capital")
        assert response.status_code == 200, response.text
        return response.json()


def new_client(sim, **balances) -> Client:
    """A fresh account on a SimulatorThread (default: 100000 USDC and 1000 SOL)."""
    keys = sim.call(sim.sim.add_account, None, balances or {"USDC": "100000", "SOL": "1000"})
    return Client(sim.rest_url, keys.secret)


def limit(client, side, price, quantity, symbol="SOL_USDC", **extra) -> dict:
    """Place a limit order that must be accepted; returns the order object."""
    response = client.order(
        symbol=symbol, side=side, orderType="Limit", price=str(price), quantity=str(quantity), **extra
    )
    assert response.status_code == 200, response.text
    return response.json()


def history_order(client, order_id) -> dict:
    rows = client.signed("GET", "/wapi/v1/history/orders", params={"orderId": order_id}).json()
    assert len(rows) == 1
    return rows[0]
