"""Render the model through the Jinja templates into {relative path: file text}."""

from __future__ import annotations

import ast
import functools
import builtins
import contextlib
import decimal
import hashlib
import importlib.util
import json
import os
import re
import symtable
from pathlib import Path

import black
import ccxt
import jinja2

from . import cache, collector
from . import kinds as k
from .cache import cache_dir
from .ccxt_api import COST_HELPERS, WATCH_RESULTS, parsed
from .docs import helper_doc
from .model import Model

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"  # modules copied as they are
BLACK_MODE = black.Mode(line_length=120)


class RenderError(Exception):
    """The templates produced something that is not valid Python: a generator bug."""


def py_literal(value) -> str:
    """Python source for plain data (dicts, lists, scalars)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(key)}: {py_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(py_literal(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def tuple_literal(values) -> str:
    items = [repr(value) for value in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]", name) if part)


def _template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them was a third of `make generate`)."""
    directory = cache_dir("templates")
    return jinja2.FileSystemBytecodeCache(str(directory)) if directory is not None else None


@functools.cache
def environment() -> jinja2.Environment:
    """The templates' environment, one per process: it keeps the templates it has loaded (a
    process that renders again, as the tests do, loads them once; jinja2 reloads one edited on disk)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_template_cache(),
    )
    env.filters["py"] = py_literal
    env.filters["tuple_py"] = tuple_literal
    env.filters["pascal"] = pascal
    env.filters["snake"] = lambda name: re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
    env.globals["imports_of"] = imports_of
    env.globals["names_from"] = names_from
    env.globals["datetime_of"] = datetime_of
    env.globals["parsed"] = lambda kind: parsed(kind).text
    env.globals.update(fast_local=fast_local, fast_present=fast_present, fast_values=fast_values, fast_texts=fast_texts, list_fast=list_fast, ticker_fast=ticker_fast, balance_fast=balance_fast)
    return env


def datetime_of(given: bool, local: str = "timestamp") -> str:
    """The expression of an item's datetime from the local `local`, which holds its time: None
    outright when the shape gives no such time (no condition fixed at generation)."""
    return f"iso8601({local}) if {local} is not None else None" if given else "None"


# --- lists' fast paths: the values of a shape's keys where the fast path reads fields inline


def fast_local(key: str) -> str:
    """The local a fast path reads the field of `key` into (its raw value: 'r_' + it)."""
    return "f_" + key.replace(".", "_")


def list_fast(shape) -> dict:
    """Key -> FastField of the fields a list's fast path reads inline (scaled numbers: by their expression)."""
    return {key: reader for key, reader in shape.fast.items() if reader.scale is None}


def fast_present(shape) -> tuple[str, ...]:
    """The keys a structure requires that the fast path reads inline as numbers: it reads each by
    subscript and float() straight away (a row without one does not fit either way: KeyError or
    TypeError sends it to the per-row parser), so its value is never None."""
    readers = list_fast(shape)
    return tuple(key for key in shape.settings.required if key in readers and readers[key].kind == "number" and not readers[key].nonzero)


def fast_values(shape) -> dict:
    """Key -> expression: the inline local where the fast path has one, else the field's expression
    (numbers as floats)."""
    return {**shape.fields, **shape.numbers, **{key: fast_local(key) for key in list_fast(shape)}}


def fast_texts(shape) -> dict:
    """Key -> expression of the raw decimal text, for exact arithmetic. An inline number's raw
    value serves as it is: the fast path has read it as a float, so it is text or a number."""
    return {**shape.texts, **{key: "r_" + fast_local(key) for key, reader in list_fast(shape).items() if reader.kind == "number"}}


BALANCE_AMOUNTS = ("free", "used", "total")


def balance_fast(shape) -> bool:
    """Whether a balance shape's rows have a fast path: the amounts it gives (two at least) all read inline."""
    given = [key for key in BALANCE_AMOUNTS if key in shape.fields]
    return len(given) >= 2 and all(key in shape.fast for key in given)


