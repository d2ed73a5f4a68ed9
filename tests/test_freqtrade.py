"""freqtrade on Backpack through backpack_freqtrade, against the simulator.

freqtrade's own exchange layer (the class ExchangeResolver picks for `exchange.name: backpack`,
with the generated ccxt classes under it) runs against an in-process simulator with its market
maker on. Each test says which behaviour of the real exchange the simulator stands for.
Skipped when freqtrade (the `freqtrade` extra) is not installed.
"""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("freqtrade")

import ccxt  # noqa: E402

from backpack_sim import SimulatorThread  # noqa: E402
from support import ROOT  # noqa: E402

HOUR_MS = 3600 * 1000



@pytest.fixture(scope="module")
def sim():
    # the simulator keeps 24 h of candles and funding rates behind "now", and a market maker
    # quoting around a moving price, as the real exchange has history and liquidity
    with SimulatorThread(seed=23, market_maker=True, tick_interval=0.5) as running:
        yield running


@pytest.fixture(scope="module")
def backpack_class():
    """register(), as the launcher does; undone afterwards: other tests in this process (the
    generator's capability table) read ccxt's own ccxt.backpack."""
    import ccxt.async_support
    import ccxt.pro
    import freqtrade.exchange

    import backpack_freqtrade

    namespaces = (ccxt, ccxt.async_support, ccxt.pro, freqtrade.exchange)
    before = [
        (namespace, getattr(namespace, "backpack", None), getattr(namespace, "Backpack", None))
        for namespace in namespaces
    ]
    yield backpack_freqtrade.register()
    for namespace, lower, upper in before:
        for name, value in (("backpack", lower), ("Backpack", upper)):
            if value is None:
                namespace.__dict__.pop(name, None)
            else:
                setattr(namespace, name, value)


@pytest.fixture
def account(sim):
    """A fresh funded account of its own for each test: (apiKey, secret)."""
    keys = sim.call(sim.sim.add_account, None, {"USDC": "50000", "SOL": "100"})
    return keys.api_key, keys.secret


@pytest.fixture
def exchange(sim, backpack_class, account):
    """exchange(trading_mode, dry_run=False): freqtrade's exchange object, as the bot builds it."""
    from freqtrade.resolvers import ExchangeResolver

    made = []

    def make(trading_mode="spot", dry_run=False, **order_types):
        made.append(
            ExchangeResolver.load_exchange(
                bot_config(sim.rest_url, trading_mode, dry_run, account, order_types), load_leverage_tiers=True
            )
        )
        return made[-1]

    yield make
    for each in made:
        each.close()


def bot_config(server, trading_mode, dry_run, keys=None, order_types=None):
    from freqtrade.enums import RunMode

    return {
        "runmode": RunMode.DRY_RUN if dry_run else RunMode.LIVE,
        "dry_run": dry_run,
        "stake_currency": "USDC",
        "trading_mode": trading_mode,
        "margin_mode": "cross" if trading_mode == "futures" else "",
        "timeframe": "5m",
        "exchange": {
            "name": "backpack",
            "key": keys[0] if keys else "",
            "secret": keys[1] if keys else "",
            # the simulator needs no pacing (ccxt spaces requests 50 ms apart), and loopback no TLS
            # shutdown (ccxt's async close waits 250 ms for it)
            "ccxt_config": {"options": {"server": server}, "enableRateLimit": False},
            "ccxt_async_config": {"timeout_on_exit": 0},
            "pair_whitelist": [],
        },
        "entry_pricing": {"price_side": "same", "use_order_book": False},
        "exit_pricing": {"price_side": "same", "use_order_book": False},
        "order_types": {
            "entry": "limit",
            "exit": "limit",
            "stoploss": "market",
            "stoploss_on_exchange": True,
            **(order_types or {}),
        },
        "order_time_in_force": {"entry": "GTC", "exit": "GTC"},
    }


def on_sim(sim, function):
    """Run function(engine) on the simulator's loop: what the exchange itself holds."""
    return sim.call(function, sim.sim.engine)


