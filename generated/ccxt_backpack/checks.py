# Copied by the generator from generator/static/package/checks.py: edit it there.
"""Checks at the two edges of every unified method.

Before anything is sent, the caller's arguments: a bad call raises the ccxt
exception that says what to fix, and no request goes out. After the answer
arrives, its shape: an answer that is not what the API documents is
BadResponse (NullResponse when empty), and one malformed item of a list is
left out instead of sinking the rest. Last, `guarded` turns anything else
that escapes a unified method into a ccxt exception, so that a trading bot
catching ccxt.BaseError never dies of a TypeError.
"""

import contextvars
import functools
import inspect
import linecache
import math
import re
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ccxt.base.errors import (
    ArgumentsRequired,
    BadRequest,
    BadResponse,
    BadSymbol,
    BaseError,
    NotSupported,
    NullResponse,
)

from .runtime import NUMBER_LIMIT, RETRY_OPTIONS, TIME_LIMIT, bounded_decimal

if TYPE_CHECKING:  # what the mixins are mixed into: their methods call ccxt's
    from ccxt.base.exchange import Exchange as _Exchange
else:
    _Exchange = object

MARKET_TYPES = ("spot", "margin", "swap", "future", "option")

_REQUESTS_SENT = contextvars.ContextVar("requests_sent", default=0)


# bound once: every request counts itself, as send_request(): set_requests_sent(requests_sent() + 1)
requests_sent, set_requests_sent = _REQUESTS_SENT.get, _REQUESTS_SENT.set


def count_request() -> None:
    """Note that a request is about to go out (per thread and per asyncio task)."""
    set_requests_sent(requests_sent() + 1)


_Method = TypeVar("_Method", bound=Callable[..., Any])


@overload
def guarded(method: _Method, *, name: str | None = None) -> _Method: ...


@overload
def guarded(method: None = None, *, name: str | None = None) -> Callable[[_Method], _Method]: ...


def guarded(method: Callable[..., Any] | None = None, *, name: str | None = None) -> Any:
    """The unified method, with every failure a ccxt exception.

    An exception that is not ccxt's own (a bug meeting an answer nobody
    foresaw, a RecursionError decoding a 100,000-deep body) becomes
    BadResponse when a request went out during the call and BadRequest when
    none did: the arguments could not be turned into a request. The original
    exception is kept as __cause__. Messages name the method `name` (ccxt's
    camelCase name, as in `@guarded(name="fetchOHLCV")`), else its own name.
    """
    if method is None:
        return functools.partial(guarded, name=name)
    names = own_parameters(method)
    wrapper = guard_factory(names, inspect.iscoroutinefunction(method))(method, name or method.__name__)
    if names is not None:
        wrapper.__defaults__ = method.__defaults__  # the very objects: a mutable default stays shared
    return functools.wraps(method)(wrapper)


def own_parameters(method: Callable[..., Any]) -> tuple[str, ...] | None:
    """The names of the method's parameters after self when each is an ordinary one (positional or
    keyword, no name of the guard's own, which start with an underscore); None otherwise."""
    parameters = list(inspect.signature(method).parameters.values())
    if not parameters or parameters[0].name != "self":
        return None
    names = tuple(parameter.name for parameter in parameters[1:])
    ordinary = all(parameter.kind is parameter.POSITIONAL_OR_KEYWORD for parameter in parameters)
    return names if ordinary and not any(name.startswith("_") for name in names) else None


# The guard, for one parameter list: a wrapper with the method's own parameters passes them on as
# they are, at a fifth of the cost of packing and unpacking *args and **kwargs (every unified call
# pays it). `self, *args, **kwargs` serves any other method.
_GUARD_SOURCE = """\
def guard(_method, _name):
    {async_}def guarded_call({parameters}):
        _sent = _REQUESTS_SENT.get()
        try:
            return {await_}_method({parameters})
        except BaseError as _error:
            raise named_caller(_error, _name)
        except Exception as _error:
            raise unexpected(self, _name, _error, _REQUESTS_SENT.get() != _sent) from _error
    return guarded_call
"""
_GUARD_FACTORIES: dict[tuple[tuple[str, ...] | None, bool], Callable[..., Any]] = {}


