"""The generated adapter against the simulator (backpack_sim), over real HTTP, sync and async.

The simulator is written from the reference, not from the spec, so these tests
check the two against each other: signing, request shapes, answer shapes and
error bodies. Every test gets an account of its own.
"""

import dataclasses
import re

import ccxt
import pytest

from backpack_sim import SimulatorThread
from backpack_sim.rest_private import PrivateApi
from backpack_sim.rest_public import PublicApi
from exchange_checks import (
    FLAVOURS,
    check_account_reads,
    check_public_market_data,
    check_rejected_credentials,
    check_unknown_symbol,
    connections,
)
from generator.loader import load_spec_dir
from generator.model import Endpoint, build_model
from support import SPEC


@pytest.fixture(scope="module")
def sim():
    with SimulatorThread(seed=11, tick_interval=0.2) as running:
        yield running


@pytest.fixture
def account(sim):
    """A fresh funded account: (apiKey, secret)."""
    keys = sim.call(sim.sim.add_account, None, {"USDC": "10000", "SOL": "50", "BTC": "1"})
    return keys.api_key, keys.secret


@pytest.fixture
def connect(sim, account):
    urls = {"public": sim.rest_url, "private": sim.rest_url, "web": sim.rest_url}
    with connections(urls={"api": urls}, enableRateLimit=False) as make:
        yield lambda flavour, api_key=None, secret=None, **config: make(flavour, apiKey=api_key or account[0], secret=secret or account[1], **config)


@pytest.fixture
def faults(sim):
    yield lambda **settings: sim.call(sim.sim.set_faults, **settings)
    sim.call(sim.sim.faults.reset)


@FLAVOURS
def test_public_market_data(connect, flavour):
    check_public_market_data(connect(flavour))


@FLAVOURS
def test_account_reads_of_a_fresh_and_a_busy_account(sim, connect, account, flavour):
    client = connect(flavour)
    check_account_reads(client)
    sim.call(sim.sim.credit_deposit, account[0], "USDC", "250")
    client.create_order("SOL/USDC", "market", "buy", 1)
    client.create_order("SOL/USDC:USDC", "market", "sell", 1)
    assert client.fetch_deposits() and client.fetch_my_trades("SOL/USDC") and client.fetch_positions(), "the reads see the activity"
    check_account_reads(client)


@FLAVOURS
def test_orders_balances_and_fills(connect, flavour):
    client = connect(flavour)
    assert client.fetch_balance()["USDC"]["free"] == 10000
    bid = client.fetch_order_book("SOL/USDC", 5)["bids"][0][0]
    resting = client.create_order("SOL/USDC", "limit", "buy", 2, round(bid * 0.8, 2))
    assert resting["status"] == "open" and resting["amount"] == 2
    assert client.fetch_balance()["USDC"]["used"] == pytest.approx(2 * round(bid * 0.8, 2))
    assert resting["id"] in [order["id"] for order in client.fetch_open_orders("SOL/USDC")]
    assert client.fetch_order(resting["id"], "SOL/USDC")["status"] == "open"
    assert client.cancel_order(resting["id"], "SOL/USDC")["status"] == "canceled"
    assert client.fetch_balance()["USDC"]["used"] == 0
    filled = client.create_order("SOL/USDC", "market", "buy", 1)
    assert filled["status"] == "closed" and filled["filled"] == 1 and filled["average"] > 0
    fills = client.fetch_my_trades("SOL/USDC")
    assert fills[-1]["order"] == filled["id"] and fills[-1]["fee"]["currency"] == "SOL" and fills[-1]["fee"]["cost"] > 0
    assert {order["id"]: order["status"] for order in client.fetch_orders("SOL/USDC")} == {resting["id"]: "canceled", filled["id"]: "closed"}
    assert client.fetch_balance()["SOL"]["total"] == pytest.approx(51 - fills[-1]["fee"]["cost"])


@FLAVOURS
def test_order_variants(connect, flavour):
    client = connect(flavour)
    ask = client.fetch_order_book("SOL/USDC", 5)["asks"][0][0]
    taker = client.create_order("SOL/USDC", "limit", "buy", 1, ask * 1.05, {"timeInForce": "PO"})
    assert taker["status"] == "canceled", "a post-only order that would take expires"
    by_cost = client.create_market_buy_order_with_cost("SOL/USDC", 100)
    assert by_cost["status"] == "closed" and by_cost["cost"] == pytest.approx(100, rel=0.02)
    batch = client.create_orders(
        [
            {"symbol": "SOL/USDC", "type": "limit", "side": "buy", "amount": 1, "price": round(ask * 0.8, 2), "params": {"clientOrderId": 7}},
            {"symbol": "SOL/USDC", "type": "limit", "side": "buy", "amount": 1, "price": round(ask * 0.8, 2), "params": {"clientOrderId": 7}},
        ]
    )
    assert batch[0]["status"] == "open" and batch[0]["clientOrderId"] == "7"
    assert batch[1]["status"] == "rejected", "a client id already open is refused"
    assert client.fetch_open_order(None, "SOL/USDC", {"clientOrderId": 7})["id"] == batch[0]["id"]
    assert [order["id"] for order in client.cancel_all_orders()] == [batch[0]["id"]]