# --- a ticker's fast path: the usual ticker, as safe_ticker completes it without searching
TICKER_DERIVED = ("open", "close", "change", "percentage", "baseVolume", "quoteVolume")  # read as texts
TICKER_PLAIN = ("high", "low", "bid", "bidVolume", "ask", "askVolume", "previousClose", "markPrice", "indexPrice")


def ticker_fast(shape) -> dict | None:
    """What a ticker's fast path reads (templates/package/parsers.py.j2), or None when the shape
    has none. It needs open, close (or last), change and percentage, no average or vwap (with
    which safe_ticker searches), and each number a plain field (the percentage may be scaled).

    "raw": key -> the expression of the raw value of each number read as text (None: not
    given; rendered, the literal None); "exponent": n when the percentage's scale is 10^n (any
    other scale has no fast path: the percentage is scaled by moving its text's exponent);
    "plain": the keys read as plain floats, each into the local fast_local(key) from
    r_ + fast_local(key)."""
    readers = {key: shape.fast.get(key) for key in shape.fields if key != "timestamp"}
    if "close" not in readers and "last" in readers:
        readers["close"] = readers.pop("last")
    readers.pop("last", None)  # with a close, the ticker's last is its close
    if "average" in readers or "vwap" in readers or not {"open", "close", "change", "percentage"} <= set(readers):
        return None
    if any(reader is None or reader.kind != "number" or reader.nonzero or (reader.scale and key != "percentage") for key, reader in readers.items()):
        return None
    exponent = power_of_ten(readers["percentage"].scale or "1")
    if exponent is None:
        return None
    return {
        "raw": {key: f"raw.get({readers[key].field!r})" if key in readers else None for key in TICKER_DERIVED},
        "exponent": exponent,
        "plain": [key for key in TICKER_PLAIN if key in readers],
    }


def power_of_ten(scale: str) -> int | None:
    """n when the scale is 10^n (100 -> 2, 0.01 -> -2), else None."""
    sign, digits, exponent = decimal.Decimal(str(scale)).normalize().as_tuple()
    return exponent if sign == 0 and digits == (1,) and isinstance(exponent, int) else None


