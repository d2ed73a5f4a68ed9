"""Matching engine behaviour over REST, on a simulator whose books start empty."""

from decimal import Decimal

import pytest

from simclient import history_order, limit, new_client

D = Decimal


@pytest.fixture
def pair(quiet_sim):
    return new_client(quiet_sim), new_client(quiet_sim)


def test_limit_order_rests_and_is_listed(quiet_sim, pair):
    maker, _ = pair
    order = limit(maker, "Bid", "140", "2")
    assert order["status"] == "New" and order["executedQuantity"] == "0"
    assert order["id"].isdigit() and isinstance(order["createdAt"], int)
    open_orders = maker.signed("GET", "/api/v1/orders", params={"symbol": "SOL_USDC"}).json()
    assert [o["id"] for o in open_orders] == [order["id"]]
    depth = maker.public("/api/v1/depth", symbol="SOL_USDC").json()
    assert depth["bids"] == [["140.00", "2.00"]] and depth["asks"] == []


def test_crossing_order_fills_at_maker_price(pair):
    maker, taker = pair
    ask = limit(maker, "Ask", "150", "2")
    bid = limit(taker, "Bid", "151", "2")
    assert bid["status"] == "Filled"
    assert bid["executedQuantity"] == "2" and bid["executedQuoteQuantity"] == "300"
    fills = taker.signed("GET", "/wapi/v1/history/fills").json()
    assert fills[0]["price"] == "150" and fills[0]["isMaker"] is False and fills[0]["orderId"] == bid["id"]
    maker_fills = maker.signed("GET", "/wapi/v1/history/fills").json()
    assert maker_fills[0]["isMaker"] is True and maker_fills[0]["orderId"] == ask["id"]
    trades = maker.public("/api/v1/trades", symbol="SOL_USDC").json()
    assert trades[0]["price"] == "150" and trades[0]["isBuyerMaker"] is False


def test_price_time_priority(quiet_sim, pair):
    maker, taker = pair
    other = new_client(quiet_sim)
    first = limit(maker, "Ask", "150", "1")
    limit(other, "Ask", "150", "1")
    cheaper = limit(other, "Ask", "149.5", "1")
    limit(taker, "Bid", "150", "2")
    assert (
        maker.signed("GET", "/wapi/v1/history/orders", params={"orderId": first["id"]}).json()[0]["status"] == "Filled"
    )
    assert history_order(other, cheaper["id"])["status"] == "Filled"
    assert len(other.signed("GET", "/api/v1/orders").json()) == 1


def test_partial_fill_leaves_remainder_resting(pair):
    maker, taker = pair
    limit(maker, "Ask", "150", "1")
    bid = limit(taker, "Bid", "150", "3", clientId=77)
    assert bid["status"] == "PartiallyFilled" and bid["executedQuantity"] == "1"
    by_client_id = taker.signed("GET", "/api/v1/order", params={"symbol": "SOL_USDC", "clientId": "77"}).json()
    assert by_client_id["id"] == bid["id"] and by_client_id["status"] == "PartiallyFilled"
    assert by_client_id["quantity"] == "3"
    depth = taker.public("/api/v1/depth", symbol="SOL_USDC").json()
    assert depth["bids"] == [["150.00", "2.00"]]


def test_ioc_expires_the_remainder(pair):
    maker, taker = pair
    limit(maker, "Ask", "150", "1")
    bid = limit(taker, "Bid", "150", "3", timeInForce="IOC")
    assert bid["status"] == "Expired" and bid["executedQuantity"] == "1"
    assert history_order(taker, bid["id"])["expiryReason"] == "ImmediateOrCancel"
    assert taker.signed("GET", "/api/v1/orders").json() == []


