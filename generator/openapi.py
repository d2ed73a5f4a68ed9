"""An API as the generator compares it: operations, named enums and answer schemas.

Two readers give the same `Surface`. `document_surface` reads an OpenAPI 3 document
(the upstream snapshot kept beside the spec, or a newer copy of it); `spec_surface`
reads the spec's endpoints, enums and error table. The generate-time check, the drift
report and `sync-openapi` all compare two surfaces. `fields_read` lists the answer
properties the spec's structures read, each with the file:line that reads it.

Parameter types use the spec's words (string, decimal, integer, number, boolean,
array, object) and answers the spec's notation (`Name`, `Name[]`, `map<Name>`, `text`,
`empty`, `object`), so a document and a spec compare value for value.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import yaml

from . import cache, collector
from .cache import source_digest

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_INSTRUCTION = re.compile(r"\*\*(?:Batch commands )?[Ii]nstruction:\*\*\s*`(\w+)`")
_REF_PREFIX = "#/components/schemas/"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it


@dataclass(frozen=True)
class Param:
    """A query or body parameter of an operation."""

    name: str
    type: str  # string, decimal, integer, number, boolean, array, object
    required: bool = False
    enum: str | None = None  # the named enum its value (an array's items) comes from
    values: tuple = ()  # the values it takes when they are listed inline
    where: str = ""  # spec side: file:line

    def signature(self) -> tuple:
        """What a change to the parameter is measured on."""
        return (self.type, self.required, self.enum, self.values)


@dataclass(frozen=True)
class Operation:
    """One HTTP method on one path."""

    method: str  # GET, POST, ...
    path: str  # without the leading slash: v1/things/{id}
    params: dict[str, Param] = field(default_factory=dict, hash=False)
    instruction: str | None = None  # the signed action, for signed requests
    response: str = "empty"  # the answer: Name, Name[], map<Name>, text, empty, object
    bodiless: tuple[str, ...] = ()  # the 2xx statuses that answer without a body
    summary: str = ""
    source: str | None = None  # spec side: where an endpoint the document lacks comes from
    where: str = ""  # spec side: file:line

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Property:
    """A property of an answer schema, and the schema its value is made of, if any."""

    name: str
    type: str  # the spec's parameter words, or `enum`
    ref: str | None = None  # the schema of an object, of an array's items or of a map's values
    required: bool = False


@dataclass
class Schema:
    name: str
    properties: dict[str, Property] = field(default_factory=dict)


@dataclass
class Surface:
    operations: dict[str, Operation] = field(default_factory=dict)  # "GET v1/things/{id}" -> Operation
    enums: dict[str, tuple] = field(default_factory=dict)  # enum name -> its values
    schemas: dict[str, Schema] = field(default_factory=dict)  # object schemas by name
    error_codes: tuple[str, ...] = ()


# ---------------------------------------------------------------- an OpenAPI document


class DocumentError(Exception):
    """A document that cannot be fetched or read, or that is not an OpenAPI 3 document."""


FETCH_TIMEOUT = 30  # seconds, to connect and to read


def read_document(source: str) -> bytes:
    """The bytes of a document: a file, or an http(s) URL fetched with requests."""
    if re.match(r"https?://", source):
        import requests  # the generator's only network use: imported when a URL is given

        try:
            answer = requests.get(source, timeout=FETCH_TIMEOUT)
            answer.raise_for_status()
        except requests.RequestException as error:
            raise DocumentError(f"cannot fetch the document: {error}") from None
        return answer.content
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise DocumentError(f"cannot read the document: {error.strerror or error}") from None


# sha256 of a document's bytes -> the document: a few (for the tests), the one read last at the end
_PARSED: dict[str, dict] = {}
_PARSED_LIMIT = 8


@collector.paused
def parse_document(data: bytes) -> dict:
    """An OpenAPI 3 document from its YAML or JSON text: a copy of its own, so a caller may
    change it. A text parsed before is copied, not parsed again (YAML costs a fifth of a
    second for the snapshot, a copy a fortieth of that)."""
    return _copy(shared_document(data))


@collector.paused
def shared_document(data: bytes) -> dict:
    """The document parsed from `data` as parse_document gives it, but not copied: the one object
    of every caller that reads these bytes, so none may change it (the sync only reads both of
    its documents). The least recently read document makes way for a new one, so the snapshot,
    read by every sync, stays while the tests sync one changed document after another."""
    key = hashlib.sha256(data).hexdigest()
    return cache.remembered(_PARSED, key, _PARSED_LIMIT, lambda: _parsed_or_kept(data, key))


_SURFACES: dict[tuple, Surface] = {}  # (sha256 of a document's bytes, error enum) -> its surface, as _PARSED


@collector.paused
def shared_surface(data: bytes, error_enum: str | None = None) -> Surface:
    """document_surface of shared_document(data), shared the same way, so none of its readers may
    change it (with_enums_left_out changes a surface: the drift report makes its own). The sync
    reads the snapshot's in every run of a test process."""
    key = (hashlib.sha256(data).hexdigest(), error_enum)
    return cache.remembered(_SURFACES, key, _PARSED_LIMIT, lambda: document_surface(shared_document(data), error_enum))


