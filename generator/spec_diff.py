"""python -m generator diff <git-ref>: what a spec change does to the adapter.

The spec directory as it was at a git ref and as it is in the working tree are each built
into the model (loader, then model); every part of the adapter the model decides is
flattened into "aspects" (a label and a readable value: `field high` -> "`high` (number)"),
and the two sides' aspects are compared. Unified methods, `has`, the implicit API's
endpoints, error mappings, status tables, enums and the rest of the model each make a
group of `Change`s; fixtures make `FixtureChange`s. The report ends with a proposed
CHANGELOG entry. Nothing here knows any exchange: the labels are the model's own names.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from enum import Enum
from pathlib import Path

from . import kinds as k
from .ccxt_api import STRUCTURE_SETTINGS
from .errors import SpecError, SpecErrors
from .fields import plain
from .loader import load_spec_dir
from .model import Endpoint, EndpointParam, MarketKind, Model, Shape, build_model

# Dataclass fields that say nothing about behaviour (docs), or restate another field (a shape's
# texts, fast paths and float expressions derive from its fields; a method's structure from its shape).
SKIPPED = frozenset({"doc", "doc_url", "summary", "unified", "structure", "texts", "fast", "numbers", "answer_fields"})
FIELD_SOURCES = ("field", "fields", "sum", "const", "market_info")
REQUEST_SOURCES = {
    k.Source.ARGUMENT: "argument {key}",
    k.Source.PARAM: "params['{key}']",
    k.Source.UNTIL: "params['until']",
    k.Source.TIMEFRAME: "the timeframe",
    k.Source.MARKET_ID: "the market id",
    k.Source.CURRENCY_ID: "the currency id",
    k.Source.NETWORK_ID: "the network id",
    k.Source.CONSTANT: "constant {constant}",
}
ERROR_TABLES = {"exact": "error code `{}`", "broad": "error message containing `{}`", "http": "HTTP status {}"}
PLURAL = {"reads": "read", "no longer reads": "no longer read", "sends": "send", "no longer sends": "no longer send", "calls": "call", "has": "have", "has no": "have no"}


class DiffError(Exception):
    """The ref or the spec directory cannot be compared (not a spec error)."""


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference: `subject` (a method, an endpoint, an error code...) added or removed
    (`aspect` empty), or one of its aspects added, removed or changed."""

    subject: str
    aspect: str = ""
    old: str | None = None
    new: str | None = None

    @property
    def change(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def line(self) -> str:
        where = f"{self.subject}: {self.aspect}" if self.aspect else self.subject
        if self.change == "changed":
            return f"{where}: {self.old} -> {self.new}"
        if self.change == "added":
            return f"{where} added" + (f": {self.new}" if self.aspect and self.new else f" ({self.new})" if self.new else "")
        return f"{where} removed" + (f" (was {self.old})" if self.old else "")


@dataclass(frozen=True)
class FixtureChange:
    """A fixture case (by its description) added, removed or changed; `method` empty: a key of
    the fixture document itself (skipKeys, ...)."""

    file: str
    method: str
    case: str
    change: str
    keys: tuple[str, ...] = ()

    @property
    def line(self) -> str:
        where = f"{self.file} {self.method}: case '{self.case}'" if self.method else f"{self.file}: {self.case}"
        return f"{where} {self.change}" + (f" ({', '.join(self.keys)})" if self.keys else "")


SECTIONS = {
    "methods": "Unified methods",
    "has": "has",
    "endpoints": "Implicit API endpoints",
    "errors": "Error mappings",
    "statuses": "Status tables",
    "enums": "Enums",
    "other": "Exchange, signing, WebSocket and hand-written code",
    "fixtures": "Fixtures",
}


@dataclass
class Report:
    ref: str
    spec: str
    methods: list[Change] = field(default_factory=list)
    has: list[Change] = field(default_factory=list)
    endpoints: list[Change] = field(default_factory=list)
    errors: list[Change] = field(default_factory=list)
    statuses: list[Change] = field(default_factory=list)
    enums: list[Change] = field(default_factory=list)
    other: list[Change] = field(default_factory=list)
    fixtures: list[FixtureChange] = field(default_factory=list)
    changelog: dict[str, list[str]] = field(default_factory=dict)

    @property
    def adapter_changed(self) -> bool:
        return any(getattr(self, name) for name in SECTIONS if name != "fixtures")

    @property
    def headline(self) -> str:
        verdict = "" if self.adapter_changed else ": no change to the adapter"
        return f"{self.spec} at {self.ref} -> working tree{verdict}"

    def text(self) -> str:
        lines = [self.headline]
        for name, title in SECTIONS.items():
            entries = getattr(self, name)
            if entries:
                lines += ["", title] + [f"  {entry.line}" for entry in entries]
        lines += ["", "Proposed CHANGELOG entry:" if self.changelog else "Proposed CHANGELOG entry: none"]
        for heading, bullets in self.changelog.items():
            lines += [f"### {heading}"] + [f"- {bullet}" for bullet in bullets]
        return "\n".join(lines) + "\n"

    def as_json(self) -> dict:
        result = {"ref": self.ref, "spec": self.spec, "adapter_changed": self.adapter_changed, "summary": self.headline}
        for name in SECTIONS:
            result[name] = [{**asdict(entry), "change": entry.change, "line": entry.line} for entry in getattr(self, name)]
        result["changelog"] = self.changelog
        return result


# --- one side: the model, and the spec's mapping of each shape -------------------------------


@dataclass
class Side:
    model: Model
    definitions: dict[int, dict]  # id of each Shape of the model -> the spec's mapping of it

    @classmethod
    def build(cls, spec_dir: Path) -> Side:
        spec = load_spec_dir(spec_dir)
        model = build_model(spec)
        return cls(model, shape_definitions(spec, model))


def shape_definitions(spec, model: Model) -> dict[int, dict]:
    """The spec's mapping of every shape (REST and WebSocket), by the shape's identity."""
    found = {}
    for kind, structure in model.structures.items():
        definition = spec["structures"][kind]
        single = bool(set(definition) & STRUCTURE_SETTINGS)
        for name, shape in structure.shapes.items():
            found[id(shape)] = definition if single else definition[name]
    for name, ws_shape in (model.ws.shapes if model.ws else {}).items():
        found[id(ws_shape.shape)] = spec["ws"]["ws_shapes"][name]
    return found


# --- aspects: what the model decides, flattened to label -> readable value -------------------


def text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def join(label: str, name) -> str:
    return f"{label} {name}".strip()


def flat(side: Side, value, label: str) -> dict[str, str]:
    """Every leaf of a model value under a label; None and empty values are left out."""
    if value is None or (isinstance(value, (tuple, list, dict, set)) and not value):
        return {}
    if isinstance(value, Endpoint):
        return {label: value.ref}
    if isinstance(value, Shape):
        return shape_aspects(side, value, label)
    if isinstance(value, k.RequestParam):
        return {label: request_text(side, value)}
    if isinstance(value, EndpointParam):
        return {label: param_text(value)}
    if isinstance(value, Enum):
        return {label: text(value.value)}
    if isinstance(value, MarketKind):
        return flat(side, value.as_data(), label)  # by its ccxt keys, as the spec writes them
    if is_dataclass(value):
        return flat_dataclass(side, value, label)
    if isinstance(value, dict):
        return merged(flat(side, item, join(label, key)) for key, item in value.items())
    if isinstance(value, (tuple, list, set)):
        return flat_sequence(side, sorted(value, key=text) if isinstance(value, set) else list(value), label)
    return {label: text(value)}


def merged(parts) -> dict[str, str]:
    result = {}
    for part in parts:
        result.update(part)
    return result


def flat_dataclass(side: Side, value, label: str) -> dict[str, str]:
    result = {}
    for item in fields(value):
        if item.name in SKIPPED:
            continue
        member = getattr(value, item.name)
        if item.name == "table" and isinstance(member, str):  # a constant table: its values, not its name
            member = text(side.model.constants.tables.get(member, member))
        result.update(flat(side, member, join(label, item.name.replace("_", " "))))
    return result


def flat_sequence(side: Side, items: list, label: str) -> dict[str, str]:
    if all(isinstance(item, (str, int, float, bool)) for item in items):
        return {label: ", ".join(text(item) for item in items)}
    return merged(flat(side, item, join(label, item_key(item, index))) for index, item in enumerate(items))


def item_key(item, index: int) -> str:
    """How an item of a list is told from the others: its name, key or code, else its place."""
    for attribute in ("name", "key", "code"):
        value = getattr(item, attribute, None)
        if value is not None:
            return str(value)
    return str(index)


def request_text(side: Side, param: k.RequestParam) -> str:
    """Where a request parameter's value comes from and what is done to it: 'argument limit, min_value 500'."""
    parts = [REQUEST_SOURCES[param.source].format(key=param.key, constant=text(param.constant))]
    parts += [transform_text(side, transform) for transform in param.transforms]
    if param.always and param.source is not k.Source.CONSTANT:
        parts.append("always sent")
    return ", ".join(parts)


def param_text(param: EndpointParam) -> str:
    """An endpoint parameter as the API documents it: 'integer, required, enum Depth'."""
    parts = [param.type, "required" if param.required else None, f"enum {param.enum}" if param.enum else None]
    parts += [f"items {param.items}" if param.items else None, f"values {text(list(param.values))}" if param.values else None]
    return ", ".join(part for part in parts if part)


def transform_text(side: Side, transform: k.Transform) -> str:
    if transform.table is not None:
        return f"{transform.function} {text(side.model.constants.tables.get(transform.table))}"
    return transform.function if transform.literal is None else f"{transform.function} {text(transform.literal)}"


def field_text(definition: dict) -> str:
    """A field mapping of the spec as a reader sees it: '`highPrice` (number)'."""
    definition = plain(definition)
    if "field" in definition:
        source = f"`{definition['field']}`"
    elif "fields" in definition:
        source = "the first of " + ", ".join(f"`{name}`" for name in definition["fields"])
    elif "sum" in definition:
        source = "the sum of " + ", ".join(f"`{name}`" for name in definition["sum"])
    elif "const" in definition:
        source = f"constant {text(definition['const'])}"
    else:
        source = f"the market's info `{definition.get('market_info')}`"
    rest = [value if key == "type" else f"{key} {text(value)}" for key, value in definition.items() if key not in FIELD_SOURCES]
    return source + (f" ({', '.join(rest)})" if rest else "")


def shape_aspects(side: Side, shape: Shape, label: str) -> dict[str, str]:
    """A shape's fields (as the spec maps them), the status tables they read, and its settings."""
    definition = side.definitions.get(id(shape), {})
    mapped = definition.get("fields", {})
    result = {join(label, "from"): shape.source} if shape.source else {}
    for key, expression in shape.fields.items():
        result[join(label, f"field {key}")] = field_text(mapped[key]) if key in mapped else expression
        if key in mapped and "status" in mapped[key]:
            name = mapped[key]["status"]
            result.update({join(label, f"status {name} {raw}"): value for raw, value in status_values(side, name).items()})
    result.update(flat(side, shape.settings, label))
    if shape.detect:
        result[join(label, "detect")] = shape.detect
    return result


def status_values(side: Side, name: str) -> dict[str, str]:
    """A status table: '`raw value`' -> the unified value, and what a value it lacks becomes."""
    table = side.model.statuses.get(name)
    if table is None:
        return {}
    result = {f"`{raw}`": text(value) for raw, value in table.values.items()}
    if table.replaces_unknown:
        result["unknown"] = text(table.unknown)
    return result


def method_aspects(side: Side, method) -> dict[str, str]:
    result = {"kind": type(method.kind).__name__}
    if method.endpoint is not None:
        result["endpoint"] = method.endpoint.ref
    if method.structure is not None and method.shape is not None:
        result["parse"] = method.structure.name + ("" if method.shape.name == "default" else f".{method.shape.name}")
        result.update(shape_aspects(side, method.shape, ""))
    result.update(flat(side, method.request, "request"))
    result.update(flat(side, method.kind, ""))
    flags = {"symbol required": method.symbol_required, "client order id": method.client_order_id, "whole": method.whole}
    result.update(flat(side, flags, ""))
    if isinstance(method.kind, k.PlacedOrder):
        result.update(flat(side, side.model.order_options()["order_extras"], "order option"))
    return result


def watch_aspects(side: Side, watch) -> dict[str, str]:
    result = {key: value for key, value in flat(side, watch, "").items() if key not in ("name", "shape")}
    if watch.shape:
        result["parse"] = watch.shape
        result.update(shape_aspects(side, side.model.ws.shapes[watch.shape].shape, ""))
    return result


# --- the groups of subjects ------------------------------------------------------------------


def methods(side: Side) -> dict[str, dict[str, str]]:
    own = {name: method_aspects(side, method) for name, method in side.model.methods.items()}
    result = {name: with_delegates(side, own, name) for name in own}
    for name, watch in (side.model.ws.watches if side.model.ws else {}).items():
        result[name] = watch_aspects(side, watch)
        if watch.book is not None and watch.book.snapshot in result:  # the order book's REST snapshot
            result[name].update(via(watch.book.snapshot, result[watch.book.snapshot]))
    return result


def read_through(method) -> tuple[str, ...]:
    """The Python names of the methods a method reads through: another's orders of one status, others merged."""
    return method.kind.delegates


def with_delegates(side: Side, own: dict, name: str, seen: tuple[str, ...] = ()) -> dict[str, str]:
    """A method's aspects and those of the methods it reads through ('via fetchOrders status ...')."""
    methods = side.model.methods
    by_python_name = {method.python_name: unified for unified, method in methods.items()}
    result = dict(own[name])
    for python_name in read_through(methods[name]):
        other = by_python_name.get(python_name)
        if other is not None and other not in seen:
            result.update(via(other, with_delegates(side, own, other, seen + (name,))))
    return result


def via(name: str, aspects: dict[str, str]) -> dict[str, str]:
    return {f"via {name} {aspect}": value for aspect, value in aspects.items()}


@functools.cache
def ccxt_has_defaults() -> dict:
    """What `has` says of a capability the exchange's describe() leaves out: ccxt's base value."""
    import ccxt

    return ccxt.Exchange().describe()["has"]


def has_flags(side: Side) -> dict[str, dict[str, str]]:
    return {name: {"": text(value)} for name, value in side.model.has.items()}


def has_value(flags: dict, name: str) -> str:
    if name in flags:
        return flags[name][""]
    return f"{text(ccxt_has_defaults().get(name))} (ccxt's default)"


def endpoints(side: Side) -> dict[str, dict[str, str]]:
    return {f"{endpoint.camel} ({ref})": endpoint_aspects(side, endpoint) for ref, endpoint in side.model.endpoints.items()}


def endpoint_aspects(side: Side, endpoint: Endpoint) -> dict[str, str]:
    parts = {"params": endpoint.params, "response": endpoint.response, "instruction": endpoint.instruction, "cost": endpoint.cost, "list body": endpoint.list_body}
    return flat(side, parts, "")


def errors(side: Side) -> dict[str, dict[str, str]]:
    table = side.model.errors
    result = {}
    for table_name, label in ERROR_TABLES.items():
        result.update({label.format(key): {"": exception} for key, exception in getattr(table, table_name).items()})
    for code, cases in table.on_paths.items():
        result.update({f"error code `{code}` on `{case.path}`": {"": case.exception} for case in cases})
    for code in side.model.ws.error_codes if side.model.ws else ():
        result[f"WebSocket error code `{code.code}`"] = {"": code.exception}
    return result


def statuses(side: Side) -> dict[str, dict[str, str]]:
    return {name: status_values(side, name) for name in side.model.statuses}


def enums(side: Side) -> dict[str, dict[str, str]]:
    return {name: {f"`{text(value)}`": "" for value in values} for name, values in side.model.enums.items()}


def other(side: Side) -> dict[str, dict[str, str]]:
    """The rest of what the model decides: describe()'s data, signing, the WebSocket connection
    (its streams and error codes show through the watch methods and the error mappings), hand-written code."""
    model = side.model
    result = {"exchange": flat(side, model.exchange, ""), "signing": flat(side, model.signing, ""), "features": flat(side, model.features, "")}
    result["error body"] = flat(side, model.errors.body, "")
    if model.ws is not None:
        result["WebSocket"] = {key: value for key, value in flat(side, model.ws, "").items() if not key.startswith(("watches", "shapes", "streams", "error codes"))}
    for hand in model.handwritten:
        digest = hashlib.sha256(hand.file.read_bytes()).hexdigest()[:12]
        result[f"hand-written {hand.name}"] = {"file": hand.file.name, "serves": ", ".join(hand.serves), "content": f"sha256 {digest}"}
    return {name: aspects for name, aspects in result.items() if aspects}


# --- comparing --------------------------------------------------------------------------------


def compare(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], summary=lambda aspects: aspects.get(""), prune=None) -> list[Change]:
    """The subjects added and removed (each with its summary), and the changed aspects of the
    others (`prune`: what to leave out of a pair of them, as other lines imply it)."""
    changes = []
    for subject in sorted(old.keys() | new.keys()):
        before, after = old.get(subject), new.get(subject)
        if before is None or after is None:
            changes.append(Change(subject, "", summary(before) if before else None, summary(after) if after else None))
            continue
        if prune is not None:
            before, after = prune(before, after)
        for aspect in list(after) + [key for key in before if key not in after]:
            if before.get(aspect) != after.get(aspect):
                changes.append(Change(subject, aspect, before.get(aspect), after.get(aspect)))
    return changes


