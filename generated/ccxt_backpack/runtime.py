# Copied by the generator from generator/static/package/runtime.py: edit it there.
"""Conversions shared by the generated parsers.

Every function here reproduces what ccxt's generic helpers (safe_number,
safe_integer, parse8601, iso8601, Precise) return, bit for bit, at a
fraction of their cost: the parsers know each field's type, so they call
the one conversion that field needs instead of a generic lookup.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import gc
import re
import secrets
import socket
from operator import itemgetter
from typing import Any, Callable, Collection, Iterable, Iterator, Sequence, TypeVar, cast
from decimal import Context, Decimal, InvalidOperation, ROUND_DOWN, getcontext

import msgspec
from ccxt.base.decimal_to_precision import NO_PADDING, TICK_SIZE, number_to_string
from ccxt.base.exchange import Exchange as _Exchange
from ccxt.base.precise import Precise

from .structures import numbers

_EPOCH = datetime.datetime(1970, 1, 1)

# The numbers an exchange can mean. Anything beyond ("1e60", "NaN", "Infinity")
# is garbage that becomes None, its raw text kept in `info`. The bound also
# protects exact arithmetic: decimal contexts and ccxt's Precise grow with the
# exponent ("1e999999999" would make Precise build a billion-digit string).
NUMBER_LIMIT = 1e40  # magnitudes below it ...
EXPONENT_LIMIT = 40  # ... and decimal exponents from -40 (adjusted: 1e-40 is in, 1e40 is out)
# Times are ms since the epoch up to the end of year 9999, what a datetime can show.
TIME_LIMIT = 253402300800000
# No exchange's clock says earlier than the first bitcoin block (ccxt's validators agree).
EARLIEST_TIME = 1230940800000
# The price and amount ticks ccxt's rounding (decimal, 28 digits) can work with.
TICK_RANGE = (1e-18, 1e18)
INTEGER_LIMIT = 2**63


# A plain decimal: digits, at most 18 decimals, below 1e40. Its float is the float of its exact
# value, as ccxt's Precise-then-float gives it, and Decimal arithmetic on it is exact.
_PLAIN_DECIMAL = re.compile(r"\d{1,40}(?:\.\d{1,18})?")
_is_plain = _PLAIN_DECIMAL.fullmatch


_F = TypeVar("_F", bound=Callable[..., Any])
_E = TypeVar("_E", bound=BaseException)


class Unfit(Exception):
    """A row that a list's fast path does not read: the per-row parser (the reference) reads it."""


def to_number(value: Any) -> float | None:
    """A decimal string (or number) as a float; None when it is not a number within the limits."""
    if value is None or value.__class__ is bool:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if -NUMBER_LIMIT < number < NUMBER_LIMIT else None


def to_integer(value: Any) -> int | None:
    """An integer, as ccxt's safe_integer reads it ("100.0" -> 100); None beyond 64 bits."""
    if value is None or value.__class__ is bool:
        return None
    if value.__class__ is not int:
        try:
            value = int(float(value))
        except (TypeError, ValueError, OverflowError):
            return None
    return value if -INTEGER_LIMIT <= value < INTEGER_LIMIT else None


def ms_time(value: Any) -> int | None:
    """A time in ms since the epoch; None when it is not one a datetime can show."""
    millis = value if value.__class__ is int else to_integer(value)
    return millis if millis is not None and 0 <= millis < TIME_LIMIT else None


def number_text(value: Any) -> str | None:
    """The decimal text of a number within the limits (numbers become text); None otherwise."""
    text = to_string(value)
    return text if text is not None and bounded_decimal(text) is not None else None


def bounded_decimal(text: Any) -> Decimal | None:
    """The Decimal of a number's text when it is finite and within the limits; None otherwise."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not value.is_finite() or (value and not -EXPONENT_LIMIT <= value.adjusted() < EXPONENT_LIMIT):
        return None
    return value


def to_string(value: Any) -> str | None:
    """A string, as ccxt's safe_string reads it (numbers become text, "" is None)."""
    kind = value.__class__
    if kind is str:
        return value or None
    if kind is int or kind is float:
        return str(value)
    return None


def option_integer(options: dict, key: str, default: int | None = None) -> int | None:
    """ccxt's safe_integer(options, key, default), without its cost (an exception) when the option is not set."""
    value = options.get(key)
    if value is None:
        return default
    if value.__class__ is int:
        return value
    return _Exchange.safe_integer(options, key, default)


def to_bool(value: Any) -> bool | None:
    return value if value.__class__ is bool else None


def dig(container: Any, *keys: Any) -> Any:
    """container[k1][k2]..., or None when any level is missing or not a mapping."""
    for key in keys:
        if container.__class__ is not dict:
            return None
        container = container.get(key)
    return container


_PASSTHROUGH = object()


def lookup(table: dict, value: Any, default: Any = _PASSTHROUGH) -> Any:
    """table[value]; an unknown value passes through unchanged unless a default is given."""
    try:
        return table.get(value, value if default is _PASSTHROUGH else default)
    except TypeError:  # an unhashable value: a list or a mapping where a scalar belongs
        return None if default is _PASSTHROUGH else default


def first_present(*values: Any) -> Any:
    """The first value that is neither None nor empty text (ccxt's safe_string_n)."""
    for value in values:
        if value is not None and value != "":
            return value
    return None


def or_default(value: Any, default: Any) -> Any:
    return default if value is None else value


def scaled_text(value: Any, factor: str | int | float) -> str | None:
    """value * factor in exact decimal, as text (Precise.string_mul)."""
    number = bounded_decimal(to_string(value))
    if number is None:
        return None
    return str(EXACT.multiply(number, Decimal(factor)))


def scaled_number(value: Any, factor: str | int | float) -> float | None:
    """value * factor computed exactly in decimal, then as a float (Precise.string_mul)."""
    return to_number(scaled_text(value, factor))


def reciprocal(value: Any) -> float | None:
    """1 / value, computed in exact decimal (a margin fraction of 0.02 is a leverage of 50)."""
    number = bounded_decimal(to_string(value))
    if not number:
        return None
    return to_number(EXACT.divide(1, number))


