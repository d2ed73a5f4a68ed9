"""The specialised conversions of ccxt_backpack.runtime return what ccxt's generic helpers return.

Each test draws many inputs from a seeded RNG (edge cases included) and
compares against ccxt itself, so a fast path that drifts from ccxt fails here.
"""

import decimal
import importlib
import os
import random

import ccxt
import pytest
from ccxt.base.precise import Precise
from hypothesis import given, settings, strategies as st

dtp = importlib.import_module("ccxt.base.decimal_to_precision")  # the module: ccxt.base exports a function of its name

from ccxt_backpack import backpack, runtime

BASE = ccxt.Exchange()
EXCHANGE = ccxt.Exchange({"precisionMode": ccxt.TICK_SIZE})
RNG = random.Random(20261125)


def test_iso8601_matches_ccxt():
    stamps = [0, 1, 999, 1000, 86_399_999, 951_782_400_000, 1_757_604_801_978, 4_102_444_800_000, 8_640_000_000_000_000]
    stamps += [RNG.randrange(0, 4_102_444_800_000) for _ in range(3000)]
    for stamp in stamps:
        assert runtime.iso8601(stamp) == BASE.iso8601(stamp), stamp
    for odd in (None, -1, 1.5, "123", "12a", True):
        assert runtime.iso8601(odd) == BASE.iso8601(odd), odd


def iso_samples():
    for _ in range(3000):
        stamp = RNG.randrange(0, 4_102_444_800)
        text = BASE.iso8601(stamp * 1000)[:19]
        separator = RNG.choice("T ")
        fraction = RNG.choice(["", "." + str(RNG.randrange(10)), "." + f"{RNG.randrange(1000):03d}", "." + f"{RNG.randrange(10**6):06d}"])
        yield text[:10] + separator + text[11:] + fraction + RNG.choice(["", "Z"])
    yield from ["2025-09-11 15:33:00", "2025-09-11T20:10:40.699", "2025-01-21T06:34:54.691858", "2024-02-29T23:59:59.9Z"]
    yield from ["", "garbage", "2025-13-01T00:00:00", "2025-02-30 00:00:00", "20250911T153300", "2025-09-11T15:33:00+02:00", "2025-09-11"]


def test_parse_iso_matches_ccxt_parse8601():
    for text in iso_samples():
        assert runtime.parse_iso(text) == BASE.parse8601(text), text
    assert runtime.parse_iso(None) is None and runtime.parse_iso(17) is None


def test_parse_iso_matches_ccxt_parse8601_on_damaged_times():
    """One or two characters of a time changed (a sign, a space, a letter, an hour of 25, a second
    of 60): whatever ccxt's parse8601 reads, parse_iso reads the same; what it refuses, None. A
    text that is not ASCII is None, though ccxt may read its ASCII part."""
    alphabet = "0123456789-:T Z.+x\t\u0661"
    for text in list(iso_samples())[:3000]:
        for _ in range(RNG.choice((1, 2))):
            if text:
                position = RNG.randrange(len(text))
                text = text[:position] + RNG.choice(alphabet) + text[position + 1 :]
        expected = runtime.ms_time(BASE.parse8601(text)) if text.isascii() else None
        assert runtime.parse_iso(text) == expected, text
    for text in ["2025-09-11 25:13:20", "2025-09-11 14:13:60", "2025-09-11 14:+3:20", "2025-09-11 14:13: 2", "+025-09-11 14:13:20", "2025-09-11 14:13:20.+5"]:
        assert runtime.parse_iso(text) == runtime.ms_time(BASE.parse8601(text)), text


def number_text():
    return RNG.choice(
        [
            None,
            "0",
            "0.000",
            str(RNG.randrange(1, 10**6)),
            f"{RNG.uniform(-5000, 5000):.{RNG.randrange(0, 9)}f}",
            f"{RNG.uniform(0, 1):.8f}",
            f"{RNG.uniform(0, 10**7):.6f}",
        ]
    )


def empty_ticker():
    """The dict the generated parse_ticker hands to finish_ticker: every key, None."""
    keys = "symbol timestamp datetime high low bid bidVolume ask askVolume vwap open close last previousClose change percentage average baseVolume quoteVolume markPrice indexPrice"
    return dict.fromkeys(keys.split(), None) | {"symbol": "X/Y", "info": {}}


