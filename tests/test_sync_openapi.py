"""`python -m generator sync-openapi`: the spec follows a new OpenAPI document.

Each test works on a copy of spec/backpack (without its fixtures, which the sync neither
reads nor edits) whose snapshot is the document as it was before a change. Changes from
the document's own changelog are replayed backwards: the copy is put in the state before
the change (document and spec), and syncing the real snapshot must give back the
repository's spec byte for byte. Synthetic changes check the exact lines each edit
touches and the to-do. The synced spec is then loaded and built, as `make generate` does.
"""

from __future__ import annotations

import difflib
import hashlib
import http.server
import io
import json
import re
import shutil
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main
from generator.errors import SpecErrors
from generator.loader import load_spec_dir
from generator.model import build_model
from generator.openapi import parse_document
from generator.sync import SyncError, sync_spec
from generator.yaml_edit import scalar

from support import SPEC

SNAPSHOT = SPEC / "upstream" / "backpack-openapi.yml"
TAKEN = "2026-09-01"


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(scope="module")
def snapshot() -> str:
    """The snapshot as JSON: quicker to read than its YAML, for the copies and the changed documents.
    Read as the sync reads documents, so this process parses the YAML once."""
    return json.dumps(parse_document(SNAPSHOT.read_bytes()))


@pytest.fixture
def document(snapshot) -> dict:
    """A copy of the snapshot, to change."""
    return json.loads(snapshot)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, snapshot) -> set[str]:
    """The to-do of syncing the snapshot itself: what the repository's spec leaves open today."""
    spec_dir = spec_copy(tmp_path_factory.mktemp("baseline"), snapshot)
    return todo_of(sync_spec(spec_dir, snapshot.encode(), "snapshot.json", TAKEN), spec_dir)


def spec_copy(tmp_path: Path, before: dict | str | None = None) -> Path:
    """spec/backpack without fixtures; its snapshot is `before` (as JSON, quick to read) or the real one."""
    spec_dir = tmp_path / "backpack"
    spec_dir.mkdir()
    for path in SPEC.iterdir():
        if path.is_file():
            shutil.copy(path, spec_dir / path.name)
    (spec_dir / "upstream").mkdir()
    target = spec_dir / "upstream" / SNAPSHOT.name
    if before is None:
        shutil.copy(SNAPSHOT, target)
    else:
        target.write_text(before if isinstance(before, str) else json.dumps(before))
    return spec_dir


def as_bytes(document: dict) -> bytes:
    return json.dumps(document).encode()


def changes(result) -> dict[str, tuple[list[str], list[str]]]:
    """File -> (the lines the sync removes, the lines it adds), upstream.yaml left out after its check."""
    found = {}
    for path, text in result.texts.items():
        diff = list(difflib.unified_diff(result.originals[path].splitlines(), text.splitlines(), lineterm="", n=0))
        removed = [line[1:] for line in diff[2:] if line.startswith("-")]
        added = [line[1:] for line in diff[2:] if line.startswith("+")]
        found[path.name] = (removed, added)
    upstream = found.pop("upstream.yaml", None)
    if result.snapshot_bytes is not None:
        sha = hashlib.sha256(result.snapshot_bytes).hexdigest()
        renamed = [f"openapi: upstream/{result.snapshot.name}"] if result.replaced is not None else []
        assert upstream is not None and [re.sub(r"\s+#.*", "", line).strip() for line in upstream[1]] == [
            *renamed,
            f'taken: "{TAKEN}"',
            f"sha256: {sha}",
        ]
    return found


def todo_of(result, spec_dir: Path) -> set[str]:
    return {str(item).replace(f"{spec_dir}/", "") for item in result.todo}


def built(spec_dir: Path):
    return build_model(load_spec_dir(spec_dir))


def synced(spec_dir: Path, document: dict):
    result = sync_spec(spec_dir, as_bytes(document), "new.json", TAKEN)
    result.write()
    return result


def endpoint_lines(spec_dir: Path) -> list[str]:
    return (spec_dir / "endpoints.yaml").read_text().splitlines(keepends=True)