def sim_order(sim, api_key, order_id):
    def read(engine):
        account = engine.account(api_key)
        order = account.open_orders.get(int(order_id)) or next(o for o in account.orders if o.id == int(order_id))
        triggers = engine.market(order.symbol).triggers
        trigger_price = float(order.trigger_price) if order.trigger_price is not None else None
        return {
            "status": order.status,
            "resting_trigger": order.id in triggers,
            "trigger_price": trigger_price,
            "reduce_only": bool(order.reduce_only),
        }

    return on_sim(sim, read)


def sim_position(sim, api_key, symbol):
    def read(engine):
        position = engine.account(api_key).positions.get(symbol)
        return float(position.net_quantity) if position else 0.0

    return on_sim(sim, read)


def test_the_resolver_picks_the_backpack_class_for_spot_and_cross_futures(exchange, backpack_class):
    """Markets as Backpack lists them: spot pairs, and USDC-margined perps (swap, linear)."""
    from freqtrade.enums import MarginMode, TradingMode
    from freqtrade.exceptions import ConfigurationError
    from freqtrade.exchange import Exchange

    spot, futures = exchange("spot"), exchange("futures")
    assert type(spot) is backpack_class and type(futures) is backpack_class
    assert {"SOL/USDC", "BTC/USDC", "ETH/USDC"} <= set(spot.get_markets(tradable_only=True))
    assert not any(":" in symbol for symbol in spot.get_markets(tradable_only=True))
    perps = futures.get_markets(tradable_only=True)
    assert {"SOL/USDC:USDC", "BTC/USDC:USDC", "ETH/USDC:USDC"} <= set(perps) and all(":USDC" in s for s in perps)
    # freqtrade's generic class knows spot only; Backpack is cross margin, never isolated
    assert (TradingMode.FUTURES, MarginMode.CROSS) not in Exchange._supported_trading_mode_margin_pairs
    with pytest.raises(ConfigurationError, match="isolated"):
        futures.validate_trading_mode_and_margin_mode(TradingMode.FUTURES, MarginMode.ISOLATED)
    # the candle limit: Backpack's klines return at most 1000 candles a request
    assert futures.ohlcv_candle_limit("1m", futures._config["candle_type_def"]) == 1000
    # fees from the markets: the account's own tiers (loaded with the keys), spot 8/10 bps, perps 2/5 bps
    assert spot.get_fee("SOL/USDC", taker_or_maker="taker") == pytest.approx(0.001)
    assert spot.get_fee("SOL/USDC", taker_or_maker="maker") == pytest.approx(0.0008)
    assert futures.get_fee("SOL/USDC:USDC", order_type="market") == pytest.approx(0.0005)
    # leverage from the market's imf function: 1 / 0.02 at most, less for a large stake
    assert futures.get_max_leverage("SOL/USDC:USDC", 0) == 50
    assert (
        1 < futures.get_max_leverage("SOL/USDC:USDC", 1_000_000) < futures.get_max_leverage("SOL/USDC:USDC", 100) < 50
    )


def test_tickers_have_no_bid_ask_and_pricing_takes_them_from_the_book(exchange):
    """Backpack's /tickers and /ticker carry last price and volumes but no bid/ask."""
    futures = exchange("futures")
    tickers = futures.get_tickers()
    assert tickers["SOL/USDC:USDC"]["last"] > 0 and tickers["SOL/USDC"]["quoteVolume"] > 0
    assert tickers["SOL/USDC"]["bid"] is None and futures.get_option("tickers_have_bid_ask") is False
    ticker = futures.fetch_ticker("SOL/USDC:USDC")
    assert 0 < ticker["bid"] < ticker["ask"]
    entry, exit_ = futures.get_rates("SOL/USDC:USDC", refresh=True, is_short=False)
    assert entry < exit_ and entry == pytest.approx(
        ticker["bid"], rel=0.01
    )  # price_side "same": a long enters on the bid


