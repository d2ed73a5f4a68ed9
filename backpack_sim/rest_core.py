"""Request pipeline shared by all REST endpoints: faults, rate limit, signature check,
parameter parsing, pagination and response helpers."""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiohttp import web

from .decimals import Decimal, now_ms, parse_decimal
from .errors import ApiError, bad_request, enum_error, http_status_error
from .jsonutil import dumps_utf8, loads_body
from .signing import BATCH_PATHS, DEFAULT_WINDOW, INSTRUCTIONS, MAX_WINDOW, batch_signing_string, signing_string

log = logging.getLogger("backpack_sim.rest")

PAGE_HEADERS = "X-PAGE-COUNT, X-CURRENT-PAGE, X-PAGE-SIZE, X-TOTAL"
INTEGER_RANGES = {"u16": (0, 2**16 - 1), "u32": (0, 2**32 - 1), "u64": (0, 2**64 - 1), "i64": (-(2**63), 2**63 - 1)}
HTML_ERROR_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
)

# The cancels the API may answer 202 "Request accepted but not yet executed", without a body
# (the OpenAPI document; backpack-api.md §3): the Faults accept_later_* settings make them so.
ACCEPTED_LATER = frozenset(
    (("DELETE", "/api/v1/order"), ("DELETE", "/api/v1/orders"), ("DELETE", "/api/v1/strategy"), ("DELETE", "/api/v1/strategies"))
)


@dataclass
class Ctx:
    """What a handler gets: the request, the authenticated account and its parameters."""

    request: web.Request
    query: Any  # MultiDictProxy of decoded query parameters
    body: Any = None  # parsed JSON body (dict, list or None)
    account: Any = None


Handler = Callable[[Ctx], Awaitable[Any]]


# ----------------------------------------------------------------- responses
def json_response(data, status: int = 200, headers: dict | None = None) -> web.Response:
    return web.Response(
        body=dumps_utf8(data), status=status, headers=headers, content_type="application/json", charset="utf-8"
    )


def error_response(error: ApiError) -> web.Response:
    return json_response(error.body(), status=error.status)


def text_response(text: str) -> web.Response:
    return web.Response(text=text, content_type="text/plain", charset="utf-8")


def empty_response(status: int = 200) -> web.Response:
    return web.Response(status=status)


# ------------------------------------------------------------------- params
def param(ctx: Ctx, name: str, required: bool = False):
    """A query parameter for GET, a body field otherwise."""
    source = ctx.body if isinstance(ctx.body, dict) else ctx.query
    value = source.get(name)
    if value is None and required:
        raise bad_request(f"missing required parameter `{name}`")
    return value


def int_param(
    ctx: Ctx, name: str, default: int | None = None, required: bool = False, minimum: int = 0, type_name: str = "u64"
) -> int | None:
    value = param(ctx, name, required)
    if value is None:
        return default
    try:
        number = int(str(value))
    except ValueError:
        raise bad_request(
            f'failed to parse parameter `{name}`: failed to parse "{type_name}": ' f"invalid digit found in string"
        ) from None
    low, high = INTEGER_RANGES[type_name]
    if number > high or (low < 0 and number < low):  # negative unsigned values fail `minimum` below
        size = "large" if number > high else "small"
        raise bad_request(
            f'failed to parse parameter `{name}`: failed to parse "{type_name}": number too {size} to fit in target type'
        )
    if number < minimum:
        raise ApiError("INVALID_RANGE", f"`{name}` must be at least {minimum}")
    return number


def decimal_param(ctx: Ctx, name: str, required: bool = False) -> Decimal | None:
    value = param(ctx, name, required)
    if value is None:
        return None
    number = parse_decimal(value)
    if number is None:
        raise bad_request(f'failed to parse parameter `{name}`: failed to parse "Decimal": invalid decimal')
    return number


def enum_param(ctx: Ctx, name: str, values, enum_name: str, default=None, required: bool = False):
    value = param(ctx, name, required)
    if value is None:
        return default
    if not isinstance(value, str) or value not in values:
        raise enum_error(name, enum_name)
    return value


