"""Balances, locks and fees after fills (spot buy pays the fee in base, sell in quote)."""

from decimal import Decimal
from simclient import limit, new_client

D = Decimal


def balance(client, asset):
    entry = client.balances().get(asset, {"available": "0", "locked": "0"})
    return D(entry["available"]), D(entry["locked"])


def test_resting_orders_lock_funds_and_cancel_unlocks(quiet_sim):
    trader = new_client(quiet_sim, USDC="1000", SOL="10")
    bid = limit(trader, "Bid", "140", "2")
    assert balance(trader, "USDC") == (D("720"), D("280"))
    limit(trader, "Ask", "160", "3")
    assert balance(trader, "SOL") == (D("7"), D("3"))
    trader.signed("DELETE", "/api/v1/order", body={"symbol": "SOL_USDC", "orderId": bid["id"]})
    assert balance(trader, "USDC") == (D("1000"), D("0"))


def test_fees_after_a_spot_fill(quiet_sim):
    seller = new_client(quiet_sim, USDC="0", SOL="10")
    buyer = new_client(quiet_sim, USDC="1000", SOL="0")
    limit(seller, "Ask", "150", "2")  # maker: fee 0.08% in USDC
    limit(buyer, "Bid", "151", "2")  # taker: fee 0.1% in SOL, refund of the better price
    assert balance(buyer, "USDC") == (D("700"), D("0"))
    assert balance(buyer, "SOL") == (D("1.998"), D("0"))
    assert balance(seller, "USDC") == (D("299.76"), D("0"))
    assert balance(seller, "SOL") == (D("8"), D("0"))
    buyer_fill = buyer.signed("GET", "/wapi/v1/history/fills").json()[0]
    seller_fill = seller.signed("GET", "/wapi/v1/history/fills").json()[0]
    assert (buyer_fill["fee"], buyer_fill["feeSymbol"], buyer_fill["side"]) == ("0.002", "SOL", "Bid")
    assert (seller_fill["fee"], seller_fill["feeSymbol"], seller_fill["side"]) == ("0.24", "USDC", "Ask")


def test_partial_fill_keeps_the_rest_locked(quiet_sim):
    seller = new_client(quiet_sim, SOL="5")
    buyer = new_client(quiet_sim, USDC="1000")
    limit(seller, "Ask", "120", "1")
    limit(buyer, "Bid", "120", "4")
    assert balance(buyer, "USDC") == (D("520"), D("360"))
    assert balance(buyer, "SOL")[0] == D("0.999")


def test_market_buy_needs_funds(quiet_sim):
    seller = new_client(quiet_sim, SOL="5")
    buyer = new_client(quiet_sim, USDC="100")
    limit(seller, "Ask", "150", "5")
    response = buyer.order(symbol="SOL_USDC", side="Bid", orderType="Market", quantity="1")
    assert response.status_code == 400
    assert response.json() == {"code": "INSUFFICIENT_FUNDS", "message": "Insufficient funds"}
    assert balance(buyer, "USDC") == (D("100"), D("0"))


def test_perp_fill_charges_fee_and_realizes_pnl_in_usdc(quiet_sim):
    maker = new_client(quiet_sim, USDC="100000")
    trader = new_client(quiet_sim, USDC="1000")
    limit(maker, "Ask", "150", "2", symbol="SOL_USDC_PERP")
    limit(trader, "Bid", "150", "2", symbol="SOL_USDC_PERP")  # taker fee 0.05% of 300 = 0.15
    assert balance(trader, "USDC")[0] == D("999.85")
    limit(maker, "Bid", "155", "2", symbol="SOL_USDC_PERP")
    limit(trader, "Ask", "155", "2", symbol="SOL_USDC_PERP")  # +10 PnL, fee 0.155
    assert balance(trader, "USDC")[0] == D("999.85") + D("10") - D("0.155")
    history = trader.signed("GET", "/wapi/v1/history/position").json()
    assert history[0]["state"] == "Closed" and history[0]["cumulativePnlRealized"] == "10"