def test_candles_refresh_and_history_for_1m_and_5m(exchange):
    """Klines over several hours, paged 1000 at a time, as download-data and the bot read them."""
    from freqtrade.enums import CandleType

    spot, futures = exchange("spot", dry_run=True), exchange("futures", dry_run=True)
    latest = spot.refresh_latest_ohlcv(
        [("SOL/USDC", "1m", CandleType.SPOT), ("SOL/USDC", "5m", CandleType.SPOT)], cache=False
    )
    assert len(latest[("SOL/USDC", "1m", CandleType.SPOT)]) >= 990  # one request: 1000 candles less the forming one
    assert len(latest[("SOL/USDC", "5m", CandleType.SPOT)]) >= 280  # the simulator's 24 h of 5m candles
    now = int(time.time() * 1000)
    for pair, exchange_, candle_type in (
        ("SOL/USDC", spot, CandleType.SPOT),
        ("SOL/USDC:USDC", futures, CandleType.FUTURES),
    ):
        for timeframe, hours in (("1m", 20), ("5m", 12)):  # 1m over 20 h: two requests of 1000
            frame = exchange_.get_historic_ohlcv(pair, timeframe, now - hours * HOUR_MS, candle_type)
            step = pd_step(timeframe)
            # less the candle that starts before `since`, the forming one freqtrade drops, and one more
            # when a minute turns between `now` and the simulator's clock
            assert len(frame) >= hours * 3600 // step - 3
            assert (frame["date"].diff().dropna().dt.total_seconds() == step).all(), "no gap, no duplicate"
            assert (frame["low"] <= frame["open"]).all() and (frame["high"] >= frame["close"]).all()
    # futures extras: mark candles and funding rates, as freqtrade's funding fee calculation reads them
    extras = futures.refresh_latest_ohlcv(
        [("SOL/USDC:USDC", "1h", CandleType.MARK), ("SOL/USDC:USDC", "1h", CandleType.FUNDING_RATE)],
        since_ms=now - 6 * HOUR_MS,
        cache=False,
    )
    assert len(extras[("SOL/USDC:USDC", "1h", CandleType.MARK)]) >= 5
    assert len(extras[("SOL/USDC:USDC", "1h", CandleType.FUNDING_RATE)]) >= 5


def pd_step(timeframe):
    return {"1m": 60, "5m": 300}[timeframe]


def test_live_spot_buy_and_sell_with_time_in_force_and_fees(sim, exchange, account):
    """A live (dry_run false) spot round trip: fills against the market maker's book, fees charged
    by the exchange (a spot buy pays its fee in the base asset), post-only and IOC as Backpack
    treats them."""
    spot = exchange("spot")
    pair = "SOL/USDC"
    ask = spot.fetch_ticker(pair)["ask"]
    buy = spot.create_order(pair=pair, ordertype="market", side="buy", amount=2, rate=ask, leverage=1.0)
    buy = spot.fetch_order(buy["id"], pair)
    assert buy["status"] == "closed" and buy["filled"] == 2 and buy["average"] > 0
    trades = spot.get_trades_for_order(buy["id"], pair, datetime.now(UTC) - timedelta(minutes=1))
    fee_cost, fee_currency, fee_rate = spot.extract_cost_curr_rate(
        trades[0]["fee"], pair, trades[0]["cost"], trades[0]["amount"]
    )
    assert fee_currency == "SOL" and fee_rate == pytest.approx(0.001, rel=0.05)  # taker fee, in the base asset
    assert spot.get_balances()["SOL"]["total"] == pytest.approx(102 - sum(t["fee"]["cost"] for t in trades))

    bid = spot.fetch_ticker(pair)["bid"]
    sell = spot.create_order(pair=pair, ordertype="limit", side="sell", amount=1.99, rate=bid * 0.99, leverage=1.0)
    sell = spot.fetch_order(sell["id"], pair)
    assert sell["status"] == "closed" and sell["filled"] == 1.99  # a marketable limit fills at once

    # post-only rests below the market; IOC below the market expires without a fill
    resting = spot.create_order(
        pair=pair, ordertype="limit", side="buy", amount=1, rate=bid * 0.9, leverage=1.0, time_in_force="PO"
    )
    assert resting["status"] == "open"
    ioc = spot.fetch_order(
        spot.create_order(
            pair=pair, ordertype="limit", side="buy", amount=1, rate=bid * 0.9, leverage=1.0, time_in_force="IOC"
        )["id"],
        pair,
    )
    assert ioc["status"] in ("canceled", "expired") and ioc["filled"] == 0
    cancelled = spot.cancel_order_with_result(resting["id"], pair, 1)
    assert cancelled["status"] == "canceled" and cancelled["filled"] == 0


