"""`python -m generator drift`: what an OpenAPI document says that the spec does not.

The spec (its endpoints, enums, error table, the fields its structures read and the
`unread` list) is compared with a document: the upstream snapshot named in its
`upstream` section, or a newer copy (a path or an http(s) URL). Each change is one
line that says whether it BREAKS the adapter or only EXTENDS the API, and which
spec file:line to edit.

What breaks: an endpoint a unified method calls removed; a required parameter added
to one (that the method does not send); a parameter a method sends removed or
retyped, or a value it may send removed from its enum; a signed action renamed; a
field a structure reads removed from its schema; a new value of an enum a status
table (or a field's `map`) translates, when the table has no `unknown` to fall back
to; a new answer (notation or bodiless status) of an endpoint a method reads.
Everything else extends the API. Required parameters added to endpoints that only
the implicit API exposes extend it: the adapter passes the caller's params through
and never builds such a request itself, so nothing it does stops working.

Exit status: 0 no drift, 1 additive drift only, 2 breaking drift, 3 cannot compare.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, Iterator


from . import collector
from . import kinds as k
from .model import OrderParam
from .openapi import DocumentError, parse_document, read_document, FieldRead, Operation, Param, Surface, _where, document_surface, fields_read, spec_surface, with_enums_left_out

NO_DRIFT, ADDITIVE, BREAKING, CANNOT_COMPARE = 0, 1, 2, 3

# kind -> the group the report lists it under, in the report's order
KINDS = {
    "endpoint_added": "endpoints",
    "endpoint_removed": "endpoints",
    "param_added": "params",
    "param_removed": "params",
    "param_changed": "params",
    "enum_value_added": "enums",
    "enum_value_removed": "enums",
    "enum_removed": "enums",
    "error_code_added": "error codes",
    "error_code_removed": "error codes",
    "property_added": "response properties",
    "property_removed": "response properties",
    "instruction_changed": "instructions",
    "answer_changed": "answers",
}
GROUPS = tuple(dict.fromkeys(KINDS.values()))



class CannotCompare(Exception):
    """The document cannot be had or is not an OpenAPI 3 document."""


@dataclass(frozen=True)
class Change:
    kind: str  # a key of KINDS
    subject: str  # an endpoint "GET v2/book", a param "GET v2/book depth", an enum value "Side.X", a property "Quote.vwap"
    detail: str
    breaking: bool
    where: str = ""  # the spec file:line to edit, when there is one

    @property
    def group(self) -> str:
        return KINDS[self.kind]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "group": self.group,
            "subject": self.subject,
            "detail": self.detail,
            "breaking": self.breaking,
            "where": self.where,
        }


@dataclass
class DriftReport:
    spec: str  # the spec directory
    document: str  # the path or URL compared with
    changes: list[Change]

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]

    @property
    def status(self) -> int:
        if not self.changes:
            return NO_DRIFT
        return BREAKING if self.breaking else ADDITIVE

    def as_json(self) -> dict:
        by_group = {group: sum(change.group == group for change in self.changes) for group in GROUPS}
        return {
            "spec": self.spec,
            "document": self.document,
            "changes": [change.as_dict() for change in self.changes],
            "summary": {
                "drift": ("none", "additive", "breaking")[self.status],
                "exit": self.status,
                "total": len(self.changes),
                "breaking": len(self.breaking),
                "additive": len(self.changes) - len(self.breaking),
                "by_group": {group: count for group, count in by_group.items() if count},
            },
        }

    def text(self) -> str:
        lines = [f"API drift: {self.spec} against {self.document}"]
        if not self.changes:
            return "\n".join([*lines, "no drift: the spec knows everything the document says."])
        count = f"{len(self.changes)} change{'' if len(self.changes) == 1 else 's'}"
        lines.append(f"{count}: {len(self.breaking)} break the adapter, {len(self.changes) - len(self.breaking)} extend the API.")
        for group in GROUPS:
            listed = [change for change in self.changes if change.group == group]
            if listed:
                lines += ["", group.capitalize()]
                lines += [_text_line(change) for change in listed]
        verdict = "breaking drift: the adapter needs changes" if self.breaking else "additive drift only"
        lines += ["", f"{verdict} (exit {self.status})."]
        return "\n".join(lines)


def _text_line(change: Change) -> str:
    where = f"  [{change.where}]" if change.where else ""
    return f"  {'BREAKS ' if change.breaking else 'extends'}  {change.subject}: {change.detail}{where}"


# ---------------------------------------------------------------- the document


def load_document(location: str) -> dict:
    """An OpenAPI 3 document from a file or an http(s) URL."""
    try:
        return parse_document(read_document(location))
    except DocumentError as error:
        raise CannotCompare(f"{location}: {error}") from None


def default_document(spec) -> str:
    """The snapshot the spec's `upstream` section names (relative to the spec directory)."""
    upstream = spec.get("upstream") or {}
    if not upstream.get("openapi"):
        raise CannotCompare("the spec has no `upstream: openapi:` snapshot; give --openapi PATH_OR_URL")
    return (Path(getattr(spec, "spec_dir", ".")) / upstream["openapi"]).as_posix()


