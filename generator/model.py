"""Validate a loaded spec and turn it into the model the templates render.

Every check reports file, line and key; all problems found in one pass are
raised together as SpecErrors, and nothing is rendered while any remain.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from . import collector
from . import kinds as k
from . import spec_schema
from .ccxt_api import (
    MARKET_TYPES,
    ORDER_REQUEST_KEYS,
    STRUCTURE_KEYS,
    STRUCTURE_SETTINGS,
    RESOLVED_KEYS,
    UNIFIED,
    Signature,
    Unified,
    camel_to_snake,
    exception_names,
    implicit_names,
)
from .docs import MethodDoc, method_doc
from .errors import SpecError, SpecErrors
from .fields import Constants, FastField, Scalar, StatusTable, compile_field, fast_field, plain
from .kinds import RequestParam, Source, Transform
from .schema import Where, check
from .upstream_check import check_upstream
from .ws import WsApi, build_ws


@dataclass(frozen=True)
class EndpointParam:
    """One parameter of an endpoint, as the API documents it."""

    type: str  # string, decimal, integer, number, boolean, array, object
    required: bool = False
    enum: str | None = None  # the name of an enum in the spec's enums
    items: str | None = None  # an array's item type, or the enum its items come from
    values: tuple[str | int | float | bool, ...] | None = None  # the values it takes, when there is no named enum


@dataclass
class Endpoint:
    api: str
    method: str
    path: str
    instruction: str | None
    cost: float
    params: dict[str, EndpointParam]
    response: str
    summary: str
    list_body: bool
    snake: str
    camel: str
    doc_url: str | None = None  # its section of the API docs (exchange.doc_link filled with its `doc`)
    bodiless: tuple[int, ...] = ()  # the success statuses besides 200 at which it answers without a body

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


@dataclass(frozen=True)
class LevelIndexes:
    """Where an order-book level (a list) keeps its price and its amount."""

    price: int
    amount: int


@dataclass(frozen=True)
class MarketKind:
    """A kind of market the exchange lists (its `kind_field` value), as ccxt sees it: the
    market type and what its markets take that their answer does not say."""

    type: str  # a ccxt market type (MARKET_TYPES)
    margin: bool | None = None  # a spot market that also trades on margin
    settle: str | None = None  # "quote" or "base": the currency a contract settles in
    linear: bool | None = None
    contract_size: float | None = None
    symbol: str | None = None  # a format of the symbol, with {base}, {quote} and {settle}
    maker: float | None = None  # the default fee rates
    taker: float | None = None

    # its ccxt keys, as the spec and the generated MARKET_KINDS name them -> its fields
    KEYS: ClassVar[dict[str, str]] = {"type": "type", "margin": "margin", "settle": "settle", "linear": "linear", "contractSize": "contract_size", "symbol": "symbol", "maker": "maker", "taker": "taker"}

    @classmethod
    def from_spec(cls, kind: dict) -> MarketKind:
        return cls(**{cls.KEYS[key]: value for key, value in plain(kind).items()})

    def as_data(self) -> dict[str, Any]:
        """Its ccxt keys that have a value -> the value (a market parser reads them)."""
        data = {key: getattr(self, name) for key, name in self.KEYS.items()}
        return {key: value for key, value in data.items() if value is not None}


@dataclass
class ShapeSettings:
    """How a shape finds its items and what they belong to, beside the field mappings."""

    market_id: str | None = None  # the field of an item's market id
    currency_id: str | None = None  # ... of its currency id
    list: str | None = None  # the field of an answer's list of items
    required: tuple[str, ...] = ()  # unified keys an item must have a value for, or be left out
    kind_field: str | None = None  # markets: the field that says the market's kind
    kinds: dict[str, MarketKind] | None = None  # markets: the kind_field's values -> the kinds of market they say
    networks: str | None = None  # currencies: the field of an asset's list of networks
    network_fields: dict[str, str] = field(default_factory=dict)  # ... their ccxt keys -> expressions
    bids: str | None = None  # order books: the fields of the two sides
    asks: str | None = None
    level: LevelIndexes | None = None
    answer_fields: tuple[str, ...] | None = None  # ... the answer's other fields, when each mapping reads one


def answer_fields(fields: dict) -> tuple[str, ...] | None:
    """The top-level fields the mappings read, when each reads one plain field (or none)."""
    read = set()
    for definition in fields.values():
        if "const" in definition:
            continue
        if not isinstance(definition.get("field"), str) or "." in definition["field"]:
            return None
        read.add(definition["field"])
    return tuple(sorted(read))


@dataclass
class Shape:
    name: str
    source: str
    fields: dict[str, str]  # unified key -> Python expression
    settings: ShapeSettings
    detect: str | None = None
    texts: dict[str, str] = field(default_factory=dict)  # unified key -> expression of the raw decimal text
    fast: dict[str, FastField] = field(default_factory=dict)  # unified key -> how a list's fast path reads it
    numbers: dict[str, str] = field(default_factory=dict)  # where `fields` keep numbers as text: their float expressions

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
    shapes: dict[str, Shape]  # shape name -> Shape

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
class OrderParam:
    """One ccxt order argument or param (e.g. 'takeProfit.price') and the API parameter it fills."""

    key: str
    param: str
    table: str | None  # the constant that translates values, if any
    kind: str | None  # 'uint32' for integer ids


@dataclass
class Method:
    unified: Unified
    endpoint: Endpoint | None  # None when the method reads through other methods
    kind: k.Kind
    request: tuple[RequestParam, ...] = ()
    structure: Structure | None = None
    shape: Shape | None = None
    symbol_required: bool = False  # the endpoint requires the market, though ccxt's argument is optional
    client_order_id: str | None = None  # the API parameter that params.clientOrderId fills instead of the id
    whole: bool = False  # the hand-written file implements the whole method (class Methods)
    doc: MethodDoc | None = None  # what its docstring says

    @property
    def name(self) -> str:
        return self.unified.name

    @property
    def signature(self) -> Signature:
        """ccxt's signature; an id that params['clientOrderId'] may stand in for may be None."""
        if self.client_order_id and "id" in self.unified.argument_names:
            return self.unified.admitting_none("id")
        return self.unified

    @property
    def python_name(self) -> str:
        return self.unified.python_name

    @property
    def result(self) -> str:
        """What the unified method returns: "one" structure, a "dict" of them, a "list", or "other"."""
        return self.unified.kind.result

    @property
    def validated_as(self) -> str:
        """The structure ccxt's validators check its items as."""
        return self.unified.kind.validated_as or self.unified.structure

    @property
    def paging(self) -> k.Paging | None:
        """The history endpoint the method pages, if it has one."""
        return getattr(self.kind, "paging", None)

    @property
    def hook(self) -> str | None:
        """The hand-written function that reads the answer, if one does."""
        return getattr(self.kind, "hook", None)

    @property
    def popped(self) -> tuple[str, ...]:
        """The params keys the request consumes."""
        return tuple(dict.fromkeys(key for p in self.request for key in p.popped))

    @property
    def id_param(self) -> str | None:
        """The API parameter that carries the id argument."""
        return next((p.name for p in self.request if p.reads("id")), None)

    @property
    def argument_names(self) -> tuple[str, ...]:
        return self.unified.argument_names

    def argument_required(self, name: str) -> bool:
        argument = self.unified.argument(name)
        return argument is not None and argument.required


