"""A bad spec gets one clear message (file, line, key, what is wrong), exit code 2, no traceback, no output."""

import re
import shutil

import pytest

from support import SPEC, run_generator


def generate(spec_dir, out_dir):
    return run_generator("--spec", spec_dir, "--out", out_dir)


def copy_spec(tmp_path, fixtures=True):
    target = tmp_path / "spec" / SPEC.name  # spec/backpack, as in the repository (see the last test)
    shutil.copytree(SPEC, target, ignore=None if fixtures else shutil.ignore_patterns("fixtures"))
    return target


@pytest.fixture
def spec_copy(tmp_path):
    """spec/backpack without its fixtures, a valid spec still: the mistakes below are not in them,
    and reading and checking them is a fifth of a build."""
    return copy_spec(tmp_path, fixtures=False)


def break_spec(spec_dir, file, old, new):
    path = spec_dir / file
    text = path.read_text()
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1  # the line of the change


def line_of(spec_dir, file, text):
    return (spec_dir / file).read_text().split(text)[0].count("\n") + 1


def assert_reported(result, out_dir, file, line, key, message):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not out_dir.exists(), "a bad spec must not write anything"
    pattern = rf"{re.escape(file)}:{line}: {re.escape(key)}: .*{message}"
    assert re.search(pattern, result.stderr), f"expected /{pattern}/ in:\n{result.stderr}"