@collector.paused
def render(model: Model, spec_label: str) -> dict:
    env = environment()
    package = model.package
    context = {
        "model": model,
        "x": model.exchange,
        "spec_label": spec_label,
        "ccxt_version": ccxt.__version__,
        "request_constants": request_constants(model),
        "paged": any(m.paging for m in model.methods.values()),
        **capability_context(model),
        "order_params": {p.key: p for p in model.created_order.params} if model.created_order else {},
        **model.order_options(),
        "features": features(model),
        "fast_paths": fast_paths(model),
        "item_fast_paths": item_fast_paths(model),
        "balance_paths": balance_paths(model),
        "cost_helpers": cost_helpers(model),
        "type_names": type_names(model),
        "parser_type_names": parser_type_names(model),
    }
    python = {
        f"{package}/__init__.py": ("package/__init__.py.j2", {}),
        f"{package}/abstract.py": ("package/abstract.py.j2", {}),
        f"{package}/base.py": ("package/base.py.j2", {}),
        f"{package}/{model.class_name}.py": ("package/exchange.py.j2", {"is_async": False}),
        f"{package}/async_support/__init__.py": ("package/async_init.py.j2", {}),
        f"{package}/async_support/{model.class_name}.py": ("package/exchange.py.j2", {"is_async": True}),
        "tests/harness_spec.py": ("tests/harness_spec.py.j2", {}),
    }
    if model.ws is not None:
        context["pro"] = pro_context(model)
        python[f"{package}/pro/__init__.py"] = ("package/pro_init.py.j2", {})
        python[f"{package}/pro/{model.class_name}.py"] = ("package/pro.py.j2", {})
    else:
        context["pro"] = None
    copied = {
        f"{package}/runtime.py": "package/runtime.py",
        f"{package}/checks.py": "package/checks.py",
        f"{package}/encoding.py": "package/encoding.py",
        f"{package}/structures.py": "package/structures.py",
        f"{package}/ws_books.py": "package/ws_books.py",
        f"{package}/ws_runtime.py": "package/ws_runtime.py",
        "tests/adapter_harness.py": "tests/adapter_harness.py",
        f"tests/test_{model.exchange.id}_fixtures.py": "tests/test_fixtures.py",
        f"tests/test_{model.exchange.id}_fuzz.py": "tests/test_fuzz.py",
    }
    if model.ws is not None:
        copied[f"tests/test_{model.exchange.id}_ws_fixtures.py"] = "tests/test_ws_fixtures.py"
    files = {}
    for path, (template, extra) in python.items():
        try:
            text = env.get_template(template).render(**context, **extra)
        except jinja2.TemplateError as error:
            raise RenderError(f"{template} could not render {path}: {error}") from None
        files[path] = _format(path, text)
    files[f"{package}/py.typed"] = ""  # PEP 561: type checkers read the package's annotations
    for path, source in copied.items():  # code that never varies: plain modules, copied
        files[path] = f"# Copied by the generator from generator/static/{source}: edit it there.\n" + (STATIC / source).read_text(encoding="utf-8")
    if model.handwritten:
        files[f"{package}/handwritten/__init__.py"] = '"""Hand-written code from beside the spec, copied verbatim (and a sync copy of async methods)."""\n'
        for hand in model.handwritten:
            text = hand.file.read_text(encoding="utf-8")
            source = f"{spec_label}/{hand.file.name}"
            files[f"{package}/handwritten/{hand.module}.py"] = f"# Copied by the generator from {source}: edit it there.\n" + text
            if hand.methods:
                files[f"{package}/handwritten/{hand.module}_sync.py"] = f"# The sync copy of {source}, made by the generator: edit that file.\n" + synchronous(text)
    for name, document in model.fixtures.items():
        files[f"tests/static/{name}/{model.exchange.id}.json"] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    files["CAPABILITIES.md"] = capability_table(model, env, context)
    return dict(sorted(files.items()))


# The template of each watch method (templates/package/watches/): a spec's watch method without
# one is a generator bug, reported at render time.
WATCH_TEMPLATES = {
    "watchTicker": "ticker.py.j2",
    "watchBidsAsks": "bids_asks.py.j2",
    "watchOHLCV": "ohlcv.py.j2",
    "watchTrades": "trades.py.j2",
    "watchOrderBook": "order_book.py.j2",
    "watchOrders": "orders.py.j2",
    "watchMyTrades": "my_trades.py.j2",
    "watchPositions": "positions.py.j2",
    "watchFundingRate": "funding_rate.py.j2",
    "watchMarkPrice": "mark_price.py.j2",
    "watchLiquidations": "liquidations.py.j2",
}


def pro_context(model: Model) -> dict:
    """What templates/package/pro.py.j2 needs beside model.ws: the watch methods it implements
    (and each one's template), their payload shapes, and `has`."""
    ws = model.ws
    missing = [name for name in ws.watches if name not in WATCH_TEMPLATES]
    if missing:
        raise RenderError(f"no template renders {', '.join(missing)}: add templates/package/watches/<name>.py.j2 and its WATCH_TEMPLATES entry")
    watches = dict(ws.watches)
    shapes = {watch.shape: ws.shapes[watch.shape].shape for watch in watches.values() if watch.shape}
    has = {"ws": True}
    for name, watch in watches.items():
        for method in (name, watch.twin):
            if method:
                has[method] = True
                has["un" + method[0].upper() + method[1:]] = True
    has.update({name: False for name in ws.not_watched})
    # watch method -> (what it resolves with, the structure of its items), for the replay tests
    results = {method: (WATCH_RESULTS[method], watch.structure) for watch in watches.values() for method in (watch.name, watch.twin) if method}
    return {"watches": watches, "templates": WATCH_TEMPLATES, "shapes": shapes, "has": has, "results": results, **ws_capability_context(model, watches, has)}


