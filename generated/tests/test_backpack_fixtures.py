# Copied by the generator from generator/static/tests/test_fixtures.py: edit it there.
"""Fixture tests of the generated adapter, from its spec's fixtures.

static/request/<id>.json and static/response/<id>.json have the shape of
ccxt's static request/response tests. Every case runs against the sync and the
async class. Responses must equal parsedResponse exactly, pass ccxt's structure
validators, and carry numbers (not numeric strings) where ccxt has numbers.
"""

import json
from urllib.parse import parse_qs, urlsplit

import ccxt
import pytest
from nacl.signing import VerifyKey

from adapter_harness import (
    AsyncExchange,
    Captured,
    METHODS,
    REQUESTS,
    RESPONSES,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WINDOW_HEADER,
    SyncExchange,
    assert_numbers,
    assert_templates_untouched,
    call,
    case_ids,
    fresh,
    install_transport,
    items_of,
    validate,
)


@pytest.fixture(autouse=True)
def templates_stay_untouched():
    """Each case's exchange is a copy of a template built once (fresh(): what prepared() builds, at
    a tenth of its cost) sharing its large read-only tables: no case may change them."""
    yield
    assert_templates_untouched()


@pytest.mark.parametrize("flavour", [SyncExchange, AsyncExchange], ids=["sync", "async"])
@pytest.mark.parametrize("method,index", case_ids(REQUESTS))
def test_request(method, index, flavour):
    case = REQUESTS["methods"][method][index]
    exchange = fresh(flavour, REQUESTS, case)
    sent = {}

    def answer(url, http_method, headers, body):
        sent.update(url=url, method=http_method, headers=headers or {}, body=body)
        raise Captured()

    install_transport(exchange, answer)
    with pytest.raises(Captured):
        call(exchange, method, case["input"])
    expected, actual = urlsplit(case["url"]), urlsplit(sent["url"])
    assert actual.path == expected.path, case["description"]
    assert parse_qs(actual.query) == parse_qs(expected.query), case["description"]
    if "httpMethod" in case:
        assert sent["method"] == case["httpMethod"], case["description"]
    expected_body = case.get("output")
    if expected_body is None:
        assert sent["body"] in (None, ""), case["description"]
    else:
        expected_body = json.loads(expected_body) if isinstance(expected_body, str) else expected_body
        assert json.loads(sent["body"]) == expected_body, case["description"]
    for name, value in (case.get("headers") or {}).items():
        assert sent["headers"].get(name) == value, f"header {name}: {case['description']}"
    signing = case.get("signing")  # pinned in the fixtures of a spec with signing
    if signing:
        signature = sent["headers"][SIGNATURE_HEADER]
        assert sent["headers"][TIMESTAMP_HEADER] == str(signing["timestamp"])
        assert sent["headers"][WINDOW_HEADER] == str(signing["window"])
        # the signature is over exactly the pinned signing string ...
        VerifyKey(exchange.base64_to_binary(REQUESTS["apiKey"])).verify(
            signing["string"].encode(), exchange.base64_to_binary(signature)
        )
        # ... and is the pinned signature (ED25519 is deterministic)
        assert signature == signing["signature"]


@pytest.mark.parametrize("flavour", [SyncExchange, AsyncExchange], ids=["sync", "async"])
@pytest.mark.parametrize("method,index", case_ids(RESPONSES))
def test_response(method, index, flavour):
    case = RESPONSES["methods"][method][index]
    exchange = fresh(flavour, RESPONSES, case)

    def answer(url, http_method, headers, body):
        response = case.get("httpResponse")
        if "httpResponseByUrl" in case:
            matches = [answer for fragment, answer in case["httpResponseByUrl"].items() if fragment in url]
            assert matches, f"no httpResponseByUrl entry for {url}"
            response = matches[0]
        # as ccxt's transport does with every answer: let the exchange map an error body (or
        # read an answer without a body at the case's httpStatus, 200 unless it says)
        text = response if isinstance(response, str) else json.dumps(response)
        exchange.handle_errors(
            case.get("httpStatus", 200),
            "",
            url,
            http_method,
            {},
            text,
            None if isinstance(response, str) else response,
            headers,
            body,
        )
        return response

    install_transport(exchange, answer)
    if "expectedError" in case:
        with pytest.raises(getattr(ccxt, case["expectedError"])):
            call(exchange, method, case["input"])
        return
    result = call(exchange, method, case["input"])
    assert result == case["parsedResponse"], case["description"]
    kind, structure = METHODS.get(method, (None, None))
    skipped = RESPONSES.get("skipProperties", {}).get(method, {})
    known_invalid = RESPONSES.get("knownInvalid", {}).get(method, {})
    for position, item in enumerate(items_of(kind, result)):
        assert_numbers(structure, item)
        invalid = f"case{index}" in known_invalid or (
            isinstance(item, dict) and (item.get("id") in known_invalid or f"#{position}" in known_invalid)
        )
        if invalid:
            # documented in the fixture: ccxt's validator rejects this item for a reason the API imposes
            with pytest.raises(AssertionError):
                validate(exchange, method, structure, item, case, skipped)
        else:
            validate(exchange, method, structure, item, case, skipped)