def _copy(value):
    if value.__class__ is dict:
        return {key: _copy(item) for key, item in value.items()}
    if value.__class__ is list:
        return [_copy(item) for item in value]
    return value  # scalars: str, numbers, booleans, None, dates


def _parsed_or_kept(data: bytes, key: str) -> dict:
    """_parse_document, with a YAML document kept between runs in the generator's cache
    (generator/cache.py): the snapshot's YAML takes a fifth of a second to parse, its pickle a
    fiftieth to read. JSON parses as fast as a pickle reads: not kept."""
    if _is_json(data):
        return _parse_document(data)
    kept = f"{key}-{_YAML_LOADER.__name__}-{yaml.__version__}-{source_digest(sys.modules[__name__])}"  # and the code that reads it
    document = cache.load("documents", kept)
    if document is None:
        document = _parse_document(data)
        cache.store("documents", kept, document, keep=32)  # the snapshot, and the tests' edited copies
    return document


def _is_json(data: bytes) -> bool:
    return data.decode("utf-8-sig", "replace").lstrip().startswith("{")


def _parse_document(data: bytes) -> dict:
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text) if _is_json(data) else yaml.load(text, Loader=_YAML_LOADER)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise DocumentError(f"not a YAML or JSON document: {str(error).splitlines()[0]}") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3") or not isinstance(document.get("paths"), dict):
        raise DocumentError("not an OpenAPI 3 document (it needs `openapi: 3.x` and `paths`)")
    return document



def document_surface(document: dict, error_enum: str | None = None) -> Surface:
    """The operations, enums and object schemas of an OpenAPI 3 document.

    `error_enum` names the enum of the API's error codes (the spec's errors.codes).
    """
    schemas = (document.get("components") or {}).get("schemas") or {}
    reader = _DocumentReader(document, schemas)
    surface = Surface()
    for name, schema in schemas.items():
        with _reading(f"the schema {name}"):
            if "enum" in schema:
                surface.enums[name] = tuple(schema["enum"])
            else:
                surface.schemas[name] = Schema(name, reader.properties(schema))
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                with _reading(f"{method.upper()} {path}"):
                    found = reader.operation(method.upper(), path.lstrip("/"), operation, item.get("parameters") or [])
                surface.operations[found.key] = found
    if error_enum:
        surface.error_codes = surface.enums.get(error_enum, ())
    return surface


@contextlib.contextmanager
def _reading(part: str) -> Iterator[None]:
    """A part of the document that is not shaped as OpenAPI says is a DocumentError naming it."""
    try:
        yield
    except (AttributeError, TypeError, KeyError, ValueError) as error:
        raise DocumentError(f"not an OpenAPI 3 document: {part} cannot be read ({type(error).__name__}: {error})") from None