def prune_method(before: dict[str, str], after: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Leave out the values of a status table that a field starts or stops reading (the field's
    line says so), and, when the method's kind changes, what only the old kind had."""
    one_side = status_tables(before) ^ status_tables(after)
    before, after = ({key: value for key, value in aspects.items() if status_table(key) not in one_side} for aspects in (before, after))
    if before.get("kind") != after.get("kind"):
        before = {key: value for key, value in before.items() if key in after or key in ("endpoint", "parse")}
    return before, after


def status_table(aspect: str) -> str | None:
    """The status table an aspect ('[via <method>] status <table> `<value>`') is a value of,
    with the methods it is read through: 'via fetchOrders status order'."""
    words = aspect.split(" ")
    start = 0
    while words[start : start + 1] == ["via"]:
        start += 2
    return " ".join(words[: start + 2]) if words[start : start + 1] == ["status"] and len(words) > start + 2 else None


def status_tables(aspects: dict[str, str]) -> set[str]:
    return {status_table(key) for key in aspects if status_table(key)}


def method_summary(aspects: dict[str, str]) -> str:
    parts = [aspects.get("endpoint") or aspects.get("stream pattern"), f"parses {aspects['parse']}" if "parse" in aspects else None]
    return ", ".join(part for part in parts if part) or aspects["kind"]


def compare_has(old: Side, new: Side) -> list[Change]:
    before, after = has_flags(old), has_flags(new)
    changes = []
    for name in sorted(before.keys() | after.keys()):
        was, now = has_value(before, name), has_value(after, name)
        if was != now:
            changes.append(Change(name, "", was, now))
    return changes


def compare_fixtures(old: dict, new: dict) -> list[FixtureChange]:
    return [change for file in sorted(old.keys() | new.keys()) for change in compare_fixture_file(file, old.get(file), new.get(file))]


def compare_fixture_file(file: str, before: dict | None, after: dict | None) -> list[FixtureChange]:
    """A fixture document added or removed, the keys of it that changed (skipKeys, ...), and its cases."""
    if before is None or after is None:
        changes = [FixtureChange(file, "", "the file", "added" if before is None else "removed")]
    else:
        keys = sorted((before.keys() | after.keys()) - {"methods"})
        changes = [FixtureChange(file, "", key, "changed") for key in keys if before.get(key) != after.get(key)]
    old_methods, new_methods = (before or {}).get("methods") or {}, (after or {}).get("methods") or {}
    for method in sorted(old_methods.keys() | new_methods.keys()):
        changes += compare_cases(file, method, cases_by_description(old_methods.get(method)), cases_by_description(new_methods.get(method)))
    return changes


def cases_by_description(cases) -> dict[str, dict]:
    result = {}
    for case in cases or ():
        description = str(case.get("description", ""))
        name, count = description, 2
        while name in result:
            name, count = f"{description} #{count}", count + 1
        result[name] = case
    return result


def compare_cases(file: str, method: str, old: dict, new: dict) -> list[FixtureChange]:
    changes = []
    for description in list(old) + [name for name in new if name not in old]:
        before, after = old.get(description), new.get(description)
        if before is None or after is None:
            changes.append(FixtureChange(file, method, description, "added" if before is None else "removed"))
        elif before != after:
            keys = tuple(sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key)))
            changes.append(FixtureChange(file, method, description, "changed", keys))
    return changes