def test_spot_stoploss_on_exchange_is_a_resting_trigger_order(sim, exchange, account):
    """Backpack's stop-loss is a trigger order: it waits for the price and locks nothing meanwhile;
    freqtrade's "market" stop triggers a market order, its "limit" stop a limit order 1% under."""
    spot = exchange("spot")
    price = spot.fetch_ticker("SOL/USDC")["last"]
    stop_price = round(price * 0.9, 2)
    for kind, limit in (("market", None), ("limit", pytest.approx(stop_price * 0.99, abs=0.01))):
        stop = spot.create_stoploss(
            "SOL/USDC", 5, stop_price, {**spot._config["order_types"], "stoploss": kind}, "sell", 1.0
        )
        assert stop["type"] == kind and stop["price"] == limit
        on_exchange = sim_order(sim, account[0], stop["id"])
        assert on_exchange == {
            "status": "TriggerPending",
            "resting_trigger": True,
            "trigger_price": stop_price,
            "reduce_only": False,
        }
        assert spot.get_balances()["SOL"]["free"] == 100  # nothing sold, nothing locked
        assert spot.fetch_stoploss_order(stop["id"], "SOL/USDC")["stopPrice"] == stop_price
        assert spot.cancel_stoploss_order(stop["id"], "SOL/USDC")["status"] == "canceled"


def test_futures_cross_long_with_leverage_and_stoploss_on_exchange(sim, exchange, account):
    """A live cross-margin long: Backpack's one account-wide leverage limit, the position's margin,
    a stop-loss that rests as a reduce-only trigger order (the position untouched), cancelled,
    and the position closed with a reduce-only order."""
    futures = exchange("futures")
    pair, market_id = "SOL/USDC:USDC", "SOL_USDC_PERP"
    futures._api.set_leverage(2)  # the account's limit, as set outside the bot
    ask = futures.fetch_ticker(pair)["ask"]
    entry = futures.create_order(pair=pair, ordertype="market", side="buy", amount=3, rate=ask, leverage=3.0)
    assert futures._api.fetch_leverage(pair)["longLeverage"] == 3  # raised for the trade
    futures.create_order(pair=pair, ordertype="market", side="buy", amount=1, rate=ask, leverage=2.0)
    assert futures._api.fetch_leverage(pair)["longLeverage"] == 3  # and never lowered under open positions
    assert sim_position(sim, account[0], market_id) == 4

    entry = futures.fetch_order(entry["id"], pair)
    assert entry["status"] == "closed" and entry["filled"] == 3
    fills = futures.get_trades_for_order(entry["id"], pair, datetime.now(UTC) - timedelta(minutes=1))
    assert fills and all(f["fee"]["currency"] == "USDC" and f["fee"].get("rate") in (None, 0.0005) for f in fills)
    assert sum(f["fee"]["cost"] for f in fills) == pytest.approx(sum(f["cost"] for f in fills) * 0.0005, rel=1e-3)
    position = futures.fetch_positions(pair)[0]
    assert position["side"] == "long" and position["contracts"] == 4
    wallet = futures.get_balances()["USDC"]
    assert wallet["used"] == pytest.approx(position["notional"] / 3, rel=0.05)  # margin in use is not free
    assert wallet["free"] == pytest.approx(wallet["total"] - wallet["used"])

    stop_price = round(position["entryPrice"] * 0.9, 2)
    stop = futures.create_stoploss(pair, 4, stop_price, futures._config["order_types"], "sell", 3.0)
    on_exchange = sim_order(sim, account[0], stop["id"])
    assert on_exchange == {
        "status": "TriggerPending",
        "resting_trigger": True,
        "trigger_price": pytest.approx(stop_price),
        "reduce_only": True,
    }
    assert sim_position(sim, account[0], market_id) == 4  # a trigger order, not a market order now
    fetched = futures.fetch_stoploss_order(stop["id"], pair)
    assert fetched["status"] == "open" and fetched["stopPrice"] == stop_price and fetched["amount"] == 4
    assert futures.stoploss_adjust(stop_price * 1.01, fetched, "sell") and not futures.stoploss_adjust(
        stop_price, fetched, "sell"
    )

    assert futures.cancel_stoploss_order(stop["id"], pair)["status"] == "canceled"
    assert sim_order(sim, account[0], stop["id"])["resting_trigger"] is False
    close = futures.create_order(
        pair=pair, ordertype="market", side="sell", amount=4, rate=ask, leverage=3.0, reduceOnly=True
    )
    assert futures.fetch_order(close["id"], pair)["filled"] == 4
    assert sim_position(sim, account[0], market_id) == 0 and futures.fetch_positions(pair) == []