@dataclass
class Handwritten:
    name: str
    file: Path
    module: str
    serves: list[str]
    hooks: set[str] = field(default_factory=set)  # pure methods of `class Mixin`
    methods: set[str] = field(default_factory=set)  # whole unified methods of `class Methods`, written async
    docs: dict[str, str] = field(default_factory=dict)  # their docstrings


@dataclass
class ExchangeInfo:
    """The spec's `exchange` section: what describe() says about the exchange."""

    id: str
    name: str
    package: str
    class_name: str
    version: str
    rateLimit: float
    precisionMode: str
    urls: dict[str, Any]
    package_version: str = "0.0.0"
    countries: list[str] = field(default_factory=list)
    certified: bool = False
    pro: bool = False
    requiredCredentials: dict[str, bool] = field(default_factory=dict)
    timeframes: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    commonCurrencies: dict[str, str] = field(default_factory=dict)
    doc_link: str | None = None  # an endpoint's section of the API docs, a pattern its `doc` fills


@dataclass
class SecretFormat:
    encoding: str
    seed_bytes: int
    accept_bytes: list[int] | None = None


@dataclass
class SigningString:
    instruction_key: str
    timestamp_key: str
    window_key: str
    list_body: str | None = None


@dataclass
class SigningWindow:
    default: int
    option: str = "recvWindow"
    max: int | None = None


@dataclass
class SigningHeaders:
    api_key: str
    signature: str
    timestamp: str
    window: str


@dataclass
class SigningScheme:
    scheme: str
    apis: list[str]
    secret: SecretFormat
    string: SigningString
    window: SigningWindow
    headers: SigningHeaders
    content_type: str = "application/json"
    api_key: str | None = None  # "public_key": the API key is the secret's public key

    @classmethod
    def from_spec(cls, section: dict) -> SigningScheme:
        parts = {"secret": SecretFormat, "string": SigningString, "window": SigningWindow, "headers": SigningHeaders}
        return cls(**{key: parts[key](**value) if key in parts else value for key, value in section.items()})