def test_funding_payment_is_applied(quiet_sim):
    maker = new_client(quiet_sim, USDC="100000")
    trader = new_client(quiet_sim, USDC="1000")
    limit(maker, "Ask", "150", "10", symbol="SOL_USDC_PERP")
    limit(trader, "Bid", "150", "10", symbol="SOL_USDC_PERP")
    before = balance(trader, "USDC")[0]
    payments = quiet_sim.call(quiet_sim.sim.settle_funding)
    rate = D(payments[0]["fundingRate"])
    after = balance(trader, "USDC")[0]
    assert after - before == -(D(10) * D(150) * rate).quantize(D("0.000001"))
    rows = trader.signed("GET", "/wapi/v1/history/funding").json()
    assert rows[0]["symbol"] == "SOL_USDC_PERP" and D(rows[0]["quantity"]) == after - before
    position = trader.signed("GET", "/api/v1/position").json()[0]
    assert D(position["cumulativeFundingPayment"]) == after - before


def test_deposit_withdrawal_and_lend(quiet_sim):
    trader = new_client(quiet_sim, USDC="0")
    deposit = quiet_sim.call(quiet_sim.sim.credit_deposit, trader.keys.api_key, "USDC", "250")
    assert deposit["status"] == "confirmed" and deposit["quantity"] == "250"
    assert balance(trader, "USDC") == (D("250"), D("0"))
    rows = trader.signed("GET", "/wapi/v1/capital/deposits").json()
    assert [r["id"] for r in rows] == [deposit["id"]] and rows[0]["source"] == "administrator"
    withdrawal = trader.signed(
        "POST",
        "/wapi/v1/capital/withdrawals",
        body={
            "address": "5Q544fKrFoe6tsEbD7S8EmxGTJYAKtTVhAW5Q5pge4j1",
            "blockchain": "Solana",
            "quantity": "100",
            "symbol": "USDC",
        },
    ).json()
    assert withdrawal["status"] == "pending" and withdrawal["fee"] == "1"  # USDC on Solana; 3 on Ethereum
    assert balance(trader, "USDC")[0] == D("149")
    too_much = trader.signed(
        "POST",
        "/wapi/v1/capital/withdrawals",
        body={"address": "0xabc", "blockchain": "Ethereum", "quantity": "1000", "symbol": "USDC"},
    )
    assert too_much.status_code == 400 and too_much.json()["code"] == "INSUFFICIENT_FUNDS"
    assert (
        trader.signed(
            "POST", "/api/v1/borrowLend", body={"quantity": "40", "side": "Lend", "symbol": "USDC"}
        ).status_code
        == 200
    )
    assert balance(trader, "USDC")[0] == D("109")
    positions = trader.signed("GET", "/api/v1/borrowLend/positions").json()
    assert positions[0]["netQuantity"] == "40" and positions[0]["symbol"] == "USDC"


def test_rfq_conversion(quiet_sim):
    trader = new_client(quiet_sim, USDC="1000")
    rfq = trader.signed("POST", "/api/v1/rfq", body={"symbol": "SOL_USDC_RFQ", "side": "Bid", "quantity": "2"}).json()
    assert rfq["status"] == "New" and rfq["executionMode"] == "AwaitAccept"
    listed = trader.signed("GET", "/api/v1/rfqs").json()
    quote = listed[0]["quotes"][0]
    assert D(quote["askPrice"]) > D(quote["bidPrice"])
    accepted = trader.signed("POST", "/api/v1/rfq/accept", body={"rfqId": rfq["rfqId"], "quoteId": quote["quoteId"]})
    assert accepted.json()["status"] == "Filled"
    assert balance(trader, "SOL")[0] == D("2")
    assert balance(trader, "USDC")[0] == D("1000") - 2 * D(quote["askPrice"])