def test_futures_stoploss_fires_when_the_mark_price_crosses(sim, exchange, account):
    """The trigger waits on the mark price (Backpack's default) and then closes the position."""
    futures = exchange("futures", stoploss_price_type="mark")
    pair, market_id = "ETH/USDC:USDC", "ETH_USDC_PERP"
    ask = futures.fetch_ticker(pair)["ask"]
    futures.create_order(pair=pair, ordertype="market", side="buy", amount=0.5, rate=ask, leverage=5.0)
    mark = float(futures._api.fetch_funding_rate(pair)["markPrice"])
    stop = futures.create_stoploss(pair, 0.5, round(mark * 0.97, 2), futures._config["order_types"], "sell", 5.0)
    assert sim_order(sim, account[0], stop["id"])["status"] == "TriggerPending"
    try:
        sim.call(sim.sim.set_price, market_id, str(round(mark * 0.96, 2)))
        fired = futures.fetch_stoploss_order(stop["id"], pair)
    finally:
        sim.call(sim.sim.set_price, market_id, str(mark))
    assert fired["status"] == "closed" and fired["filled"] == 0.5
    assert sim_position(sim, account[0], market_id) == 0


def test_funding_fees_live_from_the_exchange_and_dry_run_from_rates_and_mark(sim, exchange, account):
    """Live: freqtrade sums the exchange's funding payments (negative when paid: a long pays a
    positive rate). Dry run: it computes them from funding rate history and mark candles."""
    clear_of_the_full_hour(10)
    futures = exchange("futures")
    opened = datetime.now(UTC) - timedelta(seconds=5)
    ask = futures.fetch_ticker("BTC/USDC:USDC")["ask"]
    futures.create_order(pair="BTC/USDC:USDC", ordertype="market", side="buy", amount=0.01, rate=ask, leverage=2.0)
    user_id = on_sim(sim, lambda engine: engine.account(account[0]).user_id)
    payments = [p for p in sim.call(sim.sim.settle_funding) if p["userId"] == user_id]
    assert [p["symbol"] for p in payments] == ["BTC_USDC_PERP"]
    paid = futures.get_funding_fees("BTC/USDC:USDC", 0.01, False, opened)
    rate = float(payments[0]["fundingRate"])
    assert paid == pytest.approx(float(payments[0]["quantity"])) and paid * rate < 0
    assert abs(paid) == pytest.approx(0.01 * ask * abs(rate), rel=0.05)

    dry = exchange("futures", dry_run=True)
    opened = datetime.now(UTC) - timedelta(hours=6)
    estimate = dry.get_funding_fees("SOL/USDC:USDC", 10, False, opened)
    # what a long of 10 paid: each hourly rate times the mark price then, read straight from the exchange
    since = int(opened.timestamp() * 1000)
    rates = dry._api.fetch_funding_rate_history("SOL/USDC:USDC", since - HOUR_MS)
    marks = {c[0]: c[1] for c in dry._api.fetch_ohlcv("SOL/USDC:USDC", "1h", since - HOUR_MS, params={"price": "mark"})}
    paid = [
        10 * r["fundingRate"] * marks[r["timestamp"]]
        for r in rates
        if r["timestamp"] >= since and r["timestamp"] in marks
    ]
    assert len(paid) >= 5 and estimate == pytest.approx(-sum(paid), rel=1e-6)


def clear_of_the_full_hour(seconds):
    """Sleep past the next full hour when it is less than `seconds` away. The simulator settles
    funding at every full hour, as Backpack does: a payment, and a funding rate, made between
    freqtrade's reading and the test's own would be in one and not the other."""
    left = HOUR_MS / 1000 - time.time() % (HOUR_MS / 1000)
    if left < seconds:
        time.sleep(left + 1.5)  # the settlement comes with the simulator's next tick (0.5 s)