@dataclass(frozen=True)
class ErrorBody:
    """The fields of an error answer that hold its error code and its message."""

    code: str
    message: str


@dataclass(frozen=True)
class ErrorOnPath:
    """What an error code means on one URL path, where that says more than the code alone."""

    path: str
    exception: str  # the ccxt exception class name


@dataclass
class ErrorTable:
    """How error answers map to ccxt exceptions."""

    body: ErrorBody
    exact: dict[str, str]  # error code or message -> exception class name
    broad: dict[str, str] = field(default_factory=dict)  # text within a message -> class name
    http: dict[str, str] = field(default_factory=dict)  # HTTP status -> class name
    on_paths: dict[str, tuple[ErrorOnPath, ...]] = field(default_factory=dict)  # error code -> its meanings on some paths
    codes: str | None = None  # the upstream enum that lists the error codes

    @classmethod
    def from_spec(cls, section: dict) -> ErrorTable:
        """The table of errors.yaml (on_paths: code -> class -> its paths)."""
        section = plain(section)
        on_paths = {
            code: tuple(ErrorOnPath(path, name) for name, paths in classes.items() for path in paths)
            for code, classes in section.get("on_paths", {}).items()
        }
        return cls(**{**section, "body": ErrorBody(**section["body"]), "on_paths": on_paths})


@dataclass
class Model:
    exchange: ExchangeInfo
    signing: SigningScheme | None
    apis: dict[str, list[Endpoint]]
    endpoints: dict[str, Endpoint]  # "<api> <METHOD> <path>" -> Endpoint
    enums: dict[str, tuple[Scalar, ...]]  # enum name -> its values
    errors: ErrorTable
    statuses: dict[str, StatusTable]  # table name -> the table
    structures: dict[str, Structure]
    methods: dict[str, Method]
    has: dict[str, bool | str]
    fixtures: dict[str, dict]  # file name -> fixture document (ccxt's static-test shape)
    handwritten: list[Handwritten]
    constants: Constants
    features: dict[str, Any] = field(default_factory=dict)  # the spec's additions to ccxt's features
    ws: WsApi | None = None  # the WebSocket API (ws.yaml)
    mixin_name: str = ""

    @property
    def package(self) -> str:
        return self.exchange.package

    @property
    def class_name(self) -> str:
        return self.exchange.class_name

    @property
    def bodiless(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """(METHOD, path) -> the statuses besides 200 at which the endpoint answers without a body."""
        return {(e.method, e.path): e.bodiless for e in self.endpoints.values() if e.bodiless}

    @property
    def created_order(self) -> k.PlacedOrder | None:
        """createOrder's kind (its order params), if the spec maps createOrder."""
        create = self.methods.get("createOrder")
        return create.kind if create is not None and isinstance(create.kind, k.PlacedOrder) else None

    def order_options(self) -> dict:
        """The order endpoint's own parameters that no unified argument maps (auto-borrow flags,
        ...), each with what its values may be: "boolean", "integer", "decimal", "string", or the
        tuple of its values. createOrder passes these through from params, checked, and refuses
        anything else."""
        create = self.methods.get("createOrder")
        order = self.created_order
        if order is None or not order.params:
            return {"order_extras": {}, "order_fields": {}, "unified_order_params": [], "margin_mode": None}
        mapped = {p.param: "amount" if p.key == "triggerAmount" else p.key for p in order.params}
        keys = {p.key.split(".")[0] for p in order.params} - {"symbol", "side", "type", "amount", "price", "triggerAmount"}
        if "triggerPrice" in keys:
            keys |= {"stopPrice", "stopLossPrice", "takeProfitPrice"}
        margin = self.methods.get("fetchMarginMode")
        margin_mode = getattr(margin.kind, "mode", None) if margin is not None else None
        if margin_mode:
            keys.add("marginMode")
        extras = {}
        for name, param in create.endpoint.params.items():
            if name in mapped:
                continue
            if param.values or param.enum:
                extras[name] = [str(value) for value in param.values or self.enums[param.enum]]
            else:
                extras[name] = param.type if param.type in ("boolean", "integer", "decimal") else "string"
        return {"order_extras": extras, "order_fields": mapped, "unified_order_params": sorted(keys), "margin_mode": margin_mode}

    def paging_of(self, name: str) -> k.Paging | None:
        """The history paging a method reads with, through the method it delegates to."""
        method = self.methods.get(name)
        if method is None:
            return None
        if isinstance(method.kind, k.OrdersOfStatus):
            return self.paging_of(next((m.name for m in self.methods.values() if m.python_name == method.kind.source), ""))
        return getattr(method.kind, "paging", None)


@collector.paused
def build_model(spec) -> Model:
    errors: list[SpecError] = []
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

    builder = _Builder(spec, where, errors)
    apis, endpoints = builder.endpoints()
    builder.check_signing(apis)
    builder.check_errors()
    statuses = {name: StatusTable.from_spec(table) for name, table in spec.get("statuses", {}).items()}
    constants = Constants()
    structures = builder.structures(statuses, constants)
    methods = builder.methods(endpoints, structures, constants)
    builder.check_combined(methods)
    handwritten = builder.handwritten(methods, structures)
    has = builder.has(methods)
    fixtures = plain(spec.get("fixtures", {}))
    ws = build_ws(builder, statuses, constants, methods, spec.get("signing"))
    builder.check_fixtures(fixtures, methods, endpoints, ws)
    errors += check_upstream(spec)
    if errors:
        raise SpecErrors(errors)
    signing = plain(spec.get("signing"))
    model = Model(
        exchange=ExchangeInfo(**plain(spec["exchange"])),
        signing=SigningScheme.from_spec(signing) if signing else None,
        apis=apis,
        endpoints=endpoints,
        enums={name: tuple(plain(values)) for name, values in spec.get("enums", {}).items()},
        errors=ErrorTable.from_spec(spec["errors"]),
        statuses=statuses,
        structures=structures,
        methods=methods,
        has=has,
        fixtures=fixtures,
        handwritten=handwritten,
        constants=constants,
        features=plain(spec.get("features", {})),
        ws=ws,
    )
    model.mixin_name = _pascal(model.class_name) + "Mixin"
    for method in methods.values():
        method.doc = method_doc(method, model)
    return model


def _endpoint_param(param: dict) -> EndpointParam:
    """A parameter as the adapter uses it (`upstream:` only explains it to the upstream check)."""
    kept = {key: value for key, value in param.items() if key != "upstream"}
    return EndpointParam(**{**kept, "values": tuple(kept["values"]) if "values" in kept else None})


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]", name) if part)