@pytest.mark.parametrize("tick", ["0.01", "0.5", "1", "0.00001"])
def test_finish_ticker_matches_safe_ticker(tick):
    market = {"symbol": "X/Y", "precision": {"price": float(tick)}}
    BASE.precisionMode = ccxt.TICK_SIZE
    keys = ("open", "close", "change", "percentage", "average", "vwap", "baseVolume", "quoteVolume", "high", "low", "bid", "ask", "bidVolume", "askVolume", "previousClose", "markPrice", "indexPrice")
    compared = 0
    for _ in range(1500):
        texts = {key: number_text() for key in keys if RNG.random() < 0.7}
        if RNG.random() < 0.6:  # mostly the common case: open, close, change, percentage present
            texts.update(open=f"{RNG.uniform(1, 5000):.2f}", close=f"{RNG.uniform(1, 5000):.2f}", change=f"{RNG.uniform(-50, 50):.2f}", percentage=f"{RNG.uniform(-9, 9):.4f}")
            texts.pop("average", None), texts.pop("vwap", None)
        expected = BASE.safe_ticker(dict(texts, symbol="X/Y"), market)
        ours = runtime.finish_ticker(EXCHANGE, empty_ticker(), dict(texts), market)
        for key in ("open", "close", "last", "change", "percentage", "average", "vwap", "baseVolume", "quoteVolume", "high", "low", "bid", "ask"):
            assert ours[key] == expected[key], (key, texts)
        compared += 1
    assert compared == 1500


def odd_number_text():
    """Texts a ticker's fast path must leave to safe_ticker, or read exactly as it would."""
    return RNG.choice(
        [
            number_text(),
            f"{RNG.uniform(0, 10):.{RNG.randrange(17, 30)}f}",  # more than 18 decimals
            f"{RNG.uniform(1, 9):.3f}e{RNG.randrange(-60, 45)}",
            str(RNG.randrange(10**38, 10**41)),
            RNG.choice(["", "abc", "-0", "0.0", "1e-50", "1e39", "NaN", "Infinity", " 1 ", "1_000", "١٢", "+5"]),
        ]
    )


@pytest.mark.parametrize("tick", ["0.01", "1", "0.00001"])
def test_the_ticker_fast_path_matches_safe_ticker(tick):
    """parse_ticker's fast path (and where it gives up, the reference) gives safe_ticker's numbers."""
    market = {"symbol": "X/Y", "precision": {"price": float(tick)}}
    BASE.precisionMode = ccxt.TICK_SIZE
    exchange = backpack()
    fields = {"open": "firstPrice", "close": "lastPrice", "change": "priceChange", "percentage": "priceChangePercent", "baseVolume": "volume", "quoteVolume": "quoteVolume"}
    for _ in range(3000):
        usual = RNG.random() < 0.5
        texts = {
            "open": f"{RNG.uniform(1, 5000):.2f}" if usual else odd_number_text(),
            "close": f"{RNG.uniform(1, 5000):.2f}" if usual else odd_number_text(),
            "change": f"{RNG.uniform(-50, 50):.2f}" if usual else odd_number_text(),
            "percentage": f"{RNG.uniform(-0.09, 0.09):.6f}" if usual else odd_number_text(),
            "baseVolume": RNG.choice([None, "0", f"{RNG.uniform(0, 10**4):.4f}"] + ([] if usual else [odd_number_text()])),
            "quoteVolume": RNG.choice([None, "0", f"{RNG.uniform(0, 10**7):.6f}"] + ([] if usual else [odd_number_text()])),
        }
        raw = {fields[key]: text for key, text in texts.items() if text is not None}
        ours = exchange.parse_ticker(dict(raw, symbol="X_Y"), market)
        assert ours == exchange.parse_ticker_reference(dict(raw, symbol="X_Y"), market)
        if usual:
            scaled = Precise.string_mul(texts["percentage"], "100")  # Backpack's percentage is a fraction
            expected = BASE.safe_ticker(dict(texts, percentage=scaled, symbol="X/Y"), market)
            for key in ("open", "close", "change", "percentage", "average", "vwap", "baseVolume", "quoteVolume"):
                assert ours[key] == expected[key], (key, texts)


def test_finish_ticker_never_raises_on_garbage():
    """Where ccxt's safe_ticker raises (non-numeric text), ours treats the text as missing."""
    for _ in range(500):
        texts = {key: RNG.choice([None, "", "abc", "1e400", "-0", "0", [], {}, True]) for key in ("open", "close", "change", "percentage", "average", "baseVolume", "quoteVolume")}
        runtime.finish_ticker(EXCHANGE, empty_ticker(), texts, None)