def entry_span(lines: list[str], path: str, method: str) -> tuple[int, int]:
    """The lines of one endpoint entry of endpoints.yaml (start, end + 1)."""
    for index, line in enumerate(lines):
        if line == f"    - path: {path}\n" and lines[index + 1] == f"      method: {method}\n":
            end = index + 1
            while end < len(lines) and lines[end].startswith("      "):
                end += 1
            return index, end
    raise AssertionError(f"no {method} {path} in endpoints.yaml")


def write_endpoints(spec_dir: Path, lines: list[str]) -> None:
    (spec_dir / "endpoints.yaml").write_text("".join(lines))


def operation(document: dict, path: str, method: str) -> dict:
    return document["paths"]["/" + path][method]


def drop_param(document: dict, path: str, method: str, name: str) -> None:
    found = operation(document, path, method)
    found["parameters"] = [param for param in found["parameters"] if param.get("name") != name]


def group_paths(spec_dir: Path, group: str) -> list[str]:
    endpoints = yaml.load((spec_dir / "endpoints.yaml").read_text(), Loader=LOADER)["endpoints"]
    return [f"{entry['method']} {entry['path']}" for entry in endpoints[group]]


def schemas(document: dict) -> dict:
    return document["components"]["schemas"]


# ---------------------------------------------------------------- nothing changed


def test_syncing_the_snapshot_itself_changes_no_byte(tmp_path, baseline):
    spec_dir = spec_copy(tmp_path)
    before = {path: path.read_bytes() for path in spec_dir.rglob("*") if path.is_file()}
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        code = main(["sync-openapi", str(SNAPSHOT), "--spec", str(spec_dir), "--taken", TAKEN])
    assert {path: path.read_bytes() for path in spec_dir.rglob("*") if path.is_file()} == before
    assert "the spec follows the document already." in stdout.getvalue()
    assert code == (1 if baseline else 0)  # the to-do is what the spec leaves open, nothing new
    assert all(line in stdout.getvalue() for line in baseline)


# ---------------------------------------------------------------- changes of the changelog, replayed


def test_2024_12_02_a_new_endpoint_is_written_as_the_spec_writes_it(tmp_path, snapshot, document):
    """Add borrow lend history per position endpoint: entry, params and place as in the repository."""
    before = document  # the document before the change
    del before["paths"]["/wapi/v1/history/borrowLend/positions"]
    spec_dir = spec_copy(tmp_path, before)
    lines = endpoint_lines(spec_dir)
    start, end = entry_span(lines, "wapi/v1/history/borrowLend/positions", "GET")
    write_endpoints(spec_dir, lines[:start] + lines[end:])
    assert_replayed(spec_dir, snapshot)


def test_2025_03_26_an_instruction_moves_an_endpoint_into_the_signed_group(tmp_path, snapshot, document):
    """/history/borrowLend/positions may be signed (borrowPositionHistoryQueryAll): from `web` to `private`."""
    before = document  # the document before the change
    found = operation(before, "wapi/v1/history/borrowLend/positions", "get")
    found["description"] = re.sub(r"\s*\*\*Instruction:\*\*\s*`\w+`", "", found["description"])
    spec_dir = spec_copy(tmp_path, before)
    lines = endpoint_lines(spec_dir)
    start, end = entry_span(lines, "wapi/v1/history/borrowLend/positions", "GET")
    unsigned = [line for line in lines[start:end] if "instruction:" not in line]
    write_endpoints(spec_dir, lines[:start] + lines[end:] + unsigned)  # the last entry of `web`
    assert "GET wapi/v1/history/borrowLend/positions" in group_paths(spec_dir, "web")
    assert_replayed(spec_dir, snapshot)


def test_2025_01_09_new_optional_params_go_where_the_document_puts_them(tmp_path, snapshot, document):
    """An optional marketType filter on the fills and the orders history."""
    before = document  # the document before the change
    for path in ("wapi/v1/history/fills", "wapi/v1/history/orders"):
        drop_param(before, path, "get", "marketType")
    spec_dir = spec_copy(tmp_path, before)
    lines = endpoint_lines(spec_dir)
    for path in ("wapi/v1/history/fills", "wapi/v1/history/orders"):
        start, end = entry_span(lines, path, "GET")
        lines = (
            lines[:start]
            + [line for line in lines[start:end] if not line.startswith("        marketType:")]
            + lines[end:]
        )
    write_endpoints(spec_dir, lines)
    assert_replayed(spec_dir, snapshot)