# ---------------------------------------------------------------- what the adapter uses


@dataclass
class Usage:
    """The endpoints the adapter's own code calls, and the parameters it sends them."""

    callers: dict[str, list[str]]  # "GET v2/book" -> the unified methods (and hand-written files) calling it
    sent: dict[str, set[str]]  # "GET v2/book" -> the parameters they send

    def called(self, key: str) -> bool:
        return key in self.callers

    def who(self, key: str) -> str:
        return ", ".join(self.callers.get(key, ())) or "nothing"


def adapter_usage(model) -> Usage:
    """What the unified methods' requests (and the hand-written files) send to which endpoint."""
    callers: dict[str, list[str]] = defaultdict(list)
    sent: dict[str, set[str]] = defaultdict(set)
    for name, method in model.methods.items():
        found: dict[str, set[str]] = defaultdict(set)
        request = {param.name for param in method.request}
        home = _key(method.endpoint) if method.endpoint is not None else None
        if home:
            found[home] |= request | ({method.client_order_id} if method.client_order_id else set())
        if method.paging is not None:  # the pages are asked with the method's request, and a limit and offset
            found[_key(method.paging.endpoint)] |= request
        if home and isinstance(method.kind, k.PlacedOrders) and model.created_order is not None:
            found[home] |= {param.param for param in model.created_order.params}  # a batch of createOrder requests
        _collect(method.kind, home, found)
        for key, params in found.items():
            callers[key].append(name)
            sent[key] |= params
    for hand in model.handwritten:
        _scan_handwritten(hand, model.endpoints.values(), callers, sent)
    return Usage(dict(callers), dict(sent))


def _key(endpoint) -> str:
    return f"{endpoint.method} {endpoint.path}"


def _collect(value: Any, endpoint: str | None, found: dict[str, set[str]]) -> None:
    """The parameters a method's request and kind send, by the endpoint they go to."""
    if isinstance(value, k.RequestParam):
        if endpoint:
            found[endpoint].add(value.name)
    elif isinstance(value, k.Paging):
        found[_key(value.endpoint)] |= {name for name in (value.limit, value.offset, value.sort) if name}
    elif isinstance(value, k.CandleWindow):
        if endpoint:
            found[endpoint] |= {value.start, value.end}
    elif isinstance(value, OrderParam):
        if endpoint:
            found[endpoint].add(value.param)
    elif is_dataclass(value) and not isinstance(value, type):
        inner = getattr(value, "endpoint", None)
        if inner is not None and hasattr(inner, "method") and hasattr(inner, "path"):
            endpoint = _key(inner)  # another endpoint the method reads (a balance variant, a source)
            found.setdefault(endpoint, set())
        for item in fields(value):
            if item.name not in ("endpoint", "shape"):
                _collect(getattr(value, item.name), endpoint, found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, endpoint, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, endpoint, found)


def _scan_handwritten(hand, endpoints, callers: dict, sent: dict) -> None:
    """A hand-written file calls an endpoint by its implicit method's name; the quoted
    names in it may be parameters it sends (counted as sent: a removal then breaks)."""
    try:
        source = Path(hand.file).read_text(encoding="utf-8")
    except OSError:
        return
    quoted = set(re.findall(r"[\"'](\w+)[\"']", source))
    words = set(re.findall(r"\w+", source))
    for endpoint in endpoints:
        if _names(source, words, endpoint.snake) or _names(source, words, endpoint.camel):
            key = _key(endpoint)
            label = f"{Path(hand.file).name} (hand-written)"
            if label not in callers[key]:
                callers[key].append(label)
            sent[key] = sent.get(key, set()) | (quoted & set(endpoint.params))


