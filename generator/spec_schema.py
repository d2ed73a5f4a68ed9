"""The shape of each spec section. Semantic cross-checks live in model.py."""

from .ccxt_api import FIELD_TYPES, TIME_UNITS
from .schema import (
    Any,
    Bool,
    Choice,
    Int,
    ListOf,
    MapOf,
    Number,
    OneOf,
    Record,
    Scalar,
    ScalarValue,
    Str,
)

Key = Scalar(str, int, description="a key")

EXCHANGE = Record(
    required={
        "id": Str,
        "name": Str,
        "package": Str,
        "class_name": Str,
        "version": Str,
        "rateLimit": Number,
        "precisionMode": Choice(["TICK_SIZE", "DECIMAL_PLACES", "SIGNIFICANT_DIGITS"]),
        "urls": Record(required={"api": MapOf(Str)}, optional={"logo": Str, "www": Str, "doc": OneOf(Str, ListOf(Str)), "fees": Str}),
    },
    optional={
        "package_version": Str,
        "countries": ListOf(Str),
        "certified": Bool,
        "pro": Bool,
        "requiredCredentials": MapOf(Bool),
        "timeframes": MapOf(Str, key=Key),
        "options": MapOf(Any),
        "commonCurrencies": MapOf(Str),
        "doc_link": Str,  # an endpoint's section of the API docs: a pattern its `doc` fills
    },
)

SIGNING = Record(
    required={
        "scheme": Choice(["ed25519-instruction"]),
        "apis": ListOf(Str, non_empty=True),
        "secret": Record(required={"encoding": Choice(["base64"]), "seed_bytes": Int}, optional={"accept_bytes": ListOf(Int)}),
        "string": Record(
            required={"instruction_key": Str, "timestamp_key": Str, "window_key": Str},
            optional={"list_body": Choice(["repeat_instruction"])},
        ),
        "window": Record(required={"default": Int}, optional={"option": Str, "max": Int}),
        "headers": Record(required={"api_key": Str, "signature": Str, "timestamp": Str, "window": Str}),
    },
    optional={"content_type": Str, "api_key": Choice(["public_key"])},
)

PARAM = Record(
    required={"type": Choice(["string", "decimal", "integer", "number", "boolean", "array", "object"])},
    # upstream: why the parameter departs from the upstream document (or where it comes from, when the document lacks it)
    optional={"required": Bool, "enum": Str, "items": Str, "values": ListOf(ScalarValue), "upstream": Str},
)

ENDPOINT = Record(
    required={"path": Str, "method": Choice(["GET", "POST", "PUT", "DELETE", "PATCH"])},
    optional={
        "instruction": Str,
        "cost": Number,
        "summary": Str,
        "response": Str,
        "body": Choice(["list"]),
        "params": MapOf(PARAM),
        "source": Str,
        "doc": MapOf(Str),  # the values that fill exchange.doc_link ({operation}, ...)
        # the success statuses besides 200 at which it answers without a body (202, 204, ...)
        "bodiless": ListOf(Scalar(int, str, description="an HTTP status"), non_empty=True),
    },
)

ENDPOINTS = MapOf(ListOf(ENDPOINT))

ENUMS = MapOf(ListOf(ScalarValue, non_empty=True))

ERRORS = Record(
    required={"body": Record(required={"code": Str, "message": Str}), "exact": MapOf(Str)},
    optional={
        "codes": Str,  # the enum of the upstream document that lists the error codes
        "broad": MapOf(Str),
        "http": MapOf(Str, key=Key),
        "on_paths": MapOf(MapOf(ListOf(Str, non_empty=True))),
    },
)

# The upstream OpenAPI document the spec follows (a path relative to the spec directory)
UPSTREAM = Record(
    required={"openapi": Str, "taken": Str},
    optional={
        "url": Str,
        "sha256": Str,
        "enums_left_out": MapOf(Str),  # document enums the spec does not copy -> why (their parameters are plain)
        "enum_sources": MapOf(Str),  # spec enums (or values) the document lacks -> where they come from
        "unlisted": MapOf(MapOf(Str)),  # schema -> property the API sends that the document lacks -> the evidence
    },
)

# Answer properties the structures deliberately do not read: schema -> property -> why
UNREAD = MapOf(MapOf(Str))

STATUSES = MapOf(Record(required={"values": MapOf(ScalarValue, key=Scalar(str, int, bool, description="a value"))}, optional={"unknown": ScalarValue}))

FIELD = Record(
    optional={
        "field": Str,
        "fields": ListOf(Str, non_empty=True),
        "market_info": Str,
        "type": Choice(FIELD_TYPES),
        "unit": Choice(TIME_UNITS),
        "pattern": Str,
        "scale": Number,
        "status": Str,
        "map": MapOf(ScalarValue, key=Scalar(str, int, bool, description="a value")),
        "const": Any,
        "default": ScalarValue,
        "nonzero": Bool,
        "sum": ListOf(Str, non_empty=True),
        "abs": Bool,
        "reciprocal": Bool,
        "sign": Record(required={"positive": ScalarValue, "negative": ScalarValue}),
    },
    description="a field mapping",
)

FIELDS = MapOf(FIELD)

SHAPE = Record(
    optional={
        "from": OneOf(Str, ListOf(Str, non_empty=True)),  # the answer schema of the items, or several
        "market_id": Str,
        "currency_id": Str,
        "detect": Str,
        "required": ListOf(Str, non_empty=True),
        "fields": FIELDS,
        "kind_field": Str,
        "kinds": MapOf(MapOf(Any)),
        "networks": Record(required={"list": Str, "fields": FIELDS}, optional={"from": Str}),
        "bids": FIELD,
        "asks": FIELD,
        "level": Record(required={"price": Int, "amount": Int}),
        "list": Str,
    },
    description="a structure mapping",
)

