"""Error answers become the mapped ccxt exceptions, in the sync and the async class alike.

A real HTTP server on 127.0.0.1 answers with a chosen status, content type and
body, so ccxt's own transport and status handling run as they do in use.
"""

import asyncio
import json
from http.server import BaseHTTPRequestHandler

import ccxt
import pytest
import yaml

from ccxt_backpack import backpack
from ccxt_backpack.async_support import backpack as async_backpack

from support import SPEC, http_server, response_fixture

ANSWER = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, content_type, body = ANSWER["value"]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with http_server(Handler) as url:
        yield url


def sync_ticker(url, markets):
    return sync_exchange(url, markets).fetch_ticker("ETH/USDC")


def async_ticker(url, markets):
    async def run():
        exchange = async_backpack(config(url))  # a closed one cannot be opened again
        exchange.set_markets(exchange.parse_markets(markets))
        try:
            return await exchange.fetch_ticker("ETH/USDC")
        finally:
            await exchange.close()

    return asyncio.run(run())


SYNC_EXCHANGES = {}


def sync_exchange(url, markets):
    """One per server, its markets (always the fixture's) set once: an error answer leaves nothing
    the next test would see (each test sets the answer before it asks)."""
    if url not in SYNC_EXCHANGES:
        SYNC_EXCHANGES[url] = backpack(config(url))
        SYNC_EXCHANGES[url].set_markets(SYNC_EXCHANGES[url].parse_markets(markets))
    return SYNC_EXCHANGES[url]


def config(url):
    return {"enableRateLimit": False, "timeout_on_exit": 0, "urls": {"api": {"public": url, "private": url}}}


FLAVOURS = pytest.mark.parametrize("fetch_ticker", [sync_ticker, async_ticker], ids=["sync", "async"])
EXACT = yaml.safe_load((SPEC / "errors.yaml").read_text())["errors"]["exact"]


def answer(status, body, content_type="application/json; charset=utf-8"):
    ANSWER["value"] = (status, content_type, body if isinstance(body, str) else json.dumps(body))


@FLAVOURS
@pytest.mark.parametrize("code", sorted(EXACT))
def test_every_api_error_code_maps_to_its_exception(server, markets_raw, fetch_ticker, code):
    answer(400, {"code": code, "message": f"something about {code.lower()}"})
    with pytest.raises(getattr(ccxt, EXACT[code])) as error:
        fetch_ticker(server, markets_raw)
    assert type(error.value).__name__ == EXACT[code]
    assert f"something about {code.lower()}" in str(error.value), "the exchange's message reaches the caller"


@FLAVOURS
@pytest.mark.parametrize(
    "status,body,expected",
    [
        (401, "<html><body>Unauthorized</body></html>", ccxt.AuthenticationError),
        (403, "<html><body>Forbidden by WAF</body></html>", ccxt.PermissionDenied),
        (404, "<html><body>Not Found</body></html>", ccxt.BadRequest),
        (429, "Too Many Requests", ccxt.RateLimitExceeded),
        (500, "<html><head><title>500</title></head><body>Internal Server Error</body></html>", ccxt.ExchangeNotAvailable),
        (502, "<html>Bad Gateway</html>", ccxt.ExchangeNotAvailable),
        (503, "<html>Service Unavailable</html>", ccxt.ExchangeNotAvailable),
        (504, "", ccxt.RequestTimeout),
        (599, "<html>weird proxy</html>", ccxt.ExchangeNotAvailable),
        (418, "I'm a teapot", ccxt.DDoSProtection),
        (451, "not available in your region", ccxt.RestrictedLocation),
    ],
)
def test_http_statuses_without_an_exchange_body(server, markets_raw, fetch_ticker, status, body, expected):
    answer(status, body, "text/html")
    with pytest.raises(expected) as error:
        fetch_ticker(server, markets_raw)
    assert str(status) in str(error.value)


@FLAVOURS
def test_an_error_body_on_a_200_answer_is_still_an_error(server, markets_raw, fetch_ticker):
    answer(200, {"code": "INVALID_MARKET", "message": "Invalid market"})
    with pytest.raises(ccxt.BadSymbol, match="Invalid market"):
        fetch_ticker(server, markets_raw)


@FLAVOURS
def test_an_unknown_code_falls_back_on_the_message_then_the_status(server, markets_raw, fetch_ticker):
    answer(401, {"code": "SOMETHING_NEW", "message": "Request has expired"})
    with pytest.raises(ccxt.InvalidNonce):
        fetch_ticker(server, markets_raw)
    answer(400, {"code": "SOMETHING_NEW", "message": "no idea"})
    with pytest.raises(ccxt.BadRequest, match="SOMETHING_NEW"):
        fetch_ticker(server, markets_raw)


@FLAVOURS
def test_an_empty_answer_at_a_status_the_endpoint_does_not_document_is_a_null_response(server, markets_raw, fetch_ticker):
    # 202 without a body means "accepted" on a cancel (test_bodiless.py), not on the ticker
    answer(202, "", "text/plain")
    with pytest.raises(ccxt.NullResponse):
        fetch_ticker(server, markets_raw)


@FLAVOURS
def test_an_html_page_with_status_200_is_not_parsed_as_data(server, markets_raw, fetch_ticker):
    answer(200, "<html><body>Please wait</body></html>", "text/html")
    with pytest.raises(ccxt.BadResponse, match="expected an object from the exchange, got '<html>"):
        fetch_ticker(server, markets_raw)


@FLAVOURS
def test_a_good_answer_parses(server, markets_raw, fetch_ticker):
    case = response_fixture("fetchTicker")
    answer(200, case["httpResponse"])
    assert fetch_ticker(server, markets_raw) == case["parsedResponse"]
