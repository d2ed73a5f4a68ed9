"""ED25519 request signing: the six test vectors of backpack-api.md §2.4 and the key handling."""

import base64

import pytest
from ccxt.base.errors import AuthenticationError
from nacl.signing import SigningKey

from ccxt_backpack import backpack
from ccxt_backpack.base import decode_signing_key, signing_payload

from support import API_KEY, SECRET

# (instruction, params, timestamp, window, expected signing string, expected X-Signature)
VECTORS = [
    (
        "orderCancel",
        {"orderId": 28, "symbol": "BTC_USDT"},
        1614550000000,
        5000,
        "instruction=orderCancel&orderId=28&symbol=BTC_USDT&timestamp=1614550000000&window=5000",
        "E7UijHVsR5NAdTGNA8aOPfAGdwe6Qu5oVcEJPNdG8Kx9HxV2pX+U3IsodvFn1MUHh0CuD+AhMMnJJvtPEat9DA==",
    ),
    (
        "balanceQuery",
        {},
        1614550000000,
        5000,
        "instruction=balanceQuery&timestamp=1614550000000&window=5000",
        "UfXiEm7cbX4pypibm+sWZFrR4S2WQ1V/CaUoAlkpmbQaMKm09cZjWSsk1VJySB6AdudCCOrw/7phybRpbESrCQ==",
    ),
    (
        "orderExecute",
        {"symbol": "SOL_USDC", "side": "Bid", "orderType": "Limit", "price": "141.5", "quantity": "0.10", "postOnly": True, "clientId": 123},
        1750793021519,
        5000,
        "instruction=orderExecute&clientId=123&orderType=Limit&postOnly=true&price=141.5&quantity=0.10&side=Bid&symbol=SOL_USDC&timestamp=1750793021519&window=5000",
        "zXZfGGYNAcdKTdVy5soIhQax/yO7RUDohsVzNQxoIw7uLLyLQYtiQBKcZVhjwWy3K3aKoaSCQuIXVNakMDj3Ag==",
    ),
    (
        "orderExecute",
        [
            {"symbol": "SOL_USDC_PERP", "side": "Bid", "orderType": "Limit", "price": "141", "quantity": "12"},
            {"symbol": "SOL_USDC_PERP", "side": "Bid", "orderType": "Limit", "price": "140", "quantity": "11"},
        ],
        1750793021519,
        5000,
        "instruction=orderExecute&orderType=Limit&price=141&quantity=12&side=Bid&symbol=SOL_USDC_PERP"
        "&instruction=orderExecute&orderType=Limit&price=140&quantity=11&side=Bid&symbol=SOL_USDC_PERP"
        "&timestamp=1750793021519&window=5000",
        "dossw5xxpYslAw1BgSEqBEom/n5ESR5aNNX5Q4It1+gMA6tNL6YkDT7eVy2jILl0/i/DDDJQlEYYT8vaCyakCg==",
    ),
    (
        "fillHistoryQueryAll",
        {"symbol": "SOL_USDC", "limit": 100, "offset": 0},
        1614550000000,
        5000,
        "instruction=fillHistoryQueryAll&limit=100&offset=0&symbol=SOL_USDC&timestamp=1614550000000&window=5000",
        "0sHJxNKWJDoiamO5LPLyN1zqTt25TVxgM++jI/EDlfPHoN2pfhiMRV4aWiUkxSlGEssMiNnrA9ST1iNIKQT1CA==",
    ),
    (
        "subscribe",
        {},
        1614550000000,
        5000,
        "instruction=subscribe&timestamp=1614550000000&window=5000",
        "yBAaT13kqiWSAUgb7fMAYPPcROr7MHp0omxnGgQDliC4/KJP1mGhfn4Yx06F7LWdgriEnuPfc0ThMrJz3z8zDw==",
    ),
]


@pytest.mark.parametrize("instruction,params,timestamp,window,string,signature", VECTORS, ids=[v[0] + str(i) for i, v in enumerate(VECTORS)])
def test_vector(instruction, params, timestamp, window, string, signature):
    payload = signing_payload(instruction, params) + f"&timestamp={timestamp}&window={window}"
    assert payload == string
    key = decode_signing_key("backpack", SECRET)
    assert base64.b64encode(key.sign(payload.encode()).signature).decode() == signature
    assert base64.b64encode(bytes(key.verify_key)).decode() == API_KEY