def diff_models(old: Side, new: Side, ref: str, spec: str) -> Report:
    report = Report(ref, spec)
    report.methods = compare(methods(old), methods(new), method_summary, prune_method)
    report.has = compare_has(old, new)
    report.endpoints = compare(endpoints(old), endpoints(new), lambda aspects: None)
    report.errors = compare(errors(old), errors(new))
    report.statuses = compare(statuses(old), statuses(new), lambda aspects: None)
    report.enums = compare(enums(old), enums(new), lambda aspects: None)
    report.other = compare(other(old), other(new), lambda aspects: None)
    report.fixtures = compare_fixtures(old.model.fixtures, new.model.fixtures)
    report.changelog = changelog(report)
    return report


# --- the proposed CHANGELOG entry --------------------------------------------------------------


def changelog(report: Report) -> dict[str, list[str]]:
    """Bullet lines by heading (Added, Changed, Removed), in CHANGELOG.md's style: each names the
    ccxt methods it is about. Status tables, enums and fixtures show through the methods."""
    entries: dict[str, list[str]] = {"Added": [], "Changed": [], "Removed": []}
    for heading, line in method_entries(report.methods):
        entries[heading].append(line)
    touched = {change.subject for change in report.methods if not change.aspect}
    for change in report.has:
        if change.subject not in touched:
            entries["Changed"].append(f"`has['{change.subject}']` is {change.new} (was {change.old})")
    for change in report.endpoints:
        entries[heading_of(change)].append(endpoint_entry(change))
    for change in report.errors:
        entries[heading_of(change)].append(error_entry(change))
    for change in report.other:
        entries[heading_of(change)].append(change.line)
    return {heading: list(dict.fromkeys(lines)) for heading, lines in entries.items() if lines}


