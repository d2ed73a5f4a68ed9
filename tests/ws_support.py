"""What the WebSocket test modules share: a quiet simulator, an engine to make book changes and
trades in it directly, our class and ccxt's, and the scenario runner (each exchange closed
after its scenario whatever happens).

A test module imports the fixtures it uses (`from ws_support import sim, engine, faults`).
"""

import asyncio
import gc
import importlib
import itertools
from contextlib import contextmanager
from decimal import Decimal

import pytest

from backpack_sim import SimulatorThread
from ccxt_backpack.async_support import backpack as rest_backpack
from ccxt_backpack.pro import backpack as pro_backpack

# ccxt's own class, from its module: ccxt.pro.backpack may be ours once register() has run
ccxt_pro_backpack = importlib.import_module("ccxt.pro.backpack").backpack


@pytest.fixture(scope="module")
def sim():
    with SimulatorThread(market_maker=False, history=False, tick_interval=3600) as running:
        yield running


@pytest.fixture
def faults(sim):
    yield lambda **settings: sim.call(sim.sim.set_faults, **settings)
    sim.call(sim.sim.faults.reset)


@pytest.fixture
def engine(sim):
    return Engine(sim)


class Engine:
    """Orders placed straight into the simulator's matching engine, from two accounts of their own."""

    prices = itertools.count(1)

    def __init__(self, sim):
        self.sim = sim
        funds = {"USDC": "100000000", "SOL": "1000000", "ETH": "100000", "BTC": "1000"}
        self.maker = self.account(sim.call(sim.sim.add_account, None, funds).api_key)
        self.taker = self.account(sim.call(sim.sim.add_account, None, funds).api_key)

    def account(self, api_key):
        return self.sim.sim.engine.accounts[api_key]

    def place(self, market_id, side, price, quantity="1", account=None):
        payload = {
            "symbol": market_id,
            "side": side,
            "orderType": "Limit",
            "price": str(price),
            "quantity": str(quantity),
        }
        return self.sim.call(self.sim.sim.engine.place_order, account or self.maker, payload).id

    def cancel(self, market_id, order_id):
        self.sim.call(self.sim.sim.engine.cancel_order, self.maker, market_id, order_id)

    def trade(self, market_id, price, quantity="1"):
        """One trade at `price`: a maker's ask taken whole by a taker's bid (nothing stays on the book)."""
        self.place(market_id, "Ask", price, quantity)
        self.place(market_id, "Bid", price, quantity, self.taker)

    # market id -> (reference price, tick, a small quantity)
    MARKETS = {
        "BTC_USDC": ("100000", "0.1", "0.001"),
        "ETH_USDC": ("3500", "0.01", "0.01"),
        "SOL_USDC": ("150", "0.01", "0.1"),
    }

    def new_level(self, market_id, side="Bid"):
        """A resting order at a price no other test uses, well away from the trades the tests make
        (within the simulator's price band): one depth frame that adds one level."""
        reference, tick, quantity = map(Decimal, self.MARKETS[market_id])
        step = next(self.prices) * tick
        price = reference * Decimal("0.85") - step if side == "Bid" else reference * Decimal("1.15") + step
        return self.place(market_id, side, price, quantity)


# ccxt's close() waits timeout_on_exit (250 ms) for the socket to close: nothing to wait for here
# (and conftest's one_ssl_context spares each exchange making its own SSL context)
QUICK = {"enableRateLimit": False, "timeout_on_exit": 0}


def ours(sim):
    return pro_backpack({**QUICK, "options": {"server": sim.rest_url}})


def ccxts(sim):
    urls = {
        "api": {"public": sim.rest_url, "private": sim.rest_url, "ws": {"public": sim.ws_url, "private": sim.ws_url}}
    }
    return ccxt_pro_backpack({**QUICK, "urls": urls})


def negative_control(defect):
    """Run a test on ours and on ccxt.pro.backpack, where it must fail for `defect` (ws-notes §1.4)."""
    return pytest.mark.parametrize(
        "make",
        [ours, pytest.param(ccxts, marks=pytest.mark.xfail(strict=True, reason=defect))],
        ids=["ours", "ccxt.pro"],
    )


def shortened(function, *args):
    """function(*args), a failure of it reaching pytest with a one-frame traceback: a negative control
    on ccxt.pro.backpack is expected to fail, and pytest renders each frame by parsing its whole
    source file (asyncio's, ccxt's), half a second a failure. The failure is raised once the error
    is let go (not even as its __context__): its traceback holds the scenario's exchange, loop and
    futures, which are then garbage at once, for run() to collect."""
    try:
        return function(*args)
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"
    raise AssertionError(failure)


def run(sim, make, scenario, timeout=10, keys=None):
    """Run `scenario(exchange, rest)` on a fresh exchange (and our async REST class, to read the
    simulator's REST whichever exchange is watched), both with the account `keys` if given, both
    closed afterwards whatever happens."""
    credentials = {"apiKey": keys.api_key, "secret": keys.secret} if keys else {}

    async def main():
        exchange, rest = make(sim), rest_backpack({**QUICK, **credentials, "options": {"server": sim.rest_url}})
        for name, value in credentials.items():
            setattr(exchange, name, value)
        try:
            await asyncio.gather(exchange.load_markets(), rest.load_markets())
            return await asyncio.wait_for(scenario(exchange, rest), timeout)
        finally:
            await asyncio.gather(exchange.close(), rest.close())

    with collected_afterwards():
        return asyncio.run(main()) if make is ours else shortened(asyncio.run, main())


@contextmanager
def collected_afterwards():
    """Collect the garbage made inside the block once it ends: futures and tasks whose failure
    nobody read are collected (and logged) then; collected later, in the middle of an ast.parse
    of another test, they crash CPython 3.11's parser. What exists before the block is frozen
    first (as the root conftest.py freezes what lives after each module), so the collection scans
    what the block made only: a full one scans all of ccxt's exchange classes too (0.15 s a test,
    most of a WebSocket test's CPU)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()


def connection(sim, exchange):
    """The simulator's record of the exchange's socket (found by its local address)."""
    socket = exchange.clients[exchange.ws_url()].connection
    host, port = socket.get_extra_info("sockname")[:2]
    return next(c for c in sim.call(sim.sim.ws_stats)["connections"] if c["peer"] == f"{host}:{port}")


async def eventually(condition, timeout=1.0):
    """Poll until `condition()` is truthy; the event loop runs meanwhile (frames are handled)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "not in time"
        await asyncio.sleep(0.005)


def socket(exchange):
    """The exchange's socket: both classes have one url, so one client at a time."""
    return next(iter(exchange.clients.values()), None)


def server_view(sim, exchange):
    """The simulator's record of the exchange's socket (None while it has none up)."""
    client = socket(exchange)
    if client is None or client.connection is None or client.closed():
        return None
    host, port = client.connection.get_extra_info("sockname")[:2]
    return next((c for c in sim.call(sim.sim.ws_stats)["connections"] if c["peer"] == f"{host}:{port}"), None)


async def subscribed(sim, exchange, streams, timeout=2.0):
    """Wait until the simulator has the exchange's socket subscribed to `streams`."""

    def carried():
        view = server_view(sim, exchange)
        return view is not None and view["open"] and set(streams) <= set(view["streams"])

    await eventually(carried, timeout)