def guard_factory(names: tuple[str, ...] | None, is_async: bool) -> Callable[..., Any]:
    """guard(method, name) -> the method guarded, compiled once for each parameter list."""
    factory = _GUARD_FACTORIES.get((names, is_async))
    if factory is None:
        parameters = "self, *args, **kwargs" if names is None else ", ".join(("self",) + names)
        source = _GUARD_SOURCE.format(
            async_="async " if is_async else "", await_="await " if is_async else "", parameters=parameters
        )
        filename = f"<guarded({parameters})>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # for tracebacks
        namespace: dict[str, Any] = {}
        exec(compile(source, filename, "exec"), globals(), namespace)
        factory = _GUARD_FACTORIES[(names, is_async)] = namespace["guard"]
    return factory


def named_caller(error: BaseError, name: str) -> BaseError:
    """The error; one raised while loading markets for another method also names that method."""
    if getattr(error, "loading_markets", False) and name != "load_markets_from_exchange" and error.args:
        error.args = (f"{error.args[0]} (while loading the markets for {name}())",) + error.args[1:]
        error.loading_markets = False  # named once, by the outermost method that gets it first
    return error


def unexpected(exchange: Any, name: str, error: Exception, sent: bool) -> BaseError:
    detail = f"{type(error).__name__}: {error}"[:300]
    if sent:
        return BadResponse(f"{exchange.id} {name}() could not read the exchange's answer ({detail})")
    return BadRequest(f"{exchange.id} {name}() could not turn its arguments into a request ({detail})")


class MalformedItem(BadResponse):
    """An item of an answer lacks a value its structure cannot do without."""


def malformed(item: dict, keys: Sequence[str], source: str) -> MalformedItem:
    """MalformedItem naming the first of the required keys the parsed item has no value for."""
    key = next((key for key in keys if item.get(key) is None), keys[0])
    return MalformedItem(f"a {source} without a usable {key}: {preview(item.get('info'))}")


def preview(value: object) -> str:
    return repr(value)[:200]


# A number as text: ASCII digits, an optional sign, fraction and exponent ("1_000", "١٢" or " 5" are not).
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)

# How far ahead of the clock a `since` may be: ccxt's own validators allow a minute.
SINCE_TOLERANCE_MS = 60000


