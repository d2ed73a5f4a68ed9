"""Response shapes, error bodies, filters and pagination headers."""

import re
import time
from decimal import Decimal

import requests

from simclient import Client, limit, new_client

NAIVE_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$")
KLINE_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def test_ping_and_time_are_plain_text(live_sim):
    ping = requests.get(live_sim.rest_url + "/api/v1/ping", timeout=5)
    assert ping.text == "pong" and ping.headers["Content-Type"].startswith("text/plain")
    server_time = requests.get(live_sim.rest_url + "/api/v1/time", timeout=5)
    assert server_time.headers["Content-Type"].startswith("text/plain")
    assert abs(int(server_time.text) - time.time() * 1000) < 5000
    assert requests.get(live_sim.rest_url + "/api/v1/status", timeout=5).json() == {"status": "Ok", "message": None}


def test_error_body_format(live_sim):
    client = Client(live_sim.rest_url)
    bad_symbol = client.public("/api/v1/depth", symbol="NOPE_USDC")
    assert bad_symbol.status_code == 400
    assert set(bad_symbol.json()) == {"code", "message"} and bad_symbol.json()["code"] == "INVALID_SYMBOL"
    bad_enum = client.public("/api/v1/depth", symbol="SOL_USDC", limit="7")
    assert bad_enum.status_code == 400 and bad_enum.json() == {
        "code": "INVALID_CLIENT_REQUEST",
        "message": 'failed to parse parameter `limit`: failed to parse "DepthLimit": Expect a valid enumeration value.',
    }
    unknown = client.public("/api/v1/nothing-here")
    assert unknown.status_code == 404 and unknown.json()["code"] == "RESOURCE_NOT_FOUND"
    market_without_size = client.order(symbol="SOL_USDC", side="Bid", orderType="Market")
    assert market_without_size.json() == {
        "code": "INVALID_CLIENT_REQUEST",
        "message": "Market orders must specify a `quantity` or `quoteQuantity`",
    }
    assert market_without_size.headers["Content-Type"] == "application/json; charset=utf-8"


def test_markets_and_market_type_filter(live_sim):
    client = Client(live_sim.rest_url)
    everything = client.public("/api/v1/markets").json()
    symbols = {m["symbol"] for m in everything}
    assert {"SOL_USDC", "BTC_USDC", "ETH_USDC", "SOL_USDC_PERP", "BTC_USDC_PERP"} <= symbols
    perps = client.public("/api/v1/markets", marketType="PERP").json()
    assert perps and all(m["marketType"] == "PERP" for m in perps)
    both = requests.get(live_sim.rest_url + "/api/v1/markets?marketType=SPOT&marketType=PERP", timeout=5).json()
    assert len(both) == len(everything)
    sol = client.public("/api/v1/market", symbol="SOL_USDC_PERP").json()
    assert sol["filters"]["price"]["tickSize"] == "0.01" and sol["filters"]["quantity"]["stepSize"] == "0.01"
    assert sol["fundingInterval"] == 3600000 and sol["imfFunction"]["type"] == "sqrt"
    assert NAIVE_ISO.match(sol["createdAt"][:23])


def test_depth_snapshot_shape(live_sim):
    depth = Client(live_sim.rest_url).public("/api/v1/depth", symbol="BTC_USDC", limit="5").json()
    assert isinstance(depth["lastUpdateId"], str) and int(depth["lastUpdateId"]) > 0
    assert depth["timestamp"] > 10**15  # microseconds
    bids = [Decimal(p) for p, _ in depth["bids"]]
    asks = [Decimal(p) for p, _ in depth["asks"]]
    assert len(bids) == 5 and len(asks) == 5
    assert bids == sorted(bids) and asks == sorted(asks)  # both ascending: best bid last
    assert bids[-1] < asks[0]
    assert all(re.match(r"^\d+\.\d$", p) for p, _ in depth["bids"])  # tick 0.1


def test_market_data_shapes(live_sim):
    client = Client(live_sim.rest_url)
    ticker = client.public("/api/v1/ticker", symbol="SOL_USDC").json()
    assert all(isinstance(v, str) for v in ticker.values()) and int(ticker["trades"]) > 0
    klines = client.public(
        "/api/v1/klines", symbol="SOL_USDC", interval="1h", startTime=int(time.time()) - 6 * 3600
    ).json()
    assert 5 <= len(klines) <= 7
    assert all(KLINE_TIME.match(k["start"]) and KLINE_TIME.match(k["end"]) for k in klines)
    assert klines[0]["start"].endswith(":00:00") and isinstance(klines[0]["trades"], str)
    mark = client.public(
        "/api/v1/klines", symbol="SOL_USDC_PERP", interval="1m", priceType="Mark", startTime=int(time.time()) - 600
    ).json()
    assert mark and mark[-1]["volume"] == "0"
    bad = client.public("/api/v1/klines", symbol="SOL_USDC", interval="2m", startTime=0)
    assert bad.status_code == 400
    trades = client.public("/api/v1/trades", symbol="SOL_USDC", limit="3").json()
    assert len(trades) == 3 and trades[0]["timestamp"] >= trades[1]["timestamp"]
    assert isinstance(trades[0]["id"], int) and isinstance(trades[0]["isBuyerMaker"], bool)
    marks = client.public("/api/v1/markPrices").json()
    assert {m["symbol"] for m in marks} >= {"SOL_USDC_PERP", "BTC_USDC_PERP"}
    assert all("nextFundingTimestamp" in m and "fundingRate" in m for m in marks)
    rates = client.public("/api/v1/fundingRates", symbol="SOL_USDC_PERP", limit="3")
    assert len(rates.json()) == 3 and rates.headers["X-PAGE-SIZE"] == "3"
    assert NAIVE_ISO.match(rates.json()[0]["intervalEndTimestamp"])
    interest = client.public("/api/v1/openInterest", symbol="SOL_USDC_PERP").json()
    assert interest[0]["symbol"] == "SOL_USDC_PERP" and isinstance(interest[0]["timestamp"], int)


