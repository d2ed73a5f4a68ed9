"""The spec against its upstream OpenAPI document (generator/upstream_check.py), and the reader
of such documents (generator/openapi.py).

The made-up exchange under tests/fakex/spec has a tiny upstream document of its own: its spec
passes, and each rule of the check, broken once in a copy of it, is reported with file, line and
key, nothing written. The reader is tried on a small document written here.
"""

import hashlib
import json
import re
import shutil

import pytest

from generator.loader import load_spec_dir
from generator.openapi import DocumentError, document_surface, fields_read, spec_surface
from generator.upstream_check import check_upstream, coverage, load_upstream

from support import ROOT, run_generator

FAKEX = ROOT / "tests" / "fakex" / "spec"
DOCUMENT = "upstream/fakex-openapi.yml"


@pytest.fixture
def fakex(tmp_path):
    target = tmp_path / "fakex"
    shutil.copytree(FAKEX, target)
    return target


def change(spec_dir, file, old, new) -> int:
    """Replace the first `old` in a file of the spec; the line where it was."""
    path = spec_dir / file
    text = path.read_text()
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def line_of(spec_dir, file, text) -> int:
    content = (spec_dir / file).read_text()
    assert text in content, f"{text!r} not in {file}"
    return content.split(text)[0].count("\n") + 1


def without_hash(spec_dir):
    """Let a test edit the document (upstream.sha256 is optional)."""
    path = spec_dir / "upstream.yaml"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if "sha256:" not in line) + "\n")