def test_fok_fills_completely_or_not_at_all(pair):
    maker, taker = pair
    ask = limit(maker, "Ask", "150", "1")
    killed = limit(taker, "Bid", "150", "3", timeInForce="FOK")
    assert killed["status"] == "Expired" and killed["executedQuantity"] == "0"
    assert history_order(taker, killed["id"])["expiryReason"] == "FillOrKill"
    assert maker.signed("GET", "/api/v1/order", params={"symbol": "SOL_USDC", "orderId": ask["id"]}).status_code == 200
    filled = limit(taker, "Bid", "150", "1", timeInForce="FOK")
    assert filled["status"] == "Filled"


def test_post_only_crossing_order_expires(pair):
    maker, taker = pair
    limit(maker, "Ask", "150", "1")
    before = taker.balances()["USDC"]
    order = limit(taker, "Bid", "150", "1", postOnly=True)
    assert order["status"] == "Expired" and order["postOnly"] is True
    assert history_order(taker, order["id"])["expiryReason"] == "PostOnlyTaker"
    assert taker.balances()["USDC"] == before
    resting = limit(taker, "Bid", "149", "1", postOnly=True)
    assert resting["status"] == "New"


def test_market_order_by_quote_quantity(pair):
    maker, taker = pair
    limit(maker, "Ask", "150", "1")
    limit(maker, "Ask", "151", "1")
    order = taker.order(symbol="SOL_USDC", side="Bid", orderType="Market", quoteQuantity="226").json()
    assert order["status"] == "Filled"
    assert order["executedQuantity"] == "1.5"  # 1 @ 150, then 0.5 @ 151 (76 USDC buys 0.50)
    assert order["executedQuoteQuantity"] == "225.5"
    assert order["quoteQuantity"] == "226"


def test_market_order_by_quantity_sweeps_levels(pair):
    maker, taker = pair
    limit(maker, "Bid", "150", "1")
    limit(maker, "Bid", "149", "2")
    order = taker.order(symbol="SOL_USDC", side="Ask", orderType="Market", quantity="2").json()
    assert order["status"] == "Filled" and order["executedQuoteQuantity"] == "299"


def test_market_order_without_liquidity_expires(pair):
    _, taker = pair
    order = taker.order(symbol="SOL_USDC", side="Bid", orderType="Market", quantity="1").json()
    assert order["status"] == "Expired" and order["executedQuantity"] == "0"
    assert history_order(taker, order["id"])["expiryReason"] == "InsufficientLiquidity"


@pytest.mark.parametrize(
    "mode, taker_status, maker_open",
    [
        ("RejectTaker", "Expired", True),
        ("RejectMaker", "New", False),
        ("RejectBoth", "Expired", False),
    ],
)
def test_self_trade_prevention(pair, mode, taker_status, maker_open):
    trader, _ = pair
    maker = limit(trader, "Ask", "150", "1")
    taker = limit(trader, "Bid", "150", "1", selfTradePrevention=mode)
    assert taker["status"] == taker_status and taker["executedQuantity"] == "0"
    maker_lookup = trader.signed("GET", "/api/v1/order", params={"symbol": "SOL_USDC", "orderId": maker["id"]})
    assert (maker_lookup.status_code == 200) is maker_open
    if taker_status == "Expired":
        assert history_order(trader, taker["id"])["expiryReason"] == "SelfTradePrevention"
    if not maker_open:
        assert history_order(trader, maker["id"])["expiryReason"] == "SelfTradePrevention"
    assert trader.signed("GET", "/wapi/v1/history/fills").json() == []


def test_reduce_only_never_flips_a_position(pair):
    maker, trader = pair
    limit(maker, "Ask", "150", "1", symbol="SOL_USDC_PERP")
    limit(trader, "Bid", "150", "1", symbol="SOL_USDC_PERP")
    position = trader.signed("GET", "/api/v1/position", params={"symbol": "SOL_USDC_PERP"}).json()[0]
    assert position["netQuantity"] == "1" and position["entryPrice"] == "150"
    limit(maker, "Bid", "149", "5", symbol="SOL_USDC_PERP")
    reducing = limit(trader, "Ask", "149", "3", symbol="SOL_USDC_PERP", reduceOnly=True)
    assert reducing["executedQuantity"] == "1" and reducing["status"] == "Expired"
    assert history_order(trader, reducing["id"])["expiryReason"] == "ReduceOnlyNotReduced"
    assert trader.signed("GET", "/api/v1/position").json() == []
    no_position = limit(trader, "Ask", "149", "1", symbol="SOL_USDC_PERP", reduceOnly=True)
    assert no_position["status"] == "Expired" and no_position["executedQuantity"] == "0"
    spot = trader.order(symbol="SOL_USDC", side="Ask", orderType="Limit", price="150", quantity="1", reduceOnly=True)
    assert spot.status_code == 400 and spot.json()["code"] == "INVALID_ORDER"