def _is_number(value) -> bool:
    """A value round_up can compare: a number, or a text of one."""
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


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
        apis: dict[str, list[Endpoint]] = {}
        endpoints: dict[str, Endpoint] = {}
        api_urls = self.spec["exchange"]["urls"]["api"]
        enums = self.spec.get("enums", {})
        doc_link = self.doc_link("exchange")
        names: dict[str, str] = {}  # implicit method name -> endpoint
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
                    params={name: _endpoint_param(param) for name, param in plain(entry.get("params", {})).items()},
                    response=entry.get("response", "object"),
                    summary=entry.get("summary", ""),
                    list_body=entry.get("body") == "list",
                    snake=snake,
                    camel=camel,
                    doc_url=self.doc_url(doc_link, entry, at, "exchange"),
                    bodiless=self.bodiless(entry, at),
                )
                if endpoint.ref in endpoints:
                    self.error(at, f"endpoint '{endpoint.ref}' is listed twice")
                    continue
                if snake in names:
                    self.error(at, f"implicit method name '{snake}' is also produced by '{names[snake]}'")
                names[snake] = endpoint.ref
                for param, definition in endpoint.params.items():
                    for key in ("enum", "items"):
                        enum = getattr(definition, key)
                        if enum is not None and enum not in enums and not (key == "items" and enum in ("string", "integer", "number", "decimal", "boolean")):
                            self.error(at.child(entry, "params").child(entry["params"], param), f"enum '{enum}' is not defined in enums")
                apis[api].append(endpoint)
                endpoints[endpoint.ref] = endpoint
        return apis, endpoints

    def bodiless(self, entry, at) -> tuple[int, ...]:
        """The statuses of `bodiless`: success statuses besides 200, which `response` describes."""
        statuses: list[int] = []
        for index, value in enumerate(entry.get("bodiless", ())):
            where = at.child(entry, "bodiless").child(entry["bodiless"], index)
            status = int(value) if str(value).isdigit() else None
            if status == 200:
                self.error(where, "200 is the answer `response` describes; an endpoint whose 200 has no body says `response: empty`")
            elif status is None or not 200 < status < 300:
                self.error(where, f"{value!r} is not a success status (201 to 299)")
            elif status in statuses:
                self.error(where, f"{status} is listed twice")
            else:
                statuses.append(status)
        return tuple(statuses)

    def doc_link(self, section: str) -> tuple[str, set[str]] | None:
        """The section's doc_link (exchange: the endpoints', ws: the streams') and the names of its
        fields ({tag}, {operation}, ...), if the spec has one."""
        pattern = self.spec[section].get("doc_link")
        if pattern is None:
            return None
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
        except ValueError as error:
            self.error(self.where(section, "doc_link"), f"not a link pattern ({error})")
            return None
        if "" in fields or any(not name.isidentifier() for name in fields):
            self.error(self.where(section, "doc_link"), "each field of the pattern needs a name, such as {operation}")
            return None
        return pattern, fields

    def doc_url(self, doc_link, entry, at, section: str) -> str | None:
        """The entry's section of the API docs: the section's doc_link filled with the entry's `doc`."""
        if "doc" not in entry:
            return None
        doc = plain(entry["doc"])
        if doc_link is None:
            if self.spec[section].get("doc_link") is None:
                self.error(at.child(entry, "doc"), f"needs {section}.doc_link, the pattern its values fill")
            return None
        pattern, fields = doc_link
        if set(doc) != fields:
            self.error(at.child(entry, "doc"), f"{section}.doc_link is filled with {', '.join(sorted(fields)) or 'nothing'}; got {', '.join(sorted(doc)) or 'nothing'}")
            return None
        return pattern.format(**doc)

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
        text = kind in ("ticker", "order")  # numbers ccxt derives from, in exact decimal
        exact = kind == "balance"  # ... only adds and subtracts: Decimals
        fields, texts, fast, numbers = {}, {}, {}, {}
        fields_at = at.child(shape, "fields")
        for key, definition in shape.get("fields", {}).items():
            key_at = fields_at.child(shape["fields"], key)
            if key not in STRUCTURE_KEYS[kind]:
                self.error(key_at, f"'{key}' is not a key of a ccxt {kind} structure")
                continue
            if not self.field_ok(definition, key_at, statuses):
                continue
            fields[key] = compile_field(definition, f"{label} {key}", constants, statuses, text=text, exact=exact)
            texts[key] = compile_field(definition, f"{label} {key}", constants, statuses, text=True)
            fast[key] = fast_field(definition, f"{label} {key}", constants, statuses, exact)
            if text:
                numbers[key] = compile_field(definition, f"{label} {key}", constants, statuses)
        settings = ShapeSettings(
            market_id=shape.get("market_id"),
            currency_id=shape.get("currency_id"),
            list=shape.get("list"),
            required=tuple(shape.get("required", ())),
            kind_field=shape.get("kind_field"),
            networks=shape["networks"]["list"] if "networks" in shape else None,
            bids=shape["bids"]["field"] if "bids" in shape else None,
            asks=shape["asks"]["field"] if "asks" in shape else None,
            level=LevelIndexes(**plain(shape["level"])) if "level" in shape else None,
        )
        for index, key in enumerate(shape.get("required", [])):
            if key not in STRUCTURE_KEYS[kind] | RESOLVED_KEYS or "." in key:
                self.error(at.child(shape, "required").child(shape["required"], index), f"'{key}' is not a top-level key of a ccxt {kind} structure")
        if kind == "market":
            settings.kinds = self.market_kinds(shape, at)
        if kind == "currency" and "networks" in shape:
            networks = {}
            nested = at.child(shape, "networks")
            for key, definition in shape["networks"]["fields"].items():
                key_at = nested.child(shape["networks"]["fields"], key)
                if key not in STRUCTURE_KEYS["network"]:
                    self.error(key_at, f"'{key}' is not a key of a ccxt network structure")
                elif self.field_ok(definition, key_at, statuses):
                    networks[key] = compile_field(definition, f"network {key}", constants, statuses, raw="token")
            settings.network_fields = networks
        if kind == "order_book":
            for side in ("bids", "asks"):
                if side not in shape:
                    self.error(at, f"an order book needs '{side}'")
            settings.answer_fields = answer_fields(shape.get("fields", {}))
        fast = {key: reader for key, reader in fast.items() if reader is not None}
        source = shape.get("from", "")
        source = source[0] if isinstance(source, list) else source  # the first of several answer schemas names it
        return Shape(shape_name, source, fields, settings, shape.get("detect"), texts, fast, numbers)

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

    def market_kinds(self, shape, at) -> dict[str, MarketKind] | None:
        """A market mapping's kinds, each checked (one with an error is left out)."""
        if "kinds" not in shape or "kind_field" not in shape:
            self.error(at, "a market mapping needs kind_field and kinds")
            return None
        kinds = {}
        for name, kind in shape["kinds"].items():
            kind_at = at.child(shape, "kinds").child(shape["kinds"], name)
            problems = []
            if kind.get("type") not in MARKET_TYPES:
                problems.append("type must be one of " + ", ".join(MARKET_TYPES))
            unknown = set(kind) - set(MarketKind.KEYS)
            if unknown:
                problems.append("unknown key(s): " + ", ".join(sorted(unknown)))
            if kind.get("settle") not in (None, "quote", "base"):
                problems.append("settle must be quote or base")
            for problem in problems:
                self.error(kind_at, problem)
            if not problems:
                kinds[name] = MarketKind.from_spec(kind)
        return kinds

    # --- methods -------------------------------------------------------------

    def methods(self, endpoints, structures, constants) -> dict:
        result = {}
        for name, definition in self.spec["methods"].items():
            at = self.where("methods", name)
            unified = UNIFIED.get(name)
            if unified is None:
                self.error(at, "not a unified method the templates know; known: " + ", ".join(sorted(UNIFIED)))
                continue
            delegates = "orders_of" in definition
            endpoint = None if delegates else self.endpoint_ref(definition, "endpoint", endpoints, at)
            if endpoint is None and not delegates:
                self.failed_methods.add(name)
                continue
            reads_nothing = delegates or any(key in definition for key in ("handwritten", "combine", "sources"))
            structure, shape = (None, None) if reads_nothing else self.parse_ref(definition, unified, structures, at)
            request = self.request(definition, unified, at, constants, endpoint.params if endpoint else {})
            spec = MethodSpec(self, definition, unified, at, request, endpoints, structures, constants)
            if "handwritten" in definition:
                kind = k.ReadByHand(hook=definition["handwritten"])
            elif delegates:
                kind = k.OrdersOfStatus.from_spec(spec)
            else:
                kind = unified.kind.from_spec(spec)
            self.check_without_body(endpoint, kind, name, definition, at)
            result[name] = Method(
                unified=unified,
                endpoint=endpoint,
                kind=kind,
                request=request,
                structure=structure,
                shape=shape,
                symbol_required=self.symbol_required(definition, unified, endpoint.params if endpoint else {}),
                client_order_id=definition.get("client_order_id"),
            )
        self.link(result)
        return result

    def check_without_body(self, endpoint, kind, name, definition, at):
        """A method whose endpoint may answer without a body needs a kind that knows what that means."""
        if endpoint is None or not endpoint.bodiless or kind.without_body is not None:
            return
        readers = sorted(n for n, u in UNIFIED.items() if u.kind.without_body is not None)
        statuses = ", ".join(map(str, endpoint.bodiless))
        self.error(
            at.child(definition, "endpoint"),
            f"'{endpoint.ref}' may answer {statuses} without a body, which {name} cannot turn into its result"
            f" (methods that can: {', '.join(readers)})",
        )

    def link(self, methods):
        """What one method's kind needs to know of another's."""
        create, lookup = methods.get("createOrder"), methods.get("fetchOrder")
        if create is not None and isinstance(create.kind, k.PlacedOrder):
            create.kind.resend = create.kind.client_id is not None and lookup is not None and lookup.client_order_id is not None
        for name, method in methods.items():
            if isinstance(method.kind, k.OrdersOfStatus):
                source = next((m for m in methods.values() if m.python_name == method.kind.source), None)
                if source is None or not isinstance(source.kind, k.OrderHistory):
                    self.error(self.where("methods", name, "orders_of"), "must name a method that reads the order history, such as fetchOrders")

    def check_combined(self, methods):
        """A method that merges others needs them in the spec, with the same arguments."""
        for name, method in methods.items():
            if not isinstance(method.kind, k.Combined):
                continue
            for index, part in enumerate(self.spec["methods"][name]["combine"]):
                at = self.where("methods", name, "combine", index)
                if part not in methods:
                    self.error(at, f"'{part}' is not a method in methods")
                elif methods[part].unified.args != method.unified.args:
                    self.error(at, f"'{part}' takes other arguments than {name}")

    def symbol_required(self, definition, unified, endpoint_params) -> bool:
        """True when ccxt's symbol argument is required, or the endpoint requires the market id."""
        symbol = unified.argument("symbol")
        if symbol is not None and symbol.required:
            return True
        for param, source in definition.get("request", {}).items():
            origin = source if isinstance(source, str) else source.get("from")
            if origin == "market.id" and param in endpoint_params and endpoint_params[param].required:
                return True
        return False

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
            if unified.kind.parses:
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

    def request(self, definition, unified, at, constants, endpoint_params=None) -> tuple[RequestParam, ...]:
        endpoint_params = endpoint_params or {}
        request = []
        arguments = set(unified.argument_names) | {"until"}
        required = {p.name for p in unified.args if p.required}
        enums = self.spec.get("enums", {})
        for param, source in definition.get("request", {}).items():
            param_at = at.child(definition, "request").child(definition["request"], param)
            if isinstance(source, str):
                source = {"from": source}
            if "const" in source:
                request.append(RequestParam(param, Source.CONSTANT, constant=plain(source["const"]), always=True))
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
                    request.append(RequestParam(param, Source.CURRENCY_ID, always="code" in required))
                else:
                    request.append(RequestParam(param, Source.NETWORK_ID, always=True))
                continue
            if origin == "market.id":
                if not unified.needs_market:
                    self.error(param_at, f"{unified.name} has no symbol argument, so market.id is not available")
                    continue
                certain = self.symbol_required(definition, unified, endpoint_params)  # the market is resolved
                request.append(RequestParam(param, Source.MARKET_ID, always=certain))
                continue
            if origin.startswith("param."):
                value = (Source.PARAM, origin[len("param."):])
            elif origin == "until":
                value = (Source.UNTIL, None)
            elif origin == "timeframe" and origin in arguments:
                value = (Source.TIMEFRAME, None)
            elif origin in arguments:
                value = (Source.ARGUMENT, origin)
            else:
                self.error(param_at, f"'{origin}' is neither market.id, param.<name> nor an argument of {unified.name} ({', '.join(sorted(arguments))})")
                continue
            transforms = []
            if "max" in source:
                transforms.append(Transform("min_value", literal=source["max"]))
            if source.get("unit") == "s":
                transforms.append(Transform("ms_to_s"))
            if "round_up" in source:
                enum = source["round_up"]
                if enum not in enums:
                    self.error(param_at, f"enum '{enum}' is not defined in enums")
                    continue
                steps = plain(enums[enum])
                not_numbers = [step for step in steps if not _is_number(step)]
                if not_numbers:
                    self.error(param_at, f"round_up: {not_numbers[0]!r} of enum '{enum}' is not a number")
                    continue
                transforms.append(Transform("round_up", literal=tuple(sorted(steps, key=float))))
            if "map" in source:
                transforms.append(Transform("lookup", table=constants.add_table(f"{unified.name} {param}", plain(source["map"]))))
            if param in endpoint_params and endpoint_params[param].type == "decimal":
                transforms.append(Transform("decimal_text"))  # the API wants decimals as text
            request.append(RequestParam(param, value[0], key=value[1], transforms=tuple(transforms)))
        return tuple(request)

    def order_params(self, definition, at, constants) -> tuple[OrderParam, ...]:
        result = []
        for key, target in definition.get("order", {}).items():
            key_at = at.child(definition, "order").child(definition["order"], key)
            if key not in ORDER_REQUEST_KEYS:
                self.error(key_at, "not a ccxt order argument or param; known: " + ", ".join(sorted(ORDER_REQUEST_KEYS)))
                continue
            target = {"param": target} if isinstance(target, str) else target
            table = constants.add_table(f"order {key}", plain(target["map"])) if "map" in target else None
            result.append(OrderParam(key, target["param"], table, target.get("type")))
        return tuple(result)

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
            whole = classes.get("Methods", {})
            hand = Handwritten(name, path, Path(entry["file"]).stem, list(entry["serves"]), set(classes.get("Mixin", {})), set(whole), whole)
            defined.update({hook: hand for hook in hand.hooks | hand.methods})
            result.append(hand)
        for name, method in methods.items():
            hook = method.kind.hook if isinstance(method.kind, k.ReadByHand) else None
            if hook and hook not in defined:
                self.error(self.where("methods", name, "handwritten"), f"no hand-written file defines Mixin.{hook} or Methods.{hook}")
            elif hook and hook in defined[hook].methods:
                if hook != method.python_name:
                    self.error(self.where("methods", name, "handwritten"), f"Methods.{hook} must be named {method.python_name}")
                method.whole = True
        return result

    def has(self, methods) -> dict:
        has = {name: True for name in methods}
        for name, value in self.spec.get("has", {}).items():
            if name in methods and value is not True:
                self.error(self.where("has", name), f"{name} is implemented in methods, so it cannot be {value}")
            has[name] = value
        return has

    def check_fixtures(self, fixtures, methods, endpoints, ws):
        implicit = {endpoint.camel for endpoint in endpoints.values()}
        derived = {name for name, value in self.spec.get("has", {}).items() if value}
        watched = {name for watch in ws.watches.values() for name in (watch.name, watch.twin) if name} if ws else set()
        for file_name, document in self.spec.get("fixtures", {}).items():
            for method, cases in document["methods"].items():
                at = self.where("fixtures", file_name, "methods", method)
                if method in self.failed_methods:
                    continue
                if file_name == "ws":
                    if method not in watched:
                        self.error(at, f"ws fixture for '{method}', which is not a watch method of the spec's ws section")
                elif method not in methods and method not in implicit and method not in derived:
                    self.error(at, f"fixture for '{method}', which is neither a spec method nor an implicit API method")
                for index, case in enumerate(cases):
                    self.check_fixture_case(file_name, case, at.child(cases, index))

    def check_fixture_case(self, file_name, case, at):
        """The keys ccxt's static tests of the file's kind (request, response, ws) need."""
        required = {"request": ("url",), "ws": ("url", "messages")}.get(file_name, ())
        for key in ("description", "method", "input") + required:
            if key not in case:
                self.error(at, f"missing required key '{key}'")
        results = {"response": ("parsedResponse", "expectedError"), "ws": ("parsedResponse", "parsedResponses")}.get(file_name)
        if results and not any(key in case for key in results):
            self.error(at, f"missing required key '{results[0]}' (or '{results[1]}')")
        status = case.get("httpStatus")
        if status is not None and (file_name != "response" or status.__class__ is not int or not 100 <= status <= 599):
            self.error(at.child(case, "httpStatus"), f"expected the HTTP status of a response case (100 to 599), got {status!r}")
        if "expectedError" in case and case["expectedError"] not in exception_names():
            self.error(at.child(case, "expectedError"), f"'{case['expectedError']}' is not a ccxt exception class")