def test_market_order_fills_against_market_maker(live_sim):
    client = new_client(live_sim, USDC="100000", SOL="100")
    order = client.order(symbol="SOL_USDC", side="Bid", orderType="Market", quantity="3").json()
    assert order["status"] == "Filled" and order["executedQuantity"] == "3"
    perp = client.order(symbol="BTC_USDC_PERP", side="Ask", orderType="Market", quantity="0.01").json()
    assert perp["status"] == "Filled"
    position = client.signed("GET", "/api/v1/position", params={"symbol": "BTC_USDC_PERP"}).json()[0]
    assert position["netQuantity"] == "-0.01" and Decimal(position["netCost"]) < 0


def test_history_pagination_headers_and_sorting(quiet_sim):
    trader = new_client(quiet_sim)
    ids = [limit(trader, "Bid", str(140 + i), "1")["id"] for i in range(5)]
    page = trader.signed("GET", "/wapi/v1/history/orders", params={"limit": "2", "offset": "2"})
    assert page.headers["X-TOTAL"] == "5" and page.headers["X-PAGE-COUNT"] == "3"
    assert page.headers["X-CURRENT-PAGE"] == "2" and page.headers["X-PAGE-SIZE"] == "2"
    assert [o["id"] for o in page.json()] == [ids[2], ids[1]]  # newest first by default
    ascending = trader.signed("GET", "/wapi/v1/history/orders", params={"sortDirection": "Asc"}).json()
    assert [o["id"] for o in ascending] == ids
    assert NAIVE_ISO.match(ascending[0]["createdAt"])
    clamped = trader.signed("GET", "/wapi/v1/history/orders", params={"limit": "5000"})
    assert clamped.headers["X-PAGE-SIZE"] == "1000"
    bad = trader.signed("GET", "/wapi/v1/history/orders", params={"sortDirection": "Up"})
    assert bad.status_code == 400


def test_fills_time_filter(quiet_sim):
    maker, taker = new_client(quiet_sim), new_client(quiet_sim)
    limit(maker, "Ask", "150", "1")
    limit(taker, "Bid", "150", "1")
    now = int(time.time() * 1000)
    assert len(taker.signed("GET", "/wapi/v1/history/fills", params={"from": str(now - 60_000)}).json()) == 1
    assert taker.signed("GET", "/wapi/v1/history/fills", params={"from": str(now + 60_000)}).json() == []
    assert taker.signed("GET", "/wapi/v1/history/fills", params={"to": str(now - 60_000)}).json() == []


def test_account_update_changes_leverage(quiet_sim):
    trader = new_client(quiet_sim)
    assert trader.signed("PATCH", "/api/v1/account", body={"leverageLimit": "5"}).status_code == 200
    assert trader.signed("GET", "/api/v1/account").json()["leverageLimit"] == "5"
    bad = trader.signed("PATCH", "/api/v1/account", body={"leverageLimit": "500"})
    assert bad.status_code == 400 and bad.json()["code"] == "INVALID_CLIENT_REQUEST"


def test_get_order_needs_exactly_one_id(quiet_sim):
    trader = new_client(quiet_sim)
    order = limit(trader, "Bid", "140", "1", clientId=5)
    both = trader.signed("GET", "/api/v1/order", params={"symbol": "SOL_USDC", "orderId": order["id"], "clientId": "5"})
    assert both.status_code == 400 and both.json()["code"] == "INVALID_CLIENT_REQUEST"
    neither = trader.signed("GET", "/api/v1/order", params={"symbol": "SOL_USDC"})
    assert neither.json()["message"] == "Must specify either `clientId` or `orderId`"
    unknown = trader.signed("GET", "/api/v1/order", params={"symbol": "SOL_USDC", "orderId": "1"})
    assert unknown.status_code == 404


def test_the_ticker_of_an_empty_market_answers_204_without_body(quiet_sim):
    client = Client(quiet_sim.rest_url)
    empty = client.public("/api/v1/ticker", symbol="SOL_USDC")
    assert (empty.status_code, empty.content) == (204, b"")
    assert client.public("/api/v1/ticker", symbol="SOL_USDC", interval="2d").status_code == 400, "checked first"
    limit(new_client(quiet_sim), "Bid", "140", "1")
    resting = client.public("/api/v1/ticker", symbol="SOL_USDC")
    assert resting.status_code == 200 and resting.json()["symbol"] == "SOL_USDC", "an order on the book: not empty"