def test_2025_03_19_a_param_that_is_no_longer_required(tmp_path, snapshot, document):
    """/openInterest takes symbol as an optional parameter."""
    before = document  # the document before the change
    next(param for param in operation(before, "api/v1/openInterest", "get")["parameters"] if param["name"] == "symbol")[
        "required"
    ] = True
    spec_dir = spec_copy(tmp_path, before)
    lines = endpoint_lines(spec_dir)
    start, end = entry_span(lines, "api/v1/openInterest", "GET")
    lines[start:end] = [
        line.replace("symbol: {type: string}", "symbol: {type: string, required: true}") for line in lines[start:end]
    ]
    write_endpoints(spec_dir, lines)
    assert_replayed(spec_dir, snapshot)


def test_2025_08_07_a_removed_endpoint_no_method_uses_is_deleted(tmp_path, snapshot, document):
    """/history/pnl has been removed."""
    before = document  # the document before the change
    before["paths"]["/wapi/v1/history/pnl"] = {
        "get": {"description": "**Instruction:** `pnlHistoryQueryAll`", "responses": {}}
    }
    spec_dir = spec_copy(tmp_path, before)
    lines = endpoint_lines(spec_dir)
    start, _ = entry_span(lines, "wapi/v1/history/position", "GET")
    pnl = [
        "    - path: wapi/v1/history/pnl\n",
        "      method: GET\n",
        "      response: object\n",
        "      instruction: pnlHistoryQueryAll\n",
        "      cost: 1\n",
    ]
    write_endpoints(spec_dir, lines[:start] + pnl + lines[start:])
    assert_replayed(spec_dir, snapshot)


def test_2025_04_08_new_answer_fields_are_a_todo(tmp_path, snapshot, document, baseline):
    """Funding rate lower and upper bounds on /markets: the spec does not change, the to-do names them."""
    before = document  # the document before the change
    bounds = ("fundingRateUpperBound", "fundingRateLowerBound")
    for name in bounds:
        del schemas(before)["Market"]["properties"][name]
    spec_dir = spec_copy(tmp_path, before)
    spec = load_spec_dir(spec_dir)
    unread = (spec.get("unread") or {}).get("Market") or {}
    todo = assert_replayed(spec_dir, snapshot)
    where = f"structures.yaml:{spec['structures']['market'].line_of('from')}"
    expected = {
        f"{where}: `Market.{name}` is new in the document: map it in structures.yaml or list it under `unread: Market` with a reason"
        for name in bounds
        if name not in unread
    }
    assert todo - baseline == expected


def assert_replayed(spec_dir: Path, snapshot: str) -> set[str]:
    """Sync the snapshot (as JSON, quick to read): the copy must become the repository's spec
    again, file for file, but for the sha256 of the snapshot's new bytes."""
    data = snapshot.encode()
    taken = yaml.load((SPEC / "upstream.yaml").read_text(), Loader=LOADER)["upstream"]["taken"]
    result = sync_spec(spec_dir, data, "snapshot.json", taken)
    result.write()
    for path in SPEC.iterdir():
        if path.is_file():
            expected = path.read_text()
            if path.name == "upstream.yaml":
                expected = re.sub(r"sha256: \w+", f"sha256: {hashlib.sha256(data).hexdigest()}", expected)
            assert (spec_dir / path.name).read_text() == expected, path.name
    assert (spec_dir / "upstream" / SNAPSHOT.name).read_bytes() == data
    built(spec_dir)
    return todo_of(result, spec_dir)


# ---------------------------------------------------------------- synthetic changes