def heading_of(change: Change) -> str:
    return {"added": "Added", "removed": "Removed"}.get(change.change, "Changed") if not change.aspect else "Changed"


def method_entries(changes: list[Change]) -> list[tuple[str, str]]:
    """(heading, line) per method change; methods that change alike share a line."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for change in changes:
        if not change.aspect:
            heading = "Added" if change.change == "added" else "Removed"
            grouped.setdefault((heading, "", f"({change.new or change.old})"), []).append(change.subject)
            continue
        verb, rest = method_phrase(change)
        grouped.setdefault(("Changed", verb, rest), []).append(change.subject)
    lines = []
    for (heading, verb, rest), names in grouped.items():
        verb = verb if len(names) == 1 else PLURAL.get(verb, verb)
        lines.append((heading, " ".join(part for part in (", ".join(names), verb, rest) if part)))
    return lines


def method_phrase(change: Change) -> tuple[str, str]:
    """The verb and the rest of a method change's changelog line: ('reads', '`highPrice` (number) as high')."""
    if change.aspect.startswith("via "):
        _, through, aspect = change.aspect.split(" ", 2)
        verb, rest = method_phrase(replace(change, aspect=aspect))
        return verb, f"{rest} (through {through})"
    was = f" (was {change.old})" if change.old is not None and change.new is not None else ""
    if change.aspect.startswith("field "):
        name = change.aspect[len("field "):]
        return ("no longer reads", f"{name} (was {change.old})") if change.new is None else ("reads", f"{change.new} as {name}{was}")
    if change.aspect.startswith("status "):
        _, table, value = change.aspect.split(" ", 2)
        what = f"an unknown {table} status" if value == "unknown" else f"{table} status {value}"
        return ("no longer reads", f"{what} (was {change.old})") if change.new is None else ("reads", f"{what} as {change.new}{was}")
    if change.aspect.startswith("request "):
        name = change.aspect[len("request "):]
        if change.new is None:
            return "no longer sends", f"`{name}` (was {change.old})"
        return "sends", f"`{name}` from {change.new}{was}"
    if change.aspect == "endpoint" and change.new is not None:
        return "calls", f"{change.new}{was}"
    if change.new is None:
        return "has no", f"{change.aspect} (was {change.old})"
    return "has", f"{change.aspect} {change.new}{was}"