def test_yaml_syntax_error(spec_copy, tmp_path):
    line = break_spec(spec_copy, "methods.yaml", "  fetchTicker:\n", "  fetchTicker: [unclosed\n")
    # the command line's main(): its exit status, no traceback (nor an exception here); the real command
    # line in a process of its own: tests/test_generator.py::test_another_process_writes_the_identical_tree
    result = generate(spec_copy, tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    match = re.search(r"methods\.yaml:(\d+): YAML syntax error", result.stderr)
    assert match and abs(int(match.group(1)) - line) <= 2, result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_required_field(spec_copy, tmp_path):
    break_spec(spec_copy, "endpoints.yaml", "    - path: api/v1/assets\n      method: GET\n", "    - method: GET\n")
    line = line_of(spec_copy, "endpoints.yaml", "    - method: GET\n      response: MarketAsset[]")
    result = generate(spec_copy, tmp_path / "out")
    assert_reported(result, tmp_path / "out", "endpoints.yaml", line, "endpoints.public[0]", "missing required key 'path'")


# name: (file, text, broken text, lines from the change to the report, key reported, message pattern)
ONE_MISTAKE_EACH = {
    "exception class ccxt does not have": ("errors.yaml", "INVALID_ORDER: InvalidOrder", "INVALID_ORDER: InvalidOrdr", 0, "errors.exact.INVALID_ORDER", "'InvalidOrdr' is not a ccxt exception class"),
    "method names an endpoint the spec lacks": ("methods.yaml", "endpoint: public GET api/v1/ticker\n", "endpoint: public GET api/v1/tickr\n", 0, "methods.fetchTicker.endpoint", "endpoint 'public GET api/v1/tickr' is not in endpoints"),
    "misspelt key gets a suggestion": ("methods.yaml", "    parse: ticker\n", "    parze: ticker\n", 0, "methods.fetchTicker.parze", r"unknown key \(did you mean 'parse'\?\)"),
    "duplicate key": ("statuses.yaml", "      Filled: closed\n", "      Filled: closed\n      Filled: open\n", 1, "Filled", "duplicate key"),
    "field refers to an undefined status table": ("structures.yaml", "status: market_active}", "status: market_activ}", 0, "structures.market.fields.active", "status table 'market_activ' is not defined"),
    "unknown unified method": ("methods.yaml", "  fetchStatus:\n", "  fetchStatuz:\n", 0, "methods.fetchStatuz", "not a unified method the templates know"),
    "timestamp without unit": ("structures.yaml", "timestamp: {field: start, type: timestamp, unit: iso}", "timestamp: {field: start, type: timestamp}", 0, "structures.ohlcv.fields.timestamp", "a timestamp needs a unit"),
    "key that is not part of the ccxt structure": ("structures.yaml", "      open: {field: firstPrice, type: number}", "      opening: {field: firstPrice, type: number}", 0, "structures.ticker.fields.opening", "'opening' is not a key of a ccxt ticker structure"),
    "doc that does not fill exchange.doc_link": ("endpoints.yaml", "doc: {tag: Assets, operation: get_assets}", "doc: {operation: get_assets}", 0, "endpoints.public[0].doc", "exchange.doc_link is filled with operation, tag; got operation"),
    "doc_link that is not a pattern": ("exchange.yaml", "doc_link: https://docs.backpack.exchange/#tag/{tag}/operation/{operation}", "doc_link: https://docs.backpack.exchange/#tag/{tag/operation/{operation}", 0, "exchange.doc_link", "not a link pattern"),
    "answer without a body at a status that is not a success": ("endpoints.yaml", "bodiless: [204]              # no delay", "bodiless: [404]              # no delay", 0, "endpoints.web[0].bodiless[0]", "404 is not a success status"),
    "answer without a body at the status `response` describes": ("endpoints.yaml", "bodiless: [204]              # no delay", "bodiless: ['200']            # no delay", 0, "endpoints.web[0].bodiless[0]", "200 is the answer `response` describes; an endpoint whose 200 has no body says `response: empty`"),
    "answer without a body listed twice": ("endpoints.yaml", "bodiless: [204]              # no delay", "bodiless: [204, 204]         # no delay", 0, "endpoints.web[0].bodiless[1]", "204 is listed twice"),
    "answer without a body at something that is not a status": ("endpoints.yaml", "bodiless: [204]              # no delay", "bodiless: [true]             # no delay", 0, "endpoints.web[0].bodiless[0]", "expected an HTTP status, got True"),
    "response fixture at a status that is not one": ("fixtures/response.yaml", "    httpStatus: 204\n    httpResponse: ''\n    parsedResponse: null", "    httpStatus: '204'\n    httpResponse: ''\n    parsedResponse: null", 0, "fixtures.response.methods.webGetWapiV1CapitalWithdrawalsDelay[1].httpStatus", "expected the HTTP status of a response case"),
    "fixture for a method the spec does not have": ("fixtures/request.yaml", "  fetchStatus:\n", "  fetchSomething:\n", 0, "fixtures.request.methods.fetchSomething", "neither a spec method nor an implicit API method"),
    # checked against the upstream OpenAPI document (upstream.yaml); every rule: tests/test_upstream_check.py
    "raw field the upstream schema lacks": ("structures.yaml", "      high: {field: high, type: number}", "      high: {field: highPrice, type: number}", 0, "structures.ticker.fields.high", "the upstream schema Ticker has no property `highPrice`"),
    "error code the upstream document lacks": ("errors.yaml", "    INVALID_ORDER: InvalidOrder", "    INVALID_ORDERS: InvalidOrder", 0, "errors.exact.INVALID_ORDERS", r"'INVALID_ORDERS' is not an upstream error code \(ApiErrorCode\)"),
    "parameter typed unlike upstream": ("endpoints.yaml", "limit: {type: string, enum: DepthLimit}", "limit: {type: integer, enum: DepthLimit}", 0, "endpoints.public[6].params.limit", "differs from the upstream parameter: type string upstream, integer here"),
}


# the same for the WebSocket section (ws.yaml)
ONE_WS_MISTAKE_EACH = {
    "not a ccxt.pro watch method": ("ws.yaml", "    watchTicker: {stream: ticker", "    watchTickr: {stream: ticker", 0, "ws.watch.watchTickr", "'watchTickr' is not a ccxt.pro watch method"),
    "stream the spec does not name": ("ws.yaml", "watchTrades: {stream: trades,", "watchTrades: {stream: trade,", 0, "ws.watch.watchTrades.stream", "stream 'trade' is not in ws.streams"),
    "unknown placeholder in a stream name": ("ws.yaml", 'trades: {pattern: "trade.{symbol}"', 'trades: {pattern: "trade.{market}"', 0, "ws.streams.trades", "'{market}' is not a placeholder"),
    "stream doc that does not fill ws.doc_link": ("ws.yaml", "doc: {section: Public, heading: Trade}", "doc: {heading: Trade}", 0, "ws.streams.trades.doc", "ws.doc_link is filled with heading, section; got heading"),
    "stream without its pattern": ("ws.yaml", 'trades: {pattern: "trade.{symbol}"', 'trades: {name: "trade.{symbol}"', 0, "ws.streams.trades", "missing required key 'pattern'"),
    "timeframe in a stream that is not candles": ("ws.yaml", "watchTrades: {stream: trades,", "watchTrades: {stream: candles,", 0, "ws.watch.watchTrades.stream", "only candles have a timeframe"),
    "payload shape the spec lacks": ("ws.yaml", "{stream: trades, parse: trade}", "{stream: trades, parse: trades}", 0, "ws.watch.watchTrades.parse", "'trades' is not in ws.ws_shapes"),
    "payload shape of another structure": ("ws.yaml", "{stream: trades, parse: trade}", "{stream: trades, parse: order}", 0, "ws.watch.watchTrades.parse", "watchTrades returns trade structures; ws shape 'order' maps a order"),
    "misspelt book sync": ("ws.yaml", "      stream: depth\n      book:\n", "      stream: depth\n      bookk:\n", 1, "ws.watch.watchOrderBook.bookk", r"unknown key \(did you mean 'book'\?\)"),
    "snapshot that is not an order book": ("ws.yaml", "snapshot: fetchOrderBook", "snapshot: fetchTicker", 0, "ws.watch.watchOrderBook.book.snapshot", "'fetchTicker' is not a spec method that returns an order book"),
    "timestamp without unit in a delta": ("ws.yaml", "timestamp: {field: T, type: timestamp, unit: us}\n    watchOrders", "timestamp: {field: T, type: timestamp}\n    watchOrders", 0, "ws.watch.watchOrderBook.book.timestamp", "a timestamp needs a unit"),
    "misspelt watch key gets a suggestion": ("ws.yaml", "parse: order, merge: true}", "parse: order, merg: true}", 0, "ws.watch.watchOrders.merg", r"unknown key \(did you mean 'merge'\?\)"),
    "ws exception class ccxt does not have": ("ws.yaml", "4006: BadSymbol", "4006: BadSymbl", 0, "ws.error_codes[4006]", "'BadSymbl' is not a ccxt exception class"),
    "payload key that is not part of the ccxt structure": ("ws.yaml", "        open: {field: o, type: number}", "        opening: {field: o, type: number}", 0, "ws.ws_shapes.ticker.fields.opening", "'opening' is not a key of a ccxt ticker structure"),
    "payload status table the spec lacks": ("ws.yaml", "status: {field: X, status: order}", "status: {field: X, status: ordr}", 0, "ws.ws_shapes.order.fields.status", "status table 'ordr' is not defined"),
    "payload of an unknown structure kind": ("ws.yaml", "      kind: liquidation", "      kind: liquidations", 0, "ws.ws_shapes.liquidation.kind", "unknown structure kind"),
    "subscription signature part the signing does not give": ("ws.yaml", "signature: [api_key, signature, timestamp, window]", "signature: [api_key, sig, timestamp, window]", 0, "ws.private.signature[1]", "'sig' is not a part of a signature"),
    "ws fixture for a method that is not watched": ("fixtures/ws.yaml", "  watchTrades:\n", "  watchTradez:\n", 0, "fixtures.ws.methods.watchTradez", "'watchTradez', which is not a watch method of the spec's ws section"),
    "ws fixture without its frames": ("fixtures/ws.yaml", "      messages:\n        - {stream: ticker.ETH_USDC", "      frames:\n        - {stream: ticker.ETH_USDC", -4, "fixtures.ws.methods.watchTicker[0]", "missing required key 'messages'"),
    "not_watched names no watch method": ("ws.yaml", "    watchBalance: >-", "    watchBalanse: >-", 0, "ws.not_watched.watchBalanse", "'watchBalanse' is not a ccxt.pro watch method"),
}


@pytest.mark.parametrize("case", [*ONE_MISTAKE_EACH.values(), *ONE_WS_MISTAKE_EACH.values()], ids=[*ONE_MISTAKE_EACH, *ONE_WS_MISTAKE_EACH])
def test_one_mistake_is_reported_with_file_line_and_key(tmp_path, case):
    file, text, broken, line_offset, key, message = case
    spec_copy = copy_spec(tmp_path, fixtures=file.startswith("fixtures/"))
    line = break_spec(spec_copy, file, text, broken) + line_offset
    result = generate(spec_copy, tmp_path / "out")
    assert_reported(result, tmp_path / "out", file, line, key, message)


def test_a_method_that_cannot_read_an_answer_without_body(spec_copy, tmp_path):
    depth = "    - path: api/v1/depth\n      method: GET\n      response: Depth\n"
    break_spec(spec_copy, "endpoints.yaml", depth, depth + "      bodiless: [204]\n")
    line = line_of(spec_copy, "methods.yaml", "    endpoint: public GET api/v1/depth")
    result = generate(spec_copy, tmp_path / "out")
    message = r"'public GET api/v1/depth' may answer 204 without a body, which fetchOrderBook cannot turn into its result \(methods that can: cancelAllOrders, "
    assert_reported(result, tmp_path / "out", "methods.yaml", line, "methods.fetchOrderBook.endpoint", message)


def test_a_round_up_enum_with_a_value_that_is_not_a_number(spec_copy, tmp_path):
    break_spec(spec_copy, "enums.yaml", '  DepthLimit: ["5", "10"', '  DepthLimit: ["5", "ten"')
    line = line_of(spec_copy, "methods.yaml", "      limit: {from: limit, round_up: DepthLimit}")
    result = generate(spec_copy, tmp_path / "out")
    message = "round_up: 'ten' of enum 'DepthLimit' is not a number"
    assert_reported(result, tmp_path / "out", "methods.yaml", line, "methods.fetchOrderBook.request.limit", message)


def test_an_upstream_property_neither_read_nor_listed_is_drift(spec_copy, tmp_path):
    break_spec(spec_copy, "structures.yaml", "    trades: ccxt's OHLCV has no place for the number of trades\n", "")
    line = line_of(spec_copy, "structures.yaml", "    from: Kline")
    result = generate(spec_copy, tmp_path / "out")
    assert_reported(result, tmp_path / "out", "structures.yaml", line, "structures.ohlcv.from", "the upstream schema Kline has `trades`, which no structure reads and unread.Kline does not list")


def test_signed_endpoint_without_instruction(spec_copy, tmp_path):
    break_spec(spec_copy, "endpoints.yaml", "      instruction: balanceQuery\n", "")
    result = generate(spec_copy, tmp_path / "out")
    assert result.returncode == 2
    assert re.search(r"endpoints\.yaml:\d+: endpoints\.private\[\d+\]: signed endpoint 'private GET api/v1/capital' needs an instruction", result.stderr), result.stderr


def test_every_problem_is_reported_in_one_run(spec_copy, tmp_path):
    break_spec(spec_copy, "errors.yaml", "INVALID_ORDER: InvalidOrder", "INVALID_ORDER: Nope")
    break_spec(spec_copy, "methods.yaml", "endpoint: public GET api/v1/ticker\n", "endpoint: public GET nowhere\n")
    result = generate(spec_copy, tmp_path / "out")
    assert result.returncode == 2
    assert "'Nope' is not a ccxt exception class" in result.stderr and "endpoint 'public GET nowhere'" in result.stderr
    assert "nothing was written" in result.stderr


def test_a_bad_spec_leaves_existing_output_untouched(tmp_path, monkeypatch):
    # named as `make generate` names it (spec/backpack, from the directory above), the copy (with
    # its fixtures) renders to the very text of generated/: black's formatting of it is in the generator's cache
    monkeypatch.chdir(tmp_path)
    spec_copy = copy_spec(tmp_path).relative_to(tmp_path)
    out = tmp_path / "out"
    assert generate(spec_copy, out).returncode == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    break_spec(spec_copy, "errors.yaml", "INVALID_ORDER: InvalidOrder", "INVALID_ORDER: Nope")
    assert generate(spec_copy, out).returncode == 2
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