def test_filter_since_limit_matches_ccxt():
    for _ in range(400):
        items = [{"symbol": RNG.choice(["A", "B"]), "timestamp": RNG.choice([None, 0, RNG.randrange(1000)])} for _ in range(RNG.randrange(0, 30))]
        items = runtime.sort_by(items, "timestamp")
        symbol = RNG.choice([None, "A"])
        since = RNG.choice([None, RNG.randrange(1000)])
        limit = RNG.choice([None, 0, 1, 5, 50])
        tail = RNG.random() < 0.2
        assert runtime.filter_since_limit(items, "symbol", symbol, since, limit, "timestamp", tail) == BASE.filter_by_symbol_since_limit(items, symbol, since, limit, tail)


def test_ohlcv_filters_match_ccxt():
    for _ in range(300):
        rows = sorted([[RNG.randrange(10**6), 1.0, 2.0, 0.5, 1.5, 10.0] for _ in range(RNG.randrange(0, 20))])
        since, limit = RNG.choice([None, RNG.randrange(10**6)]), RNG.choice([None, 1, 3, 100])
        assert runtime.filter_since_limit(rows, None, None, since, limit, 0) == BASE.filter_by_since_limit(rows, since, limit, 0)


def test_numbers_and_integers_read_like_ccxts_safe_helpers():
    for value in ["1", "1.5", "100.0", "-3", "1e-7", "abc", "", None, 7, 7.25, [], "1e18"]:
        holder = {"v": value}
        assert runtime.to_number(value) == BASE.safe_number(holder, "v"), value
        assert runtime.to_integer(value) == BASE.safe_integer(holder, "v"), value
        assert runtime.to_string(value) == BASE.safe_string(holder, "v"), value


def test_numbers_beyond_the_limits_are_none_where_ccxt_keeps_them():
    """ccxt's safe_number gives nan, inf or 1e60; a parser must not pass those on (they break Precise)."""
    for value in ["nan", "NaN", "Infinity", "-inf", "1e999", "1e60", "-1e41", float("nan"), float("inf"), 10**400, True, "²"]:
        assert runtime.to_number(value) is None, value
        assert runtime.number_text(value) is None, value
    for value in ["1e999999999", "1e-999999999", "1" * 400]:
        assert runtime.bounded_decimal(value) is None, value
    assert runtime.to_integer("1e999") is None and runtime.to_integer(2**64) is None and runtime.to_integer(True) is None
    assert runtime.number_text("1e-40") == "1e-40" and runtime.number_text("0E-999999") == "0E-999999"


def test_a_time_in_us_below_us_time_limit_is_read_inline_as_us_to_ms_reads_it():
    """The WebSocket fast paths read an integer time in µs below US_TIME_LIMIT as int(value / 1000)."""
    limit = runtime.US_TIME_LIMIT
    edges = [0, 1, 999, 1000, 1757600000123456, 2**53 - 1, 2**53, 2**53 + 1, limit - 1]
    for value in edges + [RNG.randrange(limit - 10**6, limit) for _ in range(1000)] + [RNG.randrange(limit) for _ in range(1000)]:
        if value < limit:
            assert int(value / 1000) == runtime.us_to_ms(value), value
    assert runtime.us_to_ms(runtime.TIME_LIMIT * 1000 - 1) is None  # where the inline read stops


def test_times_outside_what_a_datetime_shows_are_none():
    for value in ["²", "1e60", -1, 10**17, "NaN", "9" * 30, [], {}]:
        assert runtime.parse_time(value) is None, value
        assert runtime.ms_time(value) is None, value
    for value in ["²", "0000-01-01T00:00:00", "abc", "2025-09-11T20:10:40.699\u0661"]:
        assert runtime.parse_iso(value) is None, value
    assert runtime.parse_time("1757621440699") == 1757621440699 == runtime.ms_time(1757621440699.0)
    assert runtime.us_to_ms("1e30") is None and runtime.s_to_ms("1e300") is None
    assert runtime.decimals_to_tick(10**7) is None and runtime.decimals_to_tick(-2) is None and runtime.decimals_to_tick(8) == 1e-08


def test_sorting_tolerates_missing_and_mixed_values():
    items = [{"timestamp": 5, "id": "b"}, {"timestamp": None, "id": "a"}, {"timestamp": 3, "id": None}, {"timestamp": 3, "id": 7}]
    assert [item["timestamp"] for item in runtime.sort_by_2(items, "timestamp", "id")] == [None, 3, 3, 5]
    assert [item["timestamp"] for item in runtime.sort_by(items, "timestamp")] == [None, 3, 3, 5]