def test_sign_builds_the_headers_of_a_signed_request():
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    exchange.milliseconds = lambda: 1614550000000
    request = exchange.sign("api/v1/order", ["private"], "DELETE", {"orderId": 28, "symbol": "BTC_USDT"})
    assert request["url"] == "https://api.backpack.exchange/api/v1/order"
    assert request["body"] == '{"orderId":28,"symbol":"BTC_USDT"}'
    assert request["headers"] == {
        "X-API-Key": API_KEY,
        "X-Signature": VECTORS[0][5],
        "X-Timestamp": "1614550000000",
        "X-Window": "5000",
        "Content-Type": "application/json; charset=utf-8",
    }


def test_sign_accepts_the_pre_4_5_89_string_api_argument():
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    exchange.milliseconds = lambda: 1614550000000
    assert exchange.sign("api/v1/capital", "private", "GET", {})["headers"]["X-Signature"] == VECTORS[1][5]


def test_a_64_byte_secret_is_the_seed_followed_by_its_public_key():
    keypair = base64.b64decode(SECRET) + base64.b64decode(API_KEY)
    exchange = backpack({"apiKey": API_KEY, "secret": base64.b64encode(keypair).decode()})
    exchange.milliseconds = lambda: 1614550000000
    assert exchange.sign("api/v1/capital", ["private"], "GET", {})["headers"]["X-Signature"] == VECTORS[1][5]


def test_a_64_byte_secret_whose_public_half_does_not_match_is_rejected():
    other = bytes(SigningKey.generate().verify_key)
    secret = base64.b64encode(base64.b64decode(SECRET) + other).decode()
    with pytest.raises(AuthenticationError, match="public key that does not belong"):
        decode_signing_key("backpack", secret)


@pytest.mark.parametrize("secret,reason", [("not base64!", "not valid base64"), (base64.b64encode(b"x" * 16).decode(), "16 bytes")])
def test_a_malformed_secret_is_an_authentication_error_that_does_not_echo_it(secret, reason):
    exchange = backpack({"apiKey": API_KEY, "secret": secret})
    with pytest.raises(AuthenticationError, match=reason) as error:
        exchange.sign("api/v1/capital", ["private"], "GET", {})
    assert secret not in str(error.value)


def test_missing_credentials_fail_before_anything_is_signed():
    with pytest.raises(AuthenticationError, match="secret"):
        backpack({"apiKey": API_KEY}).sign("api/v1/capital", ["private"], "GET", {})


def test_the_secret_is_decoded_once_and_again_only_when_it_changes(monkeypatch):
    import ccxt_backpack.base as base

    calls = []
    real = base.decode_signing_key
    monkeypatch.setattr(base, "decode_signing_key", lambda *args: calls.append(1) or real(*args))
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    for _ in range(3):
        exchange.sign("api/v1/capital", ["private"], "GET", {})
    assert len(calls) == 1
    key = SigningKey.generate()
    exchange.secret = base64.b64encode(bytes(key)).decode()
    exchange.apiKey = base64.b64encode(bytes(key.verify_key)).decode()
    exchange.sign("api/v1/capital", ["private"], "GET", {})
    assert len(calls) == 2


def test_an_api_key_that_is_not_the_secrets_public_key_fails_before_any_request():
    """On Backpack the API key is the public key of the secret: a mismatch can only be refused."""
    other = base64.b64encode(bytes(SigningKey.generate().verify_key)).decode()
    exchange = backpack({"apiKey": other, "secret": SECRET})
    with pytest.raises(AuthenticationError, match="apiKey is not the public key of this secret"):
        exchange.sign("api/v1/capital", ["private"], "GET", {})
    exchange.apiKey = API_KEY  # put right, it signs
    assert exchange.sign("api/v1/capital", ["private"], "GET", {})["headers"]["X-API-Key"] == API_KEY