class _DocumentReader:
    def __init__(self, document: dict, schemas: dict):
        self.document = document
        self.schemas = schemas

    def operation(self, method: str, path: str, operation: dict, shared_params: list) -> Operation:
        params = {}
        for param in [*shared_params, *(operation.get("parameters") or [])]:
            param = self.resolve(param)
            if param.get("in") in ("query", "path"):
                params[param["name"]] = self.param(param["name"], param.get("schema") or {}, bool(param.get("required")))
        params.update(self.body_params(operation.get("requestBody")))
        description = operation.get("description") or ""
        instruction = _INSTRUCTION.search(description)
        response, bodiless = self.answer(operation.get("responses") or {})
        return Operation(
            method,
            path,
            params,
            instruction.group(1) if instruction else None,
            response,
            bodiless,
            (operation.get("summary") or "").strip(),
        )

    def body_params(self, body: dict | None) -> dict[str, Param]:
        schema = self.content_schema(body or {})
        if schema is None:
            return {}
        schema = self.resolve(schema)
        if schema.get("type") == "array":  # a batch: each item carries the parameters
            schema = self.resolve(schema.get("items") or {})
        required = set(schema.get("required") or ())
        return {name: self.param(name, value, name in required) for name, value in self.flat_properties(schema).items()}

    def answer(self, responses: dict) -> tuple[str, tuple[str, ...]]:
        """The answer of the first successful status with a body, and the other successful
        statuses without one. A 200 without a body is the answer `empty`, as the spec writes
        it, not one of those."""
        response, bodiless = "empty", []
        for status, answer in sorted(responses.items(), key=lambda item: str(item[0])):
            if not str(status).startswith("2"):
                continue
            schema = self.content_schema(self.resolve(answer))
            if schema is None:
                if str(status) != "200":
                    bodiless.append(str(status))
            elif response == "empty":
                response = self.answer_notation(schema)
        return response, tuple(bodiless)

    def answer_notation(self, schema: dict) -> str:
        name = _ref_name(schema)
        if name:
            return name
        if schema.get("type") == "array":
            item = _ref_name(schema.get("items") or {})
            return f"{item}[]" if item else "object"
        if isinstance(schema.get("additionalProperties"), dict) and _ref_name(schema["additionalProperties"]):
            return f"map<{_ref_name(schema['additionalProperties'])}>"
        if schema.get("type") == "string":
            return "text"
        return "object"

    def param(self, name: str, schema: dict, required: bool) -> Param:
        enum = self.enum_name(schema)
        kind = self.kind(schema)
        if kind == "array":
            enum = self.enum_name(schema.get("items") or {})
        inline = tuple(schema.get("enum") or ()) if not enum else ()
        return Param(name, kind, required, enum, inline)

    def kind(self, schema: dict) -> str:
        """The spec's word for a value's type."""
        target = self.resolve(_unwrap(schema))
        kind = target.get("type")
        if kind == "string":
            return "decimal" if target.get("format") == "decimal" else "string"
        if kind in ("integer", "number", "boolean", "array"):
            return kind
        return "object"

    def enum_name(self, schema: dict) -> str | None:
        name = _ref_name(_unwrap(schema))
        return name if name and "enum" in self.schemas.get(name, {}) else None

    def properties(self, schema: dict) -> dict[str, Property]:
        required = set(schema.get("required") or ())
        found = {}
        for name, value in self.flat_properties(schema).items():
            unwrapped = _unwrap(value)
            ref = _ref_name(unwrapped)
            if ref and "enum" in self.schemas.get(ref, {}):
                found[name] = Property(name, "enum", ref, name in required)
                continue
            target = self.resolve(unwrapped)
            inner = _ref_name(target.get("items") or {}) or _ref_name(target.get("additionalProperties") or {})
            found[name] = Property(name, self.kind(unwrapped), ref or inner, name in required)
        return found

    def flat_properties(self, schema: dict) -> dict[str, dict]:
        """A schema's properties, with those of its allOf parts and anyOf/oneOf variants."""
        schema = self.resolve(schema)
        found = dict(schema.get("properties") or {})
        for part in (*(schema.get("allOf") or ()), *(schema.get("anyOf") or ()), *(schema.get("oneOf") or ())):
            for name, value in self.flat_properties(part).items():
                found.setdefault(name, value)
        return found

    def content_schema(self, holder: dict) -> dict | None:
        for content in (holder.get("content") or {}).values():
            if isinstance(content, dict) and content.get("schema"):
                return content["schema"]
        return None

    def resolve(self, node: dict) -> dict:
        """The node a `$ref` points at (a schema, parameter, response or request body), through chains of them."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            node = self.pointed(node["$ref"])
            seen += 1
        return node if isinstance(node, dict) else {}

    def pointed(self, ref) -> dict:
        """What a local JSON pointer (#/components/...) names; {} for anything else."""
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return {}
        node = self.document
        for part in ref[2:].split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}


def _ref_name(node: dict) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref[len(_REF_PREFIX) :] if isinstance(ref, str) and ref.startswith(_REF_PREFIX) else None


def _unwrap(schema: dict) -> dict:
    """`allOf: [{$ref: X}, {description}]`, the document's way to describe a reference, as the reference."""
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if parts and len([part for part in parts if "$ref" in part]) == 1 and not schema.get("properties"):
        return next(part for part in parts if "$ref" in part)
    return schema


def with_enums_left_out(surface: Surface, left_out) -> Surface:
    """The surface with the parameters of the enums the spec does not copy (its
    upstream.enums_left_out) taken as plain values, as the spec takes them."""
    for operation in surface.operations.values():
        for name, param in operation.params.items():
            if param.enum in left_out:
                operation.params[name] = replace(param, enum=None)
    return surface


# ---------------------------------------------------------------- the spec