def test_exact_arithmetic_survives_extreme_but_bounded_numbers():
    position = {"contracts": "9e39", "markPrice": "9e39", "contractSize": 1, "initialMarginPercentage": "1e-40", "unrealizedPnl": "9e39"}
    finished = runtime.finish_position(ccxt.Exchange(), dict(position, info={}, symbol="X/Y"))
    assert finished["contracts"] == 9e39 and finished["markPrice"] == 9e39
    assert finished["notional"] is None  # 8.1e79, as ccxt's safe_position derives it, is beyond the limits
    assert runtime.to_number("1e40") is None and runtime.number_text("1e40") is None and runtime.number_text("9.9e39") == "9.9e39"
    assert runtime.decimal_sum("9e39", "1e-40") is not None and runtime.scaled_text("9e39", "100") == "9.00E+41"


def order_texts():
    amount = RNG.choice([None, "0", "0.5", "1", f"{RNG.uniform(0, 10):.4f}"])
    filled = RNG.choice(["0", "0.2", f"{RNG.uniform(0, 10):.4f}"])
    return {
        "id": "1",
        "clientOrderId": None,
        "timestamp": RNG.choice([None, 1757700000000]),
        "datetime": None,
        "lastTradeTimestamp": None,
        "lastUpdateTimestamp": None,
        "symbol": "X/Y",
        "type": RNG.choice(["limit", "market", None]),
        "timeInForce": RNG.choice(["GTC", "IOC", "PO", None]),
        "postOnly": RNG.choice([True, False, None]),
        "reduceOnly": RNG.choice([True, None]),
        "side": "buy",
        "price": RNG.choice([None, "0", "4000", f"{RNG.uniform(1, 5000):.2f}"]),
        "triggerPrice": RNG.choice([None, "4100"]),
        "stopLossPrice": RNG.choice([None, "3900"]),
        "takeProfitPrice": None,
        "amount": amount,
        "cost": RNG.choice(["0", f"{RNG.uniform(0, 50000):.6f}"]),
        "average": None,
        "filled": filled,
        "remaining": None,
        "status": RNG.choice(["open", "closed", "canceled"]),
        "fee": None,
        "trades": None,
        "fees": None,
        "stopPrice": None,
        "info": {},
    }


@pytest.mark.parametrize("contract_size", [None, 1, 0.001])
def test_finish_order_matches_safe_order(contract_size):
    market = {"symbol": "X/Y", "contractSize": contract_size, "inverse": False if contract_size else None}
    for _ in range(1500):
        texts = order_texts()
        expected = BASE.safe_order(dict(texts), market)
        assert runtime.finish_order(EXCHANGE, dict(texts), market) == expected, texts


def test_balance_numbers_match_safe_balance():
    for _ in range(1000):
        free, used, total = (RNG.choice([None, "0", f"{RNG.uniform(0, 1000):.6f}"]) for _ in range(3))
        expected = BASE.safe_balance({"X": {"free": free, "used": used, "total": total}})["X"]
        numbers = (runtime.decimal_of(text) for text in (free, used, total))
        assert runtime.balance_numbers(*numbers) == (expected["free"], expected["used"], expected["total"])


def test_trade_cost_matches_safe_trade():
    for _ in range(1000):
        price, amount = f"{RNG.uniform(0, 100000):.{RNG.randrange(0, 9)}f}", f"{RNG.uniform(0, 100):.{RNG.randrange(0, 9)}f}"
        market = RNG.choice([None, {"contractSize": 1, "inverse": False}, {"contractSize": 0.01, "inverse": False}, {"contractSize": 100, "inverse": True}])
        expected = BASE.safe_trade({"price": price, "amount": amount, "cost": None}, market)["cost"]
        assert runtime.trade_cost(price, amount, market) == expected, (price, amount, market)


COST_TEXTS = ["0", "-0", "0E-999", "1e-999999999", "-1e-999999999", "4401.23", "0.1234", "1e-39", "1.0000000000000001e-39", "9.99999999999999999999e-40", "1e-40", "1e-41", "1e-50", "9.99e39", "1e30", "-5.5", "1_0.5", " 2.5", "\u0661.5"]