def decimals_to_tick(value: Any) -> float | None:
    """A number of decimal places as the tick it stands for: 6 -> 1e-06 (None beyond 0..EXPONENT_LIMIT)."""
    places = to_integer(value)
    if places is None or not 0 <= places <= EXPONENT_LIMIT:
        return None
    return float(Decimal(1).scaleb(-places))


# --- time -------------------------------------------------------------------

# 'YYYY-MM-DD' -> ms at the day's start, and 'HH:MM:SS' -> ms into the day, each checked once: the
# times of an answer share their days and, in a list of candles or fills, repeat their clocks.
# None: not a date from 1970 on, or not a time of day; such a text is read by ccxt's parser.
_DAY_MS: dict[str, int | None] = {}
_CLOCK_MS: dict[str, int | None] = {}


def parse_iso(text: Any) -> int | None:
    """A ISO 8601 time as ms since the epoch; naive strings are UTC.

    Fast path for 'YYYY-MM-DD?HH:MM:SS[.fff...][Z]' with 'T' or ' ' between date and time,
    whose date and time of day are real ones; anything else goes to ccxt's own parse8601
    (None when it is not a time), so that the two always agree.
    """
    if text.__class__ is str and len(text) == 19 and text[10] in "T ":  # the usual: no fraction, no zone
        try:  # _day_and_clock_ms's first step, inline: the call would be a quarter of the cost
            return _DAY_MS[text[:10]] + _CLOCK_MS[text[11:]]  # type: ignore[operator]  # None: TypeError
        except (KeyError, TypeError):  # a day or a time of day not seen yet, or not one
            pass
    return _parse_iso_text(text)


def _parse_iso_text(text: Any) -> int | None:
    if text.__class__ is str and len(text) >= 19 and text[10] in "T ":
        end = len(text) - 1 if text[-1] == "Z" else len(text)
        if end == 19 or (end > 20 and text[19] == "." and (fraction := text[20:end]).isdigit() and fraction.isascii()):
            ms = _day_and_clock_ms(text[:10], text[11:19])
            if ms is not None:
                return ms + int((fraction + "00")[:3]) if end > 20 else ms
    if text.__class__ is not str or not text.isascii():
        return None
    try:
        return ms_time(_Exchange.parse8601(text))
    except (ValueError, TypeError, OverflowError):  # ccxt's parser gives up on some odd text
        return None


def _day_and_clock_ms(date_text: str, clock_text: str) -> int | None:
    """The ms of a date ('YYYY-MM-DD', from 1970 on) and a time of day ('HH:MM:SS'), each
    checked once and remembered; None when either is not one (2025-02-30, 25:00:00, 12:+3:00)."""
    try:  # subscripts, not get(): a third of the cost of the whole
        return _DAY_MS[date_text] + _CLOCK_MS[clock_text]  # type: ignore[operator]  # None: TypeError
    except TypeError:
        return None
    except KeyError:  # a day or a time of day not seen yet
        pass
    day_ms = _DAY_MS[date_text] if date_text in _DAY_MS else _remembered(_DAY_MS, date_text, _day_ms(date_text))
    clock_ms = (
        _CLOCK_MS[clock_text] if clock_text in _CLOCK_MS else _remembered(_CLOCK_MS, clock_text, _clock_ms(clock_text))
    )
    return None if day_ms is None or clock_ms is None else day_ms + clock_ms


def _day_ms(date_text: str) -> int | None:
    digits = date_text[:4] + date_text[5:7] + date_text[8:]
    if date_text[4] != "-" or date_text[7] != "-" or not (digits.isdigit() and digits.isascii()):
        return None
    try:
        day_ms = (datetime.datetime(int(digits[:4]), int(digits[4:6]), int(digits[6:])) - _EPOCH).days * 86400000
    except ValueError:  # no such day (2025-02-30, year 0)
        return None
    return day_ms if day_ms >= 0 else None  # before 1970: ccxt's reading, which ms_time refuses


def _clock_ms(clock_text: str) -> int | None:
    digits = clock_text[:2] + clock_text[3:5] + clock_text[6:]
    if clock_text[2] != ":" or clock_text[5] != ":" or not (digits.isdigit() and digits.isascii()):
        return None
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    return (hours * 3600 + minutes * 60 + seconds) * 1000 if hours < 24 and minutes < 60 and seconds < 60 else None


def _remembered(cache: dict[str, int | None], text: str, value: int | None) -> int | None:
    if len(cache) >= 8192:
        cache.clear()
    cache[text] = value
    return value


_PATTERNS: dict[str, re.Pattern[str]] = {}