def assert_reported(spec_dir, out_dir, file, line, key, message):
    result = run_generator("--spec", spec_dir, "--out", out_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert not out_dir.exists(), "a bad spec must not write anything"
    pattern = rf"{re.escape(file)}:{line}: {re.escape(key)}: .*{message}"
    assert re.search(pattern, result.stderr), f"expected /{pattern}/ in:\n{result.stderr}"


# ---------------------------------------------------------------- one broken rule each

# name: (file, text, broken text, where the report is (a text of that file, or None: the change), key, message)
ONE_RULE_EACH = {
    "endpoint the document lacks": ("api.yaml", "  vault:\n", "    - {path: v2/extra, method: GET, response: Clock}\n  vault:\n", None, "endpoints.open[5]", r"GET v2/extra is not in the upstream document; an endpoint from elsewhere says where with `source:`"),
    "source on an endpoint the document has": ("api.yaml", "{path: v2/clock, method: GET, response: Clock}", "{path: v2/clock, method: GET, response: Clock, source: a forum post}", None, "endpoints.open[0].source", "GET v2/clock is in the upstream document now: drop `source:`"),
    "parameter the document lacks": ("api.yaml", "max: {type: integer}}", "max: {type: integer}, since: {type: integer}}", None, "endpoints.open[4].params.since", "GET v2/prints has no parameter `since` upstream"),
    "parameter of another type": ("api.yaml", "max: {type: integer}}", "max: {type: string}}", None, "endpoints.open[4].params.max", "differs from the upstream parameter: type integer upstream, string here"),
    "parameter required differently": ("api.yaml", "params: {ticker: {type: string, required: true}, depth", "params: {ticker: {type: string}, depth", None, "endpoints.open[3].params.ticker", "required upstream, optional here"),
    "parameter without its enum": ("api.yaml", "depth: {type: integer, enum: Depth}", "depth: {type: integer}", None, "endpoints.open[3].params.depth", "enum Depth upstream, none here"),
    "parameter marked though it is as upstream": ("api.yaml", "max: {type: integer}}", "max: {type: integer, upstream: it differs}}", None, "endpoints.open[4].params.max.upstream", "as the upstream document has it now: drop `upstream:`"),
    "another instruction": ("api.yaml", "instruction: walletRead", "instruction: walletPeek", None, "endpoints.vault[0].instruction", "the upstream instruction of GET v2/wallet is `walletRead`, not `walletPeek`"),
    "another answer": ("api.yaml", "      response: Book\n", "      response: Quote\n", None, "endpoints.open[3].response", "GET v2/book answers Book upstream, not Quote"),
    "enum value the document lacks": ("api.yaml", "Depth: [10, 100]", "Depth: [10, 100, 1000]", None, "enums.Depth[2]", "1000 is not a value of the upstream enum Depth"),
    "enum the document lacks": ("api.yaml", "Depth: [10, 100]", "Depth: [10, 100]\n  Colour: [red]", 1, "enums.Colour", "the upstream document has no enum Colour; one from elsewhere says where in upstream.enum_sources"),
    "source of an enum the document has whole": ("upstream.yaml", "  taken:", "  enum_sources: {Depth: a forum post}\n  taken:", None, "upstream.enum_sources.Depth", "the upstream enum Depth has every value now"),
    "error code the document lacks": ("api.yaml", "    BROKE: InsufficientFunds\n", "    BROKE: InsufficientFunds\n    Out of money: InsufficientFunds\n", 1, "errors.exact.Out of money", "'Out of money' is not an upstream error code \\(FxErrorCode\\); texts within messages belong in errors.broad"),
    "error code enum the document lacks": ("api.yaml", "codes: FxErrorCode", "codes: FxErrors", None, "errors.codes", "the upstream document has no enum FxErrors"),
    "raw field the schema lacks": ("model.yaml", "    market_id: code\n", "    market_id: symbol\n", None, "structures.ticker.market_id", "the upstream schema Quote has no property `symbol`"),
    "nested raw field the schema lacks": ("model.yaml", "{field: best.bid, type: number}", "{field: best.bidPrice, type: number}", None, "structures.ticker.fields.bid", r"the upstream schema BestPrices has no property `bidPrice` \(reading best.bidPrice from Quote\)"),
    "path below a plain value": ("model.yaml", "{field: px, type: number}", "{field: px.value, type: number}", None, "structures.ticker.fields.last", "`px` of the upstream schema Quote is not an object: it has no `value`"),
    "structure that names no schema": ("model.yaml", "      from: Print\n", "", "    public:", "structures.trade.public", "names no upstream answer schema: `from:` says which"),
    "structure from a schema the document lacks": ("model.yaml", "    from: Quote\n", "    from: Quotation\n", None, "structures.ticker.from", "the upstream document has no schema of that name: Quotation"),
    "unlisted field the schema has": ("upstream.yaml", "  taken:", "  unlisted: {Quote: {px: seen in answers}}\n  taken:", None, "upstream.unlisted.Quote.px", "the upstream schema Quote lists `px` now: drop it from here"),
    "property neither read nor listed": ("model.yaml", "    prints24: ccxt's ticker has no place for the number of trades\n", "    px24: read all the same\n", "    from: Quote", "structures.ticker.from", "the upstream schema Quote has `prints24`, which no structure reads and unread.Quote does not list"),
    "unread property the schema lacks": ("model.yaml", "    prints24: ccxt", "    volume: gone\n    prints24: ccxt", None, "unread.Quote.volume", "the upstream schema Quote has no `volume`: a stale entry"),
    "unread property a structure reads": ("model.yaml", "    prints24: ccxt", "    px: not read\n    prints24: ccxt", None, "unread.Quote.px", r"structures.ticker.fields.last \(.*model.yaml:\d+\) reads it: a stale entry"),
    "unread schema no structure parses": ("model.yaml", "  Quote:\n    prints24", "  Clock:\n    now: the hand-written hook reads it\n  Quote:\n    prints24", None, "unread.Clock", "no structure parses schema Clock: a stale entry"),
    "document changed since its hash": ("upstream/fakex-openapi.yml", "info: {title: Fakex API, version: v2}", "info: {title: Fakex API, version: v3}", "  sha256:", "upstream.sha256", "has sha256 [0-9a-f]{64}, not the one recorded here: run `python -m generator sync-openapi <document>`"),
    "document missing": ("upstream.yaml", "openapi: upstream/fakex-openapi.yml", "openapi: upstream/gone.yml", None, "upstream.openapi", "upstream/gone.yml: cannot read the upstream document"),
}


@pytest.mark.parametrize("case", ONE_RULE_EACH.values(), ids=ONE_RULE_EACH)
def test_each_rule_is_reported_with_file_line_and_key(fakex, tmp_path, case):
    file, text, broken, at, key, message = case
    line = change(fakex, file, text, broken)
    if isinstance(at, int):
        line += at
    elif isinstance(at, str):
        file = "upstream.yaml" if file.startswith("upstream/") else file
        line = line_of(fakex, file, at)
    assert_reported(fakex, tmp_path / "out", f"fakex/{file}", line, key, message)


@pytest.mark.parametrize(
    "document, message",
    [("openapi: [3.0\n", "not a YAML or JSON document"), ("openapi: 3.0.0\ninfo: {title: x}\n", r"not an OpenAPI 3 document \(it needs `openapi: 3.x` and `paths`\)")],
    ids=["not YAML", "not OpenAPI"],
)
def test_an_unreadable_document_is_reported_at_upstream_yaml(fakex, tmp_path, document, message):
    (fakex / DOCUMENT).write_text(document)
    assert_reported(fakex, tmp_path / "out", "fakex/upstream.yaml", line_of(fakex, "upstream.yaml", "  openapi:"), "upstream.openapi", message)


# ---------------------------------------------------------------- what the spec may say it knows from elsewhere


def test_the_marks_of_what_comes_from_elsewhere_pass(fakex):
    """An endpoint with `source:`, a parameter with `upstream:`, an enum in enum_sources and a
    field in unlisted: each would be an error without its mark (the cases above)."""
    change(fakex, "api.yaml", "  vault:\n", "    - {path: v2/extra, method: GET, response: Clock, source: the web app}\n  vault:\n")
    change(fakex, "api.yaml", "max: {type: integer}}", "max: {type: integer}, since: {type: integer, upstream: the web app sends it}}")
    change(fakex, "api.yaml", "Depth: [10, 100]", "Depth: [10, 100, 1000]")
    change(fakex, "model.yaml", "      baseVolume: {field: vol, type: number}\n", "      baseVolume: {field: vol, type: number}\n      quoteVolume: {field: qvol, type: number}\n")
    change(fakex, "upstream.yaml", "  taken:", "  enum_sources: {Depth: 1000 works (a forum post)}\n  unlisted: {Quote: {qvol: every answer has it}}\n  taken:")
    assert check_upstream(load_spec_dir(fakex)) == []


def test_an_enum_left_out_makes_its_parameters_plain(fakex, tmp_path):
    without_hash(fakex)
    change(fakex, DOCUMENT, "- {name: ticker, in: query, required: true, schema: {type: string}}\n        - {name: depth", "- {name: ticker, in: query, required: true, schema: {$ref: '#/components/schemas/Ticker'}}\n        - {name: depth")
    change(fakex, DOCUMENT, "    Depth: {type: integer", "    Ticker: {type: string, enum: [WID-CRED, WID-PERP]}\n    Depth: {type: integer")
    problems = check_upstream(load_spec_dir(fakex))
    assert [(problem.key, problem.message) for problem in problems] == [("endpoints.open[3].params.ticker", "differs from the upstream parameter: enum Ticker upstream, none here (a deliberate difference says why with `upstream:`)")]
    change(fakex, "upstream.yaml", "  taken:", "  enums_left_out: {Ticker: the markets of the day}\n  taken:")
    assert check_upstream(load_spec_dir(fakex)) == []
    change(fakex, "api.yaml", "Depth: [10, 100]", "Depth: [10, 100]\n  Ticker: [WID-CRED]")
    line = line_of(fakex, "upstream.yaml", "  enums_left_out:")
    assert_reported(fakex, tmp_path / "out", "fakex/upstream.yaml", line, "upstream.enums_left_out.Ticker", "the spec has the enum Ticker: it is not left out")


def test_every_upstream_problem_is_reported_with_the_others_in_one_run(fakex, tmp_path):
    change(fakex, "api.yaml", "instruction: walletRead", "instruction: walletPeek")
    change(fakex, "model.yaml", "{field: px24, type: number}", "{field: px_24h, type: number}")
    change(fakex, "api.yaml", "400: BadRequest", "400: BadRequst")  # a problem of the model's own checks
    result = run_generator("--spec", fakex, "--out", tmp_path / "out")
    assert result.returncode == 2
    for expected in ("the upstream instruction of GET v2/wallet", "the upstream schema Quote has no property `px_24h`", "'BadRequst' is not a ccxt exception class"):
        assert expected in result.stderr, result.stderr


def test_no_upstream_section_means_no_check_but_unread_needs_one(fakex):
    (fakex / "upstream.yaml").unlink()
    problems = check_upstream(load_spec_dir(fakex))
    assert [(problem.key, problem.message) for problem in problems] == [("unread", "lists properties of upstream schemas, but the spec has no upstream section")]
    change(fakex, "model.yaml", "unread:\n  Quote:\n    prints24: ccxt's ticker has no place for the number of trades\n", "")
    assert check_upstream(load_spec_dir(fakex)) == []


def test_the_document_is_parsed_once_per_content(fakex, tmp_path):
    """Copies of a spec (the tests make many) share the parse; another content is parsed anew."""
    other = tmp_path / "other"
    shutil.copytree(fakex, other)
    first, second = load_upstream(load_spec_dir(fakex)), load_upstream(load_spec_dir(other))
    assert first.surface is second.surface
    assert first.sha256 == hashlib.sha256((FAKEX / DOCUMENT).read_bytes()).hexdigest()
    change(other, DOCUMENT, "version: v2", "version: v2.1")
    changed = load_upstream(load_spec_dir(other))
    assert changed.surface is not first.surface and changed.sha256 != first.sha256


# ---------------------------------------------------------------- coverage


def test_coverage_counts_what_the_structures_read(fakex):
    by_schema = {schema.schema: schema for schema in coverage(load_spec_dir(fakex))}
    assert set(by_schema) == {"Instrument", "Rules", "Quote", "BestPrices", "Book", "Print"}  # Clock: read by hand
    quote = by_schema["Quote"]
    assert quote.read == {"code", "at", "best", "px", "px24", "vol"} and quote.unread == {"prints24"} and quote.neither == ()
    assert by_schema["BestPrices"].read == {"bid", "ask"}
    assert by_schema["Instrument"].read >= {"kind", "rules"}  # kind_field, and the way to rules.px_step


def test_the_coverage_command_prints_each_schema_and_the_totals(fakex, capsys):
    from generator.__main__ import main

    change(fakex, "model.yaml", "    prints24: ccxt's ticker has no place for the number of trades\n", "    px24: stale, but counted as read\n")
    assert main(["coverage", "--spec", str(fakex)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["schema", "read", "unread", "total"]
    assert "Quote 6 0 7".split() in [line.split() for line in lines]
    assert lines[-2].split() == ["total", "27", "0", "28"]
    assert lines[-1] == "neither read nor listed under unread (1): Quote.prints24"


# ---------------------------------------------------------------- the document reader

SMALL_DOCUMENT = {
    "openapi": "3.0.0",
    "paths": {
        "/v1/things/{id}": {
            "parameters": [{"$ref": "#/components/parameters/ThingId"}],
            "get": {
                "description": "One thing.\n\n**Instruction:** `thingQuery`",
                "parameters": [{"name": "colour", "in": "query", "schema": {"allOf": [{"$ref": "#/components/schemas/Colour"}, {"description": "The colour."}]}}],
                "responses": {"200": {"$ref": "#/components/responses/OneThing"}},
            },
            "delete": {
                "description": "**Instruction:** `thingCancel`",
                "responses": {"202": {"description": "Accepted, no body."}, "200": {"description": "Gone.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
            },
        },
        "/v1/things": {
            "post": {
                "description": "Many things at once.\n\n**Batch commands instruction:** `thingExecute`",
                "requestBody": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ThingRequest"}}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ThingResult"}}}}}},
            },
            "get": {
                "parameters": [{"name": "colours", "in": "query", "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Colour"}}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Thing"}}}}}},
            },
        },
        "/v1/ping": {"get": {"responses": {"200": {"content": {"text/plain": {"schema": {"type": "string"}}}}, "204": {"description": "No body."}}}},
        "/v1/settings": {"patch": {"responses": {"200": {"description": "Done, no body."}}}},
    },
    "components": {
        "parameters": {"ThingId": {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "format": "uint32"}}},
        "responses": {"OneThing": {"description": "A thing.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
        "schemas": {
            "Colour": {"type": "string", "enum": ["Red", "Blue"]},
            "ErrorCode": {"type": "string", "enum": ["NOT_FOUND", "TOO_MANY"]},
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer"},
                    "colour": {"allOf": [{"$ref": "#/components/schemas/Colour"}, {"description": "Its colour."}]},
                    "size": {"type": "string", "format": "decimal"},
                    "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                    "labels": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Part"}},
                },
            },
            "Part": {"type": "object", "properties": {"name": {"type": "string"}}},
            "ThingRequest": {"type": "object", "required": ["size"], "properties": {"size": {"type": "string", "format": "decimal"}, "colour": {"$ref": "#/components/schemas/Colour"}}},
            "ThingResult": {"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "object", "properties": {"code": {"$ref": "#/components/schemas/ErrorCode"}, "message": {"type": "string"}}}]},
        },
    },
}


