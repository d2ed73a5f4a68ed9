"""`guarded`, which every unified method wears: whatever its parameters, the method takes the
same arguments as unguarded, and every failure leaves it as a ccxt exception.

The guard compiles a wrapper with the method's own parameters (cheaper than *args, **kwargs);
any parameter list it does not copy gets the generic wrapper. Both kinds run here.
"""

import asyncio
import inspect

import pytest
from ccxt.base.errors import BadRequest, InvalidOrder

from ccxt_backpack.checks import guarded


class Exchange:
    id = "test"

    @guarded(name="fetchThing")
    def fetch_thing(self, symbol, since=None, params={}):
        return symbol, since, params

    @guarded
    def keyword_only(self, symbol, *, limit=5):
        return symbol, limit

    @guarded
    def variadic(self, *symbols, **params):
        return symbols, params

    @guarded
    def own_names(self, _method, _sent=1):  # the exact wrapper's names: the generic one serves
        return _method, _sent

    @guarded(name="failThing")
    def fail(self, error):
        raise error

    @guarded(name="failAsync")
    async def fail_async(self, error):
        raise error

    @guarded
    async def fetch_async(self, symbol, params={}):
        return symbol, params


@pytest.mark.parametrize("name", ["fetch_thing", "keyword_only", "variadic", "own_names", "fetch_async"])
def test_a_guarded_method_keeps_its_signature(name):
    method = getattr(Exchange, name)
    assert inspect.signature(method) == inspect.signature(method.__wrapped__)
    assert inspect.iscoroutinefunction(method) == inspect.iscoroutinefunction(method.__wrapped__)
    generic = "args" in method.__code__.co_varnames  # the wrapper's own parameters: self, *args, **kwargs
    assert generic == (name in ("keyword_only", "variadic", "own_names"))


def test_arguments_reach_the_method_by_position_keyword_and_default():
    exchange = Exchange()
    assert exchange.fetch_thing("A") == ("A", None, {})
    assert exchange.fetch_thing("A", 5, {"x": 1}) == ("A", 5, {"x": 1})
    assert exchange.fetch_thing(params={"y": 2}, symbol="B") == ("B", None, {"y": 2})
    assert exchange.fetch_thing("A")[2] is Exchange.fetch_thing.__wrapped__.__defaults__[1], "the same default object"
    assert exchange.keyword_only("A", limit=7) == ("A", 7)
    assert exchange.variadic("A", "B", x=1) == (("A", "B"), {"x": 1})
    assert exchange.own_names("m") == ("m", 1)
    assert asyncio.run(exchange.fetch_async(symbol="C")) == ("C", {})
    with pytest.raises(TypeError):
        exchange.fetch_thing()  # a call the method itself refuses is refused the same way


@pytest.mark.parametrize("call", ["sync", "async"])
def test_a_failure_leaves_as_a_ccxt_exception_named_after_the_method(call):
    exchange = Exchange()

    def run(error):
        return exchange.fail(error) if call == "sync" else asyncio.run(exchange.fail_async(error))

    name = "failThing" if call == "sync" else "failAsync"
    with pytest.raises(BadRequest, match=rf"test {name}\(\) could not turn its arguments into a request \(KeyError") as caught:
        run(KeyError("x"))
    assert isinstance(caught.value.__cause__, KeyError)
    ccxt_error = InvalidOrder("as it was")
    with pytest.raises(InvalidOrder) as caught:
        run(ccxt_error)
    assert caught.value is ccxt_error
