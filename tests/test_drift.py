"""`python -m generator drift`, `make drift` and the weekly alert script (.ci/drift-alert).

The spec under spec/backpack is being brought in line with its snapshot by other work, so
these tests never count on what it lacks today: an edit of the snapshot is judged by the
lines it adds to (or takes from) the report of the unedited snapshot. The fake exchange
(tests/fakex/spec) gets a document of its own that matches it exactly.
"""

from __future__ import annotations

import functools
import http.server
import importlib.machinery
import importlib.util
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from generator.__main__ import main
from generator.drift import Change, adapter_usage, compare
from generator.loader import load_spec_dir
from generator.model import build_model
from generator.openapi import parse_document

ROOT = Path(__file__).resolve().parent.parent
BACKPACK = ROOT / "spec" / "backpack"
FAKEX = ROOT / "tests" / "fakex" / "spec"


# ---------------------------------------------------------------- Backpack's snapshot, edited


@pytest.fixture(scope="module")
def backpack():
    spec = load_spec_dir(BACKPACK)
    return spec, build_model(spec)


@pytest.fixture(scope="module")
def snapshot_json(backpack) -> str:
    """The snapshot as JSON, read as the drift command reads it: this process then parses its YAML once."""
    spec, _ = backpack
    path = BACKPACK / spec["upstream"]["openapi"]
    return json.dumps(parse_document(path.read_bytes()))


@pytest.fixture(scope="module")
def baseline(backpack, snapshot_json) -> set[Change]:
    spec, model = backpack
    return set(compare(spec, model, json.loads(snapshot_json)))


@pytest.fixture
def drift_of(backpack, snapshot_json, baseline):
    """The lines an edit of the snapshot adds to its report, and those it takes away."""

    def run(*edits) -> tuple[set[Change], set[Change]]:
        document = json.loads(snapshot_json)
        for edit in edits:
            edit(document)
        changes = set(compare(*backpack, document))
        return changes - baseline, baseline - changes

    return run


def schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def operation(document: dict, method: str, path: str) -> dict:
    return document["paths"]["/" + path][method.lower()]


def only(changes: set[Change]) -> Change:
    assert len(changes) == 1, sorted(changes, key=str)
    return next(iter(changes))


def spec_text(where: str) -> str:
    """The spec line a change points at."""
    file, line = where.rsplit(":", 1)
    path = Path(file) if Path(file).is_absolute() else ROOT / file
    return path.read_text(encoding="utf-8").splitlines()[int(line) - 1]