def _names(source: str, words: set[str], name: str) -> bool:
    """Whether `source` has `name` as a word of its own: one of its words (one search of the
    source for all the endpoints), or, for a name that is not a single word, a search for it."""
    if re.fullmatch(r"\w+", name):
        return name in words
    return re.search(rf"\b{re.escape(name)}\b", source) is not None


# ---------------------------------------------------------------- where to edit


class _SpecPlaces:
    """The spec file:line of each thing a change names."""

    def __init__(self, spec):
        self.spec = spec
        self.endpoints: dict[str, tuple[str, dict, str]] = {}  # key -> (api, endpoint, where)
        for api, listed in (spec.get("endpoints") or {}).items():
            for index, endpoint in enumerate(listed or ()):
                self.endpoints[f"{endpoint['method']} {endpoint['path']}"] = (api, endpoint, _where(listed, index))

    def endpoint(self, key: str, part: str | None = None) -> str:
        found = self.endpoints.get(key)
        if found is None:
            return ""
        _, endpoint, where = found
        return _where(endpoint, part) if part and part in endpoint else where

    def param(self, key: str, name: str) -> str:
        endpoint = self.endpoints.get(key, (None, {}, ""))[1]
        params = endpoint.get("params") or {}
        return _where(params, name) if name in params else self.endpoint(key, "params")

    def api_list(self, signed: bool) -> str:
        """Where a new endpoint goes: the first signed api group, or the first unsigned one."""
        endpoints = self.spec.get("endpoints") or {}
        signed_apis = set((self.spec.get("signing") or {}).get("apis") or ())
        for api in endpoints:
            if (api in signed_apis) == signed:
                return _where(endpoints, api)
        return _where(self.spec, "endpoints")

    def section(self, name: str, *keys) -> str:
        node, container, key = self.spec.get(name), self.spec, name
        for inner in keys:
            if not isinstance(node, dict) or inner not in node:
                break
            container, key, node = node, inner, node[inner]
        return _where(container, key) if key in container else ""


# ---------------------------------------------------------------- the comparison


@collector.paused
def compare(spec, model, document: dict) -> list[Change]:
    """Every change between the spec and the document, breaking ones first within each group."""
    error_enum = (spec.get("errors") or {}).get("codes")
    left_out = (spec.get("upstream") or {}).get("enums_left_out") or {}
    theirs = with_enums_left_out(document_surface(document, error_enum), left_out)
    comparison = _Comparison(spec, spec_surface(spec), theirs, adapter_usage(model))
    changes = [
        *comparison.endpoints(),
        *comparison.enums(),
        *comparison.error_codes(),
        *comparison.properties(),
    ]
    order = {group: index for index, group in enumerate(GROUPS)}
    return sorted(set(changes), key=lambda change: (order[change.group], not change.breaking, change.subject, change.kind))


@dataclass(frozen=True)
class _Translation:
    """A table that turns an enum's values into unified ones: a status table, a field's
    `map`, or a structure's market `kinds`."""

    label: str  # how the report names it
    keys: frozenset[str]
    fallback: str | None  # what an unknown value becomes, if anything
    where: str