_SCALAR_ITEMS = ("string", "decimal", "integer", "number", "boolean")  # an array's item type, not an enum


def spec_surface(spec: dict) -> Surface:
    """The API as the loaded spec (generator.loader) describes it. Schemas are left empty."""
    surface = Surface()
    for api, endpoints in (spec.get("endpoints") or {}).items():
        for index, endpoint in enumerate(endpoints or ()):
            found = _spec_operation(endpoint, _where(endpoints, index))
            surface.operations[found.key] = found
    surface.enums = {name: tuple(values or ()) for name, values in (spec.get("enums") or {}).items()}
    surface.error_codes = tuple((spec.get("errors") or {}).get("exact") or ())
    return surface


def _spec_operation(endpoint: dict, where: str) -> Operation:
    params = {}
    for name, param in (endpoint.get("params") or {}).items():
        kind = param.get("type", "string")
        enum = param.get("enum") or (param.get("items") if kind == "array" and param.get("items") not in _SCALAR_ITEMS else None)
        enum = enum if isinstance(enum, str) else None
        values = param.get("values") or (param.get("enum") if isinstance(param.get("enum"), list) else ())
        params[name] = Param(name, kind, bool(param.get("required")), enum, tuple(values or ()), _where(endpoint.get("params"), name))
    return Operation(
        endpoint["method"],
        endpoint["path"],
        params,
        endpoint.get("instruction"),
        endpoint.get("response", "empty"),
        tuple(str(status) for status in endpoint.get("bodiless") or ()),
        endpoint.get("summary", ""),
        endpoint.get("source"),
        where,
    )


def _where(container, key) -> str:
    line = container.line_of(key) if hasattr(container, "line_of") else 0
    return f"{getattr(container, 'file', '?')}:{line}"


# ---------------------------------------------------------------- what the structures read


@dataclass(frozen=True)
class FieldRead:
    """A raw field path a structure reads, resolved through the answer schemas.

    `chain` holds the (schema, property) pairs the path walks through. `missing` is the
    first pair the schemas do not have (then the chain stops before it), or None.
    """

    structure: str  # the structure (and shape) that reads it, e.g. balance.collateral
    schema: str  # the schema the path starts at
    path: tuple[str, ...]
    where: str  # file:line of the mapping that reads it
    chain: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, str] | None = None
    key: str = ""  # the spec key that reads it, e.g. structures.balance.collateral.fields.free


_FIELD_KEYS = ("field", "fields", "sum")  # the keys of a field mapping that name raw fields
_SHAPE_KEYS = ("market_id", "currency_id", "kind_field")  # ... of a structure or shape, read on its items
_NOT_SHAPES = ("fields", "bids", "asks", "kinds", "level", "map")  # the mappings below a shape that are not shapes


def fields_read(spec: dict, schemas: dict[str, Schema]) -> list[FieldRead]:
    """Every raw field the spec's structures read, resolved against `schemas`.

    A mapping with `from: Schema` sets the schema of the fields below it. With `list: L`
    beside it, when Schema has the property L, the fields are those of L's items (the
    collateral list of a margin account); otherwise `from` names the items' schema and L
    belongs to the enclosing schema (the networks of an asset).

    `from: [A, B]` reads items of either schema (live objects and history rows): a field
    is read from each schema that has it, and is missing (one read per schema, each with
    its `missing`) only when none has it. `market_info: K` reads K of the market
    structure's schema (the resolved market's info is that raw object).

    Methods that read raw fields of their endpoint's answer themselves (`fees`, `batch`)
    are listed too, their `structure` the method's name.
    """
    structures = spec.get("structures") or {}
    market = structures.get("market") if isinstance(structures.get("market"), dict) else {}
    reads = _Reads(schemas, next(iter(schema_names(market.get("from"))), None))
    found: list[FieldRead] = []
    for name, structure in structures.items():
        if isinstance(structure, dict):
            found += reads.of(structure, name, None)
    found += _method_reads(spec, reads)
    return found


def schema_names(declared) -> tuple[str, ...]:
    """The schemas a `from` names: one, or a list of them."""
    if isinstance(declared, str):
        return (declared,)
    if isinstance(declared, list):
        return tuple(name for name in declared if isinstance(name, str))
    return ()