@FLAVOURS
def test_unified_order_params_keep_ccxts_meaning(connect, flavour):
    """Backpack's trigger orders wait (status TriggerPending) until the price crosses; the
    stop-loss case is freqtrade's on-exchange stop, which once went out as a market sell."""
    client = connect(flavour)
    bid = client.fetch_order_book("SOL/USDC", 5)["bids"][0][0]
    free_before = client.fetch_balance()["SOL"]["free"]
    stop = client.create_order("SOL/USDC", "market", "sell", 1, None, {"stopLossPrice": round(bid * 0.5, 2)})
    assert stop["status"] == "open" and stop["filled"] in (0, None), "a stop-loss waits for its price"
    assert stop["stopLossPrice"] == stop["triggerPrice"] == round(bid * 0.5, 2)
    take = client.create_order("SOL/USDC", "limit", "sell", 1, round(bid * 1.2, 2), {"takeProfitPrice": round(bid * 1.15, 2)})
    assert take["takeProfitPrice"] == take["triggerPrice"] == round(bid * 1.15, 2) and take["stopLossPrice"] is None
    waiting = {order["id"]: order for order in client.fetch_open_orders("SOL/USDC")}
    assert waiting[stop["id"]]["triggerPrice"] == stop["triggerPrice"] and waiting[take["id"]]["price"] == round(bid * 1.2, 2)
    assert client.fetch_balance()["SOL"]["free"] == pytest.approx(free_before), "nothing sold yet"
    ioc = client.create_order("SOL/USDC", "limit", "buy", 1, round(bid * 0.8, 2), {"timeInForce": "IOC"})
    assert ioc["status"] == "canceled" and ioc["timeInForce"] == "IOC"
    attached = client.create_order(
        "SOL/USDC", "limit", "buy", 1, round(bid * 0.9, 2), {"stopLoss": {"triggerPrice": round(bid * 0.8, 2)}, "takeProfit": {"triggerPrice": round(bid * 1.2, 2)}}
    )
    assert attached["stopLossPrice"] == round(bid * 0.8, 2) and attached["takeProfitPrice"] == round(bid * 1.2, 2) and attached["triggerPrice"] is None
    for order in (stop, take, attached):
        client.cancel_order(order["id"], "SOL/USDC")


@FLAVOURS
def test_deposits_withdrawals_and_positions(sim, connect, account, flavour):
    client = connect(flavour)
    sim.call(sim.sim.credit_deposit, account[0], "USDC", "250")
    deposits = client.fetch_deposits("USDC")
    assert deposits[-1]["amount"] == 250 and deposits[-1]["type"] == "deposit" and deposits[-1]["status"] == "ok"
    address = client.fetch_deposit_address("SOL")
    assert address["address"] and address["network"] == "SOL"
    withdrawal = client.withdraw("USDC", 20, "5Q544fKrFoe6tsEbD7S8EmxGTJYAKtTVhAW5Q5pge4j1", None, {"network": "SOL"})
    assert withdrawal["type"] == "withdrawal" and withdrawal["amount"] == 20
    assert withdrawal["id"] in [w["id"] for w in client.fetch_withdrawals("USDC")]
    assert len(client.fetch_deposits_withdrawals("USDC")) == 2
    client.create_order("SOL/USDC:USDC", "market", "sell", 3)
    position = client.fetch_position("SOL/USDC:USDC")
    assert position["side"] == "short" and position["contracts"] == 3 and position["entryPrice"] > 0
    assert [p["symbol"] for p in client.fetch_positions()] == ["SOL/USDC:USDC"]
    assert client.fetch_leverage("SOL/USDC:USDC")["longLeverage"] > 0


@FLAVOURS
def test_authentication_errors(connect, flavour):
    check_rejected_credentials(lambda **keys: connect(flavour, **keys))


@FLAVOURS
def test_trading_errors(connect, flavour):
    client = connect(flavour)
    with pytest.raises(ccxt.InsufficientFunds):
        client.create_order("BTC/USDC", "market", "buy", 5)
    check_unknown_symbol(client)


@FLAVOURS
def test_transport_faults(connect, faults, flavour):
    client = connect(flavour)
    faults(burst_429=1)
    with pytest.raises(ccxt.RateLimitExceeded):
        client.fetch_ticker("SOL/USDC")
    faults(error_rate=1)
    with pytest.raises(ccxt.ExchangeNotAvailable):
        client.fetch_ticker("SOL/USDC")
    faults(error_rate=0, html_rate=1)
    with pytest.raises(ccxt.ExchangeNotAvailable) as error:
        client.fetch_ticker("SOL/USDC")
    assert "<html" not in str(error.value).lower()[:40], "the page is summarised, not dumped"
    faults(html_rate=0)
    assert client.fetch_ticker("SOL/USDC")["last"] > 0


def endpoints_within(value, found):
    """(method, path) of every Endpoint reachable from a method's model (main, history, window, sources, types)."""
    if isinstance(value, Endpoint):
        found.add((value.method, "/" + value.path))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            endpoints_within(getattr(value, item.name), found)
    elif isinstance(value, dict):
        for item in value.values():
            endpoints_within(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            endpoints_within(item, found)
    return found


def test_the_simulator_serves_every_endpoint_a_unified_method_calls(sim):
    model = build_model(load_spec_dir(SPEC))
    used = set()
    for method in model.methods.values():
        endpoints_within(method, used)
    by_implicit_name = {endpoint.snake: (endpoint.method, "/" + endpoint.path) for endpoint in model.endpoints.values()}
    for hand in model.handwritten:
        used |= {by_implicit_name[name] for name in re.findall(r"self\.(\w+)\(", hand.file.read_text()) if name in by_implicit_name}
    assert {("POST", "/api/v1/order"), ("GET", "/wapi/v1/history/fills"), ("POST", "/api/v1/rfq")} <= used, "the walk finds main and hand-written calls"
    served = {(method, "/" + path.lstrip("/")) for api in (PublicApi(sim.sim), PrivateApi(sim.sim)) for method, path, _ in api.routes()}
    missing = sorted(used - served)
    assert missing == []