@pytest.fixture(scope="module")
def small():
    return document_surface(SMALL_DOCUMENT, "ErrorCode")


def test_reader_resolves_parameters_given_by_reference_and_wrapped_in_all_of(small):
    one = small.operations["GET v1/things/{id}"]
    assert one.params["id"].signature() == ("integer", True, None, ())  # a path-level $ref to components/parameters
    assert one.params["colour"].signature() == ("string", False, "Colour", ())  # allOf: [$ref, description]
    assert small.operations["GET v1/things"].params["colours"].signature() == ("array", False, "Colour", ())


def test_reader_takes_the_parameters_of_a_batch_from_its_items(small):
    batch = small.operations["POST v1/things"]
    assert {name: param.signature() for name, param in batch.params.items()} == {"size": ("decimal", True, None, ()), "colour": ("string", False, "Colour", ())}


def test_reader_finds_instructions_in_both_forms(small):
    assert small.operations["GET v1/things/{id}"].instruction == "thingQuery"
    assert small.operations["POST v1/things"].instruction == "thingExecute"
    assert small.operations["GET v1/ping"].instruction is None


def test_reader_writes_answers_in_the_spec_notation(small):
    answers = {key: operation.response for key, operation in small.operations.items()}
    assert answers == {
        "GET v1/things/{id}": "Thing",  # through components/responses
        "DELETE v1/things/{id}": "Thing",
        "POST v1/things": "ThingResult[]",
        "GET v1/things": "map<Thing>",
        "GET v1/ping": "text",
        "PATCH v1/settings": "empty",
    }