class _Reads:
    def __init__(self, schemas: dict[str, Schema], market_schema: str | None = None):
        self.schemas = schemas
        self.market_schema = market_schema

    def of(self, node: dict, label: str, outer: str | None) -> list[FieldRead]:
        declared = node.get("from", outer)
        if isinstance(declared, list):
            return _merged([self.shape(node, label, outer, name) for name in schema_names(declared)])
        return self.shape(node, label, outer, declared if isinstance(declared, str) else None)

    def shape(self, node: dict, label: str, outer: str | None, schema: str | None) -> list[FieldRead]:
        found = []
        key = f"structures.{label}"
        if isinstance(node.get("detect"), str):  # a shape is told apart by a field of the answer
            found.append(self.read(label, schema, node["detect"], node, "detect"))
        list_field = node.get("list")
        if isinstance(list_field, str) and schema:
            holder = self.schemas.get(schema)
            if holder and list_field in holder.properties:
                found.append(self.read(label, schema, list_field, node, "list"))
                schema = holder.properties[list_field].ref or schema
            elif outer:
                found.append(self.read(label, outer, list_field, node, "list"))
        for name in _SHAPE_KEYS:
            if isinstance(node.get(name), str):
                found.append(self.read(label, schema, node[name], node, name))
        for side in ("bids", "asks"):
            if isinstance(node.get(side), dict) and isinstance(node[side].get("field"), str):
                found.append(self.read(label, schema, node[side]["field"], node, side))
        mappings = node.get("fields") or {}
        for name, mapping in mappings.items() if isinstance(mappings, dict) else ():
            for raw in _raw_fields(mapping):
                found.append(self.read(label, schema, raw, mappings, name, f"{key}.fields"))
            if isinstance(mapping, dict) and isinstance(mapping.get("market_info"), str) and self.market_schema:
                found.append(self.read(label, self.market_schema, mapping["market_info"], mappings, name, f"{key}.fields"))
        for name, child in node.items():
            if name not in _NOT_SHAPES and isinstance(child, dict):
                found += self.of(child, f"{label}.{name}", schema)
        return found

    def read(self, label: str, schema: str | None, raw: str, container, name: str, parent: str = "") -> FieldRead:
        path = tuple(raw.split("."))
        chain, missing = [], None
        current = schema
        for part in path:
            holder = self.schemas.get(current) if current else None
            if holder is None or part not in holder.properties:
                missing = (current or "?", part)
                break
            chain.append((current, part))
            current = holder.properties[part].ref
        key = f"{parent or f'structures.{label}'}.{name}"
        return FieldRead(label, schema or "?", path, _where(container, name), tuple(chain), missing, key)


_BATCH_FIELDS = ("field", "error_code", "error_message")  # the keys of a method's `batch` that name raw fields


def _method_reads(spec: dict, reads: _Reads) -> list[FieldRead]:
    """The raw fields methods read of their endpoint's answer: trading fees, batch results."""
    found = []
    for name, method in (spec.get("methods") or {}).items():
        if not isinstance(method, dict):
            continue
        schema = _answer_schema(spec, method.get("endpoint"))
        fees = method.get("fees")
        for kind, mapping in fees.items() if isinstance(fees, dict) else ():
            for side, raw in mapping.items() if isinstance(mapping, dict) else ():
                if isinstance(raw, str):
                    found.append(reads.read(name, schema, raw, mapping, side, f"methods.{name}.fees.{kind}"))
        batch = method.get("batch")
        for key in _BATCH_FIELDS if isinstance(batch, dict) else ():
            if isinstance(batch.get(key), str):
                found.append(reads.read(name, schema, batch[key], batch, key, f"methods.{name}.batch"))
    return found


def _answer_schema(spec: dict, ref) -> str | None:
    """The schema of an endpoint's answer (of its items, for a list or a map), from `<api> <METHOD> <path>`."""
    parts = ref.split() if isinstance(ref, str) else ()
    if len(parts) != 3:
        return None
    api, method, path = parts
    for endpoint in (spec.get("endpoints") or {}).get(api) or ():
        if isinstance(endpoint, dict) and endpoint.get("method") == method and endpoint.get("path") == path:
            answer = str(endpoint.get("response", ""))
            answer = answer[4:-1] if answer.startswith("map<") and answer.endswith(">") else answer.removesuffix("[]")
            return answer or None
    return None


def _merged(alternatives: list[list[FieldRead]]) -> list[FieldRead]:
    """The reads of a shape with several schemas: those that resolve, or every miss where none does."""
    by_place: dict[tuple, list[FieldRead]] = {}
    for reads in alternatives:
        for read in reads:
            by_place.setdefault((read.structure, read.key, read.path), []).append(read)
    found = []
    for reads in by_place.values():
        found += [read for read in reads if read.missing is None] or reads
    return found


def _raw_fields(mapping) -> Iterator[str]:
    if not isinstance(mapping, dict) or "market_info" in mapping:
        return
    for key in _FIELD_KEYS:
        value = mapping.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))