def endpoint_entry(change: Change) -> str:
    return f"implicit API: {change.subject}" if not change.aspect else f"implicit API: {change.line}"


def error_entry(change: Change) -> str:
    if change.new is None:
        return f"{change.subject} is no longer mapped (was {change.old})"
    return f"{change.subject} raises {change.new}" + (f" (was {change.old})" if change.old is not None else "")


# --- git and the command ----------------------------------------------------------------------


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True)


def repository_root(spec_dir: Path) -> Path:
    result = git(spec_dir if spec_dir.is_dir() else Path.cwd(), "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise DiffError(f"{spec_dir} is not in a git repository")
    return Path(result.stdout.decode().strip()).resolve()


def spec_at(ref: str, spec_dir: Path, into: Path) -> Path:
    """Extract the spec directory as it was at `ref` under `into`; the path of its copy."""
    root = repository_root(spec_dir)
    try:
        relative = spec_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        raise DiffError(f"the spec directory {spec_dir} is not inside the git repository {root}") from None
    if ref.startswith("-") or git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise DiffError(f"unknown git ref '{ref}': not a commit, branch or tag of {root}")
    archive = git(root, "archive", "--format=tar", ref, "--", relative)
    if archive.returncode != 0:
        raise DiffError(f"{relative} does not exist at {ref}")
    safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.10.12+ and 3.11.4+
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, **safe)
    return into / relative


def build_at_ref(ref: str, spec_dir: Path, workdir: Path) -> Side:
    copy = spec_at(ref, spec_dir, workdir)
    try:
        return Side.build(copy)
    except (SpecError, SpecErrors) as error:
        message = str(error).replace(f"{workdir}/", f"{ref}:")
        raise DiffError(f"the spec at {ref} does not build:\n{message}") from None


def diff(ref: str, spec_dir: Path) -> Report:
    """The report of what the spec change from `ref` to the working tree does to the adapter."""
    with tempfile.TemporaryDirectory(prefix="spec-diff-") as workdir:  # kept while hand-written files are read
        old = build_at_ref(ref, spec_dir, Path(workdir))
        try:
            new = Side.build(spec_dir)
        except (SpecError, SpecErrors) as error:
            raise DiffError(f"the spec in the working tree does not build:\n{error}") from None
        return diff_models(old, new, ref, spec_dir.as_posix())


def run(ref: str, spec_dir: Path, as_json: bool = False) -> int:
    """The command: print the report (text or JSON) and return 0, or a message and 2."""
    try:
        report = diff(ref, spec_dir)
    except DiffError as error:
        print(f"spec diff: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_json(), indent=2) if as_json else report.text(), end="\n" if as_json else "")
    return 0