class _Comparison:
    def __init__(self, spec, mine: Surface, theirs: Surface, usage: Usage):
        self.spec, self.mine, self.theirs, self.usage = spec, mine, theirs, usage
        self.places = _SpecPlaces(spec)
        self.reads = fields_read(spec, theirs.schemas)

    # --- endpoints, their params, instructions and answers

    def endpoints(self) -> Iterator[Change]:
        for key, theirs in self.theirs.operations.items():
            if key not in self.mine.operations:
                yield self.endpoint_added(theirs)
        for key, mine in self.mine.operations.items():
            theirs = self.theirs.operations.get(key)
            if theirs is None:
                if not mine.source:  # an endpoint from elsewhere is not the document's to remove
                    yield self.endpoint_removed(mine)
                continue
            yield from self.params(mine, theirs)
            yield from self.instruction(mine, theirs)
            yield from self.answer(mine, theirs)

    def endpoint_added(self, theirs: Operation) -> Change:
        signed = f"; signed: instruction {theirs.instruction}" if theirs.instruction else ""
        summary = f" \"{theirs.summary}\"" if theirs.summary else ""
        params = ", ".join(_param_words(param) for param in theirs.params.values()) or "no params"
        detail = f"added{summary} ({params}; answers {theirs.response}){signed}"
        return Change("endpoint_added", theirs.key, detail, False, self.places.api_list(bool(theirs.instruction)))

    def endpoint_removed(self, mine: Operation) -> Change:
        called = self.usage.called(mine.key)
        detail = f"removed; called by {self.usage.who(mine.key)}" if called else "removed; only the implicit API exposes it"
        return Change("endpoint_removed", mine.key, detail, called, self.places.endpoint(mine.key))

    def params(self, mine: Operation, theirs: Operation) -> Iterator[Change]:
        key, sent, called = mine.key, self.usage.sent.get(mine.key, set()), self.usage.called(mine.key)
        for name, param in theirs.params.items():
            if name not in mine.params:
                breaking = param.required and called and name not in sent
                detail = f"added: {_param_words(param)}"
                if breaking:
                    detail += f"; called without it by {self.usage.who(key)}"
                yield Change("param_added", f"{key} {name}", detail, breaking, self.places.param(key, name))
        for name, param in mine.params.items():
            other = theirs.params.get(name)
            if other is None:
                breaking = name in sent
                detail = f"removed; sent by {self.usage.who(key)}" if breaking else "removed; no method sends it"
                yield Change("param_removed", f"{key} {name}", detail, breaking, self.places.param(key, name))
            elif param.signature() != other.signature():
                yield self.param_changed(key, param, other, name in sent, called)

    def param_changed(self, key: str, mine: Param, theirs: Param, sent: bool, called: bool) -> Change:
        differences, breaking = [], False
        if mine.type != theirs.type:
            differences.append(f"type {mine.type} -> {theirs.type}")
            breaking |= sent
        if mine.required != theirs.required:
            differences.append("now required" if theirs.required else "now optional")
            breaking |= theirs.required and called and not sent
        if mine.enum != theirs.enum:
            differences.append(f"enum {mine.enum or '(none)'} -> {theirs.enum or '(none)'}")
            if sent and mine.enum and theirs.enum:  # renamed: breaks if a value it may send is not in the new one
                breaking |= bool(set(self.mine.enums.get(mine.enum, ())) - set(self.theirs.enums.get(theirs.enum, ())))
        if mine.values != theirs.values:
            dropped = [value for value in mine.values if value not in theirs.values]
            differences.append(f"values {list(mine.values)} -> {list(theirs.values)}")
            breaking |= sent and bool(dropped and theirs.values)
        who = f"; sent by {self.usage.who(key)}" if sent else ""
        return Change("param_changed", f"{key} {mine.name}", ", ".join(differences) + who, breaking, self.places.param(key, mine.name))

    def instruction(self, mine: Operation, theirs: Operation) -> Iterator[Change]:
        if mine.instruction == theirs.instruction:
            return
        where = self.places.endpoint(mine.key, "instruction")
        if mine.instruction and theirs.instruction:
            detail = f"renamed {mine.instruction} -> {theirs.instruction}: the signature names the old one"
            yield Change("instruction_changed", mine.key, detail, True, where)
        elif theirs.instruction:
            called = self.usage.called(mine.key)
            detail = f"now signed with instruction {theirs.instruction}; the adapter sends it unsigned"
            yield Change("instruction_changed", mine.key, detail + (f" (called by {self.usage.who(mine.key)})" if called else ""), called, where)
        else:
            detail = f"the document names no instruction any more; the adapter signs it with {mine.instruction}"
            yield Change("instruction_changed", mine.key, detail, False, where)

    def answer(self, mine: Operation, theirs: Operation) -> Iterator[Change]:
        new_bodiless = [status for status in theirs.bodiless if status not in mine.bodiless]
        gone_bodiless = [status for status in mine.bodiless if status not in theirs.bodiless]
        if mine.response == theirs.response == "empty":
            new_bodiless = gone_bodiless = []  # an answer without a body is what `empty` says already
        if mine.response == theirs.response and not new_bodiless and not gone_bodiless:
            return
        differences = []
        if mine.response != theirs.response:
            differences.append(f"answers {theirs.response} instead of {mine.response}")
        if new_bodiless:
            differences.append(f"answers {', '.join(new_bodiless)} without a body")
        if gone_bodiless:
            differences.append(f"{', '.join(gone_bodiless)} no longer answers without a body")
        breaking = self.usage.called(mine.key) and (mine.response != theirs.response or bool(new_bodiless))
        if breaking:
            differences.append(f"read by {self.usage.who(mine.key)}")
        yield Change("answer_changed", mine.key, "; ".join(differences), breaking, self.places.endpoint(mine.key, "response"))

    # --- enums and the tables that translate them

    def enums(self) -> Iterator[Change]:
        translations = self.translations()
        for name, values in self.mine.enums.items():
            if name not in self.theirs.enums:
                senders = self.senders_of(name)
                detail = f"the document has no enum {name}" + (f"; its values are sent by {senders}" if senders else "")
                yield Change("enum_removed", name, detail, bool(senders), self.places.section("enums", name))
                continue
            theirs = self.theirs.enums[name]
            for value in theirs:
                if value not in values:
                    yield self.value_added(name, value, translations.get(name, ()))
            for value in values:
                if value not in theirs:
                    senders = self.senders_of(name)
                    detail = "removed" + (f"; may be sent by {senders}" if senders else "; no method sends it")
                    yield Change("enum_value_removed", f"{name}.{value}", detail, bool(senders), self.places.section("enums", name))
        # an enum the spec does not list but translates: its values are what the tables know,
        # and a table with a fallback leaves the rest to it on purpose
        for name, tables in translations.items():
            if name not in self.mine.enums:
                for value in self.theirs.enums.get(name, ()):
                    if any(str(value) not in table.keys and table.fallback is None for table in tables):
                        yield self.value_added(name, value, tables)

    def value_added(self, enum: str, value, tables) -> Change:
        unmapped = [table for table in tables if str(value) not in table.keys]
        for table in unmapped:
            if table.fallback is None:
                return Change("enum_value_added", f"{enum}.{value}", f"{table.label} has no entry for it", True, table.where)
        where = self.places.section("enums", enum) if enum in self.mine.enums else ""
        if unmapped:
            table = unmapped[0]
            return Change("enum_value_added", f"{enum}.{value}", f"added; {table.label} {table.fallback}", False, table.where)
        return Change("enum_value_added", f"{enum}.{value}", "added", False, where)

    def translations(self) -> dict[str, list[_Translation]]:
        """The enums whose values a structure translates, and the tables that do."""
        by_where = defaultdict(list)
        for read in self.reads:
            by_where[read.where].append(read)
        found = defaultdict(list)
        for where, table in _translation_tables(self.spec):
            for read in by_where.get(where, ()):
                enum = self.enum_read(read)
                if enum:
                    found[enum].append(table)
        return found

    def enum_read(self, read: FieldRead) -> str | None:
        if read.missing or not read.chain:
            return None
        schema, name = read.chain[-1]
        ref = self.theirs.schemas[schema].properties[name].ref
        return ref if ref in self.theirs.enums else None

    def senders_of(self, enum: str) -> str:
        """The methods that send a parameter whose values come from `enum`."""
        senders = []
        for key, operation in self.mine.operations.items():
            sent = self.usage.sent.get(key, set())
            if any(param.enum == enum and name in sent for name, param in operation.params.items()):
                senders.append(f"{self.usage.who(key)} ({key})")
        return ", ".join(senders)

    def error_codes(self) -> Iterator[Change]:
        if not (self.spec.get("errors") or {}).get("codes"):
            return  # the spec names no enum of error codes: nothing to compare with
        exact = (self.spec.get("errors") or {}).get("exact") or {}
        for code in self.theirs.error_codes:
            if code not in self.mine.error_codes:
                detail = "added; the adapter raises its generic exception for it until errors.exact maps it"
                yield Change("error_code_added", str(code), detail, False, self.places.section("errors", "exact"))
        for code in self.mine.error_codes:
            if code not in self.theirs.error_codes:
                yield Change("error_code_removed", str(code), "removed; its entry in errors.exact is unused", False, _where(exact, code))

    # --- the properties of the answers the structures read

    def properties(self) -> Iterator[Change]:
        unread = self.spec.get("unread") or {}
        read_pairs = {pair for read in self.reads for pair in read.chain}
        yield from self.read_fields_removed()
        for schema, listed in unread.items():
            for name in listed or {}:
                if name not in self.theirs.schemas.get(schema, _NO_SCHEMA).properties:
                    detail = "removed; it is listed as not read (unread), so only that entry goes"
                    yield Change("property_removed", f"{schema}.{name}", detail, False, _where(listed, name))
        for schema in self.known_schemas(unread):
            listed = unread.get(schema) or {}
            for name, value in self.theirs.schemas[schema].properties.items():
                if (schema, name) not in read_pairs and name not in listed:
                    detail = f"added ({value.type}{' ' + value.ref if value.ref else ''}); no structure reads it and unread does not list it"
                    yield Change("property_added", f"{schema}.{name}", detail, False, self.unread_place(schema))

    def read_fields_removed(self) -> Iterator[Change]:
        readers = defaultdict(list)
        for read in self.reads:
            if read.missing:
                readers[read.missing].append(read)
        for (schema, name), reads in readers.items():
            what = f"{', '.join(sorted({read.structure for read in reads}))} reads {'.'.join(reads[0].path)}"
            if schema not in self.theirs.schemas:
                detail = f"the document has no schema {schema}; {what}"
            else:
                detail = f"removed; {what}"
            yield Change("property_removed", f"{schema}.{name}", detail, True, reads[0].where)

    def known_schemas(self, unread: dict) -> list[str]:
        """The answer schemas the spec knows: those its structures read, and those unread lists."""
        found = [schema for read in self.reads for schema, _ in read.chain]
        found += [read.schema for read in self.reads] + list(unread)
        return [schema for schema in dict.fromkeys(found) if schema in self.theirs.schemas]

    def unread_place(self, schema: str) -> str:
        unread = self.spec.get("unread")
        if unread is not None:
            return _where(unread, schema) if schema in unread else _where(self.spec, "unread")
        return next((read.where for read in self.reads if schema in (read.schema, *(pair[0] for pair in read.chain))), "")


