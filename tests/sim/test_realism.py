"""What freqtrade and ccxt's exchange tests need from the simulator: assets on several networks,
a day of gap-free candles, a book 1000 levels deep, and the liquidity to fill their orders."""

import functools
import time
from datetime import datetime, timezone
from decimal import ROUND_DOWN, Decimal

import pytest

from backpack_sim import Simulator, SimulatorThread
from backpack_sim.engine import Engine
from backpack_sim.market_data import KLINE_SECONDS, bucket_start
from backpack_sim.market_maker import seed_history
from backpack_sim.markets import ASSETS, default_markets
from backpack_sim.rest_public import DEPTH_LIMITS
from backpack_sim.wallet import BLOCKCHAINS
from simclient import Client, history_order, limit, new_client

D = Decimal
DAY = 86_400


@pytest.fixture(scope="module")
def market_sim():
    with SimulatorThread(seed=23, tick_interval=0.2) as sim:
        yield sim


@functools.lru_cache(maxsize=64)
def _day(date: str) -> int:
    return int(datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=timezone.utc).timestamp())


def seconds(kline_time: str) -> int:
    """'2025-09-11 15:33:00' as epoch seconds (fast enough for a day of 1s candles)."""
    return _day(kline_time[:10]) + int(kline_time[11:13]) * 3600 + int(kline_time[14:16]) * 60 + int(kline_time[17:19])


# ------------------------------------------------------------------ assets and networks
def test_assets_list_every_network(quiet_sim):
    client = Client(quiet_sim.rest_url)
    assets = {a["symbol"]: a for a in client.public("/api/v1/assets").json()}
    assert len(assets) >= 8 and {"USDC", "SOL", "BTC", "ETH", "USDT"} <= set(assets)
    networks = {symbol: [t["blockchain"] for t in a["tokens"]] for symbol, a in assets.items()}
    assert {"Solana", "Ethereum", "Arbitrum", "Base", "Polygon"} <= set(networks["USDC"])
    assert {"Ethereum", "Arbitrum", "Base"} <= set(networks["ETH"])
    assert {"Ethereum", "Solana", "Tron"} <= set(networks["USDT"])
    assert networks["BTC"] == ["Bitcoin"] and networks["SOL"] == ["Solana"]
    for asset in assets.values():
        if asset["symbol"] == "BTCD122726":  # the dated future's asset lives on no network
            assert asset["tokens"] == []
            continue
        assert asset["tokens"] and isinstance(asset["displayName"], str) and asset["coingeckoId"]
        for token in asset["tokens"]:
            assert token["blockchain"] in BLOCKCHAINS
            assert isinstance(token["depositEnabled"], bool) and isinstance(token["withdrawEnabled"], bool)
            assert isinstance(token["nativeDecimals"], int) and token["nativeDecimals"] >= 5
            assert D(token["withdrawalFee"]) >= 0 and D(token["minimumWithdrawal"]) > D(token["withdrawalFee"]) / 10
            assert D(token["minimumDeposit"]) > 0 and token["maximumWithdrawal"] is None
    usdt_solana = next(t for t in assets["USDT"]["tokens"] if t["blockchain"] == "Solana")
    assert usdt_solana["contractAddress"] == "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB"
    assert usdt_solana["withdrawalFee"] == "0.7" and usdt_solana["nativeDecimals"] == 6
    listed = {chain for chains in networks.values() for chain in chains}
    assert {w["blockchain"] for w in client.public("/api/v1/wallets").json()} == listed
    assert {c["symbol"] for c in client.public("/api/v1/collateral").json()} == set(assets)