REQUEST_SOURCE = OneOf(
    Str,
    Record(
        optional={
            "from": Str,
            "const": Any,
            "max": Int,
            "round_up": Str,
            "unit": Choice(["s", "ms"]),
            "map": MapOf(ScalarValue, key=Key),
        },
        description="a request parameter mapping",
    ),
)

ENDPOINT_REF = Str

METHOD = Record(
    optional={
        "endpoint": ENDPOINT_REF,
        "request": MapOf(REQUEST_SOURCE),
        "parse": Str,
        "pick": Choice(["first"]),
        "returns": Choice(["integer", "time"]),
        "history": Record(
            required={
                "endpoint": ENDPOINT_REF,
                "paging": Record(required={"limit": Str, "offset": Str, "max": Int}, optional={"sort": Str, "ascending": Str, "descending": Str}),
            },
        ),
        "window": Record(required={"start": Str, "end": Str, "unit": Choice(["s", "ms"]), "max": Int}),
        "handwritten": Str,
        "description": Str,
        "order": MapOf(OneOf(Str, Record(required={"param": Str}, optional={"map": MapOf(ScalarValue), "type": Choice(["uint32"])}))),
        "batch": Record(required={"field": Str, "ok": Str, "error_code": Str, "error_message": Str}),
        "client_order_id": Str,
        "duplicate_client_order_id": Str,
        "orders_of": Str,
        "status": Str,
        "combine": ListOf(Str, non_empty=True),
        "fees": Record(required={"spot": MapOf(Str), "contract": MapOf(Str), "scale": Number}),
        "margin_mode": Choice(["cross", "isolated"]),
        "scope": Choice(["account"]),
        "types": MapOf(Record(required={"endpoint": Str, "parse": Str})),
        "sources": ListOf(Record(required={"endpoint": Str, "parse": Str}, optional={"request": MapOf(Any), "paging": MapOf(Any)}), non_empty=True),
    },
    description="a method mapping",
)

HAS = MapOf(OneOf(Bool, Choice(["emulated"])))

FIXTURE_FILE = Record(
    required={"exchange": Str, "methods": MapOf(ListOf(MapOf(Any)))},
    optional={
        "skipKeys": ListOf(Str),
        "outputType": Str,
        "apiKey": Str,
        "secret": Str,
        "options": MapOf(Any),
        "timestamp": Int,
        "skipProperties": MapOf(MapOf(Any)),
        "knownInvalid": MapOf(MapOf(Str)),
        "description": Str,
    },
)

HANDWRITTEN = MapOf(Record(required={"file": Str, "serves": ListOf(Str, non_empty=True)}, optional={"why": Str}))

# What ccxt's `features` needs beyond what the methods say (see render.features).
FEATURES = Record(optional={"createOrders": Record(optional={"max": Int}), "daysBack": Int, "untilDays": Int}, description="features")

# The WebSocket API (ws.yaml); cross-checks in ws.py.
WS_STREAM = OneOf(
    Str,  # the stream name pattern alone
    Record(required={"pattern": Str}, optional={"doc": MapOf(Str)}, description="a stream"),  # doc: the values that fill ws.doc_link
)
WS_SHAPE = Record(required={"kind": Str}, optional=dict(SHAPE.optional), description="a payload mapping")
WS_WATCH = Record(
    required={"stream": Str},
    optional={
        "all": Str,
        "parse": Str,
        "merge": Bool,
        "when": Record(required={"field": Str, "equals": ScalarValue}),
        "book": Record(
            required={"snapshot": Str, "nonce": Str, "first_id": Str, "last_id": Str, "bids": Str, "asks": Str, "timestamp": FIELD},
            optional={"snapshot_limit": Int},
        ),
    },
    description="a watch method",
)
WS = Record(
    required={
        "url": Str,
        "envelope": Record(required={"stream": Str, "data": Str}),
        "requests": Record(required={"method": Str, "streams": Str, "subscribe": Str, "unsubscribe": Str}, optional={"id": Str}),
        "streams": MapOf(WS_STREAM),
        "watch": MapOf(WS_WATCH),
    },
    optional={
        "doc_link": Str,  # a stream's section of the API docs: a pattern its `doc` fills
        "error": Record(required={"field": Str, "code": Str, "message": Str}, optional={"id": Str}),
        "error_codes": MapOf(Str, key=Scalar(int, str, description="an error code")),
        "private": Record(required={"prefix": Str, "field": Str, "instruction": Str, "signature": ListOf(Str, non_empty=True)}),
        "keepalive": Record(required={"client_ping": Number}, optional={"server_ping": Number, "pong_deadline": Number}),
        "shutdown": Record(required={"close_code": Int, "grace": Number}),
        "not_watched": MapOf(Str),
        "ws_shapes": MapOf(WS_SHAPE),
    },
    description="the WebSocket API",
)

SECTIONS = {
    "exchange": (EXCHANGE, True),
    "signing": (SIGNING, False),
    "endpoints": (ENDPOINTS, True),
    "enums": (ENUMS, False),
    "errors": (ERRORS, True),
    "statuses": (STATUSES, False),
    "structures": (MapOf(Any), True),
    "methods": (MapOf(METHOD), True),
    "has": (HAS, False),
    "features": (FEATURES, False),
    "handwritten": (HANDWRITTEN, False),
    "fixtures": (MapOf(FIXTURE_FILE), False),
    "ws": (WS, False),
    "upstream": (UPSTREAM, False),
    "unread": (UNREAD, False),
}