class _NoSchema:
    properties: dict = {}


_NO_SCHEMA = _NoSchema()


def _translation_tables(spec) -> Iterator[tuple[str, _Translation]]:
    """(where the field mapping is, its table) for every mapping of the structures that
    translates values: `status: table`, `map: {...}`, and a market's `kind_field`/`kinds`."""
    statuses = spec.get("statuses") or {}
    for node in _mappings(spec.get("structures") or {}):
        if isinstance(node.get("kind_field"), str) and isinstance(node.get("kinds"), dict):
            kinds = node["kinds"]
            keys = frozenset(str(key) for key in kinds)
            yield _where(node, "kind_field"), _Translation("kinds", keys, "leaves such markets out until `kinds` maps it", _where(node, "kinds"))
        mappings = node.get("fields") if isinstance(node.get("fields"), dict) else {}
        for key, mapping in mappings.items():
            if not isinstance(mapping, dict):
                continue
            at = _where(node["fields"], key)
            table = statuses.get(mapping.get("status")) if isinstance(mapping.get("status"), str) else None
            if table is not None:
                fallback = f"falls back to its unknown: {table['unknown']}" if "unknown" in table else None
                keys = frozenset(str(value) for value in (table.get("values") or {}))
                yield at, _Translation(f"status table '{mapping['status']}'", keys, fallback, _where(statuses, mapping["status"]))
            if isinstance(mapping.get("map"), dict):
                fallback = f"falls back to its default: {mapping['default']}" if "default" in mapping else None
                keys = frozenset(str(value) for value in mapping["map"])
                yield at, _Translation(f"the map of {key}", keys, fallback, at)


