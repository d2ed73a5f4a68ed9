"""The Simulator: wires engine, market maker, REST, WebSocket, persistence and faults
into one aiohttp application; plus SimulatorThread for synchronous callers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import threading
from collections.abc import Coroutine
from decimal import Decimal

from aiohttp import web

from .decimals import now_ms, parse_decimal
from .engine import Engine, Journal
from .errors import ApiError, bad_request
from .faults import FIELD_TYPES, FaultDice, Faults
from .group_commit import GroupCommit
from .http_errors import JsonErrorAppRunner, json_errors
from .market_maker import MarketMaker, seed_history
from .markets import MarketSpec, default_markets
from .ratelimit import RateLimiter
from .rest_core import Pipeline, empty_response, error_response, json_response
from .rest_private import PrivateApi
from .rest_public import PublicApi
from .rfq import RfqDesk
from .signing import KeyPair, Verifier
from .store import Store
from . import views, wallet
from .ws import DEPTH_AGGREGATIONS, Hub

log = logging.getLogger("backpack_sim")

DEMO_SECRET = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
DEMO_API_KEY = "ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ="
DEMO_BALANCES = {
    "USDC": "1000000",
    "SOL": "10000",
    "BTC": "10",
    "ETH": "100",
    "USDT": "100000",
    "JUP": "100000",
    "BONK": "5000000000",
    "WIF": "50000",
    "PYTH": "500000",
}
MAX_BODY_BYTES = 1024 * 1024
MAX_ADMIN_PRICE = Decimal("1000000000")  # keeps values derived from prices within 28 digits
MAX_CLOSE_GRACE = 3600.0


class Simulator:
    """A Backpack-compatible exchange. ``await start(host, port)``, then use ``rest_url``/``ws_url``.

    ``accounts`` maps base64 secrets to starting balances ({"USDC": "1000"}); the demo
    account (seed 01..20) is always present. With ``state_path`` the state lives in SQLite
    and survives restarts (balances of existing accounts are then not re-funded); a request
    that changes state is then answered only once the change is committed.

    ``max_body_bytes`` bounds request bodies (larger ones get a JSON 413).

    WebSocket keepalive as Backpack's: a ping every ``ws_ping_interval`` s (0: none), and a
    Close once a ping has gone ``ws_pong_deadline`` s without a pong (0: never).
    ``ws_close_grace`` is how long ``close_ws_connections`` keeps delivering after Close 1001."""

    def __init__(
        self,
        *,
        seed: int = 1,
        accounts: dict[str, dict] | None = None,
        markets: list[MarketSpec] | None = None,
        market_maker: bool = True,
        noise_trades: bool = True,
        history: bool = True,
        history_hours: int = 24,
        state_path: str | None = None,
        tick_interval: float = 1.0,
        rate_limit: float = 2000.0,
        rate_burst: float = 4000.0,
        faults: dict | None = None,
        ws_ping_interval: float = 60.0,
        ws_pong_deadline: float = 120.0,
        ws_close_grace: float = 30.0,
        funding_interval_ms: int | None = None,
        demo_balances: dict | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ):
        self.seed = seed
        self.max_body_bytes = max_body_bytes
        self.tick_interval = tick_interval
        self.ws_ping_interval = ws_ping_interval
        self.ws_pong_deadline = ws_pong_deadline
        self.ws_close_grace = ws_close_grace
        specs = markets or default_markets()
        if funding_interval_ms:
            for spec in specs:
                spec.funding_interval_ms = funding_interval_ms
        self.engine = Engine(specs)
        self.faults = Faults()
        self.faults.update(**(faults or {}))
        self.fault_dice = FaultDice(self.faults, seed)
        self.rate_limiter = RateLimiter(rate_limit, rate_burst)
        self.verifier = Verifier()
        self.hub = Hub(self)
        self.engine.events.sink = self.hub
        self.rfq = RfqDesk(self.engine, sink=self.hub)
        self.store = Store(state_path) if state_path else None
        if self.store:
            self.store.load(self.engine)
        self.market_maker = MarketMaker(
            self.engine,
            seed=seed,
            quoting=market_maker,
            noise_trade_probability=0.3 if (market_maker and noise_trades) else 0.0,
        )
        self.add_account(DEMO_SECRET, DEMO_BALANCES if demo_balances is None else demo_balances)
        for secret, balances in (accounts or {}).items():
            self.add_account(secret, balances)
        for account in self.engine.accounts.values():
            if not account.internal:
                self.verifier.add_key(account.api_key)
        if self.store:
            self.engine.recorder.journal = Journal()
            for account in self.engine.accounts.values():
                self.engine.recorder.account_changed(account)
        with _gc_paused():  # tens of thousands of long-lived objects: collecting meanwhile is waste
            if history:  # markets without trades (all of them, unless restored) get a past
                seed_history(self.engine, seed, history_hours)
            self._schedule_funding()
            if market_maker:
                self.market_maker.requote()
        self.rest_url = self.ws_url = None
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task] = []
        self._later: set[asyncio.Task] = set()  # requests accepted now, carried out later (run_later)
        self._group_commit: GroupCommit | None = None

    # ---------------------------------------------------------- lifecycle
    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=self.max_body_bytes, middlewares=[json_errors])
        pipeline = Pipeline(self)
        known_paths = set()
        for api, signed in ((PublicApi(self), False), (PrivateApi(self), True)):
            for method, path, handler in api.routes():
                app.router.add_route(method, path, pipeline.wrap(method, path, handler, signed))
                known_paths.add(path)
        for method, path, handler in self._admin_routes():
            app.router.add_route(method, path, pipeline.wrap(method, path, handler, False, faults=False))
        app.router.add_get("/ws", self.hub.handle)
        app.router.add_get("/", self.hub.handle)  # the real host accepts a trailing-slash URL too

        async def unknown(request: web.Request) -> web.Response:
            if request.path in known_paths:
                return error_response(ApiError("INVALID_CLIENT_REQUEST", "Method not allowed", 405))
            return error_response(ApiError("RESOURCE_NOT_FOUND", f"Not found: {request.path}"))

        app.router.add_route("*", "/{tail:.*}", unknown)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> "Simulator":
        if self.store:
            self._group_commit = GroupCommit(self.store, self.engine)
        self._runner = JsonErrorAppRunner(self.build_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, reuse_address=True)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.rest_url = f"http://{host}:{bound_port}"
        self.ws_url = f"ws://{host}:{bound_port}/ws"
        self._tasks = [
            asyncio.create_task(coro) for coro in (self._tick_loop(), self._periodic_ws_loop(), self._flush_loop())
        ]
        return self

    async def stop(self) -> None:
        tasks = [*self._tasks, *self._later]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        self._later.clear()
        await self.hub.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._group_commit is not None:
            await self._group_commit.close()
            self._group_commit = None
        self.flush()
        if self.store:
            self.store.close()
            self.store = None

    def run_later(self, delay_s: float, work: Coroutine) -> None:
        """Run `work` after `delay_s` on the simulator's loop; stop() cancels it if still pending."""

        async def delayed() -> None:
            try:
                await asyncio.sleep(delay_s)
            except asyncio.CancelledError:
                work.close()  # never started: closed, so that nothing warns it was never awaited
                raise
            await work

        task = asyncio.get_running_loop().create_task(delayed())
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    def flush(self) -> None:
        """Write pending changes now (only while no GroupCommit runs, i.e. before start or after stop)."""
        if self.store:
            self.store.flush(self.engine)

    async def durable(self) -> None:
        """Return once every change made so far is committed (at once when there is no state file)."""
        if self._group_commit is not None:
            await self._group_commit.commit()

    async def _tick_loop(self) -> None:
        while True:
            await asyncio.sleep(self.tick_interval)
            try:
                self.step()
            except Exception:  # noqa: BLE001 - one bad tick must not stop the market
                log.exception("tick failed")

    async def _periodic_ws_loop(self) -> None:
        elapsed = 0
        while True:
            await asyncio.sleep(0.1)
            elapsed += 100
            try:
                for name, seconds in DEPTH_AGGREGATIONS.items():
                    if elapsed % int(seconds * 1000) == 0:
                        self.hub.flush_aggregates(name)
                if elapsed % 1000 == 0:
                    self.hub.push_periodic()
            except Exception:  # noqa: BLE001
                log.exception("periodic WebSocket push failed")

    async def _flush_loop(self) -> None:
        """Commit what changed without a request (market ticks, triggers, funding) a few times a second."""
        while self._group_commit is not None:
            await asyncio.sleep(0.25)
            try:
                await self.durable()
            except Exception:  # noqa: BLE001 - logged by the writer; try again next time
                pass

    # ------------------------------------------------------- Python API
    def step(self) -> None:
        """One market tick: price walk + requote (when the market maker runs), funding, withdrawals."""
        if self.market_maker.quoting:
            self.market_maker.step()
        now = now_ms()
        for market in self.engine.markets.values():
            if market.spec.has_funding and market.next_funding_ms and now >= market.next_funding_ms:
                self.engine.settle_funding(now)
                self._schedule_funding(force=True)
                break
        wallet.confirm_pending_withdrawals(self.engine)

    def _schedule_funding(self, force: bool = False) -> None:
        now = now_ms()
        for market in self.engine.markets.values():
            interval = market.spec.funding_interval_ms
            if market.spec.has_funding and (force or not market.next_funding_ms or market.next_funding_ms < now):
                market.next_funding_ms = (now // interval + 1) * interval

    def add_account(self, secret: str | None = None, balances: dict | None = None) -> KeyPair:
        keys = _key_pair(secret)
        balances = wallet.starting_balances({} if balances is None else balances)
        self.engine.add_account(keys.api_key, keys.secret, balances)
        self.verifier.add_key(keys.api_key)
        return keys

    def _account(self, api_key: str):
        account = self.engine.accounts.get(api_key)
        if account is None or account.internal:
            raise ApiError("RESOURCE_NOT_FOUND", "Unknown account")
        return account

    def credit_deposit(
        self, api_key: str, symbol: str, quantity, source: str = "administrator", blockchain: str | None = None
    ) -> dict:
        """Credit a confirmed deposit; with ``blockchain`` an on-chain one on that network of the asset."""
        account = self._account(api_key)
        return views.deposit_json(
            wallet.credit_deposit(self.engine, account, symbol, quantity, source, blockchain=blockchain)
        )

    def balances(self, api_key: str) -> dict:
        return views.balances_json(self._account(api_key))

    def set_price(self, symbol: str, price, mark_price=None) -> None:
        """Move a market's index (and mark) price; trigger orders are evaluated against it."""
        index = _admin_price(price, "price")
        mark = None if mark_price is None else _admin_price(mark_price, "markPrice")
        self.engine.set_prices(symbol, index, mark)

    def settle_funding(self) -> list[dict]:
        return [views.funding_payment_json(row) for row in self.engine.settle_funding()]

    def set_faults(self, **settings) -> dict:
        self.faults.update(**settings)
        return self.faults.to_json()

    def set_rate_limit(self, rate: float, burst: float) -> None:
        self.rate_limiter.configure(rate, burst)

    def drop_ws_connections(self) -> int:
        """Cut every WebSocket connection without a Close frame; returns how many."""
        return self.hub.drop_all()

    def silence_ws_connections(self) -> int:
        """Every open WebSocket hangs: it stays open and nothing more comes on it (no data,
        no Pong, no Ping); returns how many. Call it on the simulator's loop."""
        return self.hub.silence_all()

    def close_ws_connections(self, grace: float | None = None) -> int:
        """Backpack's server shutdown: Close 1001 to every open WebSocket, delivery goes on for
        ``grace`` s (default ``ws_close_grace``), then the connection is closed; returns how many.
        Call it on the simulator's loop (``SimulatorThread.call``)."""
        return self.hub.close_with_grace(self.ws_close_grace if grace is None else grace)

    def ws_stats(self) -> dict:
        """WebSocket fault counters: {"totals": {...}, "connections": [...]} (see the README)."""
        return self.hub.stats()

    def reset_ws_stats(self) -> dict:
        self.hub.reset_stats()
        return self.hub.stats()

    # ------------------------------------------------------------ admin
    def _admin_routes(self):
        return [
            ("POST", "/_sim/deposit", self._admin_deposit),
            ("POST", "/_sim/accounts", self._admin_account),
            ("GET", "/_sim/faults", self._admin_get_faults),
            ("POST", "/_sim/faults", self._admin_set_faults),
            ("POST", "/_sim/price", self._admin_price),
            ("POST", "/_sim/funding", self._admin_funding),
            ("POST", "/_sim/tick", self._admin_tick),
            ("POST", "/_sim/rate-limit", self._admin_rate_limit),
            ("POST", "/_sim/ws/drop", self._admin_ws_drop),
            ("POST", "/_sim/ws/close", self._admin_ws_close),
            ("POST", "/_sim/ws/silence", self._admin_ws_silence),
            ("GET", "/_sim/ws/stats", self._admin_ws_stats),
            ("POST", "/_sim/ws/stats/reset", self._admin_ws_stats_reset),
        ]

    @staticmethod
    def _body(ctx) -> dict:
        if ctx.body is None:
            return {}
        if not isinstance(ctx.body, dict):
            raise bad_request("Expected a JSON object")
        return ctx.body

    async def _admin_deposit(self, ctx):
        body = self._body(ctx)
        return self.credit_deposit(
            _text(body, "apiKey", DEMO_API_KEY),
            _text(body, "symbol"),
            _required(body, "quantity"),
            _text(body, "source", "administrator"),
            None if body.get("blockchain") is None else _text(body, "blockchain"),
        )

    async def _admin_account(self, ctx):
        body = self._body(ctx)
        secret = body.get("secret")
        if secret is not None and not isinstance(secret, str):
            raise bad_request("`secret` must be a base64 string")
        balances = body.get("balances")
        keys = self.add_account(secret, {} if balances is None else balances)
        return {"apiKey": keys.api_key, "secret": keys.secret}

    async def _admin_get_faults(self, ctx):
        return self.faults.to_json()

    async def _admin_set_faults(self, ctx):
        changes = dict(self._body(ctx))
        reset = changes.pop("reset", False)
        if not isinstance(reset, bool):
            raise bad_request("`reset` must be a boolean")
        if reset:
            changes = {**{name: 0 for name in FIELD_TYPES}, **changes}
        try:
            return self.set_faults(**changes)
        except ValueError as error:
            raise bad_request(str(error)) from None

    async def _admin_price(self, ctx):
        body = self._body(ctx)
        self.set_price(_text(body, "symbol"), _required(body, "price"), body.get("markPrice"))
        return empty_response()

    async def _admin_funding(self, ctx):
        return self.settle_funding()

    async def _admin_tick(self, ctx):
        self.step()
        return empty_response()

    async def _admin_rate_limit(self, ctx):
        body = self._body(ctx)
        self.set_rate_limit(_non_negative(body, "rate", 0), _non_negative(body, "burst", 1))
        return empty_response()

    async def _admin_ws_drop(self, ctx):
        return json_response({"dropped": self.drop_ws_connections()})

    async def _admin_ws_silence(self, ctx):
        return json_response({"silenced": self.silence_ws_connections()})

    async def _admin_ws_close(self, ctx):
        body = self._body(ctx)
        grace = _non_negative(body, "grace", self.ws_close_grace)
        if grace > MAX_CLOSE_GRACE:
            raise bad_request(f"`grace` must be at most {MAX_CLOSE_GRACE:.0f} seconds")
        return json_response({"closing": self.close_ws_connections(grace), "grace": grace})

    async def _admin_ws_stats(self, ctx):
        return self.ws_stats()

    async def _admin_ws_stats_reset(self, ctx):
        return self.reset_ws_stats()


@contextlib.contextmanager
def _gc_paused():
    """Build the initial state without the collector running, then move what was built to the
    oldest generation at once: else the first collections after the start, while serving, would
    scan all of it (a ~40 ms stall)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)


# ---------------------------------------------------------------- admin input
def _required(body: dict, name: str):
    value = body.get(name)
    if value is None:
        raise bad_request(f"missing field `{name}`")
    return value


def _text(body: dict, name: str, default: str | None = None) -> str:
    value = body.get(name, default)
    if value is None:
        raise bad_request(f"missing field `{name}`")
    if not isinstance(value, str):
        raise bad_request(f"`{name}` must be a string")
    return value


def _non_negative(body: dict, name: str, default: float) -> float:
    value = body.get(name, default)
    number = parse_decimal(value)
    if number is None or number < 0:
        raise bad_request(f"`{name}` must be a number >= 0")
    return float(number)


def _admin_price(value, name: str) -> Decimal:
    price = parse_decimal(value)
    if price is None or not 0 < price <= MAX_ADMIN_PRICE:
        raise ApiError("INVALID_PRICE", f"`{name}` must be a decimal above 0 and at most {MAX_ADMIN_PRICE}")
    return price


def _key_pair(secret: str | None) -> KeyPair:
    if not secret:
        return KeyPair.generate()
    try:
        return KeyPair(secret)
    except (ValueError, TypeError):
        raise bad_request("Invalid secret: expected a base64 32-byte ED25519 seed") from None


class SimulatorThread:
    """Runs a Simulator on its own event loop in a background thread (for sync code and tests).

    with SimulatorThread(seed=3) as sim:
        requests.get(sim.rest_url + "/api/v1/markets")
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options):
        self.host, self.port, self.options = host, port, options
        self.sim: Simulator | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stopped: asyncio.Event | None = None

    @property
    def rest_url(self) -> str:
        return self.sim.rest_url

    @property
    def ws_url(self) -> str:
        return self.sim.ws_url

    def start(self, timeout: float = 30.0) -> "SimulatorThread":
        self._thread = threading.Thread(target=self._run, name="backpack-sim", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("simulator did not start")
        if self._error:
            raise self._error
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    async def _main(self) -> None:
        self._stopped = asyncio.Event()
        try:
            self.sim = Simulator(**self.options)
            await self.sim.start(self.host, self.port)
        except BaseException as error:  # noqa: BLE001 - reported to the starting thread
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        await self._stopped.wait()
        await self.sim.stop()

    def call(self, function, *args, **kwargs):
        """Run ``function(*args)`` on the simulator's loop thread and return its result."""

        async def invoke():
            return function(*args, **kwargs)

        return asyncio.run_coroutine_threadsafe(invoke(), self._loop).result(30)

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(30)
        self._thread = None

    def __enter__(self) -> "SimulatorThread":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