def test_new_endpoints_land_in_their_group_in_its_order_with_new_enums(tmp_path, snapshot, document, baseline):
    schemas(document)["PnlSource"] = {"type": "string", "enum": ["Trade", "Funding", "1d"]}
    schemas(document)["PnlRow"] = {"type": "object", "properties": {"symbol": {"type": "string"}}}
    rows = {
        "200": {
            "description": "ok",
            "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/PnlRow"}}}
            },
        }
    }
    document["paths"]["/wapi/v1/history/pnl"] = {
        "get": {
            "tags": ["History Pnl"],
            "operationId": "get_pnl_history",
            "summary": "Get PnL history.",
            "description": "**Instruction:** `pnlHistoryQueryAll`",
            "parameters": [
                {"name": "symbol", "in": "query", "required": True, "schema": {"type": "string"}},
                {"name": "source", "in": "query", "schema": {"$ref": "#/components/schemas/PnlSource"}},
                {"name": "sortDirection", "in": "query", "schema": {"$ref": "#/components/schemas/SortDirection"}},
            ],
            "responses": rows,
        }
    }
    document["paths"]["/api/v1/openInterests"] = {
        "get": {"summary": "Get open interests: all markets.", "responses": rows}
    }
    document["paths"]["/wapi/v1/capital/withdrawals/delay/log"] = {
        "get": {"responses": {"204": {"description": "none"}}}
    }
    spec_dir = spec_copy(tmp_path, snapshot)
    result = synced(spec_dir, document)
    pnl = [
        "    - path: wapi/v1/history/pnl",
        "      method: GET",
        "      response: PnlRow[]",
        "      instruction: pnlHistoryQueryAll",
        "      cost: 1",
        "      summary: Get PnL history.",
        "      doc: {tag: History-Pnl, operation: get_pnl_history}",
        "      params:",
        "        symbol: {type: string, required: true}",
        "        source: {type: string, enum: PnlSource}",
        "        sortDirection: {type: string, enum: SortDirection}",
    ]
    interests = [
        "    - path: api/v1/openInterests",
        "      method: GET",
        "      response: PnlRow[]",
        "      cost: 1",
        '      summary: "Get open interests: all markets."',
    ]
    log = [
        "    - path: wapi/v1/capital/withdrawals/delay/log",
        "      method: GET",
        "      response: empty",
        "      bodiless: [204]",  # the spec schema takes the key now (the answers without a body)
        "      cost: 1",
    ]
    assert changes(result) == {
        "endpoints.yaml": ([], interests + pnl + log),
        "enums.yaml": ([], ['  PnlSource: [Trade, Funding, "1d"]']),
    }
    private, public, web = (group_paths(spec_dir, group) for group in ("private", "public", "web"))
    assert private[private.index("GET wapi/v1/history/pnl") - 1 : private.index("GET wapi/v1/history/pnl") + 2] == [
        "GET wapi/v1/history/orders",
        "GET wapi/v1/history/pnl",
        "GET wapi/v1/history/position",
    ]
    assert public[public.index("GET api/v1/openInterests") - 1 : public.index("GET api/v1/openInterests") + 2] == [
        "GET api/v1/openInterest",
        "GET api/v1/openInterests",
        "GET api/v1/ping",
    ]
    assert web[-1] == "GET wapi/v1/capital/withdrawals/delay/log"
    enums = list(load_spec_dir(spec_dir)["enums"])
    assert enums[enums.index("PnlSource") - 1 : enums.index("PnlSource") + 2] == [
        "OrderTypeEnum",
        "PnlSource",
        "PositionState",
    ]
    assert todo_of(result, spec_dir) == baseline
    model = built(spec_dir)
    assert model.endpoints["private GET wapi/v1/history/pnl"].params["source"].enum == "PnlSource"
    assert model.endpoints["public GET api/v1/openInterests"].summary == "Get open interests: all markets."


def test_a_removed_field_that_a_structure_reads_is_a_todo(tmp_path, document, baseline):
    """cumulativeInterest leaves /position (2025-09-01, read by nothing); so does estLiquidationPrice, which is read."""
    position = schemas(document)["FuturePositionWithMargin"]
    for name in ("cumulativeInterest", "estLiquidationPrice"):
        del position["properties"][name]
        position["required"].remove(name)
    spec_dir = spec_copy(tmp_path)
    spec = load_spec_dir(spec_dir)
    result = synced(spec_dir, document)
    unread = (spec.get("unread") or {}).get("FuturePositionWithMargin") or {}
    expected_removed = {f"{name}:" for name in ("cumulativeInterest", "estLiquidationPrice") if name in unread}
    removed = {line.strip().split(" ")[0] for file in changes(result).values() for line in file[0]}
    assert removed == expected_removed  # only the unread entries of the gone properties, if any
    line = spec["structures"]["position"]["live"]["fields"].line_of("liquidationPrice")
    reads = f"structures.yaml:{line}: position.live reads `estLiquidationPrice`, which FuturePositionWithMargin no longer has"
    assert todo_of(result, spec_dir) - baseline == {reads}
    try:
        built(spec_dir)
    except SpecErrors as error:  # the generate-time check against the snapshot names the mapping
        assert f"structures.yaml:{line}" in str(error)