def ws_capability_context(model: Model, watches: dict, has: dict) -> dict:
    """Rows of the capability table's WebSocket section: every watch method ours or ccxt.pro's
    class of the same id has, with the streams ours reads and why one it lacks is missing."""
    builtin_has = builtin_pro_has(model.exchange.id)
    names = {name for name in has if name.startswith("watch")}
    names |= {name for name, value in builtin_has.items() if value and name.startswith("watch")}
    streams = {}
    for watch in watches.values():
        patterns = [watch.stream.pattern] + ([watch.all_markets.pattern] if watch.all_markets else [])
        for method in (watch.name, watch.twin):
            if method:
                streams[method] = ", ".join(f"`{pattern}`" for pattern in patterns)
    rows = [
        {"name": name, "ours": has.get(name, False), "streams": streams.get(name), "why_not": model.ws.not_watched.get(name), "builtin": builtin_has.get(name)}
        for name in sorted(names, key=str.lower)
    ]
    return {"ws_capability_rows": rows, "builtin_pro": bool(builtin_has)}


def builtin_pro_has(exchange_id: str) -> dict:
    """`has` of ccxt.pro's own class of this id, {} if it has none. Kept in the generator's cache:
    importing ccxt.pro (every exchange of ccxt.async_support and of ccxt.pro) takes half a second
    of a new process. Keyed by ccxt's version and the class's two files."""
    files = [CCXT_DIR / "pro" / f"{exchange_id}.py", CCXT_DIR / "async_support" / f"{exchange_id}.py"]
    sources = b"".join(path.read_bytes() for path in files if path.is_file())
    key = f"pro-has-{exchange_id}-{ccxt.__version__}-{hashlib.sha256(sources).hexdigest()[:16]}"
    found = cache.load("ccxt", key)
    if found is None:
        try:
            builtin = getattr(importlib.import_module(f"ccxt.pro.{exchange_id}"), exchange_id)
            found = builtin().has  # from its module: register() may have put ours in ccxt.pro
        except (ImportError, AttributeError):
            found = {}
        cache.store("ccxt", key, found)
    return found


CCXT_DIR = Path(ccxt.__file__).parent


def module_source(module: str) -> Path:
    """A module's file, found without importing the packages above it (ccxt.async_support
    imports every exchange of it)."""
    top, *rest = module.split(".")
    path = Path(importlib.util.find_spec(top).origin).parent.joinpath(*rest)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


# Where the names a generated module uses come from, first match first: the standard library's
# (by name), the package's own plain modules, ccxt's; any other name is the generated base
# module's (its tables and helpers).
STANDARD_NAMES = {"Any": "typing"}
PACKAGE_MODULES = ("runtime", "checks", "encoding", "ws_runtime", "ws_books")
CCXT_MODULES = ("ccxt.base.types", "ccxt.base.errors", "ccxt.async_support.base.ws.cache")


@functools.lru_cache(maxsize=None)
def module_names(module: str) -> frozenset:
    """The names a module defines at its top level (not those it imports), read from its source:
    our plain modules are never imported by the generator."""
    if module in PACKAGE_MODULES:
        path = STATIC / "package" / f"{module}.py"
    else:
        path = module_source(module)
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:  # a name, or names unpacked (`get, set = ...`)
                names |= {name.id for name in ast.walk(target) if isinstance(name, ast.Name)}
    return frozenset(names)


@functools.lru_cache(maxsize=8)  # each module's imports ask it of the same body, once per module they name
def free_names(body: str) -> frozenset[str]:
    """The names Python code `body` reads and never binds (builtins aside): what its imports give.
    (Python's own symbol tables say so, a few times faster than walking the syntax tree.)"""
    module = symtable.symtable(body, "<body>", "exec")
    bound = {symbol.get_name() for symbol in module.get_symbols() if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()}
    used, scopes = set(), [module]
    while scopes:
        scope = scopes.pop()
        used |= {symbol.get_name() for symbol in scope.get_symbols() if symbol.is_referenced() and (symbol.is_global() or scope is module)}
        scopes.extend(scope.get_children())
    return frozenset(used - bound - set(dir(builtins)))