def test_dry_run_futures_orders_and_cross_liquidation_price(exchange):
    """Dry run trades against the live book; the cross liquidation price uses the mmf function."""
    dry = exchange("futures", dry_run=True)
    ask = dry.fetch_ticker("SOL/USDC:USDC")["ask"]
    order = dry.create_order(pair="SOL/USDC:USDC", ordertype="market", side="buy", amount=10, rate=ask, leverage=5.0)
    assert order["status"] == "closed" and order["fee"]["rate"] == pytest.approx(0.0005)
    stop = dry.create_stoploss("SOL/USDC:USDC", 10, ask * 0.9, dry._config["order_types"], "sell", 5.0)
    assert stop["status"] == "open" and dry.fetch_stoploss_order(stop["id"], "SOL/USDC:USDC")["status"] == "open"
    long_liq = dry.get_liquidation_price(
        "SOL/USDC:USDC",
        open_rate=ask,
        is_short=False,
        amount=10,
        stake_amount=ask * 2,
        leverage=5.0,
        wallet_balance=ask * 2,
    )
    short_liq = dry.get_liquidation_price(
        "SOL/USDC:USDC",
        open_rate=ask,
        is_short=True,
        amount=10,
        stake_amount=ask * 2,
        leverage=5.0,
        wallet_balance=ask * 2,
    )
    assert 0.75 * ask < long_liq < 0.85 * ask and 1.15 * ask < short_liq < 1.25 * ask  # a 20% move, less maintenance


def test_cli_list_markets_and_download_data(sim, backpack_class, tmp_path, caplog):
    """The launcher as a user runs it, with a config pointing at the simulator: list-markets through
    the console script (`backpack-freqtrade`) in a process of its own, and download-data of 1m and
    5m candles for a few hours as `python -m backpack_freqtrade` runs it, in this process meanwhile
    (a process spends about 3 s of CPU importing freqtrade, which this one has imported already)."""
    userdir = tmp_path / "user_data"
    userdir.mkdir()
    config = tmp_path / "config.json"
    # what a user writes: the exchange by name, and the simulator as ccxt's server option
    exchange = {
        "name": "backpack",
        "key": "",
        "secret": "",
        "ccxt_config": {"options": {"server": sim.rest_url}},
        "pair_whitelist": [],
    }
    config.write_text(json.dumps({"exchange": exchange, "stake_currency": "USDC", "dry_run": True}))
    since = int(time.time()) - 4 * 3600
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    common = ["--config", str(config), "--userdir", str(userdir)]
    # the console script once the package is installed with its entry point, else python -m
    script = Path(sys.executable).with_name("backpack-freqtrade")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "backpack_freqtrade"]
    listing = subprocess.Popen(
        [*launcher, "list-markets", *common, "--print-csv"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        download = [*common, "--datadir", str(tmp_path / "data"), "--pairs", "SOL/USDC", "--timeframes", "1m", "5m"]
        with caplog.at_level("INFO"):
            downloaded = launched_here(["download-data", *download, "--timerange", f"{since}-"])
    finally:
        listed_text = listing.communicate(timeout=60)[0]
    assert listing.returncode == 0, listed_text
    assert downloaded == 0, caplog.text
    assert "Using resolved exchange class 'Backpack'" in listed_text
    listed = {line.split(",")[1] for line in listed_text.splitlines() if line.count(",") > 5}
    assert {"SOL/USDC", "BTC/USDC", "SOL/USDC:USDC"} <= listed
    from freqtrade.data.history import load_pair_history

    for timeframe, minutes in (("1m", 1), ("5m", 5)):
        candles = load_pair_history("SOL/USDC", timeframe, tmp_path / "data")
        assert len(candles) >= 4 * 60 // minutes - 2, caplog.text
        assert candles["date"].iloc[0].timestamp() <= since + minutes * 60


def launched_here(argv):
    """`python -m backpack_freqtrade <argv>` in this process: its exit status. freqtrade's main() sets
    what a process it owns would (the root logger's handlers and level, the collector's thresholds,
    multiprocessing's start method); they are put back for the tests that follow."""
    import gc
    import logging
    import multiprocessing

    from backpack_freqtrade.__main__ import main

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    thresholds, start_method = gc.get_threshold(), multiprocessing.get_start_method(allow_none=True)
    try:
        main(argv)
    except SystemExit as exit:  # the status the interpreter would exit with
        return 0 if exit.code is None else exit.code if isinstance(exit.code, int) else 1
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        gc.set_threshold(*thresholds)
        multiprocessing.set_start_method(start_method, force=True)
    raise AssertionError("freqtrade's main() returned without exiting")