class MethodSpec:
    """One method's definition as its kind reads it (kinds.Kind.from_spec): each reader checks
    its part of the definition and reports problems with file, line and key."""

    def __init__(self, builder, definition, unified, at, request, endpoints, structures, constants):
        self.builder, self.definition, self.unified, self.at = builder, definition, unified, at
        self.request, self.endpoints, self.structures, self.constants = request, endpoints, structures, constants

    def required(self, key: str):
        if key not in self.definition:
            self.builder.error(self.at, f"{self.unified.name} needs '{key}'")
            return None
        return plain(self.definition[key])

    def paging(self, required: bool = False) -> k.Paging | None:
        """The history endpoint, paged with a limit and an offset."""
        if "history" not in self.definition:
            if required:
                self.builder.error(self.at, f"{self.unified.name} needs 'history'")
            return None
        history = self.definition["history"]
        endpoint = self.builder.endpoint_ref(history, "endpoint", self.endpoints, self.at.child(self.definition, "history"))
        return k.Paging(endpoint, **plain(history["paging"])) if endpoint else None

    def order_params(self) -> tuple[OrderParam, ...]:
        return self.builder.order_params(self.definition, self.at, self.constants)

    def method_name(self, key: str) -> str:
        """The Python name of the method `key` names (checked against the spec's methods)."""
        name = self.required(key)
        if name is not None and name not in self.builder.spec["methods"]:
            self.builder.error(self.at.child(self.definition, key), f"'{name}' is not a method in methods")
        return camel_to_snake(name or "")

    def method_names(self, key: str) -> tuple[str, ...]:
        return tuple(camel_to_snake(name) for name in self.required(key) or ())

    def endpoint_shape(self, entry, at) -> k.EndpointShape | None:
        endpoint = self.builder.endpoint_ref(entry, "endpoint", self.endpoints, at)
        _, shape = self.builder.parse_ref(entry, self.unified, self.structures, at)
        if endpoint is None or shape is None:
            return None
        request = self.builder.request(entry, self.unified, at, self.constants, endpoint.params)
        return k.EndpointShape(endpoint, shape, request)

    def sources(self) -> tuple[k.EndpointShape, ...]:
        """The endpoints a method assembles its result from, each with its own shape."""
        entries = self.definition.get("sources", [])
        at = self.at.child(self.definition, "sources")
        found = (self.endpoint_shape(entry, at.child(entries, index)) for index, entry in enumerate(entries))
        return tuple(source for source in found if source is not None)

    def variants(self) -> dict[str, k.EndpointShape]:
        """Other endpoints a method reads when params['type'] names them."""
        entries = self.definition.get("types", {})
        at = self.at.child(self.definition, "types")
        found = {name: self.endpoint_shape(entry, at.child(entries, name)) for name, entry in entries.items()}
        return {name: variant for name, variant in found.items() if variant is not None}


def _class_methods(path: Path):
    """{class name: {method name: its docstring, or ""}} of a hand-written file, or None if it does not parse."""
    classes = _classes_in(path.read_text(encoding="utf-8"))
    return None if classes is None else {name: dict(methods) for name, methods in classes.items()}


@functools.lru_cache(maxsize=16)
def _classes_in(source: str):
    # parsing the file is a tenth of a build: a process that builds specs again and again (the tests) parses each text once
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    return {
        node.name: {item.name: ast.get_docstring(item) or "" for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