def test_every_listed_network_takes_withdrawals_and_deposits(quiet_sim):
    trader = new_client(quiet_sim, **{symbol: "100000000" for symbol in ASSETS})
    for symbol, asset in ASSETS.items():
        for token in asset.tokens:
            address = trader.signed("GET", "/wapi/v1/capital/deposit/address", params={"blockchain": token.blockchain})
            assert address.status_code == 200 and address.json()["address"], (symbol, token.blockchain)
            body = {"address": "addr", "blockchain": token.blockchain, "quantity": str(token.minimum_withdrawal)}
            answer = trader.signed("POST", "/wapi/v1/capital/withdrawals", body={**body, "symbol": symbol})
            assert answer.status_code == 200, (symbol, token.blockchain, answer.text)
            assert answer.json()["blockchain"] == token.blockchain and D(answer.json()["fee"]) == token.withdrawal_fee
            deposit = quiet_sim.call(
                quiet_sim.sim.credit_deposit,
                trader.keys.api_key,
                symbol,
                str(token.minimum_deposit),
                blockchain=token.blockchain,
            )
            assert deposit["source"] == token.blockchain[0].lower() + token.blockchain[1:]
    evm = trader.signed("GET", "/wapi/v1/capital/deposit/address", params={"blockchain": "Arbitrum"}).json()["address"]
    assert evm.startswith("0x") and len(evm) == 42
    fees = {}
    for chain in ("Solana", "Ethereum"):
        body = {"address": "addr", "blockchain": chain, "quantity": "20", "symbol": "USDC"}
        fees[chain] = D(trader.signed("POST", "/wapi/v1/capital/withdrawals", body=body).json()["fee"])
    assert fees["Ethereum"] > fees["Solana"]  # each network has its own fee


@pytest.mark.parametrize(
    "symbol, blockchain", [("SOL", "Ethereum"), ("BTC", "Solana"), ("USDC", "Tron"), ("ETH", "Polygon")]
)
def test_a_network_the_asset_lacks_is_refused(quiet_sim, symbol, blockchain):
    trader = new_client(quiet_sim, **{symbol: "1000"})
    before = trader.balances()
    body = {"address": "addr", "blockchain": blockchain, "quantity": "1", "symbol": symbol}
    answer = trader.signed("POST", "/wapi/v1/capital/withdrawals", body=body)
    assert answer.status_code == 400 and answer.json() == {
        "code": "INVALID_ASSET",
        "message": f"Asset {symbol} is not supported on blockchain {blockchain}",
    }
    assert trader.balances() == before and trader.signed("GET", "/wapi/v1/capital/withdrawals").json() == []
    deposit = trader.session.post(
        quiet_sim.rest_url + "/_sim/deposit",
        json={"apiKey": trader.keys.api_key, "symbol": symbol, "quantity": "5", "blockchain": blockchain},
    )
    assert deposit.status_code == 400 and deposit.json()["code"] == "INVALID_ASSET"


def test_deposit_addresses_and_minimums_per_network(quiet_sim):
    trader = new_client(quiet_sim, USDC="1000")
    unused = trader.signed("GET", "/wapi/v1/capital/deposit/address", params={"blockchain": "Cardano"})
    assert unused.status_code == 400 and unused.json() == {
        "code": "INVALID_CLIENT_REQUEST",
        "message": "Deposits are not supported on blockchain Cardano",
    }
    bogus = trader.signed("GET", "/wapi/v1/capital/deposit/address", params={"blockchain": "Narnia"})
    assert bogus.status_code == 400 and "Blockchain" in bogus.json()["message"]
    addresses = {
        chain: trader.signed("GET", "/wapi/v1/capital/deposit/address", params={"blockchain": chain}).json()["address"]
        for chain in ("Solana", "Ethereum", "Base")
    }
    assert len(set(addresses.values())) == 3  # one address per network
    small = {"address": "addr", "blockchain": "Ethereum", "quantity": "5", "symbol": "USDC"}
    refused = trader.signed("POST", "/wapi/v1/capital/withdrawals", body=small)
    assert refused.status_code == 400 and refused.json()["code"] == "INVALID_QUANTITY"  # 10 on Ethereum
    assert (
        trader.signed("POST", "/wapi/v1/capital/withdrawals", body={**small, "blockchain": "Solana"}).status_code == 200
    )
    deposit = quiet_sim.call(quiet_sim.sim.credit_deposit, trader.keys.api_key, "USDC", "25", blockchain="Base")
    assert deposit["toAddress"] == addresses["Base"] and deposit["fromAddress"].startswith("0x")
    assert deposit["source"] == "base"
    rows = trader.signed("GET", "/wapi/v1/capital/deposits").json()
    assert rows[0]["id"] == deposit["id"] and rows[0]["source"] == "base"


def test_demo_account_holds_the_new_assets(quiet_sim):
    balances = Client(quiet_sim.rest_url).balances()
    expected = {"USDC": "1000000", "SOL": "10000", "BTC": "10", "ETH": "100"}
    assert {k: balances[k]["available"] for k in expected} == expected
    assert {"USDT", "JUP", "BONK", "WIF"} <= {k for k, v in balances.items() if D(v["available"]) > 0}