def test_reader_lists_the_statuses_answered_without_a_body(small):
    assert small.operations["DELETE v1/things/{id}"].bodiless == ("202",)
    assert small.operations["GET v1/ping"].bodiless == ("204",)
    assert small.operations["GET v1/things/{id}"].bodiless == ()
    settings = small.operations["PATCH v1/settings"]  # a 200 without a body is the answer `empty`, as the spec says it
    assert (settings.response, settings.bodiless) == ("empty", ())


def test_reader_flattens_any_of_schemas_and_names_what_properties_hold(small):
    result = small.schemas["ThingResult"].properties
    assert set(result) == {"id", "colour", "size", "parts", "labels", "code", "message"}  # both variants
    thing = small.schemas["Thing"].properties
    assert (thing["colour"].type, thing["colour"].ref) == ("enum", "Colour")
    assert (thing["parts"].type, thing["parts"].ref) == ("array", "Part")
    assert (thing["labels"].type, thing["labels"].ref) == ("object", "Part")
    assert (thing["size"].type, thing["id"].required, thing["size"].required) == ("decimal", True, False)
    assert small.enums == {"Colour": ("Red", "Blue"), "ErrorCode": ("NOT_FOUND", "TOO_MANY")}
    assert small.error_codes == ("NOT_FOUND", "TOO_MANY")