def test_a_parsed_field_removed_breaks_and_names_the_mapping_that_reads_it(drift_of):
    new, gone = drift_of(lambda doc: schema(doc, "Ticker")["properties"].pop("lastPrice"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("property_removed", "Ticker.lastPrice", True)
    assert "ticker reads lastPrice" in change.detail
    assert change.where.startswith("spec/backpack/structures.yaml:") and "field: lastPrice" in spec_text(change.where)
    assert not gone


def test_replay_cumulative_interest_removed_from_position(drift_of):
    """2025-09-01: "The `cumulativeInterest` response field is being removed from the `/position`
    endpoint". The adapter does not read it: whatever the spec says of it, nothing breaks. The
    same removal of a field the position structure reads breaks it."""
    new, gone = drift_of(lambda doc: schema(doc, "FuturePositionWithMargin")["properties"].pop("cumulativeInterest"))
    assert new | gone and {change.subject for change in new | gone} == {"FuturePositionWithMargin.cumulativeInterest"}
    assert not any(change.breaking for change in new)

    new, _ = drift_of(lambda doc: schema(doc, "FuturePositionWithMargin")["properties"].pop("entryPrice"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("property_removed", "FuturePositionWithMargin.entryPrice", True)
    assert "field: entryPrice" in spec_text(change.where)


def test_replay_j_and_k_fields_added_to_orders_extend_the_api(drift_of):
    """2025-10-23: "Add `j` and `k` fields" (take profit and stop loss limit prices) to orders."""

    def add_j_and_k(doc):
        schema(doc, "Order")["properties"].update({"j": {"type": "string", "format": "decimal"}, "k": {"type": "string", "format": "decimal"}})

    new, gone = drift_of(add_j_and_k)
    assert {(change.kind, change.subject, change.breaking) for change in new} == {
        ("property_added", "Order.j", False),
        ("property_added", "Order.k", False),
    }
    assert all(change.where.startswith("spec/backpack/") for change in new) and not gone


def test_replay_an_endpoint_removed(drift_of, backpack):
    """2025-08-07: "`/history/pnl` has been removed". An endpoint only the implicit API exposes
    extends (well, shrinks) the API; one a unified method calls breaks the adapter."""
    usage = adapter_usage(backpack[1])
    assert not usage.called("GET wapi/v1/history/borrowLend/positions")
    new, gone = drift_of(lambda doc: doc["paths"]["/wapi/v1/history/borrowLend/positions"].pop("get"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("endpoint_removed", "GET wapi/v1/history/borrowLend/positions", False)
    assert "path: wapi/v1/history/borrowLend/positions" in spec_text(change.where)

    new, _ = drift_of(lambda doc: doc["paths"].pop("/api/v1/depth"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("endpoint_removed", "GET api/v1/depth", True)
    assert "fetchOrderBook" in change.detail and "path: api/v1/depth" in spec_text(change.where)


def test_an_endpoint_added_extends_the_api_and_says_where_it_goes(drift_of):
    def add_endpoint(doc):
        doc["paths"]["/api/v1/auctions"] = {
            "get": {
                "summary": "Get auctions.",
                "description": "**Instruction:** `auctionQuery`",
                "parameters": [{"name": "symbol", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Ticker"}}}}}},
            }
        }

    new, _ = drift_of(add_endpoint)
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("endpoint_added", "GET api/v1/auctions", False)
    assert "symbol (required string)" in change.detail and "Ticker[]" in change.detail and "auctionQuery" in change.detail
    assert spec_text(change.where).strip() == "private:"  # a signed endpoint goes with the signed ones


def test_replay_open_interest_limit_added_to_markets(backpack, snapshot_json):
    """2025-02-03: "Added `openInterestLimit` to the markets endpoint": the report of the document
    after the change differs from the one before only by that property, and not as breaking."""
    before = json.loads(snapshot_json)
    schema(before, "Market")["properties"].pop("openInterestLimit")
    after = set(compare(*backpack, json.loads(snapshot_json)))
    before = set(compare(*backpack, before))
    differ = (after - before) | (before - after)
    change = only(differ)
    assert change.subject == "Market.openInterestLimit" and not change.breaking
    assert change.kind == ("property_added" if change in after else "property_removed")


def test_a_new_order_status_breaks_where_the_status_table_has_no_entry(drift_of):
    new, _ = drift_of(lambda doc: schema(doc, "OrderStatus")["enum"].append("Replaced"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("enum_value_added", "OrderStatus.Replaced", True)
    assert "status table 'order'" in change.detail
    assert spec_text(change.where).strip().startswith("order:") and "statuses.yaml" in change.where


def test_a_new_market_type_or_time_in_force_extends(drift_of):
    """A market kind `kinds` does not map is left out of fetchMarkets, which keeps working; a new
    value of an enum nothing translates is the API's to offer."""
    new, _ = drift_of(lambda doc: schema(doc, "MarketType")["enum"].append("OPTION"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("enum_value_added", "MarketType.OPTION", False)
    assert "kinds" in change.detail and "kinds:" in spec_text(change.where)

    new, _ = drift_of(lambda doc: schema(doc, "TimeInForce")["enum"].append("GTD"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("enum_value_added", "TimeInForce.GTD", False)
    assert spec_text(change.where).strip().startswith("TimeInForce:")


def test_an_enum_value_removed_breaks_only_when_a_method_may_send_it(drift_of):
    """2024-01-11: "Removed duplicate `pending` values from the `WithdrawalStatus` ... enum"."""
    new, _ = drift_of(lambda doc: schema(doc, "DepthLimit")["enum"].remove("1000"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("enum_value_removed", "DepthLimit.1000", True)
    assert "fetchOrderBook" in change.detail

    new, _ = drift_of(lambda doc: schema(doc, "OrderStatus")["enum"].remove("TriggerFailed"))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("enum_value_removed", "OrderStatus.TriggerFailed", False)


def test_a_param_retyped_breaks_only_when_a_method_sends_it(drift_of):
    def retype(method, path, name, new_schema):
        def edit(doc):
            for param in operation(doc, method, path)["parameters"]:
                if param["name"] == name:
                    param["schema"] = new_schema

        return edit

    new, _ = drift_of(retype("GET", "api/v1/depth", "limit", {"type": "integer"}))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("param_changed", "GET api/v1/depth limit", True)
    assert "type string -> integer" in change.detail and "fetchOrderBook" in change.detail
    assert spec_text(change.where).strip().startswith("limit:")

    new, _ = drift_of(retype("GET", "api/v1/assets", "country", {"type": "integer"}))
    change = only(new)
    assert (change.kind, change.subject, change.breaking) == ("param_changed", "GET api/v1/assets country", False)


def test_a_required_param_added_breaks_an_endpoint_a_method_calls(drift_of):
    def add_param(method, path, required):
        def edit(doc):
            operation(doc, method, path)["parameters"].append({"name": "venue", "in": "query", "required": required, "schema": {"type": "string"}})

        return edit

    assert only(drift_of(add_param("GET", "api/v1/depth", True))[0]).breaking
    optional = only(drift_of(add_param("GET", "api/v1/depth", False))[0])
    assert (optional.kind, optional.subject, optional.breaking) == ("param_added", "GET api/v1/depth venue", False)
    # the implicit API passes the caller's params through: nothing of the adapter's stops working
    assert not only(drift_of(add_param("GET", "wapi/v1/history/borrowLend/positions", True))[0]).breaking


def test_replay_an_instruction_renamed_breaks(drift_of):
    def rename(doc):
        post = operation(doc, "POST", "api/v1/order")
        post["description"] = post["description"].replace("`orderExecute`", "`orderSubmit`")

    change = only(drift_of(rename)[0])
    assert (change.kind, change.subject, change.breaking) == ("instruction_changed", "POST api/v1/order", True)
    assert "orderExecute -> orderSubmit" in change.detail
    assert spec_text(change.where).strip() == "instruction: orderExecute"


def test_an_answer_changed_breaks_an_endpoint_a_method_reads(drift_of):
    def as_list(doc):
        operation(doc, "GET", "api/v1/ticker")["responses"]["200"]["content"] = {
            "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Ticker"}}}
        }

    change = only(drift_of(as_list)[0])
    assert (change.kind, change.subject, change.breaking) == ("answer_changed", "GET api/v1/ticker", True)
    assert "answers Ticker[] instead of Ticker" in change.detail and "response:" in spec_text(change.where)

    change = only(drift_of(lambda doc: operation(doc, "GET", "api/v1/depth")["responses"].update({"204": {"description": "none"}}))[0])
    assert (change.kind, change.breaking) == ("answer_changed", True) and "204 without a body" in change.detail


def test_a_new_error_code_extends(drift_of):
    change = only(drift_of(lambda doc: schema(doc, "ApiErrorCode")["enum"].append("SESSION_EXPIRED"))[0])
    assert (change.kind, change.subject, change.breaking) == ("error_code_added", "SESSION_EXPIRED", False)
    assert spec_text(change.where).strip() == "exact:"


def test_the_spec_has_no_drift_against_its_own_snapshot(baseline):
    """The generate-time check (every endpoint, param, enum value, error code and read field of
    the spec is the snapshot's) and the coverage (every property of a parsed schema read or
    listed under unread:) leave nothing to report, the marked exceptions included (an enum
    the spec leaves out makes its parameters plain on both sides)."""
    assert baseline == set()
    status, report = drift()
    assert status == 0 and "no drift" in report


# ---------------------------------------------------------------- the fake exchange, end to end


def _param(name: str, where: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema}


def _answer(schema: dict) -> dict:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(**properties) -> dict:
    return {"type": "object", "properties": properties}


TEXT, DECIMAL, INTEGER = {"type": "string"}, {"type": "string", "format": "decimal"}, {"type": "integer"}


def fakex_document() -> dict:
    """An OpenAPI document that says exactly what tests/fakex/spec says."""
    ticker_query = _param("ticker", "query", TEXT, True)
    return {
        "openapi": "3.0.3",
        "info": {"title": "Fakex", "version": "2"},
        "paths": {
            "/v2/clock": {"get": {"responses": _answer(_ref("Clock"))}},
            "/v2/instruments": {"get": {"responses": _answer({"type": "array", "items": _ref("Instrument")})}},
            "/v2/quote/{ticker}": {"get": {"parameters": [_param("ticker", "path", TEXT, True)], "responses": _answer(_ref("Quote"))}},
            "/v2/book": {"get": {"parameters": [ticker_query, _param("depth", "query", _ref("Depth"))], "responses": _answer(_ref("Book"))}},
            "/v2/prints": {
                "get": {"parameters": [ticker_query, _param("max", "query", INTEGER)], "responses": _answer({"type": "array", "items": _ref("Print")})}
            },
            "/v2/wallet": {"get": {"description": "**Instruction:** `walletRead`", "responses": _answer(_ref("Wallet"))}},
            "/v2/orders": {
                "post": {
                    "description": "**Instruction:** `orderPlace`",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {**_object(ticker=TEXT, side=TEXT, qty=DECIMAL, px=DECIMAL), "required": ["ticker"]}}
                        }
                    },
                    "responses": _answer(_ref("Order")),
                }
            },
        },
        "components": {
            "schemas": {
                "Depth": {"type": "integer", "enum": [10, 100]},
                "FxErrorCode": {"type": "string", "enum": ["NO_SUCH_TICKER", "BROKE", "SLOW_DOWN"]},
                "InstrumentState": {"type": "string", "enum": ["live", "halted"]},
                "InstrumentKind": {"type": "string", "enum": ["CASH", "FUT"]},
                "Aggressor": {"type": "string", "enum": ["B", "S"]},
                "Clock": _object(iso=TEXT),
                "Instrument": _object(
                    code=TEXT, asset=TEXT, money=TEXT, state=_ref("InstrumentState"), rules=_ref("Rules"), listed=INTEGER, kind=_ref("InstrumentKind")
                ),
                "Rules": _object(px_step=DECIMAL, qty_step=DECIMAL, qty_min=DECIMAL),
                "Quote": _object(code=TEXT, at=INTEGER, best=_ref("Best"), px=DECIMAL, px24=DECIMAL, vol=DECIMAL, prints24=INTEGER),
                "Best": _object(bid=DECIMAL, ask=DECIMAL),
                "Book": _object(buy={"type": "array", "items": {}}, sell={"type": "array", "items": {}}, t=INTEGER, seq=INTEGER),
                "Print": _object(n=INTEGER, t=TEXT, px=DECIMAL, q=DECIMAL, aggressor=_ref("Aggressor")),
                "Wallet": _object(cash=DECIMAL),
                "Order": _object(id=TEXT),
            }
        },
    }


@pytest.fixture
def fakex(tmp_path) -> Path:
    """A copy of the fake exchange's spec with an upstream snapshot that matches it."""
    spec_dir = tmp_path / "spec"
    shutil.copytree(FAKEX, spec_dir, ignore=shutil.ignore_patterns("upstream"))  # its own snapshot: replaced
    (spec_dir / "upstream").mkdir()
    (spec_dir / "upstream" / "fakex-openapi.yml").write_text(yaml.safe_dump(fakex_document()), encoding="utf-8")
    (spec_dir / "upstream.yaml").write_text('upstream:\n  openapi: upstream/fakex-openapi.yml\n  taken: "2026-01-01"\n', encoding="utf-8")
    return spec_dir


def drift(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["drift", *args])
    return status, out.getvalue()


def write_document(path: Path, edit=None) -> str:
    document = fakex_document()
    if edit:
        edit(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_fakex_against_its_own_snapshot_has_no_drift(fakex):
    status, out = drift("--spec", str(fakex))
    assert status == 0 and "no drift" in out
    status, out = drift("--spec", str(fakex), "--json")
    assert status == 0 and json.loads(out)["changes"] == [] and json.loads(out)["summary"]["drift"] == "none"


def test_fakex_status_value_without_a_unified_mapping_breaks(fakex, tmp_path):
    """taker_side has no `unknown`: a new Aggressor value has no unified side. halt falls back to
    `unknown: false`, so a new InstrumentState value is the table's to absorb and not drift."""

    def new_values(document):
        document["components"]["schemas"]["Aggressor"]["enum"].append("X")
        document["components"]["schemas"]["InstrumentState"]["enum"].append("paused")

    status, out = drift("--spec", str(fakex), "--openapi", write_document(tmp_path / "doc.json", new_values), "--json")
    report = json.loads(out)
    assert status == 2 and report["summary"] == {
        "drift": "breaking",
        "exit": 2,
        "total": 1,
        "breaking": 1,
        "additive": 0,
        "by_group": {"enums": 1},
    }
    (change,) = report["changes"]
    assert change["subject"] == "Aggressor.X" and change["kind"] == "enum_value_added" and change["group"] == "enums"
    assert "taker_side" in change["detail"] and spec_text(change["where"]).strip() == "taker_side:"


def test_fakex_additive_drift_exits_1_and_the_text_report_says_extends(fakex, tmp_path):
    def extend(document):
        document["components"]["schemas"]["Depth"]["enum"].append(1000)
        document["components"]["schemas"]["Quote"]["properties"]["vwap"] = DECIMAL
        document["paths"]["/v2/prints"]["get"]["parameters"].append(_param("since", "query", INTEGER))

    status, out = drift("--spec", str(fakex), "--openapi", write_document(tmp_path / "doc.json", extend))
    assert status == 1
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(lines) == 3 and all(line.startswith("  extends  ") for line in lines)
    assert any("Depth.1000" in line for line in lines) and any("Quote.vwap" in line for line in lines)
    assert any("GET v2/prints since: added: since (optional integer)" in line for line in lines)
    assert out.rstrip().endswith("additive drift only (exit 1).")


def test_fakex_json_report_is_stable(fakex, tmp_path):
    def breaks(document):
        document["paths"].pop("/v2/book")
        document["paths"]["/v2/prints"]["get"]["parameters"][1]["schema"] = TEXT
        document["components"]["schemas"]["Quote"]["properties"].pop("px24")

    location = write_document(tmp_path / "doc.json", breaks)
    first, second = drift("--spec", str(fakex), "--openapi", location, "--json"), drift("--spec", str(fakex), "--openapi", location, "--json")
    assert first == second and first[0] == 2
    report = json.loads(first[1])
    assert set(report) == {"spec", "document", "changes", "summary"}
    assert [(c["kind"], c["subject"], c["breaking"]) for c in report["changes"]] == [
        ("endpoint_removed", "GET v2/book", True),
        ("param_changed", "GET v2/prints max", True),
        ("property_removed", "Quote.px24", True),
    ]
    assert all(set(change) == {"kind", "group", "subject", "detail", "breaking", "where"} for change in report["changes"])


def test_a_document_that_cannot_be_compared_exits_3(fakex, tmp_path):
    swagger = tmp_path / "swagger.yml"
    swagger.write_text("swagger: '2.0'\npaths: {}\n", encoding="utf-8")
    garbage = tmp_path / "garbage.yml"
    garbage.write_text("{ not: [json", encoding="utf-8")
    for location, message in [
        (str(swagger), "not an OpenAPI 3 document"),
        (str(garbage), "not a YAML or JSON document"),
        (str(tmp_path / "missing.yml"), "cannot read"),
        ("http://127.0.0.1:9/openapi.yml", "cannot fetch"),
    ]:
        status, out = drift("--spec", str(fakex), "--openapi", location, "--json")
        assert status == 3 and message in json.loads(out)["error"]
    (fakex / "upstream.yaml").unlink()
    assert drift("--spec", str(fakex))[0] == 3  # no upstream section and no --openapi


def test_a_document_is_fetched_over_http(fakex, tmp_path):
    write_document(tmp_path / "served.json")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()  # shutdown() waits a poll
    try:
        status, out = drift("--spec", str(fakex), "--openapi", f"http://127.0.0.1:{server.server_port}/served.json")
    finally:
        server.shutdown()
    assert status == 0 and "no drift" in out


# ---------------------------------------------------------------- the weekly alert script


FAKE_GH = """import json, os, sys
stdin = sys.stdin.read() if "--body-file" in sys.argv else ""
with open(os.environ["FAKE_GH_LOG"], "a") as log:
    log.write(json.dumps({"args": sys.argv[1:], "stdin": stdin}) + "\\n")
if sys.argv[1:3] == ["issue", "list"]:
    print(os.environ.get("FAKE_GH_ISSUES", "[]"))
elif sys.argv[1:3] == ["issue", "create"]:
    print("https://github.com/example/repo/issues/7")
"""


def fake_gh(tmp_path: Path, issues: list | None = None) -> tuple[dict, Path]:
    """A `gh` first on PATH that logs its calls and answers `issue list` with `issues`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh.py").write_text(FAKE_GH, encoding="utf-8")
    # this interpreter without site-packages: a tenth of the start-up of a `python3` found on PATH (a pyenv shim)
    (bin_dir / "gh").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -S "$0.py" "$@"\n', encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    log.write_text("", encoding="utf-8")
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_GH_LOG": str(log), "FAKE_GH_ISSUES": json.dumps(issues or [])}
    return env, log


def gh_calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@dataclass
class Alert:
    status: int
    calls: list[dict]  # of gh
    imported: set[str]  # every module its Python processes imported


@pytest.fixture(scope="module")
def alert_of_a_breaking_change(tmp_path_factory, snapshot_json) -> Alert:
    """The one run of the real script end to end: .ci/drift-alert, make, the generator's command line
    and gh each a process of its own, as the weekly job runs them, on the snapshot with a new order
    status. Its processes report every module they import (PYTHONPROFILEIMPORTTIME), for the test of
    what `make drift` needs."""
    tmp_path = tmp_path_factory.mktemp("alert")
    document = json.loads(snapshot_json)
    schema(document, "OrderStatus")["enum"].append("Replaced")
    (tmp_path / "modified.json").write_text(json.dumps(document), encoding="utf-8")
    gh_env, log = fake_gh(tmp_path)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHON", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    # DRIFT_SPEC names the default spec: the way the script passes a spec to make is part of the run
    env.update(gh_env, DRIFT_OPENAPI=str(tmp_path / "modified.json"), DRIFT_SPEC="spec/backpack", DRIFT_DATE="2026-08-10", PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run([sys.executable, str(ROOT / ".ci" / "drift-alert")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    # lines "import time: <self us> | <cumulative us> | <module>", after a header whose module is "imported package"
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return Alert(done.returncode, gh_calls(log), imported - {"imported package"})


def test_drift_alert_opens_an_issue_with_the_report(alert_of_a_breaking_change):
    status, calls = alert_of_a_breaking_change.status, alert_of_a_breaking_change.calls
    assert status == 0
    assert [call["args"][:2] for call in calls] == [["issue", "list"], ["issue", "create"]]
    create = calls[1]
    title = create["args"][create["args"].index("--title") + 1]
    assert title.startswith("API drift 2026-08-10: breaking")
    assert "| **BREAKS** | `OrderStatus.Replaced` | status table 'order' has no entry for it | `spec/backpack/statuses.yaml:" in create["stdin"]
    assert "<!-- drift-report: " in create["stdin"]


@pytest.fixture(scope="module")
def drift_alert():
    """.ci/drift-alert as a module (the file has no .py suffix)."""
    loader = importlib.machinery.SourceFileLoader("drift_alert", str(ROOT / ".ci" / "drift-alert"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("drift_alert", loader))
    loader.exec_module(module)
    return module


def make_drift_here(command: list[str], **options) -> subprocess.CompletedProcess:
    """`make drift OPENAPI=... DRIFT_ARGS=...` as .ci/drift-alert runs it, answered by the drift command
    in this process: make's exit status (2 for any of the command's 1-3) and the command's stdout."""
    assert command[:4] == ["make", "-s", "--no-print-directory", "drift"] and options["cwd"] == ROOT, command
    variables = dict(argument.split("=", 1) for argument in command[4:])
    status, out = drift("--openapi", variables["OPENAPI"], *variables["DRIFT_ARGS"].split())
    return subprocess.CompletedProcess(command, 2 if status else 0, out)


def alert_here(tmp_path: Path, monkeypatch, drift_alert, openapi: str, spec_dir: Path) -> tuple[int, list[dict]]:
    """.ci/drift-alert's main() in this process, with a fake gh and `make drift` answered in this process
    (the script's own logic: what it makes of the report; the real processes: the test above)."""
    gh_env, log = fake_gh(tmp_path)
    for key, value in {**gh_env, "DRIFT_OPENAPI": openapi, "DRIFT_DATE": "2026-08-10", "DRIFT_SPEC": str(spec_dir)}.items():
        monkeypatch.setenv(key, value)

    def run(command, **options):
        return make_drift_here(command, **options) if command[0] == "make" else subprocess.run(command, **options)

    monkeypatch.setattr(drift_alert, "subprocess", SimpleNamespace(run=run, PIPE=subprocess.PIPE))
    return drift_alert.main(), gh_calls(log)


def test_drift_alert_does_nothing_without_drift_and_fails_when_it_cannot_compare(tmp_path, fakex, monkeypatch, drift_alert):
    status, calls = alert_here(tmp_path, monkeypatch, drift_alert, str(fakex / "upstream" / "fakex-openapi.yml"), fakex)
    assert (status, calls) == (0, [])
    status, calls = alert_here(tmp_path, monkeypatch, drift_alert, str(tmp_path / "missing.yml"), fakex)
    assert (status, calls) == (3, [])


def test_drift_alert_comments_on_an_open_drift_issue_and_never_repeats_a_report(tmp_path, monkeypatch, drift_alert):
    report = {
        "spec": "spec/fakex",
        "document": "doc.json",
        "changes": [{"kind": "property_added", "group": "response properties", "subject": "Quote.vwap", "detail": "added (decimal)", "breaking": False, "where": ""}],
        "summary": {"drift": "additive", "exit": 1, "total": 1, "breaking": 0, "additive": 1, "by_group": {"response properties": 1}},
    }
    fingerprint = drift_alert.report_fingerprint(report)
    body = drift_alert.issue_body(report, "doc.json", "2026-08-10") + "\n\n" + drift_alert.MARKER.format(fingerprint)
    older = {"number": 3, "title": "API drift 2026-08-03: breaking (1 breaking, 0 additive)", "body": "<!-- drift-report: 0000 -->", "comments": []}

    env, log = fake_gh(tmp_path, [older])
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert drift_alert.file_issue("API drift 2026-08-10: additive (0 breaking, 1 additive)", body, fingerprint) == 0
    calls = gh_calls(log)
    assert [call["args"][:3] for call in calls] == [["issue", "list", "--state"], ["issue", "comment", "3"], ["issue", "edit", "3"]]
    assert "| extends | `Quote.vwap` | added (decimal) |  |" in calls[1]["stdin"]
    assert calls[2]["args"][3:] == ["--title", "API drift 2026-08-10: additive (0 breaking, 1 additive)"]

    env, log = fake_gh(tmp_path, [{**older, "comments": [{"body": calls[1]["stdin"]}]}])
    monkeypatch.setenv("FAKE_GH_ISSUES", env["FAKE_GH_ISSUES"])
    assert drift_alert.file_issue("API drift 2026-08-17: additive (0 breaking, 1 additive)", body, fingerprint) == 0
    assert [call["args"][:2] for call in gh_calls(log)] == [["issue", "list"]]


def test_the_weekly_workflow_runs_the_alert_script_with_the_rights_it_needs():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "drift.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    assert workflow["permissions"]["issues"] == "write"
    steps = workflow["jobs"]["drift"]["steps"]
    assert steps[-1]["run"] == ".ci/drift-alert" and "GH_TOKEN" in steps[-1]["env"]
    assert os.access(ROOT / ".ci" / "drift-alert", os.X_OK)
    assert steps[-1]["env"]["EXTRAS"] == "dev"  # the generator's extras: see the next test


def test_the_drift_command_needs_none_of_the_simulator_or_freqtrade_extras(alert_of_a_breaking_change):
    """The weekly job installs the `dev` extras only (EXTRAS=dev): what `make drift` imports must
    not need the simulator's aiohttp or freqtrade. Read from the fresh processes of the real run
    of the alert script (the command line of the generator among them, through make), which import
    all that the command does."""
    imported = alert_of_a_breaking_change.imported
    assert {"generator.drift", "generator.model", "ccxt"} <= imported  # the command itself ran
    assert sorted({name.split(".")[0] for name in imported} & {"aiohttp", "freqtrade", "backpack_sim", "msgspec"}) == []