def test_read_trade_cost_is_trade_cost_for_texts_read_as_floats():
    """The fills' fast path reads the cost from the floats it has read (read_trade_cost): for every
    text whose float is finite and below the limits, as trade_cost reads it, near 1e-40 too."""
    texts = COST_TEXTS + [f"{RNG.uniform(0, 10**RNG.randrange(-45, 41)):.{RNG.randrange(0, 60)}f}" for _ in range(300)]
    texts += [f"{RNG.uniform(1, 10)}e{RNG.randrange(-45, 41)}" for _ in range(300)]
    markets = [None, {"contractSize": None}, {"contractSize": 1, "inverse": False}, {"contractSize": 100, "inverse": True}]
    for price in texts:
        for amount in RNG.sample(texts, 20) + COST_TEXTS:
            floats = float(price), float(amount)
            if all(-runtime.NUMBER_LIMIT < value < runtime.NUMBER_LIMIT for value in floats):
                market = RNG.choice(markets)
                assert runtime.read_trade_cost(price, amount, *floats, market) == runtime.trade_cost(price, amount, market), (price, amount)


POWER_OF_TEN_TICKS = [1.0, 1, 0.1, 0.01, 0.001, 0.0001, 1e-05, 1e-06, 1e-08, 1e-10, 1e-12]
OTHER_TICKS = [0.5, 0.25, 5.0, 10.0, 100, 1e-13, 1e-18, 2.5e-05, 0.3]
decimal_floats = st.builds(lambda digits, places: float(f"{digits}e-{places}"), st.integers(1, 10**17), st.integers(0, 20))
order_values = decimal_floats | st.floats(min_value=1e-20, max_value=1e17) | st.integers(1, 10**17)
modes = st.sampled_from([(decimal.ROUND_HALF_UP, dtp.ROUND), (decimal.ROUND_DOWN, dtp.TRUNCATE)])


# 300 fixed examples in make test; make fuzz (FUZZ_EXAMPLES=1000 by default, random seeds) runs 4 per FUZZ_EXAMPLES
TICK_EXAMPLES = 4 * int(os.environ["FUZZ_EXAMPLES"]) if "FUZZ_EXAMPLES" in os.environ else 300


@settings(max_examples=TICK_EXAMPLES, derandomize="FUZZ_RANDOM" not in os.environ, deadline=None, database=None)
@given(value=order_values, tick=st.sampled_from(POWER_OF_TEN_TICKS + OTHER_TICKS), mode=modes)
def test_tick_text_rounds_an_order_value_as_ccxt_does(value, tick, mode):
    """createOrder's rounding: ccxt's decimal_to_precision text wherever tick_text gives one."""
    ours = runtime.tick_text(value, tick, mode[0], dtp.TICK_SIZE, dtp.NO_PADDING)
    if ours is None:  # left to ccxt: another tick, a value out of range, or a result of zero
        return
    assert tick in POWER_OF_TEN_TICKS and 0 < value < 1e15
    assert ours == dtp.decimal_to_precision(value, mode[1], tick, dtp.TICK_SIZE, dtp.NO_PADDING)


def test_tick_text_takes_the_usual_order_values():
    for value, tick, mode, text in [(4000, 0.01, decimal.ROUND_HALF_UP, "4000"), (0.001, 0.001, decimal.ROUND_DOWN, "0.001"), (1.005, 0.01, decimal.ROUND_HALF_UP, "1.01"), (0.0019, 0.001, decimal.ROUND_DOWN, "0.001"), (123.456, 1.0, decimal.ROUND_HALF_UP, "123")]:
        assert runtime.tick_text(value, tick, mode, dtp.TICK_SIZE, dtp.NO_PADDING) == text
    for value, tick in [(0.0004, 0.001), (4000, 0.5), ("4000", 0.01), (True, 1), (1e15, 0.01)]:
        assert runtime.tick_text(value, tick, decimal.ROUND_DOWN, dtp.TICK_SIZE, dtp.NO_PADDING) is None
    assert runtime.tick_text(4000, 0.01, decimal.ROUND_HALF_UP, dtp.DECIMAL_PLACES, dtp.NO_PADDING) is None
    assert runtime.tick_text(4000, 0.01, decimal.ROUND_HALF_UP, dtp.TICK_SIZE, dtp.PAD_WITH_ZERO) is None


# 100 fixed examples each in make test; make fuzz runs FUZZ_EXAMPLES with random seeds
INTEGER_EXAMPLES = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 100)), derandomize="FUZZ_RANDOM" not in os.environ, deadline=None, database=None
)
plain_texts = st.builds(
    lambda whole, fraction: f"{whole}.{fraction}" if fraction else str(whole),
    st.integers(0, 10**20),
    st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=18)),
).filter(lambda text: text.strip("0.") != "")