def names_from(module: str, body: str) -> list[str]:
    """The names of `module` that Python code `body` uses, sorted: an import list of exactly
    those, so that a template never keeps one (nor one name its exchange does not use)."""
    return sorted(free_names(body) & module_names(module))


def imports_of(body: str, class_name: str) -> str:
    """The import lines of a module whose code is `body` (one class of the package's `pro`
    subpackage, a subclass of the async class `class_name`): every free name it uses, imported
    from where it is defined, so that templates never keep import lists."""
    free = sorted(free_names(body) - {f"{class_name}_async"})
    sources: dict[str, list] = {}
    for name in free:
        module = STANDARD_NAMES.get(name)
        module = module or next((f"..{m}" for m in PACKAGE_MODULES if name in module_names(m)), None)
        module = module or next((m for m in CCXT_MODULES if name in module_names(m)), "..base")
        sources.setdefault(module, []).append(name)
    groups = [
        [module for module in sources if module in STANDARD_NAMES.values()],
        [module for module in sources if module.startswith("ccxt.")],
        [module for module in sources if module.startswith(".")],
    ]
    imports = ["\n".join(f"from {module} import {', '.join(sources[module])}" for module in sorted(group)) for group in groups if group]
    lines = "\n\n".join(imports).splitlines()
    lines.append(f"from ..async_support.{class_name} import {class_name} as {class_name}_async")
    return "\n".join(lines)


def cost_helpers(model: Model) -> list:
    """ccxt's create*WithCost helpers (their signature and docstring), when createOrder maps a cost."""
    if not (model.created_order and any(p.key == "cost" for p in model.created_order.params)):
        return []
    return [(helper, helper_doc(helper, model.methods["createOrder"])) for helper in COST_HELPERS.values()]


def type_names(model: Model) -> list:
    """The names the unified methods' annotations take from ccxt.base.types."""
    signatures = [m.signature for m in model.methods.values()] + [helper for helper, _ in cost_helpers(model)]
    return sorted(set().union(*(signature.names for signature in signatures)))


# What the parsers' arguments take from ccxt.base.types, as ccxt's Exchange annotates them.
PARSER_ARGUMENT_TYPES = ("Bool", "Currency", "Int", "Market", "Str")


def parser_type_names(model: Model) -> list:
    """The names base.py's parsers take from ccxt.base.types: their arguments' and what each
    structure's parser returns (ccxt_api.parsed); with createOrder, the order request's too."""
    names = set(PARSER_ARGUMENT_TYPES).union(*(parsed(kind).names for kind in model.structures))
    if model.created_order:
        names |= {"Num", "Order", "OrderSide", "OrderType"}
    return sorted(names)


def fast_paths(model: Model) -> dict:
    """Method -> (its list's fast parser, the per-row parser it must agree with), as
    templates/package/parsers.py.j2 defines them: trades per shape, orders, candles."""
    paths = {}
    for m in model.methods.values():
        if isinstance(m.kind, k.TradeHistory) and m.shape is not None:
            paths[m.name] = (f"parse_trade_{m.shape.name}_rows", "parse_trade")
        elif isinstance(m.kind, k.OrderHistory) and m.shape is not None and not (m.shape.has("average") or m.shape.has("remaining")):
            paths[m.name] = ("parse_order_rows", "parse_order_reference")
        elif isinstance(m.kind, k.Candles) and "ohlcv" in model.structures:
            paths[m.name] = ("parse_ohlcv_rows", "parse_ohlcv")
    return paths