def test_a_document_in_the_other_format_replaces_the_snapshot_under_its_own_name(tmp_path, document):
    """A JSON document (as a URL may serve it) for the YAML snapshot: written byte for byte as
    upstream/<name>.json, upstream.openapi names it, the YAML copy goes, and the spec builds."""
    spec_dir = spec_copy(tmp_path)  # the real snapshot, YAML
    result = synced(spec_dir, document)
    assert (result.replaced.name, result.snapshot.name) == ("backpack-openapi.yml", "backpack-openapi.json")
    assert not (spec_dir / "upstream" / "backpack-openapi.yml").exists()
    assert (spec_dir / "upstream" / "backpack-openapi.json").read_bytes() == as_bytes(document)
    assert load_spec_dir(spec_dir)["upstream"]["openapi"] == "upstream/backpack-openapi.json"
    built(spec_dir)


def test_unread_entries_of_gone_properties_are_dropped(tmp_path, snapshot, document):
    """cumulativeInterest leaves /position (2025-09-01): its `unread:` entry goes, and a schema left with none goes."""
    spec_dir = spec_copy(tmp_path, snapshot)
    for path in spec_dir.glob("*.yaml"):  # the repository's own unread section, if any, makes way for this one
        path.write_text(re.sub(r"(?ms)^unread:\n.*?(?=^\S|\Z)", "", path.read_text()))
    (spec_dir / "unread.yaml").write_text(
        "# What the structures do not read, and why.\n"
        "unread:\n"
        "  FuturePositionWithMargin:\n"
        "    cumulativeInterest: paid on the borrow lend side\n"
        "    netCost: not a ccxt position key      # entry price x quantity\n"
        "  StatusAndMessage:\n"
        "    message: free text\n"
    )
    del schemas(document)["FuturePositionWithMargin"]["properties"]["cumulativeInterest"]
    del schemas(document)["StatusAndMessage"]["properties"]["message"]
    result = synced(spec_dir, document)
    removed = ["    cumulativeInterest: paid on the borrow lend side", "  StatusAndMessage:", "    message: free text"]
    assert changes(result) == {"unread.yaml": (removed, [])}
    assert load_spec_dir(spec_dir)["unread"] == {"FuturePositionWithMargin": {"netCost": "not a ccxt position key"}}


def test_a_new_order_status_is_added_and_its_status_table_named(tmp_path, snapshot, document, baseline):
    schemas(document)["OrderStatus"]["enum"].insert(3, "Rejected")
    spec_dir = spec_copy(tmp_path, snapshot)
    result = synced(spec_dir, document)
    old = "  OrderStatus: [Cancelled, Expired, Filled, New, PartiallyFilled, TriggerPending, TriggerFailed]"
    assert changes(result) == {"enums.yaml": ([old], [old.replace("Filled, New", "Filled, Rejected, New")])}
    spec = load_spec_dir(spec_dir)
    table = f"statuses.yaml:{spec['statuses'].line_of('order')}"
    reads = f"structures.yaml:{spec['structures']['order']['fields'].line_of('status')}"
    assert todo_of(result, spec_dir) - baseline == {
        f"{table}: map `Rejected` (a value of OrderStatus, read at {reads}) in statuses.yaml table `order`"
    }
    assert built(spec_dir).enums["OrderStatus"][3] == "Rejected"