class ChecksMixin(_Exchange):
    """Argument and answer checks shared by the sync and the async class."""

    # --- answers ---------------------------------------------------------------

    def answer_object(self, response: Any, method: str) -> dict:
        """The answer when it is an object; BadResponse (NullResponse when empty) otherwise."""
        if response.__class__ is dict:
            return response
        raise self.bad_answer(method, "an object", response)

    def answer_list(self, response: Any, method: str) -> list:
        """The answer when it is a list; BadResponse (NullResponse when empty) otherwise."""
        if response.__class__ is list:
            return response
        raise self.bad_answer(method, "a list", response)

    def accepted_cancel(self, id: Any, client_order_id: Any, market: dict) -> dict:
        """The order of a cancel the exchange accepted without carrying it out yet (an answer
        without a body): the order the caller named, and nothing the exchange did not say.

        Its status is None, not 'canceled' (the order may still fill before the cancel runs) nor
        'open'; `info` is {} (there was no body). fetchOrder tells when the cancel is done.
        Nothing is sent again: the exchange has the cancel, and a second one could reach an
        order placed under the same client id meanwhile.
        """
        return self.safe_order(
            {
                "id": None if id is None else str(id),
                "clientOrderId": None if client_order_id is None else str(client_order_id),
                "symbol": market["symbol"],
                "status": None,
                "info": {},
            },
            market,
        )

    def bad_answer(self, method: str, expected: str, response: Any) -> BaseError:
        kind = NullResponse if response is None or response == "" else BadResponse
        return kind(f"{self.id} {method}() expected {expected} from the exchange, got {preview(response)}")

    def parse_rows(self, parse: Callable[..., Any], rows: Any, method: str, *context: Any) -> list:
        """parse(row, *context) for each row of a list answer.

        A row that is not an object, or lacks a value its structure requires,
        is left out: one malformed row never sinks the rest.
        """
        rows = self.answer_list(rows, method)
        try:
            return [parse(raw, *context) for raw in rows]  # the common case: every row is good
        except (MalformedItem, AttributeError, TypeError):
            pass
        result = []
        for raw in rows:
            if raw.__class__ is dict:
                try:
                    result.append(parse(raw, *context))
                except MalformedItem:
                    continue
        return result

    # --- arguments -------------------------------------------------------------

    def check_params(self, method: str, params: Any) -> None:
        if params.__class__ is not dict:
            raise BadRequest(f"{self.id} {method}() params must be a dict; got {preview(params)}")

    def currency(self, code: Any) -> dict:
        if code.__class__ is not str:
            raise BadRequest(f"{self.id} needs a currency code (text such as 'USDC'); got {code!r}")
        if self.currencies and code not in self.currencies and code not in (self.currencies_by_id or {}):
            raise BadSymbol(f"{self.id} has no currency {code!r}")
        return super().currency(code)

    def safe_currency_code(self, currency_id: Any, currency: Any = None) -> Any:
        """ccxt's safe_currency_code, remembered (currency_codes): parsers ask for the same few codes over and over."""
        if currency is not None or currency_id.__class__ is not str:
            return super().safe_currency_code(currency_id, currency)
        codes = self.currency_codes()
        code = codes.get(currency_id)
        if code is None:
            code = codes[currency_id] = super().safe_currency_code(currency_id)
        return code

    def currency_codes(self) -> dict[str, Any]:
        """Currency id -> the code safe_currency_code gave it, kept until the currencies (or the
        common-currency table) change."""
        cache = self.__dict__.get("_currency_codes")
        if cache is None or cache[0] is not self.currencies_by_id or cache[1] is not self.commonCurrencies:
            cache = self.__dict__["_currency_codes"] = (self.currencies_by_id, self.commonCurrencies, {})
        return cache[2]

    def market(self, symbol: Any) -> dict:
        if symbol.__class__ is not str:
            raise BadSymbol(f"{self.id} needs a market symbol (text such as 'BTC/USDC'); got {symbol!r}")
        found = self.markets.get(symbol) if self.markets else None
        return found if found is not None else super().market(symbol)

    def check_limit(self, method: str, limit: Any) -> int | None:
        """A limit is a positive integer (or None)."""
        if limit is None:
            return None
        if limit.__class__ is not int or limit <= 0:
            raise BadRequest(f"{self.id} {method}() limit must be a positive integer; got {limit!r}")
        return limit

    def check_time(self, method: str, name: str, value: Any) -> int | None:
        """A time argument in ms since the epoch (an integer, or a whole float); None stays None."""
        if value is None:
            return None
        if value.__class__ is float and math.isfinite(value) and value == int(value):
            value = int(value)
        if value.__class__ is not int or not 0 <= value < TIME_LIMIT:
            raise BadRequest(f"{self.id} {method}() {name} must be a time in ms since the epoch; got {value!r}")
        return value

    def check_since(self, method: str, since: Any, until: Any = None) -> tuple[int | None, int | None]:
        """`since` and `until`: times, `since` not in the future and not after `until`."""
        since = self.check_time(method, "since", since)
        until = self.check_time(method, "params['until']", until)
        now = self.milliseconds() - (self.safe_integer(self.options, "timeDifference") or 0)
        if since is not None and since > now + SINCE_TOLERANCE_MS:
            raise BadRequest(
                f"{self.id} {method}() since {since} ({self.iso8601(since)}) is in the future; the exchange's clock says {self.iso8601(now)}"
            )
        if since is not None and until is not None and since > until:
            raise BadRequest(f"{self.id} {method}() since {since} is after params['until'] {until}")
        return since, until

    def check_symbols(self, method: str, symbols: Any) -> None:
        """A list of market symbols, or None for all."""
        if symbols is not None and (
            symbols.__class__ not in (list, tuple) or any(symbol.__class__ is not str for symbol in symbols)
        ):
            raise BadSymbol(
                f"{self.id} {method}() needs a list of market symbols such as ['BTC/USDC'], or None; got {preview(symbols)}"
            )

    def market_type_param(self, method: str, params: dict) -> tuple[str | None, dict]:
        """ccxt's params['type'] (spot, margin, swap, future, option) for a call over many
        markets: which of them to keep. It is ccxt's word, never sent to the exchange."""
        market_type = params.get("type")
        if market_type is None:
            return None, params
        if market_type not in MARKET_TYPES:
            raise BadRequest(
                f"{self.id} {method}() params['type'] must be one of {', '.join(MARKET_TYPES)}; got {market_type!r}"
            )
        return market_type, {key: value for key, value in params.items() if key != "type"}

    def of_market_type(self, by_symbol: dict, market_type: str | None) -> dict:
        """The entries of markets of that type (margin: spot markets that trade on margin)."""
        if market_type is None:
            return by_symbol

        def is_of_type(market: dict) -> bool:
            if market_type == "margin":
                return market.get("type") == "spot" and bool(market.get("margin"))
            return market.get("type") == market_type

        markets = self.markets or {}
        return {symbol: entry for symbol, entry in by_symbol.items() if is_of_type(markets.get(symbol) or {})}

    def check_codes(self, method: str, codes: Any) -> None:
        """A list of currency codes, or None for all."""
        if codes is not None and (
            codes.__class__ not in (list, tuple) or any(code.__class__ is not str for code in codes)
        ):
            raise BadRequest(
                f"{self.id} {method}() needs a list of currency codes such as ['USDC'], or None; got {preview(codes)}"
            )

    def check_timeframe(self, method: str, timeframe: Any) -> str:
        if timeframe.__class__ is not str or timeframe not in self.timeframes:
            raise BadRequest(
                f"{self.id} {method}() timeframe must be one of {', '.join(self.timeframes)}; got {timeframe!r}"
            )
        return timeframe

    def check_id(self, method: str, id: Any, params: dict, by_client_id: bool) -> None:
        """An id is text or an integer; None only when params['clientOrderId'] stands in for it."""
        if id is None:
            if by_client_id and params.get("clientOrderId") is not None:
                return
            alternative = " or params['clientOrderId']" if by_client_id else ""
            raise ArgumentsRequired(f"{self.id} {method}() needs an order id{alternative}")
        if not (id.__class__ is int or (id.__class__ is str and id.strip() == id and id)):
            raise BadRequest(f"{self.id} {method}() needs an id as text or an integer; got {id!r}")

    def check_ids(self, method: str, ids: Any) -> None:
        """A list of order ids, each one checked, before the first one is sent."""
        if ids.__class__ not in (list, tuple):
            raise BadRequest(f"{self.id} {method}() needs a list of order ids; got {preview(ids)}")
        for id in ids:
            self.check_id(method, id, {}, False)

    # a number comes back as it is; text and Decimals as decimal text
    @overload
    def check_amount(
        self, method: str, name: str, value: float, error: type[Exception] = ..., zero: bool = ...
    ) -> float: ...

    @overload
    def check_amount(
        self, method: str, name: str, value: Any, error: type[Exception] = ..., zero: bool = ...
    ) -> float | str: ...

    def check_amount(
        self, method: str, name: str, value: Any, error: type[Exception] = BadRequest, zero: bool = False
    ) -> float | str:
        """A positive number (zero too when `zero`), as a number or its decimal text.

        NaN, infinities, negatives, booleans and text that is not a number
        raise `error` naming the argument.
        """
        if (value.__class__ is float and 1e-40 <= value < NUMBER_LIMIT) or (
            value.__class__ is int and 0 < value < 10**40
        ):
            return value  # the usual number: bounded_decimal would take its text, positive
        if value is None:
            raise ArgumentsRequired(f"{self.id} {method}() needs {name}")
        if value.__class__ is bool or not isinstance(value, (int, float, str, Decimal)):
            raise error(f"{self.id} {method}() {name} must be a number; got {value!r}")
        if value.__class__ is str and not PLAIN_NUMBER.fullmatch(value):
            raise error(f"{self.id} {method}() {name} must be a finite number written with ASCII digits; got {value!r}")
        number = bounded_decimal(repr(value) if value.__class__ is float else str(value))
        if number is None:
            raise error(f"{self.id} {method}() {name} must be a finite number; got {value!r}")
        if number < 0 or (number == 0 and not zero):
            raise error(f"{self.id} {method}() {name} must be {'zero or more' if zero else 'positive'}; got {value!r}")
        # numbers stay as they are; text and Decimals become plain decimal text ("1e2" -> "100")
        return value if value.__class__ in (int, float) else format(number, "f")

    def check_address(self, address: Any) -> Any:
        if address.__class__ is not str or not address.strip():
            raise BadRequest(f"{self.id} needs an address as text; got {preview(address)}")
        return super().check_address(address)

    def check_leverage(self, method: str, leverage: Any, market: dict | None) -> None:
        """A leverage within the market's limits (at least 1 when the market gives none)."""
        if market is not None:
            limits = market["limits"]["leverage"]
            lowest, highest = limits["min"] or 1, limits["max"]
        else:  # the account-wide limit: within what some market allows
            highest = (
                max((market["limits"]["leverage"]["max"] or 0 for market in self.markets.values()), default=0) or None
            )
            lowest = 1
        if float(leverage) < lowest or (highest is not None and float(leverage) > highest):
            where = f" of {market['symbol']}" if market else ""
            raise BadRequest(
                f"{self.id} {method}() leverage must be from {lowest} to {highest or 'the exchange maximum'}{where}; got {leverage!r}"
            )

    def leverage_is_account_wide(self, symbol: str, leverage: Any) -> None:
        """setLeverage with a symbol: the exchange has one leverage limit for the whole account.

        options['accountWideLeverage']: "warn" (the default) warns once, "allow" says nothing,
        "refuse" raises NotSupported (for code that means one market only).
        """
        mode = self.options.get("accountWideLeverage", "warn")
        message = f"{self.id} set_leverage({leverage}, {symbol!r}) sets the leverage limit of the whole account, every market included"
        if mode == "refuse":
            raise NotSupported(message + "; options['accountWideLeverage'] is 'refuse'")
        if mode == "warn" and not self.__dict__.get("_warned_account_wide_leverage"):
            self._warned_account_wide_leverage = True
            warnings.warn(message + " (said once; options['accountWideLeverage'] = 'allow' silences it)", stacklevel=4)

    def check_order_list(self, method: str, orders: Any) -> None:
        """A list of orders, each a dict with a symbol, type and side."""
        if orders.__class__ not in (list, tuple) or not orders:
            raise BadRequest(f"{self.id} {method}() needs a non-empty list of orders; got {preview(orders)}")
        for index, order in enumerate(orders):
            if order.__class__ is not dict or any(order.get(key) is None for key in ("symbol", "type", "side")):
                raise ArgumentsRequired(
                    f"{self.id} {method}() orders[{index}] needs a symbol, type and side; got {preview(order)}"
                )

    def pagination_settings(
        self, method: str, params: dict, page_max: int, offset_key: str
    ) -> tuple[tuple[int, int, int], dict]:
        """((requests at most, rows per request, first offset), params without them): ccxt's
        paginationCalls and maxEntriesPerRequest (from params, options[method] or options) and
        the API's offset, checked. ccxt's paginationDirection is consumed too (the order of the
        pages follows `since`). None of them is sent to the exchange."""
        calls, params = self.handle_option_and_params(params, method, "paginationCalls", 10)
        per_request, params = self.handle_option_and_params(params, method, "maxEntriesPerRequest", page_max)
        _, params = self.handle_option_and_params(params, method, "paginationDirection", None)
        offset = params.get(offset_key, 0)
        params = {key: value for key, value in params.items() if key != offset_key}
        self.check_count(method, f"params['{offset_key}']", offset)
        if not self.check_count(method, "paginationCalls", calls) or not self.check_count(
            method, "maxEntriesPerRequest", per_request
        ):
            raise BadRequest(f"{self.id} {method}() paginationCalls and maxEntriesPerRequest must be 1 or more")
        return (calls, min(per_request, page_max), offset), params

    def retry_settings(self, method: str, params: dict) -> tuple[int, int, dict]:
        """(retries, delay in ms, params without them): ccxt's maxRetriesOnFailure and
        maxRetriesOnFailureDelay, from params, options[method] or options."""
        if (
            RETRY_OPTIONS.isdisjoint(params)
            and RETRY_OPTIONS.isdisjoint(self.options)
            and self.options.get(method) is None
        ):
            return 0, 0, params  # none is set anywhere ccxt would look
        retries, params = self.handle_option_and_params(params, method, "maxRetriesOnFailure", 0)
        delay, params = self.handle_option_and_params(params, method, "maxRetriesOnFailureDelay", 0)
        return (
            self.check_count(method, "maxRetriesOnFailure", retries),
            self.check_count(method, "maxRetriesOnFailureDelay", delay),
            params,
        )

    def check_count(self, method: str, name: str, value: Any) -> int:
        if value.__class__ is not int or value < 0:
            raise BadRequest(f"{self.id} {method}() {name} must be a whole number, 0 or more; got {value!r}")
        return value