# ---------------------------------------------------------------------------- markets
def test_markets_cover_the_new_assets(quiet_sim):
    markets = Client(quiet_sim.rest_url).public("/api/v1/markets", marketType=["SPOT", "PERP", "DATED"]).json()
    spot = [m for m in markets if m["marketType"] == "SPOT"]
    perps = [m for m in markets if m["marketType"] == "PERP"]
    assert len(spot) >= 8 and len(perps) >= 3
    assert {m["baseSymbol"] for m in markets} | {"USDC"} == set(ASSETS)
    for market in markets:
        price, quantity = market["filters"]["price"], market["filters"]["quantity"]
        assert D(price["minPrice"]) <= D(price["tickSize"]) * 100 and D(quantity["stepSize"]) > 0
        if market["marketType"] == "PERP":
            assert quantity["minQuantity"] == quantity["stepSize"]


# ---------------------------------------------------------------------------- candles
def assert_contiguous(candles, interval, start, end):
    """One candle per interval from the one holding ``start`` to the one holding ``end``."""
    starts = [seconds(c["start"]) for c in candles]
    ends = [seconds(c["end"]) for c in candles]
    assert starts[0] <= start < ends[0], (interval, candles[0], start)
    assert end < ends[-1] and starts[-1] <= end + 2, (interval, candles[-1], end)  # the answer came a bit later
    assert all(later == earlier for earlier, later in zip(ends, starts[1:])), interval
    for candle in candles:
        assert int(candle["trades"]) >= 0 and not candle["volume"].startswith("-")
        if candle["open"] == candle["high"] == candle["low"] == candle["close"]:  # flat (a quiet 1s, say)
            assert D(candle["open"]) > 0
            continue
        low, high, open_, close = (D(candle[key]) for key in ("low", "high", "open", "close"))
        assert D(0) < low <= min(open_, close) and high >= max(open_, close)


@pytest.mark.parametrize("symbol, price_type", [("SOL_USDC", "Last"), ("BONK_USDC", "Last"), ("ETH_USDC_PERP", "Mark")])
def test_a_day_of_1m_and_5m_candles_without_gaps(market_sim, symbol, price_type):
    client = Client(market_sim.rest_url)
    for interval, length in (("1m", 60), ("5m", 300)):
        now = int(time.time())
        candles = client.public(
            "/api/v1/klines", symbol=symbol, interval=interval, startTime=now - DAY, priceType=price_type
        ).json()
        assert DAY // length + 1 <= len(candles) <= DAY // length + 2
        assert_contiguous(candles, interval, now - DAY, now)
        assert all(seconds(c["start"]) % length == 0 for c in candles)
        if price_type == "Last":
            traded = [c for c in candles if int(c["trades"])]
            assert len(traded) >= len(candles) - 2  # the seeded history trades every minute


def test_every_interval_answers_for_the_last_day(market_sim):
    client = Client(market_sim.rest_url)
    for interval in KLINE_SECONDS:
        now = int(time.time())
        candles = client.public("/api/v1/klines", symbol="JUP_USDC", interval=interval, startTime=now - DAY).json()
        assert candles, interval
        assert_contiguous(candles, interval, now - DAY, now)


def test_candles_of_an_older_window_and_their_consistency(market_sim):
    client = Client(market_sim.rest_url)
    end = bucket_start(int(time.time()), "1h") - 3600
    start = end - 6 * 3600
    window = dict(symbol="WIF_USDC", startTime=start, endTime=end)
    minutes = client.public("/api/v1/klines", interval="1m", **window).json()
    fives = client.public("/api/v1/klines", interval="5m", **window).json()
    assert len(minutes) == 360 and len(fives) == 72
    assert seconds(minutes[0]["start"]) == start and seconds(minutes[-1]["end"]) == end
    for index, five in enumerate(fives):  # a 5m candle is its five 1m candles
        part = minutes[5 * index : 5 * index + 5]
        assert five["start"] == part[0]["start"] and five["end"] == part[-1]["end"]
        assert five["open"] == part[0]["open"] and five["close"] == part[-1]["close"]
        assert D(five["high"]) == max(D(c["high"]) for c in part) and D(five["low"]) == min(D(c["low"]) for c in part)
        assert D(five["volume"]) == sum(D(c["volume"]) for c in part)
        assert int(five["trades"]) == sum(int(c["trades"]) for c in part)
    for earlier, later in zip(minutes, minutes[1:]):  # a quiet minute would open at the last close
        if not int(later["trades"]):
            assert later["open"] == later["close"] == earlier["close"]