def date_in_text(text: Any, pattern: str) -> int | None:
    """The day a text names by `pattern`'s groups y (two digits: 20yy), m and d, at 00:00 UTC, in ms;
    None when the text does not match or names no such day."""
    if text.__class__ is not str:
        return None
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    found = compiled.search(text)
    if found is None:
        return None
    try:
        day = datetime.datetime(2000 + int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return None
    return (day - _EPOCH).days * 86400000


# Below it, a time in µs is one in ms after us_to_ms's int(value / 1000): the float quotient's
# rounding cannot reach TIME_LIMIT (the fast paths read such a time inline).
US_TIME_LIMIT = (TIME_LIMIT - 1) * 1000


def us_to_ms(value: Any) -> int | None:
    """Microseconds to milliseconds, truncating like ccxt's parse_to_int(us / 1000)."""
    if value.__class__ is int and 0 <= value < INTEGER_LIMIT:  # the usual time, read at once (every WS frame has one)
        millis = int(value / 1000)
        return millis if millis < TIME_LIMIT else None
    micros = to_integer(value)
    return None if micros is None else ms_time(int(micros / 1000))


def s_to_ms(value: Any) -> int | None:
    seconds = to_number(value)
    return None if seconds is None else ms_time(int(seconds * 1000))


_SECOND_PREFIX: dict[int, str] = {}  # seconds since the epoch -> "YYYY-MM-DDTHH:MM:SS."
_MILLIS_SUFFIX = tuple(f"{millis:03d}Z" for millis in range(1000))  # looked up: formatting one costs 4x more


def iso8601(timestamp: Any) -> str | None:
    """ms since the epoch as 'YYYY-MM-DDTHH:MM:SS.mmmZ' (ccxt's iso8601)."""
    if timestamp.__class__ is not int or timestamp < 0:
        return _Exchange.iso8601(timestamp)
    prefix = _SECOND_PREFIX.get(timestamp // 1000)
    if prefix is None:
        prefix = _second_prefix(timestamp // 1000)
        if prefix is None:
            return None
    return prefix + _MILLIS_SUFFIX[timestamp % 1000]


def _second_prefix(seconds: int) -> str | None:
    """'YYYY-MM-DDTHH:MM:SS.' of a second since the epoch, cached; None beyond year 9999."""
    try:
        moment = _EPOCH + datetime.timedelta(seconds=seconds)
    except OverflowError:
        return None
    prefix = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}."
    if len(_SECOND_PREFIX) > 8192:
        _SECOND_PREFIX.clear()
    _SECOND_PREFIX[seconds] = prefix
    return prefix


_DURATION_UNITS = ((604800000, "w"), (86400000, "d"), (3600000, "h"), (60000, "m"), (1000, "s"))


def ms_to_duration(value: Any) -> str | None:
    """A duration in ms as a ccxt timeframe string: 3600000 -> '1h', 28800000 -> '8h'."""
    millis = to_integer(value)
    if not millis or millis < 0:
        return None
    for size, unit in _DURATION_UNITS:
        if millis % size == 0:
            return f"{millis // size}{unit}"
    return f"{millis}ms"


# --- derived fields, as ccxt's safe_* structure helpers compute them ---------


EXACT = Context(prec=60)  # the generated parsers (tickers, balances) compute in it too


_PLACES_BY_TICK: dict[Any, int] = {}


def tick_places(tick: Any) -> int:
    """Decimals of a price tick, the way ccxt's precision_from_string counts them."""
    places = _PLACES_BY_TICK.get(tick)
    if places is None:
        text = str(tick)
        if "e" in text or "E" in text:
            places = -int(text[text.lower().find("e") + 1 :])
        else:
            places = len(text.partition(".")[2].rstrip("0"))
        if len(_PLACES_BY_TICK) < 4096:
            _PLACES_BY_TICK[tick] = places
    return places


def nonzero_text(value: Any) -> str | None:
    """The raw text of a number unless it is missing or zero (ccxt's omit_zero)."""
    text = to_string(value)
    if text is None:
        return None
    try:
        return None if float(text) == 0 else text
    except ValueError:
        return text


def finish_ticker(exchange: Any, ticker: dict, texts: dict, market: dict | None) -> dict:
    """Fill a ticker's numbers exactly as ccxt's safe_ticker derives them.

    `texts` holds the raw decimal text of open, close, change, percentage,
    average, vwap, baseVolume, quoteVolume, high, low, bid, ask, ... (missing
    ones None). The common case is computed directly; anything else goes to
    ccxt's own safe_ticker, after text that is not a number has become None
    (on such text safe_ticker may raise; a parser must not).
    """
    complete = _complete_ticker(ticker, texts, market, exchange.precisionMode == TICK_SIZE)
    if complete is not None:
        return complete
    numeric = {key: (text if _is_number_text(text) else None) for key, text in texts.items()}
    return exchange.safe_ticker(dict(ticker, **numeric), market)


def _is_number_text(text: Any) -> bool:
    if text.__class__ is not str:
        return text.__class__ in (int, float) and to_number(text) is not None
    return bounded_decimal(text) is not None


def _exact(text: Any, zero: bool = False) -> Decimal | None:
    """The Decimal of a positive number's text (zero too when `zero`) with at most 18
    decimals and within the limits, where exact decimal arithmetic truncates exactly
    like ccxt's Precise; None otherwise. (bounded_decimal, inlined: this is hot.)"""
    if text.__class__ is not str or len(text.partition(".")[2]) > 18:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if value.is_finite() and (
        value > _ZERO and -EXPONENT_LIMIT <= value.adjusted() < EXPONENT_LIMIT or zero and value == _ZERO
    ):
        return value
    return None


def decimals_of(text: str) -> int:
    """The number of characters after the point of a number's text (as _exact counts them)."""
    return len(text.partition(".")[2])


_TENS = tuple(10**power for power in range(2 * EXPONENT_LIMIT + 20))  # 10^n, looked up rather than raised


def cut_mean(first: str, second: str, places: int) -> float:
    """(first + second) / 2 of two positive plain decimal texts, cut toward zero to `places`
    decimals (negative: to tens, hundreds...), as the nearest float: what safe_ticker's
    exact average gives, in integer arithmetic (no Decimal context, no quantize). ValueError for a
    text that is not plain digits ('1e5', '1.5 ', '1.', more than 40 decimals), which the caller
    then reads the exact way, or `places` beyond 40."""
    # each text as (its digits as one integer, the count after the point): '4202.87' is 420287, 2.
    # Inline, not a helper's: two calls would cost a quarter of the whole.
    first_whole, first_point, first_fraction = first.partition(".")
    second_whole, second_point, second_fraction = second.partition(".")
    first_decimals, second_decimals = len(first_fraction), len(second_fraction)
    if (
        not -EXPONENT_LIMIT <= places <= EXPONENT_LIMIT
        or (first_point and not (first_fraction.isdigit() and first_decimals <= EXPONENT_LIMIT))
        or (second_point and not (second_fraction.isdigit() and second_decimals <= EXPONENT_LIMIT))
    ):
        raise ValueError(first, second, places)
    first_digits, second_digits = int(first_whole + first_fraction), int(second_whole + second_fraction)
    if first_decimals >= second_decimals:
        decimals, total = first_decimals, first_digits + second_digits * _TENS[first_decimals - second_decimals]
    else:
        decimals, total = second_decimals, first_digits * _TENS[second_decimals - first_decimals] + second_digits
    # the mean is total / (2 * 10^decimals); cut to 10^-places, it is an integer count of 10^-places
    if places >= decimals:
        count = total * _TENS[places - decimals] // 2
    else:
        count = total // (2 * _TENS[decimals - places])
    return count / _TENS[places] if places >= 0 else float(count * _TENS[-places])


def digits_difference(first: int, first_decimals: int, second: int, second_decimals: int) -> float:
    """first * 10^-first_decimals - second * 10^-second_decimals (pairs of digits and decimals, as
    _plain_parts reads them), exactly, as the nearest float: Precise.string_sub's (an order's remaining)."""
    if first_decimals >= second_decimals:
        return (first - second * _TENS[first_decimals - second_decimals]) / _TENS[first_decimals]
    return (first * _TENS[second_decimals - first_decimals] - second) / _TENS[second_decimals]


def cut_quotient(dividend: str, divisor: str, places: int) -> float:
    """dividend / divisor of two positive plain decimal texts, cut toward zero to `places` (>= 0)
    decimals, as the nearest float: Precise.string_div's exact quotient (a ticker's vwap), in
    integer arithmetic. ValueError for a text that is not plain digits, or `places` beyond 40."""
    top_whole, top_point, top_fraction = dividend.partition(".")  # read as cut_mean reads its texts
    bottom_whole, bottom_point, bottom_fraction = divisor.partition(".")
    top_decimals, bottom_decimals = len(top_fraction), len(bottom_fraction)
    if (
        not 0 <= places <= EXPONENT_LIMIT
        or (top_point and not (top_fraction.isdigit() and top_decimals <= EXPONENT_LIMIT))
        or (bottom_point and not (bottom_fraction.isdigit() and bottom_decimals <= EXPONENT_LIMIT))
    ):
        raise ValueError(dividend, divisor, places)
    top, bottom = int(top_whole + top_fraction), int(bottom_whole + bottom_fraction)
    return digits_cut_quotient(top, top_decimals, bottom, bottom_decimals, places)


def digits_cut_quotient(top: int, top_decimals: int, bottom: int, bottom_decimals: int, places: int) -> float:
    """top * 10^-top_decimals / (bottom * 10^-bottom_decimals) (bottom not 0), cut toward zero to
    `places` (0 to 40) decimals, as the nearest float."""
    # the quotient is top * 10^bottom_decimals / (bottom * 10^top_decimals)
    return top * _TENS[bottom_decimals + places] // (bottom * _TENS[top_decimals]) / _TENS[places]


def average_places(market: dict | None, precision_mode: int) -> int:
    """The decimals safe_ticker cuts a ticker's average to: the market's price tick's (TICK_SIZE), else 18."""
    if precision_mode == TICK_SIZE and market:
        precision = market.get("precision")
        if precision and precision.get("price") is not None:
            return tick_places(precision["price"])
    return 18


# Ticker keys safe_ticker reads with omit_zero (a zero means "not given") and plainly.
_ZERO_MEANS_MISSING = frozenset(("bid", "ask", "high", "low"))
_DERIVED = frozenset(("open", "close", "last", "change", "percentage", "average", "vwap"))


def _complete_ticker(ticker: dict, texts: dict, market: dict | None, tick_precision: bool) -> dict | None:
    """The common case, without safe_ticker's search for missing values: open,
    close, change and percentage given (open and close positive, percentage not
    zero), average and vwap not given. None when the case does not apply."""
    get: Callable[[str], Any] = texts.get
    if get("average") is not None or get("vwap") is not None:
        return None
    open_, close = _exact(get("open")), _exact(get("close"))
    change_text, percentage_text = get("change"), get("percentage")
    if open_ is None or close is None or not _is_number_text(change_text) or not _is_number_text(percentage_text):
        return None
    percentage = float(percentage_text)
    if not percentage:
        return None
    quote_volume, base_volume = nonzero_text(get("quoteVolume")), to_string(get("baseVolume"))
    vwap = None
    if quote_volume is not None and base_volume is not None:
        quote, base = _exact(quote_volume), _exact(base_volume)
        if quote is None or base is None:
            return None
        vwap = float(truncated(EXACT.divide(quote, base), 18))
    places = 18
    if tick_precision and market:
        precision = market.get("precision")
        if precision and precision.get("price") is not None:
            places = tick_places(precision["price"])
    for key, text in texts.items():
        if key not in _DERIVED:
            value = to_number(text)
            ticker[key] = None if (value == 0 and key in _ZERO_MEANS_MISSING) else value
    ticker["open"] = float(open_)
    ticker["close"] = ticker["last"] = float(close)
    ticker["change"] = float(change_text)
    ticker["percentage"] = percentage
    ticker["average"] = float(truncated(EXACT.divide(open_ + close, TWO), places))
    ticker["vwap"] = vwap
    return ticker


TWO = Decimal(2)
_ZERO = Decimal(0)


def gc_paused(function: _F) -> _F:
    """Run a bulk parser with Python's cyclic garbage collector paused.

    Parsing thousands of trades or book levels allocates thousands of small,
    acyclic lists and dicts; the collections they trigger find nothing to
    free and cost about 40% of the parse. The collector's state is restored
    afterwards, and the next allocation lets it run as usual.
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return cast(_F, paused)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(-EXPONENT_LIMIT, EXPONENT_LIMIT + 1)}


def truncated(value: Decimal, places: int) -> Decimal:
    """value cut to `places` decimals; a value too long for that keeps all the digits it has."""
    quantum = _QUANTA.get(places)
    try:
        return value.quantize(Decimal(1).scaleb(-places) if quantum is None else quantum, ROUND_DOWN, EXACT)
    except InvalidOperation:
        return value


# Options that make ccxt's fetch2 retry; while none is set, a leaner fetch2 runs.
RETRY_OPTIONS = frozenset(
    (
        "maxRetriesOnFailure",
        "defaultMaxRetriesOnFailure",
        "maxRetriesOnFailureDelay",
        "defaultMaxRetriesOnFailureDelay",
        "callerMethodName",
    )
)
no_retry_option = RETRY_OPTIONS.isdisjoint  # no_retry_option(keys): none of the keys is one (bound once)


class AnswerWithoutBody(Exception):
    """An empty answer at a success status that some endpoint documents as answering without
    a body (202 "accepted, not carried out yet", 204 "no content").

    handle_errors, which sees the status but not the endpoint, raises it; send_request, which
    knows the endpoint, returns NO_BODY when that endpoint documents the status, and ccxt's
    usual "" otherwise. It never reaches a caller: it is not a ccxt error, so ccxt's fetch2
    lets it through without a retry.
    """

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _NoBody:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_BODY"


# The answer without a body an endpoint documents, as send_request returns it to the unified
# methods; the implicit API returns None for it. A transport that returns None, or an empty
# answer at another status, is not this: the unified methods reject those as NullResponse.
NO_BODY = _NoBody()


# --- request values -----------------------------------------------------------


def min_value(value: Any, cap: Any) -> Any:
    return None if value is None else min(value, cap)


def ms_to_s(value: Any) -> int | None:
    return None if value is None else int(value // 1000)


def ms_to_s_up(value: Any) -> int | None:
    """Milliseconds to whole seconds, rounded up: the end of a window in seconds that still
    takes in everything before `value` (rounded down, a candle opening within the last
    second of the window would fall between it and the next window)."""
    return None if value is None else -int(-value // 1000)


def round_up(value: Any, allowed: Sequence[Any]) -> Any:
    """The smallest allowed value >= value (the largest when value exceeds them all)."""
    if value is None:
        return None
    for candidate in allowed:
        if float(candidate) >= value:
            return candidate
    return allowed[-1]


_TICK_QUANTA: dict[Any, Decimal | None] = (
    {}
)  # a price or amount tick -> its Decimal when it is a power of ten from 1 to 1e-12, else None
_ROUNDING = Context(prec=28)  # decimal's default precision, in which ccxt rounds


def tick_text(value: Any, tick: Any, rounding: str, precision_mode: int, padding_mode: int) -> str | None:
    """A float or integer rounded to a tick that is a power of ten from 1 to 1e-12, as the
    decimal text ccxt's decimal_to_precision writes (TICK_SIZE, NO_PADDING; `rounding`:
    ROUND_HALF_UP for its ROUND, ROUND_DOWN for its TRUNCATE). Only for a positive number
    below 1e15, for which each step of ccxt's is exact in decimal's precision; None for
    anything else and for a result of zero: ccxt's own rounding decides (and raises)."""
    if (value.__class__ is not float and value.__class__ is not int) or not 0 < value < 1e15:
        return None
    quantum = _TICK_QUANTA[tick] if tick in _TICK_QUANTA else _tick_quantum(tick)
    if quantum is None or precision_mode != TICK_SIZE or padding_mode != NO_PADDING or getcontext().prec < 28:
        return None
    text = format(Decimal(str(value)).quantize(quantum, rounding, _ROUNDING), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return None if text == "0" else text


def _tick_quantum(tick: Any) -> Decimal | None:
    quantum = None
    if tick.__class__ is float or tick.__class__ is int:
        sign, digits, exponent = Decimal(str(tick)).normalize(_ROUNDING).as_tuple()
        if digits == (1,) and not sign and isinstance(exponent, int) and -12 <= exponent <= 0:
            quantum = Decimal(1).scaleb(exponent)
    if len(_TICK_QUANTA) < 4096:
        _TICK_QUANTA[tick] = quantum
    return quantum


def new_client_order_id(kind: str) -> int | str:
    """A fresh client order id: a random uint32 (never 0), or 32 hex digits."""
    if kind == "uint32":
        return secrets.randbelow(2**32 - 1) + 1
    return secrets.token_hex(16)


def omit_keys(params: Any, keys: Collection[str]) -> Any:
    if not any(key in params for key in keys):
        return params
    return {key: value for key, value in params.items() if key not in keys}


# --- lists, as ccxt's sort_by / filter_by_*_since_limit treat them -----------


def sort_by(items: Iterable[Any], key: Any) -> list:
    """ccxt's sort_by: ascending; missing values sort first."""
    try:
        return sorted(items, key=itemgetter(key))
    except TypeError:
        return sorted(items, key=lambda item: _sort_key(item[key]))


def sort_by_2(items: Iterable[Any], first: Any, second: Any) -> list:
    """ccxt's sort_by_2: ascending by two keys; missing values sort first.

    (ccxt's own raises TypeError when one value is missing and another is not.)
    """
    try:
        return sorted(items, key=itemgetter(first, second))
    except TypeError:
        return sorted(items, key=lambda item: (_sort_key(item[first]), _sort_key(item[second])))


def _sort_key(value: Any) -> tuple[int, Any]:
    """A key that orders any mix of values: None first, then numbers, then text, then the rest."""
    if value is None:
        return (0, 0)
    if value.__class__ in (int, float):
        return (1, value)
    if value.__class__ is str:
        return (2, value)
    return (3, repr(value))


def filter_since_limit(
    items: list,
    field: str | None,
    value: Any,
    since: int | None,
    limit: int | None,
    key: Any = "timestamp",
    tail: bool = False,
) -> list:
    """ccxt's filter_by_value_since_limit (value None: filter_by_since_limit)."""
    if value is not None:
        items = [item for item in items if item.get(field) == value]
    if since is not None:
        kept = []
        for item in items:
            stamp = item[key] if item.__class__ is list else item.get(key)
            if stamp.__class__ is not int:
                stamp = to_integer(stamp)
            if stamp and stamp >= since:
                kept.append(item)
        items = kept
    return filter_by_limit(items, limit, key, since is not None, tail)


def filter_by_limit(items: list, limit: int | None, key: Any, from_start: bool, tail: bool = False) -> list:
    """ccxt's filter_by_limit, including how it decides that a list is ascending (tail: the last `limit`)."""
    if limit is None or not items:
        return items
    if tail:
        return _slice(items, -limit)
    ascending = True
    if key in items[0]:
        first = to_number(items[0][key])
        last = to_number(items[-1][key])
        if first is not None and last is not None:
            ascending = last >= first
    if from_start:
        count = min(limit, len(items))
        return _slice(items, 0, count) if ascending else _slice(items, -count)
    return _slice(items, -limit) if ascending else _slice(items, 0, limit)


def _slice(items: list, first: int, second: int | None = None) -> list:
    """ccxt's array_slice, whose falsy `second` means 'to the end'."""
    return items[first:second] if second else items[first:]


# --- orders ---------------------------------------------------------------


def first_nonzero(*values: Any) -> Any:
    """The first value that is a number other than zero (ccxt's omit_zero over several keys)."""
    for value in values:
        if value is not None and value != "" and to_number(value):
            return value
    return None


def parse_time(value: Any) -> int | None:
    """A time that is ms since the epoch (a number, or digits) or an ISO 8601 string."""
    if value.__class__ is int or value.__class__ is float or (value.__class__ is str and value.isdecimal()):
        return ms_time(value)
    return parse_iso(value)


_ORDER_NUMBERS = numbers("order")


def finish_order(exchange: Any, order: dict, market: dict | None) -> dict:
    """Fill an order's numbers and derived fields exactly as ccxt's safe_order does.

    `order` carries the unified keys with numbers still as decimal text. The
    common case (amount, filled and cost as plain decimals, no trades, fees,
    average or remaining given) is computed directly; anything else goes to
    ccxt's own safe_order, after text that is not a number has become None.
    """
    complete = _complete_order(order, market)
    if complete is not None:
        return complete
    for key in _ORDER_NUMBERS:
        if key in order and not _is_number_text(order[key]):
            order[key] = None
    order["lastUpdateTimestamp"] = ms_time(order.get("lastUpdateTimestamp"))
    return exchange.safe_order(order, market)


_QUANTUM_18 = Decimal(1).scaleb(-18)


def _complete_order(order: dict, market: dict | None) -> dict | None:
    """safe_order's numbers and derived fields for the usual order (amount, filled, cost and
    price as plain decimals; no trades, fees, average or remaining given); None otherwise."""
    get = order.get
    if get("trades") is not None or get("fee") is not None or get("fees") is not None:
        return None
    if get("average") is not None or get("remaining") is not None:
        return None
    try:
        amount, filled, cost, price, remaining, average = order_numbers(
            get("amount"), get("filled"), get("cost"), get("price"), get("status"), get("type"), market
        )
    except Unfit:
        return None
    triggered = (
        get("triggerPrice") is not None or get("stopLossPrice") is not None or get("takeProfitPrice") is not None
    )
    time_in_force, post_only = order_flags(get("timeInForce"), get("postOnly"), get("type"), triggered)
    trigger = to_number(first_present(get("triggerPrice"), get("stopPrice")))
    timestamp = get("timestamp")
    order["datetime"] = get("datetime") or (iso8601(timestamp) if timestamp is not None else None)
    order["lastTradeTimestamp"] = None
    order["lastUpdateTimestamp"] = ms_time(get("lastUpdateTimestamp"))
    order["price"] = price
    order["amount"] = amount
    order["cost"] = cost
    order["average"] = average
    order["filled"] = filled
    order["remaining"] = remaining
    order["timeInForce"] = time_in_force
    order["postOnly"] = post_only
    order["trades"] = []
    order["fees"] = []
    order["fee"] = None
    order["stopPrice"] = trigger
    order["triggerPrice"] = trigger
    order["takeProfitPrice"] = to_number(get("takeProfitPrice"))
    order["stopLossPrice"] = to_number(get("stopLossPrice"))
    return order


def order_numbers(
    amount_text: Any,
    filled_text: Any,
    cost_text: Any,
    price_text: Any,
    status: Any,
    order_type: Any,
    market: dict | None,
) -> tuple[float | None, float, float, float | None, float | None, float | None]:
    """(amount, filled, cost, price, remaining, average) as ccxt's safe_order derives them,
    from the texts of amount, filled, cost and price. Unfit unless they are numbers from 0 to
    the limit (filled and cost given), those that remaining and average are derived from plain
    decimals, and the market not inverse."""
    try:
        filled, cost = float(filled_text), float(cost_text)
        amount = float(amount_text) if amount_text is not None else None
        price = float(price_text) if price_text is not None else None
    except (TypeError, ValueError):
        raise Unfit from None
    if (
        not (0 <= filled < NUMBER_LIMIT and 0 <= cost < NUMBER_LIMIT)
        or (amount is not None and not 0 <= amount < NUMBER_LIMIT)
        or (price is not None and not 0 <= price < NUMBER_LIMIT)
        or (market and market.get("inverse"))
    ):
        raise Unfit
    for value, text in ((filled, filled_text), (cost, cost_text), (amount, amount_text), (price, price_text)):
        if value == 0 and not plain_zero(text):
            raise Unfit
    if amount == 0:
        amount = amount_text = None
    if amount is None and status == "closed":
        amount, amount_text = filled, filled_text
    if filled:
        remaining, average = filled_numbers(amount_text, filled_text, cost_text, market)
    else:
        remaining, average = amount, None
    if amount is None:
        remaining = 0.0 if status == "closed" else None
    if price == 0:
        price = None
    if price is None and order_type == "market":
        price = average
    return amount, filled, cost, price, remaining, average


def plain_zero(text: Any) -> bool:
    """True when a zero's text is plain ("0", "0.00"): "1e-999999999" or "-0" is left to safe_order."""
    return text == "0" or text.__class__ is str and _is_plain(text) is not None


def _plain_parts(text: Any) -> tuple[int, int]:
    """(its digits as one integer, the count after the point) of a text _PLAIN_DECIMAL matches, in
    ASCII digits ('4202.87': 420287, 2);
    Unfit for any other value (a sign, spaces, an exponent: safe_order reads those)."""
    if text.__class__ is not str:
        raise Unfit
    whole, point, fraction = text.partition(".")
    if not (
        whole.isdigit()
        and whole.isascii()
        and len(whole) <= EXPONENT_LIMIT
        and (not point or fraction.isdigit() and fraction.isascii() and len(fraction) <= 18)
    ):
        raise Unfit
    return int(whole + fraction), len(fraction)


def filled_numbers(
    amount_text: Any, filled_text: Any, cost_text: Any, market: dict | None
) -> tuple[float | None, float]:
    """(remaining, average) of an order with something filled, in exact decimal as safe_order
    derives them: amount - filled (None without an amount) and cost / (filled * contract size)
    cut to 18 decimals, as floats. Unfit unless the texts are plain decimals."""
    filled, filled_decimals = _plain_parts(filled_text)  # each text parsed once
    cost, cost_decimals = _plain_parts(cost_text)
    remaining = None
    if amount_text is not None:
        amount, amount_decimals = _plain_parts(amount_text)
        remaining = digits_difference(amount, amount_decimals, filled, filled_decimals)
    contract_size = market.get("contractSize") if market else None
    if contract_size is None or contract_size == 1:
        return remaining, digits_cut_quotient(cost, cost_decimals, filled, filled_decimals, 18)
    contracts = EXACT.multiply(Decimal(filled_text), Decimal(str(contract_size)))
    ratio = EXACT.divide(Decimal(cost_text), contracts)
    try:
        return remaining, float(ratio.quantize(_QUANTUM_18, ROUND_DOWN, EXACT))
    except InvalidOperation:  # more digits than the context holds: kept as they are
        return remaining, float(ratio)


def order_flags(time_in_force: Any, post_only: Any, order_type: Any, triggered: bool) -> tuple[Any, Any]:
    """timeInForce and postOnly as safe_order completes them from each other."""
    if time_in_force is None:
        if not triggered and order_type == "market":
            time_in_force = "IOC"
        if post_only is True:
            time_in_force = "PO"
    elif post_only is None:
        post_only = time_in_force == "PO"
    return time_in_force, post_only


def decimal_of(value: Any) -> Decimal | None:
    """The Decimal of a number or its text, within the limits; None otherwise."""
    return bounded_decimal(to_string(value))


def decimal_sum(*values: Any) -> Decimal | None:
    """The exact decimal sum of numbers or their texts; None when any is missing (Precise.string_add)."""
    numbers: list[Any] = [bounded_decimal(to_string(value)) for value in values]
    if None in numbers:
        return None
    total = numbers[0]
    for number in numbers[1:]:
        total = EXACT.add(total, number)
    return total


def balance_numbers(
    free_value: Decimal | None, used_value: Decimal | None, total_value: Decimal | None
) -> tuple[float | None, float | None, float | None]:
    """free, used, total of one currency (Decimals) from whichever two are given, as ccxt's
    safe_balance derives them, as floats."""
    if total_value is None and free_value is not None and used_value is not None:
        total_value = free_value + used_value
    if free_value is None and total_value is not None and used_value is not None:
        free_value = total_value - used_value
    if used_value is None and total_value is not None and free_value is not None:
        used_value = total_value - free_value
    return (
        None if free_value is None else float(free_value),
        None if used_value is None else float(used_value),
        None if total_value is None else float(total_value),
    )


def _dec(text: Any) -> Decimal | None:
    """Decimal of a number's text (or of a number); None when it is not a number within the limits."""
    if text is None or text.__class__ is bool:
        return None
    return bounded_decimal(text if text.__class__ is str else repr(text))


def trade_cost(price_text: Any, amount_text: Any, market: dict | None) -> float | None:
    """price * amount (* contract size) from the raw texts, exactly as ccxt's safe_trade
    computes a missing cost; an inverse market goes through ccxt's Precise itself."""
    # texts, the usual, straight to bounded_decimal (as _dec would send them)
    price = bounded_decimal(price_text) if price_text.__class__ is str else _dec(price_text)
    amount = bounded_decimal(amount_text) if amount_text.__class__ is str else _dec(amount_text)
    if price is None or amount is None:
        return None
    contract_size = market.get("contractSize") if market else None
    if contract_size is None:
        cost = float(price * amount)  # to_number's float: exponents within the limits, never an error
        return cost if -NUMBER_LIMIT < cost < NUMBER_LIMIT else None
    if market and market.get("inverse"):
        multiplier = Precise.string_mul(Precise.string_div("1", str(price_text)), str(contract_size))
        return to_number(Precise.string_mul(multiplier, str(amount_text)))
    return to_number(price * Decimal(repr(contract_size)) * amount)


def read_trade_cost(
    price_text: Any, amount_text: Any, price: float, amount: float, market: dict | None
) -> float | None:
    """trade_cost of texts a fast path has read as the floats price and amount (each finite and
    below the limits). A float of magnitude above 1e-39 tells that its decimal's exponent is within
    the limits, as bounded_decimal would check it; the product is then the same Decimal product,
    without bounded_decimal's checks (a third of trade_cost's time). A zero float may be a tiny
    decimal ('1e-999999999'): trade_cost reads it."""
    if (
        1e-39 < abs(price)
        and 1e-39 < abs(amount)
        and price_text.__class__ is str
        and amount_text.__class__ is str
        and (not market or market.get("contractSize") is None)
    ):
        cost = float(Decimal(price_text) * Decimal(amount_text))
        return cost if -NUMBER_LIMIT < cost < NUMBER_LIMIT else None
    return trade_cost(price_text, amount_text, market)


def decimal_text(value: Any) -> Any:
    """A number as the decimal text the API expects (1e-05 -> '0.00001'); text stays as it is."""
    if value is None or value.__class__ is str:
        return value
    return number_to_string(value)


def abs_text(value: Any) -> str | None:
    """The text of a number without its sign."""
    text = to_string(value)
    return text[1:] if text is not None and text[:1] == "-" else text


def sign_of(value: Any, positive: Any, negative: Any) -> Any:
    """`positive` or `negative` by the sign of a number; None for zero or no number."""
    number = to_number(value)
    if not number:
        return None
    return positive if number > 0 else negative


_POSITION_NUMBERS = numbers("position")


def finish_position(exchange: Any, position: dict) -> dict:
    """Hand a position to ccxt's safe_position, then make its numbers floats.

    `position` carries its numbers as decimal text, which is bounded here so
    that ccxt's Precise can work with it. safe_position derives what the
    exchange does not give the way ccxt does for every exchange: notional,
    initial and maintenance margin, leverage (1 / initial margin fraction)
    and percentage.
    """
    for key in _POSITION_NUMBERS:
        if key in position:
            position[key] = number_text(position[key])
    position = exchange.safe_position(position)
    for key in _POSITION_NUMBERS:
        if key in position:
            position[key] = to_number(position[key])
    return position


# --- typed decoding -------------------------------------------------------------

_EXPECTED_ANSWER: contextvars.ContextVar[TypedAnswer | None] = contextvars.ContextVar("expected_answer", default=None)


class TypedAnswer:
    """An answer of number lists (an order book) that msgspec decodes straight to floats: about
    three times faster than decoding the JSON and then calling float() on each decimal text.

    A method that expects the answer says so around its request (`with answer.expected():`), and
    the exchange's JSON decoding (decode_json) tries this first. Only an answer with exactly the
    expected fields, the levels all numbers and no negative decimal text (float() keeps the sign
    of "-0", msgspec's float does not) decodes this way; any other decodes as usual, and the
    parser reads both alike, so the result is the same.
    """

    def __init__(self, name: str, levels: tuple[str, ...], fields: tuple[str, ...]) -> None:
        members = [(level, list[list[float]]) for level in levels] + [(field, Any) for field in fields]
        struct = msgspec.defstruct(name, members, forbid_unknown_fields=True)
        self.decoder = msgspec.json.Decoder(struct, strict=False)  # strict=False: "1.5" decodes as a float

    def __deepcopy__(self, memo: dict) -> TypedAnswer:
        return self  # nothing in it changes (msgspec's decoder cannot be copied): a copied exchange shares it

    @contextlib.contextmanager
    def expected(self) -> Iterator[None]:
        token = _EXPECTED_ANSWER.set(self)
        try:
            yield
        finally:
            _EXPECTED_ANSWER.reset(token)

    def decode(self, text: Any) -> dict | None:
        if text.__class__ is not str or '"-' in text:
            return None
        try:
            return msgspec.structs.asdict(self.decoder.decode(text))
        except (msgspec.ValidationError, msgspec.DecodeError):
            return None


def decode_json(text: Any) -> Any:
    """JSON text as ccxt decodes it, or as the answer the running call expects (TypedAnswer)."""
    expected = _EXPECTED_ANSWER.get()
    if expected is not None:
        typed = expected.decode(text)
        if typed is not None:
            return typed
    return _Exchange.on_json_response(text)


# --- logs -------------------------------------------------------------------


def mask_headers(value: Any, secret_headers: frozenset[str] | set[str]) -> Any:
    """A headers dict with the values of `secret_headers` masked; anything else as it is."""
    if value.__class__ is not dict or secret_headers.isdisjoint(value):
        return value
    return {key: ("***" if key in secret_headers else item) for key, item in value.items()}


class MaskingLogger:
    """A logger that masks credentials in the dicts it is asked to log, and otherwise is the logger it wraps."""

    def __init__(self, logger: Any, secret_headers: frozenset[str] | set[str]) -> None:
        self.wrapped = logger
        self.secret_headers = secret_headers

    def _masked(self, name: str) -> Callable[..., Any]:
        method = getattr(self.wrapped, name)

        def log(message: Any, *args: Any, **kwargs: Any) -> Any:
            return method(message, *(mask_headers(arg, self.secret_headers) for arg in args), **kwargs)

        return log

    def __getattr__(self, name: str) -> Any:
        if name == "wrapped":  # not set yet: copy and pickle make an instance without __init__
            raise AttributeError(name)
        if name in ("debug", "info", "warning", "error", "exception", "critical"):
            return self._masked(name)
        return getattr(self.wrapped, name)


# --- transport failures -------------------------------------------------------------

_REASONS = (
    ("connection refused", (ConnectionRefusedError,), ("Connection refused",)),
    (
        "name not resolved",
        (socket.gaierror,),
        (
            "Name or service not known",
            "nodename nor servname",
            "Temporary failure in name resolution",
            "getaddrinfo failed",
        ),
    ),
    ("timed out", (TimeoutError, socket.timeout), ("timed out", "Timeout")),
    ("connection reset", (ConnectionResetError,), ("Connection reset",)),
    ("the server closed the connection", (), ("RemoteDisconnected", "Server disconnected", "Connection aborted")),
)


def with_reason(error: _E) -> _E:
    """A ccxt NetworkError whose message also says why the transport failed (ccxt's says only where)."""
    causes = _causes(error.__cause__)
    if not causes or not error.args or "(" + _reason(causes) + ")" in str(error.args[0]):
        return error
    error.args = (f"{error.args[0]} ({_reason(causes)})",) + error.args[1:]
    return error


def _reason(causes: list[BaseException]) -> str:
    for reason, kinds, texts in _REASONS:
        if any(
            isinstance(cause, kinds) or any(text in str(cause) or text in type(cause).__name__ for text in texts)
            for cause in causes
        ):
            return reason
    root = causes[-1]
    return f"{type(root).__name__}: {root}"[:160]


def _causes(error: BaseException | None, limit: int = 12) -> list[BaseException]:
    """The chain of exceptions behind one: causes, contexts and the `reason` urllib3 keeps."""
    found: list[BaseException] = []
    queue: list[Any] = [error]
    while queue and len(found) < limit:
        current = queue.pop(0)
        if not isinstance(current, BaseException) or any(current is seen for seen in found):
            continue
        found.append(current)
        queue += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        queue += [arg for arg in current.args if isinstance(arg, BaseException)]
    return found
