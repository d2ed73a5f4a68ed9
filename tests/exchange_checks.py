"""Read-only checks of the adapter against a Backpack exchange, simulated or real.

test_integration.py runs them against backpack_sim and test_live.py against
api.backpack.exchange, so both targets answer exactly the same questions.
"""

import asyncio
import contextlib
import inspect
import time

import ccxt
import pytest

from ccxt_backpack import backpack
from ccxt_backpack.async_support import backpack as async_backpack

FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])
SPOT, PERP = "SOL/USDC", "SOL/USDC:USDC"


class Client:
    """One exchange of either flavour, called the same way: client.fetch_ticker(...)."""

    def __init__(self, flavour, config):
        self.flavour = flavour
        if flavour == "sync":
            self.exchange = backpack(config)
        else:
            self.loop = asyncio.new_event_loop()
            self.exchange = async_backpack(dict(config, timeout_on_exit=0))

    def __getattr__(self, name):
        method = getattr(self.exchange, name)
        if self.flavour == "sync" or not callable(method):
            return method

        def run(*args, **kwargs):
            result = method(*args, **kwargs)
            return self.loop.run_until_complete(result) if inspect.isawaitable(result) else result

        return run

    def close(self):
        if self.flavour == "async":
            self.loop.run_until_complete(self.exchange.close())
            self.loop.close()


@contextlib.contextmanager
def connections(**defaults):
    """connect(flavour, **config): a Client with the markets loaded, config over `defaults`
    (options merged, None values left out); every client is closed at the end."""
    clients = []

    def connect(flavour, **config):
        merged = {key: value for key, value in {**defaults, **config}.items() if value is not None}
        if "options" in defaults and "options" in config:
            merged["options"] = {**defaults["options"], **config["options"]}
        client = Client(flavour, merged)
        client.load_markets()
        clients.append(client)
        return client

    try:
        yield connect
    finally:
        for client in clients:
            client.close()


def check_public_market_data(client):
    assert {"SOL/USDC", "BTC/USDC", "ETH/USDC", PERP, "BTC/USDC:USDC"} <= set(client.markets)
    market = client.market(SPOT)
    assert market["precision"]["price"] > 0 and market["limits"]["amount"]["min"] > 0 and market["active"]
    ticker = client.fetch_ticker(SPOT)
    assert ticker["symbol"] == SPOT and ticker["last"] > 0
    assert "BTC/USDC" in client.fetch_tickers(["BTC/USDC", SPOT])
    for depth in (5, 20, 100):
        book = client.fetch_order_book(SPOT, depth)
        assert 0 < len(book["bids"]) <= depth and 0 < len(book["asks"]) <= depth
        assert book["bids"][0][0] < book["asks"][0][0], "best bid below best ask"
        assert [level[0] for level in book["bids"]] == sorted((level[0] for level in book["bids"]), reverse=True)
    trades = client.fetch_trades(SPOT, limit=10)
    assert 0 < len(trades) <= 10 and [t["timestamp"] for t in trades] == sorted(t["timestamp"] for t in trades)
    for timeframe, size in (("1m", 60000), ("5m", 300000), ("1h", 3600000)):
        candles = client.fetch_ohlcv(SPOT, timeframe, limit=24)
        assert candles and all(candle[0] % size == 0 for candle in candles), timeframe
        assert all(candle[3] <= min(candle[1], candle[4]) and candle[2] >= max(candle[1], candle[4]) for candle in candles)
    assert client.fetch_status()["status"] == "ok"
    assert abs(client.fetch_time() - time.time() * 1000) < 60000
    assert client.fetch_funding_rate(PERP)["symbol"] == PERP


def check_account_reads(client):
    """Every private read answers in unified shape, whatever the account holds."""
    balance = client.fetch_balance()
    assert all(balance[code]["total"] == pytest.approx(balance[code]["free"] + balance[code]["used"]) for code in balance["total"])
    for order in client.fetch_open_orders(SPOT) + client.fetch_orders(SPOT, limit=10):
        assert order["symbol"] == SPOT and order["id"] and order["status"] in ("open", "closed", "canceled", "expired", "rejected")
    for trade in client.fetch_my_trades(SPOT, limit=10):
        assert trade["symbol"] == SPOT and trade["side"] in ("buy", "sell") and trade["amount"] > 0
    for transfer in client.fetch_deposits(limit=10) + client.fetch_withdrawals(limit=10):
        assert transfer["type"] in ("deposit", "withdrawal") and transfer["currency"] and transfer["amount"] > 0
    assert client.fetch_deposit_address("SOL")["address"]
    for position in client.fetch_positions():
        assert position["symbol"] in client.markets and position["side"] in ("long", "short")


def check_rejected_credentials(connect):
    """A key the exchange does not know, and a request signed ten minutes late."""
    stranger_secret = ccxt.Exchange().binary_to_base64(bytes(range(40, 72)))
    stranger = connect(api_key="5/FioQvsVZr+oZXk3OhLaVaNXSywlj60RsBoXisX8vA=", secret=stranger_secret)
    with pytest.raises(ccxt.AuthenticationError):
        stranger.fetch_balance()
    late = connect()
    late.exchange.options["timeDifference"] = 600000
    with pytest.raises(ccxt.InvalidNonce, match="(?is)expired.*clock"):
        late.fetch_balance()


def check_unknown_symbol(client):
    with pytest.raises(ccxt.BadSymbol):
        client.fetch_ticker("NOPE/USDC")
    with pytest.raises(ccxt.BadSymbol):
        client.publicGetApiV1Depth({"symbol": "NOPE_USDC"})