def test_the_secret_never_reaches_repr_str_or_the_request():
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    request = exchange.sign("api/v1/capital", ["private"], "GET", {})
    assert SECRET not in repr(exchange) and SECRET not in str(exchange)
    assert SECRET not in repr(request)


def test_public_requests_carry_no_credentials():
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    request = exchange.sign("api/v1/ticker", ["public"], "GET", {"symbol": "SOL_USDC", "flag": True, "empty": None})
    assert request == {"url": "https://api.backpack.exchange/api/v1/ticker?symbol=SOL_USDC&flag=true", "method": "GET", "body": None, "headers": None}


def test_query_values_are_url_encoded_but_signed_raw():
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    exchange.milliseconds = lambda: 1614550000000
    request = exchange.sign("wapi/v1/history/fills", ["private"], "GET", {"symbol": "SPCX.US_USDC", "note": "a b/c%"})
    assert request["url"].endswith("?symbol=SPCX.US_USDC&note=a%20b%2Fc%25")
    string = "instruction=fillHistoryQueryAll&note=a b/c%&symbol=SPCX.US_USDC&timestamp=1614550000000&window=5000"
    signature = base64.b64decode(request["headers"]["X-Signature"])
    decode_signing_key("backpack", SECRET).verify_key.verify(string.encode(), signature)


def test_the_window_comes_from_options():
    exchange = backpack({"apiKey": API_KEY, "secret": SECRET, "options": {"recvWindow": 60000}})
    assert exchange.sign("api/v1/capital", ["private"], "GET", {})["headers"]["X-Window"] == "60000"


def test_credentials_read_with_surrounding_whitespace_work():
    """A key or secret read from a file often ends in a newline; a header with one is refused by HTTP libraries."""
    padded = backpack({"apiKey": API_KEY + "\n", "secret": " " + SECRET + "\n"})
    clean = backpack({"apiKey": API_KEY, "secret": SECRET})
    for exchange in (padded, clean):
        exchange.milliseconds = lambda: 1750793021519
    assert padded.sign("api/v1/capital", ["private"], "GET", {})["headers"] == clean.sign("api/v1/capital", ["private"], "GET", {})["headers"]


def test_credentials_never_reach_the_logs(caplog, capsys, markets_raw):
    """ccxt logs every request's headers at DEBUG level, and prints them when verbose."""
    import logging

    exchange = backpack({"apiKey": API_KEY, "secret": SECRET, "verbose": True, "enableRateLimit": False})
    exchange.set_markets(exchange.parse_markets(markets_raw))
    exchange.session.request = lambda *args, **kwargs: (_ for _ in ()).throw(ConnectionResetError("reset"))
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(Exception):
            exchange.fetch_balance()
    signature = exchange.last_request_headers["X-Signature"]
    logged = caplog.text + capsys.readouterr().out
    assert "X-API-Key" in logged and "***" in logged
    assert API_KEY not in logged and signature not in logged and SECRET not in logged


def test_credentials_that_are_not_text_fail_clearly():
    with pytest.raises(AuthenticationError, match="apiKey and secret must be text"):
        backpack({"apiKey": 12345, "secret": SECRET}).sign("api/v1/capital", ["private"], "GET", {})


def test_an_exchange_can_be_deep_copied_and_its_copy_still_masks_credentials(caplog, markets_raw):
    """copy.deepcopy (and pickle) make the MaskingLogger without __init__: asking it for an
    attribute before its wrapped logger is set must not recurse. The order book's typed decoder
    (msgspec's, which cannot be copied) is shared by the copy."""
    import copy
    import logging

    exchange = backpack({"apiKey": API_KEY, "secret": SECRET})
    exchange.logger = logging.getLogger("masking-copy")
    exchange.set_markets(exchange.parse_markets(markets_raw))
    copied = copy.deepcopy(exchange)
    assert copied.markets == exchange.markets and copied.markets is not exchange.markets
    assert copied.depthAnswer is exchange.depthAnswer
    assert copied.logger is not exchange.logger and copied.logger.wrapped is exchange.logger.wrapped
    with caplog.at_level(logging.DEBUG, logger="masking-copy"):
        copied.logger.debug("%s", {"X-API-Key": API_KEY})
    assert "***" in caplog.text and API_KEY not in caplog.text