def item_fast_paths(model: Model) -> dict:
    """Method -> (the parser of one item with a fast path, the reference it must agree with),
    as templates/package/parsers.py.j2 defines them: a ticker's, an order's."""
    paths = {}
    for m in model.methods.values():
        shape = m.structure.single if m.structure is not None else None
        if shape is None:
            continue
        if m.structure.name == "ticker" and ticker_fast(shape) is not None:
            paths[m.name] = ("parse_ticker", "parse_ticker_reference")
        elif m.structure.name == "order" and not (shape.has("average") or shape.has("remaining")):
            paths[m.name] = ("parse_order", "parse_order_reference")
    return paths


def balance_paths(model: Model) -> dict:
    """Balance shape -> (its parser with a fast path, the per-row parser it must agree with, the
    answer's list of rows: None when the answer maps currency ids to rows)."""
    shapes = model.structures["balance"].shapes.items() if "balance" in model.structures else ()
    return {name: (f"parse_balance_{name}", f"balance_row_{name}", shape.settings.list) for name, shape in shapes if balance_fast(shape)}


def request_constants(model: Model) -> set:
    """The translation tables the methods' requests use (the exchange module imports them)."""
    params = [p for m in model.methods.values() for p in m.request]
    params += [p for m in model.methods.values() for source in getattr(m.kind, "sources", ()) for p in source.request]
    return {t.table for p in params for t in p.transforms if t.table}


def synchronous(text: str) -> str:
    """The sync twin of hand-written async code: `async def` -> `def`, `await x` -> `x`
    (ccxt's base classes give both flavours the same method names, sleep included)."""
    text = re.sub(r"\basync def\b", "def", text)
    text = re.sub(r"\basync (with|for)\b", r"\1", text)
    text = re.sub(r"\bawait\s+", "", text)
    return "# Generated from the async original beside the spec by dropping async/await; do not edit.\n" + text


def capability_table(model: Model, env, context) -> str:
    return env.get_template("docs/capabilities.md.j2").render(**context)


MARKET_FLAGS = {"spot", "margin", "swap", "future", "option"}


def features(model: Model) -> dict | None:
    """ccxt's `features`: what createOrder and the fetch methods accept, derived from the spec
    (its order mapping, history paging, candle window and `has`) plus the spec's `features`
    section for what the API facts alone cannot say (the batch size, how far back)."""
    methods = model.methods
    if model.created_order is None:
        return None
    order = {p.key: p for p in model.created_order.params}
    tables = model.constants.tables
    given = model.features

    def keys_of(key):
        return list(tables[order[key].table]) if key in order and order[key].table else []

    def flags(names, known):
        return {name: name in names for name in known} if names else None

    time_in_force = keys_of("timeInForce") + (["PO"] if "postOnly" in order else [])
    default = {
        "sandbox": False,
        "createOrder": {
            "marginMode": False,
            "triggerPrice": "triggerPrice" in order,
            "triggerPriceType": flags(keys_of("triggerPriceType"), ("last", "mark", "index")),
            "triggerDirection": False,
            "stopLossPrice": "triggerPrice" in order,
            "takeProfitPrice": "triggerPrice" in order,
            "attachedStopLossTakeProfit": {
                "triggerPriceType": flags(keys_of("stopLoss.triggerPriceType"), ("last", "mark", "index")),
                "price": "stopLoss.price" in order,
            } if "stopLoss.triggerPrice" in order else None,
            "timeInForce": {**flags(time_in_force, ("IOC", "FOK", "PO", "GTD")), "GTC": "GTC" in time_in_force} if time_in_force else None,
            "hedged": False,
            "trailing": False,
            "leverage": False,
            "marketBuyByCost": "cost" in order,
            "marketBuyRequiresPrice": False,
            "selfTradePrevention": {**flags(keys_of("selfTradePrevention"), ("EXPIRE_MAKER", "EXPIRE_TAKER", "EXPIRE_BOTH")), "NONE": False} if "selfTradePrevention" in order else None,
            "iceberg": False,
        },
        "createOrders": {"max": given.get("createOrders", {}).get("max")} if "createOrders" in methods else None,
    }
    for name in ("fetchMyTrades", "fetchOrder", "fetchOpenOrders", "fetchOrders", "fetchClosedOrders"):
        method = methods.get(name)
        if method is None:
            default[name] = None
            continue
        entry = {"marginMode": False}
        if name != "fetchOrder":
            paging = model.paging_of(name)
            entry["limit"] = paging.max if paging and name != "fetchOpenOrders" else None
        if name in ("fetchMyTrades", "fetchOrders", "fetchClosedOrders"):
            entry.update(daysBack=given.get("daysBack"), untilDays=given.get("untilDays"))
        if name == "fetchClosedOrders":
            entry["daysBackCanceled"] = given.get("daysBack")
        if name != "fetchMyTrades":
            entry.update(trigger="triggerPrice" in order, trailing=False)
        entry["symbolRequired"] = method.symbol_required or method.argument_required("symbol")
        default[name] = entry
    ohlcv = methods.get("fetchOHLCV")
    window = getattr(ohlcv.kind, "window", None) if ohlcv else None
    default["fetchOHLCV"] = {"limit": window.max if window else None}
    contract = {"extends": "default"}
    return {
        "default": default,
        "spot": {"extends": "default"} if model.has.get("spot") else None,
        "swap": {"linear": contract if model.has.get("swap") else None, "inverse": None},
        "future": {"linear": contract if model.has.get("future") else None, "inverse": None},
    }


