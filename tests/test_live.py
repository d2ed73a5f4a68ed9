"""The read-only integration checks against the real exchange, api.backpack.exchange.

Skipped unless BACKPACK_API_KEY and BACKPACK_API_SECRET are set. The one test
that trades (a post-only bid far below the market, cancelled at once) also
needs BACKPACK_LIVE_TRADING=1. BACKPACK_API_URL points the suite elsewhere,
for instance at `python -m backpack_sim` with the demo account's keys.
"""

import os

import pytest

from exchange_checks import (
    connections,
    FLAVOURS,
    SPOT,
    check_account_reads,
    check_public_market_data,
    check_rejected_credentials,
    check_unknown_symbol,
)

API_KEY = os.environ.get("BACKPACK_API_KEY")
API_SECRET = os.environ.get("BACKPACK_API_SECRET")
API_URL = os.environ.get("BACKPACK_API_URL")

pytestmark = pytest.mark.skipif(not (API_KEY and API_SECRET), reason="set BACKPACK_API_KEY and BACKPACK_API_SECRET to test against the real exchange")


@pytest.fixture
def connect():
    urls = {"api": {"public": API_URL, "private": API_URL}} if API_URL else None
    with connections(urls=urls, enableRateLimit=True) as make:
        yield lambda flavour, api_key=None, secret=None: make(flavour, apiKey=api_key or API_KEY, secret=secret or API_SECRET)


@FLAVOURS
def test_public_market_data(connect, flavour):
    check_public_market_data(connect(flavour))


@FLAVOURS
def test_account_reads(connect, flavour):
    check_account_reads(connect(flavour))


@FLAVOURS
def test_rejected_credentials(connect, flavour):
    check_rejected_credentials(lambda **keys: connect(flavour, **keys))


def test_unknown_symbol(connect):
    check_unknown_symbol(connect("sync"))


@pytest.mark.skipif(os.environ.get("BACKPACK_LIVE_TRADING") != "1", reason="set BACKPACK_LIVE_TRADING=1 to place and cancel a real order")
def test_post_only_bid_placed_and_cancelled(connect):
    client = connect("sync")
    market = client.market(SPOT)
    bid = client.fetch_order_book(SPOT, 5)["bids"][0][0]
    lowest_allowed = float(market["info"]["filters"]["price"].get("minMultiplier") or 0.5)
    price = float(client.price_to_precision(SPOT, bid * (1 + lowest_allowed) / 2))  # halfway to the band's floor
    amount = max(market["limits"]["amount"]["min"], float(client.amount_to_precision(SPOT, 5 / price)))
    order = client.create_order(SPOT, "limit", "buy", amount, price, {"postOnly": True})
    try:
        assert order["status"] == "open" and order["price"] == price
        assert order["id"] in [open_order["id"] for open_order in client.fetch_open_orders(SPOT)]
    finally:
        cancelled = client.cancel_order(order["id"], SPOT)
    assert cancelled["status"] == "canceled"