def _mappings(node) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _mappings(child)


def _param_words(param: Param) -> str:
    words = ["required" if param.required else "optional", param.type]
    if param.enum:
        words.append(f"of {param.enum}")
    elif param.values:
        words.append(f"of {list(param.values)}")
    return f"{param.name} ({' '.join(words)})"


# ---------------------------------------------------------------- the command


def run(spec_dir: Path, openapi: str | None, as_json: bool, out) -> int:
    """Compare the spec at `spec_dir` with a document, print the report; the exit status."""
    from .errors import SpecError, SpecErrors
    from .loader import load_spec_dir
    from .model import build_model

    try:
        spec = load_spec_dir(spec_dir)
        location = openapi or default_document(spec)
        document = load_document(location)
        model = build_model(spec)
        changes = compare(spec, model, document)
    except (SpecError, SpecErrors) as error:
        return _cannot(f"spec error:\n{error}" if isinstance(error, SpecErrors) else f"spec error: {error}", as_json, out)
    except CannotCompare as error:
        return _cannot(str(error), as_json, out)
    except DocumentError as error:
        return _cannot(f"{location}: {error}", as_json, out)
    report = DriftReport(spec_dir.as_posix(), location, changes)
    print(json.dumps(report.as_json(), indent=2) if as_json else report.text(), file=out)
    return report.status


def _cannot(message: str, as_json: bool, out) -> int:
    import sys

    print(f"cannot compare: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": message, "summary": {"drift": "cannot compare", "exit": CANNOT_COMPARE}}, indent=2), file=out)
    return CANNOT_COMPARE