def test_trigger_order_waits_then_fires_on_mark_price(quiet_sim, pair):
    maker, trader = pair
    pending = trader.order(
        symbol="SOL_USDC", side="Bid", orderType="Limit", price="161", triggerPrice="160", triggerQuantity="1"
    ).json()
    assert pending["status"] == "TriggerPending" and pending["quantity"] == "0"
    assert pending["triggerQuantity"] == "1" and pending["triggerPrice"] == "160"
    assert trader.signed("GET", "/api/v1/account").json()["triggerOrders"] == 1
    limit(maker, "Ask", "160.5", "1")
    quiet_sim.call(quiet_sim.sim.set_price, "SOL_USDC", "159")
    assert trader.signed("GET", "/api/v1/orders").json()[0]["status"] == "TriggerPending"
    quiet_sim.call(quiet_sim.sim.set_price, "SOL_USDC", "160")
    assert trader.signed("GET", "/api/v1/orders").json() == []
    fills = trader.signed("GET", "/wapi/v1/history/fills").json()
    assert [(f["orderId"], f["price"], f["quantity"]) for f in fills] == [(pending["id"], "160.5", "1")]
    assert history_order(trader, pending["id"])["status"] == "Filled"


def test_trigger_order_without_funds_fails_when_triggered(quiet_sim):
    poor = new_client(quiet_sim, USDC="100")
    pending = poor.order(
        symbol="SOL_USDC", side="Bid", orderType="Limit", price="151", triggerPrice="155", triggerQuantity="1"
    ).json()
    assert pending["status"] == "TriggerPending"  # nothing is locked until it triggers
    quiet_sim.call(quiet_sim.sim.set_price, "SOL_USDC", "156")
    assert history_order(poor, pending["id"])["status"] == "TriggerFailed"
    assert poor.signed("GET", "/api/v1/orders").json() == []


def test_trigger_order_on_last_price(quiet_sim, pair):
    maker, trader = pair
    stop = trader.order(
        symbol="SOL_USDC",
        side="Ask",
        orderType="Market",
        triggerPrice="145",
        triggerQuantity="2",
        triggerBy="LastPrice",
    ).json()
    assert stop["status"] == "TriggerPending"
    limit(maker, "Bid", "144", "5")
    third = new_client(quiet_sim)
    limit(third, "Ask", "144", "1")  # prints a trade at 144 (< 145): the stop fires
    rows = trader.signed("GET", "/wapi/v1/history/orders", params={"orderId": stop["id"]}).json()
    assert rows[0]["status"] == "Filled" and rows[0]["executedQuantity"] == "2"


def test_attached_take_profit_and_stop_loss_are_created_and_oco(quiet_sim, pair):
    maker, trader = pair
    limit(maker, "Ask", "150", "1")
    entry = limit(trader, "Bid", "150", "1", takeProfitTriggerPrice="170", stopLossTriggerPrice="140")
    assert entry["status"] == "Filled" and entry["takeProfitTriggerPrice"] == "170"
    children = trader.signed("GET", "/api/v1/orders").json()
    assert sorted(c["triggerPrice"] for c in children) == ["140", "170"]
    assert all(c["relatedOrderId"] == entry["id"] and c["side"] == "Ask" for c in children)
    limit(maker, "Bid", "139", "1")
    quiet_sim.call(quiet_sim.sim.set_price, "SOL_USDC", "139.5")  # stop loss fires, take profit is cancelled
    assert trader.signed("GET", "/api/v1/orders").json() == []
    statuses = {
        r["triggerPrice"]: r["status"]
        for r in trader.signed("GET", "/wapi/v1/history/orders").json()
        if r["triggerPrice"]
    }
    assert statuses == {"140": "Filled", "170": "Cancelled"}