def test_candle_history_is_deterministic_per_seed():
    def history(seed):
        engine = Engine([spec for spec in default_markets() if spec.symbol in ("SOL_USDC", "BONK_USDC")])
        seed_history(engine, seed)
        trades = engine.markets["SOL_USDC"].data.trades
        return [(t.price, t.quantity, t.is_buyer_maker) for t in trades]

    first, again, other = history(5), history(5), history(6)
    assert first == again and first != other
    assert 1441 <= len(first) <= 2882 and first[-1][0] == D("150.00")  # ends at the current price
    without = Simulator(seed=5, market_maker=False, history=False)
    assert without.engine.markets["SOL_USDC"].data.trades == []


def test_quiet_minutes_get_flat_candles(quiet_sim):
    """No history, no market maker: from the first trade on, every interval still has a candle."""
    maker, taker = new_client(quiet_sim), new_client(quiet_sim)
    limit(maker, "Ask", "150", "1")
    limit(taker, "Bid", "150", "1")
    now = int(time.time())
    first = Client(quiet_sim.rest_url).public("/api/v1/klines", symbol="SOL_USDC", interval="1s", startTime=now - 60)
    assert [c["trades"] for c in first.json()][:1] == ["1"]
    data = quiet_sim.sim.engine.markets["SOL_USDC"].data
    later = quiet_sim.call(data.kline_rows, "1s", now - 60, now + 100, "Last", now + 5)  # as answered 5 s later
    assert len(later) >= 6 and [c["trades"] for c in later[-5:]] == ["0"] * 5
    assert {tuple(D(c[key]) for key in ("open", "high", "low", "close")) for c in later[-5:]} == {(D("150"),) * 4}
    empty = Client(quiet_sim.rest_url).public("/api/v1/klines", symbol="BTC_USDC", interval="1m", startTime=now - 600)
    assert empty.json() == []  # a market that never traded has no candles


# ------------------------------------------------------------------------------ depth
def test_depth_limits_up_to_1000_levels(market_sim):
    client = Client(market_sim.rest_url)
    for symbol in [m["symbol"] for m in client.public("/api/v1/markets").json()]:
        for limit_ in DEPTH_LIMITS:
            depth = client.public("/api/v1/depth", symbol=symbol, limit=limit_).json()
            bids = [D(p) for p, _ in depth["bids"]]
            asks = [D(p) for p, _ in depth["asks"]]
            assert len(bids) == len(asks) == int(limit_), (symbol, limit_)
            assert bids == sorted(set(bids)) and asks == sorted(set(asks)) and bids[-1] < asks[0]
            assert all(D(q) > 0 for _, q in depth["bids"] + depth["asks"])
    default = client.public("/api/v1/depth", symbol="SOL_USDC").json()
    assert len(default["bids"]) == len(default["asks"]) == 1000


# -------------------------------------------------------------------------- liquidity
def test_market_orders_of_a_few_thousand_usdc_fill_on_every_market(market_sim):
    trader = new_client(market_sim, USDC="10000000", **{a: "1000000000000" for a in ASSETS if a != "USDC"})
    for market in trader.public("/api/v1/markets").json():
        symbol, price_filter = market["symbol"], market["filters"]["price"]
        step = D(market["filters"]["quantity"]["stepSize"])
        mark = D(trader.public("/api/v1/markPrices", symbol=symbol).json()[0]["markPrice"])
        quantity = (D(8000) / mark).quantize(step, rounding=ROUND_DOWN)
        for side in ("Bid", "Ask"):
            order = trader.order(symbol=symbol, side=side, orderType="Market", quantity=str(quantity)).json()
            assert order["status"] == "Filled" and D(order["executedQuantity"]) == quantity, (symbol, side, order)
            fills = trader.signed("GET", "/wapi/v1/history/fills", params={"orderId": order["id"], "limit": "1000"})
            prices = [D(f["price"]) for f in fills.json()]
            first = min(prices) if side == "Bid" else max(prices)  # the best price when it came in
            if side == "Bid":  # the sweep stays within the impact band
                assert max(prices) <= first * D(price_filter["maxImpactMultiplier"]), (symbol, prices)
            else:
                assert min(prices) >= first * D(price_filter["minImpactMultiplier"]), (symbol, prices)
        by_cost = trader.order(symbol=symbol, side="Bid", orderType="Market", quoteQuantity="3000").json()
        assert by_cost["status"] == "Filled" and D(by_cost["executedQuoteQuantity"]) > D(2990), (symbol, by_cost)