def capability_context(model: Model) -> dict:
    """Rows of the capability table, next to ccxt's built-in class of the same id if it has one."""
    builtin = getattr(ccxt, model.exchange.id, None)
    builtin_has = {}
    if isinstance(builtin, type) and issubclass(builtin, ccxt.Exchange):
        builtin_has = builtin().has
    unified = {name for name in model.has if name not in MARKET_FLAGS}
    unified |= {name for name, value in builtin_has.items() if value and name[:1].islower() and name not in MARKET_FLAGS and not name.startswith(("CORS", "publicAPI", "privateAPI", "sandbox", "ws"))}
    return {"builtin_has": builtin_has, "capability_rows": sorted(unified, key=str.lower)}


@functools.lru_cache(maxsize=256)
def _black(text: str) -> str:
    """black is most of a generation's time, and the same text is formatted again and again
    (one test process renders it many times, and so do the generator runs of a test suite):
    its output, a pure function of the text, black's version and the mode, is kept in memory
    and in the generator's cache directory (generator/cache.py)."""
    cache = cache_dir("black")
    key = hashlib.sha256(f"{black.__version__}\0{BLACK_MODE!r}\0{text}".encode()).hexdigest()
    if cache is not None:
        try:
            formatted = (cache / key).read_text(encoding="utf-8")
        except OSError:
            pass
        else:
            with contextlib.suppress(OSError):
                os.utime(cache / key)  # used now: the pruning keeps the entries used last
            return formatted
    formatted = black.format_str(text, mode=BLACK_MODE)
    if cache is not None:
        _remember(cache, key, formatted)
    return formatted


CACHE_ENTRIES = 300  # about ten versions of every generated file


def _remember(cache: Path, key: str, formatted: str) -> None:
    """Write one entry atomically and keep the CACHE_ENTRIES used last (a hit marks its entry used);
    a cache that cannot be written is skipped."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = cache / f".{key}.{os.getpid()}"
        partial.write_text(formatted, encoding="utf-8")
        os.replace(partial, cache / key)
        entries = sorted(cache.iterdir(), key=lambda entry: entry.stat().st_mtime)
        for stale in entries[:-CACHE_ENTRIES]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def _format(path: str, text: str) -> str:
    if not text.strip():
        return text
    try:
        return _black(text)
    except black.InvalidInput as error:
        numbered = "\n".join(f"{number:4}: {line}" for number, line in enumerate(text.splitlines(), 1))
        raise RenderError(f"the templates produced invalid Python for {path}: {error}\n{numbered}") from None