def test_fields_read_follow_nested_schemas_several_schemas_and_methods(small):
    spec = {
        "endpoints": {"api": [{"method": "POST", "path": "v1/things", "response": "ThingResult[]"}]},
        "structures": {
            "market": {"from": "Thing", "fields": {"id": {"field": "id"}}},
            "order": {"from": ["Part", "Thing"], "fields": {"id": {"field": "id"}, "name": {"field": "name"}, "lost": {"field": "nowhere"}}},
            "ticker": {"from": "Thing", "fields": {"name": {"field": "parts.name"}, "size": {"market_info": "size"}}},
        },
        "methods": {"createOrders": {"endpoint": "api POST v1/things", "batch": {"field": "code", "ok": "Ok", "error_code": "code", "error_message": "text"}}},
    }
    reads = {(read.key, read.schema): (read.chain, read.missing) for read in fields_read(spec, small.schemas)}
    assert reads[("structures.order.fields.id", "Thing")] == ((("Thing", "id"),), None)  # read where the schema has it
    assert reads[("structures.order.fields.name", "Part")] == ((("Part", "name"),), None)
    assert reads[("structures.order.fields.lost", "Part")][1] == ("Part", "nowhere")  # missing in each
    assert reads[("structures.order.fields.lost", "Thing")][1] == ("Thing", "nowhere")
    assert reads[("structures.ticker.fields.name", "Thing")][0] == (("Thing", "parts"), ("Part", "name"))
    assert reads[("structures.ticker.fields.size", "Thing")] == ((("Thing", "size"),), None)  # the market's info is a Thing
    assert reads[("methods.createOrders.batch.error_message", "ThingResult")][1] == ("ThingResult", "text")
    assert reads[("methods.createOrders.batch.error_code", "ThingResult")] == ((("ThingResult", "code"),), None)
    assert ("structures.order.fields.id", "Part") not in reads