def test_param_changes_rewrite_their_own_lines(tmp_path, snapshot, document, baseline):
    """A type changes, an optional param becomes required (a method that does not send it is told), one goes away."""
    next(param for param in operation(document, "api/v1/trades", "get")["parameters"] if param["name"] == "limit")[
        "schema"
    ] = {"type": "string"}
    next(param for param in operation(document, "api/v1/markPrices", "get")["parameters"] if param["name"] == "symbol")[
        "required"
    ] = True
    drop_param(document, "api/v1/klines", "get", "priceType")
    spec_dir = spec_copy(tmp_path, snapshot)
    result = synced(spec_dir, document)
    assert changes(result) == {
        "endpoints.yaml": (
            [
                "        priceType: {type: string, enum: KlinePriceType}",
                "        symbol: {type: string}",
                "        limit: {type: integer}",
            ],
            ["        symbol: {type: string, required: true}", "        limit: {type: string}"],
        )
    }
    methods = load_spec_dir(spec_dir)["methods"]
    unsent = [
        name
        for name, method in methods.items()
        if method.get("endpoint") == "public GET api/v1/markPrices" and "symbol" not in (method.get("request") or {})
    ]
    sent = [
        name
        for name, method in methods.items()
        if method.get("endpoint") == "public GET api/v1/klines" and "priceType" in (method.get("request") or {})
    ]
    assert unsent and sent  # fetchFundingRates asks for every market; fetchOHLCV sends priceType
    expected = {
        f"methods.yaml:{methods[name].line_of('endpoint')}: `GET api/v1/markPrices` requires `symbol` now: {name} must send it (request: symbol)"
        for name in unsent
    } | {
        f"methods.yaml:{methods[name].line_of('endpoint')}: `GET api/v1/klines` no longer takes `priceType`, which {name} sends: drop it from the request"
        for name in sent
    }
    assert todo_of(result, spec_dir) - baseline == expected
    endpoints = built(spec_dir).endpoints
    assert endpoints["public GET api/v1/trades"].params["limit"].type == "string"
    assert "priceType" not in endpoints["public GET api/v1/klines"].params


def test_a_renamed_instruction_rewrites_one_line(tmp_path, snapshot, document, baseline):
    found = operation(document, "api/v1/order", "get")
    found["description"] = found["description"].replace("`orderQuery`", "`orderGet`")
    spec_dir = spec_copy(tmp_path, snapshot)
    result = synced(spec_dir, document)
    assert changes(result) == {"endpoints.yaml": (["      instruction: orderQuery"], ["      instruction: orderGet"])}
    assert todo_of(result, spec_dir) == baseline
    assert built(spec_dir).endpoints["private GET api/v1/order"].instruction == "orderGet"


def test_a_changed_answer_rewrites_its_line_and_the_methods_that_parse_it_are_told(
    tmp_path, snapshot, document, baseline
):
    schemas(document)["DepthV2"] = copy_of(schemas(document)["Depth"])
    answer = operation(document, "api/v1/depth", "get")["responses"]["200"]["content"]
    next(iter(answer.values()))["schema"] = {"$ref": "#/components/schemas/DepthV2"}
    spec_dir = spec_copy(tmp_path, snapshot)
    result = synced(spec_dir, document)
    assert changes(result) == {"endpoints.yaml": (["      response: Depth"], ["      response: DepthV2"])}
    uses = method_lines(spec_dir, "public GET api/v1/depth")
    assert uses  # fetchOrderBook
    assert todo_of(result, spec_dir) - baseline == {
        f"methods.yaml:{line}: `GET api/v1/depth` answers `DepthV2` now (was `Depth`): check what {name} parses"
        for name, line in uses
    }
    assert built(spec_dir).endpoints["public GET api/v1/depth"].response == "DepthV2"


def copy_of(value):
    return json.loads(json.dumps(value))