@INTEGER_EXAMPLES
@given(first=plain_texts, second=plain_texts, places=st.integers(-3, 18))
def test_cut_mean_is_the_exact_mean_cut_as_safe_ticker_cuts(first, second, places):
    """A ticker's average in integers: ccxt's exact mean (Precise), cut toward zero to `places` decimals."""
    mean = Precise.string_div(Precise.string_add(first, second), "2", 40)
    wide = decimal.Context(prec=80)
    expected = float(decimal.Decimal(mean).quantize(decimal.Decimal(1).scaleb(-places), decimal.ROUND_DOWN, wide))
    assert runtime.cut_mean(first, second, places) == expected


@INTEGER_EXAMPLES
@given(dividend=plain_texts, divisor=plain_texts)
def test_cut_quotient_is_precise_string_div(dividend, divisor):
    """A ticker's vwap in integers: ccxt's Precise.string_div (18 decimals, cut toward zero), as the nearest float."""
    assert runtime.cut_quotient(dividend, divisor, 18) == float(Precise.string_div(dividend, divisor, 18))


@INTEGER_EXAMPLES
@given(first=plain_texts, second=plain_texts)
def test_digits_difference_is_the_exact_difference(first, second):
    """An order's remaining in integers: amount - filled exactly (Precise.string_sub), as the nearest float."""
    difference = runtime.digits_difference(*runtime._plain_parts(first), *runtime._plain_parts(second))
    assert difference == float(Precise.string_sub(first, second))


INTEGER_ARITHMETIC = {
    "cut_mean": lambda first, second: runtime.cut_mean(first, second, 2),
    "cut_quotient": lambda first, second: runtime.cut_quotient(first, second, 2),
}


@pytest.mark.parametrize("arithmetic", INTEGER_ARITHMETIC.values(), ids=INTEGER_ARITHMETIC.keys())
@pytest.mark.parametrize("text", ["1e5", "1.5e3", "1.5 ", "1.", "1.5\n", "1.0_5", "abc", "", "0." + "0" * 40 + "1"])
def test_the_integer_arithmetic_refuses_a_text_that_is_not_plain_digits(arithmetic, text):
    """Such a text goes to the exact reading (ValueError is the fast path's signal), never to a wrong value."""
    with pytest.raises(ValueError):
        arithmetic(text, "2.5")
    with pytest.raises(ValueError):
        arithmetic("2.5", text)


@pytest.mark.parametrize("text", ["1e5", "+1.5", "-1.5", " 1.5", "1.5 ", "1_0.5", "\u0661.5", "1.", ".5", "0." + "0" * 18 + "1", 15, None])
def test_a_filled_order_with_a_text_that_is_not_plain_ascii_digits_is_left_to_safe_order(text):
    """filled_numbers reads plain ASCII decimals only; any other amount, filled or cost is Unfit, and
    safe_order (the reference) reads it, never to a wrong value. In a market of contracts too,
    where the average is a Decimal division."""
    for market in (None, {"contractSize": 10}):
        for texts in ((text, "0.2", "800.2"), ("0.5", text, "800.2"), ("0.5", "0.2", text)):
            if texts[0] is not None:  # no amount is a case filled_numbers reads (remaining None)
                with pytest.raises(runtime.Unfit):
                    runtime.filled_numbers(*texts, market)


@pytest.mark.parametrize("places", [-41, 41, 100, -300])
def test_the_integer_cuts_refuse_places_beyond_the_limits(places):
    """A market's tick such as 1e-100 sends the ticker to the exact reading, never to an IndexError."""
    with pytest.raises(ValueError):
        runtime.cut_mean("1.5", "2.5", places)
    with pytest.raises(ValueError):
        runtime.cut_quotient("1.5", "2.5", places)


def test_a_ticker_in_a_market_with_an_extreme_tick_reads_as_the_reference_does():
    exchange = backpack()
    raw = {"symbol": "X_Y", "firstPrice": "4202.87", "lastPrice": "4182.41", "priceChange": "-20.46"}
    raw |= {"priceChangePercent": "-0.004868", "high": "4349.75", "low": "4161.84", "volume": "6732.4927", "quoteVolume": "28695174.189628"}
    for tick in (1e-100, 1e300, 0.01):
        market = {"symbol": "X/Y", "precision": {"price": tick}}
        assert exchange.parse_ticker(dict(raw), market) == exchange.parse_ticker_reference(dict(raw), market), tick