def test_a_sweep_through_the_deep_ladder_is_refilled(market_sim):
    trader = new_client(market_sim, USDC="10000000")
    order = trader.order(symbol="ETH_USDC", side="Bid", orderType="Market", quoteQuantity="70000").json()
    assert order["status"] == "Filled"
    fills = trader.signed("GET", "/wapi/v1/history/fills", params={"orderId": order["id"], "limit": "1000"}).json()
    prices = sorted(D(f["price"]) for f in fills)
    assert len(prices) > 20 and prices[-1] <= prices[0] * D("1.03")  # into the deep ladder, within the band
    deadline = time.time() + 5
    while time.time() < deadline:
        depth = trader.public("/api/v1/depth", symbol="ETH_USDC").json()
        if len(depth["asks"]) == 1000 and len(depth["bids"]) == 1000:
            break
        time.sleep(0.1)
    assert len(depth["asks"]) == 1000 and len(depth["bids"]) == 1000


@pytest.mark.parametrize("move", ["down", "still", "up"])
def test_the_ladder_is_whole_again_after_a_sweep_and_a_price_move(move):
    """Deterministic (no thread, no price walk): a sweep takes the near asks and some deep
    ones; whichever way the price then moves, the next tick puts 1000 deep levels back."""
    specs = default_markets()
    for spec in specs:
        spec.volatility = 0.0
    sim = Simulator(seed=9, history=False, noise_trades=False, markets=specs)
    market = sim.engine.markets["SOL_USDC"]
    taker = sim.engine.add_account("taker", None, {"USDC": "10000000"})
    order = sim.engine.place_order(
        taker, {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Market", "quoteQuantity": "80000"}
    )
    assert order.status == "Filled" and len(market.book.asks.levels) < 1000
    sim.set_price("SOL_USDC", {"down": "149.70", "still": "150.00", "up": "150.30"}[move])
    sim.step()
    assert len(market.book.asks.levels) >= 1000 and len(market.book.bids.levels) >= 1000
    ladder = sim.market_maker.ladders["SOL_USDC"]
    for is_bid in (True, False):
        low, high = ladder.ranges[is_bid]
        assert high - low + 1 == 1000 and all(ladder.deep[is_bid][k].is_open for k in range(low, high + 1))


def test_resting_orders_fill_once_the_price_reaches_them():
    specs = default_markets()
    for spec in specs:
        spec.volatility = 0.0  # the price moves only when the test moves it
    with SimulatorThread(seed=4, tick_interval=0.1, markets=specs, history=False) as sim:
        trader = new_client(sim, USDC="100000", SOL="100", WIF="10000")
        bid = limit(trader, "Bid", "149.50", "2")
        ask = limit(trader, "Ask", "150.80", "3")
        far = limit(trader, "Bid", "140.00", "1")
        wif = limit(trader, "Ask", "1.5100", "1000", symbol="WIF_USDC")
        assert bid["status"] == ask["status"] == wif["status"] == "New"

        def filled_within(order, seconds_, symbol="SOL_USDC"):
            deadline = time.time() + seconds_
            while time.time() < deadline:
                if history_order(trader, order["id"])["status"] == "Filled":
                    return True
                time.sleep(0.05)
            return False

        sim.call(sim.sim.set_price, "SOL_USDC", "149.49")  # just through the bid
        assert filled_within(bid, 3)
        sim.call(sim.sim.set_price, "SOL_USDC", "150.80")  # exactly at the ask
        assert filled_within(ask, 3)
        sim.call(sim.sim.set_price, "WIF_USDC", "1.5150")
        assert filled_within(wif, 3)
        fills = {f["orderId"]: f for f in trader.signed("GET", "/wapi/v1/history/fills").json()}
        assert fills[bid["id"]]["price"] == "149.5" and fills[bid["id"]]["isMaker"] is True
        assert fills[ask["id"]]["price"] == "150.8" and fills[wif["id"]]["price"] == "1.51"
        assert history_order(trader, far["id"])["status"] == "New"  # the price never got there