def test_an_endpoint_no_longer_signed_moves_and_its_methods_are_told(tmp_path, snapshot, document, baseline):
    found = operation(document, "api/v1/capital/collateral", "get")
    found["description"] = re.sub(r"\s*\*\*Instruction:\*\*\s*`\w+`", "", found["description"])
    spec_dir = spec_copy(tmp_path, snapshot)
    lines = endpoint_lines(spec_dir)
    start, end = entry_span(lines, "api/v1/capital/collateral", "GET")
    result = synced(spec_dir, document)
    entry = [line.rstrip("\n") for line in lines[start:end]]
    assert changes(result) == {"endpoints.yaml": (entry, [line for line in entry if "instruction:" not in line])}
    public = group_paths(spec_dir, "public")
    at = public.index("GET api/v1/capital/collateral")
    assert public[at - 1 : at + 2] == [
        "GET api/v1/borrowLend/position/liquidationPrice",
        "GET api/v1/capital/collateral",
        "GET api/v1/collateral",
    ]
    uses = method_lines(spec_dir, "private GET api/v1/capital/collateral")
    assert uses  # fetchBalance reads the margin account there
    assert todo_of(result, spec_dir) - baseline == {
        f"methods.yaml:{line}: {name} names `private GET api/v1/capital/collateral`, and the endpoint is in `public` now: name it so"
        for name, line in uses
    }
    with pytest.raises(SpecErrors) as error:  # and make generate says the same
        built(spec_dir)
    assert all(f"methods.yaml:{line}:" in str(error.value) for _, line in uses)


def method_lines(spec_dir: Path, ref: str) -> list[tuple[str, int]]:
    """The methods.yaml lines that name an endpoint, with their method."""
    found, method = [], None
    for number, line in enumerate((spec_dir / "methods.yaml").read_text().splitlines(), 1):
        if re.match(r"^  \w+:", line):
            method = line.strip().rstrip(":")
        if re.search(rf"endpoint: {re.escape(ref)}\b", line):
            found.append((method, number))
    return found


def test_error_codes_new_ones_are_a_todo_and_dropped_ones_leave_the_table(tmp_path, snapshot, document, baseline):
    """A new code is not given a guessed exception: the to-do asks for one; a code the API dropped leaves errors.exact."""
    codes = schemas(document)["ApiErrorCode"]["enum"]
    codes.append("ORDER_EXPIRED")
    codes.remove("LEND_LIMIT")
    spec_dir = spec_copy(tmp_path, snapshot)
    result = synced(spec_dir, document)
    assert changes(result) == {"errors.yaml": (["    LEND_LIMIT: BadRequest"], [])}
    line = load_spec_dir(spec_dir)["errors"].line_of("exact")
    assert todo_of(result, spec_dir) - baseline == {
        f"errors.yaml:{line}: `ORDER_EXPIRED` has no ccxt exception: map it in errors.exact (until then the message and HTTP status tables classify it)"
    }
    assert "LEND_LIMIT" not in built(spec_dir).errors.exact


def test_a_removed_endpoint_a_method_uses_stays_and_is_a_todo(tmp_path, snapshot, document, baseline):
    """Unused ones go (their entry only); a used one stays for the maintainer; `source:` ones stay."""
    del document["paths"]["/api/v1/ticker"]
    del document["paths"]["/api/v1/market-sessions"]
    spec_dir = spec_copy(tmp_path, snapshot)
    lines = endpoint_lines(spec_dir)
    start, end = entry_span(lines, "api/v1/market-sessions", "GET")
    result = synced(spec_dir, document)
    assert changes(result) == {"endpoints.yaml": ([line.rstrip("\n") for line in lines[start:end]], [])}
    spec = load_spec_dir(spec_dir)
    public = group_paths(spec_dir, "public")
    assert (
        "GET api/v1/ticker" in public
        and "GET api/v1/market-sessions" not in public
        and "GET api/v1/stockSessions" in public
    )
    line = spec["methods"]["fetchTicker"].line_of("endpoint")
    assert todo_of(result, spec_dir) - baseline == {
        f"methods.yaml:{line}: `GET api/v1/ticker` is no longer in the document, and fetchTicker uses it: "
        "change the method, or keep the endpoint with `source:` saying where it is documented"
    }


# ---------------------------------------------------------------- the command