def test_spec_surface_reads_an_array_of_plain_items_as_no_enum():
    spec = {"endpoints": {"api": [{"method": "GET", "path": "v1/x", "params": {"ids": {"type": "array", "items": "integer"}, "kinds": {"type": "array", "items": "Kind"}}}]}}
    params = spec_surface(spec).operations["GET v1/x"].params
    assert params["ids"].enum is None and params["kinds"].enum == "Kind"


@pytest.mark.parametrize(
    "damage",
    [
        lambda document: document["paths"]["/v1/ping"]["get"].update(responses=["200"]),
        lambda document: document["paths"]["/v1/things"]["post"].update(requestBody={"content": "application/json"}),
        lambda document: document["components"]["schemas"].update(Part={"type": "object", "properties": ["name"]}),
    ],
    ids=["responses a list", "content a text", "properties a list"],
)
def test_reader_names_a_part_that_is_not_shaped_as_openapi_says(damage):
    """A document whose parts are not what OpenAPI says is a DocumentError (then each command's
    clear error), never a Python error out of the generator."""
    document = json.loads(json.dumps(SMALL_DOCUMENT))
    damage(document)
    with pytest.raises(DocumentError, match="not an OpenAPI 3 document: .* cannot be read"):
        document_surface(document, "ErrorCode")