def bool_param(ctx: Ctx, name: str, default: bool | None = None) -> bool | None:
    value = param(ctx, name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise bad_request(f'failed to parse parameter `{name}`: failed to parse "bool"')


def multi_enum_param(ctx: Ctx, name: str, values, enum_name: str) -> list[str]:
    """Repeated query keys (``marketType=SPOT&marketType=PERP``); comma lists are accepted too."""
    items = []
    for raw in ctx.query.getall(name, []):
        for value in str(raw).split(","):
            if value not in values:
                raise enum_error(name, enum_name)
            items.append(value)
    return items


def paginate(
    ctx: Ctx, rows: list, max_limit: int = 1000, default_direction: str = "Desc", sortable: bool = True
) -> tuple[list, dict]:
    """Slice ``rows`` (oldest first) by sortDirection/offset/limit; returns (page, X-PAGE-* headers).

    A ``limit`` above the maximum is clamped to it."""
    limit = min(int_param(ctx, "limit", 100, minimum=1), max_limit)
    offset = int_param(ctx, "offset", 0)
    direction = (
        enum_param(ctx, "sortDirection", ("Asc", "Desc"), "SortDirection", default_direction)
        if sortable
        else default_direction
    )
    ordered = rows if direction == "Asc" else rows[::-1]
    total = len(rows)
    headers = {
        "X-PAGE-COUNT": str(math.ceil(total / limit)),
        "X-CURRENT-PAGE": str(offset // limit + 1),
        "X-PAGE-SIZE": str(limit),
        "X-TOTAL": str(total),
        "Access-Control-Expose-Headers": PAGE_HEADERS,
    }
    return ordered[offset : offset + limit], headers


def time_filter(ctx: Ctx, rows: list, time_of: Callable[[Any], int]) -> list:
    start = int_param(ctx, "from", None)
    end = int_param(ctx, "to", None)
    if start is None and end is None:
        return rows
    return [r for r in rows if (start is None or time_of(r) >= start) and (end is None or time_of(r) <= end)]


# ------------------------------------------------------------------- pipeline
def _drop_connection(request: web.Request) -> asyncio.CancelledError:
    """Close the socket without answering; raise the result to end the handler."""
    if request.transport is not None:
        request.transport.abort()
    return asyncio.CancelledError()


def _body_too_large(limit: int) -> ApiError:
    return ApiError("INVALID_CLIENT_REQUEST", f"Request body is larger than {limit} bytes", 413)


class Pipeline:
    """Wraps endpoint handlers with the per-request work common to every endpoint."""

    def __init__(self, simulator):
        self.sim = simulator

    def wrap(self, method: str, path: str, handler: Handler, signed: bool, faults: bool = True):
        instruction = INSTRUCTIONS.get((method, path)) if signed else None
        is_batch = (method, path) in BATCH_PATHS
        changes_state = method in ("POST", "DELETE", "PATCH")
        may_accept_later = faults and (method, path) in ACCEPTED_LATER

        async def endpoint(request: web.Request) -> web.StreamResponse:
            if faults:
                refused = await self._refuse_before_executing(request)
                if refused is not None:
                    return refused
            later = may_accept_later and self.sim.fault_dice.accept_later()
            response = await self._execute(request, handler, instruction, is_batch, read_body=changes_state, later=later)
            if changes_state:
                response = await self._after_durable(response)
            if faults:
                await self._inject_fault_after(request)
            return response

        return endpoint

    async def _execute(self, request, handler: Handler, instruction, is_batch: bool, read_body: bool, later: bool = False):
        """Parse, authenticate and run the handler; any failure becomes a Backpack error body.
        `later`: a request that passes the checks is answered 202 without a body at once, and
        the handler runs accept_later_ms later (what it finds then is not answered)."""
        try:
            body = await self._read_body(request) if read_body else None
            ctx = Ctx(request, request.query, body)
            if instruction is not None:
                ctx.account = self._authenticate(request, instruction, body, is_batch)
            if later:
                self.sim.run_later(self.sim.faults.accept_later_ms / 1000, self._carry_out(handler, ctx))
                return empty_response(202)
            result = await handler(ctx)
            return result if isinstance(result, web.StreamResponse) else json_response(result)
        except ApiError as error:
            return error_response(error)
        except web.HTTPException as error:
            return error_response(http_status_error(error.status, error.text or error.reason))
        except Exception:  # noqa: BLE001 - answer like the exchange does, keep serving
            log.exception("unhandled error on %s %s", request.method, request.path)
            return error_response(ApiError("SERVER_ERROR", "Internal server error"))

    async def _carry_out(self, handler: Handler, ctx: Ctx) -> None:
        """Run an accepted request; its outcome reaches the client only through what it changed."""
        try:
            await handler(ctx)
            await self.sim.durable()
        except ApiError as error:
            log.info("accepted %s %s failed when carried out: %s", ctx.request.method, ctx.request.path, error.message)
        except Exception:  # noqa: BLE001 - keep serving
            log.exception("accepted %s %s failed when carried out", ctx.request.method, ctx.request.path)

    async def _after_durable(self, response: web.StreamResponse) -> web.StreamResponse:
        """Hold the answer until what the request changed is on disk (with ``--state``)."""
        try:
            await self.sim.durable()
        except Exception:  # noqa: BLE001 - logged by the writer
            return error_response(ApiError("SERVER_ERROR", "State could not be saved"))
        return response

    async def _refuse_before_executing(self, request: web.Request) -> web.StreamResponse | None:
        """An injected fault or the rate limiter answering instead of the endpoint (None: go on)."""
        injected = await self._inject_fault(request)
        if injected is not None:
            return injected
        if not self.sim.rate_limiter.allow(request.headers.get("X-API-Key") or request.remote or "-"):
            return error_response(ApiError("TOO_MANY_REQUESTS", "Too many requests"))
        return None

    async def _inject_fault(self, request: web.Request) -> web.StreamResponse | None:
        dice = self.sim.fault_dice
        delay = dice.latency_s()
        if delay:
            await asyncio.sleep(delay)
        action = dice.pick()
        if action is None:
            return None
        if action == "429":
            return error_response(ApiError("TOO_MANY_REQUESTS", "Too many requests"))
        if action == "html":
            return web.Response(text=HTML_ERROR_PAGE, status=502, content_type="text/html")
        if action == "5xx":
            status = dice.server_error_status()
            code = "MAINTENANCE" if status == 503 else "SERVER_ERROR"
            return json_response({"code": code, "message": "Injected server error"}, status=status)
        raise _drop_connection(request)

    async def _inject_fault_after(self, request: web.Request) -> None:
        """The request was executed; now maybe lose or hold back its answer."""
        action = self.sim.fault_dice.pick_after()
        if action == "delay":
            await asyncio.sleep(self.sim.faults.delay_after_ms / 1000)
        elif action == "drop":
            raise _drop_connection(request)

    async def _read_body(self, request: web.Request):
        if not request.body_exists:
            return None
        limit = self.sim.max_body_bytes
        if (request.content_length or 0) > limit:
            raise _body_too_large(limit)
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:  # a chunked body without Content-Length
            raise _body_too_large(limit) from None
        text = raw.decode("utf-8", errors="replace").strip()
        if not text:
            return None
        try:
            return loads_body(text)
        except ValueError as error:
            raise bad_request(f"parse request payload error: {error}") from None

    def _authenticate(self, request: web.Request, instruction: str, body, is_batch: bool):
        headers = request.headers
        api_key = headers.get("X-API-Key")
        signature = headers.get("X-Signature")
        timestamp = headers.get("X-Timestamp")
        if not api_key or not signature or not timestamp:
            raise ApiError("UNAUTHORIZED", "Missing X-API-Key, X-Signature or X-Timestamp header")
        window_text = headers.get("X-Window") or str(DEFAULT_WINDOW)
        try:
            ts, window = int(timestamp), int(window_text)
        except ValueError:
            raise bad_request("Invalid X-Timestamp or X-Window header") from None
        if window <= 0 or window > MAX_WINDOW:
            raise bad_request(f"X-Window must be between 1 and {MAX_WINDOW}")
        account = self.sim.engine.accounts.get(api_key)
        if account is None or account.internal:
            raise ApiError("UNAUTHORIZED", "Invalid API key")
        now = now_ms()
        if now > ts + window:
            raise ApiError("UNAUTHORIZED", "Request has expired")
        if now < ts:
            raise ApiError("UNAUTHORIZED", "Request timestamp is in the future")
        for message in self._signing_candidates(request, instruction, body, is_batch, timestamp, window_text):
            if self.sim.verifier.verify(api_key, message, signature):
                return account
        raise ApiError("INVALID_SIGNATURE", "Invalid signature")

    @staticmethod
    def _signing_candidates(request, instruction, body, is_batch, timestamp, window):
        if is_batch and isinstance(body, list):
            if not all(isinstance(item, dict) for item in body):
                raise bad_request('Expected input type "Array<OrderExecutePayload>"')
            yield batch_signing_string(instruction, body, timestamp, window)
            return
        if isinstance(body, dict):
            yield signing_string(instruction, body, timestamp, window)
            return
        pairs = list(request.query.items())
        yield signing_string(instruction, pairs, timestamp, window)
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            # How repeated query keys are signed is undocumented: also accept the collapsed
            # forms a map-based client produces (last value wins / first value wins).
            yield signing_string(instruction, dict(pairs), timestamp, window)
            yield signing_string(instruction, dict(reversed(pairs)), timestamp, window)
