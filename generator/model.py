"""Validate a loaded spec and turn it into the model the templates render.

Every check reports file, line and key; all problems found in one pass are
raised together as SpecErrors, and nothing is rendered while any remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import spec_schema
from .ccxt_api import (
    MARKET_TYPES,
    ORDER_REQUEST_KEYS,
    STRUCTURE_KEYS,
    STRUCTURE_SETTINGS,
    RESOLVED_KEYS,
    UNIFIED,
    Unified,
    camel_to_snake,
    exception_names,
    implicit_names,
)
from .errors import SpecError, SpecErrors
from .fields import Constants, compile_field, plain
from .schema import Where, check


@dataclass
class Endpoint:
    api: str
    method: str
    path: str
    instruction: str | None
    cost: float
    params: dict
    response: str
    summary: str
    list_body: bool
    snake: str
    camel: str

    @property
    def ref(self) -> str:
        return f"{self.api} {self.method} {self.path}"

    @property
    def entry_type(self) -> str:
        if self.response.endswith("[]"):
            return "_List"
        if self.response in ("text", "empty"):
            return "_Any"
        return "_Dict"


@dataclass
class Shape:
    name: str
    source: str
    fields: dict  # unified key -> Python expression
    settings: dict  # market_id, kinds, networks, bids, ... (plain values)
    detect: str | None = None
    texts: dict = field(default_factory=dict)  # unified key -> expression of the raw decimal text

    def has(self, key: str) -> bool:
        return key in self.fields

    def get(self, key: str, default: str = "None") -> str:
        return self.fields.get(key, default)

    def text(self, key: str) -> str:
        """The expression of a number field as its raw decimal text (for exact arithmetic)."""
        return self.texts.get(key, "None")


@dataclass
class Structure:
    name: str
    shapes: dict  # shape name -> Shape

    @property
    def single(self) -> Shape | None:
        return self.shapes.get("default")

    @property
    def fallback(self) -> str:
        """The shape a dispatcher falls back to: the one that has no `detect` among shapes
        that have one, else the last."""
        undetected = [name for name, shape in self.shapes.items() if not shape.detect]
        return undetected[0] if len(undetected) == 1 else list(self.shapes)[-1]


@dataclass
class RequestParam:
    name: str
    expression: str
    always: bool  # set even when the value is None (constants, market ids)


@dataclass
class Method:
    unified: Unified
    endpoint: Endpoint | None
    request: list
    popped: list  # params keys read by the request and removed from params
    structure: Structure | None
    shape: Shape | None
    pick: str | None
    returns: str | None
    history: dict | None
    window: dict | None
    handwritten: str | None = None  # a hand-written method that turns the response into the result
    symbol_required: bool = False  # the endpoint requires the market, though ccxt's argument is optional
    order: list = field(default_factory=list)  # createOrder: [OrderParam]
    batch: dict | None = None  # createOrders: how each answer item says Ok or Err
    client_order_id: str | None = None  # the API parameter that params.clientOrderId fills instead of the id
    duplicate_client_order_id: str | None = None  # createOrder: the message that rejects a client id in use
    id_param: str | None = None  # the API parameter that carries the order id argument
    status_filter: str | None = None  # keep only orders of this unified status
    whole: bool = False  # the hand-written file implements the whole method (class Methods)
    combine: list = field(default_factory=list)  # methods whose results this one merges
    fees: dict | None = None  # fetchTradingFees: account fee fields per market kind
    margin_mode: str | None = None  # fetchMarginMode: the account's one margin mode
    scope: str | None = None  # setLeverage: "account" when one setting covers every market
    sources: list = field(default_factory=list)  # fetchLedger: [{endpoint, shape, request}]
    types: dict = field(default_factory=dict)  # params['type'] -> {endpoint, shape}

    @property
    def name(self) -> str:
        return self.unified.name

    @property
    def python_name(self) -> str:
        return self.unified.python_name


@dataclass
class OrderParam:
    """One ccxt order argument or param (e.g. 'takeProfit.price') and the API parameter it fills."""

    key: str
    param: str
    table: str | None  # the constant that translates values, if any
    kind: str | None  # 'uint32' for integer ids


@dataclass
class Handwritten:
    name: str
    file: Path
    module: str
    serves: list
    hooks: set = field(default_factory=set)  # pure methods of `class Mixin`
    methods: set = field(default_factory=set)  # whole unified methods of `class Methods`, written async


@dataclass
class Model:
    exchange: dict
    signing: dict | None
    apis: dict  # api name -> [Endpoint]
    endpoints: dict  # ref -> Endpoint
    enums: dict
    errors: dict
    statuses: dict
    structures: dict
    methods: dict
    has: dict
    fixtures: dict
    handwritten: list
    constants: Constants
    features: dict = field(default_factory=dict)  # the spec's additions to ccxt's features
    mixin_name: str = ""

    @property
    def package(self) -> str:
        return self.exchange["package"]

    @property
    def class_name(self) -> str:
        return self.exchange["class_name"]


def build_model(spec) -> Model:
    errors: list = []
    root = Where(spec, None, "")

    def where(section, *keys) -> Where:
        node = root.child(spec, section)
        container = spec.get(section)
        for key in keys:
            node = node.child(container, key)
            container = container[key] if isinstance(container, (dict, list)) else None
        return node

    for section, (schema, required) in spec_schema.SECTIONS.items():
        if section not in spec:
            if required:
                errors.append(SpecError(str(getattr(spec, "file", "spec")), 0, section, f"missing required section '{section}'"))
            continue
        errors += check(schema, spec[section], root.child(spec, section))
    for section in spec:
        if section not in spec_schema.SECTIONS:
            errors.append(root.child(spec, section).error("unknown section"))
    if errors:
        raise SpecErrors(errors)

    exchange = plain(spec["exchange"])
    builder = _Builder(spec, where, errors)
    apis, endpoints = builder.endpoints()
    builder.check_signing(apis)
    builder.check_errors()
    statuses = plain(spec.get("statuses", {}))
    constants = Constants()
    structures = builder.structures(statuses, constants)
    methods = builder.methods(endpoints, structures, constants)
    builder.check_combined(methods)
    handwritten = builder.handwritten(methods, structures)
    has = builder.has(methods)
    fixtures = plain(spec.get("fixtures", {}))
    builder.check_fixtures(fixtures, methods, endpoints)
    if errors:
        raise SpecErrors(errors)
    model = Model(
        exchange=exchange,
        signing=plain(spec.get("signing")),
        apis=apis,
        endpoints=endpoints,
        enums=plain(spec.get("enums", {})),
        errors=plain(spec["errors"]),
        statuses=statuses,
        structures=structures,
        methods=methods,
        has=has,
        fixtures=fixtures,
        handwritten=handwritten,
        constants=constants,
        features=plain(spec.get("features", {})),
    )
    model.mixin_name = _pascal(exchange["class_name"]) + "Mixin"
    return model


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]", name) if part)


class _Builder:
    """The semantic checks, one method per spec section."""

    def __init__(self, spec, where, errors):
        self.spec = spec
        self.where = where
        self.errors = errors
        self.failed_methods = set()  # already reported; their fixtures are not reported again

    def error(self, where: Where, message: str):
        self.errors.append(where.error(message))

    # --- endpoints -----------------------------------------------------------

    def endpoints(self):
        apis: dict = {}
        endpoints: dict = {}
        api_urls = self.spec["exchange"]["urls"]["api"]
        enums = self.spec.get("enums", {})
        names: dict = {}
        for api, entries in self.spec["endpoints"].items():
            if api not in api_urls:
                self.error(self.where("endpoints", api), f"api group '{api}' has no URL in exchange.urls.api")
            apis[api] = []
            for index, entry in enumerate(entries):
                at = self.where("endpoints", api, index)
                snake, camel = implicit_names(api, entry["method"], entry["path"])
                endpoint = Endpoint(
                    api=api,
                    method=entry["method"],
                    path=entry["path"],
                    instruction=entry.get("instruction"),
                    cost=entry.get("cost", 1),
                    params=plain(entry.get("params", {})),
                    response=entry.get("response", "object"),
                    summary=entry.get("summary", ""),
                    list_body=entry.get("body") == "list",
                    snake=snake,
                    camel=camel,
                )
                if endpoint.ref in endpoints:
                    self.error(at, f"endpoint '{endpoint.ref}' is listed twice")
                    continue
                if snake in names:
                    self.error(at, f"implicit method name '{snake}' is also produced by '{names[snake]}'")
                names[snake] = endpoint.ref
                for param, definition in endpoint.params.items():
                    for key in ("enum", "items"):
                        enum = definition.get(key)
                        if key in definition and enum not in enums and not (key == "items" and enum in ("string", "integer", "number", "decimal", "boolean")):
                            self.error(at.child(entry, "params").child(entry["params"], param), f"enum '{enum}' is not defined in enums")
                apis[api].append(endpoint)
                endpoints[endpoint.ref] = endpoint
        return apis, endpoints

    def check_signing(self, apis):
        signing = self.spec.get("signing")
        if signing is None:
            return
        for index, api in enumerate(signing["apis"]):
            if api not in apis:
                self.error(self.where("signing", "apis", index), f"api group '{api}' is not in endpoints")
                continue
            for position, endpoint in enumerate(apis[api]):
                if not endpoint.instruction:
                    self.error(self.where("endpoints", api, position), f"signed endpoint '{endpoint.ref}' needs an instruction")

    # --- errors --------------------------------------------------------------

    def check_errors(self):
        known = exception_names()
        for table in ("exact", "broad", "http"):
            entries = self.spec["errors"].get(table, {})
            for key, name in entries.items():
                if name not in known:
                    self.error(self.where("errors", table, key), f"'{name}' is not a ccxt exception class")
                if table == "http" and not (str(key).isdigit() and 100 <= int(key) <= 599):
                    self.error(self.where("errors", table, key), f"'{key}' is not an HTTP status code")
        for code, classes in self.spec["errors"].get("on_paths", {}).items():
            if code not in self.spec["errors"]["exact"]:
                self.error(self.where("errors", "on_paths", code), f"'{code}' is not one of the exact codes")
            for name in classes:
                if name not in known:
                    self.error(self.where("errors", "on_paths", code, name), f"'{name}' is not a ccxt exception class")

    # --- structures ----------------------------------------------------------

    def structures(self, statuses, constants) -> dict:
        result = {}
        for name, definition in self.spec["structures"].items():
            at = self.where("structures", name)
            if name not in STRUCTURE_KEYS:
                self.error(at, "unknown structure kind; expected one of " + ", ".join(sorted(STRUCTURE_KEYS)))
                continue
            if not isinstance(definition, dict):
                self.error(at, "expected a structure mapping")
                continue
            if set(definition) & STRUCTURE_SETTINGS:
                shapes = {"default": definition}
            else:
                shapes = dict(definition)
            result[name] = Structure(name, {})
            for shape_name, shape in shapes.items():
                shape_at = at if shape_name == "default" else at.child(definition, shape_name)
                errors = check(spec_schema.SHAPE, shape, shape_at)
                if errors:
                    self.errors.extend(errors)
                    continue
                compiled = self.shape(name, shape_name, shape, shape_at, statuses, constants)
                if compiled:
                    result[name].shapes[shape_name] = compiled
        return result

    def shape(self, kind, shape_name, shape, at, statuses, constants) -> Shape | None:
        label = kind if shape_name == "default" else f"{kind} {shape_name}"
        text = kind in ("ticker", "order", "balance")  # numbers ccxt derives from, in exact decimal
        fields, texts = {}, {}
        fields_at = at.child(shape, "fields")
        for key, definition in shape.get("fields", {}).items():
            key_at = fields_at.child(shape["fields"], key)
            if key not in STRUCTURE_KEYS[kind]:
                self.error(key_at, f"'{key}' is not a key of a ccxt {kind} structure")
                continue
            if not self.field_ok(definition, key_at, statuses):
                continue
            fields[key] = compile_field(definition, f"{label} {key}", constants, statuses, text=text)
            texts[key] = compile_field(definition, f"{label} {key}", constants, statuses, text=True)
        settings = dict.fromkeys(STRUCTURE_SETTINGS - {"fields"})  # absent settings read as None
        settings.update({key: plain(value) for key, value in shape.items() if key != "fields"})
        for index, key in enumerate(shape.get("required", [])):
            if key not in STRUCTURE_KEYS[kind] | RESOLVED_KEYS or "." in key:
                self.error(at.child(shape, "required").child(shape["required"], index), f"'{key}' is not a top-level key of a ccxt {kind} structure")
        if kind == "market":
            self.check_market_kinds(shape, at)
        if kind == "currency" and "networks" in shape:
            networks = {}
            nested = at.child(shape, "networks")
            for key, definition in shape["networks"]["fields"].items():
                key_at = nested.child(shape["networks"]["fields"], key)
                if key not in STRUCTURE_KEYS["network"]:
                    self.error(key_at, f"'{key}' is not a key of a ccxt network structure")
                elif self.field_ok(definition, key_at, statuses):
                    networks[key] = compile_field(definition, f"network {key}", constants, statuses, raw="token")
            settings["network_fields"] = networks
        if kind == "order_book":
            for side in ("bids", "asks"):
                if side not in shape:
                    self.error(at, f"an order book needs '{side}'")
        return Shape(shape_name, shape.get("from", ""), fields, settings, shape.get("detect"), texts)

    def field_ok(self, definition, at, statuses) -> bool:
        sources = [key for key in ("field", "fields", "sum", "const", "market_info") if key in definition]
        if len(sources) != 1:
            self.error(at, "a field mapping needs exactly one of field, fields, sum, const, market_info")
            return False
        if definition.get("type") == "timestamp" and "unit" not in definition:
            self.error(at, "a timestamp needs a unit (ms, us, s or iso)")
            return False
        if (definition.get("unit") == "date-in-text") != ("pattern" in definition):
            self.error(at, "unit date-in-text and a pattern (a regex with groups named y, m and d) go together")
            return False
        if "pattern" in definition:
            try:
                groups = set(re.compile(definition["pattern"]).groupindex)
            except re.error as error:
                self.error(at, f"pattern is not a regular expression: {error}")
                return False
            if groups != {"y", "m", "d"}:
                self.error(at, "pattern needs groups named y, m and d, and no others")
                return False
        if definition.get("type") == "duration" and definition.get("unit") != "ms":
            self.error(at, "a duration needs unit: ms")
            return False
        if "status" in definition and definition["status"] not in statuses:
            self.error(at, f"status table '{definition['status']}' is not defined in statuses")
            return False
        if "scale" in definition and definition.get("type") != "number":
            self.error(at, "scale applies to numbers only")
            return False
        return True

    def check_market_kinds(self, shape, at):
        if "kinds" not in shape or "kind_field" not in shape:
            self.error(at, "a market mapping needs kind_field and kinds")
            return
        for name, kind in shape["kinds"].items():
            kind_at = at.child(shape, "kinds").child(shape["kinds"], name)
            if kind.get("type") not in MARKET_TYPES:
                self.error(kind_at, "type must be one of " + ", ".join(MARKET_TYPES))
            unknown = set(kind) - {"type", "margin", "settle", "linear", "contractSize", "symbol", "maker", "taker"}
            if unknown:
                self.error(kind_at, "unknown key(s): " + ", ".join(sorted(unknown)))
            if kind.get("settle") not in (None, "quote", "base"):
                self.error(kind_at, "settle must be quote or base")

    # --- methods -------------------------------------------------------------

    def methods(self, endpoints, structures, constants) -> dict:
        result = {}
        for name, definition in self.spec["methods"].items():
            at = self.where("methods", name)
            unified = UNIFIED.get(name)
            if unified is None:
                self.error(at, "not a unified method the templates know; known: " + ", ".join(sorted(UNIFIED)))
                continue
            endpoint = self.endpoint_ref(definition, "endpoint", endpoints, at)
            if endpoint is None:
                self.failed_methods.add(name)
                continue
            reads_nothing = "handwritten" in definition or "combine" in definition or "sources" in definition
            structure, shape = (None, None) if reads_nothing else self.parse_ref(definition, unified, structures, at)
            request, popped = self.request(definition, unified, at, constants, endpoint.params if endpoint else {})
            history = None
            if "history" in definition:
                history_at = at.child(definition, "history")
                history_endpoint = self.endpoint_ref(definition["history"], "endpoint", endpoints, history_at)
                history = {"endpoint": history_endpoint, "sort": None, "ascending": None, "descending": None, **plain(definition["history"]["paging"])}
            window = plain(definition.get("window"))
            result[name] = Method(
                unified=unified,
                endpoint=endpoint,
                request=request,
                popped=popped,
                structure=structure,
                shape=shape,
                pick=definition.get("pick"),
                returns=definition.get("returns"),
                history=history,
                window=window,
                handwritten=definition.get("handwritten"),
                symbol_required=self.symbol_required(definition, unified, endpoint),
                order=self.order_params(definition, at, constants),
                batch=plain(definition.get("batch")),
                client_order_id=definition.get("client_order_id"),
                duplicate_client_order_id=definition.get("duplicate_client_order_id"),
                id_param=next((p.name for p in request if p.expression == "id"), None),
                status_filter=definition.get("status"),
                combine=list(definition.get("combine", [])),
                fees=plain(definition.get("fees")),
                margin_mode=definition.get("margin_mode"),
                scope=definition.get("scope"),
                sources=self.sources(definition, unified, at, endpoints, structures, constants),
                types=self.types(definition, unified, at, endpoints, structures),
            )
        return result

    def sources(self, definition, unified, at, endpoints, structures, constants) -> list:
        """The history endpoints a method assembles its result from, each with its own shape."""
        result = []
        for index, source in enumerate(definition.get("sources", [])):
            source_at = at.child(definition, "sources").child(definition["sources"], index)
            endpoint = self.endpoint_ref(source, "endpoint", endpoints, source_at)
            structure, shape = self.parse_ref(source, unified, structures, source_at)
            request, popped = self.request(source, unified, source_at, constants, endpoint.params if endpoint else {})
            if endpoint and shape:
                result.append({"endpoint": endpoint, "shape": shape, "request": request, "popped": popped})
        return result

    def types(self, definition, unified, at, endpoints, structures) -> dict:
        """Other endpoints a method reads when params['type'] names them."""
        result = {}
        for name, variant in definition.get("types", {}).items():
            variant_at = at.child(definition, "types").child(definition["types"], name)
            endpoint = self.endpoint_ref(variant, "endpoint", endpoints, variant_at)
            _, shape = self.parse_ref(variant, unified, structures, variant_at)
            if endpoint and shape:
                result[name] = {"endpoint": endpoint, "shape": shape}
        return result

    def check_combined(self, methods):
        """A method that merges others needs them in the spec, with the same arguments."""
        for name, method in methods.items():
            for index, part in enumerate(method.combine):
                at = self.where("methods", name, "combine", index)
                if part not in methods:
                    self.error(at, f"'{part}' is not a method in methods")
                elif methods[part].unified.args != method.unified.args:
                    self.error(at, f"'{part}' takes other arguments than {name}")

    def symbol_required(self, definition, unified, endpoint) -> bool:
        """True when ccxt's symbol argument is required, or the endpoint requires the market id."""
        if any(name == "symbol" and default is None for name, default in unified.args):
            return True
        for param, source in definition.get("request", {}).items():
            origin = source if isinstance(source, str) else source.get("from")
            if origin == "market.id" and endpoint.params.get(param, {}).get("required"):
                return True
        return False

    def order_params(self, definition, at, constants) -> list:
        result = []
        for key, target in definition.get("order", {}).items():
            key_at = at.child(definition, "order").child(definition["order"], key)
            if key not in ORDER_REQUEST_KEYS:
                self.error(key_at, "not a ccxt order argument or param; known: " + ", ".join(sorted(ORDER_REQUEST_KEYS)))
                continue
            target = {"param": target} if isinstance(target, str) else target
            table = constants.add_table(f"order {key}", plain(target["map"])) if "map" in target else None
            result.append(OrderParam(key, target["param"], table, target.get("type")))
        return result

    def endpoint_ref(self, definition, key, endpoints, at):
        if key not in definition:
            self.error(at, f"missing required key '{key}'")
            return None
        ref = " ".join(str(definition[key]).split())
        endpoint = endpoints.get(ref)
        if endpoint is None:
            self.error(at.child(definition, key), f"endpoint '{ref}' is not in endpoints (expected '<api> <METHOD> <path>')")
        return endpoint

    def parse_ref(self, definition, unified, structures, at):
        if unified.structure not in STRUCTURE_KEYS:  # built by the template, not from a mapping
            return None, None
        ref = definition.get("parse")
        if ref is None:
            if "returns" not in definition and unified.returns not in ("trading_fees", "margin_mode"):
                self.error(at, "missing required key 'parse'")
            return None, None
        name, _, shape_name = ref.partition(".")
        if name != unified.structure:
            self.error(at.child(definition, "parse"), f"{unified.name} returns {unified.structure} structures, not '{name}'")
            return None, None
        structure = structures.get(name)
        if structure is None:
            self.error(at.child(definition, "parse"), f"structure '{name}' is not defined in structures")
            return None, None
        shape = structure.shapes.get(shape_name or "default")
        if shape is None:
            self.error(at.child(definition, "parse"), f"structure '{name}' has no shape '{shape_name or 'default'}'")
            return structure, None
        return structure, shape

    def request(self, definition, unified, at, constants, endpoint_params=None):
        endpoint_params = endpoint_params or {}
        request = []
        popped = []
        arguments = {name for name, _ in unified.args} | {"until"}
        enums = self.spec.get("enums", {})
        for param, source in definition.get("request", {}).items():
            param_at = at.child(definition, "request").child(definition["request"], param)
            if isinstance(source, str):
                source = {"from": source}
            if "const" in source:
                request.append(RequestParam(param, repr(plain(source["const"])), True))
                continue
            origin = source.get("from")
            if origin is None:
                self.error(param_at, "needs 'from' or 'const'")
                continue
            if origin in ("currency.id", "network.id"):
                if "code" not in arguments:
                    self.error(param_at, f"{unified.name} has no currency code argument, so {origin} is not available")
                    continue
                if origin == "currency.id":
                    request.append(RequestParam(param, "currency['id'] if currency is not None else None", False))
                else:
                    request.append(RequestParam(param, "self.network_request_id(code, params)", True))
                if origin == "network.id":
                    popped.extend(["network", "networkCode"])
                continue
            if origin == "market.id":
                if not unified.needs_market:
                    self.error(param_at, f"{unified.name} has no symbol argument, so market.id is not available")
                    continue
                request.append(RequestParam(param, "market['id'] if market is not None else None", False))
                continue
            if origin.startswith("param."):
                key = origin[len("param."):]
                popped.append(key)
                value = f"params.get({key!r})"
            elif origin in arguments:
                if origin == "until":
                    popped.append("until")
                    value = "params.get('until')"
                elif origin == "timeframe":
                    value = "self.safe_string(self.timeframes, timeframe, timeframe)"
                else:
                    value = origin
            else:
                self.error(param_at, f"'{origin}' is neither market.id, param.<name> nor an argument of {unified.name} ({', '.join(sorted(arguments))})")
                continue
            if "max" in source:
                value = f"min_value({value}, {source['max']})"
            if "unit" in source and source["unit"] == "s":
                value = f"ms_to_s({value})"
            if "round_up" in source:
                enum = source["round_up"]
                if enum not in enums:
                    self.error(param_at, f"enum '{enum}' is not defined in enums")
                    continue
                values = sorted(plain(enums[enum]), key=lambda item: float(item))
                value = f"round_up({value}, {tuple(values)!r})"
            if "map" in source:
                constant = constants.add_table(f"{unified.name} {param}", plain(source["map"]))
                value = f"lookup({constant}, {value})"
            if endpoint_params.get(param, {}).get("type") == "decimal":
                value = f"decimal_text({value})"  # the API wants decimals as text
            request.append(RequestParam(param, value, False))
        return request, popped

    # --- the rest ------------------------------------------------------------

    def handwritten(self, methods, structures) -> list:
        """Hand-written files beside the spec: each defines `class Mixin` with the hooks methods name."""
        result = []
        defined = {}
        spec_dir = getattr(self.spec, "spec_dir", Path("."))
        for name, entry in self.spec.get("handwritten", {}).items():
            at = self.where("handwritten", name)
            path = spec_dir / entry["file"]
            if not path.is_file():
                self.error(at.child(entry, "file"), f"file '{entry['file']}' does not exist beside the spec")
                continue
            classes = _class_methods(path)
            if classes is None or not ({"Mixin", "Methods"} & set(classes)):
                self.error(at.child(entry, "file"), f"'{entry['file']}' does not parse as Python with a `class Mixin` or `class Methods`")
                continue
            for index, served in enumerate(entry["serves"]):
                if served not in methods:
                    self.error(at.child(entry, "serves").child(entry["serves"], index), f"'{served}' is not a method in methods")
            hand = Handwritten(name, path, Path(entry["file"]).stem, list(entry["serves"]), classes.get("Mixin", set()), classes.get("Methods", set()))
            defined.update({hook: hand for hook in hand.hooks | hand.methods})
            result.append(hand)
        for name, method in methods.items():
            if method.handwritten and method.handwritten not in defined:
                self.error(self.where("methods", name, "handwritten"), f"no hand-written file defines Mixin.{method.handwritten} or Methods.{method.handwritten}")
            elif method.handwritten and method.handwritten in defined[method.handwritten].methods:
                if method.handwritten != method.python_name:
                    self.error(self.where("methods", name, "handwritten"), f"Methods.{method.handwritten} must be named {method.python_name}")
                method.whole = True
        return result

    def has(self, methods) -> dict:
        has = {name: True for name in methods}
        for name, value in self.spec.get("has", {}).items():
            if name in methods and value is not True:
                self.error(self.where("has", name), f"{name} is implemented in methods, so it cannot be {value}")
            has[name] = value
        return has

    def check_fixtures(self, fixtures, methods, endpoints):
        implicit = {endpoint.camel for endpoint in endpoints.values()}
        derived = {name for name, value in self.spec.get("has", {}).items() if value}
        for file_name, document in self.spec.get("fixtures", {}).items():
            for method, cases in document["methods"].items():
                at = self.where("fixtures", file_name, "methods", method)
                if method in self.failed_methods:
                    continue
                if method not in methods and method not in implicit and method not in derived:
                    self.error(at, f"fixture for '{method}', which is neither a spec method nor an implicit API method")
                for index, case in enumerate(cases):
                    case_at = at.child(cases, index)
                    for key in ("description", "method", "input"):
                        if key not in case:
                            self.error(case_at, f"missing required key '{key}'")
                    if file_name == "request" and "url" not in case:
                        self.error(case_at, "missing required key 'url'")
                    if file_name == "response" and "parsedResponse" not in case and "expectedError" not in case:
                        self.error(case_at, "missing required key 'parsedResponse' (or 'expectedError')")
                    if "expectedError" in case and case["expectedError"] not in exception_names():
                        self.error(case_at.child(case, "expectedError"), f"'{case['expectedError']}' is not a ccxt exception class")


def _class_methods(path: Path):
    """{class name: names of its methods} of a hand-written file, or None if it does not parse."""
    import ast

    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return None
    return {
        node.name: {item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