def test_dry_run_prints_the_diff_and_the_todo_and_writes_nothing(tmp_path, snapshot, document):
    schemas(document)["OrderStatus"]["enum"].append("Rejected")
    (tmp_path / "new.json").write_bytes(as_bytes(document))
    spec_dir = spec_copy(tmp_path, snapshot)
    before = {path: path.read_bytes() for path in spec_dir.rglob("*") if path.is_file()}
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        code = main(
            ["sync-openapi", str(tmp_path / "new.json"), "--spec", str(spec_dir), "--dry-run", "--taken", TAKEN]
        )
    assert code == 1
    assert {path: path.read_bytes() for path in spec_dir.rglob("*") if path.is_file()} == before
    output = stdout.getvalue()
    assert "--- a/enums.yaml\n+++ b/enums.yaml\n" in output and "+  OrderStatus: [" in output
    assert f'+  taken: "{TAKEN}"' in output and f"replaced: upstream/{SNAPSHOT.name}" in output
    assert "map `Rejected`" in output


def test_a_bad_document_or_spec_writes_nothing_and_exits_2(tmp_path, snapshot, document):
    spec_dir = spec_copy(tmp_path, snapshot)
    before = {path: path.read_bytes() for path in spec_dir.rglob("*") if path.is_file()}
    (tmp_path / "broken.yaml").write_text("openapi: 3.0.0\npaths: {\n")
    (tmp_path / "other.yaml").write_text("swagger: '2.0'\n")
    with pytest.raises(SyncError, match="not a YAML or JSON document"):
        sync_spec(spec_dir, (tmp_path / "broken.yaml").read_bytes(), "broken.yaml")
    with pytest.raises(SyncError, match="not an OpenAPI 3 document"):
        sync_spec(spec_dir, (tmp_path / "other.yaml").read_bytes(), "other.yaml")
    stderr = io.StringIO()
    endpoints = (spec_dir / "endpoints.yaml").read_text()
    (spec_dir / "endpoints.yaml").write_text(endpoints.replace("      method: PATCH\n", "      method: FETCH\n", 1))
    before[spec_dir / "endpoints.yaml"] = (spec_dir / "endpoints.yaml").read_bytes()
    line = next(number for number, text in enumerate(endpoints.splitlines(), 1) if text == "      method: PATCH")
    with redirect_stderr(stderr), redirect_stdout(io.StringIO()):
        assert main(["sync-openapi", str(tmp_path / "broken.yaml"), "--spec", str(spec_dir)]) == 2
        assert main(["sync-openapi", str(SNAPSHOT), "--spec", str(spec_dir)]) == 2
        assert main(["sync-openapi", str(SNAPSHOT), "--spec", str(spec_dir), "--taken", "yesterday"]) == 2
    assert f"endpoints.yaml:{line}: endpoints.private[1].method:" in stderr.getvalue()
    assert stderr.getvalue().count("nothing was written.") == 3
    assert {path: path.read_bytes() for path in spec_dir.rglob("*") if path.is_file()} == before


def test_a_document_from_a_url_is_fetched_and_its_url_kept(tmp_path, snapshot, document):
    schemas(document)["OrderStatus"]["enum"].append("Rejected")
    body = as_bytes(document)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/openapi.json" else 404)
            self.end_headers()
            self.wfile.write(body if self.path == "/openapi.json" else b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()  # shutdown() waits a poll
    try:
        url = f"http://127.0.0.1:{server.server_port}/openapi.json"
        spec_dir = spec_copy(tmp_path, snapshot)
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as stderr:
            assert main(["sync-openapi", url.replace("openapi.json", "missing.json"), "--spec", str(spec_dir)]) == 2
            assert "cannot fetch the document" in stderr.getvalue()
            assert main(["sync-openapi", url, "--spec", str(spec_dir), "--taken", TAKEN]) == 1
    finally:
        server.shutdown()
    upstream = load_spec_dir(spec_dir)["upstream"]
    assert (upstream["url"], upstream["taken"], upstream["sha256"]) == (url, TAKEN, hashlib.sha256(body).hexdigest())
    assert (spec_dir / "upstream" / SNAPSHOT.name).read_bytes() == body


def test_scalars_are_plain_only_when_they_read_back_as_themselves():
    assert [scalar(value) for value in ("Get K-lines.", "Trade[]", "1d", "Yes", "map<Balance>", "a: b", "x #y")] == [
        "Get K-lines.",
        "Trade[]",
        '"1d"',
        '"Yes"',
        '"map<Balance>"',
        '"a: b"',
        '"x #y"',
    ]
    assert scalar("Trade[]", flow=True) == '"Trade[]"'