def test_duplicate_client_id_is_rejected_while_open(pair):
    _, trader = pair
    limit(trader, "Bid", "140", "1", clientId=42)
    duplicate = trader.order(symbol="SOL_USDC", side="Bid", orderType="Limit", price="141", quantity="1", clientId=42)
    assert duplicate.status_code == 400
    assert duplicate.json() == {"code": "INVALID_ORDER", "message": "Order with client ID already exists: 42"}
    cancelled = trader.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "clientId": 42}).json()
    assert cancelled["status"] == "Cancelled"
    assert limit(trader, "Bid", "141", "1", clientId=42)["status"] == "New"


def test_cancel_all_and_batch_orders(pair):
    _, trader = pair
    batch = [
        {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "140", "quantity": "1"},
        {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "140.001", "quantity": "1"},
        {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "139", "quantity": "1"},
    ]
    results = trader.signed("POST", "/api/v1/orders", body=batch).json()
    assert [r["operation"] for r in results] == ["Ok", "Err", "Ok"]
    assert results[1]["code"] == "INVALID_PRICE"
    cancelled = trader.signed("DELETE", "/api/v1/orders", body={"symbol": "SOL_USDC"}).json()
    assert sorted(o["id"] for o in cancelled) == sorted([results[0]["id"], results[2]["id"]])
    assert all(o["status"] == "Cancelled" for o in cancelled)
    missing = trader.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "orderId": results[0]["id"]})
    assert missing.status_code == 404 and missing.json()["code"] == "RESOURCE_NOT_FOUND"


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"price": "150.005", "quantity": "1"}, "INVALID_PRICE"),  # finer than the tick
        ({"price": "300", "quantity": "1"}, "INVALID_PRICE"),  # outside the price band
        ({"price": "150", "quantity": "0.001"}, "INVALID_QUANTITY"),  # finer than the step
        ({"price": "150", "quantity": "0"}, "INVALID_QUANTITY"),
        ({"price": "150", "quantity": "100000"}, "INSUFFICIENT_FUNDS"),
        ({"quantity": "1"}, "INVALID_CLIENT_REQUEST"),  # a limit order needs a price
    ],
)
def test_order_validation(pair, payload, code):
    _, trader = pair
    response = trader.order(symbol="SOL_USDC", side="Bid", orderType="Limit", **payload)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_perp_margin_is_checked(quiet_sim):
    poor = new_client(quiet_sim, USDC="10")
    response = poor.order(symbol="SOL_USDC_PERP", side="Bid", orderType="Limit", price="150", quantity="5")
    assert response.status_code == 400 and response.json()["code"] == "INSUFFICIENT_MARGIN"


def test_a_dated_future_trades_as_a_position_without_funding(quiet_sim, pair):
    """DATED markets (MarketType DATED) hold positions like perps, but pay no funding."""
    maker, taker = pair
    symbol = "BTCD122726_USDC"
    market = next(m for m in maker.public("/api/v1/markets", marketType=["DATED"]).json() if m["symbol"] == symbol)
    assert market["marketType"] == "DATED" and market["fundingInterval"] is None and market["imfFunction"]
    limit(maker, "Ask", "101000.0", "0.01", symbol=symbol)
    limit(taker, "Bid", "101000.0", "0.01", symbol=symbol)
    positions = taker.signed("GET", "/api/v1/position").json()
    assert [(p["symbol"], D(p["netQuantity"])) for p in positions] == [(symbol, D("0.01"))]
    assert all(row["symbol"] != symbol for row in quiet_sim.call(quiet_sim.sim.settle_funding))
